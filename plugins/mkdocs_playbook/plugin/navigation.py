"""Where the playbook's pages go in the site's navigation.

Without a `nav:` in mkdocs.yml the plugin writes the whole navigation. With a
hand-written one, the site's author decides: the `nav_section` option names a
section for the generated pages (theirs, where they put it, or a new one at
the end); without that option a nav that leaves the pages out gets a warning
with the exact lines to paste, because MkDocs itself only says so at INFO
level and the pages would sit in the site with no way to reach them.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from mkdocs_playbook.output import gate

DASHBOARD_TITLE = "Dashboard"
"""The dashboard's title (its template's front matter)."""

SUGGESTED_SECTION = "Rollout playbook"
"""The section the warning suggests when no `nav_section` is set."""

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/_-]*")
"""Text YAML reads back as itself when written plain: starting with a letter, no YAML punctuation."""
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Plain scalars YAML 1.1 reads as something other than text."""


def phase_order(phases: dict[str, str], plans: dict[str, str]) -> list[str]:
    """The phase pages in order, each followed by its plan page when it has one."""
    return [uri for phase_id, page in phases.items() for uri in (page, plans.get(phase_id)) if uri]


def generated(dashboard: str, phases: list[str], hand_written: list[str]) -> list[Any]:
    """The whole nav when mkdocs.yml has none: dashboard, phases in order, then the site's pages by folder."""
    nav: list[Any] = []
    if dashboard != "index.md" and "index.md" in hand_written:
        nav.append("index.md")
    nav += [dashboard, *phases]
    folders: dict[str, list[str]] = {}
    for uri in sorted(hand_written):
        if uri == "index.md":
            continue
        folder, _, _ = uri.rpartition("/")
        if folder:
            folders.setdefault(folder, []).append(uri)
        else:
            nav.append(uri)
    for folder, pages in folders.items():
        nav.append({folder.replace("-", " ").replace("/", " / ").capitalize(): pages})
    return nav


def listed(nav: Any) -> set[str]:
    """Every page a nav names (normalized source paths; external links included, they match nothing)."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.add(_normal(item))
        elif isinstance(item, dict):
            for value in item.values():
                found |= listed(value) if isinstance(value, list | dict) else {_normal(str(value))}
    return found


def place(nav: list[Any], section: str, pages: list[str]) -> list[Any]:
    """A copy of `nav` with the pages it does not list yet in `section`.

    The first section of that title (at any depth) whose value is a list
    (`- Rollout playbook: []`) receives them at its start, before whatever the
    site lists there; without one, a new section goes at the end of the nav.
    """
    already = listed(nav)
    missing = [uri for uri in pages if _normal(uri) not in already]
    result: list[Any] = _copy(nav)
    if missing and not _fill(result, section, missing):
        result.append({section: missing})
    return result


def missing_lines(nav: list[Any], pages: list[tuple[str, str]], section: str = SUGGESTED_SECTION) -> str | None:
    """YAML lines for `nav:` listing the (title, page) pairs the nav lacks, or None when it lists them all."""
    already = listed(nav)
    missing = [(title, uri) for title, uri in pages if _normal(uri) not in already]
    if not missing:
        return None
    lines = [f"  - {_scalar(section)}:"]
    lines += [f"      - {_scalar(str(gate.page_title(title)))}: {_scalar(uri)}" for title, uri in missing]
    return "\n".join(lines)


def _fill(items: list[Any], section: str, pages: list[str]) -> bool:
    for item in items:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if title == section and isinstance(value, list):
                item[title] = [*pages, *value]
                return True
            if isinstance(value, list) and _fill(value, section, pages):
                return True
    return False


def _copy(nav: Any) -> Any:
    if isinstance(nav, list):
        return [_copy(item) for item in nav]
    if isinstance(nav, dict):
        return {key: _copy(value) for key, value in nav.items()}
    return nav


def _normal(uri: str) -> str:
    return posixpath.normpath(uri.strip()).lstrip("/")


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that reads back as the same text, else double-quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    escaped = "".join(c if c.isprintable() and c not in '"\\' else _escape(c) for c in text)
    return f'"{escaped}"'


def _escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
