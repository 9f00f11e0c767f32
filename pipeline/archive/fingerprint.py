"""Has a session's hồ sơ changed since it was sealed? A fingerprint of what the office supplied.

The fingerprint is taken over the records as the clerk wrote them (their parsed YAML), never over
hoso's own dataclasses: a new version of hoso that reads the same records differently must not
re-issue every sealed hồ sơ. Kept apart from the building code so that an archive run with nothing
to do reads the records, hashes a few files and stops, without loading the document renderers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..record.model import RecordSet, Session
from ..record.source import read
from .bag import sha256_of

# Bump when a change to hoso must give every hồ sơ a new version; a change to wording or templates
# alone does not (a sealed hồ sơ stays as it was sealed).
ARCHIVE_FORMAT = 1
# How the office's files are read into the dossier: 1 = scans read by OCR, digital signatures checked.
READERS = 1


def with_signing(base: str, trust_roots: list[Path], sealing_key: Path | None) -> str:
    """The fingerprint when the office gives trust roots or its own certificate: a new root (a chain now
    verifiable) or signing the dossier gives a new version; without either, the fingerprint is unchanged."""
    if not trust_roots and sealing_key is None:
        return base
    return _digest(
        {
            "base": base,
            "trust_roots": sorted(sha256_of(p) for p in trust_roots),
            "sealing_key": sha256_of(sealing_key) if sealing_key else None,
        }
    )


@lru_cache(maxsize=256)
def _raw(path: Path, mtime_ns: int) -> Any:
    return read(path).data


def raw(path: Path) -> Any:
    """A record file as parsed data (what the clerk wrote, without comments or layout)."""
    return _raw(path, path.stat().st_mtime_ns)


def fingerprint(records: RecordSet, session: Session) -> str:
    """SHA-256 of everything the office supplied that this hồ sơ is made from: the session record, the
    unit, the year's plan, the previous session and the petitions carried over, the follow-ups the
    report on them draws on, and the bytes of every attached file."""
    unit = records.units[session.unit]
    plan = next((p for p in records.plans if p.unit == unit.code and p.year == session.date.year), None)
    previous = records.previous_session(session)  # the same one report 06 reports on
    last_day = max([session.date] + [d.date for d in session.documents if d.date])
    carried = {p.id: p for p in records.petitions() if p.id in session.carried_over}
    reported = {p.id for p in (previous.petitions if previous else ())} | set(carried)
    followups = sorted(
        (
            update
            for path in sorted({f.path for f in records.followups if f.petition_id in reported})
            for update in raw(path).get("cap_nhat", [])
            if update.get("kien_nghi") in reported and dt.date.fromisoformat(update["ngay"]) <= last_day
        ),
        key=lambda u: json.dumps(u, ensure_ascii=False, sort_keys=True),
    )
    origins = {s.path for s in records.sessions if s.id in {p.session_id for p in carried.values()}}
    carried_raw = sorted(
        (p for path in origins for p in raw(path).get("kien_nghi", []) if p.get("ma") in carried), key=lambda p: p["ma"]
    )
    files = [d.file for d in session.documents if d.file] + [a.file for a in session.attachments]
    inputs = {
        "format": ARCHIVE_FORMAT,
        "session": raw(session.path),
        "unit": raw(unit.path),
        "plan": raw(plan.path) if plan else None,
        "previous": raw(previous.path) if previous else None,
        "carried_over": carried_raw,
        "followups": followups,
        "files": {f.relative_to(session.folder).as_posix(): sha256_of(f) for f in files},
    }
    if files:  # hồ sơ with the office's files are sealed again once their scans can be read (OCR)
        from .ocr import missing

        inputs["readers"] = READERS if missing() is None else 0
    return _digest(inputs)


def _digest(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
