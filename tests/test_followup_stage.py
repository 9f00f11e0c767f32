"""Petitions after the session: hoso followup, status, new, report, on the demo data as of a fixed day.

Every figure is checked against numbers this file counts itself, straight from the YAML files with
PyYAML and its own reading of the rules, not through hoso's code.
"""

import csv
import datetime as dt
import io
import shutil
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
import yaml
from conftest import REPO
from docx import Document as Docx

from pipeline.followup import report
from pipeline.record import load

AS_OF = dt.date(2026, 11, 21)
CLOSED = {"đã giải quyết", "đã trả lời bằng văn bản", "chuyển cơ quan có thẩm quyền"}


def independent(folder: Path, as_of: dt.date) -> dict[str, dict]:
    """Every petition with its status as of ``as_of``, computed here from the raw files."""
    sessions = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("buoi-doi-thoai.yaml"))]
    updates = [
        u
        for p in sorted(folder.rglob("ket-qua/*.yaml"))
        for u in yaml.safe_load(p.read_text(encoding="utf-8"))["cap_nhat"]
    ]
    out = {}
    for s in sessions:
        for k in s["kien_nghi"]:
            known = sorted(
                (u for u in updates if u["kien_nghi"] == k["ma"] and u["ngay"] <= as_of), key=lambda u: u["ngay"]
            )
            deadline = k.get("han_giai_quyet")
            form = k["tra_loi"] if k["tra_loi"] == "không rõ" else k["tra_loi"]["hinh_thuc"]
            if known:
                status = known[-1]["trang_thai"]
                closed_on = next((u["ngay"] for u in known if u["trang_thai"] in CLOSED), None)
            elif form == "không rõ" or deadline == "không rõ":
                status, closed_on = "không rõ kết quả", None
            elif form == "trả lời tại buổi" and deadline is None:
                status, closed_on = "đã trả lời tại buổi", s["ngay"]
            else:
                status, closed_on = "chưa giải quyết", None
            closed = closed_on is not None and status in CLOSED | {"đã trả lời tại buổi"}
            overdue = isinstance(deadline, dt.date) and not closed and as_of > deadline  # "không rõ": never
            out[k["ma"]] = {
                "unit": s["don_vi"],
                "session": s["ma"],
                "date": s["ngay"],
                "field": k["linh_vuc"],
                "deadline": deadline,
                "status": status,
                "closed": closed,
                "closed_on": closed_on if closed else None,
                "overdue": overdue,
                "days": (as_of - deadline).days if overdue else 0,
                "at_session": form == "trả lời tại buổi",
            }
    return out


@pytest.fixture(scope="module")
def truth():
    return independent(REPO / "examples", AS_OF)


def test_statuses_and_overdue_list_match_an_independent_count(truth, hoso):
    result = hoso("status", str(REPO / "examples"), "--as-of", AS_OF.isoformat(), "--csv", "-")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert {r["Mã kiến nghị"]: r["Trạng thái"] for r in rows} == {k: v["status"] for k, v in truth.items()}
    overdue = {r["Mã kiến nghị"]: int(r["Số ngày quá hạn"]) for r in rows if r["Số ngày quá hạn"]}
    assert overdue == {k: v["days"] for k, v in truth.items() if v["overdue"]}
    assert len(overdue) == 6  # and the demo data does have overdue petitions to show

    only = hoso("status", str(REPO / "examples"), "--as-of", AS_OF.isoformat(), "--overdue", "--csv", "-")
    assert {r["Mã kiến nghị"] for r in csv.DictReader(io.StringIO(only.stdout.lstrip("\ufeff")))} == set(overdue)


