"""Reading record files: encodings, YAML pitfalls, bounds. Nothing here may crash or hang."""

import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pipeline.record import load
from pipeline.record.problems import RecordError
from pipeline.record.source import MAX_BYTES, read

LINE = re.compile(r"^[^:\t\n]+:\d+:\d+: (?:[^\s\"]+|\S*\"[^\t\n]*\"\S*): [^\t\n]+$")
SESSION = "phien-01/buoi-doi-thoai.yaml"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def fatal(path: Path) -> str:
    with pytest.raises(RecordError) as e:
        read(path)
    return e.value.problem.message


def test_yaml_1_1_traps_stay_text(tmp_path):
    data = read(write(tmp_path / "a.yaml", "a: 8:00\nb: yes\nc: 2024-03-15\nd: 05\ne: '07'\nf: ~\n")).data
    assert data == {"a": "8:00", "b": "yes", "c": "2024-03-15", "d": 5, "e": "07", "f": None}


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "chủ_đề: Đối thoại về đất đai")
    data = read(write(tmp_path / "a.yaml", decomposed)).data
    assert data == {"chủ_đề": "Đối thoại về đất đai"}
    assert unicodedata.is_normalized("NFC", data["chủ_đề"])


def test_utf8_signature_and_windows_line_ends_are_accepted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffa: Một\r\nb: Hai\r\n".encode("utf-8"))
    assert read(path).data == {"a": "Một", "b": "Hai"}


def test_positions_of_values_and_keys(tmp_path):
    source = read(write(tmp_path / "a.yaml", "a:\n  - x: 1\n    y: hai\n"))
    assert source.position(("a", 0, "y")) == (3, 8)
    assert source.position(("a", 0, "y"), at_key=True) == (3, 5)
    assert source.position(("a", 0, "missing")) == (2, 5)  # falls back to the parent


def test_block_text_keeps_line_breaks_without_trailing_newline(tmp_path):
    data = read(write(tmp_path / "a.yaml", "a: |\n  dòng 1\n  dòng 2\n\nb: 1\n")).data
    assert data["a"] == "dòng 1\ndòng 2"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: !!python/object:os.system {}\n", "thẻ YAML 'tag:yaml.org,2002:python/object:os.system' không được phép"),
        ("a: &x 1\nb:\n  <<: {c: 2}\n", "khóa gộp '<<' không được dùng"),
        ('a: "chuông \\x07"\n', "có ký tự điều khiển không in được (U+0007)"),
    ],
)
def test_unsafe_or_odd_yaml_is_a_problem_not_an_object(tmp_path, text, message):
    source = read(write(tmp_path / "a.yaml", text))
    assert any(message in p.message for p in source.problems), source.problems


def test_alias_bomb_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    assert "quá nhiều mục" in fatal(write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n"))


def test_recursive_alias_is_refused(tmp_path):
    assert "tự tham chiếu" in fatal(write(tmp_path / "loop.yaml", "a: &a [1, *a]\n"))


def test_deep_nesting_cannot_crash_the_interpreter(tmp_path):
    # libyaml's composer segfaults on a few million nested brackets; hoso must refuse it first.
    path = tmp_path / "deep.yaml"
    depth = (MAX_BYTES - 16) // 2
    path.write_text("a: " + "[" * depth + "]" * depth, encoding="ascii")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1, run.stderr
    assert "lồng nhau quá sâu" in run.stdout


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "lon.yaml"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert fatal(path).startswith("tệp quá lớn (50.0 MB)")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "tệp rỗng"),
        ("   \n# chỉ có ghi chú\n".encode(), "tệp rỗng"),
        (bytes(range(256)) * 4, "không phải tệp văn bản"),
        ("a: Một".encode("utf-16-le"), "UTF-16"),
        ("a: Một".encode("utf-32"), "UTF-32"),
        (b"a: \xc4\x91\xff\n", "byte 0xFF"),
    ],
)
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    assert message in fatal(path)


def test_a_folder_instead_of_a_file(tmp_path):
    assert "thư mục" in fatal(tmp_path)


def test_folder_of_a_thousand_records(unit, hoso):
    template = (unit / SESSION).read_text(encoding="utf-8")
    for i in range(1000):
        folder = unit / f"phien-{i + 2:04d}"
        folder.mkdir()
        shutil.copy(unit / "phien-01" / "bai-phat-bieu.pdf", folder)
        text = template.replace("THU-2025-01", f"THU-2025-{i + 2:04d}")
        if i % 100 == 0:
            text = text.replace("hinh_thuc: định kỳ", "hinh_thuc: dinh ky")
        write(folder / "buoi-doi-thoai.yaml", text)
    result = hoso("validate", ".")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10 and all("có phải ý bạn là 'định kỳ'?" in line for line in lines)
    assert "đã kiểm tra 1003 tệp" in result.stderr


def test_mutated_records_never_crash(unit, hoso):
    """Random edits of the kind a hurried clerk makes: every run ends in a clean report."""
    rng = random.Random(20261121)
    original = (unit / SESSION).read_text(encoding="utf-8")
    edits = ["\t", '"', "'", ":", "- ", "  ", "\n", "&", "*", "!", "{", "[", "#", "|", "🙂", "\x00", "đ"]
    for _ in range(300):
        text = list(original)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(text))
            if rng.random() < 0.5:
                text[pos : pos + rng.randint(1, 5)] = []
            else:
                text.insert(pos, rng.choice(edits))
        (unit / SESSION).write_text("".join(text), encoding="utf-8")
        result = hoso("validate", ".")
        assert result.exit_code in (0, 1)
        assert all(LINE.match(line) for line in result.stdout.splitlines()), result.stdout


def test_examples_are_valid():
    examples = Path(__file__).parent.parent / "examples"
    result = load([examples])
    assert result.problems == []
    assert len(result.files) >= 10


def test_odd_characters_survive_reading(tmp_path):
    text = 'a: "Công ty A & B <c> \\"trích\\" 🙂"\nb: ' + "x" * 6000 + "\n"
    data = read(write(tmp_path / "a.yaml", text)).data
    assert data["a"] == 'Công ty A & B <c> "trích" 🙂'
    assert len(data["b"]) == 6000


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_permissions(tmp_path):
    path = write(tmp_path / "a.yaml", "a: 1\n")
    path.chmod(0)
    assert "không đọc được tệp" in fatal(path)
