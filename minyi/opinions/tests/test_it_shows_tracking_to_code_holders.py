"""Following an opinion with its tracking code: the code and the phone digits open it, nothing else
does; the page shows the status, the timeline and the answer, takes more information, and the
citizen's evaluation (an unsatisfied one sends it back to the unit)."""

import pytest
from django.urls import reverse

from minyi.matters import services as engine
from minyi.matters.models import Evaluation
from minyi.opinions import services

pytestmark = pytest.mark.django_db
TRACK = reverse("opinions:track")


@pytest.fixture(autouse=True)
def _fresh_rate_counters(fresh_cache):
    yield


def replied(world, matter):
    """Staff accept and assign it, the unit signs and replies: the citizen may now evaluate."""
    services.accept(matter, actor=world.dongbao_staff)
    engine.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    assignment = matter.assignments.get()
    engine.sign(assignment, actor=world.other_unit_staff)
    engine.reply(assignment, text="路灯已于今日修复，感谢反映。", actor=world.other_unit_staff)
    matter.refresh_from_db()
    assert matter.status == "replied"
    return matter


def prove(client, matter, digits="5678"):
    return client.post(TRACK, {"code": matter.tracking_code.lower(), "phone_last4": digits})


def test_the_code_and_the_digits_open_the_page(client, submission):
    matter, _created = services.submit(submission())
    detail = reverse("opinions:detail", args=[matter.tracking_code])
    assert client.get(detail)["Location"] == f"{TRACK}?code={matter.tracking_code}"  # not proven yet
    response = prove(client, matter)
    assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail)
    content = page.content.decode()
    assert page.status_code == 200 and "龙井社区门口路灯不亮" in content and 'data-testid="timeline"' in content
    assert page.context["status_label"] == matter.policy.states["submitted"].label


def test_wrong_digits_and_unknown_codes_get_the_same_answer(client, submission):
    matter, _created = services.submit(submission())
    wrong = prove(client, matter, "0000")
    unknown = client.post(TRACK, {"code": "ZZZZZZZZ", "phone_last4": "5678"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert wrong.context["form"].non_field_errors()
    assert client.get(reverse("opinions:detail", args=[matter.tracking_code])).status_code == 302


def test_guessing_codes_is_limited(client, submission, settings):
    settings.OPINION_TRACK_RATE_PER_ADDRESS = "3/h"
    matter, _created = services.submit(submission())
    for _i in range(3):
        prove(client, matter, "0000")
    assert prove(client, matter).status_code == 429  # even the right digits, once over the limit


def test_script_in_the_text_is_shown_as_text(client, submission):
    matter, _created = services.submit(submission(text="路灯坏了<script>alert('x')</script><img src=x onerror=alert(1)>"))
    prove(client, matter)
    content = client.get(reverse("opinions:detail", args=[matter.tracking_code])).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content


def test_the_citizen_adds_information_with_a_photo(client, submission):
    from .test_it_takes_intake_on_phones import jpeg_with_gps

    matter, _created = services.submit(submission())
    prove(client, matter)
    detail = reverse("opinions:detail", args=[matter.tracking_code])
    response = client.post(detail, {"action": "add", "version": matter.version, "add-text": "晚上八点以后整条路都是黑的。",
                                    "add-photos": [jpeg_with_gps()]})
    assert response.status_code == 302
    event = matter.timeline.get(action="supplement")
    assert event.note == "晚上八点以后整条路都是黑的。" and event.attachments.count() == 1
    page = client.get(detail).content.decode()
    assert reverse("matters:attachment_thumbnail", args=[event.attachments.get().pk]) in page
    empty = client.post(detail, {"action": "add", "version": matter.version, "add-text": ""})
    assert empty.status_code == 200 and empty.context["add_form"].errors


def test_unsatisfied_needs_a_reason_and_sends_it_back_to_the_unit(client, world, submission):
    matter = replied(world, services.submit(submission())[0])
    prove(client, matter)
    detail = reverse("opinions:detail", args=[matter.tracking_code])
    page = client.get(detail)
    assert page.context["evaluation_form"] is not None and "路灯已于今日修复" in page.content.decode()
    without_reason = client.post(detail, {"action": "rate", "version": matter.version, "rate-rating": "unsatisfied"})
    assert without_reason.status_code == 200 and "comment" in without_reason.context["evaluation_form"].errors
    response = client.post(detail, {"action": "rate", "version": matter.version, "rate-rating": "unsatisfied",
                                    "rate-comment": "只修了一盏，另外两盏还是不亮。"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "handling" and matter.round == 2
    assert Evaluation.objects.get(matter=matter).comment == "只修了一盏，另外两盏还是不亮。"


def test_an_evaluation_on_a_stale_page_is_refused_kindly(client, world, submission):
    matter = replied(world, services.submit(submission())[0])
    prove(client, matter)
    detail = reverse("opinions:detail", args=[matter.tracking_code])
    response = client.post(detail, {"action": "rate", "version": matter.version - 1, "rate-rating": "satisfied", "rate-comment": "很好"},
                           follow=True)
    assert response.status_code == 200
    assert str(engine.StaleMatter.message) in response.content.decode()
    assert "很好" in response.content.decode()  # what they wrote is shown again
    matter.refresh_from_db()
    assert matter.status == "replied" and not Evaluation.objects.exists()


def test_a_signed_in_citizen_sees_all_they_raised(client, world, submission):
    mine, _created = services.submit(submission(), actor=world.citizen)
    other, _created = services.submit(submission(text="另一位市民反映的井盖缺失问题。"))
    client.force_login(world.citizen)
    response = client.get(reverse("opinions:mine"))
    codes = [item["matter"].tracking_code for item in response.context["items"]]
    assert codes == [mine.tracking_code]
    assert client.get(reverse("opinions:detail", args=[mine.tracking_code])).status_code == 200
    assert client.get(reverse("opinions:detail", args=[other.tracking_code])).status_code == 302
    home = client.get(reverse("public:my_home")).content.decode()
    assert mine.title in home
    assert reverse("opinions:new") in home  # the tab bar's "raise" entry


def test_the_citizen_sees_the_rating_and_not_the_instructions_to_units(client, world, submission):
    matter, _created = services.submit(submission())
    services.accept(matter, actor=world.dongbao_staff)
    engine.assign(matter, lead=world.dongbao_unit, note="请联系物业核实后答复，注意保护反映人信息。", actor=world.dongbao_staff)
    assignment = matter.assignments.get()
    engine.sign(assignment, actor=world.other_unit_staff)
    engine.reply(assignment, text="路灯已修复。", actor=world.other_unit_staff)
    services.evaluate_by_code(matter, rating="basically_satisfied")
    prove(client, matter)
    content = client.get(reverse("opinions:detail", args=[matter.tracking_code])).content.decode()
    assert "请联系物业核实后答复" not in content
    assert "已评价：基本满意" in content