def test_status_filters(truth, hoso):
    def ids(*args):
        out = hoso("status", str(REPO / "examples"), "--as-of", AS_OF.isoformat(), "--csv", "-", *args).stdout.lstrip(
            "\ufeff"
        )
        return {r["Mã kiến nghị"] for r in csv.DictReader(io.StringIO(out))}

    assert ids("--unit", "ubnd-xa-an-khanh") == {k for k, v in truth.items() if v["unit"] == "ubnd-xa-an-khanh"}
    assert ids("--year", "2025") == {k for k, v in truth.items() if v["date"].year == 2025}
    assert ids("--field", "giao thong") == {k for k, v in truth.items() if v["field"] == "giao thông"}
    assert ids("--status", "dang giai quyet") == {k for k, v in truth.items() if v["status"] == "đang giải quyết"}
    # before a session is held, its petitions are not in the register
    early = {
        r["Mã kiến nghị"]
        for r in csv.DictReader(
            io.StringIO(
                hoso("status", str(REPO / "examples"), "--as-of", "2026-01-01", "--csv", "-").stdout.lstrip("\ufeff")
            )
        )
    }
    assert early == {k for k, v in truth.items() if v["date"] <= dt.date(2026, 1, 1)}


def test_status_table_and_official_pdf(tmp_path, hoso, truth):
    table = hoso("status", str(REPO / "examples"), "--as-of", AS_OF.isoformat(), "--overdue")
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Mã kiến nghị") and len(lines) == 2 + 6
    worst = max(v["days"] for v in truth.values())
    assert f"quá hạn {worst} ngày" in table.stdout and "6 quá hạn" in table.stderr
    result = hoso(
        "status",
        str(REPO / "examples"),
        "--as-of",
        AS_OF.isoformat(),
        "--unit",
        "ubnd-xa-an-khanh",
        "--pdf",
        str(tmp_path / "so.pdf"),
    )
    assert result.exit_code == 0 and (tmp_path / "so.docx").is_file()
    with pdfplumber.open(tmp_path / "so.pdf") as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        assert "DANH SÁCH" in text and "ỦY BAN NHÂN DÂN" in text and "An Khánh, ngày 21 tháng 11 năm 2026" in text
    ubnd = sorted(k for k, v in truth.items() if v["unit"] == "ubnd-xa-an-khanh")
    # the ids, from the Word file's table (a row too long for one page is split in the PDF, and pdfplumber
    # cannot rejoin it)
    cells = [row.cells[1].text for table in Docx(tmp_path / "so.docx").tables[1:] for row in table.rows[1:]]
    assert sorted(c.split("\n")[0] for c in cells) == ubnd
    several = hoso(
        "status",
        str(REPO / "examples"),
        "--pdf",
        str(tmp_path / "x.pdf"),
        "--unit",
        "ubnd-xa-an-khanh",
        "--unit",
        "dang-uy-xa-an-khanh",
    )
    assert several.exit_code == 0  # two units: the list goes out under the Party committee of the xã
    with pdfplumber.open(tmp_path / "x.pdf") as pdf:
        assert (
            "ĐẢNG ỦY XÃ AN KHÁNH" in pdf.pages[0].extract_text()
            and "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf.pages[0].extract_text()
        )


def test_report_figures_match_an_independent_count(truth):
    records = load([REPO / "examples"]).records
    f = report.figures(records, 2026, sorted(records.units.values(), key=lambda u: u.code), AS_OF)
    year = {k: v for k, v in truth.items() if v["date"].year == 2026 and v["date"] <= AS_OF}
    plans = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "examples").rglob("ke-hoach-2026.yaml"))
    ]
    assert f.planned == sum(len(p["cac_buoi"]) for p in plans) == 3
    assert len(f.sessions) == len({v["session"] for v in year.values()}) == 4
    assert f.units_covered == 2 and len(f.petitions) == len(year)
    assert dict(f.by_field()) == Counter(v["field"] for v in year.values())
    assert f.answered_at_session == sum(v["at_session"] for v in year.values())
    with_deadline = {k: v for k, v in year.items() if v["deadline"]}
    assert {p.id for p in f.on_time()} == {
        k for k, v in with_deadline.items() if v["closed"] and v["closed_on"] <= v["deadline"]
    }
    assert {p.id for p in f.late()} == {
        k for k, v in with_deadline.items() if v["closed"] and v["closed_on"] > v["deadline"]
    }
    assert {p.id for p in f.still_open()} == {k for k, v in with_deadline.items() if not v["closed"]}
    assert [p.id for p in f.overdue()] == sorted(
        (k for k, v in year.items() if v["overdue"]), key=lambda k: -year[k]["days"]
    )
    months = f.monthly()
    assert [m for m, *_ in months] == [f"T{i}" for i in range(1, 12)]
    assert sum(r for _, r, _, _ in months) == len(year)
    assert months[-1][3] == sum(1 for v in year.values() if not v["closed"])


