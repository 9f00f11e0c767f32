"""The ``hoso`` command: one verb per job, messages in Vietnamese.

Exit codes: 0 success, 1 the records (or an archived hồ sơ) have problems, 2 the command was used
wrongly, 3 an internal error (a bug in hoso; reported in one Vietnamese line, never as a traceback),
4 the archive is busy with another run.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import NoReturn

import click

from . import record
from .record.model import RecordSet

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns click's English usage errors into Vietnamese, and any crash into a short message."""

    def main(self, *args, **kwargs):  # noqa: D401
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())
            sys.exit(2)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx else "hoso"
            click.echo(f"Lỗi cách dùng: {_vietnamese(e.format_message())}\nXem hướng dẫn: {command} --help", err=True)
            sys.exit(2)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(130)
        except OSError as e:
            if e.errno not in _ENVIRONMENT:
                _internal(e)
            _os_failure(e, "Không đọc, ghi được tệp")  # the machine refused: rights, a full or read-only disk
        except Exception as e:  # last resort: a clerk never sees a traceback
            _internal(e)


def _internal(e: Exception) -> NoReturn:
    click.echo(
        f"Lỗi nội bộ của hoso ({type(e).__name__}: {e}). Dữ liệu không bị thay đổi. "
        "Hãy gửi lệnh vừa chạy và tệp hồ sơ cho người phụ trách kỹ thuật.",
        err=True,
    )
    sys.exit(3)


# click's own messages (a number out of range, an unknown option…), in Vietnamese.
_CLICK_MESSAGES = [
    (r"^Invalid value for (.+?): ", r"giá trị của \1 không hợp lệ: "),
    (r"^Invalid value: ", "giá trị không hợp lệ: "),
    (r"'(.*)' is not a valid integer( range)?\.", r"'\1' không phải số nguyên"),
    (r"'(.*)' is not a valid float( range)?\.", r"'\1' không phải số"),
    (r"(\S+) is not in the range (.+)\.", r"\1 nằm ngoài khoảng cho phép (\2)"),
    (r"'(.*)' is not one of (.+)\.", r"'\1' không phải một trong: \2"),
    (r"'(.*)' is not '(.+)'\.", r"'\1' không phải '\2'"),
    (r"^Missing argument '(.+)'\.", r"thiếu đối số \1"),
    (r"^Missing option '(.+)'\.", r"thiếu tùy chọn \1"),
    (r"^Missing parameter: (.+)", r"thiếu \1"),
    (r"^No such option:? '?([^'\s]+)'?\.?", r"không có tùy chọn \1"),
    (r"^No such command:? '?([^'\s]+)'?\.?", r"không có lệnh \1"),
    (r"Did you mean (.+)\?", r"Có phải \1?"),
    (r"\(Possible options: (.+)\)", r"(có thể là: \1)"),
    (r"^Got unexpected extra arguments? \((.+)\)", r"thừa đối số: \1"),
    (r"^Option '(.+)' requires an argument\.", r"tùy chọn \1 cần một giá trị"),
    (r"^Option '(.+)' requires (\d+) arguments\.", r"tùy chọn \1 cần \2 giá trị"),
    (r"^Option '(.+)' does not take a value\.", r"tùy chọn \1 không nhận giá trị"),
    (r"(?:File|Directory|Path) '(.+)' does not exist\.", r"không tìm thấy '\1'"),
    (r"(?:File|Directory|Path) '(.+)' is a file\.", r"'\1' là tệp, không phải thư mục"),
    (r"(?:File|Directory|Path) '(.+)' is a directory\.", r"'\1' là thư mục, không phải tệp"),
    (r"(?:File|Directory|Path) '(.+)' is not readable\.", r"không có quyền đọc '\1'"),
    (r"(?:File|Directory|Path) '(.+)' is not writable\.", r"không có quyền ghi '\1'"),
]


def _vietnamese(message: str) -> str:
    for pattern, replacement in _CLICK_MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


# What the system says when it refuses to read or write, in Vietnamese. Errors of the machine (rights, a
# full or read-only disk) are problems of the files (exit 1) wherever they happen; a wrong path is a
# usage error (exit 2).
_REASONS = {
    errno.EACCES: "không có quyền ghi hoặc đọc",
    errno.EPERM: "không có quyền ghi hoặc đọc",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EDQUOT: "đã hết hạn mức dung lượng trên ổ đĩa",
    errno.EIO: "lỗi đọc, ghi ổ đĩa",
    errno.EFBIG: "tệp quá lớn so với ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.ENAMETOOLONG: "tên quá dài",
    errno.ELOOP: "liên kết (symlink) trỏ vòng",
    errno.ENOENT: "không tìm thấy",
}
_ENVIRONMENT = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EIO,
    errno.EFBIG,
    errno.EMFILE,
}


def _os_failure(e: OSError, doing: str) -> NoReturn:
    """Report an error of the system while reading or writing files, and exit (1, or 2 for a wrong path)."""
    reason = _REASONS.get(e.errno, e.strerror) if e.errno else str(e)
    where = f" '{e.filename}'" if e.filename else ""
    usage = e.errno is not None and e.errno not in _ENVIRONMENT
    click.echo(f"{'Lỗi cách dùng: ' if usage else ''}{doing}{where}: {reason}.", err=True)
    sys.exit(2 if usage else 1)


def _usage(message: str) -> NoReturn:
    click.echo(f"Lỗi cách dùng: {message}", err=True)
    sys.exit(2)


def _output_file(path: Path, option: str, example: str) -> None:
    """An output file the command may write: not a folder or a special file, in a folder that exists."""
    if path.is_dir():
        _usage(f"'{path}' là thư mục; {option} cần tên một tệp, ví dụ {path / example}")
    if path.exists() and not path.is_file():
        _usage(f"'{path}' không phải tệp thường (thiết bị, đường ống…); {option} cần tên một tệp")
    folder = path.parent
    if not folder.exists():
        _usage(f"không có thư mục '{folder}' để ghi {path.name}; hãy tạo thư mục trước hoặc chọn thư mục khác")
    if not folder.is_dir():
        _usage(f"'{folder}' không phải thư mục; không ghi được {path.name} vào đó")


def _output_folder(path: Path, option: str) -> None:
    """An output folder the command may create and fill: not an existing file, its parents not files."""
    for place in (path, *path.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                what = "là tệp" if place == path else f"nằm trong '{place}', mà '{place}' là tệp"
                _usage(f"'{path}' {what}, không phải thư mục; {option} cần một thư mục")
            return


MIN_YEAR, MAX_YEAR = 1900, 2999


def _finite(value: float | None) -> float | None:
    if value is not None and value != value:  # NaN passes every range check
        raise click.BadParameter("phải là một số giây")
    return value


def _year(ctx, param, value):
    """A year option (one or several): 1900–2999."""
    for year in value if isinstance(value, tuple) else () if value is None else (value,):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise click.BadParameter(f"năm phải từ {MIN_YEAR} đến {MAX_YEAR}, không phải {year}")
    return value


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="hoso", message="hoso %(version)s")
def cli() -> None:
    """hoso: lập hồ sơ các buổi tiếp xúc, đối thoại trực tiếp với Nhân dân."""


def _load(paths: tuple[Path, ...]) -> record.Result:
    try:
        return record.load(list(paths))
    except record.UsageError as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)


def _valid(paths: tuple[Path, ...]) -> RecordSet:
    """The records at ``paths``; if any of them has a problem, every problem is reported and hoso exits 1."""
    result = _load(paths)
    if result.problems:
        _report(result)
        sys.exit(1)
    return result.records


