"""The TechDocs view the stand-alone page tests read through removes what Backstage removes, and only that."""

from __future__ import annotations

from bs4 import BeautifulSoup
from techdocs_view import strip_like_techdocs

PAGE = """<html><head>
<link rel="stylesheet" href="assets/stylesheets/main.57a0d79d.min.css">
<link rel="stylesheet" href="assets/stylesheets/palette.fb2fffe2.min.css">
<link rel="stylesheet" href="assets/playbook.css">
<style>.pb-x { color: red }</style>
<script src="assets/playbook.js"></script>
</head><body>
<p class="pb-x" style="color: green" data-state="done" aria-label="Done" onclick="alert(1)">Done</p>
<svg width="10" height="10"><rect width="5" height="5" fill="#123456"/></svg>
<progress value="3" max="4">3 of 4</progress><time datetime="2026-11-21">21 Nov</time>
<input type="checkbox" disabled checked><script>alert(2)</script>
</body></html>"""


def test_only_materials_main_stylesheet_and_the_markup_are_left() -> None:
    soup = BeautifulSoup(strip_like_techdocs(PAGE), "html.parser")
    assert [link["href"] for link in soup.find_all("link")] == ["assets/stylesheets/main.57a0d79d.min.css"]
    assert soup.find_all(["style", "script"]) == []
    p = soup.find("p")
    assert p is not None and "onclick" not in p.attrs
    assert (p["style"], p["data-state"], p["aria-label"]) == ("color: green", "done", "Done")
    assert soup.find("rect")["fill"] == "#123456"  # type: ignore[index]
    assert soup.find("progress")["value"] == "3"  # type: ignore[index]
    assert soup.find("time") is not None and soup.find("input", disabled=True) is not None
