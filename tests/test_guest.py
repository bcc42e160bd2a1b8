"""The plugin as a guest (plugin/guest.py, output/pageplan.py): clashes and published data, with MkDocs'
own config and file list but without a build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files

from mkdocs_playbook.output.pageplan import PagePlanError, plan_pages
from mkdocs_playbook.plugin import guest
from mkdocs_playbook.source import locations


def site(root: Path, pages: list[str], extra: str = "") -> tuple[MkDocsConfig, Files]:
    """A site with these files under docs/, loaded the way `mkdocs build` loads it."""
    for page in pages:
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text("# A page of the site\n")
    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(f"site_name: Host\ndocs_dir: docs\n{extra}")
    config = load_config(str(root / "mkdocs.yml"))
    return config, get_files(config)


def test_each_clash_names_the_sites_file_the_generated_one_and_the_option(tmp_path: Path) -> None:
    config, files = site(tmp_path, ["pilot.md", "index.md", "progress.json", "assets/playbook.css", "other.md"])
    message = guest.clashes(files, plan_pages(["proof-of-concept", "pilot"]), config)
    assert message is not None
    lines = message.splitlines()
    assert lines[0] == "playbook: the playbook would replace files of this site, and it never does:"
    assert lines[1:5] == [
        "  - docs/index.md is the site's own file, and the playbook generates index.md (the dashboard): "
        "move the playbook's file with the plugin option `pages_dir` or `dashboard`",
        "  - docs/pilot.md is the site's own file, and the playbook generates pilot.md (the page of phase 'pilot'): "
        "move the playbook's file with the plugin option `pages_dir` or `phase_pages`",
        "  - docs/assets/playbook.css is the site's own file, and the playbook generates assets/playbook.css "
        "(the playbook's stylesheet): move the playbook's file with the plugin option `pages_dir`",
        "  - docs/progress.json is the site's own file, and the playbook generates progress.json "
        "(the machine-readable state): move the playbook's file with the plugin option `pages_dir` or `progress_json`",
    ]
    assert "`pages_dir: playbook`" in lines[5]
    assert len(lines) == 6


def test_a_file_built_to_the_same_place_is_a_clash_too(tmp_path: Path) -> None:
    config, files = site(tmp_path, ["rollout/pilot/index.md", "README.md"])
    message = guest.clashes(files, plan_pages(["pilot"], pages_dir="rollout"), config)
    assert message is not None
    assert (
        "docs/rollout/pilot/index.md is the site's own file, and the playbook generates rollout/pilot.md "
        "(the page of phase 'pilot') (both would be built to rollout/pilot/index.html)"
    ) in message
    assert "docs/README.md" not in message, "README.md at the root is not under rollout/"
    root_message = guest.clashes(files, plan_pages(["pilot"]), config)
    assert root_message is not None and "docs/README.md is the site's own file, and the playbook generates index.md" in root_message
    assert "Choose other paths with those options" in message


def test_no_clash_under_a_folder_of_its_own_or_with_an_excluded_file(tmp_path: Path) -> None:
    config, files = site(tmp_path, ["pilot.md", "index.md", "progress.json"], "exclude_docs: /progress.json\n")
    assert guest.clashes(files, plan_pages(["pilot"], pages_dir="rollout"), config) is None
    assert guest.clashes(files, plan_pages(["pilot"], phase_pages="phases/{phase}.md", dashboard="start.md"), config) is None


@pytest.mark.parametrize(
    ("options", "wanted"),
    [
        ({"pages_dir": "../outside"}, "pages_dir: '../outside' is not a plain relative path inside docs_dir"),
        ({"phase_pages": "phase.md"}, "phase_pages: 'phase.md' has no {phase}"),
        ({"dashboard": "home.html"}, "dashboard: 'home.html' is not a Markdown page"),
        ({"dashboard": "pilot.md"}, "two generated files would both be 'pilot.md'"),
    ],
)
def test_a_bad_option_is_named(options: dict[str, str], wanted: str) -> None:
    with pytest.raises(PagePlanError, match="^" + re.escape(wanted)):
        plan_pages(["pilot"], **options)


def test_the_plan_follows_pages_dir() -> None:
    plan = plan_pages(["proof-of-concept", "pilot"], pages_dir="/rollout/")
    assert plan.all() == [
        "rollout/index.md",
        "rollout/proof-of-concept.md",
        "rollout/pilot.md",
        "rollout/proof-of-concept/handout.md",
        "rollout/pilot/handout.md",
        "rollout/proof-of-concept/handout-blank.md",
        "rollout/pilot/handout-blank.md",
        "rollout/assets/playbook.css",
        "rollout/assets/handout.css",
        "rollout/assets/playbook.js",
        "rollout/progress.json",
    ]
    assert [plan.describe(uri)[1] for uri in plan.all()] == [
        "dashboard", "phase_pages", "phase_pages", *["handout_pages"] * 4, "pages_dir", "pages_dir", "pages_dir", "progress_json"
    ]


def data_site(root: Path, *, docs: str = "docs", playbook: str | None = None, extra: str = "") -> str | None:
    """The published-data warning for a site whose data lives in `playbook` (default: docs_dir)."""
    data = root / (playbook or docs)
    (data / "progress").mkdir(parents=True, exist_ok=True)
    (root / docs).mkdir(parents=True, exist_ok=True)
    (data / "organization.yml").write_text("name: Host\n")
    (data / "progress" / "pilot.yml").write_text("a: done\n")
    (data / "progress" / "proof-of-concept.yml").write_text("a: done\n")
    (root / "mkdocs.yml").write_text(f"site_name: Host\ndocs_dir: {docs}\n{extra}")
    config = load_config(str(root / "mkdocs.yml"))
    where = locations.resolve(root, docs_dir=config.docs_dir, playbook_dir=playbook, phases_dir=None)
    return guest.published_data(where, config)


def test_data_inside_docs_without_exclude_docs_gets_the_lines_to_add(tmp_path: Path) -> None:
    message = data_site(tmp_path)
    assert message is not None
    assert message.startswith(
        "playbook: the playbook's data lies inside docs_dir (docs) and exclude_docs does not cover "
        "docs/organization.yml, docs/progress/pilot.yml, docs/progress/proof-of-concept.yml: "
    )
    assert "\nexclude_docs: |\n  /organization.yml\n  /progress/\n(or, when mkdocs.yml" in message
    assert "`playbook_dir`" in message


def test_the_warning_names_the_plan_and_record_folders_too(tmp_path: Path) -> None:
    """plans/, measurements/<phase>/ and decisions/<phase>/ are data like progress/: each gets its line."""
    for name in ("plans/pilot.yml", "measurements/pilot/20261120T090000Z-csat-0a1b2c3d.yml", "decisions/pilot/x.yml"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("a: 1\n")
    message = data_site(tmp_path, extra="exclude_docs: |\n  /organization.yml\n  /progress/\n  /plans/\n")
    assert message is not None
    assert "does not cover docs/decisions/pilot/x.yml, docs/measurements/pilot/20261120T090000Z-csat-0a1b2c3d.yml: " in message
    block = message[message.index("exclude_docs: |") : message.index("(or, when")]
    assert block == "exclude_docs: |\n  /measurements/\n  /decisions/\n"
    extra = "exclude_docs: |\n  /organization.yml\n  /progress/\n  /plans/\n  /measurements/\n  /decisions/\n"
    assert data_site(tmp_path, extra=extra) is None


def test_the_suggested_lines_are_enough(tmp_path: Path) -> None:
    """Pasting exactly what the warning says silences it: MkDocs' own matching decides."""
    message = data_site(tmp_path / "a", playbook="docs/team")
    assert message is not None
    block = message[message.index("exclude_docs: |") : message.index("(or, when")]
    assert block == "exclude_docs: |\n  /team/organization.yml\n  /team/progress/\n"
    assert data_site(tmp_path / "b", playbook="docs/team", extra=block) is None


