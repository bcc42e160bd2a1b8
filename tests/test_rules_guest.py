"""The guest rules one by one: where generated files go, what a clash or the data warning says,
the nav lines, where a schema line points, which files `render` may write or remove. Fast and
in-process, so the mutation run ([tool.mutmut] in pyproject.toml) sees them: each test here
fails when its rule changes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files

from mkdocs_playbook.edit import generated, schemaline
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.output.pageplan import PagePlanError, plan_pages
from mkdocs_playbook.plugin import guest, navigation
from mkdocs_playbook.source import locations
from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR, display_path

# --- output/pageplan.py --------------------------------------------------------------------------


def not_plain(option: str, value: str) -> str:
    return (
        f"{option}: {value!r} is not a plain relative path inside docs_dir; "
        "expected folder names joined by '/', without '..'"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dashboard": "a\\b.md"}, not_plain("dashboard", "a\\b.md")),
        ({"dashboard": "/start.md"}, not_plain("dashboard", "/start.md")),
        ({"dashboard": "c:start.md"}, not_plain("dashboard", "c:start.md")),
        ({"dashboard": "a//start.md"}, not_plain("dashboard", "a//start.md")),
        ({"dashboard": "./start.md"}, not_plain("dashboard", "./start.md")),
        ({"progress_json": "../state.json"}, not_plain("progress_json", "../state.json")),
        ({"dashboard": ""}, "dashboard: '' names no file; expected a relative path such as 'pilot.md'"),
        ({"dashboard": "pages/"}, "dashboard: 'pages/' names no file; expected a relative path such as 'pilot.md'"),
        ({"progress_json": " "}, "progress_json: ' ' names no file; expected a relative path such as 'pilot.md'"),
        (
            {"progress_json": "pilot.md"},
            "two generated files would both be 'pilot.md'; give dashboard, phase_pages, plan_pages, handout_pages and progress_json different paths",
        ),
    ],
)
def test_each_refused_path_gets_its_whole_message(options: dict[str, str], message: str) -> None:
    with pytest.raises(PagePlanError) as refused:
        plan_pages(["pilot"], **options)
    assert str(refused.value) == message


def test_pages_dir_loses_only_its_outer_slashes_and_spaces() -> None:
    plan = plan_pages(["pilot"], pages_dir=" /Xteam/ ")
    assert plan.pages_dir == "Xteam"
    assert plan.all() == ["Xteam/index.md", "Xteam/pilot.md", "Xteam/pilot/handout.md", "Xteam/pilot/handout-blank.md",
                          "Xteam/assets/playbook.css", "Xteam/assets/handout.css", "Xteam/assets/playbook.js",
                          "Xteam/progress.json"]
    assert plan_pages(["pilot"], progress_json="").all() == [
        "index.md", "pilot.md", "pilot/handout.md", "pilot/handout-blank.md", "assets/playbook.css", "assets/handout.css",
        "assets/playbook.js",
    ]


def test_describe_refuses_a_file_the_plan_does_not_generate() -> None:
    with pytest.raises(KeyError) as unknown:
        plan_pages(["pilot"]).describe("about.md")
    assert unknown.value.args == ("about.md",)


# --- source/locations.py -------------------------------------------------------------------------


def test_relative_settings_are_relative_to_the_site_and_default_as_documented(tmp_path: Path) -> None:
    where = locations.resolve(tmp_path, docs_dir=None, playbook_dir=None, phases_dir=None)
    assert where.site_root == tmp_path.resolve()
    assert where.docs_dir == where.playbook_dir == tmp_path.resolve() / "docs"
    assert where.phases_dir == BUNDLED_PHASES_DIR
    assert where.data_in_docs
    moved = locations.resolve(tmp_path / "site" / "..", docs_dir="pages", playbook_dir="data", phases_dir="mine")
    assert (moved.site_root, moved.docs_dir, moved.playbook_dir, moved.phases_dir) == (
        tmp_path.resolve(), tmp_path.resolve() / "pages", tmp_path.resolve() / "data", tmp_path.resolve() / "mine"
    )
    assert moved.organization_file == tmp_path.resolve() / "data" / "organization.yml"
    assert moved.progress_dir == tmp_path.resolve() / "data" / "progress"
    assert not moved.data_in_docs
    assert locations.resolve(tmp_path, docs_dir="docs", playbook_dir="docs/team", phases_dir=None).data_in_docs


# --- plugin/guest.py -----------------------------------------------------------------------------


def load(root: Path, extra: str = "") -> tuple[MkDocsConfig, Files]:
    (root / "mkdocs.yml").write_text(f"site_name: Host\n{extra}")
    config = load_config(str(root / "mkdocs.yml"))
    return config, get_files(config)


def write(root: Path, *pages: str) -> None:
    for page in pages:
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text("# A page of the site\n")


def test_a_clash_on_the_same_source_path_names_that_file_even_when_another_builds_to_the_same_place(
    tmp_path: Path,
) -> None:
    write(tmp_path, "docs/pilot.md", "docs/pilot/index.md")
    config, files = load(tmp_path)
    message = guest.clashes(files, plan_pages(["pilot"], dashboard="start.md"), config)
    assert message == (
        "playbook: the playbook would replace files of this site, and it never does:\n"
        "  - docs/pilot.md is the site's own file, and the playbook generates pilot.md (the page of phase 'pilot'): "
        "move the playbook's file with the plugin option `pages_dir` or `phase_pages`\n"
        "Set `pages_dir` (for example `pages_dir: playbook` under the playbook plugin in mkdocs.yml) to give "
        "the playbook's files a folder of their own, or rename the site's files."
    )
    under = guest.clashes(files, plan_pages(["index"], pages_dir="pilot", dashboard="start.md"), config)
    assert under is not None
    assert under.endswith(": move the playbook's file with the plugin option `pages_dir` or `phase_pages`\n"
                          "Choose other paths with those options, or rename the site's files.")


def test_a_clash_with_a_file_outside_the_sites_folder_or_from_another_plugin_names_it_in_full(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/docs/index.md")
    (tmp_path / "site").mkdir()
    config, files = load(tmp_path / "site", f"docs_dir: {tmp_path / 'elsewhere' / 'docs'}\n")
    message = guest.clashes(files, plan_pages(["pilot"]), config)
    assert message is not None
    assert f"  - {(tmp_path / 'elsewhere' / 'docs' / 'index.md').resolve()} is the site's own file" in message
    made = File("pilot.md", src_dir=None, dest_dir=str(tmp_path / "out"), use_directory_urls=True)
    assert made.abs_src_path is None and made.generated_by is None
    assert "  - pilot.md (generated by another plugin) is the site's own file" in (
        guest.clashes(Files([made]), plan_pages(["pilot"]), config) or ""
    )
    made.generated_by = "gen-files"
    assert "  - pilot.md (generated by gen-files) is the site's own file" in (
        guest.clashes(Files([made]), plan_pages(["pilot"]), config) or ""
    )


def test_the_data_warning_whole(tmp_path: Path) -> None:
    write(tmp_path, "docs/organization.yml")
    config, _ = load(tmp_path)
    where = locations.resolve(tmp_path, docs_dir="docs", playbook_dir=None, phases_dir=None)
    assert guest.published_data(where, config) == (
        "playbook: the playbook's data lies inside docs_dir (docs) and exclude_docs does not cover "
        "docs/organization.yml: this plugin leaves them out of the site, but a generator that ignores it "
        "(Zensical, or MkDocs with the plugin switched off) publishes them as they are. Add to mkdocs.yml:\n"
        "exclude_docs: |\n  /organization.yml\n"
        "(or, when mkdocs.yml already has exclude_docs, just these lines under it), or keep the data in a "
        "folder outside docs_dir with the plugin option `playbook_dir`."
    )


# --- plugin/navigation.py ------------------------------------------------------------------------


def test_the_generated_nav_lists_index_md_once_and_names_folders_readably() -> None:
    assert navigation.generated("index.md", ["pilot.md"], ["index.md"]) == ["index.md", "pilot.md"]
    assert navigation.generated("start.md", ["pilot.md"], []) == ["start.md", "pilot.md"]
    assert navigation.generated("start.md", [], ["team-docs/run-books/a.md"]) == [
        "start.md", {"Team docs / run books": ["team-docs/run-books/a.md"]}
    ]


def test_listed_reads_a_lone_section_and_leading_slashes() -> None:
    assert navigation.listed({"Start": "/Xa.md"}) == {"Xa.md"}
    assert navigation.listed(["/Xb.md/", {"S": [" c/../Xd.md "]}]) == {"Xb.md", "Xd.md"}


def test_a_scalar_is_plain_only_when_yaml_reads_it_back_unchanged() -> None:
    assert navigation._scalar("Pilot (phase 2)") == "Pilot (phase 2)"
    assert navigation._scalar("Pilot ") == '"Pilot "'
    text = 'X: "a"\\\x07\uffff\U000e0001\U0001f600'
    quoted = navigation._scalar(text)
    assert quoted == '"X: \\"a\\"\\\\\\u0007\\uffff\\U000e0001\U0001f600"'
    assert yaml.safe_load(quoted.replace("\\uffff", "")) == text.replace("\uffff", "")


# --- edit/schemaline.py --------------------------------------------------------------------------


def test_the_package_schemas_are_used_under_a_site_root_holding_both(tmp_path: Path) -> None:
    shared = schemaline.home(tmp_path / "playbook", Path("/"))
    assert shared.copy is False and shared.folder == schemaline.PACKAGE_SCHEMAS
    alone = schemaline.home(tmp_path / "playbook", None)
    assert alone.copy is True and alone.folder == (tmp_path / "playbook" / ".schemas").resolve()


def test_the_work_tree_is_the_nearest_folder_with_dot_git(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "site" / "playbook").mkdir(parents=True)
    assert schemaline.work_tree(tmp_path / "repo" / "site" / "playbook") == tmp_path / "repo"


def test_ensure_refreshes_a_stale_or_undecodable_copy_and_then_changes_nothing(tmp_path: Path) -> None:
    home = schemaline.SchemaHome(tmp_path / ".schemas", copy=True)
    written = home.ensure()
    names = sorted(p.name for p in schemaline.PACKAGE_SCHEMAS.glob("*.schema.json"))
    assert [p.name for p in written] == names
    assert home.ensure() == []
    stale, broken = written[0], written[-1]
    stale.write_text("{}\n")
    broken.write_bytes(b"\xff\xfe not UTF-8")
    assert home.ensure() == sorted({stale, broken})
    for path in written:
        assert path.read_text("utf-8") == (schemaline.PACKAGE_SCHEMAS / path.name).read_text("utf-8")


def test_the_schema_line_is_found_after_a_byte_order_mark_and_an_empty_first_line_is_replaced() -> None:
    assert schemaline.target("\ufeff# yaml-language-server: $schema=../s.json\r\na: 1\n") == "../s.json"
    assert schemaline.replace_first_line("\nrest\n", "# line") == "# line\nrest\n"
    assert schemaline.replace_first_line("\ufeff\r\nrest", "# line") == "\ufeff# line\r\nrest"
    assert re.fullmatch(r"# yaml-language-server: \$schema=\S+", schemaline.PREFIX + "x")


# --- edit/generated.py (render's ownership rules) --------------------------------------------------

SHA_A = "a" * 64
SHA_B = "b" * 64


def manifest_error(folder: Path, text: str | bytes) -> EditError:
    path = folder / generated.MANIFEST
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(EditError) as refused:
        generated.read_manifest(folder)
    assert refused.value.path == display_path(path)
    return refused.value


def test_the_manifest_is_read_entry_by_entry_and_refused_where_it_is_broken(tmp_path: Path) -> None:
    assert generated.read_manifest(tmp_path) == {}
    (tmp_path / generated.MANIFEST).write_text(
        f"# a comment\n\n   \n{SHA_A}  a.md\n{SHA_B}  a.md\n{SHA_B}  sub/b c.md\n"
    )
    assert generated.read_manifest(tmp_path) == {"a.md": {SHA_A, SHA_B}, "sub/b c.md": {SHA_B}}
    broken = manifest_error(tmp_path, f"# header\n{SHA_A} a.md\n")
    assert (broken.line, broken.column, broken.message) == (
        2, 1, "expected '<sha256>  <path>' (64 hex digits, two spaces, a relative path); "
        "delete the manifest and the files it listed, then render again"
    )
    undecodable = manifest_error(tmp_path, b"\xff\n")
    assert (undecodable.line, undecodable.message) == (
        None, "is not UTF-8 text; expected the manifest `playbook render` writes"
    )


@pytest.mark.parametrize("path", ["a\\b.md", "/a.md", "c:a.md", "a//b.md", "./a.md", "a/../b.md", "a\x07b.md",
                                  generated.MANIFEST])
def test_a_manifest_path_that_is_not_plain_is_refused_at_its_column(tmp_path: Path, path: str) -> None:
    refused = manifest_error(tmp_path, f"{SHA_A}  ok.md\n{SHA_A}  {path}\n")
    assert (refused.line, refused.column, refused.message) == (
        2, 67, f"{path!r} is not a plain relative path inside this folder"
    )


def test_a_symlinked_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("")
    (tmp_path / generated.MANIFEST).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(EditError, match="is a symbolic link; expected the manifest `playbook render` writes"):
        generated.read_manifest(tmp_path)


def test_render_creates_updates_removes_and_prunes_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = generated.plan_sync(out, {"a.md": "A", "sub/deep/b.md": "B"})
    assert first.changes == (generated.Change("a.md", "create"), generated.Change("sub/deep/b.md", "create"))
    assert (first.refusals, first.manifest_current, first.manifest_exists) == ((), False, False)
    generated.apply(first)
    assert (out / "sub" / "deep" / "b.md").read_text() == "B"
    assert (out / generated.MANIFEST).read_text() == generated.manifest_text({"a.md": "A", "sub/deep/b.md": "B"})
    assert generated.manifest_text({"a.md": "A"}) == generated.HEADER + f"{generated.digest('A')}  a.md\n"
    again = generated.plan_sync(out, {"a.md": "A", "sub/deep/b.md": "B"})
    assert again.up_to_date and again.manifest_exists
    (out / "sub" / "keep.md").write_text("theirs")
    second = generated.plan_sync(out, {"a.md": "A2"})
    assert second.changes == (generated.Change("a.md", "update"), generated.Change("sub/deep/b.md", "remove"))
    generated.apply(second)
    assert (out / "a.md").read_text() == "A2"
    assert not (out / "sub" / "deep").exists() and (out / "sub" / "keep.md").read_text() == "theirs"
    assert generated.read_manifest(out) == {"a.md": {generated.digest("A2")}}


def test_render_refuses_every_file_it_did_not_write_and_then_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generated.apply(generated.plan_sync(out, {"a.md": "A", "gone.md": "G"}))
    (out / "a.md").write_text("edited")
    (out / "gone.md").write_text("edited too")
    (out / "theirs.md").write_text("theirs")
    sync = generated.plan_sync(out, {"a.md": "A2", "theirs.md": "T", "same.md": "S"})
    (out / "same.md").write_text("S")
    assert [(r.path, r.reason) for r in sync.refusals] == [
        ("a.md", "changed since `playbook render` wrote it; move your changes elsewhere and delete it, then run again"),
        ("theirs.md", "not written by `playbook render` and would be overwritten; move or rename it, or render into "
                      "another folder"),
        ("gone.md", "no longer generated, but changed since `playbook render` wrote it; "
                    "move your changes elsewhere and delete it"),
    ]
    before = (out / generated.MANIFEST).read_text()
    with pytest.raises(EditError) as refused:
        generated.apply(sync)
    assert str(refused.value).startswith("<string>: refusing to write: a.md: changed since")
    assert (out / generated.MANIFEST).read_text() == before and (out / "a.md").read_text() == "edited"
    adopted = generated.plan_sync(out, {"same.md": "S"})
    assert adopted.changes == () and not adopted.manifest_current
    assert [r.path for r in adopted.refusals] == ["a.md", "gone.md"]


def test_what_render_cannot_touch_is_named_and_a_vanished_file_is_no_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generated.apply(generated.plan_sync(out, {"link.md": "L", "dir.md": "D", "x/a.md": "A", "vanish.md": "V"}))
    (out / "link.md").unlink()
    (out / "link.md").symlink_to(tmp_path / "elsewhere.md")
    (out / "dir.md").unlink()
    (out / "dir.md").mkdir()
    (out / "x" / "a.md").unlink()
    (out / "x").rmdir()
    (out / "x").write_text("a file")
    sync = generated.plan_sync(out, {"x/a.md": "A", "vanish.md": "W"})
    assert [(r.path, r.reason) for r in sync.refusals] == [
        ("x/a.md", f"{display_path(out / 'x')} is a file where a folder is needed"),
        ("dir.md", "is not a regular file (a folder?); refusing to replace it"),
        ("link.md", "is a symbolic link; refusing to replace it"),
    ]
    with pytest.raises(EditError) as refused:
        generated.apply(sync)
    assert str(refused.value) == "<string>: refusing to write: " + "; ".join(
        f"{r.path}: {r.reason}" for r in sync.refusals
    )
    gone = generated.plan_sync(out, {})
    (out / "vanish.md").unlink()
    sure = dataclasses.replace(gone, refusals=(), changes=(generated.Change("vanish.md", "remove"),))
    generated.apply(sure)
    assert generated.read_manifest(out) == {}


def test_an_adopted_file_gets_its_manifest_entry_and_a_symlinked_manifest_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("A")
    sync = generated.plan_sync(tmp_path, {"a.md": "A"})
    assert sync.changes == () and not sync.manifest_current
    generated.apply(sync)
    assert generated.read_manifest(tmp_path) == {"a.md": {generated.digest("A")}}
    assert generated.plan_sync(tmp_path, {"a.md": "A"}).up_to_date
    manifest = tmp_path / generated.MANIFEST
    manifest.rename(tmp_path / "saved")
    manifest.symlink_to(tmp_path / "saved")
    with pytest.raises(EditError) as refused:
        generated.read_manifest(tmp_path)
    assert str(refused.value) == (
        f"{display_path(manifest)}: is a symbolic link; expected the manifest `playbook render` writes (a plain file)"
    )
