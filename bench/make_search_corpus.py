"""Write the search evaluation corpus (bench/search-corpus/) from the hand-written tables below.

    .venv/bin/python bench/make_search_corpus.py [--out bench/search-corpus]

Five units (two UBND phường/xã, one UBND xã, two Đảng ủy), 32 dialogue sessions from 2024 to 2026,
every one held before 2026-12-01 and with its documents issued (``ban_hanh: bản điện tử``), so that
``hoso archive --all bench/search-corpus`` seals them all. The content is modelled on what the
provincial press reports of such sessions: flooding and drainage (written in different words in
different sessions), site clearance and resettlement, land titles, pig farms, roads, schools, health
insurance, social allowances, tourism, markets, electricity, water supply.

Nothing here is random: the same tables always give the same files. The evaluation queries that go
with the corpus are in bench/search-queries.yaml; bench/search_quality.py runs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "search-corpus"
HEADER = "# Tệp do bench/make_search_corpus.py tạo ra; sửa bảng trong tệp đó rồi chạy lại, không sửa tay.\n"

# Lĩnh vực, short names for the tables.
DD = "đất đai"
GP = "giải phóng mặt bằng - bồi thường - tái định cư"
MT = "môi trường - tài nguyên"
GT = "giao thông"
HT = "hạ tầng - điện, nước"
NN = "nông nghiệp - thủy lợi"
CS = "chế độ chính sách - an sinh xã hội"
YT = "y tế"
GD = "giáo dục"
AN = "an ninh trật tự"
TT = "thủ tục hành chính - dịch vụ công"
QH = "quy hoạch - đô thị - nhà ở"
KT = "kinh tế - đầu tư"
VH = "văn hóa - thông tin - tôn giáo"
XD = "xây dựng Đảng - chính quyền"
DL = "du lịch"  # linh_vuc_bo_sung of the units that need it
TL_ = "thiên tai - phòng chống lụt bão"

AT = "trả lời tại buổi"
TIEP = "xin tiếp thu"

QD11 = (
    "Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu cấp ủy trong "
    "việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, kiến nghị của dân"
)
LUAT_DAN_CHU = "Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022"
LUAT_CQDP = "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
LUAT_CQDP_2015 = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"

# --- units ---------------------------------------------------------------------------------------

UNITS = [
    {
        "loai_tep": "đơn vị",
        "ma_don_vi": "ubnd-phuong-hoa-xuan",
        "ten_co_quan": "ỦY BAN NHÂN DÂN PHƯỜNG HÒA XUÂN",
        "co_quan_chu_quan": "UBND THÀNH PHỐ ĐÀ NẴNG",
        "khoi": "Nhà nước",
        "cap": "xã",
        "ky_hieu": "UBND",
        "dia_danh": "Hòa Xuân",
        "ma_dinh_danh": "H17.05.21",
        "phong_luu_tru": {
            "ten_phong": "Ủy ban nhân dân phường Hòa Xuân",
            "lich_su": "Phường Hòa Xuân thuộc quận Cẩm Lệ đến ngày 30/6/2025; từ ngày 01/7/2025 sắp xếp với "
            "một phần phường Hòa Thọ Đông, trực thuộc thành phố Đà Nẵng.",
        },
        "the_thuc": "ND30",
        "nguoi_ky": {
            "chu_tich": {
                "chuc_vu": "CHỦ TỊCH",
                "quyen_han": "TM.",
                "thay_mat": "ỦY BAN NHÂN DÂN",
                "nguoi_giu": [
                    {"ho_ten": "Trần Văn Minh", "den_ngay": dt.date(2025, 6, 30)},
                    {"ho_ten": "Lê Thị Phổ", "tu_ngay": dt.date(2025, 7, 1)},
                ],
            },
            "pho_chu_tich": {
                "ho_ten": "Nguyễn Hữu Tình",
                "chuc_vu": "PHÓ CHỦ TỊCH",
                "quyen_han": "KT.",
                "thay_mat": "CHỦ TỊCH",
            },
        },
        "nguoi_ky_mac_dinh": "chu_tich",
        "linh_vuc_bo_sung": [DL, TL_],
    },
    {
        "loai_tep": "đơn vị",
        "ma_don_vi": "dang-uy-phuong-hoa-xuan",
        "ten_co_quan": "ĐẢNG ỦY PHƯỜNG HÒA XUÂN",
        "co_quan_chu_quan": "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG",
        "khoi": "Đảng",
        "cap": "xã",
        "ky_hieu": "ĐU",
        "dia_danh": "Hòa Xuân",
        "ma_dinh_danh": "H17.05.21.D",
        "phong_luu_tru": {
            "ten_phong": "Đảng bộ phường Hòa Xuân",
            "lich_su": "Đảng bộ phường Hòa Xuân trực thuộc Quận ủy Cẩm Lệ đến ngày 30/6/2025, từ ngày "
            "01/7/2025 trực thuộc Đảng bộ thành phố Đà Nẵng.",
        },
        "the_thuc": "HD36",
        "nguoi_ky": {
            "bi_thu": {
                "chuc_vu": "BÍ THƯ",
                "quyen_han": "T/M",
                "thay_mat": "BAN THƯỜNG VỤ",
                "nguoi_giu": [
                    {"ho_ten": "Đặng Công Ngữ", "den_ngay": dt.date(2025, 6, 30)},
                    {"ho_ten": "Nguyễn Thị Kim Phượng", "tu_ngay": dt.date(2025, 7, 1)},
                ],
            },
            "pho_bi_thu": {
                "ho_ten": "Trương Quang Vũ",
                "chuc_vu": "PHÓ BÍ THƯ",
                "quyen_han": "K/T",
                "thay_mat": "BÍ THƯ",
            },
            "chanh_van_phong": {
                "ho_ten": "Hồ Thị Diệu",
                "chuc_vu": "CHÁNH VĂN PHÒNG",
                "quyen_han": "T/L",
                "thay_mat": "BAN THƯỜNG VỤ",
            },
        },
        "nguoi_ky_mac_dinh": "bi_thu",
        "linh_vuc_bo_sung": [DL],
    },
    {
        "loai_tep": "đơn vị",
        "ma_don_vi": "ubnd-xa-phong-nha",
        "ten_co_quan": "ỦY BAN NHÂN DÂN XÃ PHONG NHA",
        "co_quan_chu_quan": "UBND TỈNH QUẢNG TRỊ",
        "khoi": "Nhà nước",
        "cap": "xã",
        "ky_hieu": "UBND",
        "dia_danh": "Phong Nha",
        "ma_dinh_danh": "H45.30.07",
        "phong_luu_tru": {
            "ten_phong": "Ủy ban nhân dân xã Phong Nha",
            "lich_su": "Thành lập ngày 01/7/2025 trên cơ sở sắp xếp thị trấn Phong Nha, xã Sơn Trạch, xã Hưng "
            "Trạch và xã Phúc Trạch (huyện Bố Trạch, tỉnh Quảng Bình cũ).",
        },
        "the_thuc": "ND30",
        "nguoi_ky": {
            "chu_tich": {
                "ho_ten": "Trần Đình Huấn",
                "tu_ngay": dt.date(2025, 7, 1),
                "chuc_vu": "CHỦ TỊCH",
                "quyen_han": "TM.",
                "thay_mat": "ỦY BAN NHÂN DÂN",
            },
            "pho_chu_tich": {
                "ho_ten": "Hoàng Thị Lài",
                "tu_ngay": dt.date(2025, 7, 1),
                "chuc_vu": "PHÓ CHỦ TỊCH",
                "quyen_han": "KT.",
                "thay_mat": "CHỦ TỊCH",
            },
        },
        "nguoi_ky_mac_dinh": "chu_tich",
        "linh_vuc_bo_sung": [DL, TL_],
    },
    {
        "loai_tep": "đơn vị",
        "ma_don_vi": "ubnd-xa-tan-lap",
        "ten_co_quan": "ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
        "co_quan_chu_quan": "UBND TỈNH ĐỒNG NAI",
        "khoi": "Nhà nước",
        "cap": "xã",
        "ky_hieu": "UBND",
        "dia_danh": "Tân Lập",
        "ma_dinh_danh": "H39.12.04",
        "phong_luu_tru": {
            "ten_phong": "Ủy ban nhân dân xã Tân Lập",
            "lich_su": "Xã Tân Lập thuộc huyện Đồng Phú, tỉnh Bình Phước đến ngày 30/6/2025; từ ngày 01/7/2025 "
            "sắp xếp với xã Tân Hòa, trực thuộc tỉnh Đồng Nai.",
        },
        "the_thuc": "ND30",
        "nguoi_ky": {
            "chu_tich": {
                "chuc_vu": "CHỦ TỊCH",
                "quyen_han": "TM.",
                "thay_mat": "ỦY BAN NHÂN DÂN",
                "nguoi_giu": [
                    {"ho_ten": "Lâm Văn Sáu", "den_ngay": dt.date(2025, 6, 30)},
                    {"ho_ten": "Điểu Thị Hồng", "tu_ngay": dt.date(2025, 7, 1)},
                ],
            },
            "pho_chu_tich": {
                "ho_ten": "Nguyễn Quốc Toản",
                "chuc_vu": "PHÓ CHỦ TỊCH",
                "quyen_han": "KT.",
                "thay_mat": "CHỦ TỊCH",
            },
        },
        "nguoi_ky_mac_dinh": "chu_tich",
    },
    {
        "loai_tep": "đơn vị",
        "ma_don_vi": "dang-uy-xa-tan-lap",
        "ten_co_quan": "ĐẢNG ỦY XÃ TÂN LẬP",
        "co_quan_chu_quan": "ĐẢNG BỘ TỈNH ĐỒNG NAI",
        "khoi": "Đảng",
        "cap": "xã",
        "ky_hieu": "ĐU",
        "dia_danh": "Tân Lập",
        "ma_dinh_danh": "H39.12.04.D",
        "phong_luu_tru": {
            "ten_phong": "Đảng bộ xã Tân Lập",
            "lich_su": "Thành lập ngày 01/7/2025 trên cơ sở hợp nhất Đảng bộ xã Tân Lập và Đảng bộ xã Tân Hòa "
            "(huyện Đồng Phú cũ); trực thuộc Đảng bộ tỉnh Đồng Nai.",
        },
        "the_thuc": "HD36",
        "nguoi_ky": {
            "bi_thu": {
                "ho_ten": "Hà Văn Phổ",
                "tu_ngay": dt.date(2025, 7, 1),
                "chuc_vu": "BÍ THƯ",
                "quyen_han": "T/M",
                "thay_mat": "BAN THƯỜNG VỤ",
            },
            "pho_bi_thu": {
                "ho_ten": "Điểu Thị Hồng",
                "tu_ngay": dt.date(2025, 7, 1),
                "chuc_vu": "PHÓ BÍ THƯ",
                "quyen_han": "K/T",
                "thay_mat": "BÍ THƯ",
            },
            "chanh_van_phong": {
                "ho_ten": "Thị Ngọc Bích",
                "tu_ngay": dt.date(2025, 7, 1),
                "chuc_vu": "CHÁNH VĂN PHÒNG",
                "quyen_han": "T/L",
                "thay_mat": "BAN THƯỜNG VỤ",
            },
        },
        "nguoi_ky_mac_dinh": "bi_thu",
        "linh_vuc_bo_sung": [TL_],
    },
]
PARTY = {u["ma_don_vi"] for u in UNITS if u["khoi"] == "Đảng"}
UNIT_NAME = {
    "ubnd-phuong-hoa-xuan": "phường Hòa Xuân",
    "dang-uy-phuong-hoa-xuan": "phường Hòa Xuân",
    "ubnd-xa-phong-nha": "xã Phong Nha",
    "ubnd-xa-tan-lap": "xã Tân Lập",
    "dang-uy-xa-tan-lap": "xã Tân Lập",
}
FOLDER_PREFIX = {
    "ubnd-phuong-hoa-xuan": "VP",
    "dang-uy-phuong-hoa-xuan": "VPĐU",
    "ubnd-xa-phong-nha": "VP",
    "ubnd-xa-tan-lap": "VP",
    "dang-uy-xa-tan-lap": "VPĐU",
}
CLERK = {
    "ubnd-phuong-hoa-xuan": ("Võ Thị Thanh Xuân", "Công chức Văn phòng - Thống kê"),
    "dang-uy-phuong-hoa-xuan": ("Lưu Thị Ngọc Hân", "Chuyên viên Văn phòng Đảng ủy phường"),
    "ubnd-xa-phong-nha": ("Đoàn Thị Mỹ Linh", "Chuyên viên Văn phòng HĐND và UBND xã"),
    "ubnd-xa-tan-lap": ("Phạm Thị Thu Trang", "Công chức Văn phòng - Thống kê"),
    "dang-uy-xa-tan-lap": ("Vũ Thị Hải Yến", "Chuyên viên Văn phòng Đảng ủy xã"),
}

# --- annual plans: (unit, year, số, ngày, người ký, trích yếu, căn cứ, planned sessions) --------------------

PLANS = [
    (
        "ubnd-phuong-hoa-xuan",
        2024,
        14,
        dt.date(2024, 1, 22),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2024",
        [LUAT_CQDP_2015, LUAT_DAN_CHU],
        [
            (5, "Đối thoại định kỳ 6 tháng đầu năm về những vấn đề Nhân dân quan tâm"),
            (12, "Đối thoại định kỳ cuối năm"),
        ],
    ),
    (
        "ubnd-phuong-hoa-xuan",
        2025,
        9,
        dt.date(2025, 1, 16),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2025",
        [LUAT_CQDP_2015, LUAT_DAN_CHU],
        [(3, "Đối thoại định kỳ quý I"), (11, "Đối thoại định kỳ cuối năm")],
    ),
    (
        "ubnd-phuong-hoa-xuan",
        2026,
        6,
        dt.date(2026, 1, 12),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2026",
        [LUAT_CQDP, LUAT_DAN_CHU],
        [(6, "Đối thoại định kỳ 6 tháng đầu năm"), (9, "Đối thoại định kỳ quý III")],
    ),
    (
        "dang-uy-phuong-hoa-xuan",
        2025,
        21,
        dt.date(2025, 2, 10),
        "bi_thu",
        "Tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy phường với Nhân dân năm 2025",
        [QD11, "Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng"],
        [(6, "Bí thư Đảng ủy phường đối thoại với Nhân dân"), (12, "Bí thư Đảng ủy phường đối thoại với Nhân dân")],
    ),
    (
        "dang-uy-phuong-hoa-xuan",
        2026,
        34,
        dt.date(2026, 1, 20),
        "bi_thu",
        "Tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy phường với Nhân dân năm 2026",
        [QD11, "Nghị quyết Đại hội đại biểu Đảng bộ phường Hòa Xuân lần thứ I, nhiệm kỳ 2025 - 2030"],
        [(5, "Bí thư Đảng ủy phường đối thoại với Nhân dân"), (10, "Bí thư Đảng ủy phường đối thoại với Nhân dân")],
    ),
    (
        "ubnd-xa-phong-nha",
        2025,
        3,
        dt.date(2025, 7, 25),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2025",
        [LUAT_CQDP, LUAT_DAN_CHU],
        [(8, "Đối thoại định kỳ về phát triển kinh tế, du lịch sau sắp xếp")],
    ),
    (
        "ubnd-xa-phong-nha",
        2026,
        5,
        dt.date(2026, 1, 14),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026",
        [LUAT_CQDP, LUAT_DAN_CHU],
        [(3, "Đối thoại định kỳ quý I"), (7, "Đối thoại định kỳ quý III"), (10, "Đối thoại định kỳ cuối năm")],
    ),
    (
        "ubnd-xa-tan-lap",
        2024,
        11,
        dt.date(2024, 1, 29),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2024",
        [LUAT_CQDP_2015, LUAT_DAN_CHU],
        [(4, "Đối thoại định kỳ lần 1"), (9, "Đối thoại định kỳ lần 2")],
    ),
    (
        "ubnd-xa-tan-lap",
        2026,
        8,
        dt.date(2026, 1, 19),
        "chu_tich",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026",
        [LUAT_CQDP, LUAT_DAN_CHU],
        [(8, "Đối thoại định kỳ năm 2026")],
    ),
    (
        "dang-uy-xa-tan-lap",
        2025,
        4,
        dt.date(2025, 8, 20),
        "bi_thu",
        "Tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy xã với Nhân dân năm 2025",
        [QD11],
        [(10, "Bí thư Đảng ủy xã đối thoại với Nhân dân")],
    ),
    (
        "dang-uy-xa-tan-lap",
        2026,
        12,
        dt.date(2026, 1, 23),
        "bi_thu",
        "Tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy xã với Nhân dân năm 2026",
        [QD11],
        [(3, "Bí thư Đảng ủy xã đối thoại với Nhân dân"), (9, "Bí thư Đảng ủy xã đối thoại với Nhân dân")],
    ),
]


def P(who, address, field, content, form, answerer, answer, agency=None, days=None):
    """One petition row: (người nêu, địa chỉ, lĩnh vực, nội dung, hình thức trả lời, người trả lời, trả lời,
    cơ quan giải quyết, hạn tính bằng số ngày sau buổi)."""
    return {
        "who": who,
        "address": address,
        "field": field,
        "content": content,
        "form": form,
        "answerer": answerer,
        "answer": answer,
        "agency": agency,
        "days": days,
    }


# --- sessions --------------------------------------------------------------------------------------
# Each: ma, unit, folder slug, date, times, place, form, topic, chairs, invited, attendance, report,
# petitions, conclusion, numbers (giấy mời, báo cáo dư luận, báo cáo kết quả or None, thông báo kết luận),
# short (what the trích yếu of a đột xuất/chuyên đề session says), restricted.

S = []


def session(**kw):
    S.append(kw)


HX_CHU_TICH_CU = ("Trần Văn Minh", "Chủ tịch UBND phường")
HX_CHU_TICH = ("Lê Thị Phổ", "Chủ tịch UBND phường")
HX_MTTQ = ("Phan Thị Hoa", "Chủ tịch Ủy ban MTTQ Việt Nam phường")
HX_PCT = "Ông Nguyễn Hữu Tình, Phó Chủ tịch UBND phường"

session(
    ma="HX-2024-01",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2024, 5, 16),
    gio=("08:00", "11:00"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về tình trạng ngập úng, thoát nước tại các khu dân cư phía Nam phường",
    chairs=[HX_CHU_TICH_CU, HX_MTTQ],
    invited=[
        "Đại diện Ban Quản lý dự án đầu tư xây dựng các công trình giao thông thành phố",
        "Đại diện Công ty Thoát nước và Xử lý nước thải Đà Nẵng",
        "Tổ trưởng, Bí thư chi bộ 38 tổ dân phố",
    ],
    people=(21, 148),
    report="""Mùa mưa năm 2023, các khu dân cư Nam Hòa Xuân, Cẩm Nam và Bình Thái bị ngập úng nhiều đợt, có nơi
