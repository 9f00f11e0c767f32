"""Scanned originals for the demo data: a hoso PDF printed, signed, stamped and put through an office scanner.

    .venv/bin/python scripts/make_scans.py IN.pdf OUT.pdf --signer "Lê Văn Hùng" \\
        --seal "ỦY BAN NHÂN DÂN XÃ AN KHÁNH - TỈNH QUẢNG NGÃI" [--dpi 200] [--seed 1]

Each page is rasterised with PDFium. On the signature page (the last page where a signer's name stands on a line
of its own, as in the signature block) a ballpoint signature in blue ink goes into the blank space above each
signer's name, and the red round seal of the office is stamped over the left third of one signature (the
rightmost one, where the person signing for the office stands, unless ``seal_on`` names another). Then the
scanner: the sheet lies a little askew on the glass, the paper has a tone and some dust, its edges cast a faint
shadow, the optics blur a little and the result is saved as JPEG in an image-only PDF at the page's physical size.

The same input and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONTS = [
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
]
INK = (24, 42, 128)  # ballpoint blue
SEAL_RED = (214, 28, 40)  # the red of a seal pad
SEAL_MM = 35.0  # the diameter of a commune People's Committee seal
LID = (226, 226, 224)  # the scanner lid, seen where the askew sheet leaves the glass bare
JPEG_QUALITY = 70
SUPERSAMPLE = 3  # drawing resolution of signatures and seals, for smooth edges


@dataclass(frozen=True)
class Place:
    """Where a signer's name is printed on the signature page, in pixels (top-left origin)."""

    name: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def scan(
    pdf: Path,
    out: Path,
    *,
    signer: str | Sequence[str],
    seal_text: str | None,
    dpi: int = 200,
    seed: int = 0,
    seal_on: str | None = None,
) -> None:
    """Write ``out``: an image-only PDF that looks like a scan of ``pdf`` printed, signed by ``signer`` (one name
    or several; every occurrence in the signature block is signed) and stamped with a seal reading ``seal_text``
    (none if empty) over the signature of ``seal_on`` (default: the rightmost signature)."""
    names = [signer] if isinstance(signer, str) else list(signer)
    if not names:
        raise ValueError("no signer")
    mm = dpi / 25.4
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        sign_page, places = signature_places(doc, names, dpi)
        images = []
        for index in range(len(doc)):
            page = doc[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            rng = random.Random(seed * 7919 + index)
            if index == sign_page:
                image = sign(image, places, seal_text, seal_on, mm, rng)
            images.append(scanner(image.convert("RGB"), mm, rng))
    finally:
        doc.close()
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(dpi),
        quality=JPEG_QUALITY,
        optimize=True,
        title="",  # no file name, no dates: the same bytes for the same seed
        creationDate=None,
        modDate=None,
    )
    out.write_bytes(buffer.getvalue())


# The signature page and the names on it


def signature_places(doc: pypdfium2.PdfDocument, names: list[str], dpi: int) -> tuple[int, list[Place]]:
    """The signature page and every place a name is printed there. The signature page is the last one where a
    name stands alone on its line (a signature block), else the last one where a name occurs at all."""
    fallback: tuple[int, list[Place]] | None = None
    for index in reversed(range(len(doc))):
        found = [(place, alone) for name in names for place, alone in _occurrences(doc[index], name, dpi)]
        if any(alone for _, alone in found):
            places = [place for place, alone in found if alone]
            break
        if found and fallback is None:
            fallback = (index, [place for place, _ in found])
    else:
        if fallback is None:
            raise ValueError(f"none of {names} is printed in the PDF")
        index, places = fallback
    missing = [name for name in names if not any(p.name == name for p in places)]
    if missing:
        raise ValueError(f"{missing} not on the signature page (page {index + 1})")
    return index, places


