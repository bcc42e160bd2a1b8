"""Every discovery question, checklist item and challenge of the seed documents is in phases/.

The seeds in tests/fixtures/seeds/ are the source documents the phase content was written from.
These tests parse them (sections by heading, bullets, multi-line bullets) instead of repeating
their text, so a question dropped from a phase file fails by name, e.g.
`pilot/question/what-are-your-goals-to-indicate-a-successful`.

Texts are compared after normalising both sides: whitespace collapsed, the product include
token replaced by `{product}`, HTML entities decoded, Markdown bold markers removed, a trailing
period stripped, case ignored.

The phase files are read with yaml.safe_load only, independent of the project's loader.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
PHASES = ROOT / "plugins" / "mkdocs_playbook" / "phases"

PRODUCT_TOKEN = re.compile(r"\[!INCLUDE\[[^\]]*\]\([^)]*\)\]")

# Which seed feeds which phase file.
SEED_PHASE = {
    "000": "pilot",  # Pilot (phase guide)
    "001": "pilot",  # Pilot Structure Reference
    "002": "pilot",  # Pilot Plan
    "003": "proof-of-concept",  # Proof of concept or pilot
    "004": "enterprise-rollout",  # Enterprise rollout
}


# --- normalising -------------------------------------------------------------------------------


def norm(text: str) -> str:
    text = PRODUCT_TOKEN.sub("{product}", text)
    text = html.unescape(text)
    text = text.replace("**", "")
    text = " ".join(text.split())
    text = text.rstrip(".").rstrip()
    return text.casefold()


def norm_loose(text: str) -> str:
    """`norm` without any whitespace: tolerates `your{product}` and `them.Administrators` fixes."""
    return "".join(norm(text).split())


def slug(text: str, limit: int = 45) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", norm(text)).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0] if s[limit] != "-" else s[:limit]
    return s.strip("-")


# --- reading the seeds -------------------------------------------------------------------------


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of every Markdown heading outside fenced code."""
    found, fenced = [], False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m and not fenced:
            found.append((i, len(m.group(1)), m.group(2)))
    return found


def section(text: str, title: str, level: int | None = None) -> str:
    """The body of the first heading titled `title` (case-insensitive), up to the next heading
    of the same or a higher level."""
    lines = text.splitlines()
    heads = _headings(lines)
    for n, (i, lvl, t) in enumerate(heads):
        if t.casefold() == title.casefold() and (level is None or lvl == level):
            end = next((j for j, l2, _ in heads[n + 1 :] if l2 <= lvl), len(lines))
            return "\n".join(lines[i + 1 : end])
    raise AssertionError(f"seed has no heading {title!r}")


def subsections(text: str, level: int) -> list[tuple[str, str]]:
    """(title, body) of every heading of `level` in `text`."""
    lines = text.splitlines()
    heads = _headings(lines)
    out = []
    for n, (i, lvl, t) in enumerate(heads):
        if lvl != level:
            continue
        end = next((j for j, l2, _ in heads[n + 1 :] if l2 <= lvl), len(lines))
        out.append((t, "\n".join(lines[i + 1 : end])))
    return out


@dataclass
class BulletList:
    lead: str
    """The paragraph line just before the list, e.g. 'Do the following tasks:'."""
    items: list[str]


BULLET = re.compile(r"^ {0,3}[-*+]\s+(?:\[[ xX]\]\s+)?(.*)$")


def bullet_lists(text: str) -> list[BulletList]:
    """Every bullet list in `text`. An indented line after a bullet (even after a blank line)
    continues that bullet; a paragraph line at the margin ends the list."""
    lists: list[BulletList] = []
    current: BulletList | None = None
    lead = ""
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            current = None
            continue
        if fenced:
            continue
        m = BULLET.match(line)
        if m:
            if current is None:
                current = BulletList(lead, [])
                lists.append(current)
            current.items.append(m.group(1).strip())
        elif not line.strip():
            continue
        elif current is not None and line[:1] in (" ", "\t"):
            current.items[-1] += "\n" + line.strip()
        else:
            current = None
            lead = line.strip()
    return lists


def bullets(text: str) -> list[str]:
    return [item for lst in bullet_lists(text) for item in lst.items]


