"""Owner of the archive's register (sổ đăng ký): one line per sealed version, append-only, hash-chained.

    <root>/so-dang-ky.txt

One line per version, in the order they were sealed; six fields separated by one space, LF at the end:

    <seq> <time> <path> <session> <tagmanifest> <previous>

    seq          1, 2, 3…: the line's number
    time         when the version was registered, ISO 8601 with its offset (2026-04-12T10:31:05+07:00)
    path         the version's folder relative to the root (ubnd-xa-an-khanh/2026/04.VP_UBND-AK-2026-01/v1)
    session      the session's id (the bag's Hoso-Session-Id)
    tagmanifest  SHA-256 of the bag's tagmanifest-sha256.txt, which covers bagit.txt, bag-info.txt,
                 manifest-sha256.txt and payload-sizes.txt, hence every payload file
    previous     SHA-256 of the previous line's bytes, its LF included (64 zeros on the first line)

No field holds a space (unit codes, session ids and folder names cannot), so `cut -d' '`, `awk` and
`sha256sum` check it without hoso (archive/README.md has the recipe).

Writing, always under the archive's lock (``store.Archive.publish``): ``prepare`` writes the line the
new version will get to hoso's journal (``.hoso/so-dang-ky-cho.txt``) and flushes it; the store renames
the bag into place; ``commit`` appends the line, flushes it, and drops the journal. ``settle``, at the
start of every run, finishes what a killed run left, from the journal alone: the journal's line is
appended if its bag is in place with the tag-manifest digest the journal announced and the line still
follows the register's last one; otherwise it is discarded (the bag, if any, then shows as added).
Bags on disk are trusted only once: when an archive made before the register has none, ``settle``
starts it with the versions it finds and says so (``.hoso/so-dang-ky-da-lap`` then records that the
archive has a register, so a register deleted later is reported, never silently started again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .bag import TAGMANIFEST, Finding, read_info, sha256_of
from .plan import ArchiveProblem

NAME = "so-dang-ky.txt"
JOURNAL = "so-dang-ky-cho.txt"  # in hoso's working folder: the line of a version being published
STARTED = "so-dang-ky-da-lap"  # in hoso's working folder: this archive has a register
ZERO = "0" * 64

# What verify says, each thing once (a version's path, or the register, then one of these).
DELETED = "lần đóng đã ghi trong sổ đăng ký bị xóa"
UNREGISTERED = "lần đóng không có trong sổ đăng ký (được thêm vào)"
SWAPPED = "bị đổi chỗ với một lần đóng khác"
REWRITTEN = f"bị viết lại (mã của {TAGMANIFEST} khác sổ đăng ký)"
LINE_CHANGED = "có dòng bị sửa"
LINE_REMOVED = "có dòng bị xóa"
LINE_INSERTED = "có dòng bị chèn thêm hoặc đổi thứ tự"
LINE_MALFORMED = "dòng không đúng dạng"
LINE_TWICE = "một lần đóng được ghi hai lần"
GONE = "sổ đăng ký bị xóa"
UNREADABLE = "không đọc được sổ đăng ký"


def detached(path: Path) -> str:
    """What verify says of bags outside any archive (a copy of a version, say)."""
    return (
        f"Không tìm thấy sổ đăng ký của kho ({NAME}) ở '{path}' hay thư mục nào bên trên: mới kiểm từng tệp "
        "trong từng lần đóng, chưa kiểm được lần đóng bị xóa, thêm, đổi chỗ hay viết lại."
    )


_LINE = re.compile(
    r"(?P<seq>[1-9][0-9]*) "
    r"(?P<time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}) "
    r"(?P<path>[^\s/]+(?:/[^\s/]+)*/v[1-9][0-9]*) "
    r"(?P<session>[^\s/]+) "
    r"(?P<digest>[0-9a-f]{64}) "
    r"(?P<previous>[0-9a-f]{64})"
)


@dataclass(frozen=True)
class Line:
    """One line of the register (``number``: its position in the file, from 1)."""

    number: int
    seq: int
    time: str
    path: str
    session: str
    digest: str
    previous: str
    text: str


def line_digest(text: str) -> str:
    """What the next line writes as ``previous``: the SHA-256 of this line's bytes with its LF."""
    return hashlib.sha256((text + "\n").encode("utf-8")).hexdigest()


