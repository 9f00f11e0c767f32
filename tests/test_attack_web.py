"""`hoso serve` under attack: DNS rebinding (Host header), hostile query parameters, methods other than GET,
and the rights of a hồ sơ over all its versions and over which PDF is served (issue 11 §4, §7)."""

import http.client
import shutil
import socket
import urllib.parse
from pathlib import Path

import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline import archive
from pipeline.index import catalog
from pipeline.record import load
from pipeline.web import Settings, serve_in_background
from pipeline.web.server import SECURITY_HEADERS

PUBLIC_PDF = "ho-so-cong-khai.pdf"


@pytest.fixture(scope="module")
def indexed(demo_archive, tmp_path_factory):
    root, _ = demo_archive
    folder = tmp_path_factory.mktemp("chi-muc-tan-cong")
    catalog.update(root, folder)
    return root, folder


@pytest.fixture(scope="module")
def site(indexed):
    server, url = serve_in_background(Settings(*indexed))
    yield url
    server.shutdown()


def fetch(url: str, path: str, method: str = "GET", host: str | None = None, hosts: tuple[str, ...] = ()):
    """One request with http.client; ``host`` replaces the Host header, ``hosts`` sends several."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=host is not None or bool(hosts))
        for value in (host,) if host is not None else hosts:
            connection.putheader("Host", value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def request(url: str, path: str, method: str = "GET", host: str | None = None, hosts: tuple[str, ...] = ()):
    status, body, headers = fetch(url, path, method, host, hosts)
    return status, body.decode("utf-8", "replace"), headers


def raw(url: str, data: bytes) -> bytes:
    """What the server sends back for the bytes ``data``, until it closes the connection."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def has_security_headers(headers) -> bool:
    return all(headers.get(name) == value for name, value in SECURITY_HEADERS.items())


def q(**params) -> str:
    return "/?" + urllib.parse.urlencode(params)


# --- DNS rebinding: the Host header ------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",
        "attacker.example:{port}",
        "127.0.0.1.attacker.example:{port}",
        "localhost.attacker.example",
        "evil@127.0.0.1:{port}",
        "127.0.0.1:{port}@attacker.example",
        "127.0.0.1:99999",
        "[::1]x",
        "",
        " ",
    ],
)
def test_a_foreign_host_header_is_refused(site, host):
    port = urllib.parse.urlsplit(site).port
    for path in ("/", q(q="cầu"), "/so-theo-doi", "/muc?id=UBND-AK-2025-01"):
        status, page, headers = request(site, path, host=host.format(port=port))
        assert status == 400, (host, path)
        assert "chỉ trả lời khi được mở bằng địa chỉ của chính máy này" in page
        assert has_security_headers(headers)
        assert "Tìm thấy" not in page and "UBND-AK" not in page


def test_no_host_or_two_hosts_are_refused(site):
    port = urllib.parse.urlsplit(site).port
    assert request(site, "/", hosts=(f"127.0.0.1:{port}", "attacker.example"))[0] == 400
    answer = raw(site, b"GET / HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 400") and "chỉ trả lời".encode() in answer


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "localhost", "[::1]:{port}"]
)
def test_this_machine_is_answered(site, host):
    port = urllib.parse.urlsplit(site).port
    status, page, headers = request(site, q(q="cầu"), host=host.format(port=port))
    assert status == 200 and "Tìm thấy" in page and has_security_headers(headers)


def test_names_allowed_with_allow_host(indexed):
    server, url = serve_in_background(Settings(*indexed, allowed_hosts=("may-van-thu", "192.168.1.20")))
    try:
        port = urllib.parse.urlsplit(url).port
        assert request(url, "/", host=f"may-van-thu:{port}")[0] == 200
        assert request(url, "/", host=f"MAY-VAN-THU:{port}")[0] == 200
        assert request(url, "/", host=f"192.168.1.20:{port}")[0] == 200
        assert request(url, "/", host=f"attacker.example:{port}")[0] == 400
    finally:
        server.shutdown()


def test_rebinding_cannot_read_a_server_with_every_right(indexed):
    """With --restricted and --personal the page shows everything: a rebinding page must get nothing."""
    server, url = serve_in_background(Settings(*indexed, restricted=True, personal=True))
    try:
        port = urllib.parse.urlsplit(url).port
        pdf = "/ho-so/dang-uy-xa-an-khanh/2026/05-VPDU_DU-AK-2026-01/v1/ho-so.pdf"
        for path in (q(q="Nguyễn Văn Tám"), pdf, "/so-theo-doi"):
            status, body, headers = request(url, path, host=f"attacker.example:{port}")
            assert status == 400 and "Nguyễn" not in body and "%PDF" not in body
            assert headers["Content-Type"].startswith("text/html")
        assert request(url, pdf, host=f"127.0.0.1:{port}")[0] == 200
    finally:
        server.shutdown()


