"""``data/ho-so.json``: the hồ sơ's metadata, readable by any program without hoso.

Field names are the machine names of Nghị định 30/2020 Phụ lục VI (the standard for electronic records
systems, also used by Thông tư 02/2019/TT-BNV): FileCode, OrganId, FileCatalog, FileNotation, Title,
Maintenance, Rights, Creator, Language, StartDate, EndDate, DocTotal, PageTotal, Description for the
hồ sơ; DocOrdinal, TypeName, CodeNumber, CodeNotation, IssuedDate, OrganName, Subject, PageAmount,
SignerInfo for each document. hoso adds what the standard leaves out (the sheet numbers, the session,
the file names in the bag) and the source record itself. ``schemas/ho-so.schema.json`` describes
every field in Vietnamese; archive/README.md explains them.

This module is the file's one owner: ``build``/``dumps`` write it at sealing, ``read`` gives it back as
a ``SealedDossier``. Later stages (the index, the web pages) read sealed hồ sơ only through ``read``.
A sealed hồ sơ never changes, so ``read`` understands every format hoso has written: format 1 (hoso
0.1) kept the session's texts and petitions only in the sealed record, which is read here with the
record keys of that time, frozen, never with today's record parser.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..formatting import UNKNOWN, is_unknown, iso
from ..record.model import Answer, Person, Petition

if TYPE_CHECKING:
    from .dossier import Dossier, Item

FORMAT_VERSION = 2
FILE_NAME = "ho-so.json"  # in the bag's data/ folder
DOSSIER_PDF = "ho-so.pdf"  # the whole hồ sơ, as issued: for those allowed to see petitioners' personal data
PUBLIC_PDF = "ho-so-cong-khai.pdf"  # the same hồ sơ with petitioners named by place only (format 2 on)
SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "ho-so.schema.json"
LANGUAGE = "Tiếng Việt"
PUBLIC = "công khai"  # chế độ sử dụng of a hồ sơ anyone may read


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def document_entry(
    item: Item,
    pages: int,
    first_sheet: int | None,
    dossier_first_page: int | None,
    files: dict[str, str],
    public_first_page: int | None = None,
    public_sheets: list[str] | None = None,
    *,
    note: str | None = None,
    reading: dict[str, Any] | None = None,
    signatures: list[dict[str, Any]] | None = None,
    withheld: bool = False,
) -> dict[str, Any]:
    """One document of ho-so.json. ``Files`` names the bag's files (``goc``: the office's file, byte for byte);
    ``TextSource`` says how a scan's text was read (OCR: engine, language, pages it could not read) — its
    pages in the dossier PDF are that OCR rendition; ``DigitalSignatures`` holds the check of each digital
    signature of a signed original; ``PublicWithheld`` marks a document left out of the public dossier."""
    entry = {
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
        "PublicDossierPage": public_first_page,
        "PublicSheets": public_sheets or [],
        "SignerInfo": {"Position": item.signer.position, "FullName": item.signer.name} if item.signer else None,
        "Origin": "hoso" if item.composed is not None else "văn phòng",
        "IssuedAs": item.issued_as,
        "Files": files,
        "Description": (item.note if note is None else note) or None,
    }
    if reading is not None:
        entry["TextSource"] = reading
    if signatures:
        entry["DigitalSignatures"] = signatures
    if withheld:
        entry["PublicWithheld"] = True
    return entry


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
    not_issued: Sequence[tuple[str, str]] = (),
    unknown: Sequence[str] = (),
    dossier_signatures: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    s, u = dossier.session, dossier.unit
    meta: dict[str, Any] = {
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
            "DossierPdf": f"data/{DOSSIER_PDF}",
            "PublicDossierPdf": f"data/{PUBLIC_PDF}",
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
            "Start": iso(s.start),
            "End": iso(s.end),
            "Location": s.location,
            "Form": s.form,
            "Topic": s.topic,
            "Chairs": [{"FullName": c.name, "Position": c.title} for c in s.chairs],
            "CoOrganisers": list(s.co_organisers),
            "PublicConcernReport": s.public_concern_report,
            "FurtherExchange": s.further_exchange,
            "Conclusion": s.conclusion,
            "Publication": s.publication,
            "Petitions": [_petition(p) for p in s.petitions],
            "PetitionTotal": len(s.petitions),
            "Restricted": s.restricted,
        },
        "Documents": documents,
        "NotIssued": [{"RecordType": kind, "Reason": reason} for kind, reason in not_issued],
        "UnknownFacts": list(unknown),
        "SourceRecord": source,
    }
    if dossier_signatures:  # the office's own digital signature on each dossier PDF, by file
        meta["File"]["DossierSignatures"] = {f"data/{name}": sig for name, sig in dossier_signatures.items()}
    return meta


def _petition(p: Petition) -> dict[str, Any]:
    return {
        "Id": p.id,
        "RaisedBy": p.raised_by,
        "Address": p.address,
        "Field": p.field,
        "Content": p.content,
        "Answer": {"Form": p.answer.form, "By": p.answer.by, "Text": p.answer.text},
        "Agency": p.agency,
        "Deadline": iso(p.deadline),
    }


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validate(metadata: dict[str, Any]) -> list[str]:
    """Problems of ``metadata`` against ``schemas/ho-so.schema.json`` (empty: valid)."""
    import jsonschema  # only sealing validates; reading a sealed hồ sơ needs none of it

    validator = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in validator.iter_errors(metadata)]


def dumps(metadata: dict[str, Any]) -> str:
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"


# --- reading a sealed hồ sơ --------------------------------------------------------------------


class Unreadable(Exception):
    """A bag whose ho-so.json hoso cannot read (damaged, or written by a newer hoso)."""


@dataclass(frozen=True)
class SealedDocument:
    """One document of a sealed hồ sơ (a row of its Mục lục văn bản)."""

    ordinal: int  # DocOrdinal
    type_name: str  # tên loại as listed: "Giấy mời"
    record_type: str  # the record's type: "giấy mời" (or "tệp đính kèm")
    reference: str | None  # số và ký hiệu: "05/GM-UBND"
    issued: dt.date | None
    subject: str
    description: str | None
    pages: int
    first_sheet: int | None
    last_sheet: int | None
    dossier_page: int | None  # its first page in ho-so.pdf, from 1
    public_page: int | None = None  # its first page in ho-so-cong-khai.pdf (format 2)
    public_sheets: tuple[str, ...] = ()  # the sheet label of each of its pages there ("12", "12a")
    withheld: bool = False  # left out of the public dossier (an office file that may name petitioners)
    original: str | None = None  # the office's file in the bag, byte for byte ("data/van-ban/08-bien-ban.pdf")
    signatures: tuple[dict[str, Any], ...] = ()  # DigitalSignatures as checked at sealing
    signer: Person | None = None  # SignerInfo: người ký (FullName) and the signature block's lines (Position)


@dataclass(frozen=True)
class SealedSession:
    """The session a sealed hồ sơ records, as it was when sealed."""

    id: str
    unit: str
    unit_name: str
    date: dt.date
    topic: str
    location: str
    chairs: tuple[Person, ...]
    co_organisers: tuple[str, ...]
    public_concern_report: str | None
    further_exchange: str | None
    conclusion: str | None
    publication: str | None
    petitions: tuple[Petition, ...]


@dataclass(frozen=True)
class SealedDossier:
    """A sealed version of a hồ sơ, from its ho-so.json."""

    bag: Path
    format_version: int
    code: str  # FileCode
    notation: str  # FileNotation
    title: str
    rights: str  # chế độ sử dụng
    session: SealedSession
    documents: tuple[SealedDocument, ...]
    dossier_signatures: dict[str, dict[str, Any]] = field(default_factory=dict)  # bag path -> the office's signature

    @property
    def restricted(self) -> bool:
        return self.rights != PUBLIC

    @property
    def pdf(self) -> Path:
        return self.bag / "data" / DOSSIER_PDF

    @property
    def public_pdf(self) -> Path | None:
        """The public dossier; None for a hồ sơ sealed before there was one (format 1)."""
        return self.bag / "data" / PUBLIC_PDF if self.format_version >= 2 else None


def path_in(bag: Path) -> Path:
    return bag / "data" / FILE_NAME


def read_rights(bag: Path) -> str:
    """The chế độ sử dụng of a sealed version (the one field a page needs before serving its PDF)."""
    try:
        return str(json.loads(path_in(bag).read_text(encoding="utf-8"))["File"]["Rights"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise Unreadable(f"{path_in(bag)}: {e}") from None


def read(bag: Path) -> SealedDossier:
    """The sealed hồ sơ version at ``bag``, in any format hoso has written; Unreadable if it cannot be read."""
    path = path_in(bag)
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        version = meta["FormatVersion"]
        if version == 1:
            session = _session_format_1(meta["Session"], meta["SourceRecord"]["Data"])
        elif version == 2:
            session = _session_format_2(meta["Session"])
        else:
            raise Unreadable(f"{path}: định dạng {version} mới hơn phiên bản hoso này; hãy cập nhật hoso")
        f = meta["File"]
        return SealedDossier(
            bag=bag,
            format_version=version,
            code=f["FileCode"],
            notation=f["FileNotation"],
            title=f["Title"],
            rights=f["Rights"],
            session=session,
            documents=tuple(_document(d) for d in meta["Documents"]),
            dossier_signatures=dict(f.get("DossierSignatures") or {}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise Unreadable(f"{path}: {type(e).__name__}: {e}") from None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _document(d: dict[str, Any]) -> SealedDocument:
    return SealedDocument(
        ordinal=d["DocOrdinal"],
        type_name=d["TypeName"],
        record_type=d["RecordType"],
        reference=d["Reference"],
        issued=_day(d["IssuedDate"]),
        subject=d["Subject"],
        description=d["Description"],
        pages=d["PageAmount"],
        first_sheet=d["FirstSheet"],
        last_sheet=d["LastSheet"],
        dossier_page=d["DossierPage"],
        public_page=d.get("PublicDossierPage"),
        public_sheets=tuple(d.get("PublicSheets", ())),
        withheld=bool(d.get("PublicWithheld", False)),
        original=(d.get("Files") or {}).get("goc"),
        signatures=tuple(d.get("DigitalSignatures", ())),
        signer=_signer(d.get("SignerInfo")),
    )


def _signer(info: dict[str, Any] | None) -> Person | None:
    if not info or not info.get("FullName"):
        return None
    return Person(str(info["FullName"]), str(info.get("Position") or ""))


def _session_format_2(s: dict[str, Any]) -> SealedSession:
    day = dt.date.fromisoformat(s["Date"])
    petitions = tuple(
        Petition(
            id=p["Id"],
            session_id=s["Id"],
            unit=s["Unit"],
            raised_by=p["RaisedBy"],
            address=p["Address"],
            field=p["Field"],
            content=p["Content"],
            answer=Answer(p["Answer"]["Form"], p["Answer"]["By"], p["Answer"]["Text"]),
            agency=p["Agency"],
            deadline=UNKNOWN if is_unknown(p["Deadline"]) else _day(p["Deadline"]),
            session_date=day,
        )
        for p in s["Petitions"]
    )
    return SealedSession(
        id=s["Id"],
        unit=s["Unit"],
        unit_name=s["UnitName"],
        date=day,
        topic=s["Topic"],
        location=s["Location"],
        chairs=tuple(Person(c["FullName"], c["Position"]) for c in s["Chairs"]),
        co_organisers=tuple(s["CoOrganisers"]),
        public_concern_report=s["PublicConcernReport"],
        further_exchange=s["FurtherExchange"],
        conclusion=s["Conclusion"],
        publication=s["Publication"],
        petitions=petitions,
    )


def _session_format_1(s: dict[str, Any], record: dict[str, Any]) -> SealedSession:
    """Format 1 copied the session record as written (SourceRecord.Data) but not its texts or petitions.
    They are read from it with the record keys of hoso 0.1, written out here and never to change."""
    day = dt.date.fromisoformat(s["Date"])
    petitions = tuple(
        Petition(
            id=p["ma"],
            session_id=s["Id"],
            unit=s["Unit"],
            raised_by=p["nguoi_neu"]["ho_ten"],
            address=p["nguoi_neu"].get("dia_chi"),
            field=p["linh_vuc"],
            content=p["noi_dung"],
            answer=Answer(p["tra_loi"]["hinh_thuc"], p["tra_loi"].get("nguoi_tra_loi"), p["tra_loi"].get("noi_dung")),
            agency=p.get("co_quan_giai_quyet"),
            deadline=_day(p.get("han_giai_quyet")),
            session_date=day,
        )
        for p in record.get("kien_nghi", [])
    )
    return SealedSession(
        id=s["Id"],
        unit=s["Unit"],
        unit_name=s["UnitName"],
        date=day,
        topic=s["Topic"],
        location=s["Location"],
        chairs=tuple(Person(c["FullName"], c["Position"]) for c in s["Chairs"]),
        co_organisers=tuple(record.get("phoi_hop", ())),
        public_concern_report=record.get("bao_cao_du_luan"),
        further_exchange=record.get("trao_doi_them"),
        conclusion=record.get("ket_luan"),
        publication=record.get("cong_khai_ket_qua"),
        petitions=petitions,
    )
