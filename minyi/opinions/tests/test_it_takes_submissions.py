import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from minyi.matters.models import Channel, Matter
from minyi.opinions import services
from minyi.opinions.models import Opinion

pytestmark = pytest.mark.django_db


def test_a_submission_lands_with_the_lowest_congress_of_its_place(world, submission):
    matter, created = services.submit(submission())
    assert created
    assert matter.owner_congress == world.dongbao_congress
    assert matter.status == "submitted"
    assert matter.title == "龙井社区门口路灯不亮已经一周了，晚上出行很不方便"
    assert "路灯" in matter.search_text.split()
    opinion = matter.opinion
    assert opinion.phone == "13912345678" and opinion.masked_phone == "139****5678" and opinion.phone_last4 == "5678"
    assert "13912345678" not in opinion.phone_ciphertext
    assert list(matter.timeline.values_list("action", flat=True)) == ["open"]


def test_a_station_code_sends_it_to_the_station_and_its_representative_first(world, places, submission):
    matter, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    assert matter.status == "with_representative"
    assert matter.owner_congress == world.dongbao_congress
    assert Matter.objects.filter(pk=matter.pk).count() == 1


def test_the_same_key_makes_one_matter(submission):
    first, created = services.submit(submission(), idempotency_key="k" * 32)
    again, created_again = services.submit(submission(), idempotency_key="k" * 32)
    assert created and not created_again and first.pk == again.pk
    assert Opinion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_make_one_matter(world, submission):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs two connections writing at once")
    results, errors = [], []

    def send():
        try:
            results.append(services.submit(submission(), idempotency_key="same-key-0001")[0].pk)
        except Exception as error:  # noqa: BLE001  (the assertion below reports it)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1 and Opinion.objects.count() == 1


def test_bad_input_is_reported_field_by_field(submission):
    with pytest.raises(ValidationError) as caught:
        services.submit(submission(text="短", region_code="999999999999", phone="12345", category="nope"))
    fields = caught.value.message_dict
    assert set(fields) == {"text", "region_code", "phone", "category"}
    assert Matter.objects.count() == 0


def test_text_over_the_limit_is_refused(submission):
    with pytest.raises(ValidationError) as caught:
        services.submit(submission(text="字" * (services.TEXT_LIMIT + 1)))
    assert "text" in caught.value.message_dict


def test_the_tracking_code_needs_the_phone_digits(submission):
    matter, _created = services.submit(submission())
    assert services.find_by_code(matter.tracking_code.lower(), "5678") == matter
    with pytest.raises(services.CodeRefused):
        services.find_by_code(matter.tracking_code, "0000")
    with pytest.raises(services.CodeRefused):
        services.find_by_code("ZZZZZZZZZZ", "5678")


def test_without_a_phone_the_code_alone_opens_it(submission):
    matter, _created = services.submit(submission(phone=""))
    assert services.find_by_code(matter.tracking_code) == matter


def test_a_sub_district_has_no_congress_so_the_county_holds_its_opinions(world, places, submission):
    from minyi.organisations.models import Congress

    council = Congress.objects.create(region=places.township, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL,
                                      parent=world.dongbao_congress)
    matter, _created = services.submit(submission())
    assert matter.owner_congress == world.dongbao_congress
    places.station.congress = council
    places.station.save()
    via_station, _created = services.submit(submission(), channel=Channel.STATION_CODE, station=places.station)
    assert via_station.owner_congress == world.dongbao_congress
