"""A unit's own Word template (mau-van-ban/<profile>.docx) cannot run Python, read files or exhaust the
machine: every Jinja environment of hoso is sandboxed, and any tag problem is a clear TemplateProblem
naming the template and the tag, exit 1 from `hoso render` and `hoso archive` (issue 11 §1)."""

import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import REPO
from docx import Document as Docx
from jinja2.sandbox import SandboxedEnvironment
from test_archive import DEMO_SPEECH

ID_ATTACK = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
TOUCH_ATTACK = "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}"


def override(unit: Path, text: str, where: str = "body") -> Path:
    """The unit's own ND30 template: hoso's default with ``text`` added in a paragraph (or elsewhere)."""
    own = unit / "mau-van-ban"
    own.mkdir(exist_ok=True)
    template = Docx(REPO / "templates" / "docx" / "ND30.docx")
    if where == "body":
        template.add_paragraph(text)
    elif where == "cell":
        template.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].text = text
    elif where == "header":
        template.sections[0].header.add_paragraph(text)
    elif where == "footer":
        template.sections[0].footer.add_paragraph(text)
    elif where == "title":
        template.core_properties.title = text
    template.save(own / "ND30.docx")
    return own / "ND30.docx"


def everything_written(folder: Path) -> str:
    """The text of every DOCX under ``folder`` (document, headers, properties), as stored."""
    import zipfile

    out = []
    for docx in folder.rglob("*.docx"):
        with zipfile.ZipFile(docx) as z:
            out += [z.read(name).decode("utf-8", "replace") for name in z.namelist() if name.endswith(".xml")]
    return "\n".join(out)


def test_the_exact_attack_runs_nothing(unit, hoso, tmp_path):
    override(unit, ID_ATTACK)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1
    assert "uid=" not in result.output and "uid=" not in everything_written(unit)
    message = result.stderr
    assert message.startswith("Lỗi mẫu văn bản: mẫu ") and "mau-van-ban/ND30.docx" in message
    assert "«" + ID_ATTACK + "»" in message and "'__init__'" in message and "an toàn" in message


@pytest.mark.parametrize("where", ["body", "cell", "header", "footer", "title"])
def test_no_part_of_the_template_runs_python(unit, hoso, tmp_path, where):
    marker = tmp_path / "da-chay"
    override(unit, TOUCH_ATTACK.replace("{marker}", str(marker)), where)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and "Lỗi mẫu văn bản" in result.stderr and "ND30.docx" in result.stderr
    assert not marker.exists()
    place = {"header": "đầu trang", "footer": "chân trang", "title": "thuộc tính của tệp"}.get(where)
    assert place is None or place in result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "{{ subject.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__.mro() }}",
        "{{ body.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ subject|attr('__class__') }}",
        "{{ [].append(1) }}",
        "{{ {}.update(a=1) }}",
    ],
)
def test_attributes_that_lead_to_python_are_refused(unit, hoso, tag):
    override(unit, tag)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and f"«{tag}»" in result.stderr and "mau-van-ban/ND30.docx" in result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "{% include '/etc/passwd' %}",
        "{% import '/etc/passwd' as p %}",
        "{% from '/etc/passwd' import x %}",
        "{% extends '/etc/passwd' %}",
        "{% include ['/etc/passwd', '/etc/hosts'] %}",
    ],
)
def test_no_other_file_is_read(unit, hoso, tag):
    override(unit, tag)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and "root:" not in result.output + everything_written(unit)
    assert "không được dùng {% include %}" in result.stderr and "ND30.docx" in result.stderr


