"""Composing the documents of one session's hồ sơ from the records.

Seed 001 §2.3 lists what the hồ sơ holds; this module writes the eight documents hoso drafts:

    01 kế hoạch năm              05 báo cáo dư luận xã hội
    02 văn bản triệu tập          06 báo cáo kết quả giải quyết kiến nghị của buổi trước
    03 nội quy                    07 thông báo kết luận
    04 chương trình               08 biên bản

Speeches and other attached files are not composed; they pass through to the archive as they are.
Public documents name a petitioner only by place ("cử tri thôn Phước Lộc"); the names, which are
personal data, appear only in the biên bản.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import followup
from ..text import fold
from ..record.model import AnnualPlan, Document as RecordDocument, Petition, RecordSet, Session, Unit
from .metrics import text_width_mm
from .model import Block, Document, Paragraph, Signature, Table
from .profile import Profile, load_profile
# Where a letterhead name may break: before the administrative unit, as offices print it.
_UNIT_WORDS = ("XÃ", "PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN", "THỊ XÃ", "HUYỆN", "QUẬN", "THÀNH PHỐ", "TỈNH")

CONVOCATION_TYPES = ("giấy mời", "thông báo triệu tập", "công văn triệu tập")
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

# Nội quy: the usual rules of a dialogue session (seed 001 §2.2; refusal cases as in Bình Phước's rules).
HOUSE_RULES = (
    "Người tham dự có mặt đúng giờ, đăng ký với Ban tổ chức và ngồi đúng vị trí được bố trí; trang phục lịch sự.",
    "Giữ trật tự trong suốt buổi tiếp xúc, đối thoại; không hút thuốc, không sử dụng rượu, bia; để điện thoại "
    "di động ở chế độ im lặng.",
    "Người muốn phát biểu giơ tay, khi được người điều hành mời mới phát biểu; nêu rõ họ tên, nơi cư trú; mỗi lượt "
    "phát biểu không quá 05 phút và tập trung vào nội dung tiếp xúc, đối thoại.",
    "Ý kiến phát biểu phải khách quan, trung thực, có văn hóa; không xúc phạm danh dự, nhân phẩm của người khác; "
    "không lợi dụng việc tiếp xúc, đối thoại để gây rối, kích động.",
    "Ý kiến đã được trả lời thì không nêu lại; ý kiến chưa được trả lời tại buổi được tiếp thu và trả lời bằng văn "
    "bản theo quy định.",
    "Không ghi âm, ghi hình khi chưa được Ban tổ chức đồng ý, trừ phóng viên được mời dự.",
    "Ban tổ chức từ chối người trong tình trạng say rượu, bia, sử dụng chất kích thích, người không có năng lực "
    "hành vi dân sự và người không chấp hành nội quy tham dự buổi tiếp xúc, đối thoại.",
    "Mọi người tham dự có trách nhiệm chấp hành nghiêm Nội quy này.",
)


def vn_date(day: dt.date) -> str:
    """25/9/2025, 05/02/2024: the same zero-padding rule as the date line."""
    month = f"{day.month:02d}" if day.month in (1, 2) else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def vn_time(t: dt.time | None) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút" if t else "… giờ … phút"


_LIST_ITEM = re.compile(r"^\s*(?:[-+•]\s|\d{1,3}[.)]\s|[a-zđ][)]\s)")


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


def citizen(p: Petition) -> str:
    return f"cử tri {p.address}" if p.address else "cử tri"


class _Composer:
    """What every document of one session shares: the unit, its profile, the session's records."""

    def __init__(self, records: RecordSet, session: Session):
        self.records = records
        self.session = session
        self.unit: Unit = records.units[session.unit]
        self.profile: Profile = load_profile(self.unit.profile)
        self.chair = session.chairs[0]

    def entry(self, *types: str) -> RecordDocument | None:
        """The record's entry in van_ban for a document type hoso drafts (its number, date, signer, subject)."""
        return next((d for d in self.session.documents if d.type in types and d.file is None), None)

    def supplied(self, doc_type: str) -> bool:
        """The office attached its own file (a signed scan) for this type and asked for no draft of it."""
        entries = [d for d in self.session.documents if d.type == doc_type]
        return bool(entries) and all(d.file is not None for d in entries)

    def signature(self, key: str | None) -> Signature:
        return signature(self.unit, key)

    def document(
        self,
        stem: str,
        doc_type: str,
        type_name: str | None,
        subject: str,
        body: list[Block],
        entry: RecordDocument | None,
        *,
        signatures: tuple[Signature, ...] | None = None,
        recipients: tuple[str, ...] = (),
        date: dt.date | None = None,
        number: int | None = None,
        notation: str | None = None,
        year: int | None = None,
        notes: tuple[str, ...] = (),
    ) -> Document:
        number = number if number is not None else (entry.number if entry else None)
        notation = notation or (entry.notation if entry else None)
        return unit_document(
            self.unit,
            stem,
            doc_type,
            type_name,
            _trich_yeu((entry.subject if entry else None) or subject, type_name),
            body,
            date=date or (entry.date if entry else None),
            year=year or self.session.date.year,
            signatures=signatures or (self.signature(entry.signer if entry else None),),
            recipients=(entry.recipients if entry and entry.recipients else recipients),
            number=number,
            notation=notation,
            restricted=self.session.restricted,
            notes=notes,
        )

    # --- 01 kế hoạch năm -------------------------------------------------------------------------

    def plan(self, plan: AnnualPlan) -> Document:
        body: list[Block] = [Paragraph(f"Căn cứ {base};", "item") for base in plan.bases]
        body.append(
            Paragraph(
                f"{self._issuer_text()} ban hành Kế hoạch tổ chức tiếp xúc, đối thoại "
                f"trực tiếp với Nhân dân năm {plan.year} như sau:"
            )
        )
        body.append(Paragraph("I. MỤC ĐÍCH, YÊU CẦU", "heading"))
        body += [Paragraph("1. Mục đích", "item"), *paragraphs(plan.purpose)]
        body += [Paragraph("2. Yêu cầu", "item"), *paragraphs(plan.requirements)]
        body.append(Paragraph("II. NỘI DUNG, THỜI GIAN, HÌNH THỨC", "heading"))
        body.append(
            Paragraph(f"Trong năm {plan.year}, tổ chức {len(plan.sessions):02d} buổi tiếp xúc, đối thoại trực tiếp với Nhân dân, cụ thể:")
        )
        rows = []
        for i, s in enumerate(plan.sessions, 1):
            when = vn_date(s.date) if s.date else f"Tháng {s.month}/{plan.year}"
            rows.append((str(i), when, s.topic, s.form, s.location or "", s.chair or ""))
        body.append(
            Table(("STT", "Thời gian dự kiến", "Chủ đề, nội dung", "Hình thức", "Địa điểm", "Chủ trì"), tuple(rows), (8, 15, 32, 13, 17, 15))
        )
        body.append(Paragraph("III. TỔ CHỨC THỰC HIỆN", "heading"))
        body += paragraphs(plan.organisation) or [
            Paragraph("Các cơ quan, đơn vị được phân công chủ động chuẩn bị nội dung, tài liệu và tổ chức thực hiện Kế hoạch này.")
        ]
        return self.document(
            "01-ke-hoach",
            "kế hoạch",
            "KẾ HOẠCH",
            plan.subject,
            body,
            None,
            signatures=(self.signature(plan.signer),),
            recipients=plan.recipients,
            date=plan.date,
            number=plan.number,
            notation=plan.notation,
            year=plan.year,
        )

    # --- 02 văn bản triệu tập ----------------------------------------------------------------------

    def convocations(self) -> list[Document]:
        """One document per convocation the record lists (a Party unit may send a thông báo triệu tập to
        its members and a giấy mời to guests); a giấy mời when it lists none."""
        entries = [d for d in self.session.documents if d.type in CONVOCATION_TYPES and d.file is None]
        if not entries and any(d.type in CONVOCATION_TYPES for d in self.session.documents):
            return []  # the office attached its own signed convocations
        stems: list[str] = []
        out = []
        for entry in entries or [None]:
            stem = "02-" + _slug(entry.type if entry else "giấy mời")
            stems.append(stem)
            if stems.count(stem) > 1:
                stem += f"-{stems.count(stem)}"
            out.append(self.convocation(entry, stem))
        return out

    def convocation(self, entry: RecordDocument | None, stem: str) -> Document:
        s = self.session
        kind = entry.type if entry else "giấy mời"
        when = f"{vn_time(s.start)}, {_WEEKDAYS[s.date.weekday()]}, ngày {vn_date(s.date)}"
        invited = list(s.co_organisers) + list(s.delegates)
        chairs = "; ".join(f"đồng chí {c.name}, {c.title}" for c in s.chairs)
        body: list[Block] = []
        if kind == "giấy mời":
            type_name, subject = "GIẤY MỜI", f"Dự buổi tiếp xúc, đối thoại trực tiếp với Nhân dân: {s.topic}"
            body.append(Paragraph(f"{self._issuer_text()} trân trọng kính mời:"))
            body += [Paragraph(f"- {who};", "item") for who in invited] or [Paragraph("- Đại diện Nhân dân trên địa bàn;", "item")]
            body.append(Paragraph(f"Tới dự buổi tiếp xúc, đối thoại trực tiếp với Nhân dân, chủ đề: {s.topic}."))
        else:
            type_name = "THÔNG BÁO" if kind == "thông báo triệu tập" else None
            subject = (
                f"Tổ chức buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(s.date)}"
                if type_name
                else "V/v tổ chức buổi tiếp xúc, đối thoại trực tiếp với Nhân dân"
            )
            if type_name is None:
                body.append(Paragraph("Kính gửi: " + ("; ".join(invited) if invited else "các cơ quan, đơn vị có liên quan") + ".", "centre"))
            body.append(Paragraph(f"{self._issuer_text()} tổ chức buổi tiếp xúc, đối thoại trực tiếp với Nhân dân, cụ thể như sau:"))
            body.append(Paragraph(f"1. Nội dung: {s.topic}.", "item"))
            body.append(Paragraph("2. Thành phần mời: " + ("; ".join(invited) if invited else "đại diện Nhân dân trên địa bàn") + ".", "item"))
        body.append(Paragraph(f"Chủ trì: {chairs}.", "item"))
        body.append(Paragraph(f"Thời gian: {when}.", "item"))
        body.append(Paragraph(f"Địa điểm: {s.location}.", "item"))
        body.append(Paragraph("Đề nghị các cơ quan, đơn vị và các đồng chí được mời tham dự đầy đủ, đúng giờ."))
        return self.document(stem, kind, type_name, subject, body, entry, recipients=("Như thành phần mời",))

    # --- 03 nội quy --------------------------------------------------------------------------------

    def house_rules(self) -> Document:
        entry = self.entry("nội quy")
        body: list[Block] = [Paragraph(f"{i}. {rule}", "item") for i, rule in enumerate(HOUSE_RULES, 1)]
        return self.document("03-noi-quy", "nội quy", "NỘI QUY", f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(self.session.date)}", body, entry)

    # --- 04 chương trình ---------------------------------------------------------------------------

    def program(self) -> Document:
        s = self.session
        entry = self.entry("chương trình")
        body: list[Block] = [
            Paragraph(f"Thời gian: {vn_time(s.start)}, ngày {vn_date(s.date)}.", "item"),
            Paragraph(f"Địa điểm: {s.location}.", "item"),
        ]
        items = s.program or ()
        rows = tuple(
            (item.time.strftime("%H:%M") if item.time else "", item.text, item.by or "") for item in items
        ) or (
            ("", "Tuyên bố lý do, giới thiệu đại biểu, thông qua chương trình, nội quy", ""),
            ("", "Báo cáo những vấn đề dư luận xã hội và Nhân dân quan tâm; kết quả giải quyết kiến nghị buổi trước", ""),
            ("", "Nhân dân phát biểu ý kiến; lãnh đạo trả lời", ""),
            ("", "Kết luận", f"{self.chair.name}, {self.chair.title}"),
        )
        body.append(Table(("Thời gian", "Nội dung", "Người thực hiện"), rows, (14, 52, 34)))
        return self.document("04-chuong-trinh", "chương trình", "CHƯƠNG TRÌNH", f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân: {s.topic}", body, entry)

    # --- 05 báo cáo dư luận xã hội --------------------------------------------------------------------

    def public_concern_report(self) -> Document:
        entry = self.entry("báo cáo dư luận xã hội")
        notes: tuple[str, ...] = ()
        body: list[Block] = [
            Paragraph(
                f"Phục vụ buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(self.session.date)}, "
                f"{self._issuer_text()} báo cáo những vấn đề dư luận xã hội và Nhân dân quan tâm trên địa bàn như sau:"
            )
        ]
        content = paragraphs(self.session.public_concern_report)
        if not content:
            notes = ("chưa có nội dung báo cáo dư luận xã hội (khóa bao_cao_du_luan)",)
            content = [Paragraph("[Chưa có nội dung: ghi vào khóa bao_cao_du_luan của hồ sơ buổi tiếp xúc, đối thoại.]")]
        body += content
        return self.document(
            "05-bao-cao-du-luan", "báo cáo dư luận xã hội", "BÁO CÁO", "Những vấn đề dư luận xã hội và Nhân dân quan tâm", body, entry, notes=notes
        )

    # --- 06 báo cáo kết quả giải quyết kiến nghị của buổi trước ----------------------------------------

    def previous_session(self) -> Session | None:
        return self.records.previous_session(self.session)

    def previous_results(self) -> Document:
        entry = self.entry("báo cáo kết quả giải quyết kiến nghị")
        previous = self.previous_session()
        # Until the report is dated, it counts up to the session, or up to today for a session yet to come.
        as_of = (entry.date if entry and entry.date else None) or min(self.session.date, dt.date.today())
        if previous is None:
            body: list[Block] = [
                Paragraph(
                    f"Đây là buổi tiếp xúc, đối thoại trực tiếp với Nhân dân đầu tiên của {self._issuer_text()}; "
                    "chưa có ý kiến, kiến nghị của buổi tiếp xúc, đối thoại trước cần báo cáo kết quả giải quyết."
                )
            ]
            subject = "Kết quả giải quyết ý kiến, kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại trước"
        else:
            body = self._results_body(previous, as_of)
            subject = f"Kết quả giải quyết ý kiến, kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại ngày {vn_date(previous.date)}"
        return self.document("06-bao-cao-ket-qua-buoi-truoc", "báo cáo kết quả giải quyết kiến nghị", "BÁO CÁO", subject, body, entry)

    def carried_over(self) -> list[Petition]:
        """Open petitions of sessions before the previous one, as the record lists them (hoso new fills it)."""
        by_id = {p.id: p for p in self.records.petitions()}
        return [by_id[i] for i in self.session.carried_over if i in by_id]

    def previous_statuses(self, previous: Session, as_of: dt.date) -> list[tuple[Petition, followup.PetitionStatus]]:
        petitions = [*previous.petitions, *self.carried_over()]
        return [(p, followup.petition_status(p, self.records.followups_for(p.id), as_of)) for p in petitions]

    def _results_body(self, previous: Session, as_of: dt.date) -> list[Block]:
        statuses = self.previous_statuses(previous, as_of)
        own = [(p, st) for p, st in statuses if p.session_id == previous.id]
        at_session = sum(1 for p, _ in own if p.answer.at_session)
        done = [(p, st) for p, st in statuses if st.closed]
        doing = [(p, st) for p, st in statuses if st.status == followup.IN_PROGRESS]
        todo = [(p, st) for p, st in statuses if st.status == followup.NOT_STARTED]
        intro = (
            f"Tại buổi tiếp xúc, đối thoại ngày {vn_date(previous.date)} ({previous.topic}), Nhân dân nêu "
            f"{len(own):02d} ý kiến, kiến nghị; trong đó {at_session:02d} ý kiến được trả lời trực tiếp tại buổi, "
            f"{len(own) - at_session:02d} ý kiến xin tiếp thu để trả lời bằng văn bản."
        )
        carried = len(statuses) - len(own)
        if carried:
            intro += f" Ngoài ra còn {carried:02d} ý kiến, kiến nghị của các buổi trước đó chưa giải quyết xong, được báo cáo tiếp."
        body: list[Block] = [Paragraph(f"{intro} Kết quả giải quyết đến ngày {vn_date(as_of)} như sau:")]
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
                (str(i), self._petition_text(p, previous), self._agency_deadline(p), self._result_text(p, st))
                for i, (p, st) in enumerate(group, 1)
            )
            body.append(Table(("STT", "Nội dung ý kiến, kiến nghị", "Cơ quan giải quyết, thời hạn", "Kết quả"), rows, (8, 42, 20, 30)))
        return body

    @staticmethod
    def _petition_text(p: Petition, previous: Session) -> str:
        earlier = "" if p.session_id == previous.id else f" tại buổi ngày {vn_date(p.session_date)}"
        return f"Ý kiến của {citizen(p)}{earlier} ({p.field}): {p.content}"

    @staticmethod
    def _agency_deadline(p: Petition) -> str:
        parts = [p.agency or ""]
        if p.deadline:
            parts.append(f"hạn {vn_date(p.deadline)}")
        return "; ".join(x for x in parts if x) or "Trả lời tại buổi"

    @staticmethod
    def _result_text(p: Petition, st: followup.PetitionStatus) -> str:
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

    def conclusion_notice(self) -> Document:
        s = self.session
        entry = self.entry("thông báo kết luận")
        chair = f"đồng chí {self.chair.name}, {self.chair.title}"
        body: list[Block] = [Paragraph(self._opening(chair))]
        body.append(Paragraph(f"Sau khi nghe ý kiến của Nhân dân và các đại biểu, {chair} kết luận như sau:"))
        body += paragraphs(s.conclusion) or [Paragraph("[Chưa có nội dung kết luận: ghi vào khóa ket_luan của hồ sơ.]")]
        answered = [p for p in s.petitions if p.answer.at_session]
        assigned = [p for p in s.petitions if p.agency and p.deadline]
        body.append(Paragraph(f"1. Những ý kiến, kiến nghị đã được trả lời tại buổi tiếp xúc, đối thoại: {len(answered):02d} ý kiến", "heading"))
        body += [
            Paragraph(f"- Ý kiến của {citizen(p)} về {p.field}: {p.content} Trả lời: {p.answer.text}", "item") for p in answered
        ] or [Paragraph("Không có.", "item")]
        body.append(
            Paragraph(f"2. Những ý kiến, kiến nghị xin tiếp thu, giao cơ quan giải quyết, trả lời bằng văn bản: {len(assigned):02d} ý kiến", "heading")
        )
        if assigned:
            rows = tuple(
                (str(i), f"Ý kiến của {citizen(p)} ({p.field}): {p.content}", p.agency or "", vn_date(p.deadline))
                for i, p in enumerate(assigned, 1)
            )
            body.append(Table(("STT", "Nội dung ý kiến, kiến nghị", "Cơ quan giải quyết, trả lời", "Thời hạn"), rows, (8, 50, 24, 18)))
        else:
            body.append(Paragraph("Không có.", "item"))
        body.append(Paragraph("3. Công khai kết quả trả lời", "heading"))
        body += paragraphs(s.publication) or [
            Paragraph(
                "Các cơ quan được giao trả lời bằng văn bản cho người có ý kiến, kiến nghị, đồng gửi "
                f"{self._issuer_text()} để tổng hợp và công khai theo quy định."
            )
        ]
        body.append(Paragraph(f"{self._issuer_text()} thông báo để các cơ quan, đơn vị và Nhân dân biết, thực hiện."))
        agencies = tuple(dict.fromkeys(p.agency for p in assigned if p.agency))
        subject = f"Kết luận của {chair} tại buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(s.date)}"
        return self.document(
            "07-thong-bao-ket-luan", "thông báo kết luận", "THÔNG BÁO", subject, body, entry, recipients=(*s.co_organisers, *agencies)
        )

    def _opening(self, chair: str) -> str:
        s = self.session
        text = f"Ngày {vn_date(s.date)}, tại {s.location}, {chair} chủ trì buổi tiếp xúc, đối thoại trực tiếp với Nhân dân, chủ đề: {s.topic}."
        if s.co_organisers:
            text += f" Phối hợp tổ chức: {'; '.join(s.co_organisers)}."
        if s.attendance:
            text += f" Tham dự có {s.attendance['dai_bieu']} đại biểu và {s.attendance['nhan_dan']} người dân."
        return text

    # --- 08 biên bản ------------------------------------------------------------------------------------

    def minutes(self) -> Document:
        s = self.session
        entry = self.entry("biên bản")
        body: list[Block] = [
            Paragraph(f"Thời gian bắt đầu: {vn_time(s.start)}, ngày {vn_date(s.date)}.", "item"),
            Paragraph(f"Địa điểm: {s.location}.", "item"),
            Paragraph("Thành phần tham dự:", "item"),
            Paragraph("- Chủ trì: " + "; ".join(f"đồng chí {c.name}, {c.title}" for c in s.chairs) + ".", "item"),
        ]
        if s.co_organisers:
            body.append(Paragraph("- Cơ quan, tổ chức phối hợp: " + "; ".join(s.co_organisers) + ".", "item"))
        if s.delegates:
            body.append(Paragraph("- Đại biểu: " + "; ".join(s.delegates) + ".", "item"))
        if s.attendance:
            body.append(Paragraph(f"- Số người tham dự: {s.attendance['dai_bieu']} đại biểu và {s.attendance['nhan_dan']} người dân.", "item"))
        secretary = f"{s.secretary.name}, {s.secretary.title}" if s.secretary else "…"
        body.append(Paragraph(f"Thư ký: {secretary}.", "item"))
        body.append(Paragraph("NỘI DUNG", "heading"))
        body.append(Paragraph("a) Công tác tổ chức", "heading"))
        body.append(
            Paragraph(
                "Đại diện Ban tổ chức tuyên bố lý do; giới thiệu đại biểu, thành phần tham dự, nội dung chương trình, "
                "nội quy buổi tiếp xúc, đối thoại và giới thiệu thành phần chủ trì."
            )
        )
        body.append(Paragraph("b) Nội dung buổi tiếp xúc, đối thoại", "heading"))
        body.append(Paragraph("Báo cáo những vấn đề dư luận xã hội và Nhân dân quan tâm:", "item"))
        body += paragraphs(s.public_concern_report) or [Paragraph("Không có báo cáo.", "item")]
        previous = self.previous_session()
        if previous is None:
            body.append(Paragraph("Báo cáo kết quả giải quyết kiến nghị tại buổi tiếp xúc, đối thoại trước: đây là buổi đầu tiên, chưa có.", "item"))
        else:
            statuses = self.previous_statuses(previous, s.date)
            closed = sum(1 for _, st in statuses if st.closed)
            body.append(
                Paragraph(
                    f"Báo cáo kết quả giải quyết kiến nghị tại buổi tiếp xúc, đối thoại ngày {vn_date(previous.date)}: "
                    f"{closed:02d}/{len(statuses):02d} ý kiến đã giải quyết, trả lời xong; {len(statuses) - closed:02d} ý kiến "
                    "đang hoặc chưa giải quyết (chi tiết tại báo cáo kèm theo hồ sơ).",
                    "item",
                )
            )
        body.append(Paragraph(f"c) Nhân dân phát biểu ý kiến: {len(s.petitions):02d} ý kiến", "heading"))
        for i, p in enumerate(s.petitions, 1):
            who = p.raised_by + (f" ({p.address})" if p.address else "")
            body.append(Paragraph(f"{i}. {who}, lĩnh vực {p.field}: {p.content}", "item"))
        body.append(Paragraph("d) Trả lời ý kiến của Nhân dân", "heading"))
        for i, p in enumerate(s.petitions, 1):
            if p.answer.at_session:
                text = f"{p.answer.by}: {p.answer.text}"
            else:
                text = f"Xin tiếp thu{': ' + p.answer.text if p.answer.text else ''}. Giao {p.agency} trả lời bằng văn bản trước ngày {vn_date(p.deadline)}."
            body.append(Paragraph(f"{i}. {text}", "item"))
        body.append(Paragraph("e) Nhân dân tiếp tục trao đổi, phát biểu ý kiến", "heading"))
        body += paragraphs(s.further_exchange) or [Paragraph("Không ghi nhận ý kiến trao đổi thêm.", "item")]
        body.append(Paragraph("f) Kết luận", "heading"))
        body += paragraphs(s.conclusion) or [Paragraph("[Chưa có nội dung kết luận: ghi vào khóa ket_luan của hồ sơ.]")]
        body.append(
            Paragraph(
                f"Buổi tiếp xúc, đối thoại kết thúc vào hồi {vn_time(s.end)} cùng ngày. Biên bản đã được đọc lại cho "
                "những người tham dự cùng nghe và thống nhất nội dung."
            )
        )
        left, right = self.profile.minutes_signers
        signatures = (
            Signature(title=left, name=s.secretary.name if s.secretary else ""),
            Signature(title=right, name=self.chair.name),
        )
        subject = f"Buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {vn_date(s.date)}"
        return self.document("08-bien-ban", "biên bản", "BIÊN BẢN", subject, body, entry, signatures=signatures, date=(entry.date if entry and entry.date else s.date))

    def _issuer_text(self) -> str:
        return running_name(self.unit)