nước ngập sâu 0,5 - 0,8 m, kéo dài nhiều giờ; nguyên nhân chính là hệ thống thoát nước chưa đồng bộ, cống
hộp dưới đường Trần Nam Trung chưa được nối ra sông Cẩm Lệ, các dự án san nền làm chắn dòng chảy tự nhiên.
Người dân lo lắng mùa mưa năm 2024 tiếp tục ngập úng.""",
    petitions=[
        P(
            "Ông Ngô Văn Lượng",
            "tổ 12, tổ dân phố Cẩm Nam",
            HT,
            "Mỗi lần mưa lớn, kiệt 45 Trần Nam Trung ngập úng đến đầu gối, nước tràn vào nhà. Đề nghị sớm đầu tư "
            "tuyến cống thoát nước kiệt 45 nối ra cống chính trên đường Trần Nam Trung.",
            TIEP,
            HX_PCT,
            "Xin tiếp thu; giao Phòng Quản lý đô thị khảo sát, lập hồ sơ đề xuất vốn duy tu năm 2024.",
            "Phòng Quản lý đô thị phường Hòa Xuân",
            75,
        ),
        P(
            "Bà Đinh Thị Sen",
            "tổ dân phố Bình Thái",
            HT,
            "Mương thoát nước dọc khu dân cư Bình Thái bị rác và đất đá bồi lấp, bốc mùi hôi. Đề nghị nạo vét "
            "trước mùa mưa bão.",
            AT,
            HX_PCT,
            "Phường đã bố trí kinh phí nạo vét 1,2 km mương thoát nước Bình Thái, thi công xong trước ngày 30/8/2024.",
        ),
        P(
            "Ông Trương Công Hiếu",
            "tổ dân phố Trung Lương",
            QH,
            "Các dự án san nền khu đô thị mới cao hơn khu dân cư cũ gần 1 m, nước mưa dồn về khu dân cư. Đề nghị "
            "buộc chủ đầu tư làm mương tạm để thoát nước.",
            TIEP,
            "Ông Trần Văn Minh, Chủ tịch UBND phường",
            "Xin tiếp thu; phường có văn bản đề nghị Sở Xây dựng yêu cầu chủ đầu tư bảo đảm tiêu thoát nước.",
            "UBND phường Hòa Xuân",
            45,
        ),
    ],
    conclusion="Giao Phòng Quản lý đô thị tổng hợp các điểm ngập úng, báo cáo thành phố trước mùa mưa bão 2024.",
    numbers=(52, 61, None, 70),
    short="ngập úng, thoát nước khu dân cư phía Nam",
)

session(
    ma="HX-2024-02",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-chuyen-de-gpmb-vanh-dai-phia-nam",
    ngay=dt.date(2024, 10, 24),
    gio=("14:00", "17:00"),
    place="Nhà văn hóa tổ dân phố Khuê Đông, phường Hòa Xuân",
    form="chuyên đề",
    topic="Đối thoại với các hộ dân bị thu hồi đất Dự án đường Vành đai phía Nam, đoạn qua phường Hòa Xuân",
    chairs=[HX_CHU_TICH_CU],
    invited=[
        "Đại diện Trung tâm Phát triển quỹ đất thành phố Đà Nẵng",
        "Đại diện Ban Quản lý dự án đầu tư xây dựng các công trình giao thông thành phố",
        "Các hộ gia đình có đất bị thu hồi (46 hộ)",
    ],
    people=(18, 52),
    report="""Dự án thu hồi 8,6 ha đất của 46 hộ; đã chi trả tiền bồi thường cho 31 hộ. Các hộ còn lại chưa đồng
thuận với đơn giá bồi thường đất nông nghiệp và vị trí bố trí tái định cư tại Khu tái định cư Hòa Xuân mở rộng.""",
    petitions=[
        P(
            "Ông Lê Văn Thuận",
            "tổ dân phố Khuê Đông",
            GP,
            "Đơn giá bồi thường đất trồng lúa 62.000 đồng/m² quá thấp so với giá chuyển nhượng thực tế. Đề nghị "
            "áp dụng giá đất cụ thể sát giá thị trường.",
            TIEP,
            "Đại diện Trung tâm Phát triển quỹ đất thành phố",
            "Xin tiếp thu, báo cáo UBND thành phố xem xét giá đất cụ thể tính bồi thường.",
            "Trung tâm Phát triển quỹ đất thành phố Đà Nẵng",
            60,
        ),
        P(
            "Bà Nguyễn Thị Hòe",
            "tổ dân phố Khuê Đông",
            GP,
            "Gia đình bị thu hồi hết đất ở, đề nghị được bố trí lô tái định cư mặt tiền đường 7,5 m và được nhận "
            "đất tái định cư trước khi tháo dỡ nhà.",
            AT,
            "Ông Trần Văn Minh, Chủ tịch UBND phường",
            "Các hộ bị thu hồi hết đất ở được bốc thăm lô tái định cư công khai; chỉ tháo dỡ nhà sau khi giao đất "
            "tái định cư.",
        ),
        P(
            "Ông Phạm Bá Lộc",
            "tổ dân phố Trung Lương",
            GP,
            "Mồ mả trong khu vực giải tỏa chưa có chỗ cải táng, đề nghị bố trí đất nghĩa trang và hỗ trợ di dời mộ.",
            TIEP,
            HX_PCT,
            "Xin tiếp thu; đề nghị Trung tâm Phát triển quỹ đất bố trí đất tại nghĩa trang Hòa Nhơn.",
            "UBND phường Hòa Xuân",
            30,
        ),
    ],
    conclusion="Đề nghị Trung tâm Phát triển quỹ đất công khai phương án bồi thường, hỗ trợ, tái định cư tại nhà "
    "văn hóa tổ dân phố Khuê Đông.",
    numbers=(118, 127, 129, 141),
    short="bồi thường, giải phóng mặt bằng Dự án đường Vành đai phía Nam",
)

session(
    ma="HX-2024-03",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2024, 12, 12),
    gio=("08:00", "10:45"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về quản lý chợ Hòa Xuân, an toàn thực phẩm và chiếu sáng đô thị",
    chairs=[HX_CHU_TICH_CU, HX_MTTQ],
    invited=["Đại diện Ban Quản lý chợ Hòa Xuân", "Đại diện Điện lực Cẩm Lệ", "Tiểu thương chợ Hòa Xuân"],
    people=(17, 96),
    report="""Chợ Hòa Xuân xây dựng từ năm 2008, mái tôn dột, lối đi chật, nhiều tiểu thương bày hàng lấn ra đường.
