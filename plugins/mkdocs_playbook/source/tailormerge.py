"""One tailoring file applied to a shared phase's checked data: reword, hide, add, then check.

Everything works on the raw phase data, never on block types by name: an entry is any mapping
with an `id` in a list, its list is named by its path from the top of the phase (the id of an
enclosing entry standing for its index: `stages.setup.exit_criteria`). After the changes the
tailored data goes through the same schema and rules as a phase file (`check_rules`), on a
document whose positions point into the tailoring file, so every problem is reported where the
person can fix it: an added entry's line, a reword's line, or the `hide` that broke a reference.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs_playbook.source.diagnostics import Diagnostic, quote, unknown
from mkdocs_playbook.source.yamlread import Document, JsonPath

Entry = dict[str, Any]


@dataclass
class _Found:
    address: str
    path: JsonPath
    entry: Entry
    siblings: list[Entry]


def entries(data: Any, path: JsonPath = (), address: tuple[str, ...] = ()) -> Iterator[_Found]:
    """Every id'd entry of phase data, outer before inner, with the list that holds it."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from entries(value, (*path, key), (*address, key))
    elif isinstance(data, list):
        for i, entry in enumerate(data):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                yield _Found(".".join(address), (*path, i), entry, data)
                yield from entries(entry, (*path, i), (*address, entry["id"]))


@dataclass
class Tailored(Document):
    """The tailored phase data, its positions taken from the tailoring file where they came from it.

    Problems at shared content (a shared item naming a hidden focus area) are gathered by the
    hidden id and reported once at its line in `hide`, naming every entry that still refers to it.
    """

    tailoring: Document = field(default_factory=lambda: Document(""))
    origins: dict[JsonPath, JsonPath] = field(default_factory=dict)
    hide_paths: dict[str, JsonPath] = field(default_factory=dict)
    referrers: dict[str, list[str]] = field(default_factory=dict)

    def mark(self, json_path: JsonPath, *, key: bool = False) -> tuple[int, int] | tuple[None, None]:
        for end in range(len(json_path), 0, -1):
            if json_path[:end] in self.origins:
                return self.tailoring.mark((*self.origins[json_path[:end]], *json_path[end:]), key=key)
        return (0, 0)  # shared content: before anything of the tailoring file, for 'the later duplicate'

    def error(self, json_path: JsonPath, message: str, *, key: bool = False) -> Diagnostic:
        if any(json_path[:end] in self.origins for end in range(len(json_path), 0, -1)):
            return super().error(json_path, message, key=key)
        value = _get(self.data, json_path)
        if isinstance(value, str) and value in self.hide_paths:
            self.referrers.setdefault(value, []).append(_describe(self.data, json_path))
            return Diagnostic(self.path, None, None, message)  # reported by `finish`
        line, column = self.tailoring.mark(("hide",), key=True) if "hide" in self.tailoring.data else (1, 1)
        where = ".".join(_address(self.data, json_path)) or "the phase"
        diagnostic = Diagnostic(self.path, line, column, f"the tailored phase breaks a rule at {where}: {message}")
        self.diagnostics.append(diagnostic)
        return diagnostic

    def finish(self) -> None:
        for hidden, names in self.referrers.items():
            line, column = self.tailoring.mark(self.hide_paths[hidden])
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    line,
                    column,
                    f"cannot hide {quote(hidden)}: {', '.join(names)} still "
                    f"{'names it; hide or reword that' if len(names) == 1 else 'name it; hide or reword those'} too",
                )
            )


def _get(data: Any, json_path: JsonPath) -> Any:
    for part in json_path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _address(data: Any, json_path: JsonPath) -> list[str]:
    """A JSON path as a person names it: entries by their id (`stages.setup.exit_criteria`)."""
    named = []
    for i, part in enumerate(json_path):
        entry = _get(data, json_path[: i + 1]) if isinstance(part, int) else None
        named.append(str(entry["id"]) if isinstance(entry, dict) and "id" in entry else str(part))
    return named


def _describe(data: Any, json_path: JsonPath) -> str:
    """'checklist entry 'x' (focus)': the innermost id'd entry holding the path, and the field."""
    for end in range(len(json_path) - 1, 0, -1):
        entry = _get(data, json_path[:end])
        if isinstance(entry, dict) and "id" in entry:
            named = [p for p in json_path[:end] if isinstance(p, str)]
            fields = [p for p in json_path[end:] if isinstance(p, str)]
            return f"{'.'.join(named) or 'the phase'} entry {quote(entry['id'])} ({'.'.join(fields)})"
    return "the phase"


@dataclass
class _Work:
    """One application in progress: the shared document, the tailoring, and what changed so far."""

    shared: Document
    doc: Document
    by_id: dict[str, list[_Found]]
    origins: dict[int, JsonPath] = field(default_factory=dict)
    """id() of an added entry -> its place in the tailoring file."""
    reworded: dict[int, str] = field(default_factory=dict)
    """id() of a reworded entry -> its id."""
    hide_paths: dict[str, JsonPath] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)


