"""The whole suggestion lifecycle through /api/suggestions only, with API tokens (as another system:
no cookies, CSRF enforced) and browser sessions: raise jointly, co-sign, return and revise, register,
plan and assign, contact and its confirmation, reply with the letter (multipart), 不满意 and
re-handling, 基本满意, key suggestion; and refusals: wrong role (403), outside the scope (404),
invalid input (422, in Chinese), a stale version (409)."""

import pytest
from django.test import Client
from django.utils import timezone

from minyi.accounts.models import ApiToken
from minyi.matters.models import Assignment
from minyi.suggestions.models import Suggestion

from .conftest import pdf_letter

pytestmark = pytest.mark.django_db
API = "/api/suggestions"


def system(user):
    _token, key = ApiToken.issue(user, "office system")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body, status=(200, 201)):
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in status, (path, response.status_code, response.content.decode())
    return response.json()


def refused(client, path, body, status):
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == status, (path, response.status_code, response.content.decode())
    return response.json()


def test_the_whole_lifecycle_over_the_api(world, city):
    rep, wang, staff, unit = system(world.rep), browser(city.wang_user), system(world.city_staff), system(world.unit_staff)
    water = system(city.water_staff)
    raised = post(rep, API, {
        "title": "关于加快老旧小区雨污分流改造的建议", "category": "urban", "co_signers": [city.wang.pk],
        "text": "我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局会同水务局制定三年改造计划，优先安排资金。",
        "session": city.session.pk,
    })
    pk = raised["id"]
    assert raised["status"] == "collecting" and raised["kind"] == "suggestion"
    assert {s["name"]: s["state"] for s in raised["details"]["signers"]} == {"李春梅": "confirmed", "王建军": "invited"}

    detail = post(wang, f"{API}/{pk}/invitation", {"confirm": True})
    assert detail["status"] == "submitted"
    assert [item["id"] for item in staff.get(API, {"status": "submitted"}).json()["items"]] == [pk]
    assert system(world.dongbao_staff).get(f"{API}/{pk}").status_code == 404  # another congress's staff

    detail = post(staff, f"{API}/{pk}/return", {"version": detail["version"], "reasons": ["several"], "note": "请拆分为一事一议。"})
    assert detail["status"] == "returned" and detail["details"]["return_reasons"] == ["several"]
    detail = post(rep, f"{API}/{pk}/revise", {
        "version": detail["version"], "title": "关于加快老旧小区雨污分流改造的建议", "category": "urban",
        "text": "我市部分老旧小区雨污合流，雨季污水外溢，建议制定三年改造计划，分年度优先安排财政资金。"})
    assert detail["status"] == "submitted" and detail["details"]["revision"] == 1

    detail = post(staff, f"{API}/{pk}/register", {"version": detail["version"]})
    assert detail["status"] == "registered" and detail["details"]["number_label"] == "大会第0001号"
    units = staff.get(f"{API}/{pk}/units").json()
    assert {u["name"] for u in units} >= {world.city_unit.name, city.water_unit.name}
    detail = post(staff, f"{API}/{pk}/plan", {"lead": world.city_unit.pk, "co_units": [city.water_unit.pk]})
    assert detail["details"]["planned_lead"] == world.city_unit.pk
    detail = post(staff, f"{API}/{pk}/assign", {"version": detail["version"], "lead": world.city_unit.pk, "co_units": [city.water_unit.pk]})
    assert detail["status"] == "assigned"
    lead = Assignment.objects.get(matter_id=pk, role="lead")
    co = Assignment.objects.get(matter_id=pk, role="co")

    detail = post(unit, f"/api/assignments/{lead.pk}/sign", {"version": detail["version"]})  # the engine's own step
    assert detail["status"] == "handling"
    reply_links = [a["path"] for row in detail["assignments"] for a in row["available_actions"] if a["action"] == "reply"]
    assert reply_links == [f"{API}/{pk}/reply"]  # the suggestion's own reply, which carries class and letter
    no_contact = unit.post(f"{API}/{pk}/reply", {"version": detail["version"], "text": "已纳入全市老旧小区改造计划。", "reply_class": "B",
                                                  "letter": pdf_letter()})
    assert no_contact.status_code == 422 and "contact" in {e["field"] for e in no_contact.json()["errors"]}
    detail = post(unit, f"{API}/{pk}/contacts", {"representative": world.representative.pk, "method": "visit",
                                                 "happened_on": str(timezone.localdate()), "note": "到社区现场查看并座谈。"})
    contact = detail["details"]["contacts"][0]
    assert contact["confirmation"] == "pending"
    detail = post(rep, f"{API}/{pk}/contacts/{contact['id']}/confirmation", {"happened": True})
    assert detail["details"]["contacts"][0]["confirmation"] == "confirmed"
    detail = post(water, f"/api/assignments/{co.pk}/contribution", {"version": detail["version"], "text": "水务局同意配合管网改造。"})

    response = unit.post(f"{API}/{pk}/reply", {"version": detail["version"], "text": "已纳入2027年老旧小区改造计划，分三年实施。",
                                               "reply_class": "B", "signed_by": "张局长", "letter": pdf_letter()})
    assert response.status_code == 200, response.content.decode()
    detail = response.json()
    assert detail["status"] == "replied" and detail["details"]["letters"][0]["reply_class"] == "B"
    assert detail["details"]["letters"][0]["url"].startswith("/api/matters/attachments/")

    detail = post(rep, f"{API}/{pk}/evaluation", {"version": detail["version"], "rating": "unsatisfied", "comment": "未说明资金来源"})
    assert detail["status"] == "handling" and detail["round"] == 2
    again = Assignment.objects.get(matter_id=pk, role="lead", round=2)
    detail = post(unit, f"{API}/{pk}/contacts", {"assignment": again.pk, "representative": world.representative.pk, "method": "phone",
                                                 "happened_on": str(timezone.localdate()), "note": "电话说明资金安排。"})
    response = unit.post(f"{API}/{pk}/reply", {"version": detail["version"], "text": "补充答复：资金由市级财政分年度安排。",
                                               "reply_class": "B", "letter": pdf_letter()})
    detail = response.json()
    assert response.status_code == 200 and detail["status"] == "replied"
    detail = post(rep, f"{API}/{pk}/evaluation", {"version": detail["version"], "rating": "basically_satisfied"})
    assert detail["status"] == "following_up"
    detail = post(staff, f"{API}/{pk}/key", {"year": 2026, "chosen_on": "2026-03-10", "leading_leader": "陈志强",
                                             "supervising_committee": "城乡建设环境保护委员会", "plan": "每季度实地督办一次，年底听取汇报。"})
    assert detail["details"]["key"]["leading_leader"] == "陈志强"
    mine = rep.get(API).json()
    assert [item["number"] for item in mine["items"]] == ["大会第0001号"] and mine["items"][0]["joint"] is True
    assert rep.get(API, {"q": "雨污分流"}).json()["count"] == 1 and rep.get(API, {"q": "养老"}).json()["count"] == 0


