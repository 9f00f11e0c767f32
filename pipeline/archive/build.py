"""Building one session's hồ sơ, from its records to a complete bag in the building area.

    compose the documents -> place them in work order with the office's files -> render DOCX + PDF
    -> the office's files as PDF/A pages (scans read by OCR, digital signatures checked)
    -> number the sheets -> Mục lục, cover, chứng từ kết thúc -> the dossier PDF (signed with the
    office's certificate when it gives one) -> ho-so.json -> BagIt manifests

Nothing here touches the archive itself: ``store.publish`` moves the finished bag into place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pypdf import PdfReader

from .. import __version__, doctypes
from ..documents import TemplateProblem, compose_session, docx, pdf
from ..documents.model import ComposedDocument
from ..formatting import is_unknown
from ..record import unit_root
from ..record.model import SIGNED_COPY, RecordSet, Session
from ..record.source import read as read_record
from . import bag, convert, metadata, ocr, pages, pdfa, signatures
from .dossier import ATTACHMENT, DIGITALLY_SIGNED, SCAN, SIGNED_NOTE, Dossier, Item, assemble
from .pages import IndexRow, day, sheet_range
from .plan import ArchiveProblem, BuildPlan, Built


def _sync_tree(root: Path) -> None:
    """Flush every file and folder of ``root`` to disk before it is moved into the archive."""
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _description(dossier: Dossier) -> str:
    """The Ghi chú of the chứng từ kết thúc: what the hồ sơ holds, what was not issued, what is not known."""
    items = dossier.items
    drafted = sum(1 for i in items if i.composed is not None)
    office = sum(1 for i in items if i.composed is None and i.record_type != ATTACHMENT)
    photos = sum(1 for i in items if i.record_type == ATTACHMENT and i.kind == "image")
    kept = sum(1 for i in items if not i.printable)
    parts = [f"{len(items)} văn bản, tài liệu"]
    signed = sum(1 for i in items if i.issued_as == SIGNED_COPY)
    if drafted:
        parts.append(
            f"{drafted} văn bản là bản điện tử lập từ hồ sơ ghi chép, văn phòng xác nhận đã ban hành "
            "(không có bản ký đính kèm)"
        )
    if office:
        of_which = f", trong đó {signed} bản đã ký, đóng dấu" if signed else ""
        parts.append(f"{office} văn bản, tài liệu do văn phòng cung cấp (giữ nguyên tệp gốc{of_which})")
    if photos:
        parts.append(f"{photos} ảnh")
    if kept:
        parts.append(f"{kept} tệp lưu kèm không in được")
    not_issued = [f"{e.type} ({e.not_issued})" for e in dossier.session.documents if e.not_issued is not None]
    if not_issued:
        parts.append("không ban hành: " + "; ".join(not_issued))
    unknown = unknown_facts(dossier.session)
    if unknown:
        parts.append("hồ sơ ghi chép ghi không rõ: " + ", ".join(unknown))
    return "; ".join(parts) + "."


def unknown_facts(session: Session) -> list[str]:
    """The facts of a session its record says nobody wrote down, as a clerk names them."""
    s = session
    facts = [
        ("giờ bắt đầu", is_unknown(s.start)),
        ("giờ kết thúc", is_unknown(s.end)),
        ("địa điểm", is_unknown(s.location)),
        ("số người tham dự", is_unknown(s.attendance)),
    ]
    for p in s.petitions:
        facts += [
            (f"người nêu kiến nghị {p.id}", is_unknown(p.raised_by)),
            (f"câu trả lời kiến nghị {p.id}", not p.answer.known),
            (f"cơ quan giải quyết kiến nghị {p.id}", is_unknown(p.agency)),
            (f"hạn giải quyết kiến nghị {p.id}", is_unknown(p.deadline)),
        ]
    return [name for name, unknown in facts if unknown]


def _bookmark(item: Item) -> str:
    head = f"{item.order}. {item.type_name}"
    if item.reference:
        head += f" {item.reference}"
    subject = item.subject if len(item.subject) <= 90 else item.subject[:89] + "…"
    return f"{head}: {subject}"


# Letters and digits OCR must read in an attached picture for it to count as a scanned document (a letter's
# page has well over 500); a photo's banner or printed caption reads fewer.
DOCUMENT_TEXT = 200


def build(records: RecordSet, session: Session, plan: BuildPlan, closed_at: dt.datetime) -> Built:
    """Build the hồ sơ of ``session`` as a bag in ``plan.work / v<version>``."""
    composed = compose_session(records, session)
    unfinished = [d.stem for d in composed if d.draft or d.unknown]
    if unfinished:  # never sealed as the record: `hoso archive` checks this first and says what to do
        raise ArchiveProblem(
            f"{session.id}: {', '.join(unfinished)} chưa ban hành (dự thảo) hoặc soạn từ điều không rõ; "
            "xem: hoso archive --check"
        )
    public = compose_session(records, session, public=True)
    dossier = assemble(records, session, composed)
    # The public rendition of each document that names petitioners (usually only the biên bản).
    differ = {full.stem: mine for full, mine in zip(composed, public, strict=True) if mine != full}
    builder = _Builder(session, plan, closed_at, dossier, differ)
    # The office's files that need converting start first: they run beside hoso's own rendering.
    try:
        cannot_read = ocr.missing()  # without OCR here, scans go in as they are (photos as pages), noted
        if cannot_read and any(item.form == SCAN for item in dossier.items):
            builder.notes.append(f"bản quét chưa được đọc chữ (không tìm kiếm được): {cannot_read}")
        for item in dossier.items:
            if item.source is None:
                continue
            if item.form == SCAN and cannot_read is None:
                builder.reading[item.order] = ocr.start(
                    item.source, plan.work / "ocr" / f"{item.order:02d}", plan.ocr_cache
                )
            elif item.kind in ("pdf", "office"):
                job = convert.start(item.source, item.kind, plan.work / "chuyen" / f"{item.order:02d}")
                if job is not None:
                    builder.pending[item.order] = job
        return builder.run()
    except (convert.ConversionProblem, pages.ImageProblem, TemplateProblem, signatures.SignatureProblem) as e:
        raise ArchiveProblem(str(e)) from None
    finally:
        for job in builder.pending.values():
            job.cancel()
        for reading in builder.reading.values():
            reading.cancel()


class _Clock:
    """Seconds spent in each step of a build, reported by bench/archive.py."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.steps.append((step, now - self._last))
        self._last = now


