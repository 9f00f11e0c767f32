"""Retrieval over the demo archive: what an archivist types, and the hits that must come back.

Every query runs on both engines (tantivy, Whoosh) over the same index content; each expected hit
must be in the top 10. Half the queries are typed without diacritics.
"""

import datetime as dt

import pytest

from pipeline.index import Query, catalog, open_index

ENGINES = ["tantivy", "whoosh"]

# (what is typed, filters, ids that must be in the top 10)
CASES = [
    ("trang trại chăn nuôi heo", {}, {"UBND-AK-2026-01", "UBND-AK-2026-01/06"}),
    ("trang trai chan nuoi heo", {}, {"UBND-AK-2026-01", "UBND-AK-2026-01/06"}),
    ("mùi hôi", {"levels": ["kiến nghị"]}, {"UBND-AK-2026-01-01"}),
    ("mui hoi nuoc thai", {}, {"UBND-AK-2026-01"}),
    ("nước thải mương Bàu Sen", {}, {"UBND-AK-2026-01-02", "UBND-AK-2026-01-03"}),
    ('"Bàu Sen"', {"levels": ["kiến nghị"]}, {"UBND-AK-2026-01-02", "UBND-AK-2026-01-03"}),
    ("cầu Bàu Ốc", {"levels": ["kiến nghị"]}, {"DU-AK-2025-01-03", "DU-AK-2026-02-01"}),
    ("cau bau oc", {"levels": ["kiến nghị"]}, {"DU-AK-2025-01-03", "DU-AK-2026-02-01"}),
    ("cầu tạm bằng gỗ", {}, {"DU-AK-2025-01-03"}),
    ("đình làng Đông Hòa", {}, {"DU-AK-2025-01-05"}),
    ("dinh lang dong hoa", {}, {"DU-AK-2025-01-05"}),
    ("giấy chứng nhận quyền sử dụng đất", {"levels": ["kiến nghị"]}, {"UBND-AK-2025-01-01"}),
    ("giay chung nhan cap doi", {}, {"UBND-AK-2025-01-01"}),
    ("đường liên thôn Phước Lộc", {"levels": ["kiến nghị"]}, {"UBND-AK-2025-01-02"}),
    ("duong lien thon phuoc loc truong xuan", {"levels": ["kiến nghị"]}, {"UBND-AK-2025-01-02"}),
    ("khu tái định cư Gò Cát", {"include_restricted": True}, {"DU-AK-2026-01-02"}),
    (
        "boi thuong tai dinh cu",
        {"include_restricted": True, "levels": ["kiến nghị"]},
        {"DU-AK-2026-01-01", "DU-AK-2026-01-05"},
    ),
    ("Kênh N6", {}, {"DU-AK-2026-02-04"}),
    ("kenh n6 vo bo", {}, {"DU-AK-2026-02-04"}),
    ("thu gom rác", {}, {"DU-AK-2026-02-05"}),
    ("thu gom rac", {}, {"DU-AK-2026-02-05"}),
    ("bánh tráng vay vốn", {}, {"DU-AK-2026-02-03"}),
    ("quỹ phụ huynh", {}, {"DU-AK-2026-02-06"}),
    ("quy phu huynh", {}, {"DU-AK-2026-02-06"}),
    ("biển số nhà", {}, {"DU-AK-2026-02-07"}),
    ("nẹt pô lạng lách", {}, {"DU-AK-2026-02-08"}),
    ("net po lang lach", {}, {"DU-AK-2026-02-08"}),
    ("sạt lở bờ sông Trà Khúc", {}, {"UBND-AK-2026-02-06"}),
    ("sat lo bo song tra khuc", {}, {"UBND-AK-2026-02-06"}),
    ("chất độc hóa học", {}, {"UBND-AK-2026-02-05"}),
    ("chat doc hoa hoc", {}, {"UBND-AK-2026-02-05"}),
    ("định danh điện tử mức 2", {}, {"UBND-AK-2026-02-07"}),
    ("loa truyền thanh", {"levels": ["kiến nghị"]}, {"UBND-AK-2026-02-08"}),
    ("loa truyen thanh thon dong hoa", {}, {"UBND-AK-2026-02-08"}),
    ("cao huyết áp tiểu đường", {}, {"UBND-AK-2026-02-09"}),
    ("bảo trợ xã hội", {"levels": ["kiến nghị"]}, {"UBND-AK-2025-01-04"}),
    ("bao tro xa hoi", {"levels": ["kiến nghị"]}, {"UBND-AK-2025-01-04"}),
    ("tranh chấp thừa kế hòa giải", {}, {"DU-AK-2025-01-06"}),
    ("tranh chap thua ke", {}, {"DU-AK-2025-01-06"}),
    # document numbers, as printed and as typed in a hurry
    ("24/TB-UBND", {}, {"UBND-AK-2026-01/10"}),
    ("83-BC/ĐU", {}, {"DU-AK-2026-02/07"}),
    ("83-BC/DU", {}, {"DU-AK-2026-02/07"}),
    ("352/UBND-KT", {}, {"UBND-AK-2026-01/03"}),
    ("07/KH-UBND", {}, {"UBND-AK-2026-01/01", "UBND-AK-2026-02/01"}),
    ("171/TB-UBND", {}, {"UBND-AK-2026-02/09"}),
    ("cong van 352", {"doc_types": ["Công văn"]}, {"UBND-AK-2026-01/03"}),
    # names: chairs, companies
    ("Nguyễn Đức Thắng", {"levels": ["buổi"]}, {"DU-AK-2025-01"}),
    ("nguyen duc thang", {"levels": ["buổi"]}, {"DU-AK-2025-01"}),
    ("Tạ Hữu Phong", {"levels": ["buổi"]}, {"DU-AK-2026-02"}),  # Bí thư from 01/10/2026
    ("", {"levels": ["buổi"], "chair": "le van hung"}, {"UBND-AK-2025-01", "UBND-AK-2026-01", "UBND-AK-2026-02"}),
    ("Công ty TNHH Chăn nuôi Phú Thịnh", {"doc_types": ["Công văn"]}, {"UBND-AK-2026-01/03"}),
    ("phu thinh", {"levels": ["văn bản"]}, {"UBND-AK-2026-01/03"}),
    # field and year, with and without words
    (
        "",
        {"fields": ["giao thông"], "years": [2025], "levels": ["kiến nghị"]},
        {"UBND-AK-2025-01-02", "DU-AK-2025-01-03"},
    ),
    ("", {"fields": ["đất đai"], "years": [2026], "levels": ["kiến nghị"]}, {"UBND-AK-2026-02-02"}),
    ("nuoc", {"fields": ["môi trường - tài nguyên"], "years": [2026]}, {"UBND-AK-2026-01-02"}),
]


