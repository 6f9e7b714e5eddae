import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minyi.representatives.models import Ethnicity, OccupationCategory, Party, Representative


def test_it_offers_the_56_ethnic_groups():
    assert len(Ethnicity.choices) == 56
    assert Ethnicity.HAN == "01" and Ethnicity.JINO == "56"


def test_it_offers_the_usual_affiliations_and_occupation_categories():
    assert Party.NO_AFFILIATION == "13"
    assert {"worker", "farmer", "professional", "official", "business", "military", "other"} == set(OccupationCategory.values)


@pytest.mark.django_db
def test_it_refuses_an_unknown_ethnicity():
    with pytest.raises(ValidationError) as refusal:
        Representative(name="李春梅", ethnicity="99").full_clean()
    assert "ethnicity" in refusal.value.message_dict


@pytest.mark.django_db
def test_it_refuses_a_representative_under_eighteen():
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        Representative(name="李春梅", birth_date=today - datetime.timedelta(days=365 * 17)).full_clean()
    Representative(name="李春梅", birth_date=datetime.date(1978, 5, 1)).full_clean()


@pytest.mark.django_db
def test_it_gives_each_representative_a_public_code():
    first, second = Representative.objects.create(name="李春梅"), Representative.objects.create(name="王建华")
    assert re.fullmatch(r"[a-z2-9]{10}", first.public_code)
    assert first.public_code != second.public_code
