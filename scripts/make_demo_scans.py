"""The demo's signed originals: hoso's documents of two demo sessions, printed, signed, stamped and scanned.

    .venv/bin/python scripts/make_demo_scans.py

- UBND-AK-2026-02 (UBND xã An Khánh, 29/9/2026): the giấy mời, the biên bản and the thông báo kết luận were
  issued as signed paper and attached as scans (``ban-ky/``); the office keeps hoso's rendering of the others.
- UBND-ST-2024-02 (UBND huyện Sơn Tịnh, 24/10/2024): a past session digitised from its paper dossier. Its
  record says "không rõ" where the paper is silent; the scans are of the paper as it was, so they are
  rendered from the record with those facts left blank on the page (the end time as dots, the speaker as
  "không ghi họ tên"), the way the paper shows them.

Each scan is made by ``make_scans.scan`` from hoso's own PDF (its version to sign). Run it again after
changing those records; the records point at the scans with ``tep``.

- A citizen's handwritten-style letter (đơn kiến nghị) handed in at the UBND-ST-2024-02 session, attached
  as a scan (``tep_dinh_kem``): the name and address of its author appear nowhere else in the demo, so the
  tests can show that what only a scan says about a person stays out of every public output.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from make_scans import scan  # noqa: E402

from pipeline.documents import render_session  # noqa: E402
from pipeline.record import load  # noqa: E402
from pipeline.record.model import Answer, RecordSet, Session  # noqa: E402

# session id -> (unit seal, {record type: (file in ban-ky/, signers)})
SCANS = {
    "UBND-AK-2026-02": (
        "ỦY BAN NHÂN DÂN XÃ AN KHÁNH - TỈNH QUẢNG NGÃI",
        {
            "giấy mời": ("giay-moi.pdf", ["Lê Văn Hùng"]),
            "biên bản": ("bien-ban.pdf", ["Trương Thị Hồng Nhung", "Lê Văn Hùng"]),
            "thông báo kết luận": ("thong-bao-ket-luan.pdf", ["Lê Văn Hùng"]),
        },
    ),
    "UBND-ST-2024-02": (
        "ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH - TỈNH QUẢNG NGÃI",
        {
            "biên bản": ("bien-ban.pdf", ["Phan Thị Ngọc Trâm", "Đinh Văn Lâm"]),
            "thông báo kết luận": ("thong-bao-ket-luan.pdf", ["Đinh Văn Lâm"]),
        },
    ),
}


def as_paper(session: Session, kinds: set[str]) -> Session:
    """The session as its paper documents show it: the scanned types drafted again (issued, no file), and
    what the record says is unknown left blank as the paper leaves it."""
    documents = tuple(
        dataclasses.replace(d, file=None, electronic=True) if d.type in kinds else d for d in session.documents
    )
    petitions = tuple(
        dataclasses.replace(
            p,
            raised_by="Cử tri (không ghi họ tên)" if p.raised_by == "không rõ" else p.raised_by,
            answer=p.answer if p.answer.known else Answer("trả lời tại buổi", "Lãnh đạo UBND huyện", "(không ghi)"),
            deadline=p.deadline if p.due or p.deadline is None else None,
        )
        for p in session.petitions
    )
    end = session.end if session.end is None or hasattr(session.end, "hour") else None
    attendance = session.attendance if isinstance(session.attendance, dict) else None
    return dataclasses.replace(session, documents=documents, petitions=petitions, end=end, attendance=attendance)


# A citizen's letter: typed by the citizen, signed by hand, no seal. Its author is in no record.
LETTER = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
body { font-family: "Liberation Serif"; font-size: 13pt; line-height: 1.35; }
.c { text-align: center; margin: 0; } .b { font-weight: bold; } .r { text-align: right; font-style: italic; }
p { text-align: justify; margin: 0 0 6pt; text-indent: 12mm; } .n { text-indent: 0; }
.sign { margin-left: 55%; text-align: center; } .sign p { text-indent: 0; text-align: center; }
</style></head><body>
<p class="c b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
<p class="c b">Độc lập - Tự do - Hạnh phúc</p>
<p class="r">Tịnh Khánh, ngày 20 tháng 10 năm 2024</p>
<p class="c b" style="margin-top: 14pt; font-size: 15pt">ĐƠN KIẾN NGHỊ</p>
<p class="c" style="margin-bottom: 12pt">Kính gửi: Chủ tịch Ủy ban nhân dân huyện Sơn Tịnh</p>
<p class="n">Tôi tên là: Huỳnh Văn Tài, sinh năm 1961.</p>
<p class="n">Trú tại: số 14, xóm Bàu Sen, thôn Trường Xuân, xã Tịnh Khánh, huyện Sơn Tịnh.</p>
<p>Gia đình tôi có thửa đất số 215, tờ bản đồ số 9 bị thu hồi một phần để làm tuyến đường Trì Bình - cảng
Dung Quất. Khi thi công, nhà thầu đã san lấp mương thủy lợi Đồng Bàu chạy phía sau nhà, nước không thoát
được; mùa mưa năm 2024 ruộng lúa của các hộ ở xóm Bàu Sen bị ngập úng kéo dài hơn hai tuần.</p>
<p>Tôi kính đề nghị Ủy ban nhân dân huyện chỉ đạo nhà thầu khơi thông lại mương thủy lợi Đồng Bàu trước
mùa mưa lũ và xem xét hỗ trợ thiệt hại cho các hộ bị ảnh hưởng.</p>
<p>Tôi xin chân thành cảm ơn.</p>
<div class="sign"><p class="b">Người làm đơn</p><p style="font-style: italic">(ký, ghi rõ họ tên)</p>
<p style="margin-top: 22mm">Huỳnh Văn Tài</p></div>
</body></html>"""


def make_letter(target: Path) -> None:
    import weasyprint

    with tempfile.TemporaryDirectory() as tmp:
        typed = Path(tmp) / "don.pdf"
        weasyprint.HTML(string=LETTER).write_pdf(typed)
        scan(typed, target, signer="Huỳnh Văn Tài", seal_text=None, dpi=200, seed=7)
    print(f"{target.resolve().relative_to(REPO)}  {target.stat().st_size // 1024} KB")


def main() -> None:
    records: RecordSet = load([REPO / "examples"]).records
    for seed, (session_id, (seal, wanted)) in enumerate(SCANS.items(), start=1):
        session = next(s for s in records.sessions if s.id == session_id)
        paper = as_paper(session, set(wanted))
        with tempfile.TemporaryDirectory() as tmp:
            for rendered in render_session(records, paper, Path(tmp), signing=True):
                if rendered.document.doc_type not in wanted:
                    continue
                name, signers = wanted[rendered.document.doc_type]
                target = session.folder / "ban-ky" / name
                target.parent.mkdir(exist_ok=True)
                scan(rendered.pdf, target, signer=signers, seal_text=seal, dpi=200, seed=seed)
                print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KB")
    st = next(s for s in records.sessions if s.id == "UBND-ST-2024-02")
    make_letter(st.folder / "ban-ky" / "don-kien-nghi.pdf")


if __name__ == "__main__":
    main()