def test_report_command_writes_docx_and_pdf_with_the_charts(tmp_path, hoso):
    result = hoso(
        "report", str(REPO / "examples"), "--year", "2026", "--as-of", AS_OF.isoformat(), "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    pdf_path, docx_path = tmp_path / "bao-cao-nam-2026.pdf", tmp_path / "bao-cao-nam-2026.docx"
    with pdfplumber.open(pdf_path) as pdf:
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        svg_charts = sum(len(p.images) + len(p.rects) > 20 for p in pdf.pages)
    assert "ĐẢNG ỦY XÃ AN KHÁNH" in text and "BÁO CÁO" in text and "Số -BC/ĐU" in text  # the Party committee reports
    assert "Biểu đồ 1. Ý kiến, kiến nghị năm 2026 theo lĩnh vực" in text and "Biểu đồ 2." in text
    assert "đã tổ chức 04 buổi" in text and "2/2 đơn vị" in text and svg_charts >= 1
    doc = Docx(docx_path)
    assert len(doc.inline_shapes) == 2  # both charts, as pictures Word can show
    assert "4/3 buổi theo kế hoạch" in result.stderr


# --- hoso followup ---------------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(REPO / "examples", copy)
    return copy


def test_followup_appends_in_the_clerks_file(demo, hoso):
    month = demo / "ubnd-xa-an-khanh" / "ket-qua" / "2026-11.yaml"
    before = month.read_text(encoding="utf-8")
    result = hoso(
        "followup",
        "UBND-AK-2026-02-04",
        "--status",
        "da giai quyet",
        "--date",
        "2026-11-20",
        "--records",
        str(demo),
        "--text",
        'Đã nạo vét 650 m mương & làm cống "qua đường": xong.',
        "--doc",
        "702/UBND-KT",
        "--doc-issuer",
        "UBND xã An Khánh",
    )
    assert result.exit_code == 0, result.output
    after = month.read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and layout kept: the entry is appended
    assert hoso("validate", str(demo)).exit_code == 0
    records = load([demo]).records
    update = [f for f in records.followups if f.petition_id == "UBND-AK-2026-02-04"][-1]
    assert (update.status, update.text, update.document.notation) == (
        "đã giải quyết",
        'Đã nạo vét 650 m mương & làm cống "qua đường": xong.',
        "702/UBND-KT",
    )
    assert "Trạng thái hôm nay: đã giải quyết" in result.stderr


def test_followup_starts_a_new_month_file(demo, hoso):
    result = hoso(
        "followup",
        "DU-AK-2026-01-04",
        "--status",
        "đang giải quyết",
        "--date",
        "2026-10-05",
        "--records",
        str(demo),
        "--text",
        "Đang đo đạc lại.",
    )
    assert result.exit_code == 0, result.output
    created = demo / "dang-uy-xa-an-khanh" / "ket-qua" / "2026-10.yaml"
    assert created.is_file() and "loai_tep: kết quả giải quyết" in created.read_text(encoding="utf-8")
    assert hoso("validate", str(demo)).exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--status", "đã trả lời bằng văn bản", "--date", "2026-11-20"], "thì phải ghi van_ban_tra_loi"),
        (["--status", "đã giải quyết", "--date", "2026-09-01"], "trước ngày buổi đối thoại"),
    ],
)
def test_followup_that_would_make_records_invalid_writes_nothing(demo, hoso, args, message):
    files = {p: p.read_bytes() for p in demo.rglob("*.yaml")}
    result = hoso("followup", "UBND-AK-2026-02-04", "--records", str(demo), *args)
    assert result.exit_code == 1 and message in result.stdout and "Chưa ghi gì" in result.stderr
    assert {p: p.read_bytes() for p in demo.rglob("*.yaml")} == files


