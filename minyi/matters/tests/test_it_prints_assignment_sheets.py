"""The assignment sheet (交办单) as Word and PDF, for the holding congress's staff and the assigned
unit only, audited as an export; and the batch Word file for staff."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from minyi.audit.models import AuditEntry
from minyi.matters import services as engine
from minyi.opinions import services as opinions
from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(world, places, submission):  # noqa: F811
    matter, _created = opinions.submit(submission(text="龙井社区门口路灯不亮已经一周了。\n晚上出行很不方便。"))
    opinions.accept(matter, actor=world.dongbao_staff, category="city")
    return engine.assign(matter, lead=world.dongbao_unit, co_units=[places.roads_unit], actor=world.dongbao_staff)


def word_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document


def test_the_unit_gets_its_sheet_in_word(client, world, assignments):
    lead, _co = assignments
    client.force_login(world.other_unit_staff)
    response = client.get(reverse("matters:assignment_sheet_docx", args=[lead.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text, _document = word_text(response.content)
    assert world.dongbao_unit.name in text
    assert lead.matter.tracking_code in text
    assert "东宝区人民代表大会" in text and "城市管理" in text and "王芳" in text and "139****5678" in text
    assert "{{" not in text and "{%" not in text
    assert "龙井社区门口路灯不亮已经一周了。\n晚上出行很不方便。" in text  # the citizen's line break kept
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, object_type="matters.assignment_sheet")
    assert entry.changes["filters"]["format"] == "docx"


def test_the_pdf_sheet_is_in_chinese(client, world, assignments):
    lead, _co = assignments
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("matters:assignment_sheet_pdf", args=[lead.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
        assert "东宝区教育局" in text and lead.matter.tracking_code in text


def test_only_the_holding_staff_and_the_assigned_unit_may_print(client, world, assignments):
    lead, _co = assignments
    url = reverse("matters:assignment_sheet_docx", args=[lead.pk])
    client.force_login(world.unit_staff)  # another unit
    assert client.get(url).status_code == 404
    client.force_login(world.duodao_staff)  # staff of another congress
    assert client.get(url).status_code == 404
    client.force_login(world.city_staff)  # staff above, who see the matter but do not hold it
    assert client.get(url).status_code == 403
    client.force_login(world.citizen)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_anonymous_citizen_stays_hidden_on_the_units_sheet(client, world, places, submission):  # noqa: F811
    matter, _created = opinions.submit(submission(anonymous=True, citizen_name="不愿透露", phone="13800002222"))
    opinions.accept(matter, actor=world.dongbao_staff, category="city")
    lead = engine.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)[0]
    client.force_login(world.other_unit_staff)
    text, _document = word_text(client.get(reverse("matters:assignment_sheet_docx", args=[lead.pk])).content)
    assert "不愿透露" not in text and "2222" not in text


def test_staff_print_a_batch_one_sheet_per_page(client, world, assignments):
    lead, co = assignments
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("matters:assignment_sheets_docx") + f"?ids={lead.pk},{co.pk}")
    assert response.status_code == 200
    text, document = word_text(response.content)
    assert world.dongbao_unit.name in text and "东宝区城市管理执法局" in text
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, object_type="matters.assignment_sheet")
    assert entry.note == "rows=2"


def test_the_batch_refuses_bad_lists_and_units(client, world, assignments):
    lead, co = assignments
    url = reverse("matters:assignment_sheets_docx")
    client.force_login(world.dongbao_staff)
    assert client.get(url + "?ids=1,abc").status_code == 400
    assert client.get(url).status_code == 400
    assert client.get(url + f"?ids={lead.pk},999999").status_code == 404
    client.force_login(world.other_unit_staff)
    assert client.get(url + f"?ids={lead.pk}").status_code == 403