Một số tuyến kiệt ở tổ dân phố Nam Thành chưa có điện chiếu sáng công cộng.""",
    petitions=[
        P(
            "Bà Huỳnh Thị Thu",
            "tổ dân phố Nam Thành",
            KT,
            "Mái chợ Hòa Xuân dột nát, mỗi lần mưa hàng hóa ướt hết. Đề nghị sửa chữa, nâng cấp chợ và giảm phí "
            "thuê ki-ốt trong thời gian sửa.",
            TIEP,
            HX_PCT,
            "Xin tiếp thu; giao Ban Quản lý chợ lập dự toán sửa mái chợ bằng nguồn thu của chợ.",
            "Ban Quản lý chợ Hòa Xuân",
            60,
        ),
        P(
            "Ông Lý Văn Tâm",
            "tổ dân phố Nam Thành",
            HT,
            "Kiệt 112 Nguyễn Phước Lan dài gần 300 m chưa có đèn đường, tối không an toàn. Đề nghị lắp "
            "điện chiếu sáng.",
            AT,
            "Đại diện Điện lực Cẩm Lệ",
            "Điện lực phối hợp phường lắp 9 bộ đèn LED trên cột điện hiện có, xong trước Tết Nguyên đán.",
        ),
        P(
            "Bà Trần Thị Xuân Mai",
            "tổ dân phố Cẩm Nam",
            YT,
            "Nhiều hàng thịt, cá ở chợ không rõ nguồn gốc, không có tủ mát. Đề nghị kiểm tra an toàn thực phẩm.",
            AT,
            "Ông Trần Văn Minh, Chủ tịch UBND phường",
            "Phường thành lập đoàn kiểm tra liên ngành an toàn thực phẩm tại chợ trong tháng 12/2024.",
        ),
    ],
    conclusion="Giao Ban Quản lý chợ sắp xếp lại khu bán hàng tươi sống, không để lấn chiếm lòng đường.",
    numbers=(150, 158, 160, 171),
)

session(
    ma="HX-2025-01",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 3, 20),
    gio=("08:00", "11:00"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về cấp giấy chứng nhận quyền sử dụng đất cho các hộ tái định cư và đất ở xen cư",
    chairs=[HX_CHU_TICH_CU, HX_MTTQ],
    invited=[
        "Đại diện Chi nhánh Văn phòng đăng ký đất đai quận Cẩm Lệ",
        "Đại diện Phòng Tài nguyên và Môi trường quận",
    ],
    people=(19, 131),
    report="""Trên địa bàn còn 412 hộ tái định cư chưa được cấp giấy chứng nhận quyền sử dụng đất (sổ đỏ), chủ yếu
ở Khu tái định cư Hòa Xuân mở rộng, do vướng nợ tiền sử dụng đất và chưa hoàn thành nghiệm thu hạ tầng.""",
    petitions=[
        P(
            "Ông Đỗ Quang Vinh",
            "tổ dân phố Bình Thái",
            DD,
            "Gia đình nhận lô tái định cư từ năm 2016, đã nộp đủ tiền nhưng đến nay chưa được cấp sổ đỏ. Đề nghị "
            "cho biết lý do và thời gian cấp giấy chứng nhận.",
            TIEP,
            "Đại diện Chi nhánh Văn phòng đăng ký đất đai quận Cẩm Lệ",
            "Xin tiếp thu; kiểm tra hồ sơ, trả lời bằng văn bản trong 30 ngày.",
            "Chi nhánh Văn phòng đăng ký đất đai quận Cẩm Lệ",
            30,
        ),
        P(
            "Bà Võ Thị Hạnh",
            "tổ dân phố Trung Lương",
            DD,
            "Thửa đất xen cư của gia đình sử dụng ổn định từ năm 1990, không tranh chấp nhưng hồ sơ cấp giấy chứng "
            "nhận lần đầu bị trả lại hai lần. Đề nghị hướng dẫn một lần đầy đủ.",
            AT,
            HX_PCT,
            "Công chức địa chính phường sẽ đến tận nhà hướng dẫn hoàn thiện hồ sơ trong tuần sau.",
        ),
        P(
            "Ông Hà Thúc Bảo",
            "tổ dân phố Cẩm Nam",
            TT,
            "Thủ tục đăng ký biến động đất đai phải đi lại nhiều lần giữa phường và quận. Đề nghị tiếp nhận tại "
            "bộ phận một cửa phường.",
            AT,
            "Ông Trần Văn Minh, Chủ tịch UBND phường",
            "Từ tháng 4/2025 bộ phận một cửa phường tiếp nhận và trả kết quả hồ sơ đất đai.",
        ),
    ],
    conclusion="Giao công chức địa chính lập danh sách các hộ tái định cư chưa được cấp giấy chứng nhận, phân loại "
    "nguyên nhân, báo cáo trước ngày 30/4/2025.",
    numbers=(31, 38, 40, 46),
)

session(
    ma="HX-2025-02",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dot-xuat-ngap-sau-mua-lon",
    ngay=dt.date(2025, 8, 14),
    gio=("15:00", "17:30"),
    place="Nhà văn hóa tổ dân phố Nam Thành, phường Hòa Xuân",
    form="đột xuất",
    topic="Đối thoại với Nhân dân khu dân cư Nam Thành về tình trạng ngập sâu sau trận mưa lớn đêm 10/8/2025",
    chairs=[HX_CHU_TICH],
    invited=["Đại diện Công ty Thoát nước và Xử lý nước thải Đà Nẵng", "Tổ trưởng tổ dân phố Nam Thành"],
    people=(12, 74),
    report="""Đêm 10/8/2025 mưa lớn 180 mm trong 3 giờ, hơn 200 nhà ở khu dân cư Nam Thành bị nước vào nhà, có nơi
ngập sâu 0,7 m. Nước không thoát kịp vì cửa xả ra sông bị bồi lấp và trạm bơm tạm chưa vận hành.""",
    petitions=[
        P(
            "Ông Lương Văn Đức",
            "tổ 5, tổ dân phố Nam Thành",
            HT,
            "Cửa xả cuối tuyến cống đường Nguyễn Phước Lan bị cát lấp, nước không chảy ra sông được. Đề nghị nạo "
            "vét ngay và lắp cửa phai chống nước sông chảy ngược.",
            AT,
            "Đại diện Công ty Thoát nước và Xử lý nước thải Đà Nẵng",
            "Công ty đã cho máy nạo vét cửa xả từ ngày 12/8 và sẽ lắp cửa phai trong tháng 9/2025.",
        ),
        P(
            "Bà Cao Thị Lan",
            "tổ dân phố Nam Thành",
            CS,
            "Nhiều hộ bị hư hỏng đồ đạc, xe máy do nước vào nhà. Đề nghị hỗ trợ các hộ khó khăn.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu; giao tổ dân phố rà soát thiệt hại để vận động Quỹ Vì người nghèo hỗ trợ.",
            "UBND phường Hòa Xuân",
            30,
        ),
        P(
            "Ông Mai Xuân Trường",
            "tổ dân phố Nam Thành",
            QH,
            "Đề nghị thành phố sớm đầu tư trạm bơm cố định và hồ điều hòa cho khu dân cư Nam Thành.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu, có văn bản kiến nghị thành phố đưa trạm bơm vào kế hoạch đầu tư công.",
            "UBND phường Hòa Xuân",
            60,
        ),
    ],
    conclusion="Yêu cầu vận hành trạm bơm tạm 24/24 giờ trong mùa mưa; phân công cán bộ trực tại các điểm trũng.",
    numbers=(97, 103, 105, 112),
    short="tình trạng ngập sâu tại khu dân cư Nam Thành",
)

session(
    ma="HX-2025-03",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 11, 27),
    gio=("08:00", "11:15"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về khắc phục hậu quả mưa lũ, tiêu thoát nước và cấp điện sau bão",
    chairs=[HX_CHU_TICH, HX_MTTQ],
    invited=["Đại diện Điện lực Cẩm Lệ", "Đại diện Ban Chỉ huy phòng thủ dân sự phường"],
    people=(24, 160),
    report="""Bão và mưa lũ cuối tháng 10/2025 làm úng nhiều tuyến đường thấp trũng, hơn 300 cây xanh bị gãy đổ,
nhiều khu vực mất điện trên 48 giờ. Dư luận phản ánh việc khôi phục cấp điện và thu dọn cây gãy chậm.""",
    petitions=[
        P(
            "Ông Nguyễn Văn Bốn",
            "tổ dân phố Bình Thái",
            HT,
            "Khu dân cư Bình Thái mất điện gần ba ngày sau bão, tủ lạnh, máy bơm đều ngừng. Đề nghị Điện lực có "
            "phương án cấp điện dự phòng.",
            AT,
            "Đại diện Điện lực Cẩm Lệ",
            "Điện lực bổ sung máy phát di động và phân vùng lưới điện để rút ngắn thời gian mất điện.",
        ),
        P(
            "Bà Phạm Thị Nguyệt",
            "tổ dân phố Khuê Đông",
            TL_,
            "Đường Lê Quang Đạo bị úng nước kéo dài hai ngày sau lũ, các cống tiêu bị rác bịt kín. Đề nghị khơi "
            "thông cống tiêu trước mỗi đợt mưa.",
            TIEP,
            HX_PCT,
            "Xin tiếp thu; giao Phòng Quản lý đô thị lập kế hoạch khơi thông cống tiêu định kỳ.",
            "Phòng Quản lý đô thị phường Hòa Xuân",
            45,
        ),
        P(
            "Ông Đoàn Minh Khoa",
            "tổ dân phố Cẩm Nam",
            MT,
            "Cây xanh gãy đổ vẫn nằm trên vỉa hè tuyến Trần Nam Trung sau hai tuần. Đề nghị thu dọn.",
            AT,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Phường đã huy động lực lượng, thu dọn xong cây gãy trên các tuyến chính trước ngày 05/12/2025.",
        ),
    ],
    conclusion="Chủ tịch UBND phường yêu cầu rà soát phương án phòng chống thiên tai, bố trí lực lượng ứng trực "
    "tại các điểm úng, ngập.",
    numbers=(162, 170, 172, 181),
)

session(
    ma="HX-2026-01",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-chuyen-de-tai-dinh-cu-ven-song-co-co",
    ngay=dt.date(2026, 4, 9),
    gio=("14:00", "17:00"),
    place="Nhà văn hóa tổ dân phố Trung Lương, phường Hòa Xuân",
    form="chuyên đề",
    topic="Đối thoại với các hộ dân bị ảnh hưởng Dự án kè và đường ven sông Cổ Cò về bồi thường, tái định cư",
    chairs=[HX_CHU_TICH],
    invited=["Đại diện Trung tâm Phát triển quỹ đất thành phố Đà Nẵng", "Các hộ có đất bị thu hồi (58 hộ)"],
    people=(16, 58),
    report="""Dự án thu hồi đất của 58 hộ; bảng tính bồi thường từng hộ đang được niêm yết. Một số hộ chưa đồng ý
với diện tích đo đạc và đề nghị được tái định cư tại chỗ.""",
    petitions=[
        P(
            "Ông Trịnh Văn Hải",
            "tổ dân phố Trung Lương",
            GP,
            "Diện tích đo đạc thu hồi ít hơn giấy chứng nhận 14 m². Đề nghị đo đạc lại có mặt chủ hộ.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu; tổ chức đo đạc lại có mặt chủ hộ và tổ dân phố.",
            "Trung tâm Phát triển quỹ đất thành phố Đà Nẵng",
            30,
        ),
        P(
            "Bà Lê Thị Hường",
            "tổ dân phố Trung Lương",
            GP,
            "Đề nghị được tái định cư tại chỗ để tiếp tục buôn bán, không chuyển đến khu tái định cư xa.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu, báo cáo thành phố xem xét bố trí lô tái định cư gần khu dân cư cũ.",
            "UBND phường Hòa Xuân",
            45,
        ),
    ],
    conclusion="Bảng tính bồi thường từng hộ chỉ cung cấp cho hộ có tên; hồ sơ có chế độ sử dụng hạn chế.",
    numbers=(48, 55, 57, 63),
    short="bồi thường, tái định cư Dự án kè và đường ven sông Cổ Cò",
    restricted=True,
)

session(
    ma="HX-2026-02",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 6, 18),
    gio=("08:00", "11:00"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về phát triển du lịch ven sông Cổ Cò, trật tự đô thị và kinh doanh lưu trú",
    chairs=[HX_CHU_TICH, HX_MTTQ],
    invited=["Đại diện Sở Du lịch thành phố Đà Nẵng", "Chủ các cơ sở lưu trú, homestay trên địa bàn"],
    people=(20, 118),
    report="""Tuyến du lịch đường thủy sông Cổ Cò đi vào hoạt động thu hút đông khách, nhưng phát sinh tình trạng
