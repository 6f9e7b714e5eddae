"""Opening an uploaded workbook without trusting it.

Whatever arrives (an empty file, a Word document, an old .xls, a zip bomb, a sheet with merged
cells or formulas, the template of another kind) ends in a FileProblem that says in the
uploader's language what is wrong; nothing here may raise anything else for bad input.
"""

import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from . import xlsx
from .columns import is_blank, normalise

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_SHEET_ROWS = 200_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileProblem(Exception):
    """The file as a whole cannot be imported; `errors` are (row, column, message) triples."""

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = [(None, "", errors)]
        super().__init__("; ".join(str(message) for _row, _column, message in errors))
        self.errors = errors


@dataclass
class Sheet:
    title: str
    columns: list  # (position in the row, Column)
    rows: list = field(default_factory=list)  # (row number, [raw values in the order of `columns`])
    formulas: list = field(default_factory=list)  # (row number, Column)
    merged: list = field(default_factory=list)  # (first row, Column or None, "A3:B3")


def check_size(size):
    if size == 0:
        raise FileProblem(_("The file is empty."))
    if size > MAX_BYTES:
        raise FileProblem(
            _("The file is %(size)s MB; at most %(limit)d MB can be imported at once. Split it into several files.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )


def sniff(handle):
    """Refuse what is plainly not an importable workbook, without parsing it."""
    handle.seek(0, 2)
    check_size(handle.tell())
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(OLE_MAGIC):
        raise FileProblem(
            _(
                "This is an Excel 97–2003 (.xls) file or a workbook protected by a password. Open it in Excel or WPS, "
                "remove any password and save it as an Excel workbook (.xlsx), then upload that."
            )
        )
    not_excel = _("This is not an Excel workbook (.xlsx). Download the template, fill it in and upload it.")
    if not head.startswith(b"PK"):
        raise FileProblem(not_excel)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(not_excel) from None
    if "xl/workbook.xml" not in names:
        raise FileProblem(not_excel)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(_("The workbook is too large once unpacked. Split it into several files."))
    handle.seek(0)


def open_workbook(handle):
    """The workbook in `handle` (binary, seekable), ready to read its sheets."""
    sniff(handle)
    try:
        return xlsx.Workbook(handle)
    except xlsx.Unreadable:
        raise FileProblem(UNREADABLE()) from None


def UNREADABLE():  # noqa: N802  (a message, translated when it is needed)
    return _("The workbook cannot be read; it may be damaged. Open it in Excel or WPS, save it again and upload it.")


def _header_row(workbook, sheet):
    for number, values in workbook.rows(sheet, until_row=1):
        return values if number == 1 else []
    return []


def _match_headers(spec, header):
    """{position: Column} for the recognised headers, the unknown ones (position, text) and repeated ones."""
    forms = {}
    for column in spec.columns:
        for form in column.header_forms():
            forms.setdefault(form, column)
    found, unknown, duplicates, seen = {}, [], [], set()
    for position, value in enumerate(header):
        if is_blank(value):
            continue
        column = forms.get(normalise(value))
        if column is None:
            unknown.append((position, str(value).strip()))
        elif column.key in seen:
            duplicates.append((position, column))
        else:
            seen.add(column.key)
            found[position] = column
    return found, unknown, duplicates


def find_sheet(workbook, spec):
    """The worksheet that carries the spec's columns (the visible one with most of them), with
    its header problems reported."""
    best = None
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        found, unknown, duplicates = _match_headers(spec, _header_row(workbook, sheet))
        if best is None or len(found) > best[0]:
            best = (len(found), sheet, found, unknown, duplicates)
    if best is None or best[0] == 0:
        raise FileProblem(
            [
                (
                    1,
                    "",
                    _("No sheet in this workbook has the columns of the “%(kind)s” template. Download the template and copy the data into it.")
                    % {"kind": spec.title},
                )
            ]
        )
    _count, sheet, found, unknown, duplicates = best
    errors = []
    present = {column.key for column in found.values()}
    for column in spec.columns:
        if column.required and column.key not in present:
            errors.append((1, column.header(), _("This column is missing; every file needs it.")))
    for position, text in unknown:
        errors.append((1, get_column_letter(position + 1), _("Unknown column “%(header)s”: remove it or use the template's header.") % {"header": text}))
    for position, column in duplicates:
        errors.append((1, f"{get_column_letter(position + 1)} {column.header()}", _("This column appears twice.")))
    if errors:
        raise FileProblem(errors)
    return sheet, sorted(found.items())


_RANGE = re.compile(r"^([A-Z]+)(\d+)")


def read_sheet(workbook, spec, *, progress=None):
    """The data rows of the spec's sheet: raw values in column order, empty rows left out."""
    sheet_info, positions = find_sheet(workbook, spec)
    sheet = Sheet(title=sheet_info.title, columns=list(positions))
    width = max(position for position, _column in positions) + 1
    merged = []
    try:
        for number, cells in workbook.rows(sheet_info, max_columns=width, merged=merged):
            if number == 1:
                continue
            if number > MAX_SHEET_ROWS:
                raise FileProblem(_("The sheet has more than %(limit)d rows. Split it into several files.") % {"limit": MAX_SHEET_ROWS})
            values = []
            filled = False
            for position, column in sheet.columns:
                value = cells[position] if position < len(cells) else None
                if isinstance(value, xlsx.Formula):
                    sheet.formulas.append((number, column))
                    value = None
                    filled = True
                elif not is_blank(value):
                    filled = True
                values.append(value)
            if filled:
                sheet.rows.append((number, values))
                if len(sheet.rows) > MAX_DATA_ROWS:
                    raise FileProblem(
                        _("The sheet has more than %(limit)d data rows. Split it into several files.") % {"limit": MAX_DATA_ROWS}
                    )
                if progress and len(sheet.rows) % 1000 == 0:
                    progress.reading(len(sheet.rows))
    except xlsx.Unreadable:
        raise FileProblem(UNREADABLE()) from None
    letters = {get_column_letter(position + 1): column for position, column in positions}
    for text in merged:
        match = _RANGE.match(text)
        if match:
            sheet.merged.append((int(match.group(2)), letters.get(match.group(1)), text))
    sheet.merged.sort(key=lambda item: item[0])
    if not sheet.rows:
        raise FileProblem([(2, "", _("The sheet has no data below the header row."))])
    return sheet
