"""The kinds of document (loại văn bản) a session's hồ sơ holds, each declared once, here.

Every stage reads this table: validation (the names a record's ``van_ban`` may use, which of them the
office must attach as a file, which are issued before or after the session), the documents stage (which
ones hoso drafts, under what heading and file name), the archive (their order in the hồ sơ, their name
in the Mục lục văn bản, which are always numbered) and `hoso new` (what a next session will issue).

The chữ viết tắt in a document number (KH, GM, TB…) is a rule of each format profile
(``templates/profiles/*.yaml``, ``viet_tat_loai``); ``abbreviation`` here is used where a profile does
not list the type.

Adding a type: one ``DocumentType`` below; if hoso drafts it, one composer function in
``documents/compose.py`` registered under its name, and its standard texts in ``templates/van-ban/``.
"""

from __future__ import annotations

from dataclasses import dataclass

BEFORE = "trước"  # issued before the session: dated on or before its day
AFTER = "sau"  # records its outcome: dated on or after its day


@dataclass(frozen=True)
class DocumentType:
    """Loại văn bản."""

    name: str  # as a record writes it (van_ban[].loai): "giấy mời"
    heading: str | None  # tên loại printed on the document ("GIẤY MỜI"); None: a công văn ("V/v …")
    listed_as: str  # tên loại in the Mục lục văn bản: "Giấy mời"
    rank: int | None  # place in the hồ sơ, in the order of the work (ND30 Art. 29); None: not in a hồ sơ
    abbreviation: str | None  # chữ viết tắt (ND30 Phụ lục III) where a profile does not list the type
    drafted: bool  # hoso drafts it; otherwise the office attaches its own file (tep)
    stem: str | None = None  # file name of hoso's draft of a session ("03-noi-quy")
    issued: str | None = None  # BEFORE or AFTER the session; None: no date rule
    always_numbered: bool = False  # an office always numbers it when issuing it: a missing số is noted
    in_record: bool = True  # a session record's van_ban may list it
    convocation: bool = False  # văn bản triệu tập: a session sends one or several of these
    prepared: bool = False  # `hoso new` lists it among the next session's documents
    names_petitioners: bool = False  # names petitioners (personal data): its public rendition names them by place
    signed_by_chair: bool = False  # the chair and the secretary sign it, not one of the unit's signers (nguoi_ky)

    @property
    def is_letter(self) -> bool:
        """Công văn: no tên loại; the trích yếu "V/v …" sits under the number."""
        return self.heading is None


