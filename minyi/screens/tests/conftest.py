"""Matters in two counties of the world, so that a screen of one can be checked for the other's
figures; and issuing screens through the services."""

import pytest

from minyi.figures.rebuild import rebuild
from minyi.opinions import services as opinions
from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (a Dongbao village, categories)
from minyi.screens import services
from minyi.testing import region

DONGBAO_TEXTS = ["龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "龙泉街道菜市场周边占道经营，交通拥堵。",
                 "楼下张建国家的狗每天乱叫，扰民严重，联系电话13912345678。"]
DUODAO_TEXTS = ["名泉社区篮球场围网破损，孩子打球不安全。", "掇刀石街道公交站台缺少遮雨棚。"]


@pytest.fixture
def matters(world, places, submission):  # noqa: F811  (the fixtures imported above)
    """Three opinions in Dongbao and two in Duodao, with the citizens' names and phones, and the
    figures made from them."""
    duodao_town = region("420804001000", "掇刀石街道", 4, world.duodao)
    duodao_village = region("420804001008", "名泉社区", 5, duodao_town)
    for text in DONGBAO_TEXTS:
        opinions.submit(submission(text=text))
    for text in DUODAO_TEXTS:
        opinions.submit(submission(text=text, region_code=duodao_village.pk, category="traffic", citizen_name="赵敏", phone="13800001111"))
    rebuild()

    class Matters:
        pass

    found = Matters()
    found.duodao_town, found.duodao_village = duodao_town, duodao_village
    return found


@pytest.fixture
def issue():
    def make(user, region, **kwargs):
        values = {"name": "代表之家大厅", "region_code": region.code}
        values.update(kwargs)
        return services.issue(user, **values)

    return make
