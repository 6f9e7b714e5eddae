"""The assignment meeting: registered suggestions with their proposed units (edited in the row),
ticked and assigned together; one already assigned by another member of staff is reported and
left alone; then all the sheets as one Word file (a page each) and one PDF, and the Excel list."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from minyi.matters.models import Assignment, TimelineEvent
from minyi.suggestions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(world, city, raise_one):
    """Three registered suggestions: two with proposed units, one without."""
    texts = [("关于加快老旧小区雨污分流改造的建议", "我市部分老旧小区雨污合流，雨季污水外溢，建议制定三年改造计划。\n优先安排资金。"),
             ("关于完善城区停车设施建设的建议", "中心城区停车难问题突出，建议统筹规划建设立体停车场，盘活停车资源。"),
             ("关于加强城市内涝治理的建议", "汛期城区多处路段积水严重，建议系统排查排水管网，实施海绵城市建设。")]
    result = []
    for title, text in texts:
        suggestion = raise_one(city.wang, title=title, text=text)
        services.answer_invitation(suggestion, actor=city.wang_user, confirm=True)
        services.register(suggestion, actor=world.city_staff)
        suggestion.refresh_from_db()
        result.append(suggestion)
    services.plan_units(result[0], actor=world.city_staff, lead=world.city_unit, co_units=[city.water_unit])
    services.plan_units(result[1], actor=world.city_staff, lead=city.water_unit)
    return result


def test_rows_are_planned_in_place_and_assigned_together(client, world, city, registered):
    first, second, third = registered
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_meeting")).content.decode()
    for suggestion in registered:
        assert suggestion.number_label in page
    # Change the second row's plan: the housing bureau leads, the water bureau helps.
    response = client.post(reverse("suggestions:desk_meeting_plan", args=[second.pk]), {"lead": world.city_unit.pk, "co_units": [city.water_unit.pk]})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.planned_lead == world.city_unit and list(second.planned_co_units.all()) == [city.water_unit]
    # A unit of another region is refused.
    client.post(reverse("suggestions:desk_meeting_plan", args=[third.pk]), {"lead": world.dongbao_unit.pk})
    third.refresh_from_db()
    assert third.planned_lead is None

    response = client.post(reverse("suggestions:desk_meeting_assign"), {"items": [s.pk for s in registered], "note": "请按期办理"}, follow=True)
    html = response.content.decode()
    assert 'data-testid="batch-done"' in html
    assert third.number_label in html  # reported as skipped: no proposed lead unit
    for suggestion in (first, second):
        suggestion.matter.refresh_from_db()
        assert suggestion.matter.status == "assigned"
    third.matter.refresh_from_db()
    assert third.matter.status == "registered"
    assert Assignment.objects.filter(matter=first.matter, role="co", unit=city.water_unit).exists()


def test_two_staff_assigning_the_same_suggestion(client, world, city, registered):
    first = registered[0]
    from minyi.accounts.models import Role
    from minyi.testing import person

    colleague = person("city_staff_2", Role.CONGRESS_STAFF, congress=world.city_congress, full_name="李红")
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_meeting")).content.decode()
    assert first.number_label in page
    first.matter.refresh_from_db()
    seen_version = first.matter.version
    # The colleague assigns it first, from their own page.
    services.assign(first, actor=colleague, lead=world.city_unit, co_units=[city.water_unit])
    events = TimelineEvent.objects.filter(matter=first.matter).count()
    response = client.post(reverse("suggestions:desk_meeting_assign"), {"items": [first.pk]}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and first.number_label in html and 'data-testid="batch-done"' not in html
    assert Assignment.objects.filter(matter=first.matter).count() == 2  # only the colleague's lead and co-unit
    assert TimelineEvent.objects.filter(matter=first.matter).count() == events
    # On the suggestion's own page, the stale assign form is refused with a clear message.
    stale = client.post(reverse("suggestions:desk_detail", args=[first.pk]), {
        "action": "assign", "assign-expected_version": seen_version, "assign-lead": world.city_unit.pk})
    assert stale.status_code in (400, 409) and 'data-testid="action-error"' in stale.content.decode()
    assert Assignment.objects.filter(matter=first.matter).count() == 2


def test_the_batch_sheets_as_word_pdf_and_excel(client, world, city, registered):
    first, second, _third = registered
    for suggestion in (first, second):
        suggestion.refresh_from_db()
    services.assign_batch([first, second], actor=world.city_staff)
    client.force_login(world.city_staff)
    ids = f"{first.pk},{second.pk}"

    response = client.get(reverse("suggestions:desk_meeting_docx"), {"ids": ids})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert len(document.tables) == 2  # a sheet each
    for suggestion in (first, second):
        assert suggestion.number_label in text and suggestion.matter.title in text
    assert "李春梅" in text and "王建军" in text  # the lead representative and the co-signer
    assert world.city_unit.name in text and city.water_unit.name in text
    assert "优先安排资金" in text
    assert 'w:type="page"' in document.element.xml  # the sheets are apart, a page each

    response = client.get(reverse("suggestions:desk_meeting_pdf"), {"ids": ids})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
        assert first.number_label in text and first.matter.title in text and second.matter.title in text
        pages = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.count(b"\f")
        assert pages >= 2

    response = client.get(reverse("suggestions:desk_meeting_xlsx"), {"ids": ids})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [first.number_label, second.number_label]
    assert rows[1][5] == world.city_unit.name and rows[1][6] == city.water_unit.name


def test_bad_batch_requests_are_answered_plainly(client, world, registered):
    client.force_login(world.city_staff)
    assert client.get(reverse("suggestions:desk_meeting_docx"), {"ids": "1,x"}).status_code == 400
    assert client.get(reverse("suggestions:desk_meeting_docx"), {"ids": ""}).status_code == 400
    # Not assigned yet: there is no sheet.
    assert client.get(reverse("suggestions:desk_meeting_pdf"), {"ids": registered[2].pk}).status_code == 404
    response = client.post(reverse("suggestions:desk_meeting_assign"), {}, follow=True)
    assert response.status_code == 200
