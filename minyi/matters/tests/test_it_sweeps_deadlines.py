import datetime

from minyi.matters import deadlines
from minyi.matters.models import Assignment


def test_it_marks_approaching_and_overdue_once(world, assigned):
    lead = assigned.assignments.get(role="lead")
    due = datetime.datetime.combine(lead.sign_due, datetime.time(12), tzinfo=datetime.UTC)
    first = deadlines.sweep(due)
    assert first["approaching"] == 2
    assert deadlines.sweep(due)["approaching"] == 0
    late = due + datetime.timedelta(days=2)
    assert deadlines.sweep(late)["overdue"] == 2
    assert deadlines.sweep(late)["overdue"] == 0
    assert set(Assignment.objects.values_list("deadline_state", flat=True)) == {"overdue"}
    assert assigned.timeline.filter(action="deadline_overdue").count() == 2
    assert deadlines.deadline_status(lead, late) == "overdue"
