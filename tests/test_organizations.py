"""Several organizations in one repository: `playbook build/check/status --all` (README "Several organizations").

One real git repository holds three organizations under orgs/, each inheriting base.yml, all
sharing one phases/ folder, each with progress ticked by its own git author. It is built once
(`playbook build --all`, each site in its own MkDocs process), and every built file of every
site is searched for every other organization's names, products, contacts, e-mail addresses,
authors and URLs: isolation is the rule, and a single leak fails the test.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, DEMO_PHASE, ROOT, demo_progress, git
from mkdocs_playbook.commands.build import error_lines
from mkdocs_playbook.output.buildprogress import BuildProgress
from mkdocs_playbook.source.sites import NoSites, discover

BASE = """\
site_description: Shared settings of every organization
docs_dir: playbook
exclude_docs: |
  /organization.yml
  /progress/
theme:
  name: material
  palette:
    scheme: default
plugins:
  search: {}
  playbook:
    phases_dir: ../../phases
    theme_from_organization: true
"""


@dataclass(frozen=True)
class Org:
    folder: str
    name: str
    product: str
    contact: str
    email: str
    author: str
    author_email: str
    palette: str

    @property
    def site_url(self) -> str:
        return f"https://sites.example.org/{self.folder}-pages/"

    @property
    def repo_url(self) -> str:
        return f"https://git.example.org/{self.folder}-team/playbook"

    @property
    def logo(self) -> str:
        return f"{self.folder}-mark.svg"

    def secrets(self) -> list[str]:
        """What must never appear in another organization's site."""
        return [
            self.name.split()[0], self.product, self.contact, self.email, self.author, self.author_email,
            self.site_url, self.repo_url, self.logo,
        ]  # fmt: skip


ORGS = (
    Org("alpha", "Aldebaran Logistics", "Quokka Fleet Manager", "Imelda Varga", "imelda.varga@aldebaran.test",
        "Oskar Brandvold", "oskar.brandvold@aldebaran.test", "red"),
    Org("bravo", "Betelgeuse Mutual", "Narwhal Claims Desk", "Priya Raghunathan", "priya@betelgeuse.test",
        "Tomasz Wilczek", "tomasz.wilczek@betelgeuse.test", "teal"),
    # a hostile name: markup (shown as code, the only way the schema takes a tag) and quotes, escaped in its
    # own site, absent elsewhere
    Org("charlie", "Capella `<script>alert('pwn')</script>` & \"Sons\"", "Wombat Ledger", "Zuzana Horakova",
        "zuzana@capella.test", "Emeka Okonkwo", "emeka.okonkwo@capella.test", "deep-purple"),
)  # fmt: skip


def organization_yml(org: Org) -> str:
    return (
        f"name: {json.dumps(org.name)}\nproduct: {org.product}\nlogo: {org.logo}\n"
        f"palette:\n  primary: {org.palette}\n"
        f"contacts:\n  - name: {org.contact}\n    role: Project lead\n    email: {org.email}\n"
        "phases: [demo]\n"
    )


def site_yml(org: Org) -> str:
    return (
        f"INHERIT: ../../base.yml\nsite_name: Playbook\nsite_url: {org.site_url}\nrepo_url: {org.repo_url}\n"
        # one option of the plugin set here, the others kept from base.yml (plugins is a mapping)
        "plugins:\n  playbook:\n    due_soon_days: 30\n"
    )


