"""Vietnamese text analysis shared by every search engine: tokens, queries and snippets.

The engines never tokenise Vietnamese themselves. This module turns a text into two streams of
syllable tokens, written out as space-separated strings, and each engine only splits those strings
on spaces. So tantivy and Whoosh index exactly the same tokens, and a change here changes both
(bump ``ANALYSIS_VERSION`` then: every index must be rebuilt).

- exact:  NFC, lower-case, diacritics kept        "Đất đai" -> "đất đai"
- folded: the same with diacritics removed        "Đất đai" -> "dat dai"  (pipeline.text.fold, đ -> d)

A token is a run of letters and digits (and combining marks, so decomposed NFD input keeps its
syllables whole). Everything else separates tokens, so a document number "668/TB-UBND" gives
668 · tb · ubnd, found by "668" alone or, as a phrase, by the whole number. There are no stop words:
Vietnamese syllables such as "an", "can", "to", "may" are English stop words, and one-letter
syllables ("ý", "ở", "a") are real words.

Phrases never run across punctuation that ends a sentence or a clause: where such punctuation stands
at a word's edge ("Phổ. Thành", "đai, nước", "(Bàu"), the streams carry a ``BOUNDARY`` token, which
no query can contain, so the words on either side are not adjacent. Punctuation inside a chunk
("04.VP", "1,5") and the hyphen and slash of document numbers, with or without spaces around them
("11- QĐ/TW", "11 - QĐ / TW"), join: those give the same stream as "11-QĐ/TW". Highlights follow the
same rule.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from ..text import fold

# Bump when tokens change: an index written with another version is refused (IndexOutdated).
# 2: boundary tokens at sentence and clause punctuation.
ANALYSIS_VERSION = 2

# Between two words separated by punctuation that ends a sentence or a clause, in both streams.
BOUNDARY = "|"
# That punctuation (at a word's edge only; see the module docstring). Hyphen and slash are not in it:
# they join the parts of a document number. En and em dashes are (a dash between clauses).
_BREAKS = frozenset('.,;:!?…()[]{}"“”„‟«»「」–—')

# Tokens longer than this are dropped from both streams (base64 blobs, run-together garbage): a
# Vietnamese syllable has at most 7 letters and a phone or account number well under 64 digits.
MAX_TOKEN_CHARS = 64

# Combining marks stay inside a token: after NFC only a rare mark has no precomposed form, but
# NFD input has one on almost every syllable, and it must not split "đất" into "đa" + "t".
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# \w also matches "_", which is turned into a space first (same length, so spans stay valid).
_TOKEN = re.compile(rf"[\w{_MARKS}]+")

# Straight quotes delimit phrases; typographic ones are what a word processor gives the user.
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»「」＂"})
_QUERY_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')

# The most clauses a query may have: a pasted paragraph is not a search.
MAX_QUERY_CLAUSES = 32

# raw token -> (exact, folded), or None when the token is dropped. Vietnamese has a few thousand
# syllables, so the cache hits almost always and analysis stays cheap.
_CACHE: dict[str, tuple[str, str] | None] = {}
_CACHE_LIMIT = 200_000  # entries per cache: tens of MB at most


def _tone_styles() -> dict[str, str]:
    """Open rhymes oa, oe, uy written with the tone on the second vowel ("hoà", "thuỷ", "uỷ") ->
    the same with the tone on the first ("hòa", "thủy", "ủy"). Both spellings are correct and
    both are common, so the exact stream keeps one: a query "hòa" then finds "hoà" as exact."""
    marks = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
    nfc = functools.partial(unicodedata.normalize, "NFC")
    return {nfc(a + b + m): nfc(a + m + b) for a, b in ("oa", "oe", "uy") for m in marks}


_TONE_STYLES = _tone_styles()


def _normalise(raw: str) -> tuple[str, str] | None:
    """The exact and folded forms of one raw token, or None if it is dropped."""
    try:
        return _CACHE[raw]  # a hit, almost always; a stored None means "dropped"
    except KeyError:
        pass
    # "ð" (U+00F0, Icelandic eth) stands for "đ" in text converted from old Vietnamese encodings.
    exact = unicodedata.normalize("NFC", raw.lower()).replace("ð", "đ")
    # Only at the end (an open rhyme: "hoàn" has one spelling) and not after "q" ("quý": the u
    # belongs to the consonant).
    if exact[-2:] in _TONE_STYLES and exact[-3:-2] != "q":
        exact = exact[:-2] + _TONE_STYLES[exact[-2:]]
    folded = fold(exact)
    result = (exact, folded) if folded and len(exact) <= MAX_TOKEN_CHARS else None
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[raw] = result
    return result


@dataclass(frozen=True, slots=True)
class Token:
    """One syllable: its exact and folded forms and its span [start, end) in the analysed text."""

    exact: str
    folded: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` with its span in ``text`` itself (NFD input included)."""
    out = []
    for m in _TOKEN.finditer(text.replace("_", " ")):
        pair = _normalise(m.group())
        if pair is not None:
            out.append(Token(pair[0], pair[1], m.start(), m.end()))
    return out


