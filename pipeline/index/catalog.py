"""The archive as search entries, and keeping an index in step with it (`hoso index`).

The archive is the source of truth. For every session, its latest sealed version gives:

- one entry for the session (buổi): topic, place, chairs, the reports and the conclusion;
- one entry per document (văn bản): its text, page by page from the dossier PDF, so that a hit can
  name the sheet its words are on;
- one entry per petition (kiến nghị): content, answer, agency, deadline, and its current status from
  the unit's follow-up snapshot (``<unit>/theo-doi-kien-nghi.json``).

The archive is read only through its owner modules: ``archive.metadata.read`` (each hồ sơ's ho-so.json,
in whatever format it was sealed) and ``archive.followups.read`` (the snapshot). Nothing here parses
a sealed record with today's record parser.

Petitioners' names and addresses are personal data: they go only into ``Entry.personal`` (searched and
shown only when allowed); where a document's text names a petitioner (the biên bản does), the name is
masked in ``Entry.text``. Entries of a restricted hồ sơ are marked restricted.

The index is updated incrementally: ``state.json`` in the index folder records, per session, the bag
it was read from (with its tag manifest's checksum, which changes when any file of the bag does) and
the entry ids made from it; per unit, the follow-up snapshot's checksum. Only what changed is read
again. An index that cannot be used as it is (other version, damaged) is rebuilt from scratch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import doctypes
from ..archive import followups, metadata
from ..archive.metadata import SealedDocument, SealedDossier, SealedSession
from ..archive.store import Archive
from ..formatting import citizen, iso, vn_date
from ..record.model import FollowUp, Petition
from ..record.personal import Redactor, is_person
from ..record.status import petition_status
from ..text import fold
from . import analysis
from .engine import (
    DEFAULT_ENGINE,
    Entry,
    IndexBusy,
    IndexDamaged,
    IndexUnusable,
    NotAnIndex,
    SearchIndex,
    create_index,
    looks_like_index,
    open_index,
)

STATE = "state.json"
# 2: entries from the public dossier, with sheet labels; 3: without hoso's boilerplate; 4: every metadata field
# searchable (a document's người ký where its text lacks them, a petition's status)
STATE_VERSION = 5  # 5: the lĩnh vực of each session's petitions, for the field filter


@dataclass(frozen=True)
class SealedVersion:
    """The latest sealed version of one session in the archive, and what identifies its content."""

    session_id: str
    unit: str
    bag: Path
    digest: str  # SHA-256 of its tag manifest: any change to the bag changes it
    petitions: tuple[Petition, ...]  # as sealed: whose names and addresses the unit's public text leaves out

    def relative(self, root: Path) -> str:
        return self.bag.relative_to(root).as_posix()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()


def sealed_versions(root: Path) -> dict[str, SealedVersion]:
    """Every session in the archive, by id, at its latest version."""
    out: dict[str, SealedVersion] = {}
    for latest in Archive(root).latest():
        try:
            session = metadata.read(latest.bag).session
            digest = _sha(latest.bag / "tagmanifest-sha256.txt")
        except (OSError, metadata.Unreadable):
            continue  # not a hồ sơ hoso can read: `hoso verify` reports it
        out[session.id] = SealedVersion(session.id, latest.unit, latest.bag, digest, session.petitions)
    return out


# --- entries -------------------------------------------------------------------------------------


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _page_texts(pdf_path: Path, first: int, count: int) -> list[str]:
    """The text of pages [first, first + count) of a PDF (0-based), NFC, whitespace folded."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        return [
            _flat(unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()))
            for i in range(first, first + count)
        ]
    finally:
        pdf.close()


