"""JSON-Schema validation whose messages say what was wrong and what was expected.

The schemas ship in the package so that the editor (through the
`# yaml-language-server: $schema=` line) and this checker apply the same rules.
jsonschema's own messages are written for programmers ("Additional properties
are not allowed"); these are rewritten for the person editing the YAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from mkdocs_playbook.blocks import phase_schema
from mkdocs_playbook.source.diagnostics import did_you_mean, quote
from mkdocs_playbook.source.tailorschema import tailoring_schema
from mkdocs_playbook.source.textrules import check_text
from mkdocs_playbook.source.yamlread import Document, JsonPath

SCHEMA_NAMES = ("phase", "organization", "progress", "plan", "measurements", "decision", "tailoring")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema the checker applies. The phase schema is assembled from the block types'
    fragments (the shipped phase.schema.json is the editors' copy of the same)."""
    if name == "phase":
        return phase_schema()
    if name == "tailoring":
        return tailoring_schema()
    text = resources.files("mkdocs_playbook").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`pattern` with ECMA-262 semantics for a final `$`, as JSON Schema and editors use it.

    Python's `$` also matches before a trailing newline, so an id written as a block
    scalar (`id: |` gives 'hold-kick-off\\n') passed the schema and became an id no
    progress file could name.
    """
    if validator.is_type(instance, "string") and not re.search(_python_regex(pattern), instance):
        yield ValidationError(f"{quote(instance)} does not match {pattern!r}")


@cache
def _python_regex(pattern: str) -> str:
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


_Validator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves it unannotated
    Draft202012Validator, {"pattern": _ecma_pattern}
)


@cache
def _validator(name: str) -> Any:
    return _Validator(load_schema(name), format_checker=FormatChecker())


def validate(doc: Document, schema_name: str, what: str) -> list[JsonPath]:
    """Add one diagnostic per schema violation to `doc`; return where they were (empty: valid).

    The paths let a caller drop just the broken entries of a progress file. The text
    rules (no HTML, safe links and URLs) are checked here too, once per file; their
    problems are reported but not returned, so they break no entry.
    """
    problems: list[JsonPath] = sorted(doc.refused, key=lambda p: list(map(str, p)))
    errors = sorted(_validator(schema_name).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path = tuple(error.absolute_path)
        problems.append(path)
        if any(path[:end] in doc.refused for end in range(len(path) + 1)):
            continue  # the reader has already said what is wrong there (a tag, an alias)
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
            for extra in sorted(set(error.instance) - set(allowed)):
                doc.error(
                    (*path, extra),
                    f"unknown field {quote(extra)} in {_context(path, what)}{did_you_mean(extra, allowed)}; "
                    f"expected one of: {', '.join(allowed)}",
                    key=True,
                )
        elif error.relative_schema_path[0] == "propertyNames":
            # the instance is the offending key itself
            problems.append((*path, error.instance))
            doc.error(
                (*path, error.instance),
                f"{quote(error.instance)} is not a valid id; expected lower-case words joined by hyphens, "
                "e.g. identify-pilot-users",
                key=True,
            )
        elif error.validator == "type" and tuple(error.relative_schema_path)[-2:] == ("else", "type"):
            doc.error(
                path,
                f"{_context(path, what)} is {_describe(error.instance)}; expected a status "
                "(todo, in-progress, done, skipped) or a mapping such as {status: done, by: NAME}",
            )
        else:
            doc.error(path, _message(error, path, what))
    check_text(doc, schema_name, problems)
    return problems


def _context(path: tuple[Any, ...], what: str) -> str:
    named = [p for p in path if isinstance(p, str)]
    return quote(named[-1]) if named else what


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {quote(value)[1:-1]}"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _message(error: jsonschema.ValidationError, path: tuple[Any, ...], what: str) -> str:
    value = error.instance
    field = _context(path, what)
    validator = error.validator
    expected: Any = error.validator_value
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field '{missing}' in {field}"
    if validator == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names if n != "null") or "nothing"
        return f"{field} is {_describe(value)}; expected {wanted}"
    if validator == "enum":
        options = [str(o) for o in expected]
        return (
            f"{field} is {_describe(value)}{did_you_mean(str(value), options)}; expected one of: {', '.join(options)}"
        )
    if validator == "pattern":
        return _pattern_message(field, value, expected, subschema.get("description"))
    if validator == "format":
        if expected == "date":
            return f"{field} is {_describe(value)}, not a real date; expected YYYY-MM-DD"
        return f"{field} is {_describe(value)}; expected a valid {expected}"
    if validator == "minLength":
        return f"{field} is empty; expected text"
    if validator == "minItems":
        return f"{field} is an empty list; expected at least {expected} entries"
    if validator in ("minimum", "maximum"):
        side = "at least" if validator == "minimum" else "at most"
        return f"{field} is {_describe(value)}; expected {side} {expected}"
    if validator == "maxLength":
        return f"{field} is longer than {expected} characters"
    if validator == "uniqueItems":
        return f"{field} lists the same value twice; expected each once"
    return f"{field}: {error.message}"


def _pattern_message(field: str, value: Any, pattern: str, description: str | None) -> str:
    """A pattern says what it wants through its schema description; ids get their own wording."""
    if field.endswith("id'") or (description and "hyphen" in description):
        wanted = "an id of lower-case words joined by hyphens, e.g. identify-pilot-users"
    elif description:
        wanted = description[0].lower() + description[1:].rstrip(".")
    else:
        wanted = f"text matching {pattern}"
    return f"{field} is {_describe(value)}; expected {wanted}"
