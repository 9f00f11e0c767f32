"""Signers change (issue 12 §4): a post of ``nguoi_ky`` is held by one person after another, each for a
term; a document is signed by whoever held the post on its date, `hoso validate` flags a document dated
outside its signer's term and a chair not in office, and `hoso new` writes the holder in office."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pipeline import record
from pipeline.documents import compose_session
from pipeline.followup import scaffold
from pipeline.record import source

# The Chủ tịch of the test unit, three holders in turn.
POSTS = """nguoi_ky:
  chu_tich:
    chuc_vu: CHỦ TỊCH
    quyen_han: TM.
    thay_mat: ỦY BAN NHÂN DÂN
    nguoi_giu:
      - ho_ten: Trần Văn Cũ
        den_ngay: {old_until}
      - ho_ten: Nguyễn Văn Một
        tu_ngay: {one_from}
        den_ngay: 2025-12-31
      - ho_ten: Lê Thị Mới
        tu_ngay: 2026-01-01
nguoi_ky_mac_dinh: chu_tich
"""

PLAN_2021 = """loai_tep: kế hoạch năm
don_vi: ubnd-xa-thu
nam: 2021
so: 2
ngay: 2021-01-15
trich_yeu: Tổ chức đối thoại với Nhân dân năm 2021
cac_buoi:
  - thang_du_kien: 5
    chu_de: Đối thoại về đất đai
    hinh_thuc: định kỳ
"""


def write_posts(unit: Path, old_until: str = "2022-12-31", one_from: str = "2023-01-01") -> None:
    text = (unit / "don-vi.yaml").read_text(encoding="utf-8")
    head = text[: text.index("nguoi_ky:")]
    (unit / "don-vi.yaml").write_text(head + POSTS.format(old_until=old_until, one_from=one_from), encoding="utf-8")


SESSION = """loai_tep: buổi tiếp xúc, đối thoại
ma: {session_id}
don_vi: ubnd-xa-thu
ngay: {day}
gio_bat_dau: "08:00"
dia_diem: Hội trường UBND xã
hinh_thuc: định kỳ
chu_de: Đối thoại về đất đai
chu_tri:
  - ho_ten: {chair}
    chuc_vu: Chủ tịch UBND xã
kien_nghi:
  - ma: {session_id}-01
    nguoi_neu:
      ho_ten: Ông Trần Văn Hai
    linh_vuc: đất đai
    noi_dung: Đề nghị cấp giấy chứng nhận quyền sử dụng đất.
    tra_loi:
      hinh_thuc: trả lời tại buổi
      nguoi_tra_loi: Ông {chair}, Chủ tịch UBND xã
      noi_dung: Xã sẽ cấp trong quý IV.
van_ban:
  - loai: giấy mời
    so: 5
    ngay: {invited_on}
    nguoi_ky: chu_tich
    trich_yeu: Mời dự hội nghị đối thoại
  - loai: nội quy
    trich_yeu: Nội quy
thoi_han_bao_quan: Vĩnh viễn
che_do_su_dung: công khai
"""


def add_session(unit: Path, folder: str, session_id: str, day: str, chair: str, invited_on: str) -> Path:
    """A session on ``day`` chaired by ``chair``: its giấy mời dated ``invited_on`` and signed by the Chủ tịch,
    its nội quy undated (signed on the session's day by the default signer, the Chủ tịch)."""
    (unit / folder).mkdir()
    path = unit / folder / "buoi-doi-thoai.yaml"
    text = SESSION.format(session_id=session_id, day=day, chair=chair, invited_on=invited_on)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def changing(unit) -> Path:
    """The test unit whose Chủ tịch changed twice: a 2021 session and plan, the 2025 session, a 2026 session."""
    write_posts(unit)
    (unit / "ke-hoach-2021.yaml").write_text(PLAN_2021, encoding="utf-8")
    add_session(unit, "phien-2021", "THU-2021-01", "2021-05-20", "Trần Văn Cũ", "2021-05-10")
    add_session(unit, "phien-2026", "THU-2026-01", "2026-03-10", "Lê Thị Mới", "2026-03-02")
    return unit


def signers(records, session_id: str) -> dict[str, list[str]]:
    session = next(s for s in records.sessions if s.id == session_id)
    return {d.doc_type: [s.name for s in d.signatures] for d in compose_session(records, session)}


def test_each_document_carries_the_signer_of_its_date(changing, hoso):
    assert hoso("validate", ".").exit_code == 0
    records = record.load([changing]).records

    in_2021 = signers(records, "THU-2021-01")
    assert in_2021["giấy mời"] == in_2021["chương trình"] == in_2021["kế hoạch"] == ["Trần Văn Cũ"]
    assert in_2021["nội quy"] == []  # issued with the giấy mời, whose signature covers it
    assert signers(records, "THU-2025-01")["giấy mời"] == ["Nguyễn Văn Một"]
    in_2026 = signers(records, "THU-2026-01")
    assert in_2026["giấy mời"] == in_2026["chương trình"] == ["Lê Thị Mới"]
    assert in_2026["biên bản"][-1] == "Lê Thị Mới"  # the chair signs the biên bản

    unit = records.units["ubnd-xa-thu"]
    assert unit.signer_on("chu_tich", dt.date(2022, 12, 31)).name == "Trần Văn Cũ"
    assert unit.signer_on(None, dt.date(2023, 1, 1)).name == "Nguyễn Văn Một"  # None: nguoi_ky_mac_dinh
    assert unit.signer_on("chu_tich", dt.date(2026, 1, 1)).title == "CHỦ TỊCH"


def test_changing_the_chairs_term_is_reported(changing, hoso):
    write_posts(changing, old_until="2021-03-31", one_from="2021-04-01")  # Trần Văn Cũ left before the session

    result = hoso("validate", ".")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "phien-2021/buoi-doi-thoai.yaml:10:13: chu_tri[1].ho_ten: người chủ trì Trần Văn Cũ không giữ chức vụ "
        "CHỦ TỊCH (chu_tich) vào ngày 20/05/2021; nhiệm kỳ: Trần Văn Cũ đến 31/03/2021",
    ]
    # The documents of that day are now signed by the new holder.
    assert signers(record.load([changing]).records, "THU-2025-01")["giấy mời"] == ["Nguyễn Văn Một"]