def entries(
    sealed: SealedVersion, root: Path, updates: tuple[FollowUp, ...], as_of: dt.date, redactor: Redactor | None = None
) -> list[Entry]:
    """The entries of one sealed session: the session, its documents, its petitions.

    Their text is public: documents are read from the public dossier (petitioners named by place), and
    every text goes through ``redactor`` (the names and addresses of the unit's petitioners; by default
    this session's). Names and addresses go only into ``Entry.personal``."""
    dossier = metadata.read(sealed.bag)
    session = dossier.session
    redactor = redactor or Redactor(session.petitions)
    base: dict[str, Any] = {
        "unit": session.unit,
        "unit_name": session.unit_name,
        "date": session.date,
        "year": session.date.year,
        "chair": "; ".join(c.name for c in session.chairs),
        "restricted": dossier.restricted,
        "group": session.id,  # search results are grouped by hồ sơ
    }
    where = {
        "hoso": sealed.relative(root),
        "code": dossier.code,
        "notation": dossier.notation,
        "session": session.id,
        "session_date": session.date.isoformat(),
        "title": dossier.title,
    }
    names = [p.raised_by for p in session.petitions if is_person(p.raised_by)]
    documents = _document_entries(dossier, names, redactor, base, where)
    minutes = next((d for d in dossier.documents if d.record_type == "biên bản"), None)
    minutes_place = {
        "page": minutes.dossier_page if minutes else 1,
        "public_page": (minutes.public_page or minutes.dossier_page) if minutes else 1,
        "sheet": minutes.first_sheet if minutes else None,
    }
    return [
        _session_entry(session, redactor, base, where),
        *documents,
        *_petition_entries(session, updates, as_of, redactor, base, {**where, **minutes_place}),
    ]


def _session_entry(session: SealedSession, redactor: Redactor, base: dict[str, Any], where: dict[str, Any]) -> Entry:
    chairs = "Chủ trì: " + "; ".join(f"{c.name}, {c.title}" for c in session.chairs)
    parts = (
        session.topic,
        session.location,
        chairs,
        "; ".join(session.co_organisers),
        session.public_concern_report,
        session.further_exchange,
        session.conclusion,
        session.publication,
    )
    return Entry(
        id=session.id,
        level="buổi",
        title=f"Buổi tiếp xúc, đối thoại ngày {vn_date(session.date)}: {redactor.scrub(session.topic)}",
        text=redactor.scrub(" ".join(_flat(t) for t in parts if t)),
        doc_type=None,
        stored={**where, "page": 1, "public_page": 1, "sheet": None},
        **base,
    )


def _document_entries(
    dossier: SealedDossier, names: list[str], redactor: Redactor, base: dict[str, Any], where: dict[str, Any]
) -> list[Entry]:
    """One entry per document, its text page by page from the public dossier, so a hit can name its sheet.
    A hồ sơ sealed before there was a public dossier (format 1) is read from the full one, redacted."""
    from ..documents import boilerplate  # here: searching loads nothing of the documents stage

    out = []
    public = dossier.public_pdf
    for d in dossier.documents:
        if public is not None and d.public_page and d.public_sheets:
            pages = _page_texts(public, d.public_page - 1, len(d.public_sheets))
            labels = list(d.public_sheets)
        elif public is None and d.pages and d.dossier_page:
            pages = _page_texts(dossier.pdf, d.dossier_page - 1, d.pages)
            labels = [str((d.first_sheet or 0) + k) for k in range(d.pages)]
        else:
            pages, labels = [], []
        offsets, text = [], ""
        for page in pages:
            offsets.append(len(text))
            # what the records and the office's files say, not the fixed texts hoso writes into every
            # document of its kind (they would match everywhere); an office's own file is kept whole
            text += redactor.scrub(page if d.original else boilerplate.strip(page)) + "\n"
        if not pages:
            text = redactor.scrub(_flat(f"{d.subject} {d.description or ''}"))
        text += redactor.scrub(_signer_words(d, text))
        personal = "; ".join(names) if doctypes.names_petitioners(d.record_type) and names else None
        if d.withheld and public is not None and d.pages and d.dossier_page:
            # An office file left out of the public dossier (a signed biên bản, a scanned letter): its text,
            # read from the full dossier (OCR for a scan), is searched and shown only to those allowed.
            full = " ".join(_page_texts(dossier.pdf, d.dossier_page - 1, d.pages))
            personal = "; ".join(x for x in (personal, _flat(full)) if x) or None
        reference = f" {d.reference}" if d.reference else ""
        day = d.issued or dossier.session.date
        stored = {
            **where,
            "page": d.dossier_page,
            "public_page": d.public_page or d.dossier_page,
            "sheet": d.first_sheet,
            "sheets": [d.first_sheet, d.last_sheet],
            "sheet_labels": labels,
            "page_offsets": offsets,
            "reference": d.reference,
            "document": d.ordinal,
        }
        out.append(
            Entry(
                id=f"{dossier.session.id}/{d.ordinal:02d}",
                level="văn bản",
                title=f"{d.type_name}{reference}: {redactor.scrub(d.subject)}",
                text=text.strip(),
                doc_type=d.type_name,
                # The full rendition names the petitioners: searchable by name only for those allowed.
                personal=personal,
                stored=stored,
                **{**base, "date": day, "year": day.year},
            )
        )
    return out


