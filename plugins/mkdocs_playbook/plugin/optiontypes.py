"""Option types of the plugin's mkdocs.yml options that need more than a type check.

MkDocs reports a `ValidationError` as `Config value 'plugins': Plugin 'playbook'
option 'NAME': MESSAGE` and stops without a traceback, so a bad value is
refused when the configuration is read, before any page is built.
"""

from __future__ import annotations

import keyword
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_playbook.source.textrules import url_problem

JINJA_WORDS = frozenset({"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if"})
"""Names Jinja reads as literals or operators, never as a variable."""


class MacrosNamespace(c.Type[str]):
    """A name a page can write as `{{ NAME.checklist("pilot") }}`: a Jinja identifier."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        if not name.isidentifier() or not name.isascii() or keyword.iskeyword(name) or name in JINJA_WORDS:
            raise ValidationError(
                f"{name!r} cannot be written as a variable in a page: expected a name of letters, digits "
                "and underscores, not starting with a digit, such as `playbook` or `rollout`"
            )
        return name


class WebUrl(c.Type[str]):
    """An http(s) URL, by the same rules the output gate applies to every link (source/textrules.py)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        url = super().run_validation(value)
        problem = url_problem(url, "web")
        if problem is not None:
            raise ValidationError(
                f"{url!r} is {problem}: expected the repository's http(s) address, such as https://github.com/ORG/REPO"
            )
        return url
