"""The site's mkdocs.yml as the `playbook` command needs it: docs_dir and the plugin's own options.

The command must agree with `mkdocs build` about where the data is, yet never import MkDocs
(too slow for a pre-commit hook, and the core stays free of it). So this reads mkdocs.yml
itself, through the project's one YAML reader in its trusted mode, the way MkDocs reads it as
far as these few settings go:

* `INHERIT: base.yml` (relative to the file naming it) is followed and merged as MkDocs merges
  (mergedeep's default): mappings key by key with the child winning, anything else replaced;
* `!ENV VAR` and `!ENV [VAR, OTHER, default]` take the first variable set, else the default,
  a variable's text read as a plain YAML value; other tags (`!relative`, `!!python/name:...`)
  and aliases stay opaque, since nothing read here needs them;
* the plugin is `- playbook`, `- playbook: {...}` or a key of a `plugins:` mapping.

Relative paths stay relative to the folder of the mkdocs.yml named (not of an inherited file),
as in MkDocs; `source.locations.resolve` is the one rule that turns them into paths.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_playbook.source.diagnostics import Diagnostic, quote
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.source.locations import Locations, resolve
from mkdocs_playbook.source.scalars import resolve_plain
from mkdocs_playbook.source.yamlread import Document, JsonPath, Tagged, read_file

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
"""What MkDocs looks for, in this order, when no file is named."""
PLUGIN = "playbook"
"""The plugin's entry-point name; `/playbook` names it too (MkDocs' explicit, un-namespaced form)."""
_ENV = "!ENV"
_PLAIN_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MAX_INHERIT = 20

Problem = Callable[[JsonPath, str], None]


class SiteConfigError(Exception):
    """mkdocs.yml cannot be used: one line per problem, each `path:line:col: message` where known."""

    def __init__(self, problems: list[Diagnostic] | str) -> None:
        self.problems = problems
        super().__init__(problems if isinstance(problems, str) else "\n".join(map(str, problems)))


@dataclass(frozen=True)
class SiteConfig:
    """What the commands take from mkdocs.yml; None where it says nothing (the default applies)."""

    path: Path
    """The mkdocs.yml named or found (absolute): relative settings are relative to its folder."""
    docs_dir: str | None
    phases_dir: str | None
    playbook_dir: str | None
    max_file_size: float | None
    today: dt.date | None
    options: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """The plugin's options as written (tags resolved), for a command that needs another one."""
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """All of mkdocs.yml, INHERIT merged (e.g. `repo_url`, `use_directory_urls`); unvalidated."""

    @property
    def site_root(self) -> Path:
        return self.path.parent

    def locations(self) -> Locations:
        return resolve(
            self.site_root, docs_dir=self.docs_dir, playbook_dir=self.playbook_dir, phases_dir=self.phases_dir
        )


def find(start: Path) -> Path | None:
    """The nearest mkdocs.yml (or mkdocs.yaml) in `start` or a folder above it."""
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None


def not_found(start: Path) -> str:
    """The error for a folder with no site above it: where it looked, and what to do."""
    names = " or ".join(CONFIG_NAMES)
    return (
        f"no {names} in {start.absolute()} or any folder above it; run playbook inside the site's "
        "folder (or a folder below it), or name the file with -f/--config-file FILE"
    )


