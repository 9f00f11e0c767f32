"""`hoso search` and the web page turn what a person typed into the same query (index/filters.py)."""

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.index.filters import FilterError, Filters, fields_named, level, to_query
from pipeline.record.schema import controlled_fields
from pipeline.web.server import Settings, Site

TODAY = dt.date(2026, 11, 30)


def web_query(**form):
    """The Query the search page builds from its form fields (names as in templates/web/tim-kiem.html.j2)."""
    defaults = dict(q="", don_vi="", nam="", loai="", linh_vuc="", trang_thai="", chu_tri="", sap_xep="", qua_han=False)
    site = Site(Settings(Path("kho"), Path("chi-muc")))
    return site._query({**defaults, **form}, 1, per_page=10)


@pytest.fixture
def cli_query(monkeypatch):
    """The Query `hoso search` builds from its options (the search itself is not run)."""
    import pipeline.index.filters as filters

    built = []

    def capture(f, **rights):
        built.append(to_query(f, **rights))
        raise SystemExit(0)

    monkeypatch.setattr(filters, "to_query", capture)

    def run(*args):
        result = CliRunner().invoke(cli, ["search", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return built[-1]

    return run


def test_a_partial_field_typed_without_diacritics_means_every_field_that_holds_it():
    fields = controlled_fields()
    matched = fields_named("moi truong", fields)
    assert matched and all("môi trường" in f for f in matched)
    assert fields_named("Giao Thong", fields) == ["giao thông"]
    assert fields_named("đất đai", fields) == ["đất đai"]


def test_the_page_and_the_command_build_the_same_query(cli_query):
    on_page = web_query(q="ngập úng", linh_vuc="moi truong", loai="kien-nghi", trang_thai="dang giai quyet", nam="2026")
    typed = cli_query("ngập", "úng", "--field", "moi truong", "--level", "kien-nghi", "--status", "dang giai quyet",
                      "--year", "2026")  # fmt: skip
    for name in ("text", "fields", "levels", "statuses", "years", "include_restricted", "include_personal", "sort"):
        assert getattr(on_page, name) == getattr(typed, name), name
    assert on_page.fields and all("môi trường" in f for f in on_page.fields)
    assert on_page.statuses == ["đang giải quyết"] and on_page.levels == ["kiến nghị"]


def test_what_the_user_may_see_is_not_part_of_what_they_typed():
    query = to_query(Filters(text="x"), restricted=False, personal=False, today=TODAY)
    assert (query.include_restricted, query.include_personal) == (False, False)
    assert web_query(q="x").include_personal is False


def test_levels_and_sorting():
    assert [level(x) for x in ("buoi", "van-ban", "văn bản", "kien_nghi", "Kiến nghị")] == [
        "buổi", "văn bản", "văn bản", "kiến nghị", "kiến nghị",
    ]  # fmt: skip
    with pytest.raises(FilterError, match="không phải loại mục"):
        level("ho so")
    with pytest.raises(FilterError, match="cách sắp xếp"):
        to_query(Filters(sort="abc"), restricted=False, personal=False)
    assert to_query(Filters(sort="ngay"), restricted=False, personal=False).sort == "date"
    overdue = to_query(Filters(overdue=True), restricted=False, personal=False, today=TODAY)
    assert overdue.overdue_as_of == TODAY
    with pytest.raises(FilterError):  # the page shows it as an error message (search_page catches QueryError)
        web_query(loai="ho-so")


def test_long_input_is_cut_not_refused():
    query = to_query(Filters(text="a" * 5000, chair="b" * 500), restricted=False, personal=False)
    assert len(query.text) == 500 and len(query.chair or "") == 100