def test_only_what_is_not_covered_is_asked_for(tmp_path: Path) -> None:
    message = data_site(tmp_path, extra="exclude_docs: |\n  organization.yml\n  /progress/pilot.yml\n")
    assert message is not None
    assert "does not cover docs/progress/proof-of-concept.yml: " in message
    assert "exclude_docs: |\n  /progress/\n(or" in message


@pytest.mark.parametrize(
    ("docs", "playbook", "extra"),
    [
        ("docs", "playbook", ""),  # outside docs_dir: nothing to publish
        ("docs", "docs/.playbook", ""),  # MkDocs excludes dot-folders by default
        ("docs", None, "exclude_docs: |\n  *.yml\n"),
        ("playbook", None, "exclude_docs: |\n  /organization.yml\n  /progress/\n"),  # the example's lines
    ],
)
def test_no_warning_when_nothing_would_be_published(tmp_path: Path, docs: str, playbook: str | None, extra: str) -> None:
    assert data_site(tmp_path, docs=docs, playbook=playbook, extra=extra) is None


def test_a_draft_is_not_enough(tmp_path: Path) -> None:
    """`mkdocs serve` shows drafts: only exclude_docs keeps the data out."""
    assert data_site(tmp_path, extra="draft_docs: |\n  *.yml\n") is not None