def read(path: Path, *, plugin_required: bool = True) -> SiteConfig:
    """Read mkdocs.yml (and what it inherits); SiteConfigError naming every problem found.

    `plugin_required=False`: a site that does not list the plugin (one built by Zensical, say,
    with the data named by flags) still gives its own settings, and no plugin options.
    """
    path = path.absolute()
    chain = _chain(path)
    data = _merged([doc.data for doc in chain])
    problems: list[Diagnostic] = []

    def problem(json_path: JsonPath, message: str) -> None:
        """Where a merged value was written: the nearest file (child first) that has it."""
        doc = next((d for d in chain if json_path in d.value_marks), chain[0])
        problems.append(_at(doc, json_path, message))

    docs_dir = _text(data, ("docs_dir",), "a folder path", problem)
    options, where = _plugin_options(data, problem)
    if options is None and not plugin_required:
        options, where = {}, ("plugins", PLUGIN)
    if options is None:
        if not problems:
            message = (
                f"the {PLUGIN} plugin is not listed under plugins:; add `- {PLUGIN}` there, "
                "or name the site's own mkdocs.yml with -f/--config-file"
            )
            top = next((d for d in chain if "plugins" in d.data), chain[0])  # else mark(): no line
            problems.append(_at(top, ("plugins",), message, key=True))
        raise SiteConfigError(problems)
    config = SiteConfig(
        path=path,
        docs_dir=docs_dir,
        phases_dir=_text(options, (*where, "phases_dir"), "a folder path", problem),
        playbook_dir=_text(options, (*where, "playbook_dir"), "a folder path", problem),
        max_file_size=_size(options, (*where, "max_file_size"), problem),
        today=_date(options, (*where, "today"), problem),
        options=options,
        settings=data,
    )
    if problems:
        raise SiteConfigError(problems)
    return config


# --- reading, INHERIT and !ENV -------------------------------------------------------------------


def _chain(path: Path) -> list[Document]:
    """The file and every file it inherits from, child first, each with its tags resolved."""
    chain: list[Document] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        doc = read_file(current, display_path(current), trusted=True)
        if doc.diagnostics:
            raise SiteConfigError(doc.diagnostics)
        if doc.data is None:
            doc.data = {}
        if not isinstance(doc.data, dict):
            raise SiteConfigError([_at(doc, (), "expected MkDocs settings (a mapping)")])
        doc.data = _resolve_tags(doc.data, (), doc)
        chain.append(doc)
        seen.add(current)
        current = _inherited(doc, current, seen, len(chain))
    return chain


def _inherited(doc: Document, path: Path, seen: set[Path], depth: int) -> Path | None:
    parent = doc.data.pop("INHERIT", None)
    if parent is None:
        return None
    if not isinstance(parent, str) or not parent:
        raise SiteConfigError([_at(doc, ("INHERIT",), "INHERIT: expected the path of a file to inherit from")])
    target = Path(os.path.normpath(path.parent / parent))
    if target in seen or depth >= _MAX_INHERIT:
        raise SiteConfigError([_at(doc, ("INHERIT",), f"INHERIT: {quote(parent)} inherits from itself in a loop")])
    if not target.is_file():
        raise SiteConfigError([_at(doc, ("INHERIT",), f"INHERIT: {quote(parent)} not found at {target}")])
    return target


def _resolve_tags(value: Any, json_path: JsonPath, doc: Document) -> Any:
    """`!ENV` resolved, plain core tags dropped; other tags and aliases stay `Tagged` (opaque)."""
    if isinstance(value, Tagged):
        inner = _resolve_tags(value.value, json_path, doc)
        if value.tag == _ENV:
            return _environment(inner, json_path, doc)
        return inner if value.tag in _PLAIN_TAGS else Tagged(value.tag, inner)
    if isinstance(value, dict):
        return {key: _resolve_tags(item, (*json_path, key), doc) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_tags(item, (*json_path, index), doc) for index, item in enumerate(value)]
    return value


def _environment(value: Any, json_path: JsonPath, doc: Document) -> Any:
    """As pyyaml_env_tag: the first variable set, its text read as a plain YAML value; else the default."""
    if isinstance(value, list):
        names, default = (value[:-1], value[-1]) if len(value) > 1 else (value, None)
    elif isinstance(value, dict | Tagged):
        raise SiteConfigError([_at(doc, json_path, "!ENV: expected a variable name or a list")])
    else:
        names, default = [value], None
    for name in names:
        if str(name) in os.environ:
            text = os.environ[str(name)]
            try:
                return resolve_plain(text)
            except ValueError:
                return text
    return default


