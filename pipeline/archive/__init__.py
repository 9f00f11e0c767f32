"""Stage 3 — Archive: one sealed, verifiable hồ sơ per session (lập hồ sơ, nộp lưu).

    dossier.py   what the hồ sơ holds, in the order of the work (plain data)
    pages.py     the pages hoso adds: cover, Mục lục văn bản, chứng từ kết thúc, photos, sheet numbers
    convert.py   the office's own files as PDF/A pages (Ghostscript, LibreOffice), in the background
    pdfa.py      the dossier PDF: merge, sheet numbers, bookmarks, PDF/A-2b metadata, and its check
    metadata.py  data/ho-so.json (ND30 Phụ lục VI field names): written at sealing, read back by later stages
    followups.py <unit>/theo-doi-kien-nghi.json: the unit's follow-ups beside its hồ sơ
    bag.py       BagIt 1.0: writing and verifying, naming each changed, truncated, added, removed file
    store.py     the archive root: layout, lock, building area, versions, publishing by rename
    fingerprint.py  has a session's hồ sơ changed since it was sealed?
    plan.py      the plain types between the main process and the builders
    build.py     one session from records to a finished bag

``archive()`` is what the CLI calls: under the archive's lock it decides for each session whether its
records changed since its last sealed version (by fingerprint), builds the changed ones (in parallel
processes when there are several) and publishes each by one rename.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..record.model import RecordSet, Session
from . import followups
from .bag import Finding, verify
from .fingerprint import fingerprint, with_signing
from .plan import ArchiveProblem, BuildPlan, Built, SealingKey
from .register import detached
from .store import DEFAULT_ROOT, ENV, Archive, ArchiveBusy, Existing, find_root, folder_name

__all__ = [
    "ArchiveBusy",
    "ArchiveProblem",
    "Finding",
    "Outcome",
    "SealingKey",
    "archive",
    "default_root",
    "trust_folder",
    "verify_path",
]

TRUST_FOLDER = "chung-thu-tin-cay"  # in the archive root: the root certificates the office trusts

NEW, NEW_VERSION, UNCHANGED, FAILED = "mới", "lần mới", "không đổi", "lỗi"


@dataclass(frozen=True)
class Outcome:
    session_id: str
    status: str  # NEW | NEW_VERSION | UNCHANGED | FAILED
    path: Path | None  # the sealed version
    message: str = ""
    documents: int = 0
    sheets: int = 0
    notes: tuple[str, ...] = ()


def default_root() -> Path:
    return Path(os.environ.get(ENV) or DEFAULT_ROOT)


def trust_folder(root: Path, given: Path | None = None) -> Path | None:
    """The folder of root certificates digital signatures are checked against: the one given, else the
    archive's own ``chung-thu-tin-cay/`` when it exists, else none (every chain "chưa xác minh được")."""
    if given is not None:
        return given
    default = root / TRUST_FOLDER
    return default if default.is_dir() else None


def _certificate_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    from .signatures import CERTIFICATE_SUFFIXES  # the files load_trust_roots reads (loads pyHanko: only here)

    return sorted(p for p in folder.iterdir() if p.suffix.lower() in CERTIFICATE_SUFFIXES and p.is_file())


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


# Worker processes get the records by fork and die with their parent (a killed run leaves no builder).
_records: RecordSet | None = None


def _init_worker(records: RecordSet) -> None:
    global _records
    _records = records
    from .convert import _die_with_parent

    _die_with_parent()


def _build_in_worker(session: Session, plan: BuildPlan, closed_at: dt.datetime) -> Built:
    from .build import build

    assert _records is not None
    return build(_records, session, plan, closed_at)


# What the main process decided for one session that must be built: (session, plan, its earlier versions).
_Todo = tuple[Session, BuildPlan, Existing | None]


def archive(
    records: RecordSet,
    sessions: list[Session],
    root: Path,
    *,
    jobs: int | None = None,
    wait: float = 60,
    on_wait: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    closed_at: dt.datetime | None = None,
    trust_roots: Path | None = None,
    sealing_key: SealingKey | None = None,
) -> list[Outcome]:
    """Archive ``sessions`` into ``root``; one Outcome per session, reported as each one ends. Digital
    signatures are checked against the certificates in ``trust_roots`` (default: ``trust_folder``);
    with ``sealing_key`` every dossier PDF is signed with the office's certificate."""
    store = Archive(root)
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    with store.lock(wait, on_wait):
        store.clean_leftovers()
        signing = _Signing(trust_folder(root, trust_roots), sealing_key)
        todo = _plan(records, sessions, store, report, signing)
        cores = jobs or os.cpu_count() or 1
        if len(todo) == 1 and cores > 1:  # one hồ sơ: its documents share the cores instead
            session, plan, existing = todo[0]
            todo[0] = (session, dataclasses.replace(plan, helper=True), existing)
        _build_all(records, todo, store, min(cores, len(todo)), closed_at or now(), report)
        for unit in sorted({s.unit for s in sessions}):
            followups.write(root, unit, followups.dumps(records, unit))
    return outcomes


@dataclass(frozen=True)
class _Signing:
    trust_roots: Path | None
    sealing_key: SealingKey | None


