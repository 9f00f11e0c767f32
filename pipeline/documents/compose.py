"""Composing the documents hoso drafts for one session's hồ sơ, from the records.

Seed 001 §2.3 lists what the hồ sơ holds. Each type hoso drafts (``pipeline.doctypes``: its heading,
file name and place in the hồ sơ) has one composer function here, registered with ``@drafts``:

    01 kế hoạch năm              05 báo cáo dư luận xã hội
    02 văn bản triệu tập          06 báo cáo kết quả giải quyết kiến nghị của buổi trước
    03 nội quy                    07 thông báo kết luận
    04 chương trình               08 biên bản

Speeches and other attached files are not composed; they pass through to the archive as they are.
Public documents name a petitioner only by place ("cử tri thôn Phước Lộc"); the names, which are
personal data, appear only in the biên bản. The fixed sentences come from ``templates/van-ban/``
(``texts.py``), which a unit may replace with its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from .. import doctypes
from ..formatting import Unknown, citizen, is_unknown, running_name, vn_date, vn_time, weekday
from ..profile import Profile, load_profile
from ..record import unit_root
from ..record.model import DRAFT, AnnualPlan, DocumentEntry, Petition, RecordSet, Session, Unit
from ..record.personal import Redactor
from ..record.status import IN_PROGRESS, NOT_STARTED, PetitionStatus, petition_status
from ..text import fold
from .metrics import text_width_mm
from .model import Addressees, Block, ComposedDocument, Gap, Paragraph, Signature, Table
from .texts import PROGRAMME, Texts, fill, texts_for

# Where a letterhead name may break: before the administrative unit, as offices print it.
_UNIT_WORDS = ("XÃ", "PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN", "THỊ XÃ", "HUYỆN", "QUẬN", "THÀNH PHỐ", "TỈNH")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•]\s|\d{1,3}[.)]\s|[a-zđ][)]\s)")
_ASSEMBLY = "buổi tiếp xúc, đối thoại trực tiếp với Nhân dân"
# The Party committee of an administrative unit, by the unit's word ("xã" -> "Đảng ủy xã An Khánh").
_PARTY_COMMITTEE = {
    "xã": "Đảng ủy xã",
    "phường": "Đảng ủy phường",
    "đặc khu": "Đảng ủy đặc khu",
    "thị trấn": "Đảng ủy thị trấn",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
    "thành phố": "Thành ủy",
    "tỉnh": "Tỉnh ủy",
}


def paragraphs(text: str | None, style: str = "body") -> list[Paragraph]:
    """A record's free text as paragraphs, the way a clerk typing in Notepad means it: a blank line
    starts a new paragraph; a line break inside one is just wrapping and is joined, except before a
    line that starts a list item ("- ", "1. ", "a) "), which stays on its own line."""
    if not text:
        return []
    out = []
    for part in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        joined = lines[0]
        for line in lines[1:]:
            joined += ("\n" if _LIST_ITEM.match(line) else " ") + line
        out.append(Paragraph(joined, style))
    return out


# The facts a document may need, by record key, as a clerk names them.
FACTS = {
    "gio_bat_dau": "giờ bắt đầu",
    "gio_ket_thuc": "giờ kết thúc",
    "dia_diem": "địa điểm",
    "nguoi_neu": "người nêu ý kiến",
    "tra_loi": "câu trả lời",
    "co_quan_giai_quyet": "cơ quan giải quyết",
    "han_giai_quyet": "hạn giải quyết",
}


class SessionContext:
    """What every document of one session shares: the unit, its profile and texts, the session's records.
    ``public``: the public rendition, which names petitioners by place only (see compose_session).
    ``signing``: the version to print and sign (bản để ký): drafts without the DỰ THẢO mark."""

    def __init__(self, records: RecordSet, session: Session, public: bool = False, signing: bool = False):
        self.records = records
        self.session = session
        self.public = public
        self.signing = signing
        self.unit: Unit = records.units[session.unit]
        self.profile: Profile = load_profile(self.unit.profile)
        self.texts: Texts = texts_for(unit_root(session.path))
        self.chair = session.chairs[0]
        self.issuer = running_name(self.unit)

    def say(self, key: str, **values: str) -> str:
        """A standard sentence of the unit's texts; {co_quan} is always the issuing body."""
        return self.texts.say(key, co_quan=self.issuer, **values)

    def recipients(self, key: str) -> tuple[str, ...]:
        """The unit's standard Nơi nhận ``key`` (cau-van.yaml), for a document whose record gives none."""
        return unit_recipients(self.unit, key, self.texts)

    def entry(self, doc_type: str) -> DocumentEntry | None:
        """The record's entry in van_ban for a type hoso drafts (its number, date, signer, subject)."""
        return next((d for d in self.session.documents if d.type == doc_type and d.file is None), None)

    def supplied(self, doc_type: str) -> bool:
        """Nothing to draft for this type: the office attached its signed file (a scan), or declared that this
        session issues none (khong_ban_hanh)."""
        entries = [d for d in self.session.documents if d.type == doc_type]
        return bool(entries) and all(d.file is not None or d.not_issued is not None for d in entries)

    def unknown(self, *keys: str) -> tuple[str, ...]:
        """Which of these facts (record keys, see FACTS) the record says are "không rõ"."""
        s = self.session
        found = {
            "gio_bat_dau": is_unknown(s.start),
            "gio_ket_thuc": is_unknown(s.end),
            "dia_diem": is_unknown(s.location),
            "nguoi_neu": any(is_unknown(p.raised_by) for p in s.petitions),
            "tra_loi": any(not p.answer.known for p in s.petitions),
            "co_quan_giai_quyet": any(is_unknown(p.agency) for p in s.petitions),
            "han_giai_quyet": any(is_unknown(p.deadline) for p in s.petitions),
        }
        return tuple(f"{FACTS[k]} ({k})" for k in keys if found[k])

    def document(
        self,
        doc_type: str,
        subject: str,
        body: list[Block],
        entry: DocumentEntry | None,
        *,
        stem: str | None = None,
        signatures: tuple[Signature, ...] | None = None,
        recipients: tuple[str, ...] = (),
        date: dt.date | None = None,
        number: int | None = None,
        notation: str | None = None,
        year: int | None = None,
        notes: tuple[str, ...] = (),
        gaps: tuple[Gap, ...] = (),
        unknown: tuple[str, ...] = (),
        draft: bool | None = None,
        attached_to: str | None = None,
    ) -> ComposedDocument:
        """One document of the session: what its van_ban entry says (number, date, signer, subject,
        recipients) overrides what hoso would write. It is a draft (dự thảo) unless its entry says it was
        issued, or it is the version to sign."""
        heading = doctypes.get(doc_type).heading
        if draft is None:
            draft = not self.signing and (entry is None or entry.state == DRAFT)
        notes = notes + tuple(f"{g.missing} (khóa {g.key})" for g in gaps)
        notes += tuple(f"không rõ {fact}: không soạn được văn bản này" for fact in unknown)
        date = date or (entry.date if entry else None)
        if entry and entry.recipients:
            recipients = entry.recipients
        if doctypes.get(doc_type).is_letter and not any(fold(r).strip(" -;.") == "nhu tren" for r in recipients):
            recipients = ("Như trên", *recipients)  # ND30 Phụ lục I, Mục II, khoản 9, điểm b
        document = unit_document(
            self.unit,
            doc_type,
            _trich_yeu((entry.subject if entry else None) or subject, heading),
            body,
            stem=stem,
            date=date,
            year=year or self.session.date.year,
            # signed by whoever held the post on its date; an undated document of a session, on the session's day
            signatures=signatures
            or (signature(self.unit, entry.signer if entry else None, date or self.session.date),),
            recipients=recipients,
            number=number if number is not None else (entry.number if entry else None),
            notation=notation or (entry.notation if entry else None),
            restricted=self.session.restricted,
            notes=notes,
            attached_to=attached_to,
        )
        return dataclasses.replace(document, gaps=gaps, unknown=unknown, draft=draft)

    def carried_petitions(self) -> list[Petition]:
        """Open petitions of sessions before the previous one, as the record lists them (hoso new fills it)."""
        by_id = {p.id: p for p in self.records.petitions()}
        return [by_id[i] for i in self.session.carried_over if i in by_id]

    def previous_statuses(self, previous: Session, as_of: dt.date) -> list[tuple[Petition, PetitionStatus]]:
        """The petitions report 06 covers (the previous session's, then those carried over) and their status."""
        petitions = [*previous.petitions, *self.carried_petitions()]
        return [(p, petition_status(p, self.records.followups_for(p.id), as_of)) for p in petitions]

    def chairs(self) -> str:
        return "; ".join(f"đồng chí {c.name}, {c.title}" for c in self.session.chairs)


