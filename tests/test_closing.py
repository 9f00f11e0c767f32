"""Kết thúc hồ sơ: a session's hồ sơ is sealed only when its work is done, and then only from what the office
issued (issue 12)."""

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from conftest import REPO

from pipeline.archive import closing
from pipeline.record import load

UNIT = "ubnd-xa-an-khanh"


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (hidden ones too) with the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(root.rglob("*"))
    }


def complete(record: Path) -> None:
    """What the clerk writes after the session: the facts, the petitions heard, the conclusion, each document
    as issued (numbered and dated) or not issued, and no ĐIỀN mark left."""
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^# so_ky_hieu_ho_so: .*$", "so_ky_hieu_ho_so: 15.VP", text)
    text = re.sub(r"(?m)^# (bao_cao_du_luan|ket_luan): .*\n", "", text)
    text = re.sub(r"(?m)\s*# ĐIỀN:.*$", "", text)
    text = text.replace('gio_bat_dau: "07:30"', 'gio_bat_dau: "07:30"\ngio_ket_thuc: "10:50"')
    text = text.replace(
        "kien_nghi: []",
        """bao_cao_du_luan: Nhân dân quan tâm việc sửa đường liên thôn sau mưa lũ.
ket_luan: Chủ tịch UBND xã giao Phòng Kinh tế khảo sát, sửa đường liên thôn trước Tết.
kien_nghi:
  - ma: UBND-AK-2026-03-01
    nguoi_neu:
      ho_ten: Ông Lê Văn Sáu
      dia_chi: thôn Phước Lộc
    linh_vuc: giao thông
    noi_dung: Đường liên thôn Phước Lộc - An Điềm sạt lở sau lũ, đề nghị sửa chữa.
    tra_loi:
      hinh_thuc: trả lời tại buổi
      nguoi_tra_loi: Chủ tịch UBND xã
      noi_dung: Xã bố trí kinh phí sửa trước Tết Nguyên đán.""",
    )
    issued = {
        "giấy mời": "    so: 230\n    ngay: 2026-12-10\n    ban_hanh: bản điện tử\n",
        "nội quy": "    ngay: 2026-12-10\n    ban_hanh: bản điện tử\n",
        "chương trình": "    khong_ban_hanh: chương trình thông qua tại hội nghị\n",
        "báo cáo dư luận xã hội": "    khong_ban_hanh: nội dung báo cáo trình bày tại hội nghị, không ban hành riêng\n",
        "báo cáo kết quả giải quyết kiến nghị": "    so: 231\n    ngay: 2026-12-15\n    ban_hanh: bản điện tử\n",
        "thông báo kết luận": "    so: 240\n    ngay: 2026-12-23\n    ban_hanh: bản điện tử\n",
        "biên bản": "    ngay: 2026-12-20\n    ban_hanh: bản điện tử\n",
    }
    for kind, lines in issued.items():
        text = re.sub(rf"(?m)^(  - loai: {kind}\n    trich_yeu: .*\n)", lambda m, add=lines: m.group(1) + add, text)
    record.write_text(text, encoding="utf-8")


@pytest.fixture
def future(tmp_path, hoso, monkeypatch):
    """A copy of the demo unit with the next session prepared by `hoso new` three weeks ahead, and an archive
    that already holds one of its sealed hồ sơ."""
    monkeypatch.setattr(closing, "today", lambda: dt.date(2026, 11, 29))
    unit = tmp_path / UNIT
    shutil.copytree(REPO / "examples" / UNIT, unit)
    topic = "Đối thoại cuối năm 2026"
    created = hoso("new", str(unit), "--date", "2026-12-20", "--topic", topic, "--as-of", "2026-11-29")
    assert created.exit_code == 0, created.output
    kho = tmp_path / "kho"
    sealed = hoso("archive", str(unit / "2025-09-25-doi-thoai-dinh-ky"), "--archive", str(kho))
    assert sealed.exit_code == 0, sealed.output
    return unit, unit / "2026-12-20-dinh-ky" / "buoi-doi-thoai.yaml", kho