def _plan(
    records: RecordSet,
    sessions: list[Session],
    store: Archive,
    report: Callable[[Outcome], None],
    signing: _Signing = _Signing(None, None),
) -> list[_Todo]:
    """Which sessions changed since their last sealed version (by fingerprint), and the plan for each."""
    todo: list[_Todo] = []
    for session in sessions:
        try:
            digest = with_signing(
                fingerprint(records, session),
                _certificate_files(signing.trust_roots),
                signing.sealing_key.pkcs12 if signing.sealing_key else None,
            )
        except OSError as e:
            report(Outcome(session.id, FAILED, None, f"không đọc được tệp đính kèm ({e})"))
            continue
        existing = store.find(session.unit, session.id)
        if existing is not None and existing.fingerprint == digest:
            message = f"đã lưu ở v{existing.version}, hồ sơ ghi chép không thay đổi"
            report(Outcome(session.id, UNCHANGED, existing.latest, message))
            continue
        version = existing.version + 1 if existing else 1
        previous = f"v{existing.version}" if existing else None
        plan = BuildPlan(
            session.id,
            version,
            previous,
            digest,
            store.new_work_dir(session.id),
            ocr_cache=store.ocr_cache,
            trust_roots=signing.trust_roots,
            sealing_key=signing.sealing_key,
        )
        todo.append((session, plan, existing))
    return todo


def _build_all(
    records: RecordSet,
    todo: list[_Todo],
    store: Archive,
    workers: int,
    closed_at: dt.datetime,
    report: Callable[[Outcome], None],
) -> None:
    """Build every planned hồ sơ (in ``workers`` processes) and publish each as soon as it is done."""
    if not todo:
        return
    from .build import build  # the renderers load only when there is something to build

    def publish(session: Session, plan: BuildPlan, existing: Existing | None, built: Built) -> None:
        name = existing.folder.name if existing else folder_name(session.file_notation or "", session.id)
        path = store.publish(plan.work, plan.version, session.unit, session.date.year, name, existing, session.id)
        if existing is None:
            report(Outcome(session.id, NEW, path, "", built.documents, built.sheets, built.notes))
        else:
            message = f"hồ sơ ghi chép đã thay đổi so với v{existing.version}; v{existing.version} vẫn giữ nguyên"
            report(Outcome(session.id, NEW_VERSION, path, message, built.documents, built.sheets, built.notes))

    def failed(session: Session, plan: BuildPlan, problem: ArchiveProblem) -> None:
        shutil.rmtree(plan.work, ignore_errors=True)
        report(Outcome(session.id, FAILED, None, str(problem)))

    if workers <= 1:
        for session, plan, existing in todo:
            try:
                publish(session, plan, existing, build(records, session, plan, closed_at))
            except ArchiveProblem as e:
                failed(session, plan, e)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(records,)) as pool:
        futures = {pool.submit(_build_in_worker, s, p, closed_at): (s, p, e) for s, p, e in todo}
        for future in as_completed(futures):
            session, plan, existing = futures[future]
            try:
                publish(session, plan, existing, future.result())
            except ArchiveProblem as e:
                failed(session, plan, e)


BROKEN_SIGNATURE = "chữ ký số không còn hợp lệ"


def signature_findings(bag: Path) -> list[Finding]:
    """Every digital signature recorded valid at sealing (the office's signed originals, the office's own
    signature on the dossier PDFs) checked again: a file changed since shows here by its signature too."""
    from . import metadata, signatures

    try:
        sealed = metadata.read(bag)
    except metadata.Unreadable:
        return []  # the bag's own check names the damaged ho-so.json
    recorded = [(d.original, list(d.signatures)) for d in sealed.documents if d.original and d.signatures]
    recorded += [(name, [sig]) for name, sig in sealed.dossier_signatures.items()]
    findings = []
    for name, sigs in recorded:
        path = bag / name
        if not path.is_file() or path.is_symlink():
            continue  # removed or replaced: the bag's own check says so
        try:
            now = signatures.check(path)
        except signatures.SignatureProblem as e:
            findings.append(Finding(bag, name, BROKEN_SIGNATURE, str(e)))
            continue
        for k, sig in enumerate(sigs):
            if not (sig.get("Intact") and sig.get("WholeFile")):
                continue  # recorded as broken at sealing: not a change
            again = now[k] if k < len(now) else None
            if again is None or not again.valid:
                who = sig.get("FullName") or sig.get("FieldName") or "người ký"
                findings.append(
                    Finding(bag, name, BROKEN_SIGNATURE, f"chữ ký của {who}: {again.verdict if again else 'không còn'}")
                )
    return findings


def verify_path(path: Path) -> tuple[list[Path], list[Finding], list[str]]:
    """Every bag at or under ``path``, what is wrong with each file and with each whole version against
    the archive's register (nothing: sealed as it was), and notes for the reader (what could not be
    checked, the register's last line)."""
    bags = Archive(path).bags(path)
    findings: list[Finding] = []
    for b in bags:
        findings += verify(b)
        findings += signature_findings(b)
    root = find_root(path)
    if root is None:
        return bags, findings, [detached(path)]
    whole, notes = Archive(root).register.check(path, bags)
    return bags, findings + whole, notes
