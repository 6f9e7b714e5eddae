"""The worker-kept cells must equal the cells made afresh from the matters, and the figures a
count of the matters themselves, after any sequence of actions (a seeded random walk through the
opinion loop: intake, on-the-spot resolution, acceptance, return, assignment, signing, reply,
evaluation either way, merging, taking up into a suggestion, deadlines running out)."""

import datetime
import random

import pytest
from django.utils import timezone

from minyi.figures import pending, queries
from minyi.figures.models import COUNTERS, FigureCell
from minyi.figures.rebuild import rebuild
from minyi.matters import deadlines
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Evaluation, Matter, TimelineEvent
from minyi.opinions import services
from minyi.regions.models import within

pytestmark = pytest.mark.django_db


def cells_now():
    return {
        (c.region_code, c.dimension, c.value, c.month, c.kind): tuple(getattr(c, n) for n in COUNTERS)
        for c in FigureCell.objects.all()
        if any(getattr(c, n) for n in COUNTERS)
    }


def raw_counts(prefix):
    """The scope's counters counted straight from the engine's tables, without the facts."""
    matters = Matter.objects.filter(within("region_code", prefix))
    ids = set(matters.values_list("pk", flat=True))
    latest = {}
    for e in Evaluation.objects.filter(matter_id__in=ids).order_by("round", "at", "pk"):
        latest[e.matter_id] = e.rating
    open_overdue = Assignment.objects.filter(matter_id__in=ids, state__in=Assignment.OPEN_STATES, deadline_state="overdue")
    return {
        "collected": len(ids),
        "resolved_on_spot": TimelineEvent.objects.filter(matter_id__in=ids, action="resolve_on_spot").values("matter_id").distinct().count(),
        "converted": matters.filter(converted_to__isnull=False).count(),
        "assigned": Assignment.objects.filter(matter_id__in=ids).values("matter_id").distinct().count(),
        "completed": sum(1 for m in matters if m.replied_at or m.status == "closed"),
        "evaluated": len(latest),
        "satisfied": sum(1 for r in latest.values() if r in ("satisfied", "basically_satisfied")),
        "overdue_now": open_overdue.values("matter_id").distinct().count(),
    }


class Walk:
    def __init__(self, world, places, submission, seed):
        self.world, self.places, self.submission = world, places, submission
        self.random = random.Random(seed)
        self.matters = []

    def fresh(self, matter):
        return Matter.objects.get(pk=matter.pk)

    def step(self):
        w, r = self.world, self.random
        if not self.matters or r.random() < 0.25:
            with_rep = r.random() < 0.4
            matter, _created = services.submit(
                self.submission(text=r.choice(["龙井社区路灯不亮，晚上出行不便。", "龙泉街道菜市场周边占道经营，交通拥堵。",
                                              "小区垃圾清运不及时，气味很大。"])),
                representative=w.representative if with_rep else None,
            )
            self.matters.append(matter)
            return "submit"
        if r.random() < 0.1:
            deadlines.sweep(now=timezone.now() + datetime.timedelta(days=r.choice([3, 40])))
            return "sweep"
        moving = list(Matter.objects.filter(pk__in=[m.pk for m in self.matters]).exclude(
            status__in=("closed", "returned", "merged", "converted")).order_by("pk"))
        if not moving:
            return "nothing"
        matter = r.choice(moving)
        status = matter.status
        lead = matter.assignments.filter(round=matter.round, role="lead").exclude(state="withdrawn").first()
        if status == "with_representative":
            if r.random() < 0.5:
                services.resolve_on_spot(matter, actor=w.rep, text="已现场协调解决。")
                return "resolve_on_spot"
            services.forward(matter, actor=w.rep)
            return "forward"
        if status == "submitted":
            targets = Matter.objects.filter(status__in=("submitted", "accepted")).exclude(pk=matter.pk)
            if r.random() < 0.35 and targets.exists():
                engine.merge(matter, into=targets.first(), actor=w.dongbao_staff)
                return "merge"
            if r.random() < 0.15:
                services.return_as_inadmissible(matter, actor=w.dongbao_staff, reason="不属于受理范围。")
                return "return"
            services.accept(matter, actor=w.dongbao_staff, category=r.choice(["city", "traffic"]))
            return "accept"
        if status == "accepted":
            engine.assign(matter, lead=r.choice([w.dongbao_unit, self.places.roads_unit]), actor=w.dongbao_staff)
            return "assign"
        if status == "assigned" and lead:
            engine.sign(lead, actor=self.unit_person(lead))
            return "sign"
        if status == "handling" and lead:
            engine.reply(lead, text="已安排维修，现已修复。", actor=self.unit_person(lead))
            return "reply"
        if status == "replied":
            rating = r.choice(["satisfied", "basically_satisfied", "unsatisfied"])
            services.evaluate_by_code(matter, rating=rating)
            return "evaluate"
        return "nothing"

    def unit_person(self, assignment):
        from minyi.testing import person

        username = f"unit{assignment.unit_id}"
        from minyi.accounts.models import Role, User

        return User.objects.filter(username=username).first() or person(username, Role.UNIT_STAFF, unit=assignment.unit)


@pytest.mark.parametrize("seed", [1, 4])
def test_cells_kept_by_the_worker_equal_cells_made_afresh(world, places, submission, seed, django_capture_on_commit_callbacks):
    walk = Walk(world, places, submission, seed)
    actions = []
    for _ in range(45):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                actions.append(walk.step())
            except (engine.TransitionNotAllowed, PermissionError) as refused:
                actions.append(f"refused {refused}")
        kept = cells_now()
        rebuild()
        assert cells_now() == kept, f"after {actions}"
    assert {"submit", "assign", "reply", "evaluate", "resolve_on_spot", "sweep", "merge"} <= set(actions), actions


def test_figures_equal_a_count_of_the_matters(world, places, submission, django_capture_on_commit_callbacks):
    walk = Walk(world, places, submission, seed=7)
    for _ in range(60):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                walk.step()
            except (engine.TransitionNotAllowed, PermissionError):
                pass
    for region in (world.city, world.dongbao, places.township, places.village):
        figures = queries.summary(queries.Scope(region.code))
        prefix = region.code.rstrip("0")
        assert {name: getattr(figures, name) for name in raw_counts(prefix)} == raw_counts(prefix), region.name
    assert queries.summary(queries.Scope(world.duodao.code)).collected == 0
    # The lists behind the figures: the cells' total is the facts' count, pages come newest first.
    city = queries.Scope(world.city.code)
    for stage in queries.STAGES:
        for dimension, value in (("", ""), ("region", world.dongbao.code), ("category", "city"), ("channel", "h5")):
            listed = queries.MatterList(city, stage=stage, dimension=dimension, value=value)
            assert listed.count() == queries.facts(city, stage=stage, dimension=dimension, value=value).count(), (stage, dimension)
    newest = queries.MatterList(city)[0:5]
    assert [m.pk for m in newest] == list(Matter.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[:5])


def test_a_matter_noted_while_the_worker_is_away_is_taken_later(world, submission):
    matter, _created = services.submit(submission())  # its events' callbacks never ran: nothing noted
    assert queries.summary(queries.Scope(world.city.code)).collected == 0
    pending.note([matter.pk])  # immediate mode: the task ran
    assert queries.summary(queries.Scope(world.city.code)).collected == 1
    assert pending.process() == 0