def _report(result: record.Result) -> None:
    for problem in result.problems:
        click.echo(str(problem))
    files = {p.file for p in result.problems}
    if result.problems:
        click.echo(
            f"Có {len(result.problems)} lỗi trong {len(files)} tệp (đã kiểm tra {len(result.files)} tệp).",
            err=True,
        )
    else:
        click.echo(f"Hợp lệ: {len(result.files)} tệp, không có lỗi.", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Kiểm tra các tệp hồ sơ (tệp hoặc thư mục) và báo mọi lỗi cùng lúc.

    Mỗi lỗi một dòng: tệp:dòng:cột: khóa: lời nhắn. Thoát với mã 0 khi hợp lệ, 1 khi có lỗi,
    2 khi dùng lệnh sai.
    """
    result = _load(paths)
    _report(result)
    sys.exit(1 if result.problems else 0)


def _parse_day(ctx, param, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' không phải ngày dạng YYYY-MM-DD") from None


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Tính trạng thái kiến nghị đến ngày này (mặc định: hôm nay).",
)
def summary(paths: tuple[Path, ...], as_of: dt.date) -> None:
    """Tóm tắt: các đơn vị, các buổi tiếp xúc, đối thoại và kiến nghị theo lĩnh vực, trạng thái.

    Kiểm tra hồ sơ trước; nếu có lỗi thì chỉ báo lỗi (mã thoát 1).
    """
    from .followup.summary import summary as summary_text

    click.echo(summary_text(_valid(paths), as_of))


@cli.command(context_settings=CONTEXT)
@click.argument("record_path", metavar="RECORD", type=click.Path(path_type=Path))
@click.option(
    "--out", "out", type=click.Path(path_type=Path), help="Thư mục ghi văn bản (mặc định: van-ban/<mã buổi>)."
)
@click.option(
    "--ban-ky", "signing", is_flag=True, help="Bản để in và ký: văn bản dự thảo không có dấu DỰ THẢO ở đầu trang."
)
def render(record_path: Path, out: Path | None, signing: bool) -> None:
    """Soạn bộ văn bản của một buổi tiếp xúc, đối thoại: mỗi văn bản một tệp DOCX và một tệp PDF.

    RECORD là tệp buổi tiếp xúc, đối thoại (hoặc thư mục chứa nó). Hồ sơ được kiểm tra trước;
    nếu có lỗi thì không soạn gì (mã thoát 1). Văn bản chưa ban hành là dự thảo, có dấu DỰ THẢO ở đầu
    mỗi trang (trừ khi dùng --ban-ky); văn bản cần một điều hồ sơ ghi "không rõ" thì không soạn.
    """
    from . import documents

    target = record_path / "buoi-doi-thoai.yaml" if record_path.is_dir() else record_path
    result = _load((target,))
    if result.problems:
        _report(result)
        sys.exit(1)
    session = next((s for s in result.records.sessions if s.path.resolve() == target.resolve()), None)
    if session is None:
        click.echo(f"Lỗi cách dùng: '{record_path}' không phải tệp buổi tiếp xúc, đối thoại", err=True)
        sys.exit(2)
    out = out or Path("van-ban") / session.id
    _output_folder(out, "--out")
    try:
        rendered = documents.render_session(result.records, session, out, signing=signing)
    except documents.TemplateProblem as e:
        click.echo(f"Lỗi mẫu văn bản: {e}", err=True)
        sys.exit(1)
    except OSError as e:
        _os_failure(e, "Không ghi được văn bản")
    for r in rendered:
        state = "dự thảo" if r.document.draft else "đã ban hành"
        line = f"{r.docx}  {r.pdf.name}  {r.document.type_name or 'CÔNG VĂN'} ({state}): {r.document.subject[:60]}"
        click.echo(line)
        for note in r.document.notes:
            click.echo(f"  lưu ý: {note}", err=True)
    for refused in rendered.refused:
        why = ", ".join(refused.unknown)
        click.echo(f"không soạn {refused.stem}: hồ sơ ghi không rõ {why}", err=True)
    click.echo(f"Đã soạn {len(rendered)} văn bản vào {out}.", err=True)


def _status(ctx, param, value: str | None, every: bool = False) -> str | None:
    """A status typed with or without diacritics ("da giai quyet"): one a follow-up may record, or with
    ``every`` any status a petition can have (also "chưa giải quyết", "đã trả lời tại buổi")."""
    if value is None:
        return None
    from .record.status import StatusError, match_status

    try:
        return match_status(value, recordable_only=not every)
    except StatusError as e:
        raise click.BadParameter(str(e)) from None


@cli.command("followup", context_settings=CONTEXT)
@click.argument("petition_id", metavar="MA_KIEN_NGHI")
@click.option(
    "--status",
    "status",
    required=True,
    callback=_status,
    metavar="TRẠNG_THÁI",
    help="đang giải quyết | đã giải quyết | đã trả lời bằng văn bản | chuyển cơ quan có thẩm quyền "
    "(gõ không dấu cũng được).",
)
@click.option("--date", "day", callback=_parse_day, metavar="YYYY-MM-DD", help="Ngày có kết quả (mặc định: hôm nay).")
@click.option("--text", "text", help="Nội dung kết quả: đã làm gì; nếu chưa làm được, nêu lý do.")
@click.option("--doc", "doc_ref", metavar="SỐ/KÝ-HIỆU", help="Số và ký hiệu văn bản trả lời, ví dụ 45/UBND-KT.")
@click.option(
    "--doc-date",
    "doc_date",
    callback=lambda c, p, v: _parse_day(c, p, v) if v else None,
    metavar="YYYY-MM-DD",
    help="Ngày của văn bản trả lời (mặc định: ngày có kết quả).",
)
@click.option("--doc-issuer", "doc_issuer", help="Cơ quan ban hành văn bản trả lời.")
@click.option("--doc-subject", "doc_subject", help="Trích yếu văn bản trả lời.")
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path, exists=True),
    default=Path("."),
    show_default=True,
    help="Thư mục hồ sơ ghi chép chứa kiến nghị.",
)
def followup_command(petition_id, status, day, text, doc_ref, doc_date, doc_issuer, doc_subject, records_path) -> None:
    """Ghi kết quả giải quyết một kiến nghị (tệp ket-qua/<năm-tháng>.yaml của đơn vị).

    Kết quả được kiểm tra cùng mọi tệp của đơn vị trước khi ghi; có lỗi thì không ghi gì (mã thoát 1).
    Trạng thái "quá hạn" không ghi tay: hoso tự tính từ hạn giải quyết.
    """
    from .followup.write import Update, record_update
    from .record.model import AnswerDocument

    result = _load((records_path,))
    petition = next((p for p in result.records.petitions() if p.id == petition_id), None)
    if petition is None:
        known = [p.id for p in result.records.petitions()]
        from .text import nearest

        hint = nearest(petition_id, known)
        click.echo(
            f"Lỗi cách dùng: không có kiến nghị '{petition_id}' trong '{records_path}'"
            + (f"; có phải '{hint}'?" if hint else ""),
            err=True,
        )
        sys.exit(2)
    unit = result.records.units[petition.unit]
    document = AnswerDocument(doc_ref, doc_date or day, doc_issuer, doc_subject) if doc_ref else None
    try:
        written = record_update(unit.path.parent, unit.code, Update(petition_id, day, status, text, document))
    except OSError as e:
        _os_failure(e, "Không ghi được kết quả giải quyết")
    if written.problems:
        for problem in written.problems:
            click.echo(str(problem))
        click.echo(f"Chưa ghi gì: kết quả này làm hồ sơ của đơn vị có {len(written.problems)} lỗi.", err=True)
        sys.exit(1)
    from .record.status import statuses

    records = record.load([unit.path.parent]).records
    current = statuses(records, dt.date.today())[petition_id]
    overdue = f", quá hạn {current.days_overdue} ngày" if current.overdue else ""
    click.echo(
        f"Đã ghi kết quả giải quyết kiến nghị {petition_id} vào {record.display_path(written.path)} "
        f"(dòng {written.line})."
    )
    click.echo(f"Trạng thái hôm nay: {current.status}{overdue}.", err=True)


def _issuer(records: RecordSet, asked: tuple[str, ...]):
    from .followup.issuer import IssuerUnclear, issuing_unit

    try:
        return issuing_unit(records, asked)
    except IssuerUnclear as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)


def _units_option(records: RecordSet, units: tuple[str, ...]) -> tuple[str, ...]:
    for code in units:
        if code not in records.units:
            click.echo(
                f"Lỗi cách dùng: không có đơn vị '{code}'; các đơn vị: {', '.join(sorted(records.units))}", err=True
            )
            sys.exit(2)
    return units


@cli.command("status", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--unit", "units", multiple=True, metavar="MÃ_ĐƠN_VỊ", help="Chỉ đơn vị này (ghi nhiều lần được).")
@click.option("--year", type=int, callback=_year, help="Chỉ các buổi tiếp xúc, đối thoại trong năm này.")
@click.option("--field", "field", metavar="LĨNH_VỰC", help="Chỉ lĩnh vực này (gõ không dấu cũng được).")
@click.option(
    "--status",
    "status",
    callback=lambda c, p, v: _status(c, p, v, every=True),
    metavar="TRẠNG_THÁI",
    help="Chỉ kiến nghị có trạng thái này (gõ không dấu cũng được).",
)
@click.option("--overdue", is_flag=True, help="Chỉ kiến nghị quá hạn.")
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Tính trạng thái đến ngày này (mặc định: hôm nay).",
)
@click.option(
    "--csv", "csv_out", type=click.Path(path_type=Path, allow_dash=True), help="Ghi bảng ra tệp CSV (- : ra màn hình)."
)
@click.option(
    "--pdf",
    "pdf_out",
    type=click.Path(path_type=Path),
    help="Ghi danh sách theo thể thức văn bản của đơn vị ra tệp PDF (kèm tệp DOCX cùng tên).",
)
def status_command(paths, units, year, field, status, overdue, as_of, csv_out, pdf_out) -> None:
    """Sổ theo dõi kiến nghị: mỗi kiến nghị, buổi tiếp xúc, đối thoại, cơ quan giải quyết, hạn, trạng thái,
    số ngày quá hạn.

    PATHS là các thư mục hồ sơ ghi chép (mặc định: thư mục hiện tại). Trạng thái luôn tính từ các lần
    cập nhật kết quả và hạn giải quyết, đến ngày --as-of.
    """
    from .followup import register

    if csv_out is not None and str(csv_out) != "-":
        _output_file(csv_out, "--csv", "so-theo-doi.csv")
    if pdf_out is not None:
        _output_file(pdf_out, "--pdf", "danh-sach.pdf")
        _output_file(pdf_out.with_suffix(".docx"), "--pdf", "danh-sach.pdf")
    records = _valid(paths or (Path("."),))
    units = _units_option(records, units)
    if field is not None:
        try:
            field = register.field_named(records, field)
        except register.UnknownField as e:
            _usage(str(e))
    filters = register.Filters(units=units, year=year, field=field, status=status, overdue=overdue)
    rows = register.rows(records, as_of, filters)
    if csv_out is not None:
        text = register.to_csv(rows)
        if str(csv_out) == "-":
            click.echo(text, nl=False)
        else:
            try:
                csv_out.write_text(text, encoding="utf-8")
            except OSError as e:
                _os_failure(e, "Không ghi được tệp CSV")
            click.echo(f"Đã ghi {len(rows)} dòng vào {csv_out}.", err=True)
    if pdf_out is not None:
        from .documents import docx as docx_out
        from .documents import pdf as pdf_renderer
        from .documents.model import TemplateProblem

        issuer = _issuer(records, units)
        document = register.to_document(rows, records, issuer, as_of)
        try:
            pdf_renderer.to_pdf(document, pdf_out)
            docx_out.to_docx(
                document, pdf_out.with_suffix(".docx"), docx_out.template_for(issuer.profile, issuer.path.parent)
            )
        except TemplateProblem as e:
            click.echo(f"Lỗi mẫu văn bản: {e}", err=True)
            sys.exit(1)
        except OSError as e:
            _os_failure(e, "Không ghi được danh sách")
        click.echo(f"Đã ghi danh sách vào {pdf_out} và {pdf_out.with_suffix('.docx')}.", err=True)
    if csv_out is None and pdf_out is None:
        click.echo(register.to_table(rows, shutil.get_terminal_size((140, 20)).columns))
    click.echo(register.summary_line(rows, as_of), err=True)


@cli.command("new", context_settings=CONTEXT)
@click.argument("unit_folder", metavar="UNIT_FOLDER", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--date",
    "day",
    callback=lambda c, p, v: _parse_day(c, p, v) if v else None,
    metavar="YYYY-MM-DD",
    help="Ngày tổ chức (mặc định: buổi tiếp theo trong kế hoạch năm).",
)
@click.option("--topic", help="Chủ đề (mặc định: theo kế hoạch năm).")
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Tính kiến nghị còn tồn đọng đến ngày này (mặc định: hôm nay).",
)
def new_command(unit_folder: Path, day, topic, as_of) -> None:
    """Chuẩn bị hồ sơ ghi chép của buổi tiếp xúc, đối thoại tiếp theo.

    Lấy ngày, chủ đề, hình thức, địa điểm từ kế hoạch năm; người chủ trì, thư ký, thành phần từ buổi
    trước; ghi sẵn các văn bản cần ban hành và mọi kiến nghị của các buổi trước nữa còn chưa xong
    (kien_nghi_chuyen_tiep), để báo cáo kết quả giải quyết kiến nghị soạn được ngay. Các chỗ chỉ người
    mới điền được có chữ ĐIỀN:. Tệp mới hợp lệ ngay (hoso validate).
    """
    from .followup import scaffold

    records = _valid((unit_folder,))
    units = [u for u in records.units.values() if u.path.parent.resolve() == unit_folder.resolve()]
    if not units:
        click.echo(f"Lỗi cách dùng: '{unit_folder}' không phải thư mục đơn vị (thiếu {record.UNIT_FILE})", err=True)
        sys.exit(2)
    try:
        prepared = scaffold.build(records, units[0], as_of, day, topic)
    except scaffold.ScaffoldProblem as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)
    if prepared.folder.exists():
        click.echo(f"Lỗi cách dùng: đã có thư mục {record.display_path(prepared.folder)}; hoso không ghi đè", err=True)
        sys.exit(2)
    check = record.load([unit_folder], overrides={prepared.path: prepared.text})
    if check.problems and topic is not None and all(p.field == "chu_de" for p in check.problems):
        _usage(f"chủ đề ở --topic không ghi được vào hồ sơ: {'; '.join(p.message for p in check.problems)}")
    if check.problems:  # a bug in hoso: the scaffold must always be valid
        _report(check)
        sys.exit(3)
    try:
        prepared.folder.mkdir()
        prepared.path.write_text(prepared.text, encoding="utf-8")
    except OSError as e:
        _os_failure(e, "Không ghi được hồ sơ ghi chép mới")
    shown = record.display_path(prepared.path)
    click.echo(f"Đã chuẩn bị {prepared.session_id} ngày {prepared.day:%d/%m/%Y}: {shown}")
    if prepared.carried_over:
        click.echo(
            f"  {len(prepared.carried_over)} kiến nghị của các buổi trước nữa chưa xong được chuyển tiếp: "
            + ", ".join(prepared.carried_over)
        )
    click.echo("Cần điền hoặc kiểm tra:")
    for line, what in prepared.marks:
        click.echo(f"  {shown}:{line}: {what}")


@cli.command("report", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, callback=_year, help="Năm báo cáo (1900–2999).")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ báo cáo đơn vị này (ghi nhiều lần được); mặc định: mọi đơn vị, do cấp ủy đứng tên.",
)
@click.option(
    "--as-of", "as_of", callback=_parse_day, metavar="YYYY-MM-DD", help="Số liệu tính đến ngày này (mặc định: hôm nay)."
)
@click.option("--number", type=click.IntRange(1, 99999), help="Số văn bản (để trống: văn thư ghi khi ban hành).")
@click.option(
    "--date",
    "day",
    callback=lambda c, p, v: _parse_day(c, p, v) if v else None,
    metavar="YYYY-MM-DD",
    help="Ngày văn bản (để trống: văn thư ghi khi ký).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("bao-cao"),
    show_default=True,
    help="Thư mục ghi báo cáo.",
)
def report_command(paths, year, units, as_of, number, day, out) -> None:
    """Báo cáo năm về công tác tiếp xúc, đối thoại (phần của báo cáo thực hiện dân chủ ở cơ sở): DOCX và PDF.

    Số buổi theo kế hoạch và đã tổ chức, số đơn vị đã tổ chức, ý kiến, kiến nghị theo lĩnh vực và theo
    cấp, trả lời tại buổi và tiếp thu, giải quyết đúng hạn, chậm, chưa xong, danh sách quá hạn, và hai
    biểu đồ. PATHS là các thư mục hồ sơ ghi chép (mặc định: thư mục hiện tại).
    """
    from .documents import docx as docx_out
    from .documents import pdf as pdf_renderer
    from .documents.model import TemplateProblem
    from .followup import report

    _output_folder(out, "--out")
    records = _valid(paths or (Path("."),))
    units = _units_option(records, units)
    issuer = _issuer(records, units)
    every_unit = sorted((u for u in records.units.values() if u.existed_in(year)), key=lambda u: u.code)
    scope = [records.units[u] for u in units] if units else every_unit
    figures = report.figures(records, year, scope, as_of)
    document = report.document(figures, issuer, number, day)
    stem = f"bao-cao-nam-{year}" + (f"-{'-'.join(units)}" if units else "")
    try:
        out.mkdir(parents=True, exist_ok=True)
        pdf_renderer.to_pdf(document, out / f"{stem}.pdf")
        docx_out.to_docx(document, out / f"{stem}.docx", docx_out.template_for(issuer.profile, issuer.path.parent))
    except TemplateProblem as e:
        click.echo(f"Lỗi mẫu văn bản: {e}", err=True)
        sys.exit(1)
    except OSError as e:
        _os_failure(e, "Không ghi được báo cáo")
    click.echo(f"{out / stem}.pdf")
    click.echo(f"{out / stem}.docx")
    click.echo(
        f"Năm {year}: {len(figures.sessions)}/{figures.planned} buổi theo kế hoạch, "
        f"{len(figures.petitions)} ý kiến, kiến nghị, {len(figures.on_time())} giải quyết đúng hạn, "
        f"{len(figures.late())} chậm, {len(figures.still_open())} chưa xong "
        f"({len(figures.overdue())} quá hạn)"
        + (f", {len(unknown)} không rõ kết quả" if (unknown := figures.unknown_result()) else "")
        + f", tính đến ngày {as_of:%d/%m/%Y}.",
        err=True,
    )


def _archive_root(ctx, param, value: Path | None) -> Path:
    from .archive import default_root

    return value or default_root()


PKCS12_PASSWORD = "HOSO_SIGN_PASSWORD"  # the environment variable with the office's PKCS#12 password

ARCHIVE_OPTION = click.option(
    "--archive",
    "root",
    type=click.Path(path_type=Path, file_okay=False),
    callback=_archive_root,
    help="Thư mục kho lưu trữ (mặc định: biến môi trường HOSO_ARCHIVE, nếu không có thì archive/).",
)


@cli.command("archive", context_settings=CONTEXT)
@click.argument("path", metavar="RECORD|FOLDER", required=False, type=click.Path(path_type=Path))
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Lưu trữ mọi buổi tiếp xúc, đối thoại trong FOLDER (mặc định: thư mục hiện tại).",
)
@ARCHIVE_OPTION
@click.option("--jobs", type=click.IntRange(1, 64), help="Số hồ sơ dựng cùng lúc (mặc định: số nhân CPU).")
@click.option(
    "--wait",
    type=click.FloatRange(0, 7 * 24 * 3600),
    callback=lambda c, p, v: _finite(v),
    default=60,
    show_default=True,
    help="Số giây chờ khi kho đang được một lệnh khác ghi.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Chỉ kiểm tra hồ sơ đã kết thúc chưa và nêu việc còn thiếu; không ghi gì.",
)
@click.option(
    "--trust",
    "trust_roots",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="THƯ_MỤC",
    help="Thư mục chứng thư gốc tin cậy (.pem, .crt, .cer) để kiểm tra chữ ký số "
    "(mặc định: chung-thu-tin-cay/ trong kho lưu trữ, nếu có).",
)
@click.option(
    "--sign-with",
    "pkcs12",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="TỆP.p12",
    help="Ký số tệp PDF hồ sơ bằng chứng thư số của cơ quan (PKCS#12); "
    f"mật khẩu lấy từ biến môi trường {PKCS12_PASSWORD}.",
)
def archive_command(
    path: Path | None,
    every: bool,
    root: Path,
    jobs: int | None,
    wait: float,
    check_only: bool,
    trust_roots: Path | None,
    pkcs12: Path | None,
) -> None:
    """Đóng hồ sơ buổi tiếp xúc, đối thoại và đưa vào kho lưu trữ.

    Chỉ đóng hồ sơ của buổi đã diễn ra mà mọi văn bản đã ban hành (có số, ngày và bản đã ký, hoặc ghi
    ban_hanh: bản điện tử) hoặc ghi rõ không ban hành; biên bản và thông báo kết luận phải ban hành.
    Buổi chưa đủ thì không đóng, nêu mọi việc còn thiếu cùng lúc (tệp:dòng:cột) và thoát với mã 1;
    --check chỉ nêu mà không ghi gì.

    Mỗi hồ sơ gồm: tệp PDF/A của cả hồ sơ (bìa, mục lục văn bản, các văn bản đã đánh số tờ, chứng từ
    kết thúc), từng văn bản (DOCX, PDF, tệp gốc), dữ liệu đặc tả ho-so.json và mã kiểm tra SHA-256
    (BagIt). Bản quét (scan) được đọc chữ bằng OCR tiếng Việt để tìm kiếm được; tệp PDF ký số được giữ
    nguyên từng byte và được kiểm tra chữ ký (không có mạng nên không kiểm tra được chứng thư đã bị
    thu hồi hay chưa). Hồ sơ đã đóng không bao giờ bị ghi đè: hồ sơ ghi chép thay đổi thì thêm một lần
    đóng mới (v2, v3…) bên cạnh; không thay đổi thì không làm gì. Mã thoát 4: kho đang bận.
    """
    from . import archive

    if every:
        path = path or Path(".")
        if not path.is_dir():
            click.echo(f"Lỗi cách dùng: '{path}' không phải thư mục", err=True)
            sys.exit(2)
        target = path
    else:
        if path is None:
            click.echo(
                "Lỗi cách dùng: hãy ghi tệp buổi tiếp xúc, đối thoại, hoặc dùng --all FOLDER\n"
                "Xem hướng dẫn: hoso archive --help",
                err=True,
            )
            sys.exit(2)
        target = path / "buoi-doi-thoai.yaml" if path.is_dir() else path
    result = _load((target,))
    if result.problems:
        _report(result)
        click.echo("Chưa lưu trữ gì: hãy sửa các lỗi trên rồi chạy lại.", err=True)
        sys.exit(1)
    records = result.records
    if every:
        base = target.resolve()
        sessions = [s for s in records.sessions if s.path.resolve().is_relative_to(base)]
    else:
        sessions = [s for s in records.sessions if s.path.resolve() == target.resolve()]
    if not sessions:
        click.echo(f"Lỗi cách dùng: không có buổi tiếp xúc, đối thoại nào ở '{path}'", err=True)
        sys.exit(2)
    sessions, unfinished = _closing(result, sessions, check_only)
    if check_only or not sessions:
        if not check_only:
            click.echo("Chưa lưu trữ gì: hãy làm xong các việc trên rồi chạy lại.", err=True)
        sys.exit(1 if unfinished else 0)

    def waiting(holder: str) -> None:
        click.echo(
            f"Kho lưu trữ {root} đang được một lệnh khác ghi ({holder}); đang chờ tối đa {wait:g} giây…", err=True
        )

    def show(o: archive.Outcome) -> None:
        where = f"  {o.path}" if o.path else ""
        detail = f"{o.documents} văn bản, {o.sheets} tờ" if o.status in (archive.NEW, archive.NEW_VERSION) else ""
        detail = "; ".join(x for x in (detail, o.message) if x)
        click.echo(f"{o.status:<10} {o.session_id:<22}{where}" + (f"  ({detail})" if detail else ""))
        for note in o.notes:
            click.echo(f"  lưu ý: {o.session_id}: {note}", err=True)

    key = _signing_options(trust_roots, pkcs12)
    _output_folder(root, "--archive")
    try:
        outcomes = archive.archive(
            records,
            sessions,
            root,
            jobs=jobs,
            wait=wait,
            on_wait=waiting,
            on_outcome=show,
            trust_roots=trust_roots,
            sealing_key=key,
        )
    except archive.ArchiveBusy as e:
        click.echo(
            f"Kho lưu trữ {root} vẫn đang bận sau {wait:g} giây ({e}); chưa lưu trữ gì. Hãy chạy lại sau.", err=True
        )
        sys.exit(4)
    except OSError as e:
        # Each version is built apart and published by one rename: what was sealed before stays as it was.
        _os_failure(e, f"Chưa lưu trữ xong vào kho {root} (các hồ sơ đã đóng trước đó vẫn nguyên vẹn); lỗi ở")
    counts = Counter(o.status for o in outcomes)
    click.echo(
        f"Kho {root}: {counts[archive.NEW]} hồ sơ mới, {counts[archive.NEW_VERSION]} lần đóng mới, "
        f"{counts[archive.UNCHANGED]} không đổi, {counts[archive.FAILED]} lỗi.",
        err=True,
    )
    done = _update_index(root, None)  # the search index follows the archive
    if done.read or done.removed or done.rebuilt:
        click.echo(f"Chỉ mục tìm kiếm: đọc lại {done.read} hồ sơ, {done.entries} mục.", err=True)
    sys.exit(1 if counts[archive.FAILED] or unfinished else 0)


def _signing_options(trust_roots: Path | None, pkcs12: Path | None):
    """The office's certificate for signing (None without --sign-with), after checking that it opens and
    that every file in --trust is a certificate: a mistake there stops the run before anything is built."""
    if trust_roots is None and pkcs12 is None:
        return None  # without either, pyHanko is not even loaded
    from .archive import SealingKey, signatures

    try:
        if trust_roots is not None:
            signatures.load_trust_roots(trust_roots)
        if pkcs12 is None:
            return None
        key = SealingKey(pkcs12, _pkcs12_password())
        signatures.check_key(key.pkcs12, key.password)
        return key
    except signatures.SignatureProblem as e:
        _usage(str(e))


def _pkcs12_password() -> bytes | None:
    """The password of the office's PKCS#12 file: from the environment only, so it is never written in a
    command line, a shell history or a file of hoso's."""
    value = os.environ.get(PKCS12_PASSWORD)
    return value.encode("utf-8") if value else None


def _closing(result: record.Result, sessions: list, check_only: bool) -> tuple[list, int]:
    """The sessions whose hồ sơ may be closed; every missing item of the others printed (validate's format)."""
    from .archive import closing

    ready, unfinished, drafts, marks = [], 0, False, False
    for session in sessions:
        problems = closing.missing(result, session)
        for problem in problems:
            click.echo(str(problem))
            drafts = drafts or "dự thảo" in problem.message
            marks = marks or closing.FILL_MARK in problem.message
        if problems:
            unfinished += 1
            click.echo(f"{session.id}: chưa kết thúc hồ sơ, còn {len(problems)} việc (chưa đóng).", err=True)
        else:
            ready.append(session)
            if check_only:
                click.echo(f"{session.id}: đủ điều kiện đóng hồ sơ.", err=True)
    if marks:
        click.echo(closing.HOW_TO_FILL, err=True)
    if drafts:
        click.echo(closing.HOW_TO_ISSUE, err=True)
    return ready, unfinished


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False, type=click.Path(path_type=Path))
@ARCHIVE_OPTION
def verify(path: Path | None, root: Path) -> None:
    """Kiểm tra toàn vẹn các hồ sơ đã đóng (mặc định: cả kho lưu trữ).

    So từng tệp với mã SHA-256 đã ghi khi đóng hồ sơ và nêu tên mọi tệp bị sửa, bị cắt cụt, bị xóa
    hoặc được thêm vào, mọi liên kết, tệp đặc biệt và thư mục rỗng trong hồ sơ; kiểm tra lại mọi chữ
    ký số đã hợp lệ khi đóng hồ sơ (bản gốc ký số, chữ ký của cơ quan trên tệp PDF hồ sơ) và nêu tên
    tệp có chữ ký không còn hợp lệ; so từng lần đóng với
    sổ đăng ký của kho (so-dang-ky.txt) và nêu lần đóng bị xóa, được thêm vào, bị đổi chỗ hay bị viết
    lại, dòng sổ bị sửa hay bị xóa. PATH có thể là cả kho, thư mục một đơn vị, một năm, một hồ sơ hay
    một lần đóng (v1). Mã thoát 0: nguyên vẹn (kho chưa có sổ đăng ký: nguyên vẹn từng tệp, kèm lời
    nhắc); 1: có sai khác.
    """
    from . import archive

    path = path or root
    if not path.is_dir():
        click.echo(f"Lỗi cách dùng: không tìm thấy thư mục '{path}'", err=True)
        sys.exit(2)
    bags, findings, notes = archive.verify_path(path)
    if not bags and not findings:
        click.echo(f"Lỗi cách dùng: không có hồ sơ đã đóng nào trong '{path}'", err=True)
        sys.exit(2)
    for finding in findings:
        click.echo(str(finding))
    for note in notes:
        click.echo(note, err=True)
    if findings:
        damaged = len({f.bag for f in findings} & set(bags))
        elsewhere = sum(1 for f in findings if f.bag not in bags)
        click.echo(
            f"Có {len(findings)} sai khác trong {damaged}/{len(bags)} hồ sơ đã kiểm tra"
            + (f" ({elsewhere} về lần đóng không còn trên đĩa hoặc về sổ đăng ký)" if elsewhere else "")
            + ".",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Nguyên vẹn: {len(bags)} hồ sơ đã kiểm tra, không tệp nào bị sửa, thiếu hay thêm.", err=True)


INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục chỉ mục (mặc định: .hoso/chi-muc trong kho lưu trữ).",
)
ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(["tantivy", "whoosh"]), help="Bộ máy tìm kiếm (mặc định: tantivy)."
)


