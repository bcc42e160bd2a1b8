"""The macros and the `playbook` variable offered to hand-written pages, which never raise.

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
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_playbook.output import gate
from mkdocs_playbook.output.pages import Renderer, macro_error
from mkdocs_playbook.source.diagnostics import one_line

MACRO_NAMESPACE = "playbook"

MACROS = ("checklist", "progress_bar", "questions", "challenges", "focus_areas", "go_no_go", "burn_up", "contacts")
"""Each is the Renderer method of the same name."""

EMPTY_STATE: dict[str, Any] = {"organization": {"name": "", "product": ""}, "generated": None, "phases": []}
"""The `playbook` variable while there is no data: the document's shape, with nothing in it,
so a page that loops over `playbook.phases` shows nothing instead of failing."""

ARGUMENT_SHOWN = 60
"""How much of one macro argument a message quotes."""


def register(
    config: MkDocsConfig,
    renderer: Renderer | None,
    state: dict[str, Any] | None,
    log: logging.LoggerAdapter[logging.Logger] | logging.Logger,
    *,
    data_has_problems: bool = False,
) -> None:
    """Give mkdocs-macros (when the site uses it) the macros and the `playbook` variable.

    `data_has_problems`: the data has problems and `renderer` is what could be
    made of it, so a phase may be missing because its file is broken.
    """
    macros = config.plugins.get("macros")
    if macros is None:
        return
    macros.register_variables({MACRO_NAMESPACE: gate.template_data(state if state is not None else EMPTY_STATE)})

    def where() -> str:  # asked when a macro fails: the page being rendered then
        return _page_path(macros, config)

    macros.register_macros({name: _safe(name, renderer, where, log, data_has_problems) for name in MACROS})


def _safe(
    name: str,
    renderer: Renderer | None,
    where: Callable[[], str],
    log: logging.LoggerAdapter[logging.Logger] | logging.Logger,
    data_has_problems: bool,
) -> Callable[..., str]:
    def macro(*args: object, **kwargs: object) -> str:
        if renderer is None:
            problem = "the playbook data has problems (listed at the top of the page), so there is nothing to show"
        else:
            try:
                result: str = getattr(renderer, name)(*args, **kwargs)
                return result
            except LookupError as error:
                problem = str(error.args[0]) if error.args else str(error)
                if data_has_problems:
                    problem += "; the playbook data has problems (listed at the top of the page), which may be why"
            except (TypeError, ValueError) as error:
                # a call with the wrong arguments: say so in the page rather than stop the site
                problem = "wrong arguments: " + str(error).replace(f"{Renderer.__name__}.", "")
        call = _call_text(name, args, kwargs)
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
