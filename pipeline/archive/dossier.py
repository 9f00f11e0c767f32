"""What a session's hồ sơ holds, in order: the plain data the archive stage works from.

ND30 Art. 29 wants the documents of a hồ sơ in the order of the work. For a dialogue session that is
the plan, the convocations, the rules and programme, the two reports, the speeches, the minutes, the
conclusion notice, then any other material and the photos (seed 001 §2.3 lists the same contents).
Each entry here becomes one row of the Mục lục văn bản and one bookmark of the dossier PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import doctypes
from ..documents.model import ComposedDocument
from ..formatting import running_name, vn_date
from ..profile import Profile, load_profile
from ..record.model import ELECTRONIC, SIGNED_COPY, RecordSet, Session, Unit
from ..text import fold
from . import ocr, signatures

# The office's attached files (photos, recordings, material) come after every document (doctypes' ranks).
ATTACHMENT = "tệp đính kèm"
ATTACHMENT_RANK = 1 + max(t.rank for t in doctypes.TYPES if t.rank is not None)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"}
# Office files hoso can turn into PDF pages with LibreOffice, after checking they link to nothing outside.
OFFICE_SUFFIXES = {".docx", ".odt"}
AUDIO_SUFFIXES = {".mp3", ".m4a", ".wav", ".ogg", ".amr", ".aac", ".wma"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".3gp", ".wmv"}


@dataclass(frozen=True)
class SignerInfo:
    """Người ký as ND30 Phụ lục VI records it (SignerInfo)."""

    position: str  # chức vụ, with the authority line when there is one (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)
    name: str


@dataclass(frozen=True)
class Item:
    """Một văn bản, tài liệu of the hồ sơ: one row of the Mục lục văn bản."""

    order: int  # thứ tự trong hồ sơ, from 1 (DocOrdinal)
    record_type: str  # the record's type ("giấy mời"), or "tệp đính kèm"
    type_name: str  # tên loại as listed ("Giấy mời", "Ảnh")
    slug: str  # file names in the bag: "02-giay-moi"
    reference: str  # số và ký hiệu ("05/GM-UBND"), "" if none
    number: int | None
    notation: str | None
    date: dt.date | None
    author: str  # tác giả: the issuing body, or the speaker
    subject: str  # trích yếu nội dung
    signer: SignerInfo | None
    composed: ComposedDocument | None  # drafted by hoso
    source: Path | None  # the office's own file, kept as given
    kind: str  # "hoso" (composed), "pdf", "image", "office", "other" (kept but not printable)
    note: str = ""  # ghi chú
    issued_as: str | None = None  # a document the unit issued: its signed original, or hoso's electronic rendering
    form: str | None = None  # an office file that is a SCAN (read by OCR) or DIGITALLY_SIGNED (kept, checked)

    @property
    def printable(self) -> bool:
        return self.kind != "other"


@dataclass(frozen=True)
class Dossier:
    """Hồ sơ: the fields of its cover, Mục lục and metadata, and its items in order."""

    session: Session
    unit: Unit
    profile: Profile
    title: str  # tiêu đề hồ sơ (≤ 500 characters)
    notation: str  # số và ký hiệu hồ sơ (FileNotation)
    code: str  # mã hồ sơ = mã định danh . năm . số và ký hiệu hồ sơ
    year: int  # năm hình thành hồ sơ
    start: dt.date  # thời gian bắt đầu
    end: dt.date  # thời gian kết thúc
    retention: str  # thời hạn bảo quản
    access: str  # chế độ sử dụng
    creator: str  # người lập hồ sơ
    items: tuple[Item, ...]


# (suffixes, how the Mục lục names such a file, what it is for printing)
_FILE_KINDS = (
    ({".pdf"}, "Tài liệu", "pdf"),
    (IMAGE_SUFFIXES, "Ảnh", "image"),
    (OFFICE_SUFFIXES, "Tài liệu", "office"),
    (AUDIO_SUFFIXES, "Ghi âm", "other"),
    (VIDEO_SUFFIXES, "Ghi hình", "other"),
)


def _classify(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    return next(((name, kind) for suffixes, name, kind in _FILE_KINDS if suffix in suffixes), ("Tài liệu", "other"))


def kind_of(path: Path) -> str:
    """ "pdf", "image", "office" (DOCX/ODT) or "other" (kept as it is, not printable)."""
    return _classify(path)[1]


SCAN, DIGITALLY_SIGNED = "bản quét", "bản ký số"


def form_of(path: Path, kind: str) -> str | None:
    """An office file's form: a digitally signed PDF (never rewritten, its signatures checked), a scan
    (an image, or a PDF of page images: read by OCR so that it can be searched), or neither."""
    if kind == "image":
        return SCAN
    if kind == "pdf":
        if signatures.is_signed(path):
            return DIGITALLY_SIGNED
        if ocr.is_scan(path):
            return SCAN
    return None


def _unprintable_note(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES | VIDEO_SUFFIXES:
        return f"Tệp {suffix[1:]} lưu kèm hồ sơ, không in"
    return f"Tệp {suffix[1:] or 'không đuôi'} lưu nguyên như văn phòng cung cấp, không chuyển được thành trang PDF"


def _signer_of(composed: ComposedDocument) -> SignerInfo | None:
    if not composed.signatures:  # issued with another document (the nội quy): that one's signer signs it
        return None
    s = composed.signatures[-1]  # the chair signs a biên bản on the right; every other document has one signer
    position = f"{s.authority} / {s.title}" if s.authority else s.title
    return SignerInfo(position, s.name) if s.name else None


def _slug(fields: dict) -> str:
    """A file name's type part: the record's type ("giay-moi"), or for an attachment what it is ("anh")."""
    name = fields["type_name"] if fields["record_type"] == ATTACHMENT else fields["record_type"]
    return fold(name).replace(" ", "-")


SIGNED_NOTE = "Bản đã ký, đóng dấu"
# hoso's rendering, issued as such by the office (ban_hanh: bản điện tử); IssuedAs in ho-so.json says the same
ELECTRONIC_NOTE = "Bản điện tử (không có bản ký)"


def _issued(doc_type: str) -> bool:
    """A type hoso could draft, so the office's file of it is the signed original it issued."""
    return doctypes.get(doc_type).drafted


