"""An unsatisfied citizen sends an on-the-spot resolution back to whoever resolved it: no unit was
involved, so the matter cannot wait in "handling" for a unit that does not exist."""

import pytest

from minyi.matters.models import Channel, TimelineEvent
from minyi.opinions import services

pytestmark = pytest.mark.django_db


def test_unsatisfied_goes_back_to_the_station_representative_once(world, places, submission):
    matter, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    services.resolve_on_spot(matter, actor=world.rep, text="已联系社区当天修复路灯。")
    services.evaluate_by_code(matter, rating="unsatisfied", comment="只修好了一盏，另一盏还不亮。")
    matter.refresh_from_db()
    assert (matter.status, matter.round) == ("with_representative", 2)
    services.resolve_on_spot(matter, actor=world.rep, text="两盏路灯均已修复，并拍照确认。")
    # The second answer is judged again; with no round left even "unsatisfied" closes it.
    services.evaluate_by_code(matter, rating="unsatisfied", comment="还是不满意")
    matter.refresh_from_db()
    assert matter.status == "closed"


def test_the_station_representative_may_record_an_evaluation_given_in_person(world, places, submission):
    matter, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    services.resolve_on_spot(matter, actor=world.rep, text="现场协调物业处理完毕。")
    from minyi.matters import services as engine

    engine.evaluate(matter, rating="satisfied", actor=world.rep)
    matter.refresh_from_db()
    assert matter.status == "closed"


def test_a_representatives_note_to_staff_stays_internal(world, places, submission):
    matter, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    services.forward(matter, actor=world.rep, note="该路段属城管局管辖，已电话联系过。")
    event = matter.timeline.get(action="forward")
    assert event.visibility == TimelineEvent.Visibility.INTERNAL
    assert "forward" not in [event.action for event in services.public_timeline(matter)]


def test_the_unit_does_not_read_the_representatives_note_to_staff(client, world, places, submission):
    from django.urls import reverse

    from minyi.matters import services as engine

    matter, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    services.forward(matter, actor=world.rep, note="该居民情绪激动，请谨慎联系。")
    services.accept(matter, actor=world.dongbao_staff)
    engine.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    engine.add_supervision(matter, method="reminder", note="请本周内办结。", actor=world.dongbao_staff)
    client.force_login(world.other_unit_staff)
    page = client.get(reverse("matters:unit_assignment", args=[matter.assignments.get().pk])).content.decode()
    assert "该居民情绪激动" not in page
    assert "请本周内办结" in page  # supervision is addressed to the unit
