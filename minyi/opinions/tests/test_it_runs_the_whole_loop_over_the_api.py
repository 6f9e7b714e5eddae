"""The whole closed loop through /api/ only: a citizen without an account submits and follows the
opinion with its code; staff and units act with API tokens (as a mini-program or another system
would: no cookies, CSRF enforced)."""

import pytest
from django.test import Client

from minyi.accounts.models import ApiToken, Role
from minyi.matters.models import Assignment, Matter
from minyi.testing import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = settings.OPINION_TRACK_RATE_PER_ADDRESS = "100000/m"
    settings.OPINION_SUBMIT_RATE_PER_PHONE = "100000/m"


def system(user):
    """A client that authenticates with an API token only, as a system does."""
    _token, key = ApiToken.issue(user, "mini-program")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def post(client, path, body):
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in (200, 201), (path, response.status_code, response.content.decode())
    return response.json()


def actions(detail):
    return {link["action"]: link for link in detail["available_actions"]}


def test_an_opinion_goes_round_the_loop_through_the_api(world, places):
    roads_staff = person("roads_staff", Role.UNIT_STAFF, unit=places.roads_unit, full_name="吴刚")
    citizen = Client(enforce_csrf_checks=True)
    staff, lead, co = system(world.dongbao_staff), system(roads_staff), system(world.other_unit_staff)

    assert [c["code"] for c in citizen.get("/api/opinions/categories").json()] == ["city", "traffic"]
    submitted = post(citizen, "/api/opinions", {
        "text": "龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "region_code": places.village.pk, "category": "city",
        "citizen_name": "王芳", "phone": "139 1234 5678", "consent": True,
    })
    code = submitted["tracking_code"]
    assert submitted["created"] and submitted["needs_phone_digits"] and submitted["status"] == "submitted"
    matter = Matter.objects.get(tracking_code=code)
    assert matter.channel == "api"

    inbox = staff.get("/api/matters", {"status": "submitted"}).json()
    assert [item["id"] for item in inbox["items"]] == [matter.pk]
    detail = staff.get(f"/api/matters/{matter.pk}").json()
    assert detail["details"]["phone"] == "139****5678" and "13912345678" not in str(detail)
    assert actions(detail)["accept"]["path"] == f"/api/opinions/{matter.pk}/accept"

    detail = post(staff, actions(detail)["accept"]["path"], {"version": detail["version"], "handling_class": "cross_unit"})
    assert detail["status"] == "accepted" and detail["handling_class"] == "cross_unit"
    units = staff.get(f"/api/opinions/{matter.pk}/units").json()
    assert {u["id"] for u in units["assignable"]} >= {places.roads_unit.pk, world.dongbao_unit.pk}
    detail = post(staff, f"/api/matters/{matter.pk}/assign", {
        "version": detail["version"], "lead": places.roads_unit.pk, "co_units": [world.dongbao_unit.pk],
    })
    assert detail["status"] == "assigned" and len(detail["assignments"]) == 2

    mine = lead.get("/api/assignments", {"open": True}).json()
    assert mine["count"] == 1
    lead_assignment = mine["items"][0]["assignment"]
    assert lead_assignment["role"] == "lead"
    unit_view = lead.get(f"/api/matters/{matter.pk}").json()
    assert len(unit_view["assignments"]) == 1, "a unit sees its own assignment only"
    sign = actions(unit_view)["sign"]
    detail = post(lead, sign["path"], {"version": unit_view["version"]})
    assert detail["status"] == "handling"

    co_assignment = co.get("/api/assignments").json()["items"][0]["assignment"]
    co_view = co.get(f"/api/matters/{matter.pk}").json()
    assert "reply" not in actions(co_view)
    post(co, f"/api/assignments/{co_assignment['id']}/contribution",
         {"version": co_view["version"], "text": "教育局已核实：路灯位于学校门口，同意尽快修复。"})
    unit_view = lead.get(f"/api/matters/{matter.pk}").json()
    assert [r["kind"] for r in unit_view["replies"]] == ["contribution"], "the lead unit reads the co-unit's opinion"
    detail = post(lead, actions(unit_view)["reply"]["path"],
                  {"version": unit_view["version"], "text": "已更换灯具，路灯恢复照明。"})
    assert detail["status"] == "replied"

    tracked = citizen.get(f"/api/opinions/track/{code}", {"phone_last4": "5678"}).json()
    assert tracked["can_evaluate"] and tracked["replies"][0]["text"] == "已更换灯具，路灯恢复照明。"
    assert tracked["replies"][0]["unit"] == "东宝区城市管理执法局"
    assert "contribute" not in [e["action"] for e in tracked["timeline"]], "the co-unit's opinion is internal"
    tracked = post(citizen, f"/api/opinions/track/{code}/evaluation",
                   {"phone_last4": "5678", "version": tracked["version"], "rating": "unsatisfied", "comment": "晚上仍然有一盏不亮。"})
    assert tracked["status"] == "handling" and not tracked["can_evaluate"]

    unit_view = lead.get(f"/api/matters/{matter.pk}").json()
    assert unit_view["round"] == 2
    second = next(a for a in unit_view["assignments"] if a["round"] == 2)
    assert second["state"] == "signed" and second["unit"]["id"] == places.roads_unit.pk
    post(lead, f"/api/assignments/{second['id']}/reply", {"version": unit_view["version"], "text": "两盏灯均已修复，已夜间复查。"})

    tracked = citizen.get(f"/api/opinions/track/{code}", {"phone_last4": "5678"}).json()
    tracked = post(citizen, f"/api/opinions/track/{code}/evaluation",
                   {"phone_last4": "5678", "version": tracked["version"], "rating": "satisfied"})
    assert tracked["status"] == "closed" and tracked["status_label"] == "已关闭"
    assert [e["rating"] for e in tracked["evaluations"]] == ["unsatisfied", "satisfied"]
    assert [e["action"] for e in tracked["timeline"]] == ["open", "accept", "assign", "sign", "reply", "rehandle", "reply", "evaluate"]
    assert not Assignment.objects.filter(matter=matter, state__in=Assignment.OPEN_STATES).exists()
    final = staff.get(f"/api/matters/{matter.pk}").json()
    assert final["closed_at"] and final["available_actions"] == []


