"""Building one session's hồ sơ, from its records to a complete bag in the building area.

    compose the documents -> place them in work order with the office's files -> render DOCX + PDF
    -> the office's files as PDF/A pages -> number the sheets -> Mục lục, cover, chứng từ kết thúc
    -> the dossier PDF -> ho-so.json -> BagIt manifests

Nothing here touches the archive itself: ``store.publish`` moves the finished bag into place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pypdf import PdfReader

from .. import __version__
from ..documents import TemplateProblem, compose_session, docx, pdf
from ..record import unit_root
from ..record.model import RecordSet, Session
from ..record.source import read as read_record
from . import bag, convert, metadata, pages, pdfa
from .dossier import ATTACHMENT, Dossier, Item, assemble
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
    items = dossier.items
    drafted = sum(1 for i in items if i.composed is not None)
    office = sum(1 for i in items if i.composed is None and i.record_type != ATTACHMENT)
    photos = sum(1 for i in items if i.record_type == ATTACHMENT and i.kind == "image")
    kept = sum(1 for i in items if not i.printable)
    parts = [f"{len(items)} văn bản, tài liệu"]
    if drafted:
        parts.append(
            f"{drafted} văn bản do hoso soạn từ hồ sơ ghi chép (bản điện tử; bản có chữ ký, đóng dấu lưu tại văn thư cơ quan)"
        )
    if office:
        parts.append(f"{office} văn bản, tài liệu do văn phòng cung cấp (giữ nguyên tệp gốc)")
    if photos:
        parts.append(f"{photos} ảnh")
    if kept:
        parts.append(f"{kept} tệp lưu kèm không in được")
    return "; ".join(parts) + "."


def _bookmark(item: Item) -> str:
    head = f"{item.order}. {item.type_name}"
    if item.reference:
        head += f" {item.reference}"
    subject = item.subject if len(item.subject) <= 90 else item.subject[:89] + "…"
    return f"{head}: {subject}"


def build(records: RecordSet, session: Session, plan: BuildPlan, closed_at: dt.datetime) -> Built:
    """Build the hồ sơ of ``session`` as a bag in ``plan.work / v<version>``."""
    composed = compose_session(records, session)
    dossier = assemble(records, session, composed)
    bag_dir = plan.work / f"v{plan.version}"
    documents_dir = bag_dir / "data" / "van-ban"
    documents_dir.mkdir(parents=True)
    (bag_dir / "data" / "nguon").mkdir()
    notes: list[str] = []

    # The office's files that need converting start first: they run beside hoso's own rendering.
    pending: dict[int, convert.Pending] = {}
    try:
        for item in dossier.items:
            if item.kind in ("pdf", "office"):
                job = convert.start(item.source, item.kind, plan.work / "chuyen" / f"{item.order:02d}")
                if job is not None:
                    pending[item.order] = job
        return _build(records, session, plan, closed_at, dossier, bag_dir, documents_dir, pending, notes)
    except (convert.ConversionProblem, pages.ImageProblem, TemplateProblem) as e:
        raise ArchiveProblem(str(e)) from None
    finally:
        for job in pending.values():
            job.cancel()


class _Clock:
    """Seconds spent in each step of a build, reported by bench/archive.py."""

    def __init__(self):
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
    chars = sum(
        len(getattr(b, "text", "")) + sum(len(" ".join(r)) for r in getattr(b, "rows", ())) for b in item.composed.body
    )
    return 1 + chars / 2500


def _build(records, session, plan, closed_at, dossier, bag_dir, documents_dir, pending, notes) -> Built:
    clock = _Clock()
    data = bag_dir / "data"
    frames = plan.work / "khung"  # pages rendered by either process, passed on as files
    frames.mkdir()
    template = docx.template_for(dossier.profile.id, unit_root(session.path))
    files: dict[int, dict[str, str]] = {}
    printed: dict[int, Path] = {}  # the PDF that goes into the dossier, per item
    tasks: list[tuple[float, Callable[[], None]]] = []
    for item in dossier.items:
        rel = f"data/van-ban/{item.slug}"
        if item.composed is not None:
            files[item.order] = {"pdf": rel + ".pdf", "docx": rel + ".docx"}
            printed[item.order] = documents_dir / f"{item.slug}.pdf"
            notes += [f"{item.slug}: {n}" for n in item.composed.notes]
            if item.note:
                notes.append(f"{item.slug}: {item.note.lower()}")
            tasks.append((_cost(item), partial(_render, item, documents_dir, template)))
            continue
        shutil.copyfile(item.source, documents_dir / f"{item.slug}{item.source.suffix.lower()}")
        files[item.order] = {"goc": rel + item.source.suffix.lower()}
        if item.kind == "image":
            printed[item.order] = frames / f"{item.slug}.pdf"
            tasks.append((_cost(item), partial(_write, printed[item.order], pages.image_page, dossier, item)))
    _split(tasks, plan.helper)
    for item in dossier.items:
        if item.kind in ("pdf", "office"):
            job = pending.pop(item.order, None)
            printed[item.order] = job.result() if job else item.source
    clock.lap("documents: DOCX + PDF, the office's files")

    # Number the sheets: every page of every printable document, in order, from 1.
    readers = {i.order: PdfReader(printed[i.order]) for i in dossier.items if i.order in printed}
    counts = {order: len(r.pages) for order, r in readers.items()}
    sizes = [
        tuple(round(x, 2) for x in pdfa.page_size(p))
        for i in dossier.items
        if i.order in readers
        for p in readers[i.order].pages
    ]
    first_sheet: dict[int, int | None] = {}
    sheet = 1
    for item in dossier.items:
        n = counts.get(item.order, 0)
        first_sheet[item.order] = sheet if n else None
        sheet += n
    sheets = sheet - 1
    rows = [
        IndexRow(
            i.order,
            i.reference,
            day(i.date),
            i.author,
            i.type_name,
            i.subject,
            sheet_range(first_sheet[i.order], counts.get(i.order, 0)),
            i.note,
        )
        for i in dossier.items
    ]
    description = _description(dossier)
    clock.lap("counting pages")

    # The frame: the Mục lục and then the chứng từ kết thúc (which states the Mục lục's sheets) in one
    # process, the cover and the sheet numbers in the other.
    def index_then_closing() -> None:
        _write(frames / "muc-luc.pdf", pages.index, dossier, rows)
        index_sheets = len(PdfReader(frames / "muc-luc.pdf").pages)
        _write(
            frames / "chung-tu.pdf", pages.closing_record, dossier, sheets, index_sheets, description, closed_at.date()
        )

    def cover_and_stamps() -> None:
        _write(frames / "bia.pdf", pages.cover, dossier, sheets)
        _write(frames / "so-to.pdf", pages.sheet_stamps, dossier.profile, sizes)

    _split([(2, index_then_closing), (1.5, cover_and_stamps)], plan.helper)
    index_sheets = len(PdfReader(frames / "muc-luc.pdf").pages)
    clock.lap("cover, Mục lục, chứng từ kết thúc, sheet numbers")

    parts = [
        pdfa.Part(frames / "bia.pdf", "Bìa hồ sơ", "cover"),
        pdfa.Part(frames / "muc-luc.pdf", "Mục lục văn bản", "index"),
    ]
    parts += [pdfa.Part(readers[i.order], _bookmark(i), "sheets") for i in dossier.items if i.order in readers]
    parts.append(pdfa.Part(frames / "chung-tu.pdf", "Chứng từ kết thúc", "closing"))
    info = pdfa.Info(
        title=dossier.title,
        author=dossier.unit.name,
        subject=f"Hồ sơ {dossier.notation} ({dossier.code}); {sheets} tờ; thời hạn bảo quản: {dossier.retention}",
        keywords=f"{dossier.code}; {session.id}; tiếp xúc, đối thoại",
        created=closed_at,
    )
    dossier_pdf = data / "ho-so.pdf"
    placement = pdfa.assemble(parts, frames / "so-to.pdf", info, dossier_pdf)
    clock.lap("dossier PDF: merge, stamp, PDF/A")
    problems = pdfa.check(dossier_pdf)
    clock.lap("PDF/A check")
    if problems:
        raise ArchiveProblem(f"tệp PDF hồ sơ {session.id} chưa đạt PDF/A-2b: {'; '.join(problems)}")

    dossier_page = {}
    for part_index, item in enumerate((i for i in dossier.items if i.order in readers), start=2):
        dossier_page[item.order] = placement.starts[part_index] + 1
    entries = [
        metadata.document_entry(
            i, counts.get(i.order, 0), first_sheet[i.order], dossier_page.get(i.order), files[i.order]
        )
        for i in dossier.items
    ]
    source_copy = data / "nguon" / "buoi-doi-thoai.yaml"
    shutil.copyfile(session.path, source_copy)
    meta = metadata.build(
        dossier,
        entries,
        sheets=sheets,
        index_sheets=index_sheets,
        dossier_pages=sum(placement.counts),
        description=description,
        closed_on=closed_at.date(),
        version=plan.version,
        previous=plan.previous,
        fingerprint=plan.fingerprint,
        source={
            "Path": "data/nguon/buoi-doi-thoai.yaml",
            "Sha256": bag.sha256_of(source_copy),
            "Data": read_record(session.path).data,
        },
    )
    invalid = metadata.validate(meta)
    if invalid:
        raise ArchiveProblem(f"dữ liệu đặc tả của hồ sơ {session.id} không khớp lược đồ: {'; '.join(invalid[:5])}")
    (data / "ho-so.json").write_text(metadata.dumps(meta), encoding="utf-8")
    clock.lap("ho-so.json")

    shutil.rmtree(plan.work / "chuyen", ignore_errors=True)
    shutil.rmtree(frames, ignore_errors=True)
    bag.write(
        bag_dir,
        {
            "Source-Organization": dossier.unit.name,
            "External-Identifier": dossier.code,
            "External-Description": dossier.title,
            "Bag-Software-Agent": f"hoso {__version__}",
            "Hoso-Session-Id": session.id,
            "Hoso-Version": str(plan.version),
            "Hoso-Fingerprint": plan.fingerprint,
            "Hoso-Closed-On": closed_at.date().isoformat(),
        },
        sync=False,
    )
    clock.lap("BagIt manifests")
    _sync_tree(plan.work)
    clock.lap("flush to disk")
    return Built(
        session.id,
        plan.work,
        plan.version,
        len(dossier.items),
        sheets,
        sum(placement.counts),
        tuple(notes),
        tuple(clock.steps),
    )


def _render(item: Item, folder: Path, template: Path) -> None:
    docx.to_docx(item.composed, folder / f"{item.slug}.docx", template)
    pdf.to_pdf(item.composed, folder / f"{item.slug}.pdf")


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
        if process is not None:
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
