"""The cockpit as an Excel workbook (summary, funnel, trend, each breakdown, ranking, hot topics)
and as a PDF in Chinese fonts with server-drawn bars; the matters behind a figure as Excel. The
files are real: openpyxl and pypdf read them back, with the figures of the page."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from minyi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_workbook_holds_every_part_of_the_view(client, land):
    client.force_login(land.world.leader)
    page = client.get("/desk/cockpit/").context["cockpit"]
    response = client.get("/desk/cockpit/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 12
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert "荆门市" in summary.values()
    assert page.figures.collected in summary.values()
    funnel = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in funnel] == [stage["count"] for stage in page.funnel]
    trend = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert len(trend) == 12 and sum(row[1] for row in trend) == page.figures.collected
    regions = {row[0]: row[2] for row in book.worksheets[3].iter_rows(min_row=2, values_only=True)}
    assert regions == {"东宝区": 6, "掇刀区": 2}
    texts = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "东宝区教育局" in texts and "路灯" in texts
    assert AuditEntry.objects.filter(object_type="cockpit.figures").exists()


def test_the_pdf_is_chinese_text_with_bars(client, land):
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/?region={land.longquan.code}&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "龙泉街道" in text and "龙井社区" in text and "路灯" in text
    assert "东宝区教育局" in text


def test_the_pdf_template_draws_bars_without_scripts(client, land):
    from minyi.cockpit import dashboard, filters, pdf

    chosen = filters.parse(land.world.leader, {})
    cockpit = dashboard.build(chosen)
    bars = pdf.Bars(cockpit)
    (_label, value, svg), *_rest = bars.funnel()
    assert value == 8 and "<svg" in svg and 'width="220"' in svg
    children = {line.label: svg for line, svg in bars.children()}
    assert 'width="220.0"' in children["东宝区"] and 'width="73.3"' in children["掇刀区"]


def test_the_matters_workbook_lists_the_matters_behind_the_figure(client, land):
    client.force_login(land.world.leader)
    listed = client.get(f"/desk/cockpit/matters/?region={land.world.dongbao.code}&stage=assigned")
    response = client.get(f"/desk/cockpit/matters/?region={land.world.dongbao.code}&stage=assigned&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == listed.context["page"].paginator.count == 3
    assert {row[0] for row in rows} == {
        m.tracking_code for k, m in land.matters.items() if k in ("longjing_done", "longjing_assigned", "ziling_replied")
    }
    assert book.active["A1"].value.startswith("东宝区")
    assert AuditEntry.objects.filter(object_type="cockpit.matters").exists()
