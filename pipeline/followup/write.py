"""Recording news on a petition (`hoso followup`): one more entry in a kết quả giải quyết record.

The entry goes into ``<unit>/ket-qua/<YYYY-MM>.yaml`` for the month of the news. When that file
exists and ends with its ``cap_nhat`` list in block style (the way hoso and the examples write it),
the entry is appended as text, so the clerk's comments and layout stay as they are; otherwise a new
file is started beside it. Either way the result is validated with the whole unit first, and written
only if it is valid, in one atomic replace, under a lock on the unit, so nothing is ever half-written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import record
from ..record.model import AnswerDocument
from ..record.problems import Problem
from ..record.yamltext import scalar
from ..record.yamltext import text as yaml_text

FOLDER = "ket-qua"


@dataclass(frozen=True)
class Update:
    """Kết quả giải quyết: what became of one petition, on one day."""

    petition_id: str
    date: dt.date
    status: str
    text: str | None = None
    document: AnswerDocument | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    line: int  # where the new entry starts
    problems: tuple[Problem, ...]  # non-empty: nothing was written


def entry_text(update: Update, indent: int) -> str:
    """The lines of one ``cap_nhat`` item, its dash at column ``indent``."""
    pad, inner = " " * indent, " " * (indent + 2)
    lines = [
        f"{pad}- kien_nghi: {update.petition_id}",
        f"{inner}ngay: {update.date.isoformat()}",
        f"{inner}trang_thai: {update.status}",
    ]
    if update.document:
        d = update.document
        lines.append(f"{inner}van_ban_tra_loi:")
        lines.append(f"{inner}  so_ky_hieu: {scalar(d.notation)}")
        lines.append(f"{inner}  ngay: {d.date.isoformat()}")
        if d.issuer:
            lines.append(f"{inner}  co_quan: {scalar(d.issuer)}")
        if d.subject:
            lines.append(f"{inner}  trich_yeu: {scalar(d.subject)}")
    if update.text:
        lines.append(f"{inner}noi_dung:{yaml_text(update.text, inner)}")
    return "\n".join(lines) + "\n"


def new_file_text(unit: str, update: Update) -> str:
    return (
        "# Kết quả giải quyết kiến nghị, ghi bằng lệnh hoso followup (có thể sửa tay như mọi tệp hồ sơ).\n"
        "loai_tep: kết quả giải quyết\n"
        f"don_vi: {unit}\n"
        "cap_nhat:\n" + entry_text(update, 2)
    )


def _appendable(text: str) -> int | None:
    """The indentation of the items of ``cap_nhat`` if it is the file's last key, in block style."""
    keys = [(m.start(), m.group(1)) for m in re.finditer(r"(?m)^([A-Za-z_][A-Za-z0-9_]*):", text)]
    if not keys or keys[-1][1] != "cap_nhat":
        return None
    rest = text[keys[-1][0] :].split("\n", 1)
    if rest[0].split("#")[0].strip() != "cap_nhat:" or len(rest) < 2:
        return None
    item = re.search(r"(?m)^( *)- ", rest[1])
    return len(item.group(1)) if item else None


def _target(unit_folder: Path, day: dt.date) -> tuple[Path, tuple[str, int] | None]:
    """Where the entry goes: the month's file if it can take an appended entry, with its text and the
    indentation of its ``cap_nhat`` items; else a new file (None)."""
    folder = unit_folder / FOLDER
    base = folder / f"{day:%Y-%m}.yaml"
    candidates = [base] + [folder / f"{day:%Y-%m}-{n}.yaml" for n in range(2, 100)]
    for path in candidates:
        if not path.exists():
            return path, None
        text = path.read_text(encoding="utf-8")
        indent = _appendable(text)
        if indent is not None:
            return path, (text, indent)
    raise RuntimeError(f"quá nhiều tệp kết quả trong tháng {day:%m/%Y}")


def record_update(unit_folder: Path, unit_code: str, update: Update) -> Written:
    """Add ``update`` to the unit's follow-up records if, with it, the unit's records are valid."""
    with record.unit_lock(unit_folder):
        path, existing = _target(unit_folder, update.date)
        if existing is None:
            text, line = new_file_text(unit_code, update), 5
        else:
            text, indent = existing
            text = text if text.endswith("\n") else text + "\n"
            line = text.count("\n") + 1
            text += entry_text(update, indent)
        result = record.load([unit_folder], overrides={path: text})
        problems = tuple(p for p in result.problems if Path(p.file).resolve() == path.resolve())
        if result.problems:
            return Written(path, line, problems or tuple(result.problems))
        path.parent.mkdir(exist_ok=True)
        record.replace_text(path, text)
        return Written(path, line, ())
