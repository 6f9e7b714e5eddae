import pytest
from django.core.exceptions import PermissionDenied

from minyi.matters import services
from minyi.workdays.calendar import Calendar


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
