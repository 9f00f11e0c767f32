"""Keeping the index in step with the archive (hoso index), and the search command's output."""

import json
import shutil
import sys

import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline import archive
from pipeline.index import Query, catalog, open_index
from pipeline.record import load


@pytest.fixture
def small(tmp_path):
    """The small test unit archived, with its index beside the archive."""
    unit = tmp_path / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    root = tmp_path / "kho"
    records = load([unit]).records
    archive.archive(records, records.sessions, root)
    return unit, root, tmp_path / "chi-muc"


def rearchive(unit, root):
    records = load([unit]).records
    return archive.archive(records, records.sessions, root)


def test_update_reads_only_what_changed(small):
    unit, root, index = small
    first = catalog.update(root, index)
    assert (first.sessions, first.read) == (1, 1) and first.rebuilt  # a new index
    again = catalog.update(root, index)
    assert (again.read, again.removed, again.rebuilt, again.entries) == (0, 0, None, first.entries)

    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Đề nghị sửa đường liên thôn.", "Đề nghị sửa cầu Khe Lim."),
        encoding="utf-8",
    )
    assert rearchive(unit, root)[0].status == archive.NEW_VERSION
    changed = catalog.update(root, index)
    assert changed.read == 1 and changed.entries == first.entries
    with open_index(index) as ix:
        hits = ix.search(Query("cầu Khe Lim")).hits
        assert hits and hits[0].entry.stored["hoso"].endswith("/v2")
        assert not ix.search(Query('"sửa đường liên thôn"', levels=["kiến nghị"])).hits  # v1's text is gone


def test_a_new_follow_up_updates_the_status(small, hoso):
    unit, root, index = small
    catalog.update(root, index)
    with open_index(index) as ix:
        assert (ix.get("THU-2025-01-01").status, ix.get("THU-2025-01-01").closed) == ("đã giải quyết", True)
    # the office finds the certificate was issued to the wrong plot: the case is open again
    reopened = hoso(
        "followup",
        "THU-2025-01-01",
        "--status",
        "đang giải quyết",
        "--date",
        "2025-11-03",
        "--records",
        str(unit),
        "--text",
        "Giấy chứng nhận ghi sai số thửa; đang làm thủ tục đính chính.",
    )
    assert reopened.exit_code == 0, reopened.output
    assert rearchive(unit, root)[0].status == archive.UNCHANGED  # the hồ sơ itself did not change…
    assert catalog.update(root, index).read == 1  # …but its unit's follow-ups did
    with open_index(index) as ix:
        petition = ix.get("THU-2025-01-01")
        assert (petition.status, petition.closed) == ("đang giải quyết", False)
        assert ix.search(Query("đính chính số thửa", levels=["kiến nghị"])).hits[0].entry.id == "THU-2025-01-01"


def test_a_removed_hoso_leaves_the_index(small):
    unit, root, index = small
    catalog.update(root, index)
    shutil.rmtree(next(root.glob("ubnd-xa-thu/2025/*")))
    gone = catalog.update(root, index)
    assert (gone.sessions, gone.removed, gone.entries) == (0, 1, 0)


@pytest.mark.parametrize("damage", ["meta", "version", "engine files"])
def test_an_unusable_index_is_rebuilt_not_misread(small, damage):
    unit, root, index = small
    entries = catalog.update(root, index).entries
    meta = index / "hoso-index.json"
    if damage == "meta":
        meta.write_text("{ not json", encoding="utf-8")
    elif damage == "version":
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["schema_version"] = 0
        meta.write_text(json.dumps(data), encoding="utf-8")
    else:
        for f in index.iterdir():
            if f.name not in ("hoso-index.json", "state.json") and f.is_file():
                f.write_bytes(b"\x00garbage")
    rebuilt = catalog.update(root, index)
    assert rebuilt.rebuilt and rebuilt.read == 1 and rebuilt.entries == entries
    with open_index(index) as ix:
        assert ix.search(Query("đất đai")).total > 0


def test_index_and_search_commands(small, hoso):
    unit, root, _ = small
    built = hoso("index", "--archive", str(root))
    assert built.exit_code == 0 and "1 hồ sơ trong kho, đọc lại 1" in built.stdout
    found = hoso("search", "giay chung nhan", "--archive", str(root), "--level", "kien-nghi")
    assert found.exit_code == 0 and "Tìm thấy 1 kết quả" in found.stderr
    assert (
        "[kiến nghị]" in found.stdout
        and "hồ sơ THU-2025-01, tờ" in found.stdout
        and "[giấy chứng nhận]" in found.stdout
    )
    flat = ("--json", "--flat", "--level", "van-ban")
    as_json = json.loads(hoso("search", "giấy mời", "--archive", str(root), *flat).stdout)
    assert as_json["total"] >= 1 and as_json["hits"][0]["sheet"] == "1" and as_json["hits"][0]["hoso"].endswith("/v1")
    grouped = json.loads(hoso("search", "giấy mời", "--archive", str(root), "--json", "--level", "van-ban").stdout)
    assert grouped["total"] == 1 and grouped["groups"][0]["passages"][0]["sheet"] == "1"
    assert "Trần Văn Hai" not in hoso("search", "Trần Văn Hai", "--archive", str(root)).stdout
    assert "Trần Văn Hai" in hoso("search", "Trần Văn Hai", "--archive", str(root), "--personal").stdout
    wrong = hoso("search", "x", "--archive", str(root), "--level", "bien-ban")
    assert wrong.exit_code == 2 and "van-ban" in wrong.output


