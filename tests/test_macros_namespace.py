"""Everything the plugin offers mkdocs-macros lives under one name, and a host's clash on it is named.

Real builds of the example in temporary folders, with a host module (`main.py`), `extra:` and
`include_yaml` as a site would have them, and both orders of the two plugins in mkdocs.yml:
mkdocs-macros merges the host's names in its own on_config, which runs before or after ours.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, Project, copy_project

ORDERS = ("playbook-first", "macros-first")

PLAYBOOK_PLUGIN = "  - playbook:\n      phases_dir: phases\n"
MACROS_PLUGIN = "  - macros:\n      on_error_fail: true\n"

HOST_MODULE = '''\
def define_env(env):
    @env.macro
    def checklist(text):
        return "host checklist: " + text
'''

PAGE = """\
---
render_macros: true
---
# Host page

{{ checklist("mine") }}

{{ playbook.checklist("pilot", "exit-criteria") }}

{{ playbook.progress_bar("pilot") }}

Organization: {{ playbook.organization.name }}.

{% for p in playbook.phases %}- phase {{ p.id }}: {{ p.counts.done }} of {{ p.counts.total }}
{% endfor %}
"""


def host_site(tmp_path: Path, order: str, *, options: str = "", extra: str = "", macros_options: str = "") -> Project:
    """The example with the two plugins in `order`, and the host's own additions."""
    project = copy_project(tmp_path / "host")
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    head, _, rest = config.partition("plugins:\n")
    _, _, tail = rest.partition("\nmarkdown_extensions:")
    playbook = PLAYBOOK_PLUGIN + options
    macros = MACROS_PLUGIN + macros_options
    plugins = playbook + macros if order == "playbook-first" else macros + playbook
    (project.root / "mkdocs.yml").write_text(
        f"{head}plugins:\n  - search\n{plugins}\nmarkdown_extensions:{tail}{extra}", "utf-8"
    )
    return project


def build(project: Project) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(project.root / "site")],
        cwd=project.root, capture_output=True, text=True, check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, done.stderr
    return errors[0]


@pytest.mark.subprocess
@pytest.mark.parametrize("order", ORDERS)
def test_a_host_checklist_macro_and_the_namespace_live_side_by_side(tmp_path: Path, order: str) -> None:
    project = host_site(tmp_path, order)
    (project.root / "main.py").write_text(HOST_MODULE, "utf-8")
    (project.root / "playbook" / "host.md").write_text(PAGE, "utf-8")
    done = build(project)
    assert done.returncode == 0, done.stderr
    article = BeautifulSoup(project.page("host/index.html"), "html.parser").select_one("article")
    assert article is not None
    text = article.get_text()
    assert "host checklist: mine" in text  # the host's own macro, under its own name
    gates = article.select("ul.pb-checklist li.pb-item")
    assert gates and all(li.select_one(".pb-gate-badge") for li in gates)  # section 'exit-criteria' only
    assert article.select_one("progress.pb-progress[value][max]") is not None
    assert "Organization: Northwind Traders." in text
    listed = [li.get_text().split(":")[0] for li in article.select("li") if li.get_text().startswith("phase ")]
    assert listed == ["phase proof-of-concept", "phase pilot", "phase enterprise-rollout"]
    assert not article.select(".pb-macro-error")


HOST_PLAYBOOK_MACRO = '''\
def define_env(env):
    @env.macro
    def playbook():
        return "the host's playbook"
'''

HOST_PLAYBOOK_FILTER = '''\
def define_env(env):
    @env.filter
    def playbook(value):
        return value
'''

HOST_PLAYBOOK_VARIABLE = '''\
def define_env(env):
    env.variables["playbook"] = "the host's playbook"
'''