def make_repository(root: Path) -> Path:
    """base.yml, phases/, and orgs/<name>/ each committed, then ticked in a commit by its own author."""
    (root / "phases").mkdir(parents=True)
    (root / "phases" / "demo.yml").write_text(DEMO_PHASE, "utf-8")
    (root / "base.yml").write_text(BASE, "utf-8")
    for org in ORGS:
        playbook = root / "orgs" / org.folder / "playbook"
        (playbook / "progress").mkdir(parents=True)
        (root / "orgs" / org.folder / "mkdocs.yml").write_text(site_yml(org), "utf-8")
        (playbook / "organization.yml").write_text(organization_yml(org), "utf-8")
        (playbook / org.logo).write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><title>{org.folder} mark</title></svg>', "utf-8"
        )
        (playbook / "progress" / "demo.yml").write_text(demo_progress("todo"), "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three organizations", env={"GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00"})
    for org in ORGS:
        (root / "orgs" / org.folder / "playbook" / "progress" / "demo.yml").write_text(demo_progress("done"), "utf-8")
        author = {"GIT_AUTHOR_NAME": org.author, "GIT_AUTHOR_EMAIL": org.author_email,
                  "GIT_AUTHOR_DATE": "2026-10-01T12:00:00+00:00"}  # fmt: skip
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Users identified", env=author)
    return root


def playbook(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "playbook"), *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("orgs") / "repo")