def _cost(item: Item) -> float:
    """A rough guess of an item's rendering time, to share the work evenly: pages of text, plus a fixed part."""
    if item.composed is None:
        return 1.5  # a photo page
    chars = 0
    for block in item.composed.body:
        chars += len(getattr(block, "text", "")) + sum(len(" ".join(r)) for r in getattr(block, "rows", ()))
    return 1 + chars / 2500


@dataclass
class _Sheets:
    """Where each printable item's pages fall: its PDF, its page count, its first sheet number, and the
    label stamped on each of its pages (the official numbers; in the public dossier, a rendition longer
    than the original goes on with "12a", "12b" as inserted sheets are numbered)."""

    readers: dict[int, PdfReader]  # by item order, printable items only
    counts: dict[int, int]
    first: dict[int, int | None]
    total: int  # sheets of the official dossier
    labels: dict[int, list[str]]  # by item order: one label per page

    def sizes(self) -> list[tuple[float, ...]]:
        """Every numbered page's size, in order, for the sheet stamps."""
        return [tuple(round(x, 2) for x in pdfa.page_size(p)) for r in self.readers.values() for p in r.pages]

    def all_labels(self) -> list[str]:
        return [label for order in self.readers for label in self.labels[order]]


class _Builder:
    """One hồ sơ being built in the building area, step by step (``run``)."""

    def __init__(
        self,
        session: Session,
        plan: BuildPlan,
        closed_at: dt.datetime,
        dossier: Dossier,
        public: dict[str, ComposedDocument],
    ):
        self.session, self.plan, self.closed_at, self.dossier = session, plan, closed_at, dossier
        self.public = public  # public renditions of the drafts that name petitioners, by file stem
        self.public_printed: dict[int, Path] = {}
        self.bag_dir = plan.work / f"v{plan.version}"
        self.data = self.bag_dir / "data"
        self.documents_dir = self.data / "van-ban"
        self.frames = plan.work / "khung"  # pages rendered by either process, passed on as files
        self.pending: dict[int, convert.Pending] = {}
        self.reading: dict[int, ocr.PendingOcr] = {}  # scans being read (OCR), by item order
        self.read: dict[int, ocr.OcrResult] = {}  # scans read: their text comes from OCR
        self.signed: dict[int, list[signatures.SignatureCheck]] = {}  # digitally signed originals, checked
        self.sheet_notes: dict[int, str] = {}  # a line printed on each page of an item ("Bản ký số: tệp …")
        self.dossier_signatures: dict[str, signatures.SignatureCheck] = {}  # the office's own, by dossier PDF
        self.notes: list[str] = []
        self.clock = _Clock()
        self.documents_dir.mkdir(parents=True)
        (self.data / "nguon").mkdir()
        self.frames.mkdir()

    def run(self) -> Built:
        files, printed = self.render()
        self.clock.lap("documents: DOCX + PDF, the office's files")
        sheets = self.number(printed)
        public = self.number_public(sheets)
        self.clock.lap("counting pages")
        index_sheets = self.frame(sheets, public)
        self.clock.lap("cover, Mục lục, chứng từ kết thúc, sheet numbers")
        placement = self.merge(sheets, metadata.DOSSIER_PDF, "so-to.pdf")
        public_placement = self.merge(public, metadata.PUBLIC_PDF, self.public_stamps)
        for name in (metadata.DOSSIER_PDF, metadata.PUBLIC_PDF):
            problems = pdfa.check(self.data / name)
            if problems:
                raise ArchiveProblem(f"tệp {name} của hồ sơ {self.session.id} chưa đạt PDF/A-2b: {'; '.join(problems)}")
        self.clock.lap("PDF/A check")
        if self.plan.sealing_key is not None:
            self.sign_dossiers()
            self.clock.lap("the office's digital signature")
        self.describe(sheets, files, placement, index_sheets, public, public_placement)
        self.clock.lap("ho-so.json")
        self.seal()
        return Built(
            self.session.id,
            self.plan.work,
            self.plan.version,
            len(self.dossier.items),
            sheets.total,
            sum(placement.counts),
            tuple(self.notes),
            tuple(self.clock.steps),
        )

    def render(self) -> tuple[dict[int, dict[str, str]], dict[int, Path]]:
        """hoso's drafts as DOCX + PDF, the office's files copied as given, photos as pages; returns the
        bag's files of each item and the PDF of each printable item that goes into the dossier."""
        template = docx.template_for(self.dossier.profile.id, unit_root(self.session.path))
        files: dict[int, dict[str, str]] = {}
        printed: dict[int, Path] = {}
        tasks: list[tuple[float, Callable[[], None]]] = []
        for item in self.dossier.items:
            rel = f"data/van-ban/{item.slug}"
            if item.composed is not None:
                files[item.order] = {"pdf": rel + ".pdf", "docx": rel + ".docx"}
                printed[item.order] = self.documents_dir / f"{item.slug}.pdf"
                self.notes += [f"{item.slug}: {n}" for n in item.composed.notes]
                tasks.append((_cost(item), partial(_render, item.composed, self.documents_dir / item.slug, template)))
                own = self.public.get(item.composed.stem)
                if own is not None:  # its public rendition, for the public dossier only
                    self.public_printed[item.order] = self.frames / f"{item.slug}-cong-khai.pdf"
                    tasks.append((_cost(item), partial(pdf.to_pdf, own, self.public_printed[item.order])))
            elif item.source is not None:
                suffix = item.source.suffix.lower()
                shutil.copyfile(item.source, self.documents_dir / f"{item.slug}{suffix}")
                files[item.order] = {"goc": rel + suffix}
                if item.kind == "image" and item.order not in self.reading:
                    printed[item.order] = self.frames / f"{item.slug}.pdf"
                    tasks.append(
                        (_cost(item), partial(_write, printed[item.order], pages.image_page, self.dossier, item))
                    )
        _split(tasks, self.plan.helper)
        roots = signatures.load_trust_roots(self.plan.trust_roots) if self.plan.trust_roots else []
        for item in self.dossier.items:
            if item.order in self.reading:
                printed[item.order] = self.take_reading(item)
            elif item.source is not None and item.kind in ("pdf", "office"):
                job = self.pending.pop(item.order, None)
                printed[item.order] = job.result() if job else item.source
                if item.form == DIGITALLY_SIGNED:
                    self.check_signatures(item, roots, files[item.order]["goc"])
                if item.kind == "office" and not convert.network_isolated():
                    self.notes.append(
                        f"{item.slug}: LibreOffice chạy không cách ly mạng trên máy này; "
                        "hoso chỉ dựa vào kiểm tra liên kết trong tệp"
                    )
        return files, printed

    def take_reading(self, item: Item) -> Path:
        """A scan's pages for the dossier: the OCR rendition (its text searchable). A picture among the
        attachments in which OCR reads less than a document's worth of text (a photo, its banner or caption)
        stays a photo page, with its caption, public like any photo."""
        assert item.source is not None
        result = self.reading.pop(item.order).result()
        if (
            item.kind == "image"
            and item.record_type == ATTACHMENT
            and sum(c.isalnum() for text in ocr.page_texts(result.pdf) for c in text) < DOCUMENT_TEXT
        ):
            photo = self.frames / f"{item.slug}.pdf"
            _write(photo, pages.image_page, self.dossier, item)
            return photo
        self.read[item.order] = result
        if result.unreadable:
            listed = ", ".join(str(n) for n in result.unreadable)
            self.notes.append(f"{item.slug}: trang {listed} của bản chụp không đọc được chữ (trang trắng hoặc ảnh)")
        return result.pdf

    def check_signatures(self, item: Item, roots: list, original: str) -> None:
        """Check each digital signature of an office's signed PDF (kept byte for byte in the bag); its pages
        in the dossier are a rendition, each marked as such."""
        assert item.source is not None
        checks = signatures.check(item.source, roots)
        self.signed[item.order] = checks
        self.sheet_notes[item.order] = f"Bản ký số: tệp {original.removeprefix('data/')} (bản gốc lưu kèm hồ sơ)"
        for c in checks:
            if not c.valid:
                self.notes.append(f"{item.slug}: chữ ký số của {c.signer or 'người ký'}: {c.verdict}")

    def row_note(self, item: Item) -> str:
        """The Ghi chú of an item in the Mục lục and ho-so.json: its own note, then each digital signature."""
        digital = self.signed.get(item.order, ())
        # a digitally signed original is described by its signatures, not as "signed and stamped" paper
        parts = [item.note] if item.note and not (digital and item.note == SIGNED_NOTE) else []
        for c in digital:  # short, for the Mục lục's narrow column; ho-so.json keeps the whole check
            when = f", {day(c.signing_time.astimezone(pdfa.VN_TZ).date())}" if c.signing_time else ""
            if not c.valid:
                verdict = c.verdict
            elif c.trusted:
                verdict = "chữ ký hợp lệ"
            else:
                verdict = "chữ ký hợp lệ, chưa xác minh được chứng thư"
            parts.append(f"Bản ký số ({c.signer or 'không rõ người ký'}{when}): {verdict}")
        if item.order in self.read:  # how its text was read is in ho-so.json (TextSource)
            parts.append("bản quét" if parts else "Bản quét")
        return "; ".join(parts)

    def sign_dossiers(self) -> None:
        """The office's own digital signature on both dossier PDFs (PAdES), checked at once."""
        key = self.plan.sealing_key
        assert key is not None
        for name in (metadata.DOSSIER_PDF, metadata.PUBLIC_PDF):
            path = self.data / name
            signed = path.with_name(path.name + ".ky")
            signatures.sign_pdf(
                path,
                signed,
                key.pkcs12,
                key.password,
                reason=f"Hồ sơ {self.dossier.code} đã kết thúc",
                location=self.dossier.unit.name,
                signing_time=self.closed_at,
            )
            os.replace(signed, path)
            checks = signatures.check(path)
            if len(checks) != 1 or not checks[0].valid:
                raise ArchiveProblem(f"{name}: chữ ký số của cơ quan không kiểm tra lại được sau khi ký")
            self.dossier_signatures[name] = checks[0]

    def number(self, printed: dict[int, Path]) -> _Sheets:
        """Number the sheets: every page of every printable document, in order, from 1."""
        readers = {i.order: PdfReader(printed[i.order]) for i in self.dossier.items if i.order in printed}
        counts = {order: len(r.pages) for order, r in readers.items()}
        first: dict[int, int | None] = {}
        labels: dict[int, list[str]] = {}
        sheet = 1
        for item in self.dossier.items:
            n = counts.get(item.order, 0)
            first[item.order] = sheet if n else None
            if item.order in readers:
                labels[item.order] = [str(sheet + k) for k in range(n)]
            sheet += n
        return _Sheets(readers, counts, first, sheet - 1, labels)

    def number_public(self, sheets: _Sheets) -> _Sheets:
        """The public dossier's pages: each document's public rendition where it has one; an office file of a
        type that names petitioners (a signed biên bản) as pages saying it is withheld; the rest as they are.
        Each page keeps its official sheet number."""
        readers: dict[int, PdfReader] = {}
        labels: dict[int, list[str]] = {}
        for item in self.dossier.items:
            if item.order not in sheets.readers:
                continue
            n, first = sheets.counts[item.order], sheets.first[item.order] or 0
            if item.order in self.public_printed:
                readers[item.order] = PdfReader(self.public_printed[item.order])
            elif self.withheld(item):
                target = self.frames / f"{item.slug}-an.pdf"
                _write(target, pages.withheld, self.dossier, item, n)
                readers[item.order] = PdfReader(target)
            else:
                readers[item.order] = sheets.readers[item.order]
            m = len(readers[item.order].pages)
            extra = [f"{first + n - 1}{chr(ord('a') + k)}" for k in range(max(0, m - n))]
            labels[item.order] = [str(first + k) for k in range(min(m, n))] + extra
        counts = {order: len(r.pages) for order, r in readers.items()}
        public = _Sheets(readers, counts, dict(sheets.first), sheets.total, labels)
        if public.all_labels() != sheets.all_labels() or public.sizes() != sheets.sizes():
            self.public_stamps = "so-to-cong-khai.pdf"
        return public

    public_stamps = "so-to.pdf"  # the public dossier's sheet stamps, when they differ from the official ones

    def withheld(self, item: Item) -> bool:
        """Left out of the public dossier: an office file of a type that names petitioners (a signed
        biên bản), and any other scan in which OCR read text (a citizen's letter): hoso cannot take
        personal data out of a picture, and cannot know who a scan names."""
        if item.composed is not None:
            return False
        return doctypes.names_petitioners(item.record_type) or (
            item.record_type == ATTACHMENT and item.order in self.read
        )

    def frame(self, sheets: _Sheets, public: _Sheets) -> int:
        """The pages around the documents: the Mục lục and then the chứng từ kết thúc (which states the
        Mục lục's sheets) in one process, the cover and the sheet numbers in the other. Returns the Mục
        lục's sheet count."""
        dossier, frames = self.dossier, self.frames
        rows = [
            IndexRow(
                i.order,
                i.reference,
                day(i.date),
                i.author,
                i.type_name,
                i.subject,
                sheet_range(sheets.first[i.order], sheets.counts.get(i.order, 0)),
                self.row_note(i),
            )
            for i in dossier.items
        ]
        description = _description(dossier)
        closed_on = self.closed_at.date()

        def index_then_closing() -> None:
            _write(frames / "muc-luc.pdf", pages.index, dossier, rows)
            index_sheets = len(PdfReader(frames / "muc-luc.pdf").pages)
            _write(
                frames / "chung-tu.pdf",
                pages.closing_record,
                dossier,
                sheets.total,
                index_sheets,
                description,
                closed_on,
            )

        def cover_and_stamps() -> None:
            _write(frames / "bia.pdf", pages.cover, dossier, sheets.total)
            notes = self.page_notes(sheets)
            stamps = (dossier.profile, sheets.sizes(), sheets.all_labels(), notes)
            _write(frames / "so-to.pdf", pages.sheet_stamps, *stamps)
            if self.public_stamps != "so-to.pdf":
                stamps = (dossier.profile, public.sizes(), public.all_labels(), self.page_notes(public))
                _write(frames / self.public_stamps, pages.sheet_stamps, *stamps)

        _split([(2, index_then_closing), (1.5, cover_and_stamps)], self.plan.helper)
        return len(PdfReader(frames / "muc-luc.pdf").pages)

    def page_notes(self, sheets: _Sheets) -> list[str]:
        return [self.sheet_notes.get(order, "") for order in sheets.readers for _ in range(sheets.counts[order])]

    def merge(self, sheets: _Sheets, name: str, stamps: str) -> pdfa.Placement:
        """A dossier PDF (data/``name``): cover, Mục lục, the documents with their sheet numbers, chứng từ kết thúc."""
        dossier, frames = self.dossier, self.frames
        parts = [
            pdfa.Part(frames / "bia.pdf", "Bìa hồ sơ", "cover"),
            pdfa.Part(frames / "muc-luc.pdf", "Mục lục văn bản", "index"),
        ]
        parts += [
            pdfa.Part(sheets.readers[i.order], _bookmark(i), "sheets")
            for i in dossier.items
            if i.order in sheets.readers
        ]
        parts.append(pdfa.Part(frames / "chung-tu.pdf", "Chứng từ kết thúc", "closing"))
        info = pdfa.Info(
            title=dossier.title,
            author=dossier.unit.name,
            subject=f"Hồ sơ {dossier.notation} ({dossier.code}); {sheets.total} tờ; "
            f"thời hạn lưu trữ: {dossier.retention}",
            keywords=f"{dossier.code}; {self.session.id}; tiếp xúc, đối thoại",
            created=self.closed_at,
        )
        placement = pdfa.assemble(parts, frames / stamps, info, self.data / name, sheets.all_labels())
        self.clock.lap("dossier PDF: merge, stamp, PDF/A")
        return placement

    def describe(
        self,
        sheets: _Sheets,
        files: dict[int, dict[str, str]],
        placement: pdfa.Placement,
        index_sheets: int,
        public: _Sheets,
        public_placement: pdfa.Placement,
    ) -> None:
        """data/ho-so.json, checked against its schema, with the session record as the clerk wrote it."""
        dossier, session, plan = self.dossier, self.session, self.plan
        printable = [i for i in dossier.items if i.order in sheets.readers]
        dossier_page = {item.order: placement.starts[n] + 1 for n, item in enumerate(printable, start=2)}
        public_page = {item.order: public_placement.starts[n] + 1 for n, item in enumerate(printable, start=2)}
        entries = [
            metadata.document_entry(
                i,
                sheets.counts.get(i.order, 0),
                sheets.first[i.order],
                dossier_page.get(i.order),
                files[i.order],
                public_page.get(i.order),
                public.labels.get(i.order, []),
                note=self.row_note(i),
                reading=self.reading_of(i),
                signatures=[c.to_json() for c in self.signed.get(i.order, ())] or None,
                withheld=self.withheld(i),
            )
            for i in dossier.items
        ]
        source_copy = self.data / "nguon" / "buoi-doi-thoai.yaml"
        shutil.copyfile(session.path, source_copy)
        meta = metadata.build(
            dossier,
            entries,
            sheets=sheets.total,
            index_sheets=index_sheets,
            dossier_pages=sum(placement.counts),
            description=_description(dossier),
            closed_on=self.closed_at.date(),
            version=plan.version,
            previous=plan.previous,
            fingerprint=plan.fingerprint,
            source={
                "Path": "data/nguon/buoi-doi-thoai.yaml",
                "Sha256": bag.sha256_of(source_copy),
                "Data": read_record(session.path).data,
            },
            not_issued=[(e.type, e.not_issued) for e in session.documents if e.not_issued is not None],
            unknown=unknown_facts(session),
            dossier_signatures={name: c.to_json() for name, c in self.dossier_signatures.items()},
        )
        invalid = metadata.validate(meta)
        if invalid:
            raise ArchiveProblem(f"dữ liệu đặc tả của hồ sơ {session.id} không khớp lược đồ: {'; '.join(invalid[:5])}")
        metadata.path_in(self.bag_dir).write_text(metadata.dumps(meta), encoding="utf-8")

    def reading_of(self, item: Item) -> dict | None:
        """How the text of a scan was read, for ho-so.json (None for any other item)."""
        result = self.read.get(item.order)
        if result is None:
            return None
        return {
            "Method": "OCR",
            "Engine": result.engine,
            "Language": result.language,
            "UnreadablePages": result.unreadable,
        }

    def seal(self) -> None:
        """The BagIt manifests, then every file flushed to disk before the bag is moved into the archive."""
        shutil.rmtree(self.plan.work / "chuyen", ignore_errors=True)
        shutil.rmtree(self.frames, ignore_errors=True)
        info = {
            "Source-Organization": self.dossier.unit.name,
            "External-Identifier": self.dossier.code,
            "External-Description": self.dossier.title,
            "Bag-Software-Agent": f"hoso {__version__}",
            "Hoso-Session-Id": self.session.id,
            "Hoso-Version": str(self.plan.version),
            "Hoso-Fingerprint": self.plan.fingerprint,
            "Hoso-Closed-On": self.closed_at.date().isoformat(),
        }
        bag.write(self.bag_dir, info, sync=False)
        self.clock.lap("BagIt manifests")
        _sync_tree(self.plan.work)
        self.clock.lap("flush to disk")


