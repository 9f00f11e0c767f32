"""The archive stage: sealed hồ sơ read back as an archivist would, and damaged on purpose.

The demo data is archived once per module; what each test damages is a copy.
"""

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import bagit
import pdfplumber
import pytest
from conftest import REPO
from num2words import num2words
from pypdf import PdfReader

from pipeline.archive import metadata, pdfa
from pipeline.archive.store import Archive

MM = 72 / 25.4
DEMO_SPEECH = (
    REPO / "examples/ubnd-xa-an-khanh/2026-03-12-doi-thoai-dot-xuat-trai-heo-thach-bich/bai-phat-bieu-khai-mac.pdf"
)


@pytest.fixture
def demo(demo_archive):
    """The whole demo data set archived once (see conftest); tests only read it."""
    return demo_archive


def meta(bag: Path) -> dict:
    return json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))


def corner_text(page) -> str:
    """Text in the top-right corner of a page, where the sheet number is stamped."""
    return (page.crop((page.width - 40 * MM, 0, page.width, 15 * MM)).extract_text() or "").strip()


# --- the dossier PDF ---------------------------------------------------------------------------


def test_layout_by_unit_year_and_hoso_number(demo):
    root, bags = demo
    # số và ký hiệu hồ sơ, then the session: "12-VPĐU" is written without diacritics
    assert bags["DU-AK-2025-01"] == root / "dang-uy-xa-an-khanh" / "2025" / "12-VPDU_DU-AK-2025-01" / "v1"
    assert bags["UBND-AK-2025-01"] == root / "ubnd-xa-an-khanh" / "2025" / "07.VP_UBND-AK-2025-01" / "v1"
    for session_id, bag in bags.items():
        m = meta(bag)
        unit, year = m["Session"]["Unit"], m["File"]["FileCatalog"]
        assert bag.parent.parent == root / unit / str(year)
        assert bag.parent.name.endswith(session_id) and bag.name == "v1"
        names = sorted(p.name for p in (bag / "data" / "van-ban").iterdir())
        # file names carry the document's order and type
        for doc in m["Documents"]:
            for path in doc["Files"].values():
                assert Path(path).name.startswith(f"{doc['DocOrdinal']:02d}-") and (bag / path).is_file()
        assert len(names) == sum(len(d["Files"]) for d in m["Documents"])


