"""Vietnamese wording shared by every stage: dates, times, a petitioner by place, a body's name in a sentence.

These are the rules an office applies by hand, stated once so that a document, the Mục lục, the index
and the register cannot write the same thing two ways.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
UNKNOWN_TEXT = "không rõ"  # what a record writes for a fact nobody wrote down (records of past sessions)


class Unknown:
    """Không rõ: a fact the record says is not known. hoso prints it as "không rõ", never as a made-up value,
    issues no document composed from it, and a petition whose deadline is unknown is never overdue."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __str__(self) -> str:
        return UNKNOWN_TEXT


UNKNOWN = Unknown()


def is_unknown(value: object) -> bool:
    """The UNKNOWN marker, or a text that says "không rõ"."""
    return value is UNKNOWN or (isinstance(value, str) and value.strip().lower() == UNKNOWN_TEXT)


def vn_date(day: dt.date | Unknown) -> str:
    """25/9/2025, 05/02/2024: days 1-9 and months 1-2 take a leading zero, as on the date line (ND30)."""
    if isinstance(day, Unknown):
        return UNKNOWN_TEXT
    month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def short_date(day: dt.date | Unknown | None) -> str:
    """25/09/2025: the fixed-width form of tables, registers and messages ("" for no date)."""
    if isinstance(day, Unknown):
        return UNKNOWN_TEXT
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def vn_time(t: dt.time | Unknown | None) -> str:
    """08 giờ 00 phút; "không rõ" for a time nobody wrote down; dots for one not yet known, to write by hand."""
    if isinstance(t, Unknown):
        return UNKNOWN_TEXT
    return f"{t.hour:02d} giờ {t.minute:02d} phút" if t else "… giờ … phút"


def iso(value: dt.date | dt.time | Unknown | None) -> str | None:
    """A date or time as data files write it (2025-09-25, 08:00), "không rõ", or None."""
    if value is None:
        return None
    if isinstance(value, Unknown):
        return UNKNOWN_TEXT
    return value.strftime("%H:%M") if isinstance(value, dt.time) else value.isoformat()


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


class _HasAddress(Protocol):
    @property
    def address(self) -> str | None: ...


class _Body(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def place(self) -> str: ...


# The part of an address a public document may name: the village or residential group, never the house.
_LOCALITIES = ("thôn", "xóm", "ấp", "bản", "buôn", "làng", "plei", "sóc", "tổ dân phố", "khu phố", "khu dân cư", "khối")


def public_place(address: str | None) -> str:
    """The place a public document names a petitioner by: the village part of the address ("số 12, xóm
    Giữa, thôn Phước Lộc" -> "thôn Phước Lộc"), or "" when there is none. House numbers, streets and groups stay
    personal data (Luật Bảo vệ dữ liệu cá nhân): they, with the name, identify the person."""
    found = ""
    for part in (p.strip() for p in (address or "").split(",")):
        if any(part.lower().startswith(w + " ") for w in _LOCALITIES):
            found = part[:1].lower() + part[1:]  # the last one: addresses go from the house to the commune
    return found


def citizen(petition: _HasAddress) -> str:
    """A petitioner as public documents name them, by place only ("cử tri thôn Phước Lộc"): names are personal data."""
    place = public_place(petition.address)
    return f"cử tri {place}" if place else "cử tri"


def running_name(body: _Body) -> str:
    """A body's name in running text: "ỦY BAN NHÂN DÂN XÃ AN KHÁNH" -> "Ủy ban nhân dân xã An Khánh".

    Official names are stored upper-case; in a sentence only the first letter and the place name (địa
    danh) stay capital, and the name keeps its capital mid-sentence ("… đồng gửi Ủy ban nhân dân xã An Khánh")."""
    name, place = body.name, body.place
    words = name.split()
    text = " ".join(w.capitalize() if i == 0 else w.lower() for i, w in enumerate(words)) if name.isupper() else name
    if place and place.lower() in text.lower():
        start = text.lower().rindex(place.lower())
        text = text[:start] + place + text[start + len(place) :]
    return text
