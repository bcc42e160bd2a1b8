"""Every text colour of the plugin's stylesheet reaches WCAG AA (4.5:1) on Material's light and dark schemes.

The stylesheet (output/assets/playbook.css) is read as shipped; Material's own colours (the page background,
`--md-default-fg-color--light`...) are read from the installed Material's CSS, so a change on either side that
breaks AA fails here. The screen rules are measured; print rules print black on white and are left out.
A rule scoped to `[data-md-color-scheme="slate"]` counts for the dark scheme only and overrides the same
selector's unscoped rule there.
"""

from __future__ import annotations

import colorsys
import functools
import re
from pathlib import Path

import material
import pytest

from conftest import ROOT

STYLESHEET = ROOT / "plugins" / "mkdocs_playbook" / "output" / "assets" / "playbook.css"
MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
SLATE = '[data-md-color-scheme="slate"]'
AA_TEXT = 4.5

RGBA = tuple[float, float, float, float]
Rules = list[tuple[str, dict[str, str]]]


# --- WCAG 2.x relative luminance and contrast ratio ----------------------------------------------------------


def luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(top: RGBA, below: tuple[float, float, float]) -> tuple[float, float, float]:
    """A translucent colour as it shows on an opaque one (alpha compositing)."""
    r, g, b = (t * top[3] + u * (1 - top[3]) for t, u in zip(top[:3], below, strict=False))
    return r, g, b


# --- CSS, as far as colours go ---------------------------------------------------------------------------------


def parse_colour(value: str) -> RGBA:
    value = value.strip().lower()
    if value in ("#fff", "white"):
        return 1.0, 1.0, 1.0, 1.0
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i:i + 2], 16) / 255 for i in range(0, len(digits), 2)]
        return channels[0], channels[1], channels[2], channels[3] if len(channels) == 4 else 1.0
    found = re.fullmatch(r"(rgba?|hsla?)\(([^)]*)\)", value)
    if found is None:
        raise ValueError(f"not a colour this test reads: {value!r}")
    parts = [p.strip() for p in re.split(r"[,\s/]+", found[2].strip()) if p.strip()]
    alpha = float(parts[3].rstrip("%")) / (100 if parts[3].endswith("%") else 1) if len(parts) > 3 else 1.0
    if found[1].startswith("rgb"):
        return float(parts[0]) / 255, float(parts[1]) / 255, float(parts[2]) / 255, alpha
    hue = float(parts[0].removesuffix("deg")) / 360
    r, g, b = colorsys.hls_to_rgb(hue, float(parts[2].rstrip("%")) / 100, float(parts[1].rstrip("%")) / 100)
    return r, g, b, alpha


def without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def without_print(css: str) -> str:
    """The stylesheet less its `@media print { ... }` blocks (braces matched)."""
    out, at = [], 0
    for found in re.finditer(r"@media\s+print\s*\{", css):
        if found.start() < at:
            continue
        out.append(css[at:found.start()])
        depth, i = 1, found.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        at = i
    out.append(css[at:])
    return "".join(out)


def rules(css: str) -> Rules:
    """(selector, declarations) for each plain rule; the content of other @media blocks counts as screen."""
    css = re.sub(r"@media[^{]*\{", "", without_print(without_comments(css)))
    found: Rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip().lower(), value.strip().removesuffix("!important").strip())
            for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
        )
        found.extend((s.strip(), declarations) for s in selectors.split(",") if s.strip())
    return found


DEFAULT_SLATE_PRIMARY = "[data-md-color-scheme=slate][data-md-color-primary=indigo]"
"""Material's primary colour when a site chooses none is indigo, and slate gives its links a lighter blue."""

ON_FOOTER = (".md-copyright",)
"""Selectors whose text sits on Material's footer, not on the page: measured on --md-footer-bg-color."""


@functools.cache
def material_variables() -> dict[str, dict[str, str]]:
    """Material's colour variables for its light (`default`) and dark (`slate`) schemes."""
    css = "".join(without_comments(p.read_text("utf-8")) for p in sorted(MATERIAL_CSS.glob("*.min.css")))
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    dark_indigo: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*--md-[\w-]+:[^{}]*)\}", css):
        names = {s.strip() for s in selectors.split(",")}
        if names <= {":root", "[data-md-color-scheme=default]"}:
            target = light  # the defaults: no palette colour chosen, the light scheme
        elif names == {"[data-md-color-scheme=slate]"}:
            target = dark
        elif DEFAULT_SLATE_PRIMARY in names:
            target = dark_indigo  # slate's own link colour for the default primary (indigo): #5488e8, not indigo
        else:
            continue  # a chosen primary or accent colour, a scheme within a scheme: not the defaults
        target.update((n.strip(), v.strip()) for n, _, v in (d.partition(":") for d in body.split(";") if ":" in d))
    assert "--md-default-bg-color" in light and "--md-default-bg-color" in dark, "Material's schemes not found"
    return {"light": light, "dark": {**light, **dark, **dark_indigo}}