def _occurrences(page: pypdfium2.PdfPage, name: str, dpi: int) -> list[tuple[Place, bool]]:
    """(where, alone on its line) for each occurrence of ``name`` in the page's text layer."""
    text = page.get_textpage()
    height = page.get_height()
    scale = dpi / 72
    found = []
    search = text.search(name, match_case=True)
    while match := search.get_next():
        start, count = match
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        before = text.get_text_range(start - 1, 1) if start else "\n"
        after = text.get_text_range(start + count, 1) if start + count < text.count_chars() else "\n"
        alone = before in ("\n", "\r") and after in ("\n", "\r", "")
        place = Place(name, left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
        found.append((place, alone))
    return found


# Signing and stamping


def sign(
    page: Image.Image, places: list[Place], seal_text: str | None, seal_on: str | None, mm: float, rng: random.Random
) -> Image.Image:
    """The page (greyscale) with a signature above each place and the seal over one of them, as RGB."""
    ink = Image.new("L", page.size, 0)
    signed = []  # (place, the bounding box of the signature's ink on the page)
    for place in places:
        x0, y0, x1, y1 = _signature_box(page, place, mm, rng)
        mask = signature(rng, x1 - x0, y1 - y0, mm)
        layer = Image.new("L", page.size, 0)
        layer.paste(mask, (x0, y0))
        ink = ImageChops.lighter(ink, layer)
        left, top, right, bottom = mask.getbbox() or (0, 0, x1 - x0, y1 - y0)
        signed.append((place, (x0 + left, y0 + top, x0 + right, y0 + bottom)))
    result = multiply(page.convert("RGB"), ink, INK)
    if seal_text:
        candidates = [s for s in signed if s[0].name == seal_on] if seal_on else signed
        if not candidates:
            raise ValueError(f"{seal_on!r} does not sign this document")
        _, (left, top, right, bottom) = max(candidates, key=lambda s: (s[0].centre, s[0].top))
        stamp = seal(seal_text, round(SEAL_MM * mm), rng)
        radius = stamp.width / 2
        cx = left + (right - left) / 3 - radius * rng.uniform(0.92, 1.0)  # the seal covers a third of it
        cy = (top + bottom) / 2 - rng.uniform(1, 4) * mm
        layer = Image.new("L", page.size, 0)
        layer.paste(stamp, (round(cx - radius), round(cy - radius)))
        result = multiply(result, layer, SEAL_RED)
    return result


def _signature_box(page: Image.Image, place: Place, mm: float, rng: random.Random) -> tuple[int, int, int, int]:
    """The box a signature takes: centred over the name, filling the blank space between it and the title."""
    width = min(max((place.right - place.left) * 1.5, 32 * mm), 48 * mm) * rng.uniform(0.92, 1.06)
    grey = np.asarray(page)
    left, right = max(0, round(place.centre - width / 2)), min(page.width, round(place.centre + width / 2))
    bottom = round(place.top - 0.8 * mm)
    top = bottom
    while top > 0 and top > bottom - 30 * mm and grey[top - 1, left:right].min() > 128:
        top -= 1
    blank = bottom - top
    height = min(max(blank * 1.05, 12 * mm), 21 * mm)  # a signature may touch the title and the name
    centre_y = top + blank * 0.55 if blank > 8 * mm else place.top - height / 2
    x0 = round(place.centre - width / 2 + rng.uniform(-3, 3) * mm)
    y0 = round(centre_y - height / 2)
    return x0, y0, x0 + round(width), y0 + round(height)


def signature(rng: random.Random, width: int, height: int, mm: float) -> Image.Image:
    """A ballpoint signature within ``width`` × ``height`` pixels, as an ink mask. The pen moves as a hand
    does (the oscillation model of handwriting): a forward drift with horizontal and vertical oscillations
    whose amplitudes and phase change slowly, giving tall and short letters, loops and cusps; then a
    flourish. The line's width and ink vary a little along a stroke and thin out at its ends."""
    strokes = _signature_strokes(rng)
    xs = np.concatenate([s[:, 0] for s in strokes])
    ys = np.concatenate([s[:, 1] for s in strokes])
    pad = 1.0 * mm * SUPERSAMPLE
    w, h = width * SUPERSAMPLE, height * SUPERSAMPLE
    sy = min((w - 2 * pad) / np.ptp(xs), (h - 2 * pad) / np.ptp(ys))
    sx = min((w - 2 * pad) / np.ptp(xs), sy * 1.4)  # a hand signing in a wide space writes wider
    ox = (w - sx * np.ptp(xs)) / 2 - sx * xs.min()
    oy = (h - sy * np.ptp(ys)) / 2 - sy * ys.min()
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    pen = rng.uniform(0.4, 0.55) * mm * SUPERSAMPLE  # line width of a ballpoint, in drawing pixels
    for stroke in strokes:
        points = _resample(stroke * (sx, sy) + (ox, oy), step=max(pen / 5, 1.0))
        n = len(points)
        if n < 2:
            continue
        s = np.linspace(0, 1, n)
        taper = np.clip(np.minimum(s / 0.03, (1 - s) / 0.1), 0, 1)
        radius = pen / 2 * (0.85 + 0.15 * _smooth_noise(rng, n, 8)) * (0.45 + 0.55 * taper)
        ink = 255 * (0.9 + 0.1 * _smooth_noise(rng, n, 11)) * (0.7 + 0.3 * taper)
        for (x, y), r, v in zip(points, radius, ink, strict=True):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=round(v))
    return canvas.resize((width, height), Image.Resampling.LANCZOS)