def test_a_signed_in_citizen_submits_as_themselves_and_evaluates_by_account(world, places):
    citizen = system(world.citizen)
    submitted = post(citizen, "/api/opinions", {"text": "小区门口的公交站台顶棚破损，下雨无处避雨。", "region_code": places.village.pk,
                                                "consent": True})
    matter = Matter.objects.get(tracking_code=submitted["tracking_code"])
    assert matter.raised_by == world.citizen and not submitted["needs_phone_digits"]
    assert [m["id"] for m in citizen.get("/api/matters").json()["items"]] == [matter.pk]

    staff = system(world.dongbao_staff)
    detail = post(staff, f"/api/opinions/{matter.pk}/accept", {"version": matter.version})
    detail = post(staff, f"/api/matters/{matter.pk}/assign", {"version": detail["version"], "lead": places.roads_unit.pk})
    roads = system(person("roads_staff", Role.UNIT_STAFF, unit=places.roads_unit))
    assignment = detail["assignments"][0]["id"]
    detail = post(roads, f"/api/assignments/{assignment}/reply", {"version": detail["version"], "text": "已修复站台顶棚。"})

    own = citizen.get(f"/api/matters/{matter.pk}").json()
    assert actions(own)["evaluate"]["path"] == f"/api/matters/{matter.pk}/evaluation"
    closed = post(citizen, f"/api/matters/{matter.pk}/evaluation", {"version": own["version"], "rating": "basically_satisfied"})
    assert closed["status"] == "closed"


def test_a_station_code_routes_it_to_the_representative_who_resolves_it_on_the_spot(world, places):
    citizen = Client(enforce_csrf_checks=True)
    submitted = post(citizen, "/api/opinions", {"text": "联络站旁边的健身器材松动，老人使用有危险。", "region_code": places.village.pk,
                                                "station_code": places.station.public_code.upper(), "consent": True})
    assert submitted["status"] == "with_representative"
    matter = Matter.objects.get(tracking_code=submitted["tracking_code"])
    assert matter.channel == "station_code" and matter.station == places.station

    rep = system(world.rep)
    detail = rep.get(f"/api/matters/{matter.pk}").json()
    assert set(actions(detail)) == {"resolve_on_spot", "forward"}
    detail = post(rep, actions(detail)["resolve_on_spot"]["path"], {"version": detail["version"], "text": "已联系社区紧固全部器材。"})
    assert detail["status"] == "replied"
    tracked = citizen.get(f"/api/opinions/track/{submitted['tracking_code']}").json()
    assert tracked["can_evaluate"] and tracked["timeline"][-1]["note"] == "已联系社区紧固全部器材。"
