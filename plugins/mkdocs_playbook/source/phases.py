"""A phase file in, a checked `Phase` out: schema, unique ids, references between entries.

What a phase may contain is defined by the block types in `mkdocs_playbook.blocks`; this
module only applies their rules to one file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs_playbook import blocks
from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, quote
from mkdocs_playbook.source.files import usable
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import Document, JsonPath


def load_phase(path: Path, source: Source = WORKING_TREE) -> tuple[m.Phase | None, list[Diagnostic]]:
    doc, problems = read_phase(path, source)
    return (None if doc is None else build_phase(doc)), problems


def read_phase(path: Path, source: Source = WORKING_TREE) -> tuple[Document | None, list[Diagnostic]]:
    """The checked document of a phase file (None when it has errors): tailoring starts from its data."""
    doc = source.read_yaml(path)
    if not usable(doc, "a phase"):
        return None, doc.diagnostics
    if validate(doc, "phase", "the phase"):
        return None, doc.diagnostics
    data = doc.data
    if data["id"] != path.stem:
        doc.error(
            ("id",),
            f"phase id {quote(data['id'])} does not match the file name; "
            f"expected {quote(path.stem)} (or rename the file)",
        )
    check_rules(doc)
    if blocking(doc.diagnostics):  # text-rule problems fail the check, not the loading
        return None, doc.diagnostics
    return doc, doc.diagnostics


def build_phase(doc: Document, tailoring: str | None = None) -> m.Phase:
    return _build_phase(doc.data, m.Location(doc.path, 1, 1), tailoring)


def check_rules(doc: Document) -> None:
    """The rules beyond the schema: unique ids, and each block type's references to other blocks."""
    _check_unique_ids(doc)
    for block in blocks.registry():
        if block.check is not None and block.key in doc.data:
            block.check(doc)


def _check_unique_ids(doc: Document) -> None:
    """Items and questions share one namespace (the keys of a progress file); other lists are unique in themselves."""
    seen: dict[str, JsonPath] = {}
    # in file order, so the later of two equal ids is the one reported (questions come last
    # in page order but may stand first in the file)
    in_file_order = sorted(blocks.tickable_paths(doc.data), key=lambda pair: doc.mark((*pair[0], "id")))
    for json_path, entry in in_file_order:
        _note_id(doc, seen, json_path, entry["id"], "an item or question")
    for list_path in blocks.unique_lists():
        entries = _get(doc.data, list_path) or []
        local: dict[str, JsonPath] = {}
        for i, entry in enumerate(entries):
            _note_id(doc, local, (*list_path, i), entry["id"], f"an entry of {list_path[-1]}")


def _note_id(doc: Document, seen: dict[str, JsonPath], json_path: JsonPath, item_id: str, what: str) -> None:
    if item_id in seen:
        first_line = doc.mark((*seen[item_id], "id"))[0]
        doc.error(
            (*json_path, "id"),
            f"duplicate id {quote(item_id)}: already used by {what} on line {first_line}; "
            "ids must be unique in a phase",
        )
    else:
        seen[item_id] = json_path


def _get(data: Any, json_path: JsonPath) -> Any:
    for part in json_path:
        if not isinstance(data, (dict, list)):
            return None
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError):
            return None
    return data


def _build_phase(d: dict[str, Any], location: m.Location, tailoring: str | None = None) -> m.Phase:
    return m.Phase(
        id=d["id"],
        order=d["order"],
        title=d["title"],
        summary=d["summary"],
        why=d["why"],
        blocks=blocks.build_blocks(d),
        sources=tuple(d.get("sources", [])),
        location=location,
        tailoring=tailoring,
    )
