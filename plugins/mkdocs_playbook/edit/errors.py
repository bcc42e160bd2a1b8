"""The one exception of the editing code: a refusal that says where, like a compiler error."""

from __future__ import annotations

from typing import Any

from mkdocs_playbook.source.diagnostics import Diagnostic


class EditError(Exception):
    """An edit that was refused; `str()` reads `path:line:col: message` like a compiler error."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "<string>",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic) -> EditError:
        """The reader's own finding, word for word: `playbook check` says the same."""
        return cls(diagnostic.message, path=diagnostic.path, line=diagnostic.line, column=diagnostic.column)

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        if self.column is None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments would otherwise be lost when pickled.
        return (_rebuild_error, (self.message, self.path, self.line, self.column))


def _rebuild_error(message: str, path: str, line: int | None, column: int | None) -> EditError:
    return EditError(message, path=path, line=line, column=column)
