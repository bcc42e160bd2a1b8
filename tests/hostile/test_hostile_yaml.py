"""YAML and byte-level hostility in each file kind, through `playbook check` and `mkdocs build --strict`.

Every case is written into a phase file, the organization and a progress file in turn. Each
file kind has a template with one slot where the hostile value goes (a phase's title, the
organization's product, a progress entry's note), so the position every message must name
is known. Phase and progress cases share one project each (one phase file, or one phase and
its progress file, a case); organization cases get a project each. All projects are checked
and built --strict once, in parallel. Per case and kind: the exact messages, the same
messages as build warnings, no traceback, and every file byte-identical afterwards with
nothing written outside the build folder.

Covered elsewhere through the loader (`load_playbook`), not repeated there but repeated here
through the CLI and the build for all three kinds: tests/test_bad_inputs.py (tags, anchors,
alias bombs, deep flow nesting, duplicate keys, UTF-16, non-UTF-8, BOM) and
tests/test_cli_check.py::test_hostile_input_gives_a_message_never_a_traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import kit

from conftest import DEMO_PHASE

SLOT = "@@"
TEMPLATES = {
    # kind: (file template, line and column of the slot)
    "phase": (DEMO_PHASE.replace("id: demo", "id: {id}").replace("title: Demo", f"title: {SLOT}"), (3, 8)),
    "organization": (f"name: Acme\nproduct: {SLOT}\n", (2, 10)),
    "progress": (kit.DEMO_PROGRESS.replace("hold-kick-off: todo", f"hold-kick-off: {{status: done, note: {SLOT}}}"),
                 (6, 37)),
}
PLAIN = "Plain value"
BOMB = "[" + ", ".join(
    ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"&a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
) + "]"


def fill(kind: str, value: str, file_id: str) -> str:
    template, _ = TEMPLATES[kind]
    return template.replace("{id}", file_id).replace(SLOT, value)


def block_deep(kind: str, file_id: str) -> str:
    """The slot's key holds mappings nested 60 deep, in block style, one level a line."""
    nested = "".join("  " * (level + 1) + f"k{level}:\n" for level in range(60))
    if kind == "progress":  # the slot is inside a flow mapping: nest under the entry instead
        return fill(kind, PLAIN, file_id).replace(f" {{status: done, note: {PLAIN}}}\n", "\n" + nested)
    return fill(kind, "@DEEP@", file_id).replace(" @DEEP@\n", "\n" + nested)


def duplicate_top_level(kind: str, file_id: str) -> str:
    """The file with a top-level line written again at its end: `order` of a phase, the slot's line otherwise."""
    lines = fill(kind, PLAIN, file_id).split("\n")
    again = lines[1] if kind == "phase" else lines[TEMPLATES[kind][1][0] - 1]
    return "\n".join(lines) + again + "\n"


Maker = Callable[[str, str], bytes]


def value(raw: str) -> Maker:
    return lambda kind, file_id: fill(kind, raw, file_id).encode("utf-8")


CASES: dict[str, Maker] = {
    "python-object-tag": value("!!python/object:os.system {}"),
    "python-object-new-tag": value("!!python/object/new:os.system [touch PWNED]"),
    "local-tag": value("!local text"),
    "binary-tag": value("!!binary aGVsbG8="),
    "anchor": value("&a text"),
    "alias-bomb": value(BOMB),
    "deep-flow-nesting": value("[" * 60 + "]" * 60),
    "deep-block-nesting": lambda kind, file_id: block_deep(kind, file_id).encode("utf-8"),
    "duplicate-key-nested": value("{a: 1, a: 2}"),
    "duplicate-key-top-level": lambda kind, file_id: duplicate_top_level(kind, file_id).encode("utf-8"),
    "nul-escape": value('"a\\0b"'),
    "nul-byte": value("a\x00b"),
    "lone-surrogate-escape": value('"a\\ud800b"'),
    "surrogate-bytes": lambda kind, file_id: fill(kind, "aXb", file_id).encode().replace(b"aXb", b"a\xed\xa0\x80b"),
    "latin-1": lambda kind, file_id: fill(kind, "Caf\xe9", file_id).encode("latin-1"),
    "utf-16-with-bom": lambda kind, file_id: fill(kind, PLAIN, file_id).encode("utf-16"),
    "utf-16-le-without-bom": lambda kind, file_id: fill(kind, PLAIN, file_id).encode("utf-16-le"),
    "utf-16-be-without-bom": lambda kind, file_id: fill(kind, PLAIN, file_id).encode("utf-16-be"),
    "bom": lambda kind, file_id: ("\ufeff" + fill(kind, PLAIN, file_id)).encode("utf-8"),
    "crlf": lambda kind, file_id: fill(kind, PLAIN, file_id).replace("\n", "\r\n").encode("utf-8"),
    "bom-and-crlf": lambda kind, file_id: ("\ufeff" + fill(kind, PLAIN, file_id).replace("\n", "\r\n")).encode("utf-8"),
}
KINDS = tuple(TEMPLATES)
ORGANIZATION = "name: Acme\nproduct: Widget\n"
ACCEPTED = ("bom", "crlf", "bom-and-crlf")
ALONE = ("lone-surrogate-escape",)
"""Cases that break the whole build today (a traceback): built on their own, so they do not
take the other cases' assertions down with them."""
ORGANIZATION_BUILDS = ("python-object-tag", "latin-1", *ALONE)
"""An organization case needs a project of its own; these are also built (the plugin reports
every problem the same way, and the phase and progress projects build every case)."""


