"""The files `playbook new` writes, from the templates shipped in the package's scaffold/ folder.

A template is plain text with `@@KEY@@` markers; `fill` replaces each with a value its caller made
safe for where it goes (YAML values through `entry.yaml_text`, never formatted by hand) and
refuses a template with a marker nobody filled, so a forgotten value cannot ship as `@@NAME@@`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "scaffold"
"""Shipped as package data (pyproject.toml `package-data`): an installed wheel scaffolds from it."""
_MARKER = re.compile(r"@@([A-Z_]+)@@")
_WHOLE_LINE = re.compile(r"(?m)^@@([A-Z_]+)@@\n")


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template's text with every marker replaced; KeyError naming a marker without a value."""
    text = (TEMPLATES / template).read_text("utf-8")
    missing = sorted({key for key in _MARKER.findall(text) if key not in values})
    if missing:
        raise KeyError(f"scaffold/{template}: no value for {', '.join(missing)}")
    # a marker alone on its line with an empty value (an option that does not apply) takes the line away
    text = _WHOLE_LINE.sub(lambda match: values[match.group(1)] + "\n" if values[match.group(1)] else "", text)
    return _MARKER.sub(lambda match: values[match.group(1)], text)
