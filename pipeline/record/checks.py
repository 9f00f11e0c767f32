"""Rules that no single-file schema can express: they look across records and at the disk.

Rules also run on records that failed their schema, so a clerk sees every problem in one run: a
piece too malformed to check is skipped (its schema error is already on screen). Records that passed
the schema get no such leniency, so a bug in a rule still fails loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from pathlib import PureWindowsPath

from .. import doctypes, profile
from ..formatting import is_unknown, short_date
from ..text import nearest
from .model import DISTRICT_LEVEL_ENDS, Holder, holder, person_key
from .problems import Problem, display_path
from .schema import KINDS, controlled_fields
from .source import Source


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _items(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    value = data.get(key)
    if isinstance(value, list):
        yield from ((i, item) for i, item in enumerate(value) if isinstance(item, dict))


@contextmanager
def _tolerant(source: Source):
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError):
        if source.valid:
            raise


@dataclass
class _Scope:
    """What the rules look things up in."""

    units: dict[str, dict] = field(default_factory=dict)  # valid units: usable as context
    unit_codes: set[str] = field(default_factory=set)  # every unit code seen, valid or not
    petitions: dict[str, tuple[dict, dict]] = field(default_factory=dict)  # id -> (petition, session), valid only
    petition_ids: set[str] = field(default_factory=set)  # every petition id seen
    unreadable: tuple[str, ...] = ()  # unasked files of the unit that could not be read at all
    hold_missing: bool = False  # an asked file could not be read: what resolves nowhere may be in it
    today: dt.date = field(default_factory=dt.date.today)

    def missing(self, message: str) -> str | None:
        """The problem text for a reference that resolves nowhere, or None to hold it back."""
        if self.hold_missing:
            return None
        if self.unreadable:
            message += f" (lưu ý: chưa đọc được {', '.join(self.unreadable)}; sửa tệp đó rồi kiểm tra lại)"
        return message


def check(
    sources: Iterable[Source],
    unreadable: Iterable[str] = (),
    hold_missing: bool = False,
    today: dt.date | None = None,
) -> list[Problem]:
    """All cross-record problems among ``sources`` (with or without schema errors).

    ``unreadable`` names unasked files of the same units that could not be read; ``hold_missing``
    says an asked file could not be read, so references that resolve nowhere are not reported yet.
    """
    by_kind: dict[str, list[Source]] = {kind: [] for kind in KINDS}
    for s in sources:
        if isinstance(s.data, dict) and s.data.get("loai_tep") in KINDS:
            by_kind[s.data["loai_tep"]].append(s)
    units, plans = by_kind["đơn vị"], by_kind["kế hoạch năm"]
    sessions, followups = by_kind["buổi tiếp xúc, đối thoại"], by_kind["kết quả giải quyết"]

    scope = _Scope(unreadable=tuple(unreadable), hold_missing=hold_missing, today=today or dt.date.today())
    for s in units:
        if isinstance(s.data.get("ma_don_vi"), str):
            scope.unit_codes.add(s.data["ma_don_vi"])
            if s.valid:
                scope.units.setdefault(s.data["ma_don_vi"], s.data)
    for s in sessions:
        for _, p in _items(s.data, "kien_nghi"):
            if isinstance(p.get("ma"), str):
                scope.petition_ids.add(p["ma"])
                if s.valid:
                    scope.petitions.setdefault(p["ma"], (p, s.data))

    problems: list[Problem] = []
    for s in units:
        _unit_rules(s, problems)
    _unique_ids(units, sessions, problems)
    for s in plans + sessions + followups:
        with _tolerant(s):
            _unit_ref(s, scope, problems)
    for s in plans:
        _plan_rules(s, scope.units.get(s.data.get("don_vi")), problems)
    _plan_duplicates(plans, problems)
    for s in sessions:
        _session_rules(s, scope.units.get(s.data.get("don_vi")), problems)
        _carried_over(s, scope, problems)
    for s in followups:
        _followup_rules(s, scope, problems)
    return problems


def _unit_rules(s: Source, problems: list[Problem]) -> None:
    d = s.data
    with _tolerant(s):
        if d["nguoi_ky_mac_dinh"] not in d["nguoi_ky"]:
            problems.append(s.problem(("nguoi_ky_mac_dinh",), _unknown_signer(d["nguoi_ky_mac_dinh"], d["nguoi_ky"])))
    with _tolerant(s):
        expected = profile.for_kind(d["khoi"])
        if expected and d["the_thuc"] not in expected:
            problems.append(
                s.problem(
                    ("the_thuc",),
                    f"đơn vị khối {d['khoi']} dùng thể thức {' hoặc '.join(expected)}, không phải {d['the_thuc']}",
                )
            )
    posts = d.get("nguoi_ky")
    for key, post in posts.items() if isinstance(posts, dict) else ():
        with _tolerant(s):
            _post_terms(s, key, post, problems)
    defaults = controlled_fields()
    for i, extra in enumerate(d.get("linh_vuc_bo_sung") or []):
        if extra in defaults:
            problems.append(
                s.problem(("linh_vuc_bo_sung", i), f"lĩnh vực '{extra}' đã có trong danh mục chung; hãy xóa dòng này")
            )


def _terms(post: dict) -> list[tuple[tuple, Holder]]:
    """Each holder of a post of nguoi_ky, with the path of its entry inside the post."""
    if "nguoi_giu" in post:
        return [(("nguoi_giu", i), holder(entry)) for i, entry in _items(post, "nguoi_giu")]
    return [((), holder(post))]


def _term(h: Holder) -> str:
    """Nhiệm kỳ as a message quotes it: "Lê Thị Mới từ 01/01/2026 đến 31/12/2030"."""
    start = f" từ {short_date(h.start)}" if h.start else ""
    end = f" đến {short_date(h.end)}" if h.end else ""
    return f"{h.name}{start}{end}" if start or end else f"{h.name} (không ghi thời hạn)"


def _overlap(a: Holder, b: Holder) -> bool:
    a_before_b_ends = a.start is None or b.end is None or a.start <= b.end
    return a_before_b_ends and (b.start is None or a.end is None or b.start <= a.end)


def _post_terms(s: Source, key: str, post: dict, problems: list[Problem]) -> None:
    """Each term ends after it starts, and one post has one holder on any day."""
    terms = []
    for at, h in _terms(post):
        if h.start and h.end and h.start > h.end:
            problems.append(
                s.problem(
                    ("nguoi_ky", key, *at, "den_ngay"),
                    f"{h.name} thôi giữ chức vụ (den_ngay {short_date(h.end)}) trước ngày bắt đầu giữ chức vụ "
                    f"(tu_ngay {short_date(h.start)})",
                )
            )
        else:
            terms.append((at, h))
    for j, (at, later) in enumerate(terms):
        earlier = next((h for _, h in terms[:j] if _overlap(h, later)), None)
        if earlier:
            problems.append(
                s.problem(
                    ("nguoi_ky", key, *at, "tu_ngay") if later.start else ("nguoi_ky", key, *at),
                    f"nhiệm kỳ của {later.name} trùng với nhiệm kỳ của {earlier.name} ở chức vụ {post['chuc_vu']} "
                    f"({key}): mỗi ngày chỉ một người giữ chức vụ; nhiệm kỳ: {_term(earlier)}; {_term(later)}",
                )
            )


def _in_office(
    s: Source, unit: dict | None, path: tuple, key: str | None, day: dt.date, dated: bool, problems: list[Problem]
) -> None:
    """The signer of a document (post ``key``, or the unit's default) had a holder on the document's day."""
    if not unit:
        return
    key = key or unit["nguoi_ky_mac_dinh"]
    post = unit["nguoi_ky"].get(key)
    if not isinstance(post, dict):
        return  # an unknown signer: reported as such
    terms = [h for _, h in _terms(post)]
    if any(h.in_office(day) for h in terms):
        return
    when = f"ngày {short_date(day)}" if dated else f"văn bản chưa ghi ngày, tính theo ngày tổ chức {short_date(day)}:"
    problems.append(
        s.problem(
            path,
            f"{when} không ai giữ chức vụ {post['chuc_vu']} ({key}), người ký văn bản này; "
            f"nhiệm kỳ: {'; '.join(_term(h) for h in terms)}",
        )
    )


def _signed_by_unit(doc: dict) -> bool:
    """The document carries the signature block of one of the unit's signers: the one it names, or for a
    document hoso drafts, the default signer (the chair signs a biên bản; an office's file shows its own)."""
    if "khong_ban_hanh" in doc:
        return False
    if "nguoi_ky" in doc:
        return True
    kind = doctypes.find(doc["loai"])
    return "tep" not in doc and kind is not None and kind.drafted and not kind.signed_by_chair


def _chair_in_office(s: Source, unit: dict, held: dt.date, problems: list[Problem]) -> None:
    """A chair who held one of the unit's posts at some time held one on the session's day."""
    chairs = s.data["chu_tri"]
    name = chairs[0]["ho_ten"] if chairs else None
    if not isinstance(name, str):
        return
    posts = []
    for key, post in unit["nguoi_ky"].items():
        terms = [h for _, h in _terms(post) if person_key(h.name) == person_key(name)]
        if any(h.in_office(held) for h in terms):
            return
        if terms:
            posts.append((f"{post['chuc_vu']} ({key})", terms))
    if posts:
        problems.append(
            s.problem(
                ("chu_tri", 0, "ho_ten"),
                f"người chủ trì {name} không giữ chức vụ {', '.join(p for p, _ in posts)} vào ngày {short_date(held)}; "
                f"nhiệm kỳ: {'; '.join(_term(h) for _, terms in posts for h in terms)}",
            )
        )


def _unknown_signer(key: str, signers: dict) -> str:
    guess = nearest(key, list(signers))
    hint = f"; có phải ý bạn là '{guess}'?" if guess else f"; các mã đã khai: {', '.join(signers)}"
    return f"người ký '{key}' chưa được khai ở mục nguoi_ky của tệp đơn vị{hint}"


def _unique_ids(units: list[Source], sessions: list[Source], problems: list[Problem]) -> None:
    """Unit codes are unique; session ids and petition ids share one namespace and are unique."""

    def claim(seen: dict, value: object, what: str, s: Source, path: tuple) -> None:
        if not isinstance(value, str):
            return
        if value not in seen:
            seen[value] = (what, s, path)
            return
        first_what, first, first_path = seen[value]
        line = first.position(first_path)[0]
        where = f"dòng {line}" if first is s else f"{first.display} dòng {line}"
        problems.append(s.problem(path, f"mã '{value}' bị trùng: đã dùng cho {first_what} ở {where}"))

    unit_codes: dict = {}
    for s in units:
        claim(unit_codes, s.data.get("ma_don_vi"), "đơn vị", s, ("ma_don_vi",))
    ids: dict = {}
    for s in sessions:
        claim(ids, s.data.get("ma"), "buổi tiếp xúc, đối thoại", s, ("ma",))
        for i, p in _items(s.data, "kien_nghi"):
            claim(ids, p.get("ma"), "kiến nghị", s, ("kien_nghi", i, "ma"))


def _unit_ref(s: Source, scope: _Scope, problems: list[Problem]) -> None:
    code = s.data["don_vi"]
    if isinstance(code, str) and code not in scope.unit_codes:
        guess = nearest(code, sorted(scope.unit_codes))
        hint = (
            f"; có phải ý bạn là '{guess}'?"
            if guess
            else " (tệp don-vi.yaml của đơn vị phải nằm ở thư mục này hoặc thư mục cha)"
        )
        message = scope.missing(f"không tìm thấy đơn vị có ma_don_vi '{code}'{hint}")
        if message:
            problems.append(s.problem(("don_vi",), message))


def _district(s: Source, unit: dict | None, path: tuple, day: dt.date, problems: list[Problem]) -> None:
    if unit and unit["cap"] == "huyện" and day >= DISTRICT_LEVEL_ENDS:
        problems.append(
            s.problem(
                path,
                f"đơn vị '{unit['ma_don_vi']}' là cấp huyện, nhưng cấp huyện không còn từ 01/7/2025 "
                f"(Nghị quyết 203/2025/QH15); hồ sơ ngày {short_date(day)} phải thuộc đơn vị cấp tỉnh hoặc cấp xã",
            )
        )


def _signer_ref(s: Source, unit: dict | None, path: tuple, key: str, problems: list[Problem]) -> None:
    if unit and isinstance(key, str) and key not in unit["nguoi_ky"]:
        problems.append(s.problem(path, _unknown_signer(key, unit["nguoi_ky"])))


def _plan_rules(s: Source, unit: dict | None, problems: list[Problem]) -> None:
    d = s.data
    with _tolerant(s):
        issued = _date(d["ngay"])
        _district(s, unit, ("ngay",), issued, problems)
        if issued.year not in (d["nam"] - 1, d["nam"]):
            problems.append(
                s.problem(
                    ("ngay",),
                    f"kế hoạch năm {d['nam']} không thể ban hành ngày {short_date(issued)} "
                    f"(phải trong năm {d['nam'] - 1} hoặc {d['nam']})",
                )
            )
    with _tolerant(s):
        if "nguoi_ky" in d:
            _signer_ref(s, unit, ("nguoi_ky",), d["nguoi_ky"], problems)
    with _tolerant(s):
        _in_office(s, unit, ("ngay",), d.get("nguoi_ky"), _date(d["ngay"]), True, problems)
    for i, planned in _items(d, "cac_buoi"):
        with _tolerant(s):
            if "ngay_du_kien" in planned:
                day = _date(planned["ngay_du_kien"])
                if day.year != d["nam"] or day.month != planned["thang_du_kien"]:
                    problems.append(
                        s.problem(
                            ("cac_buoi", i, "ngay_du_kien"),
                            f"ngày dự kiến {short_date(day)} không thuộc tháng {planned['thang_du_kien']} "
                            f"năm {d['nam']} đã ghi ở thang_du_kien",
                        )
                    )


def _plan_duplicates(plans: list[Source], problems: list[Problem]) -> None:
    seen: dict[tuple, Source] = {}
    for s in plans:
        key = (s.data.get("don_vi"), s.data.get("nam"))
        if not all(isinstance(k, (str, int)) for k in key):
            continue
        if key in seen:
            problems.append(s.problem(("nam",), f"đơn vị '{key[0]}' đã có kế hoạch năm {key[1]} ở {seen[key].display}"))
        else:
            seen[key] = s


def _session_rules(s: Source, unit: dict | None, problems: list[Problem]) -> None:
    d = s.data
    held: dt.date | None = None
    with _tolerant(s):
        held = _date(d["ngay"])
        _district(s, unit, ("ngay",), held, problems)
    with _tolerant(s):
        # fromisoformat is strict ("8h30" raises), so a malformed time is left to its schema error.
        known = not is_unknown(d.get("gio_ket_thuc")) and not is_unknown(d["gio_bat_dau"])
        if (
            known
            and "gio_ket_thuc" in d
            and dt.time.fromisoformat(d["gio_ket_thuc"]) <= dt.time.fromisoformat(d["gio_bat_dau"])
        ):
            problems.append(
                s.problem(
                    ("gio_ket_thuc",), f"giờ kết thúc {d['gio_ket_thuc']} phải sau giờ bắt đầu {d['gio_bat_dau']}"
                )
            )
    with _tolerant(s):
        if held and unit:
            _chair_in_office(s, unit, held, problems)
    allowed = controlled_fields() + list(unit.get("linh_vuc_bo_sung", [])) if unit else None
    for i, p in _items(d, "kien_nghi"):
        with _tolerant(s):
            if (
                held
                and not is_unknown(p.get("han_giai_quyet"))
                and "han_giai_quyet" in p
                and _date(p["han_giai_quyet"]) < held
            ):
                problems.append(
                    s.problem(
                        ("kien_nghi", i, "han_giai_quyet"),
                        f"hạn giải quyết {short_date(_date(p['han_giai_quyet']))} "
                        f"trước ngày tổ chức buổi đối thoại {short_date(held)}",
                    )
                )
        with _tolerant(s):
            if allowed is not None and isinstance(p["linh_vuc"], str) and p["linh_vuc"] not in allowed:
                guess = nearest(p["linh_vuc"], allowed)
                hint = (
                    f"; có phải ý bạn là '{guess}'?"
                    if guess
                    else "; xem danh mục lĩnh vực trong README, hoặc bổ sung ở linh_vuc_bo_sung của tệp đơn vị"
                )
                problems.append(
                    s.problem(("kien_nghi", i, "linh_vuc"), f"lĩnh vực '{p['linh_vuc']}' không có trong danh mục{hint}")
                )
    for i, doc in _items(d, "van_ban"):
        with _tolerant(s):
            if "nguoi_ky" in doc:
                _signer_ref(s, unit, ("van_ban", i, "nguoi_ky"), doc["nguoi_ky"], problems)
        with _tolerant(s):
            if held and _signed_by_unit(doc):
                day = _date(doc["ngay"]) if "ngay" in doc else held
                at = ("van_ban", i, "ngay") if "ngay" in doc else ("van_ban", i)
                _in_office(s, unit, at, doc.get("nguoi_ky"), day, "ngay" in doc, problems)
        with _tolerant(s):
            if held and "ngay" in doc:
                _document_date(s, i, doc["loai"], _date(doc["ngay"]), held, problems)
        with _tolerant(s):
            if "tep" in doc:
                _attachment(s, ("van_ban", i, "tep"), doc["tep"], problems)
        with _tolerant(s):
            _document_state(s, i, doc, problems)
    for i, att in _items(d, "tep_dinh_kem"):
        with _tolerant(s):
            _attachment(s, ("tep_dinh_kem", i, "tep"), att["tep"], problems)


def _document_state(s: Source, i: int, doc: dict, problems: list[Problem]) -> None:
    """One life per document: dự thảo, đã ban hành (a signed file, tep, or the electronic rendering,
    ban_hanh) or không ban hành; a số always with its ngày."""
    at = ("van_ban", i)
    if "khong_ban_hanh" in doc:
        extra = [k for k in ("so", "ngay", "tep", "ban_hanh") if k in doc]
        if extra:
            problems.append(
                s.problem(
                    (*at, extra[0]),
                    f"{doc['loai']} ghi khong_ban_hanh (buổi này không ban hành) nên không có "
                    f"{', '.join(extra)}; bỏ khong_ban_hanh nếu văn bản đã ban hành",
                )
            )
        return
    kind = doctypes.find(doc["loai"])
    if "ban_hanh" in doc and kind is not None and not kind.drafted:
        problems.append(
            s.problem((*at, "ban_hanh"), f"hoso không soạn {doc['loai']}: hãy đính kèm tệp (tep), bỏ ban_hanh")
        )
    elif "tep" in doc and "ban_hanh" in doc:
        problems.append(
            s.problem(
                (*at, "ban_hanh"),
                "ghi tep (bản đã ký được đính kèm) hoặc ban_hanh: bản điện tử (không có bản ký), không ghi cả hai",
            )
        )
    if "so" in doc and "ngay" not in doc:
        problems.append(s.problem((*at, "so"), f"{doc['loai']} có số (so) mà chưa ghi ngày ban hành (ngay)"))


def _document_date(s: Source, i: int, kind: str, day: dt.date, held: dt.date, problems: list[Problem]) -> None:
    issued = doctypes.get(kind).issued
    if issued == doctypes.BEFORE and day > held:
        problems.append(
            s.problem(
                ("van_ban", i, "ngay"),
                f"{kind} ngày {short_date(day)} lại sau ngày tổ chức buổi đối thoại {short_date(held)}",
            )
        )
    elif issued == doctypes.AFTER and day < held:
        problems.append(
            s.problem(
                ("van_ban", i, "ngay"),
                f"{kind} ngày {short_date(day)} lại trước ngày tổ chức buổi đối thoại {short_date(held)}",
            )
        )


def _attachment(s: Source, path: tuple, name: str, problems: list[Problem]) -> None:
    """Attachments are files beside the record; never a path that leaves its folder."""
    message = attachment_problem(s.path.parent, name)
    if message:
        problems.append(s.problem(path, message))


def attachment_problem(folder: FsPath, name: str) -> str | None:
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        return (
            f"đường dẫn '{name}' là đường dẫn tuyệt đối; "
            "hãy đặt tệp cạnh tệp hồ sơ và ghi đường dẫn tính từ thư mục này"
        )
    if "\\" in name:
        return f"đường dẫn '{name}' dùng dấu '\\'; hãy dùng dấu '/', ví dụ {name.replace(chr(92), '/')}"
    if ".." in name.split("/"):
        return (
            f"đường dẫn '{name}' có '..' trỏ ra ngoài thư mục hồ sơ; tệp đính kèm phải nằm trong thư mục chứa tệp này"
        )
    root = folder.resolve()
    try:
        target = (folder / name).resolve()
    except (RuntimeError, OSError):  # a symlink loop
        return f"'{name}' là liên kết vòng (trỏ vào chính nó); hãy chép tệp thật vào thư mục này"
    if not target.is_relative_to(root):
        return f"đường dẫn '{name}' trỏ ra ngoài thư mục hồ sơ (qua liên kết); hãy chép tệp vào thư mục này"
    if target.is_dir():
        return f"'{name}' là thư mục, không phải tệp"
    if target.exists() and not target.is_file():
        return f"'{name}' không phải tệp thường (FIFO, socket hay thiết bị); hãy đính kèm một tệp"
    if not target.is_file():
        siblings = [p.relative_to(root).as_posix() for p in _files_under(root)]
        guess = nearest(name, siblings, cutoff=0.5)
        hint = f"; có phải ý bạn là '{guess}'?" if guess else ""
        return f"không tìm thấy tệp '{name}' trong thư mục {display_path(folder)}{hint}"
    return None


def _files_under(root: FsPath, limit: int = 2000) -> list[FsPath]:
    out = []
    for p in root.rglob("*"):
        if p.is_file():
            out.append(p)
            if len(out) >= limit:
                break
    return out


def _carried_over(s: Source, scope: _Scope, problems: list[Problem]) -> None:
    """kien_nghi_chuyen_tiep names petitions of the same unit raised at earlier sessions."""
    carried = s.data.get("kien_nghi_chuyen_tiep")
    if not isinstance(carried, list):
        return
    for i, ref in enumerate(carried):
        with _tolerant(s):
            if not isinstance(ref, str):
                continue
            if ref not in scope.petition_ids:
                guess = nearest(ref, sorted(scope.petition_ids), cutoff=0.8)
                message = scope.missing(
                    f"không có kiến nghị nào mang mã '{ref}'" + (f"; có phải ý bạn là '{guess}'?" if guess else "")
                )
                if message:
                    problems.append(s.problem(("kien_nghi_chuyen_tiep", i), message))
                continue
            if ref not in scope.petitions:
                continue  # its session has errors of its own
            _, origin = scope.petitions[ref]
            if origin["don_vi"] != s.data["don_vi"]:
                problems.append(
                    s.problem(
                        ("kien_nghi_chuyen_tiep", i),
                        f"kiến nghị '{ref}' thuộc đơn vị '{origin['don_vi']}', không phải '{s.data['don_vi']}'",
                    )
                )
            elif _date(origin["ngay"]) >= _date(s.data["ngay"]):
                problems.append(
                    s.problem(
                        ("kien_nghi_chuyen_tiep", i),
                        f"kiến nghị '{ref}' không phải của một buổi trước ngày {short_date(_date(s.data['ngay']))}",
                    )
                )


def _followup_rules(s: Source, scope: _Scope, problems: list[Problem]) -> None:
    for i, update in _items(s.data, "cap_nhat"):
        ref, day = update.get("kien_nghi"), None
        with _tolerant(s):
            if isinstance(ref, str) and ref not in scope.petition_ids:
                guess = nearest(ref, sorted(scope.petition_ids), cutoff=0.8)
                hint = f"; có phải ý bạn là '{guess}'?" if guess else ""
                message = scope.missing(f"không có kiến nghị nào mang mã '{ref}'{hint}")
                if message:
                    problems.append(s.problem(("cap_nhat", i, "kien_nghi"), message))
                continue
        with _tolerant(s):
            day = _date(update["ngay"])
            if day > scope.today:
                problems.append(
                    s.problem(
                        ("cap_nhat", i, "ngay"),
                        f"ngày cập nhật {short_date(day)} còn ở tương lai (hôm nay {short_date(scope.today)})",
                    )
                )
        with _tolerant(s):
            if ref not in scope.petitions or day is None:
                continue  # its session, or this date, has errors of its own
            _, session = scope.petitions[ref]
            if session["don_vi"] != s.data["don_vi"]:
                problems.append(
                    s.problem(
                        ("cap_nhat", i, "kien_nghi"),
                        f"kiến nghị '{ref}' thuộc đơn vị '{session['don_vi']}', không phải '{s.data['don_vi']}'",
                    )
                )
            held = _date(session["ngay"])
            if day < held:
                problems.append(
                    s.problem(
                        ("cap_nhat", i, "ngay"),
                        f"ngày cập nhật {short_date(day)} trước ngày buổi đối thoại {short_date(held)} "
                        f"nêu kiến nghị '{ref}'",
                    )
                )
