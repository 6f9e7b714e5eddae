"""The screen stands in a lobby: its page and data carry counts, places and topics, never a
citizen's, representative's or staff member's name or phone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_names_or_phones_on_the_screen(client, world, matters, issue):
    _token, key = issue(world.city_staff, world.city)
    page = client.get(reverse("screens:screen", kwargs={"key": key})).content.decode()
    data = client.get(reverse("screens:data", kwargs={"key": key})).content.decode()
    assert data and '"kpis"' in data
    for text in (page, data):
        for personal in ("王芳", "赵敏", "张建国", "13912345678", "13800001111", "12345678", "李春梅", "王晓梅", "city_staff"):
            assert personal not in text, personal
    # The texts do name 张建国 (a rare word says much): the figures' keywords leave names out already.
    from minyi.figures import queries
    from minyi.figures.queries import Period, Scope

    words = [word for word, _n in queries.hot_topics(Scope(region_code=world.city.code, period=Period.months_back(12)), limit=50)]
    assert "张建国" not in words and "扰民" in words and "扰民" in data
    # The token's own name is the staff's label for the place, not shown to the lobby either.
    assert "代表之家大厅" not in page and "代表之家大厅" not in data