def signature(unit: Unit, key: str | None = None) -> Signature:
    """The signature block of one of the unit's signers (the default signer when ``key`` is None)."""
    signer = unit.signers[key or unit.default_signer]
    authority = f"{signer.authority} {signer.on_behalf_of}".strip() if signer.authority else None
    return Signature(title=signer.title.upper(), name=signer.name, authority=authority.upper() if authority else None)


def unit_document(
    unit: Unit,
    stem: str,
    doc_type: str,
    type_name: str | None,
    subject: str,
    body: list[Block],
    *,
    date: dt.date | None,
    year: int,
    signatures: tuple[Signature, ...] | None = None,
    recipients: tuple[str, ...] = (),
    number: int | None = None,
    notation: str | None = None,
    restricted: bool = False,
    notes: tuple[str, ...] = (),
) -> Document:
    """An official document of ``unit`` in its format: letterhead, number, date line, signature block."""
    profile = load_profile(unit.profile)
    notation = profile.notation(doc_type, unit.abbreviation, notation)
    if profile.end_mark and body and isinstance(body[-1], Paragraph):
        body[-1] = Paragraph(body[-1].text.rstrip(" .") + profile.end_mark, body[-1].style)
    column = profile.text_width_mm * profile.issuer_column
    return Document(
        stem=stem,
        doc_type=doc_type,
        profile=profile,
        parent_body=_fit(unit.parent_body.upper(), column, profile, "co_quan_chu_quan") if unit.parent_body else None,
        issuer=_fit(unit.name.upper(), column, profile, "co_quan_ban_hanh"),
        number_line=profile.number_line(notation, number),
        place_date=profile.date_line(unit.place, date, year),
        type_name=type_name,
        subject=subject,
        body=tuple(body),
        signatures=signatures or (signature(unit),),
        recipients=recipients,
        number=number,
        notation=notation,
        date=date,
        restricted=restricted,
        notes=notes,
    )