Composer = Callable[[SessionContext], list[ComposedDocument]]
COMPOSERS: dict[str, Composer] = {}


def drafts(*type_names: str) -> Callable[[Composer], Composer]:
    """Register a composer function for document types of the registry (one function may draft several)."""

    def register(composer: Composer) -> Composer:
        for name in type_names:
            if not doctypes.get(name).drafted:
                raise ValueError(f"{name}: the registry says hoso does not draft this type")
            COMPOSERS[name] = composer
        return composer

    return register


# --- 01 kế hoạch năm -----------------------------------------------------------------------------


@drafts("kế hoạch")
def annual_plan(c: SessionContext) -> list[ComposedDocument]:
    plan = next((p for p in c.records.plans if p.unit == c.session.unit and p.year == c.session.date.year), None)
    return [_plan_document(c, plan)] if plan is not None else []


def _plan_document(c: SessionContext, plan: AnnualPlan) -> ComposedDocument:
    body: list[Block] = [Paragraph(f"Căn cứ {base};", "item") for base in plan.bases]
    body.append(
        Paragraph(
            f"{c.issuer} ban hành Kế hoạch tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân năm {plan.year} như sau:"
        )
    )
    body.append(Paragraph("I. MỤC ĐÍCH, YÊU CẦU", "heading"))
    body += [Paragraph("1. Mục đích", "item", keep=True), *paragraphs(plan.purpose)]
    body += [Paragraph("2. Yêu cầu", "item", keep=True), *paragraphs(plan.requirements)]
    body.append(Paragraph("II. NỘI DUNG, THỜI GIAN, HÌNH THỨC", "heading"))
    count = f"{len(plan.sessions):02d} buổi tiếp xúc, đối thoại trực tiếp với Nhân dân"
    body.append(Paragraph(f"Trong năm {plan.year}, tổ chức {count}, cụ thể:"))
    rows = []
    for i, s in enumerate(plan.sessions, 1):
        when = vn_date(s.date) if s.date else f"Tháng {s.month}/{plan.year}"
        rows.append((str(i), when, s.topic, s.form, s.location or "", s.chair or ""))
    columns = ("STT", "Thời gian dự kiến", "Chủ đề, nội dung", "Hình thức", "Địa điểm", "Chủ trì")
    body.append(Table(columns, tuple(rows), (8, 15, 32, 13, 17, 15)))
    body.append(Paragraph("III. TỔ CHỨC THỰC HIỆN", "heading"))
    body += paragraphs(plan.organisation) or [Paragraph(c.say("ke_hoach_to_chuc_thuc_hien"))]
    return c.document(
        "kế hoạch",
        plan.subject,
        body,
        None,
        signatures=(signature(c.unit, plan.signer, plan.date),),
        recipients=plan.recipients or c.recipients("noi_nhan_ke_hoach"),
        date=plan.date,
        number=plan.number,
        notation=plan.notation,
        year=plan.year,
        draft=False,  # the year's plan is issued once, with the số and ngày its record gives
    )


