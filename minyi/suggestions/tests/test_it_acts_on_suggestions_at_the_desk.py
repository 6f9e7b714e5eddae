"""One suggestion's page on the staff desk: register (showing the number it will get), return with
reasons (refused without one, the typed note kept), propose units, assign, decide a unit's
extension request, record supervision, make it a key suggestion, record a paper judgement, close;
a page left open while another changed the suggestion gets a clear message and nothing is done."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from minyi.matters import services as engine
from minyi.matters.models import Assignment, DeadlineExtension, Supervision
from minyi.suggestions import services
from minyi.suggestions.models import KeySuggestion

from .conftest import pdf_letter
from .test_it_handles_suggestions import contact

pytestmark = pytest.mark.django_db


def url(suggestion):
    return reverse("suggestions:desk_detail", args=[suggestion.pk])


def version(suggestion):
    suggestion.matter.refresh_from_db()
    return suggestion.matter.version


def status(suggestion):
    suggestion.matter.refresh_from_db()
    return suggestion.matter.status


def test_registering_shows_and_gives_the_next_number(client, world, city, raise_one):
    suggestion = raise_one()
    client.force_login(world.city_staff)
    page = client.get(url(suggestion)).content.decode()
    assert "第0001号" in page and 'data-testid="next-number"' in page
    response = client.post(url(suggestion), {"action": "register", "register-expected_version": version(suggestion)})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.number_label == "第0001号" and status(suggestion) == "registered"


def test_return_without_a_reason_is_refused_keeping_the_note(client, world, city, raise_one):
    suggestion = raise_one()
    client.force_login(world.city_staff)
    note = "请补充具体的改造片区和资金测算。"
    response = client.post(url(suggestion), {"action": "return", "return-expected_version": version(suggestion), "return-note": note})
    assert response.status_code == 400
    html = response.content.decode()
    assert note in html
    with translation.override("zh-hans"):
        assert gettext("Choose at least one reason from the list.") in html  # the service's reason, in the UI's language
    assert 'name="return-reasons"' in html  # the checkbox list is there to tick
    assert status(suggestion) == "submitted"
    response = client.post(url(suggestion), {"action": "return", "return-expected_version": version(suggestion), "return-note": note,
                                             "return-reasons": ["no_content", "several"]})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert status(suggestion) == "returned" and suggestion.return_reasons == ["no_content", "several"]


def test_a_stale_page_gets_a_clear_message_and_nothing_is_done(client, world, city, raise_one):
    suggestion = raise_one()
    old = version(suggestion)
    services.register(suggestion, actor=world.city_staff)  # someone else, meanwhile
    client.force_login(world.city_staff)
    response = client.post(url(suggestion), {"action": "assign", "assign-expected_version": old, "assign-lead": world.city_unit.pk,
                                             "assign-note": "请按期办理"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="action-error"' in html and "请按期办理" in html
    assert not Assignment.objects.filter(matter=suggestion.matter).exists()


def test_plan_then_assign_with_co_units(client, world, city, raise_one):
    suggestion = raise_one()
    services.register(suggestion, actor=world.city_staff)
    client.force_login(world.city_staff)
    response = client.post(url(suggestion), {"action": "plan", "plan-expected_version": version(suggestion), "plan-lead": world.city_unit.pk,
                                             "plan-co_units": [city.water_unit.pk]})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.planned_lead == world.city_unit
    page = client.get(url(suggestion)).content.decode()
    assert f'<option value="{world.city_unit.pk}" selected>' in page  # the assign form starts from the plan
    # The lead cannot also be a co-unit: refused, nothing assigned.
    bad = client.post(url(suggestion), {"action": "assign", "assign-expected_version": version(suggestion), "assign-lead": world.city_unit.pk,
                                        "assign-co_units": [world.city_unit.pk]})
    assert bad.status_code == 400 and status(suggestion) == "registered"
    response = client.post(url(suggestion), {"action": "assign", "assign-expected_version": version(suggestion), "assign-lead": world.city_unit.pk,
                                             "assign-co_units": [city.water_unit.pk]})
    assert response.status_code == 302 and status(suggestion) == "assigned"
    roles = set(Assignment.objects.filter(matter=suggestion.matter).values_list("unit_id", "role"))
    assert roles == {(world.city_unit.pk, "lead"), (city.water_unit.pk, "co")}
    page = client.get(url(suggestion)).content.decode()
    assert world.city_unit.name in page and city.water_unit.name in page


def test_extension_decision_supervision_and_key(client, world, city, assigned):
    suggestion = assigned()
    lead = suggestion.matter.assignments.get(role="lead")
    engine.sign(lead, actor=world.unit_staff)
    extension = engine.request_extension(lead, reason="涉及跨部门资金统筹，需延期办理。", rule="months:6", actor=world.unit_staff)
    client.force_login(world.city_staff)
    page = client.get(url(suggestion)).content.decode()
    assert "涉及跨部门资金统筹" in page
    prefix = f"decide_extension-{extension.pk}"
    response = client.post(url(suggestion), {"action": "decide_extension", "request_id": extension.pk, f"{prefix}-expected_version": version(suggestion),
                                             f"{prefix}-decision": "approve", f"{prefix}-note": "同意延期"})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.state == DeadlineExtension.State.APPROVED
    response = client.post(url(suggestion), {"action": "supervise", "supervise-expected_version": version(suggestion), "supervise-method": "visit",
                                             "supervise-note": "实地察看改造进展", "supervise-result": "进展顺利"})
    assert response.status_code == 302 and Supervision.objects.filter(matter=suggestion.matter).count() == 1
    # Key suggestion: the plan too short is refused, kept as typed.
    data = {"action": "designate_key", "designate_key-expected_version": version(suggestion), "designate_key-year": 2026,
            "designate_key-chosen_on": "2026-03-01", "designate_key-chosen_by": "主任会议", "designate_key-leading_leader": "张副主任",
            "designate_key-supervising_committee": "城建环保委", "designate_key-plan": "太短"}
    response = client.post(url(suggestion), data)
    assert response.status_code == 400 and "张副主任" in response.content.decode()
    data["designate_key-plan"] = "每季度实地察看一次，年底前召开专题督办会。"
    assert client.post(url(suggestion), data).status_code == 302
    assert KeySuggestion.objects.get(suggestion=suggestion).leading_leader == "张副主任"
    board = client.get(reverse("suggestions:desk_key")).content.decode()
    assert suggestion.matter.title in board and "张副主任" in board and 'data-testid="supervision-count">1' in board


def test_a_paper_judgement_and_closing_a_followed_up_suggestion(client, world, city, assigned):
    suggestion = assigned()
    lead = suggestion.matter.assignments.get(role="lead")
    engine.sign(lead, actor=world.unit_staff)
    contact(world, city, lead)
    services.reply(lead, actor=world.unit_staff, text="已纳入2027年老旧小区改造计划，分三年实施。", reply_class="B", letter=pdf_letter())
    client.force_login(world.city_staff)
    page = client.get(url(suggestion)).content.decode()
    assert "已纳入2027年老旧小区改造计划" in page and 'data-testid="contacts"' in page
    response = client.post(url(suggestion), {"action": "evaluate", "evaluate-expected_version": version(suggestion),
                                             "evaluate-rating": "basically_satisfied", "evaluate-comment": "纸质征询意见表"})
    assert response.status_code == 302 and status(suggestion) == "following_up"
    page = client.get(url(suggestion)).content.decode()
    assert "纸质征询意见表" in page
    response = client.post(url(suggestion), {"action": "close", "close-expected_version": version(suggestion), "close-reason": ""})
    assert response.status_code == 400 and status(suggestion) == "following_up"
    response = client.post(url(suggestion), {"action": "close", "close-expected_version": version(suggestion), "close-reason": "已列入计划并实施完毕"})
    assert response.status_code == 302 and status(suggestion) == "closed"


def test_an_action_not_open_in_this_state_is_refused_plainly(client, world, city, raise_one):
    suggestion = raise_one()
    client.force_login(world.city_staff)
    response = client.post(url(suggestion), {"action": "close", "close-expected_version": version(suggestion), "close-reason": "试图关闭"})
    assert response.status_code in (302, 400) and status(suggestion) == "submitted"
