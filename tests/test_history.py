"""The history of the records folder (issue 16): every change recorded with who made it, readable as a
diff, undone as a new change, an undo refused when a later change touched the same file."""

import pytest

from pipeline.record import history


def test_changes_are_recorded_with_their_author_and_can_be_undone(tmp_path):
    record = tmp_path / "ubnd" / "buoi.yaml"
    record.parent.mkdir()
    record.write_text("# ghi chú\nchu_de: Đối thoại\n", encoding="utf-8")
    first = history.record(tmp_path, [record], "vanthu.ak", "Tạo buổi")
    assert first and history.record(tmp_path, [record], "vanthu.ak", "Không đổi gì") is None
    record.write_text("# ghi chú\nchu_de: Đối thoại về đất đai\n", encoding="utf-8")
    second = history.record(tmp_path, [record], "chuyenvien", "Sửa chủ đề")
    log = history.changes(tmp_path)
    assert [(c.who, c.message, c.paths) for c in log] == [
        ("chuyenvien", "Sửa chủ đề", ("ubnd/buoi.yaml",)),
        ("vanthu.ak", "Tạo buổi", ("ubnd/buoi.yaml",)),
    ]
    shown = history.diff(tmp_path, second)
    assert "-chu_de: Đối thoại\n" in shown and "+chu_de: Đối thoại về đất đai\n" in shown
    history.undo(tmp_path, second, "vanthu.ak")
    assert record.read_text(encoding="utf-8") == "# ghi chú\nchu_de: Đối thoại\n"
    assert history.changes(tmp_path)[0].message == "Hoàn tác: Sửa chủ đề"


def test_an_edit_made_outside_hoso_is_recorded_and_blocks_an_older_undo(tmp_path):
    record = tmp_path / "buoi.yaml"
    record.write_text("a: 1\n", encoding="utf-8")
    history.record(tmp_path, [record], "vanthu", "Tạo")
    record.write_text("a: 2\n", encoding="utf-8")
    change = history.record(tmp_path, [record], "vanthu", "Sửa a")
    record.write_text("a: 3\n", encoding="utf-8")  # by hand, in a text editor
    other = tmp_path / "khac.yaml"
    other.write_text("b: 1\n", encoding="utf-8")
    history.record(tmp_path, [other], "vanthu", "Thêm tệp khác")
    assert any(c.who == history.OUTSIDE and c.paths == ("buoi.yaml",) for c in history.changes(tmp_path))
    with pytest.raises(history.HistoryError, match="sửa tiếp"):
        history.undo(tmp_path, change, "vanthu")
    assert record.read_text(encoding="utf-8") == "a: 3\n"  # nobody's later work lost
    with pytest.raises(history.HistoryError, match="Không có thay đổi"):
        history.undo(tmp_path, "0" * 40, "vanthu")
