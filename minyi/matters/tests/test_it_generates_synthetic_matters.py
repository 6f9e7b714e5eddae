"""`manage.py generate_matters`: synthetic opinions for the benchmarks, written in bulk but as the
engine would have left them."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minyi.matters import deadlines, search
from minyi.matters.models import Assignment, DeadlineState, Evaluation, Matter, Reply, TimelineEvent
from minyi.opinions.models import Opinion
from minyi.opinions.policy import OpinionPolicy
from minyi.testing import region

# Events that record something without moving the matter.
STILL = {"supplement", "progress"}


@pytest.fixture
def villages(world):
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    return [
        region("420802001001", "龙井社区居民委员会", 5, township),
        region("420802001002", "泉口村村民委员会", 5, township),
        region("420804001001", "掇刀石社区居民委员会", 5, region("420804001000", "掇刀石街道", 4, world.duodao)),
    ]


def generate(*arguments):
    out = io.StringIO()
    call_command("generate_matters", *map(str, arguments), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_refuses_without_the_demo_city(db):
    with pytest.raises(CommandError, match="load_demo"):
        generate(10)


def test_it_writes_matters_as_the_engine_would_have_left_them(villages):
    generate(400, "--seed", 7, "--batch-size", 150)

    matters = list(Matter.objects.all())
    assert len(matters) == 400
    assert Opinion.objects.count() == 400
    assert len({m.tracking_code for m in matters}) == 400
    events = defaultdict(list)
    for event in TimelineEvent.objects.order_by("at", "id"):
        events[event.matter_id].append(event)
    transitions = OpinionPolicy.transitions
    for matter in matters:
        assert matter.search_text == search.words_of(matter.title, matter.text)
        assert "村民委员会" not in matter.text
        timeline = events[matter.pk]
        assert 2 <= len(timeline) <= 6
        assert timeline[0].action == "open" and timeline[-1].to_status == matter.status
        for before, after in zip(timeline, timeline[1:]):
            assert after.from_status == before.to_status
            if after.action in STILL:
                assert after.to_status == after.from_status
            else:
                assert transitions[(after.from_status, after.action)][0] == after.to_status, (matter.pk, after.action)
        if any(event.action == "assign" for event in timeline):
            assert matter.assignments.filter(role=Assignment.Role.LEAD).exists()
        if matter.status in ("assigned", "handling"):
            assert matter.assignments.filter(state__in=Assignment.OPEN_STATES).exists()
        else:
            assert not matter.assignments.filter(state__in=Assignment.OPEN_STATES).exists()
        if matter.status in ("closed", "returned", "merged"):
            assert matter.closed_at is not None
    statuses = {m.status for m in matters}
    assert {"closed", "handling", "returned"} <= statuses
    assert Reply.objects.count() and Evaluation.objects.count()
    # Units act only on matters their own region's congress holds.
    for assignment in Assignment.objects.select_related("unit", "matter__owner_congress"):
        assert assignment.unit.region_id == assignment.matter.owner_congress.region_id


def test_it_makes_exactly_the_open_assignments_asked_for_and_leaves_them_to_the_sweep(villages):
    generate(200, "--open-assignments", 60, "--unswept")

    open_assignments = Assignment.objects.filter(state__in=Assignment.OPEN_STATES)
    assert open_assignments.count() == 60
    assert set(open_assignments.values_list("deadline_state", flat=True)) == {DeadlineState.NORMAL}
    first = deadlines.sweep()
    assert first["overdue"] + first["approaching"] > 0
    assert deadlines.sweep() == {"approaching": 0, "overdue": 0, "normal": 0}


def test_it_stores_the_colours_the_sweep_would_give(villages):
    generate(300, "--seed", 3)

    assert deadlines.sweep() == {"approaching": 0, "overdue": 0, "normal": 0}


def test_it_clears_every_matter_first_when_asked(villages):
    generate(50)
    generate(20, "--clear")

    assert Matter.objects.count() == 20
    assert TimelineEvent.objects.filter(matter__isnull=True).count() == 0
    assert Opinion.objects.count() == 20
