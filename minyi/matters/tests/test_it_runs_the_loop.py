import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.matters import services
from minyi.matters.models import Assignment, Evaluation, Matter, TimelineEvent
from minyi.matters.services import StaleMatter, TransitionNotAllowed
from minyi.workdays.calendar import CHINA, Calendar


def test_it_refuses_a_stale_version(world, make_matter):
    matter = make_matter()
    seen = matter.version
    services.transition(Matter.objects.get(pk=matter.pk), "accept", actor=world.dongbao_staff, expected_version=seen)
    with pytest.raises(StaleMatter) as error:
        services.transition(Matter.objects.get(pk=matter.pk), "return", actor=world.dongbao_staff, expected_version=seen)
    assert "reload" in str(error.value)
    assert Matter.objects.get(pk=matter.pk).status == "accepted"


def test_it_denies_actions_outside_the_predicate(world, make_matter):
    matter = make_matter()
    with pytest.raises(PermissionDenied):
        services.transition(matter, "accept", actor=world.duodao_staff)
    with pytest.raises(TransitionNotAllowed):
        services.transition(matter, "nonexistent", actor=world.dongbao_staff)


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


def test_it_extends_a_deadline_and_logs_it(world, assigned):
    lead = assigned.assignments.get(role="lead")
    extension = services.request_extension(lead, reason="需要跨部门协调", rule="workdays:30", actor=world.unit_staff)
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension, approve=True, actor=world.unit_staff)
    services.decide_extension(extension, approve=True, actor=world.city_staff)
    lead.refresh_from_db()
    extension.refresh_from_db()
    expected = Calendar(world.city_congress).deadline(lead.assigned_at, "workdays:30").date
    assert lead.handle_due == expected == extension.new_due and lead.handle_rule == "workdays:30"
    assert extension.state == "approved" and extension.old_due < expected
    actions = list(assigned.timeline.values_list("action", flat=True))
    assert "request_extension" in actions and "extension_approved" in actions


def test_it_runs_rehandling_rounds_then_closes(world, assigned):
    lead = assigned.assignments.get(role="lead")
    co = assigned.assignments.get(role="co")
    services.sign(lead, actor=world.unit_staff)
    assert Matter.objects.get(pk=assigned.pk).status == "handling"
    assert lead.last_response_at is not None
    services.record_progress(lead, note="已现场查看", actor=world.unit_staff)
    services.record_contribution(co, text="教育局意见", actor=world.other_unit_staff)
    with pytest.raises(ValidationError):
        services.reply(co, text="x", actor=world.other_unit_staff)
    with pytest.raises(PermissionDenied):
        services.reply(lead, text="x", actor=world.other_unit_staff)
    services.reply(lead, text="已修复", actor=world.unit_staff)
    matter = Matter.objects.get(pk=assigned.pk)
    assert matter.status == "replied"

    services.evaluate(matter, rating="unsatisfied", comment="又坏了", actor=world.citizen)
    matter.refresh_from_db()
    assert matter.status == "handling" and matter.round == 2
    second = matter.assignments.get(round=2)
    assert second.unit == world.city_unit and second.role == "lead" and second.state == "signed"

    services.reply(second, text="彻底修复", actor=world.unit_staff)
    matter.refresh_from_db()
    services.evaluate(matter, rating="unsatisfied", actor=world.citizen)
    matter.refresh_from_db()
    assert matter.status == "closed" and matter.closed_at is not None
    assert list(Evaluation.objects.filter(matter=matter).values_list("round", flat=True)) == [1, 2]
    assert not matter.assignments.filter(state__in=Assignment.OPEN_STATES).exists()


def test_it_closes_unevaluated_matters(world, assigned):
    lead = assigned.assignments.get(role="lead")
    services.reply(lead, text="已修复", actor=world.unit_staff)
    from django.utils import timezone

    assert services.auto_close_unevaluated(timezone.now() + datetime.timedelta(days=5)) == 0
    assert services.auto_close_unevaluated(timezone.now() + datetime.timedelta(days=11)) == 1
    assert services.auto_close_unevaluated(timezone.now() + datetime.timedelta(days=11)) == 0
    matter = Matter.objects.get(pk=assigned.pk)
    assert matter.status == "closed"
    assert TimelineEvent.objects.filter(matter=matter, action="auto_close").count() == 1


def test_it_resolves_on_the_spot_and_updates_the_clock(world, make_matter):
    matter = make_matter(representative=world.representative)
    services.transition(matter, "resolve_on_spot", actor=world.rep, note="现场协调解决")
    matter.refresh_from_db()
    assert matter.status == "replied" and matter.last_response_at is not None
    services.evaluate(matter, rating="satisfied", actor=world.rep)
    matter.refresh_from_db()
    assert matter.status == "closed"


def test_it_escalates_and_sends_down(world, make_matter):
    matter = make_matter()
    with pytest.raises(ValidationError):
        services.escalate(matter, to_congress=world.duodao_congress, actor=world.dongbao_staff)
    services.escalate(matter, to_congress=world.city_congress, actor=world.dongbao_staff)
    assert Matter.objects.get(pk=matter.pk).owner_congress == world.city_congress
    services.send_down(matter, to_congress=world.duodao_congress, actor=world.city_staff)
    assert Matter.objects.get(pk=matter.pk).owner_congress == world.duodao_congress


def test_it_records_supervision(world, assigned):
    record = services.add_supervision(assigned, method="written_notice", note="请加快办理", actor=world.leader)
    assert record.by == world.leader
    with pytest.raises(PermissionDenied):
        services.add_supervision(assigned, method="reminder", actor=world.unit_staff)