def test_a_future_session_is_refused_nothing_is_written_and_every_missing_item_is_listed(future, hoso):
    unit, record, kho = future
    before = snapshot(kho)
    assert len(before) > 20

    refused = hoso("archive", str(record.parent), "--archive", str(kho))
    assert refused.exit_code == 1
    assert snapshot(kho) == before  # nothing sealed, nothing half-written, the index untouched
    items = [line for line in refused.stdout.splitlines() if line.startswith(f"{record}:")]
    lines = record.read_text(encoding="utf-8").splitlines()
    where: dict[str, str] = {}
    for item in items:
        where[item.split(":")[1]] = where.get(item.split(":")[1], "") + item
    # the date is not past, and every line hoso new marked is still marked
    assert "chưa diễn ra" in where[str(lines.index(next(x for x in lines if x.startswith("ngay:"))) + 1)]
    marked = {str(n) for n, line in enumerate(lines, 1) if "ĐIỀN:" in line}
    assert marked <= set(where) and len(marked) >= 8
    # every document hoso drafts is still a draft, each at its own line of van_ban
    for kind in ("giấy mời", "nội quy", "chương trình", "báo cáo dư luận xã hội", "thông báo kết luận", "biên bản"):
        line = str(lines.index(f"  - loai: {kind}") + 1)
        assert f"{kind} còn là dự thảo" in where[line], (kind, items)
    assert f"còn {len(items)} việc" in refused.stderr and "Chưa lưu trữ gì" in refused.stderr

    checked = hoso("archive", str(record.parent), "--archive", str(kho), "--check")
    assert checked.exit_code == 1 and checked.stdout == refused.stdout
    every = hoso("archive", "--all", str(unit), "--archive", str(kho), "--check")
    assert every.exit_code == 1 and set(items) <= set(every.stdout.splitlines())
    assert snapshot(kho) == before


def test_after_the_session_the_completed_record_seals(future, hoso, monkeypatch):
    unit, record, kho = future
    monkeypatch.setattr(closing, "today", lambda: dt.date(2026, 12, 23))
    complete(record)
    assert hoso("validate", str(unit)).exit_code == 0

    # one gap left: the conclusion is not written, so the documents kept electronically would print an instruction
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^ket_luan: .*\n", "", text), encoding="utf-8")
    before = snapshot(kho)
    gap = hoso("archive", str(record.parent), "--archive", str(kho))
    assert gap.exit_code == 1 and snapshot(kho) == before
    items = [line for line in gap.stdout.splitlines() if line.startswith(f"{record}:")]
    assert len(items) == 2 and all("còn chỗ trống" in i and "(khóa ket_luan)" in i for i in items), items
    assert "thông báo kết luận" in items[0] and "biên bản" in items[1]  # both carry the conclusion
    record.write_text(text, encoding="utf-8")

    assert hoso("archive", str(record.parent), "--check").exit_code == 0
    sealed = hoso("archive", str(record.parent), "--archive", str(kho))
    assert sealed.exit_code == 0, sealed.output
    bag = next(kho.glob(f"{UNIT}/2026/15.VP_UBND-AK-2026-03/v1"))
    names = sorted(p.name for p in (bag / "data" / "van-ban").iterdir())
    assert not any("chuong-trinh" in n or "bao-cao-du-luan" in n for n in names), names  # not issued
    assert any("bien-ban" in n for n in names) and any("thong-bao-ket-luan" in n for n in names)


# Words that only a draft or an instruction to the clerk contains.
CLERK_WORDS = ("ĐIỀN", "[Chưa có", "DỰ THẢO", "ghi vào khóa", "(khóa ", "không soạn được", "00 giờ 00 phút")


