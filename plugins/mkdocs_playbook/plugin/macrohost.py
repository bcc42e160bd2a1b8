"""What the host site has already given mkdocs-macros under a name, and where, in words.

The plugin offers everything under one name (plugin/macros.py). A host site
has its own macros, filters and variables: from its module (`main.py`, through
`define_env`), from pluglets listed under `modules`, from `extra:` in
mkdocs.yml and from files listed under `include_yaml`. mkdocs-macros merges
them all in its own on_config, and its `register_*` hooks end in a raw
`KeyError` traceback on a repeated name (or, for a variable against a macro,
let one silently hide the other). So the plugin asks here first, once
mkdocs-macros has merged everything, and stops the build with both names.

Reads mkdocs-macros' public properties (`macros`, `filters`, `variables`,
`config`, `project_dir`) and nothing private.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

PER_PAGE = frozenset({"page", "navigation", "files"})
"""Variables mkdocs-macros sets later, on every page or nav (after our check could see them):
a namespace with one of these names would be silently replaced on each page."""


def defined_by_host(macros: Any, config: MkDocsConfig, name: str) -> str | None:
    """Where the host site (or mkdocs-macros itself) defines `name`, or None when nobody does."""
    for kind, table in (("macro", macros.macros), ("filter", macros.filters)):
        if name in table:
            return f"a {kind} `{name}` defined {_function_home(table[name], macros)}"
    if name in PER_PAGE:
        return f"mkdocs-macros' own variable `{name}`, set for every page"
    variables: Mapping[str, Any] = macros.variables
    if name not in variables:
        return None
    if name in (config.extra or {}):
        return f"the variable `extra.{name}` in {_config_name(config)}"
    for entry in macros.config.get("include_yaml") or []:
        if isinstance(entry, Mapping) and name in entry:
            return f"the variable `{name}` loaded from `{entry[name]}` (mkdocs-macros' `include_yaml`)"
    if name in ("extra", "config", "environment", "plugin", "git", "macros", "filters", "filters_builtin"):
        return f"mkdocs-macros' own variable `{name}`"
    return f"a variable `{name}` set {_variable_homes(macros)}"


def _function_home(function: object, macros: Any) -> str:
    """`in main.py`, `by mkdocs-macros itself`, or what can be said of a function's origin."""
    try:
        source = inspect.getsourcefile(function)  # type: ignore[arg-type]  # any callable; errors caught
    except TypeError:
        source = None
    if not source:
        return _variable_homes(macros)
    source = os.path.abspath(source)
    package = os.path.dirname(os.path.abspath(inspect.getfile(type(macros))))
    if os.path.commonpath([source, package]) == package:
        return "by mkdocs-macros itself"
    project = os.path.abspath(str(macros.project_dir))
    if os.path.commonpath([source, project]) == project:
        return f"in `{os.path.relpath(source, project)}` (mkdocs-macros)"
    return f"in `{source}` (mkdocs-macros)"


def _variable_homes(macros: Any) -> str:
    """The places a variable may come from that cannot be told apart afterwards."""
    module = str(macros.config.get("module_name") or "main")
    places = [f"by `define_env` in `{module}.py` (or the `{module}/` package)"]
    if macros.config.get("modules"):
        places.append("a pluglet listed under mkdocs-macros' `modules`")
    if macros.config.get("include_yaml"):
        places.append("a file listed under mkdocs-macros' `include_yaml`")
    return " or ".join(places)


def _config_name(config: MkDocsConfig) -> str:
    return os.path.basename(config.config_file_path) if config.config_file_path else "mkdocs.yml"
