"""Has a session's hồ sơ changed since it was sealed? A fingerprint of what the office supplied.

Kept apart from the building code so that an archive run with nothing to do reads the records, hashes
a few files and stops, without loading the document renderers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from ..record.model import RecordSet, Session
from .bag import sha256_of

# Bump when a change to hoso must give every hồ sơ a new version; a change to wording or templates
# alone does not (a sealed hồ sơ stays as it was sealed).
ARCHIVE_FORMAT = 1


def _plain(value: Any, folder: Path | None = None) -> Any:
    """Dataclasses as JSON-ready data, without where the records happen to be stored."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name), folder) for f in dataclasses.fields(value) if f.name != "path"}
    if isinstance(value, dict):
        return {str(k): _plain(v, folder) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, folder) for v in value]
    if isinstance(value, Path):
        return value.relative_to(folder).as_posix() if folder and value.is_relative_to(folder) else value.name
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def _previous_session(records: RecordSet, session: Session) -> Session | None:
    earlier = [s for s in records.sessions if s.unit == session.unit and s.date < session.date]
    return max(earlier, key=lambda s: (s.date, s.id)) if earlier else None


def fingerprint(records: RecordSet, session: Session) -> str:
    """SHA-256 of everything the office supplied that this hồ sơ is made from: the session record, the
    unit, the year's plan, the previous session and the follow-ups its report draws on, and the bytes
    of every attached file. hoso's own code and templates are left out on purpose (see ARCHIVE_FORMAT)."""
    unit = records.units[session.unit]
    plan = next((p for p in records.plans if p.unit == unit.code and p.year == session.date.year), None)
    previous = _previous_session(records, session)
    last_day = max([session.date] + [d.date for d in session.documents if d.date])
    follow = []
    if previous is not None:
        ids = {p.id for p in previous.petitions}
        follow = [f for f in records.followups if f.petition_id in ids and f.date <= last_day]
    files = [d.file for d in session.documents if d.file] + [a.file for a in session.attachments]
    inputs = {
        "format": ARCHIVE_FORMAT,
        "session": _plain(session, session.folder),
        "unit": _plain(unit),
        "plan": _plain(plan),
        "previous": _plain(previous, previous.folder if previous else None),
        "followups": _plain(follow),
        "files": {f.relative_to(session.folder).as_posix(): sha256_of(f) for f in files},
    }
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
