"""`hoso serve`: the local search page, its safety rules, and a browser driving it (Debian's Chromium)."""

import datetime as dt
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline import archive
from pipeline.index import Query, catalog, open_index
from pipeline.record import load
from pipeline.web import Settings, make_server, serve_in_background

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots of the pages as a browser shows them (kept after the run, to look at).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


@pytest.fixture(scope="module")
def indexed(demo_archive, tmp_path_factory):
    root, _ = demo_archive
    folder = tmp_path_factory.mktemp("chi-muc-web")
    catalog.update(root, folder)
    return root, folder


@pytest.fixture(scope="module")
def site(indexed):
    """The default server: public hồ sơ only, no personal data."""
    root, folder = indexed
    server, url = serve_in_background(Settings(root, folder))
    yield url
    server.shutdown()


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), dict(e.headers)


def q(**params) -> str:
    return "/?" + urllib.parse.urlencode(params)


def test_binds_to_localhost_by_default(indexed):
    server = make_server(Settings(*indexed), port=0)
    assert server.server_address[0] == "127.0.0.1"
    server.server_close()


def test_search_page_shows_highlighted_hits_with_their_sheet(site):
    status, page, headers = get(site + q(q="cau bau oc", loai="kien-nghi"))
    assert status == 200 and "Tìm thấy" in page
    assert "<mark>cầu Bàu Ốc</mark>" in page or "<mark>Cầu</mark>" in page or "<mark>cầu</mark>" in page
    assert "DU-AK-2025-01-03" in page or "Cầu tạm bằng gỗ" in page
    assert "tờ " in page and "/ho-so/dang-uy-xa-an-khanh/2025/" in page and "ho-so.pdf#page=" in page
    assert (
        "script-src" not in headers["Content-Security-Policy"]
        and "default-src 'none'" in headers["Content-Security-Policy"]
    )
    assert "<script" not in page.lower()  # the page itself has no script at all


def test_search_page_shows_one_result_per_hoso_with_its_passages_or_a_flat_list(site):
    """Issue 15, cause 2: one result per hồ sơ, its best passages inside it; "Danh sách phẳng" lists every entry."""
    status, page, headers = get(site + q(q="đối thoại Chủ tịch UBND"))
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "hồ sơ (" in page and "mục khớp" in page
    groups = page.count('<section class="group">')
    assert groups >= 5 and page.count('class="hit passage"') <= 3 * groups
    assert "mục khớp khác trong hồ sơ này" in page
    assert 'name="phang"' in page and "Danh sách phẳng" in page and "<script" not in page.lower()
    status, flat, _ = get(site + q(q="đối thoại Chủ tịch UBND", phang="1"))
    assert status == 200 and '<section class="group">' not in flat and "kết quả" in flat
    assert 'name="phang" value="1" checked' in flat
    assert get(site + q(q="x", phang="2"))[0] == 400


def test_filters_and_empty_queries(site):
    status, page, _ = get(site + q(loai="kien-nghi", linh_vuc="giao thông", nam="2025"))
    assert status == 200 and "Tìm thấy 2 kết quả" in page
    status, page, _ = get(site + "/")
    assert status == 200 and "Tìm thấy" not in page  # nothing asked yet: only the form


def test_restricted_hoso_hidden_and_their_pdf_refused(site, indexed):
    _, page, _ = get(site + q(q="tái định cư Gò Cát"))
    assert "DU-AK-2026-01" not in page and "05-VPĐU" not in page
    status, _, _ = get(site + "/ho-so/dang-uy-xa-an-khanh/2026/05-VPDU_DU-AK-2026-01/v1/ho-so.pdf")
    assert status == 403
    server, url = serve_in_background(Settings(*indexed, restricted=True))
    try:
        _, page, _ = get(url + q(q="tái định cư Gò Cát"))
        assert "hồ sơ 05-VPĐU" in page
        status, body, headers = get(url + "/ho-so/dang-uy-xa-an-khanh/2026/05-VPDU_DU-AK-2026-01/v1/ho-so.pdf")
        assert status == 200 and headers["Content-Type"] == "application/pdf"
    finally:
        server.shutdown()