def _index_dir(root: Path, index_dir: Path | None) -> Path:
    return index_dir or root / ".hoso" / "chi-muc"


def _update_index(root: Path, index_dir: Path | None, engine: str | None = None, rebuild: bool = False):
    from .index import IndexBusy, catalog
    from .index.engine import NotAnIndex

    folder = _index_dir(root, index_dir)
    if folder.exists() and not folder.is_dir():
        _usage(f"'{folder}' là tệp, không phải thư mục chỉ mục")
    try:
        return catalog.update(root, folder, engine, rebuild)
    except IndexBusy:
        click.echo("Chỉ mục đang được một lệnh khác cập nhật; hãy chạy lại sau.", err=True)
        sys.exit(4)
    except NotAnIndex as e:
        _usage(f"{e} Hãy chọn một thư mục trống (hoặc thư mục chỉ mục cũ) ở --index")
    except OSError as e:
        _os_failure(e, f"Không cập nhật được chỉ mục tìm kiếm {folder}")


@cli.command("index", context_settings=CONTEXT)
@ARCHIVE_OPTION
@INDEX_OPTION
@ENGINE_OPTION
@click.option("--rebuild", is_flag=True, help="Lập lại chỉ mục từ đầu.")
def index_command(root: Path, index_dir: Path | None, engine: str | None, rebuild: bool) -> None:
    """Lập hoặc cập nhật chỉ mục tìm kiếm từ kho lưu trữ (chỉ đọc lại hồ sơ mới hoặc đã đổi).

    Mỗi buổi tiếp xúc, đối thoại, mỗi văn bản (toàn văn, theo từng tờ) và mỗi kiến nghị (kèm trạng thái
    giải quyết hiện nay) là một mục. Chỉ mục luôn lập lại được từ kho; chỉ mục cũ hay hỏng được lập lại.
    """
    import time

    if not root.is_dir():
        click.echo(f"Lỗi cách dùng: không có kho lưu trữ '{root}'; hãy chạy hoso archive trước", err=True)
        sys.exit(2)
    start = time.perf_counter()
    done = _update_index(root, index_dir, engine, rebuild)
    if done.rebuilt:
        click.echo(f"Lập lại chỉ mục: {done.rebuilt}", err=True)
    click.echo(
        f"Chỉ mục {_index_dir(root, index_dir)}: {done.sessions} hồ sơ trong kho, "
        f"đọc lại {done.read}, bỏ {done.removed}; "
        f"{done.entries} mục ({time.perf_counter() - start:.1f} giây)."
    )


