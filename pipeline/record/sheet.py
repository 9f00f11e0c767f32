"""The "bảng tổng hợp ý kiến, kiến nghị" an office keeps in Excel, imported into a session's record.

This module owns that spreadsheet format: the template it writes (``template``) is the one it reads
(``read_rows``), and ``import_petitions`` adds its rows to a session's YAML record.

One row per petition, under a header row whose cells name the columns (``COLUMNS``; order free, case
and diacritics ignored, so a clerk may move or retype them). Blank rows are skipped. A date is an
Excel date or "dd/mm/yyyy" (or "không rõ"); a petition without a code gets the session's next one.

Nothing is written unless every row is right: the rows are added to the record's text in memory
(ruamel.yaml round trip, so the clerk's comments and layout stay), the record is checked in its unit
with exactly the checks of ``hoso validate``, and each problem is reported at its row and column of
the spreadsheet. Only then is the record replaced, atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..text import fold
from . import load, replace_text, schema, unit_lock, unit_root
from .problems import Problem

SHEET = "Kiến nghị"
# (header as the template writes it, the petition's key path). Keys joined by "." are nested.
COLUMNS = (
    ("Mã kiến nghị", "ma"),
    ("Họ tên người nêu", "nguoi_neu.ho_ten"),
    ("Địa chỉ", "nguoi_neu.dia_chi"),
    ("Lĩnh vực", "linh_vuc"),
    ("Nội dung ý kiến, kiến nghị", "noi_dung"),
    ("Hình thức trả lời", "tra_loi.hinh_thuc"),
    ("Người trả lời", "tra_loi.nguoi_tra_loi"),
    ("Nội dung trả lời", "tra_loi.noi_dung"),
    ("Cơ quan giải quyết", "co_quan_giai_quyet"),
    ("Hạn giải quyết", "han_giai_quyet"),
)
REQUIRED = ("Họ tên người nêu", "Lĩnh vực", "Nội dung ý kiến, kiến nghị", "Hình thức trả lời")
ANSWER_FORMS = ("trả lời tại buổi", "xin tiếp thu", "không rõ")
MAX_ROWS = 2000  # a session's petitions; a bigger sheet is not a bảng tổng hợp of one session
MAX_BYTES = 20_000_000
_DAY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class SheetError(ValueError):
    """The file cannot be read as a bảng tổng hợp; the message is for the clerk (Vietnamese)."""


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number, as Excel shows it
    petition: dict[str, Any]
    columns: dict[str, str]  # key path -> the column letter it came from


# --- the template --------------------------------------------------------------------------------


def template(fields: list[str] | None = None) -> bytes:
    """An empty bảng tổng hợp: the header row, column widths, drop-down lists for the field and the
    form of answer, and a sheet of instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(["STT", *(header for header, _ in COLUMNS)])
    widths = (6, 20, 26, 26, 22, 60, 18, 26, 60, 26, 14)
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    choices = {"Lĩnh vực": fields or schema.controlled_fields(), "Hình thức trả lời": list(ANSWER_FORMS)}
    lists = book.create_sheet("Danh mục")
    for n, (header, values) in enumerate(choices.items()):
        column = chr(ord("A") + n)
        lists[f"{column}1"] = header
        for i, value in enumerate(values, 2):
            lists[f"{column}{i}"] = value
        target = chr(ord("B") + [h for h, _ in COLUMNS].index(header))
        rule = DataValidation(type="list", formula1=f"='Danh mục'!${column}$2:${column}${len(values) + 1}")
        rule.error, rule.errorTitle, rule.showErrorMessage = f"Chọn {header.lower()} trong danh sách.", header, True
        sheet.add_data_validation(rule)
        rule.add(f"{target}2:{target}{MAX_ROWS + 1}")
    guide = book.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng của trang 'Kiến nghị' là một ý kiến, kiến nghị; dòng trống được bỏ qua.",
        "Mã kiến nghị: để trống thì hoso tự đặt mã tiếp theo của buổi.",
        "Hình thức trả lời: trả lời tại buổi (ghi người trả lời và nội dung trả lời), xin tiếp thu (ghi cơ "
        "quan giải quyết và hạn giải quyết) hoặc không rõ.",
        "Hạn giải quyết: ngày dạng dd/mm/yyyy, hoặc không rõ.",
        "Họ tên, địa chỉ người nêu là dữ liệu cá nhân: không hiện ở các văn bản, trang công khai.",
        "Nhập bằng lệnh: hoso import-petitions TỆP_BUỔI.yaml TỆP_NÀY.xlsx (tệp mẫu: hoso petition-sheet).",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------------


def _key(text: Any) -> str:
    return " ".join(fold(str(text or "")).replace(",", " ").split())


