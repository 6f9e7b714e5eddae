import pytest
from django.urls import reverse

from minyi.matters import services as engine
from minyi.matters.models import Assignment
from minyi.opinions import inbox, services
from minyi.opinions.inbox import InboxFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinions(world, places, submission):
    lamp, _c = services.submit(submission())
    road, _c = services.submit(submission(text="龙泉街道主干道井盖破损，车辆经过很危险。", category="traffic", phone=""))
    county, _c = services.submit(submission(text="东宝区政务大厅周末能否开放办理业务？", region_code=world.dongbao.pk, category=""))
    services.accept(road, actor=world.dongbao_staff, category="traffic", green_channel=True)
    return {"lamp": lamp, "road": road, "county": county}


def codes(response):
    return {row.matter.tracking_code for row in response.context["page"].rows}


def test_a_chinese_word_finds_the_opinions_that_contain_it(client, world, opinions):
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("opinions:inbox"), {"q": "路灯"})
    assert response.status_code == 200
    assert codes(response) == {opinions["lamp"].tracking_code}
    assert "路灯不亮" in response.content.decode()
    # A tracking code in the search box finds its opinion.
    response = client.get(reverse("opinions:inbox"), {"q": opinions["county"].tracking_code.lower()})
    assert codes(response) == {opinions["county"].tracking_code}


def test_filters_narrow_the_list_and_unknown_values_are_ignored_with_a_note(client, world, places, opinions):
    client.force_login(world.dongbao_staff)
    url = reverse("opinions:inbox")
    assert codes(client.get(url, {"status": "accepted"})) == {opinions["road"].tracking_code}
    assert codes(client.get(url, {"category": "city"})) == {opinions["lamp"].tracking_code}
    assert codes(client.get(url, {"green": "yes"})) == {opinions["road"].tracking_code}
    assert codes(client.get(url, {"region": places.township.pk})) == {opinions["lamp"].tracking_code, opinions["road"].tracking_code}
    response = client.get(url, {"status": "nonsense", "region": "<script>", "sort": "drop table", "page": "-3", "congress": "x"})
    assert response.status_code == 200
    assert len(codes(response)) == 3
    notes = response.context["filters"].notes
    assert len(notes) == 4 and "<script>" not in response.content.decode()


def test_the_deadline_colour_filters_on_running_assignments(client, world, places, opinions):
    engine.assign(opinions["road"], lead=places.roads_unit, actor=world.dongbao_staff)
    Assignment.objects.filter(matter=opinions["road"]).update(deadline_state="overdue")
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("opinions:inbox"), {"deadline": "overdue"})
    assert codes(response) == {opinions["road"].tracking_code}
    row = response.context["page"].rows[0]
    assert row.deadline == "overdue" and row.lead_unit == places.roads_unit.name
    assert 'data-deadline="overdue"' in response.content.decode()


def test_tabs_count_each_status_and_htmx_gets_only_the_list(client, world, opinions):
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("opinions:inbox"), headers={"HX-Request": "true", "HX-Target": "inbox-results"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'data-testid="inbox-table"' in body
    tabs = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert tabs[""] == (3, False) and tabs["submitted"] == (2, False) and tabs["accepted"] == (1, False)


def test_the_count_stops_at_the_cap(world, opinions):
    from minyi.accounts import access

    queryset = inbox.staff_inbox(access.actor_for(world.dongbao_staff), InboxFilters())
    assert inbox.capped_count(queryset, cap=2) == (2, True)
    assert inbox.capped_count(queryset, cap=5) == (3, False)


def test_staff_see_their_congress_and_not_a_neighbours(client, world, opinions):
    client.force_login(world.duodao_staff)
    assert codes(client.get(reverse("opinions:inbox"))) == set()
    assert client.get(reverse("opinions:desk_detail", args=[opinions["lamp"].pk])).status_code == 404


def test_unit_staff_do_not_open_the_staff_inbox(client, world, opinions):
    client.force_login(world.unit_staff)
    assert client.get(reverse("opinions:inbox")).status_code == 403


def test_the_workbench_lists_what_waits_with_links_to_the_filtered_inbox(client, world, places, opinions):
    engine.assign(opinions["road"], lead=places.roads_unit, actor=world.dongbao_staff)
    assignment = opinions["road"].assignments.get()
    Assignment.objects.filter(pk=assignment.pk).update(deadline_state="overdue")
    engine.request_extension(assignment, reason="需要协调多个部门，申请延期。", rule="workdays:30", actor=world.admin)
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("workbench:staff_home"))
    items = {item["url"]: item["count"] for item in response.context["inbox"]}
    base = reverse("opinions:inbox")
    assert items == {f"{base}?status=submitted": 2, f"{base}?deadline=overdue": 1, f"{base}?waiting=requests": 1}
    assert codes(client.get(base, {"waiting": "requests"})) == {opinions["road"].tracking_code}
