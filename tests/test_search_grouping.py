"""One result per hồ sơ on the demo archive (issue 15, cause 2), the same hồ sơ from both engines, and
`hoso search` grouped by default, flat with --flat, with highlights as offsets in --json."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.index import Query, catalog, open_index
from pipeline.text import fold

ENGINES = ["tantivy", "whoosh"]

# What an archivist types, with filters; both engines must give the same hồ sơ in their first 10 groups.
QUERIES = [
    ("đối thoại Chủ tịch UBND", {}),
    ("doi thoai chu tich ubnd xa", {}),
    ("thông báo lịch đối thoại kính mời nhân dân", {}),
    ("ngập úng thoát nước", {}),
    ("giai phong mat bang", {}),
    ("giải phóng mặt bằng đường liên thôn", {}),
    ("trang trại chăn nuôi heo mùi hôi nước thải", {}),
    ("cầu Bàu Ốc", {}),
    ("Nguyễn Đức Thắng", {}),
    ("24/TB-UBND", {}),
    ("07/KH-UBND", {}),
    ("11-QĐi/TW", {}),
    ("bồi thường tái định cư", {"include_restricted": True}),
    ("đất đai", {"years": [2026]}),
    ("kiến nghị cử tri", {"units": ["UBND-AK"]}),
    ("sạt lở bờ sông Trà Khúc", {}),
    ("", {"levels": ["văn bản"]}),
    ("biên bản", {"doc_types": ["Biên bản"]}),
]


@pytest.fixture(scope="module")
def indexes(demo_archive, tmp_path_factory):
    root, _ = demo_archive
    opened = {}
    for engine in ENGINES:
        folder = tmp_path_factory.mktemp(f"chi-muc-nhom-{engine}")
        catalog.update(root, folder, engine=engine, as_of=dt.date(2026, 11, 21))
        opened[engine] = open_index(folder)
    yield opened
    for ix in opened.values():
        ix.close()


def test_there_are_enough_queries_to_compare_the_engines():
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("typed, filters", QUERIES, ids=[q or "lọc" for q, _ in QUERIES])
def test_both_engines_return_the_same_hoso_in_the_first_ten_groups(indexes, typed, filters):
    found = {e: ix.search_groups(Query(typed, per_page=10, **filters)) for e, ix in indexes.items()}
    assert found["tantivy"].total == found["whoosh"].total
    assert found["tantivy"].hits_total == found["whoosh"].hits_total
    assert {g.key for g in found["tantivy"].groups} == {g.key for g in found["whoosh"].groups}


def test_a_query_every_hoso_answers_gives_each_hoso_once(indexes):
    """Cause 2: for "đối thoại Chủ tịch UBND phường" the first 10 of 85 results covered 3 sessions."""
    for ix in indexes.values():
        flat = ix.search(Query("đối thoại Chủ tịch UBND", per_page=500))
        sessions = {h.entry.group for h in flat.hits}
        grouped = ix.search_groups(Query("đối thoại Chủ tịch UBND", per_page=10))
        assert grouped.total == len(sessions) >= 5 and grouped.hits_total == flat.total
        keys = [g.key for g in grouped.groups]
        assert len(keys) == len(set(keys)) == min(10, len(sessions))
        for g in grouped.groups:
            assert 1 <= len(g.hits) <= 3 and all(h.entry.group == g.key for h in g.hits)
            assert g.matches == sum(1 for h in flat.hits if h.entry.group == g.key)
            assert g.hits[0].entry.stored["session"] == g.key


def test_petitions_can_still_be_listed_one_by_one(indexes):
    ix = indexes["tantivy"]
    hits = ix.search(Query("cầu Bàu Ốc", levels=["kiến nghị"], per_page=10)).hits
    assert {"DU-AK-2025-01-03", "DU-AK-2026-02-01"} <= {h.entry.id for h in hits}


# --- the command -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def searched(demo_archive, tmp_path_factory):
    root, _ = demo_archive
    folder = tmp_path_factory.mktemp("chi-muc-lenh")
    catalog.update(root, folder)
    return root, folder


def _marked(text: str, spans: list[list[int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_search_json_is_grouped_with_highlights_as_offsets(searched, hoso):
    root, folder = searched
    result = hoso("search", "--archive", str(root), "--index", str(folder), "--json", "giải phóng mặt bằng")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["grouped"] is True and data["total"] == len({g["session"] for g in data["groups"]}) >= 1
    assert data["matches"] >= data["total"]
    for group in data["groups"]:
        assert group["hoso"] and group["notation"] and group["title"] and group["date"]
        assert 1 <= len(group["passages"]) <= 3 and group["matches"] == len(group["passages"]) + group["more"]
        for passage in group["passages"]:
            for name in ("title", "snippet"):
                for word in _marked(passage[name], passage["highlights"][name]):
                    assert fold(word).lower().replace(" ", "") in fold("giải phóng mặt bằng").replace(" ", "")
            assert passage["sheet"] is None or passage["sheet"].isalnum()
    # highlights are offsets beside the text: no bracket is added to it
    first = data["groups"][0]["passages"][0]
    with open_index(folder) as ix:
        assert first["title"] == ix.get(first["id"]).title


def test_search_flat_lists_every_entry(searched, hoso):
    root, folder = searched
    flat = json.loads(
        hoso("search", "--archive", str(root), "--index", str(folder), "--json", "--flat", "đối thoại").stdout
    )
    grouped = json.loads(hoso("search", "--archive", str(root), "--index", str(folder), "--json", "đối thoại").stdout)
    assert flat["grouped"] is False and grouped["grouped"] is True
    assert flat["total"] == grouped["matches"] > grouped["total"]
    assert all("highlights" in h and "[" not in h["title"] for h in flat["hits"])
    petitions = json.loads(
        hoso("search", "--archive", str(root), "--index", str(folder), "--json", "--level", "kien-nghi", "cầu").stdout
    )
    assert petitions["grouped"] is False and {h["level"] for h in petitions["hits"]} == {"kiến nghị"}


def test_search_prints_one_hoso_per_result_with_its_passages(searched, hoso):
    root, folder = searched
    result = hoso("search", "--archive", str(root), "--index", str(folder), "24/TB-UBND")
    assert result.exit_code == 0
    assert "hồ sơ" in result.stderr and "mục khớp" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip().startswith("1. Hồ sơ 04.VP")
    assert any("[văn bản]" in line and "[24/TB-UBND]" in line for line in lines)


def test_hoso_counts_hold_with_a_required_phrase_and_the_fallback(tmp_path):
    """Counting the hồ sơ of a query with a quoted phrase and several optional words: the phrase is
    required even where the fallback's words are enough (both engines count alike)."""
    from pipeline.index import Entry, create_index

    def entry(id_, group, text):
        return Entry(id=id_, level="văn bản", title=id_, text=text, unit="U", unit_name="U",
                     date=dt.date(2025, 1, 1), year=2025, group=group)  # fmt: skip

    entries = [
        entry("a1", "A", "cầu Bàu Ốc hư hỏng, đường xuống cấp, mương tắc"),
        entry("a2", "A", "cầu Bàu Ốc cần sửa"),
        entry("b1", "B", "đường xuống cấp, mương tắc"),  # the optional words, not the phrase
        entry("c1", "C", "cầu Bàu Ốc, mương tắc"),
    ]
    counts = {}
    for engine in ("tantivy", "whoosh"):
        ix = create_index(tmp_path / engine, engine)
        ix.add(entries)
        ix.commit()
        r = ix.search_groups(Query('"cầu Bàu Ốc" đường xuống mương tắc'))
        counts[engine] = (r.total, r.hits_total, sorted((g.key, g.matches) for g in r.groups))
        ix.close()
    assert counts["tantivy"] == counts["whoosh"] == (2, 2, [("A", 1), ("C", 1)])
