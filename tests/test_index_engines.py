"""Search stage (pipeline.index): Vietnamese analysis, and the same retrieval tests run against
both engines (tantivy, Whoosh) so that they behave alike."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from pipeline.index import (
    Entry,
    IndexBusy,
    IndexDamaged,
    IndexMissing,
    IndexOutdated,
    Query,
    QueryError,
    analysis,
    create_index,
    open_index,
)
from pipeline.index.analysis import highlight, parse_query, plain

ENGINES = ["tantivy", "whoosh"]
D = dt.date


def E(id: str, text: str, **kw) -> Entry:
    """An entry with defaults for what a test does not care about."""
    defaults = dict(
        level="kiến nghị",
        title=f"Mục {id}",
        unit="UBND-AK",
        unit_name="UBND xã An Khánh",
        date=D(2024, 3, 5),
        year=None,
    )
    defaults.update(kw)
    if defaults["year"] is None:
        defaults["year"] = defaults["date"].year
    return Entry(id=id, text=text, **defaults)


CORPUS = [
    E("dat", "Tranh chấp đất đai tại thôn Đông kéo dài nhiều năm, đề nghị xã giải quyết dứt điểm."),
    E(
        "dat-long",
        "Cử tri phản ánh nhiều việc: đường làng xuống cấp, mương tưới tắc, chợ họp lấn "
        "đường, đèn chiếu sáng hỏng, trường học thiếu phòng, trạm y tế thiếu thuốc, và cuối cùng "
        "có một ý về đất ở của hộ gia đình ông Tư chưa được cấp giấy chứng nhận.",
    ),
    E("dat-folded", "Xe dắt dắt dắt bò qua đường."),
    E("dat-bare", "Van de dat dai o thon Tay chua duoc tra loi."),
    E("antoan", "Bảo đảm an toàn giao thông trước cổng trường học."),
    E("toan", "Toàn thể nhân dân an tâm sản xuất."),
    E("an-o", "Chỗ ăn ở của hộ nghèo còn tạm bợ."),
    E("to", "Cây to đổ chắn ngang đường liên thôn."),
    E("in", "Máy in của bộ phận một cửa hỏng."),
    E("can", "Đề nghị chính quyền can thiệp sớm."),
    E("may", "May mắn không có ai bị thương."),
    E("gpmb", "Đề nghị đẩy nhanh giải phóng mặt bằng dự án đường tỉnh 832."),
    E("gpmb-split", "Giải quyết việc phóng nhanh vượt ẩu; mặt đường bằng phẳng."),
    E("yk", "Ý kiến cử tri về việc ở nhà văn hóa thôn."),
    E("doc668", "Thực hiện Thông báo số 668/TB-UBND ngày 12/3/2024 của UBND xã."),
    E("doc668-split", "Có 668 hộ dân nhận thông báo TB-UBND khác."),
    E("qdi", "Theo Quy định 11-QĐi/TW của Bộ Chính trị về tiếp xúc, đối thoại."),
    E("kh04", "Kế hoạch Số 04-KH/BDVTU về việc tiếp xúc cử tri."),
    E("hoa", "Hoà giải ở cơ sở chưa hiệu quả."),
    E("hoa-don", "Hoá đơn tiền điện tăng cao."),
    E("secret", "Hồ sơ mật về đất quốc phòng.", restricted=True),
    E("personal", "Đề nghị hỗ trợ hộ nghèo có hoàn cảnh khó khăn.", personal="Lê Thị Hường, thôn Bắc"),
    E("nfd", unicodedata.normalize("NFD", "Người dân hỏi về bồi thường đất đai khi thu hồi.")),
]


@pytest.fixture(scope="module", params=ENGINES)
def corpus(request, tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp(request.param) / "ix", request.param)
    ix.add(CORPUS)
    ix.commit()
    yield ix
    ix.close()


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


def ids(ix, text: str = "", **kw) -> list[str]:
    """Hit ids in rank order (all of them: one large page)."""
    return [h.entry.id for h in ix.search(Query(text, per_page=500, **kw)).hits]


def found(ix, text: str = "", **kw) -> set[str]:
    return set(ids(ix, text, **kw))


# --- analysis --------------------------------------------------------------------------------------


def test_tokens_exact_and_folded():
    toks = analysis.tokens("Đất đai, Ý kiến; 668/TB-UBND và 11-QĐi/TW")
    assert [t.exact for t in toks] == ["đất", "đai", "ý", "kiến", "668", "tb", "ubnd", "và", "11", "qđi", "tw"]
    assert [t.folded for t in toks] == ["dat", "dai", "y", "kien", "668", "tb", "ubnd", "va", "11", "qdi", "tw"]


def test_token_spans_point_into_the_original_text():
    text = "Số 04-KH/BDVTU: Ý kiến"
    assert [text[t.start : t.end] for t in analysis.tokens(text)] == ["Số", "04", "KH", "BDVTU", "Ý", "kiến"]


def test_nfd_input_gives_the_same_tokens_and_spans_cover_whole_syllables():
    nfc = "Người dân hỏi về bồi thường đất đai"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert analysis.streams(nfd) == analysis.streams(nfc)
    assert [unicodedata.normalize("NFC", nfd[t.start : t.end]) for t in analysis.tokens(nfd)] == nfc.split()


def test_no_stop_words_and_one_letter_syllables_kept():
    exact, folded = analysis.streams("an can in to may ý ở a o")
    assert exact.split() == ["an", "can", "in", "to", "may", "ý", "ở", "a", "o"]
    assert folded.split() == ["an", "can", "in", "to", "may", "y", "o", "a", "o"]


def test_tone_placement_variants_share_one_exact_form():
    assert analysis.streams("hoà thuỷ uỷ khoẻ")[0] == analysis.streams("hòa thủy ủy khỏe")[0] == "hòa thủy ủy khỏe"
    assert analysis.streams("quý hoàn")[0] == "quý hoàn"  # qu + y, and a closed rhyme: untouched


def test_eth_from_old_encodings_reads_as_d_stroke():
    assert analysis.streams("Ðất")[0] == "đất"


def test_streams_equal_tokens():
    text = "Ông A_B nói: “đất-đai” 100.000đ; ỨNG xử… ✓ 2024-03-05 " + "x" * 70 + " ủy"
    exact, folded = analysis.streams(text)
    toks = analysis.tokens(text)
    words = lambda stream: " ".join(t for t in stream.split() if t != analysis.BOUNDARY)  # noqa: E731
    assert words(exact) == " ".join(t.exact for t in toks)
    assert words(folded) == " ".join(t.folded for t in toks)
    assert "x" * 70 not in exact  # over-long tokens are dropped from both streams
    # boundaries where a sentence's or a clause's punctuation stands at a word's edge
    assert exact == "ông a b nói | | đất đai | 100 000đ | ứng xử | 2024 03 05 ủy"


def test_phrases_never_run_across_punctuation_and_numbers_join_across_spaces():
    """Cause 4 of issue 15: "[Phổ. Thành]" was highlighted as one phrase; "11- QĐ/TW" is a number."""
    assert analysis.streams("Phổ. Thành")[0] == "phổ | thành"
    assert analysis.streams("11- QĐ/TW")[0] == analysis.streams("11 - QĐ / TW")[0] == "11 qđ tw"
    assert analysis.streams("04.VP, 1,5 ha")[0] == "04 vp | 1 5 ha"
    pieces = highlight("Ông Phó. Thành phố có xã Phổ. Thành lập", parse_query("Phổ Thành"), None)
    assert all("." not in p for p, m in pieces if m)
    assert [p for p, m in pieces if m] == ["Thành", "Phổ", "Thành"]  # "Phó" is not "Phổ": the text has "Phổ"
    assert plain(highlight("theo 11- QĐ/TW và 11 - QĐ / TW", parse_query("11-QĐ/TW"))) == (
        "theo [11- QĐ/TW] và [11 - QĐ / TW]"
    )


def test_both_engines_split_the_streams_exactly_as_analysis_made_them():
    import tantivy
    from whoosh.analysis import SpaceSeparatedTokenizer

    exact, folded = analysis.streams("Đất đai: 668/TB-UBND; ý kiến ở thôn 3 — an toàn")
    splitter = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    for stream in (exact, folded):
        assert splitter.analyze(stream) == stream.split()
        assert [t.text for t in SpaceSeparatedTokenizer()(stream)] == stream.split()


def test_query_parser():
    q = parse_query('đất  "giải phóng mặt bằng" 668/TB-UBND “an toàn” dat')
    assert [c.exact for c in q.clauses] == [
        ("đất",),
        ("giải", "phóng", "mặt", "bằng"),
        ("668", "tb", "ubnd"),
        ("an", "toàn"),
        ("dat",),
    ]
    assert [c.accented for c in q.clauses] == [True, True, False, True, False]
    assert parse_query('"an toan').clauses[0].folded == ("an", "toan")  # unclosed quote: to the end
    assert parse_query(" ... - ").empty
    with pytest.raises(QueryError, match="quá nhiều từ"):
        parse_query(" ".join(f"từ{i}" for i in range(40)))


def test_highlight_marks_original_accented_words():
    text = "Cử tri thôn Đông: Tranh chấp ĐẤT ĐAI kéo dài; xe dắt bò."
    pieces = highlight(text, parse_query("dat dai"))
    assert "".join(p for p, _ in pieces) == text
    # the words found side by side are marked as one phrase; "dài" and "dắt" fold to dai and dat too,
    # but are other words: once the text has the two side by side, lone syllables are not marked
    assert [p for p, m in pieces if m] == ["ĐẤT ĐAI"]
    # a text that never has them side by side marks each syllable found
    scattered = "Xe dắt bò kéo dài."
    assert [p for p, m in highlight(scattered, parse_query("dat dai")) if m] == ["dắt", "dài"]
    assert (
        plain(highlight(text, parse_query('"đất đai"'))) == "Cử tri thôn Đông: Tranh chấp [ĐẤT ĐAI] kéo dài; xe dắt bò."
    )


def test_highlight_window_is_short_and_around_the_best_match():
    text = (
        ("Lời mở đầu dài dòng về công tác chuẩn bị. " * 20)
        + "Đề nghị giải phóng mặt bằng nhanh. "
        + ("Kết thúc. " * 30)
    )
    pieces = highlight(text, parse_query('"giải phóng mặt bằng"'))
    shown = "".join(p for p, _ in pieces)
    assert len(shown) <= 210
    assert shown.startswith("… ") and shown.endswith(" …")
    assert [p for p, m in pieces if m] == ["giải phóng mặt bằng"]
    assert "<" not in plain(highlight("a <b>đất</b> & c", parse_query("đất")))[:2]  # never HTML
    assert highlight("a <b>đất</b> & c", parse_query("đất")) == [("a <b>", False), ("đất", True), ("</b> & c", False)]


def test_highlight_of_nfd_text_and_without_match():
    nfd = unicodedata.normalize("NFD", "Bồi thường đất đai")
    assert [p for p, m in highlight(nfd, parse_query("đất")) if m] == ["đất"]
    assert highlight("Chỉ có chữ thường.", parse_query("đất")) == [("Chỉ có chữ thường.", False)]


# --- retrieval, both engines -----------------------------------------------------------------------


def test_accented_and_unaccented_queries(corpus):
    assert {"dat", "dat-long", "dat-folded", "dat-bare", "nfd"} <= found(corpus, "đất")
    assert found(corpus, "đất") == found(corpus, "dat")
    assert "dat-folded" in found(corpus, "dắt")
    assert "gpmb" not in found(corpus, "đất")


def test_d_stroke_folds_to_d(corpus):
    assert found(corpus, "đường") == found(corpus, "duong")
    assert {"to", "gpmb", "dat-folded"} <= found(corpus, "Duong")
    assert "qdi" in found(corpus, "QDi") and "qdi" in found(corpus, "qđi")


def test_accented_matches_rank_above_folded_only_matches(corpus):
    # "dat-folded" (dắt ×3 in 6 words) has the best BM25 for "dat", yet has no "đất".
    assert ids(corpus, "dat")[0] == "dat-folded"
    ranked = ids(corpus, "đất")
    exact = {"dat", "dat-long", "nfd"}
    assert set(ranked[:3]) == exact
    assert set(ranked[3:]) == {"dat-folded", "dat-bare"}
    assert ids(corpus, '"đất đai"')[:2] in (["dat", "nfd"], ["nfd", "dat"])
    assert ids(corpus, '"đất đai"')[2:] == ["dat-bare"]


def test_tone_placement_variant_ranks_as_exact(corpus):
    # "Hoà giải" is "hòa" spelt the other way; "hoá đơn" and "văn hóa" only fold to "hoa".
    assert ids(corpus, "hòa")[0] == "hoa"
    assert set(ids(corpus, "hòa")[1:]) == {"hoa-don", "yk"}
    assert set(ids(corpus, "hoá")[:2]) == {"hoa-don", "yk"}
    assert ids(corpus, "hoá")[2:] == ["hoa"]


def test_one_letter_syllables(corpus):
    assert found(corpus, '"ý kiến"') == {"yk"}
    assert found(corpus, "ý kiến") == {"yk"}
    assert found(corpus, '"y kien"') == {"yk"}
    assert {"yk", "hoa"} <= found(corpus, "ở")
    assert "dat" not in found(corpus, "ở")


def test_phrase_an_toan_does_not_match_toan_alone(corpus):
    assert found(corpus, '"an toàn"') == {"antoan"}
    assert found(corpus, '"an toan"') == {"antoan"}
    assert found(corpus, "an toàn") == {"antoan", "toan"}  # words, not a phrase
    assert "an-o" not in found(corpus, '"an toan"')


def test_english_stop_word_syllables_are_searchable(corpus):
    assert found(corpus, "to") == {"to"}
    assert found(corpus, "in") == {"in"}
    assert found(corpus, "can") == {"can"}
    assert found(corpus, "may") == {"may", "in"}  # may, máy
    assert found(corpus, "máy") == {"in", "may"} and ids(corpus, "máy")[0] == "in"
    assert {"toan", "an-o", "antoan"} <= found(corpus, "an")


def test_phrases_with_and_without_diacritics(corpus):
    assert found(corpus, '"giải phóng mặt bằng"') == {"gpmb"}
    assert found(corpus, '"giai phong mat bang"') == {"gpmb"}
    assert found(corpus, "giải phóng mặt bằng") == {"gpmb", "gpmb-split"}
    assert found(corpus, '"phóng mặt"') == {"gpmb"}


def test_document_numbers(corpus):
    assert found(corpus, "668/TB-UBND") == {"doc668"}
    assert found(corpus, "668/tb-ubnd") == {"doc668"}
    assert found(corpus, "668") == {"doc668", "doc668-split"}
    assert found(corpus, "TB-UBND") == {"doc668", "doc668-split"}
    assert found(corpus, "11-QĐi/TW") == {"qdi"}
    assert found(corpus, "11-QDi/TW") == {"qdi"}
    assert found(corpus, "QĐi/TW") == {"qdi"}
    assert found(corpus, "Số 04-KH/BDVTU") == {"kh04"}
    assert found(corpus, "04-KH") == {"kh04"}
    assert found(corpus, "05-KH") == set()


def test_nfd_queries_and_entries(corpus):
    assert "nfd" in found(corpus, '"bồi thường đất đai"')
    assert found(corpus, unicodedata.normalize("NFD", '"đất đai"')) == found(corpus, '"đất đai"')
    hit = next(h for h in corpus.search(Query('"thu hồi"')).hits if h.entry.id == "nfd")
    assert [p for p, m in hit.snippet if m] == ["thu hồi"]


def test_snippets_show_the_original_accented_text(corpus):
    hit = corpus.search(Query("dat dai")).hits[0]
    assert hit.entry.id in ("dat", "nfd", "dat-bare")
    by_id = {h.entry.id: h for h in corpus.search(Query("dat dai", per_page=50)).hits}
    assert [p for p, m in by_id["dat"].snippet if m] == ["đất đai"]  # the phrase as one; not "dài" beside it
    assert "".join(p for p, _ in by_id["dat"].snippet) == CORPUS[0].text
    assert [p for p, m in by_id["dat-bare"].snippet if m] == ["dat dai"]
    title_hit = corpus.search(Query("Mục gpmb")).hits[0]
    assert [p for p, m in title_hit.title if m] == ["Mục gpmb"]


def test_restricted_entries_are_excluded_unless_asked(corpus):
    assert "secret" not in found(corpus, "quốc phòng")
    assert found(corpus, "quốc phòng", include_restricted=True) == {"secret"}
    assert "secret" not in found(corpus)
    assert "secret" in found(corpus, include_restricted=True)


def test_personal_data_is_neither_searched_nor_returned_by_default(corpus):
    assert found(corpus, "Hường") == set()
    assert found(corpus, "Hường", include_personal=True) == {"personal"}
    [hit] = corpus.search(Query("hộ nghèo có hoàn cảnh")).hits
    assert hit.entry.personal is None and hit.personal == []
    assert "Hường" not in json.dumps([hit.title, hit.snippet, hit.entry.stored], ensure_ascii=False)
    [hit] = corpus.search(Query("huong", include_personal=True)).hits
    assert hit.entry.personal == "Lê Thị Hường, thôn Bắc"
    assert [p for p, m in hit.personal if m] == ["Hường"]


def test_engines_agree_on_a_mixed_set_of_queries(tmp_path):
    queries = ["đất", "dat", '"an toàn"', "668/TB-UBND", "ý kiến", "to", "may", '"giai phong mat bang"', "ở"]
    results = {}
    for engine in ENGINES:
        ix = create_index(tmp_path / engine, engine)
        ix.add(CORPUS)
        ix.commit()
        results[engine] = {q: found(ix, q) for q in queries}
        ix.close()
    assert results["tantivy"] == results["whoosh"]


# --- filters, sorting, pages -----------------------------------------------------------------------

FILTERED = [
    E(
        "s1",
        "Buổi tiếp xúc cử tri về đất đai.",
        level="buổi",
        unit="UBND-AK",
        date=D(2023, 6, 1),
        chair="Trần Đình Nam",
    ),
    E("s2", "Buổi đối thoại về đất đai.", level="buổi", unit="DU-AK", date=D(2024, 2, 1), chair="Nguyễn Thị Lan"),
    E(
        "v1",
        "Biên bản buổi đối thoại về đất đai.",
        level="văn bản",
        unit="UBND-AK",
        date=D(2024, 2, 1),
        doc_type="Biên bản",
        chair="Trần Đình Nam",
    ),
    E(
        "k1",
        "Kiến nghị về đất đai thôn Đông.",
        unit="UBND-AK",
        date=D(2024, 2, 1),
        field="Đất đai",
        status="đang giải quyết",
        deadline=D(2024, 3, 1),
        closed=False,
    ),
    E(
        "k2",
        "Kiến nghị về đất đai thôn Tây.",
        unit="UBND-AK",
        date=D(2024, 2, 1),
        field="Đất đai",
        status="đã giải quyết",
        deadline=D(2024, 3, 1),
        closed=True,
    ),
    E(
        "k3",
        "Kiến nghị về giao thông và đất đai.",
        unit="UBND-AK",
        date=D(2024, 5, 2),
        field="Giao thông",
        status="chưa giải quyết",
        deadline=D(2024, 6, 30),
        closed=False,
    ),
    E(
        "k4",
        "Kiến nghị về đất đai, trả lời tại buổi.",
        unit="DU-AK",
        date=D(2025, 1, 9),
        field="Đất đai",
        status="đã trả lời tại buổi",
        closed=True,
    ),
    E(
        "k5",
        "Kiến nghị về đất đai chưa rõ trạng thái.",
        unit="DU-AK",
        date=D(2025, 12, 31),
        field="Đất đai",
        deadline=D(2025, 1, 1),
    ),
]


@pytest.fixture(scope="module", params=ENGINES)
def filtered(request, tmp_path_factory):
    ix = create_index(tmp_path_factory.mktemp(request.param) / "ix", request.param)
    ix.add(FILTERED)
    ix.commit()
    yield ix
    ix.close()


@pytest.mark.parametrize("text", ["", "đất đai"])
def test_filters(filtered, text):
    f = lambda **kw: found(filtered, text, **kw)  # noqa: E731
    assert f() == {e.id for e in FILTERED}
    assert f(units=["DU-AK"]) == {"s2", "k4", "k5"}
    assert f(units=["du-ak", "UBND-AK"]) == {e.id for e in FILTERED}  # case-insensitive codes
    assert f(years=[2025]) == {"k4", "k5"}
    assert f(years=[2023, 2025]) == {"s1", "k4", "k5"}
    assert f(date_from=D(2024, 2, 1), date_to=D(2024, 5, 2)) == {"s2", "v1", "k1", "k2", "k3"}  # inclusive
    assert f(date_from=D(2025, 1, 10)) == {"k5"}
    assert f(date_to=D(2023, 12, 31)) == {"s1"}
    assert f(levels=["buổi"]) == {"s1", "s2"}
    assert f(levels=["văn bản", "kiến nghị"]) == {"v1", "k1", "k2", "k3", "k4", "k5"}
    assert f(fields=["Đất đai"]) == {"k1", "k2", "k4", "k5"}
    assert f(fields=["dat dai"]) == set()  # fixed-list values keep their diacritics
    assert f(statuses=["đang giải quyết", "chưa giải quyết"]) == {"k1", "k3"}
    assert f(doc_types=["biên bản"]) == {"v1"}
    assert f(chair="dinh nam") == {"s1", "v1"}
    assert f(chair="Đình") == {"s1", "v1"}
    assert f(chair="thị lan") == {"s2"}
    assert f(chair="nam tran") == set()
    assert f(units=["UBND-AK"], years=[2024], fields=["Đất đai"]) == {"k1", "k2"}


def test_overdue_as_of(filtered):
    # deadline before the day and closed is False; closed None (unknown) is not overdue.
    assert found(filtered, overdue_as_of=D(2024, 3, 1)) == set()  # deadline day itself: not yet
    assert found(filtered, overdue_as_of=D(2024, 3, 2)) == {"k1"}
    assert found(filtered, overdue_as_of=D(2024, 7, 1)) == {"k1", "k3"}
    assert found(filtered, "giao thông", overdue_as_of=D(2030, 1, 1)) == {"k3"}


def test_empty_query_lists_newest_first(filtered):
    listed = ids(filtered, "")
    assert listed[:2] == ["k5", "k4"]
    assert listed[-1] == "s1"
    days = [e.date for e in ids_entries(filtered, "")]
    assert days == sorted(days, reverse=True)
    assert all(h.score is None for h in filtered.search(Query("")).hits)


def ids_entries(ix, text, **kw):
    return [h.entry for h in ix.search(Query(text, per_page=500, **kw)).hits]


def test_sort_by_date_and_pagination(engine, tmp_path):
    ix = create_index(tmp_path / "ix", engine)
    ix.add(
        E(f"e{i:02d}", f"Kiến nghị số {i} về đất đai.", date=D(2024, 1, 1) + dt.timedelta(days=i)) for i in range(25)
    )
    ix.commit()
    pages = [ix.search(Query("đất", sort="date", page=p, per_page=10)) for p in (1, 2, 3, 4)]
    assert [r.total for r in pages] == [25] * 4
    assert [len(r.hits) for r in pages] == [10, 10, 5, 0]
    assert pages[0].pages == 3
    listed = [h.entry.id for r in pages for h in r.hits]
    assert listed == [f"e{i:02d}" for i in range(24, -1, -1)]
    by_relevance = [h.entry.id for p in (1, 2, 3) for h in ix.search(Query("đất", page=p, per_page=10)).hits]
    assert sorted(by_relevance) == sorted(listed)  # every entry once, none twice
    with pytest.raises(QueryError):
        ix.search(Query("đất", page=0))
    ix.close()


def test_stored_data_and_entry_fields_come_back(engine, tmp_path):
    ix = create_index(tmp_path / "ix", engine)
    entry = FILTERED[3]
    entry.stored = {"dossier": "UBND-AK/2024/UBND-AK-2024-01", "sheet": 7, "pages": [1, 2]}
    ix.add([entry])
    ix.commit()
    [hit] = ix.search(Query("thôn Đông")).hits
    assert hit.entry == entry
    assert hit.score is not None and hit.score > 0
    ix.close()


# --- updates, atomicity, versions ------------------------------------------------------------------


def test_update_replaces_and_delete_removes(engine, tmp_path):
    ix = create_index(tmp_path / "ix", engine)
    ix.add([E("a", "Nội dung cũ về đường."), E("b", "Kiến nghị khác.")])
    ix.commit()
    ix.add([E("a", "Nội dung mới về cầu.")])
    ix.commit()
    assert found(ix, "cũ") == set() and found(ix, "mới") == {"a"}
    assert ix.count() == 2
    ix.add([E("c", "Lần một."), E("c", "Lần hai.")])  # twice in one batch: the last one wins
    ix.commit()
    assert found(ix, "lần") == {"c"} and found(ix, "hai") == {"c"} and found(ix, "một") == set()
    ix.delete(["a", "unknown-id"])
    ix.commit()
    assert found(ix, "cầu") == set() and ix.count() == 2
    ix.add([E("d", "Thêm rồi bỏ.")])
    ix.rollback()
    ix.commit()
    assert found(ix, "thêm") == set()
    ix.close()
    reopened = open_index(tmp_path / "ix")
    assert reopened.count() == 2 and found(reopened, "hai") == {"c"}
    reopened.close()


def test_a_reader_sees_a_commit_whole_or_not_at_all(engine, tmp_path):
    writer = create_index(tmp_path / "ix", engine)
    writer.add([E("old", "Bản cũ.")])
    writer.commit()
    reader = open_index(tmp_path / "ix")
    assert reader.count() == 1
    writer.add([E(f"new{i}", "Bản mới.") for i in range(3)])
    writer.delete(["old"])
    assert reader.count() == 1 and found(reader, "bản") == {"old"}  # during the write: old state
    writer.commit()
    assert found(reader, "bản") == {"new0", "new1", "new2"}  # after: all of it
    writer.close()
    reader.close()


def test_second_writer_is_refused_while_one_holds_the_lock(tmp_path):
    # Whoosh takes its lock only inside commit(), so only tantivy can show this between calls.
    first = create_index(tmp_path / "ix", "tantivy")
    first.add([E("a", "một")])
    second = open_index(tmp_path / "ix")
    with pytest.raises(IndexBusy, match="đang được cập nhật"):
        second.add([E("b", "hai")])
    first.close()
    second.close()


def test_outdated_or_damaged_index_is_refused(engine, tmp_path):
    path = tmp_path / "ix"
    with pytest.raises(IndexMissing):
        open_index(path)
    ix = create_index(path, engine)
    ix.add(CORPUS[:3])
    ix.commit()
    ix.close()
    meta = json.loads((path / "hoso-index.json").read_text(encoding="utf-8"))
    assert meta["engine"] == engine

    (path / "hoso-index.json").write_text(json.dumps({**meta, "schema_version": 0}), encoding="utf-8")
    with pytest.raises(IndexOutdated, match="lập lại chỉ mục"):
        open_index(path)
    (path / "hoso-index.json").write_text(json.dumps({**meta, "analysis_version": 99}), encoding="utf-8")
    with pytest.raises(IndexOutdated):
        open_index(path)
    (path / "hoso-index.json").write_text(json.dumps(meta), encoding="utf-8")
    other = "whoosh" if engine == "tantivy" else "tantivy"
    with pytest.raises(IndexOutdated):
        open_index(path, engine=other)
    assert open_index(path).count() == 3

    (path / "hoso-index.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexDamaged):
        open_index(path)
    (path / "hoso-index.json").unlink()
    with pytest.raises(IndexDamaged):
        open_index(path)

    # The engine's data files garbled or gone (its table of contents intact): refused on open,
    # never read as an empty or partial index.
    for damage in ("garble", "delete"):
        ix = create_index(path, engine, overwrite=True)
        ix.add(CORPUS[:3])
        ix.commit()
        ix.close()
        control = {"hoso-index.json", "meta.json", ".managed.json"}
        data = [f for f in path.iterdir() if f.name not in control and not f.name.endswith((".toc", ".lock"))]
        assert data
        for f in data:
            f.write_bytes(b"\x00garbage" * 8) if damage == "garble" else f.unlink()
        with pytest.raises(IndexDamaged, match="bị hỏng"):
            open_index(path)


def test_create_never_empties_a_folder_that_is_not_an_index(engine, tmp_path):
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / "bien-ban.pdf").write_bytes(b"%PDF")
    with pytest.raises(FileExistsError):
        create_index(folder, engine)
    with pytest.raises(FileExistsError):
        create_index(folder, engine, overwrite=True)
    assert (folder / "bien-ban.pdf").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_words_typed_together_rank_entries_with_them_together_first(tmp_path, engine):
    """Vietnamese words are several syllables: "giai phong mat bang" typed without quotes still ranks
    the compound word above its four syllables scattered (both are found)."""
    index = create_index(tmp_path / engine, engine)
    index.add(
        [
            E("scattered", "Giải quyết nhanh; phóng viên có mặt đầy đủ; bằng chứng rõ ràng. " * 3),
            E("together", "Dự án giải phóng mặt bằng đường liên thôn."),
        ]
    )
    index.commit()
    for text in ("giai phong mat bang", "giải phóng mặt bằng"):
        hits = index.search(Query(text)).hits
        assert [h.entry.id for h in hits] == ["together", "scattered"]
        assert [p for p, m in hits[0].snippet if m] == ["giải phóng mặt bằng"]  # marked whole, in the original accents
    index.close()


def test_personal_words_are_the_typed_pairs_only_personal_data_holds(engine, tmp_path):
    ix = create_index(tmp_path / "ix", engine)
    ix.add(
        [
            E("p1", "Đề nghị sửa cầu.", personal="Trần Thị Bé, thôn Đông"),
            E("p2", "Đề nghị làm đường.", personal="Nguyễn Văn Cọp, thôn Tây", restricted=True),
            E("s1", "Ông Nguyễn Văn Cọp, Chủ tịch UBND xã, trả lời cử tri thôn Đông.", level="buổi"),
        ]
    )
    ix.commit()
    # a petitioner's name, even one typed with other words or without diacritics: hidden
    assert ix.personal_words("Trần Thị Bé cầu") == {"tran", "thi", "be"}
    assert ix.personal_words("tran thi be") == {"tran", "thi", "be"}
    # an official's name is in the public text, a place in both: printed; one word alone names nobody
    assert ix.personal_words("Nguyễn Văn Cọp") == frozenset()
    assert ix.personal_words("thôn Đông") == frozenset()
    assert ix.personal_words("Bé") == frozenset()
    # a quoted name counts as typed side by side
    assert ix.personal_words('sửa cầu "Trần Thị Bé"') == {"tran", "thi", "be"}
    ix.close()


def test_a_phrase_in_the_title_keeps_its_syllables_unmarked_in_the_text(engine, tmp_path):
    """Issue 15, cause 5: a petition titled with "giải phóng mặt bằng" does not mark "giải" in "giải
    quyết" in its snippet, nor the title "Kết quả giải quyết" a lone "giải" when the text has the phrase."""
    ix = create_index(tmp_path / "ix", engine)
    ix.add(
        [
            E("a", "Cơ quan giải quyết: Ban Quản lý dự án.", title="Ý kiến về giải phóng mặt bằng"),
            E("b", "Đề nghị đẩy nhanh giải phóng mặt bằng.", title="Kết quả giải quyết kiến nghị"),
            E("c", "Cơ quan giải quyết: Phòng Kinh tế; trả lời bằng văn bản.", title="Ý kiến về thủy lợi"),
        ]
    )
    ix.commit()
    hits = {h.entry.id: h for h in ix.search(Query("giai phong mat bang", per_page=10)).hits}
    marked = {i: ([p for p, m in h.title if m], [p for p, m in h.snippet if m]) for i, h in hits.items()}
    assert marked["a"] == (["giải phóng mặt bằng"], [])
    assert marked["b"] == ([], ["giải phóng mặt bằng"])
    # an entry that has the syllables only scattered marks them, and ranks last
    assert marked["c"] == ([], ["giải", "Phòng", "bằng"]) and list(hits)[-1] == "c"
    ix.close()


def test_pairs_sharing_a_word_are_marked_as_one_phrase():
    text = "Hỗ trợ giải phóng mặt bằng tuyến đường liên thôn Phước Lộc; giải quyết bằng văn bản."
    marked = [p for p, m in highlight(text, parse_query("giải phóng mặt bằng đường liên thôn"), None) if m]
    assert marked == ["giải phóng mặt bằng", "đường liên thôn"]


def test_an_entry_found_by_part_of_a_phrase_marks_no_lone_syllable_of_it():
    text = "Cơ quan giải quyết: Phòng Kinh tế; trên đường liên thôn Phước Lộc, mặt đường hỏng."
    marked = [p for p, m in highlight(text, parse_query("giải phóng mặt bằng đường liên thôn"), None) if m]
    assert marked == ["đường liên thôn"]
