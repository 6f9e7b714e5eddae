"""The public wall: only reviewed wishes, with their title, text, village, station and state (and who
claimed them); never the citizen's name, phone, tracking code or whom the wish is for. Filters by
place and state; the public front page leads to it."""

import pytest
from django.urls import reverse

from minyi.wishes import services
from minyi.wishes.models import Wish

pytestmark = pytest.mark.django_db
WALL = reverse("wishes:wall")


def test_the_wall_shows_published_wishes_and_nothing_personal(client, world, places, reps, make_wish):
    shown = make_wish(station=places.station)
    claimed = make_wish(title="一副老花镜", citizen_name="王秀兰", phone="13700002222", for_whom="独居老人 王奶奶")
    services.claim(reps["li"], claimed, option_key=f"representative:{world.representative.pk}")
    waiting = make_wish(published=False, title="一辆轮椅")
    content = client.get(WALL).content.decode()
    assert shown.title in content and shown.text in content and "龙井社区" in content and "龙井社区人大代表联络站" in content
    assert claimed.title in content and "李春梅" in content
    assert waiting.title not in content
    for private in ("林奶奶", "13912345678", "5678", "留守儿童 小林", "王秀兰", "13700002222", "王奶奶", shown.code, claimed.code):
        assert private not in content
    page = client.get(reverse("wishes:public_detail", args=[shown.pk])).content.decode()
    assert shown.text in page and "龙井社区人大代表联络站" in page
    for private in ("林奶奶", "13912345678", "5678", "留守儿童 小林", shown.code):
        assert private not in page
    assert client.get(reverse("wishes:public_detail", args=[waiting.pk])).status_code == 404


def test_the_wall_filters_by_place_and_state(client, world, places, reps, make_wish):
    dongbao = make_wish()
    duodao, _created = services.post(services.Posting(title="一盏台灯", text="孩子晚上写作业光线太暗，希望有一盏护眼台灯。", for_whom="学生 小周",
                                                     region_code=places.duodao_village.pk, citizen_name="周妈妈", phone="13600003333"))
    duodao = services.publish(world.duodao_staff, duodao)
    services.claim(reps["li"], duodao, option_key=f"representative:{world.representative.pk}")
    by_area = client.get(WALL, {"area": world.dongbao.pk})
    titles = {item["wish"].title for item in by_area.context["items"]}
    assert titles == {dongbao.title}
    assert {r.code for r in by_area.context["filters"]["towns"]} == {places.township.pk}
    by_town = client.get(WALL, {"area": world.duodao.pk, "town": places.duodao_town.pk})
    assert {item["wish"].pk for item in by_town.context["items"]} == {duodao.pk}
    by_state = client.get(WALL, {"state": Wish.State.CLAIMED})
    assert {item["wish"].pk for item in by_state.context["items"]} == {duodao.pk}
    nonsense = client.get(WALL, {"area": "99' or 1=1", "state": "everything"})
    assert nonsense.status_code == 200 and len(nonsense.context["items"]) == 2


def test_the_front_page_leads_to_the_wall(client, make_wish):
    wish = make_wish()
    content = client.get(reverse("public:home")).content.decode()
    assert reverse("wishes:wall") in content and wish.title in content
