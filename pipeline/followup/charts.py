"""The annual report's charts, drawn by matplotlib: SVG for the PDF, PNG for the DOCX.

matplotlib's object interface is used without pyplot (no global state, and pyplot alone takes most of
a second to import). Text is drawn in Liberation Serif, the documents' font, and SVG text is turned
into outlines so the chart looks the same wherever it is opened; its caption carries the words.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..documents.model import Figure

FONT = ["Liberation Serif", "DejaVu Serif"]
MM = 1 / 25.4  # inches per millimetre
DARK, LIGHT, LINE = "#1f4e79", "#9dc3e6", "#c00000"


@dataclass(frozen=True)
class Bars:
    labels: tuple[str, ...]
    values: tuple[int, ...]


def _figure(width_mm: float, height_mm: float):
    import matplotlib

    matplotlib.rcParams.update(
        {
            "font.family": FONT,
            "font.size": 9,
            "svg.fonttype": "path",
            "svg.hashsalt": "hoso",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")


def _export(figure, caption: str, width_mm: float) -> Figure:
    svg, png = io.StringIO(), io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None})
    figure.savefig(png, format="png", dpi=200)
    return Figure(svg=svg.getvalue(), png=png.getvalue(), caption=caption, width_mm=width_mm)


def by_field(bars: Bars, caption: str, width_mm: float = 150) -> Figure:
    """Horizontal bars, largest at the top, each with its count."""
    height = 22 + 7 * len(bars.labels)
    figure = _figure(width_mm, height)
    axes = figure.add_subplot()
    positions = range(len(bars.labels))[::-1]
    drawn = axes.barh(list(positions), bars.values, color=DARK, height=0.6)
    axes.set_yticks(list(positions), bars.labels)
    axes.bar_label(drawn, padding=2)
    axes.set_xlabel("Số ý kiến, kiến nghị")
    axes.margins(x=0.12)
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _export(figure, caption, width_mm)


def by_month(
    months: tuple[str, ...],
    received: tuple[int, ...],
    resolved: tuple[int, ...],
    still_open: tuple[int, ...],
    caption: str,
    width_mm: float = 150,
) -> Figure:
    """Received and resolved petitions per month (bars) and those still open at each month's end (line)."""
    figure = _figure(width_mm, 85)
    axes = figure.add_subplot()
    x = range(len(months))
    axes.bar([i - 0.2 for i in x], received, width=0.4, color=LIGHT, label="Tiếp nhận trong tháng")
    axes.bar([i + 0.2 for i in x], resolved, width=0.4, color=DARK, label="Giải quyết xong trong tháng")
    axes.plot(list(x), still_open, color=LINE, marker="o", markersize=3, label="Còn chưa xong cuối tháng")
    axes.set_xticks(list(x), months)
    axes.set_ylabel("Số ý kiến, kiến nghị")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=8)
    return _export(figure, caption, width_mm)