def list_after(text: str, lead: str) -> list[str]:
    """The items of the list introduced by a paragraph containing `lead`."""
    for lst in bullet_lists(text):
        if lead.casefold() in lst.lead.casefold():
            return lst.items
    raise AssertionError(f"no list introduced by {lead!r}")


def code_blocks(text: str) -> list[list[str]]:
    blocks, current = [], None
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return blocks


CHALLENGE = re.compile(r"\*\*Challenge:\*\*(.*?)\*\*Mitigation:\*\*(.*)", re.DOTALL)


def challenges(text: str) -> list[tuple[str, str]]:
    pairs = []
    for item in bullets(text):
        m = CHALLENGE.match(item)
        assert m, f"challenge bullet without Challenge/Mitigation: {item[:60]!r}"
        pairs.append((m.group(1).strip(), m.group(2).strip()))
    return pairs


def plain_section(text: str, title: str) -> list[str]:
    """Seed 002 is plain text: a heading is a line at the margin, its body the indented lines
    (bullets '•' or numbered) that follow. Returns the body's entries, one per bullet."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title and line[:1] != " ")
    entries: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        if line[:1] not in (" ", "\t"):
            break
        m = re.match(r"^\s+(?:•|\d+\.)\s+(.*)$", line)
        if m:
            entries.append(m.group(1).strip())
        elif entries:
            entries[-1] += " " + line.strip()
    return entries


# --- reading the phases ------------------------------------------------------------------------


def load_phase(phase_id: str) -> dict:
    with (PHASES / f"{phase_id}.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def phase_items(phase: dict) -> list[dict]:
    """Every tickable item, as `Phase.items()` lists them."""
    items = list(phase.get("checklist") or [])
    if phase.get("scope"):
        items += phase["scope"].get("boundaries") or []
    for stage in phase.get("stages") or []:
        items += stage.get("deliverables") or []
        items += stage.get("exit_criteria") or []
    for group in phase.get("documentation") or []:
        items += group.get("items") or []
    return items


# --- what the seeds hold -----------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    phase: str
    kind: str  # question | item | documentation | challenge
    text: str
    mitigation: str = ""
    group: str = ""  # for documentation: the seed's subsection title

    @property
    def id(self) -> str:
        group = f"{slug(self.group)}/" if self.group else ""
        return f"{self.phase}/{self.kind}/{group}{slug(self.text)}"


def _collect() -> dict[str, list[Expected]]:
    """Expected entries by seed section, e.g. '000 Discovery questions'."""
    out: dict[str, list[Expected]] = {}
    for prefix in ("000", "004"):  # the phase guides
        text, phase = seed_text(prefix), SEED_PHASE[prefix]
        out[f"{prefix} Discovery questions"] = [
            Expected(phase, "question", q) for q in bullets(section(text, "Discovery questions"))
        ]
        out[f"{prefix} Get started checklist"] = [
            Expected(phase, "item", i) for i in bullets(section(text, "Get started checklist"))
        ]
        out[f"{prefix} Common challenges"] = [
            Expected(phase, "challenge", c, m)
            for c, m in challenges(section(text, "Common challenges"))
        ]

    text, phase = seed_text("003"), SEED_PHASE["003"]
    planning = section(text, "Planning", 3)
    out["003 Planning health questions"] = [
        Expected(phase, "question", q) for q in list_after(planning, "health questions")
    ]
    out["003 Planning tasks"] = [
        Expected(phase, "item", i) for i in list_after(planning, "following tasks")
    ]
    out["003 Execution"] = [
        Expected(phase, "item", i) for i in bullets(section(text, "Execution", 3))
    ]
    out["003 Debriefing"] = [
        Expected(phase, "item", i) for i in bullets(section(text, "Debriefing", 3))
    ]

    text, phase = seed_text("001"), SEED_PHASE["001"]
    for title, body in subsections(section(text, "Documentation Requirements", 2), 3):
        out[f"001 Documentation Requirements / {title}"] = [
            Expected(phase, "documentation", i, group=title) for i in bullets(body)
        ]
    return out


SECTIONS = _collect()
EXPECTED = [e for entries in SECTIONS.values() for e in entries]


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_seed_section_is_not_empty(name: str) -> None:
    """A parser that finds nothing must not pass the coverage tests vacuously."""
    assert len(SECTIONS[name]) > 0, f"nothing extracted from seed section {name!r}"


def test_seed_sections_found() -> None:
    """Three documentation groups (pre, during, post) and every section above."""
    assert sum(name.startswith("001 Documentation") for name in SECTIONS) == 3
    assert len(EXPECTED) >= 70


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.id for e in EXPECTED])
def test_seed_entry_is_in_phase(expected: Expected) -> None:
    phase = load_phase(expected.phase)
    want = norm(expected.text)
    if expected.kind == "question":
        have = [norm(q["text"]) for q in phase["discovery_questions"]]
        assert want in have, f"discovery question missing from phases/{expected.phase}.yml"
    elif expected.kind == "item":
        # a stop the data adds where the seed's bullet broke its line is allowed (seed 004: the run-on test)
        want = norm(re.sub(r"\.?\n", "\n", expected.text))
        have = [norm(re.sub(r"\.?\n", "\n", i["text"])) for i in phase_items(phase)]
        assert want in have, f"checklist item missing from phases/{expected.phase}.yml"
    elif expected.kind == "documentation":
        groups = [
            g for g in phase.get("documentation") or [] if norm(g["title"]) == norm(expected.group)
        ]
        assert groups, f"no documentation group {expected.group!r}"
        have = [norm(i["text"]) for g in groups for i in g["items"]]
        assert want in have, f"documentation item missing from group {expected.group!r}"
    elif expected.kind == "challenge":
        pairs = {norm(c["challenge"]): norm(c["mitigation"]) for c in phase["challenges"]}
        assert want in pairs, f"challenge missing from phases/{expected.phase}.yml"
        assert pairs[want] == norm(expected.mitigation), "challenge has a different mitigation"
    else:  # pragma: no cover
        raise AssertionError(expected.kind)


# --- focus areas (seeds 000 and 004) -------------------------------------------------------------


FOCUS = [
    (SEED_PHASE[prefix], title, body)
    for prefix in ("000", "004")
    for title, body in subsections(section(seed_text(prefix), "Focus area goals", 2), 3)
]


def test_focus_areas_found() -> None:
    assert len(FOCUS) == 10


@pytest.mark.parametrize(
    "phase_id,title,body", FOCUS, ids=[f"{p}/focus/{slug(t)}" for p, t, _ in FOCUS]
)
def test_focus_area_is_in_phase(phase_id: str, title: str, body: str) -> None:
    areas = {norm(a["title"]): a for a in load_phase(phase_id)["focus_areas"]}
    assert norm(title) in areas, f"focus area {title!r} missing"
    area = areas[norm(title)]
    paragraphs = [line for line in body.splitlines() if line.strip() and not BULLET.match(line)]
    assert norm_loose(area["text"]) == norm_loose(" ".join(paragraphs))
    assert [norm(r) for r in area.get("resources", [])] == [norm(r) for r in bullets(body)]


# --- the pilot structure (seed 001) --------------------------------------------------------------


STRUCTURE = seed_text("001")


def _field(body: str, name: str) -> str:
    m = re.search(rf"^\*\*{name}:\*\*\s*(.*)$", body, re.MULTILINE)
    assert m, f"no **{name}:** line"
    return m.group(1).strip()


def test_pilot_types() -> None:
    seed = subsections(section(STRUCTURE, "Pilot Types", 2), 3)
    assert len(seed) == 3
    types = load_phase("pilot")["pilot_types"]
    assert [norm(t["title"]) for t in types] == [norm(title) for title, _ in seed]
    for (title, body), t in zip(seed, types, strict=False):
        assert norm(t["purpose"]) == norm(_field(body, "Purpose")), title
        lo, hi = map(int, re.fullmatch(r"(\d+)-(\d+) weeks", _field(body, "Duration")).groups())
        assert (t["duration"]["min_weeks"], t["duration"]["max_weeks"]) == (lo, hi), title
        m = re.fullmatch(r"(.+?) \((\d+)(?:-(\d+))?%(\+)?\)", _field(body, "Traffic"))
        assert m, title
        label, lo, hi, plus = m.groups()
        assert norm(t["traffic"]["label"]) == norm(label), title
        assert t["traffic"]["min_percent"] == int(lo), title
        assert t["traffic"]["max_percent"] == (None if plus else int(hi or lo)), title
        focus = [norm(f) for f in _field(body, "Focus").split(",")]
        assert [norm(f) for f in t["focus"]] == focus, title
        success = re.search(r"^\*\*Success = (.*)\*\*$", body, re.MULTILINE).group(1)
        assert norm(t["success"]) == norm(success), title


def test_pilot_stages() -> None:
    seed = subsections(section(STRUCTURE, "Pilot Phases", 2), 3)
    assert len(seed) == 4
    stages = load_phase("pilot")["stages"]
    assert len(stages) == len(seed)
    for (heading, body), stage in zip(seed, stages, strict=False):
        m = re.fullmatch(r"Phase (\d+): (.+) \((.+)\)", heading)
        assert m, heading
        assert stage["number"] == int(m.group(1))
        assert norm(stage["title"]) == norm(m.group(2))
        assert norm(stage["when"]) == norm(m.group(3))
        lists = {norm(lst.lead): [norm(i) for i in lst.items] for lst in bullet_lists(body)}
        assert [norm(a) for a in stage["activities"]] == lists["activities:"], heading
        assert [norm(d["text"]) for d in stage["deliverables"]] == lists["deliverables:"]
        exits = lists.get("exit criteria:", [])  # the evaluation stage has none
        assert [norm(e["text"]) for e in stage["exit_criteria"]] == exits, heading


def test_traffic_ramps() -> None:
    seed = subsections(section(STRUCTURE, "Traffic Ramping", 2), 3)
    assert len(seed) == 3
    ramps = load_phase("pilot")["ramps"]
    assert [norm(r["title"]) for r in ramps] == [norm(title) for title, _ in seed]
    for (title, body), ramp in zip(seed, ramps, strict=False):
        (block,) = code_blocks(body)
        weeks = [
            (int(w), int(p))
            for w, p in (re.match(r"Week (\d+): (\d+)%", line).groups() for line in block)
        ]
        assert [(w["week"], w["percent"]) for w in ramp["weeks"]] == weeks, title
        assert [norm(u) for u in ramp["use_when"]] == [norm(u) for u in bullets(body)], title


def test_escalation_path() -> None:
    (block,) = code_blocks(section(STRUCTURE, "Escalation Path", 3))
    steps = []
    for line in block:
        if not line.strip() or line.strip() == "↓":
            continue
        m = re.fullmatch(r"(.+?)(?: \((\d+) hours\))?", line.strip())
        steps.append((norm(m.group(1)), int(m.group(2)) if m.group(2) else None))
    assert [h for _, h in steps if h] == [4, 24, 48]
    escalation = load_phase("pilot")["risks"]["escalation"]
    assert [(norm(s["step"]), s.get("within_hours")) for s in escalation] == steps


# --- the pilot plan (seed 002) -------------------------------------------------------------------


PLAN_SEED = seed_text("002")


def test_pilot_plan() -> None:
    plan = load_phase("pilot")["plan"]

    key_points = plain_section(PLAN_SEED, "Key Points")
    assert len(key_points) == 6
    assert [norm(k) for k in plan["key_points"]] == [norm(k) for k in key_points]

    elements = {norm(e["title"]): norm(e["text"]) for e in plan["elements"]}
    terms = plain_section(PLAN_SEED, "Key Terms & Clauses")
    assert len(terms) == 8
    for term in terms:
        title, text = term.split(": ", 1)
        assert elements.get(norm(title)) == norm(text), title

    examples = [norm(e.get("example", "")) for e in plan["elements"]]
    snippet = plain_section(PLAN_SEED, "Example Snippet")
    assert len(snippet) == 8
    for line in snippet:
        value = norm(line.split(": ", 1)[1])
        assert any(value in example for example in examples), line

    steps = plain_section(PLAN_SEED, "How to Develop/Evaluate")
    assert len(steps) == 7
    assert [(norm(s["title"]), norm(s["text"])) for s in plan["steps"]] == [
        tuple(norm(part) for part in step.split(": ", 1)) for step in steps
    ]

    tips = plain_section(PLAN_SEED, "Risks & Tips")
    assert len(tips) == 6
    assert [(norm(t["risk"]), norm(t["tip"])) for t in plan["tips"]] == [
        tuple(norm(part) for part in tip.split("; ", 1)) for tip in tips
    ]


def test_pilot_plan_thresholds() -> None:
    """The example thresholds a team copies into its own exit criteria."""
    text = yaml.safe_dump(load_phase("pilot")["plan"], allow_unicode=True, width=10_000)
    for threshold in (
        "P1 defects = 0",
        "P2 defects < 2 per 1,000 sessions",
        "95th percentile latency < 300 ms",
        "CSAT ≥ 4.2/5",
        "error rate ≤ 0.5%",
    ):
        assert threshold in text, threshold


# --- the proof of concept's other lists (seed 003) -----------------------------------------------


POC_SEED = seed_text("003")


def test_poc_comparison_and_best_practices() -> None:
    phase = load_phase("proof-of-concept")
    intro = section(POC_SEED, "Proof of concept or pilot", 1)
    sides = [list_after(intro, "A PoC:"), list_after(intro, "A pilot:")]
    assert [[norm(t) for t in side["traits"]] for side in phase["comparison"]] == [
        [norm(t) for t in side] for side in sides
    ]
    practices = [norm(p) for p in phase["best_practices"]]
    for bullet in bullets(section(POC_SEED, "PoC and pilot best practices", 2)):
        assert norm(bullet) in practices, bullet


# --- every bullet, sentence and link of every seed (the kinds of slip issue 14 found) -------------
#
# The tests above read the sections the phases are built from. These read every seed whole, so a
# slip anywhere shows: a bullet merged with its neighbour or its lines run together (seed 004's
# "update intranet site Identify ongoing owner"), a sentence left out (seed 001's "Standard framework
# for pilots/POCs."), a link dropped (seed 003's "Next steps").


def words(text: str) -> str:
    """Only the words, lower case: punctuation, Markdown emphasis and link targets removed, the
    product token as `{product}`, and the seed's one mis-decoded character (`Â®`) repaired."""
    text = PRODUCT_TOKEN.sub(" {product} ", text).replace("Â®", "®")
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w{}%<>=≥≤+]+", " ", text.casefold())
    return " ".join(text.split())


