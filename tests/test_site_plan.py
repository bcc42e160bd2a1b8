"""The plan pages in the site: where they go, that they never replace a page of the site, and the
example organization's real build (its dashboard, pilot page and plan page show NOT YET with
the reasons, the ramp dates and the stage timeline), built once for the module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import Project, copy_project
from mkdocs_playbook.output.pageplan import PagePlanError, plan_pages
from mkdocs_playbook.plugin import guest, navigation

# --- the page plan, without a build --------------------------------------------------------------


def test_a_plan_page_for_each_phase_with_a_plan_after_the_phase_pages() -> None:
    plan = plan_pages(["proof-of-concept", "pilot", "enterprise-rollout"], pages_dir="rollout", with_plans=["pilot"])
    assert plan.plans == {"pilot": "rollout/pilot/plan.md"}
    assert plan.all() == [
        "rollout/index.md", "rollout/proof-of-concept.md", "rollout/pilot.md", "rollout/enterprise-rollout.md",
        "rollout/pilot/plan.md", *(f"rollout/{p}/handout{b}.md" for b in ("", "-blank") for p in
                                   ("proof-of-concept", "pilot", "enterprise-rollout")),
        "rollout/assets/playbook.css", "rollout/assets/handout.css", "rollout/assets/playbook.js", "rollout/progress.json",
    ]
    assert plan.describe("rollout/pilot/plan.md") == ("the plan page of phase 'pilot'", "plan_pages")
    assert plan_pages(["pilot"], with_plans=["pilot"], plan_pages="plans/{phase}.md").plans == {"pilot": "plans/pilot.md"}
    assert plan_pages(["pilot"]).plans == {}  # no plan file, no page
    assert navigation.phase_order(plan.phases, plan.plans) == [
        "rollout/proof-of-concept.md", "rollout/pilot.md", "rollout/pilot/plan.md", "rollout/enterprise-rollout.md",
    ]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"plan_pages": "plan.md"}, "plan_pages: 'plan.md' has no {phase}; expected e.g. '{phase}/plan.md'"),
        ({"plan_pages": "../{phase}.md"}, "plan_pages: '../pilot.md' is not a plain relative path"),
        ({"plan_pages": "{phase}/plan.html"}, "plan_pages: 'pilot/plan.html' is not a Markdown page"),
        ({"plan_pages": "{phase}.md"}, "two generated files would both be 'pilot.md'"),
    ],
)
def test_bad_plan_page_options_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(PagePlanError) as raised:
        plan_pages(["pilot"], with_plans=["pilot"], **options)
    assert str(raised.value).startswith(message)


def test_a_host_page_at_the_plan_pages_path_is_a_clash(tmp_path: Path) -> None:
    (tmp_path / "docs" / "pilot").mkdir(parents=True)
    (tmp_path / "docs" / "pilot" / "plan.md").write_text("# Our own pilot plan\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Host\ndocs_dir: docs\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    message = guest.clashes(files, plan_pages(["pilot"], with_plans=["pilot"]), config)
    assert message is not None and (
        "  - docs/pilot/plan.md is the site's own file, and the playbook generates pilot/plan.md "
        "(the plan page of phase 'pilot'): move the playbook's file with the plugin option `pages_dir` or `plan_pages`"
    ) in message.splitlines()
    assert guest.clashes(files, plan_pages(["pilot"]), config) is None  # no plan: nothing to clash
    assert guest.clashes(files, plan_pages(["pilot"], with_plans=["pilot"], plan_pages="{phase}-plan.md"), config) is None


# --- the example's real build --------------------------------------------------------------------


def soup(project: Project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(path), "html.parser")


def article(project: Project, path: str) -> Tag:
    found = soup(project, path).select_one("article")
    assert found is not None, path
    return found


def words(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


def pilot_block(page: Tag) -> Tag:
    blocks = [b for b in page.select(".pb-gate-block") if b.get("data-phase") == "pilot" and not b.get("data-stage")]
    assert len(blocks) == 1
    return blocks[0]


@pytest.mark.subprocess
@pytest.mark.parametrize("path", ["index.html", "pilot/index.html", "pilot/plan/index.html"])
def test_the_example_shows_not_yet_with_its_reasons(built_example: Project, path: str) -> None:
    page = article(built_example, path)
    if path == "index.html":  # the dashboard's compact verdict: badge, first reasons, the rest in a <details>
        block = page.select_one(".pb-verdict-summary[data-phase=pilot]")
        assert block["data-verdict"] == "not-yet" and "NOT YET" in words(block.select_one(".pb-verdict-line"))
        reasons = block.select("ol.pb-reasons > li")
        assert reasons and [int(li["data-severity"]) for li in reasons] == sorted(int(li["data-severity"]) for li in reasons)
        return
    block = pilot_block(page)
    assert block["data-verdict"] == "not-yet" and "NOT YET" in words(block.select_one(".admonition-title"))
    reasons = block.select("ol.pb-reasons > li")
    assert reasons, "NOT YET always says why"
    severities = [int(li["data-severity"]) for li in reasons]
    assert severities == sorted(severities)  # most severe first
    assert all(words(li) for li in reasons)
    assert block.select_one(".pb-decision") is not None  # the decision, or that none is recorded yet


@pytest.mark.subprocess
def test_the_dashboard_and_the_pilot_page_link_the_plan_page(built_example: Project) -> None:
    site = built_example.root / "site"
    for path, href in (("index.html", "pilot/plan/"), ("pilot/index.html", "plan/")):
        links = [a["href"] for a in article(built_example, path).select("a[href]") if "plan/" in a["href"]]
        assert links == [href], path
        assert (site / Path(path).parent / href / "index.html").is_file()
    back = [a["href"] for a in article(built_example, "pilot/plan/index.html").select("p > a[href]")]
    assert "../" in back  # the plan page links back to its phase page
    nav = [words(a) for a in soup(built_example, "pilot/plan/index.html").select("nav.md-nav--primary a.md-nav__link")]
    assert nav.index("Pilot plan") == nav.index("Pilot") + 1


@pytest.mark.subprocess
def test_the_plan_page_has_the_dated_ramp_and_the_stage_timeline(built_example: Project) -> None:
    page = article(built_example, "pilot/plan/index.html")
    assert words(page.select_one("h1")).startswith("Pilot plan")
    date = r"\d{1,2} [A-Z][a-z]{2} \d{4}"
    ramp = [[words(td) for td in tr.select("td")] for tr in page.select("table[data-pb=ramp] tbody tr")]
    assert ramp and [row[0] for row in ramp] == [f"Week {n}" for n in range(1, len(ramp) + 1)]
    assert all(re.fullmatch(date, row[1]) and re.fullmatch(date, row[2]) and row[3].split()[0].endswith("%")
               for row in ramp)
    starts = [tr.select("time")[0]["datetime"] for tr in page.select("table[data-pb=ramp] tbody tr")]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    stages = page.select("table[data-pb=stages] tbody tr")
    assert len(stages) >= 2
    for tr in stages:
        cells = [words(td) for td in tr.select("td")]
        assert re.fullmatch(date, cells[1]) and re.fullmatch(date, cells[2]) and cells[3].isdigit()
        assert re.search(r"(GO|NO-GO|NOT YET)", cells[4]), cells
    criteria = page.select("table[data-pb=criteria] tbody tr")
    assert criteria and all(tr["data-status"] in {"met", "warning", "not-met", "no-data", "stale"} for tr in criteria)
    targets = [words(tr.select_one(".pb-target")) for tr in criteria]
    assert all(re.fullmatch(r"((below|at most|at least|above) )?-?[0-9.]+( ?\S+)?", t) for t in targets), targets
    assert page.select("table[data-pb=criteria] svg.pb-trend[role=img][aria-label]")  # measured ones have a trend


@pytest.mark.subprocess
def test_a_host_page_at_the_plan_pages_path_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    (project.root / "playbook" / "pilot").mkdir()
    (project.root / "playbook" / "pilot" / "plan.md").write_text("# Our own pilot plan\n")
    done = project.build()
    assert done.returncode != 0
    assert (
        "playbook/pilot/plan.md is the site's own file, and the playbook generates pilot/plan.md "
        "(the plan page of phase 'pilot'): move the playbook's file with the plugin option `pages_dir` or `plan_pages`"
    ) in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.subprocess
def test_a_chosen_today_judges_as_of_that_day_and_later_records_are_no_error(tmp_path: Path) -> None:
    """`today:` is when verdicts are judged; the records after it are not refused as recorded in the future."""
    project = copy_project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - playbook:\n", "  - playbook:\n      today: 2026-10-01\n", 1))
    done = project.build()
    assert done.returncode == 0 and "after now" not in done.stderr, done.stderr
    block = pilot_block(article(project, "pilot/plan/index.html"))
    assert "as of 1 Oct 2026 23:59 UTC" in words(block.select_one(".pb-as-of"))
    latest = [words(td) for td in article(project, "pilot/plan/index.html").select("table[data-scope=phase] .pb-latest")]
    assert latest and all(value == "no data" for value in latest)  # every example measurement is later than that day
