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

from ..formatting import UNKNOWN, UNKNOWN_TEXT, Unknown, is_unknown
from ..text import fold

__all__ = ["UNKNOWN", "UNKNOWN_TEXT", "Unknown", "is_unknown"]  # re-exported: the records use them


@dataclass(frozen=True)
class Signer:
    """Người ký: the signature block of a document, as it reads on the document's date."""

    name: str
    title: str  # chức vụ, as printed (CHỦ TỊCH, BÍ THƯ)
    authority: str | None = None  # quyền hạn: TM., KT., T/M …
    on_behalf_of: str | None = None  # the text after the authority: ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ


@dataclass(frozen=True)
class Holder:
    """Người giữ chức vụ: one person's term (nhiệm kỳ) in a signing post, both ends included."""

    name: str  # ho_ten
    start: dt.date | None = None  # tu_ngay; None: since before any record
    end: dt.date | None = None  # den_ngay; None: still in office

    def in_office(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Post:
    """Chức vụ ký: one key of nguoi_ky (chu_tich, bi_thu), the signature block it prints and who held it
    when (nguoi_giu, in order; a post written with ho_ten alone has one holder)."""

    title: str  # chức vụ, as printed
    authority: str | None  # quyền hạn
    on_behalf_of: str | None  # thay mặt
    holders: tuple[Holder, ...]

    def holder_on(self, day: dt.date) -> Holder | None:
        """Who held the post on ``day`` (validation keeps terms from overlapping); None: nobody."""
        return next((h for h in self.holders if h.in_office(day)), None)

    def signer_on(self, day: dt.date) -> Signer | None:
        holder = self.holder_on(day)
        return Signer(holder.name, self.title, self.authority, self.on_behalf_of) if holder else None

    def held_by(self, name: str) -> list[Holder]:
        """The terms of the person named ``name`` in this post (see ``person_key``)."""
        key = person_key(name)
        return [h for h in self.holders if person_key(h.name) == key]


# Words before a name that are not part of it: "Ông Lê Văn Hùng", "đồng chí Lê Văn Hùng" (folded).
_HONORIFICS = ("dong chi ", "d/c ", "ong ", "ba ")


def person_key(name: str) -> str:
    """A person's name for comparison: without an honorific (ông, bà, đồng chí), case, accents or extra spaces."""
    folded = " ".join(fold(name).split())
    for honorific in _HONORIFICS:
        if folded.startswith(honorific):
            return folded[len(honorific) :]
    return folded


@dataclass(frozen=True)
class Fonds:
    """Phông lưu trữ."""

    name: str
    number: str | None = None  # phông số
    catalogue: str | None = None  # mục lục số
    history: str | None = None


# Nghị quyết 203/2025/QH15: two-level local government from this day on; cấp huyện ends.
DISTRICT_LEVEL_ENDS = dt.date(2025, 7, 1)


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
    posts: dict[str, Post]  # nguoi_ky: the signing posts, by key
    default_signer: str  # nguoi_ky_mac_dinh: the key of a post
    extra_fields: tuple[str, ...]  # lĩnh vực bổ sung
    path: Path

    def signer_on(self, key: str | None, day: dt.date) -> Signer | None:
        """Người ký: the signature block of post ``key`` (None: nguoi_ky_mac_dinh) on ``day``, with the name of
        whoever held the post that day; None when nobody did (validation rules that out for every dated
        document of the records, and for a session's documents without a date, on the session's day)."""
        return self.posts[key or self.default_signer].signer_on(day)

    def existed_in(self, year: int) -> bool:
        """Whether the unit existed in ``year``: cấp huyện ended on DISTRICT_LEVEL_ENDS."""
        return self.level != "huyện" or year <= DISTRICT_LEVEL_ENDS.year

    def posts_held_by(self, name: str) -> list[str]:
        """The keys of the posts the person named ``name`` held at some time."""
        return [key for key, post in self.posts.items() if post.held_by(name)]


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

    form: str  # "trả lời tại buổi" | "xin tiếp thu" | "không rõ"
    by: str | None = None
    text: str | None = None

    @property
    def at_session(self) -> bool:
        return self.form == "trả lời tại buổi"

    @property
    def known(self) -> bool:
        return self.form != UNKNOWN_TEXT


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
    agency: str | None  # cơ quan giải quyết ("không rõ": unknown)
    deadline: dt.date | Unknown | None  # hạn giải quyết
    session_date: dt.date

    @property
    def due(self) -> dt.date | None:
        """The deadline when there is a known one (an unknown deadline is never passed)."""
        return self.deadline if isinstance(self.deadline, dt.date) else None


DRAFT = "dự thảo"  # hoso's composition, to print and sign: never sealed as the record
ISSUED = "đã ban hành"
NOT_ISSUED = "không ban hành"
SIGNED_COPY = "bản ký"  # issued: the signed original is attached (a scan, a digitally signed PDF)
ELECTRONIC = "bản điện tử"  # issued: the office states that hoso's rendering is the record copy


@dataclass(frozen=True)
class DocumentEntry:
    """A văn bản the record lists (van_ban), and where it is in its life: dự thảo, đã ban hành (with the signed
    file, ``file``, or as hoso's electronic rendering), or không ban hành for this session (``not_issued``: why)."""

    type: str
    subject: str | None = None  # trích yếu; hoso's own when not given
    number: int | None = None
    notation: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    author: str | None = None
    recipients: tuple[str, ...] = ()
    file: Path | None = None
    electronic: bool = False  # ban_hanh: bản điện tử
    not_issued: str | None = None  # khong_ban_hanh: the reason

    @property
    def state(self) -> str:
        if self.not_issued is not None:
            return NOT_ISSUED
        return ISSUED if self.file is not None or self.electronic else DRAFT

    @property
    def issued_as(self) -> str | None:
        """SIGNED_COPY or ELECTRONIC for an issued document, None otherwise."""
        if self.state != ISSUED:
            return None
        return SIGNED_COPY if self.file is not None else ELECTRONIC


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
    start: dt.time | Unknown
    end: dt.time | Unknown | None
    location: str  # "không rõ" when unknown
    form: str  # hình thức: định kỳ | đột xuất | chuyên đề
    topic: str
    chairs: tuple[Person, ...]
    secretary: Person | None
    co_organisers: tuple[str, ...]
    delegates: tuple[str, ...]
    attendance: dict[str, int] | Unknown | None  # {"dai_bieu": n, "nhan_dan": n}
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


def _time_or_unknown(value: str) -> dt.time | Unknown:
    return UNKNOWN if is_unknown(value) else dt.time.fromisoformat(value)


def _opt_day_or_unknown(value: str | None) -> dt.date | Unknown | None:
    if value is None:
        return None
    return UNKNOWN if is_unknown(value) else date(value)


def _answer(value: Any) -> Answer:
    if isinstance(value, str):  # "không rõ"
        return Answer(UNKNOWN_TEXT)
    return Answer(value["hinh_thuc"], value.get("nguoi_tra_loi"), value.get("noi_dung"))


def _attendance(value: Any) -> dict[str, int] | Unknown | None:
    if value is None:
        return None
    return UNKNOWN if isinstance(value, str) else dict(value)


def holder(d: dict[str, Any]) -> Holder:
    """One holder as written: a post with ho_ten (and perhaps tu_ngay, den_ngay), or an entry of nguoi_giu."""
    return Holder(d["ho_ten"], _opt_date(d.get("tu_ngay")), _opt_date(d.get("den_ngay")))


def holders(post: dict[str, Any]) -> tuple[Holder, ...]:
    """The holders of one post of nguoi_ky, in order."""
    return tuple(holder(h) for h in post["nguoi_giu"]) if "nguoi_giu" in post else (holder(post),)


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
        posts={
            key: Post(s["chuc_vu"], s.get("quyen_han"), s.get("thay_mat"), holders(s))
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
            answer=_answer(p["tra_loi"]),
            agency=p.get("co_quan_giai_quyet"),
            deadline=_opt_day_or_unknown(p.get("han_giai_quyet")),
            session_date=session_date,
        )
        for p in d["kien_nghi"]
    )
    secretary = d.get("thu_ky")
    return Session(
        id=d["ma"],
        unit=d["don_vi"],
        date=session_date,
        start=_time_or_unknown(d["gio_bat_dau"]),
        end=_time_or_unknown(d["gio_ket_thuc"]) if "gio_ket_thuc" in d else None,
        location=d["dia_diem"],
        form=d["hinh_thuc"],
        topic=d["chu_de"],
        chairs=tuple(Person(c["ho_ten"], c["chuc_vu"]) for c in d["chu_tri"]),
        secretary=Person(secretary["ho_ten"], secretary["chuc_vu"]) if secretary else None,
        co_organisers=tuple(d.get("phoi_hop", ())),
        delegates=tuple(d.get("dai_bieu_moi", ())),
        attendance=_attendance(d.get("so_nguoi_tham_du")),
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
                subject=v.get("trich_yeu"),
                number=v.get("so"),
                notation=v.get("ky_hieu"),
                date=_opt_date(v.get("ngay")),
                signer=v.get("nguoi_ky"),
                author=v.get("tac_gia"),
                recipients=tuple(v.get("noi_nhan", ())),
                file=folder / v["tep"] if "tep" in v else None,
                electronic=v.get("ban_hanh") == ELECTRONIC,
                not_issued=v.get("khong_ban_hanh"),
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
