import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minyi.organisations.models import Congress
from minyi.organisations.tests.jingmen import region
from minyi.regions.models import Level
from minyi.representatives.models import Mandate, MandateLevel, Representative, RepresentativeGroup
from minyi.representatives.services import end_mandate

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
START = datetime.date(2021, 10, 1)


def mandate(person, congress, level, **fields):
    return Mandate(representative=person, congress=congress, level=level, start=START, **fields)


@pytest.mark.django_db
def test_it_holds_mandates_at_several_levels_at_once(jingmen):
    person = Representative.objects.create(name="李春梅")
    seats = [
        mandate(person, None, MandateLevel.NATIONAL, electoral_district="湖北省人民代表大会"),
        mandate(person, jingmen.city_congress, MandateLevel.CITY, electoral_district="东宝区人民代表大会"),
        mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY, electoral_district="第三选区"),
        mandate(person, jingmen.town_congress, MandateLevel.TOWNSHIP, electoral_district="子陵村选区"),
    ]
    for seat in seats:
        seat.full_clean()
        seat.save()
    assert sorted(person.mandates.current().values_list("level", flat=True)) == ["city", "county", "national", "township"]


@pytest.mark.django_db
def test_it_counts_a_mandate_current_until_its_last_day(jingmen):
    person = jingmen.representative("李春梅", jingmen.dongbao_congress)
    seat = person.mandates.get()
    seat.end, seat.end_reason = TODAY, Mandate.EndReason.RESIGNATION
    seat.save()
    assert seat.is_current
    seat.end = TODAY - DAY
    seat.save()
    assert not seat.is_current
    assert not person.mandates.current().exists()


@pytest.mark.django_db
def test_it_matches_the_level_to_the_congress(jingmen):
    person = Representative.objects.create(name="李春梅")
    with pytest.raises(ValidationError) as refusal:
        mandate(person, jingmen.dongbao_congress, MandateLevel.CITY).full_clean()
    assert "congress" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        mandate(person, jingmen.city_congress, MandateLevel.NATIONAL).full_clean()


@pytest.mark.django_db
def test_it_gives_no_mandates_in_a_residents_council(jingmen):
    street = region("420802001000", "龙泉街道", Level.TOWNSHIP, jingmen.dongbao)
    council = Congress.objects.create(region=street, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL)
    with pytest.raises(ValidationError):
        mandate(Representative.objects.create(name="李春梅"), council, MandateLevel.TOWNSHIP).full_clean()


@pytest.mark.django_db
def test_it_takes_term_and_groups_from_the_mandates_congress(jingmen):
    person = Representative.objects.create(name="李春梅")
    own_term = jingmen.term(jingmen.dongbao_congress)
    other_term = jingmen.term(jingmen.duodao_congress)
    group = RepresentativeGroup.objects.create(congress=jingmen.dongbao_congress, name="子陵铺镇代表小组")
    farming = RepresentativeGroup.objects.create(
        congress=jingmen.dongbao_congress, name="农业农村专业代表小组", kind=RepresentativeGroup.Kind.PROFESSIONAL
    )
    other_group = RepresentativeGroup.objects.create(congress=jingmen.duodao_congress, name="白庙代表小组")
    mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY, term=own_term, group=group, professional_group=farming).full_clean()
    for wrong in ({"term": other_term}, {"group": other_group}, {"group": farming}, {"professional_group": group}):
        with pytest.raises(ValidationError) as refusal:
            mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY, **wrong).full_clean()
        assert list(refusal.value.message_dict) == list(wrong)


@pytest.mark.django_db
def test_it_refuses_two_seats_in_one_congress_at_once(jingmen):
    person = jingmen.representative("李春梅", jingmen.dongbao_congress)
    with pytest.raises(ValidationError):
        mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY).full_clean()
    mandate(person, jingmen.duodao_congress, MandateLevel.COUNTY).full_clean()


@pytest.mark.django_db
def test_it_needs_a_reason_for_an_end_and_a_note_for_a_termination(jingmen):
    person = Representative.objects.create(name="李春梅")
    with pytest.raises(ValidationError) as refusal:
        mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY, end=TODAY).full_clean()
    assert "end_reason" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        mandate(person, jingmen.dongbao_congress, MandateLevel.COUNTY, end=TODAY, end_reason=Mandate.EndReason.TERMINATION).full_clean()
    assert "end_note" in refusal.value.message_dict
    mandate(
        person, jingmen.dongbao_congress, MandateLevel.COUNTY, end=TODAY, end_reason=Mandate.EndReason.TERMINATION, end_note="迁出本行政区域"
    ).full_clean()


@pytest.mark.django_db
def test_it_ends_a_mandate(jingmen):
    seat = jingmen.representative("李春梅", jingmen.dongbao_congress).mandates.get()
    end_mandate(seat, on=TODAY - DAY, reason=Mandate.EndReason.RECALL, actor=jingmen.dongbao_staff)
    seat.refresh_from_db()
    assert (seat.end, seat.end_reason, seat.is_current) == (TODAY - DAY, "recall", False)


@pytest.mark.django_db
def test_it_ends_a_mandate_earlier_but_never_later(jingmen):
    seat = jingmen.representative("李春梅", jingmen.dongbao_congress).mandates.get()
    seat.end, seat.end_reason = datetime.date(2026, 9, 30), Mandate.EndReason.TERM_ENDED
    seat.save()
    end_mandate(seat, on=datetime.date(2025, 3, 1), reason=Mandate.EndReason.RESIGNATION, actor=jingmen.dongbao_staff)
    with pytest.raises(ValidationError):
        end_mandate(seat, on=datetime.date(2025, 4, 1), reason=Mandate.EndReason.RESIGNATION, actor=jingmen.dongbao_staff)
    seat.refresh_from_db()
    assert seat.end == datetime.date(2025, 3, 1)


@pytest.mark.django_db
def test_it_leaves_ending_mandates_to_staff_of_the_congress(jingmen):
    seat = jingmen.representative("李春梅", jingmen.dongbao_congress).mandates.get()
    with pytest.raises(PermissionDenied):
        end_mandate(seat, on=TODAY, reason=Mandate.EndReason.RESIGNATION, actor=jingmen.duodao_staff)
    end_mandate(seat, on=TODAY, reason=Mandate.EndReason.RESIGNATION, actor=jingmen.city_staff)
