import pytest

from minyi.organisations.models import Unit
from minyi.regions.models import Level, Region
from minyi.regions.services import ancestors, descendants_q


@pytest.fixture
def tree(world):
    Region.objects.create(code="420802001000", name="龙泉街道", level=Level.TOWNSHIP, parent=world.dongbao)
    Region.objects.create(code="420802001001", name="泉口社区居民委员会", level=Level.VILLAGE, parent_id="420802001000")
    return world


def test_it_lists_ancestors_province_first(tree):
    assert [region.code for region in ancestors("420802001001")] == [
        "420000000000",
        "420800000000",
        "420802000000",
        "420802001000",
    ]
    assert list(ancestors("420000000000")) == []


def test_it_filters_a_region_and_everything_beneath_it(tree):
    codes = set(Region.objects.filter(descendants_q(tree.dongbao)).values_list("code", flat=True))

    assert codes == {"420802000000", "420802001000", "420802001001"}


def test_it_filters_other_models_by_their_region_field(tree):
    units = Unit.objects.filter(descendants_q(tree.dongbao, "region__code"))

    assert list(units) == [tree.dongbao_unit]
    assert "JOIN" not in str(units.query)