def parse_line(text: str, number: int = 0) -> Line | None:
    m = _LINE.fullmatch(text)
    if m is None or ".." in m["path"].split("/") or "." in m["path"].split("/"):
        return None
    return Line(number, int(m["seq"]), m["time"], m["path"], m["session"], m["digest"], m["previous"], text)


def format_line(seq: int, time: str, path: str, session: str, digest: str, previous: str) -> str:
    text = f"{seq} {time} {path} {session} {digest} {previous}"
    if parse_line(text) is None:
        raise ValueError(f"not a register line: {text!r}")
    return text


def bag_digest(bag: Path) -> str | None:
    """SHA-256 of a bag's tag manifest; None if the bag or the file is not a plain folder and file."""
    try:
        if stat.S_ISLNK(os.lstat(bag).st_mode) or not stat.S_ISREG(os.lstat(bag / TAGMANIFEST).st_mode):
            return None
        return sha256_of(bag / TAGMANIFEST)
    except OSError:
        return None


@dataclass(frozen=True)
class Parsed:
    lines: list[Line]
    problems: list[tuple[str, str]]  # (what, detail) of every break in the chain
    partial: str  # an unterminated last line ("" if the file ends with LF)


def parse(text: str) -> Parsed:
    """The register's lines, and every place where the chain or the numbering breaks."""
    raw = text.split("\n")
    partial = raw.pop()
    lines: list[Line] = []
    problems: list[tuple[str, str]] = []
    previous, seq = ZERO, 0
    for number, s in enumerate(raw, 1):
        line = parse_line(s, number)
        if line is None:
            problems.append((LINE_MALFORMED, f"dòng {number}"))
            seq += 1
        elif line.seq != seq + 1:
            where = "dòng đầu" if number == 1 else f"sau dòng số {seq}"
            problems.append((LINE_REMOVED if line.seq > seq + 1 else LINE_INSERTED, f"{where} là dòng số {line.seq}"))
        elif line.previous != previous:
            where = f"mã ghi ở dòng {number} không khớp với dòng {number - 1}"
            problems.append((LINE_CHANGED, where if number > 1 else "dòng 1 không bắt đầu bằng 64 chữ số 0"))
        if line is not None:
            lines.append(line)
            seq = line.seq
        previous = line_digest(s)
    return Parsed(lines, problems, partial)


