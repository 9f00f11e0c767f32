"""The bảng tổng hợp ý kiến, kiến nghị (Excel) imported into a session's record (issue 16): the template
hoso writes, rows checked with the messages of `hoso validate` at their row and cell, nothing written
when a row is wrong, the clerk's comments kept."""

import datetime as dt
import difflib
import io
import shutil

import pytest
from click.testing import CliRunner
from conftest import REPO
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.record import load, sheet

SESSION = "2026-09-29-doi-thoai-dinh-ky"


@pytest.fixture
def unit(tmp_path):
    folder = tmp_path / "ubnd-xa-an-khanh"
    shutil.copytree(REPO / "examples" / "ubnd-xa-an-khanh", folder)
    record = folder / SESSION / "buoi-doi-thoai.yaml"
    note = "# Ghi chú của văn thư: nhập thêm ý kiến từ bảng tổng hợp.\n"
    record.write_text(note + record.read_text("utf-8"), "utf-8")
    return folder, record


def filled(rows, headers=None) -> bytes:
    """The template with ``rows`` (lists of cell values after the STT column) filled in."""
    book = load_workbook(io.BytesIO(sheet.template()))
    ws = book[sheet.SHEET]
    if headers:
        for i, h in enumerate(headers, 2):
            ws.cell(row=1, column=i, value=h)
    for n, row in enumerate(rows, 2):
        ws.cell(row=n, column=1, value=n - 1)
        for i, value in enumerate(row, 2):
            ws.cell(row=n, column=i, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


AT_SESSION = [
    *(None, "Bà Trần Thị Lụa", "thôn An Điềm", "giao thông", "Đề nghị sửa cống qua đường thôn An Điềm."),
    *("trả lời tại buổi", "Ông Lê Văn Hùng, Chủ tịch UBND xã", "Xã sẽ sửa trong quý IV.", None, None),
]
TAKEN_UP = [
    *(None, "Ông Võ Văn Sáu", None, "đất đai", "Đề nghị cấp giấy chứng nhận cho thửa đất 112."),
    *("xin tiếp thu", None, "Giao Phòng Kinh tế xem xét.", "Phòng Kinh tế xã An Khánh", "30/11/2026"),
]


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output, result.output
    return result


def test_rows_are_added_checked_and_the_record_keeps_its_comments(unit, tmp_path):
    folder, record = unit
    original = record.read_text("utf-8")
    before = load([folder])
    count = len(next(s for s in before.records.sessions if s.folder.name == SESSION).petitions)
    xlsx = tmp_path / "bang.xlsx"
    xlsx.write_bytes(filled([AT_SESSION, TAKEN_UP]))
    result = run("import-petitions", str(record), str(xlsx))
    assert result.exit_code == 0, result.output
    # the record changed only by the rows added: every line of the clerk's (comments, quotes, line breaks) kept
    changes = difflib.ndiff(original.splitlines(), record.read_text("utf-8").splitlines())
    assert [line for line in changes if line.startswith("- ")] == []
    after = load([folder])
    assert after.problems == []
    petitions = next(s for s in after.records.sessions if s.folder.name == SESSION).petitions
    assert len(petitions) == count + 2
    new = petitions[-2:]
    assert [p.id for p in new] == [f"UBND-AK-2026-02-{count + 1:02d}", f"UBND-AK-2026-02-{count + 2:02d}"]
    assert new[0].answer.by == "Ông Lê Văn Hùng, Chủ tịch UBND xã" and new[1].deadline == dt.date(2026, 11, 30)
    assert "Đã thêm 2 kiến nghị" in result.output
    # and the record still validates as the command line sees it
    assert run("validate", str(folder)).exit_code == 0


def test_a_wrong_row_is_reported_at_its_cell_and_nothing_is_written(unit, tmp_path):
    _, record = unit
    original = record.read_bytes()
    wrong_date = [*TAKEN_UP[:9], "31/02/2026"]
    no_answer = [*AT_SESSION[:7], None, None, None]
    unknown_field = [*AT_SESSION[:3], "chăn nuôi gà", *AT_SESSION[4:]]
    xlsx = tmp_path / "bang.xlsx"
    xlsx.write_bytes(filled([AT_SESSION, wrong_date, no_answer, unknown_field]))
    result = run("import-petitions", str(record), str(xlsx))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("bang.xlsx")]
    assert any("dòng 3, ô K3" in line for line in lines), result.output  # the date of row 3
    assert any("dòng 4" in line and "noi_dung" in line for line in lines), result.output
    assert any("dòng 5, ô E5" in line for line in lines), result.output  # the field of row 5
    assert not any("dòng 2" in line for line in lines)  # the right row has nothing to say
    assert "Chưa ghi gì" in result.output
    assert record.read_bytes() == original


def test_headers_moved_or_typed_without_diacritics_are_read(unit, tmp_path):
    _, record = unit
    headers = [
        *("ma kien nghi", "HO TEN NGUOI NEU", "dia chi", "linh vuc", "noi dung y kien kien nghi"),
        *("hinh thuc tra loi", "nguoi tra loi", "noi dung tra loi", "co quan giai quyet", "han giai quyet"),
    ]
    xlsx = tmp_path / "bang.xlsx"
    xlsx.write_bytes(filled([AT_SESSION], headers))
    assert run("import-petitions", str(record), str(xlsx)).exit_code == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 not really a zip", "không phải bảng tính Excel"),
        (b"ho_ten,linh_vuc\nA,B\n", "không phải bảng tính Excel"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(unit, tmp_path, content, message):
    _, record = unit
    original = record.read_bytes()
    xlsx = tmp_path / "bang.xlsx"
    xlsx.write_bytes(content)
    result = run("import-petitions", str(record), str(xlsx))
    assert result.exit_code == 1 and message in result.output
    assert record.read_bytes() == original


def test_a_sheet_without_the_header_row_says_which_columns_it_needs(unit, tmp_path):
    _, record = unit
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tên", "Ý kiến"])
    book.active.append(["A", "B"])
    out = io.BytesIO()
    book.save(out)
    xlsx = tmp_path / "bang.xlsx"
    xlsx.write_bytes(out.getvalue())
    result = run("import-petitions", str(record), str(xlsx))
    assert result.exit_code == 1 and "Không thấy dòng tiêu đề" in result.output and "Lĩnh vực" in result.output


def test_the_template_offers_the_controlled_fields(tmp_path):
    out = tmp_path / "mau.xlsx"
    assert run("petition-sheet", str(out)).exit_code == 0
    book = load_workbook(out)
    assert [c.value for c in book[sheet.SHEET][1]][:3] == ["STT", "Mã kiến nghị", "Họ tên người nêu"]
    lists = [c.value for c in book["Danh mục"]["A"]]
    assert "đất đai" in lists and lists[0] == "Lĩnh vực"
    assert book[sheet.SHEET].data_validations.dataValidation
