"""Write minyi/suggestions/data/suggestion_sheet.docx, the docxtpl template of a suggestion's assignment sheet (建议交办单).

    .venv/bin/python scripts/make_suggestion_sheet_template.py

The template holds placeholders only; every word on the sheet comes from minyi/suggestions/documents.py
through gettext. It loops over `sheets` (one or many: the batch file for an assignment meeting),
with a page break between sheets. Layout after official documents (GB/T 9704): A4, red issuing
office title over a red rule, the number line, then the form as a two-column table and the seal
place at the bottom right."""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "minyi" / "suggestions" / "data" / "suggestion_sheet.docx"
RED = RGBColor(0xC8, 0x10, 0x1E)
# Font names as Word knows them on Chinese Windows; LibreOffice and WPS substitute their own.
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"

RICH = {"text", "requirements"}
ROWS = [
    ("title", "title"),
    ("lead_representative", "lead_representative"),
    ("co_signers", "co_signers"),
    ("category", "category"),
    ("session", "session"),
    ("text", "text"),
    ("lead_unit", "lead_unit"),
    ("co_units", "co_units"),
    ("reply_by", "reply_by"),
    ("co_by", "co_by"),
    ("reassign_by", "reassign_by"),
    ("requirements", "requirements"),
]


def set_font(run, name, size, *, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def paragraph(document_or_cell, text, *, font=BODY_FONT, size=14, bold=False, color=None, align=None, space_after=0):
    p = document_or_cell.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def bottom_border(p, color="C8101E", size=18):
    properties = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def shade(cell, fill="F2F2F2"):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def build():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    # docxtpl removes the paragraphs holding {%p %} tags; what lies between repeats per sheet.
    for empty in list(document.paragraphs):
        empty._p.getparent().remove(empty._p)
    paragraph(document, "{%p for s in sheets %}")
    paragraph(document, "{{ s.office }}", font=TITLE_FONT, size=22, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=6)
    number = paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    set_font(number.add_run("{{ labels.number }}{{ s.number }}"), BODY_FONT, 12)
    bottom_border(number)
    paragraph(document, "{{ labels.sheet }}", font=HEADING_FONT, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    paragraph(document, "{{ labels.date }}{{ s.date }}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=4)

    table = document.add_table(rows=len(ROWS), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (label_key, value_key) in enumerate(ROWS):
        label_cell, value_cell = table.rows[index].cells
        label_cell.width, value_cell.width = Cm(3.4), Cm(12.2)
        shade(label_cell)
        label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(label_cell.paragraphs[0].add_run(f"{{{{ labels.{label_key} }}}}"), HEADING_FONT, 12)
        # {{r }}: a docxtpl RichText, which keeps the line breaks of the citizen's text.
        placeholder = "{{r s.%s }}" if value_key in RICH else "{{ s.%s }}"
        set_font(value_cell.paragraphs[0].add_run(placeholder % value_key), BODY_FONT, 12, bold=value_key in ("lead_unit", "title"))

    paragraph(document, "", space_after=24)
    paragraph(document, "{{ s.issuer }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ labels.seal }}", size=12, color=RGBColor(0x88, 0x88, 0x88), align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ s.date }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)

    paragraph(document, "{%p if not loop.last %}")
    page_break = document.add_paragraph()
    page_break.add_run().add_break(WD_BREAK.PAGE)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endfor %}")

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(TARGET)
    return TARGET


if __name__ == "__main__":
    print(build())
