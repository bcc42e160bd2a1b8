"""What every loader shares: file names, paths as shown in messages, the empty-file rule."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.yamlread import Document

ORGANIZATION_FILE = "organization.yml"
PROGRESS_DIR = "progress"
PLANS_DIR = "plans"
MEASUREMENTS_DIR = "measurements"
DECISIONS_DIR = "decisions"
OWN_PHASES_DIR = "phases"
TAILORING_DIR = "tailoring"
DATA_FOLDERS = (PROGRESS_DIR, PLANS_DIR, MEASUREMENTS_DIR, DECISIONS_DIR, OWN_PHASES_DIR, TAILORING_DIR)
"""The playbook's data folders beside organization.yml: never pages of the site."""

BUNDLED_PHASES_DIR = Path(__file__).resolve().parents[1] / "phases"
"""The shared phases shipped inside the package: what every playbook uses unless its
mkdocs.yml (the plugin's `phases_dir`) or `--phases` names other phase files."""


def display_path(path: Path) -> str:
    """Paths relative to the working directory where possible: shorter, and clickable in terminals."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def usable(doc: Document, what: str) -> bool:
    if doc.empty and not doc.diagnostics:
        doc.diagnostics.append(Diagnostic(doc.path, 1, 1, f"the file is empty; expected {what} (a mapping of fields)"))
    return not doc.diagnostics
