"""Saved searches (`hoso search --save`, the page's "Lưu tìm kiếm"): a name and what was typed.

They live in one small JSON file beside the index folder (``tim-kiem-da-luu.json``; not inside it: a
rebuilt index replaces its folder). ``save`` is the file's one writer: under a lock (the page's threads
and a command may save at once), written to a temporary file and renamed over the old one, so a reader
sees the old list or the new one, never half of it.

Only what a person typed is kept (words, filters, sort, flat list): never what the user may see
(restricted hồ sơ, personal data). A saved search is rerun with the rights of whoever reruns it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text import fold
from .analysis import QueryError
from .filters import SORTS, Filters

FILE_NAME = "tim-kiem-da-luu.json"
FORMAT = "hoso-tim-kiem-da-luu"
MAX_NAME = 80
MAX_SAVED = 200
_CONTROL = re.compile("[\x00-\x1f\x7f]")
# The Filters fields a saved search keeps (page and per_page belong to one viewing, not to the search).
_KEPT: tuple[str, ...] = ("text", "units", "years", "date_from", "date_to", "levels", "fields", "statuses")
_KEPT += ("overdue", "chair", "doc_types", "sort")


class SavedSearchError(QueryError):
    """A name that cannot be saved or is not saved; the message (Vietnamese) says what to do."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    filters: Filters
    flat: bool
    saved_on: dt.date


def path_for(index_dir: Path) -> Path:
    """The file of saved searches for the index in ``index_dir``."""
    return index_dir.parent / FILE_NAME


def clean_name(typed: str) -> str:
    """A name as it is kept: NFC, spaces folded; SavedSearchError when empty, too long or with control characters."""
    name = " ".join(unicodedata.normalize("NFC", typed).split())
    if not name:
        raise SavedSearchError("Tên tìm kiếm cần lưu đang trống; hãy đặt một tên, ví dụ: kien-nghi-qua-han")
    if len(name) > MAX_NAME:
        raise SavedSearchError(f"Tên tìm kiếm quá dài (tối đa {MAX_NAME} ký tự).")
    if _CONTROL.search(typed):
        raise SavedSearchError("Tên tìm kiếm có ký tự điều khiển không hợp lệ.")
    return name


def _to_json(s: SavedSearch) -> dict[str, Any]:
    f = s.filters
    query: dict[str, Any] = {}
    for key in _KEPT:
        value = getattr(f, key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [x for x in value if str(x).strip()]  # the page sends its empty boxes as ""
        query[key] = value
    return {"name": s.name, "query": query, "flat": s.flat, "saved_on": s.saved_on.isoformat()}


def _from_json(data: dict[str, Any]) -> SavedSearch:
    q = data["query"]

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(q[key]) if q.get(key) else None

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in q.get(key) or () if str(x).strip())

    filters = Filters(
        text=str(q.get("text") or ""),
        units=words("units"),
        years=tuple(int(y) for y in q.get("years") or ()),
        date_from=day("date_from"),
        date_to=day("date_to"),
        levels=words("levels"),
        fields=words("fields"),
        statuses=words("statuses"),
        overdue=bool(q.get("overdue")),
        chair=str(q.get("chair") or ""),
        doc_types=words("doc_types"),
        sort=q.get("sort") if q.get("sort") in SORTS else "lien-quan",
    )

    return SavedSearch(str(data["name"]), filters, bool(data.get("flat")), dt.date.fromisoformat(data["saved_on"]))


def read(index_dir: Path) -> list[SavedSearch]:
    """The saved searches, in the order they were saved (none when there is no file yet); SavedSearchError
    when the file cannot be read (then nothing is saved over it)."""
    path = path_for(index_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
        return [_from_json(item) for item in data["searches"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise SavedSearchError(
            f"Không đọc được tệp tìm kiếm đã lưu {path}; hãy sửa hoặc xóa tệp đó rồi lưu lại."
        ) from None


def find(index_dir: Path, typed: str) -> SavedSearch:
    """The saved search named ``typed`` (case and diacritics aside when only one name fits)."""
    name = clean_name(typed)
    saved = read(index_dir)
    exact = [s for s in saved if s.name == name]
    loose = [s for s in saved if fold(s.name) == fold(name)]
    found = exact or (loose if len(loose) == 1 else [])
    if not found:
        names = ", ".join(s.name for s in saved) or "chưa có tìm kiếm nào được lưu"
        raise SavedSearchError(f"Không có tìm kiếm đã lưu tên '{name}'; các tên đã lưu: {names}")
    return found[0]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path.with_name(f".{path.name}.khoa"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def save(index_dir: Path, name: str, filters: Filters, flat: bool = False, today: dt.date | None = None) -> SavedSearch:
    """Save (or replace) the search ``name``: the file's one writer, atomic (see the module docstring)."""
    kept = SavedSearch(clean_name(name), dataclasses.replace(filters, page=1), flat, today or dt.date.today())
    path = path_for(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        others = [s for s in read(index_dir) if s.name != kept.name]
        if len(others) >= MAX_SAVED:
            raise SavedSearchError(f"Đã lưu {MAX_SAVED} tìm kiếm, là số tối đa; hãy dùng lại một tên đã có.")
        data = {"format": FORMAT, "searches": [_to_json(s) for s in [*others, kept]]}
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return kept


def describe(s: SavedSearch) -> str:
    """A saved search in a few words, for its list: "“ngập úng” · đơn vị ubnd-xa-an-khanh · năm 2026"."""
    f = s.filters
    parts = [f"“{f.text}”" if f.text.strip() else "mọi mục"]
    named: tuple[tuple[str, Sequence[object]], ...] = (("đơn vị", f.units), ("năm", f.years), ("loại", f.levels))
    named += (("lĩnh vực", f.fields), ("trạng thái", f.statuses), ("loại văn bản", f.doc_types))
    parts += [f"{what} {', '.join(str(v) for v in values)}" for what, values in named if values]
    if f.date_from or f.date_to:
        parts.append(f"ngày {f.date_from or '…'} – {f.date_to or '…'}")
    if f.chair:
        parts.append(f"chủ trì {f.chair}")
    if f.overdue:
        parts.append("quá hạn")
    if f.sort == "ngay":
        parts.append("xếp theo ngày")
    if s.flat:
        parts.append("danh sách phẳng")
    return " · ".join(parts)
