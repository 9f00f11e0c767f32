"""The records as plain dataclasses: what every later stage (documents, archive, index, follow-up) reads.

Built only from records that passed validation, so every field here can be trusted.
Identifiers are English; the Vietnamese term a clerk uses is given in each docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Signer:
    """Người ký: the signature block of a document."""

    name: str
    title: str  # chức vụ, as printed (CHỦ TỊCH, BÍ THƯ)
    authority: str | None = None  # quyền hạn: TM., KT., T/M …
    on_behalf_of: str | None = None  # the text after the authority: ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ


@dataclass(frozen=True)
class Fonds:
    """Phông lưu trữ."""

    name: str
    number: str | None = None  # phông số
    catalogue: str | None = None  # mục lục số
    history: str | None = None


@dataclass(frozen=True)
class Unit:
    """Đơn vị: the Party committee or People's Committee that holds the sessions."""

    code: str  # ma_don_vi
    name: str  # tên cơ quan ban hành, as printed
    parent_body: str | None  # cơ quan chủ quản / cấp trên trực tiếp, as printed
    kind: str  # khối: "Đảng" | "Nhà nước"
    level: str  # cấp: "tỉnh" | "huyện" | "xã"
    abbreviation: str  # ký hiệu in document numbers (UBND, ĐU)
    place: str  # địa danh for the date line
    organ_id: str  # mã định danh
    fonds: Fonds
    profile: str  # thể thức: "ND30" | "HD36"
    signers: dict[str, Signer]
    default_signer: str
    extra_fields: tuple[str, ...]  # lĩnh vực bổ sung
    path: Path


@dataclass(frozen=True)
class PlannedSession:
    """One buổi planned in the kế hoạch năm."""

    month: int
    topic: str
    form: str
    date: dt.date | None = None
    location: str | None = None
    chair: str | None = None
    participants: str | None = None


@dataclass(frozen=True)
class AnnualPlan:
    """Kế hoạch tổ chức tiếp xúc, đối thoại hằng năm."""

    unit: str
    year: int
    number: int
    notation: str | None  # ký hiệu override
    date: dt.date
    signer: str | None
    subject: str  # trích yếu
    bases: tuple[str, ...]  # căn cứ
    purpose: str | None
    requirements: str | None
    organisation: str | None
    recipients: tuple[str, ...]
    sessions: tuple[PlannedSession, ...]
    path: Path


@dataclass(frozen=True)
class Person:
    name: str
    title: str


@dataclass(frozen=True)
class Answer:
    """Trả lời tại buổi, or xin tiếp thu (answered later in writing)."""

    form: str  # "trả lời tại buổi" | "xin tiếp thu"
    by: str | None = None
    text: str | None = None

    @property
    def at_session(self) -> bool:
        return self.form == "trả lời tại buổi"


@dataclass(frozen=True)
class Petition:
    """Ý kiến, kiến nghị of a citizen at a session. ``raised_by`` and ``address`` are personal data."""

    id: str
    session_id: str
    unit: str
    raised_by: str
    address: str | None
    field: str  # lĩnh vực
    content: str
    answer: Answer
    agency: str | None  # cơ quan giải quyết
    deadline: dt.date | None  # hạn giải quyết
    session_date: dt.date


@dataclass(frozen=True)
class DocumentEntry:
    """A văn bản the record lists (van_ban). Without ``file`` hoso drafts it; with ``file`` the office's file is it."""

    type: str
    subject: str
    number: int | None = None
    notation: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    author: str | None = None
    recipients: tuple[str, ...] = ()
    file: Path | None = None


@dataclass(frozen=True)
class Attachment:
    """Tệp đính kèm: photos, recordings, reference material."""

    file: Path
    description: str


@dataclass(frozen=True)
class ProgramItem:
    text: str
    time: dt.time | None = None
    by: str | None = None


