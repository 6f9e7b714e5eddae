"""The matter API refuses what the pages refuse: stale versions (409), steps not possible now (409),
other people's actions (403), other units' assignments (404); a token holder may do exactly what
the same person may do signed in; anonymity holds; the schema documents every path."""

import pytest
from django.test import Client
from django.utils import translation

from minyi.accounts import access
from minyi.accounts.models import ApiToken, Role
from minyi.matters.models import Matter
from minyi.matters.services import StaleMatter
from minyi.opinions import services as opinions
from minyi.opinions.tests.conftest import places, submission
from minyi.testing import person

pytestmark = pytest.mark.django_db
# The opinion app's fixtures: the engine's API is tested here with its first kind.
OPINION_FIXTURES = (places, submission)


def chinese(msgid):
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def system(user):
    _token, key = ApiToken.issue(user, "another system")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def roads_staff(places):
    return person("roads_staff", Role.UNIT_STAFF, unit=places.roads_unit, full_name="吴刚")


@pytest.fixture
def assigned(world, places, submission):
    """A Dongbao opinion accepted and assigned: lead the roads unit, co the Dongbao education bureau."""
    matter, _created = opinions.submit(submission(anonymous=True))
    opinions.accept(matter, actor=world.dongbao_staff)
    from minyi.matters import services as engine

    engine.assign(matter, lead=places.roads_unit, co_units=[world.dongbao_unit], actor=world.dongbao_staff)
    return matter


def test_a_stale_version_is_a_409_with_the_stale_matter_message(world, submission):
    matter, _created = opinions.submit(submission())
    staff = system(world.dongbao_staff)
    response = post(staff, f"/api/opinions/{matter.pk}/accept", {"version": matter.version - 1 or 99})
    assert response.status_code == 409
    assert response.json() == {"code": "stale", "message": chinese(StaleMatter.message)}
    assert Matter.objects.get(pk=matter.pk).status == "submitted"


def test_two_clients_acting_on_the_same_version_only_one_wins(world, submission):
    matter, _created = opinions.submit(submission())
    first = post(system(world.dongbao_staff), f"/api/opinions/{matter.pk}/accept", {"version": matter.version})
    second = post(system(world.admin), f"/api/opinions/{matter.pk}/return", {"version": matter.version, "reason": "属于法院管辖的案件。"})
    assert first.status_code == 200 and second.status_code == 409


def test_a_step_not_possible_now_is_a_409(world, submission):
    matter, _created = opinions.submit(submission())
    response = post(system(world.dongbao_staff), f"/api/matters/{matter.pk}/close", {"version": matter.version, "reason": "重复"})
    assert response.status_code == 409 and response.json()["code"] == "not_allowed_now"