def _merged(layers: list[Any]) -> dict[str, Any]:
    """Child first in `layers`; merged from the furthest ancestor down, as MkDocs does."""
    result: dict[str, Any] = {}
    for layer in reversed(layers):
        result = _merge(result, layer)
    return result


def _merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        old = merged.get(key)
        merged[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


# --- the plugin's entry and its options ----------------------------------------------------------


def lists_plugin(config: SiteConfig) -> bool:
    """Whether the site's mkdocs.yml (INHERIT merged) lists the playbook plugin at all.

    For `read(path, plugin_required=False)`, whose empty options cannot tell `- playbook` from no entry.
    """
    return names_plugin(config.settings)


def names_plugin(settings: Mapping[str, Any]) -> bool:
    """Whether MkDocs settings list the playbook plugin, in any form MkDocs accepts: the one rule for
    `--all` (which sites are playbooks) and `playbook new` (which site has one already)."""
    options, where = _plugin_options(dict(settings), _unreported)
    return options is not None or bool(where)  # an entry whose options are wrong still lists it


def _unreported(json_path: JsonPath, message: str) -> None:
    """Problems of the plugin's entry, when only whether it is listed matters."""


def _plugin_options(data: dict[str, Any], problem: Problem) -> tuple[dict[str, Any] | None, JsonPath]:
    """The playbook plugin's options (`{}` when it has none) and their JSON path; None if not listed."""
    plugins = data.get("plugins")
    entries: list[tuple[str, Any, JsonPath]] = []
    if isinstance(plugins, dict):
        entries = [(str(name), options, ("plugins", name)) for name, options in plugins.items()]
    elif isinstance(plugins, list):
        for index, item in enumerate(plugins):
            if isinstance(item, dict) and len(item) == 1:
                name, options = next(iter(item.items()))
                entries.append((str(name), options, ("plugins", index, name)))
            elif isinstance(item, str):
                entries.append((item, None, ("plugins", index)))
    elif plugins is not None:
        problem(("plugins",), "plugins: expected a list (or a mapping) of plugins")
        return None, ()
    ours = [(options, where) for name, options, where in entries if name.lstrip("/") == PLUGIN]
    if not ours:
        return None, ()
    options, where = ours[0]
    if len(ours) > 1:
        problem(ours[1][1], f"the {PLUGIN} plugin is listed twice; keep one")
    if options is None:
        return {}, where
    if not isinstance(options, dict):
        problem(where, f"the {PLUGIN} plugin's options: {_shown(options)}; expected a mapping of options")
        return None, where
    return options, where


def _text(data: dict[str, Any], json_path: JsonPath, what: str, problem: Problem) -> str | None:
    value = data.get(str(json_path[-1]))
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problem(json_path, f"{json_path[-1]}: {_shown(value)}; expected {what}")
        return None
    return value


def _size(data: dict[str, Any], json_path: JsonPath, problem: Problem) -> float | None:
    value = data.get("max_file_size")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        problem(json_path, f"max_file_size: {_shown(value)}; expected a positive number of megabytes")
        return None
    return float(value)


def _date(data: dict[str, Any], json_path: JsonPath, problem: Problem) -> dt.date | None:
    value = data.get("today")
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problem(json_path, f"today: {_shown(value)}; expected a date, YYYY-MM-DD")
    return None


def _at(doc: Document, json_path: JsonPath, message: str, *, key: bool = False) -> Diagnostic:
    line, column = doc.mark(json_path, key=key)
    return Diagnostic(doc.path, line, column, message)


def _shown(value: Any) -> str:
    """A value as a message shows it: quoted, or what kind of thing it is."""
    if isinstance(value, Tagged):
        return f"an alias (*{value.value})" if value.tag == "*" else f"a value tagged {quote(value.tag)}"
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    return quote(value)
