"""The .xlsx files Minyi hands out: a kind's template, and an export in the same columns.

Both have the data sheet first (headers in the active language, required ones marked *, a frozen
header row, column widths and formats, drop-downs and input hints), an instructions sheet, and a
hidden sheet holding the drop-down lists (Excel limits a list typed into a validation to 255
characters, a range on another sheet has no such limit)."""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import ChoiceColumn, DateColumn, DecimalColumn, IntegerColumn
from .reading import MAX_BYTES, MAX_DATA_ROWS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_ROW = MAX_DATA_ROWS + 1
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A2A")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")


def sheet_title(text):
    return re.sub(r"[\[\]:*?/\\]", " ", str(text)).strip()[:31] or "Sheet"


def _limit(text, length):
    text = str(text or "")
    return text if len(text) <= length else text[: length - 1] + "…"


def header_text(column):
    return f"*{column.header()}" if column.required else column.header()


def build(spec, actor, rows=()):
    """The workbook as bytes: the template when `rows` is empty, else an export of them."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet_title(spec.title))
    guide = workbook.create_sheet(sheet_title(_("Instructions")))
    lists = workbook.create_sheet(sheet_title(_("Drop-down lists")))
    lists.sheet_state = "hidden"

    dropdowns = {column.key: column.dropdown() for column in spec.columns if column.dropdown()}
    dropdowns.update({key: values for key, values in spec.dropdowns(actor).items() if values})
    references = _write_lists(lists, spec, dropdowns)

    for index, column in enumerate(spec.columns, start=1):
        dimension = data.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.number_format = column.number_format
    data.freeze_panes = "A2"
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(data, value=header_text(column))
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        header.append(cell)
    data.row_dimensions[1].height = 30
    data.append(header)
    styles = [data.column_dimensions[get_column_letter(index)].style_id for index in range(1, len(spec.columns) + 1)]
    body, count = _rows_xml(spec, rows, styles)
    for index, column in enumerate(spec.columns, start=1):
        validation = _validation(column, references.get(column.key))
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{max(LAST_ROW, count + 1)}")
        data.data_validations.append(validation)

    _write_guide(guide, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    if count:
        content = _insert_rows(content, DATA_SHEET, body)
    return content, count


# --- data rows, written as XML directly ----------------------------------------------------------
#
# openpyxl builds and serialises an object per cell: 190,000 cells (10,000 representatives) took
# it longer than the rest of an export together. The rows of the data sheet are therefore written
# as SpreadsheetML text and put into the sheet openpyxl wrote (with its header, column styles and
# validations) before </sheetData>. Strings are inline strings, dates Excel serial numbers in the
# column's date style, numbers plain numbers.

DATA_SHEET = "xl/worksheets/sheet1.xml"  # the first sheet created


def _cell_xml(reference, value, style):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f'<c r="{reference}" s="{style}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{reference}" s="{style}"><v>{value}</v></c>'
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _rows_xml(spec, rows, styles):
    writers = [(get_column_letter(index), column.key, column.writer(), styles[index - 1]) for index, column in enumerate(spec.columns, start=1)]
    parts, number = [], 1
    for values in rows:
        number += 1
        cells = "".join(_cell_xml(f"{letter}{number}", write(values.get(key)), style) for letter, key, write, style in writers)
        parts.append(f'<row r="{number}">{cells}</row>')
    return "".join(parts), number - 1


def _insert_rows(content, path, body):
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == path:
                head, tail = data.decode("utf-8").rsplit("</sheetData>", 1)
                data = (head + body + "</sheetData>" + tail).encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _write_lists(sheet, spec, dropdowns):
    keys = [column.key for column in spec.columns if dropdowns.get(column.key)]
    references = {}
    sheet.append([spec.column(key).header() for key in keys])
    longest = max((len(dropdowns[key]) for key in keys), default=0)
    for index in range(longest):
        sheet.append([dropdowns[key][index] if index < len(dropdowns[key]) else None for key in keys])
    for position, key in enumerate(keys, start=1):
        letter = get_column_letter(position)
        references[key] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(dropdowns[key]) + 1}"
    return references


def _validation(column, reference):
    prompt = {"showInputMessage": True, "promptTitle": _limit(column.header(), 32), "prompt": _limit(column.allowed() or "", 255)}
    if reference:
        return DataValidation(
            type="list",
            formula1=reference,
            allow_blank=True,
            showErrorMessage=column.strict_dropdown(),
            errorTitle=_limit(column.header(), 32),
            error=_limit(_("Choose a value from the drop-down list."), 255),
            **prompt,
        )
    if isinstance(column, DateColumn):
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1900,1,1)",
            formula2="DATE(2100,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_limit(column.header(), 32),
            error=_limit(_("Enter a date such as 2024-03-05."), 255),
            **prompt,
        )
    if isinstance(column, IntegerColumn):
        return DataValidation(
            type="whole",
            operator="between",
            formula1=str(column.minimum),
            formula2=str(column.maximum),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_limit(column.header(), 32),
            error=_limit(column.allowed(), 255),
            **prompt,
        )
    if isinstance(column, DecimalColumn):
        return DataValidation(
            type="decimal",
            operator="between",
            formula1=str(column.minimum),
            formula2=str(column.maximum),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_limit(column.header(), 32),
            error=_limit(column.allowed(), 255),
            **prompt,
        )
    return DataValidation(allow_blank=True, **prompt)


def _write_guide(sheet, spec):
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(*values, font=None):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.alignment = wrap
            if font is not None:
                cell.font = font
            cells.append(cell)
        sheet.append(cells)

    line(_("How to fill in the “%(sheet)s” sheet") % {"sheet": sheet_title(spec.title)}, font=Font(bold=True, size=14))
    line(str(spec.description))
    line("")
    general = [
        _("Fill in one row per %(item)s below the header row of the “%(sheet)s” sheet. Do not change or move the headers.")
        % {"item": spec.item, "sheet": sheet_title(spec.title)},
        _("Columns whose header starts with * must be filled in. Columns you leave out of the file keep their stored values."),
        _("Where a column has a drop-down list, choose from it. Write dates as 2024-03-05 or use Excel date cells."),
        _("Do not merge cells and do not use formulas: paste values only."),
        _("An empty cell clears the stored value when a record is updated, unless the column says otherwise."),
        _("At most %(rows)d rows and %(size)d MB per file.") % {"rows": MAX_DATA_ROWS, "size": MAX_BYTES // 1024 // 1024},
        _(
            "Upload the file on the Import and export page. It is checked first and every error is listed with its row and column; "
            "nothing changes until you confirm, and a file with any error is not imported at all."
        ),
        *[str(note) for note in spec.notes],
    ]
    for number, text in enumerate(general, start=1):
        line(f"{number}.", "", text)
    line("")
    line(_("Column"), _("Required"), _("What to enter"), font=bold)
    for column in spec.columns:
        required = _("Yes") if column.required else (str(column.required_note) if column.required_note else "")
        allowed = column.allowed() or ""
        if isinstance(column, ChoiceColumn):
            allowed = (allowed + " " if allowed else "") + " / ".join(column.dropdown())
        line(column.header(), required, allowed)
    line("")
    line(_("Made on %(date)s.") % {"date": timezone.localdate().isoformat()})