# --- 02 văn bản triệu tập --------------------------------------------------------------------------


@drafts(*doctypes.convocations())
def convocations(c: SessionContext) -> list[ComposedDocument]:
    """One document per convocation the record lists (a Party unit may send a thông báo triệu tập to
    its members and a giấy mời to guests); a giấy mời when it lists none."""
    kinds = doctypes.convocations()
    entries = [d for d in c.session.documents if d.type in kinds and d.file is None and d.not_issued is None]
    if not entries and any(d.type in kinds for d in c.session.documents):
        return []  # the office attached its own signed convocations, or issued none
    stems: list[str] = []
    out = []
    wanted: list[DocumentEntry | None] = list(entries) or [None]
    for entry in wanted:
        kind = entry.type if entry else "giấy mời"
        stem = doctypes.get(kind).stem or kind
        stems.append(stem)
        if stems.count(stem) > 1:
            stem += f"-{stems.count(stem)}"
        out.append(_convocation(c, kind, entry, stem))
    return out


def _convocation(c: SessionContext, kind: str, entry: DocumentEntry | None, stem: str) -> ComposedDocument:
    s = c.session
    when = f"{vn_time(s.start)}, {weekday(s.date)}, ngày {vn_date(s.date)}"
    invited = list(s.co_organisers) + list(s.delegates)
    body: list[Block] = []
    if kind == "giấy mời":
        subject = f"Dự {_ASSEMBLY}: {s.topic}"
        body.append(Paragraph(c.say("moi_mo_dau")))
        body += [Paragraph(f"- {who};", "item") for who in invited] or [
            Paragraph(f"- {c.say('moi_thanh_phan_mac_dinh')};", "item")
        ]
        body.append(Paragraph(f"Tới dự {_ASSEMBLY}, chủ đề: {s.topic}."))
    else:
        letter = doctypes.get(kind).is_letter
        subject = f"V/v tổ chức {_ASSEMBLY}" if letter else f"Tổ chức {_ASSEMBLY} ngày {vn_date(s.date)}"
        if letter:
            body.append(_addressees(c.profile, tuple(invited) or ("Các cơ quan, đơn vị có liên quan",)))
        body.append(Paragraph(c.say("trieu_tap_mo_dau")))
        body.append(Paragraph(f"1. Nội dung: {s.topic}.", "item"))
        body.append(
            Paragraph(
                "2. Thành phần mời: " + ("; ".join(invited) if invited else "đại diện Nhân dân trên địa bàn") + ".",
                "item",
            )
        )
    body.append(Paragraph(f"Chủ trì: {c.chairs()}.", "item"))
    body.append(Paragraph(f"Thời gian: {when}.", "item"))
    body.append(Paragraph(f"Địa điểm: {s.location}.", "item"))
    body.append(Paragraph(c.say("trieu_tap_ket")))
    unknown = c.unknown("gio_bat_dau", "dia_diem")
    # Phụ lục I, Mục II, khoản 9, điểm b: a công văn's Nơi nhận begins "Như trên" (those under "Kính gửi").
    recipients = ("Như trên",) if doctypes.get(kind).is_letter else ("Như thành phần mời",)
    return c.document(kind, subject, body, entry, stem=stem, recipients=recipients, unknown=unknown)


def _addressees(profile: Profile, names: tuple[str, ...]) -> Addressees:
    """The Kính gửi block, measured: its lines start under the colon and the block is as wide as its
    widest line (a little slack for the renderers' own rounding), at most the text width."""
    size = profile.sizes["noi_dung"]
    block = Addressees(tuple(" ".join(n.split()) for n in names), 0, 0)
    indent = text_width_mm(block.label[:-1], size, False)
    widths = [text_width_mm(line, size, False) + (0 if block.single else indent) for line in block.lines]
    if not block.single:
        widths.append(text_width_mm(block.label, size, False))
    return dataclasses.replace(block, width_mm=min(max(widths) + 2, profile.text_width_mm), indent_mm=indent)


# --- 03 nội quy ------------------------------------------------------------------------------------


@drafts("nội quy")
def house_rules(c: SessionContext) -> list[ComposedDocument]:
    """The nội quy is issued with the session's convocation ("Kèm theo Giấy mời số …"), as the model of a
    document issued with another (ND30 Phụ lục III) does: it has no số of its own (the type is not in Phụ
    lục III), no date line, signature or Nơi nhận; the convocation's signature and seal cover it. A
    session that sends no convocation issues it on its own, signed."""
    body: list[Block] = [Paragraph(f"{i}. {rule}", "item") for i, rule in enumerate(c.texts.house_rules, 1)]
    subject = f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(c.session.date)}"
    entry = c.entry("nội quy")
    carrier = _convocation_reference(c)
    if carrier is None:
        return [c.document("nội quy", subject, body, entry)]
    document = c.document("nội quy", subject, body, entry, attached_to=carrier)
    return [dataclasses.replace(document, place_date="", signatures=(), recipients=(), archive_line=None)]