def last_line(text: str) -> str:
    """The register's last line, complete or not ("" when it is empty)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines[-1] if lines else ""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, text: str, work: Path) -> None:
    """Replace ``path`` by ``text`` in one rename (from hoso's ``work`` folder), flushed to disk."""
    tmp = work / (path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)
    _fsync_dir(path.parent)


class Register:
    """The register of the archive at ``root`` (``work``: hoso's own folder in it)."""

    def __init__(self, root: Path, work: Path):
        self.root = root
        self.work = work

    @property
    def path(self) -> Path:
        return self.root / NAME

    def _read(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def _pending(self) -> Line | None:
        try:
            return parse_line((self.work / JOURNAL).read_text(encoding="utf-8").rstrip("\n"))
        except (OSError, UnicodeDecodeError):
            return None

    # --- writing (under the archive's lock) -------------------------------------------------------

    def prepare(self, path: str, session_id: str, bag: Path) -> str:
        """The line of the bag about to be published at ``path``, written to the journal and flushed."""
        text = self._read()
        if text is None:
            raise ArchiveProblem(self._gone_message())
        last = last_line(text)
        parsed = parse_line(last)
        # the next number, whatever happened to the register (verify names that; the chain goes on)
        seq = parsed.seq + 1 if parsed is not None and text.endswith("\n") else len(text.splitlines()) + 1
        digest = bag_digest(bag)
        if digest is None:
            raise ValueError(f"{bag} has no tag manifest")
        time = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        line = format_line(seq, time, path, session_id, digest, line_digest(last) if last else ZERO)
        _write_new(self.work / JOURNAL, line + "\n", self.work)
        return line

    def commit(self, line: str) -> None:
        """Append ``line`` (prepared, its bag now in place), flush it, then drop the journal."""
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        try:
            size = os.fstat(fd).st_size
            unterminated = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
            os.write(fd, (("\n" if unterminated else "") + line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        self.abandon()

    def abandon(self) -> None:
        """Drop the journal (its version was not published)."""
        journal = self.work / JOURNAL
        if journal.exists():
            journal.unlink()
            _fsync_dir(self.work)

    def settle(self, find_bags: Callable[[], list[Path]], say: Callable[[str], None]) -> None:
        """At the start of a run: finish or discard what a killed run left in the journal; start the
        register of an archive made before it (with the versions found by ``find_bags``)."""
        for name in (JOURNAL, NAME, STARTED):  # files a killed run was writing, never renamed into place
            (self.work / (name + ".tmp")).unlink(missing_ok=True)
        if not self.path.exists():
            if (self.work / STARTED).exists():
                say(self._gone_message())
                return  # the journal waits for the register to come back
            self.abandon()
            self._start(find_bags(), say)
            return
        if not (self.work / STARTED).exists():
            _write_new(
                self.work / STARTED, f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n", self.work
            )
        pending = self._pending()
        if pending is None:
            self.abandon()
            return
        data = self.path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if text.endswith("\n") and last_line(text) == pending.text:
            self.abandon()  # appended; only the journal was left
            return
        partial = text.split("\n")[-1]
        if partial and (pending.text + "\n").startswith(partial):  # an append cut short
            with open(self.path, "r+b") as f:
                f.truncate(len(data) - len(partial.encode("utf-8")))
                f.flush()
                os.fsync(f.fileno())
            text = text[: -len(partial)]
        last = last_line(text)
        follows = pending.previous == (line_digest(last) if last else ZERO)
        if follows and bag_digest(self.root / pending.path) == pending.digest:
            self.commit(pending.text)
        else:
            self.abandon()

    def _start(self, bags: list[Path], say: Callable[[str], None]) -> None:
        def order(bag: Path) -> tuple[str, int]:
            return bag.parent.as_posix(), int(bag.name[1:]) if bag.name[1:].isdigit() else 0

        lines: list[str] = []
        previous, skipped = ZERO, 0
        time = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        for bag in sorted(bags, key=order):
            digest, session = bag_digest(bag), read_info(bag).get("Hoso-Session-Id", "")
            path = bag.relative_to(self.root).as_posix()
            line = f"{len(lines) + 1} {time} {path} {session} {digest} {previous}"
            if digest is None or parse_line(line) is None:
                skipped += 1
                continue
            lines.append(line)
            previous = line_digest(line)
        _write_new(self.path, "".join(line + "\n" for line in lines), self.work)
        _write_new(self.work / STARTED, f"{time}\n", self.work)
        if lines or skipped:
            say(
                f"Kho {self.root} chưa có sổ đăng ký: hoso đã lập sổ đăng ký {self.path} với {len(lines)} lần "
                "đóng đang có trong kho. Các lần đóng này chưa được đối chiếu với gì trước đó (hãy chạy hoso "
                "verify để kiểm tra từng tệp); từ nay mỗi lần đóng mới được ghi vào sổ."
                + (
                    f" {skipped} thư mục lần đóng không ghi được vào sổ (thiếu {TAGMANIFEST} hoặc mã buổi); "
                    "hoso verify sẽ nêu tên."
                    if skipped
                    else ""
                )
            )

    def _gone_message(self) -> str:
        return (
            f"Sổ đăng ký {self.path} của kho bị mất (kho đã có sổ từ trước). Hãy chép lại sổ từ bản sao lưu; "
            f"nếu không còn bản nào, xóa tệp {self.work / STARTED} để hoso lập sổ mới với các lần đóng đang có. "
            "Cho đến khi đó, hoso không đóng thêm hồ sơ nào."
        )

    # --- checking (verify; no lock: a run may be publishing) --------------------------------------

    def check(self, scope: Path, bags: list[Path]) -> tuple[list[Finding], list[str]]:
        """The bags found at or under ``scope`` (inside this archive) against their register lines:
        (findings, notes for the reader). Registered versions under ``scope`` that are missing are
        findings too; the chain is checked whole, whatever the scope."""
        scope_rel = scope.resolve().relative_to(self.root.resolve())
        shown_root = scope if scope_rel == Path(".") else self.root
        try:
            text = self._read()
        except (OSError, UnicodeDecodeError) as e:
            return [Finding(shown_root, NAME, UNREADABLE, e.__class__.__name__)], []
        if text is None:
            if (self.work / STARTED).exists():
                return [Finding(shown_root, NAME, GONE)], []
            return [], [
                f"Kho {shown_root} chưa có sổ đăng ký ({NAME}): mới kiểm từng tệp trong từng lần đóng, chưa kiểm "
                "được lần đóng bị xóa, thêm, đổi chỗ hay viết lại. Lần chạy hoso archive sau sẽ lập sổ."
            ]
        pending = self._pending()
        parsed = parse(text)
        findings = [Finding(shown_root, NAME, what, detail) for what, detail in parsed.problems]
        if parsed.partial and not (pending and (pending.text + "\n").startswith(parsed.partial)):
            findings.append(Finding(shown_root, NAME, LINE_MALFORMED, f"dòng {len(text.splitlines())}"))
        entries: dict[str, Line] = {}
        for line in parsed.lines:
            if line.path in entries:
                where = f"dòng {entries[line.path].number} và dòng {line.number}"
                findings.append(Finding(shown_root, NAME, LINE_TWICE, where))
            else:
                entries[line.path] = line

        notes: list[str] = []
        on_disk = {(scope_rel / bag.relative_to(scope)).as_posix(): bag for bag in bags}
        for path, bag in on_disk.items():
            entry = entries.get(path)
            if entry is None and pending is not None and pending.path == path and pending.digest == bag_digest(bag):
                notes.append(f"{bag}: vừa đóng xong, đang chờ ghi vào sổ đăng ký (lần chạy hoso archive sau ghi).")
            else:
                findings += _against(bag, entry, entries)
        for path, entry in entries.items():
            if path not in on_disk and (scope_rel == Path(".") or Path(path).is_relative_to(scope_rel)):
                shown = scope / Path(path).relative_to(scope_rel)
                findings.append(Finding(shown, "", DELETED, f"sổ đăng ký, dòng {entry.number}"))
        if parsed.lines:
            notes.append(
                f"Sổ đăng ký {shown_root / NAME}: {len(parsed.lines)} lần đóng; mã SHA-256 của dòng cuối: "
                f"{line_digest(parsed.lines[-1].text)} (ghi lại mã này ở nơi khác để sau này đối chiếu)."
            )
        return findings, notes


def _against(bag: Path, entry: Line | None, entries: dict[str, Line]) -> list[Finding]:
    """One bag on disk against its register line (``entry``; None: it has none)."""
    if entry is None:
        return [Finding(bag, "", UNREGISTERED)]
    digest = bag_digest(bag)
    if digest is None or digest == entry.digest:  # unreadable: bag.verify names the tag manifest
        return []
    other = next((e for e in entries.values() if e.digest == digest and e.path != entry.path), None)
    if other is not None:
        return [Finding(bag, "", SWAPPED, f"nội dung là của {other.path}, sổ đăng ký dòng {other.number}")]
    return [Finding(bag, "", REWRITTEN, f"sổ đăng ký, dòng {entry.number}")]
