"""scripts/make_scans.py: a scan of a printed, signed and stamped PDF is an image-only PDF of the same pages at
A4, askew like a sheet on a scanner's glass, with blue signatures above the names and a red seal, the same bytes
for the same seed."""

import importlib.util
import math
import sys

import numpy as np
import pypdf
import pypdfium2
import pytest
from conftest import REPO

spec = importlib.util.spec_from_file_location("make_scans", REPO / "scripts" / "make_scans.py")
make_scans = importlib.util.module_from_spec(spec)
sys.modules["make_scans"] = make_scans  # dataclasses look their module up while the class is created
spec.loader.exec_module(make_scans)

DPI = 100
A4 = (595.28, 841.89)  # points
CHAIR, SECRETARY = "Lê Văn Hùng", "Trương Thị Hồng Nhung"
SEAL = "ỦY BAN NHÂN DÂN XÃ AN KHÁNH - TỈNH QUẢNG NGÃI"

# Page 1: a rule to measure the skew by, and the chair's name inside a sentence (not a place to sign).
# Page 2: a signature block as in a biên bản, the secretary on the left and the chair on the right.
HTML = f"""<html><head><style>
@page {{ size: A4; margin: 20mm }}
body {{ font-family: "Liberation Serif", serif; font-size: 13pt }}
hr {{ border: 0; border-top: 2pt solid black; margin: 12mm 0 }}
table {{ width: 100%; margin-top: 10mm }} td {{ width: 50%; text-align: center; font-weight: bold }}
.gap {{ height: 24mm }}
</style></head><body>
<p>Chủ trì: đồng chí {CHAIR}, Chủ tịch UBND xã.</p>
<hr>
<p>Buổi đối thoại kết thúc vào hồi 11 giờ cùng ngày.</p>
<p style="break-before: page">Biên bản đã được đọc lại cho những người tham dự cùng nghe./.</p>
<table><tr><td>THƯ KÝ<div class="gap"></div>{SECRETARY}</td><td>CHỦ TRÌ<div class="gap"></div>{CHAIR}</td></tr>
</table></body></html>"""


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    weasyprint = pytest.importorskip("weasyprint")
    path = tmp_path_factory.mktemp("scan") / "bien-ban.pdf"
    weasyprint.HTML(string=HTML).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def scanned(original):
    out = original.with_name("bien-ban-scan.pdf")
    make_scans.scan(original, out, signer=[SECRETARY, CHAIR], seal_text=SEAL, dpi=DPI, seed=1)
    return out


def pixels(pdf, index):
    """The page's image as an RGB array, as stored (no resampling)."""
    page = pypdf.PdfReader(pdf).pages[index]
    (image,) = page.images
    return np.asarray(image.image.convert("RGB")).astype(int)


def test_image_only_a4_pages(original, scanned):
    assert len(pypdf.PdfReader(scanned).pages) == len(pypdf.PdfReader(original).pages) == 2
    doc = pypdfium2.PdfDocument(scanned)
    for index, page in enumerate(pypdf.PdfReader(scanned).pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4[0], rel=0.01) and height == pytest.approx(A4[1], rel=0.01)
        (image,) = page.images  # one image, nothing else
        assert image.image.width == pytest.approx(A4[0] / 72 * DPI, rel=0.01)
        assert image.image.height == pytest.approx(A4[1] / 72 * DPI, rel=0.01)
        assert "/Font" not in page["/Resources"]
        assert page.extract_text().strip() == ""
        assert doc[index].get_textpage().get_text_range().strip() == ""
    doc.close()
    assert scanned.stat().st_size < 2 * 150_000  # JPEG, small


