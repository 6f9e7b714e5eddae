"""Review gives an admissible suggestion the next number of its sequence (per congress, term and,
by default, session), in the congress's format; numbers are never skipped nor given twice, even
when staff register at the same moment."""

import threading

import pytest
from django.db import close_old_connections, connection

from minyi.suggestions import services
from minyi.suggestions.models import NumberSequence, Settings, Suggestion

pytestmark = pytest.mark.django_db


def test_numbers_run_per_sequence_in_the_congress_format(world, city, raise_one):
    first, second = raise_one(), raise_one()
    at_session = raise_one(session_id=city.session.pk)
    for suggestion in (first, second, at_session):
        services.register(suggestion, actor=world.city_staff)
    labels = [Suggestion.objects.get(pk=s.pk).number_label for s in (first, second, at_session)]
    assert labels == ["第0001号", "第0002号", "大会第0001号"]  # the session's own sequence, in its own format
    assert first.matter.timeline.filter(action="register", data__label="第0001号").exists()


def test_a_congress_may_choose_its_format_and_one_sequence_per_term(world, city, raise_one):
    Settings.objects.create(congress=world.city_congress, number_format="{year}-{session}-{number:03d}", number_per_session=False)
    between, at_session = raise_one(), raise_one(session_id=city.session.pk)
    services.register(between, actor=world.city_staff)
    services.register(at_session, actor=world.city_staff)
    assert [Suggestion.objects.get(pk=s.pk).number_label for s in (between, at_session)] == ["2026-0-001", "2026-5-002"]


def test_a_bad_format_is_refused_with_a_clear_message(world):
    from django.core.exceptions import ValidationError

    settings = Settings(congress=world.city_congress, number_format="第{numero}号")
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "number_format" in refused.value.message_dict


def test_only_staff_of_the_holding_congress_register(world, city, raise_one):
    from django.core.exceptions import PermissionDenied

    suggestion = raise_one()
    with pytest.raises(PermissionDenied):
        services.register(suggestion, actor=world.dongbao_staff)
    assert Suggestion.objects.get(pk=suggestion.pk).number is None
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def test_registering_twice_is_refused(world, city, raise_one):
    suggestion = raise_one()
    services.register(suggestion, actor=world.city_staff)
    with pytest.raises(services.TransitionNotAllowed):
        services.register(suggestion, actor=world.city_staff)
    assert NumberSequence.objects.get().last_number == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_take_every_number_exactly_once(world, city, raise_one):
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory with a shared cache, whose table locks fail at once
        # instead of waiting; the deployment's file database queues writers (IMMEDIATE transactions).
        pytest.skip("concurrency is tested on PostgreSQL")
    suggestions = [raise_one() for _i in range(12)]
    barrier = threading.Barrier(4)
    errors = []

    def register_share(share):
        try:
            barrier.wait(timeout=10)
            for suggestion in share:
                services.register(suggestion, actor=world.city_staff)
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register_share, args=(suggestions[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert errors == []
    numbers = sorted(Suggestion.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert NumberSequence.objects.get().last_number == 12


def test_inter_session_suggestions_are_due_for_assignment_within_five_working_days(world, city, raise_one, monkeypatch):
    import datetime

    from minyi.workbench.inbox import items_for
    from minyi.workdays.calendar import CHINA

    moment = datetime.datetime(2026, 9, 25, 10, 0, tzinfo=CHINA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    between, at_session = raise_one(), raise_one(session_id=city.session.pk)
    # Five working days from Friday 25 September, National Day off, Saturday 10 October worked.
    assert services.assignment_due(between) == datetime.date(2026, 10, 9)
    assert services.assignment_due(at_session) is None  # waits for the assignment meeting
    later = datetime.datetime(2026, 10, 12, 10, 0, tzinfo=CHINA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert services.overdue_for_assignment([between, at_session]) == [between]
    from minyi.accounts import access

    labels = [str(item["label"]) for item in items_for(access.actor_for(world.city_staff))]
    assert "已过交办期限的闭会建议" in labels