def _convocation_reference(c: SessionContext) -> str | None:
    """ "(Kèm theo Giấy mời số 85/GM-UBND ngày 15 tháng 9 năm 2025 của Ủy ban nhân dân xã An Khánh)": the
    session's first convocation, its số and date left blank until the record gives them; None when the
    session issues none."""
    kinds = doctypes.convocations()
    entries = [d for d in c.session.documents if d.type in kinds]
    sent = [d for d in entries if d.not_issued is None]
    if entries and not sent:
        return None
    entry = sent[0] if sent else None
    kind = entry.type if entry else "giấy mời"
    notation = c.profile.notation(kind, c.unit.abbreviation, entry.notation if entry else None)
    number = (
        (c.profile.number_line(notation, entry.number if entry else None) or "")
        .replace("Số:", "số")
        .replace("Số", "số")
    )
    name = doctypes.get(kind).name
    when = c.profile.date_words(entry.date if entry else None, c.session.date.year)
    return f"(Kèm theo {name[:1].upper()}{name[1:]} {number} {when} của {c.issuer})".replace("  ", " ", 1)


# --- 04 chương trình -------------------------------------------------------------------------------


@drafts("chương trình")
def programme(c: SessionContext) -> list[ComposedDocument]:
    s = c.session
    body: list[Block] = [
        Paragraph(f"Thời gian: {vn_time(s.start)}, ngày {vn_date(s.date)}.", "item"),
        Paragraph(f"Địa điểm: {s.location}.", "item"),
    ]
    rows = tuple((item.time.strftime("%H:%M") if item.time else "", item.text, item.by or "") for item in s.program)
    gaps: tuple[Gap, ...] = ()
    if not rows:  # the unit's default programme
        chair = {"nguoi_chu_tri": f"{c.chair.name}, {c.chair.title}"}
        where = f"{c.texts.origin[PROGRAMME]}: muc"
        rows = tuple(("", row.text, fill(row.by, chair, where)) for row in c.texts.programme)
        gaps = (Gap("chuong_trinh", "chưa ghi chương trình của buổi này (hoso in chương trình mặc định)"),)
    body.append(Table(("Thời gian", "Nội dung", "Người thực hiện"), rows, (14, 52, 34)))
    subject = f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân: {s.topic}"
    unknown = c.unknown("gio_bat_dau", "dia_diem")
    recipients = c.recipients("noi_nhan_chuong_trinh")
    entry = c.entry("chương trình")
    return [c.document("chương trình", subject, body, entry, recipients=recipients, gaps=gaps, unknown=unknown)]


# --- 05 báo cáo dư luận xã hội ----------------------------------------------------------------------


@drafts("báo cáo dư luận xã hội")
def public_concern_report(c: SessionContext) -> list[ComposedDocument]:
    gaps: tuple[Gap, ...] = ()
    body: list[Block] = [Paragraph(c.say("bao_cao_du_luan_mo_dau", ngay=vn_date(c.session.date)))]
    content = paragraphs(c.session.public_concern_report)
    if not content:
        gaps = (Gap("bao_cao_du_luan", "chưa có nội dung báo cáo dư luận xã hội"),)
        content = [Paragraph(c.say("chua_co_noi_dung", khoa="bao_cao_du_luan"))]
    body += content
    subject = "Những vấn đề dư luận xã hội và Nhân dân quan tâm"
    entry = c.entry("báo cáo dư luận xã hội")
    return [
        c.document(
            "báo cáo dư luận xã hội", subject, body, entry, recipients=c.recipients("noi_nhan_bao_cao"), gaps=gaps
        )
    ]


# --- 06 báo cáo kết quả giải quyết kiến nghị của buổi trước ------------------------------------------


@drafts("báo cáo kết quả giải quyết kiến nghị")
def previous_results(c: SessionContext) -> list[ComposedDocument]:
    kind = "báo cáo kết quả giải quyết kiến nghị"
    entry = c.entry(kind)
    previous = c.records.previous_session(c.session)
    # Until the report is dated, it counts up to the session, or up to today for a session yet to come.
    as_of = (entry.date if entry and entry.date else None) or min(c.session.date, dt.date.today())
    subject = "Kết quả giải quyết ý kiến, kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại"
    if previous is None:
        body: list[Block] = [Paragraph(c.say("bao_cao_ket_qua_buoi_dau"))]
        subject += " trước"
    else:
        body = _results_body(c, previous, as_of)
        subject += f" ngày {vn_date(previous.date)}"
    return [c.document(kind, subject, body, entry, recipients=c.recipients("noi_nhan_bao_cao"))]


def _results_body(c: SessionContext, previous: Session, as_of: dt.date) -> list[Block]:
    statuses = c.previous_statuses(previous, as_of)
    own = [(p, st) for p, st in statuses if p.session_id == previous.id]
    at_session = sum(1 for p, _ in own if p.answer.at_session)
    done = [(p, st) for p, st in statuses if st.closed]
    doing = [(p, st) for p, st in statuses if st.status == IN_PROGRESS]
    todo = [(p, st) for p, st in statuses if st.status == NOT_STARTED]
    intro = (
        f"Tại buổi tiếp xúc, đối thoại ngày {vn_date(previous.date)} ({previous.topic}), Nhân dân nêu "
        f"{len(own):02d} ý kiến, kiến nghị; trong đó {at_session:02d} ý kiến được trả lời trực tiếp tại buổi, "
        f"{len(own) - at_session:02d} ý kiến xin tiếp thu để trả lời bằng văn bản."
    )
    carried = len(statuses) - len(own)
    if carried:
        intro += (
            f" Ngoài ra còn {carried:02d} ý kiến, kiến nghị của các buổi trước đó chưa giải quyết xong, "
            "được báo cáo tiếp."
        )
    body: list[Block] = [Paragraph(f"{intro} Kết quả giải quyết đến ngày {vn_date(as_of)} như sau:")]
    columns = ("STT", "Nội dung ý kiến, kiến nghị", "Cơ quan giải quyết, thời hạn", "Kết quả")
    for heading, group in (
        (f"1. Đã giải quyết, trả lời xong: {len(done):02d} ý kiến", done),
        (f"2. Đang giải quyết: {len(doing):02d} ý kiến", doing),
        (f"3. Chưa giải quyết: {len(todo):02d} ý kiến", todo),
    ):
        body.append(Paragraph(heading, "heading"))
        if not group:
            body.append(Paragraph("Không có.", "item"))
            continue
        rows = tuple(
            (str(i), _petition_text(p, previous), _agency_deadline(p), _result_text(p, st))
            for i, (p, st) in enumerate(group, 1)
        )
        body.append(Table(columns, rows, (8, 42, 20, 30)))
    return body