def test_sheets_index_closing_record_and_bookmarks_agree_with_the_pdf(demo):
    _, bags = demo
    for bag in bags.values():
        m = meta(bag)
        f, docs = m["File"], m["Documents"]
        reader = PdfReader(bag / "data" / "ho-so.pdf")
        assert len(reader.pages) == f["DossierPdfPages"]
        labels = reader.page_labels
        with pdfplumber.open(bag / "data" / "ho-so.pdf") as pdf:
            pages = pdf.pages
            # every printed document: its pages carry its sheet numbers, in the corner and in the labels
            stamped = {}
            for d in docs:
                for k in range(d["PageAmount"]):
                    page_index = d["DossierPage"] - 1 + k
                    corner = corner_text(pages[page_index])
                    if "TextSource" in d:  # a scan: OCR's invisible text of the page's own heading is there too
                        assert str(d["FirstSheet"] + k) in corner.split(), corner
                    else:
                        assert corner == str(d["FirstSheet"] + k)
                    assert labels[page_index] == str(d["FirstSheet"] + k)
                    stamped[page_index] = d["FirstSheet"] + k
            assert sorted(stamped.values()) == list(range(1, f["SheetTotal"] + 1))
            # the cover, the Mục lục and the chứng từ kết thúc carry no sheet number
            for i, page in enumerate(pages):
                if i not in stamped:
                    assert not corner_text(page).isdigit()
            index_pages = [i for i, label in enumerate(labels) if label.startswith("ML-")]
            assert len(index_pages) == f["IndexSheets"] and index_pages[0] == 1

            # the Mục lục's "Tờ số" column is what was stamped
            rows = [
                row
                for i in index_pages
                for table in pages[i].extract_tables()
                for row in table
                if row[0] and row[0].isdigit()
            ]
            assert [int(r[0]) for r in rows] == [d["DocOrdinal"] for d in docs]
            for row, d in zip(rows, docs, strict=True):
                expected = (
                    ""
                    if not d["PageAmount"]
                    else (str(d["FirstSheet"]) if d["PageAmount"] == 1 else f"{d['FirstSheet']}-{d['LastSheet']}")
                )
                assert (row[5] or "") == expected
                assert (row[1] or "").replace("\n", "") == (d["Reference"] or "")

            # the chứng từ kết thúc (last page) and the cover state the same count, in figures and words
            closing = " ".join(pages[-1].extract_text().split())
            words = num2words(f["SheetTotal"], lang="vi")
            assert f"gồm có: {f['SheetTotal']} tờ (viết bằng chữ: {words[0].upper() + words[1:]} tờ)" in closing
            assert f"Mục lục văn bản: {len(index_pages):02d} tờ" in closing
            # an archival record names what the hồ sơ holds, not the software that made it (issue 14, 10)
            assert "hoso" not in closing.lower() and "phần mềm" not in closing.lower()
            assert labels[-1] == "CTKT" and labels[0] == "Bìa"
            cover = " ".join(pages[0].extract_text().split())
            assert f"Gồm {f['SheetTotal']} tờ" in cover and f"Thời hạn lưu trữ: {f['Maintenance']}" in cover

        # one bookmark per printed document, pointing at its first page; the frame pages have theirs
        outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
        printed = [d for d in docs if d["PageAmount"]]
        assert outline[0] == ("Bìa hồ sơ", 0) and outline[1] == ("Mục lục văn bản", 1)
        assert outline[-1] == ("Chứng từ kết thúc", len(reader.pages) - 1)
        assert len(outline) == len(printed) + 3
        for (title, page), d in zip(outline[2:-1], printed, strict=True):
            assert title.startswith(f"{d['DocOrdinal']}. {d['TypeName']}") and page == d["DossierPage"] - 1


def test_known_demo_figures(demo):
    """A hand-counted case: UBND-AK-2026-01 (2026-03-12) has 12 documents and 21 sheets (its công văn takes two
    pages since its Kính gửi lists one recipient per line)."""
    m = meta(demo[1]["UBND-AK-2026-01"])
    assert m["File"]["DocTotal"] == 12 and m["File"]["SheetTotal"] == 21
    assert [d["TypeName"] for d in m["Documents"]][:3] == ["Kế hoạch", "Giấy mời", "Công văn"]
    assert m["Documents"][-1]["TypeName"] == "Ảnh" and m["Documents"][-1]["Origin"] == "văn phòng"
    with pdfplumber.open(demo[1]["UBND-AK-2026-01"] / "data" / "ho-so.pdf") as pdf:
        assert "Hai mươi mốt tờ" in pdf.pages[-1].extract_text()


def test_documents_follow_the_order_of_the_work(demo):
    order = [
        {"kế hoạch"},
        {"thông báo triệu tập", "giấy mời", "công văn triệu tập"},
        {"nội quy"},
        {"chương trình"},
        {"báo cáo dư luận xã hội"},
        {"báo cáo kết quả giải quyết kiến nghị"},
        {"bài phát biểu khai mạc"},
        {"bài phát biểu bế mạc"},
        {"biên bản"},
        {"thông báo kết luận"},
        {"tài liệu khác"},
        {"tệp đính kèm"},
    ]
    for bag in demo[1].values():
        kinds = [d["RecordType"] for d in meta(bag)["Documents"]]
        position = [next(i for i, group in enumerate(order) if k in group) for k in kinds]
        assert position == sorted(position), kinds
        session = meta(bag)["Session"]
        planned = (REPO / "examples" / session["Unit"] / f"ke-hoach-{session['Date'][:4]}.yaml").exists()
        assert (kinds[0] == "kế hoạch") == planned and "biên bản" in kinds and "thông báo kết luận" in kinds


