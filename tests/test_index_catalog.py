"""Keeping the index in step with the archive (hoso index), and the search command's output."""

import json
import shutil

import pytest

from pipeline import archive
from pipeline.index import Query, catalog, open_index
from pipeline.record import load

from conftest import REPO
from test_archive import DEMO_SPEECH


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
    record.write_text(record.read_text(encoding="utf-8").replace("Đề nghị sửa đường liên thôn.", "Đề nghị sửa cầu Khe Lim."), encoding="utf-8")
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
    reopened = hoso("followup", "THU-2025-01-01", "--status", "đang giải quyết", "--date", "2025-11-03", "--records", str(unit),
                    "--text", "Giấy chứng nhận ghi sai số thửa; đang làm thủ tục đính chính.")  # fmt: skip
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
    assert "[kiến nghị]" in found.stdout and "hồ sơ THU-2025-01, tờ" in found.stdout and "[giấy chứng nhận]" in found.stdout
    as_json = json.loads(hoso("search", "giấy mời", "--archive", str(root), "--json", "--level", "van-ban").stdout)
    assert as_json["total"] >= 1 and as_json["hits"][0]["sheet"] == 1 and as_json["hits"][0]["hoso"].endswith("/v1")
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
        assert result.exit_code == 2 and "hãy chọn cổng khác" in result.stderr
    finally:
        busy.close()