def _signature_strokes(rng: random.Random) -> list[np.ndarray]:
    """The strokes of a signature in arbitrary units (y down, letters about 1 high)."""
    cycles = rng.randint(5, 8)
    n = 90 * cycles
    t = np.linspace(0, 2 * math.pi * cycles, n)
    u = t / math.pi  # half-cycles
    half = cycles * 2 + 1
    # heights: a tall capital, then letters of mixed height, a little smaller towards the end
    heights = [rng.uniform(1.4, 2.0), rng.uniform(1.2, 1.8)] + [
        rng.uniform(0.45, 1.25) * (1 - 0.25 * k / half) for k in range(half - 1)
    ]
    height = _interpolate(heights, u)
    width = _interpolate([rng.uniform(0.2, 0.5) for _ in range(half + 1)], u)
    phase = _interpolate([rng.uniform(0.2, 1.9) for _ in range(half + 1)], u)
    speed = _interpolate([rng.uniform(0.08, 0.2) for _ in range(half + 1)], u)
    drift = np.r_[0, np.cumsum(speed[1:] * np.diff(t))]
    x = drift + width * np.sin(t + phase)
    y = -height * (1 - np.cos(t)) / 2 - 0.05 * u  # letters on a baseline that rises a little
    main = np.column_stack([x, y])
    strokes = [main]
    left, right = main[:, 0].min(), main[:, 0].max()
    base = 0.0
    style = rng.random()
    if style < 0.45:  # the pen runs on: down and back left under the name, thinning out
        end = main[-1]
        strokes[0] = np.vstack(
            [
                main[:-1],
                _catmull_rom(
                    np.array(
                        [
                            end,
                            (end[0] + rng.uniform(0.2, 0.5), base + rng.uniform(0.1, 0.3)),
                            ((left + right) / 2, base + rng.uniform(0.35, 0.6)),
                            (left - rng.uniform(0.0, 0.6), base + rng.uniform(0.1, 0.4)),
                        ]
                    ),
                    40,
                ),
            ]
        )
    elif style < 0.85:  # a separate underline, left to right, rising
        y0 = base + rng.uniform(0.25, 0.5)
        strokes.append(
            _catmull_rom(
                np.array(
                    [
                        (left + rng.uniform(-0.4, 0.3), y0),
                        ((left + right) / 2, y0 + rng.uniform(-0.05, 0.15)),
                        (right + rng.uniform(0.0, 0.7), y0 - rng.uniform(0.2, 0.6)),
                    ]
                ),
                40,
            )
        )
    if rng.random() < 0.35:  # a dot or a short stroke over a letter
        x0 = rng.uniform(left + 0.3 * (right - left), right)
        strokes.append(np.array([(x0, -1.6), (x0 + 0.12, -1.66)]))
    slant = rng.uniform(0.15, 0.4)
    tilt = math.radians(rng.uniform(-8, 2))
    for stroke in strokes:
        stroke[:, 1] += _smooth_noise(rng, len(stroke), 7) * 0.025  # the hand's tremor
        stroke[:, 0] -= stroke[:, 1] * slant
        x, y = stroke[:, 0].copy(), stroke[:, 1].copy()
        stroke[:, 0] = x * math.cos(tilt) - y * math.sin(tilt)
        stroke[:, 1] = x * math.sin(tilt) + y * math.cos(tilt)
    return strokes


