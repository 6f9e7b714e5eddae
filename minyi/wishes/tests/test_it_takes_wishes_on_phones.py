"""The citizen's H5 form at /w/new/: a wish waits for review with its tracking code; bad input is
answered in Chinese with everything typed kept; one wish per idempotency key; a station's code
addresses it; rate limits."""

import pytest
from django.test import override_settings
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.opinions.forms import new_idempotency_key
from minyi.wishes.models import Wish, WishEvent
from minyi.wishes.views.citizen import SESSION_KEY

pytestmark = pytest.mark.django_db
NEW = reverse("wishes:new")


def form_data(places, **overrides):
    data = {"title": "一个新书包", "text": "孩子的书包坏了，想要一个新书包和一套文具，开学用。", "for_whom": "留守儿童 小林",
            "pick": ["420802000000", places.township.pk, places.village.pk], "citizen_name": "林奶奶", "phone": "139 1234 5678",
            "consent": "on", "idempotency_key": new_idempotency_key()}
    data.update(overrides)
    return data


def test_a_citizen_posts_a_wish_and_gets_its_tracking_code(client, world, places):
    response = client.post(NEW, form_data(places))
    wish = Wish.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wishes:sent", args=[wish.code])
    assert wish.state == Wish.State.REVIEWING and wish.congress == world.dongbao_congress and wish.region == places.village
    assert wish.phone == "13912345678" and wish.phone_last4 == "5678" and "13912345678" not in wish.phone_ciphertext
    assert wish.channel == Wish.Channel.H5 and wish.citizen is None
    assert list(wish.events.values_list("action", flat=True)) == [WishEvent.Action.POSTED]
    assert wish.pk in client.session[SESSION_KEY]
    page = client.get(response["Location"]).content.decode()
    assert wish.code in page and reverse("wishes:detail", args=[wish.code]) in page


def test_a_wrong_phone_and_a_missing_wish_are_answered_in_chinese_and_what_was_typed_is_kept(client, places):
    response = client.post(NEW, form_data(places, title="", phone="12345", for_whom="小林身份证420802200901011234"))
    assert response.status_code == 400 and not Wish.objects.exists()
    content = response.content.decode()
    assert "请输入以 1 开头的 11 位中国大陆手机号码。" in content
    form = response.context["form"]
    assert set(form.errors) >= {"title", "phone", "for_whom"}
    assert "孩子的书包坏了，想要一个新书包和一套文具，开学用。" in content and 'value="林奶奶"' in content and 'value="12345"' in content
    # The place chosen stays chosen in the picker.
    assert response.context["picker"]["code"] == places.village.pk


def test_without_consent_or_place_nothing_is_saved(client, places):
    response = client.post(NEW, form_data(places, consent="", pick=[""]))
    assert response.status_code == 400 and not Wish.objects.exists()
    assert {"consent", "region_code"} <= set(response.context["form"].errors)


def test_a_double_tap_makes_one_wish(client, places):
    data = form_data(places)
    first, second = client.post(NEW, data), client.post(NEW, data)
    assert Wish.objects.count() == 1 and first["Location"] == second["Location"]


def test_a_station_code_addresses_the_wish_and_prefills_its_place(client, places):
    page = client.get(NEW, {"station": "wstat01"})
    assert page.status_code == 200 and page.context["station"] == places.station
    assert page.context["picker"]["code"] == places.village.pk and "龙井社区人大代表联络站" in page.content.decode()
    client.post(NEW, form_data(places, station="WSTAT01"))
    wish = Wish.objects.get()
    assert wish.station == places.station and wish.channel == Wish.Channel.STATION_CODE


def test_an_unknown_station_code_still_lets_the_citizen_post(client, places):
    page = client.get(NEW, {"station": "NOPE99"})
    assert page.status_code == 200 and page.context["station"] is None and page.context["target_notice"]


def test_a_signed_in_citizen_is_told_in_the_app_and_finds_the_wish_without_the_code(client, world, places):
    client.force_login(world.citizen)
    client.post(NEW, form_data(places))
    wish = Wish.objects.get()
    assert wish.citizen == world.citizen and wish.posted_by == world.citizen
    client.session.flush()
    client.force_login(world.citizen)
    assert client.get(reverse("wishes:detail", args=[wish.code])).status_code == 200
    home = client.get(reverse("public:my_home")).content.decode()
    assert wish.title in home and reverse("wishes:detail", args=[wish.code]) in home and reverse("wishes:wall") in home


def test_the_audit_log_records_the_wish_without_the_citizens_contact(client, places):
    client.post(NEW, form_data(places))
    wish = Wish.objects.get()
    entry = AuditEntry.objects.get(object_type="wishes.wish", object_id=str(wish.pk), action=AuditEntry.Action.CREATE)
    recorded = str(entry.changes)
    assert "一个新书包" in recorded and "13912345678" not in recorded and "林奶奶" not in recorded and "5678" not in recorded


@override_settings(OPINION_SUBMIT_RATE_PER_ADDRESS="2/h")
def test_too_many_postings_from_one_network_are_refused_with_the_text_kept(client, places):
    for _i in range(2):
        client.post(NEW, form_data(places))
    response = client.post(NEW, form_data(places, text="第三个心愿：希望给村里的老人送一台收音机。"))
    assert response.status_code == 429 and Wish.objects.count() == 2
    assert "第三个心愿：希望给村里的老人送一台收音机。" in response.content.decode()
