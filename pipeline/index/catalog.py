"""The archive as search entries, and keeping an index in step with it (`hoso index`).

The archive is the source of truth. For every session, its latest sealed version gives:

- one entry for the session (buổi): topic, place, chairs, the reports and the conclusion;
- one entry per document (văn bản): its text, page by page from the dossier PDF, so that a hit can
  name the sheet its words are on;
- one entry per petition (kiến nghị): content, answer, agency, deadline, and its current status from
  the unit's follow-up snapshot (``<unit>/theo-doi-kien-nghi.json``).

Petitioners' names and addresses are personal data: they go only into ``Entry.personal`` (searched and
shown only when allowed); where a document's text names a petitioner (the biên bản does), the name is
masked in ``Entry.text``. Entries of a restricted hồ sơ are marked restricted.

The index is updated incrementally: ``state.json`` in the index folder records, per session, the bag
it was read from (with its tag manifest's checksum, which changes when any file of the bag does) and
the entry ids made from it; per unit, the follow-up snapshot's checksum. Only what changed is read
again. An index that cannot be used as it is (other version, damaged) is rebuilt from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import followup
from ..documents.compose import citizen, vn_date
from ..record.model import AnswerDocument, FollowUp, Session, build_session
from ..archive.store import versions
from . import analysis
from .engine import DEFAULT_ENGINE, Entry, IndexUnusable, SearchIndex, create_index, open_index

STATE = "state.json"
STATE_VERSION = 1
MASK = "[người nêu ý kiến]"


@dataclass(frozen=True)
class SealedSession:
    """The latest sealed version of one session in the archive."""

    session_id: str
    unit: str
    bag: Path
    digest: str  # SHA-256 of its tag manifest: any change to the bag changes it

    def relative(self, root: Path) -> str:
        return self.bag.relative_to(root).as_posix()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sealed_sessions(root: Path) -> dict[str, SealedSession]:
    """Every session in the archive, by id, at its latest version."""
    out: dict[str, SealedSession] = {}
    for unit in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []:
        for folder in sorted(unit.glob("*/*")):
            found = versions(folder)
            if not found:
                continue
            bag = folder / f"v{found[-1]}"
            try:
                meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
                digest = _sha(bag / "tagmanifest-sha256.txt")
            except (OSError, ValueError):
                continue  # not a hồ sơ hoso can read: `hoso verify` reports it
            session_id = meta["Session"]["Id"]
            out[session_id] = SealedSession(session_id, unit.name, bag, digest)
    return out


def followup_snapshot(root: Path, unit: str) -> tuple[str, list[FollowUp]]:
    """(checksum, follow-ups) of the unit's snapshot in the archive; ("", []) if there is none."""
    path = root / unit / "theo-doi-kien-nghi.json"
    if not path.is_file():
        return "", []
    raw = path.read_bytes()
    data = json.loads(raw)
    updates = [
        FollowUp(
            petition_id=u["PetitionId"], unit=unit, date=dt.date.fromisoformat(u["Date"]), status=u["Status"],
            document=AnswerDocument(u["Document"]["Reference"], dt.date.fromisoformat(u["Document"]["Date"]),
                                    u["Document"].get("Issuer"), u["Document"].get("Subject")) if u.get("Document") else None,
            text=u.get("Text"), path=path,
        )  # fmt: skip
        for u in data["FollowUps"]
    ]
    return hashlib.sha256(raw).hexdigest(), updates