def pdf_pages(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def test_no_sealed_pdf_of_the_demo_holds_a_draft_or_an_instruction(demo_archive):
    root, bags = demo_archive
    pdfs = sorted(p for bag in bags.values() for p in (bag / "data").rglob("*.pdf"))
    assert len(pdfs) > 3 * len(bags)
    pages = 0
    for pdf in pdfs:
        for number, text in enumerate(pdf_pages(pdf), 1):
            pages += 1
            flat = " ".join(text.split())
            found = [w for w in CLERK_WORDS if w in flat]  # "DỰ THẢO" the mark, not "dự thảo" the verb
            assert not found, f"{pdf.relative_to(root)} trang {number}: {found}"
    assert pages > 300


def test_the_search_for_clerk_words_can_fail(tmp_path, hoso):
    """The check above reads the text of a page: a draft's pages do show these words."""
    out = tmp_path / "van-ban"
    rendered = hoso("render", str(REPO / "tests" / "data" / "unit" / "phien-01"), "--out", str(out))
    assert rendered.exit_code == 0, rendered.output
    unit = tmp_path / "unit"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^ket_luan: .*\n", "", text).replace("    ban_hanh: bản điện tử\n", "")
    record.write_text(text, encoding="utf-8")
    assert hoso("render", str(record.parent), "--out", str(out / "nhap")).exit_code == 0
    words = {w for pdf in (out / "nhap").glob("*.pdf") for page in pdf_pages(pdf) for w in CLERK_WORDS if w in page}
    assert {"DỰ THẢO", "[Chưa có", "ghi vào khóa"} <= words


# --- a past session with unknown facts ---------------------------------------------------------------

PAST = "UBND-ST-2024-02"


def test_a_past_session_with_unknowns_is_sealed_from_its_scans(demo_archive):
    import json

    root, bags = demo_archive
    bag = bags[PAST]
    meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    documents = [d for d in meta["Documents"] if d["RecordType"] != "tệp đính kèm"]  # and a citizen's letter
    assert [d["IssuedAs"] for d in documents] == ["bản ký", "bản ký"]  # no composed text sealed
    assert all(d["Origin"] == "văn phòng" and d["TextSource"]["Method"] == "OCR" for d in meta["Documents"])
    assert sorted(p.suffix for p in (bag / "data" / "van-ban").iterdir()) == [".pdf", ".pdf", ".pdf"]
    assert len(meta["NotIssued"]) == 5
    assert meta["Session"]["End"] == "không rõ" or meta["Session"]["End"] is None
    assert "giờ kết thúc" in meta["UnknownFacts"] and "số người tham dự" in meta["UnknownFacts"]
    assert any("hạn giải quyết" in f for f in meta["UnknownFacts"])
    deadlines = {p["Id"]: p["Deadline"] for p in meta["Session"]["Petitions"]}
    assert deadlines[f"{PAST}-01"] == "không rõ"
    closing_page = " ".join(pdf_pages(bag / "data" / "ho-so.pdf")[-1].split())
    assert "không rõ" in closing_page and "giờ kết thúc" in closing_page and "hạn giải quyết" in closing_page
    assert "00 giờ 00" not in closing_page


def test_no_petition_of_unknown_deadline_is_overdue(demo_archive, hoso, tmp_path):
    from pipeline.index import catalog
    from pipeline.index.catalog import open_index
    from pipeline.index.engine import Query

    examples = str(REPO / "examples")
    listed = hoso("status", examples, "--unit", "ubnd-huyen-son-tinh", "--as-of", "2026-12-03", "--csv", "-")
    assert listed.exit_code == 0
    rows = [line for line in listed.stdout.splitlines() if PAST in line]
    assert len(rows) == 3 and all("không rõ kết quả" in r for r in rows[:1] + rows[2:])
    overdue = hoso("status", examples, "--overdue", "--as-of", "2026-12-03", "--csv", "-")
    assert overdue.exit_code == 0 and overdue.stdout.count("\n") > 2 and PAST not in overdue.stdout

    reported = hoso(
        "report", examples, "--year", "2024", "--unit", "ubnd-huyen-son-tinh", "--as-of", "2026-12-03",
        "--out", str(tmp_path / "bc"),
    )  # fmt: skip
    assert reported.exit_code == 0, reported.output
    assert "3 ý kiến, kiến nghị" in reported.stderr and "(0 quá hạn), 2 không rõ kết quả" in reported.stderr
    with pdfplumber.open(tmp_path / "bc" / "bao-cao-nam-2024-ubnd-huyen-son-tinh.pdf") as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "01 ý kiến (33,3%) hồ sơ không ghi rõ câu trả lời" in text and "02 ý kiến không rõ kết quả" in text
    assert "Không có ý kiến, kiến nghị nào quá hạn." in text

    root, _ = demo_archive
    index = tmp_path / "chi-muc"
    catalog.update(root, index)
    with open_index(index) as ix:
        every = ix.search(Query(levels=["kiến nghị"], overdue_as_of=dt.date(2026, 12, 3), per_page=500)).hits
        mine = ix.search(Query(units=["ubnd-huyen-son-tinh"], levels=["kiến nghị"], per_page=50)).hits
    assert every and not [h for h in every if h.entry.id.startswith(PAST)]
    statuses = sorted(h.entry.status for h in mine if h.entry.id.startswith(PAST))
    assert statuses == ["không rõ kết quả", "không rõ kết quả", "đã trả lời tại buổi"]


def test_records_say_unknown_and_nothing_invented_is_printed():
    records = load([REPO / "examples"]).records
    session = next(s for s in records.sessions if s.id == PAST)
    assert session.end is not None and not hasattr(session.end, "hour")  # "không rõ", not 00:00
    assert not isinstance(session.attendance, dict)


# --- a document's life, as validate checks it ---------------------------------------------------------


def test_validate_checks_each_document_has_one_life(unit, hoso):
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace(
        "    so: 12\n    ngay: 2025-09-20\n    ban_hanh: bản điện tử\n",
        "    so: 12\n    ban_hanh: bản điện tử\n    tep: bai-phat-bieu.pdf\n",
    )
    text = text.replace(
        "  - loai: chương trình\n    khong_ban_hanh:", "  - loai: chương trình\n    so: 3\n    khong_ban_hanh:"
    )
    speech = "    trich_yeu: Phát biểu khai mạc\n"
    text = text.replace(speech, speech + "    ban_hanh: bản điện tử\n")
    record.write_text(text, encoding="utf-8")
    result = hoso("validate", str(unit))
    assert result.exit_code == 1
    problems = sorted(line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("phien-01"))
    assert problems == [
        "van_ban[2].ban_hanh: hoso không soạn bài phát biểu khai mạc: hãy đính kèm tệp (tep), bỏ ban_hanh",
        "van_ban[4].so: chương trình ghi khong_ban_hanh (buổi này không ban hành) nên không có so; bỏ khong_ban_hanh "
        "nếu văn bản đã ban hành",
        "van_ban[5].ban_hanh: ghi tep (bản đã ký được đính kèm) hoặc ban_hanh: bản điện tử (không có bản ký), không "
        "ghi cả hai",
        "van_ban[5].so: báo cáo dư luận xã hội có số (so) mà chưa ghi ngày ban hành (ngay)",
    ], result.stdout
    assert "quyết định" not in result.stdout
    text = text.replace("  - loai: nội quy\n", "  - loai: quyết định\n    tep: bai-phat-bieu.pdf\n  - loai: nội quy\n")
    record.write_text(text, encoding="utf-8")
    unknown_type = hoso("validate", str(unit))
    assert unknown_type.exit_code == 1 and "'quyết định' không có trong danh sách cho phép" in unknown_type.stdout


def test_the_index_and_the_metadata_say_how_each_document_was_issued(demo_archive):
    import json

    _, bags = demo_archive
    bag = bags["UBND-AK-2026-02"]  # three documents signed and scanned, the others kept as hoso's rendering
    meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    issued = {d["RecordType"]: (d["IssuedAs"], d["Description"]) for d in meta["Documents"]}
    for kind in ("giấy mời", "biên bản", "thông báo kết luận"):
        assert issued[kind] == ("bản ký", "Bản đã ký, đóng dấu; bản quét"), kind
    for kind in ("nội quy", "chương trình", "báo cáo dư luận xã hội", "báo cáo kết quả giải quyết kiến nghị"):
        assert issued[kind] == ("bản điện tử", "Bản điện tử (không có bản ký)"), kind
    pages = [" ".join(text.split()) for text in pdf_pages(bag / "data" / "ho-so.pdf")]
    index = " ".join(pages[1 : 1 + meta["File"]["IndexSheets"]])  # after the cover
    assert "MỤC LỤC VĂN BẢN" in index
    assert index.count("Bản đã ký, đóng dấu") == 3 and index.count("Bản điện tử (không có bản ký)") == 4
    assert "4 văn bản, tài liệu do văn phòng cung cấp (giữ nguyên tệp gốc, trong đó 3 bản đã ký, đóng dấu)" in pages[-1]