def _cell_text(value: Any, key: str) -> str | None:
    """A cell as the record's text; dates as YYYY-MM-DD. None when blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split()) if key != "noi_dung" and not key.endswith(".noi_dung") else str(value).strip()
    if key == "han_giai_quyet" and (m := _DAY.match(text)):
        day, month, year = (int(x) for x in m.groups())
        with contextlib.suppress(ValueError):
            return dt.date(year, month, day).isoformat()
    return text or None


def read_rows(data: bytes) -> list[Row]:
    """The petitions of a bảng tổng hợp (the bytes of an .xlsx file), one Row each."""
    if len(data) > MAX_BYTES:
        raise SheetError(f"Tệp quá lớn ({len(data) // 1_000_000} MB) cho một bảng tổng hợp kiến nghị.")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError("Không đọc được tệp: không phải bảng tính Excel (.xlsx).") from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        wanted = {_key(header): key for header, key in COLUMNS}
        rows = sheet.iter_rows(values_only=True)
        columns: dict[int, str] = {}
        number = 0
        for number, cells in enumerate(rows, 1):  # the header: the first row naming the required columns
            found = {i: wanted[_key(c)] for i, c in enumerate(cells) if _key(c) in wanted}
            if {wanted[_key(h)] for h in REQUIRED} <= set(found.values()):
                columns = found
                break
            if number >= 20:
                break
        if not columns:
            raise SheetError(
                "Không thấy dòng tiêu đề của bảng tổng hợp: cần các cột " + ", ".join(REQUIRED) + " (xem tệp mẫu)."
            )
        out: list[Row] = []
        header = number
        for number, cells in enumerate(rows, header + 1):
            petition: dict[str, Any] = {}
            letters: dict[str, str] = {}
            for i, key in columns.items():
                text = _cell_text(cells[i] if i < len(cells) else None, key)
                if text is None:
                    continue
                target = petition
                *parents, last = key.split(".")
                for p in parents:
                    target = target.setdefault(p, {})
                target[last] = text
                letters[key] = _letter(i)
            if not petition:
                continue
            if len(out) >= MAX_ROWS:
                raise SheetError(f"Bảng có hơn {MAX_ROWS} kiến nghị: không phải bảng tổng hợp của một buổi.")
            if isinstance(petition.get("tra_loi"), dict) and petition["tra_loi"].get("hinh_thuc") == "không rõ":
                petition["tra_loi"] = "không rõ"
            out.append(Row(number, petition, letters))
        return out
    finally:
        book.close()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- importing -----------------------------------------------------------------------------------


@dataclass
class Imported:
    added: list[str]  # the codes of the petitions added
    problems: list[str]  # each at its row and column; nothing was written if any


def _yaml() -> YAML:
    y = YAML()  # round trip: comments and layout of the record kept
    y.preserve_quotes = True  # "07:30" stays quoted: unquoted, YAML 1.1 readers take 11:10 for a number
    y.width = 4096  # the clerk's own line breaks are kept; no line is re-wrapped
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def import_petitions(record: Path, data: bytes, source_name: str = "bảng tính") -> Imported:
    """Add the petitions of the spreadsheet ``data`` to the session record ``record``; write it only if
    the record with them passes every check of ``hoso validate``."""
    rows = read_rows(data)
    if not rows:
        return Imported([], [f"{source_name}: không có dòng kiến nghị nào."])
    unit = unit_root(record)
    if unit is None:
        return Imported([], [f"{record}: không nằm trong thư mục đơn vị (thiếu don-vi.yaml)."])
    with unit_lock(unit):  # a follow-up recorded or another import at the same time waits its turn
        return _import(record, rows, source_name)


def _import(record: Path, rows: list[Row], source_name: str) -> Imported:
    text = record.read_text(encoding="utf-8")
    y = _yaml()
    try:
        doc = y.load(text)
    except YAMLError as exc:
        return Imported([], [f"{record}: tệp buổi không đọc được ({exc}); hãy sửa bằng hoso validate trước."])
    if not isinstance(doc, CommentedMap) or doc.get("loai_tep") != "buổi tiếp xúc, đối thoại":
        return Imported([], [f"{record}: không phải tệp buổi tiếp xúc, đối thoại."])
    petitions = doc.get("kien_nghi")
    if not isinstance(petitions, CommentedSeq):
        petitions = doc["kien_nghi"] = CommentedSeq()
    before = len(petitions)
    session = str(doc.get("ma", ""))
    taken = {str(p.get("ma")) for p in petitions if isinstance(p, dict)}
    added = []
    for row in rows:
        petition = dict(row.petition)
        if "ma" not in petition:
            petition["ma"] = _next_code(session, taken)
        taken.add(str(petition["ma"]))
        petitions.append(_ordered(petition))
        added.append(str(petition["ma"]))
    out = io.StringIO()
    y.dump(doc, out)
    new_text = out.getvalue()
    result = load([record], overrides={record: new_text})
    problems = [_at_row(p, rows, before, source_name) for p in result.problems]
    if problems:
        return Imported([], problems)
    replace_text(record, new_text)
    return Imported(added, [])


def _next_code(session: str, taken: set[str]) -> str:
    n = 1
    while f"{session}-{n:02d}" in taken:
        n += 1
    return f"{session}-{n:02d}"


def _ordered(petition: dict[str, Any]) -> CommentedMap:
    """The petition with its keys in the order of the record's schema (as a clerk writes them)."""
    order = ["ma", "nguoi_neu", "linh_vuc", "noi_dung", "tra_loi", "co_quan_giai_quyet", "han_giai_quyet"]
    out = CommentedMap()
    for key in order:
        if key in petition:
            value = petition[key]
            out[key] = CommentedMap(value) if isinstance(value, dict) else value
    return out


_INDEX = re.compile(r"^kien_nghi\[(\d+)\](?:\.(.+))?$")


def _at_row(problem: Problem, rows: list[Row], before: int, source_name: str) -> str:
    """A problem of the record as the clerk finds it: at its row and column of the spreadsheet."""
    m = _INDEX.match(problem.field)
    if m and int(m.group(1)) - 1 >= before:  # kien_nghi[1] is the first: counted as a clerk counts
        row = rows[int(m.group(1)) - 1 - before]
        key = m.group(2) or ""
        letter = next((c for k, c in row.columns.items() if key == k or key.startswith(k + ".")), None)
        if letter is None:  # a missing value: its column, if the sheet has it
            header = next((h for h, k in COLUMNS if key.startswith(k) or k.startswith(key) and key), None)
            where = f"dòng {row.number}" + (f", cột {header}" if header else "")
        else:
            where = f"dòng {row.number}, ô {letter}{row.number}"
        return f"{source_name}, {where}: {problem.message}"
    return str(problem)