def test_same_seed_same_bytes_and_the_command(original, scanned, tmp_path):
    again = tmp_path / "again.pdf"
    make_scans.main(
        [str(original), str(again), "--signer", SECRETARY, "--signer", CHAIR, "--seal", SEAL]
        + ["--dpi", str(DPI), "--seed", "1"]
    )
    assert again.read_bytes() == scanned.read_bytes()
    other = tmp_path / "other.pdf"
    make_scans.scan(original, other, signer=[SECRETARY, CHAIR], seal_text=SEAL, dpi=DPI, seed=2)
    assert other.read_bytes() != scanned.read_bytes()


def test_the_page_lies_askew(original, scanned):
    # the rule on page 1: one row of dark pixels in the original, a slanted band in the scan
    doc = pypdfium2.PdfDocument(original)
    before = np.asarray(doc[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")).astype(int)
    doc.close()
    rows = np.flatnonzero((before < 128).sum(axis=1) > before.shape[1] * 0.5)
    assert len(rows), "the rule is on page 1"
    rule_y = rows.mean()
    columns = np.flatnonzero((before[rows] < 128).any(axis=0))
    after = pixels(scanned, 0).mean(axis=2)
    band = after[round(rule_y) - 30 : round(rule_y) + 30, columns[0] + 10 : columns[-1] - 10] < 128
    xs, ys = np.nonzero(band.T)
    assert len(xs) > 0.8 * band.shape[1]
    # the bounding box of the rule's dark pixels is much taller than the rule is thick ...
    thickness = len(rows)
    assert ys.max() - ys.min() + 1 >= thickness + 2
    # ... because the rule is slanted by 0.3 to 1.5 degrees
    slope = np.polyfit(xs, ys, 1)[0]
    assert 0.25 <= abs(math.degrees(math.atan(slope))) <= 1.6


def test_signed_above_each_name_and_stamped_over_the_chair(original, scanned):
    doc = pypdfium2.PdfDocument(original)
    page, places = make_scans.signature_places(doc, [SECRETARY, CHAIR], DPI)
    doc.close()
    assert page == 1  # the signature block, not the sentence on page 1
    assert sorted(p.name for p in places) == sorted([SECRETARY, CHAIR])
    image = pixels(scanned, 1)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    blue = (b > r + 20) & (b > g + 10)  # thin lines: JPEG keeps colour at half the resolution
    red = (r > g + 60) & (r > b + 50)
    assert not (blue | red)[image.shape[0] // 2 :].any(), "no ink far from the signature block"
    assert (pixels(scanned, 0)[..., 0] - pixels(scanned, 0)[..., 2] < 40).all(), "page 1 is not signed"
    mm = DPI / 25.4
    signatures = {}
    for place in places:
        # blue ink in the blank space above each name, centred on it (the skew moves it a few pixels)
        above = blue[round(place.top - 26 * mm) : round(place.top), round(place.centre - 30 * mm) :][
            :, : round(60 * mm)
        ]
        _, xs = np.nonzero(above)
        assert len(xs) > 50, place.name
        xs = xs + round(place.centre - 30 * mm)
        assert abs((xs.min() + xs.max()) / 2 - place.centre) < 10 * mm, place.name
        signatures[place.name] = (xs.min(), xs.max())
    # the seal: red, round, 35 mm across, over the left part of the chair's signature (not the secretary's)
    _, xs = np.nonzero(red)
    assert len(xs) > 500
    assert xs.max() - xs.min() == pytest.approx(35 * mm, rel=0.1)
    left, right = signatures[CHAIR]
    assert xs.min() < left < xs.max() < right
    assert xs.max() < left + (right - left) / 2
    assert signatures[SECRETARY][1] < xs.min()


def test_a_name_not_printed_is_an_error(original, tmp_path):
    with pytest.raises(ValueError, match="Nguyễn Văn A"):
        make_scans.scan(original, tmp_path / "x.pdf", signer=[CHAIR, "Nguyễn Văn A"], seal_text=SEAL, dpi=DPI)
    with pytest.raises(ValueError, match="Nguyễn Văn A"):
        make_scans.scan(original, tmp_path / "x.pdf", signer="Nguyễn Văn A", seal_text=SEAL, dpi=DPI)