def _petition_text(p: Petition, previous: Session) -> str:
    earlier = "" if p.session_id == previous.id else f" tại buổi ngày {vn_date(p.session_date)}"
    return f"Ý kiến của {citizen(p)}{earlier} ({p.field}): {p.content}"


def _agency_deadline(p: Petition) -> str:
    parts = [p.agency or ""]
    if p.deadline:
        parts.append(f"hạn {vn_date(p.deadline)}")
    return "; ".join(x for x in parts if x) or "Trả lời tại buổi"


def _result_text(p: Petition, st: PetitionStatus) -> str:
    last = st.last_update
    if last is None:
        text = (p.answer.text or "") if st.closed else "Chưa có báo cáo kết quả của cơ quan được giao."
    else:
        text = last.text or ""
        if last.document:
            text = f"{text} (Văn bản số {last.document.notation} ngày {vn_date(last.document.date)})".strip()
    status = st.status[:1].upper() + st.status[1:]
    if st.overdue:
        status += f", quá hạn {st.days_overdue} ngày"
    return f"{status}. {text}".strip()


# --- 07 thông báo kết luận --------------------------------------------------------------------------


def _when(deadline: dt.date | Unknown | None) -> str:
    return vn_date(deadline) if deadline else ""


@drafts("thông báo kết luận")
def conclusion_notice(c: SessionContext) -> list[ComposedDocument]:
    s = c.session
    chair = f"đồng chí {c.chair.name}, {c.chair.title}"
    body: list[Block] = [Paragraph(_opening(s, chair))]
    body.append(Paragraph(c.say("ket_luan_mo_dau", chu_tri=chair)))
    gaps = () if s.conclusion else (Gap("ket_luan", "chưa có nội dung kết luận của người chủ trì"),)
    body += paragraphs(s.conclusion) or [Paragraph(c.say("chua_co_ket_luan", khoa="ket_luan"))]
    answered = [p for p in s.petitions if p.answer.at_session]
    assigned = [p for p in s.petitions if p.agency and (p.deadline or not p.answer.at_session)]
    body.append(
        Paragraph(
            f"1. Những ý kiến, kiến nghị đã được trả lời tại buổi tiếp xúc, đối thoại: {len(answered):02d} ý kiến",
            "heading",
        )
    )
    body += [
        Paragraph(f"- Ý kiến của {citizen(p)} về {p.field}: {p.content} Trả lời: {p.answer.text}", "item")
        for p in answered
    ] or [Paragraph("Không có.", "item")]
    body.append(
        Paragraph(
            "2. Những ý kiến, kiến nghị xin tiếp thu, giao cơ quan giải quyết, trả lời bằng văn bản: "
            f"{len(assigned):02d} ý kiến",
            "heading",
        )
    )
    if assigned:
        rows = tuple(
            # no deadline: only on a paper document that gave none (see scripts/make_demo_scans.py)
            (str(i), f"Ý kiến của {citizen(p)} ({p.field}): {p.content}", p.agency or "", _when(p.deadline))
            for i, p in enumerate(assigned, 1)
        )
        columns = ("STT", "Nội dung ý kiến, kiến nghị", "Cơ quan giải quyết, trả lời", "Thời hạn")
        body.append(Table(columns, rows, (8, 50, 24, 18)))
    else:
        body.append(Paragraph("Không có.", "item"))
    body.append(Paragraph("3. Công khai kết quả trả lời", "heading"))
    body += paragraphs(s.publication) or [Paragraph(c.say("cong_khai_mac_dinh"))]
    body.append(Paragraph(c.say("thong_bao_ket")))
    agencies = tuple(dict.fromkeys(p.agency for p in assigned if p.agency))
    subject = f"Kết luận của {chair} tại buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(s.date)}"
    entry = c.entry("thông báo kết luận")
    unknown = c.unknown("dia_diem", "tra_loi", "co_quan_giai_quyet", "han_giai_quyet")
    recipients = (*s.co_organisers, *agencies)
    return [c.document("thông báo kết luận", subject, body, entry, recipients=recipients, gaps=gaps, unknown=unknown)]


def _opening(s: Session, chair: str) -> str:
    text = (
        f"Ngày {vn_date(s.date)}, tại {s.location}, {chair} chủ trì buổi tiếp xúc, đối thoại trực tiếp với Nhân dân, "
        f"chủ đề: {s.topic}."
    )
    if s.co_organisers:
        text += f" Phối hợp tổ chức: {'; '.join(s.co_organisers)}."
    if isinstance(s.attendance, dict):
        text += f" Tham dự có {s.attendance['dai_bieu']} đại biểu và {s.attendance['nhan_dan']} người dân."
    return text


# --- 08 biên bản ------------------------------------------------------------------------------------