def _render(document: ComposedDocument, stem: Path, template: Path) -> None:
    docx.to_docx(document, stem.parent / f"{stem.name}.docx", template)
    pdf.to_pdf(document, stem.parent / f"{stem.name}.pdf")


def _write(target: Path, render: Callable[..., bytes], *args) -> None:
    target.write_bytes(render(*args))


def _split(tasks: list[tuple[float, Callable[[], None]]], helper: bool) -> None:
    """Run ``tasks`` (estimated cost, work): shared with one forked helper process when ``helper`` is
    set, longest first to whichever side has less so far. The helper dies with this process."""
    mine: list[Callable[[], None]] = []
    theirs: list[Callable[[], None]] = []
    load = [0.0, 0.0]
    for cost, task in sorted(tasks, key=lambda t: -t[0]):
        side = 0 if not helper or len(tasks) < 2 or load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append(task)
        load[side] += cost
    process, receiver = _fork(theirs) if theirs else (None, None)
    try:
        for task in mine:
            task()
        if process is not None and receiver is not None:
            process.join()
            problem = receiver.recv() if receiver.poll() else "tiến trình phụ dừng bất thường"
            if process.exitcode != 0 or problem:
                raise ArchiveProblem(problem)
    finally:
        if process is not None and process.is_alive():
            process.kill()
            process.join()


def _fork(tasks: list[Callable[[], None]]):
    import multiprocessing

    receiver, sender = multiprocessing.Pipe(duplex=False)

    def work() -> None:
        convert._die_with_parent()
        try:
            for task in tasks:
                task()
            sender.send(None)
        except (TemplateProblem, pages.ImageProblem) as e:
            sender.send(str(e))
        except Exception as e:  # reported by the parent, which owns the error handling
            sender.send(f"không soạn được văn bản ({e.__class__.__name__}: {e})")

    process = multiprocessing.get_context("fork").Process(target=work, daemon=True)
    process.start()
    return process, receiver