# --- query parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"nam": "²"},
        {"nam": "٢٠٢٥"},  # Arabic-Indic digits: str.isdigit() takes them
        {"nam": "99999999999999999999"},
        {"nam": "1899"},
        {"nam": "3000"},
        {"nam": "-2025"},
        {"nam": "20 25"},
        {"trang": "²"},
        {"trang": "0", "q": "cầu"},
        {"trang": "10001", "q": "cầu"},
        {"trang": "99999999999999999999999", "q": "cầu"},
        {"trang": "1e3", "q": "cầu"},
        {"q": "cầu " * 200},
        {"chu_tri": "x" * 101},
        {"loai": "khong-co"},
        {"don_vi": "khong-co-don-vi"},
        {"linh_vuc": "không có lĩnh vực này"},
        {"trang_thai": "đã bay lên trời"},
        {"sap_xep": "ngau-nhien"},
        {"qua_han": "2"},
        {"q": "a\x00b"},
    ],
)
def test_a_bad_parameter_is_a_400_page_never_a_500(site, params):
    status, page, headers = request(site, q(**params))
    assert status == 400, params
    assert "Lỗi nội bộ" not in page and "<p>" in page and has_security_headers(headers)


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe",  # not UTF-8
        "&".join(f"x{i}=1" for i in range(60)),  # more fields than parse_qs allows
        "linh_vuc=" + "a" * 5000,
    ],
)
def test_a_malformed_query_is_a_400_page(site, query):
    for path in ("/", "/so-theo-doi", "/muc"):
        status, page, headers = request(site, f"{path}?{query}")
        assert status == 400, (path, query)
        assert "Lỗi nội bộ" not in page and has_security_headers(headers)


@pytest.mark.parametrize(
    "path",
    [
        "/so-theo-doi?" + urllib.parse.urlencode({"linh_vuc": "không có"}),
        "/so-theo-doi?" + urllib.parse.urlencode({"don_vi": "../../etc"}),
        "/so-theo-doi?" + urllib.parse.urlencode({"qua_han": "có"}),
        "/muc?" + urllib.parse.urlencode({"id": "x" * 201}),
        "/muc?" + urllib.parse.urlencode({"id": "UBND-AK-2025-01", "q": "x" * 501}),
    ],
)
def test_bad_parameters_of_the_other_pages(site, path):
    status, page, headers = request(site, path)
    assert status == 400 and "Lỗi nội bộ" not in page and has_security_headers(headers)


def test_good_parameters_still_work(site):
    for params in (
        {"q": "cầu", "nam": "2025", "trang": "1"},
        {"loai": "kien-nghi", "linh_vuc": "giao thông", "nam": "2025"},
        {"linh_vuc": "moi truong", "trang_thai": "da giai quyet"},  # typed without diacritics
        {"q": "cầu", "sap_xep": "ngay", "qua_han": "1"},
    ):
        status, page, _ = request(site, q(**params))
        assert status == 200 and "Tìm thấy" in page, params


# --- methods -------------------------------------------------------------------------------------------