def _signer_words(d: SealedDocument, text: str) -> str:
    """The document's người ký (SignerInfo) as its signature block says it, when its text does not already
    (a scan whose OCR missed it, a hồ sơ sealed without pages): so a search for the signer finds it."""
    if d.signer is None or fold(_flat(d.signer.name)) in fold(_flat(text)):
        return ""
    block = " ".join(d.signer.title.replace("/", " ").split())
    return f"\n{block} {d.signer.name}".rstrip()


def _petition_entries(
    session: SealedSession,
    updates: tuple[FollowUp, ...],
    as_of: dt.date,
    redactor: Redactor,
    base: dict[str, Any],
    where: dict[str, Any],
) -> list[Entry]:
    """One entry per petition, with its status as of ``as_of`` from the unit's follow-up snapshot."""
    by_petition: dict[str, list[FollowUp]] = {}
    for u in updates:
        by_petition.setdefault(u.petition_id, []).append(u)
    return [_petition_entry(p, by_petition.get(p.id, []), as_of, redactor, base, where) for p in session.petitions]


def _petition_entry(
    p: Petition,
    updates: list[FollowUp],
    as_of: dt.date,
    redactor: Redactor,
    base: dict[str, Any],
    where: dict[str, Any],
) -> Entry:
    status = petition_status(p, updates, as_of)
    latest = status.last_update
    parts = [
        p.content,
        f"Trả lời: {p.answer.text}" if p.answer.text else "",
        # who answered (an official, not personal data): a petition taken up in writing may name its
        # responder nowhere else in the hồ sơ
        f"Người trả lời: {p.answer.by}." if p.answer.by else "",
        f"Cơ quan giải quyết: {p.agency}" if p.agency else "",
        f"Kết quả: {latest.text}" if latest and latest.text else "",
        f"Văn bản trả lời số {latest.document.notation}" if latest and latest.document else "",
        # its status as words, so "đang giải quyết" finds the petitions in that state (overdue is not a status:
        # it changes with the day; --overdue filters on the deadline)
        f"Trạng thái: {status.status}.",
    ]
    stored = {
        **where,
        "agency": p.agency,
        "deadline": iso(p.deadline),
        "answered_at_session": p.answer.at_session,
    }
    return Entry(
        id=p.id,
        level="kiến nghị",
        title=f"Ý kiến của {citizen(p)} ({p.field}), buổi ngày {vn_date(p.session_date)}",
        text=redactor.scrub(" ".join(_flat(x) for x in parts if x)),
        field=p.field,
        status=status.status,
        deadline=p.due,
        closed=status.closed,
        personal="; ".join(x for x in (p.raised_by, p.address) if x),
        stored=stored,
        **base,
    )


def _page_index(hit_text: str, stored: dict[str, Any], query: analysis.ParsedQuery) -> int:
    """Which page of its document (from 0) holds the hit's best match; 0 when there is none."""
    offsets = stored.get("page_offsets") or []
    anchor = analysis.match_offset(hit_text, query) if offsets else None
    if anchor is None:
        return 0
    return max(i for i, start in enumerate(offsets) if start <= anchor)


