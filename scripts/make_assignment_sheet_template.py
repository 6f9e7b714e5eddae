"""Write minyi/matters/data/assignment_sheet.docx, the docxtpl template of the assignment sheet (交办单).

    .venv/bin/python scripts/make_assignment_sheet_template.py

The template holds placeholders only; every word on the sheet comes from minyi/matters/documents.py
through gettext. It loops over `sheets` (one or many), with a page break between sheets; the layout
is docx_templates.sheet_template's."""

from pathlib import Path

from docx_templates import sheet_template

TARGET = Path(__file__).resolve().parent.parent / "minyi" / "matters" / "data" / "assignment_sheet.docx"
ROWS = ["unit", "role", "kind", "category", "handling_class", "region", "title", "text", "sign_by", "reply_by", "raised_by",
        "assigned_by", "requirements"]


def build():
    return sheet_template(TARGET, ROWS, number_line="{{ labels.number }}{{ s.number }}    {{ labels.tracking_code }}{{ s.tracking_code }}",
                          title_size=20, bold={"unit", "title"})


if __name__ == "__main__":
    print(build())