def seal(text: str, diameter: int, rng: random.Random) -> Image.Image:
    """A round seal as an ink mask: two rings, ``text`` in capitals around them, a star in the centre; the
    ink uneven as a rubber stamp leaves it, turned a little."""
    s = SUPERSAMPLE
    size = diameter * s
    mm = diameter / SEAL_MM * s
    c = size / 2
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    # PIL draws an outline inwards from the box: the outer ring spans 0.4–1.4 mm from the edge
    outer, inner = c - 0.4 * mm, c - 6.4 * mm
    draw.ellipse((c - outer, c - outer, c + outer, c + outer), outline=255, width=round(1.0 * mm))
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=round(0.45 * mm))
    # capitals 2.9 mm high on a circle 0.6 mm outside the inner ring: room above them for the diacritics
    _ring_text(canvas, text.upper(), c, inner + 0.6 * mm, 2.9 * mm)
    _star(draw, c, c, 5.2 * mm)
    _star(draw, c, c + inner + 2.2 * mm, 0.9 * mm)  # the mark where the ring text begins and ends
    canvas = canvas.rotate(rng.uniform(-14, 14), Image.Resampling.BICUBIC)
    mask = canvas.resize((diameter, diameter), Image.Resampling.LANCZOS)
    # a rubber stamp inks unevenly: broad lighter and darker patches, specks where no ink came off
    patches = _noise_field(rng, mask.size, 6) * 0.3 + 0.7
    specks = np.asarray(_noise_field(rng, mask.size, diameter // 3)) < 0.12
    density = np.clip(patches - specks * 0.5, 0, 1) * 0.88
    inked = np.asarray(mask, dtype=np.float32) * density
    return Image.fromarray(inked.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.35 * diameter / 276))


def _ring_text(canvas: Image.Image, text: str, c: float, baseline: float, cap: float) -> None:
    """Set ``text`` clockwise around a circle of radius ``baseline`` centred on (c, c), the letters' feet on
    the circle, from lower left over the top to lower right, condensed as seal engravers condense it."""
    font = _font(round(cap / 0.66))
    arc = math.radians(318)  # the rest of the circle, at the bottom, holds the small star
    advances = [font.getlength(ch) for ch in text]
    total = sum(advances)
    middle = baseline + cap / 2
    squeeze = min(1.0, arc * middle / total)
    if squeeze < 0.5:  # too long to condense legibly: a smaller size instead
        font = _font(round(cap / 0.66 * squeeze / 0.5))
        advances = [font.getlength(ch) for ch in text]
        total = sum(advances)
        squeeze = min(1.0, arc * middle / total)
    spread = arc / total  # radians per unit of advance: the letters fill the arc evenly
    ascent, _ = font.getmetrics()
    angle = -arc / 2  # angles run clockwise from 12 o'clock: start at the lower left, past half the gap
    for ch, advance in zip(text, advances, strict=True):
        theta = angle + advance * spread / 2
        angle += advance * spread
        if ch == " ":
            continue
        box = round(advance) + 4
        glyph = Image.new("L", (box, 2 * ascent), 0)
        ImageDraw.Draw(glyph).text((box / 2, ascent), ch, font=font, fill=255, anchor="ms")
        glyph = glyph.resize((max(1, round(box * squeeze)), glyph.height), Image.Resampling.LANCZOS)
        glyph = glyph.rotate(-math.degrees(theta), Image.Resampling.BICUBIC, expand=True)
        x = c + baseline * math.sin(theta) - glyph.width / 2
        y = c - baseline * math.cos(theta) - glyph.height / 2
        canvas.paste(255, (round(x), round(y)), glyph)


def _star(draw: ImageDraw.ImageDraw, x: float, y: float, radius: float) -> None:
    """A five-pointed star, point up, filled."""
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.382
        a = k * math.pi / 5
        points.append((x + r * math.sin(a), y - r * math.cos(a)))
    draw.polygon(points, fill=255)


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = next((p for p in FONTS if p.exists()), None)
    if path is None:
        raise FileNotFoundError(f"none of {[str(p) for p in FONTS]}: install fonts-liberation2 or fonts-dejavu")
    return ImageFont.truetype(str(path), max(size, 4))


def multiply(page: Image.Image, mask: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """Ink over print: the page multiplied by ``colour`` where ``mask`` says ink lies (semi-transparent)."""
    a = np.asarray(mask, dtype=np.float32)[..., None] / 255
    tint = 1 - a * (1 - np.array(colour, dtype=np.float32) / 255)
    return Image.fromarray((np.asarray(page, dtype=np.float32) * tint).round().astype(np.uint8))


# The scanner


def scanner(page: Image.Image, mm: float, rng: random.Random) -> Image.Image:
    """The page as an office scanner returns it: paper tone, toner black scanned as dark grey (less contrast),
    dust, the sheet askew on the glass with its edges' shadow, sensor noise and a little optical blur."""
    w, h = page.size
    pixels = np.asarray(page, dtype=np.float32) / 255
    # paper and toner: a warm off-white with broad unevenness; black prints and scans as dark grey
    tone = 1 + (_noise_field(rng, (w, h), 5)[..., None] - 0.5) * 0.03
    paper = np.array([0.965, 0.962, 0.945], dtype=np.float32) * tone
    pixels = (0.26 + 0.74 * pixels) * paper
    image = Image.fromarray((pixels * 255).round().astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 14)):  # dust and toner specks
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.06, 0.22) * mm
        grey = rng.randint(60, 150)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(grey, grey, grey))
    # askew on the glass, a little off the corner
    angle = rng.choice((-1, 1)) * rng.uniform(0.3, 1.5)
    shift = (rng.uniform(-1.5, 1.5) * mm, rng.uniform(-1.5, 1.5) * mm)
    image = image.rotate(angle, Image.Resampling.BICUBIC, translate=shift, fillcolor=LID)
    sheet = Image.new("L", (w, h), 255).rotate(angle, Image.Resampling.BILINEAR, translate=shift, fillcolor=0)
    # the shadow along the sheet's edges: a grey line where paper meets lid, fading into both
    edge = np.asarray(sheet.filter(ImageFilter.GaussianBlur(0.9 * mm)), dtype=np.float32) / 255
    inside = np.asarray(sheet, dtype=np.float32) / 255
    shadow = np.clip(inside - edge, 0, 1) * 0.9 + np.clip(edge - inside, 0, 1) * 0.5
    side = np.linspace(1, 0, w, dtype=np.float32) ** 12 * 0.06  # a soft grey band along the left edge
    if rng.random() < 0.5:
        side = side[::-1]
    darken = 1 - np.clip(shadow * 0.35 + side[None, :], 0, 0.5)
    pixels = np.asarray(image, dtype=np.float32) * darken[..., None]
    # sensor noise, then the optics: a scanner at 200 dpi resolves less than 200 dpi
    pixels += np.random.default_rng(rng.getrandbits(32)).normal(0, 1.0, (h, w, 1)).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).round().astype(np.uint8))
    return image.filter(ImageFilter.GaussianBlur(0.15 * mm))