@drafts("biên bản")
def minutes(c: SessionContext) -> list[ComposedDocument]:
    s = c.session
    entry = c.entry("biên bản")
    body = _minutes_opening(c) + _minutes_reports(c) + _minutes_exchange(c)
    body.append(Paragraph(c.say("bien_ban_ket", gio_ket_thuc=vn_time(s.end))))
    left, right = c.profile.minutes_signers
    signatures = (
        Signature(title=left, name=s.secretary.name if s.secretary else ""),
        Signature(title=right, name=c.chair.name),
    )
    subject = f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(s.date)}"
    day = entry.date if entry and entry.date else s.date
    gaps = tuple(
        Gap(key, missing)
        for key, missing, lacking in (
            ("ket_luan", "chưa có nội dung kết luận của người chủ trì", not s.conclusion),
            ("gio_ket_thuc", "chưa ghi giờ kết thúc", s.end is None),
            ("thu_ky", "chưa ghi thư ký (người ghi biên bản)", s.secretary is None),
        )
        if lacking
    )
    unknown = c.unknown(*FACTS)
    # Mẫu 1.9 (ND30 Phụ lục III): Nơi nhận under the secretary's signature, kept "Lưu: VT, Hồ sơ."
    recipients = (entry.recipients if entry and entry.recipients else None) or c.recipients("noi_nhan_bien_ban")
    if not any(_is_archive_line(r) for r in recipients):
        recipients = (*recipients, c.profile.minutes_archive_line)
    document = c.document(
        "biên bản",
        subject,
        body,
        entry,
        signatures=signatures,
        recipients=recipients,
        date=day,
        gaps=gaps,
        unknown=unknown,
    )
    if not c.profile.minutes_date_line:  # Mẫu 1.9: no place-and-date line, the times are in the body
        document = dataclasses.replace(document, place_date="")
    return [document]


def _minutes_opening(c: SessionContext) -> list[Block]:
    """Time, place, who took part: the head of a biên bản."""
    s = c.session
    body: list[Block] = [
        Paragraph(f"Thời gian bắt đầu: {vn_time(s.start)}, ngày {vn_date(s.date)}.", "item"),
        Paragraph(f"Địa điểm: {s.location}.", "item"),
        Paragraph("Thành phần tham dự:", "item", keep=True),
        Paragraph(f"- Chủ trì: {c.chairs()}.", "item"),
    ]
    if s.co_organisers:
        body.append(Paragraph("- Cơ quan, tổ chức phối hợp: " + "; ".join(s.co_organisers) + ".", "item"))
    if s.delegates:
        body.append(Paragraph("- Đại biểu: " + "; ".join(s.delegates) + ".", "item"))
    if isinstance(s.attendance, dict):
        people = f"{s.attendance['dai_bieu']} đại biểu và {s.attendance['nhan_dan']} người dân"
        body.append(Paragraph(f"- Số người tham dự: {people}.", "item"))
    secretary = f"{s.secretary.name}, {s.secretary.title}" if s.secretary else "…"
    body.append(Paragraph(f"Thư ký: {secretary}.", "item"))
    return body


def _minutes_reports(c: SessionContext) -> list[Block]:
    """Steps a) and b): the opening and the two reports."""
    s = c.session
    body: list[Block] = [Paragraph("NỘI DUNG", "heading"), Paragraph("a) Công tác tổ chức", "heading")]
    body.append(Paragraph(c.say("bien_ban_cong_tac_to_chuc")))
    body.append(Paragraph("b) Nội dung buổi tiếp xúc, đối thoại", "heading"))
    body.append(Paragraph("Báo cáo những vấn đề dư luận xã hội và Nhân dân quan tâm:", "item", keep=True))
    body += paragraphs(s.public_concern_report) or [Paragraph("Không có báo cáo.", "item")]
    previous = c.records.previous_session(s)
    if previous is None:
        text = "Báo cáo kết quả giải quyết kiến nghị tại buổi tiếp xúc, đối thoại trước: đây là buổi đầu tiên, chưa có."
    else:
        statuses = c.previous_statuses(previous, s.date)
        closed = sum(1 for _, st in statuses if st.closed)
        text = (
            f"Báo cáo kết quả giải quyết kiến nghị tại buổi tiếp xúc, đối thoại ngày {vn_date(previous.date)}: "
            f"{closed:02d}/{len(statuses):02d} ý kiến đã giải quyết, trả lời xong; {len(statuses) - closed:02d} ý kiến "
            "đang hoặc chưa giải quyết (chi tiết tại báo cáo kèm theo hồ sơ)."
        )
    body.append(Paragraph(text, "item"))
    return body


_ACCEPTED = "Xin tiếp thu"


def _sentence(text: str) -> str:
    """The clerk's text as one sentence: trimmed, ending with one full stop (or its own ?, !, …)."""
    text = text.strip().rstrip(";,: ")
    return text if not text or text[-1] in ".?!…" else text + "."


def accepted_answer(p: Petition) -> str:
    """The biên bản's line for a petition accepted to answer in writing, as a văn thư writes it: "Xin tiếp
    thu" once, whatever the clerk typed ("Xin tiếp thu; giao …", with or without a full stop), then who
    answers by when; an unknown deadline is left out rather than shown as a gap."""
    said = (p.answer.text or "").strip()
    if fold(said[: len(_ACCEPTED)]) == fold(_ACCEPTED):
        said = said[len(_ACCEPTED) :].lstrip(" :;,.-")
    said = _sentence(said[:1].upper() + said[1:]) if said else ""
    head = f"{_ACCEPTED}: {said}" if said else f"{_ACCEPTED}."
    if p.deadline is None:
        when = " trước ngày …"
    elif is_unknown(p.deadline):
        when = ""
    else:
        when = f" trước ngày {vn_date(p.deadline)}"
    if not p.agency or is_unknown(p.agency):  # nobody recorded as given the task: nothing invented
        return head
    return f"{head} Giao {p.agency} trả lời bằng văn bản{when}."


