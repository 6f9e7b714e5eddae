"""A county sends thousands of representatives at once: the number of queries of a check and of a
commit must not grow with the rows (bulk lookups and bulk writes)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .files import check, commit, xlsx
from .test_it_imports_representatives import person

pytestmark = pytest.mark.django_db


def people(count, offset=0):
    rows = []
    for number in range(offset, offset + count):
        rows.append(person(name=f"代表{number}", phone=f"139{number:08d}", birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=number)))
    return rows


def queries(run, content, user):
    with CaptureQueriesContext(connection) as captured:
        result = run("representatives", content, user)
    assert not result.errors, result.errors[:3]
    return len(captured)


def test_queries_do_not_grow_with_rows(world, terms):
    small, large = xlsx("representatives", people(10)), xlsx("representatives", people(300, offset=1000))
    assert queries(check, large, world.city_staff) <= queries(check, small, world.city_staff) + 2
    first, second = queries(commit, small, world.city_staff), queries(commit, large, world.city_staff)
    # Inserts come in batches (a few hundred rows each), nothing else grows.
    assert second <= first + 12, (first, second)
    # Re-importing (everything unchanged) reads in a few queries too.
    assert queries(check, large, world.city_staff) <= queries(check, small, world.city_staff) + 2
