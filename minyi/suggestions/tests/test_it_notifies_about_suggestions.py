"""Who hears what along a suggestion's way: co-signers are asked to confirm, the staff hear of it
only once it goes to review, the lead hears of its number, every signer hears of the reply, the
representative contacted is asked to confirm the contact."""

import pytest

from minyi.matters import services as engine
from minyi.matters.models import Assignment
from minyi.notifications.models import Notification
from minyi.suggestions import services

from .test_it_handles_suggestions import contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def kinds(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def test_the_way_of_a_joint_suggestion(world, city, draft, on_commit):
    from .conftest import pdf_letter

    suggestion = on_commit(services.raise_suggestion, draft(co_signer_ids=[city.wang.pk]), actor=world.rep, lead=world.representative,
                           congress=world.city_congress)
    assert kinds(city.wang_user) == ["suggestion.invited"]
    assert kinds(world.city_staff) == []  # not yet: it waits for its co-signer
    on_commit(services.answer_invitation, suggestion, actor=city.wang_user, confirm=True)
    assert kinds(world.city_staff) == ["matter.new"]
    on_commit(services.register, suggestion, actor=world.city_staff)
    assert "suggestion.reviewed" in kinds(world.rep)
    on_commit(services.assign, suggestion, actor=world.city_staff, lead=world.city_unit)
    assert "matter.assigned" in kinds(world.unit_staff)
    lead = suggestion.matter.assignments.get(role=Assignment.Role.LEAD)
    on_commit(engine.sign, lead, actor=world.unit_staff)
    on_commit(contact, world, city, lead)
    assert kinds(world.rep)[-1] == "suggestion.contact" and "suggestion.contact" not in kinds(city.wang_user)
    on_commit(services.reply, lead, actor=world.unit_staff, text="已纳入明年改造计划，分三年实施。", reply_class="B", letter=pdf_letter())
    assert kinds(world.rep)[-1] == kinds(city.wang_user)[-1] == "suggestion.answered"
    answered = Notification.objects.filter(recipient=city.wang_user, kind="suggestion.answered").get()
    assert "B" in answered.body