def default_subject(doc_type: str, session: Session) -> str:
    """The trích yếu of an office's signed copy the record gives none for: "Biên bản buổi … ngày 29/9/2026"."""
    kind = doctypes.get(doc_type).listed_as
    return f"{kind} buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(session.date)}"


def title_of(session: Session, unit: Unit) -> str:
    chair = session.chairs[0]
    title = (
        f"Hồ sơ buổi tiếp xúc, đối thoại trực tiếp giữa {chair.title} với Nhân dân "
        f"ngày {vn_date(session.date)}: {session.topic}"
    )
    return title if len(title) <= 500 else title[:499] + "…"


def assemble(records: RecordSet, session: Session, composed: list[ComposedDocument]) -> Dossier:
    """The hồ sơ of ``session``: hoso's drafts (``composed``), the office's files, the photos, in order."""
    unit = records.units[session.unit]
    profile = load_profile(unit.profile)
    issuer = running_name(unit)
    rows: list[tuple[int, int, dict]] = []  # (rank, position in the record, fields) before numbering

    def add(
        record_type: str,
        *,
        type_name: str | None = None,
        number=None,
        notation=None,
        date=None,
        author=issuer,
        subject: str,
        signer=None,
        composed=None,
        source=None,
        kind: str,
        note: str = "",
        issued_as: str | None = None,
        form: str | None = None,
    ) -> None:
        rank = ATTACHMENT_RANK if record_type == ATTACHMENT else doctypes.get(record_type).rank
        if rank is None:  # a bug: the registry gives every type a record may list its place in the hồ sơ
            raise ValueError(f"{record_type}: not a document type of a hồ sơ")
        rows.append(
            (
                rank,
                len(rows),
                dict(
                    record_type=record_type,
                    type_name=type_name or doctypes.get(record_type).listed_as,
                    reference=profile.reference(notation, number),
                    number=number,
                    notation=notation,
                    date=date,
                    author=author,
                    subject=subject,
                    signer=signer,
                    composed=composed,
                    source=source,
                    kind=kind,
                    note=note,
                    issued_as=issued_as,
                    form=form,
                ),
            )
        )

    for doc in composed:
        missing = doc.number is None and doctypes.get(doc.doc_type).always_numbered
        issued = ELECTRONIC_NOTE if doc.doc_type != "kế hoạch" else ""
        add(
            doc.doc_type,
            number=doc.number,
            notation=doc.notation,
            date=doc.date,
            subject=doc.subject,
            signer=_signer_of(doc),
            composed=doc,
            kind="hoso",
            note="; ".join(n for n in ("Chưa ghi số văn bản" if missing else "", issued) if n),
            issued_as=ELECTRONIC,
        )
    for entry in session.documents:
        if entry.file is None:
            continue
        # the holder of the post on the document's date (undated: the session's day)
        signer = unit.signer_on(entry.signer, entry.date or session.date) if entry.signer in unit.posts else None
        kind = kind_of(entry.file)
        add(
            entry.type,
            number=entry.number,
            date=entry.date,
            author=entry.author or issuer,
            subject=entry.subject or default_subject(entry.type, session),
            notation=profile.notation(entry.type, unit.abbreviation, entry.notation) if entry.number else None,
            signer=SignerInfo(signer.title, signer.name) if signer else None,
            source=entry.file,
            kind=kind,
            form=form_of(entry.file, kind),
            note=_unprintable_note(entry.file) if kind == "other" else SIGNED_NOTE if _issued(entry.type) else "",
            issued_as=SIGNED_COPY if _issued(entry.type) else None,
        )
    for attachment in session.attachments:
        type_name, kind = _classify(attachment.file)
        add(
            ATTACHMENT,
            type_name=type_name,
            date=session.date,
            subject=attachment.description,
            source=attachment.file,
            kind=kind,
            form=form_of(attachment.file, kind),
            note=_unprintable_note(attachment.file) if kind == "other" else "",
        )

    rows.sort(key=lambda r: (r[0], r[1]))
    items = tuple(Item(order=n, slug=f"{n:02d}-{_slug(fields)}", **fields) for n, (_, _, fields) in enumerate(rows, 1))
    dates = [it.date for it in items if it.date] + [session.date]
    notation = session.file_notation or session.id
    return Dossier(
        session=session,
        unit=unit,
        profile=profile,
        title=title_of(session, unit),
        notation=notation,
        code=f"{unit.organ_id}.{session.date.year}.{notation}",
        year=session.date.year,
        start=min(dates),
        end=max(dates),
        retention=session.retention,
        access=session.access,
        creator=session.creator or "",
        items=items,
    )
