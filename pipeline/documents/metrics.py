"""Printed widths of text in Liberation Serif (metrically identical to Times New Roman)."""

from __future__ import annotations

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
