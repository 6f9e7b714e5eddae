"""The desk asks for the city congress's report of this year; the worker (inline in tests) writes
it, and the Word file and the PDF open with the report's Chinese text and its charts. One
generation per module: it takes a few seconds."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from minyi.annual_reports.models import AnnualReport
from minyi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def title_of(congress, year):
    from minyi.annual_reports.outline import title_of

    with translation.override("zh-hans"):
        return title_of(congress, year)


@pytest.fixture
def made(client, year_of_figures):
    world = year_of_figures
    client.force_login(world.city_staff)
    response = client.post(reverse("annual_reports:index"), {"congress": world.city_congress.pk, "year": timezone.localdate().year})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("annual_reports:report", args=[report.pk])
    return world, report


def download(client, report, fmt):
    response = client.get(reverse("annual_reports:download", args=[report.pk, fmt]))
    assert response.status_code == 200, fmt
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_it_writes_a_word_file_and_a_pdf_in_chinese_with_charts_and_audits_it(client, made):
    from docx import Document
    from pypdf import PdfReader

    world, report = made
    assert report.state == AnnualReport.State.DONE and report.is_ready, report.error

    document = Document(io.BytesIO(download(client, report, "word")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert title_of(world.city_congress, report.year) in text and "十一、" in text  # the eleventh chapter, numbered in Chinese
    assert "满意率" in cells and "东宝区教育局" in cells and "城市管理" in cells  # the unit ranking and the categories, as the figures hold them
    assert len(document.inline_shapes) >= 3  # trend, categories, channels, regions

    reader = PdfReader(io.BytesIO(download(client, report, "pdf")))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert "荆门市人民代表大会" in pdf_text and "满意率" in pdf_text and "城市管理" in pdf_text and "东宝区" in pdf_text
    assert sum(len(page.images) for page in reader.pages) >= 3

    # One generation serves the rest of the module's checks: the audit log and the leader's list.
    notes = list(AuditEntry.objects.filter(object_type="annual_reports.annualreport", object_id=str(report.pk))
                 .order_by("at", "pk").values_list("action", "note", "actor_id"))
    assert notes[0][0] == AuditEntry.Action.ACTION and notes[0][1].startswith("annual report requested") and notes[0][2] == world.city_staff.pk
    assert notes[1][0] == AuditEntry.Action.ACTION and notes[1][1].startswith("annual report made in") and notes[1][2] == world.city_staff.pk
    assert notes[2:] == [(AuditEntry.Action.EXPORT, "annual report downloaded as docx", world.city_staff.pk),
                         (AuditEntry.Action.EXPORT, "annual report downloaded as pdf", world.city_staff.pk)]

    client.force_login(world.leader)
    page = client.get(reverse("annual_reports:index")).content.decode()
    assert reverse("annual_reports:download", args=[report.pk, "word"]) in page
    assert reverse("annual_reports:download", args=[report.pk, "pdf"]) in page
    assert download(client, report, "word")[:2] == b"PK"
