"""Secrecy at the database level: nothing stored joins a member to a ballot of a secret vote — no
foreign key, no shared id, no timestamp, no order, no transaction stamp, no audit entry."""

import pytest
from django.db import connection

from minyi.audit.models import AuditEntry
from minyi.voting import services
from minyi.voting.models import Ballot, Elector

from .conftest import new_vote, vote_by_phone


def _columns(table):
    with connection.cursor() as cursor:
        return {column.name: column for column in connection.introspection.get_table_description(cursor, table)}


def _foreign_keys(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}


@pytest.mark.django_db
def test_the_ballot_table_has_nothing_that_points_at_a_person_or_a_time():
    columns = _columns(Ballot._meta.db_table)
    assert set(columns) == {"id", "vote_id", "marks", "paper_number", "receipt_digest", "elector_position"}
    assert _foreign_keys(Ballot._meta.db_table) == {"voting_vote"}
    # The primary key is random, not a sequence that counts arrivals.
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    elector_columns = set(_columns(Elector._meta.db_table))
    assert not elector_columns & {"ballot_id", "receipt_digest", "marks", "voted_at"}


@pytest.mark.django_db(transaction=True)
def test_after_closing_no_stored_trace_orders_or_stamps_the_ballots(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1], [2], [3], [4], [1, 2], [1, 3], [1, 4], [2, 3], [2, 4]])
    ids_while_open = set(vote.ballots.values_list("id", flat=True))
    assert set(vote.ballots.values_list("elector_position", flat=True)) == {None}
    services.close_vote(staff, vote)
    assert not ids_while_open & set(vote.ballots.values_list("id", flat=True)), "the shuffle gives every ballot a new id"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {Ballot._meta.db_table} WHERE vote_id = %s", [vote.pk])
            ballot_stamps = {row[0] for row in cursor.fetchall()}
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {Elector._meta.db_table} WHERE vote_id = %s", [vote.pk])
            elector_stamps = {row[0] for row in cursor.fetchall()}
        assert len(ballot_stamps) == 1, "all ballots were rewritten in one transaction"
        assert not ballot_stamps & elector_stamps
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, id FROM {Ballot._meta.db_table} WHERE vote_id = %s ORDER BY rowid", [vote.pk])
            assert len(cursor.fetchall()) == 9


@pytest.mark.django_db
def test_the_audit_log_never_records_a_cast_only_the_turnout(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1, 2]] * 9)
    # While the box is open nothing written with a ballot names its member or its moment.
    assert not AuditEntry.objects.filter(object_type="voting.ballot").exists()
    assert not AuditEntry.objects.filter(object_type="voting.elector", changes__has_key="method").exists()
    services.count_vote(staff, services.close_vote(staff, vote))
    assert AuditEntry.objects.filter(object_type="voting.vote", note__contains="9 voted on the phone").exists()
    # Check-ins are attendance, recorded as such.
    assert AuditEntry.objects.filter(object_type="voting.elector", changes__has_key="attendance").count() == 9


@pytest.mark.django_db
def test_an_open_vote_records_names_and_a_secret_one_does_not(chamber):
    staff = chamber.world.city_staff
    named = new_vote(chamber, secret=False, title="记名表决")
    services.open_vote(staff, named)
    vote_by_phone(chamber, named, [[1]] * 9)
    assert sorted(named.ballots.values_list("elector_position", flat=True)) == list(range(1, 10))


@pytest.mark.django_db(transaction=True)
def test_a_ballot_being_cast_when_the_vote_closes_is_in_the_box_or_refused(chamber, monkeypatch):
    """The close waits for ballots that hold their elector's lock; none lands in a closed box."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: nothing to interleave")
    import threading

    from django.db import connections

    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    services.check_in(chamber.users[0], vote)
    locked, go = threading.Event(), threading.Event()
    real_clean = services.clean_marks

    def slow_clean(*args, **kwargs):
        locked.set()
        go.wait(10)
        return real_clean(*args, **kwargs)

    monkeypatch.setattr(services, "clean_marks", slow_clean)
    outcome = {}

    def cast():
        try:
            outcome["receipt"] = services.cast(chamber.users[0], vote, [1])
        finally:
            connections.close_all()

    def close():
        try:
            services.close_vote(staff, vote)
        finally:
            connections.close_all()

    caster = threading.Thread(target=cast)
    caster.start()
    assert locked.wait(10)
    closer = threading.Thread(target=close)
    closer.start()
    closer.join(0.5)
    assert closer.is_alive(), "the close waits for the ballot in flight"
    go.set()
    caster.join(10)
    closer.join(10)
    vote.refresh_from_db()
    assert vote.state == "closed" and outcome["receipt"]
    counted = services.count_vote(staff, vote)
    assert counted.result["cast"] == 1 and services.receipt_counted(counted, outcome["receipt"])
