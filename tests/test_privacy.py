"""The `people` option: with `initials` or `none`, no personal name and no e-mail address in any built file.

One project a mode (module-scoped): the example organization with git history by several
authors (a contact, a contractor who is no contact, the fixtures' test author), a note that
names a contact and her address, built with `mkdocs build --strict` (and the handout PDFs when
WeasyPrint is installed), rendered with `playbook render` and printed with `playbook handout`.
Every file those write is read back (PDFs through pdftotext, sitemap.xml.gz decompressed) and
searched for every form a person's name takes. With the default `names` the same search must
find them, so the test fails when the data stops carrying them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import BIN, PHASES, ROOT, copy_project, git
from mkdocs_playbook import model as m
from mkdocs_playbook.output import pdf as pdf_output
from mkdocs_playbook.output.historyview import Attribution, PhaseHistory
from mkdocs_playbook.output.people import HIDDEN_ADDRESS, NEUTRAL, People, initials, person_key, published_problems
from mkdocs_playbook.output.people import published as published_data
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.loading import load_playbook
from pdftext import pdf_text

CONTACTS = yaml.safe_load((ROOT / "playbook" / "organization.yml").read_text("utf-8"))["contacts"]
AUTHORS = [  # (name, e-mail, the item their commit ticks): a contact, and a contractor nobody listed
    ("Thomas Hardy", "thomas.hardy@northwind.example", "expanded-user-feedback-summary"),
    ("Jordan Quill", "jq@contractor.example", "expanded-optimization-log"),
]
TEST_AUTHORS = ["Test Author", "author@example.test", "Test Committer", "committer@example.test"]
NOTE = "weekly on Tuesdays; minutes from Hanna Moos (hanna.moos@northwind.example), cc Frédérique"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PDF = pdf_output.unavailable() is None


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def person_terms() -> list[str]:
    """Every form of a person that must not be published: names, their words, slugs, addresses."""
    terms: set[str] = set()
    for name in [c["name"] for c in CONTACTS] + [a[0] for a in AUTHORS]:
        terms.update({name, _fold(name), person_key(name), *name.split(), *_fold(name).split()})
    terms.update(c["email"] for c in CONTACTS)
    terms.update(a[1] for a in AUTHORS)
    terms.update(TEST_AUTHORS)
    return sorted(terms)


def _theme_files() -> dict[str, bytes]:
    """The theme's and the search plugin's own files (a word list, license headers with addresses), by their
    path in the site: a built file identical to one of them is copied, not made from the data."""
    import material
    import mkdocs

    files: dict[str, bytes] = {}
    for templates in (Path(material.__file__).parent / "templates", Path(mkdocs.__file__).parent / "contrib/search/templates"):
        for path in templates.rglob("*"):
            if path.is_file():
                files[str(path.relative_to(templates))] = path.read_bytes()
    return files


def file_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@dataclass
class Published:
    mode: str
    root: Path
    texts: dict[str, str]
    """Every file written (site/, render/, handouts/), relative path -> its text."""

    def containing(self, term: str) -> list[str]:
        pattern = re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])")
        return [path for path, text in self.texts.items() if pattern.search(text)]


def _project(root: Path, mode: str) -> Path:
    project = copy_project(root)
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    option = "      handout_pdf: !ENV [PLAYBOOK_HANDOUT_PDF, false]\n"
    assert option in text
    config.write_text(text.replace(option, f"      handout_pdf: {str(PDF).lower()}\n      people: {mode}\n"), "utf-8")
    pilot = project.progress / "pilot.yml"
    text = pilot.read_text("utf-8")
    old = "hold-project-meetings: {status: in-progress, owner: thomas-hardy, note: weekly on Tuesdays}"
    assert old in text
    pilot.write_text(text.replace(old, old.replace("weekly on Tuesdays", repr(NOTE).replace("'", '"'))), "utf-8")
    project.commit_all("the meetings' note", date="2026-10-01T09:00:00+00:00")
    for day, (name, email, item) in enumerate(AUTHORS, start=10):
        text = pilot.read_text("utf-8")
        assert f"{item}: todo" in text
        pilot.write_text(text.replace(f"{item}: todo", f"{item}: done"), "utf-8")
        git(project.root, "add", "-A")
        when = f"2026-10-{day}T09:00:00+00:00"
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git(project.root, "commit", "-q", "-m", f"{item} done", env=env)
    return project.root


def _run(root: Path, *args: str) -> None:
    done = subprocess.run([*args], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module", params=["names", "initials", "none"])
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    mode: str = request.param
    root = _project(tmp_path_factory.mktemp(f"people-{mode}") / "project", mode)
    _run(root, str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site"))
    (root / "docs").mkdir()
    _run(root, str(BIN / "playbook"), "render", "docs/playbook")
    if PDF:
        _run(root, str(BIN / "playbook"), "handout", "--all", "-o", "handouts")
    theme = _theme_files()
    texts = {
        str(path.relative_to(root)): file_text(path)
        for folder in ("site", "docs", "handouts")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and path.suffix not in {".png", ".ico", ".woff", ".woff2", ".ttf"}
        and theme.get(str(path.relative_to(root / folder))) != path.read_bytes()
    }
    yield Published(mode, root, texts)


@pytest.mark.subprocess
def test_every_file_was_read(published: Published) -> None:
    kinds = {Path(p).suffix for p in published.texts}
    assert {".html", ".json", ".xml", ".gz", ".md", ".css"} <= kinds  # charts: SVG in the html; .js: the theme's, unchanged
    assert "site/search/search_index.json" in published.texts and "site/progress.json" in published.texts
    assert "docs/playbook/progress.json" in published.texts
    if PDF:
        assert sum(p.endswith(".pdf") for p in published.texts) >= 6  # the site's and the command's


SHOWN_BY_NAME = [
    *(c["name"] for c in CONTACTS),  # the contacts table
    *(c["email"] for c in CONTACTS),  # its mailto links
    "thomas-hardy",  # an owner slug
    "Jordan Quill",  # a git author who is no contact
    "Hanna Moos",  # in a note
]
"""What the same search finds with `names`: proof that it would find a leak."""


@pytest.mark.subprocess
@pytest.mark.parametrize("term", person_terms())
def test_no_form_of_a_name_is_published_unless_the_option_says_names(published: Published, term: str) -> None:
    found = published.containing(term)
    if published.mode == "names":
        assert found or term not in SHOWN_BY_NAME, f"{term!r} is in no built file with people: names"
    else:
        assert not found, f"{term!r} is published with people: {published.mode} in {found[:5]}"


@pytest.mark.subprocess
def test_no_email_address_is_published(published: Published) -> None:
    found = {(path, address) for path, text in published.texts.items() for address in EMAIL.findall(text)}
    if published.mode == "names":
        assert ("site/index.html", "maria.anders@northwind.example") in found
    else:
        assert not found


REPLACEMENTS = {  # mode -> what stands where a person was: (file, text)
    "initials": [
        ("site/index.html", "M. A."),  # the contacts table
        ("site/pilot/index.html", "J. Q."),  # the contractor's tick, from git
        ("site/pilot/index.html", "T. H."),  # an owner slug
        ("site/pilot/index.html", "minutes from H. M. (H. M.), cc F."),  # the note: a contact's address is the contact
        ("site/progress.json", '"ticked_by": "J. Q."'),
        ("docs/playbook/pilot.md", "T. H."),
    ],
    "none": [
        ("site/index.html", "Executive sponsor"),
        ("site/pilot/index.html", NEUTRAL),  # the contractor's tick
        ("site/pilot/index.html", "owner: <span class=\"pb-person\">Project lead</span>"),
        ("site/pilot/index.html", "minutes from Service desk manager (Service desk manager), cc a team member"),
        ("site/progress.json", f'"ticked_by": "{NEUTRAL}"'),
        ("docs/playbook/pilot.md", "Project lead"),
    ],
}


@pytest.mark.subprocess
def test_people_appear_as_the_option_says(published: Published) -> None:
    import html

    for path, expected in REPLACEMENTS.get(published.mode, []):
        assert expected in html.unescape(published.texts[path]), (path, expected)
    if PDF and published.mode != "names":
        pdf = " ".join(published.texts["handouts/pilot-handout.pdf"].split())
        owner = "T. H." if published.mode == "initials" else "Project lead"
        assert f"Decides on exit {owner}" in pdf


@pytest.mark.subprocess
def test_contacts_table_drops_the_columns_it_has_nothing_for(published: Published) -> None:
    from bs4 import BeautifulSoup

    table = BeautifulSoup(published.texts["site/index.html"], "html.parser").select_one("table[data-pb=contacts]")
    assert table is not None
    headers = [th.get_text() for th in table.select("th")]
    assert headers == {"names": ["Name", "Role", "Email"], "initials": ["Name", "Role"], "none": ["Role"]}[published.mode]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maria Anders", "M. A."),
        ("thomas-hardy", "T. H."),
        ("Frédérique Citeaux", "F. C."),
        ("jean-luc.picard", "J. L. P."),
        ("<script>alert(1)</script>", "S."),
        ("<>&\"'", NEUTRAL),
        ("", NEUTRAL),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


HOSTILE = m.Contact(name="<script>x</script> Evil", role='<img src=x onerror="alert(1)">', email="e@x.example")


@pytest.mark.parametrize(
    ("mode", "who", "expected"),
    [
        ("names", "thomas-hardy", "thomas-hardy"),
        ("initials", "thomas-hardy", "T. H."),
        ("initials", "Thomas  Hardy", "T. H."),
        ("initials", "THOMAS.HARDY@northwind.example", "T. H."),
        ("initials", "business-lead", "C. B."),  # a role's slug names the contact with that role
        ("initials", "comms-team", "C. T."),  # nobody known: initials all the same
        ("none", "thomas-hardy", "Project lead"),
        ("none", "frederique-citeaux", "Communications lead"),
        ("none", "someone@else.example", NEUTRAL),
        ("none", "<script>x</script> Evil", HOSTILE.role),  # the gate escapes it on the way out
        ("initials", "<script>x</script> Evil", "S. E."),  # letters only, and the gate escapes anyway
    ],
)
def test_person(mode: str, who: str, expected: str) -> None:
    contacts = [m.Contact(c["name"], c["role"], c["email"]) for c in CONTACTS] + [HOSTILE]
    assert People(mode, contacts).person(who) == expected


def test_free_text_keeps_ordinary_words() -> None:
    people = People("initials", [m.Contact("Will Test", "Lead")], ["Ana Trujillo"])
    assert people.text("we will run the test; Will Test and ana trujillo agreed, Ana too, ask x@y.example") == (
        f"we will run the test; W. T. and A. T. agreed, A. too, ask {HIDDEN_ADDRESS}"
    )


@pytest.mark.subprocess
def test_the_problems_banner_quotes_no_name(tmp_path: Path) -> None:
    """A plain (not strict) build with a broken line publishes the problem on every page: under the option."""
    root = _project(tmp_path / "project", "initials")
    pilot = root / "playbook" / "progress" / "pilot.yml"
    line = "expanded-weekly-metrics-reports: {status: in-progress, owner: thomas-hardy}"
    text = pilot.read_text("utf-8")
    assert line in text
    pilot.write_text(text.replace(line, 'expanded-weekly-metrics-reports: "Thomas Hardy, thomas.hardy@northwind.example"'))
    done = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(root / "site")], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Thomas Hardy, thomas.hardy@northwind.example" in done.stderr  # the terminal is the team's
    banner = (root / "site" / "index.html").read_text("utf-8")
    assert "pilot.yml" in banner and "T. H., T. H." in banner
    assert "Thomas" not in banner and "Hardy" not in banner and "@" not in banner


ROLE = '<img src=x onerror="alert(7)">lead'


@pytest.mark.subprocess
@pytest.mark.parametrize("mode", ["initials", "none"])
def test_published_forms_are_still_escaped(tmp_path: Path, mode: str) -> None:
    """A role shown instead of a name is data like the name was: the output gate escapes it."""
    from test_output_gate import scan_site

    root = _project(tmp_path / "project", mode)
    config = root / "mkdocs.yml"  # the HTML is what a browser runs; the PDFs are read above
    config.write_text(config.read_text("utf-8").replace("handout_pdf: true", "handout_pdf: false"), "utf-8")
    organization = root / "playbook" / "organization.yml"
    text = organization.read_text("utf-8")
    organization.write_text(text.replace("role: Project lead", f"role: '{ROLE}'").replace(
        "  - name: Maria Anders", "  - name: <script>alert(8)</script> Anders"), "utf-8")
    done = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(root / "site")], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert scan_site(root / "site") == []
    page = (root / "site" / "pilot" / "index.html").read_text("utf-8")
    if mode == "none":
        from bs4 import BeautifulSoup

        owners = BeautifulSoup(page, "html.parser").select(".pb-owner")
        shown = [o for o in owners if o.get_text() == f"owner: {ROLE}"]
        # the role as text in the person's span, no element made of it
        assert shown and all([e.name for e in o.find_all(True)] == ["span"] for o in shown)
    else:
        assert "S. A." in (root / "site" / "index.html").read_text("utf-8")


@pytest.mark.subprocess
@pytest.mark.parametrize("command", [["render", "docs/playbook"], ["handout", "pilot", "-o", "x.pdf"]])
def test_commands_refuse_an_unknown_people_value(tmp_path: Path, command: list[str]) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - playbook:\n", "  - playbook:\n      people: everyone\n"))
    (project.root / "docs").mkdir()
    done = subprocess.run([str(BIN / "playbook"), *command], cwd=project.root, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert "people: 'everyone'; expected one of: names, initials, none" in done.stderr
    assert not (project.root / "docs" / "playbook").exists() and not (project.root / "x.pdf").exists()


def _strings(value: object) -> Iterator[str]:
    """Every string inside loaded data: dataclasses, mappings, tuples, as deep as they go."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "location":  # where a value was read, not what the site shows
                yield from _strings(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("mode", ["names", "initials", "none"])
def test_the_published_data_holds_no_person_unless_names(mode: str) -> None:
    """In-process, over the example's loaded data and a history by a contact and a contractor: every
    string the Renderer could show. Kept in-process so the mutation run (tools/mutation.py) sees it."""
    loaded = load_playbook(PHASES, ROOT / "playbook")
    assert loaded.playbook is not None
    when = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    history = {
        "pilot": PhaseHistory({
            "identify-pilot-users": Attribution("Thomas Hardy", when, "a" * 40),
            "define-support-process": Attribution("Jordan Quill", when, "b" * 40),
        })
    }
    playbook, shown = published_data(loaded.playbook, history, mode)
    text = "\n".join([*_strings(playbook), *_strings(shown)])
    forms = [t for t in person_terms() if t not in TEST_AUTHORS and len(t) > 2]
    found = sorted({t for t in forms if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)})
    if mode == "names":
        assert {"Thomas Hardy", "thomas-hardy", "maria.anders@northwind.example", "Jordan Quill"} <= set(found)
    else:
        assert found == []
        assert EMAIL.findall(text) == []
        assert ("T. H." if mode == "initials" else "Project lead") in text


