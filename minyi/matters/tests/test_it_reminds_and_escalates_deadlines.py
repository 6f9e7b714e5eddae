import datetime

from minyi.matters import deadlines, services
from minyi.matters.models import Assignment, TimelineEvent
from minyi.notifications.models import Notification


def at_noon(day, plus_days=0):
    return datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC) + datetime.timedelta(days=plus_days)


def kinds_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def sweep(capture, when):
    with capture(execute=True):
        return deadlines.sweep(when)


def test_an_approaching_deadline_reminds_the_unit_once(world, assigned, django_capture_on_commit_callbacks):
    lead = assigned.assignments.get(role="lead")
    when = at_noon(lead.sign_due)
    assert sweep(django_capture_on_commit_callbacks, when)["approaching"] == 2
    assert sweep(django_capture_on_commit_callbacks, when)["approaching"] == 0

    reminders = TimelineEvent.objects.filter(matter=assigned, action="reminder")
    assert reminders.count() == 2
    first = reminders.get(data__assignment=lead.pk)
    assert first.visibility == "internal" and first.actor_id is None
    assert first.data["why"] == "approaching" and first.data["deadline"] == "sign" and first.data["due"] == str(lead.sign_due)
    assert set(first.data["to_unit"]) == {world.unit_staff.pk, world.unit_admin.pk} and first.data["to_staff"] == []
    assert kinds_of(world.unit_staff) == ["matter.deadline_approaching"]
    assert kinds_of(world.other_unit_staff) == ["matter.deadline_approaching"]
    assert kinds_of(world.city_staff) == []


def test_an_overdue_deadline_reminds_the_unit_and_escalates_to_the_holding_congress_staff(world, assigned, django_capture_on_commit_callbacks):
    lead = assigned.assignments.get(role="lead")
    sweep(django_capture_on_commit_callbacks, at_noon(lead.sign_due))
    late = at_noon(lead.sign_due, 3)
    assert sweep(django_capture_on_commit_callbacks, late)["overdue"] == 2
    assert sweep(django_capture_on_commit_callbacks, late)["overdue"] == 0

    overdue = TimelineEvent.objects.filter(matter=assigned, action="reminder", data__why="overdue")
    assert overdue.count() == 2
    assert all(event.data["to_staff"] == [world.city_staff.pk] and event.data["congress"] == world.city_congress.id for event in overdue)
    assert kinds_of(world.unit_staff) == ["matter.deadline_approaching", "matter.overdue"]
    assert kinds_of(world.city_staff) == ["matter.overdue_escalated", "matter.overdue_escalated"]
    escalation = Notification.objects.filter(recipient=world.city_staff).first()
    assert assigned.tracking_code in escalation.body
    assert kinds_of(world.dongbao_staff) == [] and kinds_of(world.leader) == []


def test_two_workers_that_saw_the_same_change_record_it_once(world, assigned, django_capture_on_commit_callbacks):
    lead = assigned.assignments.get(role="lead")
    late = at_noon(lead.sign_due, 3)
    seen_by_first, seen_by_second = deadlines.scan(late), deadlines.scan(late)
    assert len(seen_by_first) == len(seen_by_second) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines.record(seen_by_first)["overdue"] == 2
        assert deadlines.record(seen_by_second)["overdue"] == 0
    assert TimelineEvent.objects.filter(matter=assigned, action="reminder").count() == 2
    assert TimelineEvent.objects.filter(matter=assigned, action="deadline_overdue").count() == 2
    assert Notification.objects.filter(recipient=world.city_staff).count() == 2


def test_a_unit_that_signs_meanwhile_is_not_reminded_of_the_sign_deadline(world, assigned, django_capture_on_commit_callbacks):
    lead = assigned.assignments.get(role="lead")
    seen = deadlines.scan(at_noon(lead.sign_due, 3))
    services.sign(lead, actor=world.unit_staff)
    with django_capture_on_commit_callbacks(execute=True):
        counts = deadlines.record(seen)
    assert counts["overdue"] == 1  # only the co-unit, which has not signed
    assert not TimelineEvent.objects.filter(action="reminder", data__assignment=lead.pk).exists()
    assert kinds_of(world.unit_staff) == []


def test_each_new_change_gets_its_own_reminder(world, assigned, django_capture_on_commit_callbacks):
    lead = assigned.assignments.get(role="lead")
    sweep(django_capture_on_commit_callbacks, at_noon(lead.sign_due))
    services.sign(lead, actor=world.unit_staff)  # back to normal, now the handling deadline runs
    lead.refresh_from_db()
    assert lead.deadline_state == "normal"
    sweep(django_capture_on_commit_callbacks, at_noon(lead.handle_due, 1))
    whys = list(TimelineEvent.objects.filter(action="reminder", data__assignment=lead.pk).values_list("data__why", "data__deadline"))
    assert whys == [("approaching", "sign"), ("overdue", "handle")]


def test_the_sweep_works_in_batches_not_row_by_row(world, assigned, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    lead = assigned.assignments.get(role="lead")
    Assignment.objects.bulk_create(
        Assignment(matter=assigned, unit=world.city_unit, role="co", sign_due=lead.sign_due, handle_due=lead.handle_due,
                   assigned_at=lead.assigned_at)
        for _i in range(300)
    )
    with django_assert_max_num_queries(25):
        counts = deadlines.record(deadlines.scan(at_noon(lead.sign_due, 3)))
    assert counts["overdue"] == 302
    assert TimelineEvent.objects.filter(action="reminder").count() == 302