def test_personal_data_shown_only_with_access(site, indexed):
    _, page, _ = get(site + q(q="Nguyễn Văn Tám"))
    assert "Nguyễn Văn Tám" not in page.replace('value="Nguyễn Văn Tám"', "")
    with open_index(indexed[1]) as index:
        minutes = next(
            h.entry.id
            for h in index.search(Query(doc_types=["Biên bản"], per_page=50)).hits
            if h.entry.id.startswith("UBND-AK-2025-01/")
        )
    _, page, _ = get(site + "/muc?" + urllib.parse.urlencode({"id": minutes}))
    assert "Nguyễn Văn Tám" not in page and "Cử tri thôn Phước Lộc" in page  # the public biên bản: by place
    server, url = serve_in_background(Settings(*indexed, personal=True))
    try:
        _, page, _ = get(url + q(q="Nguyễn Văn Tám"))
        assert (
            "Người nêu: <mark>Ông Nguyễn Văn Tám</mark>" in page or "Người nêu: Ông <mark>Nguyễn Văn Tám</mark>" in page
        )
    finally:
        server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "/ho-so/../../etc/passwd/ho-so.pdf",
        "/ho-so/%2e%2e/%2e%2e/etc/ho-so.pdf",
        "/ho-so/ubnd-xa-an-khanh/2026/04.VP_UBND-AK-2026-01/v1/data/ho-so.json",
        "/ho-so/.hoso/2026/x/v1/ho-so.pdf",
        "/ho-so/ubnd-xa-an-khanh/2026/khong-co/v1/ho-so.pdf",
        "/etc/passwd",
        "/muc?id=../../etc/passwd",
    ],
)
def test_nothing_outside_a_dossier_pdf_is_served(site, path):
    status, page, _ = get(site + path)
    assert status == 404 and "root:" not in page


def test_a_petition_with_markup_is_shown_as_text(tmp_path):
    """A clerk's `<script>` is text on every page: search, entry, register."""
    unit = tmp_path / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "noi_dung: Đề nghị sửa đường liên thôn.",
            'noi_dung: \'Đề nghị sửa đường <script>alert("x")</script> <img src=x onerror=alert(1)> & "ngõ" 5\'',
        ),
        encoding="utf-8",
    )
    records = load([unit]).records
    root = tmp_path / "kho"
    assert archive.archive(records, records.sessions, root)[0].status == archive.NEW
    catalog.update(root, tmp_path / "chi-muc")
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc"))
    try:
        for path in (q(q="script alert"), "/muc?id=THU-2025-01-02&q=alert", "/so-theo-doi"):
            status, page, _ = get(url + path)
            assert status == 200
            assert "<script" not in page.lower() and "<img src=x" not in page
            assert "&lt;" in page and "alert" in page
    finally:
        server.shutdown()


def test_register_page_lists_petitions_with_their_delay(site, indexed):
    status, page, _ = get(site + "/so-theo-doi?" + urllib.parse.urlencode({"qua_han": "1"}))
    assert status == 200
    with open_index(indexed[1]) as ix:
        expected = {
            h.entry.id for h in ix.search(Query(levels=["kiến nghị"], overdue_as_of=dt.date.today(), per_page=500)).hits
        }
    assert expected and f"{len(expected)} kiến nghị" in page
    assert all(pid in page for pid in expected) and page.count('class="late"') == len(expected)
    _, page, _ = get(site + "/so-theo-doi?" + urllib.parse.urlencode({"linh_vuc": "y tế"}))
    assert "DU-AK-2025-01-07" in page and "DU-AK-2025-01-03" not in page


def test_post_and_unknown_pages(site):
    request = urllib.request.Request(site + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, timeout=10)
    assert e.value.code == 405
    assert get(site + "/khong-co")[0] == 404


# --- export, saved searches, sorting (issue 15: what an archivist expects) -------------------------


