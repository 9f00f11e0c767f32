"""The history of the records folder (lịch sử thay đổi): who changed which record, when, and how to undo it.

The records stay plain YAML files; their history is a git repository in the records folder, written
through dulwich (a pure-Python git: no git program is needed on the office's machine, and the office
can still read the history with any git tool). Each change hoso makes for someone (the workspace
saving a form, an import from Excel) is one commit naming that person; a change made by hand outside
hoso is committed as "ngoài hoso" the next time hoso records one, so nothing goes unrecorded.

Undoing a change puts back the files it touched as they were before it, as a new change, so the
undo is in the history too; it is refused when a later change touched the same file (undo that one
first), so that nobody's later work is lost.
"""

from __future__ import annotations

import datetime as dt
import difflib
import time
from dataclasses import dataclass
from pathlib import Path

from dulwich import porcelain
from dulwich.errors import NotGitRepository
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

OUTSIDE = "ngoài hoso"  # who made the changes found on disk that hoso did not record
_EMAIL = "hoso.invalid"  # git wants an e-mail address; the name is what counts


class HistoryError(ValueError):
    """A request on the history that cannot be carried out; the message is for the clerk."""


@dataclass(frozen=True)
class Change:
    """One recorded change (thay đổi) of the records folder."""

    id: str  # the commit's hex id
    who: str
    when: dt.datetime
    message: str
    paths: tuple[str, ...]  # the files it touched, relative to the folder, with "/"


def _open(folder: Path) -> Repo:
    try:
        return Repo(str(folder))
    except NotGitRepository:
        return Repo.init(str(folder))


def _identity(who: str) -> bytes:
    name = " ".join(who.replace("<", "").replace(">", "").split()) or OUTSIDE
    return f"{name} <{name.replace(' ', '.')}@{_EMAIL}>".encode()


def _who(commit: Commit) -> str:
    return commit.author.decode("utf-8", "replace").split(" <", 1)[0]


def _changed(repo: Repo) -> list[str]:
    """Files of the folder that differ from the last recorded state (new, changed, deleted)."""
    status = porcelain.status(repo, untracked_files="all")
    staged = [p for group in status.staged.values() for p in group]
    paths = [*staged, *status.unstaged, *status.untracked]
    return sorted({p.decode() if isinstance(p, bytes) else p for p in paths})


def _commit(repo: Repo, paths: list[str], who: str, message: str) -> str | None:
    folder = Path(repo.path)
    present = [p for p in paths if (folder / p).exists()]
    gone = [p for p in paths if not (folder / p).exists()]
    if present:
        porcelain.add(repo, [str(folder / p) for p in present])
    if gone:
        index = repo.open_index()
        for p in gone:
            if p.encode() in index:
                del index[p.encode()]
        index.write()
    if not _changed_in_index(repo):
        return None
    identity = _identity(who)
    now = int(time.time())
    commit_id = porcelain.commit(
        repo, message.encode(), author=identity, committer=identity, commit_timestamp=now, author_timestamp=now
    )
    return commit_id.decode()


def _changed_in_index(repo: Repo) -> bool:
    status = porcelain.status(repo, untracked_files="no")
    return any(status.staged.values())


def record(folder: Path, paths: list[Path], who: str, message: str) -> str | None:
    """Record the change of ``paths`` (files of ``folder``) made by ``who``; returns the change's id, or
    None when the files are as last recorded. Changes found on disk in other files are recorded first,
    as made outside hoso."""
    repo = _open(folder)
    try:
        mine = sorted({p.resolve().relative_to(folder.resolve()).as_posix() for p in paths})
        others = [p for p in _changed(repo) if p not in mine and not p.startswith(".git/")]
        if others:
            _commit(repo, others, OUTSIDE, "Thay đổi ngoài hoso, ghi lại khi có thay đổi tiếp theo")
        return _commit(repo, mine, who, message)
    finally:
        repo.close()


