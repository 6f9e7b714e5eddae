import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from minyi.audit.models import AuditEntry
from minyi.matters.models import Matter
from minyi.opinions import inbox, services

pytestmark = pytest.mark.django_db


COLUMNS = [key for key, _header, _width in inbox.EXPORT_COLUMNS]


def item(matter):
    return f"{matter.pk}:{matter.version}"


@pytest.fixture
def three(submission):
    return [services.submit(submission(text=f"龙井社区第{n}号路灯不亮，请维修。", phone=f"1391234567{n}"))[0] for n in range(3)]


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_bulk_accept_goes_through_for_all_but_the_stale_one(client, world, three):
    stale = item(three[1])
    services.accept(three[1], actor=world.dongbao_staff)  # someone else accepted it meanwhile
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("opinions:inbox_bulk"), {
        "action": "accept", "category": "traffic", "handling_class": "general",
        "items": [item(three[0]), stale, item(three[2])], "next": reverse("opinions:inbox") + "?status=submitted",
    }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("opinions:inbox") + "?status=submitted"
    statuses = dict(Matter.objects.filter(pk__in=[m.pk for m in three]).values_list("pk", "status"))
    assert statuses == {three[0].pk: "accepted", three[1].pk: "accepted", three[2].pk: "accepted"}
    assert Matter.objects.get(pk=three[0].pk).category == "traffic"
    assert Matter.objects.get(pk=three[1].pk).category == "city"  # the stale one kept the other person's decision
    messages = [str(m) for m in response.context["messages"]]
    assert any("2" in m for m in messages)
    assert any(three[1].tracking_code in m for m in messages)


def test_bulk_assign_to_a_unit_and_refuse_a_unit_of_another_congress(client, world, places, three):
    for matter in three:
        services.accept(matter, actor=world.dongbao_staff)
    client.force_login(world.dongbao_staff)
    current = [Matter.objects.get(pk=m.pk) for m in three]
    client.post(reverse("opinions:inbox_bulk"), {"action": "assign", "unit": world.duodao_unit.pk, "items": [item(m) for m in current]})
    assert set(Matter.objects.filter(pk__in=[m.pk for m in three]).values_list("status", flat=True)) == {"accepted"}
    client.post(reverse("opinions:inbox_bulk"), {"action": "assign", "unit": places.roads_unit.pk, "items": [item(m) for m in current]})
    assert set(Matter.objects.filter(pk__in=[m.pk for m in three]).values_list("status", flat=True)) == {"assigned"}


def test_leaders_cannot_bulk_accept(client, world, places, submission):
    matter = services.submit(submission(region_code=world.city.pk))[0]
    client.force_login(world.leader)
    client.post(reverse("opinions:inbox_bulk"), {"action": "accept", "items": [item(matter)]})
    assert Matter.objects.get(pk=matter.pk).status == "submitted"


def test_the_excel_export_has_the_filtered_list_with_masked_phones(client, world, places, submission, three):
    anonymous = services.submit(submission(text="龙泉街道井盖缺失，夜里很危险。", phone="13700001234", citizen_name="赵六", anonymous=True))[0]
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("opinions:inbox_export"), {"q": "路灯"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, rows = sheet_rows(response)
    codes = {row[0] for row in rows}
    assert codes == {m.tracking_code for m in three}
    phone_column = COLUMNS.index("phone")
    assert {row[phone_column] for row in rows} == {"139****5670", "139****5671", "139****5672"}
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "1391234567" not in flat.replace("139****567", "")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert "rows=3" in entry.note
    # Staff of the holding congress see an anonymous citizen's masked contact; it is never whole.
    response = client.post(reverse("opinions:inbox_bulk"), {"action": "export", "items": [item(anonymous)]})
    header, rows = sheet_rows(response)
    assert len(rows) == 1 and rows[0][0] == anonymous.tracking_code
    assert "13700001234" not in " ".join(str(c) for c in rows[0]) and "137****1234" in rows[0]


def test_an_export_for_someone_who_is_not_congress_staff_leaves_out_anonymous_contacts(world, submission):
    from minyi.accounts import access

    anonymous = services.submit(submission(phone="13700001234", citizen_name="赵六", anonymous=True, address="龙井社区3栋"))[0]
    content, written = inbox.export_workbook(access.actor_for(world.other_unit_staff), Matter.objects.filter(pk=anonymous.pk))
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    flat = " ".join(str(c) for c in rows[1])
    assert written == 1 and "1234" not in flat.replace(anonymous.tracking_code, "") and "赵六" not in flat and not rows[1][COLUMNS.index("address")]


def test_staff_print_the_ticked_opinions_assignment_sheets_as_one_word_file(client, world, submission):
    import io

    import docx
    from django.urls import reverse

    from minyi.matters import services as engine
    from minyi.opinions import services as opinion_services

    assigned, _created = opinion_services.submit(submission(text="龙井社区门口路灯不亮已经一周了。"))
    opinion_services.accept(assigned, actor=world.dongbao_staff)
    engine.assign(assigned, lead=world.dongbao_unit, actor=world.dongbao_staff)
    waiting, _created = opinion_services.submit(submission(text="小区门口道路积水严重，出行困难。"))
    client.force_login(world.dongbao_staff)
    chosen = [f"{m.pk}:{m.version}" for m in (assigned, waiting)]
    response = client.post(reverse("opinions:inbox_bulk"), {"action": "sheets", "items": chosen})
    assert response.status_code == 302 and reverse("matters:assignment_sheets_docx") in response["Location"]
    sheets = client.get(response["Location"])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(sheets.getvalue())).paragraphs)
    assert assigned.tracking_code in text and waiting.tracking_code not in text
    only_waiting = client.post(reverse("opinions:inbox_bulk"), {"action": "sheets", "items": [f"{waiting.pk}:{waiting.version}"]})
    assert only_waiting.status_code == 302 and "sheets.docx" not in only_waiting["Location"]