# --- entries -------------------------------------------------------------------------------------


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _page_texts(pdf_path: Path, first: int, count: int) -> list[str]:
    """The text of pages [first, first + count) of a PDF (0-based), NFC, whitespace folded."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        return [_flat(unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range())) for i in range(first, first + count)]
    finally:
        pdf.close()


def _mask(text: str, names: list[str]) -> str:
    for name in names:
        if name:
            text = text.replace(name, MASK)
    return text


def entries(sealed: SealedSession, root: Path, updates: list[FollowUp], as_of: dt.date) -> list[Entry]:
    """The entries of one sealed session."""
    meta = json.loads((sealed.bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    session: Session = build_session(meta["SourceRecord"]["Data"], sealed.bag / meta["SourceRecord"]["Path"])
    f, s = meta["File"], meta["Session"]
    restricted = f["Rights"] != "công khai"
    chairs = "; ".join(c.name for c in session.chairs)
    base = dict(unit=s["Unit"], unit_name=s["UnitName"], date=session.date, year=session.date.year, chair=chairs, restricted=restricted)
    where = {"hoso": sealed.relative(root), "code": f["FileCode"], "notation": f["FileNotation"], "session": session.id, "title": f["Title"]}
    names = [p.raised_by for p in session.petitions]
    out = [
        Entry(
            id=session.id,
            level="buổi",
            title=f"Buổi tiếp xúc, đối thoại ngày {vn_date(session.date)}: {session.topic}",
            text=_mask(" ".join(_flat(t) for t in (
                session.topic, session.location, "Chủ trì: " + "; ".join(f"{c.name}, {c.title}" for c in session.chairs),
                "; ".join(session.co_organisers), session.public_concern_report, session.further_exchange,
                session.conclusion, session.publication,
            ) if t), names),  # fmt: skip
            doc_type=None,
            stored={**where, "page": 1, "sheet": None},
            **base,
        )
    ]
    minutes = None
    for d in meta["Documents"]:
        pages = _page_texts(sealed.bag / "data" / "ho-so.pdf", d["DossierPage"] - 1, d["PageAmount"]) if d["PageAmount"] else []
        offsets, text = [], ""
        for page in pages:
            offsets.append(len(text))
            text += _mask(page, names) + "\n"
        if not pages:
            text = _flat(f"{d['Subject']} {d['Description'] or ''}")
        reference = f" {d['Reference']}" if d["Reference"] else ""
        entry = Entry(
            id=f"{session.id}/{d['DocOrdinal']:02d}",
            level="văn bản",
            title=f"{d['TypeName']}{reference}: {d['Subject']}",
            text=text.strip(),
            doc_type=d["TypeName"],
            personal="; ".join(n for n in names if n and n in "".join(pages)) or None,
            stored={**where, "page": d["DossierPage"], "sheet": d["FirstSheet"], "sheets": [d["FirstSheet"], d["LastSheet"]],
                    "page_offsets": offsets, "reference": d["Reference"], "document": d["DocOrdinal"]},  # fmt: skip
            **{**base, "date": dt.date.fromisoformat(d["IssuedDate"]) if d["IssuedDate"] else session.date},
        )
        entry.year = entry.date.year
        out.append(entry)
        if d["RecordType"] == "biên bản":
            minutes = d
    by_petition: dict[str, list[FollowUp]] = {}
    for u in updates:
        by_petition.setdefault(u.petition_id, []).append(u)
    for p in session.petitions:
        status = followup.petition_status(p, by_petition.get(p.id, []), as_of)
        latest = status.last_update
        parts = [p.content, f"Trả lời: {p.answer.text}" if p.answer.text else "", f"Cơ quan giải quyết: {p.agency}" if p.agency else "",
                 f"Kết quả: {latest.text}" if latest and latest.text else "",
                 f"Văn bản trả lời số {latest.document.notation}" if latest and latest.document else ""]  # fmt: skip
        out.append(
            Entry(
                id=p.id,
                level="kiến nghị",
                title=f"Ý kiến của {citizen(p)} ({p.field}), buổi ngày {vn_date(p.session_date)}",
                text=_mask(" ".join(_flat(x) for x in parts if x), names),
                field=p.field,
                status=status.status,
                deadline=p.deadline,
                closed=status.closed,
                personal="; ".join(x for x in (p.raised_by, p.address) if x),
                stored={**where, "page": minutes["DossierPage"] if minutes else 1, "sheet": minutes["FirstSheet"] if minutes else None,
                        "agency": p.agency, "deadline": p.deadline.isoformat() if p.deadline else None, "answered_at_session": p.answer.at_session},  # fmt: skip
                **base,
            )
        )
    return out


def sheet_of(hit_text: str, stored: dict[str, Any], query: analysis.ParsedQuery) -> int | None:
    """The sheet the hit's words are on: the document's first sheet plus the page of the best match."""
    first = stored.get("sheet")
    offsets = stored.get("page_offsets") or []
    if first is None or not offsets:
        return first
    anchor = analysis.match_offset(hit_text, query)
    if anchor is None:
        return first
    page = max(i for i, start in enumerate(offsets) if start <= anchor)
    return first + page


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


def _write_state(index_dir: Path, state: dict[str, Any]) -> None:
    tmp = index_dir / f".{STATE}.{os.getpid()}"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / STATE)


def update(root: Path, index_dir: Path, engine: str | None = None, rebuild: bool = False, as_of: dt.date | None = None) -> Update:
    """Bring the index in ``index_dir`` in step with the archive at ``root`` (see the module docstring)."""
    as_of = as_of or dt.date.today()
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
    if index is None:
        index = create_index(index_dir, engine or DEFAULT_ENGINE, overwrite=True)
        state = {}
    try:
        sealed = sealed_sessions(root)
        known: dict[str, Any] = state.get("sessions", {})
        snapshots = {unit: followup_snapshot(root, unit) for unit in sorted({s.unit for s in sealed.values()})}
        read = 0
        gone = [session_id for session_id in known if session_id not in sealed]
        for session_id in gone:
            index.delete(known.pop(session_id)["ids"])
        for session_id, s in sorted(sealed.items()):
            digest, updates = snapshots[s.unit]
            seen = known.get(session_id)
            current = {"bag": s.relative(root), "digest": s.digest, "followups": digest, "as_of": as_of.isoformat()}
            # Statuses depend on the day too (a deadline passing changes nothing stored; "chưa giải quyết" does not
            # become overdue by itself), so entries are re-read when the bag or the unit's follow-ups change.
            if seen and all(seen.get(k) == v for k, v in current.items() if k != "as_of"):
                continue
            made = entries(s, root, updates, as_of)
            if seen:
                index.delete(seen["ids"])
            index.add(made)
            known[session_id] = {**current, "ids": [e.id for e in made]}
            read += 1
        index.commit()
        _write_state(index_dir, {"version": STATE_VERSION, "engine": index.engine_name, "root": str(root.resolve()), "sessions": known})
        return Update(len(sealed), read, len(gone), index.count(), reason)
    except BaseException:
        index.rollback()
        raise
    finally:
        index.close()