@cli.command("search", context_settings=CONTEXT)
@click.argument("words", nargs=-1)
@ARCHIVE_OPTION
@INDEX_OPTION
@click.option("--unit", "units", multiple=True, metavar="MÃ_ĐƠN_VỊ", help="Chỉ đơn vị này (ghi nhiều lần được).")
@click.option("--year", "years", type=int, multiple=True, callback=_year, help="Chỉ năm này (ghi nhiều lần được).")
@click.option(
    "--from",
    "date_from",
    callback=lambda c, p, v: _parse_day(c, p, v) if v else None,
    metavar="YYYY-MM-DD",
    help="Từ ngày.",
)
@click.option(
    "--to",
    "date_to",
    callback=lambda c, p, v: _parse_day(c, p, v) if v else None,
    metavar="YYYY-MM-DD",
    help="Đến ngày.",
)
@click.option(
    "--level",
    "levels",
    multiple=True,
    metavar="buoi|van-ban|kien-nghi",
    help="Chỉ loại mục này: buổi, văn bản, kiến nghị.",
)
@click.option("--field", "fields", multiple=True, metavar="LĨNH_VỰC", help="Chỉ lĩnh vực này (gõ không dấu cũng được).")
@click.option("--status", "statuses", multiple=True, metavar="TRẠNG_THÁI", help="Chỉ kiến nghị có trạng thái này.")
@click.option("--overdue", is_flag=True, help="Chỉ kiến nghị quá hạn (tính đến hôm nay).")
@click.option("--chair", metavar="HỌ_TÊN", help="Người chủ trì (một phần họ tên, không dấu cũng được).")
@click.option(
    "--type",
    "doc_types",
    multiple=True,
    metavar="TÊN_LOẠI",
    help='Chỉ văn bản loại này, ví dụ "Thông báo", "Biên bản".',
)
@click.option(
    "--sort",
    type=click.Choice(["lien-quan", "ngay"]),
    default="lien-quan",
    show_default=True,
    help="Xếp theo mức liên quan hoặc ngày (mới trước).",
)
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--restricted", is_flag=True, help="Tìm cả hồ sơ có chế độ sử dụng hạn chế.")
@click.option("--personal", is_flag=True, help="Tìm và hiện cả họ tên, địa chỉ người nêu kiến nghị.")
@click.option(
    "--flat",
    is_flag=True,
    help="Danh sách phẳng: mỗi buổi, văn bản, kiến nghị là một kết quả (mặc định: mỗi hồ sơ một kết quả; "
    "chỉ lọc --level kien-nghi thì mỗi kiến nghị một kết quả).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="In kết quả dạng JSON; chỗ khớp là vị trí [đầu, cuối) trong tiêu đề và trích đoạn (trường highlights).",
)
@click.option(
    "--docx",
    "docx_out",
    type=click.Path(path_type=Path),
    help="Ghi danh sách kết quả (mọi trang) theo thể thức văn bản của đơn vị ra tệp DOCX.",
)
@click.option(
    "--pdf",
    "pdf_out",
    type=click.Path(path_type=Path),
    help="Ghi danh sách kết quả (mọi trang) theo thể thức văn bản của đơn vị ra tệp PDF.",
)
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Thư mục hồ sơ ghi chép có tệp đơn vị (don-vi.yaml) của đơn vị ban hành danh sách (--docx, --pdf).",
)
@click.option("--save", "save_as", metavar="TÊN", help="Lưu tìm kiếm này (từ và bộ lọc) với tên này.")
@click.option("--saved", "saved_name", metavar="TÊN", help="Chạy lại tìm kiếm đã lưu với tên này.")
@click.option("--list-saved", is_flag=True, help="Liệt kê các tìm kiếm đã lưu.")
@click.pass_context
def search_command(
    ctx,
    words,
    root,
    index_dir,
    units,
    years,
    date_from,
    date_to,
    levels,
    fields,
    statuses,
    overdue,
    chair,
    doc_types,
    sort,
    page,
    per_page,
    restricted,
    personal,
    flat,
    as_json,
    docx_out,
    pdf_out,
    records_path,
    save_as,
    saved_name,
    list_saved,
) -> None:
    """Tìm trong kho lưu trữ: kết luận, kiến nghị, văn bản cũ; gõ có dấu hay không dấu đều được.

    Mỗi hồ sơ là một kết quả, kèm tối đa 3 đoạn khớp nhất (văn bản, tờ số, kiến nghị) và số chỗ khớp khác.
    Mục có đủ các từ xếp trước, rồi mục có phần lớn các từ; các từ gõ liền nhau được ưu tiên khi đứng cạnh
    nhau trong văn bản; đặt cụm từ trong "…" để bắt buộc có. Số văn bản (668/TB-UBND, 11-QĐi/TW) tìm được.
    Tìm được theo số ký hiệu, người ký, cơ quan giải quyết, lĩnh vực, trạng thái. --docx, --pdf ghi danh sách
    kết quả thành văn bản DANH SÁCH của đơn vị lọc ở --unit (hoặc đơn vị duy nhất trong kho).
    """
    import json as json_module

    from .formatting import short_date
    from .index import QueryError, Results, parse_query
    from .index.filters import Filters, level, to_query

    folder = _index_dir(root, index_dir)
    if list_saved:
        _list_saved(folder)
        return
    _export_files(docx_out, pdf_out)
    filters = Filters(
        text=" ".join(words),
        units=units,
        years=years,
        date_from=date_from,
        date_to=date_to,
        levels=levels,
        fields=fields,
        statuses=statuses,
        overdue=overdue,
        chair=chair or "",
        doc_types=doc_types,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    if saved_name is not None:
        filters, flat = _saved_search(ctx, folder, saved_name, bool(words or save_as), filters, flat)
    try:
        query = to_query(filters, restricted=restricted, personal=personal)
    except QueryError as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)
    if save_as is not None:
        _save_search(folder, save_as, filters, flat)
    index = _search_index(root, index_dir)
    if filters.fields:  # a unit's own lĩnh vực ("thiên tai") is known from the index
        from .index.catalog import archived_fields

        known = archived_fields(_index_dir(root, index_dir))
        query = to_query(filters, restricted=restricted, personal=personal, known_fields=known)
    # Petitions as their own results when only petitions are asked for.
    try:
        only_petitions = {level(x) for x in filters.levels if x.strip()} == {"kiến nghị"}
    except QueryError as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)
    grouped = not flat and not only_petitions
    try:
        with index:
            results = index.search_groups(query) if grouped else index.search(query)
            if docx_out is not None or pdf_out is not None:
                _export_results(index, query, filters, grouped, records_path, docx_out, pdf_out)
    except QueryError as e:
        click.echo(f"Lỗi cách dùng: {e}", err=True)
        sys.exit(2)
    parsed = parse_query(query.text)
    if as_json:
        click.echo(json_module.dumps(_results_json(results, parsed), ensure_ascii=False, indent=2))
        return
    pages = f" (trang {results.page}/{results.pages})" if results.pages > 1 else ""
    first = (results.page - 1) * results.per_page + 1
    if isinstance(results, Results):
        click.echo(f"Tìm thấy {results.total} kết quả{pages}.", err=True)
        for n, h in enumerate(results.hits, first):
            _echo_hit(h, _hit_json(h, parsed), f"{n:>3}. ", "     ")
        return
    about = "" if results.exact else "khoảng "
    click.echo(f"Tìm thấy {about}{results.total} hồ sơ ({results.hits_total} mục khớp){pages}.", err=True)
    for n, g in enumerate(results.groups, first):
        d = _group_json(g, parsed)
        click.echo(f"{n:>3}. Hồ sơ {d['notation']}: {d['title']}")
        click.echo(f"     {d['unit_name']} · {short_date(dt.date.fromisoformat(d['date']))} · {d['hoso']}")
        for h, passage in zip(g.hits, d["passages"], strict=True):
            _echo_hit(h, passage, "     – ", "       ")
        if g.more:
            click.echo(f"     … và {g.more} mục khớp khác trong hồ sơ này")


