"""``<unit>/theo-doi-kien-nghi.json``: the unit's follow-ups, kept beside its sealed hồ sơ.

Follow-ups (kết quả giải quyết) keep coming after a hồ sơ is sealed, so they are not part of any bag.
Each `hoso archive` run rewrites the unit's snapshot (atomically, only when it changed), so the index
can read every petition's current status from the archive alone. This module is the file's one owner:
``write`` and ``read``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..record.model import AnswerDocument, FollowUp, RecordSet

FILE_NAME = "theo-doi-kien-nghi.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    digest: str  # SHA-256 of the file: it changes when any follow-up does ("" when there is no file)
    followups: tuple[FollowUp, ...]


def dumps(records: RecordSet, unit: str) -> str:
    """The unit's follow-ups as JSON, in a stable order (so an unchanged snapshot is not rewritten)."""
    updates = [
        _entry(f) for f in sorted(records.followups, key=lambda f: (f.date, f.petition_id, f.status)) if f.unit == unit
    ]
    return (
        json.dumps({"FormatVersion": FORMAT_VERSION, "Unit": unit, "FollowUps": updates}, ensure_ascii=False, indent=2)
        + "\n"
    )


def _entry(f: FollowUp) -> dict[str, Any]:
    document = None
    if f.document:
        d = f.document
        document = {"Reference": d.notation, "Date": d.date.isoformat(), "Issuer": d.issuer, "Subject": d.subject}
    return {
        "PetitionId": f.petition_id,
        "Date": f.date.isoformat(),
        "Status": f.status,
        "Document": document,
        "Text": f.text,
    }


def write(root: Path, unit: str, text: str) -> bool:
    """Replace the unit's snapshot with ``text`` if it changed (call with the archive's lock held)."""
    target = root / unit / FILE_NAME
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{FILE_NAME}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return True


def read(root: Path, unit: str) -> Snapshot:
    """The unit's snapshot; empty when there is none. ValueError if the file is damaged."""
    path = root / unit / FILE_NAME
    if not path.is_file():
        return Snapshot("", ())
    raw = path.read_bytes()
    data = json.loads(raw)
    updates = []
    for u in data["FollowUps"]:
        d = u.get("Document")
        document = (
            AnswerDocument(d["Reference"], dt.date.fromisoformat(d["Date"]), d.get("Issuer"), d.get("Subject"))
            if d
            else None
        )
        updates.append(
            FollowUp(
                petition_id=u["PetitionId"],
                unit=unit,
                date=dt.date.fromisoformat(u["Date"]),
                status=u["Status"],
                document=document,
                text=u.get("Text"),
                path=path,
            )
        )
    return Snapshot(hashlib.sha256(raw).hexdigest(), tuple(updates))