đỗ xe lộn xộn, lấn chiếm vỉa hè, tiếng ồn từ các quán ăn ven sông về đêm.""",
    petitions=[
        P(
            "Ông Hoàng Văn Tư",
            "tổ dân phố Khuê Đông",
            DL,
            "Đề nghị phường quy hoạch bãi đỗ xe du lịch, không để xe khách đỗ chắn lối vào khu dân cư ven sông Cổ Cò.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu; giao Phòng Kinh tế khảo sát vị trí bãi đỗ xe tạm.",
            "Phòng Kinh tế phường Hòa Xuân",
            60,
        ),
        P(
            "Bà Lưu Thị Ngọc",
            "tổ dân phố Khuê Đông",
            TT,
            "Thủ tục đăng ký kinh doanh homestay còn rườm rà, phải xin nhiều loại giấy. Đề nghị hướng dẫn cụ thể.",
            AT,
            HX_PCT,
            "Bộ phận một cửa phường đã niêm yết quy trình và hướng dẫn trực tuyến đăng ký cơ sở lưu trú du lịch.",
        ),
        P(
            "Ông Châu Văn Phúc",
            "tổ dân phố Bình Thái",
            AN,
            "Quán nhậu ven sông mở nhạc lớn sau 23 giờ. Đề nghị xử lý tiếng ồn.",
            AT,
            "Đại úy Nguyễn Đình Lực, Phó Trưởng Công an phường",
            "Công an phường tăng cường tuần tra, xử phạt các cơ sở gây ồn sau 22 giờ.",
        ),
    ],
    conclusion="Giao Phòng Kinh tế phối hợp Sở Du lịch xây dựng phương án quản lý tuyến du lịch ven sông Cổ Cò.",
    numbers=(90, 97, 99, 106),
)

session(
    ma="HX-2026-03",
    unit="ubnd-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 9, 24),
    gio=("08:00", "11:00"),
    place="Hội trường UBND phường Hòa Xuân, tổ dân phố Cẩm Nam",
    form="định kỳ",
    topic="Đối thoại về trường lớp đầu năm học, bảo hiểm y tế học sinh và chính sách trợ cấp xã hội",
    chairs=[HX_CHU_TICH, HX_MTTQ],
    invited=["Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở", "Đại diện Bảo hiểm xã hội khu vực"],
    people=(22, 125),
    report="""Năm học 2026 - 2027, Trường Tiểu học Hòa Xuân có sĩ số bình quân 45 học sinh/lớp; phụ huynh phản ánh
các khoản thu đầu năm và việc mua bảo hiểm y tế học sinh bắt buộc.""",
    petitions=[
        P(
            "Bà Nguyễn Thị Thùy Dương",
            "tổ dân phố Bình Thái",
            GD,
            "Trường Tiểu học Hòa Xuân quá tải, lớp 45 em, con tôi phải học hai buổi ở hai điểm trường. Đề nghị "
            "sớm xây thêm phòng học.",
            TIEP,
            "Bà Lê Thị Phổ, Chủ tịch UBND phường",
            "Xin tiếp thu, kiến nghị thành phố đầu tư khối phòng học mới năm 2027.",
            "UBND phường Hòa Xuân",
            60,
        ),
        P(
            "Ông Trần Quốc Huy",
            "tổ dân phố Cẩm Nam",
            YT,
            "Gia đình có hai cháu đi học, phải mua bảo hiểm y tế học sinh trong khi đã có thẻ theo hộ gia đình. "
            "Đề nghị giải thích.",
            AT,
            "Đại diện Bảo hiểm xã hội khu vực",
            "Học sinh đã có thẻ bảo hiểm y tế theo hộ gia đình còn hạn thì không phải mua lại tại trường.",
        ),
        P(
            "Bà Phan Thị Tuyết",
            "tổ dân phố Trung Lương",
            CS,
            "Mẹ tôi 82 tuổi, hồ sơ hưởng trợ cấp xã hội hằng tháng nộp từ tháng 6 chưa được duyệt.",
            TIEP,
            HX_PCT,
            "Xin tiếp thu; kiểm tra, giải quyết trong tháng 10/2026.",
            "Phòng Văn hóa - Xã hội phường Hòa Xuân",
            30,
        ),
    ],
    conclusion="Yêu cầu các trường công khai các khoản thu; không thu trùng bảo hiểm y tế học sinh.",
    numbers=(150, 158, 160, 166),
)

# --- Đảng ủy phường Hòa Xuân ------------------------------------------------------------------------

DUHX_BT_CU = ("Đặng Công Ngữ", "Bí thư Đảng ủy phường")
DUHX_BT = ("Nguyễn Thị Kim Phượng", "Bí thư Đảng ủy phường")

session(
    ma="DUHX-2024-01",
    unit="dang-uy-phuong-hoa-xuan",
    slug="doi-thoai-gpmb-tai-dinh-cu",
    ngay=dt.date(2024, 7, 11),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy phường Hòa Xuân",
    form="định kỳ",
    topic="Bí thư Đảng ủy phường đối thoại với Nhân dân về giải phóng mặt bằng và bố trí tái định cư",
    chairs=[DUHX_BT_CU, ("Trần Văn Minh", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường")],
    invited=["Đại diện Ban Nội chính Thành ủy Đà Nẵng", "Bí thư các chi bộ tổ dân phố"],
    people=(30, 140),
    report="""Thực hiện Quy định 11- QĐi/TW của Bộ Chính trị, Ban Thường vụ Đảng ủy tổ chức buổi đối thoại. Nhân
dân còn nhiều băn khoăn về tiến độ giải phóng mặt bằng các dự án và việc bố trí đất tái định cư chậm.""",
    petitions=[
        P(
            "Ông Tôn Thất Hùng",
            "tổ dân phố Khuê Đông",
            GP,
            "Gia đình có quyết định thu hồi đất từ năm 2019 nhưng đến nay chưa được giao lô tái định cư, phải thuê "
            "nhà ở. Đề nghị Đảng ủy chỉ đạo giải quyết dứt điểm.",
            TIEP,
            "Ông Đặng Công Ngữ, Bí thư Đảng ủy phường",
            "Xin tiếp thu; giao UBND phường làm việc với Trung tâm Phát triển quỹ đất, báo cáo trong 30 ngày.",
            "UBND phường Hòa Xuân",
            30,
        ),
        P(
            "Bà Hồ Thị Lệ",
            "tổ dân phố Cẩm Nam",
            XD,
            "Đề nghị công khai số điện thoại cán bộ phụ trách giải phóng mặt bằng để dân liên hệ.",
            AT,
            "Ông Đặng Công Ngữ, Bí thư Đảng ủy phường",
            "Danh sách cán bộ phụ trách được niêm yết tại nhà văn hóa các tổ dân phố từ tháng 8/2024.",
        ),
    ],
    conclusion="Các chi bộ tổ dân phố nắm tình hình các hộ chưa nhận đất tái định cư, báo cáo Ban Thường vụ.",
    numbers=(22, 17, None, 28),
)

session(
    ma="DUHX-2025-01",
    unit="dang-uy-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 6, 5),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy phường Hòa Xuân",
    form="định kỳ",
    topic=(
        "Bí thư Đảng ủy phường đối thoại với Nhân dân về sắp xếp đơn vị hành chính và úng ngập đường Nguyễn Phước Lan"
    ),
    chairs=[DUHX_BT_CU, ("Trần Văn Minh", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường")],
    invited=["Bí thư các chi bộ tổ dân phố", "Đại diện Ủy ban MTTQ Việt Nam phường"],
    people=(28, 150),
    report="""Nhân dân đồng tình với chủ trương sắp xếp đơn vị hành chính, nhưng lo ngại thủ tục hành chính bị gián
đoạn. Tuyến đường Nguyễn Phước Lan thường xuyên úng ngập khi có mưa lớn.""",
    petitions=[
        P(
            "Ông Văn Công Thành",
            "tổ dân phố Nam Thành",
            HT,
            "Đường Nguyễn Phước Lan mỗi lần mưa là úng ngập, học sinh phải lội nước đi học. Đề nghị chỉ đạo nâng "
            "cốt đường và làm cống.",
            TIEP,
            "Ông Trần Văn Minh, Phó Bí thư Đảng ủy, Chủ tịch UBND phường",
            "Xin tiếp thu; UBND phường đề xuất thành phố đầu tư nâng cấp tuyến đường.",
            "UBND phường Hòa Xuân",
            90,
        ),
        P(
            "Bà Tạ Thị Kim",
            "tổ dân phố Cẩm Nam",
            TT,
            "Sau sắp xếp, hồ sơ đang giải quyết dở có bị trả lại không? Đề nghị bảo đảm không gián đoạn.",
            AT,
            "Ông Đặng Công Ngữ, Bí thư Đảng ủy phường",
            "Hồ sơ đang giải quyết được bàn giao nguyên trạng cho phường mới, không yêu cầu nộp lại.",
        ),
    ],
    conclusion="Đảng ủy chỉ đạo bảo đảm hoạt động liên tục, không gián đoạn phục vụ Nhân dân khi sắp xếp.",
    numbers=(41, 29, 31, 47),
)

session(
    ma="DUHX-2025-02",
    unit="dang-uy-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 12, 11),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy phường Hòa Xuân",
    form="định kỳ",
    topic="Bí thư Đảng ủy phường đối thoại với đoàn viên, thanh niên và Nhân dân về môi trường, rác thải đô thị",
    chairs=[DUHX_BT, ("Lê Thị Phổ", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường")],
    invited=["Đại diện Công ty Môi trường đô thị Đà Nẵng", "Bí thư Đoàn phường và các chi đoàn"],
    people=(26, 112),
    report="""Trạm trung chuyển rác Hòa Xuân quá tải, phát sinh mùi hôi, nước rỉ rác chảy ra mương thoát nước thải
của khu dân cư. Thanh niên đề xuất phân loại rác tại nguồn.""",
    petitions=[
        P(
            "Anh Lê Minh Nhật",
            "tổ dân phố Bình Thái",
            MT,
            "Nước rỉ rác từ trạm trung chuyển chảy vào mương thoát nước thải, bốc mùi nặng. Đề nghị di dời trạm "
            "hoặc xây hệ thống thu gom nước rỉ rác.",
            TIEP,
            "Bà Lê Thị Phổ, Phó Bí thư Đảng ủy, Chủ tịch UBND phường",
            "Xin tiếp thu; đề nghị Công ty Môi trường đô thị cải tạo hố thu nước rỉ rác.",
            "UBND phường Hòa Xuân",
            60,
        ),
        P(
            "Chị Ngô Thị Thảo",
            "tổ dân phố Khuê Đông",
            MT,
            "Đề nghị Đoàn phường phát động phân loại rác tại nguồn, hỗ trợ thùng rác hai ngăn cho các hộ.",
            AT,
            "Bà Nguyễn Thị Kim Phượng, Bí thư Đảng ủy phường",
            "Đảng ủy giao Đoàn phường triển khai mô hình phân loại rác tại 5 tổ dân phố từ tháng 1/2026.",
        ),
    ],
    conclusion="Giao UBND phường kiểm tra trạm trung chuyển rác; Đoàn phường nhân rộng mô hình phân loại rác.",
    numbers=(66, 52, 54, 71),
)

session(
    ma="DUHX-2026-01",
    unit="dang-uy-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 5, 14),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy phường Hòa Xuân",
    form="định kỳ",
    topic="Bí thư Đảng ủy phường đối thoại với Nhân dân về an ninh trật tự, quản lý nhà cho thuê trọ và du lịch",
    chairs=[DUHX_BT],
    invited=["Trưởng Công an phường", "Chủ các nhà trọ trên địa bàn"],
    people=(25, 104),
    report="""Số người thuê trọ tăng nhanh; xảy ra một số vụ trộm cắp xe máy ở khu nhà trọ tổ dân phố Trung Lương.
Nhân dân đề nghị quản lý chặt người tạm trú, bảo đảm an ninh cho khách du lịch.""",
    petitions=[
        P(
            "Ông Tạ Văn Bình",
            "tổ dân phố Trung Lương",
            AN,
            "Khu nhà trọ Trung Lương xảy ra 3 vụ mất trộm xe máy trong tháng 4. Đề nghị lắp camera an ninh.",
            TIEP,
            "Bà Nguyễn Thị Kim Phượng, Bí thư Đảng ủy phường",
            "Xin tiếp thu; giao Công an phường vận động lắp camera an ninh theo mô hình Camera vì an ninh trật tự.",
            "Công an phường Hòa Xuân",
            45,
        ),
        P(
            "Bà Dương Thị Hoa",
            "tổ dân phố Cẩm Nam",
            DL,
            "Đề nghị có biển chỉ dẫn, nhà vệ sinh công cộng cho khách du lịch ven sông.",
            TIEP,
            "Bà Lê Thị Phổ, Phó Bí thư Đảng ủy, Chủ tịch UBND phường",
            "Xin tiếp thu; UBND phường bố trí trong kế hoạch năm 2026.",
            "UBND phường Hòa Xuân",
            90,
        ),
    ],
    conclusion="Công an phường rà soát đăng ký tạm trú tại các nhà trọ trong tháng 6/2026.",
    numbers=(88, 75, 77, 93),
)

session(
    ma="DUHX-2026-02",
    unit="dang-uy-phuong-hoa-xuan",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 10, 29),
    gio=("08:00", "11:00"),
    place="Nhà văn hóa tổ dân phố Khuê Đông, phường Hòa Xuân",
    form="định kỳ",
    topic="Bí thư Đảng ủy phường đối thoại với các hộ tái định cư về hạ tầng Khu tái định cư Hòa Xuân mở rộng",
    chairs=[DUHX_BT, ("Lê Thị Phổ", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường")],
    invited=["Đại diện Trung tâm Phát triển quỹ đất thành phố", "Bí thư chi bộ, tổ trưởng tổ dân phố Khuê Đông"],
    people=(23, 97),
    report="""Khu tái định cư Hòa Xuân mở rộng còn thiếu trường mầm non, đường nội bộ chưa thảm nhựa, nhiều lô
