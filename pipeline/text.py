"""Vietnamese text helpers shared by every stage: normalisation and diacritic folding.

Folding lives here, once, so that validation hints, the index and the search box all agree on
what "the same word without accents" means.
"""

from __future__ import annotations

import difflib
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Đất đai" -> "dat dai".

    Unicode decomposition does not split đ/Đ (they are letters of their own), so they are mapped
    by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def nearest(value: str, choices: list[str], cutoff: float = 0.6) -> str | None:
    """The allowed value a clerk most likely meant, comparing without diacritics or case."""
    if not choices:
        return None
    folded = {fold(c): c for c in choices}
    key = fold(value).strip()
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None
