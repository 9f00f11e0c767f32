"""The words hoso itself writes into every document of a kind (boilerplate), as patterns to find them in
a document's text: the standard sentences, the nội quy, the default programme, the standard Nơi nhận
(``templates/van-ban/``) and the fixed lines of each format profile (Quốc hiệu, Tiêu ngữ, "Nơi nhận:").

The index leaves them out of a document's searchable text (issue 15, cause 3): a search for "kính mời
Nhân dân" must find the hồ sơ whose records say so, not every giấy mời hoso ever drafted. hoso's own
texts are used, not a unit's replacements: a sealed document may be years older than today's files.
"""

from __future__ import annotations

import re
from functools import cache

from ..profile import available, load_profile
from .texts import texts_for

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# A placeholder between two fixed parts ("tại buổi ngày {ngay}, {co_quan} báo cáo"): what hoso filled in,
# bounded so that a pattern never runs over a page.
_FILLED = r".{1,120}?"


def _parts(text: str) -> list[str]:
    """The fixed parts of one text: its placeholders at either end dropped (the filled value stays, as
    content), those inside kept as separators."""
    parts = _PLACEHOLDER.split(" ".join(text.split()))
    while parts and not parts[0].strip(" ,.:;"):
        parts.pop(0)
    while parts and not parts[-1].strip(" ,.:;"):
        parts.pop()
    return parts


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every fixed text as (a lower-case word run it must contain, its pattern), longest first (a
    sentence before a shorter one it contains). A placeholder inside a text matches anything short."""
    texts = texts_for(None)
    pieces: list[str] = []
    for key, sentence in texts.sentences.items():
        # a standard Nơi nhận is printed one recipient per line ("- Thường trực … (b/c);")
        pieces += sentence.split(";") if key.startswith("noi_nhan_") else [sentence]
    pieces += texts.house_rules
    pieces += [row.text for row in texts.programme]
    for profile_id in available():
        profile = load_profile(profile_id)
        pieces += [profile.national_title, profile.recipients_label, profile.archive_line]
        pieces += [profile.minutes_archive_line, *profile.minutes_signers]
        if profile.motto:
            pieces.append(profile.motto)
    found: dict[str, str] = {}
    for piece in pieces:
        parts = _parts(piece)
        if parts:
            literal = [r"\s+".join(re.escape(word) for word in part.split()) for part in parts]
            needle = max(parts, key=len).strip().lower()
            found[_FILLED.join(literal)] = needle
    ordered = sorted(found, key=len, reverse=True)
    return tuple((found[p], re.compile(p, re.IGNORECASE)) for p in ordered)


def strip(text: str) -> str:
    """``text`` without the fixed texts hoso writes, white space folded. Only the patterns whose longest
    fixed part is in the text are run: most documents hold few of them."""
    text = " ".join(text.split())
    lower = text.lower()
    for needle, pattern in patterns():
        if needle in lower:
            text = " ".join(pattern.sub(" ", text).split())
            lower = text.lower()
    return text
