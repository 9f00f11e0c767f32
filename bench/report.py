"""Benchmark: the annual report for a synthetic year of 300 dialogue sessions and 3,000 petitions.

    .venv/bin/python bench/report.py [--units 30] [--sessions 10] [--petitions 10]

Writes a synthetic year as real record files (30 xã People's Committees and their Party committee,
each with its plan, 10 sessions of 10 petitions, and follow-ups on most accepted petitions), then times
what `hoso report --year 2026` does: reading and validating every record, counting, and writing the
report (DOCX + PDF, two charts). Target (issue 6): ≤ 5 s for the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.documents import docx, pdf  # noqa: E402
from pipeline.followup import report  # noqa: E402
from pipeline.record import load  # noqa: E402
from pipeline.record.yamltext import scalar  # noqa: E402


def word_list(text: str) -> list[str]:
    """The space-separated words of ``text``: a long vocabulary reads better as text than one item a line."""
    return text.split()


SYLLABLES = word_list("""
đất đai đường giao thông mương nước sạch trường học trạm y tế chính sách hỗ trợ hộ nghèo cấp giấy
chứng nhận quyền sử dụng bồi thường giải phóng mặt bằng ô nhiễm môi trường trang trại chăn nuôi rác
thải điện chiếu sáng an ninh trật tự thủ tục hành chính dịch vụ công đề nghị xã sớm giải quyết cho
người dân thôn kiểm tra xử lý nâng cấp sửa chữa bảo hiểm y tế người có công bảo trợ xã hội nhà văn
hóa sân thể thao cầu cống kênh tưới tiêu
""")
FIELDS = (
    "đất đai",
    "giao thông",
    "môi trường - tài nguyên",
    "chế độ chính sách - an sinh xã hội",
    "y tế",
    "giáo dục",
    "an ninh trật tự",
    "thủ tục hành chính - dịch vụ công",
    "hạ tầng - điện, nước",
    "nông nghiệp - thủy lợi",
)
YEAR = 2026


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(SYLLABLES) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def write_year(root: Path, units: int, sessions: int, petitions: int, rng: random.Random) -> int:
    """The synthetic year as record files under ``root``; returns the number of files."""
    files = 0
    for u in range(1, units + 1):
        code = f"ubnd-xa-{u:02d}"
        folder = root / code
        folder.mkdir(parents=True)
        (folder / "don-vi.yaml").write_text(
            f"loai_tep: đơn vị\nma_don_vi: {code}\nten_co_quan: ỦY BAN NHÂN DÂN XÃ SỐ {u}\n"
            "co_quan_chu_quan: UBND TỈNH QUẢNG NGÃI\n"
            f"khoi: Nhà nước\ncap: xã\nky_hieu: UBND\ndia_danh: Xã Số {u}\nma_dinh_danh: H55.99.{u:03d}\n"
            f"phong_luu_tru:\n  ten_phong: Ủy ban nhân dân xã Số {u}\nthe_thuc: ND30\nnguoi_ky:\n  chu_tich:\n"
            f"    ho_ten: Nguyễn Văn {u}\n    chuc_vu: CHỦ TỊCH\n    quyen_han: TM.\n    thay_mat: ỦY BAN NHÂN DÂN\n"
            "nguoi_ky_mac_dinh: chu_tich\n",
            encoding="utf-8",
        )
        planned = "".join(
            f"  - thang_du_kien: {m}\n    chu_de: Đối thoại định kỳ tháng {m}\n    hinh_thuc: định kỳ\n"
            for m in range(1, sessions + 1)
        )
        (folder / f"ke-hoach-{YEAR}.yaml").write_text(
            f"loai_tep: kế hoạch năm\ndon_vi: {code}\nnam: {YEAR}\nso: 3\nngay: {YEAR}-01-05\n"
            f"trich_yeu: Tổ chức tiếp xúc, đối thoại năm {YEAR}\ncac_buoi:\n{planned}",
            encoding="utf-8",
        )
        updates = []
        for s in range(1, sessions + 1):
            day = dt.date(YEAR, s, rng.randint(5, 25))
            sid = f"XA{u:02d}-{YEAR}-{s:02d}"
            items = []
            for k in range(1, petitions + 1):
                pid = f"{sid}-{k:02d}"
                at_session = rng.random() < 0.4
                deadline = day + dt.timedelta(days=rng.choice((15, 30, 45, 60)))
                answer = (
                    "      hinh_thuc: trả lời tại buổi\n      nguoi_tra_loi: Chủ tịch UBND xã\n"
                    f"      noi_dung: {scalar(sentence(rng, 20))}\n"
                    if at_session
                    else "      hinh_thuc: xin tiếp thu\n    co_quan_giai_quyet: Phòng Kinh tế xã\n"
                    f"    han_giai_quyet: {deadline}\n"
                )
                field, text = rng.choice(FIELDS), scalar(sentence(rng, 40))
                items.append(
                    f"  - ma: {pid}\n    nguoi_neu:\n      ho_ten: Cử tri thôn {k}\n    linh_vuc: {field}\n"
                    f"    noi_dung: {text}\n    tra_loi:\n{answer}"
                )
                if not at_session and rng.random() < 0.7:
                    done = day + dt.timedelta(days=rng.randint(5, 80))
                    if done < dt.date(YEAR, 11, 20):
                        status = rng.choice(("đã giải quyết", "đang giải quyết", "chuyển cơ quan có thẩm quyền"))
                        note = scalar(sentence(rng, 15))
                        updates.append(
                            f"  - kien_nghi: {pid}\n    ngay: {done}\n    trang_thai: {status}\n    noi_dung: {note}\n"
                        )
            session = folder / f"{day}-dinh-ky"
            session.mkdir()
            (session / "buoi-doi-thoai.yaml").write_text(
                f'loai_tep: buổi tiếp xúc, đối thoại\nma: {sid}\ndon_vi: {code}\nngay: {day}\ngio_bat_dau: "08:00"\n'
                f"dia_diem: Hội trường UBND xã Số {u}\nhinh_thuc: định kỳ\nchu_de: Đối thoại định kỳ tháng {s}\n"
                f"chu_tri:\n  - ho_ten: Nguyễn Văn {u}\n    chuc_vu: Chủ tịch UBND xã\n"
                "so_nguoi_tham_du:\n  dai_bieu: 20\n  nhan_dan: 100\n"
                f"kien_nghi:\n{''.join(items)}thoi_han_bao_quan: Vĩnh viễn\nche_do_su_dung: công khai\n",
                encoding="utf-8",
            )
            files += 1
        (folder / "ket-qua").mkdir()
        (folder / "ket-qua" / f"{YEAR}.yaml").write_text(
            f"loai_tep: kết quả giải quyết\ndon_vi: {code}\ncap_nhat:\n{''.join(updates)}", encoding="utf-8"
        )
        files += 3
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--petitions", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = write_year(root / "ho-so", args.units, args.sessions, args.petitions, rng)
        as_of = dt.date(YEAR, 11, 21)

        t0 = time.perf_counter()
        result = load([root / "ho-so"])
        assert not result.problems, result.problems[:3]
        records = result.records
        t1 = time.perf_counter()
        units = sorted(records.units.values(), key=lambda u: u.code)
        figures = report.figures(records, YEAR, units, as_of)
        document = report.document(figures, units[0])
        t2 = time.perf_counter()
        out = root / "bao-cao"
        out.mkdir()
        pdf.to_pdf(document, out / "bao-cao.pdf")
        t3 = time.perf_counter()
        docx.to_docx(document, out / "bao-cao.docx", docx.template_for(units[0].profile, None))
        t4 = time.perf_counter()

        from pypdf import PdfReader

        pages = len(PdfReader(out / "bao-cao.pdf").pages)
        print(
            f"synthetic year {YEAR}: {len(units)} units, {len(figures.sessions)} sessions, "
            f"{len(figures.petitions)} petitions, {len(records.followups)} follow-ups, {files} record files; "
            f"{len(figures.overdue())} overdue as of {as_of:%d/%m/%Y}"
        )
        print(f"  reading and validating the records   {t1 - t0:6.2f} s")
        print(f"  counting + composing, two charts     {t2 - t1:6.2f} s")
        print(f"  PDF ({pages} pages)                     {t3 - t2:6.2f} s")
        print(f"  DOCX                                 {t4 - t3:6.2f} s")
        print(f"  the report (all but reading)         {t4 - t1:6.2f} s   target ≤ 5 s")
        print(f"  `hoso report` in all                 {t4 - t0:6.2f} s")


if __name__ == "__main__":
    main()