def test_metadata_validates_against_its_schema(demo):
    for bag in demo[1].values():
        m = meta(bag)
        assert metadata.validate(m) == []
        f = m["File"]
        assert f["FileCode"] == f"{f['OrganId']}.{f['FileCatalog']}.{f['FileNotation']}"
        assert f["DocTotal"] == len(m["Documents"]) and f["PageTotal"] == sum(d["PageAmount"] for d in m["Documents"])
        assert [d["DocOrdinal"] for d in m["Documents"]] == list(range(1, f["DocTotal"] + 1))
        assert m["SourceRecord"]["Data"]["ma"] == m["Session"]["Id"]
        assert (bag / m["SourceRecord"]["Path"]).read_bytes() == next(
            p
            for p in (REPO / "examples").rglob("buoi-doi-thoai.yaml")
            if m["Session"]["Id"] in p.read_text(encoding="utf-8")
        ).read_bytes()
    broken = meta(next(iter(demo[1].values())))
    broken["File"]["Rights"] = "mật"
    del broken["Documents"][0]["Subject"]
    assert len(metadata.validate(broken)) == 2


def test_restricted_session_says_so(demo):
    restricted = [meta(b) for b in demo[1].values() if meta(b)["File"]["Rights"] == "hạn chế"]
    assert restricted and all(m["Session"]["Restricted"] for m in restricted)


def test_qpdf_check_and_pdfa_checks_pass_on_every_dossier(demo):
    for bag in demo[1].values():
        pdf = bag / "data" / "ho-so.pdf"
        run = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        assert pdfa.check(pdf) == []
        reader = PdfReader(pdf)
        assert (
            reader.xmp_metadata is not None
            and "<pdfaid:part>2</pdfaid:part>" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        )
        assert reader.metadata.title == meta(bag)["File"]["Title"]