def sheet_of(hit_text: str, stored: dict[str, Any], query: analysis.ParsedQuery) -> str | None:
    """The sheet the hit's words are on ("13", or "13a" for a sheet the public copy inserted)."""
    labels = stored.get("sheet_labels")
    if labels:
        return str(labels[min(_page_index(hit_text, stored, query), len(labels) - 1)])
    first = stored.get("sheet")  # an index entry made before sheet labels (or a session or petition)
    return None if first is None else str(first + _page_index(hit_text, stored, query))


def page_of(hit_text: str, stored: dict[str, Any], query: analysis.ParsedQuery, public: bool) -> int:
    """The page (from 1) of the public or the full dossier PDF to open for a hit."""
    first = (stored.get("public_page") if public else None) or stored.get("page") or 1
    return int(first) + _page_index(hit_text, stored, query)


# --- keeping the index in step -------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    sessions: int  # sealed sessions in the archive
    read: int  # sessions (re)read this time
    removed: int  # sessions gone from the archive
    entries: int  # entries in the index after the update
    rebuilt: str | None  # why the index was rebuilt, if it was


def read_state(index_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((index_dir / STATE).read_text(encoding="utf-8"))
        return state if state.get("version") == STATE_VERSION else {}
    except (OSError, ValueError):
        return {}


# index state file -> (its stat signature, its contents): the page asks for the filter choices on every
# request; the file is replaced (new inode) by every update, so a changed signature means a new file.
_READ_STATES: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}


def _state_to_read(index_dir: Path) -> dict[str, Any]:
    """read_state, for callers that only read it: parsed again only when the file changed."""
    path = index_dir / STATE
    try:
        st = path.stat()
    except OSError:
        return {}
    signature = (st.st_mtime_ns, st.st_size, st.st_ino)
    cached = _READ_STATES.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    state = read_state(index_dir)
    _READ_STATES[path] = (signature, state)
    return state


def archived_fields(index_dir: Path) -> list[str]:
    """Every lĩnh vực of the petitions in the index: the common list's and the units' own."""
    sessions = _state_to_read(index_dir).get("sessions", {})
    return sorted({f for v in sessions.values() for f in v.get("fields", ())})


def archived_units_and_years(index_dir: Path) -> tuple[list[str], list[int]]:
    """The units and years of the hồ sơ in the index (for a page's filter choices)."""
    sessions = _state_to_read(index_dir).get("sessions", {})
    places = [Path(v["bag"]).parts for v in sessions.values()]  # <unit>/<year>/<hồ sơ>/v<n>
    return sorted({p[0] for p in places}), sorted({int(p[1]) for p in places if p[1].isdigit()})


def _write_state(index_dir: Path, state: dict[str, Any]) -> None:
    tmp = index_dir / f".{STATE}.{os.getpid()}"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / STATE)


def update(
    root: Path,
    index_dir: Path,
    engine: str | None = None,
    rebuild: bool = False,
    as_of: dt.date | None = None,
    wait: float = 120,
) -> Update:
    """Bring the index in ``index_dir`` in step with the archive at ``root`` (see the module docstring).

    One update at a time: another waits up to ``wait`` seconds for the index's lock (IndexBusy after).
    The index is derived data: one that cannot be opened or written (damaged, another version, half of a
    killed rebuild) is rebuilt from the archive, beside the old one, and swapped in by renames, so a search
    meanwhile sees the old index or the new one."""
    as_of = as_of or dt.date.today()
    with _locked(index_dir, wait):
        _clean_leftovers(index_dir)
        try:
            return _update(root, index_dir, engine, rebuild, as_of)
        except IndexDamaged as e:
            if rebuild:
                raise
            done = _update(root, index_dir, engine, True, as_of)
            return dataclasses.replace(done, rebuilt=str(e))


def _beside(index_dir: Path, what: str) -> Path:
    return index_dir.parent / f".{index_dir.name}.{what}"