def test_followup_refuses_overdue_and_unknown_petitions(demo, hoso):
    overdue = hoso("followup", "UBND-AK-2026-02-04", "--status", "quá hạn", "--records", str(demo))
    assert overdue.exit_code == 2 and "hoso tự tính quá hạn" in overdue.stderr
    unknown = hoso("followup", "UBND-AK-2026-02-4", "--status", "đã giải quyết", "--records", str(demo))
    assert unknown.exit_code == 2 and "có phải 'UBND-AK-2026-02-04'?" in unknown.stderr


# --- hoso new: the round trip ----------------------------------------------------------------------


def fill(record: Path) -> None:
    """What the office fills in after hoso new: the file number, the report's date, one petition, the conclusion."""
    text = record.read_text(encoding="utf-8")
    text = text.replace("# so_ky_hieu_ho_so:", "so_ky_hieu_ho_so: 20-VPĐU  #", 1)
    petition = """kien_nghi:
  - ma: DU-AK-2026-03-01
    nguoi_neu:
      ho_ten: Ông Phạm Văn Bảy
      dia_chi: thôn Đông Hòa
    linh_vuc: giao thông
    noi_dung: Đề nghị lắp đèn đường ngã ba Đông Hòa.
    tra_loi:
      hinh_thuc: trả lời tại buổi
      nguoi_tra_loi: Ông Tạ Hữu Phong, Bí thư Đảng ủy xã
      noi_dung: Xã lắp trong tháng 01/2027."""
    text = text.replace("kien_nghi: []", petition)
    text = text.replace("# ket_luan: |", "ket_luan: Bí thư kết luận các nội dung đã trả lời.  #")
    text = text.replace(
        "  - loai: báo cáo kết quả giải quyết kiến nghị\n",
        "  - loai: báo cáo kết quả giải quyết kiến nghị\n    so: 101\n    ngay: 2026-12-10\n",
    )
    record.write_text(text, encoding="utf-8")


def report_rows(docx_path: Path) -> dict[str, str]:
    """Petition text -> result text, from every table of report 06 (as Word shows it)."""
    rows = {}
    for table in Docx(docx_path).tables[1:]:  # the first table is the letterhead
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            if len(cells) == 4:
                rows[" ".join(cells[1].split())] = " ".join(cells[3].split())
    return rows


