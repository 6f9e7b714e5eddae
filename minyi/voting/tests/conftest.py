import datetime

import pytest

from minyi.accounts.models import Role
from minyi.organisations.models import Session, Term
from minyi.representatives.models import Mandate, Representative
from minyi.testing import person
from minyi.voting import services
from minyi.voting.models import Body, Kind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


class Chamber:
    """The city congress's 9th term with `size` representatives (李春梅 of the world first), each
    with a phone account rep_1 … rep_N (李春梅 keeps `rep`), and two tellers."""


@pytest.fixture
def chamber(world):
    return make_chamber(world, 9)


def make_chamber(world, size):
    chamber = Chamber()
    chamber.world = world
    chamber.term = Term.objects.create(congress=world.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2027, 12, 31))
    chamber.session = Session.objects.create(term=chamber.term, number=6, start=datetime.date(2027, 1, 5), end=datetime.date(2027, 1, 8))
    chamber.representatives = [world.representative]
    chamber.users = [world.rep]
    for number in range(2, size + 1):
        representative = Representative.objects.create(name=f"{SURNAMES[number % len(SURNAMES)]}代表{number:03d}", public_code=f"RV{number:05d}")
        chamber.representatives.append(representative)
        chamber.users.append(person(f"rep_{number}", Role.REPRESENTATIVE, representative=representative))
    Mandate.objects.bulk_create(
        Mandate(representative=representative, level="city", congress=world.city_congress, term=chamber.term, start=datetime.date(2022, 1, 1))
        for representative in chamber.representatives
    )
    chamber.teller_a = person("teller_a", Role.CONGRESS_STAFF, congress=world.city_congress, full_name="计票人甲")
    chamber.teller_b = person("teller_b", Role.CONGRESS_STAFF, congress=world.city_congress, full_name="计票人乙")
    return chamber


def new_vote(chamber, *, kind=Kind.DIFFERENTIAL, options=("甲", "乙", "丙", "丁"), places=2, **fields):
    vote = services.create_vote(
        chamber.world.city_staff, congress=chamber.world.city_congress, title=fields.pop("title", "2027年民生实事项目票决"),
        kind=kind, body=fields.pop("body", Body.SESSION), session=chamber.session, places=places,
        options=[(label, "", f"ref-{number}") for number, label in enumerate(options, start=1)], **fields,
    )
    services.set_tellers(chamber.world.city_staff, vote, [chamber.teller_a, chamber.teller_b])
    return vote


def vote_by_phone(chamber, vote, marks_per_member):
    """Each member (in chamber order) checks in and casts; returns the receipts."""
    receipts = []
    for user, marks in zip(chamber.users, marks_per_member):
        services.check_in(user, vote)
        receipts.append(services.cast(user, vote, marks))
    return receipts
