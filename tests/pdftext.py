"""Reading a PDF back as a person would see it: its text, its page count, its pages as images.

Poppler's command-line tools (Debian's `poppler-utils`, installed by `.ci/run` when missing) do
the reading, so the tests check the PDF a printer gets, not the HTML it came from.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 60
"""Seconds for one poppler tool: a handful of pages takes well under one."""


def _run(tool: str, *args: str) -> str:
    """One poppler tool's standard output; a missing tool or a failure says which and why."""
    found = shutil.which(tool)
    if found is None:
        raise RuntimeError(f"{tool} not found: install Debian's poppler-utils (.ci/run does when it is missing)")
    done = subprocess.run([found, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{tool} {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def pdf_text(path: Path) -> str:
    """The text of every page, laid out as on the page (`pdftotext -layout`); pages end with a form feed."""
    return _run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-")


def reading_text(path: Path) -> str:
    """The text in reading order (`pdftotext` without -layout), every run of white space one space:
    for finding a phrase that the page wraps over lines or sets in two columns."""
    return " ".join(_run("pdftotext", "-enc", "UTF-8", str(path), "-").split())


def pdf_info(path: Path) -> dict[str, str]:
    """`pdfinfo`'s fields (Pages, Page size, Title, ...), keys and values stripped."""
    lines = _run("pdfinfo", str(path)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def page_count(path: Path) -> int:
    """The number of pages, from `pdfinfo`."""
    match = re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", str(path)), re.MULTILINE)
    if match is None:
        raise RuntimeError(f"pdfinfo printed no page count for {path}")
    return int(match.group(1))


def page_size(path: Path) -> tuple[float, float]:
    """The first page's width and height in PostScript points (US Letter is 612 x 792, A4 595 x 842)."""
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", str(path)), re.MULTILINE)
    if match is None:
        raise RuntimeError(f"pdfinfo printed no page size for {path}")
    return float(match.group(1)), float(match.group(2))


def page_images(path: Path, out_dir: Path, resolution: int = 50) -> list[Path]:
    """Every page as a PNG in `out_dir` (`pdftoppm -r 50 -png`), in page order, to look at."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / path.stem
    _run("pdftoppm", "-r", str(resolution), "-png", str(path), str(prefix))
    pages = sorted(out_dir.glob(f"{path.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not pages:
        raise RuntimeError(f"pdftoppm wrote no page images for {path}")
    return pages


@dataclass(frozen=True)
class Raster:
    """A page rendered to RGB pixels, three bytes a pixel, row by row."""

    width: int
    height: int
    pixels: bytes

    def coloured(self, chroma: int = 60) -> int:
        """How many pixels are a colour rather than a grey: their channels differ by more than `chroma`."""
        p = self.pixels
        return sum(
            1 for i in range(0, len(p), 3) if max(p[i], p[i + 1], p[i + 2]) - min(p[i], p[i + 1], p[i + 2]) > chroma
        )


def rasters(path: Path, out_dir: Path, *, resolution: int = 30) -> list[Raster]:
    """Every page rendered to RGB pixels (`pdftoppm`, PPM), to check what reaches the paper: colour
    that a black-and-white printer turns into a grey nobody can tell apart."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{path.stem}-rgb"
    _run("pdftoppm", "-r", str(resolution), str(path), str(prefix))
    pages = sorted(out_dir.glob(f"{prefix.name}-*.p?m"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not pages:
        raise RuntimeError(f"pdftoppm rendered no pages of {path}")
    return [_read_ppm(p) for p in pages]


def _read_ppm(path: Path) -> Raster:
    """A binary PPM (P6) of 8 bits a channel, as pdftoppm writes it (no comments)."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maximum
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise RuntimeError(f"{path}: not an 8-bit binary PPM")
    width, height = int(fields[1]), int(fields[2])
    return Raster(width, height, data[position + 1 : position + 1 + width * height * 3])