def issue(record: Path) -> None:
    """What the office records after the session: the end time, each document as issued (numbered, dated,
    kept as hoso's electronic rendering) or not issued, and no ĐIỀN mark left."""
    lines = []
    for line in record.read_text(encoding="utf-8").splitlines():
        if "ĐIỀN:" in line:
            if line.lstrip().startswith("#"):
                continue  # a key the office did not need
            line = line.split("#", 1)[0].rstrip()
        lines.append(line)
        if line.startswith("gio_bat_dau:"):
            lines.append('gio_ket_thuc: "10:30"')
        if line.startswith("  - loai: báo cáo dư luận xã hội"):
            lines.append("    khong_ban_hanh: nội dung báo cáo trình bày tại hội nghị, không ban hành riêng")
        elif line.startswith("  - loai: báo cáo kết quả"):  # fill() gave it its number and date
            lines.append("    ban_hanh: bản điện tử")
        elif line.startswith("  - loai: "):
            lines += ["    so: 30", "    ngay: 2026-12-18", "    ban_hanh: bản điện tử"]
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_fill_validate_render_archive_round_trip(demo, tmp_path, hoso, monkeypatch):
    from pipeline.archive import closing

    created = hoso("new", str(demo / "dang-uy-xa-an-khanh"), "--date", "2026-12-18", "--as-of", AS_OF.isoformat())
    assert created.exit_code == 0, created.output
    record = demo / "dang-uy-xa-an-khanh" / "2026-12-18-dinh-ky" / "buoi-doi-thoai.yaml"
    assert "DU-AK-2026-03" in created.stdout and "ĐIỀN" not in created.stdout.splitlines()[0]
    marks = [line for line in created.stdout.splitlines() if line.startswith("  ") and ".yaml:" in line]
    assert len(marks) >= 8 and all(
        "ĐIỀN" in record.read_text(encoding="utf-8").splitlines()[int(m.split(":")[1]) - 1] for m in marks
    )
    assert hoso("validate", str(demo)).exit_code == 0  # valid as written
    again = hoso("new", str(demo / "dang-uy-xa-an-khanh"), "--date", "2026-12-18")
    assert again.exit_code == 2 and "không ghi đè" in again.stderr

    fill(record)
    assert hoso("validate", str(demo)).exit_code == 0
    rendered = hoso("render", str(record.parent), "--out", str(tmp_path / "van-ban"))
    assert rendered.exit_code == 0, rendered.output

    # The report lists exactly the last session's petitions, and the older ones still open, with their
    # status on its date.
    truth = independent(REPO / "examples", dt.date(2026, 12, 10))
    previous = {k for k, v in truth.items() if v["session"] == "DU-AK-2026-02"}
    carried = set(yaml.safe_load(record.read_text(encoding="utf-8"))["kien_nghi_chuyen_tiep"])
    assert carried == {
        k
        for k, v in independent(REPO / "examples", AS_OF).items()
        if v["unit"] == "dang-uy-xa-an-khanh" and v["date"] < dt.date(2026, 10, 15) and not v["closed"]
    }
    assert len(carried) == 3 and previous  # the demo has open petitions from before the last session
    expected = previous | carried
    sessions = {
        s["ma"]: s
        for s in (
            yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "examples").rglob("buoi-doi-thoai.yaml")
        )
    }
    contents = {k["ma"]: " ".join(k["noi_dung"].split()) for s in sessions.values() for k in s["kien_nghi"]}
    rows = report_rows(tmp_path / "van-ban" / "06-bao-cao-ket-qua-buoi-truoc.docx")
    listed = {pid for pid in contents if any(contents[pid] in text for text in rows)}
    assert listed == expected
    for pid in expected:
        status = (
            next(r for text, r in rows.items() if contents[pid] in text).split(". ", 1)[0].lower()
        )  # "Status[, quá hạn N ngày]. …"
        expected_status = truth[pid]["status"] + (
            f", quá hạn {truth[pid]['days']} ngày" if truth[pid]["overdue"] else ""
        )
        assert status == expected_status

    # Before the session, its hồ sơ cannot be closed: nothing is written, and every missing item is listed.
    kho = tmp_path / "kho"
    refused = hoso("archive", str(record.parent), "--archive", str(kho))
    assert refused.exit_code == 1 and not kho.exists()
    assert "chưa diễn ra" in refused.stdout and "còn là dự thảo" in refused.stdout and "ĐIỀN" in refused.stdout
    issue(record)  # after the session: every document signed and numbered, or declared not issued
    monkeypatch.setattr(closing, "today", lambda: dt.date(2026, 12, 20))
    checked = hoso("archive", str(record.parent), "--check")
    assert checked.exit_code == 0 and "đủ điều kiện đóng hồ sơ" in checked.stderr, checked.output
    archived = hoso("archive", str(record.parent), "--archive", str(kho))
    assert archived.exit_code == 0, archived.output
    bag = next((tmp_path / "kho").glob("dang-uy-xa-an-khanh/2026/20-VPDU_DU-AK-2026-03/v1"))
    sealed = next(bag.glob("data/van-ban/*-bao-cao-ket-qua-giai-quyet-kien-nghi.docx"))
    assert report_rows(sealed) == rows
