import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minyi.organisations.models import Congress, Session, Term

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_it_finds_the_term_covering_today(jingmen):
    jingmen.term(jingmen.city_congress, number=8, start=datetime.date(2016, 10, 1), end=datetime.date(2021, 9, 30))
    ninth = jingmen.term(jingmen.city_congress, number=9, start=datetime.date(2021, 10, 1))
    assert jingmen.city_congress.current_term == ninth
    assert ninth.is_current


@pytest.mark.django_db
def test_it_counts_the_last_day_as_part_of_the_term(jingmen):
    term = jingmen.term(jingmen.city_congress, start=TODAY - 400 * DAY, end=TODAY)
    assert jingmen.city_congress.current_term == term
    assert jingmen.city_congress.term_on(TODAY + DAY) is None


@pytest.mark.django_db
def test_it_has_no_current_term_between_terms(jingmen):
    jingmen.term(jingmen.city_congress, number=8, start=TODAY - 400 * DAY, end=TODAY - DAY)
    jingmen.term(jingmen.city_congress, number=9, start=TODAY + DAY)
    assert jingmen.city_congress.current_term is None


@pytest.mark.django_db
def test_it_finds_the_term_on_a_past_day(jingmen):
    eighth = jingmen.term(jingmen.city_congress, number=8, start=datetime.date(2016, 10, 1), end=datetime.date(2021, 9, 30))
    jingmen.term(jingmen.city_congress, number=9, start=datetime.date(2021, 10, 1))
    assert jingmen.city_congress.term_on(datetime.date(2019, 3, 1)) == eighth


@pytest.mark.django_db
def test_it_refuses_overlapping_terms_of_one_congress(jingmen):
    jingmen.term(jingmen.city_congress, number=8, start=datetime.date(2016, 10, 1), end=datetime.date(2021, 9, 30))
    overlapping = Term(congress=jingmen.city_congress, number=9, start=datetime.date(2021, 9, 30))
    with pytest.raises(ValidationError):
        overlapping.full_clean()


@pytest.mark.django_db
def test_it_allows_the_same_dates_in_another_congress(jingmen):
    jingmen.term(jingmen.city_congress, start=datetime.date(2021, 10, 1))
    Term(congress=jingmen.dongbao_congress, number=9, start=datetime.date(2021, 10, 1)).full_clean()


@pytest.mark.django_db
def test_it_refuses_a_term_ending_before_it_starts(jingmen):
    with pytest.raises(ValidationError):
        Term(congress=jingmen.city_congress, number=9, start=datetime.date(2021, 10, 1), end=datetime.date(2021, 1, 1)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        jingmen.term(jingmen.city_congress, start=datetime.date(2021, 10, 1), end=datetime.date(2021, 1, 1))


@pytest.mark.django_db
def test_it_refuses_a_second_term_with_the_same_number(jingmen):
    jingmen.term(jingmen.city_congress, number=9, start=datetime.date(2021, 10, 1), end=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        Term(congress=jingmen.city_congress, number=9, start=datetime.date(2023, 1, 1)).full_clean()


@pytest.mark.django_db
def test_it_keeps_sessions_within_their_term(jingmen):
    term = jingmen.term(jingmen.city_congress, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30))
    Session(term=term, number=1, start=datetime.date(2021, 10, 8), end=datetime.date(2021, 10, 11)).full_clean()
    with pytest.raises(ValidationError):
        Session(term=term, number=6, start=datetime.date(2026, 9, 29), end=datetime.date(2026, 10, 2)).full_clean()
    with pytest.raises(ValidationError):
        Session(term=term, number=2, start=datetime.date(2022, 1, 10), end=datetime.date(2022, 1, 9)).full_clean()


@pytest.mark.django_db
def test_it_names_terms_and_sessions(jingmen):
    term = jingmen.term(jingmen.city_congress, number=9)
    session = Session.objects.create(term=term, number=4, start=datetime.date(2025, 1, 8), end=datetime.date(2025, 1, 11))
    assert "9" in str(term) and "荆门市人民代表大会" in str(term)
    assert "4" in str(session)


@pytest.mark.django_db
def test_it_gives_a_township_congress_a_presidium(jingmen):
    assert jingmen.town_congress.has_presidium
    assert not jingmen.town_congress.has_standing_committee
    assert jingmen.dongbao_congress.has_standing_committee
    assert not jingmen.dongbao_congress.has_presidium


@pytest.mark.django_db
def test_it_gives_a_council_neither(jingmen):
    from minyi.organisations.tests.jingmen import region
    from minyi.regions.models import Level

    street = region("420802001000", "龙泉街道", Level.TOWNSHIP, jingmen.dongbao)
    council = Congress.objects.create(region=street, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL)
    assert council.is_council
    assert not council.has_presidium and not council.has_standing_committee