def strings(node: object) -> list[str]:
    """Every string in a phase file's data, in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


def entries(node: object) -> list[str]:
    """What one seed bullet may have become: one string, or one mapping's strings together, all or
    two side by side (a challenge with its mitigation, a term's title with its meaning, a risk with its tip)."""
    found: list[str] = []
    if isinstance(node, str):
        found.append(node)
    elif isinstance(node, dict):
        own = [value for value in node.values() if isinstance(value, str) and value not in {node.get("id")}]
        if len(own) > 1:
            found.append(" ".join(own))
            found += [" ".join(pair) for pair in pairwise(own)]
        found += [e for value in node.values() for e in entries(value)]
    elif isinstance(node, list):
        found += [e for value in node for e in entries(value)]
    return found


ALL_PHASES = {path.stem: load_phase(path.stem) for path in sorted(PHASES.glob("*.yml"))}
CORPUS = " | ".join(words(s) for phase in ALL_PHASES.values() for s in strings(phase))
ENTRIES = {words(e) for phase in ALL_PHASES.values() for e in entries(phase)}


def seed_body(prefix: str) -> str:
    """A seed without its front matter (page metadata of the source site)."""
    return re.sub(r"\A---\n.*?\n---\n", "", seed_text(prefix), flags=re.DOTALL)


PLAIN_BULLET = re.compile(r"^\s+(?:•|\d+\.)\s+(.*)$")


def seed_bullets(prefix: str) -> list[str]:
    """Every bullet of a seed, each with its continuation lines (joined by newlines): Markdown lists,
    or the plain-text seed's `•` and numbered entries."""
    text = seed_body(prefix)
    if prefix == "002":
        found: list[str] = []
        for line in text.splitlines():
            m = PLAIN_BULLET.match(line)
            if m:
                found.append(m.group(1).strip())
            elif found and line[:1] in (" ", "\t") and line.strip():
                found[-1] += "\n" + line.strip()
            elif line.strip():
                found.append("")  # a paragraph ends the entry
        return [b for b in found if b]
    return bullets(text)


# Seed bullets that are deliberately not one entry of the phase data, with why.
NOT_ONE_ENTRY = {
    # the pilot plan's example: one worked example across the plan's elements (tests/test_pilot_plan)
    "002": {words(line) for line in plain_section(PLAN_SEED, "Example Snippet")}
    # the exam question's answers: not playbook content (see LEFT_OUT)
    | {words(a) for a in ("Sprint Backlog.", "Pilot Plan.", "Release Burndown Chart.", "Definition of Ready.")},
    # a challenge bullet holds "**Challenge:** ... **Mitigation:** ...": the data's pair, words equal
}


@pytest.mark.parametrize("prefix", sorted(SEED_PHASE))
def test_every_seed_bullet_is_one_entry(prefix: str) -> None:
    """A bullet merged with its neighbour, or split in two, is no longer any one entry."""
    found = seed_bullets(prefix)
    assert len(found) >= 10, "the seed's bullets were found"
    label = re.compile(r"\*\*[^*]+:\*\*")
    missing = [
        b for b in found
        if words(label.sub(" ", b)) not in ENTRIES and words(b) not in ENTRIES
        and words(b) not in NOT_ONE_ENTRY.get(prefix, set())
    ]
    assert not missing, "seed bullets that are not one entry of the phase data:\n" + "\n".join(missing)


SENTENCE_END = ".!?:;"


@pytest.mark.parametrize("prefix", sorted(SEED_PHASE))
def test_multi_line_bullets_keep_their_sentences(prefix: str) -> None:
    """A bullet written on several lines reads as the lines' sentences: the data's text, shown as one
    paragraph (its line breaks become spaces), ends each line with a stop, as the seed's line break did."""
    texts = [" ".join(s.split()) for phase in ALL_PHASES.values() for s in strings(phase)]
    run_on = []
    pairs = [
        (first, second)
        for bullet in seed_bullets(prefix)
        for first, second in pairwise(bullet.split("\n"))
        if not second.startswith("**")  # `**Mitigation:**` starts the next field of the entry
    ]
    for first, second in pairs:
        together = words(f"{first} {second}")
        holder = next((t for t in texts if together in words(t)), None)
        assert holder is not None, f"a two-line bullet's lines are in no one entry: {first!r} / {second!r}"
        tail = " ".join(first.split()[-3:]).rstrip(SENTENCE_END)
        at = holder.find(tail)
        if at >= 0 and holder[at + len(tail): at + len(tail) + 1] not in SENTENCE_END:
            run_on.append(f"{first!r} runs into the next line in: {holder!r}")
    assert pairs or prefix != "004", "seed 004 has two-line bullets"
    assert not run_on, "\n".join(run_on)


# Seed sentences deliberately not in the phase data, by seed, with why.
LEFT_OUT = {
    prefix: {words(s) for s in sentences}
    for prefix, sentences in {
        # the source site's page furniture: "to the left" and "this section" point at its layout
        "000": [
            "Begin by reviewing the discovery questions to the left, to help scope and define the pilot phase of your rollout",
            "Review this section for guidance on focus-area activities for this stated phase of your rollout.",
            "Here is a list of steps to get you started with the **Pilot** phase.",
            "Here are some  challenges that you may encounter in the **Pilot** phase.",
            # kept reworded in the phase's `why`: "Discuss the discovery questions with your project team..."
            "Discuss these questions with your project team to help scope your project details, uncover potential risks, "
            "and define actionable tasks which can be documented in the  Rollout Planning Guide and Project Plan.",
        ],
        "004": [
            "Begin by reviewing the discovery questions to the left, to help scope and define your rollout phase.",
            "Review this section for guidance on focus-area activities for this stated phase of your rollout.",
            "Here is a list of steps to get you started with the **Enterprise rollout** phase.",
            "Here are some  challenges that you may encounter in the **Enterprise rollout** phase.",
            "Discuss these questions with your project team to help scope your project details, uncover potential risks, "
            "and define actionable tasks which can be documented in the  Rollout Planning Guide and Project Plan.",
        ],
        # a list's lead-in: the list is the discovery questions
        "003": ["Consider the following health questions:"],
        # fields the data holds as numbers and lists (tests/test_pilot_types, test_traffic_ramps...);
        # table headers and lead-ins whose rows are the data's entries
        "001": [
            "2-4 weeks", "4-8 weeks", "6-12 weeks", "Limited (10-20%)", "Significant (30-50%)", "Production-like (50%+)",
            "Integration, accuracy, performance", "Metrics, ROI, user adoption",
            "**Success = Technical requirements met**", "**Success = Business metrics achieved**",
            "**Success = Ready for full production**", "Define explicitly:", "If scope change needed:",
            "| Risk | Prevention |", "| Role | Responsibility | Time Commitment |", "| Category | Examples |",
            "| Technical | Integration fails, performance issues |", "| Business | Metrics not achieved, user adoption |",
            "| Timeline | Delays, resource availability |", "| Scope | Creep, requirements change |",
        ],
        # the plain-text seed's headings; an exam question and two course advertisements that were
        # pasted after the reference: not playbook content
        "002": [
            "Key Points", "Purpose", "Key Terms & Clauses", "How to Develop/Evaluate", "How to Use", "Example Snippet",
            "Risks & Tips", "PMP/SCRUM Example Question",
            "A Scrum Team plans to reduce release risk by deploying a limited set of user stories to a small, "
            "representative group before a full rollout.",
            "Which artifact best guides scope, metrics, and rollback for this limited release?",
            "Sprint Backlog.", "Release Burndown Chart.", "Definition of Ready.", "Correct Answer: B — Pilot Plan",
            "Explanation: A Pilot Plan defines the limited release scope, entry/exit criteria, metrics, and rollback steps.",
            "The other options do not provide a structured approach for trial deployment decisions.",
        ],
    }.items()
}
ADVERTISEMENT = "AI-Prompt Engineering for Strategic Leaders"
"""Seed 002 ends with course advertisements from here on: left out whole."""


def seed_sentences(prefix: str) -> list[str]:
    """Every sentence of a seed's prose, bullets and tables, without headings and code blocks (the
    ramps' week lines and the escalation path: tests/test_traffic_ramps, test_escalation_path)."""
    text = seed_body(prefix)
    if prefix == "002":
        text = text.split(ADVERTISEMENT, 1)[0]
    found, fenced = [], False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or not line.strip() or re.match(r"^\s*#", line):
            continue
        body = re.sub(r"^\s*(?:[-*+•]|\d+\.)\s+", "", line).strip()
        body = re.sub(r"^\*\*[^*]+:\*\*\s*", "", body)  # **Challenge:**, **Purpose:**: the data's field names
        found += [s for s in re.split(r"(?<=[.!?])\s+", body) if words(s)]
    return found


def present(sentence: str) -> bool:
    """In the data as written, or part by part where the data keeps the parts apart: a table row's
    cells, `term: meaning`, `risk; tip`."""
    if words(sentence) in CORPUS:
        return True
    parts = [p for p in re.split(r"\s*[|;]\s*|(?<=\w):\s", sentence) if words(p)]
    return len(parts) > 1 and all(words(p) in CORPUS for p in parts)


@pytest.mark.parametrize("prefix", sorted(SEED_PHASE))
def test_every_seed_sentence_is_in_the_phases(prefix: str) -> None:
    found = seed_sentences(prefix)
    assert len(found) >= 20, "the seed's sentences were found"
    left_out = LEFT_OUT.get(prefix, set())
    missing = [s for s in found if words(s) not in left_out and not present(s)]
    assert not missing, "seed sentences in no phase file:\n" + "\n".join(missing)
    unused = left_out - {words(s) for s in found}
    assert not unused, f"LEFT_OUT lists sentences the seed does not have: {sorted(unused)}"


LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def links(text: str) -> list[tuple[str, str]]:
    """(text, target) of every Markdown link, the product token `[!INCLUDE[...](...)]` aside."""
    return [(words(t), u) for t, u in LINK.findall(PRODUCT_TOKEN.sub("", text)) if not t.startswith("!INCLUDE")]


DATA_LINKS = [link for phase in ALL_PHASES.values() for s in strings(phase) for link in links(s)]


@pytest.mark.parametrize("prefix", sorted(SEED_PHASE))
def test_every_seed_link_is_in_the_phases(prefix: str) -> None:
    """Same text, same address; a link relative to the source site (`code-with.md`) may only point at
    that page on the source site (`.../code-with`), so its last part must match."""
    missing = []
    for text, target in links(seed_body(prefix)):
        if re.match(r"https?://", target):
            ok = (text, target) in DATA_LINKS
        else:
            page = target.split("#")[0].removesuffix(".md")
            ok = any(t == text and re.match(r"https://", u) and u.rstrip("/").endswith("/" + page) for t, u in DATA_LINKS)
        if not ok:
            missing.append(f"[{text}]({target})")
    assert not missing, "seed links in no phase file:\n" + "\n".join(missing)


def test_the_seeds_have_links() -> None:
    """The link test reads links: seed 003's next steps and related resource at least."""
    assert len(links(seed_body("003"))) == 4