def _chunk(raw: str) -> tuple[str, str]:
    """The exact and folded streams of one whitespace-free chunk ("đai," -> "đai |", "dai |")."""
    exact, folded = [], []
    found = list(_TOKEN.finditer(raw.replace("_", " ")))
    lead = raw[: found[0].start()] if found else raw
    trail = raw[found[-1].end() :] if found else ""
    if not _BREAKS.isdisjoint(lead):
        exact.append(BOUNDARY)
        folded.append(BOUNDARY)
    for m in found:
        pair = _normalise(m.group())
        if pair is not None:
            exact.append(pair[0])
            folded.append(pair[1])
    if not _BREAKS.isdisjoint(trail):
        exact.append(BOUNDARY)
        folded.append(BOUNDARY)
    result = (" ".join(exact), " ".join(folded))
    if len(_CHUNKS) >= _CACHE_LIMIT:
        _CHUNKS.clear()
    _CHUNKS[raw] = result
    return result


# whitespace-free chunk of text -> its (exact, folded) streams; see streams().
_CHUNKS: dict[str, tuple[str, str]] = {}
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def streams(text: str) -> tuple[str, str]:
    """The exact and folded token streams of ``text``, space-separated, as the engines index them.

    The same tokens as ``tokens(text)`` (whitespace never belongs to a token, so splitting on it
    first changes nothing) with ``BOUNDARY`` tokens where punctuation ends a sentence or a clause
    (see the module docstring), but this is the indexing hot path: the text is split in C and each
    chunk ("Đất", "đai,", "668/TB-UBND") is looked up in a cache, with no Python loop per token.
    """
    chunks = text.split()
    cached = list(map(_CHUNKS.get, chunks))
    if None in cached:
        pairs = [p if p is not None else _chunk(c) for p, c in zip(cached, chunks, strict=True)]
    else:
        pairs = cast(list[tuple[str, str]], cached)  # no None in it: every chunk was cached
    # filter(None, …) drops chunks with no token at all ("-", "…").
    return " ".join(filter(None, map(_FIRST, pairs))), " ".join(filter(None, map(_SECOND, pairs)))


@functools.lru_cache(maxsize=4096)  # a few hundred distinct values, repeated on every entry
def keyword(value: str) -> str:
    """A filter value (unit code, lĩnh vực, status…) as stored and compared: NFC, lower-case,
    single spaces. Diacritics are kept: these come from fixed lists, where "đất" is not "dắt"."""
    return " ".join(unicodedata.normalize("NFC", value).lower().split())


@functools.lru_cache(maxsize=4096)
def loose(value: str) -> str:
    """A value for accent- and punctuation-insensitive substring matching (the chair's name):
    folded, punctuation as spaces, single spaces. "Nguyễn Văn A." -> "nguyen van a"."""
    return " ".join(t.folded for t in tokens(value))


