"""hoso's own fixed texts are not indexed as content (issue 15, cause 3): the standard sentences, the nội
quy, the profile's fixed lines are in every document of their kind and would match everywhere."""

import datetime as dt

import pytest

from pipeline.archive import metadata
from pipeline.documents import boilerplate
from pipeline.documents.texts import texts_for
from pipeline.index import Query, catalog, open_index

AS_OF = dt.date(2026, 11, 21)


def test_strip_removes_fixed_texts_and_keeps_what_was_filled_in():
    text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GIẤY MỜI Ủy ban nhân dân xã An "
        "Khánh trân trọng kính mời: - Công an xã; Tới dự buổi tiếp xúc về nước thải trại heo. Đề nghị các cơ "
        "quan, đơn vị và các đồng chí được mời tham dự đầy đủ, đúng giờ."
    )
    stripped = boilerplate.strip(text)
    assert "Độc lập" not in stripped and "trân trọng kính mời" not in stripped
    assert "Đề nghị các cơ quan" not in stripped
    # what the office filled in stays: its name, the invitees, the topic
    assert "Ủy ban nhân dân xã An Khánh" in stripped and "nước thải trại heo" in stripped


def test_a_placeholder_at_the_edge_never_eats_content():
    # "{co_quan} trân trọng kính mời:" must not take the words before it as the placeholder's value
    text = "Nội dung riêng của văn phòng rất quan trọng. Ủy ban nhân dân xã trân trọng kính mời:"
    assert boilerplate.strip(text).startswith("Nội dung riêng của văn phòng rất quan trọng.")


def test_line_breaks_inside_a_fixed_sentence_do_not_hide_it():
    rule = texts_for(None).house_rules[0]
    wrapped = rule[:30] + "\n" + rule[30:]
    assert boilerplate.strip(f"1. {wrapped} 2.") == "1. 2."


@pytest.fixture(scope="module")
def entries(demo_archive):
    """The entries of the documents hoso rendered; the office's own files (signed scans) are kept whole."""
    root, _ = demo_archive
    out = []
    for sealed in catalog.sealed_versions(root).values():
        originals = {f"{sealed.session_id}/{d.ordinal:02d}" for d in metadata.read(sealed.bag).documents if d.original}
        out += [e for e in catalog.entries(sealed, root, (), AS_OF) if e.id not in originals]
    return out


def test_no_document_entry_holds_the_fixed_sentences(entries):
    texts = texts_for(None)
    fixed = [texts.house_rules[2], "Độc lập - Tự do - Hạnh phúc", "trân trọng kính mời"]
    fixed.append(" ".join(texts.sentences["trieu_tap_ket"].split()))
    documents = [e for e in entries if e.level == "văn bản"]
    assert len(documents) > 30
    for e in documents:
        flat = " ".join(e.text.split())
        assert not any(f in flat for f in fixed), (e.id, flat[:200])
    # the content the office wrote is still there: a conclusion's words, a report's facts
    assert any("mùi hôi" in e.text for e in documents)


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_a_query_of_fixed_words_finds_only_the_offices_own_files(demo_archive, tmp_path, engine):
    root, _ = demo_archive
    originals = {
        f"{sealed.session_id}/{d.ordinal:02d}"
        for sealed in catalog.sealed_versions(root).values()
        for d in metadata.read(sealed.bag).documents
        if d.original
    }
    catalog.update(root, tmp_path / "index", engine=engine, as_of=AS_OF)
    with open_index(tmp_path / "index") as index:
        # every giấy mời hoso drafts says "trân trọng kính mời": only a signed scan, kept whole, still does
        results = index.search(Query(text='"trân trọng kính mời"', levels=["văn bản"], per_page=50))
    assert {hit.entry.id for hit in results.hits} <= originals
    assert results.total < 5  # hoso's own giấy mời no longer match