@pytest.fixture(scope="module")
def built(repository: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    done = playbook(repository, "build", "--all", "--strict", "-d", "out", "-j", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    return repository / "out", done


def texts(site: Path) -> dict[str, str]:
    """Every built file as text (gzip unpacked), with its HTML entities and URL escapes undone too."""
    found: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        found[path.relative_to(site).as_posix()] = "\n".join((text, html.unescape(text), unquote(text)))
    return found


@pytest.mark.subprocess
def test_build_all_makes_one_site_per_organization(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, done = built
    assert sorted(p.name for p in out.iterdir()) == ["alpha", "bravo", "charlie"]
    for org in ORGS:
        assert (out / org.folder / "index.html").is_file()
        assert (out / org.folder / "progress.json").is_file()
        assert (out / org.folder / "search" / "search_index.json").is_file()
    # not a TTY: one line per site with its time, and a summary
    for org in ORGS:
        assert f"orgs/{org.folder}/mkdocs.yml: built in " in done.stderr
    assert done.stdout == "playbook build: 3 sites built\n"  # the outcome on stdout, the progress lines on stderr
    assert "\r" not in done.stderr


@pytest.mark.subprocess
def test_no_site_holds_another_organizations_data(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = built
    for org in ORGS:
        files = texts(out / org.folder)
        kinds = {Path(name).suffix for name in files}
        assert {".html", ".json", ".xml", ".gz", ".js", ".css", ".svg"} <= kinds
        everything = "\n".join(files.values())
        raw = [path for path in (out / org.folder).rglob("*.html") if "<script>alert" in path.read_text("utf-8")]
        assert raw == []
        # the test can fail: the organization's own data is there
        for own in set(org.secrets()) - {org.author_email}:  # an author's address is never published
            assert own in everything, f"{own!r} missing from {org.folder}'s own site"
        for other in ORGS:
            if other is org:
                continue
            for secret in other.secrets():
                leaks = [name for name, text in files.items() if secret in text]
                assert leaks == [], f"{other.folder}'s {secret!r} in {org.folder}'s {leaks}"


@pytest.mark.subprocess
def test_each_site_has_its_own_urls_branding_and_commit_links(
    built: tuple[Path, subprocess.CompletedProcess[str]], repository: Path
) -> None:
    out, _ = built
    for org in ORGS:
        page = BeautifulSoup((out / org.folder / "index.html").read_text("utf-8"), "html.parser")
        assert page.find("link", rel="canonical")["href"].startswith(org.site_url)
        assert org.site_url in (out / org.folder / "sitemap.xml").read_text("utf-8")
        assert page.find("a", class_="md-source")["href"] == org.repo_url
        assert page.body["data-md-color-primary"] == org.palette
        assert page.find("img", src=org.logo) is not None
        assert (out / org.folder / org.logo).is_file()
        assert page.title.get_text() == f"Dashboard - {org.name} rollout playbook"  # escaped, reads back as written
        assert "<script>alert" not in str(page.title)
        commit = git(repository, "log", "-1", "--format=%H", f"--author={org.author_email}").strip()
        phase = BeautifulSoup((out / org.folder / "demo" / "index.html").read_text("utf-8"), "html.parser")
        ticked = phase.find("span", class_="pb-ticked")
        assert ticked.find("span", class_="pb-author").get_text() == org.author
        assert ticked.find("a")["href"] == f"{org.repo_url}/commit/{commit}"
    # the title and palette above come from base.yml's theme_from_organization: the orgs' own
    # `plugins: {playbook: {due_soon_days: 30}}` merged into base.yml's mapping, key by key


@pytest.mark.subprocess
def test_check_all_covers_every_site_and_names_a_problem_with_its_path(
    tmp_path: Path, repository: Path
) -> None:
    clean = playbook(repository, "check", "--all")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert [line for line in clean.stdout.splitlines() if line.startswith("==")] == [
        f"== orgs/{org.folder}/mkdocs.yml ==" for org in ORGS
    ]
    broken = tmp_path / "repo"
    shutil.copytree(repository, broken, ignore=shutil.ignore_patterns("out"))
    progress = broken / "orgs" / "bravo" / "playbook" / "progress" / "demo.yml"
    progress.write_text(demo_progress("finished"), "utf-8")
    done = playbook(broken, "check", "--all")
    assert done.returncode == 1
    bravo = done.stdout.split("== orgs/bravo/mkdocs.yml ==")[1].split("==")[0]
    assert "orgs/bravo/playbook/progress/demo.yml:4:" in bravo and "finished" in bravo
    assert "progress/demo.yml" not in done.stdout.replace(bravo, "")
    as_json = json.loads(playbook(broken, "check", "--all", "--format", "json").stdout)
    assert [(s["site"], s["result"]["ok"]) for s in as_json["sites"]] == [
        ("orgs/alpha/mkdocs.yml", True), ("orgs/bravo/mkdocs.yml", False), ("orgs/charlie/mkdocs.yml", True)
    ]  # fmt: skip
    assert as_json["ok"] is False


@pytest.mark.subprocess
def test_a_failing_site_does_not_stop_the_others_and_the_current_folders_site_goes_first(
    tmp_path: Path, repository: Path
) -> None:
    """With -d DIR, a site in the current folder is built into DIR (first: MkDocs empties DIR), each
    organization into DIR/<name>/. One organization's bad data and another's folder taken by a page of
    that site fail those two, named with MkDocs' own lines; the others build."""
    root = tmp_path / "repo"
    shutil.copytree(repository, root, ignore=shutil.ignore_patterns("out"))
    (root / "orgs" / "alpha" / "playbook" / "progress" / "demo.yml").write_text(demo_progress("finished"), "utf-8")
    (root / "home" / "progress").mkdir(parents=True)
    (root / "home" / "organization.yml").write_text("name: Umbrella Group\nproduct: Portal\nphases: [demo]\n", "utf-8")
    (root / "home" / "progress" / "demo.yml").write_text(demo_progress(), "utf-8")
    (root / "home" / "bravo").mkdir()
    (root / "home" / "bravo" / "index.md").write_text("# Our page named like an organization\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Umbrella\ndocs_dir: home\nexclude_docs: |\n  /organization.yml\n  /progress/\n"
        "plugins:\n  - playbook:\n      phases_dir: phases\n      history: false\n",
        "utf-8",
    )
    done = playbook(root, "build", "--all", "--strict", "-d", "public", "-j", "2")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("[1/4] mkdocs.yml: built in ") and lines[0].endswith("-> public")
    assert (root / "public" / "index.html").is_file()
    assert (root / "public" / "charlie" / "index.html").is_file()
    assert "Our page named like an organization" in (root / "public" / "bravo" / "index.html").read_text("utf-8")
    summary = done.stderr.split("2 of 4 sites failed:")[1]
    alpha, bravo = summary.split("  orgs/bravo/mkdocs.yml:")
    assert alpha.startswith("\n  orgs/alpha/mkdocs.yml:\n")
    # MkDocs' own warning line, with the data's location as a path from where the command ran
    assert "WARNING" in alpha and "orgs/alpha/playbook/progress/demo.yml:4:" in alpha and "finished" in alpha
    assert "Aborted with 1 warnings in strict mode!" in alpha
    assert "public/bravo is part of the site built into its parent folder" in bravo
    assert "charlie" not in summary


@pytest.mark.subprocess
def test_one_site_with_f_goes_into_dir(tmp_path: Path, repository: Path) -> None:
    done = playbook(repository, "build", "-f", "orgs/alpha/mkdocs.yml", "-d", str(tmp_path / "one"))
    assert done.returncode == 0, done.stderr
    assert "Aldebaran" in (tmp_path / "one" / "index.html").read_text("utf-8")
    assert done.stdout == "playbook build: 1 site built\n"


@pytest.mark.subprocess
def test_two_sites_into_one_folder_is_refused_before_building(tmp_path: Path, repository: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(repository, root, ignore=shutil.ignore_patterns("out"))
    (root / "base.yml").write_text(BASE + "site_dir: ../../public\n", "utf-8")
    done = playbook(root, "build", "--all")
    assert done.returncode == 2
    assert "orgs/bravo/mkdocs.yml and orgs/alpha/mkdocs.yml would both be built into public" in done.stderr
    assert not (root / "public").exists()


@pytest.mark.subprocess
def test_status_all_shows_each_organization_under_its_heading(repository: Path) -> None:
    done = playbook(repository, "status", "--all")
    assert done.returncode == 0, done.stderr
    sections = done.stdout.split("== orgs/")[1:]
    assert [section.split("/")[0] for section in sections] == [org.folder for org in ORGS]
    for org, section in zip(ORGS, sections, strict=True):
        assert org.name.split()[0] in section
        assert all(other.name.split()[0] not in section for other in ORGS if other is not org)


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "args",
    [
        ["check", "--all", "-f", "orgs/alpha/mkdocs.yml"],
        ["status", "--all", "--playbook", "orgs/alpha/playbook"],
        ["check", "--all", "--phases", "phases"],
        ["build", "--all", "-f", "orgs/alpha/mkdocs.yml"],
    ],
)
def test_all_with_a_flag_naming_one_site_is_a_usage_error(repository: Path, args: list[str]) -> None:
    done = playbook(repository, *args)
    assert done.returncode == 2
    assert "--all covers every site" in done.stderr


@pytest.mark.subprocess
@pytest.mark.parametrize("command", ["build", "check", "status"])
def test_no_site_found_says_where_it_looked(tmp_path: Path, command: str) -> None:
    done = playbook(tmp_path, command, "--all")
    assert done.returncode == 2
    assert "no site found" in done.stderr and "orgs/*/mkdocs.yml" in done.stderr


# --- discovery, in-process ---------------------------------------------------------------------


def _site(folder: Path, plugin: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    plugins = "plugins:\n  - playbook\n" if plugin else "plugins:\n  - search\n"
    (folder / "mkdocs.yml").write_text(f"site_name: x\n{plugins}", "utf-8")


def test_discovery_takes_the_current_site_only_when_it_lists_the_plugin(tmp_path: Path) -> None:
    for name in ("zulu", "alpha", ".hidden"):
        _site(tmp_path / "orgs" / name, plugin=False)
    (tmp_path / "orgs" / "no-site").mkdir()
    _site(tmp_path, plugin=False)
    assert [s.name for s in discover(tmp_path)] == ["alpha", "zulu"]
    _site(tmp_path, plugin=True)
    found = discover(tmp_path)
    assert [s.name for s in found] == ["", "alpha", "zulu"]
    assert found[0].config == tmp_path / "mkdocs.yml"


def test_discovery_reads_another_orgs_folder(tmp_path: Path) -> None:
    _site(tmp_path / "customers" / "one", plugin=True)
    _site(tmp_path / "orgs" / "two", plugin=True)
    assert [s.name for s in discover(tmp_path, "customers")] == ["one"]
    with pytest.raises(NoSites, match="customers"):
        discover(tmp_path / "orgs", "customers")


def test_discovery_keeps_a_broken_current_site_so_its_problem_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    assert [s.name for s in discover(tmp_path)] == [""]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (
            ["INFO    -  Building documentation...", "WARNING -  a.yml:4:5: bad", "Aborted with 1 warnings in strict mode!"],
            ["WARNING -  a.yml:4:5: bad", "Aborted with 1 warnings in strict mode!"],
        ),
        (
            ["ERROR   -  Config value 'theme': Unrecognised theme name", "    more detail", "INFO    -  done"],
            ["ERROR   -  Config value 'theme': Unrecognised theme name", "    more detail"],
        ),
        (["Traceback (most recent call last):", '  File "x"', "KeyError: 'y'"],
         ["Traceback (most recent call last):", '  File "x"', "KeyError: 'y'"]),
    ],
)  # fmt: skip
def test_error_lines_are_what_mkdocs_logged_as_wrong(output: list[str], expected: list[str]) -> None:
    assert error_lines(output) == expected


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_progress_is_a_live_bar_on_a_terminal_and_one_line_a_site_in_a_log(tty: bool) -> None:
    stream = Terminal() if tty else io.StringIO()
    with BuildProgress(2, stream) as progress:
        progress.done("orgs/a/mkdocs.yml", 1.25, True, "out/a")
        progress.done("orgs/\x1b[2Jb/mkdocs.yml", 2.5, False, "out/b")
    text = stream.getvalue()
    assert "[1/2] orgs/a/mkdocs.yml: built in 1.2 s -> out/a\n" in text
    assert "[2/2] orgs/\\x1b[2Jb/mkdocs.yml: FAILED after 2.5 s\n" in text  # a label's controls escaped
    assert ("\r" in text) is tty  # the bar redraws in place only on a terminal
    assert ("building:" in text and "1/2 [" in text) is tty  # the bar, with its own count


# --- the example a user copies ------------------------------------------------------------------


@pytest.mark.subprocess
def test_the_example_builds_strict_and_checks_clean(tmp_path: Path) -> None:
    example = tmp_path / "organizations"
    shutil.copytree(ROOT / "examples" / "organizations", example, ignore=shutil.ignore_patterns("site"))
    git(example, "init", "-q")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "example")
    checked = playbook(example, "check", "--all")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    done = playbook(example, "build", "--all", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    folders = sorted(p.name for p in (example / "orgs").iterdir())
    assert len(folders) >= 2
    for folder in folders:
        assert (example / "orgs" / folder / "site" / "index.html").is_file()


def test_discovery_names_each_organizations_own_config(tmp_path: Path) -> None:
    _site(tmp_path / "orgs" / "beta", plugin=True)
    (tmp_path / "orgs" / "alpha").mkdir(parents=True)
    (tmp_path / "orgs" / "alpha" / "mkdocs.yaml").write_text("site_name: a\nplugins:\n  - playbook\n", "utf-8")
    found = discover(tmp_path)
    assert [(s.name, s.config) for s in found] == [
        ("alpha", tmp_path / "orgs" / "alpha" / "mkdocs.yaml"),
        ("beta", tmp_path / "orgs" / "beta" / "mkdocs.yml"),
    ]


def test_no_site_found_names_both_places_and_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoSites) as raised:
        discover(tmp_path / "empty", "customers")
    assert str(raised.value) == (
        "no site found: looked for mkdocs.yml or mkdocs.yaml listing the playbook plugin in empty, "
        "and for empty/customers/*/mkdocs.yml; run it in the folder that holds the organizations' folder, "
        "or name that folder with --orgs DIR"
    )