@pytest.fixture(scope="module", params=ENGINES)
def index(request, demo_archive, tmp_path_factory):
    root, _ = demo_archive
    folder = tmp_path_factory.mktemp(f"chi-muc-{request.param}")
    catalog.update(root, folder, engine=request.param, as_of=dt.date(2026, 11, 21))
    ix = open_index(folder)
    yield ix
    ix.close()


def test_there_are_enough_realistic_queries():
    assert len(CASES) >= 40
    bare = [q for q, _, _ in CASES if q and q.isascii()]
    assert len(bare) >= len([q for q, _, _ in CASES if q]) * 0.4  # many typed without diacritics


@pytest.mark.parametrize(
    "typed, filters, expected", CASES, ids=[f"{i:02d}-{q or 'lọc'}" for i, (q, _, _) in enumerate(CASES)]
)
def test_query_finds_what_the_archivist_means(index, typed, filters, expected):
    hits = index.search(Query(text=typed, per_page=10, **filters)).hits
    assert expected <= {h.entry.id for h in hits}


def test_restricted_hoso_stay_hidden_unless_asked(index):
    hidden = index.search(Query(text="bồi thường tái định cư", per_page=100)).hits
    assert not any(h.entry.id.startswith("DU-AK-2026-01") for h in hidden)
    assert not any(h.entry.restricted for h in index.search(Query(text="", per_page=500)).hits)


def test_petitioners_are_found_only_with_personal_access(index):
    without = index.search(Query(text="Nguyễn Văn Tám", levels=["kiến nghị"], per_page=50)).hits
    assert "UBND-AK-2025-01-01" not in {h.entry.id for h in without}
    assert all(h.entry.personal is None for h in without)
    allowed = index.search(Query(text="Nguyễn Văn Tám", levels=["kiến nghị"], include_personal=True, per_page=10)).hits
    assert allowed[0].entry.id == "UBND-AK-2025-01-01" and "Tám" in allowed[0].entry.personal
    # the biên bản names him; its indexed text is the public rendition's, which names him by place
    hits = index.search(Query(doc_types=["Biên bản"], per_page=50)).hits
    minutes = index.get(next(h.entry.id for h in hits if h.entry.id.startswith("UBND-AK-2025-01/")))
    assert "Nguyễn Văn Tám" not in minutes.text and "Cử tri thôn Phước Lộc" in minutes.text
    assert "Nguyễn Văn Tám" in minutes.personal
    found = index.search(Query(text="Nguyễn Văn Tám", levels=["văn bản"], include_personal=True)).hits
    assert minutes.id in {h.entry.id for h in found}


def test_overdue_petitions_as_of_a_day(index):
    hits = index.search(Query(levels=["kiến nghị"], overdue_as_of=dt.date(2026, 11, 21), per_page=50)).hits
    assert {h.entry.id for h in hits} == {
        "DU-AK-2025-01-03",
        "DU-AK-2025-01-05",
        "UBND-AK-2026-01-05",
        "UBND-AK-2026-02-04",
        "UBND-AK-2026-02-08",
    }


def test_a_hit_names_its_hoso_document_and_sheet(index):
    from pipeline.index import parse_query

    hit = index.search(Query(text="24/TB-UBND", per_page=1)).hits[0]
    stored = hit.entry.stored
    assert stored["notation"] == "04.VP" and stored["reference"] == "24/TB-UBND" and stored["hoso"].endswith("/v1")
    assert catalog.sheet_of(hit.entry.text, stored, parse_query("24/TB-UBND")) == "17"  # its first sheet
    # words on the third page of the same notice are on its third sheet
    words = "chấp thuận chủ trương đầu tư"
    late = index.search(Query(text=words, levels=["văn bản"], per_page=20)).hits
    notice = next(h for h in late if h.entry.id == "UBND-AK-2026-01/10")
    assert catalog.sheet_of(notice.entry.text, notice.entry.stored, parse_query(words)) == "19"