@pytest.fixture(scope="module")
def office(indexed, tmp_path_factory):
    """A server with the unit records (for the lists' official format) and an index of its own (saved searches)."""
    root, _ = indexed
    folder = tmp_path_factory.mktemp("van-phong") / "chi-muc"
    catalog.update(root, folder)
    server, url = serve_in_background(Settings(root, folder, records=REPO / "examples"))
    yield url, folder
    server.shutdown()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def test_the_page_offers_the_result_list_as_docx_and_pdf_with_the_pages_rights(office):
    url, _ = office
    asked = {"q": "ngập úng", "don_vi": "ubnd-xa-an-khanh"}
    _, page, _ = get(url + q(**asked))
    assert "Tải DOCX" in page and "Tải PDF" in page
    status, pdf, headers = fetch(url + "/tai-ve/ket-qua-tra-cuu.pdf?" + urllib.parse.urlencode(asked))
    assert status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    assert "attachment" in headers["Content-Disposition"] and "default-src 'none'" in headers["Content-Security-Policy"]
    status, word, headers = fetch(url + "/tai-ve/ket-qua-tra-cuu.docx?" + urllib.parse.urlencode(asked))
    assert status == 200 and word.startswith(b"PK") and "wordprocessingml" in headers["Content-Type"]
    # several units and none chosen: the page says how to choose, and offers no link
    _, page, _ = get(url + q(q="ngập úng"))
    assert "Tải DOCX" not in page and "Chọn một đơn vị để tải danh sách" in page
    status, body, _ = fetch(url + "/tai-ve/ket-qua-tra-cuu.pdf?" + urllib.parse.urlencode({"q": "ngập úng"}))
    assert status == 400 and "hãy chọn một đơn vị ở ô Đơn vị" in body.decode()
    status, body, _ = fetch(url + "/tai-ve/ket-qua-tra-cuu.pdf?x=1")
    assert status == 400


def test_an_exported_list_holds_no_restricted_hoso_or_personal_data_without_access(office, indexed):
    """The list is the page's search: a restricted hồ sơ is left out, as on the page, without --restricted."""
    url, _ = office
    root, folder = indexed
    with open_index(folder) as index:
        hidden = [
            h.entry for h in index.search(Query(per_page=500, include_restricted=True)).hits if h.entry.restricted
        ]
    assert hidden
    unit, notation = hidden[0].unit, hidden[0].stored["notation"]
    asked = urllib.parse.urlencode({"don_vi": unit, "q": hidden[0].title.split(":")[-1][:40]})
    status, word, _ = fetch(url + "/tai-ve/ket-qua-tra-cuu.docx?" + asked)
    import io

    import docx

    text = " ".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    text += " ".join(c.text for t in docx.Document(io.BytesIO(word)).tables for r in t.rows for c in r.cells)
    assert status == 200 and f"Hồ sơ {notation}" not in text and "Người nêu:" not in text


def test_a_search_saved_on_the_page_is_listed_and_rerun(office):
    url, folder = office
    _, page, _ = get(url + q(q="cầu Bàu Ốc", loai="kien-nghi"))
    token = re.search(r'name="ma" value="([^"]+)"', page)[1]
    assert 'action="/luu-tim-kiem"' in page and 'method="post"' in page
    form = urllib.parse.urlencode({"q": "cầu Bàu Ốc", "loai": "kien-nghi", "ten": "Cầu Bàu Ốc", "ma": token}).encode()
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(url + "/luu-tim-kiem", data=form, headers=kind)
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    assert answer.value.code == 303 and answer.value.headers["Location"] == "/?da_luu=C%E1%BA%A7u+B%C3%A0u+%E1%BB%90c"
    _, page, _ = get(url + "/?da_luu=C%E1%BA%A7u+B%C3%A0u+%E1%BB%90c")
    assert 'id="tim-kiem-da-luu"' in page and ">Cầu Bàu Ốc</a>" in page
    assert "Tìm thấy" in page and page.count('class="hit"') >= 1 and 'value="cầu Bàu Ốc"' in page
    assert get(url + "/?da_luu=khong-co")[0] == 400