# The search options that make up a search (what --saved replaces).
_FILTER_PARAMETERS: tuple[str, ...] = ("units", "years", "date_from", "date_to", "levels", "fields", "statuses")
_FILTER_PARAMETERS += ("overdue", "chair", "doc_types", "sort")


def _saved_search(ctx, folder: Path, name: str, typed: bool, filters, flat: bool):
    """The filters of the saved search ``name`` (page and rights as given now) and whether it lists flat."""
    import dataclasses

    from .formatting import short_date
    from .index import QueryError, saved

    given = [p for p in _FILTER_PARAMETERS if ctx.get_parameter_source(p) is not click.core.ParameterSource.DEFAULT]
    if typed or given:
        _usage("--saved chạy lại đúng tìm kiếm đã lưu; không ghi thêm từ, bộ lọc hay --save")
    try:
        found = saved.find(folder, name)
    except QueryError as e:
        _usage(str(e))
    click.echo(f"Tìm kiếm đã lưu '{found.name}' (lưu ngày {short_date(found.saved_on)}).", err=True)
    return dataclasses.replace(found.filters, page=filters.page, per_page=filters.per_page), flat or found.flat


def _save_search(folder: Path, name: str, filters, flat: bool) -> None:
    from .index import QueryError, saved

    try:
        kept = saved.save(folder, name, filters, flat)
    except QueryError as e:
        _usage(str(e))
    except OSError as e:
        _os_failure(e, "Không lưu được tìm kiếm")
    click.echo(f"Đã lưu tìm kiếm '{kept.name}'; chạy lại: hoso search --saved '{kept.name}'", err=True)


