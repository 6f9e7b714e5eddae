"""Unit scoring (the negative list): each indicator fires on a case built through the services
and not on a cleanly handled suggestion; the congress's own points and "not counted"; ranking
ties share a place; the pages for staff and leaders (not units), the drill-down, the settings
form and the Excel export (opened with openpyxl)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from minyi.matters import services as engine
from minyi.matters.models import Assignment, ReassignmentRequest
from minyi.suggestions import scoring, services
from minyi.suggestions.models import Contact, ScoringRule, Settings
from minyi.workdays.calendar import CHINA

from .conftest import pdf_letter

pytestmark = pytest.mark.django_db


def at(monkeypatch, *moment):
    """The clock at 10:00 that day, for the services and for the rows' own time stamps (fields whose
    default is timezone.now keep the real function, so their defaults are set too)."""
    from django.apps import apps
    from django.utils import timezone

    value = datetime.datetime(*moment, 10, 0, tzinfo=CHINA)
    real = getattr(at, "real", None) or timezone.now
    at.real = real
    monkeypatch.setattr("django.utils.timezone.now", lambda: value)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.default is real:
                monkeypatch.setattr(field, "_get_default", lambda: value)
    return value


def parts(suggestion):
    matter = suggestion.matter
    matter.refresh_from_db()
    lead = matter.assignments.filter(role=Assignment.Role.LEAD).order_by("-id").first()
    co = matter.assignments.filter(role=Assignment.Role.CO).first()
    return lead, co


def contact(world, assignment):
    return services.record_contact(assignment, actor=world.unit_staff, representative=world.representative, method=Contact.Method.VISIT,
                                   stage=Contact.Stage.BEFORE, happened_on=assignment.assigned_at.astimezone(CHINA).date(),
                                   note="到社区现场查看并与代表座谈。")


def answer(world, assignment, reply_class="A", letter=True):
    return services.reply(assignment, actor=world.unit_staff, text="已完成改造方案并安排资金实施。", reply_class=reply_class,
                          letter=pdf_letter() if letter else None, signed_by="张局长")


def clean_case(world, city, assigned, monkeypatch, month=3, title=None, reply_class="A"):
    """Assigned on the 2nd, signed and co-unit's opinion the same day, contact, reply on the 10th, judged satisfied."""
    at(monkeypatch, 2026, month, 2)
    suggestion = assigned(**({"title": title} if title else {}))
    lead, co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    engine.record_contribution(co, text="水务局同意配合，纳入排水专项规划。", actor=city.water_staff)
    contact(world, lead)
    at(monkeypatch, 2026, month, 10)
    answer(world, lead, reply_class=reply_class)
    services.evaluate(suggestion, actor=world.rep, rating="satisfied")
    return suggestion


def items(result, indicator=None, matter=None):
    return [i for i in result.items if (indicator is None or i.indicator == indicator) and (matter is None or i.matter_id == matter.pk)]


def compute(world, today=datetime.date(2027, 1, 15), year=2026):
    return scoring.compute(world.city_congress.pk, year, today=today)


def test_a_cleanly_handled_suggestion_costs_nothing_and_equal_scores_share_the_place(world, city, assigned, monkeypatch):
    clean_case(world, city, assigned, monkeypatch)
    result = compute(world)
    assert result.items == []
    assert [(row.unit_name, row.score, row.place) for row in result.ranking] == [
        ("荆门市住房和城乡建设局", Decimal(100), 1), ("荆门市水务局", Decimal(100), 1)]


def test_late_signing(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)  # a Monday: sign within 3 working days, by 5 March
    suggestion = assigned()
    lead, co = parts(suggestion)
    at(monkeypatch, 2026, 3, 5)
    engine.sign(co, actor=city.water_staff)
    at(monkeypatch, 2026, 3, 10)
    engine.sign(lead, actor=world.unit_staff)
    found = items(compute(world), "late_sign", suggestion.matter)
    assert [(i.unit_id, i.date) for i in found] == [(world.city_unit.pk, datetime.date(2026, 3, 5))]


