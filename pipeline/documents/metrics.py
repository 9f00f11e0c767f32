"""Printed widths of text in Liberation Serif (metrically identical to Times New Roman)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


@cache
def _font(bold: bool) -> tuple[dict[int, str], Any, int]:
    font = TTFont(FONT_DIR / ("LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"))
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    cmap, hmtx, per_em = _font(bold)
    units = sum(hmtx[cmap.get(ord(c), cmap[ord("?")])][0] for c in text)
    return units / per_em * size_pt * 25.4 / 72


def line_count(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    """Lines ``text`` takes at ``width_mm``, breaking at spaces as both renderers do (an estimate: a word
    wider than the line counts as one line)."""
    space = text_width_mm(" ", size_pt, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            width = text_width_mm(word, size_pt, bold)
            if used and used + space + width > width_mm:
                lines += 1
                used = width
            else:
                used += (space if used else 0) + width
    return lines


# A table row taller than this may break across pages (CSS break-inside: auto, no w:cantSplit): kept
# whole, it would leave most of a page empty, WeasyPrint then drops the repeated header row, and
# LibreOffice cuts off a whole row taller than the page.
LONG_ROW_MM = 120


def long_row(cells: Sequence[str], widths: Sequence[float], text_width: float, size_pt: float) -> bool:
    """Whether a table row of ``cells`` (relative ``widths`` of a table ``text_width`` mm wide) is taller
    than LONG_ROW_MM, with the 3 pt side and 2 pt top and bottom padding both renditions give a cell."""
    total = sum(widths)
    pad_mm = 6 * 25.4 / 72
    lines = max(line_count(c, text_width * w / total - pad_mm, size_pt) for c, w in zip(cells, widths, strict=True))
    return (lines * size_pt * 1.25 + 4) * 25.4 / 72 > LONG_ROW_MM