def test_head_is_get_without_the_body(site):
    for path in (q(q="cầu"), "/so-theo-doi", "/khong-co", "/ho-so/dang-uy-xa-an-khanh/2025/x/v1/ho-so.pdf"):
        status, page, got = request(site, path)
        answer = raw(site, f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.split(b"\r\n")[0].split(b" ")[1] == str(status).encode() and body == b"", path
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n")[1:])
        assert all(headers.get(name) == value for name, value in SECURITY_HEADERS.items())
        assert headers["Content-Length"] == got["Content-Length"] == str(len(page.encode()))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PROPFIND"])
def test_other_methods_are_405_with_the_security_headers(site, method):
    status, page, headers = request(site, "/", method=method)
    assert status == 405 and "chỉ để xem" in page
    assert has_security_headers(headers) and headers["Allow"] == "GET, HEAD"


def test_server_errors_of_http_server_itself_carry_the_headers(site):
    answer = raw(site, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.") and b" 414 " in answer.split(b"\r\n")[0]
    assert b"Content-Security-Policy: default-src 'none'" in answer
    answer = raw(site, b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")
    assert b"Content-Security-Policy: default-src 'none'" in answer


# --- the rights of a hồ sơ over all its versions, and which PDF is served -------------------------------


@pytest.fixture(scope="module")
def resealed(tmp_path_factory):
    """The small test unit sealed as công khai (v1), then re-sealed as hạn chế (v2):
    (archive root, hồ sơ folder)."""
    base = tmp_path_factory.mktemp("niem-phong-lai")
    unit = base / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    root = base / "kho"
    records = load([unit]).records
    first = archive.archive(records, records.sessions, root)[0]
    assert first.status == archive.NEW, first.message
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8")
    assert "che_do_su_dung: công khai" in text
    record.write_text(text.replace("che_do_su_dung: công khai", "che_do_su_dung: hạn chế"), encoding="utf-8")
    records = load([unit]).records
    second = archive.archive(records, records.sessions, root)[0]
    assert second.status == archive.NEW_VERSION and second.path.name == "v2", second.message
    return root, first.path.parent


def url_of(root: Path, folder: Path, version: str, name: str = "ho-so.pdf") -> str:
    return f"/ho-so/{folder.relative_to(root).as_posix()}/{version}/{name}"


def test_an_older_version_of_a_resealed_restricted_hoso_is_refused(resealed, tmp_path):
    root, folder = resealed
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc"))
    try:
        for version in ("v1", "v2"):
            for name in ("ho-so.pdf", PUBLIC_PDF):
                status, page, headers = request(url, url_of(root, folder, version, name))
                assert status == 403 and "hạn chế" in page and "%PDF" not in page, (version, name)
                assert has_security_headers(headers)
    finally:
        server.shutdown()
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc", restricted=True, personal=True))
    try:
        assert request(url, url_of(root, folder, "v1"))[0] == 200  # with the right to restricted hồ sơ
    finally:
        server.shutdown()


def test_a_version_whose_latest_sibling_is_unreadable_is_refused(resealed, tmp_path):
    root, folder = resealed
    copy = tmp_path / "kho"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".hoso"))
    mine = copy / folder.relative_to(root)
    (mine / "v2" / "data" / "ho-so.json").write_text("{hỏng", encoding="utf-8")
    server, url = serve_in_background(Settings(copy, tmp_path / "chi-muc", restricted=True, personal=True))
    try:
        status, page, _ = request(url, url_of(copy, mine, "v1"))
        assert status == 403 and "%PDF" not in page
        shutil.rmtree(mine / "v2")
        assert request(url, url_of(copy, mine, "v1"))[0] == 200  # v1 is the latest again
    finally:
        server.shutdown()


@pytest.fixture
def public_bag(resealed, tmp_path):
    """A copy of the hồ sơ as công khai only (v1), with a public rendition the test wrote itself."""
    root, folder = resealed
    copy = tmp_path / "kho"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".hoso"))
    mine = copy / folder.relative_to(root)
    shutil.rmtree(mine / "v2")
    data = mine / "v1" / "data"
    (data / PUBLIC_PDF).write_bytes(b"%PDF-1.7\n% ban cong khai cua bai kiem tra\n%%EOF\n")
    return copy, mine, data


def test_only_the_public_rendition_is_served_without_personal(public_bag, tmp_path):
    root, folder, data = public_bag
    full, public = (data / "ho-so.pdf").read_bytes(), (data / PUBLIC_PDF).read_bytes()
    assert full != public
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc"))
    try:
        for name in ("ho-so.pdf", PUBLIC_PDF):
            status, body, headers = fetch(url, url_of(root, folder, "v1", name))
            assert status == 200 and headers["Content-Type"] == "application/pdf" and body == public, name
    finally:
        server.shutdown()
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc", personal=True))
    try:
        assert fetch(url, url_of(root, folder, "v1"))[1] == full  # with --personal: the whole hồ sơ
        assert fetch(url, url_of(root, folder, "v1", PUBLIC_PDF))[1] == public  # or the public one, if asked
    finally:
        server.shutdown()


def test_a_bag_without_a_public_rendition_is_refused_without_personal(public_bag, tmp_path):
    root, folder, data = public_bag
    (data / PUBLIC_PDF).unlink()  # sealed by a hoso before public renditions
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc"))
    try:
        status, page, headers = request(url, url_of(root, folder, "v1"))
        assert status == 403 and "trước khi hoso lập bản công khai" in page and "--personal" in page
        assert "%PDF" not in page and has_security_headers(headers)
    finally:
        server.shutdown()
    server, url = serve_in_background(Settings(root, tmp_path / "chi-muc", personal=True))
    try:
        assert request(url, url_of(root, folder, "v1"))[0] == 200
    finally:
        server.shutdown()