@contextlib.contextmanager
def _locked(index_dir: Path, wait: float) -> Iterator[None]:
    """An exclusive lock on the index beside its folder (the folder itself is replaced by a rebuild);
    the kernel releases it if the process dies."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_beside(index_dir, "khoa"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"Chỉ mục {index_dir} đang được một lệnh khác cập nhật; hãy thử lại sau.") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def _clean_leftovers(index_dir: Path) -> None:
    """What a killed rebuild left beside the index (call with the lock held)."""
    for leftover in index_dir.parent.glob(f".{index_dir.name}.moi-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in index_dir.parent.glob(f".{index_dir.name}.cu-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _update(root: Path, index_dir: Path, engine: str | None, rebuild: bool, as_of: dt.date) -> Update:
    reason = "yêu cầu lập lại" if rebuild else None
    index: SearchIndex | None = None
    if not rebuild:
        try:
            index = open_index(index_dir, engine)
        except IndexUnusable as e:
            reason = str(e)
    state = {} if index is None else read_state(index_dir)
    if index is not None and state.get("engine") != index.engine_name:
        index.close()
        index, state, reason = None, {}, "chỉ mục thiếu tệp trạng thái"
    if index is not None:
        return _apply(index, state, root, index_dir, as_of, reason)
    if index_dir.is_dir() and any(index_dir.iterdir()) and not looks_like_index(index_dir):
        raise NotAnIndex(f"Thư mục {index_dir} không phải thư mục chỉ mục của hoso; hoso không xóa hay ghi đè nó.")
    fresh = _beside(index_dir, f"moi-{os.getpid()}")
    done = _apply(create_index(fresh, engine or DEFAULT_ENGINE), {}, root, fresh, as_of, reason)
    old = _beside(index_dir, f"cu-{os.getpid()}")
    if index_dir.exists():
        os.rename(index_dir, old)
    os.rename(fresh, index_dir)
    shutil.rmtree(old, ignore_errors=True)
    return done


def _apply(
    index: SearchIndex, state: dict[str, Any], root: Path, index_dir: Path, as_of: dt.date, reason: str | None
) -> Update:
    """Read into ``index`` what changed in the archive since ``state``; commit; write the new state."""
    try:
        sealed = sealed_versions(root)
        known: dict[str, Any] = state.get("sessions", {})
        units = sorted({s.unit for s in sealed.values()})
        snapshots = {unit: followups.read(root, unit) for unit in units}
        # The public text of a session leaves out every petitioner of its unit (a follow-up may name one of
        # an earlier session), so a unit's new petitioners make its sessions be read again.
        people = {unit: [p for s in sealed.values() if s.unit == unit for p in s.petitions] for unit in units}
        redactors = {unit: Redactor(people[unit]) for unit in units}
        known_people = {unit: _digest(sorted({(p.raised_by, p.address or "") for p in people[unit]})) for unit in units}
        read = 0
        gone = [session_id for session_id in known if session_id not in sealed]
        for session_id in gone:
            index.delete(known.pop(session_id)["ids"])
        for session_id, s in sorted(sealed.items()):
            digest, updates = snapshots[s.unit].digest, snapshots[s.unit].followups
            seen = known.get(session_id)
            current = {
                "bag": s.relative(root),
                "digest": s.digest,
                "followups": digest,
                "people": known_people[s.unit],
                "as_of": as_of.isoformat(),
            }
            # Statuses depend on the day too (a deadline passing changes nothing stored; "chưa giải quyết" does not
            # become overdue by itself), so entries are re-read when the bag or the unit's follow-ups change.
            if seen and all(seen.get(k) == v for k, v in current.items() if k != "as_of"):
                continue
            made = entries(s, root, updates, as_of, redactors[s.unit])
            if seen:
                index.delete(seen["ids"])
            index.add(made)
            fields = sorted({e.field for e in made if e.field})  # a unit's own fields too (linh_vuc_bo_sung)
            known[session_id] = {**current, "ids": [e.id for e in made], "fields": fields}
            read += 1
        index.commit()
        _write_state(
            index_dir,
            {"version": STATE_VERSION, "engine": index.engine_name, "root": str(root.resolve()), "sessions": known},
        )
        return Update(len(sealed), read, len(gone), index.count(), reason)
    except BaseException:
        with contextlib.suppress(Exception):  # the first failure is the one to report
            index.rollback()
        raise
    finally:
        index.close()