chưa có nước sạch. Các hộ tái định cư đề nghị sớm hoàn thiện hạ tầng và cấp sổ đỏ.""",
    petitions=[
        P(
            "Ông Kiều Văn Sang",
            "tổ dân phố Khuê Đông",
            HT,
            "Nhiều lô trong khu tái định cư chưa có đường ống nước sạch, phải mua nước bình. Đề nghị kéo ống cấp nước.",
            TIEP,
            "Bà Lê Thị Phổ, Phó Bí thư Đảng ủy, Chủ tịch UBND phường",
            "Xin tiếp thu; đề nghị Công ty Cấp nước Đà Nẵng lắp đặt trong quý I/2027.",
            "UBND phường Hòa Xuân",
            90,
        ),
        P(
            "Bà Quách Thị Mến",
            "tổ dân phố Khuê Đông",
            DD,
            "Các hộ tái định cư nhận đất từ 2018 vẫn chưa có sổ đỏ. Đề nghị đẩy nhanh cấp giấy chứng nhận.",
            TIEP,
            "Bà Nguyễn Thị Kim Phượng, Bí thư Đảng ủy phường",
            "Xin tiếp thu; giao UBND phường phối hợp Văn phòng đăng ký đất đai thành phố đẩy nhanh cấp giấy.",
            "UBND phường Hòa Xuân",
            60,
        ),
    ],
    conclusion="Đảng ủy giao UBND phường lập danh mục hạ tầng còn thiếu của khu tái định cư, báo cáo tháng 12/2026.",
    numbers=(121, 108, 110, 127),
)

# --- UBND xã Phong Nha ---------------------------------------------------------------------------------

PN_CT = ("Trần Đình Huấn", "Chủ tịch UBND xã")
PN_MTTQ = ("Hồ Thị Thanh", "Chủ tịch Ủy ban MTTQ Việt Nam xã")
PN_PCT = "Bà Hoàng Thị Lài, Phó Chủ tịch UBND xã"
PN_CT_ANS = "Ông Trần Đình Huấn, Chủ tịch UBND xã"

session(
    ma="PN-2025-01",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 8, 21),
    gio=("08:00", "11:30"),
    place="Hội trường UBND xã Phong Nha, thôn Xuân Tiến",
    form="định kỳ",
    topic="Đối thoại về phát triển du lịch cộng đồng, homestay và quản lý dịch vụ tham quan hang động",
    chairs=[PN_CT, PN_MTTQ],
    invited=[
        "Đại diện Ban Quản lý Vườn quốc gia Phong Nha - Kẻ Bàng",
        "Ông Nguyễn Văn Cọp, Giám đốc Hợp tác xã Du lịch cộng đồng Chày Lập",
        "Chủ các cơ sở homestay, đò du lịch",
    ],
    people=(23, 142),
    report="""Du lịch tiếp tục là thế mạnh của xã, nhưng cạnh tranh thiếu lành mạnh giữa các đò du lịch, giá dịch vụ
homestay không niêm yết, rác thải ven sông Son tăng vào mùa cao điểm.""",
    petitions=[
        P(
            "Ông Nguyễn Xuân Bình",
            "thôn Chày Lập",
            DL,
            "Đề nghị xã hỗ trợ quảng bá du lịch cộng đồng thôn Chày Lập, đào tạo nghiệp vụ cho các hộ làm homestay.",
            AT,
            "Ông Nguyễn Văn Cọp, Giám đốc Hợp tác xã Du lịch cộng đồng Chày Lập",
            "Hợp tác xã sẽ mở lớp nghiệp vụ buồng phòng, ẩm thực cho 30 hộ trong tháng 10/2025.",
        ),
        P(
            "Bà Đinh Thị Hằng",
            "thôn Xuân Tiến",
            DL,
            "Tình trạng chèo kéo khách, tranh giành khách ở bến đò sông Son gây phản cảm. Đề nghị xếp lượt "
            "đò công khai.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; giao Phòng Kinh tế xây dựng quy chế xếp lượt đò du lịch.",
            "Phòng Kinh tế xã Phong Nha",
            45,
        ),
        P(
            "Ông Phan Văn Dũng",
            "thôn Cù Lạc",
            MT,
            "Rác thải nhựa của khách du lịch trôi dọc sông Son, đề nghị đặt thêm thùng rác và tổ chức thu gom.",
            AT,
            PN_PCT,
            "Xã bố trí thêm 20 thùng rác tại các bến đò, thu gom hằng ngày từ tháng 9/2025.",
        ),
    ],
    conclusion="Giao Phòng Kinh tế phối hợp Hợp tác xã Du lịch cộng đồng Chày Lập xây dựng sản phẩm du lịch mới.",
    numbers=(12, 15, None, 21),
)

session(
    ma="PN-2025-02",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dot-xuat-lu-thon-cu-lac",
    ngay=dt.date(2025, 10, 30),
    gio=("14:00", "16:30"),
    place="Nhà văn hóa thôn Cù Lạc, xã Phong Nha",
    form="đột xuất",
    topic="Đối thoại với Nhân dân thôn Cù Lạc, thôn Xuân Tiến về khắc phục hậu quả ngập lụt và sạt lở bờ sông Son",
    chairs=[PN_CT],
    invited=["Đại diện Ban Chỉ huy phòng thủ dân sự xã", "Bí thư chi bộ, trưởng thôn Cù Lạc và Xuân Tiến"],
    people=(14, 86),
    report="""Đợt lũ cuối tháng 10/2025, nước sông Son dâng cao làm ngập lụt 430 nhà ở thôn Cù Lạc và Xuân Tiến, có
nơi ngập sâu hơn 2 m; bờ sông Son sạt lở 120 m, đe dọa 9 hộ dân.""",
    petitions=[
        P(
            "Ông Trương Văn Quý",
            "thôn Cù Lạc",
            TL_,
            "Bờ sông Son sạt lở sát móng nhà, gia đình không dám ở. Đề nghị di dời khẩn cấp và làm kè chống sạt lở.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; xã bố trí chỗ ở tạm và đề nghị tỉnh đầu tư kè chống sạt lở khẩn cấp.",
            "UBND xã Phong Nha",
            30,
        ),
        P(
            "Bà Lê Thị Gấm",
            "thôn Xuân Tiến",
            NN,
            "Lũ làm chết 300 con gà, hư hỏng 2 sào lạc giống. Đề nghị hỗ trợ giống cây trồng, vật nuôi sau lũ.",
            AT,
            PN_PCT,
            "Xã đã lập danh sách, hỗ trợ giống theo quy định của tỉnh trong tháng 11/2025.",
        ),
        P(
            "Ông Võ Đình Nam",
            "thôn Cù Lạc",
            CS,
            "Nhiều hộ nghèo mất hết lương thực sau lũ. Đề nghị cấp gạo cứu trợ.",
            AT,
            PN_CT_ANS,
            "Xã đã cấp 15 kg gạo/khẩu cho các hộ bị ngập lụt nặng.",
        ),
    ],
    conclusion="Ưu tiên di dời các hộ ở khu vực sạt lở; hỗ trợ kịp thời các hộ thiệt hại do ngập lụt.",
    numbers=(36, 40, 42, 47),
    short="khắc phục hậu quả ngập lụt, sạt lở bờ sông Son",
)

session(
    ma="PN-2025-03",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-chuyen-de-giay-chung-nhan-dat-rung",
    ngay=dt.date(2025, 12, 18),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Phong Nha, thôn Xuân Tiến",
    form="chuyên đề",
    topic="Đối thoại về cấp giấy chứng nhận quyền sử dụng đất rừng sản xuất và chồng lấn ranh giới với Vườn quốc gia",
    chairs=[PN_CT],
    invited=["Đại diện Ban Quản lý Vườn quốc gia Phong Nha - Kẻ Bàng", "Đại diện Văn phòng đăng ký đất đai tỉnh"],
    people=(17, 93),
    report="""Nhiều hộ ở thôn Hà Lời, Chày Lập trồng keo trên đất rừng sản xuất nhiều năm nhưng chưa được cấp giấy
chứng nhận do chồng lấn ranh giới với đất của Vườn quốc gia.""",
    petitions=[
        P(
            "Ông Cao Xuân Thắng",
            "thôn Hà Lời",
            DD,
            "Gia đình trồng keo trên 2 ha đất rừng sản xuất từ năm 2005, chưa được cấp giấy chứng nhận quyền sử dụng "
            "đất vì bị cho là chồng lấn. Đề nghị đo đạc lại ranh giới.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; phối hợp Vườn quốc gia đo đạc, cắm mốc ranh giới trong quý I/2026.",
            "UBND xã Phong Nha",
            90,
        ),
        P(
            "Ông Hồ Văn Lâm",
            "thôn Chày Lập",
            DD,
            "Đề nghị giao đất rừng sản xuất cho các hộ đồng bào đang canh tác, cấp sổ đỏ để vay vốn.",
            TIEP,
            PN_PCT,
            "Xin tiếp thu, tổng hợp nhu cầu giao đất, báo cáo tỉnh.",
            "UBND xã Phong Nha",
            90,
        ),
    ],
    conclusion="Thống nhất lập tổ công tác liên ngành rà soát ranh giới đất rừng, giải quyết dứt điểm chồng lấn.",
    numbers=(58, 61, 63, 69),
    short="cấp giấy chứng nhận quyền sử dụng đất rừng sản xuất",
)

session(
    ma="PN-2026-01",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 3, 26),
    gio=("08:00", "11:00"),
    place="Nhà văn hóa thôn Hà Lời, xã Phong Nha",
    form="định kỳ",
    topic="Đối thoại về ô nhiễm môi trường từ trang trại chăn nuôi lợn tại thôn Hà Lời và nước sinh hoạt",
    chairs=[PN_CT, PN_MTTQ],
    invited=["Đại diện Sở Nông nghiệp và Môi trường tỉnh Quảng Trị", "Chủ trang trại chăn nuôi lợn Hưng Thịnh"],
    people=(19, 121),
    report="""Trang trại chăn nuôi lợn Hưng Thịnh quy mô 1.800 con ở thôn Hà Lời xả nước thải ra khe Lời, gây mùi hôi,
ảnh hưởng nguồn nước sinh hoạt của hơn 200 hộ dân.""",
    petitions=[
        P(
            "Ông Đặng Văn Hòa",
            "thôn Hà Lời",
            MT,
            "Trại heo Hưng Thịnh xả nước thải xuống khe Lời, mùi hôi nồng nặc, giếng nước nhà tôi có màu đục. Đề nghị "
            "kiểm tra, xử phạt và buộc xây hầm biogas.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; đề nghị Sở Nông nghiệp và Môi trường kiểm tra, lấy mẫu nước thải trang trại.",
            "UBND xã Phong Nha",
            30,
        ),
        P(
            "Bà Trần Thị Hiền",
            "thôn Hà Lời",
            HT,
            "Thôn Hà Lời chưa có nước sạch, các hộ dùng nước giếng khoan nay bị ô nhiễm. Đề nghị kéo đường "
            "ống cấp nước.",
            TIEP,
            PN_PCT,
            "Xin tiếp thu; đề xuất đưa tuyến ống cấp nước Hà Lời vào kế hoạch năm 2027.",
            "UBND xã Phong Nha",
            120,
        ),
    ],
    conclusion="Yêu cầu chủ trang trại dừng xả thải ra khe Lời, khắc phục trong 30 ngày.",
    numbers=(20, 24, 26, 31),
)

session(
    ma="PN-2026-02",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 7, 16),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Phong Nha, thôn Xuân Tiến",
    form="định kỳ",
    topic="Đối thoại về điện sinh hoạt, đường giao thông vào bản Chày Lập và dịch vụ du lịch mùa hè",
    chairs=[PN_CT, PN_MTTQ],
    invited=[
        "Đại diện Điện lực Bố Trạch",
        "Ông Nguyễn Văn Cọp, Giám đốc Hợp tác xã Du lịch cộng đồng Chày Lập",
        "Trưởng các thôn",
    ],
    people=(21, 133),
    report="""Mùa du lịch hè 2026 lượng khách tăng, điện áp cuối nguồn ở thôn Chày Lập thấp, thường xuyên mất điện;