@dataclass(frozen=True)
class Session:
    """Buổi tiếp xúc, đối thoại trực tiếp."""

    id: str
    unit: str
    date: dt.date
    start: dt.time
    end: dt.time | None
    location: str
    form: str  # hình thức: định kỳ | đột xuất | chuyên đề
    topic: str
    chairs: tuple[Person, ...]
    secretary: Person | None
    co_organisers: tuple[str, ...]
    delegates: tuple[str, ...]
    attendance: dict[str, int] | None  # {"dai_bieu": n, "nhan_dan": n}
    program: tuple[ProgramItem, ...]
    public_concern_report: str | None  # báo cáo dư luận xã hội
    petitions: tuple[Petition, ...]
    carried_over: tuple[str, ...]  # kiến nghị chuyển tiếp: open petitions of sessions before the previous one
    further_exchange: str | None  # trao đổi thêm (bước e)
    conclusion: str | None  # kết luận của người chủ trì
    publication: str | None  # công khai kết quả
    documents: tuple[DocumentEntry, ...]
    attachments: tuple[Attachment, ...]
    retention: str  # thời hạn bảo quản
    access: str  # chế độ sử dụng
    file_notation: str | None  # số và ký hiệu hồ sơ
    creator: str | None  # người lập hồ sơ
    notes: str | None
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def restricted(self) -> bool:
        return self.access != "công khai"


@dataclass(frozen=True)
class AnswerDocument:
    notation: str  # số và ký hiệu
    date: dt.date
    issuer: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """Kết quả giải quyết: later news on one petition."""

    petition_id: str
    unit: str
    date: dt.date
    status: str
    document: AnswerDocument | None
    text: str | None
    path: Path


@dataclass
class RecordSet:
    """Everything read from the given folders, valid and cross-checked."""

    units: dict[str, Unit] = field(default_factory=dict)
    plans: list[AnnualPlan] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)

    def petitions(self) -> Iterator[Petition]:
        for session in self.sessions:
            yield from session.petitions

    def previous_session(self, session: Session) -> Session | None:
        """The unit's last session before ``session``: the one the next report on petitions covers."""
        earlier = [s for s in self.sessions if s.unit == session.unit and s.date < session.date]
        return max(earlier, key=lambda s: (s.date, s.id)) if earlier else None

    def followups_for(self, petition_id: str) -> list[FollowUp]:
        return [f for f in self.followups if f.petition_id == petition_id]


# --- building from validated data -------------------------------------------------------------


def date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _opt_date(value: str | None) -> dt.date | None:
    return date(value) if value else None


def build_unit(d: dict[str, Any], path: Path) -> Unit:
    fonds = d["phong_luu_tru"]
    return Unit(
        code=d["ma_don_vi"],
        name=d["ten_co_quan"],
        parent_body=d.get("co_quan_chu_quan"),
        kind=d["khoi"],
        level=d["cap"],
        abbreviation=d["ky_hieu"],
        place=d["dia_danh"],
        organ_id=d["ma_dinh_danh"],
        fonds=Fonds(fonds["ten_phong"], fonds.get("phong_so"), fonds.get("muc_luc_so"), fonds.get("lich_su")),
        profile=d["the_thuc"],
        signers={
            key: Signer(s["ho_ten"], s["chuc_vu"], s.get("quyen_han"), s.get("thay_mat"))
            for key, s in d["nguoi_ky"].items()
        },
        default_signer=d["nguoi_ky_mac_dinh"],
        extra_fields=tuple(d.get("linh_vuc_bo_sung", ())),
        path=path,
    )


def build_plan(d: dict[str, Any], path: Path) -> AnnualPlan:
    return AnnualPlan(
        unit=d["don_vi"],
        year=d["nam"],
        number=d["so"],
        notation=d.get("ky_hieu"),
        date=date(d["ngay"]),
        signer=d.get("nguoi_ky"),
        subject=d["trich_yeu"],
        bases=tuple(d.get("can_cu", ())),
        purpose=d.get("muc_dich"),
        requirements=d.get("yeu_cau"),
        organisation=d.get("to_chuc_thuc_hien"),
        recipients=tuple(d.get("noi_nhan", ())),
        sessions=tuple(
            PlannedSession(
                month=s["thang_du_kien"],
                topic=s["chu_de"],
                form=s["hinh_thuc"],
                date=_opt_date(s.get("ngay_du_kien")),
                location=s.get("dia_diem"),
                chair=s.get("chu_tri"),
                participants=s.get("thanh_phan"),
            )
            for s in d["cac_buoi"]
        ),
        path=path,
    )


