"""From the user's top region down to a village: the breadcrumb names the path (never above the
user's own top), the table of the regions below links each to its own cockpit, matters held at a
region itself have their own row, and a village without regions below offers its matters."""

import re

import pytest

from minyi.figures.rebuild import rebuild
from minyi.opinions import services
from minyi.opinions.services import Submission

pytestmark = pytest.mark.django_db


def _drill_links(page):
    return re.findall(r'href="(/desk/cockpit/\?region=(\d{12})[^"]*)" data-testid="drill-\d{12}"', page)


def test_the_city_leader_drills_from_the_city_to_a_village(client, land):
    client.force_login(land.world.leader)
    response = client.get("/desk/cockpit/")
    codes = [code for _url, code in _drill_links(response.content.decode())]
    assert codes == ["420802000000", "420804000000"]
    url = {code: url for url, code in _drill_links(response.content.decode())}["420802000000"]
    response = client.get(url.replace("&amp;", "&"))
    assert [r.name for r in response.context["path"]] == ["荆门市", "东宝区"]
    assert [code for _url, code in _drill_links(response.content.decode())] == ["420802001000", "420802100000", "420802101000"]
    response = client.get(f"/desk/cockpit/?region={land.longquan.code}")
    assert [code for _url, code in _drill_links(response.content.decode())] == [land.longjing.code]
    response = client.get(f"/desk/cockpit/?region={land.longjing.code}")
    assert [r.name for r in response.context["path"]] == ["荆门市", "东宝区", "龙泉街道", "龙井社区"]
    assert response.context["cockpit"].children == []
    page = response.content.decode()
    assert 'data-testid="region-matters"' in page
    listed = client.get(f"/desk/cockpit/matters/?region={land.longjing.code}")
    assert listed.context["page"].paginator.count == 3


def test_the_breadcrumb_starts_at_the_users_own_top(client, land):
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/?region={land.longjing.code}")
    assert [r.name for r in response.context["path"]] == ["东宝区", "龙泉街道", "龙井社区"]
    assert "荆门市" not in response.content.decode().split('data-testid="region-path"')[1].split("</nav>")[0]


def test_the_drill_down_keeps_the_period_and_kind(client, land):
    client.force_login(land.world.leader)
    response = client.get("/desk/cockpit/?from=2026-03&to=2026-12&kind=opinion")
    url, _code = _drill_links(response.content.decode())[0]
    assert "from=2026-03" in url and "to=2026-12" in url and "kind=opinion" in url


def test_matters_held_at_a_region_itself_have_their_own_row(client, land):
    services.submit(
        Submission(
            text="龙泉街道办事处门前广场照明不足。",
            region_code=land.longquan.code,
            category="city",
            citizen_name="李明",
            phone="13900000099",
        )
    )
    rebuild()
    client.force_login(land.world.leader)
    cockpit = client.get(f"/desk/cockpit/?region={land.longquan.code}").context["cockpit"]
    own = cockpit.children[-1]
    assert own.extra.get("own") and own.figures.collected == 1 and not own.url
    assert sum(line.figures.collected for line in cockpit.children) == cockpit.figures.collected == 4
    listed = client.get(own.links["collected"])
    assert listed.context["page"].paginator.count == 1
    assert listed.context["rows"][0]["region"] == "龙泉街道"