def _search_index(root: Path, index_dir: Path | None):
    """The index to search, made from the archive first when there is none (or it cannot be used)."""
    from .index import IndexUnusable, open_index

    folder = _index_dir(root, index_dir)
    try:
        return open_index(folder)
    except IndexUnusable as e:
        if not root.is_dir():
            click.echo(f"Lỗi cách dùng: không có kho lưu trữ '{root}'", err=True)
            sys.exit(2)
        click.echo(f"{e} Đang lập chỉ mục…", err=True)
        _update_index(root, index_dir)
        return open_index(folder)


def _list_saved(folder: Path) -> None:
    from .formatting import short_date
    from .index import QueryError, saved

    try:
        searches = saved.read(folder)
    except QueryError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    for s in searches:
        click.echo(f"{s.name}\t{saved.describe(s)}\t(lưu ngày {short_date(s.saved_on)})")
    click.echo(f"{len(searches)} tìm kiếm đã lưu ({saved.path_for(folder)}).", err=True)


def _export_files(docx_out: Path | None, pdf_out: Path | None) -> None:
    for path, option in ((docx_out, "--docx"), (pdf_out, "--pdf")):
        if path is not None:
            _output_file(path, option, f"ket-qua-tra-cuu.{option[2:]}")


def _export_results(index, query, filters, grouped: bool, records_path: Path, docx_out, pdf_out) -> None:
    """Write every result of the search as the issuing unit's DANH SÁCH (DOCX, PDF)."""
    from .documents.model import TemplateProblem
    from .followup import search_list
    from .index.catalog import archived_units_and_years

    records = _valid((records_path,))
    try:
        unit = search_list.issuer(records, filters.units, archived_units_and_years(index.path)[0])
    except search_list.IssuerUnclear as e:
        _usage(f"{e} bằng --unit (tệp đơn vị của nó ở thư mục --records)")
    found = search_list.collect(index, query, grouped)
    document = search_list.document(found, filters, unit, dt.date.today(), search_list.unit_names(records))
    try:
        search_list.write(document, unit, docx_out, pdf_out)
    except TemplateProblem as e:
        click.echo(f"Lỗi mẫu văn bản: {e}", err=True)
        sys.exit(1)
    except OSError as e:
        _os_failure(e, "Không ghi được danh sách kết quả")
    written = " và ".join(str(p) for p in (pdf_out, docx_out) if p is not None)
    click.echo(f"Đã ghi danh sách kết quả tra cứu của {unit.code} vào {written}.", err=True)