@pytest.mark.parametrize(
    "tag, words",
    [
        ("{{ range(10**9)|length }}", "range() quá lớn"),
        ("{% for i in range(200000) %}x{% endfor %}", "range() quá lớn"),
        ("{{ 'x' * 10**6 }}", "quá lớn"),
        ("{{ ['x'] * 10**6 }}", "quá lớn"),
        ("{{ 2 ** 10000000 }}", "lũy thừa quá lớn"),
        ("{{ '%0999999d' % 1 }}", "độ rộng quá lớn"),
        ("{{ '{:>1000000}'.format(1) }}", "độ rộng quá lớn"),
        ("{{ 'a'.center(10**6) }}", "độ rộng quá lớn"),
        ("{{ 'a'|center(10**6) }}", "quá lớn"),
        ("{{ '%0999999d'|format(1) }}", "độ rộng quá lớn"),
        ("{{ lipsum(10**4) }}", "lipsum"),
    ],
)
def test_a_short_tag_cannot_make_a_huge_value(unit, hoso, tag, words):
    override(unit, tag)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and words in result.stderr and "ND30.docx" in result.stderr


@pytest.mark.parametrize(
    "tag, words",
    [
        ("Người soạn: {{ nguoi_soan ", "thẻ viết sai cú pháp"),
        ("{% if subject %} không đóng", "thẻ mở chưa được đóng"),
        ("{{ nguoi_soan }}", "không có giá trị 'nguoi_soan'"),
        ("{{ subject.khong_co.nua }}", "không có thuộc tính 'khong_co'"),
    ],
)
def test_tag_mistakes_are_named_in_vietnamese(unit, hoso, tag, words):
    override(unit, tag)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and words in result.stderr and "ND30.docx" in result.stderr
    assert "«" + " ".join(tag.split())[:20] in result.stderr  # the paragraph, quoted


def test_a_normal_override_still_works(unit, hoso):
    override(
        unit,
        "Ghi chú: {{ subject|upper }}{% if is_letter %} (công văn){% endif %}"
        "{% for n in range(3) %} {{ n }}{% endfor %} {{ '%02d' % 7 }} {{ 'a' * 3 }}",
    )
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 0, result.output
    written = everything_written(unit / "ra")
    assert "GHI CHÚ" not in written and "Ghi chú: " in written and " 0 1 2 07 aaa" in written


def test_the_archive_refuses_the_attack_too(unit, hoso, tmp_path):
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    marker = tmp_path / "da-chay"
    override(unit, TOUCH_ATTACK.replace("{marker}", str(marker)))
    for jobs in ("1", "2"):
        result = hoso("archive", "phien-01", "--archive", str(tmp_path / "kho"), "--jobs", jobs)
        assert result.exit_code == 1 and "ND30.docx" in result.output and "an toàn" in result.output
        assert not marker.exists() and not list((tmp_path / "kho").glob("*/*/*/v1"))
    override(unit, "{% include '/etc/passwd' %}")
    result = hoso("archive", "phien-01", "--archive", str(tmp_path / "kho"))
    assert result.exit_code == 1 and "không được dùng {% include %}" in result.output


def test_the_register_and_the_report_name_a_broken_template(unit, hoso, tmp_path):
    """`hoso status --pdf` and `hoso report` draw on the unit's template too."""
    override(unit, "{% include '/etc/passwd' %}")
    result = hoso("status", "--pdf", str(tmp_path / "so.pdf"))
    assert result.exit_code == 1 and "Lỗi mẫu văn bản" in result.stderr and "ND30.docx" in result.stderr
    result = hoso("report", "--year", "2025", "--out", str(tmp_path / "bao-cao"))
    assert result.exit_code == 1 and "Lỗi mẫu văn bản" in result.stderr and "ND30.docx" in result.stderr


def test_the_html_environments_are_sandboxed(tmp_path):
    from pipeline.documents.pdf import HTML_DIR, template_environment
    from pipeline.web.server import _environment

    for env in (template_environment(HTML_DIR), _environment()):
        assert isinstance(env, SandboxedEnvironment)
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ x.__class__.__mro__ }}").render(x="")
    (tmp_path / "t.html.j2").write_text("{{ cycler.__init__.__globals__.os }}", encoding="utf-8")
    with pytest.raises(jinja2.exceptions.SecurityError):
        template_environment(tmp_path).get_template("t.html.j2").render()
