"""Tools the hostile-input suite shares: which fields are text, writing YAML with known
positions, running the check and the builds, and looking at a built site as a browser would.

Not a test module. Imported as `hostile.kit` (tests/ is on sys.path through conftest), which
works whether or not tests/hostile/ is a package.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, demo_progress, example_config, git
from mkdocs_playbook.commands import main

SCHEMAS = ROOT / "plugins" / "mkdocs_playbook" / "schemas"

Pattern = tuple[str | None, ...]
"""A JSON path pattern: a key, or None for any list index or any mapping key."""
JsonPath = tuple[str | int, ...]

DEMO_PROGRESS = demo_progress()
"""A merge-safe progress file of conftest's DEMO_PHASE, as `playbook fmt` lays it out: every
question and item listed, each under its label, so `playbook check` reports nothing about it."""


# --- which fields hold free text ------------------------------------------------------------


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def text_fields(root: dict[str, Any]) -> list[Pattern]:
    """Every field of a schema that takes free text: a string with no pattern, format or enum.

    Ids (a `$ref` to `id`), dates, URLs with a pattern and enumerations have rules of their
    own; everything else is where a pull request can write prose, so it is where hostile
    prose goes. Walking the schema, not a list in this file, means a new field is covered the
    day it is added.
    """
    definitions = root.get("$defs", {})
    found: list[Pattern] = []

    def walk(node: dict[str, Any], path: Pattern) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name != "id":
                walk(definitions[name], path)
            return
        types = node.get("type")
        types = types if isinstance(types, list) else [types]
        if "string" in types and not {"pattern", "format", "enum"} & node.keys():
            found.append(path)
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], (*path, None))
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, None))
        for branch in ("then", "else"):
            if isinstance(node.get(branch), dict):
                walk(node[branch], path)

    walk(root, ())
    return found


def instances(data: Any, pattern: Pattern, path: JsonPath = ()) -> Iterator[JsonPath]:
    """Concrete paths in `data` that match `pattern`."""
    if not pattern:
        yield path
        return
    head, rest = pattern[0], pattern[1:]
    if isinstance(data, dict):
        for key, value in data.items():
            if head is None or head == key:
                yield from instances(value, rest, (*path, key))
    elif isinstance(data, list) and head is None:
        for index, value in enumerate(data):
            yield from instances(value, rest, (*path, index))


def set_at(data: Any, path: JsonPath, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


# --- YAML with known positions ------------------------------------------------------------


def emit(data: dict[str, Any], header: str = "") -> tuple[str, dict[JsonPath, tuple[int, int]]]:
    """Block YAML for `data`, every scalar double-quoted (JSON), and where each scalar starts.

    The positions come from how the text is written, not from the reader under test, so an
    error that points at the wrong line or column is caught.
    """
    lines = header.splitlines()
    marks: dict[JsonPath, tuple[int, int]] = {}

    def scalar(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, default=str)  # dates: PyYAML reads them as dates

    def node(value: Any, path: JsonPath, indent: str) -> None:
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in pairs:
            lead = f"{indent}{key}:" if isinstance(value, dict) else f"{indent}-"
            if isinstance(child, (dict, list)) and child:
                lines.append(lead)
                node(child, (*path, key), indent + "  ")
            else:
                text = scalar(child) if not isinstance(child, (dict, list)) else ("{}" if isinstance(child, dict) else "[]")
                marks[(*path, key)] = (len(lines) + 1, len(lead) + 2)
                lines.append(f"{lead} {text}")

    node(data, (), "")
    return "\n".join(lines) + "\n", marks


# --- running things -------------------------------------------------------------------------


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "playbook"), "check"], cwd=root, capture_output=True, text=True, check=False)


def build(root: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "mkdocs"), "build", "-d", str(root / "site")]
    return subprocess.run([*command, "--strict"] if strict else command, cwd=root, capture_output=True, text=True,
                          check=False)


def warnings(log: str) -> list[str]:
    """The plugin's warnings in a build log, as `path:line:col: message`."""
    prefix = "WARNING -  mkdocs_playbook: "
    return [line[len(prefix):] for line in log.splitlines() if line.startswith(prefix)]


def snapshot(root: Path, site: Path) -> dict[str, str]:
    """Every file under `root` but the build folder `site`, with a digest of its bytes (links as links)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path == site or site in path.parents:
            continue
        if path.is_symlink():
            found[relative] = f"-> {path.readlink()}"
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def write_project(root: Path, files: dict[str, bytes]) -> None:
    """A small project: the example's mkdocs.yml and `files`, committed (no git would be a warning)."""
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(example_config(), encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Hostile cases", env={"GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00",
                                                     "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+00:00"})


def check_in_process(root: Path, *args: str) -> tuple[str, int]:
    """`playbook check` through `main`, from the project's folder as a user runs it (no new process)."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.chdir(root)
        code = main(["check", *args])
    return out.getvalue(), code


# --- a built site, as a browser reads it ------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def active_content(page: BeautifulSoup, where: str) -> list[str]:
    """What came from data and would run: scripts mentioning alert, on* handlers, bad URLs."""
    found = []
    for element in page.find_all(True):
        if element.name == "script" and "alert" in element.get_text() + str(element.get("src", "")):
            found.append(f"{where}: {element}")
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(f"{where}: {attribute}= on <{element.name}>")
            compact = re.sub(r"[\x00-\x20]", "", text).lower()
            if attribute.lower() in URL_ATTRIBUTES and compact.startswith(BAD_SCHEMES) and compact != "javascript:void(0)":
                found.append(f"{where}: {attribute}={text!r} on <{element.name}>")
    return found


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def scan(site: Path) -> list[str]:
    """Active content in every page and in the search index Material renders as HTML."""
    found = [hit for name, page in pages(site).items() for hit in active_content(page, name)]
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            found += active_content(BeautifulSoup(doc.get(key, ""), "html.parser"), f"search {doc['location']}")
    return found