@pytest.mark.parametrize(
    ("token", "headers", "code"),
    [
        ("sai", {}, 403),  # not this server's token
        (None, {"Origin": "http://evil.example"}, 403),  # another site's page posting here
        (None, {"Sec-Fetch-Site": "cross-site"}, 403),
        (None, {"Content-Type": "text/plain"}, 400),
    ],
)
def test_a_forged_save_is_refused(office, token, headers, code):
    url, folder = office
    _, page, _ = get(url + q(q="đất đai"))
    real_token = re.search(r'name="ma" value="([^"]+)"', page)[1]
    form = urllib.parse.urlencode({"q": "đất đai", "ten": "gia mao", "ma": token or real_token}).encode()
    status, body, _ = fetch(
        url + "/luu-tim-kiem", form, {"Content-Type": "application/x-www-form-urlencoded", **headers}
    )
    assert status == code and "Cầu" not in body.decode()
    assert "gia mao" not in get(url + "/")[1]  # nothing saved


def test_the_page_sorts_grouped_results_by_date(site):
    _, page, _ = get(site + q(q="đất đai", sap_xep="ngay"))
    dates = [
        dt.datetime.strptime(d, "%d/%m/%Y").date() for d in re.findall(r'<div class="meta">(\d\d/\d\d/\d{4}) ·', page)
    ]
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- in a real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed for the browser tests (scripts/setup test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def test_browser_types_a_query_filters_opens_a_result_and_sees_the_snippet(browser, site):
    page = browser.new_page()
    page.goto(site + "/")
    page.fill("input[name=q]", "nuoc thai muong bau sen")  # typed without diacritics
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#so-ket-qua")
    assert page.locator(".hit").count() >= 2
    page.select_option("select[name=loai]", "kien-nghi")  # a filter: petitions only
    page.click("button[type=submit]")
    page.wait_for_selector("#so-ket-qua")
    levels = page.locator(".hit .level").all_inner_texts()
    assert levels and set(levels) == {"kiến nghị"}
    assert "Bàu Sen" in page.locator(".hit .snippet").first.inner_text()
    assert page.locator(".hit mark").count() > 0  # highlighted in the browser
    pdf_link = page.locator(".hit .open a").first.get_attribute("href")
    page.click(".hit h3 a >> nth=0")  # open the result
    page.wait_for_selector("#toan-van")
    assert page.locator("#toan-van mark").count() > 0 and "Bàu Sen" in page.locator("#toan-van").inner_text()
    assert "#page=" in pdf_link
    response = page.request.get(site + pdf_link.split("#")[0])
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()


def test_browser_sees_hoso_with_their_passages_and_switches_to_the_flat_list(browser, site):
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    page.goto(site + "/")
    page.fill("input[name=q]", "giải phóng mặt bằng đường liên thôn")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#so-ket-qua")
    assert "hồ sơ" in page.locator("#so-ket-qua").inner_text()
    groups = page.locator("section.group")
    assert groups.count() >= 2
    first = groups.first
    assert first.locator("h3.hoso").inner_text().strip()
    passages = first.locator(".passage")
    assert 1 <= passages.count() <= 3
    assert passages.first.locator(".snippet mark").count() > 0
    assert "tờ" in passages.first.locator("h4").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tim-kiem-theo-ho-so.png"), full_page=True)
    page.check("input[name=phang]")
    page.click("button[type=submit]")
    page.wait_for_selector("#so-ket-qua")
    assert page.locator("section.group").count() == 0 and page.locator(".hit h3").count() >= 2
    assert "kết quả" in page.locator("#so-ket-qua").inner_text()
    page.close()


def test_browser_register_filter(browser, site):
    page = browser.new_page()
    page.goto(site + "/so-theo-doi")
    all_rows = page.locator("table.register tbody tr").count()
    page.check("input[name=qua_han]")
    page.click("button[type=submit]")
    page.wait_for_selector("#so-dong")
    overdue_rows = page.locator("table.register tbody tr").count()
    assert 0 < overdue_rows < all_rows
    assert page.locator("table.register .late").count() == overdue_rows
    page.close()
