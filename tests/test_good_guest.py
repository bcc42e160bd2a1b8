"""The example site built with the good-guest options: pages_dir, nav, published data, theme opt-in."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import Project

EXCLUDE_LINES = "exclude_docs: |\n  /organization.yml\n  /progress/\n  /plans/\n  /measurements/\n  /decisions/\n  /phases/\n  /tailoring/\n"
THEME_LINE = "      theme_from_organization: true   # site name, logo and colours from playbook/organization.yml\n"
MACROS_ENTRY = re.compile(r"  - macros:\n(      .*\n)+")


def configure(project: Project, *, drop: tuple[str, ...] = (), options: str = "", append: str = "") -> None:
    """Edit the copy's mkdocs.yml: remove exact texts, add plugin options, append top-level keys."""
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    for text in drop:
        assert text in config, text
        config = config.replace(text, "", 1)
    config = config.replace("  - playbook:\n", "  - playbook:\n" + options, 1)
    (project.root / "mkdocs.yml").write_text(config + append, "utf-8")


def soup(project: Project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(path), "html.parser")


def test_the_example_names_the_exclude_docs_lines_and_opts_into_the_theme(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    assert EXCLUDE_LINES in config and THEME_LINE in config


def test_without_exclude_docs_strict_fails_with_the_lines_to_add(project: Project) -> None:
    configure(project, drop=(EXCLUDE_LINES,))
    done = project.build()
    assert done.returncode == 1
    assert (
        "WARNING -  mkdocs_playbook: playbook: the playbook's data lies inside docs_dir (playbook) and exclude_docs "
        "does not cover playbook/organization.yml, playbook/decisions/proof-of-concept/"
    ) in done.stderr
    assert "playbook/plans/pilot.yml, playbook/progress/enterprise-rollout.yml, " in done.stderr
    assert "playbook/progress/pilot.yml, playbook/progress/proof-of-concept.yml: " in done.stderr
    # the lines of the data folders the playbook has: the example has no phases/ or tailoring/ of its own
    suggested = EXCLUDE_LINES.replace("  /phases/\n  /tailoring/\n", "")
    assert "Add to mkdocs.yml:\n" + suggested + "(or, when" in done.stderr
    assert not list((project.root / "site").rglob("*.yml"))  # the plugin still leaves them out


def test_with_the_plugin_switched_off_no_data_file_is_published(project: Project) -> None:
    """What Zensical or MkDocs without the plugin do with the example: only exclude_docs protects the data."""
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    (project.root / "mkdocs.yml").write_text(MACROS_ENTRY.sub("", config, count=1), "utf-8")
    configure(project, options="      enabled: false\n")
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    site = project.root / "site"
    assert (site / "guides" / "macros" / "index.html").is_file()
    assert not list(site.rglob("*.yml"))
    # the same site without the example's exclude_docs lines publishes the organization's e-mails
    configure(project, drop=(EXCLUDE_LINES,))
    assert project.build(strict=False).returncode == 0
    assert "maria.anders@northwind.example" in (site / "organization.yml").read_text("utf-8")
    assert (site / "progress" / "pilot.yml").is_file()
    assert (site / "plans" / "pilot.yml").is_file()


def test_the_theme_stays_the_sites_unless_asked(project: Project) -> None:
    configure(project, drop=(THEME_LINE,))
    done = project.build()
    assert done.returncode == 0, done.stderr
    page = soup(project, "pilot/index.html")
    assert page.title is not None and page.title.get_text().endswith("- Rollout playbook")
    assert "Northwind" not in page.title.get_text()
    body = page.body
    assert body is not None and body.get("data-md-color-accent") != "amber"


def test_pages_dir_moves_every_generated_file_and_the_links_follow(project: Project) -> None:
    configure(project, options="      pages_dir: handbook/rollout\n")
    done = project.build()
    assert done.returncode == 0, done.stderr
    site = project.root / "site"
    for path in ("index.html", "pilot/index.html", "progress.json", "assets/playbook.css"):
        assert not (site / path).exists(), path
        assert (site / "handbook" / "rollout" / path).is_file(), path
    for path in ("guides/macros/index.html", "handbook/rollout/pilot/index.html", "handbook/rollout/index.html"):
        page = soup(project, path)
        here = (site / path).parent
        sheets = {(here / str(link["href"])).resolve() for link in page.select("link[rel=stylesheet]")}
        assert (site / "handbook" / "rollout" / "assets" / "playbook.css").resolve() in sheets, path
    dashboard = soup(project, "handbook/rollout/index.html")
    links = {str(a["href"]) for a in dashboard.select("article a[href]") if ":" not in a["href"] and a["href"][0] != "#"}
    assert "pilot/" in links
    for href in links:
        target = (site / "handbook" / "rollout" / href.split("#")[0]).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href


def test_a_hand_written_nav_without_the_pages_warns_with_the_lines_to_paste(project: Project) -> None:
    configure(project, append="nav:\n  - pilot.md\n  - guides/macros.md\n")
    done = project.build()
    assert done.returncode == 1
    assert (
        "add these lines under `nav:`, or set the plugin option `nav_section` to place them:\n"
        "  - Rollout playbook:\n"
        "      - Dashboard: index.md\n"
        "      - Proof of concept: proof-of-concept.md\n"
        "      - Enterprise rollout: enterprise-rollout.md\n"
    ) in done.stderr


def test_nav_section_appends_the_playbook_to_a_hand_written_nav(project: Project) -> None:
    configure(project, options="      nav_section: The playbook\n", append="nav:\n  - Guide: guides/macros.md\n")
    done = project.build()
    assert done.returncode == 0, done.stderr
    top = soup(project, "guides/macros/index.html").select("nav.md-nav--primary > ul > li")
    heads = [" ".join(li.find(["a", "label"], recursive=False).get_text(" ").split()) for li in top]
    assert heads == ["Guide", "The playbook"]
    section = [" ".join(a.get_text(" ").split()) for a in top[1].select("nav > ul > li > a")]
    assert section == ["Dashboard", "Proof of concept", "Pilot", "Pilot plan", "Enterprise rollout"]


def test_a_bad_option_stops_the_build_without_a_traceback(project: Project) -> None:
    configure(project, options="      pages_dir: ../elsewhere\n")
    done = project.build()
    assert done.returncode == 1
    assert (
        "ERROR   -  playbook: plugin option in mkdocs.yml: pages_dir: '../elsewhere' is not a plain relative path "
        "inside docs_dir"
    ) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_clash_in_the_example_is_an_error_not_a_move(tmp_path: Path, project: Project) -> None:
    (project.root / "playbook" / "index.md").write_text("# Our own start page\n", "utf-8")
    project.commit_all("own index")
    done = project.build()
    assert done.returncode == 1
    assert "playbook/index.md is the site's own file, and the playbook generates index.md (the dashboard)" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project.root / "site" / "dashboard").exists()