PERSON_FIELDS = ("by", "owner")
NAMED = "asked Thomas Hardy and Jordan Quill (jq@contractor.example)"
"""Free text naming a contact, a git author who is no contact, and an address."""


def _with_names_in_every_text(playbook: m.Playbook) -> m.Playbook:
    """The example with NAMED in each free-text field of one item, every decision's reason and every
    measurement's note: a field the rule forgot would then show in the comparison."""
    progress = dict(playbook.progress)
    pilot = progress["pilot"]
    state = pilot.states["hold-project-meetings"]
    named = dataclasses.replace(state, note=NAMED, evidence=NAMED, reason=NAMED, answer=NAMED)
    progress["pilot"] = dataclasses.replace(pilot, states={**pilot.states, state.id: named})
    decisions = {p: tuple(dataclasses.replace(d, reason=NAMED) for d in ds) for p, ds in playbook.decisions.items()}
    measurements = {p: tuple(dataclasses.replace(x, note=NAMED) for x in xs) for p, xs in playbook.measurements.items()}
    assert decisions and measurements
    return dataclasses.replace(playbook, progress=progress, decisions=decisions, measurements=measurements)
TEXT_FIELDS = ("note", "evidence", "reason", "answer")


@pytest.mark.parametrize("mode", ["initials", "none"])
def test_each_field_is_published_in_its_form_and_nothing_else_changes(mode: str) -> None:
    """Field by field: people fields take `People.person`, free text `People.text`, contacts their
    published form, and every other value is the loaded one (dropping or mixing up data is a bug too)."""
    loaded = load_playbook(PHASES, ROOT / "playbook")
    assert loaded.playbook is not None
    original = _with_names_in_every_text(loaded.playbook)
    when = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    history = {"pilot": PhaseHistory({"identify-pilot-users": Attribution("Jordan Quill", when, "a" * 40)})}
    playbook, shown = published_data(original, history, mode)
    people = People(mode, original.organization.contacts, ["Jordan Quill"])
    assert "Thomas" not in people.text(NAMED) and "Quill" not in people.text(NAMED) and "@" not in people.text(NAMED)

    expected_contacts = [
        ("" if mode == "none" else initials(c["name"]), c["role"]) for c in CONTACTS
    ]
    assert [(c.name, c.role) for c in playbook.organization.contacts] == expected_contacts
    assert all(c.email == "" for c in playbook.organization.contacts)
    assert dataclasses.replace(playbook.organization, contacts=original.organization.contacts) == original.organization

    changed = 0
    for phase_id, progress in original.progress.items():
        for key, state in progress.states.items():
            after = playbook.progress[phase_id].states[key]
            for name in PERSON_FIELDS:
                value = getattr(state, name)
                assert getattr(after, name) == (None if value is None else people.person(value)), (key, name)
            for name in TEXT_FIELDS:
                value = getattr(state, name)
                assert getattr(after, name) == (None if value is None else people.text(value)), (key, name)
            restored = dataclasses.replace(after, **{n: getattr(state, n) for n in (*PERSON_FIELDS, *TEXT_FIELDS)})
            assert restored == state
            changed += after != state
    assert changed >= 5  # the example's owners and `by`s: the loop saw people

    for phase_id, plan in original.plans.items():
        after_plan = playbook.plans[phase_id]
        assert (after_plan.decision_owner, after_plan.rollback_owner) == (
            people.person(plan.decision_owner), people.person(plan.rollback_owner))
        assert dataclasses.replace(after_plan, decision_owner=plan.decision_owner, rollback_owner=plan.rollback_owner) == plan
    for phase_id, decisions in original.decisions.items():
        for before, after_decision in zip(decisions, playbook.decisions[phase_id], strict=True):
            assert (after_decision.by, after_decision.reason) == (people.person(before.by), people.text(before.reason))
            assert dataclasses.replace(after_decision, by=before.by, reason=before.reason) == before
    for phase_id, measurements in original.measurements.items():
        for before_m, after_m in zip(measurements, playbook.measurements[phase_id], strict=True):
            assert after_m.note == people.text(before_m.note)
            assert dataclasses.replace(after_m, note=before_m.note) == before_m
    assert playbook.phases == original.phases
    assert shown["pilot"].attributions["identify-pilot-users"] == dataclasses.replace(
        history["pilot"].attributions["identify-pilot-users"], author="J. Q." if mode == "initials" else NEUTRAL)


@pytest.mark.parametrize(("mode", "shown"), [("initials", "T. H., T. H."), ("none", "Project lead, Project lead")])
def test_a_problem_a_page_quotes_is_free_text_under_the_option(mode: str, shown: str) -> None:
    contacts = [m.Contact(c["name"], c["role"], c["email"]) for c in CONTACTS]
    problem = Diagnostic("playbook/progress/pilot.yml", 7, 3, "'x' is the text 'Thomas Hardy, thomas.hardy@northwind.example'")
    assert published_problems([problem], mode, contacts) == [
        Diagnostic("playbook/progress/pilot.yml", 7, 3, f"'x' is the text '{shown}'")
    ]