def test_pdfa_check_finds_what_it_looks_for(tmp_path):
    """The check is not a rubber stamp: a plain PDF with a non-embedded font fails on every count."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    plain = tmp_path / "plain.pdf"
    writer.write(plain)
    problems = " ".join(pdfa.check(plain))
    for expected in ("/ID", "OutputIntent", "PDF/A-2b", "Helvetica"):
        assert expected in problems


def test_bags_are_valid_bagit_1_0_for_the_library_of_congress_validator(demo):
    for bag in demo[1].values():
        b = bagit.Bag(str(bag))
        assert b.version_info == (1, 0)
        b.validate()  # raises on any problem
        assert "sha256" in b.algorithms
        assert b.info["Hoso-Session-Id"] in demo[1]


# --- verify ------------------------------------------------------------------------------------


def test_verify_names_each_damaged_file(demo, tmp_path, hoso):
    bag = tmp_path / "v1"
    shutil.copytree(demo[1]["UBND-AK-2026-01"], bag)
    ok = hoso("verify", str(bag))
    assert ok.exit_code == 0 and ok.stdout == ""

    pdf = bag / "data" / "ho-so.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit
    pdf.write_bytes(bytes(data))
    cut = bag / "data" / "van-ban" / "02-giay-moi.pdf"
    cut.write_bytes(cut.read_bytes()[:1000])
    (bag / "data" / "van-ban" / "13-them.txt").write_text("thêm vào sau khi đóng", encoding="utf-8")
    (bag / "data" / "van-ban" / "04-noi-quy.docx").unlink()
    (bag / "ghi-chu.txt").write_text("x", encoding="utf-8")

    result = hoso("verify", str(bag))
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert f"{bag}/data/ho-so.pdf: bị sửa (mã SHA-256 không khớp)" in lines
    assert any(line.startswith(f"{bag}/data/van-ban/02-giay-moi.pdf: bị cắt cụt (còn 1,000 trên ") for line in lines)
    assert f"{bag}/data/van-ban/13-them.txt: được thêm vào" in lines
    assert f"{bag}/data/van-ban/04-noi-quy.docx: bị xóa" in lines
    assert f"{bag}/ghi-chu.txt: được thêm vào" in lines
    assert len(lines) == 5
    assert "Có 5 sai khác trong 1/1 hồ sơ" in result.stderr


def test_verify_catches_a_changed_tag_file(demo, tmp_path, hoso):
    bag = tmp_path / "v1"
    shutil.copytree(demo[1]["DU-AK-2025-01"], bag)
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("Hoso-Version: 1", "Hoso-Version: 7"), encoding="utf-8")
    result = hoso("verify", str(tmp_path))
    assert result.exit_code == 1 and result.stdout.strip() == f"{bag}/bag-info.txt: bị sửa (mã SHA-256 không khớp)"


def test_verify_walks_the_whole_archive(demo, hoso):
    root, bags = demo
    result = hoso("verify", "--archive", str(root))
    assert result.exit_code == 0 and f"Nguyên vẹn: {len(bags)} hồ sơ" in result.stderr


# --- versions, lock, leftovers -----------------------------------------------------------------


@pytest.fixture
def small_unit(tmp_path):
    """The small test unit with a real attachment, and an empty archive beside it."""
    unit = tmp_path / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    return unit, tmp_path / "kho"


def tree_digest(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".hoso" not in p.parts
    }


def test_unchanged_does_nothing_changed_makes_a_new_version(small_unit, hoso):
    unit, root = small_unit
    first = hoso("archive", str(unit / "phien-01"), "--archive", str(root))
    assert first.exit_code == 0 and first.stdout.startswith("mới ")
    sealed = tree_digest(root)

    again = hoso("archive", str(unit / "phien-01"), "--archive", str(root))
    assert again.exit_code == 0 and again.stdout.startswith("không đổi") and "không thay đổi" in again.stdout
    assert tree_digest(root) == sealed

    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Đối thoại về đất đai", "Đối thoại về đất đai và môi trường"),
        encoding="utf-8",
    )
    changed = hoso("archive", str(unit / "phien-01"), "--archive", str(root))
    assert changed.exit_code == 0 and changed.stdout.startswith("lần mới") and "v1 vẫn giữ nguyên" in changed.stdout
    after = tree_digest(root)
    register = "so-dang-ky.txt"  # the archive's register gains a line for v2; every other file stays as it was
    assert {k: v for k, v in after.items() if k in sealed and k != register} == {
        k: v for k, v in sealed.items() if k != register
    }  # v1 untouched, byte for byte
    assert len((root / register).read_text(encoding="utf-8").splitlines()) == 2
    folder = next(root.glob("ubnd-xa-thu/2025/*"))
    assert sorted(p.name for p in folder.iterdir()) == ["v1", "v2"]
    m = meta(folder / "v2")
    assert m["File"]["Version"] == 2 and m["File"]["PreviousVersion"] == "v1"
    assert "môi trường" in m["Session"]["Topic"] and "môi trường" not in meta(folder / "v1")["Session"]["Topic"]


def test_a_follow_up_the_report_does_not_use_changes_nothing(small_unit, hoso):
    """A later follow-up on this session's own petitions is not part of its hồ sơ."""
    unit, root = small_unit
    assert hoso("archive", str(unit / "phien-01"), "--archive", str(root)).exit_code == 0
    followups = unit / "ket-qua.yaml"
    followups.write_text(
        followups.read_text(encoding="utf-8")
        + "  - kien_nghi: THU-2025-01-01\n    ngay: 2025-10-20\n    trang_thai: đang giải quyết\n",
        encoding="utf-8",
    )
    assert hoso("validate", str(unit)).exit_code == 0
    assert hoso("archive", str(unit / "phien-01"), "--archive", str(root)).stdout.startswith("không đổi")
    # ... but the unit's follow-up snapshot beside its hồ sơ now has it, for the index
    snapshot = json.loads((root / "ubnd-xa-thu" / "theo-doi-kien-nghi.json").read_text(encoding="utf-8"))
    assert {(u["PetitionId"], u["Date"], u["Status"]) for u in snapshot["FollowUps"]} >= {
        ("THU-2025-01-01", "2025-10-20", "đang giải quyết")
    }