đường vào Chày Lập xuống cấp, xe du lịch đi lại khó khăn.""",
    petitions=[
        P(
            "Ông Lê Văn Khánh",
            "thôn Chày Lập",
            HT,
            "Điện yếu, chiều tối không chạy nổi quạt, tủ lạnh; homestay phải chạy máy phát. Đề nghị nâng công suất "
            "trạm biến áp.",
            TIEP,
            "Đại diện Điện lực Bố Trạch",
            "Xin tiếp thu; lắp thêm trạm biến áp 250 kVA cho thôn Chày Lập trong quý IV/2026.",
            "Điện lực Bố Trạch",
            90,
        ),
        P(
            "Ông Đinh Văn Tú",
            "thôn Chày Lập",
            GT,
            "Đường vào Chày Lập nhiều ổ gà, mùa mưa lầy lội. Đề nghị bê tông hóa 2 km đường.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; xã đưa vào kế hoạch đầu tư công năm 2027.",
            "UBND xã Phong Nha",
            90,
        ),
        P(
            "Bà Nguyễn Thị Bé",
            "thôn Xuân Tiến",
            DL,
            "Đề nghị niêm yết giá dịch vụ du lịch, chống tăng giá vào dịp cao điểm.",
            AT,
            "Ông Nguyễn Văn Cọp, Giám đốc Hợp tác xã Du lịch cộng đồng Chày Lập",
            "Các hộ thành viên hợp tác xã đều niêm yết giá và cam kết không tăng giá dịp cao điểm.",
        ),
    ],
    conclusion="Giao Phòng Kinh tế đôn đốc Điện lực xử lý điện yếu cuối nguồn trước mùa du lịch năm 2027.",
    numbers=(75, 80, 82, 88),
)

session(
    ma="PN-2026-03",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 10, 22),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Phong Nha, thôn Xuân Tiến",
    form="định kỳ",
    topic="Đối thoại về trường lớp điểm lẻ, bảo hiểm y tế hộ cận nghèo và chính sách cho đồng bào dân tộc thiểu số",
    chairs=[PN_CT, PN_MTTQ],
    invited=["Hiệu trưởng Trường Mầm non Phong Nha", "Đại diện Bảo hiểm xã hội cơ sở Bố Trạch"],
    people=(20, 110),
    report="""Điểm trường mầm non thôn Chày Lập xuống cấp; học sinh thôn Cù Lạc phải qua sông bằng đò để đến trường.
Nhiều hộ cận nghèo chưa được hỗ trợ mua thẻ bảo hiểm y tế năm 2026.""",
    petitions=[
        P(
            "Bà Hồ Thị Nga",
            "thôn Chày Lập",
            GD,
            "Điểm trường mầm non Chày Lập dột, thiếu nhà vệ sinh. Đề nghị sửa chữa trước mùa mưa.",
            TIEP,
            PN_PCT,
            "Xin tiếp thu; bố trí kinh phí sửa chữa trong tháng 11/2026.",
            "UBND xã Phong Nha",
            30,
        ),
        P(
            "Ông Lê Văn Thọ",
            "thôn Cù Lạc",
            GD,
            "Học sinh Cù Lạc đi đò qua sông Son đến trường, không có áo phao. Đề nghị trang bị áo phao, bố "
            "trí đò an toàn.",
            AT,
            PN_CT_ANS,
            "Xã đã cấp 80 áo phao và giao Công an xã kiểm tra đò chở học sinh.",
        ),
        P(
            "Bà Phạm Thị Lý",
            "thôn Hà Lời",
            YT,
            "Hộ cận nghèo chưa được hỗ trợ tiền mua bảo hiểm y tế năm 2026. Đề nghị giải quyết.",
            TIEP,
            PN_PCT,
            "Xin tiếp thu; rà soát danh sách, chi hỗ trợ trong quý IV/2026.",
            "UBND xã Phong Nha",
            45,
        ),
    ],
    conclusion="Bảo đảm an toàn cho học sinh đi đò; hoàn thành hỗ trợ bảo hiểm y tế cho hộ cận nghèo trong năm.",
    numbers=(118, 122, 124, 130),
)

session(
    ma="PN-2026-04",
    unit="ubnd-xa-phong-nha",
    slug="doi-thoai-dot-xuat-thoat-lu-xuan-tien",
    ngay=dt.date(2026, 11, 12),
    gio=("14:00", "16:30"),
    place="Nhà văn hóa thôn Xuân Tiến, xã Phong Nha",
    form="đột xuất",
    topic="Đối thoại với Nhân dân thôn Xuân Tiến về cống thoát lũ qua đường tỉnh 562 và nước tràn vào khu dân cư",
    chairs=[PN_CT],
    invited=["Đại diện Sở Xây dựng tỉnh Quảng Trị", "Trưởng thôn Xuân Tiến"],
    people=(11, 64),
    report="""Đầu tháng 11/2026 mưa lớn, cống thoát lũ qua đường tỉnh 562 quá nhỏ, nước dồn ứ làm ngập 60 nhà ở thôn
Xuân Tiến suốt hai ngày.""",
    petitions=[
        P(
            "Ông Nguyễn Hữu Phước",
            "thôn Xuân Tiến",
            GT,
            "Cống thoát lũ qua đường tỉnh 562 chỉ rộng 1 m, nước không thoát kịp. Đề nghị mở rộng cống.",
            TIEP,
            PN_CT_ANS,
            "Xin tiếp thu; đề nghị Sở Xây dựng khảo sát mở rộng cống trong năm 2027.",
            "UBND xã Phong Nha",
            60,
        ),
        P(
            "Bà Võ Thị Mai",
            "thôn Xuân Tiến",
            TL_,
            "Đề nghị lắp cột báo mức nước và loa cảnh báo lũ ở đầu thôn.",
            AT,
            PN_PCT,
            "Xã lắp cột báo mức nước và loa cảnh báo tại đầu thôn Xuân Tiến trong tháng 11/2026.",
        ),
    ],
    conclusion="Kiến nghị tỉnh mở rộng cống thoát lũ; thôn bố trí lực lượng xung kích trực khi có mưa lớn.",
    numbers=(139, 141, 143, 147),
    short="cống thoát lũ qua đường tỉnh 562 tại thôn Xuân Tiến",
)

# --- UBND xã Tân Lập -----------------------------------------------------------------------------------

TL_CT_CU = ("Lâm Văn Sáu", "Chủ tịch UBND xã")
TL_CT = ("Điểu Thị Hồng", "Chủ tịch UBND xã")
TL_MTTQ = ("Nguyễn Thị Thắm", "Chủ tịch Ủy ban MTTQ Việt Nam xã")
TL_PCT = "Ông Nguyễn Quốc Toản, Phó Chủ tịch UBND xã"

session(
    ma="TL-2024-01",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2024, 4, 18),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic="Đối thoại về ô nhiễm mùi hôi, nước thải từ trang trại chăn nuôi heo của Công ty Cổ phần Chăn nuôi Đồng Xanh",
    chairs=[TL_CT_CU, TL_MTTQ],
    invited=[
        "Đại diện Phòng Tài nguyên và Môi trường huyện Đồng Phú",
        "Ông Đoàn Văn Cọp, Giám đốc Công ty Cổ phần Chăn nuôi Đồng Xanh",
    ],
    people=(18, 127),
    report="""Trang trại heo của Công ty Cổ phần Chăn nuôi Đồng Xanh (12.000 con) ở ấp Thuận Phú gây mùi
hôi nặng vào ban
đêm; nước thải tràn xuống suối Rạt, cá chết. Người dân nhiều lần phản ánh.""",
    petitions=[
        P(
            "Ông Võ Văn Trí",
            "ấp Thuận Phú",
            MT,
            "Mùi hôi từ trại heo Đồng Xanh nồng nặc mỗi tối, trẻ nhỏ bị ho. Đề nghị đình chỉ hoạt động cho "
            "đến khi khắc phục.",
            TIEP,
            "Ông Lâm Văn Sáu, Chủ tịch UBND xã",
            "Xin tiếp thu; đề nghị huyện kiểm tra, xử lý vi phạm về môi trường của công ty.",
            "UBND xã Tân Lập",
            30,
        ),
        P(
            "Bà Nguyễn Thị Lựu",
            "ấp Thuận Phú",
            NN,
            "Nước thải chảy xuống suối Rạt làm cá chết, ruộng lúa dưới hạ lưu bị ảnh hưởng. Đề nghị công "
            "ty bồi thường.",
            AT,
            "Ông Đoàn Văn Cọp, Giám đốc Công ty Cổ phần Chăn nuôi Đồng Xanh",
            "Công ty nhận trách nhiệm, cam kết bồi thường thiệt hại và nâng cấp hệ thống xử lý nước thải.",
        ),
    ],
    conclusion="Yêu cầu Công ty Cổ phần Chăn nuôi Đồng Xanh khắc phục mùi hôi, nước thải trong 60 ngày.",
    numbers=(33, 36, None, 42),
)

session(
    ma="TL-2024-02",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2024, 9, 26),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic="Đối thoại về đường ĐT.741 xuống cấp, điện chiếu sáng và cấp giấy chứng nhận quyền sử dụng đất",
    chairs=[TL_CT_CU, TL_MTTQ],
    invited=["Đại diện Sở Giao thông vận tải tỉnh", "Đại diện Điện lực Đồng Phú", "Đại diện Văn phòng đăng ký đất đai"],
    people=(20, 135),
    report="""Xe tải chở mủ cao su, hạt điều làm hư hỏng đường ĐT.741 đoạn qua ấp Tân Hòa; nhiều hộ đề nghị cấp đổi
giấy chứng nhận quyền sử dụng đất do sai lệch diện tích.""",
    petitions=[
        P(
            "Ông Điểu Văn Lanh",
            "ấp Tân Hòa",
            GT,
            "Đường ĐT.741 đoạn qua ấp Tân Hòa nhiều ổ voi, đã xảy ra tai nạn. Đề nghị sửa chữa và cấm xe quá tải.",
            TIEP,
            "Ông Lâm Văn Sáu, Chủ tịch UBND xã",
            "Xin tiếp thu; kiến nghị Sở Giao thông vận tải sửa chữa đoạn đường.",
            "UBND xã Tân Lập",
            60,
        ),
        P(
            "Bà Thị Út",
            "ấp Tân Hòa",
            HT,
            "Đề nghị lắp điện chiếu sáng dọc đường ĐT.741 qua khu dân cư.",
            TIEP,
            TL_PCT,
            "Xin tiếp thu; phối hợp Điện lực Đồng Phú lắp đèn trong năm 2025.",
            "UBND xã Tân Lập",
            90,
        ),
        P(
            "Ông Trần Văn Lực",
            "ấp Thuận Phú",
            DD,
            "Giấy chứng nhận quyền sử dụng đất cấp năm 2002 ghi sai diện tích. Đề nghị cấp đổi.",
            AT,
            TL_PCT,
            "Công chức địa chính hướng dẫn hồ sơ cấp đổi, nộp tại bộ phận một cửa xã.",
        ),
    ],
    conclusion="Giao công chức giao thông thống kê các điểm hư hỏng trên đường ĐT.741 gửi Sở Giao thông vận tải.",
    numbers=(101, 106, 108, 114),
)

session(
    ma="TL-2025-01",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dot-xuat-trai-heo-dong-xanh",
    ngay=dt.date(2025, 4, 10),
    gio=("14:00", "16:45"),
    place="Nhà văn hóa ấp Thuận Phú, xã Tân Lập",
    form="đột xuất",
    topic="Đối thoại đột xuất về việc trang trại heo Đồng Xanh tiếp tục gây ô nhiễm",
    chairs=[TL_CT_CU],
    invited=[
        "Đại diện Phòng Cảnh sát môi trường Công an tỉnh",
        "Ông Đoàn Văn Cọp, Giám đốc Công ty Cổ phần Chăn nuôi Đồng Xanh",
    ],
    people=(15, 98),
    report="""Sau một năm, hệ thống xử lý nước thải của trang trại chưa được nâng cấp như cam kết; ngày 02/4/2025 hồ