def resolve(value: str, variables: dict[str, str], depth: int = 0) -> str:
    """`var(--x, fallback)` replaced by its value, again and again, until no var() is left."""
    assert depth < 20, f"variables refer to each other in a loop: {value}"
    found = re.search(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)", value)
    if found is None:
        return value
    replacement = variables.get(found[1], found[2])
    assert replacement is not None, f"{found[1]} is defined nowhere"
    return resolve(value[:found.start()] + replacement + value[found.end():], variables, depth + 1)


def scheme_rules(css: str, scheme: str) -> list[tuple[str, dict[str, str]]]:
    """The rules in force under `scheme`: dark-scoped rules override the unscoped rule of the same selector."""
    merged: dict[str, dict[str, str]] = {}
    for selector, declarations in rules(css):
        dark_only = selector.startswith(SLATE)
        if dark_only and scheme != "dark":
            continue
        key = selector.removeprefix(SLATE).strip() if dark_only else selector
        merged.setdefault(key, {}).update(declarations)
    return list(merged.items())


def variables_for(css: str, scheme: str) -> dict[str, str]:
    """Material's variables for the scheme, then the stylesheet's own custom properties."""
    variables = dict(material_variables()[scheme])
    for selector, declarations in scheme_rules(css, scheme):
        if selector in (".md-typeset", ":root"):
            variables.update({k: v for k, v in declarations.items() if k.startswith("--")})
    return variables


def failures(css: str) -> list[str]:
    """Every text colour below AA, as `scheme selector: ratio`."""
    found = []
    for scheme in ("light", "dark"):
        variables = variables_for(css, scheme)
        page = parse_colour(resolve("var(--md-default-bg-color)", variables))[:3]
        footer = parse_colour(resolve("var(--md-footer-bg-color)", variables))[:3]
        for selector, declarations in scheme_rules(css, scheme):
            colour = declarations.get("color")
            if colour is None or colour.lower() in ("currentcolor", "inherit", "transparent", "unset", "initial"):
                continue
            background = declarations.get("background-color") or declarations.get("background")
            below = footer if selector.startswith(ON_FOOTER) else page
            if background and background.lower() not in ("none", "transparent"):
                below = over(parse_colour(resolve(background, variables)), page)
            ratio = contrast(over(parse_colour(resolve(colour, variables)), below), below)
            if ratio < AA_TEXT:
                found.append(f"{scheme} {selector}: {ratio:.2f}")
    return found


# --- the tests -----------------------------------------------------------------------------------------------


def test_every_text_colour_reaches_aa_in_light_and_dark() -> None:
    assert failures(STYLESHEET.read_text("utf-8")) == []


def test_the_stylesheet_sets_text_colours_to_measure() -> None:
    """The check above measures something: the state colours are there, in both schemes."""
    css = STYLESHEET.read_text("utf-8")
    for scheme in ("light", "dark"):
        measured = {s for s, d in scheme_rules(css, scheme) if "color" in d}
        for selector in (".md-typeset .pb-status-in-progress", ".md-typeset .pb-unanswered", ".md-typeset .pb-verdict-go",
                         ".md-typeset .pb-status-done", ".md-typeset .pb-overdue", ".md-typeset .pb-meta"):
            assert selector in measured, (scheme, selector)


@pytest.mark.parametrize(("css", "failing"), [
    # main's colours the browser measured: the accent for "in progress", --lighter for "not answered yet"
    (".md-typeset .x { color: var(--md-accent-fg-color, #526cfe); }", ["light .md-typeset .x: 4.26", "dark .md-typeset .x: 3.78"]),
    (".md-typeset .x { color: var(--md-default-fg-color--lighter); }", ["light .md-typeset .x: 2.24", "dark .md-typeset .x: 2.53"]),
    # a dark-green badge text without its background, and one a scheme override breaks
    (".md-typeset .x { color: #1b5e20; }", ["dark .md-typeset .x: 2.04"]),
    (".md-typeset .x { color: #fff; background: #1b5e20; }", []),
    (f".md-typeset .x {{ color: #b71c1c; }} {SLATE} .md-typeset .x {{ color: #e65100; }}", ["dark .md-typeset .x: 4.24"]),
    (f'.md-typeset {{ --c: #ff8a80; }} {SLATE} .md-typeset {{ --c: #ff8a80; }} .md-typeset .x {{ color: var(--c); }}',
     ["light .md-typeset .x: 2.28"]),
    ("@media print { .md-typeset .x { color: #eee; } }", []),
])
def test_the_measure_catches_a_colour_below_aa(css: str, failing: list[str]) -> None:
    assert failures(css) == failing


def test_contrast_matches_wcag_examples() -> None:
    """WCAG's fixed points: black on white is 21:1, white on white 1:1, #767676 on white just passes AA."""
    white, black = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
    assert round(contrast(black, white), 2) == 21.0
    assert contrast(white, white) == 1.0
    assert 4.5 < contrast(parse_colour("#767676")[:3], white) < 4.6
    assert round(contrast(over(parse_colour("#0000008a"), white), white), 2) == 4.61