def test_a_document_outside_every_term_is_reported(changing, hoso):
    write_posts(changing, old_until="2021-05-05", one_from="2021-05-15")  # nobody signed for the Chủ tịch on 10/05

    lines = hoso("validate", ".").stdout.splitlines()

    assert lines == [
        "phien-2021/buoi-doi-thoai.yaml:10:13: chu_tri[1].ho_ten: người chủ trì Trần Văn Cũ không giữ chức vụ "
        "CHỦ TỊCH (chu_tich) vào ngày 20/05/2021; nhiệm kỳ: Trần Văn Cũ đến 05/05/2021",
        "phien-2021/buoi-doi-thoai.yaml:25:11: van_ban[1].ngay: ngày 10/05/2021 không ai giữ chức vụ CHỦ TỊCH "
        "(chu_tich), người ký văn bản này; nhiệm kỳ: Trần Văn Cũ đến 05/05/2021; Nguyễn Văn Một từ 15/05/2021 "
        "đến 31/12/2025; Lê Thị Mới từ 01/01/2026",
    ]


def test_the_old_form_with_a_term_is_checked(unit, hoso):
    """One holder written as before (ho_ten on the post), with tu_ngay: the 2025 documents predate it."""
    path = unit / "don-vi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    ho_ten: Nguyễn Văn Một\n", "    ho_ten: Nguyễn Văn Một\n    tu_ngay: 2025-09-20\n"
        ),
        encoding="utf-8",
    )
    lines = hoso("validate", ".").stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("phien-01/buoi-doi-thoai.yaml:") and "van_ban[1].ngay" in lines[0]
    assert "ngày 15/09/2025 không ai giữ chức vụ CHỦ TỊCH (chu_tich)" in lines[0]
    assert lines[0].endswith("nhiệm kỳ: Nguyễn Văn Một từ 20/09/2025")


def test_new_writes_the_holder_in_office(changing, hoso):
    """The last session's chair left office: hoso new writes the current holder of the same post, marked."""
    shutil.rmtree(changing / "phien-2026")

    result = hoso("new", ".", "--date", "2026-03-10", "--as-of", "2026-03-01")

    assert result.exit_code == 0, result.output
    text = (changing / "2026-03-10-dinh-ky" / "buoi-doi-thoai.yaml").read_text(encoding="utf-8")
    chairs = source.read(Path("x.yaml"), text=text).data["chu_tri"]
    assert chairs == [{"ho_ten": "Lê Thị Mới", "chuc_vu": "Chủ tịch UBND xã"}]
    line = next(line for line in text.splitlines() if "ho_ten: Lê Thị Mới" in line)
    assert scaffold.MARK in line and "Nguyễn Văn Một" in line and "31/12/2025" in line
    assert hoso("validate", ".").exit_code == 0


def test_new_first_session_takes_the_default_signer_of_its_day(changing):
    for folder in ("phien-01", "phien-2021", "phien-2026"):
        shutil.rmtree(changing / folder)
    (changing / "ket-qua.yaml").unlink()
    records = record.load([changing]).records
    unit = records.units["ubnd-xa-thu"]

    prepared = scaffold.build(records, unit, dt.date(2021, 5, 1), dt.date(2021, 5, 20))

    chairs = source.read(prepared.path, text=prepared.text).data["chu_tri"]
    assert chairs == [{"ho_ten": "Trần Văn Cũ", "chuc_vu": "Chủ tịch"}]
    assert record.load([changing], overrides={prepared.path: prepared.text}).problems == []


def test_new_refuses_a_day_nobody_signs_for(changing, hoso):
    """No holder of the default post on the new session's day: hoso new says what to add, writes nothing."""
    path = changing / "don-vi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "        tu_ngay: 2026-01-01\n", "        tu_ngay: 2026-01-01\n        den_ngay: 2026-06-30\n"
        ),
        encoding="utf-8",
    )
    result = hoso("new", ".", "--date", "2026-09-10", "--as-of", "2026-09-01")
    assert result.exit_code == 2
    assert "chưa khai ai giữ chức vụ Chủ tịch (chu_tich)" in result.stderr and "10/09/2026" in result.stderr
    assert not (changing / "2026-09-10-dinh-ky").exists()