chứa nước thải bị vỡ bờ, tràn ra vườn điều của các hộ dân, khoảng 60 người dân tập trung phản đối.""",
    petitions=[
        P(
            "Ông Lê Hữu Nghĩa",
            "ấp Thuận Phú",
            MT,
            "Công ty hứa khắc phục từ năm ngoái mà mùi hôi vẫn còn, nay lại vỡ hồ nước thải. Đề nghị đình "
            "chỉ trại heo.",
            TIEP,
            "Ông Lâm Văn Sáu, Chủ tịch UBND xã",
            "Xin tiếp thu; báo cáo huyện, đề nghị tỉnh đình chỉ hoạt động chăn nuôi cho đến khi khắc phục.",
            "UBND xã Tân Lập",
            20,
        ),
        P(
            "Bà Điểu Thị Ren",
            "ấp Thuận Phú",
            NN,
            "Nước thải tràn vào 1,5 ha vườn điều đang ra hoa. Đề nghị bồi thường thiệt hại.",
            AT,
            "Ông Đoàn Văn Cọp, Giám đốc Công ty Cổ phần Chăn nuôi Đồng Xanh",
            "Công ty cam kết kiểm đếm và bồi thường cho các hộ trong tháng 4/2025.",
        ),
    ],
    conclusion="Yêu cầu dừng nhập heo mới; công an xã bảo đảm an ninh trật tự khu vực trang trại.",
    numbers=(29, 31, 33, 37),
    short="trang trại heo Đồng Xanh gây ô nhiễm",
)

session(
    ma="TL-2025-02",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 9, 11),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic="Đối thoại sau sắp xếp đơn vị hành chính về thủ tục hành chính, chợ Tân Lập và nước sinh hoạt",
    chairs=[TL_CT, TL_MTTQ],
    invited=["Đại diện Trung tâm Phục vụ hành chính công xã", "Đại diện Công ty Cấp nước Đồng Nai"],
    people=(22, 141),
    report="""Sau sắp xếp, người dân ấp Tân Hòa (xã Tân Hòa cũ) phải đi xa hơn làm thủ tục; chợ Tân Lập xuống cấp; khu
vực chợ bị ngập cục bộ khi mưa lớn do mương thoát nước bị lấp.""",
    petitions=[
        P(
            "Ông Phạm Văn Lộc",
            "ấp Tân Hòa",
            TT,
            "Đề nghị giữ điểm tiếp nhận hồ sơ tại trụ sở xã Tân Hòa cũ cho người già.",
            AT,
            "Bà Điểu Thị Hồng, Chủ tịch UBND xã",
            "Trung tâm Phục vụ hành chính công bố trí điểm tiếp nhận lưu động vào thứ Ba, thứ Năm hằng tuần.",
        ),
        P(
            "Bà Lê Thị Hạnh",
            "ấp Thuận Phú",
            KT,
            "Chợ Tân Lập mỗi lần mưa là ngập, mương thoát nước bị lấp. Đề nghị cải tạo chợ và mương.",
            TIEP,
            TL_PCT,
            "Xin tiếp thu; lập dự toán cải tạo mương quanh chợ Tân Lập.",
            "UBND xã Tân Lập",
            60,
        ),
        P(
            "Ông Nguyễn Văn Tèo",
            "ấp Tân Hòa",
            HT,
            "Ấp Tân Hòa chưa có nước máy, giếng khoan bị nhiễm phèn. Đề nghị kéo đường ống cấp nước sinh hoạt.",
            TIEP,
            "Bà Điểu Thị Hồng, Chủ tịch UBND xã",
            "Xin tiếp thu; đề nghị Công ty Cấp nước Đồng Nai mở rộng mạng lưới.",
            "UBND xã Tân Lập",
            120,
        ),
    ],
    conclusion="Bảo đảm người dân ấp Tân Hòa làm thủ tục thuận lợi; khảo sát cải tạo chợ Tân Lập.",
    numbers=(64, 70, 72, 79),
)

session(
    ma="TL-2026-01",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-chuyen-de-gpmb-cao-toc",
    ngay=dt.date(2026, 4, 23),
    gio=("14:00", "17:00"),
    place="Nhà văn hóa ấp Tân Hòa, xã Tân Lập",
    form="chuyên đề",
    topic="Đối thoại với các hộ dân bị thu hồi đất Dự án đường cao tốc Gia Nghĩa - Chơn Thành đoạn qua xã Tân Lập",
    chairs=[TL_CT],
    invited=["Đại diện Ban Quản lý dự án giao thông tỉnh", "Đại diện Trung tâm Phát triển quỹ đất tỉnh Đồng Nai"],
    people=(16, 88),
    report="""Dự án thu hồi 26 ha đất, chủ yếu là vườn cao su, vườn điều của 112 hộ. Việc bồi thường, giải phóng mặt
bằng áp dụng Nghị định số 88/2024/NĐ-CP; nhiều hộ chưa đồng ý với đơn giá cây trồng.""",
    petitions=[
        P(
            "Ông Điểu Văn Bình",
            "ấp Tân Hòa",
            GP,
            "Đơn giá bồi thường cây cao su đang khai thác thấp, không đủ trồng lại. Đề nghị tính lại theo Nghị định "
            "88/2024/NĐ-CP.",
            TIEP,
            "Đại diện Trung tâm Phát triển quỹ đất tỉnh Đồng Nai",
            "Xin tiếp thu; rà soát đơn giá cây trồng, báo cáo UBND tỉnh.",
            "Trung tâm Phát triển quỹ đất tỉnh Đồng Nai",
            45,
        ),
        P(
            "Bà Nguyễn Thị Hoa",
            "ấp Tân Hòa",
            GP,
            "Đề nghị bố trí khu tái định cư gần nơi ở cũ cho 14 hộ bị thu hồi hết đất ở.",
            TIEP,
            "Bà Điểu Thị Hồng, Chủ tịch UBND xã",
            "Xin tiếp thu; đề xuất bố trí tái định cư tại khu dân cư ấp Tân Hòa.",
            "UBND xã Tân Lập",
            60,
        ),
    ],
    conclusion="Công khai phương án bồi thường, hỗ trợ, tái định cư; bàn giao mặt bằng đúng tiến độ.",
    numbers=(41, 45, 47, 52),
    short="bồi thường, giải phóng mặt bằng Dự án đường cao tốc Gia Nghĩa - Chơn Thành",
)

session(
    ma="TL-2026-02",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 8, 27),
    gio=("08:00", "11:00"),
    place="Hội trường UBND xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic="Đối thoại về bảo hiểm y tế, chính sách người có công, trợ cấp bảo trợ xã hội và trộm cắp hạt điều",
    chairs=[TL_CT, TL_MTTQ],
    invited=["Đại diện Bảo hiểm xã hội cơ sở", "Trưởng Công an xã"],
    people=(21, 129),
    report="""Mùa thu hoạch điều năm 2026 xảy ra nhiều vụ trộm hạt điều; một số đối tượng bảo trợ xã hội chậm nhận
trợ cấp do chuyển đổi dữ liệu sau sắp xếp.""",
    petitions=[
        P(
            "Ông Hoàng Văn Tâm",
            "ấp Tân Hòa",
            AN,
            "Vườn điều bị trộm hạt nhiều đêm liền. Đề nghị công an tăng cường tuần tra.",
            AT,
            "Thiếu tá Phạm Minh Sơn, Trưởng Công an xã",
            "Công an xã thành lập tổ tuần tra ban đêm trong mùa thu hoạch điều.",
        ),
        P(
            "Bà Trần Thị Hợi",
            "ấp Thuận Phú",
            CS,
            "Tôi hưởng trợ cấp bảo trợ xã hội nhưng ba tháng chưa nhận. Đề nghị kiểm tra.",
            TIEP,
            TL_PCT,
            "Xin tiếp thu; rà soát danh sách chi trả, truy lĩnh trong tháng 9/2026.",
            "UBND xã Tân Lập",
            30,
        ),
        P(
            "Ông Nguyễn Văn Hạnh",
            "ấp Thuận Phú",
            YT,
            "Thẻ bảo hiểm y tế người có công bị ghi sai nơi đăng ký khám chữa bệnh ban đầu. Đề nghị sửa.",
            AT,
            "Đại diện Bảo hiểm xã hội cơ sở",
            "Bảo hiểm xã hội điều chỉnh thông tin thẻ ngay trong tuần.",
        ),
    ],
    conclusion="Công an xã duy trì tuần tra mùa điều; hoàn thành chi trả trợ cấp còn tồn.",
    numbers=(93, 98, 100, 105),
)

session(
    ma="TL-2026-03",
    unit="ubnd-xa-tan-lap",
    slug="doi-thoai-dot-xuat-mat-dien-tram-bien-ap",
    ngay=dt.date(2026, 11, 5),
    gio=("14:00", "16:00"),
    place="Nhà văn hóa ấp Tân Hòa, xã Tân Lập",
    form="đột xuất",
    topic="Đối thoại về mất điện kéo dài do sự cố trạm biến áp ấp Tân Hòa",
    chairs=[TL_CT],
    invited=["Đại diện Điện lực Đồng Phú", "Trưởng ấp Tân Hòa"],
    people=(9, 57),
    report="""Từ ngày 28/10/2026 trạm biến áp ấp Tân Hòa bị sự cố, 180 hộ mất điện ba ngày, các cơ sở chế biến hạt điều
phải ngừng sản xuất.""",
    petitions=[
        P(
            "Ông Lý Văn Hậu",
            "ấp Tân Hòa",
            HT,
            "Mất điện ba ngày, cơ sở chế biến điều thiệt hại lớn. Đề nghị thay máy biến áp mới.",
            AT,
            "Đại diện Điện lực Đồng Phú",
            "Điện lực đã thay máy biến áp 400 kVA mới ngày 02/11/2026.",
        ),
        P(
            "Bà Phan Thị Diệp",
            "ấp Tân Hòa",
            HT,
            "Đề nghị Điện lực thông báo lịch cắt điện trước ít nhất 3 ngày.",
            TIEP,
            "Bà Điểu Thị Hồng, Chủ tịch UBND xã",
            "Xin tiếp thu; đề nghị Điện lực thông báo lịch cắt điện trên loa truyền thanh xã.",
            "UBND xã Tân Lập",
            30,
        ),
    ],
    conclusion="Đề nghị Điện lực kiểm tra toàn bộ trạm biến áp trên địa bàn trước mùa khô.",
    numbers=(120, 122, 124, 127),
    short="mất điện kéo dài do sự cố trạm biến áp ấp Tân Hòa",
)

# --- Đảng ủy xã Tân Lập --------------------------------------------------------------------------------

DUTL_BT = ("Hà Văn Phổ", "Bí thư Đảng ủy xã")

session(
    ma="DUTL-2025-01",
    unit="dang-uy-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2025, 10, 9),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic=(
        "Bí thư Đảng ủy xã đối thoại với Nhân dân về giá đất bồi thường, đất cao su và úng cục bộ cánh đồng Thuận Phú"
    ),
    chairs=[DUTL_BT, ("Điểu Thị Hồng", "Phó Bí thư Đảng ủy, Chủ tịch UBND xã")],
    invited=["Bí thư chi bộ, trưởng ấp", "Đại diện Nông trường cao su Đồng Phú"],
    people=(27, 139),
    report="""Nhân dân quan tâm giá đất bồi thường dự án cao tốc sắp triển khai, việc giao lại đất cao
su của nông trường
cho địa phương; cánh đồng lúa ấp Thuận Phú bị úng cục bộ do cống tiêu bị lấp.""",
    petitions=[
        P(
            "Ông Trịnh Văn Hưng",
            "ấp Thuận Phú",
            NN,
            "Cống tiêu qua đường nội đồng bị lấp, 8 ha lúa bị úng sau mỗi trận mưa. Đề nghị khơi thông cống tiêu.",
            TIEP,
            "Bà Điểu Thị Hồng, Phó Bí thư Đảng ủy, Chủ tịch UBND xã",
            "Xin tiếp thu; UBND xã thuê máy khơi thông cống tiêu trong tháng 10/2025.",
            "UBND xã Tân Lập",
            30,
        ),
        P(
            "Bà Điểu Thị Nhung",
            "ấp Tân Hòa",
            DD,
            "Đề nghị nông trường giao lại phần đất cao su giáp ranh để bà con đồng bào có đất sản xuất.",
            TIEP,
            "Ông Hà Văn Phổ, Bí thư Đảng ủy xã",
            "Xin tiếp thu; Đảng ủy kiến nghị tỉnh xem xét thu hồi, giao đất cho hộ thiếu đất.",
            "UBND xã Tân Lập",
            90,
        ),
        P(
            "Ông Lê Văn Sĩ",
            "ấp Tân Hòa",
            GP,
            "Đề nghị công khai giá đất bồi thường dự án cao tốc trước khi kiểm đếm.",
            AT,
            "Ông Hà Văn Phổ, Bí thư Đảng ủy xã",
            "Giá đất cụ thể sẽ được niêm yết công khai tại nhà văn hóa ấp trước khi kiểm đếm.",
        ),
    ],
    conclusion="Đảng ủy giao UBND xã khơi thông cống tiêu, rà soát nhu cầu đất sản xuất của đồng bào.",
    numbers=(14, 9, None, 18),
)

session(
    ma="DUTL-2026-01",
    unit="dang-uy-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 3, 19),
    gio=("08:00", "11:00"),
    place="Hội trường Đảng ủy xã Tân Lập, ấp Thuận Phú",
    form="định kỳ",
    topic="Bí thư Đảng ủy xã đối thoại với Nhân dân về xây dựng nông thôn mới, trường học và phòng chống ma túy",
    chairs=[DUTL_BT],
    invited=["Hiệu trưởng Trường Tiểu học Tân Lập", "Trưởng Công an xã"],
    people=(24, 117),
    report="""Xã phấn đấu đạt chuẩn nông thôn mới nâng cao năm 2026; Trường Tiểu học Tân Lập thiếu phòng học; xuất
