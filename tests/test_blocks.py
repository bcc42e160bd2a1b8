"""Block types are a registry: the shipped schema matches the fragments, and a new block is new files only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import BIN, PHASES, ROOT, copy_project
from mkdocs_playbook import blocks
from mkdocs_playbook.source.loading import load_playbook

PACKAGE = ROOT / "plugins" / "mkdocs_playbook"


def test_the_editors_phase_schema_is_the_fragments_merged() -> None:
    shipped = (PACKAGE / "schemas" / "phase.schema.json").read_text("utf-8")
    assert shipped == blocks.schema_for_editors(), (
        "schemas/phase.schema.json is out of date: run "
        "`python -m mkdocs_playbook.blocks > plugins/mkdocs_playbook/schemas/phase.schema.json`"
    )


def test_every_block_type_has_its_three_files() -> None:
    for block in blocks.registry():
        for name in (f"{block.key}.py", f"{block.key}.schema.json", f"{block.key}.md.j2"):
            assert (PACKAGE / "blocks" / name).is_file(), name
        assert set(blocks.fragment(block.key)["properties"]) >= {block.key}


def test_blocks_keep_page_order_and_contribute_items_and_questions() -> None:
    result = load_playbook(PHASES, ROOT / "playbook")
    assert result.playbook is not None
    pilot = result.playbook.phase("pilot")
    assert pilot is not None
    keys = [b.key for b in pilot.blocks]
    position = {b.key: b.position for b in blocks.registry()}
    positions = [position[k] for k in keys]
    assert positions == sorted(positions)
    sections = [item.section for item in pilot.items()]
    # items come in the order of their blocks on the page: checklist, stages, scope, documentation
    order = ["checklist", "deliverables", "scope", "documentation"]
    firsts = [sections.index(s) for s in order]
    assert firsts == sorted(firsts)
    assert pilot.question("success-goals") is not None


NEW_BLOCK = '''"""A glossary: terms and what they mean (a block added by a test)."""

from __future__ import annotations

from typing import Any

from mkdocs_playbook.blocks import BlockType


def build(data: list[dict[str, Any]], phase: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((entry["term"], entry["meaning"]) for entry in data)


BLOCK = BlockType(key="glossary", position=155, build=build)
'''
NEW_SCHEMA = {"properties": {"glossary": {"type": "array", "items": {
    "type": "object", "additionalProperties": False, "required": ["term", "meaning"],
    "properties": {"term": {"type": "string"}, "meaning": {"type": "string"}}}}}}
NEW_TEMPLATE = """## Glossary

<dl class="pb-glossary">{% for term, meaning in block.value %}<dt>{{ term }}</dt><dd>{{ meaning }}</dd>{% endfor %}</dl>

"""


def test_a_new_block_type_is_three_new_files_and_nothing_else(tmp_path: Path) -> None:
    package_copy = tmp_path / "code"
    shutil.copytree(PACKAGE, package_copy / "mkdocs_playbook", ignore=shutil.ignore_patterns("__pycache__"))
    new_blocks = package_copy / "mkdocs_playbook" / "blocks"
    (new_blocks / "glossary.py").write_text(NEW_BLOCK, "utf-8")
    (new_blocks / "glossary.schema.json").write_text(json.dumps(NEW_SCHEMA), "utf-8")
    (new_blocks / "glossary.md.j2").write_text(NEW_TEMPLATE, "utf-8")

    project = copy_project(tmp_path / "project")
    pilot = project.root / "phases" / "pilot.yml"
    pilot.write_text(pilot.read_text("utf-8") + "glossary:\n  - term: Cohort\n    meaning: Users & \"friends\" in the pilot.\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(package_copy)}

    check = subprocess.run([sys.executable, "-m", "mkdocs_playbook", "check"], cwd=project.root, env=env,
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(project.root / "site")],
                           cwd=project.root, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    soup = BeautifulSoup(project.page("pilot/index.html"), "html.parser")
    glossary = soup.find("dl", class_="pb-glossary")
    assert glossary is not None
    assert glossary.find("dt").get_text() == "Cohort"
    assert glossary.find("dd").get_text() == 'Users & "friends" in the pilot.'  # through the gate, shown as written

    # without the new block, the same key is an unknown field of the phase
    plain = subprocess.run([sys.executable, "-m", "mkdocs_playbook", "check"], cwd=project.root,
                           capture_output=True, text=True, check=False)
    assert plain.returncode == 1
    assert "glossary" in plain.stdout
