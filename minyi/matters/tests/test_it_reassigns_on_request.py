import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.matters import services
from minyi.matters.models import Assignment, ReassignmentRequest


@pytest.fixture
def policy_with_reassign(policy):
    policy.transitions[("assigned", "reassign")] = ("accepted", policy.transitions[("accepted", "assign")][1])
    yield policy
    del policy.transitions[("assigned", "reassign")]


pytestmark = pytest.mark.django_db


def test_an_approved_lead_request_sends_the_matter_back_to_staff(world, assigned, policy_with_reassign):
    lead = assigned.assignments.get(role="lead")
    request = services.request_reassignment(lead, reason="不属于本单位职责，应由区教育局办理。", actor=world.unit_staff)
    services.decide_reassignment(request, approve=True, actor=world.city_staff, note="同意改派")
    assigned.refresh_from_db()
    assert assigned.status == "accepted"
    assert set(assigned.assignments.values_list("state", flat=True)) == {Assignment.State.WITHDRAWN}
    request.refresh_from_db()
    assert request.state == ReassignmentRequest.State.APPROVED and request.decided_by == world.city_staff
    assert list(assigned.timeline.values_list("action", flat=True))[-2:] == ["request_reassignment", "reassignment_approved"]


def test_a_co_unit_that_is_relieved_simply_leaves(world, assigned, policy_with_reassign):
    co = assigned.assignments.get(role="co")
    request = services.request_reassignment(co, reason="本单位无相关职能。", actor=world.other_unit_staff)
    services.decide_reassignment(request, approve=True, actor=world.city_staff)
    assigned.refresh_from_db()
    co.refresh_from_db()
    assert assigned.status == "assigned" and co.state == Assignment.State.WITHDRAWN


def test_a_refusal_keeps_the_assignment(world, assigned, policy_with_reassign):
    lead = assigned.assignments.get(role="lead")
    request = services.request_reassignment(lead, reason="请改派其他单位。", actor=world.unit_staff)
    services.decide_reassignment(request, approve=False, actor=world.city_staff, note="属于你单位职责")
    lead.refresh_from_db()
    assert lead.state == Assignment.State.ASSIGNED
    assert ReassignmentRequest.objects.get().state == ReassignmentRequest.State.REFUSED


def test_no_request_after_signing_or_after_the_sign_deadline(world, assigned, policy_with_reassign, monkeypatch):
    lead = assigned.assignments.get(role="lead")
    later = datetime.datetime.combine(lead.sign_due + datetime.timedelta(days=1), datetime.time(10), tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    with pytest.raises(ValidationError):
        services.request_reassignment(lead, reason="超期申请", actor=world.unit_staff)
    monkeypatch.undo()
    services.sign(lead, actor=world.unit_staff)
    with pytest.raises(ValidationError):
        services.request_reassignment(lead, reason="签收后申请", actor=world.unit_staff)


def test_only_the_unit_asks_and_only_owner_staff_decide(world, assigned, policy_with_reassign):
    lead = assigned.assignments.get(role="lead")
    with pytest.raises(PermissionDenied):
        services.request_reassignment(lead, reason="别的单位代为申请", actor=world.other_unit_staff)
    request = services.request_reassignment(lead, reason="请改派", actor=world.unit_staff)
    with pytest.raises(ValidationError):
        services.request_reassignment(lead, reason="重复申请", actor=world.unit_staff)
    with pytest.raises(PermissionDenied):
        services.decide_reassignment(request, approve=True, actor=world.dongbao_staff)