def _hit_json(h, parsed) -> dict:
    """One hit for programs: plain title and snippet, the matches as [start, end) offsets beside them."""
    from .index.analysis import offsets
    from .index.catalog import sheet_of

    s = h.entry.stored
    title, title_marks = offsets(h.title)
    snippet, snippet_marks = offsets(h.snippet)
    person, person_marks = offsets(h.personal) if h.personal else (None, [])
    return {
        "id": h.entry.id,
        "level": h.entry.level,
        "title": title,
        "snippet": snippet,
        "personal": person,
        "highlights": {"title": title_marks, "snippet": snippet_marks, "personal": person_marks},
        "date": h.entry.date.isoformat(),
        "unit": h.entry.unit,
        "field": h.entry.field,
        "status": h.entry.status,
        "hoso": s.get("hoso"),
        "code": s.get("code"),
        "notation": s.get("notation"),
        "document": s.get("document"),
        "reference": s.get("reference"),
        "petition": h.entry.id if h.entry.level == "kiến nghị" else None,
        "sheet": sheet_of(h.entry.text, s, parsed),
        "score": h.score,
    }


def _group_json(g, parsed) -> dict:
    """One hồ sơ found: what identifies it, its best passages, how many more of its entries match."""
    best = g.hits[0].entry
    s = best.stored
    return {
        "hoso": s.get("hoso"),
        "session": s.get("session") or g.key,
        "code": s.get("code"),
        "notation": s.get("notation"),
        "title": s.get("title") or best.title,
        "unit": best.unit,
        "unit_name": best.unit_name,
        "date": s.get("session_date") or best.date.isoformat(),
        "score": g.score,
        "matches": g.matches,
        "more": g.more,
        "passages": [_hit_json(h, parsed) for h in g.hits],
    }


def _results_json(results, parsed) -> dict:
    """Grouped results (one per hồ sơ) or a flat list, for `hoso search --json`."""
    from .index import Results

    if isinstance(results, Results):
        hits = [_hit_json(h, parsed) for h in results.hits]
        return {"grouped": False, "total": results.total, "page": results.page, "pages": results.pages, "hits": hits}
    return {
        "grouped": True,
        "total": results.total,
        "total_exact": results.exact,
        "matches": results.hits_total,
        "page": results.page,
        "pages": results.pages,
        "groups": [_group_json(g, parsed) for g in results.groups],
    }


def _echo_hit(h, d: dict, first: str, indent: str) -> None:
    """One hit on the terminal, matches in [brackets]."""
    from .formatting import short_date
    from .index import plain

    sheet = f", tờ {d['sheet']}" if d["sheet"] else ""
    click.echo(f"{first}[{d['level']}] {plain(h.title)}")
    click.echo(f"{indent}{short_date(h.entry.date)} · hồ sơ {d['notation']}{sheet} · {d['hoso']}")
    if d["status"]:
        click.echo(f"{indent}trạng thái: {d['status']}")
    if h.personal:
        click.echo(f"{indent}người nêu: {plain(h.personal)}")
    click.echo(f"{indent}{plain(h.snippet)}")


def _host_option(value: str) -> str:
    """A name given with --allow-host: a host name or an IP address (IPv6 in brackets or not), no port."""
    import re

    name = value.strip()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    if not re.fullmatch(r"\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.?", name):
        raise click.BadParameter(f"'{value}' không phải tên máy hay địa chỉ IP (ví dụ: may-van-thu, 192.168.1.20)")
    return name.strip("[]").lower().removesuffix(".")