def case_id(case: str) -> str:
    return f"c-{case}"


def phase_files(cases: list[str]) -> dict[str, bytes]:
    files = {"phases/demo.yml": DEMO_PHASE.encode(), "playbook/organization.yml": ORGANIZATION.encode()}
    return files | {f"phases/{case_id(c)}.yml": CASES[c]("phase", case_id(c)) for c in cases}


def progress_files(cases: list[str]) -> dict[str, bytes]:
    files = {"playbook/organization.yml": ORGANIZATION.encode()}
    for case in cases:
        files[f"phases/{case_id(case)}.yml"] = DEMO_PHASE.replace("id: demo", f"id: {case_id(case)}").encode()
        files[f"playbook/progress/{case_id(case)}.yml"] = CASES[case]("progress", case_id(case))
    return files


def project_of(kind: str, case: str) -> str:
    """The name of the project a case of a kind was written into."""
    return f"{kind}:{case}" if kind == "organization" or case in ALONE else kind


def projects(base: Path) -> dict[str, tuple[Path, bool]]:
    """Every project, by name, with whether to build it."""
    made: dict[str, tuple[Path, bool]] = {}

    def add(name: str, files: dict[str, bytes], built: bool = True) -> None:
        made[name] = (base / name.replace(":", "-") / "project", built)
        kit.write_project(made[name][0], files)

    together = [c for c in CASES if c not in ALONE]
    add("phase", phase_files(together))
    add("progress", progress_files(together))
    for case in ALONE:
        add(f"phase:{case}", phase_files([case]))
        add(f"progress:{case}", progress_files([case]))
    for case, make in CASES.items():
        add(f"organization:{case}", {"phases/demo.yml": DEMO_PHASE.encode(),
                                     "playbook/organization.yml": make("organization", "demo")},
            built=case in ORGANIZATION_BUILDS)
    for case in ACCEPTED:  # all three kinds in one project, which must check clean (and build --strict)
        add(f"accepted:{case}", {"phases/demo.yml": CASES[case]("phase", "demo"),
                                 "playbook/organization.yml": CASES[case]("organization", "demo"),
                                 "playbook/progress/demo.yml": CASES[case]("progress", "demo")},
            built=case == ACCEPTED[-1])
    return made


