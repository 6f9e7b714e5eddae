import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.unit_staff)
    return client


def test_it_computes_a_deadline_across_the_spring_festival(signed_in):
    body = signed_in.get("/api/workdays/deadline", {"start": "2026-02-13", "rule": "workdays:1"}).json()
    assert body == {"start": "2026-02-13", "rule": "workdays:1", "date": "2026-02-14", "provisional": False}


def test_it_flags_a_2027_deadline_as_provisional(signed_in):
    body = signed_in.get("/api/workdays/deadline", {"start": "2026-12-20", "rule": "months:1"}).json()
    assert body["date"] == "2027-01-20" and body["provisional"] is True


def test_it_explains_a_bad_rule_in_chinese(signed_in):
    response = signed_in.get("/api/workdays/deadline", {"start": "2026-02-13", "rule": "weeks:2"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_rule"
    assert "workdays:15" in response.json()["message"]


def test_it_explains_a_bad_date(signed_in):
    response = signed_in.get("/api/workdays/deadline", {"start": "2026-02-30", "rule": "days:1"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"


def test_it_answers_what_kind_of_day_it_is(signed_in):
    body = signed_in.get("/api/workdays/days/2026-10-10").json()
    assert body == {"date": "2026-10-10", "kind": "adjusted_workday", "name": "国庆节", "is_workday": True}


def test_it_refuses_an_unknown_congress(signed_in):
    response = signed_in.get("/api/workdays/days/2026-10-10", {"congress": 999999})
    assert response.status_code == 404 and response.json()["code"] == "unknown_congress"
