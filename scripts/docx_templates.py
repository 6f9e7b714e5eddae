"""What the Word-template scripts share (make_assignment_sheet_template.py, make_suggestion_sheet_template.py,
make_reply_letter_template.py): A4 pages after GB/T 9704, fonts as Word knows them on Chinese Windows
(LibreOffice and WPS substitute their own), the red rule, and the assignment sheet's layout, which
the opinion and suggestion sheets share with their own rows."""

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

RED = RGBColor(0xC8, 0x10, 0x1E)
GREY = RGBColor(0x88, 0x88, 0x88)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"


def a4_document(*, top, bottom, body_size):
    """An empty A4 document (margins in cm) whose normal text is BODY_FONT at `body_size` points."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(body_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for empty in list(document.paragraphs):
        empty._p.getparent().remove(empty._p)
    return document


def set_font(run, name, size, *, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(document, text, *, font=BODY_FONT, size=14, bold=False, color=None, align=None, space_after=0, line_spacing=None,
              indent=False):
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if line_spacing is not None:
        p.paragraph_format.line_spacing = Pt(line_spacing)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def bottom_border(p, color="C8101E", size=18):
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def shade(cell, fill="F2F2F2"):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def sheet_template(target, rows, *, number_line, title_size, bold, rich=("text", "requirements")):
    """Write an assignment sheet template to `target`: it loops over `sheets` with a page break
    between them; red issuing office over a red rule, `number_line`, the title, the date, the form as
    a two-column table of `rows` ({{ labels.key }} | {{ s.key }}; `rich` keys as docxtpl RichText,
    which keeps line breaks; `bold` keys in bold), and the seal place at the bottom right."""
    document = a4_document(top=3.0, bottom=2.8, body_size=14)
    # docxtpl removes the paragraphs holding {%p %} tags; what lies between repeats per sheet.
    paragraph(document, "{%p for s in sheets %}")
    paragraph(document, "{{ s.office }}", font=TITLE_FONT, size=22, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=6)
    number = paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    set_font(number.add_run(number_line), BODY_FONT, 12)
    bottom_border(number)
    paragraph(document, "{{ labels.sheet }}", font=HEADING_FONT, size=title_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=6)
    paragraph(document, "{{ labels.date }}{{ s.date }}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=4)

    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, key in enumerate(rows):
        label_cell, value_cell = table.rows[index].cells
        label_cell.width, value_cell.width = Cm(3.4), Cm(12.2)
        shade(label_cell)
        label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(label_cell.paragraphs[0].add_run("{{ labels.%s }}" % key), HEADING_FONT, 12)
        placeholder = "{{r s.%s }}" if key in rich else "{{ s.%s }}"
        set_font(value_cell.paragraphs[0].add_run(placeholder % key), BODY_FONT, 12, bold=key in bold)

    paragraph(document, "", space_after=24)
    paragraph(document, "{{ s.issuer }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ labels.seal }}", size=12, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ s.date }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{%p if not loop.last %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endfor %}")

    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target
