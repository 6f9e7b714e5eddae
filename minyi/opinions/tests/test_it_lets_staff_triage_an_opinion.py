import pytest
from django.urls import reverse

from minyi.matters import services as engine
from minyi.matters.models import DeadlineExtension, Matter, ReassignmentRequest, Supervision
from minyi.opinions import services

pytestmark = pytest.mark.django_db


def act(client, matter, action, version=None, request_id=None, **fields):
    prefix = f"{action}-{request_id}" if request_id else action
    data = {"action": action, f"{prefix}-expected_version": matter.version if version is None else version}
    if request_id:
        data["request_id"] = request_id
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(reverse("opinions:desk_detail", args=[matter.pk]), data)


def fresh(matter):
    return Matter.objects.get(pk=matter.pk)


@pytest.fixture
def lamp(submission):
    return services.submit(submission())[0]


@pytest.fixture
def staff(client, world):
    client.force_login(world.dongbao_staff)
    return client


def test_the_page_shows_what_staff_need(staff, world, lamp):
    response = staff.get(reverse("opinions:desk_detail", args=[lamp.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "路灯不亮" in body and "139****5678" in body and "13912345678" not in body and "龙井社区" in body
    assert [p.key for p in response.context["panels"]] == ["accept", "return", "merge", "escalate", "supervise"]


def test_accept_and_classify(staff, world, lamp):
    response = act(staff, lamp, "accept", category="traffic", handling_class="cross_unit", green_channel="on", note="转交通口")
    assert response.status_code == 302
    matter = fresh(lamp)
    assert (matter.status, matter.category, matter.handling_class, matter.green_channel) == ("accepted", "traffic", "cross_unit", True)
    page = staff.get(response["Location"]).content.decode()
    assert "转交通口" in page


def test_return_needs_a_reason_and_keeps_what_was_typed(staff, lamp):
    response = act(staff, lamp, "return", reason="短")
    assert response.status_code == 400
    assert 'name="return-reason"' in response.content.decode() and "短</textarea>" in response.content.decode()
    assert fresh(lamp).status == "submitted"
    response = act(staff, lamp, "return", reason="此事正在法院审理，请向审理法院反映。")
    assert response.status_code == 302 and fresh(lamp).status == "returned"
    assert fresh(lamp).timeline.last().note == "此事正在法院审理，请向审理法院反映。"


def test_a_stale_page_gets_the_stale_message_and_keeps_the_input(staff, world, lamp):
    old = lamp.version
    services.accept(lamp, actor=world.dongbao_staff)
    response = act(staff, fresh(lamp), "close", version=old, reason="重复反映，已合并处理")
    assert response.status_code == 409
    body = response.content.decode()
    assert "您打开此事项后，它已被他人处理或修改" in body or "changed since you opened it" in body
    assert "重复反映，已合并处理" in body
    assert fresh(lamp).status == "accepted"
    # The form now carries the current version: sending it again is a deliberate second decision.
    assert f'name="close-expected_version" value="{fresh(lamp).version}"' in body


def test_assign_a_lead_and_a_co_unit_with_the_suggested_unit_first(staff, world, places, lamp):
    from minyi.opinions.models import Category, CategorySetting

    CategorySetting.objects.create(congress=world.dongbao_congress, category=Category.objects.get(code="city"), default_unit=places.roads_unit)
    services.accept(lamp, actor=world.dongbao_staff)
    page = staff.get(reverse("opinions:desk_detail", args=[lamp.pk]))
    form = next(p.form for p in page.context["panels"] if p.key == "assign")
    assert form.suggested == [places.roads_unit] and form.initial["lead"] == places.roads_unit.pk
    response = act(staff, fresh(lamp), "assign", lead=places.roads_unit.pk, co_units=[world.dongbao_unit.pk], note="请按时签收")
    assert response.status_code == 302
    matter = fresh(lamp)
    assert matter.status == "assigned"
    assert {(a.unit_id, a.role) for a in matter.assignments.all()} == {(places.roads_unit.pk, "lead"), (world.dongbao_unit.pk, "co")}


def test_a_unit_outside_the_congress_is_refused(staff, world, lamp):
    services.accept(lamp, actor=world.dongbao_staff)
    response = act(staff, fresh(lamp), "assign", lead=world.duodao_unit.pk)
    assert response.status_code == 400 and fresh(lamp).status == "accepted"


def test_merge_into_another_opinion_found_by_its_words(staff, world, submission, lamp):
    main = services.submit(submission(text="龙井社区路灯坏了好几盏，请尽快维修。", phone="13800001111"))[0]
    found = staff.get(reverse("opinions:desk_detail", args=[lamp.pk]), {"merge_q": "维修"}, headers={"HX-Request": "true", "HX-Target": "merge-candidates"})
    assert main.tracking_code in found.content.decode() and "<html" not in found.content.decode()
    response = act(staff, lamp, "merge", pick=main.tracking_code, note="同一路段")
    assert response.status_code == 302
    assert fresh(lamp).status == "merged" and fresh(lamp).merged_into_id == main.pk
    response = act(staff, fresh(main), "merge", into_code="NOSUCHCODE")
    assert response.status_code == 400 and fresh(main).status == "submitted"


def test_escalate_to_the_city_and_send_down_again(client, staff, world, lamp):
    response = act(staff, lamp, "escalate", to_congress=world.city_congress.pk, note="涉及全市路灯维护")
    assert response.status_code == 302 and fresh(lamp).owner_congress == world.city_congress
    client.force_login(world.city_staff)
    page = client.get(reverse("opinions:desk_detail", args=[lamp.pk]))
    form = next(p.form for p in page.context["panels"] if p.key == "send_down")
    assert {pk for pk, _name in form.fields["to_congress"].choices if pk} == {world.dongbao_congress.pk, world.duodao_congress.pk}
    response = act(client, fresh(lamp), "send_down", to_congress=world.dongbao_congress.pk, note="由区里办理")
    assert response.status_code == 302 and fresh(lamp).owner_congress == world.dongbao_congress


def test_county_staff_pull_up_what_a_township_congress_has_not_taken_up(staff, world, places, submission):
    from minyi.organisations.models import Congress

    township = Congress.objects.create(region=places.township, name="龙泉镇人民代表大会", parent=world.dongbao_congress)
    waiting = services.submit(submission())[0]
    assert waiting.owner_congress == township
    page = staff.get(reverse("opinions:desk_detail", args=[waiting.pk]))
    assert [p.key for p in page.context["panels"]] == ["escalate"]
    response = act(staff, waiting, "escalate", to_congress=world.dongbao_congress.pk, note="镇人大尚未受理，由区人大提级办理")
    assert response.status_code == 302 and fresh(waiting).owner_congress == world.dongbao_congress


@pytest.fixture
def assigned(world, lamp):
    services.accept(lamp, actor=world.dongbao_staff)
    engine.assign(lamp, lead=world.dongbao_unit, actor=world.dongbao_staff)
    return fresh(lamp)


def test_decide_an_extension_request(staff, world, assigned):
    assignment = assigned.assignments.get()
    extension = engine.request_extension(assignment, reason="需要多部门协调", rule="workdays:30", actor=world.other_unit_staff)
    page = staff.get(reverse("opinions:desk_detail", args=[assigned.pk]))
    assert f'data-testid="decide_extension-{extension.pk}"' in page.content.decode()
    response = act(staff, fresh(assigned), "decide_extension", request_id=extension.pk, decision="approve", note="同意延期")
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.state == DeadlineExtension.State.APPROVED and extension.new_due is not None
    # Deciding it again: it is no longer waiting.
    response = act(staff, fresh(assigned), "decide_extension", request_id=extension.pk, decision="refuse")
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.state == DeadlineExtension.State.APPROVED


def test_decide_a_reassignment_request(staff, world, assigned):
    request = engine.request_reassignment(assigned.assignments.get(), reason="不属于本单位职责", actor=world.other_unit_staff)
    response = act(staff, fresh(assigned), "decide_reassignment", request_id=request.pk, note="")
    assert response.status_code == 400  # no button pressed
    response = act(staff, fresh(assigned), "decide_reassignment", request_id=request.pk, decision="approve", note="改派城管")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ReassignmentRequest.State.APPROVED and fresh(assigned).status == "accepted"


def test_supervise_and_close(staff, world, assigned):
    response = act(staff, assigned, "supervise", method="visit", note="实地查看", result="已开始维修")
    assert response.status_code == 302
    assert Supervision.objects.get(matter=assigned).result == "已开始维修"
    response = act(staff, fresh(assigned), "close", reason="")
    assert response.status_code == 400
    response = act(staff, fresh(assigned), "close", reason="群众撤回")
    assert response.status_code == 302 and fresh(assigned).status == "closed"


def test_leaders_read_and_may_supervise_but_take_no_other_action(client, world, places, submission):
    city_matter = services.submit(submission(region_code=world.city.pk))[0]
    assert city_matter.owner_congress == world.city_congress
    client.force_login(world.leader)
    page = client.get(reverse("opinions:desk_detail", args=[city_matter.pk]))
    assert page.status_code == 200
    assert [p.key for p in page.context["panels"]] == ["supervise"]
    assert 'name="accept-category"' not in page.content.decode()
    response = act(client, city_matter, "accept", handling_class="general")
    assert response.status_code == 400 and fresh(city_matter).status == "submitted"
    response = act(client, city_matter, "supervise", method="meeting", note="主任会议成员领衔督办")
    assert response.status_code == 302
    inbox_page = client.get(reverse("opinions:inbox")).content.decode()
    assert 'value="accept"' not in inbox_page and 'value="export"' in inbox_page
