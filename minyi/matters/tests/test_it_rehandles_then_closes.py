import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.matters import services
from minyi.matters.models import Assignment, Evaluation, Matter, TimelineEvent


def test_it_runs_rehandling_rounds_then_closes(world, assigned):
    lead = assigned.assignments.get(role="lead")
    co = assigned.assignments.get(role="co")
    services.sign(co, actor=world.other_unit_staff)
    assert Matter.objects.get(pk=assigned.pk).status == "assigned"  # a co-unit's signature does not move the matter
    with pytest.raises(PermissionDenied):
        services.sign(lead, actor=world.other_unit_staff)
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