OURS = "the playbook plugin's `playbook` namespace"
FIX = "`macros_namespace: NAME` under `- playbook:`"


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("order", "module", "theirs"),
    [
        ("playbook-first", HOST_PLAYBOOK_MACRO, "a macro `playbook` defined in `main.py`"),
        ("macros-first", HOST_PLAYBOOK_MACRO, "a macro `playbook` defined in `main.py`"),
        ("playbook-first", HOST_PLAYBOOK_FILTER, "a filter `playbook` defined in `main.py`"),
        ("macros-first", HOST_PLAYBOOK_VARIABLE, "a variable `playbook` set by `define_env` in `main.py`"),
    ],
    ids=["macro-playbook-first", "macro-macros-first", "filter", "variable"],
)
def test_a_host_name_in_main_py_stops_the_build_naming_both(
    tmp_path: Path, order: str, module: str, theirs: str
) -> None:
    project = host_site(tmp_path, order)
    (project.root / "main.py").write_text(module, "utf-8")
    error = error_line(build(project))
    assert OURS in error and theirs in error and FIX in error, error


@pytest.mark.subprocess
@pytest.mark.parametrize("order", ORDERS)
def test_a_host_extra_variable_stops_the_build_naming_both(tmp_path: Path, order: str) -> None:
    project = host_site(tmp_path, order, extra="\nextra:\n  playbook:\n    owner: docs team\n")
    error = error_line(build(project))
    assert OURS in error and "the variable `extra.playbook` in mkdocs.yml" in error and FIX in error, error


@pytest.mark.subprocess
def test_a_host_include_yaml_variable_stops_the_build_naming_the_file(tmp_path: Path) -> None:
    project = host_site(tmp_path, "playbook-first", macros_options="      include_yaml:\n        - playbook: data.yml\n")
    (project.root / "data.yml").write_text("owner: docs team\n", "utf-8")
    error = error_line(build(project))
    assert OURS in error and "loaded from `data.yml` (mkdocs-macros' `include_yaml`)" in error, error


@pytest.mark.subprocess
@pytest.mark.parametrize("order", ORDERS)
def test_the_namespace_option_moves_everything_to_another_name(tmp_path: Path, order: str) -> None:
    project = host_site(tmp_path, order, options="      macros_namespace: rollout\n")
    (project.root / "main.py").write_text(HOST_PLAYBOOK_MACRO, "utf-8")
    guide = project.root / "playbook" / "guides" / "macros.md"
    guide.write_text(guide.read_text("utf-8").replace("playbook.", "rollout."), "utf-8")
    (project.root / "playbook" / "host.md").write_text(
        "---\nrender_macros: true\n---\n# Host page\n\n{{ playbook() }}\n\n{{ rollout.progress_bar('pilot') }}\n\n"
        "{{ rollout.organization.name }} has {{ rollout.phases | length }} phases.\n\n{{ rollout.checklist('nope') }}\n",
        "utf-8",
    )
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-d", str(project.root / "site")],
        cwd=project.root, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    # a macro that fails still never raises: an error box and a warning, under the new name
    assert "playbook/host.md: rollout.checklist('nope'): unknown phase 'nope'" in done.stderr, done.stderr
    article = BeautifulSoup(project.page("host/index.html"), "html.parser").select_one("article")
    assert article is not None
    assert "the host's playbook" in article.get_text()
    assert "Northwind Traders has 3 phases." in article.get_text()
    assert article.select_one("progress.pb-progress[value][max]") is not None
    assert len(article.select(".pb-macro-error")) == 1


@pytest.mark.subprocess
@pytest.mark.parametrize("name", ["1st", "for", "my-playbook", "none", "page"])
def test_a_namespace_pages_cannot_write_is_refused(tmp_path: Path, name: str) -> None:
    project = host_site(tmp_path, "playbook-first", options=f"      macros_namespace: '{name}'\n")
    done = build(project)
    assert done.returncode == 1, done.stderr
    assert "macros_namespace" in done.stderr, done.stderr
    if name == "page":  # a name mkdocs-macros sets on every page: it would hide ours there
        assert "mkdocs-macros' own variable `page`, set for every page" in error_line(done)
    else:
        assert "cannot be written as a variable in a page" in done.stderr, done.stderr
