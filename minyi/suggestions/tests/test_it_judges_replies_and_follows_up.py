"""Judging a reply: the lead representative's judgement settles the round, co-signers judge beside
it back to back; 不满意 sends it back for a one-month re-handling, 不满意 again hands it to committee
supervision; a B-class reply is followed up until solved and then judged again; B-class items roll
over into the next year, and a new term renumbers them keeping the old numbers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.accounts import access
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Evaluation
from minyi.organisations.models import Term
from minyi.suggestions import services
from minyi.suggestions.models import Suggestion

from .conftest import pdf_letter
from .test_it_handles_suggestions import at, contact

pytestmark = pytest.mark.django_db


def replied(world, city, suggestion, reply_class="B", text="已纳入2027年老旧小区改造计划，分三年实施。"):
    matter = suggestion.matter
    matter.refresh_from_db()
    lead = matter.assignments.filter(role=Assignment.Role.LEAD, round=matter.round).exclude(state="withdrawn").order_by("-id").first()
    if lead.state == Assignment.State.ASSIGNED:
        engine.sign(lead, actor=world.unit_staff)
    if not lead.contacts.exists():
        contact(world, city, lead)
    services.reply(lead, actor=world.unit_staff, text=text, reply_class=reply_class, letter=pdf_letter())
    matter.refresh_from_db()
    return lead


def status(suggestion):
    suggestion.matter.refresh_from_db()
    return suggestion.matter.status


def test_co_signers_judge_beside_the_lead_back_to_back(world, city, assigned):
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="A")
    services.evaluate(suggestion, actor=city.wang_user, rating="satisfied", comment="同意")
    assert status(suggestion) == "replied"  # a co-signer's judgement does not settle the round
    with pytest.raises(ValidationError):
        services.evaluate(suggestion, actor=city.wang_user, rating="unsatisfied")
    unit_sees = access.visible(world.unit_staff, Evaluation.objects.filter(matter=suggestion.matter))
    assert not unit_sees.exists()  # back to back until the round is settled
    services.evaluate(suggestion, actor=world.rep, rating="basically_satisfied")
    assert status(suggestion) == "closed"
    assert access.visible(world.unit_staff, Evaluation.objects.filter(matter=suggestion.matter)).count() == 2


def test_outsiders_cannot_judge(world, city, assigned):
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="A")
    with pytest.raises(PermissionDenied):
        services.evaluate(suggestion, actor=city.zhao_user, rating="satisfied")
    with pytest.raises(PermissionDenied):
        services.evaluate(suggestion, actor=world.unit_staff, rating="satisfied")


def test_unsatisfied_twice_goes_to_committee_supervision(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 9, 25)
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="C")
    at(monkeypatch, 2026, 10, 9)
    services.evaluate(suggestion, actor=world.rep, rating="unsatisfied", comment="答复未回应资金来源")
    assert status(suggestion) == "handling"
    again = suggestion.matter.assignments.get(round=2)
    assert (again.unit, again.handle_rule, again.handle_due) == (world.city_unit, "months:1", datetime.date(2026, 11, 9))
    with pytest.raises(ValidationError) as refused:
        services.reply(again, actor=world.unit_staff, text="补充答复：资金由市级财政安排。", reply_class="C", letter=pdf_letter())
    assert "contact" in refused.value.message_dict  # a new round needs a new talk with the representative
    replied(world, city, suggestion, reply_class="C", text="补充答复：资金由市级财政安排。")
    services.evaluate(suggestion, actor=world.rep, rating="unsatisfied", comment="仍不满意")
    assert status(suggestion) == "supervised"
    assert not suggestion.matter.assignments.filter(state__in=Assignment.OPEN_STATES).exists()
    engine.add_supervision(suggestion.matter, method="meeting", note="城建环保委召开协调会", actor=world.city_staff)
    engine.close(suggestion.matter, reason="经协调会议定，纳入2027年计划。", actor=world.city_staff)
    assert status(suggestion) == "closed"


def test_a_b_class_reply_is_followed_until_solved(world, city, assigned):
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="B")
    services.evaluate(suggestion, actor=city.wang_user, rating="basically_satisfied")
    services.evaluate(suggestion, actor=world.rep, rating="basically_satisfied")
    assert status(suggestion) == "following_up"
    lead = suggestion.matter.assignments.get(role=Assignment.Role.LEAD)
    assert lead.state == Assignment.State.SIGNED and lead.handle_due == datetime.date(2026, 12, 31) and not lead.provisional
    assert suggestion.matter.assignments.get(role=Assignment.Role.CO).state == Assignment.State.DONE
    services.reply(lead, actor=world.unit_staff, text="改造工程已完工并通过验收。", reply_class="A", letter=pdf_letter())
    assert status(suggestion) == "replied"
    services.evaluate(suggestion, actor=city.wang_user, rating="satisfied")  # the further reply is judged again
    services.evaluate(suggestion, actor=world.rep, rating="satisfied")
    assert status(suggestion) == "closed"


def test_b_class_items_roll_over_and_a_new_term_renumbers_them(world, city, assigned):
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="B")
    services.evaluate(suggestion, actor=world.rep, rating="satisfied")
    assert services.roll_over(to_year=2027) == 1
    assert services.roll_over(to_year=2027) == 0  # once
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    assert suggestion.year == 2027
    assert suggestion.matter.assignments.get(role=Assignment.Role.LEAD).handle_due == datetime.date(2027, 12, 31)
    tenth = Term.objects.create(congress=world.city_congress, number=10, start=datetime.date(2027, 1, 1), end=datetime.date(2031, 12, 31))
    old_label = suggestion.number_label
    assert services.renumber_for_term(world.city_congress, tenth) == 1
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    assert suggestion.term == tenth and suggestion.number == 1 and suggestion.earlier_numbers == [{"term": 9, "label": old_label}]
    assert list(suggestion.matter.timeline.filter(action__in=["roll_over", "renumber"]).values_list("action", flat=True)) == [
        "roll_over", "renumber"]
    assert status(suggestion) == "following_up"
