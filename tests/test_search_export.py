"""Issue 15, what an archivist expects from a records system (Nghị định 30/2020 Phụ lục VI): a result list
exported as the unit's DANH SÁCH (DOCX, PDF), saved searches rerun, results sorted by date, every metadata
field searchable (số ký hiệu, người ký, cơ quan giải quyết, lĩnh vực, trạng thái)."""

import datetime as dt
import json
import re

import docx
import pytest
from conftest import REPO
from test_privacy import leaks, pdf_text, people  # noqa: F401 (people is a fixture)

from pipeline.archive.metadata import SealedDocument
from pipeline.index import Query, catalog, open_index, saved
from pipeline.index.filters import Filters, to_query
from pipeline.record.model import Person
from pipeline.text import fold

EXAMPLES = str(REPO / "examples")


@pytest.fixture(scope="module")
def indexed(demo_archive, tmp_path_factory):
    root, _ = demo_archive
    folder = tmp_path_factory.mktemp("kho-tra-cuu") / "chi-muc"
    catalog.update(root, folder)
    return root, folder


def search(hoso, indexed, *args):
    root, folder = indexed
    return hoso("search", *args, "--archive", str(root), "--index", str(folder))


def docx_text(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


# --- export ---------------------------------------------------------------------------------------


def test_a_result_list_is_exported_as_the_units_danh_sach_in_docx_and_pdf(hoso, indexed, tmp_path):
    pdf, word = tmp_path / "ket-qua.pdf", tmp_path / "ket-qua.docx"
    result = search(hoso, indexed, "ngập úng", "--unit", "ubnd-xa-an-khanh", "--year", "2025", "--records", EXAMPLES,
                    "--pdf", str(pdf), "--docx", str(word))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Đã ghi danh sách kết quả tra cứu của ubnd-xa-an-khanh" in result.stderr
    for text in (" ".join(pdf_text(pdf.read_bytes()).split()), " ".join(docx_text(word).split())):
        assert "ỦY BAN NHÂN DÂN" in text and "DANH SÁCH" in text and "Kết quả tra cứu hồ sơ" in text
        # the opening sentence says what was searched and how the list is ordered
        assert "với từ khóa “ngập úng”" in text and "năm 2025" in text and "xếp theo mức độ liên quan" in text
        assert "tìm thấy 1 hồ sơ" in text
        for column in ("STT", "Số, ký hiệu", "Ngày", "Trích yếu, đoạn khớp", "Tờ số"):
            assert column in text
        assert "Hồ sơ 07.VP" in text and "142/BC-UBND" in text and "[" not in text  # one row per hồ sơ, no brackets


def test_a_flat_list_has_one_row_per_entry_sorted_by_date(hoso, indexed, tmp_path):
    word = tmp_path / "phang.docx"
    result = search(hoso, indexed, "--unit", "dang-uy-xa-an-khanh", "--level", "kien-nghi", "--status",
                    "dang giai quyet", "--records", EXAMPLES, "--docx", str(word))  # fmt: skip
    assert result.exit_code == 0, result.output
    table = next(t for t in docx.Document(str(word)).tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][1] == "Hồ sơ, văn bản" and len(rows) == 3  # header and the two petitions in that state
    assert {r[2] for r in rows[1:]} == {"DU-AK-2026-02-05", "DU-AK-2025-01-03"}
    assert "trạng thái đang giải quyết" in docx_text(word) and "xếp theo ngày (mới trước)" in docx_text(word)


def test_the_issuing_unit_must_be_chosen_when_the_archive_holds_several(hoso, indexed, tmp_path):
    result = search(hoso, indexed, "ngập úng", "--records", EXAMPLES, "--pdf", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and not (tmp_path / "x.pdf").exists()
    assert "kho có hồ sơ của 3 đơn vị" in result.stderr and "--unit" in result.stderr
    alone = search(hoso, indexed, "ngập úng", "--unit", "ubnd-xa-an-khanh", "--records", str(tmp_path),
                   "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert alone.exit_code != 0 and not (tmp_path / "x.pdf").exists()  # no unit records there: nothing written


def test_an_export_names_a_petitioner_only_with_personal_access(hoso, indexed, tmp_path, people):  # noqa: F811
    names, addresses = people
    targets = []
    for unit in ("ubnd-xa-an-khanh", "dang-uy-xa-an-khanh", "ubnd-huyen-son-tinh"):
        for q, flat in ((names[0], "--flat"), ("kiến nghị", "--flat"), ("biên bản", "--restricted")):
            pdf, word = tmp_path / f"{unit}-{len(targets)}.pdf", tmp_path / f"{unit}-{len(targets)}.docx"
            result = search(hoso, indexed, q, flat, "--unit", unit, "--records", EXAMPLES, "--per-page", "500",
                            "--pdf", str(pdf), "--docx", str(word))  # fmt: skip
            assert result.exit_code == 0, result.output
            # the words typed are said back in the opening sentence, but not a petitioner's name: the list may
            # be sent out of the office
            targets += [" ".join(t.split()) for t in (pdf_text(pdf.read_bytes()), docx_text(word))]
    assert [leaks(text, names, addresses) for text in targets] == [[]] * len(targets)
    typed = re.search("với từ khóa “([^”]*)”", targets[0])
    assert typed and set(typed.group(1).split()) == {"…"}, targets[0][:400]
    assert "với từ khóa “kiến nghị”" in targets[2]  # words that name nobody are printed
    # the check can fail: with --personal the petitioners are named, as on the page and in --json
    word = tmp_path / "personal.docx"
    result = search(hoso, indexed, "--level", "kien-nghi", "--unit", "ubnd-xa-an-khanh", "--personal", "--records",
                    EXAMPLES, "--docx", str(word))  # fmt: skip
    assert result.exit_code == 0 and "Người nêu:" in docx_text(word) and leaks(docx_text(word), names, addresses)


# --- saved searches -------------------------------------------------------------------------------


def test_a_saved_search_is_rerun_listed_and_kept_without_rights(hoso, indexed):
    asked = ("ngập úng", "--unit", "ubnd-xa-an-khanh", "--sort", "ngay", "--json", "--restricted", "--personal")
    first = search(hoso, indexed, *asked, "--save", "Ngập úng An Khánh")
    assert first.exit_code == 0 and "Đã lưu tìm kiếm 'Ngập úng An Khánh'" in first.stderr
    again = search(hoso, indexed, "--saved", "ngap ung an khanh", "--json", "--restricted", "--personal")
    assert again.exit_code == 0 and json.loads(again.stdout) == json.loads(first.stdout)
    listed = search(hoso, indexed, "--list-saved")
    assert "Ngập úng An Khánh\t“ngập úng” · đơn vị ubnd-xa-an-khanh · xếp theo ngày" in listed.stdout
    stored = json.loads(saved.path_for(indexed[1]).read_text(encoding="utf-8"))
    assert stored["format"] == "hoso-tim-kiem-da-luu"
    kept = json.dumps(stored, ensure_ascii=False)
    assert "restricted" not in kept and "personal" not in kept  # the rights are whoever reruns it
    assert not list(saved.path_for(indexed[1]).parent.glob(".tim-kiem-da-luu.json.*[0-9]"))  # no temporary left


def test_a_saved_search_is_rerun_as_saved_or_refused_clearly(hoso, indexed):
    search(hoso, indexed, "cầu Bàu Ốc", "--level", "kien-nghi", "--save", "cau")
    mixed = search(hoso, indexed, "--saved", "cau", "--unit", "ubnd-xa-an-khanh")
    assert mixed.exit_code == 2 and "--saved chạy lại đúng tìm kiếm đã lưu" in mixed.stderr
    unknown = search(hoso, indexed, "--saved", "khong-co")
    assert unknown.exit_code == 2 and "Không có tìm kiếm đã lưu tên 'khong-co'" in unknown.stderr
    empty = search(hoso, indexed, "x", "--save", "  ")
    assert empty.exit_code == 2 and "Tên tìm kiếm cần lưu đang trống" in empty.stderr
    rerun = search(hoso, indexed, "--saved", "cau", "--json")
    assert {h["level"] for h in json.loads(rerun.stdout)["hits"]} == {"kiến nghị"}  # petitions listed flat


def test_a_damaged_file_of_saved_searches_is_reported_not_overwritten(tmp_path):
    index = tmp_path / "chi-muc"
    saved.path_for(index).parent.mkdir(parents=True, exist_ok=True)
    saved.path_for(index).write_text("{không phải JSON", encoding="utf-8")
    with pytest.raises(saved.SavedSearchError, match="Không đọc được tệp tìm kiếm đã lưu"):
        saved.save(index, "a", saved.Filters(text="x"))
    assert saved.path_for(index).read_text(encoding="utf-8") == "{không phải JSON"


# --- sorting by date ------------------------------------------------------------------------------


def test_grouped_results_sort_by_date_newest_first(hoso, indexed):
    result = search(hoso, indexed, "đất đai", "--sort", "ngay", "--json", "--per-page", "50")
    groups = json.loads(result.stdout)["groups"]
    assert len(groups) >= 3
    newest = [max(p["date"] for p in g["passages"]) for g in groups]
    assert newest == sorted(newest, reverse=True)
    by_relevance = json.loads(search(hoso, indexed, "đất đai", "--json", "--per-page", "50").stdout)["groups"]
    assert {g["hoso"] for g in by_relevance} == {g["hoso"] for g in groups}


# --- every metadata field searchable --------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "text", "levels", "expected"),
    [
        ("số ký hiệu", "142/BC-UBND", None, {"UBND-AK-2025-01/05"}),
        ("người ký", "Phạm Thị Thu Hà", ["văn bản"], {"UBND-AK-2025-01/05"}),
        ("người ký không dấu", "pham thi thu ha", ["văn bản"], {"UBND-AK-2025-01/05"}),
        ("cơ quan giải quyết", "Phòng Kinh tế", ["kiến nghị"], {"UBND-AK-2025-01-01", "UBND-AK-2025-01-02"}),
        ("lĩnh vực", "nông nghiệp thủy lợi", ["kiến nghị"], {"UBND-AK-2025-01-03"}),
    ],
)
def test_every_metadata_field_finds_its_entries(indexed, what, text, levels, expected):
    with open_index(indexed[1]) as index:
        found = {h.entry.id for h in index.search(Query(text=text, levels=levels, per_page=500)).hits}
    assert expected <= found, what


@pytest.mark.parametrize("typed", ["đang giải quyết", "chưa giải quyết", "đã trả lời bằng văn bản", "da giai quyet"])
def test_a_status_typed_as_words_ranks_the_petitions_in_that_state_first(indexed, typed):
    with open_index(indexed[1]) as index:
        petitions = index.search(Query(levels=["kiến nghị"], per_page=500, include_restricted=True)).hits
        expected = {h.entry.id for h in petitions if fold(h.entry.status) == fold(typed)}
        ranked = index.search(Query(text=typed, levels=["kiến nghị"], per_page=500, include_restricted=True)).hits
    assert expected and {h.entry.id for h in ranked[: len(expected)]} == expected


def test_a_documents_signer_is_added_where_its_text_lacks_it():
    def document(signer: Person | None) -> SealedDocument:
        return SealedDocument(1, "Báo cáo", "báo cáo", "5/BC-UBND", dt.date(2026, 1, 5), "Tình hình", None, 1, 1, 1, 1,
                              signer=signer)  # fmt: skip

    hung = Person("Lê Văn Hùng", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    assert catalog._signer_words(document(hung), "Nội dung quét không đọc được tên") == (
        "\nTM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Văn Hùng"
    )
    assert catalog._signer_words(document(hung), "… CHỦ TỊCH Le Van Hung") == ""  # already there (OCR, folded)
    assert catalog._signer_words(document(None), "text") == ""


# --- a unit's own lĩnh vực -------------------------------------------------------------------------


def test_a_units_own_field_is_known_to_the_filter():
    own = "thiên tai - phòng chống lụt bão"  # ubnd-xa-an-khanh's linh_vuc_bo_sung
    query = to_query(Filters(fields=("thiên tai",)), restricted=False, personal=False, known_fields=(own,))
    assert list(query.fields or ()) == [own]
    # without the index's fields the typed words are all there is, and they name no entry
    assert list(to_query(Filters(fields=("thiên tai",)), restricted=False, personal=False).fields or ()) == [
        "thiên tai"
    ]


def test_search_by_a_units_own_field_finds_its_petitions(hoso, indexed):
    result = search(hoso, indexed, "--field", "thien tai", "--level", "kien-nghi", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    hits = data["hits"]  # petitions alone are listed one by one
    assert hits and {h["field"] for h in hits} == {"thiên tai - phòng chống lụt bão"}
    assert {h["id"].rsplit("-", 1)[0] for h in hits} == {"UBND-AK-2026-02"}
