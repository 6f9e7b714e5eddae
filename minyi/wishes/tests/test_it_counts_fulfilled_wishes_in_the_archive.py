"""A wish a representative claimed counts in their archive (一人一档) once the citizen (or the staff for
them) confirms receipt, dated on the confirmation, once; a unit's or a volunteer's wish counts for
no representative."""

import datetime

import pytest
from django.utils import timezone

from minyi.duty import archive
from minyi.duty.models import Measure
from minyi.wishes import services
from minyi.wishes.models import Wish

from .conftest import cleaned_photo

pytestmark = pytest.mark.django_db


def fulfilled_by(user, wish, option_key, **claim):
    services.claim(user, wish, option_key=option_key, **claim)
    return services.fulfil(user, wish, text="心愿已经送到。", photos=cleaned_photo())


def this_year():
    return archive.year_range(timezone.localdate().year)


def test_a_confirmed_wish_counts_once_for_the_representative_who_claimed_it(world, reps, make_wish):
    li = world.representative.pk
    wish = fulfilled_by(reps["li"], make_wish(), f"representative:{li}")
    assert archive.counts([li], *this_year())[li][Measure.WISH_FULFILLED] == 0
    services.confirm_received(wish)
    counts = archive.counts([li, reps["wang_rep"].pk], *this_year())
    assert counts[li][Measure.WISH_FULFILLED] == 1 and counts[reps["wang_rep"].pk][Measure.WISH_FULFILLED] == 0
    (record,) = [r for r in archive.records([li], *this_year()) if r.measure == Measure.WISH_FULFILLED]
    assert record.title == wish.title and record.key == f"wish:{wish.pk}" and record.on == timezone.localdate()
    built = archive.build(world.representative, *this_year())
    assert built.counts[Measure.WISH_FULFILLED] == 1


def test_it_counts_on_the_day_of_confirmation(world, reps, make_wish):
    li = world.representative.pk
    wish = fulfilled_by(reps["li"], make_wish(), f"representative:{li}")
    services.confirm_for_citizen(world.dongbao_staff, wish, reason="电话联系老人，确认已收到。")
    last_year = timezone.localdate().year - 1
    Wish.objects.filter(pk=wish.pk).update(confirmed_at=timezone.now().replace(year=last_year, month=12, day=31, hour=12))
    assert archive.counts([li], *this_year())[li][Measure.WISH_FULFILLED] == 0
    assert archive.counts([li], *archive.year_range(last_year))[li][Measure.WISH_FULFILLED] == 1
    day = datetime.date(last_year, 12, 31)
    assert archive.counts([li], day, day)[li][Measure.WISH_FULFILLED] == 1


def test_wishes_of_units_and_volunteers_count_for_no_representative(world, reps, volunteer, make_wish):
    li = world.representative.pk
    services.confirm_received(fulfilled_by(world.unit_staff, make_wish(), f"unit:{world.city_unit.pk}"))
    services.confirm_received(fulfilled_by(volunteer, make_wish(title="一副老花镜"), "volunteer", volunteer_name="周先生"))
    assert archive.counts([li], *this_year())[li][Measure.WISH_FULFILLED] == 0
