"""The `playbook` namespace offered to hand-written pages: the data and the macros, which never raise.

Everything the plugin gives mkdocs-macros lives under ONE name (`playbook` by
default, the `macros_namespace` option): `{{ playbook.checklist("pilot") }}`
calls a macro, `{{ playbook.organization.name }}` and
`{% for p in playbook.phases %}` read the progress.json document. One name
leaves the host site every other name for its own macros (a `checklist` of
its own included), and a clash on that one name stops the build with both
named (plugin/macrohost.py), where mkdocs-macros would end in a `KeyError`
traceback.

mkdocs-macros turns an exception in a page into `exit(100)` when the site sets
`on_error_fail: true` (the example does), and under `mkdocs serve` that ends
the server. A guide that names a phase the organization just dropped, or data
that is broken for a moment while someone types, must not do that: each macro
returns a visible error box in the page instead, and says the same through the
plugin logger, so `mkdocs build --strict` still fails on it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from mkdocs_playbook.output import gate
from mkdocs_playbook.output.pages import PhaseNotRun, Renderer, macro_error, not_run_note
from mkdocs_playbook.plugin.macrohost import defined_by_host
from mkdocs_playbook.source.diagnostics import one_line

DEFAULT_NAMESPACE = "playbook"

MACROS = (
    "checklist", "progress_bar", "questions", "challenges", "focus_areas", "go_no_go", "verdict", "burn_up", "contacts",
)
"""Each is the Renderer method of the same name."""

EMPTY_STATE: dict[str, Any] = {"organization": {"name": "", "product": ""}, "generated": None, "phases": []}
"""The data while there is none: the document's shape, with nothing in it,
so a page that loops over `playbook.phases` shows nothing instead of failing."""

ARGUMENT_SHOWN = 60
"""How much of one macro argument a message quotes."""


class Namespace(dict[str, Any]):
    """The one object under the namespace name: the progress.json document as items, the macros as attributes.

    Jinja looks `playbook.x` up as an attribute first, then as an item: so
    `playbook.checklist` is the macro and `playbook.phases` the data, and the
    object is still the document for `tojson`, `| length` or a loop over its
    keys. The document's keys (organization, generated, phases) are none of the
    macros' names, so neither hides the other.
    """

    def __init__(self, data: Mapping[str, Any], macros: Mapping[str, Callable[..., str]]) -> None:
        super().__init__(data)
        for name, macro in macros.items():
            setattr(self, name, macro)


def register(
    config: MkDocsConfig,
    renderer: Renderer | None,
    state: dict[str, Any] | None,
    log: logging.LoggerAdapter[logging.Logger] | logging.Logger,
    *,
    namespace: str = DEFAULT_NAMESPACE,
    data_has_problems: bool = False,
) -> None:
    """Give mkdocs-macros (when the site uses it) the one namespace object.

    Called once every plugin's on_config has run (the plugin's on_pre_build),
    so whichever of the two plugins mkdocs.yml lists first, mkdocs-macros has
    merged the host's module, `extra:` and `include_yaml` by now and a clash
    can be found and named here. `data_has_problems`: the data has problems
    and `renderer` is what could be made of it, so a phase may be missing
    because its file is broken.
    """
    macros = config.plugins.get("macros")
    if macros is None:
        return
    try:
        theirs = defined_by_host(macros, config, namespace)
    except AttributeError:  # mkdocs-macros' on_config has not run: its properties say so
        raise PluginError("playbook: mkdocs-macros is not configured yet: no macros to offer it") from None
    if theirs is not None:
        raise PluginError(
            f"playbook: the playbook plugin's `{namespace}` namespace (its macros and data for your pages) "
            f"clashes with {theirs}. Rename that one, or give the playbook plugin's namespace another name: "
            "`macros_namespace: NAME` under `- playbook:` in the `plugins:` of mkdocs.yml."
        )

    def where() -> str:  # asked when a macro fails: the page being rendered then
        return _page_path(macros, config)

    safe = {name: _safe(name, renderer, where, log, data_has_problems, namespace) for name in MACROS}
    data = gate.template_data(state if state is not None else EMPTY_STATE)
    macros.register_variables({namespace: Namespace(data, safe)})


def _safe(
    name: str,
    renderer: Renderer | None,
    where: Callable[[], str],
    log: logging.LoggerAdapter[logging.Logger] | logging.Logger,
    data_has_problems: bool,
    namespace: str,
) -> Callable[..., str]:
    def macro(*args: object, **kwargs: object) -> str:
        if renderer is None:
            problem = "the playbook data has problems (listed at the top of the page), so there is nothing to show"
        else:
            try:
                result: str = getattr(renderer, name)(*args, **kwargs)
                return result
            except PhaseNotRun as error:  # a guide for every phase, in a playbook that runs fewer
                log.info(one_line(f"{where()}: {_call_text(f'{namespace}.{name}', args, kwargs)}: {error.args[0]}"))
                return not_run_note(error.phase_id)
            except LookupError as error:
                problem = str(error.args[0]) if error.args else str(error)
                if data_has_problems:
                    problem += "; the playbook data has problems (listed at the top of the page), which may be why"
            except (TypeError, ValueError) as error:
                # a call with the wrong arguments: say so in the page rather than stop the site
                problem = "wrong arguments: " + str(error).replace(f"{Renderer.__name__}.", f"{namespace}.")
        call = _call_text(f"{namespace}.{name}", args, kwargs)
        log.warning(one_line(f"{where()}: {call}: {problem}"))
        return macro_error(call, problem)

    macro.__name__ = name
    macro.__doc__ = getattr(Renderer, name).__doc__
    return macro


def _call_text(name: str, args: tuple[object, ...], kwargs: dict[str, object]) -> str:
    shown = [_short(repr(a)) for a in args] + [f"{k}={_short(repr(v))}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown)})"


def _short(text: str) -> str:
    return text if len(text) <= ARGUMENT_SHOWN else text[: ARGUMENT_SHOWN - 1] + "…"


def _page_path(macros: Any, config: MkDocsConfig) -> str:
    """The page being rendered, relative to mkdocs.yml (`playbook/guides/macros.md`), for the message."""
    page = getattr(macros, "page", None)  # mkdocs-macros' property raises AttributeError outside a page
    source = getattr(getattr(page, "file", None), "abs_src_path", None)
    if not source:
        return "a page"
    root = os.path.dirname(config.config_file_path or "") or os.getcwd()
    relative = os.path.relpath(source, root)
    return relative if not relative.startswith("..") else source