hiện tình trạng thanh thiếu niên sử dụng thuốc lá điện tử, ma túy tổng hợp.""",
    petitions=[
        P(
            "Bà Nguyễn Thị Xuân",
            "ấp Tân Hòa",
            GD,
            "Trường Tiểu học Tân Lập điểm Tân Hòa học nhờ nhà văn hóa ấp. Đề nghị xây phòng học.",
            TIEP,
            "Ông Hà Văn Phổ, Bí thư Đảng ủy xã",
            "Xin tiếp thu; Đảng ủy chỉ đạo đưa vào kế hoạch đầu tư công năm 2027.",
            "UBND xã Tân Lập",
            90,
        ),
        P(
            "Ông Phạm Văn Khải",
            "ấp Thuận Phú",
            AN,
            "Thanh niên tụ tập sử dụng thuốc lá điện tử, nghi có ma túy ở khu vực quán cà phê. Đề nghị kiểm tra.",
            AT,
            "Thiếu tá Phạm Minh Sơn, Trưởng Công an xã",
            "Công an xã đã kiểm tra, xử lý 2 cơ sở và tăng cường tuyên truyền phòng chống ma túy tại trường học.",
        ),
    ],
    conclusion="Các chi bộ ấp vận động Nhân dân tham gia xây dựng nông thôn mới nâng cao.",
    numbers=(22, 15, 17, 26),
)

session(
    ma="DUTL-2026-02",
    unit="dang-uy-xa-tan-lap",
    slug="doi-thoai-dinh-ky",
    ngay=dt.date(2026, 9, 17),
    gio=("08:00", "11:00"),
    place="Nhà văn hóa ấp Thuận Phú, xã Tân Lập",
    form="định kỳ",
    topic="Bí thư Đảng ủy xã đối thoại với Nhân dân về ô nhiễm từ trang trại chăn nuôi và nước sạch nông thôn",
    chairs=[DUTL_BT, ("Điểu Thị Hồng", "Phó Bí thư Đảng ủy, Chủ tịch UBND xã")],
    invited=["Đại diện Sở Nông nghiệp và Môi trường tỉnh Đồng Nai", "Đại diện Công ty Cổ phần Chăn nuôi Đồng Xanh"],
    people=(26, 124),
    report="""Dù đã nâng cấp hệ thống xử lý, trang trại heo Đồng Xanh vẫn phát sinh mùi hôi khi trời nồm; dự án nước
sạch nông thôn ấp Thuận Phú chậm tiến độ.""",
    petitions=[
        P(
            "Ông Võ Thành Long",
            "ấp Thuận Phú",
            MT,
            "Trại heo Đồng Xanh vẫn còn mùi hôi vào ban đêm. Đề nghị quan trắc tự động và công khai kết quả.",
            TIEP,
            "Ông Hà Văn Phổ, Bí thư Đảng ủy xã",
            "Xin tiếp thu; đề nghị Sở Nông nghiệp và Môi trường lắp trạm quan trắc, công khai kết quả.",
            "UBND xã Tân Lập",
            60,
        ),
        P(
            "Bà Lâm Thị Cúc",
            "ấp Thuận Phú",
            HT,
            "Dự án nước sạch nông thôn ấp Thuận Phú khởi công từ năm 2025 mà chưa xong. Đề nghị đẩy nhanh tiến độ.",
            TIEP,
            "Bà Điểu Thị Hồng, Phó Bí thư Đảng ủy, Chủ tịch UBND xã",
            "Xin tiếp thu; đôn đốc nhà thầu hoàn thành trong quý IV/2026.",
            "UBND xã Tân Lập",
            90,
        ),
    ],
    conclusion="Đảng ủy yêu cầu công khai kết quả quan trắc môi trường trang trại hằng quý.",
    numbers=(39, 31, 33, 44),
)

# --- writing ---------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict, path: Path, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, indent=2)
    path.write_text(HEADER + (f"# {comment}\n" if comment else "") + text, encoding="utf-8")


def _signers(unit: str) -> dict[str, str]:
    if unit in PARTY:
        return {"invite": "chanh_van_phong", "report": "pho_bi_thu", "conclusion": "chanh_van_phong"}
    return {"invite": "chu_tich", "report": "pho_chu_tich", "conclusion": "chu_tich"}


def _documents(s: dict) -> list[dict]:
    unit, day = s["unit"], s["ngay"]
    party = unit in PARTY
    who = "Bí thư Đảng ủy" if party else "Chủ tịch UBND"
    place = UNIT_NAME[unit]
    level = place.split()[0]
    if s.get("short"):
        what = f"buổi đối thoại với Nhân dân về {s['short']}"
    elif party:
        what = f"buổi {who} {level} tiếp xúc, đối thoại với Nhân dân ngày {day.day:02d}/{day.month:02d}/{day.year}"
    else:
        what = f"hội nghị đối thoại giữa {who} {level} với Nhân dân ngày {day.day:02d}/{day.month:02d}/{day.year}"
    gm, bcdl, bckq, tb = s["numbers"]
    sign = _signers(unit)
    before = day - dt.timedelta(days=7)
    docs = [
        {"loai": "giấy mời", "so": gm, "ngay": before, "nguoi_ky": sign["invite"], "trich_yeu": f"Mời dự {what}"},
        {"loai": "nội quy", "ngay": before, "trich_yeu": f"Nội quy {what}"},
        {"loai": "chương trình", "ngay": before, "trich_yeu": f"Chương trình {what}"},
    ]
    if bckq is None:
        docs.append(
            {
                "loai": "báo cáo kết quả giải quyết kiến nghị",
                "khong_ban_hanh": (
                    "buổi tiếp xúc, đối thoại đầu tiên của đơn vị, chưa có kiến nghị của buổi trước để báo cáo"
                ),
            }
        )
    else:
        docs.append(
            {
                "loai": "báo cáo kết quả giải quyết kiến nghị",
                "so": bckq,
                "ngay": day - dt.timedelta(days=2),
                "nguoi_ky": sign["report"],
                "trich_yeu": "Kết quả giải quyết kiến nghị của Nhân dân tại buổi đối thoại trước",
            }
        )
    docs += [
        {
            "loai": "báo cáo dư luận xã hội",
            "so": bcdl,
            "ngay": day - dt.timedelta(days=3),
            "nguoi_ky": sign["report"],
            "trich_yeu": f"Những vấn đề dư luận xã hội và Nhân dân quan tâm trên địa bàn {place}",
        },
        {"loai": "biên bản", "ngay": day, "trich_yeu": f"Biên bản {what}"},
        {
            "loai": "thông báo kết luận",
            "so": tb,
            "ngay": day + dt.timedelta(days=4),
            "nguoi_ky": sign["conclusion"],
            "trich_yeu": f"Kết luận của {who} {level} tại {what}",
        },
    ]
    for d in docs:
        if "khong_ban_hanh" not in d:
            d["ban_hanh"] = "bản điện tử"
    return docs


def _petition(s: dict, i: int, p: dict) -> dict:
    out = {
        "ma": f"{s['ma']}-{i:02d}",
        "nguoi_neu": {"ho_ten": p["who"], "dia_chi": p["address"]},
        "linh_vuc": p["field"],
        "noi_dung": p["content"],
        "tra_loi": {"hinh_thuc": p["form"], "nguoi_tra_loi": p["answerer"], "noi_dung": p["answer"]},
    }
    if p["form"] == TIEP:
        out["co_quan_giai_quyet"] = p["agency"]
        out["han_giai_quyet"] = s["ngay"] + dt.timedelta(days=p["days"])
    return out


def session_record(s: dict, index_in_year: int) -> dict:
    unit = s["unit"]
    clerk = CLERK[unit]
    party = unit in PARTY
    n = len(s["petitions"])
    answered = sum(1 for p in s["petitions"] if p["form"] == AT)
    who = s["chairs"][0][1]
    conclusion = (
        f"{who} ghi nhận {n:02d} ý kiến, kiến nghị; {answered:02d} ý kiến đã được trả lời tại buổi đối thoại, "
        f"{n - answered:02d} ý kiến xin tiếp thu để giải quyết, trả lời bằng văn bản theo thời hạn đã nêu.\n\n"
        + s["conclusion"]
    )
    start = s["gio"][0]
    return {
        "loai_tep": "buổi tiếp xúc, đối thoại",
        "ma": s["ma"],
        "don_vi": unit,
        "so_ky_hieu_ho_so": f"{index_in_year:02d}-{FOLDER_PREFIX[unit]}" if party else f"{index_in_year:02d}.VP",
        "nguoi_lap_ho_so": f"{clerk[0]}, {clerk[1][0].lower()}{clerk[1][1:]}",
        "ngay": s["ngay"],
        "gio_bat_dau": start,
        "gio_ket_thuc": s["gio"][1],
        "dia_diem": s["place"],
        "hinh_thuc": s["form"],
        "chu_de": s["topic"],
        "chu_tri": [{"ho_ten": name, "chuc_vu": title} for name, title in s["chairs"]],
        "thu_ky": {"ho_ten": clerk[0], "chuc_vu": clerk[1]},
        "phoi_hop": [f"Ủy ban MTTQ Việt Nam {UNIT_NAME[unit]}"]
        + ([f"UBND {UNIT_NAME[unit]}"] if party else [f"Công an {UNIT_NAME[unit]}"]),
        "dai_bieu_moi": s["invited"],
        "so_nguoi_tham_du": {"dai_bieu": s["people"][0], "nhan_dan": s["people"][1]},
        "chuong_trinh": [
            {"gio": start, "noi_dung": "Tuyên bố lý do, giới thiệu đại biểu, thông qua chương trình và nội quy"},
            {"noi_dung": "Phát biểu khai mạc", "nguoi_thuc_hien": s["chairs"][0][1]},
            {"noi_dung": "Nhân dân phát biểu ý kiến; lãnh đạo và các cơ quan trả lời"},
            {"noi_dung": "Kết luận buổi đối thoại", "nguoi_thuc_hien": s["chairs"][0][1]},
        ],
        "bao_cao_du_luan": s["report"].replace("\n", " ") + "\n",
        "kien_nghi": [_petition(s, i, p) for i, p in enumerate(s["petitions"], 1)],
        "ket_luan": conclusion + "\n",
        "cong_khai_ket_qua": "Thông báo kết luận và văn bản trả lời được niêm yết tại trụ sở, nhà văn hóa nơi người "
        "nêu kiến nghị cư trú và đăng trên trang thông tin điện tử.",
        "van_ban": _documents(s),
        "thoi_han_bao_quan": "Vĩnh viễn",
        "che_do_su_dung": "hạn chế" if s.get("restricted") else "công khai",
    }


def plan_record(plan: tuple) -> dict:
    unit, year, number, day, signer, subject, bases, planned = plan
    place = UNIT_NAME[unit]
    return {
        "loai_tep": "kế hoạch năm",
        "don_vi": unit,
        "nam": year,
        "so": number,
        "ngay": day,
        "nguoi_ky": signer,
        "trich_yeu": subject,
        "can_cu": bases,
        "muc_dich": f"Trực tiếp lắng nghe tâm tư, nguyện vọng, kiến nghị của Nhân dân {place}; kịp thời giải quyết "
        "những vướng mắc, bức xúc ngay từ cơ sở.",
        "yeu_cau": "Tổ chức dân chủ, công khai; kiến nghị xin tiếp thu phải được trả lời bằng văn bản đúng thời hạn.",
        "cac_buoi": [{"thang_du_kien": month, "chu_de": topic, "hinh_thuc": "định kỳ"} for month, topic in planned],
    }


def write(out: Path) -> int:
    """Write every file under ``out`` (emptied first); the number of sessions written."""
    if out.exists():
        shutil.rmtree(out)
    for unit in UNITS:
        dump(unit, out / unit["ma_don_vi"] / "don-vi.yaml")
    for plan in PLANS:
        dump(plan_record(plan), out / plan[0] / f"ke-hoach-{plan[1]}.yaml")
    counters: dict[tuple[str, int], int] = {}
    for s in sorted(S, key=lambda s: (s["unit"], s["ngay"])):
        key = (s["unit"], s["ngay"].year)
        counters[key] = counters.get(key, 0) + 1
        folder = out / s["unit"] / f"{s['ngay'].isoformat()}-{s['slug']}"
        dump(session_record(s, counters[key]), folder / "buoi-doi-thoai.yaml")
    return len(S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="thư mục ghi (mặc định: bench/search-corpus)")
    args = parser.parse_args()
    count = write(args.out)
    print(f"Đã ghi {count} buổi tiếp xúc, đối thoại của {len(UNITS)} đơn vị vào {args.out}")


if __name__ == "__main__":
    main()
