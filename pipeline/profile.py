"""Format profiles (bộ quy tắc thể thức): every presentation rule of a rule set, read from data.

One YAML file per rule set in ``templates/profiles/`` (ND30 for State bodies, HD36 for Party bodies).
A new rule set — the Party's expected 2026 guidance — is a new file there, not code changes: the
HTML and DOCX templates take every size, margin, pattern and label from the Profile, and validation
accepts any profile whose file declares the unit's khối (``khoi``).

Shared by every stage: validation checks a unit's choice, the documents stage draws with it, the
archive numbers and lists with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import doctypes

PROFILE_DIR = Path(__file__).resolve().parents[1] / "templates" / "profiles"


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    kind: str  # khối the rule set is for: "Nhà nước" | "Đảng"
    margins_mm: dict[str, float]  # tren, duoi, trai, phai
    issuer_column: float  # share of the text width taken by the letterhead's left column
    fonts: tuple[str, ...]
    sizes: dict[str, float]  # pt, by element
    styles: dict[str, tuple[str, ...]]  # by element: "dam" (bold), "nghieng" (italic), "gach_chan" (underline)
    national_title: str  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | ĐẢNG CỘNG SẢN VIỆT NAM
    motto: str | None  # Độc lập - Tự do - Hạnh phúc (State only)
    under_issuer: str  # "gạch" (a short rule) or "*"
    rule_under_subject: bool  # a short rule under the trích yếu
    number_pattern: str
    reference_pattern: str  # số và ký hiệu alone, as a register or the Mục lục văn bản writes it
    notation_pattern: str
    letter_notation_pattern: str  # công văn
    blank_number_pattern: str
    number_digits: int
    date_pattern: str
    blank_date_pattern: str
    type_codes: dict[str, str | None]  # document type -> abbreviation (None: not numbered / công văn)
    minutes_signers: tuple[str, str]  # left, right labels of a biên bản
    minutes_date_line: bool  # a biên bản's header carries the place-and-date line (not under ND30, Mẫu 1.9)
    recipients_label: str
    archive_line: str
    minutes_archive_line: str  # the "Lưu" line of a biên bản (ND30 Mẫu 1.9: "Lưu: VT, Hồ sơ.")
    end_mark: str | None

    @property
    def text_width_mm(self) -> float:
        return 210 - self.margins_mm["trai"] - self.margins_mm["phai"]

    def notation(self, doc_type: str, unit_abbreviation: str, override: str | None = None) -> str | None:
        """Ký hiệu: KH-UBND (ND30), KH/ĐU (HD36), UBND (State công văn). None if the type is unnumbered."""
        if override:
            return override
        known = doctypes.find(doc_type)
        if known is not None and known.is_letter and known.drafted:
            return self.letter_notation_pattern.format(co_quan=unit_abbreviation)
        code = self.type_codes.get(doc_type, known.abbreviation if known else None)
        if code is None:
            return None
        return self.notation_pattern.format(loai=code, co_quan=unit_abbreviation)

    def number_line(self, notation: str | None, number: int | None) -> str | None:
        """``Số: 05/KH-UBND`` (ND30) or ``Số 05-KH/ĐU`` (HD36); blanks for a number not yet given."""
        if notation is None:
            return None
        if number is None:
            return self.blank_number_pattern.format(ky_hieu=notation)
        return self.number_pattern.format(so=f"{number:0{self.number_digits}d}", ky_hieu=notation)

    def reference(self, notation: str | None, number: int | None) -> str:
        """``05/KH-UBND`` (ND30) or ``05-KH/ĐU`` (HD36); empty when the document has no number."""
        if notation is None or number is None:
            return ""
        return self.reference_pattern.format(so=f"{number:0{self.number_digits}d}", ky_hieu=notation)

    def date_line(self, place: str, day: dt.date | None, year: int) -> str:
        """``An Khánh, ngày 05 tháng 02 năm 2024``: days 1-9 and months 1-2 take a leading zero."""
        if day is None:
            return self.blank_date_pattern.format(dia_danh=place, nam=year)
        month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
        return self.date_pattern.format(dia_danh=place, ngay=f"{day.day:02d}", thang=month, nam=day.year)

    def date_words(self, day: dt.date | None, year: int) -> str:
        """``ngày 05 tháng 02 năm 2024`` as the date line writes it, without the place (a "Kèm theo" line)."""
        return self.date_line("\0", day, year).split("\0, ", 1)[-1]


def available() -> list[str]:
    """The ids of every profile in templates/profiles/, sorted."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def for_kind(kind: str) -> list[str]:
    """The profiles a unit of khối ``kind`` may use."""
    return [pid for pid in available() if load_profile(pid).kind == kind]


@cache
def load_profile(profile_id: str) -> Profile:
    path = PROFILE_DIR / f"{profile_id}.yaml"
    with open(path, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    header, number, date, recipients = d["tieu_de"], d["so"], d["ngay"], d["noi_nhan"]
    return Profile(
        id=d["id"],
        name=d["ten"],
        kind=d["khoi"],
        margins_mm=dict(d["le"]),
        issuer_column=float(d["cot_co_quan"]) / 100,
        fonts=tuple(d["phong_chu"]),
        sizes={k: float(v) for k, v in d["co_chu"].items()},
        styles={k: tuple(v or ()) for k, v in d["kieu_chu"].items()},
        national_title=header["dong_1"],
        motto=header.get("dong_2"),
        under_issuer=header["duoi_co_quan"],
        rule_under_subject=header.get("duoi_trich_yeu") == "gạch",
        number_pattern=number["mau"],
        reference_pattern=number["so_ky_hieu"],
        notation_pattern=number["ky_hieu"],
        letter_notation_pattern=number["ky_hieu_cong_van"],
        blank_number_pattern=number["cho_trong"],
        number_digits=int(number["so_chu_so_toi_thieu"]),
        date_pattern=date["mau"],
        blank_date_pattern=date["cho_trong"],
        type_codes=dict(d["viet_tat_loai"]),
        minutes_signers=(d["ky_bien_ban"]["trai"], d["ky_bien_ban"]["phai"]),
        minutes_date_line=bool(d.get("bien_ban_dia_danh_ngay", True)),
        recipients_label=recipients["nhan"],
        archive_line=recipients["luu"],
        minutes_archive_line=recipients.get("luu_bien_ban", recipients["luu"]),
        end_mark=d.get("ket_thuc_noi_dung"),
    )
