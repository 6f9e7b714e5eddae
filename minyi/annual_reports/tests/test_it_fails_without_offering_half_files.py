"""A generation that breaks leaves the report failed with a message in Chinese and no file: the
Word file written before the break is removed, and nothing is offered for download. A report a
crashed worker left half written is failed by the worker's minute check."""

import datetime

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from minyi.annual_reports import contents, pdf, services
from minyi.annual_reports.models import AnnualReport
from minyi.annual_reports.progress import PHASES
from minyi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
MESSAGE = ("The annual report could not be made (%(step)s went wrong). No file was kept; please try again, and tell your "
           "system administrator if it fails again.")


def chinese(message, **values):
    with translation.override("zh-hans"):
        return gettext(message) % {key: str(value) for key, value in values.items()}


def files_in(media):
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_break_while_saving_keeps_no_file_and_offers_none(client, year_of_figures, media, monkeypatch):
    world = year_of_figures
    monkeypatch.setattr(pdf, "render", lambda outline: b"%PDF-1.4 not needed here")
    save = FieldFile.save

    def full_disk(self, name, content, save_model=True):
        if name.endswith(".pdf"):
            raise OSError("No space left on device")
        return save(self, name, content, save_model)

    monkeypatch.setattr(FieldFile, "save", full_disk)
    client.force_login(world.city_staff)
    client.post(reverse("annual_reports:index"), {"congress": world.city_congress.pk, "year": timezone.localdate().year})

    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.FAILED and not report.is_ready
    assert report.error == chinese(MESSAGE, step=str(chinese(str(PHASES["saving"]))).rstrip("…"))
    assert not report.word_file and not report.pdf_file and files_in(media) == []
    for fmt in ("word", "pdf"):
        assert client.get(reverse("annual_reports:download", args=[report.pk, fmt])).status_code == 404
    page = client.get(reverse("annual_reports:report", args=[report.pk])).content.decode()
    assert escape(report.error) in page and "hx-trigger" not in page and reverse("annual_reports:index") in page
    assert AuditEntry.objects.filter(object_id=str(report.pk), note="annual report failed at saving").exists()


def test_a_break_while_counting_says_which_part_failed(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the figures are away")

    monkeypatch.setattr(contents, "gather", broken)
    report = services.request(world.city_staff, world.city_congress, timezone.localdate().year)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.FAILED and report.finished_at is not None
    assert report.error == chinese(MESSAGE, step=chinese(str(PHASES[""])).rstrip("…"))


def test_the_worker_fails_a_report_left_half_written_and_queues_a_forgotten_one_again(world, media, monkeypatch):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    stuck = AnnualReport.objects.create(congress=world.city_congress, year=2026, requested_by=world.city_staff,
                                        state=AnnualReport.State.RUNNING, updated_at=long_ago)
    forgotten = AnnualReport.objects.create(congress=world.dongbao_congress, year=2026, requested_by=world.dongbao_staff,
                                            updated_at=long_ago)
    queued = []
    monkeypatch.setattr(services, "run", queued.append)

    services.look_after_reports()

    stuck.refresh_from_db()
    assert stuck.state == AnnualReport.State.FAILED
    assert stuck.error == chinese("The annual report was interrupted. No file was kept; please make it again.")
    assert queued == [forgotten.pk]
