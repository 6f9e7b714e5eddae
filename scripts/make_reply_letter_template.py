"""Write minyi/suggestions/data/reply_letter.docx, the docxtpl template of a suggestion's reply letter (答复函).

    .venv/bin/python scripts/make_reply_letter_template.py

The template holds placeholders only; every word comes from minyi/suggestions/letters.py through
gettext. Layout after official letters (GB/T 9704): A4, the unit's name in red over a red rule,
the class mark top left (A类 …), the heading, the salutation to the representatives, the opening,
the reply text (a docxtpl RichText, keeping line breaks), the closing, the head who signs off,
the seal place and date at the bottom right, the contact line and the copy-to line."""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "minyi" / "suggestions" / "data" / "reply_letter.docx"
RED = RGBColor(0xC8, 0x10, 0x1E)
GREY = RGBColor(0x88, 0x88, 0x88)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"


def set_font(run, name, size, *, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(document, text, *, font=BODY_FONT, size=16, bold=False, color=None, align=None, space_after=0, indent=False):
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
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


def build():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for empty in list(document.paragraphs):
        empty._p.getparent().remove(empty._p)

    paragraph(document, "{{ class_mark }}", font=HEADING_FONT, size=16, space_after=6)
    title = paragraph(document, "{{ unit }}", font=TITLE_FONT, size=26, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    bottom_border(title)
    paragraph(document, "{{ reference }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    paragraph(document, "{{ heading }}", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    paragraph(document, "{{ salutation }}")
    paragraph(document, "{{ opening }}", indent=True)
    p = paragraph(document, "", indent=True)
    set_font(p.add_run("{{r text }}"), BODY_FONT, 16)
    paragraph(document, "{{ closing }}", indent=True, space_after=24)
    paragraph(document, "{{ signed_line }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ unit }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ seal }}", size=12, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=24)
    paragraph(document, "{{ contact_line }}", size=14)
    copy = paragraph(document, "{{ copy_to }}", size=14)
    bottom_border(copy, color="000000", size=6)
    paragraph(document, "{{ draft_note }}", size=10, color=GREY)

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(TARGET)
    return TARGET


if __name__ == "__main__":
    print(build())
