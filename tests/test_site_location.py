"""Where the CLI finds its data: the site's mkdocs.yml, from any folder, and nowhere else.

A host site (its own docs/, the playbook data in playbook/, the package's phases) is a real
git repository in a temporary folder; the commands run in it as a person runs them, from
its root and from a folder deep in its docs, and must read and write exactly the files
`mkdocs build` would, leaving nothing stray anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, PHASES, ROOT, git, team_repository, write_site_config
from mkdocs_playbook.commands import main
from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR
from mkdocs_playbook.source.loading import load_playbook

HOST_CONFIG = """\
site_name: Host documentation
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - playbook:
      playbook_dir: playbook
"""


def make_host(root: Path, config: str = HOST_CONFIG) -> Path:
    """A host site in git: docs/ of its own, the example's organization and progress in playbook/."""
    return team_repository(root, config, {"docs/index.md": "# Host\n", "docs/guides/setup.md": "# Setup\n"})


def listing(root: Path) -> dict[str, bytes]:
    """Every file under `root` but git's own, with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def playbook(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "playbook"), *args], cwd=cwd, capture_output=True, text=True, check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def host(tmp_path: Path) -> Path:
    return make_host(tmp_path / "host")


# --- from any folder ------------------------------------------------------------------------------


@pytest.mark.subprocess
@pytest.mark.parametrize("where", [".", "docs/guides", "playbook/progress"])
def test_check_from_any_folder_reads_the_sites_files(host: Path, where: str) -> None:
    before = listing(host)
    done = playbook(host / where, "check")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    # 3 package phases, organization.yml, 3 progress files, the pilot's plan, 7 measurement and 1 decision recordings
    assert done.stdout == "checked 16 files: no problems\n"
    assert listing(host) == before
    assert git(host, "status", "--porcelain") == ""


@pytest.mark.subprocess
def test_a_problem_is_named_relative_to_the_folder_the_command_runs_in(host: Path) -> None:
    progress = host / "playbook" / "progress" / "pilot.yml"
    progress.write_text(progress.read_text().replace("identify-pilot-users: done", "identify-pilot-users: finished"))
    from_root = playbook(host, "check")
    from_guides = playbook(host / "docs" / "guides", "check")
    assert from_root.returncode == from_guides.returncode == 1
    assert from_root.stdout.startswith("playbook/progress/pilot.yml:")
    assert from_guides.stdout.startswith("../../playbook/progress/pilot.yml:")


@pytest.mark.subprocess
def test_tick_from_a_docs_subfolder_changes_only_the_progress_file(host: Path) -> None:
    before = listing(host)
    done = playbook(host / "docs" / "guides", "tick", "pilot/hold-kick-off", "--by", "Dana")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pilot/hold-kick-off: done in ../../playbook/progress/pilot.yml\n")
    after = listing(host)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {"playbook/progress/pilot.yml"}
    assert git(host, "status", "--porcelain") == " M playbook/progress/pilot.yml\n"


@pytest.mark.subprocess
def test_a_new_progress_file_goes_to_the_sites_playbook_folder_with_a_schema_line_that_resolves(host: Path) -> None:
    (host / "playbook" / "progress" / "enterprise-rollout.yml").unlink()
    git(host, "commit", "-qam", "no rollout progress yet")
    done = playbook(host / "docs", "start", "enterprise-rollout/" + first_item("enterprise-rollout"))
    assert done.returncode == 0, done.stderr
    new = {line[3:] for line in git(host, "status", "--porcelain", "--untracked-files=all").splitlines()}
    schemas = {f"playbook/.schemas/{kind}.schema.json" for kind in ("organization", "phase", "progress", "plan", "measurements", "decision", "tailoring")}
    assert new == {"playbook/progress/enterprise-rollout.yml", *schemas}
    created = host / "playbook" / "progress" / "enterprise-rollout.yml"
    line = created.read_text().splitlines()[0]
    assert line == "# yaml-language-server: $schema=../.schemas/progress.schema.json"
    schema = created.parent / line.partition("$schema=")[2]
    assert schema.read_text() == (PHASES.parent / "schemas" / "progress.schema.json").read_text()


def first_item(phase_id: str) -> str:
    loaded = load_playbook(PHASES, ROOT / "playbook").playbook
    phase = loaded.phase(phase_id) if loaded else None
    assert phase is not None
    return next(item.id for block in phase.blocks for item in block.items)


@pytest.mark.subprocess
def test_config_file_names_the_site_from_outside(host: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    done = playbook(outside, "check", "-f", str(host / "mkdocs.yml"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "checked 16 files: no problems\n", "")
    done = playbook(outside, "tick", "--config-file", str(host / "mkdocs.yml"), "pilot/hold-kick-off")
    assert done.returncode == 0, done.stderr
    assert list(outside.iterdir()) == []
    assert git(host, "status", "--porcelain") == " M playbook/progress/pilot.yml\n"


def test_a_config_file_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-f", "site/mkdocs.yml"]) == 2
    assert capsys.readouterr().err == (
        f"playbook check: {os.path.join('site', 'mkdocs.yml')} not found; "
        "-f/--config-file names the site's mkdocs.yml\n"
    )


# --- no site, or a site without the plugin --------------------------------------------------------


@pytest.mark.subprocess
@pytest.mark.parametrize("command", [["check"], ["status"], ["fmt"], ["tick", "pilot/hold-kick-off"]])
def test_without_a_mkdocs_yml_every_command_says_where_it_looked_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()
    done = playbook(empty, *command)
    assert done.returncode == 2
    assert done.stderr == (
        f"playbook {command[0]}: no mkdocs.yml or mkdocs.yaml in {empty} or any folder above it; run playbook "
        "inside the site's folder (or a folder below it), or name the file with -f/--config-file FILE\n"
    )
    assert list(empty.iterdir()) == []


def test_a_mkdocs_yml_without_the_plugin_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Other\nplugins:\n  - search\n")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["tick", "pilot/hold-kick-off"]) == 2
    assert capsys.readouterr().err == (
        f"{os.path.join('..', 'mkdocs.yml')}:2:1: the playbook plugin is not listed under plugins:; "
        "add `- playbook` there, or name the site's own mkdocs.yml with -f/--config-file\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["docs", "mkdocs.yml"]


def test_mkdocs_yaml_is_found_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_host(tmp_path)
    (tmp_path / "mkdocs.yml").rename(tmp_path / "mkdocs.yaml")
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["check"]) == 0


def test_the_nearest_mkdocs_yml_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text("plugins: [search]\n")  # an outer site without the plugin
    make_host(tmp_path / "inner")
    monkeypatch.chdir(tmp_path / "inner" / "docs" / "guides")
    assert main(["check"]) == 0


# --- reading mkdocs.yml as MkDocs does -------------------------------------------------------------


def test_material_emoji_tags_and_relative_tags_and_anchors_read(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        HOST_CONFIG
        + "  - with-anchor: &shared {a: 1}\n  - other: *shared\n"
        + "markdown_extensions_more:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"
    )
    config = siteconfig.read(path)
    assert (config.docs_dir, config.playbook_dir, config.phases_dir) == ("docs", "playbook", None)
    where = config.locations()
    # the phases shipped in the package, wherever it is imported from (the mutation run copies it)
    assert (where.docs_dir, where.playbook_dir, where.phases_dir) == (
        tmp_path / "docs", tmp_path / "playbook", BUNDLED_PHASES_DIR
    )


@pytest.mark.parametrize(
    "plugins",
    [
        "plugins:\n  - playbook\n",
        "plugins: [search, playbook]\n",
        "plugins:\n  - playbook:\n",
        "plugins:\n  - /playbook: {phases_dir: mine}\n",
        "plugins:\n  search: {}\n  playbook:\n    phases_dir: mine\n",
    ],
)
def test_every_way_mkdocs_accepts_a_plugin_is_read(tmp_path: Path, plugins: str) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: S\n" + plugins)
    config = siteconfig.read(tmp_path / "mkdocs.yml")
    assert config.phases_dir == ("mine" if "mine" in plugins else None)
    assert config.locations().playbook_dir == tmp_path / "docs"  # MkDocs' default docs_dir


def test_inherit_merges_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_host(tmp_path / "site")
    site = tmp_path / "site"
    (site / "shared").mkdir()
    (site / "shared" / "base.yml").write_text(
        "site_name: Base\ndocs_dir: wrong\nplugins:\n  search: {}\n"
        "  playbook:\n    playbook_dir: wrong\n    max_file_size: 3\n    today: 2026-01-02\n"
    )
    (site / "mkdocs.yml").write_text(
        "INHERIT: shared/base.yml\ndocs_dir: docs\nplugins:\n  playbook:\n    playbook_dir: playbook\n"
    )
    config = siteconfig.read(site / "mkdocs.yml")
    # the child wins key by key; the parent's other options stay; paths are relative to the child
    assert (config.docs_dir, config.playbook_dir, config.max_file_size) == ("docs", "playbook", 3.0)
    assert str(config.today) == "2026-01-02"
    assert config.settings["site_name"] == "Base" and "INHERIT" not in config.settings
    assert config.options == {"playbook_dir": "playbook", "max_file_size": 3, "today": "2026-01-02"}
    assert config.locations().playbook_dir == site / "playbook"
    monkeypatch.chdir(site / "docs")
    assert main(["check"]) == 0


def test_inherit_problems_are_located(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nINHERIT: base.yml\n")
    with pytest.raises(siteconfig.SiteConfigError) as missing:
        siteconfig.read(tmp_path / "mkdocs.yml")
    assert str(missing.value).startswith(f"{os.path.relpath(tmp_path / 'mkdocs.yml')}:2:10: INHERIT: 'base.yml' not found at ")
    (tmp_path / "base.yml").write_text("INHERIT: mkdocs.yml\n")
    with pytest.raises(siteconfig.SiteConfigError, match="inherits from itself in a loop"):
        siteconfig.read(tmp_path / "mkdocs.yml")


def test_env_tags_resolve_from_the_environment_with_their_default(
    host: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (host / "mkdocs.yml").write_text(
        HOST_CONFIG.replace("playbook_dir: playbook", "playbook_dir: !ENV [PLAYBOOK_DATA, OTHER_DATA, playbook]")
        + "      max_file_size: !ENV PLAYBOOK_MB\n"
    )
    monkeypatch.delenv("PLAYBOOK_DATA", raising=False)
    monkeypatch.delenv("OTHER_DATA", raising=False)
    monkeypatch.delenv("PLAYBOOK_MB", raising=False)
    config = siteconfig.read(host / "mkdocs.yml")
    assert (config.playbook_dir, config.max_file_size) == ("playbook", None)
    shutil.copytree(host / "playbook", host / "staging")
    monkeypatch.setenv("OTHER_DATA", "staging")
    monkeypatch.setenv("PLAYBOOK_MB", "0.5")
    config = siteconfig.read(host / "mkdocs.yml")
    assert (config.playbook_dir, config.max_file_size) == ("staging", 0.5)
    monkeypatch.chdir(host)
    assert main(["tick", "pilot/hold-kick-off"]) == 0
    ticked = (host / "staging" / "progress" / "pilot.yml").read_text()
    assert "hold-kick-off: {status: done" in ticked
    assert ticked != (host / "playbook" / "progress" / "pilot.yml").read_text()
    assert git(host, "status", "--porcelain", "--", "playbook") == ""


def test_bad_option_values_are_reported_where_they_are(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - playbook:\n      phases_dir: 5\n      max_file_size: -1\n      today: someday\n"
    )
    with pytest.raises(siteconfig.SiteConfigError) as error:
        siteconfig.read(tmp_path / "mkdocs.yml")
    name = os.path.relpath(tmp_path / "mkdocs.yml")
    assert error.value.problems == [
        Diagnostic(name, 3, 19, "phases_dir: '5'; expected a folder path"),
        Diagnostic(name, 4, 22, "max_file_size: '-1'; expected a positive number of megabytes"),
        Diagnostic(name, 5, 14, "today: 'someday'; expected a date, YYYY-MM-DD"),
    ]


def test_a_yaml_error_in_mkdocs_yml_is_a_usage_error_with_its_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - playbook\n bad: [\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith("mkdocs.yml:3:")


# --- flags for scripts and tests ------------------------------------------------------------------


def test_flags_override_mkdocs_yml(host: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(host)
    assert main(["check", "--playbook", "docs"]) == 1  # docs/ holds no organization.yml
    assert "docs/organization.yml" in capsys.readouterr().out


def test_with_playbook_and_no_mkdocs_yml_the_flags_are_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    host = make_host(tmp_path / "host")
    (host / "mkdocs.yml").unlink()
    monkeypatch.chdir(host)
    assert main(["check", "--playbook", "playbook"]) == 0


def test_write_site_config_helper_describes_the_usual_test_layout(tmp_path: Path) -> None:
    write_site_config(tmp_path)
    config = siteconfig.read(tmp_path / "mkdocs.yml")
    assert (config.docs_dir, config.phases_dir, config.playbook_dir) == ("playbook", "phases", None)


# --- schema lines follow the configuration -----------------------------------------------------------


def test_fmt_fixes_a_schema_line_that_points_nowhere_and_leaves_a_good_one(
    host: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = host / "playbook" / "progress"
    # copied from the example: both lines name ../plugins/..., a folder this site does not have
    pilot_before = (progress / "pilot.yml").read_bytes()
    good = "# yaml-language-server: $schema=https://example.com/progress.schema.json\n"
    rollout = progress / "enterprise-rollout.yml"
    rollout.write_bytes(good.encode() + rollout.read_bytes().split(b"\n", 1)[1])
    monkeypatch.chdir(host / "docs")
    assert main(["fmt", "--check"]) == 1
    assert capsys.readouterr().out == (
        "../playbook/progress/proof-of-concept.yml: would fix the schema line "
        "('../../plugins/mkdocs_playbook/schemas/progress.schema.json' points nowhere)\n"
        "../playbook/progress/pilot.yml: would fix the schema line "
        "('../../plugins/mkdocs_playbook/schemas/progress.schema.json' points nowhere)\n"
        "../playbook/organization.yml: would fix the schema line "
        "('../plugins/mkdocs_playbook/schemas/organization.schema.json' points nowhere)\n"
    )
    assert (progress / "pilot.yml").read_bytes() == pilot_before and not (host / "playbook" / ".schemas").exists()
    assert main(["fmt"]) == 0
    capsys.readouterr()
    pilot = (progress / "pilot.yml").read_bytes()
    assert pilot.split(b"\n", 1) == [b"# yaml-language-server: $schema=../.schemas/progress.schema.json",
                                     pilot_before.split(b"\n", 1)[1]]  # only the first line changed
    organization = (host / "playbook" / "organization.yml").read_text().splitlines()[0]
    assert organization == "# yaml-language-server: $schema=.schemas/organization.schema.json"
    assert (host / "playbook" / ".schemas" / "organization.schema.json").is_file()
    assert rollout.read_text().startswith(good)  # a line that resolves (a URL is never judged) stays
    assert main(["fmt", "--check"]) == 0


def test_inside_the_packages_own_work_tree_the_line_points_to_its_schemas(tmp_path: Path) -> None:
    from mkdocs_playbook.edit import schemaline

    here = schemaline.home(ROOT / "playbook", ROOT)
    assert not here.copy
    # plugins/mkdocs_playbook/schemas here; src/mkdocs_playbook/schemas in the mutation run's copy
    package = schemaline.PACKAGE_SCHEMAS.relative_to(ROOT).as_posix()
    assert package.endswith("mkdocs_playbook/schemas")
    assert here.line(ROOT / "playbook" / "progress" / "pilot.yml") == (
        f"# yaml-language-server: $schema=../../{package}/progress.schema.json"
    )
    elsewhere = schemaline.home(tmp_path / "playbook", tmp_path)
    assert elsewhere.copy and elsewhere.folder == (tmp_path / "playbook" / ".schemas").resolve()


@pytest.mark.parametrize("where", [".", "playbook/progress", "playbook/guides"])
def test_the_example_checks_with_plain_playbook_check_from_its_folders(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT / where)
    assert main(["check"]) == 0
    assert capsys.readouterr() == ("checked 16 files: no problems\n", "")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("# old\nkey: 1\n", "# new\nkey: 1\n"),
        ("# old\r\nkey: 1\r\n", "# new\r\nkey: 1\r\n"),
        ("\ufeff# old\nkey: 1\n", "\ufeff# new\nkey: 1\n"),
        ("# old", "# new"),
    ],
)
def test_replacing_the_schema_line_keeps_the_rest_byte_for_byte(before: str, after: str) -> None:
    from mkdocs_playbook.edit import schemaline

    assert schemaline.replace_first_line(before, "# new") == after


@pytest.mark.parametrize("head", [[], ["HEAD"]])
def test_changes_in_a_host_site_whose_phases_are_the_packages(
    host: Path, head: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The phases live outside the repository (in the package): both sides read them from disk."""
    git(host, "checkout", "-qb", "tick-kick-off")
    monkeypatch.chdir(host / "docs" / "guides")
    assert main(["tick", "pilot/hold-kick-off"]) == 0
    if head:
        git(host, "commit", "-qam", "kick-off held")
    capsys.readouterr()
    assert main(["changes", "main", *head]) == 0
    out = capsys.readouterr().out
    assert "Progress: 29 of 54 (54%) → 30 of 54 (56%)" in out
    assert "`hold-kick-off`" in out.split("#### Ticked", 1)[1]