def test_re_assignment_asked_after_the_window(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    lead, co = parts(suggestion)
    engine.request_reassignment(co, reason="不属于我局职责。", actor=city.water_staff)  # within the window
    # The engine refuses a late request; one entered for the unit afterwards is still on the list.
    ReassignmentRequest.objects.create(assignment=lead, reason="电话提出退回", requested_at=datetime.datetime(2026, 4, 1, 9, tzinfo=CHINA))
    found = items(compute(world), "late_reassignment", suggestion.matter)
    assert [(i.unit_id, i.date) for i in found] == [(world.city_unit.pk, datetime.date(2026, 4, 1))]


def test_no_undisputed_contact_before_the_reply(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    lead, _co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    recorded = contact(world, lead)
    services.confirm_contact(recorded, actor=world.rep, happened=False, note="没有人联系过我")
    at(monkeypatch, 2026, 3, 10)
    answer(world, lead)
    found = items(compute(world), "no_contact", suggestion.matter)
    assert [(i.unit_id, i.date) for i in found] == [(world.city_unit.pk, datetime.date(2026, 3, 10))]


def test_late_reply_and_the_approved_extension_moves_the_day(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    late, extended = assigned(), assigned(title="关于增设社区养老服务站点的建议")
    for suggestion in (late, extended):
        lead, _co = parts(suggestion)
        engine.sign(lead, actor=world.unit_staff)
        contact(world, lead)
    lead, _co = parts(extended)
    request = engine.request_extension(lead, reason="情况复杂需要更长时间。", rule="months:6", actor=world.unit_staff)
    engine.decide_extension(request, approve=True, actor=world.city_staff)
    at(monkeypatch, 2026, 6, 15)  # due 2 June; the extended one 2 September
    for suggestion in (late, extended):
        answer(world, parts(suggestion)[0])
    result = compute(world)
    assert [(i.unit_id, i.date) for i in items(result, "late_reply", late.matter)] == [(world.city_unit.pk, datetime.date(2026, 6, 2))]
    assert items(result, "late_reply", extended.matter) == []


def test_a_reply_not_yet_sent_after_its_day_is_late(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    engine.sign(parts(suggestion)[0], actor=world.unit_staff)
    assert [i.date for i in items(compute(world, today=datetime.date(2026, 6, 3)), "late_reply")] == [datetime.date(2026, 6, 2)]
    assert items(compute(world, today=datetime.date(2026, 6, 2)), "late_reply") == []


def test_reply_without_letter(world, city, assigned, monkeypatch):
    Settings.objects.create(congress=world.city_congress, require_letter=False)
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    lead, _co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    contact(world, lead)
    answer(world, lead, letter=False)
    found = items(compute(world), "incomplete_reply", suggestion.matter)
    assert [(i.unit_id, i.date) for i in found] == [(world.city_unit.pk, datetime.date(2026, 3, 2))]


def test_unsatisfied_and_late_re_handling(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    lead, _co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    contact(world, lead)
    answer(world, lead)
    services.evaluate(suggestion, actor=city.wang_user, rating="unsatisfied")  # a co-signer's, beside the decision: not counted
    at(monkeypatch, 2026, 3, 16)
    services.evaluate(suggestion, actor=world.rep, rating="unsatisfied")  # re-handling due 16 April
    second, _co = parts(suggestion)
    assert second.round == 2
    contact(world, second)
    at(monkeypatch, 2026, 4, 20)
    answer(world, second)
    result = compute(world)
    assert [(i.unit_id, i.date) for i in items(result, "unsatisfied", suggestion.matter)] == [(world.city_unit.pk, datetime.date(2026, 3, 16))]
    assert [(i.unit_id, i.date) for i in items(result, "late_rehandling", suggestion.matter)] == [
        (world.city_unit.pk, datetime.date(2026, 4, 16))]
    assert items(result, "late_reply", suggestion.matter) == []


def test_b_class_not_followed_up_within_the_year(world, city, assigned, monkeypatch):
    idle = clean_case(world, city, assigned, monkeypatch, reply_class="B")
    followed = clean_case(world, city, assigned, monkeypatch, month=4, title="关于增设社区养老服务站点的建议", reply_class="B")
    at(monkeypatch, 2026, 9, 1)
    engine.record_progress(parts(followed)[0], note="第一期改造已开工。", actor=world.unit_staff)
    assert items(compute(world, today=datetime.date(2026, 12, 31)), "b_not_followed") == []  # the year has not ended
    result = compute(world)
    assert [(i.matter_id, i.date) for i in items(result, "b_not_followed")] == [(idle.matter.pk, datetime.date(2026, 12, 31))]


def test_key_suggestion_without_supervision_in_a_quarter(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    engine.sign(parts(suggestion)[0], actor=world.unit_staff)
    services.designate_key(suggestion, actor=world.city_staff, year=2026, chosen_on=datetime.date(2026, 3, 2), leading_leader="陈志强",
                           supervising_committee="城乡建设环境保护委员会", plan="每季度实地督办一次，年底测评。")
    for moment in ((2026, 3, 20), (2026, 5, 12)):
        at(monkeypatch, *moment)
        engine.add_supervision(suggestion.matter, method="visit", note="实地督办", actor=world.city_staff)
    found = items(compute(world, today=datetime.date(2026, 10, 15)), "key_supervision_missed")
    assert [(i.unit_id, i.date) for i in found] == [(world.city_unit.pk, datetime.date(2026, 9, 30))]
    assert items(compute(world, today=datetime.date(2026, 9, 30)), "key_supervision_missed") == []


def test_the_same_suggestion_raised_again_the_next_year(world, city, assigned, raise_one, monkeypatch):
    at(monkeypatch, 2025, 5, 6)
    earlier = assigned(title="关于加快老旧小区雨污分流改造的建议")
    lead, _co = parts(earlier)
    engine.sign(lead, actor=world.unit_staff)
    contact(world, lead)
    answer(world, lead)
    at(monkeypatch, 2026, 2, 3)
    again = raise_one(title="关于加快推进老旧小区雨污分流改造的建议")
    other = raise_one(title="关于增设社区养老服务站点的建议")
    found = items(compute(world), "re_raised")
    assert [(i.unit_id, i.matter_id, i.date) for i in found] == [(world.city_unit.pk, earlier.matter.pk, datetime.date(2026, 2, 3))]
    assert scoring.similar(scoring.title_words(again.matter.title), scoring.title_words(earlier.matter.title)) >= scoring.SIMILARITY
    assert scoring.similar(scoring.title_words(other.matter.title), scoring.title_words(earlier.matter.title)) < scoring.SIMILARITY


def test_the_congress_sets_points_and_drops_indicators_and_ties_share_places(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    lead, co = parts(suggestion)
    at(monkeypatch, 2026, 3, 10)
    engine.sign(lead, actor=world.unit_staff)  # late
    engine.sign(co, actor=city.water_staff)  # late
    march = datetime.date(2026, 3, 20)
    result = compute(world, today=march)
    assert [(row.score, row.place) for row in result.ranking] == [(Decimal(99), 1), (Decimal(99), 1)]
    ScoringRule.objects.create(congress=world.city_congress, indicator="late_sign", points=Decimal("2.5"))
    assert {row.score for row in compute(world, today=march).ranking} == {Decimal("97.5")}
    ScoringRule.objects.filter(indicator="late_sign").update(is_active=False)
    result = compute(world, today=march)
    assert result.items == [] and {row.score for row in result.ranking} == {Decimal(100)}


def test_ranking_places_with_a_tie_between_three_units(world, city, assigned, monkeypatch):
    from minyi.organisations.models import Unit

    third = Unit.objects.create(region=world.city, name="荆门市交通运输局")
    at(monkeypatch, 2026, 3, 2)
    first = assigned()
    second = services.raise_suggestion(services.Draft(title="关于增设社区养老服务站点的建议", text="建议在老旧小区增设养老服务站点，解决老人就餐和照护难题。",
                                                      category="social"), actor=world.rep, lead=world.representative, congress=world.city_congress)
    services.register(second, actor=world.city_staff)
    services.assign(second, actor=world.city_staff, lead=third)
    at(monkeypatch, 2026, 3, 10)
    engine.sign(parts(first)[0], actor=world.unit_staff)  # late: housing 99
    engine.sign(second.matter.assignments.get(), actor=world.admin)  # late: transport 99
    engine.sign(parts(first)[1], actor=city.water_staff)  # late: water 99
    ScoringRule.objects.create(congress=world.city_congress, indicator="late_sign", points=Decimal(1))
    march = datetime.date(2026, 3, 20)
    result = compute(world, today=march)
    assert [row.place for row in result.ranking] == [1, 1, 1]
    engine.record_progress(parts(first)[0], note="进展", actor=world.unit_staff)
    Settings.objects.create(congress=world.city_congress, require_letter=False)
    lead = parts(first)[0]
    contact(world, lead)
    answer(world, lead, letter=False)  # housing loses 2 more: a reply without its letter
    ranking = compute(world, today=march).ranking
    assert [(row.unit_name, row.score, row.place) for row in ranking] == [
        ("荆门市交通运输局", Decimal(99), 1), ("荆门市水务局", Decimal(99), 1), ("荆门市住房和城乡建设局", Decimal(97), 3)]


def test_pages_drill_down_settings_and_excel(client, world, city, assigned, monkeypatch):
    from openpyxl import load_workbook

    at(monkeypatch, 2026, 3, 2)
    suggestion = assigned()
    suggestion.refresh_from_db()
    lead, co = parts(suggestion)
    at(monkeypatch, 2026, 3, 10)
    engine.sign(lead, actor=world.unit_staff)
    engine.sign(co, actor=city.water_staff)
    base = reverse("suggestions:scoring")
    query = f"?congress={world.city_congress.pk}&year=2026"
    client.force_login(world.unit_staff)
    assert client.get(base + query).status_code == 403
    client.force_login(world.leader)
    page = client.get(base + query)
    assert page.status_code == 200 and "荆门市水务局" in page.content.decode()
    assert client.get(reverse("suggestions:scoring_settings") + query).status_code == 403  # leaders read, staff set
    drill = client.get(reverse("suggestions:scoring_unit", args=[world.city_unit.pk]) + query)
    html = drill.content.decode()
    assert drill.status_code == 200 and suggestion.matter.title in html and suggestion.number_label in html
    assert reverse("suggestions:desk_detail", args=[suggestion.pk]) in html
    assert client.get(reverse("suggestions:scoring_unit", args=[world.dongbao_unit.pk]) + query).status_code == 404

    client.force_login(world.city_staff)
    data = {f"{code}-points": str(points) for code, (_label, points) in scoring.INDICATORS.items()}
    data.update({f"{code}-counted": "on" for code in scoring.INDICATORS})
    data["late_sign-points"] = "-1"
    refused = client.post(reverse("suggestions:scoring_settings") + query, data)
    assert refused.status_code == 400 and refused.context["form"].errors.get("late_sign-points")
    assert 'value="-1"' in refused.content.decode()
    data["late_sign-points"] = "4"
    del data["re_raised-counted"]
    assert client.post(reverse("suggestions:scoring_settings") + query, data).status_code == 302
    assert ScoringRule.objects.get(congress=world.city_congress, indicator="late_sign").points == Decimal(4)
    assert not ScoringRule.objects.get(congress=world.city_congress, indicator="re_raised").is_active

    export = client.get(base + query + "&export=xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    ranking, listed = workbook.worksheets
    rows = list(ranking.iter_rows(min_row=2, values_only=True))
    assert sorted((r[1], r[2], r[0]) for r in rows) == [("荆门市住房和城乡建设局", 96, 1), ("荆门市水务局", 96, 1)]
    details = list(listed.iter_rows(min_row=2, values_only=True))
    assert len(details) == 2 and {d[2] for d in details} == {suggestion.number_label}
    assert all(d[5] == 4 for d in details)