def _minutes_exchange(c: SessionContext) -> list[Block]:
    """Steps c) to f): what the people said, the answers, further exchange and the conclusion."""
    s = c.session
    body: list[Block] = [Paragraph(f"c) Nhân dân phát biểu ý kiến: {len(s.petitions):02d} ý kiến", "heading")]
    for i, p in enumerate(s.petitions, 1):
        if c.public:
            who = citizen(p)
            who = who[:1].upper() + who[1:]
        else:
            who = p.raised_by + (f" ({p.address})" if p.address else "")
        body.append(Paragraph(f"{i}. {who}, lĩnh vực {p.field}: {p.content}", "item"))
    body.append(Paragraph("d) Trả lời ý kiến của Nhân dân", "heading"))
    for i, p in enumerate(s.petitions, 1):
        text = f"{p.answer.by}: {_sentence(p.answer.text or '')}" if p.answer.at_session else accepted_answer(p)
        body.append(Paragraph(f"{i}. {text}", "item"))
    body.append(Paragraph("e) Nhân dân tiếp tục trao đổi, phát biểu ý kiến", "heading"))
    body += paragraphs(s.further_exchange) or [Paragraph(c.say("bien_ban_khong_trao_doi_them"), "item")]
    body.append(Paragraph("f) Kết luận", "heading"))
    body += paragraphs(s.conclusion) or [Paragraph(c.say("chua_co_ket_luan", khoa="ket_luan"))]
    return body


# --- every document of a unit ---------------------------------------------------------------------


def signature(unit: Unit, key: str | None, day: dt.date) -> Signature:
    """The signature block of one of the unit's signers (the default signer when ``key`` is None) on ``day``:
    the name is that of whoever held the post that day. Validation makes sure someone did for every document
    of the records; on a day it cannot check (a report's as-of day after the last recorded term) the name is
    left blank for the office to write, never another year's holder."""
    post = unit.posts[key or unit.default_signer]
    signer = unit.signer_on(key, day)
    authority = f"{post.authority} {post.on_behalf_of}".strip() if post.authority else None
    return Signature(
        title=post.title.upper(), name=signer.name if signer else "", authority=authority.upper() if authority else None
    )


def unit_document(
    unit: Unit,
    doc_type: str,
    subject: str,
    body: list[Block],
    *,
    stem: str | None = None,
    date: dt.date | None,
    year: int,
    signatures: tuple[Signature, ...] | None = None,
    recipients: tuple[str, ...] = (),
    number: int | None = None,
    notation: str | None = None,
    restricted: bool = False,
    notes: tuple[str, ...] = (),
    attached_to: str | None = None,
) -> ComposedDocument:
    """An official document of ``unit`` in its format: letterhead, number, date line, signature block.
    Its heading and file name come from the document type's entry in the registry."""
    kind = doctypes.get(doc_type)
    profile = load_profile(unit.profile)
    notation = profile.notation(doc_type, unit.abbreviation, notation)
    if profile.end_mark and body and isinstance(body[-1], Paragraph):
        body[-1] = Paragraph(body[-1].text.rstrip(" .") + profile.end_mark, body[-1].style)
    column = profile.text_width_mm * profile.issuer_column
    printed = subject
    if kind.heading is not None:  # the trích yếu under a heading: centred lines of even length
        printed = balanced_lines(subject, profile.text_width_mm * SUBJECT_WIDTH, profile.sizes["trich_yeu"], bold=True)
    return ComposedDocument(
        stem=stem or kind.stem or _slug(doc_type),
        doc_type=doc_type,
        profile=profile,
        parent_body=_fit(unit.parent_body.upper(), column, profile, "co_quan_chu_quan") if unit.parent_body else None,
        issuer=_fit(unit.name.upper(), column, profile, "co_quan_ban_hanh"),
        number_line=profile.number_line(notation, number),
        place_date=profile.date_line(unit.place, date, year),
        type_name=kind.heading,
        subject=subject,
        body=tuple(body),
        signatures=signatures or (signature(unit, None, date or dt.date.today()),),  # undated: signed when issued
        recipients=tuple(r for r in recipients if not _is_archive_line(r)),
        archive_line=_archive_line(recipients, profile),
        number=number,
        notation=notation,
        date=date,
        restricted=restricted,
        notes=notes,
        attached_to=attached_to,
        subject_lines=printed if printed != subject else None,
    )


SUBJECT_WIDTH = 0.84  # share of the text width the trích yếu may take (8% margins each side, document.css.j2)


def balanced_lines(text: str, width_mm: float, size_pt: float, bold: bool = False) -> str:
    """``text`` with the line breaks a clerk puts in a centred trích yếu so that its last line is never one
    word alone ("… với Nhân dân năm\n2026" becomes "… với Nhân dân\nnăm 2026"): lines filled as the
    renderer fills them, then the last word of the line before moved down. Unchanged when no line is
    left alone."""
    words = " ".join(text.split()).split(" ")
    lines: list[list[str]] = [[]]
    for word in words:
        if lines[-1] and text_width_mm(" ".join([*lines[-1], word]), size_pt, bold) > width_mm:
            lines.append([])
        lines[-1].append(word)
    if len(lines) < 2 or len(lines[-1]) > 1 or len(lines[-2]) < 3:
        return text
    lines[-1].insert(0, lines[-2].pop())
    return "\n".join(" ".join(line) for line in lines)


def _locality(name: str) -> tuple[str, str] | None:
    """("xã", "An Khánh") from "ỦY BAN NHÂN DÂN XÃ AN KHÁNH" or "ĐẢNG BỘ TỈNH QUẢNG NGÃI"."""
    upper = f" {' '.join(name.split()).upper()} "
    found = [(upper.find(f" {w} "), -len(w), w) for w in _UNIT_WORDS if f" {w} " in upper]
    if not found:
        return None
    at, _, word = min(found)
    place = upper[at + len(word) + 2 :].strip()
    return (word.lower(), " ".join(w.capitalize() for w in place.split())) if place else None