def apply(shared: Document, doc: Document) -> Tailored:
    """The shared data with the tailoring applied; problems of the tailoring itself on `doc`.

    Rewords first, on the shared entries; then hides; then adds, so an `after` or a list inside
    an entry is looked up among what is left."""
    data = copy.deepcopy(shared.data)
    rules: dict[str, Any] = doc.data
    by_id: dict[str, list[_Found]] = {}
    for found in entries(data):
        by_id.setdefault(found.entry["id"], []).append(found)
    work = _Work(shared, doc, by_id)
    for entry_id, fields in rules.get("reword", {}).items():
        if (reword := _one(work, ("reword", entry_id), entry_id)) is not None:
            reword.entry.update(fields)
            work.reworded[id(reword.entry)] = entry_id
    for i, entry_id in enumerate(rules.get("hide", [])):
        _hide(work, i, entry_id)
    for address, new in rules.get("add", {}).items():
        target = _target(doc, data, address, work.hide_paths)
        for i, raw in enumerate(new if target is not None else []):
            _add(work, target or [], ("add", address, i), raw)
    tailored = Tailored(path=doc.path, data=data, tailoring=doc, hide_paths=work.hide_paths)
    for found in entries(data):
        if id(found.entry) in work.origins:
            tailored.origins[found.path] = work.origins[id(found.entry)]
        elif id(found.entry) in work.reworded:
            entry_id = work.reworded[id(found.entry)]
            for name in rules["reword"][entry_id]:
                tailored.origins[(*found.path, name)] = ("reword", entry_id, name)
    return tailored


def _hide(work: _Work, index: int, entry_id: str) -> None:
    if (found := _one(work, ("hide", index), entry_id)) is None:
        return
    if id(found.entry) in work.reworded:
        work.doc.error(("hide", index), f"{quote(entry_id)} is both hidden and reworded; keep one of the two")
        return
    found.siblings.remove(found.entry)
    work.hide_paths[entry_id] = ("hide", index)


def _add(work: _Work, target: list[Entry], here: JsonPath, raw: Entry) -> None:
    entry = {k: v for k, v in raw.items() if k != "after"}
    if entry["id"] in work.by_id:
        where = work.by_id[entry["id"]][0]
        work.doc.error(
            (*here, "id"),
            f"id {quote(entry['id'])} already exists in the shared phase ({where.address}, line "
            f"{work.shared.mark((*where.path, 'id'))[0]} of {work.shared.path}); choose another id",
        )
        return
    if entry["id"] in work.added:
        work.doc.error((*here, "id"), f"id {quote(entry['id'])} is added twice; ids must be unique in a phase")
        return
    position = len(target)
    if "after" in raw:
        ids = [str(e.get("id")) for e in target]
        if raw["after"] not in ids:
            address = here[1]
            work.doc.error((*here, "after"), unknown(f"'after' names no entry of {address}:", raw["after"], ids))
            return
        position = ids.index(raw["after"]) + 1
    target.insert(position, entry)
    work.added.add(entry["id"])
    work.origins[id(entry)] = here


def _one(work: _Work, here: JsonPath, entry_id: str) -> _Found | None:
    """The one shared entry `entry_id` names, or None with the problem reported at `here`."""
    found = work.by_id.get(entry_id, [])
    if not found:
        what = f"no entry of shared phase {quote(work.shared.data['id'])} has the id"
        work.doc.error(here, unknown(what, entry_id, work.by_id), key=here[0] == "reword")
        return None
    if len(found) > 1:
        lists = ", ".join(f.address for f in found)
        work.doc.error(
            here, f"{quote(entry_id)} names several entries of the shared phase ({lists}); it cannot be tailored"
        )
        return None
    return found[0]


def _target(doc: Document, data: dict[str, Any], address: str, hidden: dict[str, JsonPath]) -> list[Entry] | None:
    """The list an `add` names, made when the phase has none there yet; None (reported) when its entry is unknown."""
    *parents, last = address.split(".")
    node: Any = data
    for depth, part in enumerate(parents):
        if isinstance(node, list):
            ids = [str(e.get("id")) for e in node if isinstance(e, dict)]
            if part not in ids:
                why = (
                    f"{quote(part)} is hidden"
                    if part in hidden
                    else unknown(f"no entry of {'.'.join(parents[:depth])} has the id", part, ids)
                )
                doc.error(("add", address), why, key=True)
                return None
            node = node[ids.index(part)]
        elif isinstance(node, dict) and isinstance(node.get(part), (dict, list)):
            node = node[part]
        else:
            doc.error(("add", address), f"the shared phase has no {quote(part)} to add to", key=True)
            return None
    made: list[Entry] = node.setdefault(last, [])
    return made