# Small helpers: curves and noise


def _catmull_rom(points: np.ndarray, per_segment: int) -> np.ndarray:
    """A smooth curve through ``points`` (uniform Catmull-Rom, the end points repeated)."""
    p = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    parts = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        a, b, c, d = 2 * p1, p2 - p0, 2 * p0 - 5 * p1 + 4 * p2 - p3, 3 * p1 - 3 * p2 + p3 - p0
        parts.append(0.5 * (a + b * t + c * t**2 + d * t**3))
    parts.append(points[-1:])
    return np.vstack(parts)


def _resample(points: np.ndarray, step: float) -> np.ndarray:
    """Points every ``step`` along the polyline, for even stamping of the pen."""
    lengths = np.r_[0, np.cumsum(np.hypot(*np.diff(points, axis=0).T))]
    at = np.arange(0, lengths[-1], step)
    return np.column_stack([np.interp(at, lengths, points[:, 0]), np.interp(at, lengths, points[:, 1])])


def _interpolate(values: list[float], at: np.ndarray) -> np.ndarray:
    """Cosine interpolation of ``values`` (one per unit) at the positions ``at``."""
    i = np.clip(np.floor(at).astype(int), 0, len(values) - 2)
    f = (1 - np.cos((at - i) * math.pi)) / 2
    v = np.asarray(values)
    return v[i] * (1 - f) + v[i + 1] * f


