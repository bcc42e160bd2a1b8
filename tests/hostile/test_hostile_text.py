"""HTML, Jinja and Markdown tricks in EVERY free-text field of every file kind.

The fields come from the schemas (`hostile.kit.text_fields`): every block type's fragment
merged into the phase schema, the organization schema and the progress schema. Each field
gets its own numbered payload holding a script tag, an image with onerror, a javascript:
link, an attribute list and three kinds of Jinja, written into a copy of the example
project where the example data has that field. One project, built once; then per field:

- `playbook check` and `mkdocs build --strict` report it at its exact `path:line:col` with
  exactly the link, HTML and attribute-list problems, and nothing else is reported;
- the site built without --strict shows the value as literal text (Jinja not evaluated),
  and no element, handler or link in the site came from data;
- nothing was written outside the build folder, and the data files are byte-identical.

Covered elsewhere, not repeated here: the logo and contact email rules
(tests/test_output_gate.py::test_check_refuses_logo, ::test_contact_email_is_not_a_link),
evidence with javascript: (tests/test_output_gate.py, "evidence"), commit author names
(::test_note_and_author_display_as_text), Jinja that would run a shell command
(::test_data_is_never_a_template), macros only on pages that opt in
(::test_macros_run_only_on_pages_that_opt_in), invisible characters in a title
(::test_check_reports_the_value_at_its_location[invisible character]).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hostile import kit

from conftest import Project, copy_project

PHASE_FILES = ("pilot", "proof-of-concept", "enterprise-rollout")
NOT_PROSE = {("logo",)}  # a URL with its own rule: tests/test_output_gate.py::test_check_refuses_logo
PROGRESS_STATUS = {"by": "done", "note": "done", "owner": "in-progress", "reason": "skipped"}
"""The status an entry needs for each progress field to make sense; `answer` goes on a question."""


def payload(n: int) -> str:
    return (f"H{n:03d}x {{{{ 7*7 }}}} {{% raw %}} {{# c #}} <script>alert({n})</script> "
            f"<img src=x onerror=alert({n})> [x](javascript:alert({n})) {{: onclick=\"alert({n})\" }}")


@dataclass(frozen=True)
class Field:
    """One hostile value: which schema field, where it was written, what must be said about it."""

    kind: str
    pattern: kit.Pattern
    path: str
    line: int
    column: int
    number: int

    @property
    def id(self) -> str:
        return f"{self.kind}:" + "/".join("*" if p is None else p for p in self.pattern)

    @property
    def value(self) -> str:
        return payload(self.number)

    def problems(self) -> list[str]:
        name = next(p for p in reversed(self.pattern) if p is not None)
        where = f"{self.path}:{self.line}:{self.column}: '{name}'"
        n = self.number
        return [
            f"{where} links to 'javascript:alert({n})' (a javascript: link); "
            "expected an http, https or mailto link or a relative path",
            f"{where} holds HTML (<script>); expected plain text without tags (to show a tag, put it in backticks: `<b>`)",
            f"{where} holds an attribute list ({{: onclick=\"alert({n})\" }}); "
            "expected text without {: {# {. or {name=, which would set HTML attributes",
        ]


def write_phases_and_organization(root: Path, fields: list[Field]) -> None:
    """Put a payload into the first value of each text field, in the phase files and the organization."""
    plans = [("phase", [f"phases/{name}.yml" for name in PHASE_FILES]), ("organization", ["playbook/organization.yml"])]
    for kind, files in plans:
        data = {name: yaml.safe_load((root / name).read_text("utf-8")) for name in files}
        chosen: dict[str, list[tuple[kit.Pattern, kit.JsonPath, int]]] = {name: [] for name in files}
        for pattern in kit.text_fields(kit.schema(kind)):
            if pattern in NOT_PROSE:
                continue
            name, where = next(((name, path) for name in files for path in kit.instances(data[name], pattern)),
                               (None, None))
            assert name is not None and where is not None, f"no example of {pattern} in {files}: add one to the data"
            number = len(fields) + sum(len(c) for c in chosen.values()) + 1
            kit.set_at(data[name], where, payload(number))
            chosen[name].append((pattern, where, number))
        for name in files:
            up = "../" * name.count("/")
            text, marks = kit.emit(data[name], f"# yaml-language-server: $schema={up}plugins/mkdocs_playbook/schemas/{kind}.schema.json\n")
            (root / name).write_text(text, "utf-8")
            fields += [Field(kind, pattern, name, *marks[where], number) for pattern, where, number in chosen[name]]


def write_progress(root: Path, fields: list[Field]) -> None:
    """One hostile entry a progress field, each on the one line of an entry of the pilot's progress."""
    path = root / "playbook" / "progress" / "pilot.yml"
    lines = path.read_text("utf-8").splitlines()
    example = yaml.safe_load("\n".join(lines))
    questions = [key for key, value in example.items() if isinstance(value, dict) and "answer" in value]
    items = [key for key, value in example.items() if value == "done"]
    for pattern in kit.text_fields(kit.schema("progress")):
        name = pattern[-1]
        assert isinstance(name, str)
        number = len(fields) + 1
        key = questions.pop(0) if name == "answer" else items.pop(0)
        status = "" if name == "answer" else f"status: {PROGRESS_STATUS.get(name, 'done')}, "
        quoted = json.dumps(payload(number), ensure_ascii=False)
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[index] = f"{key}: {{{status}{name}: {quoted}}}"
        fields.append(Field("progress", pattern, "playbook/progress/pilot.yml", index + 1, lines[index].index(quoted) + 1,
                            number))
    path.write_text("\n".join(lines) + "\n", "utf-8")