@cli.command("serve", context_settings=CONTEXT)
@ARCHIVE_OPTION
@INDEX_OPTION
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Địa chỉ nghe; mặc định chỉ máy này truy cập được."
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--restricted", is_flag=True, help="Cho xem cả hồ sơ có chế độ sử dụng hạn chế.")
@click.option("--personal", is_flag=True, help="Cho xem họ tên, địa chỉ người nêu kiến nghị.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="TÊN",
    callback=lambda c, p, v: tuple(_host_option(x) for x in v),
    help="Tên hoặc địa chỉ máy mà trình duyệt dùng để mở trang, ngoài 127.0.0.1 và localhost "
    "(ghi nhiều lần được); trang từ chối mọi tên khác.",
)
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Thư mục hồ sơ ghi chép có tệp đơn vị (don-vi.yaml): thể thức của danh sách kết quả tải về (DOCX, PDF).",
)
def serve_command(
    root: Path,
    index_dir: Path | None,
    host: str,
    port: int,
    restricted: bool,
    personal: bool,
    allow_hosts: tuple[str, ...],
    records_path: Path,
) -> None:
    """Mở trang tra cứu trên trình duyệt: tìm kiếm, lọc, mở hồ sơ tại tờ có kết quả, sổ theo dõi kiến nghị.

    Mặc định chỉ máy này vào được (127.0.0.1), chỉ hiện hồ sơ công khai và không hiện thông tin cá nhân
    của người nêu kiến nghị. Trang chỉ trả lời khi được mở bằng 127.0.0.1, localhost, địa chỉ ở --host
    hoặc một tên ghi ở --allow-host. Trang không dùng tài nguyên Internet. Dừng bằng Ctrl+C.
    """
    from .web import Settings, make_server

    if not root.is_dir():
        click.echo(f"Lỗi cách dùng: không có kho lưu trữ '{root}'; hãy chạy hoso archive trước", err=True)
        sys.exit(2)
    _update_index(root, index_dir)
    settings = Settings(root, _index_dir(root, index_dir), restricted, personal, allow_hosts, records_path)
    try:
        server = make_server(settings, host, port)
    except OSError as e:
        reason = e.strerror or str(e)
        click.echo(
            f"Lỗi cách dùng: không mở được cổng {port} trên {host} ({reason}); "
            "hãy kiểm tra --host hoặc chọn cổng khác bằng --port",
            err=True,
        )
        sys.exit(2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Lưu ý: trang nghe trên {host}, các máy khác trong mạng cũng vào được.", err=True)
        if not allow_hosts:
            click.echo(
                "Lưu ý: máy khác mở trang bằng tên hay địa chỉ nào thì ghi tên đó bằng --allow-host; "
                "trang từ chối mọi tên chưa được cho phép.",
                err=True,
            )
    click.echo(f"Trang tra cứu: http://{host}:{server.server_address[1]}/  (dừng: Ctrl+C)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Đã dừng trang tra cứu.", err=True)
    finally:
        server.server_close()


# --- accounts of the workspace --------------------------------------------------------------------


@cli.group("user", cls=_Group, context_settings=CONTEXT)
def user() -> None:
    """Tài khoản đăng nhập trang làm việc (hoso serve): văn thư, lãnh đạo, tra cứu.

    \b
    van-thu   sửa hồ sơ ghi chép của các đơn vị được giao (--unit)
    lanh-dao  xem mọi hồ sơ, cả hồ sơ hạn chế và thông tin cá nhân
    tra-cuu   chỉ xem hồ sơ công khai, không có thông tin cá nhân, không sửa gì
    """


def _accounts_option(f):
    return click.option(
        "--accounts",
        "accounts_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path("tai-khoan.json"),
        show_default=True,
        help="Tệp tài khoản (chỉ lưu mã băm Argon2 của mật khẩu).",
    )(f)


def _password_option(f):
    return click.option(
        "--password-stdin",
        is_flag=True,
        help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho tập lệnh) thay vì hỏi.",
    )(f)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


def _accounts_call(action, *args):
    from .web import accounts

    try:
        return action(*args)
    except accounts.AccountError as e:
        click.echo(str(e), err=True)
        sys.exit(1)


@user.command("add", context_settings=CONTEXT)
@click.argument("name", metavar="TÊN_ĐĂNG_NHẬP")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["van-thu", "lanh-dao", "tra-cuu"]),
    help="Vai trò của tài khoản.",
)
@click.option(
    "--unit", "units", multiple=True, metavar="MÃ_ĐƠN_VỊ", help="Đơn vị văn thư được sửa (ghi nhiều lần được)."
)
@_accounts_option
@_password_option
def user_add(name: str, role: str, units: tuple[str, ...], accounts_path: Path, password_stdin: bool) -> None:
    """Tạo tài khoản mới; mật khẩu được hỏi (không hiện) hoặc đọc bằng --password-stdin."""
    from .web import accounts

    _accounts_call(accounts.check_name, name)
    account = _accounts_call(accounts.add, accounts_path, name, role, _password(password_stdin), list(units))
    where = f", đơn vị {', '.join(account.units)}" if account.units else ""
    click.echo(f"Đã tạo tài khoản {account.name} ({accounts.ROLES[account.role]}{where}) trong {accounts_path}.")


@user.command("remove", context_settings=CONTEXT)
@click.argument("name", metavar="TÊN_ĐĂNG_NHẬP")
@_accounts_option
def user_remove(name: str, accounts_path: Path) -> None:
    """Xóa tài khoản."""
    from .web import accounts

    _accounts_call(accounts.remove, accounts_path, name)
    click.echo(f"Đã xóa tài khoản {name}.")


@user.command("passwd", context_settings=CONTEXT)
@click.argument("name", metavar="TÊN_ĐĂNG_NHẬP")
@_accounts_option
@_password_option
def user_passwd(name: str, accounts_path: Path, password_stdin: bool) -> None:
    """Đặt mật khẩu mới cho tài khoản."""
    from .web import accounts

    if name not in _accounts_call(accounts.load, accounts_path):
        click.echo(f"Không có tài khoản '{name}'.", err=True)
        sys.exit(1)
    _accounts_call(accounts.set_password, accounts_path, name, _password(password_stdin))
    click.echo(f"Đã đặt mật khẩu mới cho {name}.")


@user.command("list", context_settings=CONTEXT)
@_accounts_option
def user_list(accounts_path: Path) -> None:
    """Liệt kê các tài khoản: tên, vai trò, đơn vị (không bao giờ in mật khẩu hay mã băm)."""
    from .web import accounts

    found = _accounts_call(accounts.load, accounts_path)
    if not found:
        click.echo(f"Chưa có tài khoản nào trong {accounts_path}.")
        return
    for a in found.values():
        units = f"  {', '.join(a.units)}" if a.units else ""
        click.echo(f"{a.name:<20} {accounts.ROLES[a.role]:<10}{units}")


# --- the bảng tổng hợp ý kiến, kiến nghị (Excel) --------------------------------------------------


@cli.command("petition-sheet", context_settings=CONTEXT)
@click.argument("out", metavar="TỆP.xlsx", type=click.Path(path_type=Path, dir_okay=False))
def petition_sheet(out: Path) -> None:
    """Ghi tệp Excel mẫu của bảng tổng hợp ý kiến, kiến nghị (để nhập bằng hoso import-petitions)."""
    from .record import sheet

    _output_file(out, "TỆP.xlsx", "bang-tong-hop.xlsx")
    try:
        out.write_bytes(sheet.template())
    except OSError as e:
        _os_failure(e, f"Không ghi được {out}")
    click.echo(f"Đã ghi bảng tổng hợp mẫu vào {out}.")


@cli.command("import-petitions", context_settings=CONTEXT)
@click.argument("record_path", metavar="TỆP_BUỔI.yaml", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("xlsx", metavar="BẢNG.xlsx", type=click.Path(path_type=Path, dir_okay=False))
def import_petitions(record_path: Path, xlsx: Path) -> None:
    """Thêm các kiến nghị của bảng tổng hợp (Excel) vào tệp buổi tiếp xúc, đối thoại.

    Mỗi dòng được kiểm tra như hoso validate; có dòng sai thì không ghi gì và báo từng lỗi ở dòng, ô
    của bảng. Chú thích và cách trình bày của tệp buổi được giữ nguyên."""
    from .record import sheet

    for path in (record_path, xlsx):
        if not path.is_file():
            _usage(f"không có tệp {path}")
    try:
        data = xlsx.read_bytes()
        result = sheet.import_petitions(record_path, data, xlsx.name)
    except sheet.SheetError as e:
        click.echo(f"{xlsx}: {e}", err=True)
        sys.exit(1)
    except UnicodeDecodeError:
        click.echo(f"{record_path}: không phải tệp văn bản UTF-8.", err=True)
        sys.exit(1)
    if result.problems:
        for problem in result.problems:
            click.echo(problem, err=True)
        click.echo(f"Chưa ghi gì vào {record_path}: sửa {len(result.problems)} lỗi trên rồi nhập lại.", err=True)
        sys.exit(1)
    click.echo(f"Đã thêm {len(result.added)} kiến nghị vào {record_path}: {', '.join(result.added)}.")


def main() -> None:
    # pypdf logs English warnings about damaged PDFs an office attaches; hoso reports what matters itself.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    cli(prog_name="hoso")