# --- queries -------------------------------------------------------------------------------------


class QueryError(ValueError):
    """A query the search cannot run; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One thing a hit may contain: a single token, or a phrase of consecutive tokens.

    ``accented`` clauses were typed with diacritics: they match the exact stream (ranked first) and
    the folded stream; the others match the folded stream only. A ``required`` clause (a phrase typed
    in quotes) must be in every hit; the others count towards ``ParsedQuery.minimum``.
    """

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    required: bool = False
    exact_only: bool = False  # match the exact stream only (engine.FOLDED_MATCHES = "absent")

    @property
    def accented(self) -> bool:
        return self.exact != self.folded

    @property
    def wider(self) -> bool:
        """Found more widely than as typed: without its diacritics, or as a close variant (a number)."""
        return not self.exact_only and (self.accented or self.variant is not None)

    @property
    def variant(self) -> tuple[tuple[str, str], int] | None:
        """For a document number of three parts or more ("11-QĐi/TW"), its first and last parts and
        how many tokens may stand between them: "11- QĐ/TW" and "11-QĐ/TW" are close variants, found
        (ranked as folded-only matches) when the number typed is not there as typed."""
        if len(self.folded) < 3 or not any(ch.isdigit() for ch in self.folded[0] + self.folded[-1]):
            return None
        return (self.folded[0], self.folded[-1]), len(self.folded) - 2


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]
    # Runs of two or more unquoted words, as phrases: the snippet shows one found whole first.
    # Vietnamese words are several syllables ("giải phóng mặt bằng"), typed without quotes.
    proximity: tuple[Clause, ...] = ()
    # Each two words typed side by side in a run: a hit that has them side by side ranks above one
    # where they are scattered, and the more such pairs, the higher (how close together the words are).
    pairs: tuple[Clause, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.clauses

    @property
    def optional(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.required)

    @property
    def minimum(self) -> int:
        """How many of the optional clauses a hit must contain as typed (with their diacritics, if typed
        with them): all of one or two words; of three or more, half (rounded up). A hit that has every
        clause only without diacritics is found too. Hits with every word rank first (see engine.Tiers);
        the others are the fallback, so that a long query, or one whose words a hồ sơ says only in
        part, still finds it; a word found only through folding ("tâm" for "Tám") never counts towards
        that fallback."""
        n = len(self.optional)
        return n if n <= 2 else -(-n // 2)


def parse_query(text: str) -> ParsedQuery:
    """What an archivist typed, as clauses.

    Words are separate clauses, of which a hit must contain ``minimum``; "quoted words" are one
    phrase, required. A word that analysis splits into several tokens (668/TB-UBND, 11-QĐi/TW) is a
    phrase too. A query with no token at all (blank, or only punctuation) is empty: the caller lists
    entries by filters alone.
    """
    clauses: list[Clause] = []
    runs: list[list[Clause]] = [[]]
    for quoted, word in _QUERY_CHUNK.findall(text.translate(_QUOTES)):
        toks = tokens(quoted or word)
        if not toks:
            continue
        clause = Clause(tuple(t.exact for t in toks), tuple(t.folded for t in toks), bool(quoted))
        same = next((i for i, c in enumerate(clauses) if c.exact == clause.exact), None)
        if same is None:
            clauses.append(clause)
        elif clause.required:  # typed twice, once in quotes: required
            clauses[same] = clause
        if quoted or len(toks) > 1:
            runs.append([])  # a quoted phrase or a document number ends a run of plain words
        else:
            runs[-1].append(clause)
    if len(clauses) > MAX_QUERY_CLAUSES:
        raise QueryError(f"Câu tìm kiếm có quá nhiều từ ({len(clauses)}); tối đa {MAX_QUERY_CLAUSES} từ hoặc cụm từ.")
    proximity = tuple(
        Clause(sum((c.exact for c in run), ()), sum((c.folded for c in run), ())) for run in runs if len(run) > 1
    )
    pairs = tuple(
        dict.fromkeys(
            Clause(a.exact + b.exact, a.folded + b.folded)
            for run in runs
            for a, b in zip(run, run[1:], strict=False)
            if a.folded != b.folded
        )
    )
    return ParsedQuery(tuple(clauses), proximity, pairs)


# --- snippets ------------------------------------------------------------------------------------

Piece = tuple[str, bool]  # (text, is_match): plain text, never HTML; the caller escapes or styles it

SNIPPET_CHARS = 200
_ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")
# Around a match: no token character. Between a phrase's tokens, as in the streams (see the module
# docstring): whitespace, or a hyphen or slash with or without spaces ("11- QĐ/TW"), or punctuation
# with no space ("04.VP"); never a sentence's or a clause's punctuation before a space ("Phổ. Thành").
_BEFORE = rf"(?<![^\W_])(?<![{_MARKS}])"
_AFTER = rf"(?![^\W_]|[{_MARKS}])"
_BETWEEN = rf"(?:\s*[-/‐‑]\s*|(?:(?![{_MARKS}])[^\w\s]|_)+|\s+)"


def _fold_table() -> dict[int, str]:
    """Each letter that folds to another single letter -> that letter ("Đ" -> "d", "ấ" -> "a"), by
    the same normalisation as the tokens, over the Latin blocks Vietnamese text uses. Every mapping
    is one character to one, so a text and its folded copy have the same offsets."""
    table = {}
    for cp in [*range(0x30, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        pair = _normalise(chr(cp))
        if pair is not None and len(pair[1]) == 1 and pair[1] != chr(cp):
            table[cp] = pair[1]
    return table


_FOLD = _fold_table()
_JOIN = re.compile(_BETWEEN)


@functools.lru_cache(maxsize=256)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A regex finding any of the folded ``words`` as a whole token of a folded text (see _FOLD).
    Plain letters: it compiles in microseconds, where one character class per letter took a
    millisecond a word, paid again on every new query."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}")


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    words: tuple[str, ...]  # the folded words found
    exact: bool  # the text has the clause's diacritics, not just its letters
    kind: str  # "word" (a clause as typed), "phrase" (a run of words found whole), "pair"


@functools.lru_cache(maxsize=256)
def _targets(query: ParsedQuery) -> tuple[tuple[Clause, str], ...]:
    """What a snippet marks: the query's clauses, its runs of words as whole phrases, and each two
    words typed side by side (a pair), each with its kind."""
    return (
        *((c, "word") for c in query.clauses),
        *((c, "phrase") for c in query.proximity),
        *((c, "pair") for c in query.pairs),
    )


@functools.lru_cache(maxsize=128)  # a hit's text is scanned for its title's highlight, then its own
def _scan(text: str, query: ParsedQuery) -> tuple[_Match, ...]:
    """Where each clause, each run of words and each pair occurs in ``text`` (NFC), with or without
    diacritics. A clause typed with diacritics is marked only where the text has it as typed, unless
    the text is written without any diacritics: in Vietnamese text "Phó" is another word than "Phổ",
    "Phòng" than "phóng". A word of a run is marked alone only where the text never has it beside
    a word typed next to it: "giải phóng mặt bằng" marks that phrase, not also "giải" in "giải quyết"
    and "bằng" in "bằng văn bản" elsewhere in the same text.

    The text is folded once (offsets kept) and scanned once for every query word; a phrase is a run
    of those tokens separated as in the streams (see _BETWEEN)."""
    targets = _targets(query)
    if not targets:
        return ()
    folded_text = text.translate(_FOLD).lower()
    if len(folded_text) != len(text):  # a letter whose lower case is longer ("İ"): offsets would drift
        folded_text = text.translate(_FOLD)
    pattern = _words_pattern(frozenset(w for c, _ in targets for w in c.folded))
    spans: list[tuple[int, int]] = []
    exacts: list[str] = []
    foldeds: list[str] = []
    at: dict[str, list[int]] = {}  # folded word -> its indexes in the lists above
    for m in pattern.finditer(folded_text):
        pair = _normalise(text[m.start() : m.end()])
        if pair is not None:
            at.setdefault(m.group(), []).append(len(spans))
            spans.append(m.span())
            exacts.append(pair[0])
            foldeds.append(m.group())
    joined = [_JOIN.fullmatch(text, a[1], b[0]) is not None for a, b in zip(spans, spans[1:], strict=False)]
    bare = text.isascii()
    found: list[_Match] = []
    for clause, kind in targets:
        n = len(clause.folded)
        for i in at.get(clause.folded[0], ()):
            if n > 1 and (tuple(foldeds[i : i + n]) != clause.folded or not all(joined[i : i + n - 1])):
                continue
            exact = clause.accented and tuple(exacts[i : i + n]) == clause.exact
            if clause.accented and not bare and not exact:
                continue
            found.append(_Match(spans[i][0], spans[i + n - 1][1], clause.folded, exact, kind))
    found.sort(key=_order)
    return tuple(found)


def nfc(text: str) -> str:
    """``text`` in NFC, the form snippets and their offsets are made in."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def paired_words(text: str, query: ParsedQuery) -> frozenset[str]:
    """The folded words of each run of words typed side by side of which ``text`` has two side by
    side: the entry is found by the phrase, and a lone syllable of the run elsewhere in it ("giải" in
    "giải quyết" for "giải phóng mặt bằng") is another word, not marked."""
    pairs = {m.words for m in _scan(nfc(text), query) if m.kind == "pair"}
    if not pairs:
        return frozenset()
    return frozenset(
        w
        for run in query.proximity
        if any(p in pairs for p in zip(run.folded, run.folded[1:], strict=False))
        for w in run.folded
    )


def _matches(text: str, query: ParsedQuery, paired: frozenset[str] = frozenset()) -> list[_Match]:
    """What ``_scan`` finds, less the lone words of a run that ``text`` has beside a neighbour (or that
    another text of the same entry has so: ``paired``)."""
    found = _scan(text, query)
    paired = paired | paired_words(text, query)
    if not paired:
        return list(found)
    lone = {c.folded[0] for c in query.clauses if not c.required and len(c.folded) == 1} & paired
    kept = [m for m in found if not (m.kind == "word" and m.words[0] in lone)]
    return sorted([m for m in kept if m.kind != "pair"] + _chained(m for m in kept if m.kind == "pair"), key=_order)


def _order(m: _Match) -> tuple[int, int]:
    return m.start, -m.end


def _chained(pairs: Iterable[_Match]) -> list[_Match]:
    """Pairs sharing a word joined into one match: "giải phóng" + "phóng mặt" + "mặt bằng" are marked as
    "giải phóng mặt bằng", not as two pieces with the shared word left out of the second."""
    out: list[_Match] = []
    for m in sorted(pairs, key=_order):
        if out and m.start < out[-1].end:
            last = out[-1]
            words = last.words + tuple(w for w in m.words if w not in last.words)
            out[-1] = _Match(last.start, max(last.end, m.end), words, last.exact and m.exact, "pair")
        else:
            out.append(m)
    return out


def _best_anchor(found: list[_Match], width: int) -> int:
    """The offset where a window of ``width`` chars shows the most distinct words, then pairs, then
    exact matches; where a run of words occurs whole, the first of those (exact first)."""
    whole = [m for m in found if m.kind == "phrase"]
    if whole:
        return min(whole, key=lambda m: (-m.exact, m.start)).start
    best, best_score = found[0].start, (-1, -1, -1)
    for i, anchor in enumerate(found):
        words: set[str] = set()
        pairs = exact = 0
        for m in found[i:]:
            if m.end > anchor.start + width:
                break
            words.update(m.words)
            pairs += m.kind == "pair"
            exact += m.exact
        score = (len(words), pairs, exact)
        if score > best_score:
            best, best_score = anchor.start, score
    return best


def _window(text: str, anchor: int, width: int) -> tuple[int, int]:
    """[start, end) of about ``width`` chars with the anchor a fifth in, cut at spaces so that
    neither end shows part of a word (or of a number such as 04-KH/BDVTU)."""
    if len(text) <= width:
        return 0, len(text)
    start = max(0, min(anchor - width // 5, len(text) - width))
    end = start + width
    if start > 0 and not text[start - 1].isspace():
        space = _SPACES.search(text, start, anchor)
        start = space.end() if space else start
        end = start + width
    if end < len(text) and not text[end].isspace():
        # The last space before the end (a window holds only a few dozen).
        spaces = list(_SPACES.finditer(text, anchor + 1, end))
        end = spaces[-1].start() if spaces else end
    return start, end


def match_offset(text: str, query: ParsedQuery, width: int = SNIPPET_CHARS) -> int | None:
    """Where in ``text`` (NFC) the snippet of ``highlight`` is anchored; None without a match.
    Callers map it to a page: a hit in a long document names the sheet the words are on."""
    found = _matches(unicodedata.normalize("NFC", text), query) if not query.empty else []
    return _best_anchor(found, width) if found else None


def highlight(
    text: str, query: ParsedQuery, width: int | None = SNIPPET_CHARS, paired: frozenset[str] = frozenset()
) -> list[Piece]:
    """A short passage of ``text`` around its best match, as (text, is_match) pieces.

    ``text`` is the original (accented) text; matches ignore diacritics and case, so "dat dai"
    highlights "Đất đai". With ``width=None`` the whole text is returned (titles). Whitespace runs
    become single spaces. Without any match, the text's beginning is returned. Decomposed (NFD)
    text is shown in its NFC form, which looks the same. ``paired``: words another text of the same
    entry (its title, its text) has side by side with their neighbour, not marked alone here either.
    """
    text = nfc(text)
    found = _matches(text, query, paired) if not query.empty else []
    if width is None:
        start, end = 0, len(text)
    else:
        start, end = _window(text, _best_anchor(found, width) if found else 0, width)
    pieces: list[Piece] = []
    if start > 0:
        pieces.append((_ELLIPSIS + " ", False))
    pos = start
    for m in found:
        if m.start < pos or m.end > end:  # overlaps a match already shown, or outside the window
            continue
        if m.start > pos:
            pieces.append((text[pos : m.start], False))
        pieces.append((text[m.start : m.end], True))
        pos = m.end
    if pos < end:
        pieces.append((text[pos:end], False))
    if end < len(text):
        pieces.append((" " + _ELLIPSIS, False))
    return _tidy(pieces)


def _tidy(pieces: list[Piece]) -> list[Piece]:
    """Adjacent plain pieces merged, whitespace runs as single spaces, no blank ends."""
    merged: list[Piece] = []
    for text, is_match in pieces:
        if merged and not is_match and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        else:
            merged.append((text, is_match))
    out = [(_SPACES.sub(" ", text), is_match) for text, is_match in merged]
    if out and not out[0][1]:
        out[0] = (out[0][0].lstrip(), False)
    if out and not out[-1][1]:
        out[-1] = (out[-1][0].rstrip(), False)
    return [p for p in out if p[0]]


def plain(pieces: Sequence[Piece], mark: tuple[str, str] = ("[", "]")) -> str:
    """Pieces as one line of text, matches wrapped in ``mark`` (for the command line)."""
    return "".join(f"{mark[0]}{t}{mark[1]}" if m else t for t, m in pieces)


def offsets(pieces: Sequence[Piece]) -> tuple[str, list[list[int]]]:
    """Pieces as their plain text and the [start, end) of each match in it (Python string indices,
    i.e. Unicode code points), for programs: no mark inside the text to tell from a real bracket."""
    text, spans, pos = [], [], 0
    for t, m in pieces:
        if m:
            spans.append([pos, pos + len(t)])
        text.append(t)
        pos += len(t)
    return "".join(text), spans