def recipient_values(unit: Unit) -> dict[str, str]:
    """What a standard Nơi nhận may name: {dia_phuong} "xã An Khánh", {cap_uy} the Party committee of the
    same place "Đảng ủy xã An Khánh", {cap_tren} the unit above "Tỉnh ủy Quảng Ngãi" / "UBND tỉnh Quảng Ngãi"."""
    here = _locality(unit.name)
    above = _locality(unit.parent_body) if unit.parent_body else None
    if unit.kind == "Đảng":
        superior = f"{_PARTY_COMMITTEE[above[0]]} {above[1]}" if above else "cấp ủy cấp trên"
    else:
        superior = f"UBND {above[0]} {above[1]}" if above else "cơ quan cấp trên"
    return {
        "dia_phuong": f"{here[0]} {here[1]}" if here else unit.place,
        "cap_uy": f"{_PARTY_COMMITTEE[here[0]]} {here[1]}" if here else "cấp ủy cùng cấp",
        "cap_tren": superior,
    }


def unit_recipients(unit: Unit, key: str, texts: Texts | None = None) -> tuple[str, ...]:
    """The unit's standard Nơi nhận ``key`` from its texts (cau-van.yaml: recipients separated by ";"); a
    Party unit reads ``<key>_dang`` where there is one. The "Lưu" line is the profile's, added when printed."""
    texts = texts or texts_for(unit_root(unit.path))
    if unit.kind == "Đảng" and f"{key}_dang" in texts.sentences:
        key += "_dang"
    text = texts.say(key, co_quan=running_name(unit), **recipient_values(unit))
    return tuple(r.strip(" -;.") for r in text.split(";") if r.strip(" -;."))


def _is_archive_line(recipient: str) -> bool:
    words = fold(recipient.strip(" -")).split()
    return bool(words) and words[0].rstrip(":") == "luu"


def _archive_line(recipients: tuple[str, ...], profile: Profile) -> str | None:
    """The one "Lưu" line of the Nơi nhận: the record's own (the last, if it gives several), in the profile's
    form ("Lưu: VT, KT." under ND30, "Lưu Văn phòng Đảng ủy." under HD36); None to use the profile's."""
    own = [r for r in recipients if _is_archive_line(r)]
    if not own:
        return None
    rest = own[-1].strip(" -")[len("Lưu") :].strip(" :;.,")
    if not rest:  # "Lưu" alone says no more than the profile's line
        return None
    return f"Lưu: {rest}." if profile.archive_line.startswith("Lưu:") else f"Lưu {rest}."


def _fit(name: str, column_mm: float, profile: Profile, element: str) -> str:
    """A letterhead name too wide for its column breaks before its administrative unit
    ("ỦY BAN NHÂN DÂN\nXÃ AN KHÁNH"), not wherever the line happens to end."""
    bold = "dam" in profile.styles.get(element, ())
    if text_width_mm(name, profile.sizes[element], bold) <= column_mm:
        return name
    for word in _UNIT_WORDS:
        at = name.find(f" {word} ")
        if at > 0:
            return name[:at] + "\n" + name[at + 1 :]
    return name


def _trich_yeu(subject: str, heading: str | None) -> str:
    """The trích yếu as printed. Under "BIÊN BẢN" it must not start "Biên bản …" again (a clerk lists
    documents that way); a công văn (no heading) begins with "V/v"."""
    if heading is None:
        return subject if fold(subject).startswith("v/v") else "V/v " + subject[:1].lower() + subject[1:]
    if fold(subject).startswith(fold(heading) + " "):
        rest = subject[len(heading) + 1 :].lstrip(" :-")
        return rest[:1].upper() + rest[1:]
    return subject


def _slug(kind: str) -> str:
    return fold(kind).replace(" ", "-")


def compose_session(
    records: RecordSet, session: Session, public: bool = False, signing: bool = False
) -> list[ComposedDocument]:
    """The documents hoso drafts for ``session``, in the order of the work (the registry's file names).

    A document the record gives with a file (``tep``: the office's signed scan) is not drafted: the
    office's file is the document, and the archive stage takes it as it is.

    ``public``: the public rendition of each document, made from the records, not by masking a rendered
    text: petitioners are named by place, and any name or full address of a petitioner that a record's
    text holds is taken out (``record.personal``). Most documents are then the same as the full ones."""
    context = SessionContext(records, session, public, signing)
    documents: list[ComposedDocument] = []
    called: list[Composer] = []
    for kind in doctypes.session_drafts():
        composer = COMPOSERS[kind.name]
        if composer not in called:  # one composer may draft several types (the convocations)
            called.append(composer)
            documents += composer(context)
    documents = [d for d in documents if doctypes.get(d.doc_type).convocation or not context.supplied(d.doc_type)]
    if public:  # every petitioner of the unit: a follow-up reported here may name one of an earlier session
        redactor = Redactor(p for p in records.petitions() if p.unit == session.unit)
        documents = [_redacted(d, redactor) for d in documents]
    return documents


def _redacted(document: ComposedDocument, redactor: Redactor) -> ComposedDocument:
    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            return dataclasses.replace(b, text=redactor.scrub(b.text))
        if isinstance(b, Table):
            rows = tuple(tuple(redactor.scrub(cell) for cell in row) for row in b.rows)
            return dataclasses.replace(b, rows=rows)
        if isinstance(b, Addressees):
            return dataclasses.replace(b, names=tuple(redactor.scrub(n) for n in b.names))
        return b

    subject = redactor.scrub(document.subject)
    lines = document.subject_lines if subject == document.subject else None  # printed on one line, scrubbed
    return dataclasses.replace(
        document, subject=subject, subject_lines=lines, body=tuple(block(b) for b in document.body)
    )