def test_second_run_waits_for_the_first_then_stops(small_unit, hoso):
    unit, root = small_unit
    store = Archive(root)
    with store.lock():
        busy = hoso("archive", str(unit / "phien-01"), "--archive", str(root), "--wait", "0.5")
    assert busy.exit_code == 4 and "đang được một lệnh khác ghi" in busy.stderr and "chưa lưu trữ gì" in busy.stderr
    assert not list(root.glob("ubnd-xa-thu"))

    released = threading.Event()

    def hold_then_release():
        with store.lock():
            released.wait(0.8)

    holder = threading.Thread(target=hold_then_release)
    holder.start()
    time.sleep(0.2)
    waited = hoso("archive", str(unit / "phien-01"), "--archive", str(root), "--wait", "30")
    holder.join()
    assert waited.exit_code == 0 and "đang chờ" in waited.stderr and waited.stdout.startswith("mới")


def test_leftovers_of_a_killed_run_are_cleaned(small_unit, hoso):
    unit, root = small_unit
    leftover = root / ".hoso" / "tam" / "THU-2025-01-deadbeef" / "v1" / "data"
    leftover.mkdir(parents=True)
    (leftover / "ho-so.pdf").write_bytes(b"%PDF-1.7 half")
    assert hoso("archive", str(unit / "phien-01"), "--archive", str(root)).exit_code == 0
    assert list((root / ".hoso" / "tam").iterdir()) == []
    assert hoso("verify", "--archive", str(root)).exit_code == 0


def test_relative_archive_root(small_unit, hoso, monkeypatch):
    unit, root = small_unit
    monkeypatch.chdir(root.parent)
    result = hoso("archive", "--all", "don-vi", "--archive", "kho")
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[2] == "kho/ubnd-xa-thu/2025/THU-2025-01/v1"
    assert hoso("verify", "--archive", "kho").exit_code == 0


def test_archive_root_from_environment(small_unit, hoso, monkeypatch):
    unit, root = small_unit
    monkeypatch.setenv("HOSO_ARCHIVE", str(root))
    assert hoso("archive", str(unit / "phien-01")).exit_code == 0
    assert list(root.glob("ubnd-xa-thu/2025/*/v1/bagit.txt"))


def test_invalid_records_archive_nothing(small_unit, hoso):
    unit, root = small_unit
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("ngay: 2025-09-25", "ngay: 25/9/2025"), encoding="utf-8"
    )
    result = hoso("archive", "--all", str(unit), "--archive", str(root))
    assert result.exit_code == 1 and "Chưa lưu trữ gì" in result.stderr and "YYYY-MM-DD" in result.stdout
    assert not root.exists()  # invalid records: the archive is not even opened


@pytest.mark.parametrize("jobs", ["1", "2"])  # with 2, half the documents render in a forked helper
def test_a_broken_unit_template_archives_nothing_and_says_which(small_unit, hoso, jobs):
    unit, root = small_unit
    (unit / "mau-van-ban").mkdir()
    (unit / "mau-van-ban" / "ND30.docx").write_bytes(b"PK\x03\x04 not a real Word file")
    result = hoso("archive", str(unit / "phien-01"), "--archive", str(root), "--jobs", jobs)
    assert result.exit_code == 1 and "mau-van-ban/ND30.docx: không mở được như tệp Word" in result.stdout
    assert not list(root.glob("ubnd-xa-thu/*/*/v*"))  # nothing sealed (the follow-up snapshot may be there)
    assert list((root / ".hoso" / "tam").iterdir()) == []  # the failed build cleaned up after itself
    assert hoso("verify", "--archive", str(root)).exit_code == 2  # nothing sealed


def test_versions_sort_as_numbers(tmp_path):
    """v10 comes after v9 (as text it sorts before v2); names that are not versions are not versions."""
    from pipeline.archive.store import sorted_versions, version_number, versions

    for name in ("v1", "v2", "v9", "v10", "v01", "v0", "tam", "v3.bak"):
        (tmp_path / name).mkdir()
    assert versions(tmp_path) == [1, 2, 9, 10]
    assert sorted_versions(["v10", "v2", "v1", "tam", "v9"]) == ["v1", "v2", "v9", "v10"]
    assert [version_number(n) for n in ("v12", "v012", "V1", "v")] == [12, None, None, None]
