"""Add the playbook plugin to a site's own mkdocs.yml in place, keeping every line and comment of it.

`playbook new` run in a folder that already holds an MkDocs site adds the playbook to that site
(README, "Add the playbook to an existing site"): one entry inserted into the block-style
`plugins:` list, after `search` and before `macros`, indented like its neighbours. Nothing else
of the file changes. A layout this module cannot edit safely (a flow-style list, a mapping, the
plugins only in an INHERITed file, an entry it cannot place) is refused with `Refusal`, whose
message carries the exact lines to add by hand: refusing beats guessing in someone's config.
The edit is proven by reading the result again: the same settings, plus the one entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.siteconfig import PLUGIN
from mkdocs_playbook.source.yamlread import Document, Tagged, read_text

OPTIONS: Mapping[str, str] = {
    "playbook_dir": "playbook",
    "pages_dir": "playbook",
    "nav_section": "Rollout playbook",
}
"""The entry's options: data beside mkdocs.yml (outside docs_dir), every generated page under
docs_dir's playbook/ so none clashes with the site's own, a nav section of its own."""
_COMMENTS: Mapping[str, str] = {
    "playbook_dir": "organization.yml, progress/, plans/: outside docs_dir, never published",
    "pages_dir": "the playbook's generated pages, under docs_dir's playbook/ (URL /playbook/)",
    "nav_section": "the nav section for the playbook's pages (appended when the nav has none)",
}
_ITEM = re.compile(r"[ ]*-[ ]+")


class Refusal(Exception):
    """The file cannot be edited safely; the message says why and what to add by hand."""


@dataclass(frozen=True)
class Inserted:
    text: str
    """The whole new text of mkdocs.yml."""
    line: int
    """1-based line where the entry starts."""


def entry_lines(indent: str, extra: Mapping[str, str] | None = None) -> str:
    """The list entry, its dash at `indent`, options four columns deeper: what is inserted or shown."""
    options = {**OPTIONS, **(extra or {})}
    inner = indent + "    "
    body = "".join(f"{inner}{key}: {value}{_comment(key)}\n" for key, value in options.items())
    return f"{indent}- {PLUGIN}:\n{body}"


def by_hand(reason: str) -> Refusal:
    """A refusal that shows the lines to add under `plugins:`."""
    return Refusal(
        f"{reason}; add these lines under `plugins:` yourself, after `search` and before `macros`:\n"
        + entry_lines("  ")
    )


def insert(text: str, path: str) -> Inserted:
    """`text` (mkdocs.yml) with the playbook's entry inserted into its plugins; Refusal if unsafe."""
    doc = read_text(text, path, trusted=True)
    if doc.diagnostics or not isinstance(doc.data, dict):
        raise Refusal(f"{path} cannot be read as a mapping of settings; fix it first")
    if siteconfig.names_plugin(doc.data):
        raise Refusal(f"{path} already lists the {PLUGIN} plugin: this site has a playbook")
    if "plugins" not in doc.data:
        if "INHERIT" in doc.data:
            raise by_hand(f"{path} takes its plugins from the file it INHERITs")
        return _appended(doc, path)
    plugins = doc.data["plugins"]
    span = doc.spans[("plugins",)]
    if not isinstance(plugins, list) or text[span.start : span.start + 1] in ("[", "{") or not plugins:
        raise by_hand(f"{path} lists its plugins in a layout this command does not edit (only a block list)")
    indent = _indent(doc, 0)
    if any(_indent(doc, index) != indent for index in range(len(plugins))):
        raise by_hand(f"{path}: the plugins are not all indented alike")
    names = [_name(item) for item in plugins]
    if "search" in names:
        position = names.index("search") + 1
    elif "macros" in names:
        position = names.index("macros")
    else:
        position = len(names)
    at = _line_after(doc, position - 1) if position > 0 else _line_start(text, doc.spans[("plugins", 0)].start)
    new_text = text[:at] + entry_lines(indent) + text[at:]
    _prove(doc, new_text, path, position)
    return Inserted(new_text, text.count("\n", 0, at) + 1)


def _appended(doc: Document, path: str) -> Inserted:
    """A site without `plugins:` has MkDocs' default, search alone: keep it and add ours."""
    text = doc.text
    separator = "" if not text or text.endswith("\n") else "\n"
    new_text = f"{text}{separator}\nplugins:\n  - search\n{entry_lines('  ')}"
    after = read_text(new_text, path, trusted=True)
    if after.diagnostics or _name(after.data.get("plugins", [None])[-1]) != PLUGIN:
        raise by_hand(f"{path} ends in a way this command cannot append to")
    return Inserted(doc.bom + new_text, text.count("\n") + len(separator) + 4)


def _indent(doc: Document, index: int) -> str:
    """The whitespace before the dash of item `index`; Refusal when the item is not `- ` at a line start."""
    start = doc.spans[("plugins", index)].start
    before = doc.text[_line_start(doc.text, start) : start]
    if not _ITEM.fullmatch(before):
        raise by_hand(f"{doc.path}: plugin {index + 1} does not start its own line with `- `")
    return before[: before.index("-")]


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_after(doc: Document, index: int) -> int:
    """Where the line after item `index` starts (the item's own trailing comment stays with it)."""
    end = doc.spans[("plugins", index)].end
    text = doc.text
    if end > 0 and text[end - 1] == "\n":  # a block value ends after its line break
        return end
    newline = text.find("\n", end)
    if newline < 0:
        raise by_hand(f"{doc.path}: the plugins end the file without a line break")
    return newline + 1


def _name(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        return str(next(iter(item)))
    return None


def _prove(before: Document, new_text: str, path: str, position: int) -> None:
    """The edit changed nothing but the list, which gained our entry at `position`: else Refusal."""
    after = read_text(new_text, path, trusted=True)
    if after.diagnostics or not isinstance(after.data, dict):
        raise by_hand(f"{path}: inserting the entry would break the file")
    expected = dict(before.data)
    plugins = list(expected["plugins"])
    plugins.insert(position, {PLUGIN: dict(OPTIONS)})
    expected["plugins"] = plugins
    if _plain(after.data) != _plain(expected):
        raise by_hand(f"{path}: inserting the entry would change other settings")


def _plain(value: Any) -> Any:
    """Tagged values (`!ENV`) compared by what was written."""
    if isinstance(value, Tagged):
        return ("tagged", repr(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _comment(key: str) -> str:
    return f"   # {_COMMENTS[key]}" if key in _COMMENTS else ""