def test_search_builds_a_missing_index(small, hoso):
    unit, root, _ = small
    result = hoso("search", "đất đai", "--archive", str(root))
    assert result.exit_code == 0 and "Đang lập chỉ mục" in result.stderr and "Tìm thấy" in result.stderr


def test_serve_refuses_a_missing_archive_and_a_busy_port(tmp_path, small, hoso):
    assert hoso("serve", "--archive", str(tmp_path / "khong-co")).exit_code == 2
    import socket

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        result = hoso("serve", "--archive", str(small[1]), "--port", str(busy.getsockname()[1]))
        assert result.exit_code == 2 and "chọn cổng khác bằng --port" in result.stderr
    finally:
        busy.close()


FORMAT_1 = REPO / "tests" / "data" / "kho-dinh-dang-1"  # sealed by hoso 0.1: ho-so.json FormatVersion 1


def test_a_bag_of_the_first_format_still_indexes_after_a_record_key_is_renamed(tmp_path, monkeypatch):
    """Sealed hồ sơ never change; the index must read them whatever today's record format is."""
    root = tmp_path / "kho"
    shutil.copytree(FORMAT_1, root)
    # Simulate a later hoso that renamed the record key kien_nghi: its parser cannot read the sealed record.
    from pipeline.record import model

    original = model.build_session

    def build_session_of_a_later_hoso(d, path):
        return original({**d, "kien_nghi": d["y_kien_kien_nghi"]}, path)

    for module in [m for name, m in sys.modules.items() if name.startswith("pipeline")]:
        if getattr(module, "build_session", None) is original:  # wherever it was imported by name too
            monkeypatch.setattr(module, "build_session", build_session_of_a_later_hoso)
    done = catalog.update(root, tmp_path / "chi-muc")
    assert (done.sessions, done.read) == (1, 1)
    with open_index(tmp_path / "chi-muc") as ix:
        petition = ix.get("THU-2025-01-01")
        assert petition.status == "đã giải quyết" and petition.closed  # from the follow-up snapshot
        assert petition.stored["hoso"] == "ubnd-xa-thu/2025/THU-2025-01/v1" and petition.stored["sheet"] == 6
        hits = ix.search(Query("giấy chứng nhận", levels=["kiến nghị"])).hits
        assert [h.entry.id for h in hits] == ["THU-2025-01-01"]
        answered = ix.search(Query("sửa trong quý IV")).hits
        assert (
            answered and answered[0].entry.id == "THU-2025-01-02" and answered[0].entry.status == "đã trả lời tại buổi"
        )
        conclusion = ix.search(Query("Phòng Kinh tế", levels=["buổi"])).hits  # the session's text (ket_luan)
        assert [h.entry.id for h in conclusion] == ["THU-2025-01"]
        assert "Trần Văn Hai" not in ix.get("THU-2025-01/06").text  # the biên bản, name masked


def test_first_and_current_format_read_back_the_same_session(small):
    """The reader gives the same session from ho-so.json format 2 as from the format-1 fixture of the same unit."""
    from pipeline.archive import metadata

    _, root, _ = small
    new = metadata.read(next(root.glob("*/*/*/v1")))
    old = metadata.read(FORMAT_1 / "ubnd-xa-thu" / "2025" / "THU-2025-01" / "v1")
    assert (new.format_version, old.format_version) == (2, 1)
    for name in ("id", "unit", "unit_name", "date", "topic", "location", "chairs", "co_organisers"):
        assert getattr(new.session, name) == getattr(old.session, name), name
    assert [p.id for p in new.session.petitions] == [p.id for p in old.session.petitions]
    assert new.session.petitions == old.session.petitions


def test_a_writer_killed_during_its_commit_does_not_break_the_next_update(tmp_path):
    """tantivy writes a segment's .del file before meta.json; a kill between the two left a file the next
    commit tried to create again (an exit 3 in `hoso archive`). The next writer cleans such files first."""
    from test_index_engines import E

    from pipeline.index import create_index

    folder = tmp_path / "chi-muc"
    with create_index(folder, "tantivy") as ix:
        ix.add([E("a", "đất đai"), E("b", "giao thông")])
        ix.commit()
    before = (folder / "meta.json").read_bytes()
    with open_index(folder) as ix:
        ix.delete(["a"])
        ix.commit()
    assert any(p.suffix == ".del" for p in folder.iterdir())
    (folder / "meta.json").write_bytes(before)  # as if killed before meta.json was replaced
    with open_index(folder) as ix:
        ix.delete(["a"])
        ix.commit()  # tried to create the same .del file again: FileAlreadyExists
        assert [h.entry.id for h in ix.search(Query("")).hits] == ["b"]


def test_the_filter_choices_follow_each_update_of_the_index_state(tmp_path):
    """archived_fields reads the state file once per version of it (the page asks on every request)."""
    from pipeline.index.catalog import STATE_VERSION, _write_state, archived_fields

    def state(fields):
        return {"version": STATE_VERSION, "sessions": {"S": {"bag": "u/2026/S/v1", "fields": fields}}}

    _write_state(tmp_path, state(["đất đai"]))
    assert archived_fields(tmp_path) == ["đất đai"] == archived_fields(tmp_path)
    _write_state(tmp_path, state(["đất đai", "thiên tai - phòng chống lụt bão"]))
    assert archived_fields(tmp_path) == sorted(["đất đai", "thiên tai - phòng chống lụt bão"])
