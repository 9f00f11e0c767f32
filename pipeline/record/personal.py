"""Petitioners' personal data (dữ liệu cá nhân): who is a person, and text with them taken out.

A petitioner's name and full address are personal data (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu
cá nhân 2025). Public documents, the public dossier, the index's public text and every page served to
someone not allowed name a petitioner only by place (``formatting.citizen``). ``Redactor`` takes names
and full addresses out of a text hoso composes or indexes: it is applied to text built from the records,
where the names are known exactly, and it matches a name whatever whitespace or line break splits it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..formatting import is_unknown, public_place
from ..text import fold, nfc
from .model import Petition

MASK = "[người nêu ý kiến]"
# A petition raised in the name of many ("Cử tri thôn An Điềm", "Các hộ dân khu dân cư Gò Cát") names nobody.
_COLLECTIVE = ("cu tri", "nhan dan", "cac ho", "tap the", "dai dien", "nguoi dan", "ba con", "ho dan")
_HONORIFICS = re.compile(r"^(?:ông|bà|anh|chị|cô|chú|bác|cụ|em)\s+", re.IGNORECASE)


def is_person(name: str) -> bool:
    """Whether a petitioner's name (nguoi_neu.ho_ten) names a person rather than a group or "không rõ"."""
    return not is_unknown(name) and not fold(name).strip().startswith(_COLLECTIVE)


def _pattern(text: str) -> str:
    """``text`` as a regular expression where any run of whitespace may be any other (a line break)."""
    return r"\s+".join(re.escape(word) for word in text.split())


class Redactor:
    """Takes the names and full addresses of ``petitions`` out of a text."""

    def __init__(self, petitions: Iterable[Petition]):
        replace: dict[str, str] = {}
        for p in petitions:
            if is_person(p.raised_by):
                name = nfc(p.raised_by.strip())
                replace[name] = MASK
                bare = _HONORIFICS.sub("", name)
                if len(bare.split()) >= 2:  # a given name alone ("Tám") is also a common word
                    replace[bare] = MASK
            if p.address and nfc(p.address.strip()) != public_place(p.address):
                replace[nfc(p.address.strip())] = public_place(p.address) or MASK
        # Longest first, so that "Ông Nguyễn Văn Tám" goes before "Nguyễn Văn Tám".
        self._by_key = {fold(" ".join(k.split())): v for k, v in replace.items()}
        keys = sorted(replace, key=len, reverse=True)
        self._pattern = re.compile("|".join(_pattern(k) for k in keys), re.IGNORECASE) if keys else None

    def scrub(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._by_key[fold(" ".join(m.group(0).split()))], nfc(text))
