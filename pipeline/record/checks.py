"""Rules that no single-file schema can express: they look across records and at the disk.

Each rule reads schema-valid records (so keys can be indexed without fear) and returns problems
positioned on the record that must change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path as FsPath, PureWindowsPath

from ..text import nearest
from .problems import Problem, display_path
from .schema import controlled_fields
from .source import Source

# Nghị quyết 203/2025/QH15: two-level local government from this day on.
DISTRICT_LEVEL_ENDS = dt.date(2025, 7, 1)

_PROFILE_FOR_KIND = {"Nhà nước": "ND30", "Đảng": "HD36"}


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def check(sources: Iterable[Source], broken: dict[str, str | None] | None = None, unreadable: bool = False) -> list[Problem]:
    """All cross-record problems among ``sources`` (each already valid against its schema).

    ``broken`` maps unit codes and petition ids to the file that holds them but failed validation
    (None when that file's errors are already reported), so a reference to them says "fix that
    file first" rather than "does not exist". With ``unreadable``, some reported file could not be
    read at all, so references that resolve nowhere are held back until it can be.
    """
    broken = broken or {}
    by_kind: dict[str, list[Source]] = {}
    for s in sources:
        by_kind.setdefault(s.data["loai_tep"], []).append(s)
    units = by_kind.get("đơn vị", [])
    plans = by_kind.get("kế hoạch năm", [])
    sessions = by_kind.get("buổi tiếp xúc, đối thoại", [])
    followups = by_kind.get("kết quả giải quyết", [])

    problems: list[Problem] = []
    unit_data = _check_units(units, problems)
    _check_ids(units, sessions, problems)
    for s in plans + sessions + followups:
        _check_unit_ref(s, unit_data, broken, unreadable, problems)
    for s in plans:
        _check_plan(s, unit_data.get(s.data["don_vi"]), problems)
    _check_plan_duplicates(plans, problems)
    for s in sessions:
        _check_session(s, unit_data.get(s.data["don_vi"]), problems)
    _check_followups(followups, sessions, broken, unreadable, problems)
    return problems


def _check_units(units: list[Source], problems: list[Problem]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for s in units:
        d = s.data
        if d["nguoi_ky_mac_dinh"] not in d["nguoi_ky"]:
            problems.append(
                s.problem(("nguoi_ky_mac_dinh",), _unknown_signer(d["nguoi_ky_mac_dinh"], d["nguoi_ky"]))
            )
        expected = _PROFILE_FOR_KIND[d["khoi"]]
        if d["the_thuc"] != expected:
            problems.append(
                s.problem(
                    ("the_thuc",),
                    f"đơn vị khối {d['khoi']} dùng thể thức {expected}, không phải {d['the_thuc']}",
                )
            )
        defaults = controlled_fields()
        for i, extra in enumerate(d.get("linh_vuc_bo_sung", [])):
            if extra in defaults:
                problems.append(
                    s.problem(("linh_vuc_bo_sung", i), f"lĩnh vực '{extra}' đã có trong danh mục chung; hãy xóa dòng này")
                )
        found.setdefault(d["ma_don_vi"], d)
    return found


def _unknown_signer(key: str, signers: dict) -> str:
    guess = nearest(key, list(signers))
    hint = f"; có phải ý bạn là '{guess}'?" if guess else f"; các mã đã khai: {', '.join(signers)}"
    return f"người ký '{key}' chưa được khai ở mục nguoi_ky của tệp đơn vị{hint}"


def _check_ids(units: list[Source], sessions: list[Source], problems: list[Problem]) -> None:
    """Unit codes, session ids and petition ids are each unique across everything read."""
    seen: dict[str, tuple[str, Source, tuple]] = {}

    def claim(value: str, what: str, s: Source, path: tuple) -> None:
        if value in seen:
            first_what, first, first_path = seen[value]
            line, _ = first.position(first_path)
            where = f"dòng {line}" if first is s else f"{first.display} dòng {line}"
            problems.append(s.problem(path, f"mã '{value}' bị trùng: đã dùng cho {first_what} ở {where}"))
        else:
            seen[value] = (what, s, path)

    unit_codes: dict[str, tuple[Source, tuple]] = {}
    for s in units:
        code = s.data["ma_don_vi"]
        if code in unit_codes:
            first, path = unit_codes[code]
            problems.append(
                s.problem(("ma_don_vi",), f"mã đơn vị '{code}' bị trùng với {first.display} dòng {first.position(path)[0]}")
            )
        else:
            unit_codes[code] = (s, ("ma_don_vi",))
    for s in sessions:
        claim(s.data["ma"], "buổi tiếp xúc, đối thoại", s, ("ma",))
        for i, p in enumerate(s.data["kien_nghi"]):
            claim(p["ma"], "kiến nghị", s, ("kien_nghi", i, "ma"))


def _elsewhere(ref: str, known: dict, broken: dict[str, str | None], unreadable: bool) -> str | None:
    """For a reference that resolves nowhere: "" to say nothing, a message, or None if truly unknown."""
    if ref in known:
        return ""
    if ref in broken:
        return "" if broken[ref] is None else f"nằm trong tệp đang có lỗi ({broken[ref]}); hãy sửa tệp đó trước"
    return "" if unreadable else None


def _check_unit_ref(
    s: Source, units: dict[str, dict], broken: dict[str, str | None], unreadable: bool, problems: list[Problem]
) -> None:
    code = s.data["don_vi"]
    note = _elsewhere(code, units, broken, unreadable)
    if note:
        problems.append(s.problem(("don_vi",), f"đơn vị '{code}' {note}"))
    elif note is None:
        guess = nearest(code, list(units))
        hint = f"; có phải ý bạn là '{guess}'?" if guess else " (tệp don-vi.yaml của đơn vị phải nằm ở thư mục này hoặc thư mục cha)"
        problems.append(s.problem(("don_vi",), f"không tìm thấy đơn vị có ma_don_vi '{code}'{hint}"))


def _check_district(s: Source, unit: dict | None, path: tuple, day: dt.date, problems: list[Problem]) -> None:
    if unit and unit["cap"] == "huyện" and day >= DISTRICT_LEVEL_ENDS:
        problems.append(
            s.problem(
                path,
                f"đơn vị '{unit['ma_don_vi']}' là cấp huyện, nhưng cấp huyện không còn từ 01/7/2025 "
                f"(Nghị quyết 203/2025/QH15); hồ sơ ngày {_vn(day)} phải thuộc đơn vị cấp tỉnh hoặc cấp xã",
            )
        )


def _check_signer_ref(s: Source, unit: dict | None, path: tuple, problems: list[Problem]) -> None:
    key = s.data
    for part in path:
        key = key[part]
    if unit and key not in unit["nguoi_ky"]:
        problems.append(s.problem(path, _unknown_signer(key, unit["nguoi_ky"])))


def _check_plan(s: Source, unit: dict | None, problems: list[Problem]) -> None:
    d = s.data
    issued = _date(d["ngay"])
    _check_district(s, unit, ("ngay",), issued, problems)
    if issued.year not in (d["nam"] - 1, d["nam"]):
        problems.append(
            s.problem(("ngay",), f"kế hoạch năm {d['nam']} không thể ban hành ngày {_vn(issued)} (phải trong năm {d['nam'] - 1} hoặc {d['nam']})")
        )
    if "nguoi_ky" in d:
        _check_signer_ref(s, unit, ("nguoi_ky",), problems)
    for i, planned in enumerate(d["cac_buoi"]):
        if "ngay_du_kien" in planned:
            day = _date(planned["ngay_du_kien"])
            if day.year != d["nam"] or day.month != planned["thang_du_kien"]:
                problems.append(
                    s.problem(
                        ("cac_buoi", i, "ngay_du_kien"),
                        f"ngày dự kiến {_vn(day)} không thuộc tháng {planned['thang_du_kien']} năm {d['nam']} đã ghi ở thang_du_kien",
                    )
                )


def _check_plan_duplicates(plans: list[Source], problems: list[Problem]) -> None:
    seen: dict[tuple[str, int], Source] = {}
    for s in plans:
        key = (s.data["don_vi"], s.data["nam"])
        if key in seen:
            problems.append(s.problem(("nam",), f"đơn vị '{key[0]}' đã có kế hoạch năm {key[1]} ở {seen[key].display}"))
        else:
            seen[key] = s


def _check_session(s: Source, unit: dict | None, problems: list[Problem]) -> None:
    d = s.data
    held = _date(d["ngay"])
    _check_district(s, unit, ("ngay",), held, problems)
    if "gio_ket_thuc" in d and d["gio_ket_thuc"] <= d["gio_bat_dau"]:
        problems.append(
            s.problem(("gio_ket_thuc",), f"giờ kết thúc {d['gio_ket_thuc']} phải sau giờ bắt đầu {d['gio_bat_dau']}")
        )
    allowed = controlled_fields() + list(unit.get("linh_vuc_bo_sung", [])) if unit else None
    for i, p in enumerate(d["kien_nghi"]):
        if "han_giai_quyet" in p and _date(p["han_giai_quyet"]) < held:
            problems.append(
                s.problem(
                    ("kien_nghi", i, "han_giai_quyet"),
                    f"hạn giải quyết {_vn(_date(p['han_giai_quyet']))} trước ngày tổ chức buổi đối thoại {_vn(held)}",
                )
            )
        if allowed is not None and p["linh_vuc"] not in allowed:
            guess = nearest(p["linh_vuc"], allowed)
            hint = f"; có phải ý bạn là '{guess}'?" if guess else "; xem danh mục lĩnh vực trong README, hoặc bổ sung ở linh_vuc_bo_sung của tệp đơn vị"
            problems.append(s.problem(("kien_nghi", i, "linh_vuc"), f"lĩnh vực '{p['linh_vuc']}' không có trong danh mục{hint}"))
    for i, doc in enumerate(d.get("van_ban", [])):
        if "nguoi_ky" in doc:
            _check_signer_ref(s, unit, ("van_ban", i, "nguoi_ky"), problems)
        if "tep" in doc:
            _check_attachment(s, ("van_ban", i, "tep"), doc["tep"], problems)
    for i, att in enumerate(d.get("tep_dinh_kem", [])):
        _check_attachment(s, ("tep_dinh_kem", i, "tep"), att["tep"], problems)


def _check_attachment(s: Source, path: tuple, name: str, problems: list[Problem]) -> None:
    """Attachments are files beside the record; never a path that leaves its folder."""
    message = attachment_problem(s.path.parent, name)
    if message:
        problems.append(s.problem(path, message))


def attachment_problem(folder: FsPath, name: str) -> str | None:
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        return f"đường dẫn '{name}' là đường dẫn tuyệt đối; hãy đặt tệp cạnh tệp hồ sơ và ghi đường dẫn tính từ thư mục này"
    if "\\" in name:
        return f"đường dẫn '{name}' dùng dấu '\\'; hãy dùng dấu '/', ví dụ {name.replace(chr(92), '/')}"
    if ".." in name.split("/"):
        return f"đường dẫn '{name}' có '..' trỏ ra ngoài thư mục hồ sơ; tệp đính kèm phải nằm trong thư mục chứa tệp này"
    root = folder.resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(root):
        return f"đường dẫn '{name}' trỏ ra ngoài thư mục hồ sơ (qua liên kết); hãy chép tệp vào thư mục này"
    if target.is_dir():
        return f"'{name}' là thư mục, không phải tệp"
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


def _check_followups(
    followups: list[Source],
    sessions: list[Source],
    broken: dict[str, str | None],
    unreadable: bool,
    problems: list[Problem],
) -> None:
    petitions: dict[str, tuple[dict, dict]] = {}
    for s in sessions:
        for p in s.data["kien_nghi"]:
            petitions.setdefault(p["ma"], (p, s.data))
    for s in followups:
        for i, update in enumerate(s.data["cap_nhat"]):
            ref = update["kien_nghi"]
            note = _elsewhere(ref, petitions, broken, unreadable)
            if note:
                problems.append(s.problem(("cap_nhat", i, "kien_nghi"), f"kiến nghị '{ref}' {note}"))
            if note is not None and ref not in petitions:
                continue
            if ref not in petitions:
                guess = nearest(ref, list(petitions), cutoff=0.8)
                hint = f"; có phải ý bạn là '{guess}'?" if guess else ""
                problems.append(s.problem(("cap_nhat", i, "kien_nghi"), f"không có kiến nghị nào mang mã '{ref}'{hint}"))
                continue
            _, session = petitions[ref]
            if session["don_vi"] != s.data["don_vi"]:
                problems.append(
                    s.problem(
                        ("cap_nhat", i, "kien_nghi"),
                        f"kiến nghị '{ref}' thuộc đơn vị '{session['don_vi']}', không phải '{s.data['don_vi']}'",
                    )
                )
            day, held = _date(update["ngay"]), _date(session["ngay"])
            if day < held:
                problems.append(
                    s.problem(
                        ("cap_nhat", i, "ngay"),
                        f"ngày cập nhật {_vn(day)} trước ngày buổi đối thoại {_vn(held)} nêu kiến nghị '{ref}'",
                    )
                )
