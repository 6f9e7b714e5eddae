"""The annual report as a Word file (python-docx): a cover page, then the outline's chapters in
the layout of an official report (黑体 headings, 仿宋 body with a two-character indent, tables on a
grid, the charts as inline pictures 15.5 cm wide). Word substitutes a font a computer lacks, so
the file opens everywhere; the names are those Chinese offices use."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .outline import Chart, Heading, Paragraph, Table

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"
BODY_SIZE = Pt(12)
TABLE_SIZE = Pt(9.5)
CHART_WIDTH = Cm(15.5)
TEXT_WIDTH_CM = 15.8


def _display_width(value):
    """A Chinese character takes twice the room of a Latin one."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in str(value))


def _column_widths(table):
    """Each column's share of the text width, by its longest cell (a header counts half: it may wrap)."""
    needs = []
    for index, header in enumerate(table.headers):
        longest = max([_display_width(row[index]) for row in table.rows] or [0])
        needs.append(max(longest, _display_width(header) / 2, 4) + 3)  # + the cell's margins
    total = sum(needs)
    return [Cm(TEXT_WIDTH_CM * need / total) for need in needs]


def _font(target, name, size=None, bold=None):
    """Set a run's or a style's font, East Asian text included (python-docx sets only the Latin one)."""
    target.font.name = name
    if size is not None:
        target.font.size = size
    if bold is not None:
        target.font.bold = bold
    element = target.element if hasattr(target, "element") else target._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _styles(document):
    normal = document.styles["Normal"]
    _font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for level in (1, 2):
        style = document.styles[f"Heading {level}"]
        _font(style, HEADING_FONT, Pt(15 if level == 1 else 13), bold=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.6)


def _centred(document, text, size, font, *, bold=False, space_before=0, space_after=0):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(space_after)
    _font(paragraph.add_run(text), font, Pt(size), bold=bold)
    return paragraph


def _cover(document, outline):
    _centred(document, outline.congress, 22, TITLE_FONT, bold=True, space_before=150)
    _centred(document, outline.cover_title, 26, TITLE_FONT, bold=True, space_before=24)
    last = _centred(document, outline.date_text, 16, BODY_FONT, space_before=200)
    last.add_run().add_break(WD_BREAK.PAGE)


def _caption(document, text):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    _font(paragraph.add_run(text), HEADING_FONT, Pt(10.5))


def _repeat_header(row):
    """The header row again at the top of each page a long table runs onto."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, table):
    if table.caption:
        _caption(document, table.caption)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for index, (cell, header) in enumerate(zip(grid.rows[0].cells, table.headers)):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(str(header)), HEADING_FONT, TABLE_SIZE)
    for row in table.rows:
        for index, (cell, value) in enumerate(zip(grid.add_row().cells, row)):
            paragraph = cell.paragraphs[0]
            if index in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(paragraph.add_run(str(value)), BODY_FONT, TABLE_SIZE)
    widths = _column_widths(table)
    for column, width in zip(grid.columns, widths):
        column.width = width  # the grid LibreOffice reads; Word reads each cell's
    _repeat_header(grid.rows[0])
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = 1.15
                paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    document.add_paragraph()


def _chart(document, chart):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=CHART_WIDTH)
    _caption(document, chart.caption)


def _page_numbers(document):
    """A centred page number in the footer (a PAGE field Word fills in); none on the cover."""
    from docx.oxml import OxmlElement

    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def render(outline):
    document = Document()
    _styles(document)
    _page_numbers(document)
    document.core_properties.title = outline.title
    document.core_properties.author = outline.congress
    _cover(document, outline)
    _centred(document, outline.title, 18, TITLE_FONT, bold=True, space_after=12)
    for block in outline.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(block.text)
            if block.indent:
                paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
    note = document.add_paragraph(outline.made_on)
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
