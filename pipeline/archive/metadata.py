"""``data/ho-so.json``: the hồ sơ's metadata, readable by any program without hoso.

Field names are the machine names of Nghị định 30/2020 Phụ lục VI (the standard for electronic records
systems, also used by Thông tư 02/2019/TT-BNV): FileCode, OrganId, FileCatalog, FileNotation, Title,
Maintenance, Rights, Creator, Language, StartDate, EndDate, DocTotal, PageTotal, Description for the
hồ sơ; DocOrdinal, TypeName, CodeNumber, CodeNotation, IssuedDate, OrganName, Subject, PageAmount,
SignerInfo for each document. hoso adds what the standard leaves out (the sheet numbers, the session,
the file names in the bag) and the source record itself. ``schemas/ho-so.schema.json`` describes
every field in Vietnamese; archive/README.md explains them.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .dossier import Dossier, Item

FORMAT_VERSION = 1
SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "ho-so.schema.json"
LANGUAGE = "Tiếng Việt"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def document_entry(item: Item, pages: int, first_sheet: int | None, dossier_first_page: int | None, files: dict[str, str]) -> dict[str, Any]:
    return {
        "DocOrdinal": item.order,
        "TypeName": item.type_name,
        "RecordType": item.record_type,
        "CodeNumber": f"{item.number:02d}" if item.number is not None else None,
        "CodeNotation": item.notation,
        "Reference": item.reference or None,
        "IssuedDate": _date(item.date),
        "OrganName": item.author,
        "Subject": item.subject,
        "Language": LANGUAGE,
        "PageAmount": pages,
        "FirstSheet": first_sheet,
        "LastSheet": first_sheet + pages - 1 if first_sheet is not None and pages else None,
        "DossierPage": dossier_first_page,
        "SignerInfo": {"Position": item.signer.position, "FullName": item.signer.name} if item.signer else None,
        "Origin": "hoso" if item.composed is not None else "văn phòng",
        "Files": files,
        "Description": item.note or None,
    }


def build(
    dossier: Dossier,
    documents: list[dict[str, Any]],
    *,
    sheets: int,
    index_sheets: int,
    dossier_pages: int,
    description: str,
    closed_on: dt.date,
    version: int,
    previous: str | None,
    fingerprint: str,
    source: dict[str, Any],
) -> dict[str, Any]:
    s, u = dossier.session, dossier.unit
    return {
        "FormatVersion": FORMAT_VERSION,
        "File": {
            "FileCode": dossier.code,
            "OrganId": u.organ_id,
            "FileCatalog": dossier.year,
            "FileNotation": dossier.notation,
            "Title": dossier.title,
            "Maintenance": dossier.retention,
            "Rights": dossier.access,
            "Creator": dossier.creator or None,
            "Language": LANGUAGE,
            "StartDate": dossier.start.isoformat(),
            "EndDate": dossier.end.isoformat(),
            "DocTotal": len(dossier.items),
            "PageTotal": sheets,
            "Description": description,
            "FondName": u.fonds.name,
            "FondNumber": u.fonds.number,
            "CatalogueNumber": u.fonds.catalogue,
            "SheetTotal": sheets,
            "IndexSheets": index_sheets,
            "DossierPdf": "data/ho-so.pdf",
            "DossierPdfPages": dossier_pages,
            "ClosedOn": closed_on.isoformat(),
            "Version": version,
            "PreviousVersion": previous,
            "Fingerprint": fingerprint,
        },
        "Session": {
            "Id": s.id,
            "Unit": u.code,
            "UnitName": u.name,
            "Kind": u.kind,
            "Level": u.level,
            "Profile": u.profile,
            "Date": s.date.isoformat(),
            "Start": s.start.strftime("%H:%M"),
            "End": s.end.strftime("%H:%M") if s.end else None,
            "Location": s.location,
            "Form": s.form,
            "Topic": s.topic,
            "Chairs": [{"FullName": c.name, "Position": c.title} for c in s.chairs],
            "PetitionTotal": len(s.petitions),
            "Restricted": s.restricted,
        },
        "Documents": documents,
        "SourceRecord": source,
    }


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validate(metadata: dict[str, Any]) -> list[str]:
    """Problems of ``metadata`` against ``schemas/ho-so.schema.json`` (empty: valid)."""
    validator = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in validator.iter_errors(metadata)]


def dumps(metadata: dict[str, Any]) -> str:
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