def changes(folder: Path, path: Path | None = None, limit: int = 100) -> list[Change]:
    """The recorded changes, newest first (of ``path`` only, if given)."""
    try:
        repo = Repo(str(folder))
    except NotGitRepository:
        return []
    try:
        wanted = path.resolve().relative_to(folder.resolve()).as_posix() if path else None
        out: list[Change] = []
        try:
            walker = repo.get_walker(paths=[wanted.encode()] if wanted else None, max_entries=limit)
        except KeyError:  # no commit yet
            return []
        for entry in walker:
            c = entry.commit
            touched = sorted(
                {
                    path.decode()
                    for ch in entry.changes()
                    if not isinstance(ch, list)
                    for path in ((ch.new.path if ch.new else None) or (ch.old.path if ch.old else None),)
                    if path
                }
            )
            when = dt.datetime.fromtimestamp(c.author_time, dt.UTC)
            out.append(
                Change(c.id.decode(), _who(c), when, c.message.decode("utf-8", "replace").strip(), tuple(touched))
            )
        return out
    finally:
        repo.close()


def _content(repo: Repo, commit: Commit | None, path: str) -> bytes | None:
    if commit is None:
        return None
    tree = repo[commit.tree]
    assert isinstance(tree, Tree)
    try:
        _, sha = tree.lookup_path(repo.object_store.__getitem__, path.encode())
    except KeyError:
        return None
    blob = repo[sha]
    return blob.data if isinstance(blob, Blob) else None


def diff(folder: Path, change_id: str) -> str:
    """What the change did, as a unified diff of each file it touched (for the clerk to read)."""
    repo = Repo(str(folder))
    try:
        commit, parent = _commit_and_parent(repo, change_id)
        found = [c for c in changes(folder, limit=10_000) if c.id == change_id]
        out: list[str] = []
        for path in found[0].paths if found else ():
            before = (_content(repo, parent, path) or b"").decode("utf-8", "replace").splitlines(keepends=True)
            after = (_content(repo, commit, path) or b"").decode("utf-8", "replace").splitlines(keepends=True)
            out.extend(difflib.unified_diff(before, after, f"trước/{path}", f"sau/{path}"))
        return "".join(out)
    finally:
        repo.close()


def _commit_and_parent(repo: Repo, change_id: str) -> tuple[Commit, Commit | None]:
    try:
        commit = repo[change_id.encode()]
    except (KeyError, ValueError) as exc:
        raise HistoryError(f"Không có thay đổi {change_id} trong lịch sử.") from exc
    if not isinstance(commit, Commit):
        raise HistoryError(f"Không có thay đổi {change_id} trong lịch sử.")
    parent = repo[commit.parents[0]] if commit.parents else None
    assert parent is None or isinstance(parent, Commit)
    return commit, parent


def undo(folder: Path, change_id: str, who: str) -> str:
    """Put back the files ``change_id`` touched as they were before it, as a new change by ``who``."""
    record(folder, [], OUTSIDE, "")  # edits on disk not yet recorded count as later changes
    log = changes(folder, limit=10_000)
    position = next((i for i, c in enumerate(log) if c.id == change_id), None)
    if position is None:
        raise HistoryError(f"Không có thay đổi {change_id} trong lịch sử.")
    target, newer = log[position], log[:position]
    later = [c for c in newer if set(c.paths) & set(target.paths)]
    if later:
        raise HistoryError(
            f"Không hoàn tác được: {', '.join(sorted(set(target.paths) & set(later[-1].paths)))} đã được "
            f"{later[-1].who} sửa tiếp lúc {later[-1].when:%H:%M %d/%m/%Y}; hãy hoàn tác thay đổi đó trước."
        )
    repo = Repo(str(folder))
    try:
        _, parent = _commit_and_parent(repo, change_id)
        for path in target.paths:
            before = _content(repo, parent, path)
            file = folder / path
            if before is None:
                file.unlink(missing_ok=True)
            else:
                file.parent.mkdir(parents=True, exist_ok=True)
                tmp = file.with_name(f".{file.name}.hoan-tac")
                tmp.write_bytes(before)
                tmp.replace(file)
    finally:
        repo.close()
    result = record(folder, [folder / p for p in target.paths], who, f"Hoàn tác: {target.message}")
    if result is None:
        raise HistoryError("Các tệp đã như trước thay đổi này; không có gì để hoàn tác.")
    return result
