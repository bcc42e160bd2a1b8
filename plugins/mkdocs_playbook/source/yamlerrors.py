"""The parser's own errors, reworded for people: `path:line:col`, what was wrong, what to do.

Both PyYAML parsers (libyaml and the pure-Python reference) raise these; the reader turns
each into one `Diagnostic` here.
"""

from __future__ import annotations

import yaml

from mkdocs_playbook.source.diagnostics import Diagnostic


def syntax_diagnostic(path: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        message = "a tab character; YAML indentation must use spaces"
    else:
        message = f"invalid YAML: {problem}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    if mark is None:
        return Diagnostic(path, None, None, message)
    return Diagnostic(path, mark.line + 1, mark.column + 1, message)


def reader_diagnostic(path: str, exc: yaml.reader.ReaderError, text: str) -> Diagnostic:
    """A character YAML does not allow (a control character such as NUL or BEL).

    The reader reports a byte offset (libyaml) or a character offset (pure Python), so
    find the character itself: it is the first one of its kind, since every occurrence
    is equally unacceptable.
    """
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    index = text.find(chr(character))
    if index < 0:  # pragma: no cover - the reader found it in this text
        return Diagnostic(path, None, None, f"the character U+{character:04X} is not allowed in YAML")
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Diagnostic(path, line, column, f"a control character (U+{character:04X}) is not allowed in YAML; remove it")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""
