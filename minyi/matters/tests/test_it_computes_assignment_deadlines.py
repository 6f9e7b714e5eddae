import datetime

from minyi.matters import services
from minyi.workdays.calendar import CHINA, Calendar


def test_it_computes_deadlines_across_national_day(world, make_matter, monkeypatch):
    moment = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=CHINA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    matter = make_matter()
    services.transition(matter, "accept", actor=world.dongbao_staff)
    (lead,) = services.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    calendar = Calendar(world.dongbao_congress)
    assert lead.sign_due == calendar.deadline(moment, "workdays:1").date == datetime.date(2026, 10, 8)
    assert lead.handle_due == calendar.deadline(moment, "workdays:15").date
    assert lead.sign_rule == "workdays:1" and lead.handle_rule == "workdays:15" and not lead.provisional

    green = make_matter(green_channel=True)
    services.transition(green, "accept", actor=world.dongbao_staff)
    (fast,) = services.assign(green, lead=world.dongbao_unit, actor=world.dongbao_staff)
    assert fast.handle_rule == "workdays:8"
    assert fast.handle_due == calendar.deadline(moment, "workdays:8").date