def build_session(d: dict[str, Any], path: Path) -> Session:
    folder = path.parent
    session_date = date(d["ngay"])
    petitions = tuple(
        Petition(
            id=p["ma"],
            session_id=d["ma"],
            unit=d["don_vi"],
            raised_by=p["nguoi_neu"]["ho_ten"],
            address=p["nguoi_neu"].get("dia_chi"),
            field=p["linh_vuc"],
            content=p["noi_dung"],
            answer=Answer(p["tra_loi"]["hinh_thuc"], p["tra_loi"].get("nguoi_tra_loi"), p["tra_loi"].get("noi_dung")),
            agency=p.get("co_quan_giai_quyet"),
            deadline=_opt_date(p.get("han_giai_quyet")),
            session_date=session_date,
        )
        for p in d["kien_nghi"]
    )
    secretary = d.get("thu_ky")
    return Session(
        id=d["ma"],
        unit=d["don_vi"],
        date=session_date,
        start=dt.time.fromisoformat(d["gio_bat_dau"]),
        end=_time(d.get("gio_ket_thuc")),
        location=d["dia_diem"],
        form=d["hinh_thuc"],
        topic=d["chu_de"],
        chairs=tuple(Person(c["ho_ten"], c["chuc_vu"]) for c in d["chu_tri"]),
        secretary=Person(secretary["ho_ten"], secretary["chuc_vu"]) if secretary else None,
        co_organisers=tuple(d.get("phoi_hop", ())),
        delegates=tuple(d.get("dai_bieu_moi", ())),
        attendance=dict(d["so_nguoi_tham_du"]) if "so_nguoi_tham_du" in d else None,
        program=tuple(
            ProgramItem(i["noi_dung"], _time(i.get("gio")), i.get("nguoi_thuc_hien")) for i in d.get("chuong_trinh", ())
        ),
        public_concern_report=d.get("bao_cao_du_luan"),
        petitions=petitions,
        carried_over=tuple(d.get("kien_nghi_chuyen_tiep", ())),
        further_exchange=d.get("trao_doi_them"),
        conclusion=d.get("ket_luan"),
        publication=d.get("cong_khai_ket_qua"),
        documents=tuple(
            DocumentEntry(
                type=v["loai"],
                subject=v["trich_yeu"],
                number=v.get("so"),
                notation=v.get("ky_hieu"),
                date=_opt_date(v.get("ngay")),
                signer=v.get("nguoi_ky"),
                author=v.get("tac_gia"),
                recipients=tuple(v.get("noi_nhan", ())),
                file=folder / v["tep"] if "tep" in v else None,
            )
            for v in d.get("van_ban", ())
        ),
        attachments=tuple(Attachment(folder / a["tep"], a["mo_ta"]) for a in d.get("tep_dinh_kem", ())),
        retention=d["thoi_han_bao_quan"],
        access=d["che_do_su_dung"],
        file_notation=d.get("so_ky_hieu_ho_so"),
        creator=d.get("nguoi_lap_ho_so"),
        notes=d.get("ghi_chu"),
        path=path,
    )


def build_followups(d: dict[str, Any], path: Path) -> list[FollowUp]:
    out = []
    for u in d["cap_nhat"]:
        doc = u.get("van_ban_tra_loi")
        out.append(
            FollowUp(
                petition_id=u["kien_nghi"],
                unit=d["don_vi"],
                date=date(u["ngay"]),
                status=u["trang_thai"],
                document=AnswerDocument(doc["so_ky_hieu"], date(doc["ngay"]), doc.get("co_quan"), doc.get("trich_yeu"))
                if doc
                else None,
                text=u.get("noi_dung"),
                path=path,
            )
        )
    return out