def plan(root: Path) -> list[Field]:
    fields: list[Field] = []
    write_phases_and_organization(root, fields)
    write_progress(root, fields)
    return fields


@dataclass
class Built:
    project: Project
    fields: list[Field]
    check_out: str
    check_code: int
    strict_log: str
    strict_code: int
    before: dict[str, str]
    after: dict[str, str]
    texts: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("hostile-text")
    project = copy_project(base / "project")
    fields = plan(project.root)
    project.commit_all("Hostile values", "2026-09-02T12:00:00+00:00")
    before = kit.snapshot(base, project.root / "site")
    checked = kit.check(project.root)
    strict = kit.build(project.root, strict=True)
    done = kit.build(project.root, strict=False)
    assert done.returncode == 0, done.stderr
    texts = {name: page.get_text() for name, page in kit.pages(project.root / "site").items()}
    yield Built(project, fields, checked.stdout, checked.returncode, strict.stderr, strict.returncode, before,
                kit.snapshot(base, project.root / "site"), texts)


def field_ids() -> list[str]:
    """The field ids, from the schemas alone, so parametrization does not need a build."""
    ids = []
    for kind in ("phase", "organization", "progress"):
        ids += [f"{kind}:" + "/".join("*" if p is None else p for p in pattern)
                for pattern in kit.text_fields(kit.schema(kind)) if not (kind == "organization" and pattern in NOT_PROSE)]
    return ids


def field(built: Built, name: str) -> Field:
    return next(f for f in built.fields if f.id == name)


def test_every_schema_text_field_got_a_payload(built: Built) -> None:
    assert sorted(f.id for f in built.fields) == sorted(field_ids())
    assert len(built.fields) >= 60  # the schemas have about 70 prose fields today


@pytest.mark.parametrize("name", field_ids())
def test_check_reports_the_field_at_its_position(built: Built, name: str) -> None:
    case = field(built, name)
    reported = [line for line in built.check_out.splitlines() if line.startswith(f"{case.path}:{case.line}:")]
    assert sorted(reported) == sorted(case.problems()), built.check_out


def test_check_reports_nothing_else(built: Built) -> None:
    expected = sorted(p for f in built.fields for p in f.problems())
    reported = [line for line in built.check_out.splitlines() if not line.startswith("checked ")]
    assert built.check_code == 1
    assert sorted(reported) == expected


def test_strict_build_fails_with_the_same_problems(built: Built) -> None:
    assert built.strict_code == 1
    assert "Traceback" not in built.strict_log
    assert sorted(kit.warnings(built.strict_log)) == sorted(p for f in built.fields for p in f.problems())


@pytest.mark.parametrize("name", field_ids())
def test_value_shows_as_literal_text(built: Built, name: str) -> None:
    case = field(built, name)
    marker = case.value.split(" ", 1)[0]
    shown = {page: text.count(case.value) for page, text in built.texts.items() if marker in text}
    assert shown, f"{marker} is on no page"
    assert any(shown.values()), f"{case.value!r} is not shown whole on any of {sorted(shown)}"
    for page, text in built.texts.items():
        assert f"{marker} 49" not in text, f"Jinja was evaluated on {page}"


def test_nothing_in_the_site_would_run(built: Built) -> None:
    assert kit.scan(built.project.root / "site") == []


def test_nothing_written_outside_the_build_folder_and_data_unchanged(built: Built) -> None:
    assert built.after == built.before
