"""Whether a Markdown page opts into mkdocs-macros, predicted the way MkDocs and macros decide.

With macros' `render_by_default: false`, a page runs Jinja only when its front
matter says `render_macros: true`, so `playbook changes` flags a pull request
that adds that opt-in. The prediction must match what the build will do, so
this reads front matter exactly as MkDocs does (its own pattern, PyYAML's safe
loader with YAML 1.1, where `yes` and `on` are true) and tests the value as
macros does (`== True`, so `1` counts). That is the one place the project
reads YAML with another reader than `yamlread`: here the question is what
MkDocs will read, not what the playbook's data says.
"""

from __future__ import annotations

import re
from typing import Final

import yaml

MARKDOWN_SUFFIXES: Final = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""The suffixes MkDocs builds as pages."""

_FRONT_MATTER: Final = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
"""MkDocs' own `mkdocs.utils.meta.YAML_RE`."""
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def opts_into_macros(text: str | None) -> bool:
    """True when a page with this text would run macros under `render_by_default: false`."""
    if text is None:
        return False
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n").replace("\r", "\n"))  # read as text files are
    if match is None:
        return False  # MultiMarkdown-style meta only holds text, and macros wants True
    try:
        data = yaml.load(match.group(1), Loader=_LOADER)  # a safe loader, as MkDocs uses
    except Exception:  # MkDocs ignores front matter it cannot load, and so must we
        return False
    # macros' own test is `== True`: 1 and 1.0 count, the text 'true' does not
    return isinstance(data, dict) and bool(data.get("render_macros") == True)  # noqa: E712
