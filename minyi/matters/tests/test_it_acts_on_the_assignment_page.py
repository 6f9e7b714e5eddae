"""The unit's actions on an assignment page, through the views: sign, ask for re-assignment
within the sign window (refused after it), progress, a co-unit's contribution to the lead unit,
the lead unit's reply with a photo and a document (it reaches the citizen), an extension
request, and a stale page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minyi.accounts.models import Role
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Attachment, DeadlineExtension, Matter, ReassignmentRequest, Reply, TimelineEvent
from minyi.opinions import services as opinions
from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (fixtures)
from minyi.testing import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, places, submission):  # noqa: F811
    """A Dongbao opinion: the Dongbao unit leads, the roads unit co-handles."""
    matter, _created = opinions.submit(submission())
    opinions.accept(matter, actor=world.dongbao_staff, category="city")
    lead, co = engine.assign(matter, lead=world.dongbao_unit, co_units=[places.roads_unit], actor=world.dongbao_staff)
    co_staff = person("roads_staff", Role.UNIT_STAFF, unit=places.roads_unit, full_name="吴强")

    class Case:
        pass

    case = Case()
    case.matter, case.lead, case.co, case.lead_staff, case.co_staff = matter, lead, co, world.other_unit_staff, co_staff
    return case


def url(assignment):
    return reverse("matters:unit_assignment", args=[assignment.pk])


def post(client, assignment, action, version=None, files=None, **fields):
    data = {"action": action, "version": version if version is not None else Matter.objects.get(pk=assignment.matter_id).version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    if files:
        data.update({f"{action}-{name}": value for name, value in files.items()})
    return client.post(url(assignment), data)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_page_shows_the_matter_and_only_this_units_assignment(client, world, case):
    client.force_login(case.co_staff)
    page = client.get(url(case.co))
    assert page.status_code == 200
    html = page.content.decode()
    assert case.matter.text in html and "139****5678" in html and "王芳" in html
    assert world.dongbao_unit.name not in html  # the lead unit's assignment is not the co-unit's business
    assert client.get(url(case.lead)).status_code == 404
    assert page.context["offered"]["contribute"] and not page.context["offered"]["reply"]


def test_sign_then_progress(client, case):
    client.force_login(case.lead_staff)
    response = post(client, case.lead, "sign", note="")
    assert response.status_code == 302
    case.lead.refresh_from_db()
    assert case.lead.state == Assignment.State.SIGNED
    assert Matter.objects.get(pk=case.matter.pk).status == "handling"
    response = post(client, case.lead, "progress", note="已派人到现场查看路灯线路。")
    assert response.status_code == 302
    assert TimelineEvent.objects.filter(matter=case.matter, action="progress", note="已派人到现场查看路灯线路。").exists()
    page = client.get(url(case.lead))
    assert not page.context["offered"]["sign"] and not page.context["offered"]["reassign"]


def test_a_stale_page_is_refused_and_keeps_what_was_typed(client, case):
    client.force_login(case.lead_staff)
    seen = Matter.objects.get(pk=case.matter.pk).version
    engine.record_progress(case.co, note="协办单位已了解情况。", actor=case.co_staff)
    response = post(client, case.lead, "progress", version=seen, note="我们写的进展")
    assert response.status_code == 409
    assert str(engine.StaleMatter.message) in messages_of(response)
    assert "我们写的进展" in response.content.decode()
    assert not TimelineEvent.objects.filter(matter=case.matter, note="我们写的进展").exists()


def test_bad_input_gets_a_message_not_a_500(client, case):
    client.force_login(case.lead_staff)
    response = post(client, case.lead, "progress", note="")
    assert response.status_code == 400 and response.context["forms"]["progress"].errors
    assert client.post(url(case.lead), {"action": "nonsense"}).status_code == 400
    response = post(client, case.lead, "extend", rule="workdays:9999", reason="需要协调多个部门共同处理。")
    assert response.status_code == 400 and "rule" in response.context["forms"]["extend"].errors
    response = post(client, case.lead, "progress", version="abc", note="版本号被改过")
    assert response.status_code == 409 and "版本号被改过" in response.content.decode()


def test_co_unit_contributes_and_the_lead_unit_sees_it(client, case):
    client.force_login(case.co_staff)
    response = post(client, case.co, "contribute", text="我局将配合检修道路照明线路，预计三日内完成。")
    assert response.status_code == 302
    case.co.refresh_from_db()
    assert case.co.state == Assignment.State.CONTRIBUTED
    client.force_login(case.lead_staff)
    page = client.get(url(case.lead))
    assert "我局将配合检修道路照明线路" in page.content.decode()
    assert [r.kind for r in page.context["replies"]] == [Reply.Kind.CONTRIBUTION]


def test_a_co_unit_does_not_see_another_co_units_contribution(client, world, case, places):  # noqa: F811
    other_unit = places.roads_unit.__class__.objects.create(region=world.dongbao, name="东宝区交通运输局")
    other = Assignment.objects.create(matter=case.matter, unit=other_unit, role=Assignment.Role.CO, round=1,
                                      sign_due=case.co.sign_due, handle_due=case.co.handle_due)
    other_staff = person("traffic_staff", Role.UNIT_STAFF, unit=other_unit)
    engine.record_contribution(case.co, text="道路照明线路由我局检修。", actor=case.co_staff)
    client.force_login(other_staff)
    page = client.get(url(other))
    assert "道路照明线路由我局检修" not in page.content.decode()


def test_the_lead_unit_replies_with_attachments_and_the_citizen_gets_it(client, case):
    client.force_login(case.lead_staff)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    photo = SimpleUploadedFile("现场.jpg", buffer.getvalue(), content_type="image/jpeg")
    document = SimpleUploadedFile("维修记录.pdf", b"%PDF-1.4\n%minyi test\n", content_type="application/pdf")
    text = "经现场核查，路灯线路老化，已于今日更换，恢复照明。感谢您的反映。"
    response = post(client, case.lead, "reply", text=text, files={"photos": photo, "documents": document})
    assert response.status_code == 302, messages_of(response)
    matter = Matter.objects.get(pk=case.matter.pk)
    assert matter.status == "replied" and matter.replied_at is not None
    event = TimelineEvent.objects.get(matter=matter, action="reply")
    assert event.visibility == TimelineEvent.Visibility.PUBLIC and event.note == text
    kinds = sorted(Attachment.objects.filter(event=event).values_list("kind", flat=True))
    assert kinds == [Attachment.Kind.DOCUMENT, Attachment.Kind.IMAGE]
    # The citizen's public timeline has the reply.
    assert text in [e.note for e in opinions.public_timeline(matter)]


def test_a_fake_photo_on_a_reply_is_refused_with_the_text_kept(client, case):
    client.force_login(case.lead_staff)
    fake = SimpleUploadedFile("photo.jpg", b"not really a jpeg", content_type="image/jpeg")
    response = post(client, case.lead, "reply", text="回复正文，照片有问题。" * 2, files={"photos": fake})
    assert response.status_code == 400
    assert response.context["forms"]["reply"].errors["photos"]
    assert "回复正文，照片有问题。" in response.content.decode()
    assert Matter.objects.get(pk=case.matter.pk).status == "assigned"


def test_a_co_unit_cannot_reply(client, case):
    client.force_login(case.co_staff)
    response = post(client, case.co, "reply", text="协办单位试图直接答复群众。")
    assert response.status_code == 400
    assert any("主办" in m or "lead unit" in m for m in messages_of(response))


def test_extension_request_and_its_state(client, world, case):
    client.force_login(case.lead_staff)
    response = post(client, case.lead, "extend", rule="workdays:30", reason="涉及线路改造，需要供电公司配合施工。")
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(assignment=case.lead)
    assert extension.rule == "workdays:30" and extension.state == DeadlineExtension.State.REQUESTED
    page = client.get(url(case.lead))
    assert not page.context["offered"]["extend"]
    engine.decide_extension(extension, approve=True, actor=world.dongbao_staff)
    page = client.get(url(case.lead))
    assert list(page.context["extensions"])[0].state == DeadlineExtension.State.APPROVED
    assert page.context["assignment"].handle_rule == "workdays:30"


def test_re_assignment_within_the_window(client, case):
    client.force_login(case.lead_staff)
    page = client.get(url(case.lead))
    assert page.context["offered"]["reassign"] and page.context["window_end"] == case.lead.sign_due
    response = post(client, case.lead, "reassign", reason="路灯归区城管局管理，不属于我局职责。", suggested_unit="东宝区城市管理执法局")
    assert response.status_code == 302
    request = ReassignmentRequest.objects.get(assignment=case.lead)
    assert request.suggested_unit == "东宝区城市管理执法局"
    assert not client.get(url(case.lead)).context["offered"]["reassign"]


def test_re_assignment_after_the_window_is_refused_with_a_message(client, case):
    Assignment.objects.filter(pk=case.lead.pk).update(sign_due=datetime.date(2020, 1, 6))
    client.force_login(case.lead_staff)
    page = client.get(url(case.lead))
    assert not page.context["offered"]["reassign"]
    response = post(client, case.lead, "reassign", reason="路灯归区城管局管理，不属于我局职责。")
    assert response.status_code == 400
    assert any("签收" in m or "sign deadline" in m for m in messages_of(response))
    assert not ReassignmentRequest.objects.exists()
