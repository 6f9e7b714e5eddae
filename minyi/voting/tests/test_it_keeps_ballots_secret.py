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
def test_the_audit_log_says_who_voted_never_what(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1, 2]] * 9)
    services.count_vote(staff, services.close_vote(staff, vote))
    assert not AuditEntry.objects.filter(object_type="voting.ballot").exists()
    voted = AuditEntry.objects.filter(object_type="voting.elector", changes__has_key="method")
    assert voted.count() == 9
    for entry in voted:
        assert set(entry.changes) <= {"method", "attendance"}


@pytest.mark.django_db
def test_an_open_vote_records_names_and_a_secret_one_does_not(chamber):
    staff = chamber.world.city_staff
    named = new_vote(chamber, secret=False, title="记名表决")
    services.open_vote(staff, named)
    vote_by_phone(chamber, named, [[1]] * 9)
    assert sorted(named.ballots.values_list("elector_position", flat=True)) == list(range(1, 10))