def test_refusals(world, city):
    rep, staff, unit, outsider = system(world.rep), system(world.city_staff), system(world.unit_staff), system(city.zhao_user)
    body = {"title": "关于完善农村饮水安全工程的建议", "category": "urban",
            "text": "部分村组供水管网老化，水压不足，建议实施农村供水管网更新改造并加强水质监测。"}
    invalid = refused(rep, API, {**body, "title": "短", "category": "nope"}, 422)
    fields = {e["field"]: e["message"] for e in invalid["errors"]}
    assert set(fields) >= {"title", "category"} and "4" in fields["title"]
    missing = refused(rep, API, {"title": "关于"}, 422)
    assert {e["field"] for e in missing["errors"]} >= {"text", "category"}
    assert refused(unit, API, body, 422)["errors"][0]["field"] == "lead_representative"  # not a representative
    refused(system(world.dongbao_staff), API, {**body, "lead_representative": world.representative.pk,
                                               "congress": world.city_congress.pk}, 403)
    pk = post(rep, API, body)["id"]
    version = rep.get(f"{API}/{pk}").json()["version"]
    assert outsider.get(f"{API}/{pk}").status_code == 404  # not a signer of it
    refused(rep, f"{API}/{pk}/register", {"version": version}, 403)  # a representative does not register
    refused(unit, f"{API}/{pk}/register", {"version": version}, 404)  # a unit does not see it before assignment
    refused(staff, f"{API}/{pk}/register", {"version": version + 5}, 409)  # stale
    refused(staff, f"{API}/{pk}/return", {"version": version, "reasons": ["because"]}, 422)
    detail = post(staff, f"{API}/{pk}/register", {"version": version})
    refused(staff, f"{API}/{pk}/assign", {"version": detail["version"], "lead": world.dongbao_unit.pk}, 422)  # not a city unit
    refused(rep, f"{API}/{pk}/withdraw", {"version": detail["version"]}, 409)  # registered: too late to withdraw
    refused(rep, f"{API}/{pk}/key", {"year": 2026, "chosen_on": "2026-03-10", "leading_leader": "某", "supervising_committee": "某委",
                                     "plan": "计划计划计划计划计划"}, 403)
    english = rep.post(API, {**body, "title": ""}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422
    chinese = rep.post(API, {**body, "title": ""}, content_type="application/json")
    assert chinese.json()["message"] != english.json()["message"]  # Chinese unless the caller asks otherwise


def test_a_retried_raise_with_the_same_idempotency_key_makes_one_suggestion(world, city):
    rep = system(world.rep)
    body = {"title": "关于加快老旧小区雨污分流改造的建议", "category": "urban",
            "text": "我市部分老旧小区雨污合流，雨季污水外溢，建议制定三年改造计划，优先安排资金。"}
    first = rep.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-key-0001").json()
    again = rep.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-key-0001").json()
    assert first["id"] == again["id"] and Suggestion.objects.count() == 1
    bad = rep.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="x")
    assert bad.status_code in (400, 422) and Suggestion.objects.count() == 1