def _smooth_noise(rng: random.Random, n: int, knots: int) -> np.ndarray:
    """``n`` values in [-1, 1] varying smoothly through ``knots`` random values."""
    values = [rng.uniform(-1, 1) for _ in range(knots + 1)]
    return _interpolate(values, np.linspace(0, knots, n))


def _noise_field(rng: random.Random, size: tuple[int, int], cells: int) -> np.ndarray:
    """A smooth random field in [0, 1] of ``size`` (width, height) with about ``cells`` blobs across: random
    values on a coarse grid, spread into round blobs by a Gaussian blur at eight times the grid's size."""
    w, h = size
    cw, ch = max(2, cells), max(2, round(cells * h / w))
    grid = np.random.default_rng(rng.getrandbits(32)).integers(0, 256, (ch, cw), dtype=np.uint8)
    k = 8 if cw * 8 < w else 1
    field = Image.fromarray(grid).resize((cw * k, ch * k), Image.Resampling.BICUBIC)
    if k > 1:
        field = field.filter(ImageFilter.GaussianBlur(k * 0.6))
    values = np.asarray(field.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    return (values - values.min()) / max(float(np.ptp(values)), 1.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path, help="the PDF hoso rendered")
    parser.add_argument("out", type=Path, help="the scan to write (an image-only PDF)")
    parser.add_argument("--signer", action="append", required=True, help="a name to sign above (repeatable)")
    parser.add_argument("--seal", default="", help="the text around the seal; none if empty")
    parser.add_argument("--seal-on", help="whose signature the seal covers (default: the rightmost)")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        scan(
            args.pdf,
            args.out,
            signer=args.signer,
            seal_text=args.seal,
            dpi=args.dpi,
            seed=args.seed,
            seal_on=args.seal_on,
        )
    except (ValueError, FileNotFoundError) as error:
        sys.exit(f"make_scans: {error}")
    scanned = pypdfium2.PdfDocument(str(args.out))
    pages = len(scanned)
    scanned.close()
    print(f"{args.out}  {pages} pages  {args.out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
