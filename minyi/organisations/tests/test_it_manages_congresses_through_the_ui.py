"""Congresses on the desk: the kind shown clearly, terms, sessions and departments added and
edited through the services, with validation messages."""

import datetime

import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.organisations.models import Congress, Department, Session, Term
from minyi.regions.models import Level, Region

from .ui import audited, client_for, html

pytestmark = pytest.mark.django_db


def test_it_shows_a_council_as_a_council(jingmen):
    street = Region.objects.create(code="420802001000", name="龙泉街道", level=Level.TOWNSHIP, parent=jingmen.dongbao)
    council = Congress.objects.create(region=street, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL, parent=jingmen.dongbao_congress)
    client = client_for(jingmen.dongbao_staff)
    page = html(client.get(reverse("organisations:congress_detail", args=[council.pk])))
    assert "bg-orange-lt" in page and str(Congress.Kind.COUNCIL.label) in page and "alert-info" in page
    listing = html(client.get(reverse("organisations:congress_list"), {"kind": "council"}))
    assert "龙泉街道居民议事会" in listing
    assert reverse("organisations:congress_detail", args=[jingmen.dongbao_congress.pk]) + '"' not in listing


def test_it_adds_and_edits_a_term(jingmen):
    client = client_for(jingmen.dongbao_staff)
    congress = jingmen.dongbao_congress
    response = client.post(reverse("organisations:term_create", args=[congress.pk]), {"number": "9", "start": "2021-10-01", "end": "2026-09-30"})
    assert response.status_code == 302
    term = Term.objects.get(congress=congress)
    assert audited(AuditEntry.Action.CREATE, Term, term.pk, actor=jingmen.dongbao_staff).exists()
    client.post(reverse("organisations:term_edit", args=[term.pk]), {"number": "9", "start": "2021-10-01", "end": "2026-12-31"})
    term.refresh_from_db()
    assert term.end == datetime.date(2026, 12, 31)
    assert audited(AuditEntry.Action.UPDATE, Term, term.pk, actor=jingmen.dongbao_staff).exists()


def test_it_refuses_overlapping_terms_and_keeps_the_input(jingmen):
    jingmen.term(jingmen.dongbao_congress, number=9, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30))
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:term_create", args=[jingmen.dongbao_congress.pk]), {"number": "10", "start": "2026-01-01", "end": ""}
    )
    page = html(response)
    assert response.status_code == 200 and "alert-danger" in page and 'value="2026-01-01"' in page
    assert Term.objects.count() == 1


def test_it_refuses_a_duplicate_term_number(jingmen):
    jingmen.term(jingmen.dongbao_congress, number=9, start=datetime.date(2016, 10, 1), end=datetime.date(2021, 9, 30))
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:term_create", args=[jingmen.dongbao_congress.pk]), {"number": "9", "start": "2021-10-01"}
    )
    assert response.status_code == 200 and Term.objects.count() == 1


def test_it_adds_a_session_within_the_term(jingmen):
    term = jingmen.term(jingmen.dongbao_congress, start=datetime.date(2021, 10, 1), end=datetime.date(2026, 9, 30))
    client = client_for(jingmen.dongbao_staff)
    url = reverse("organisations:session_create", args=[term.pk])
    outside = client.post(url, {"number": "1", "start": "2020-01-05", "end": "2020-01-07"})
    assert outside.status_code == 200 and "alert-danger" in html(outside) and 'value="2020-01-05"' in html(outside)
    backwards = client.post(url, {"number": "1", "start": "2022-01-07", "end": "2022-01-05"})
    assert backwards.status_code == 200 and 'id="id_end_error"' in html(backwards)
    assert client.post(url, {"number": "1", "start": "2022-01-05", "end": "2022-01-07"}).status_code == 302
    session = Session.objects.get(term=term)
    assert audited(AuditEntry.Action.CREATE, Session, session.pk, actor=jingmen.dongbao_staff).exists()
    assert client.post(reverse("organisations:session_edit", args=[session.pk]), {"number": "1", "start": "2022-01-05", "end": "2022-01-08"}).status_code == 302
    session.refresh_from_db()
    assert session.end == datetime.date(2022, 1, 8)


def test_it_refuses_to_shrink_a_term_past_its_sessions(jingmen):
    term = jingmen.term(jingmen.dongbao_congress, start=datetime.date(2021, 10, 1), end=None)
    Session.objects.create(term=term, number=1, start=datetime.date(2025, 1, 5), end=datetime.date(2025, 1, 7))
    response = client_for(jingmen.dongbao_staff).post(
        reverse("organisations:term_edit", args=[term.pk]), {"number": "9", "start": "2021-10-01", "end": "2024-12-31"}
    )
    assert response.status_code == 200 and "alert-danger" in html(response)
    term.refresh_from_db()
    assert term.end is None


def test_it_adds_and_renames_departments(jingmen):
    client = client_for(jingmen.dongbao_staff)
    congress = jingmen.dongbao_congress
    assert client.post(reverse("organisations:department_create", args=[congress.pk]), {"name": "代表工作委员会"}).status_code == 302
    department = Department.objects.get(congress=congress)
    assert audited(AuditEntry.Action.CREATE, Department, department.pk, actor=jingmen.dongbao_staff).exists()
    duplicate = client.post(reverse("organisations:department_create", args=[congress.pk]), {"name": "代表工作委员会"})
    assert duplicate.status_code == 200 and Department.objects.count() == 1
    client.post(reverse("organisations:department_rename", args=[department.pk]), {"name": "代表人事选举委员会"})
    department.refresh_from_db()
    assert department.name == "代表人事选举委员会"


def test_it_refuses_unit_staff_and_other_counties(jingmen):
    assert client_for(jingmen.dongbao_unit_staff).post(
        reverse("organisations:term_create", args=[jingmen.dongbao_congress.pk]), {"number": "1", "start": "2021-01-01"}
    ).status_code == 403
    department = Department.objects.create(congress=jingmen.duodao_congress, name="办公室")
    assert client_for(jingmen.dongbao_staff).post(
        reverse("organisations:department_rename", args=[department.pk]), {"name": "x"}
    ).status_code == 404
    assert not Term.objects.exists()
