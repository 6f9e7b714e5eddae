import pytest

from minyi.organisations.models import Term


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def terms(world):
    """A current term for the city and both county congresses."""
    import datetime

    return {
        "city": Term.objects.create(congress=world.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2026, 12, 31)),
        "dongbao": Term.objects.create(congress=world.dongbao_congress, number=10, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30)),
        "duodao": Term.objects.create(congress=world.duodao_congress, number=10, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30)),
    }
