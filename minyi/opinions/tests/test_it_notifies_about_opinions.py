"""Who hears what along an opinion's way (the engine's after-commit hook → the worker, which runs
at once in tests → notifications.services.notify)."""

import pytest

from minyi.accounts.models import Role
from minyi.matters import services as engine
from minyi.matters.models import Channel
from minyi.notifications.models import Notification, SmsOutbox
from minyi.opinions import services
from minyi.testing import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def received(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


@pytest.fixture
def roads_staff(places):
    return person("roads_staff", Role.UNIT_STAFF, unit=places.roads_unit, full_name="吴强")


def accepted(world, on_commit, matter):
    on_commit(services.accept, matter, actor=world.dongbao_staff, category="city")
    return matter


def test_a_new_opinion_goes_to_the_staff_of_the_congress_that_holds_it(world, submission, on_commit):
    matter, _created = on_commit(services.submit, submission())
    [note] = received(world.dongbao_staff)
    assert note.kind == "matter.new" and matter.tracking_code in note.body and "路灯" in note.title
    assert note.link == f"/desk/opinions/{matter.pk}/"
    assert received(world.city_staff) == [] and received(world.duodao_staff) == [] and received(world.rep) == []


def test_a_station_opinion_goes_to_the_stations_representative_first_then_to_staff_when_forwarded(world, places, submission, on_commit):
    matter, _created = on_commit(services.submit, submission(), channel=Channel.STATION_CODE, station=places.station)
    assert [n.kind for n in received(world.rep)] == ["matter.to_representative"]
    assert received(world.dongbao_staff) == []

    on_commit(services.forward, matter, actor=world.rep, note="已现场查看，需要城管部门处理。")
    assert [n.kind for n in received(world.dongbao_staff)] == ["matter.new"]
    assert "城管部门" in received(world.dongbao_staff)[0].body  # the representative's note
    assert len(received(world.rep)) == 1  # not told about their own forwarding


def test_escalation_goes_to_the_congress_above(world, submission, on_commit):
    matter, _created = on_commit(services.submit, submission())
    on_commit(engine.escalate, matter, to_congress=world.city_congress, actor=world.dongbao_staff, note="涉及全市路灯改造")
    [note] = received(world.city_staff)
    assert note.kind == "matter.routed"
    assert received(world.dongbao_staff, "matter.routed") == []


def test_assignment_reaches_the_people_of_every_assigned_unit(world, places, submission, on_commit, roads_staff):
    matter, _created = on_commit(services.submit, submission())
    accepted(world, on_commit, matter)
    on_commit(engine.assign, matter, lead=world.dongbao_unit, co_units=[places.roads_unit], actor=world.dongbao_staff)
    [lead_note] = received(world.other_unit_staff, "matter.assigned")
    [co_note] = received(roads_staff, "matter.assigned")
    assert lead_note.title != co_note.title
    assert received(world.unit_staff) == []  # the city unit has nothing to do with it
    assert lead_note.link == "/matters/unit/"


def test_requests_go_to_staff_and_decisions_back_to_the_unit(world, submission, on_commit):
    matter, _created = on_commit(services.submit, submission())
    accepted(world, on_commit, matter)
    [lead] = on_commit(engine.assign, matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    extension = on_commit(engine.request_extension, lead, reason="需要协调供电公司更换线路", rule="workdays:30", actor=world.other_unit_staff)
    [request] = received(world.dongbao_staff, "matter.request")
    assert "东宝区教育局" in request.title and "供电公司" in request.body

    decided = on_commit(engine.decide_extension, extension, approve=True, actor=world.dongbao_staff)
    [decision] = received(world.other_unit_staff, "matter.decision")
    assert str(decided.new_due) in decision.body


def test_the_reply_reaches_the_citizen_by_sms_with_the_tracking_code_and_the_carrying_representative(world, places, submission, on_commit):
    matter, _created = on_commit(services.submit, submission(anonymous=True), channel=Channel.STATION_CODE, station=places.station)
    on_commit(services.forward, matter, actor=world.rep)
    accepted(world, on_commit, matter)
    [lead] = on_commit(engine.assign, matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    on_commit(engine.reply, lead, text="已安排维修人员更换灯泡，路灯已恢复照明。", actor=world.other_unit_staff)

    sms = SmsOutbox.objects.get()
    assert sms.phone == "13912345678" and sms.template_key == "opinion.answered"
    assert sms.params["code"] == matter.tracking_code and matter.tracking_code in sms.params["message"]
    assert "王芳" not in sms.params["message"] and "13912345678" not in sms.params["message"]
    assert [n.kind for n in received(world.rep, "matter.replied")] == ["matter.replied"]


def test_a_citizen_with_an_account_hears_in_the_app(world, submission, on_commit):
    matter, _created = on_commit(services.submit, submission(phone=""), actor=world.citizen)
    accepted(world, on_commit, matter)
    [lead] = on_commit(engine.assign, matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    on_commit(engine.reply, lead, text="已安排维修人员更换灯泡，路灯已恢复照明。", actor=world.other_unit_staff)
    [note] = received(world.citizen, "opinion.answered")
    assert matter.tracking_code in note.body and note.link == f"/o/{matter.tracking_code}/"
    assert SmsOutbox.objects.count() == 0


def test_resolved_on_the_spot_reaches_the_citizen(world, places, submission, on_commit):
    matter, _created = on_commit(services.submit, submission(), channel=Channel.STATION_CODE, station=places.station)
    on_commit(services.resolve_on_spot, matter, actor=world.rep, text="已联系社区当场更换路灯灯泡。")
    sms = SmsOutbox.objects.get()
    assert sms.params["code"] == matter.tracking_code and matter.tracking_code in sms.params["message"]
    assert sms.template_key == "opinion.answered"


def test_anonymous_citizens_phone_never_reaches_the_unit(world, submission, on_commit):
    text = "我的电话13912345678，龙井社区门口路灯不亮已经一周了。"
    matter, _created = on_commit(services.submit, submission(text=text, anonymous=True))
    accepted(world, on_commit, matter)
    on_commit(engine.assign, matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    for note in Notification.objects.all():
        assert "13912345678" not in note.title + note.body
        assert "王芳" not in note.title + note.body
    assert received(world.other_unit_staff, "matter.assigned")


def test_unsatisfied_goes_back_to_the_unit_and_the_staff_and_auto_close_tells_nobody(world, submission, on_commit):
    import datetime

    from django.utils import timezone

    matter, _created = on_commit(services.submit, submission(phone=""), actor=world.citizen)
    accepted(world, on_commit, matter)
    [lead] = on_commit(engine.assign, matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    on_commit(engine.reply, lead, text="已安排维修人员更换灯泡。", actor=world.other_unit_staff)
    on_commit(engine.evaluate, matter, rating="unsatisfied", comment="灯还是不亮", actor=world.citizen)
    assert len(received(world.other_unit_staff, "matter.rehandle")) == 1
    assert len(received(world.dongbao_staff, "matter.rehandle")) == 1
    assert "灯还是不亮" in received(world.dongbao_staff, "matter.rehandle")[0].body

    second = matter.assignments.get(round=2)
    on_commit(engine.reply, second, text="已更换整条线路，路灯恢复。", actor=world.other_unit_staff)
    before = Notification.objects.count()
    later = timezone.now() + datetime.timedelta(days=30)
    on_commit(engine.auto_close_unevaluated, later)
    matter.refresh_from_db()
    assert matter.status == "closed"
    assert Notification.objects.count() == before


def test_nothing_is_sent_when_the_action_fails(world, submission, on_commit):
    matter, _created = on_commit(services.submit, submission())
    before = Notification.objects.count()
    with pytest.raises(engine.StaleMatter):
        on_commit(services.accept, matter, actor=world.dongbao_staff, expected_version=matter.version + 5)
    assert Notification.objects.count() == before
