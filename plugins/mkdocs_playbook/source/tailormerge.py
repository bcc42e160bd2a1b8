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
        line, column = self.tailoring.mark(("hide",)) if "hide" in self.tailoring.data else (1, 1)
        diagnostic = Diagnostic(self.path, line, column, f"the tailored phase breaks a rule: {message}")
        self.diagnostics.append(diagnostic)
        return diagnostic

    def finish(self) -> None:
        for hidden, names in self.referrers.items():
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    *self.tailoring.mark(self.hide_paths[hidden]),
                    f"cannot hide {quote(hidden)}: {', '.join(names)} still name it; hide or reword "
                    f"{'that' if len(names) == 1 else 'those'} too",
                )
            )


def _get(data: Any, json_path: JsonPath) -> Any:
    for part in json_path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(data: Any, json_path: JsonPath) -> str:
    """'checklist entry 'x' (focus)': the innermost id'd entry holding the path, and the field."""
    for end in range(len(json_path) - 1, 0, -1):
        entry = _get(data, json_path[:end])
        if isinstance(entry, dict) and "id" in entry:
            named = [p for p in json_path[:end] if isinstance(p, str)]
            fields = [p for p in json_path[end:] if isinstance(p, str)]
            return f"{'.'.join(named) or 'the phase'} entry {quote(entry['id'])} ({'.'.join(fields)})"
    return "the phase"


def apply(shared: Document, doc: Document) -> Tailored:
    """The shared data with the tailoring applied; problems of the tailoring itself on `doc`."""
    data = copy.deepcopy(shared.data)
    rules: dict[str, Any] = doc.data
    by_id: dict[str, list[_Found]] = {}
    for found in entries(data):
        by_id.setdefault(found.entry["id"], []).append(found)
    shared_ids = set(by_id)
    origins: dict[int, JsonPath] = {}  # id() of a changed mapping or added entry -> its place in the file
    reworded: dict[int, str] = {}
    for entry_id, fields in rules.get("reword", {}).items():
        if (found := _one(doc, ("reword", entry_id), entry_id, by_id, shared)) is not None:
            found.entry.update(fields)
            reworded[id(found.entry)] = entry_id
    hide_paths: dict[str, JsonPath] = {}
    for i, entry_id in enumerate(rules.get("hide", [])):
        if (found := _one(doc, ("hide", i), entry_id, by_id, shared)) is None:
            continue
        if id(found.entry) in reworded:
            doc.error(("hide", i), f"{quote(entry_id)} is both hidden and reworded; keep one of the two")
            continue
        found.siblings.remove(found.entry)
        hide_paths[entry_id] = ("hide", i)
    added: set[str] = set()
    for address, new in rules.get("add", {}).items():
        target = _target(doc, data, address, hide_paths)
        for i, raw in enumerate(new if target is not None else []):
            entry = {k: v for k, v in raw.items() if k != "after"}
            here = ("add", address, i)
            if entry["id"] in shared_ids:
                where = by_id[entry["id"]][0]
                doc.error(
                    (*here, "id"),
                    f"id {quote(entry['id'])} already exists in the shared phase ({where.address}, line "
                    f"{shared.mark((*where.path, 'id'))[0]} of {shared.path}); choose another id",
                )
                continue
            if entry["id"] in added:
                doc.error((*here, "id"), f"id {quote(entry['id'])} is added twice; ids must be unique in a phase")
                continue
            position = len(target)  # type: ignore[arg-type]
            if "after" in raw:
                ids = [e.get("id") for e in target]  # type: ignore[union-attr]
                if raw["after"] not in ids:
                    doc.error((*here, "after"), unknown(f"'after' names no entry of {address}:", raw["after"], ids))
                    continue
                position = ids.index(raw["after"]) + 1
            target.insert(position, entry)  # type: ignore[union-attr]
            added.add(entry["id"])
            origins[id(entry)] = here
    tailored = Tailored(path=doc.path, data=data, tailoring=doc, hide_paths=hide_paths)
    for found in entries(data):
        if id(found.entry) in origins:
            tailored.origins[found.path] = origins[id(found.entry)]
        elif id(found.entry) in reworded:
            for name in rules["reword"][reworded[id(found.entry)]]:
                tailored.origins[(*found.path, name)] = ("reword", reworded[id(found.entry)], name)
    return tailored


def _one(doc: Document, here: JsonPath, entry_id: str, by_id: dict[str, list[_Found]], shared: Document) -> _Found | None:
    """The one shared entry `entry_id` names, or None with the problem reported at `here`."""
    found = by_id.get(entry_id, [])
    if not found:
        doc.error(here, unknown(f"no entry of shared phase {quote(shared.data['id'])} has the id", entry_id, by_id), key=here[0] == "reword")
        return None
    if len(found) > 1:
        lists = ", ".join(f.address for f in found)
        doc.error(here, f"{quote(entry_id)} names several entries of the shared phase ({lists}); it cannot be tailored")
        return None
    return found[0]


def _target(doc: Document, data: dict[str, Any], address: str, hidden: dict[str, JsonPath]) -> list[Entry] | None:
    """The list an `add` names, made when the phase has none there yet; None (reported) when its entry is unknown."""
    *parents, last = address.split(".")
    node: Any = data
    for part in parents:
        if isinstance(node, list):
            ids = [e.get("id") for e in node if isinstance(e, dict)]
            if part not in ids:
                why = f"{quote(part)} is hidden" if part in hidden else unknown(f"no entry of {address} has the id", part, ids)
                doc.error(("add", address), why, key=True)
                return None
            node = node[ids.index(part)]
        else:
            node = node.setdefault(part, {})
    made: list[Entry] = node.setdefault(last, [])
    return made
