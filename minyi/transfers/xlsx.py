"""A small streaming reader for .xlsx worksheets.

openpyxl builds an object per cell and reads a sheet without a <dimension> twice; a 10,000-row
file took it longer than the whole import may. This reader streams the sheet XML with the
standard library's expat parser (which refuses entity-expansion bombs since expat 2.4) and gives
each row as a list of values, like openpyxl's values_only rows: str, int, float, bool,
datetime, or None. A formula cell gives a Formula, an Excel error (#N/A…) an ErrorValue, and the
merged ranges of the sheet are collected while reading.
"""

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Built-in number formats that show dates: the international ones, and those of the Chinese,
# Japanese and Korean locales (27–36, 50–58), which Excel in China uses for 2024年3月5日.
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47, *range(27, 37), *range(50, 59)}
_COLUMN_INDEX = {}
ROW_TAGS = {MAIN + "row", STRICT + "row"}
CELL_TAGS = {MAIN + "c", STRICT + "c"}
MERGE_TAGS = {MAIN + "mergeCell", STRICT + "mergeCell"}
DATA_TAGS = {MAIN + "sheetData", STRICT + "sheetData"}
CHILD_NAMES = {namespace + name: name for namespace in (MAIN, STRICT) for name in ("f", "v", "is")}


class Unreadable(Exception):
    pass


class Formula(str):
    """The text of a formula found in a cell."""


class ErrorValue(str):
    """An Excel error shown in a cell, e.g. #N/A."""


@dataclass
class SheetInfo:
    title: str
    path: str
    hidden: bool


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _find(element, name):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text_of(element):
    """The text of a shared or inline string: its <t>, or its runs' <t>, without phonetic runs."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            t = _find(child, "t")
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


class Workbook:
    """The parts of an .xlsx needed to read its worksheets' values."""

    def __init__(self, handle):
        try:
            self.archive = zipfile.ZipFile(handle)
            self._read_workbook()
            self._read_shared_strings()
            self._read_styles()
        except (KeyError, ET.ParseError, ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise Unreadable(str(error)) from None

    def close(self):
        self.archive.close()

    def _xml(self, path):
        with self.archive.open(path) as source:
            return ET.parse(source).getroot()

    def _relationships(self, part):
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        if rels_path not in self.archive.namelist():
            return {}
        targets = {}
        for rel in self._xml(rels_path).iter(PACKAGE_RELS):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return targets

    def _read_workbook(self):
        names = set(self.archive.namelist())
        root_rels = self._relationships("")
        main = next((path for kind, path in root_rels.values() if kind == "officeDocument"), "xl/workbook.xml")
        if main not in names:
            raise KeyError(main)
        self.main_path = main
        root = self._xml(main)
        self.rels = self._relationships(main)
        properties = next((child for child in root if _local(child.tag) == "workbookPr"), None)
        self.epoch = CALENDAR_MAC_1904 if properties is not None and properties.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        self.sheets = []
        sheets = next((child for child in root if _local(child.tag) == "sheets"), None)
        for sheet in sheets if sheets is not None else ():
            kind, path = self.rels.get(sheet.get(RELATIONSHIP), ("", ""))
            if kind != "worksheet" or path not in names:
                continue  # a chart sheet, or a broken reference
            self.sheets.append(SheetInfo(sheet.get("name", ""), path, sheet.get("state", "visible") != "visible"))

    def _part(self, kind):
        return next((path for part_kind, path in self.rels.values() if part_kind == kind), None)

    def _read_shared_strings(self):
        self.shared = []
        path = self._part("sharedStrings")
        if not path or path not in self.archive.namelist():
            return
        with self.archive.open(path) as source:
            for _event, element in ET.iterparse(source, events=("end",)):
                if _local(element.tag) == "si":
                    self.shared.append(_text_of(element))
                    element.clear()

    def _read_styles(self):
        self.date_styles = set()
        path = self._part("styles")
        if not path or path not in self.archive.namelist():
            return
        root = self._xml(path)
        formats = dict(BUILTIN_FORMATS)
        custom = next((child for child in root if _local(child.tag) == "numFmts"), None)
        for fmt in custom if custom is not None else ():
            formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        xfs = next((child for child in root if _local(child.tag) == "cellXfs"), None)
        for index, xf in enumerate(xfs if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            if number in DATE_FORMAT_IDS or (number in formats and number >= 164 and is_date_format(formats[number])):
                self.date_styles.add(index)

    # --- worksheets ----------------------------------------------------------------------------

    def rows(self, sheet, *, max_columns=None, merged=None, until_row=None):
        """(row number, [values]) for each row of `sheet` that has a cell; values are positioned
        by column (index 0 is column A). `merged` (a list) receives the merged ranges."""
        try:
            yield from self._rows(sheet, max_columns, merged, until_row)
        except (ET.ParseError, KeyError, ValueError, IndexError, zipfile.BadZipFile, OSError, EOFError) as error:
            raise Unreadable(str(error)) from None

    def _rows(self, sheet, max_columns, merged, until_row):
        row_number = 0
        events = ("start", "end") if until_row is not None else ("end",)
        with self.archive.open(sheet.path) as source:
            for event, element in ET.iterparse(source, events=events):
                tag = element.tag
                if event == "start":
                    if tag in ROW_TAGS and (int(element.get("r") or row_number + 1)) > until_row:
                        return
                    continue
                if tag in ROW_TAGS:
                    given = element.get("r")
                    row_number = int(given) if given else row_number + 1
                    values = []
                    for cell in element:
                        if cell.tag in CELL_TAGS:
                            self._cell(cell, values, max_columns)
                    element.clear()
                    yield row_number, values
                elif tag in MERGE_TAGS and merged is not None:
                    merged.append(element.get("ref", ""))
                elif tag in DATA_TAGS and merged is None:
                    return

    def _cell(self, element, values, max_columns):
        ref = element.get("r")
        if ref:
            letters = ref.rstrip("0123456789")
            column = _COLUMN_INDEX.get(letters)
            if column is None:
                column = _COLUMN_INDEX[letters] = column_index_from_string(letters) - 1
        else:
            column = len(values)
        if max_columns is not None and column >= max_columns:
            return
        kind = element.get("t", "n")
        formula = value_element = inline = None
        for child in element:
            name = CHILD_NAMES.get(child.tag)
            if name == "f":
                formula = child
            elif name == "v":
                value_element = child
            elif name == "is":
                inline = child
        if formula is not None:
            value = Formula(formula.text or "")
        elif kind == "inlineStr":
            value = _text_of(inline) if inline is not None else None
        elif value_element is None or value_element.text is None:
            value = None
        else:
            text = value_element.text
            if kind == "s":
                value = self.shared[int(text)]
            elif kind == "str":
                value = text
            elif kind == "b":
                value = text.strip() in ("1", "true")
            elif kind == "e":
                value = ErrorValue(text)
            elif kind == "d":
                value = text  # an ISO 8601 date; the column reads it as text
            else:
                number = float(text) if any(mark in text for mark in ".eE") else int(text)
                style = element.get("s")
                if style is not None and int(style) in self.date_styles:
                    value = from_excel(number, self.epoch)
                else:
                    value = number
        if column >= len(values):
            values.extend([None] * (column - len(values) + 1))
        values[column] = value