# In the order a clerk's list of choices shows them; ``rank`` gives the order in the hồ sơ.
TYPES: tuple[DocumentType, ...] = (
    DocumentType(
        "kế hoạch",
        "KẾ HOẠCH",
        "Kế hoạch",
        rank=0,
        abbreviation="KH",
        drafted=True,
        stem="01-ke-hoach",
        always_numbered=True,
        in_record=False,
    ),
    DocumentType(
        "giấy mời",
        "GIẤY MỜI",
        "Giấy mời",
        rank=1,
        abbreviation="GM",
        drafted=True,
        stem="02-giay-moi",
        issued=BEFORE,
        always_numbered=True,
        convocation=True,
        prepared=True,
    ),
    DocumentType(
        "thông báo triệu tập",
        "THÔNG BÁO",
        "Thông báo",
        rank=1,
        abbreviation="TB",
        drafted=True,
        stem="02-thong-bao-trieu-tap",
        issued=BEFORE,
        always_numbered=True,
        convocation=True,
    ),
    DocumentType(
        "công văn triệu tập",
        None,
        "Công văn",
        rank=1,
        abbreviation=None,
        drafted=True,
        stem="02-cong-van-trieu-tap",
        issued=BEFORE,
        always_numbered=True,
        convocation=True,
    ),
    DocumentType(
        "nội quy",
        "NỘI QUY",
        "Nội quy",
        rank=2,
        abbreviation=None,
        drafted=True,
        stem="03-noi-quy",
        issued=BEFORE,
        prepared=True,
    ),
    DocumentType(
        "chương trình",
        "CHƯƠNG TRÌNH",
        "Chương trình",
        rank=3,
        abbreviation="CTr",
        drafted=True,
        stem="04-chuong-trinh",
        issued=BEFORE,
        prepared=True,
    ),
    DocumentType(
        "báo cáo dư luận xã hội",
        "BÁO CÁO",
        "Báo cáo",
        rank=4,
        abbreviation="BC",
        drafted=True,
        stem="05-bao-cao-du-luan",
        issued=BEFORE,
        always_numbered=True,
        prepared=True,
    ),
    DocumentType(
        "báo cáo kết quả giải quyết kiến nghị",
        "BÁO CÁO",
        "Báo cáo",
        rank=5,
        abbreviation="BC",
        drafted=True,
        stem="06-bao-cao-ket-qua-buoi-truoc",
        issued=BEFORE,
        always_numbered=True,
        prepared=True,
    ),
    DocumentType(
        "thông báo kết luận",
        "THÔNG BÁO",
        "Thông báo",
        rank=9,
        abbreviation="TB",
        drafted=True,
        stem="07-thong-bao-ket-luan",
        issued=AFTER,
        always_numbered=True,
        prepared=True,
    ),
    DocumentType(
        "biên bản",
        "BIÊN BẢN",
        "Biên bản",
        rank=8,
        abbreviation="BB",
        drafted=True,
        stem="08-bien-ban",
        issued=AFTER,
        prepared=True,
        names_petitioners=True,
        signed_by_chair=True,
    ),
    DocumentType("bài phát biểu khai mạc", None, "Bài phát biểu", rank=6, abbreviation=None, drafted=False),
    DocumentType("bài phát biểu bế mạc", None, "Bài phát biểu", rank=7, abbreviation=None, drafted=False),
    DocumentType("tài liệu khác", None, "Tài liệu", rank=10, abbreviation=None, drafted=False),
    # Documents hoso drafts outside a session's hồ sơ (the follow-up stage).
    DocumentType(
        "báo cáo năm",
        "BÁO CÁO",
        "Báo cáo",
        rank=None,
        abbreviation="BC",
        drafted=True,
        always_numbered=True,
        in_record=False,
    ),
    DocumentType(
        "danh sách kiến nghị", "DANH SÁCH", "Danh sách", rank=None, abbreviation=None, drafted=True, in_record=False
    ),
    DocumentType(  # `hoso search --docx/--pdf`: a result list of the archive
        "danh sách kết quả tra cứu",
        "DANH SÁCH",
        "Danh sách",
        rank=None,
        abbreviation=None,
        drafted=True,
        in_record=False,
    ),
)

_BY_NAME = {t.name: t for t in TYPES}


def get(name: str) -> DocumentType:
    """The type a record or a composer names; KeyError for a name that is not a document type."""
    return _BY_NAME[name]


def find(name: str) -> DocumentType | None:
    return _BY_NAME.get(name)


def names_petitioners(name: str) -> bool:
    """Does a document of this type (a record's type name, or "tệp đính kèm") name petitioners?"""
    kind = _BY_NAME.get(name)
    return kind is not None and kind.names_petitioners


def recorded() -> list[str]:
    """The names a session record's ``van_ban[].loai`` may use, in the order of the work."""
    return [t.name for t in TYPES if t.in_record]


def attached_only() -> list[str]:
    """Recorded types hoso never drafts: the record must give the office's file (tep)."""
    return [t.name for t in TYPES if t.in_record and not t.drafted]


def convocations() -> tuple[str, ...]:
    return tuple(t.name for t in TYPES if t.convocation)


def session_drafts() -> list[DocumentType]:
    """The types hoso drafts for a session's hồ sơ, in the order it drafts them (by file name)."""
    return sorted((t for t in TYPES if t.stem), key=lambda t: t.stem or "")