@dataclass
class Run:
    root: Path
    check: str
    check_code: int
    strict: subprocess.CompletedProcess[str] | None = None
    unchanged: bool = False


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Check every project, then build those marked for it, in parallel; `root.parent` holds nothing
    but the project, so comparing its snapshots shows any stray write and any changed byte."""
    made = projects(tmp_path_factory.mktemp("hostile-yaml"))
    before = {name: kit.snapshot(root.parent, root / "site") for name, (root, _) in made.items()}
    results = {name: Run(root, *kit.check_in_process(root)) for name, (root, _) in made.items()}
    to_build = [name for name, (_, built) in made.items() if built]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for name, done in zip(to_build, pool.map(lambda n: kit.build(made[n][0], strict=True), to_build), strict=True):
            results[name].strict = done
    for name, (root, _) in made.items():
        results[name].unchanged = kit.snapshot(root.parent, root / "site") == before[name]
    yield results


def path_of(kind: str, case: str) -> str:
    return {"phase": f"phases/{case_id(case)}.yml", "organization": "playbook/organization.yml",
            "progress": f"playbook/progress/{case_id(case)}.yml"}[kind]


def said(result: Run, kind: str, case: str) -> tuple[list[str], list[str] | None]:
    """What `playbook check`, and the strict build's warnings, said about this case's file."""
    def mine(lines: list[str]) -> list[str]:
        return [line[len(path_of(kind, case)) + 1:] for line in lines if line.startswith(path_of(kind, case) + ":")]
    build = mine(kit.warnings(result.strict.stderr)) if result.strict is not None else None
    return mine(result.check.splitlines()), build


CHECKED = [(case, kind) for case in CASES for kind in KINDS if case not in ALONE]


@pytest.mark.parametrize(("case", "kind"), CHECKED, ids=[f"{c}-{k}" for c, k in CHECKED])
def test_check_and_strict_build_say_exactly(runs: dict[str, Run], case: str, kind: str) -> None:
    result = runs[project_of(kind, case)]
    checked, built = said(result, kind, case)
    assert checked == EXPECTED[case][kind]
    if built is not None:
        assert result.strict is not None and "Traceback" not in result.strict.stderr
        assert built == EXPECTED[case][kind]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", ALONE)
def test_a_lone_surrogate_is_a_data_error_not_a_crash(runs: dict[str, Run], case: str, kind: str) -> None:
    """`"\\ud800"` is a valid YAML escape for a code point no UTF-8 text may hold: the check must
    name it at its position, and the build must report it instead of dying on the write."""
    result = runs[project_of(kind, case)]
    line, column = TEMPLATES[kind][1]
    checked, built = said(result, kind, case)
    assert len(checked) == 1 and checked[0].startswith(f"{line}:{column}: ") and "U+D800" in checked[0], checked
    assert result.strict is not None and "Traceback" not in result.strict.stderr, result.strict.stderr[-2000:]
    assert result.strict.returncode == 1
    assert built == checked


def test_every_project_is_byte_identical_and_nothing_written_outside_the_site(runs: dict[str, Run]) -> None:
    assert [name for name, result in runs.items() if not result.unchanged] == []


def test_every_build_that_ran_failed_strictly_without_a_traceback(runs: dict[str, Run]) -> None:
    for name, result in runs.items():
        if result.strict is not None and not name.startswith("accepted:") and not name.endswith(ALONE):
            assert result.strict.returncode == 1, name
            assert "Traceback" not in result.strict.stderr, name


@pytest.mark.parametrize("case", ACCEPTED)
def test_bom_and_crlf_files_build_strictly_and_show_their_values(runs: dict[str, Run], case: str) -> None:
    result = runs[f"accepted:{case}"]
    assert (result.check, result.check_code) == ("checked 3 files: no problems\n", 0)  # success: on stdout
    if result.strict is None:
        return
    assert result.strict is not None and result.strict.returncode == 0, result.strict.stderr
    site = result.root / "site"
    assert kit.pages(site)["demo/index.html"].select_one("article h1").get_text().startswith(PLAIN)
    assert PLAIN in kit.pages(site)["demo/index.html"].select_one("li#hold-kick-off").get_text()
    state = json.loads((site / "progress.json").read_text("utf-8"))
    assert state["organization"]["product"] == PLAIN


def anchors(line: int, column: int) -> list[str]:
    return [f"{line}:{column + 51 * n}: an anchor (&a{n}); anchors and aliases are not allowed, write the value out"
            for n in range(9)]


EXPECTED: dict[str, dict[str, list[str]]] = {
    'python-object-tag': {
        'phase': ['3:8: a YAML tag (tag:yaml.org,2002:python/object:os.system); tags are not allowed, expected plain values'],
        'organization': ['2:10: a YAML tag (tag:yaml.org,2002:python/object:os.system); tags are not allowed, expected plain values'],
        'progress': ['6:37: a YAML tag (tag:yaml.org,2002:python/object:os.system); tags are not allowed, expected plain values'],
    },
    'python-object-new-tag': {
        'phase': ['3:8: a YAML tag (tag:yaml.org,2002:python/object/new:os.system); tags are not allowed, expected plain values'],
        'organization': ['2:10: a YAML tag (tag:yaml.org,2002:python/object/new:os.system); tags are not allowed, expected plain values'],
        'progress': ['6:37: a YAML tag (tag:yaml.org,2002:python/object/new:os.system); tags are not allowed, expected plain values'],
    },
    'local-tag': {
        'phase': ['3:8: a YAML tag (!local); tags are not allowed, expected plain values'],
        'organization': ['2:10: a YAML tag (!local); tags are not allowed, expected plain values'],
        'progress': ['6:37: a YAML tag (!local); tags are not allowed, expected plain values'],
    },
    'binary-tag': {
        'phase': ['3:8: a YAML tag (tag:yaml.org,2002:binary); tags are not allowed, expected plain values'],
        'organization': ['2:10: a YAML tag (tag:yaml.org,2002:binary); tags are not allowed, expected plain values'],
        'progress': ['6:37: a YAML tag (tag:yaml.org,2002:binary); tags are not allowed, expected plain values'],
    },
    'anchor': {
        'phase': ['3:8: an anchor (&a); anchors and aliases are not allowed, write the value out'],
        'organization': ['2:10: an anchor (&a); anchors and aliases are not allowed, write the value out'],
        'progress': ['6:37: an anchor (&a); anchors and aliases are not allowed, write the value out'],
    },
    "alias-bomb": {  # one error an anchor, 51 characters apart; nothing is expanded
        "phase": anchors(3, 9),
        "organization": anchors(2, 11),
        "progress": ["6:37: 'note' is a list; expected text", *anchors(6, 38)],
    },
    'deep-flow-nesting': {
        'phase': ['3:47: lists and mappings nested more than 40 deep; expected a flatter structure'],
        'organization': ['2:49: lists and mappings nested more than 40 deep; expected a flatter structure'],
        'progress': ['6:75: lists and mappings nested more than 40 deep; expected a flatter structure'],
    },
    'deep-block-nesting': {
        'phase': ['43:81: lists and mappings nested more than 40 deep; expected a flatter structure'],
        'organization': ['42:81: lists and mappings nested more than 40 deep; expected a flatter structure'],
        'progress': ['46:81: lists and mappings nested more than 40 deep; expected a flatter structure'],
    },
    'duplicate-key-nested': {
        'phase': ["3:15: duplicate key 'a' (first defined on line 3); keep one"],
        'organization': ["2:17: duplicate key 'a' (first defined on line 2); keep one"],
        'progress': [
            "6:37: 'note' is a mapping; expected text",
            "6:44: duplicate key 'a' (first defined on line 6); keep one",
        ],
    },
    'duplicate-key-top-level': {
        'phase': ["23:1: duplicate key 'order' (first defined on line 2); keep one"],
        'organization': ["3:1: duplicate key 'product' (first defined on line 2); keep one"],
        'progress': ["7:1: duplicate key 'hold-kick-off' (first defined on line 6); keep one"],
    },
    'nul-escape': {
        'phase': ["3:8: 'title' holds an invisible character (U+0000 a control character) that can disguise text; expected it removed"],
        'organization': ["2:10: 'product' holds an invisible character (U+0000 a control character) that can disguise text; expected it removed"],
        'progress': ["6:37: 'note' holds an invisible character (U+0000 a control character) that can disguise text; expected it removed"],
    },
    'nul-byte': {
        'phase': ['3:9: a control character (U+0000) is not allowed in YAML; remove it'],
        'organization': ['2:11: a control character (U+0000) is not allowed in YAML; remove it'],
        'progress': ['6:38: a control character (U+0000) is not allowed in YAML; remove it'],
    },
    'surrogate-bytes': {
        'phase': ['3:9: byte 0xed is not valid UTF-8; save the file as UTF-8'],
        'organization': ['2:11: byte 0xed is not valid UTF-8; save the file as UTF-8'],
        'progress': ['6:38: byte 0xed is not valid UTF-8; save the file as UTF-8'],
    },
    'latin-1': {
        'phase': ['3:11: byte 0xe9 is not valid UTF-8; save the file as UTF-8'],
        'organization': ['2:13: byte 0xe9 is not valid UTF-8; save the file as UTF-8'],
        'progress': ['6:40: byte 0xe9 is not valid UTF-8; save the file as UTF-8'],
    },
    'utf-16-with-bom': {
        'phase': ['1:1: byte 0xff is not valid UTF-8; save the file as UTF-8'],
        'organization': ['1:1: byte 0xff is not valid UTF-8; save the file as UTF-8'],
        'progress': ['1:1: byte 0xff is not valid UTF-8; save the file as UTF-8'],
    },
    'utf-16-le-without-bom': {
        'phase': ['1:2: a control character (U+0000) is not allowed in YAML; remove it'],
        'organization': ['1:2: a control character (U+0000) is not allowed in YAML; remove it'],
        'progress': ['1:2: a control character (U+0000) is not allowed in YAML; remove it'],
    },
    'utf-16-be-without-bom': {
        'phase': ['1:1: a control character (U+0000) is not allowed in YAML; remove it'],
        'organization': ['1:1: a control character (U+0000) is not allowed in YAML; remove it'],
        'progress': ['1:1: a control character (U+0000) is not allowed in YAML; remove it'],
    },
    'bom': {
        'phase': [],
        'organization': [],
        'progress': [],
    },
    'crlf': {
        'phase': [],
        'organization': [],
        'progress': [],
    },
    'bom-and-crlf': {
        'phase': [],
        'organization': [],
        'progress': [],
    },
}
