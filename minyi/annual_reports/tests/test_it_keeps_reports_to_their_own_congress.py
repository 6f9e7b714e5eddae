"""A report belongs to its congress: its staff and leaders (and system administrators) see it and
its files; the staff of another congress get a 404 on the page and on each file alike, and
people who are not congress staff are refused the desk."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from minyi.annual_reports.models import AnnualReport
from minyi.testing import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_report(world):
    report = AnnualReport(congress=world.city_congress, year=2026, requested_by=world.city_staff, state=AnnualReport.State.DONE)
    report.word_file.save("report.docx", ContentFile(b"PK word"), save=False)
    report.pdf_file.save("report.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.save()
    return report


def urls(report):
    return [reverse("annual_reports:report", args=[report.pk]),
            reverse("annual_reports:download", args=[report.pk, "word"]),
            reverse("annual_reports:download", args=[report.pk, "pdf"])]


def test_another_congress_staff_get_404_everywhere(client, world, city_report):
    client.force_login(world.dongbao_staff)
    assert [client.get(url).status_code for url in urls(city_report)] == [404, 404, 404]
    index = client.get(reverse("annual_reports:index")).content.decode()
    assert world.city_congress.name not in index and world.dongbao_congress.name in index


def test_another_congress_staff_cannot_ask_for_its_report(client, world):
    client.force_login(world.dongbao_staff)
    response = client.post(reverse("annual_reports:index"), {"congress": world.city_congress.pk, "year": 2026})
    assert response.status_code == 400 and 'data-testid="report-refusal"' in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("who", ["city_staff", "leader", "admin"])
def test_its_congress_and_administrators_open_it(client, world, city_report, who):
    client.force_login(getattr(world, who))
    assert [client.get(url).status_code for url in urls(city_report)] == [200, 200, 200]


@pytest.mark.parametrize("who", ["citizen", "unit_staff", "rep"])
def test_people_who_are_not_congress_staff_are_refused(client, world, city_report, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("annual_reports:index")).status_code == 403
    assert [client.get(url).status_code for url in urls(city_report)] == [403, 403, 403]


def test_signed_out_visitors_are_sent_to_sign_in(client, city_report):
    for url in [reverse("annual_reports:index"), *urls(city_report)]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_files_of_an_unfinished_report_and_unknown_formats_are_not_there(client, world, city_report):
    running = AnnualReport.objects.create(congress=world.city_congress, year=2025, requested_by=world.city_staff,
                                          state=AnnualReport.State.RUNNING)
    client.force_login(world.city_staff)
    assert client.get(reverse("annual_reports:download", args=[running.pk, "word"])).status_code == 404
    assert client.get(reverse("annual_reports:download", args=[city_report.pk, "excel"])).status_code == 404


def test_a_second_staff_member_of_the_congress_sees_the_report_too(client, world, city_report):
    from minyi.accounts.models import Role

    colleague = person("city_colleague", Role.CONGRESS_STAFF, congress=world.city_congress)
    client.force_login(colleague)
    assert client.get(urls(city_report)[1]).status_code == 200
