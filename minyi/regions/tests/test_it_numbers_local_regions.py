"""How free local codes are chosen (the pages and permissions are in test_it_adds_local_regions)."""

import pytest
from django.core.exceptions import ValidationError

from minyi.regions.models import Level, Region
from minyi.regions.services import add_local_region


@pytest.fixture
def township(world):
    return Region.objects.create(code="420802001000", name="龙泉街道", level=Level.TOWNSHIP, parent=world.dongbao)


def test_it_skips_codes_taken_even_by_inactive_regions(world, township):
    Region.objects.create(code="420802001900", name="撤销的社区", level=Level.VILLAGE, parent=township, is_active=False)

    assert add_local_region(township, "新建安置社区", actor=world.admin).code == "420802001901"


def test_it_numbers_two_digit_levels_from_90(world):
    assert add_local_region(world.city, "漳河新区", actor=world.admin).code == "420890000000"
    assert add_local_region(world.province, "某地区", actor=world.admin).code == "429000000000"


def test_it_refuses_a_name_the_parent_already_has(world, township):
    add_local_region(township, "新建安置社区", actor=world.admin)

    with pytest.raises(ValidationError):
        add_local_region(township, " 新建安置社区 ", actor=world.admin)
