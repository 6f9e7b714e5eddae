import datetime

import pytest
from django.utils import timezone

from minyi.accounts.models import Role
from minyi.duty import services
from minyi.duty.models import Activity
from minyi.organisations.models import Term
from minyi.representatives.models import Mandate, Representative
from minyi.testing import person


@pytest.fixture
def reps(world):
    """李春梅 (the world's `rep`), 王建军 and 赵敏 with city seats; their accounts and representatives."""
    term = Term.objects.create(congress=world.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2027, 12, 31))
    wang = Representative.objects.create(name="王建军", public_code="RD0002")
    zhao = Representative.objects.create(name="赵敏", public_code="RD0003")
    for representative in (world.representative, wang, zhao):
        Mandate.objects.create(representative=representative, level="city", congress=world.city_congress, term=term, start=datetime.date(2022, 1, 1))
    return {"li": world.rep, "wang": person("rep_wang", Role.REPRESENTATIVE, representative=wang), "zhao": person("rep_zhao", Role.REPRESENTATIVE, representative=zhao),
            "wang_rep": wang, "zhao_rep": zhao}


def make_activity(world, invited, *, starts=-1, hours=3, kind=Activity.Kind.INSPECTION, title="视察城区老旧小区改造", **fields):
    """An activity of the city congress starting `starts` hours from now and lasting `hours`."""
    now = timezone.now()
    return services.create_activity(
        world.city_staff, congress=world.city_congress, kind=kind, title=title, organiser="城建环资工委", place="龙井社区",
        starts_at=now + datetime.timedelta(hours=starts), ends_at=now + datetime.timedelta(hours=starts + hours), invited=invited, **fields)