def test_someone_who_sees_it_but_may_not_act_gets_a_403(world, assigned, roads_staff):
    response = post(system(roads_staff), f"/api/opinions/{assigned.pk}/accept", {"version": assigned.version})
    assert response.status_code == 409, "no longer waiting for acceptance"
    response = post(system(roads_staff), f"/api/matters/{assigned.pk}/close", {"version": assigned.version, "reason": "不归我们管"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    response = post(system(world.leader), f"/api/matters/{assigned.pk}/close", {"version": assigned.version, "reason": "已办"})
    assert response.status_code == 403, "a leader reads and supervises, but does not close"
    response = post(system(world.dongbao_staff), f"/api/matters/{assigned.pk}/assign", {"version": assigned.version, "lead": 1})
    assert response.status_code == 409, "assigned already: not possible now, whatever the units chosen"
    response = post(system(world.duodao_staff), f"/api/matters/{assigned.pk}/close", {"version": assigned.version, "reason": "x"})
    assert response.status_code == 404, "another county's staff do not even see it"


def test_a_unit_cannot_see_another_units_assignment(world, assigned, roads_staff, places):
    lead = assigned.assignments.get(unit=places.roads_unit)
    co = assigned.assignments.get(unit=world.dongbao_unit)
    co_client = system(world.other_unit_staff)
    assert co_client.get(f"/api/assignments/{lead.pk}").status_code == 404
    assert post(co_client, f"/api/assignments/{lead.pk}/sign", {"version": assigned.version}).status_code == 404
    assert post(co_client, f"/api/assignments/{lead.pk}/reply", {"version": assigned.version, "text": "代答"}).status_code == 404
    assert [i["assignment"]["id"] for i in co_client.get("/api/assignments").json()["items"]] == [co.pk]
    seen = co_client.get(f"/api/matters/{assigned.pk}").json()
    assert [a["id"] for a in seen["assignments"]] == [co.pk]
    assert str(lead.pk) not in str([e["data"] for e in seen["timeline"]]) and f"/{lead.pk}/" not in str(seen)
    outsider = system(world.unit_staff)  # the city's housing bureau: not assigned at all
    assert outsider.get(f"/api/matters/{assigned.pk}").status_code == 404
    assert outsider.get("/api/matters").json()["count"] == 0


def test_a_unit_never_learns_an_anonymous_citizen(world, assigned, roads_staff):
    unit_view = system(roads_staff).get(f"/api/matters/{assigned.pk}").json()
    assert unit_view["details"]["citizen_name"] == chinese("Anonymous") and unit_view["details"]["phone"] == ""
    assert "王芳" not in str(unit_view) and "5678" not in str(unit_view)
    staff_view = system(world.dongbao_staff).get(f"/api/matters/{assigned.pk}").json()
    assert staff_view["details"]["citizen_name"] == "王芳" and staff_view["details"]["phone"] == "139****5678"
    assert "13912345678" not in str(staff_view)


@pytest.mark.parametrize("who", ["dongbao_staff", "duodao_staff", "city_staff", "leader", "other_unit_staff", "unit_staff", "rep", "citizen"])
def test_a_token_holder_may_do_what_they_may_do_signed_in(world, assigned, who, submission, places):
    opinions.submit(submission(), station=places.station)
    user = getattr(world, who)
    by_token, by_session = system(user), browser(user)
    listed = by_token.get("/api/matters").json()
    assert listed == by_session.get("/api/matters").json()
    assert {m["id"] for m in listed["items"]} == set(access.visible(user, Matter.objects.all()).values_list("pk", flat=True))
    for matter in Matter.objects.all():
        token_detail, session_detail = by_token.get(f"/api/matters/{matter.pk}"), by_session.get(f"/api/matters/{matter.pk}")
        assert token_detail.status_code == session_detail.status_code
        if token_detail.status_code == 200:
            assert token_detail.json()["available_actions"] == session_detail.json()["available_actions"]


def test_a_browser_post_needs_its_csrf_token_but_a_system_needs_none(world, submission):
    matter, _created = opinions.submit(submission())
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(world.dongbao_staff)
    refused = post(careful, f"/api/opinions/{matter.pk}/accept", {"version": matter.version})
    assert refused.status_code == 403
    accepted = post(system(world.dongbao_staff), f"/api/opinions/{matter.pk}/accept", {"version": matter.version})
    assert accepted.status_code == 200
    assert post(Client(enforce_csrf_checks=True), f"/api/opinions/{matter.pk}/accept", {"version": 2}).status_code == 401


def test_bad_action_input_is_422_in_chinese(world, assigned, places):
    staff = system(world.dongbao_staff)
    response = post(staff, f"/api/matters/{assigned.pk}/supervisions", {"version": "new", "method": "shout"})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields == {"version": "请输入数字。", "method": "请从允许的选项中选择。"}
    other = Matter.objects.create(kind="opinion", title="x", text="x", region_code="420802000000",
                                  owner_congress=world.dongbao_congress, status="accepted")
    response = post(staff, f"/api/matters/{other.pk}/assign", {"version": other.version, "lead": world.city_unit.pk})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lead", "a unit outside the county"


def test_staff_filter_and_search_their_inbox(world, submission, places):
    lamp, _c = opinions.submit(submission())
    bus, _c = opinions.submit(submission(text="公交车站台顶棚破损，下雨天无处避雨。", category="traffic"))
    staff = system(world.dongbao_staff)

    def ids(**filters):
        return [m["id"] for m in staff.get("/api/matters", filters).json()["items"]]

    assert ids() == [bus.pk, lamp.pk]
    assert ids(q="路灯") == [lamp.pk]
    assert ids(category="traffic") == [bus.pk]
    assert ids(region=places.village.pk) == [bus.pk, lamp.pk]
    assert ids(region=world.duodao.pk) == []
    assert ids(channel="h5", status="submitted") == [bus.pk, lamp.pk]
    page = staff.get("/api/matters", {"page_size": 1, "page": 2}).json()
    assert (page["count"], page["pages"], page["page"], [m["id"] for m in page["items"]]) == (2, 2, 2, [lamp.pk])
    assert staff.get("/api/matters", {"region": "999"}).status_code == 422
    assert staff.get("/api/matters", {"deadline": "purple"}).status_code == 422


def test_extensions_and_reassignments_are_asked_and_decided(world, assigned, roads_staff, places):
    lead_client, staff = system(roads_staff), system(world.dongbao_staff)
    lead = assigned.assignments.get(unit=places.roads_unit)
    co = assigned.assignments.get(unit=world.dongbao_unit)
    version = Matter.objects.get(pk=assigned.pk).version
    bad = post(lead_client, f"/api/assignments/{lead.pk}/extension-requests", {"version": version, "reason": "需要采购", "rule": "soon"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rule"
    detail = post(lead_client, f"/api/assignments/{lead.pk}/extension-requests",
                  {"version": version, "reason": "需要采购灯具", "rule": "workdays:30"}).json()
    co_detail = post(system(world.other_unit_staff), f"/api/assignments/{co.pk}/reassignment-requests",
                     {"version": detail["version"], "reason": "不属于教育局职责", "suggested_unit": "东宝区城管局"}).json()
    assert "request_reassignment" not in {a["action"] for a in co_detail["available_actions"]}
    staff_view = staff.get(f"/api/matters/{assigned.pk}").json()
    decisions = {a["action"]: a["path"] for a in staff_view["available_actions"] if a["action"].startswith("decide_")}
    assert set(decisions) == {"decide_extension", "decide_reassignment"}
    assert post(lead_client, decisions["decide_extension"], {"version": staff_view["version"], "approve": True}).status_code == 403
    after = post(staff, decisions["decide_extension"], {"version": staff_view["version"], "approve": True}).json()
    extended = next(a for a in after["assignments"] if a["id"] == lead.pk)
    assert extended["extensions"][0]["state"] == "approved" and extended["handle_due"] == extended["extensions"][0]["new_due"]
    after = post(staff, decisions["decide_reassignment"], {"version": after["version"], "approve": True, "note": "同意"}).json()
    assert [a["state"] for a in after["assignments"] if a["id"] == co.pk] == ["withdrawn"]
    supervised = post(staff, f"/api/matters/{assigned.pk}/supervisions", {"version": after["version"], "method": "reminder",
                                                                           "note": "请加快进度"}).json()
    assert supervised["supervisions"][0]["method"] == "reminder"


def test_staff_merge_escalate_and_send_down(world, submission):
    first, _c = opinions.submit(submission())
    duplicate, _c = opinions.submit(submission(text="龙井社区门口的路灯坏了好几天了。"))
    staff, city = system(world.dongbao_staff), system(world.city_staff)
    merged = post(staff, f"/api/matters/{duplicate.pk}/merge", {"version": duplicate.version, "into": first.pk}).json()
    assert merged["status"] == "merged" and merged["merged_into"] == first.pk
    up = post(staff, f"/api/matters/{first.pk}/escalate", {"version": Matter.objects.get(pk=first.pk).version}).json()
    assert up["owner_congress"]["id"] == world.city_congress.pk
    wrong = post(city, f"/api/matters/{first.pk}/send-down", {"version": up["version"], "to_congress": world.province.pk})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "to_congress"
    down = post(city, f"/api/matters/{first.pk}/send-down", {"version": up["version"], "to_congress": world.duodao_congress.pk}).json()
    assert down["owner_congress"]["id"] == world.duodao_congress.pk


def test_the_openapi_schema_documents_the_lifecycle(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ["/api/opinions", "/api/opinions/categories", "/api/opinions/track/{code}", "/api/opinions/track/{code}/supplements",
                 "/api/opinions/track/{code}/evaluation", "/api/opinions/{matter_id}/accept", "/api/opinions/{matter_id}/return",
                 "/api/opinions/{matter_id}/forward", "/api/opinions/{matter_id}/resolve-on-spot", "/api/matters",
                 "/api/matters/{matter_id}", "/api/matters/{matter_id}/assign", "/api/matters/{matter_id}/merge",
                 "/api/matters/{matter_id}/escalate", "/api/matters/{matter_id}/send-down", "/api/matters/{matter_id}/close",
                 "/api/matters/{matter_id}/supervisions", "/api/matters/{matter_id}/evaluation",
                 "/api/matters/{matter_id}/extensions/{extension_id}/decision",
                 "/api/matters/{matter_id}/reassignment-requests/{request_id}/decision", "/api/assignments",
                 "/api/assignments/{assignment_id}/sign", "/api/assignments/{assignment_id}/progress",
                 "/api/assignments/{assignment_id}/contribution", "/api/assignments/{assignment_id}/reply",
                 "/api/assignments/{assignment_id}/extension-requests", "/api/assignments/{assignment_id}/reassignment-requests"]:
        assert path in paths, path
    submit = paths["/api/opinions"]["post"]
    assert set(submit["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "Idempotency-Key" in submit["description"] and submit["summary"]
    assert all(op.get("summary") for methods in paths.values() for op in methods.values())