def running_name(unit: Unit) -> str:
    """The issuing body in running text: "Ủy ban nhân dân xã An Khánh". A body's name keeps its capital
    letter in mid-sentence too ("… đồng gửi Ủy ban nhân dân xã An Khánh")."""
    name = unit.name
    words = name.split()
    # Official names are stored upper-case; in running text only the first letter and proper nouns stay capital.
    text = " ".join(w.capitalize() if i == 0 else w.lower() for i, w in enumerate(words)) if name.isupper() else name
    place = unit.place
    if place and place.lower() in text.lower():
        start = text.lower().rindex(place.lower())
        text = text[:start] + place + text[start + len(place):]
    return text


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


def _trich_yeu(subject: str, type_name: str | None) -> str:
    """The trích yếu as printed. Under "BIÊN BẢN" it must not start "Biên bản …" again (a clerk lists
    documents that way); a công văn (no type name) begins with "V/v"."""
    if type_name is None:
        return subject if fold(subject).startswith("v/v") else "V/v " + subject[:1].lower() + subject[1:]
    if fold(subject).startswith(fold(type_name) + " "):
        rest = subject[len(type_name) + 1 :].lstrip(" :-")
        return rest[:1].upper() + rest[1:]
    return subject


def _slug(kind: str) -> str:
    return fold(kind).replace(" ", "-")


def compose_session(records: RecordSet, session: Session) -> list[Document]:
    """The documents hoso drafts for ``session``, in the order of the work.

    A document the record gives with a file (``tep``: the office's signed scan) is not drafted: the
    office's file is the document, and the archive stage takes it as it is."""
    c = _Composer(records, session)
    documents = []
    plan = next((p for p in records.plans if p.unit == session.unit and p.year == session.date.year), None)
    if plan is not None:
        documents.append(c.plan(plan))
    documents += c.convocations()
    documents += [
        c.house_rules(),
        c.program(),
        c.public_concern_report(),
        c.previous_results(),
        c.conclusion_notice(),
        c.minutes(),
    ]
    return [d for d in documents if d.doc_type in CONVOCATION_TYPES or not c.supplied(d.doc_type)]
