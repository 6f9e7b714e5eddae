"""A queued report shows a progress bar that the page polls; while the worker writes it the bar
moves through every part in order, and when it is done the page stops polling and offers the files."""

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.annual_reports import progress, services
from minyi.annual_reports.models import AnnualReport

pytestmark = pytest.mark.django_db
PANEL = {"HTTP_HX_REQUEST": "true"}


def test_the_bar_moves_from_queued_to_done(client, year_of_figures, monkeypatch):
    world = year_of_figures
    report = AnnualReport.objects.create(congress=world.city_congress, year=timezone.localdate().year, requested_by=world.city_staff)
    client.force_login(world.city_staff)
    url = reverse("annual_reports:report", args=[report.pk])

    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'role="progressbar"' in page and 'aria-valuenow="0"' in page
    panel = client.get(url, **PANEL).content.decode()
    assert panel.lstrip().startswith('<div id="report-panel"') and "<html" not in panel

    seen, midway = [], {}
    publish = progress.Progress._publish

    def watched(self, done):
        publish(self, done)
        seen.append((done, self.phase))
        if self.phase == "word" and not midway:
            midway["panel"] = client.get(url, **PANEL).content.decode()
            midway["percent"] = int(done * 100 / progress.TOTAL)

    monkeypatch.setattr(progress.Progress, "_publish", watched)
    services.run(report.pk)

    done_steps = [done for done, _phase in seen]
    assert done_steps == sorted(done_steps) and done_steps[0] == 0 and done_steps[-1] == progress.TOTAL - 1
    phases = list(dict.fromkeys(phase for _done, phase in seen if phase))
    assert phases == ["figures", "suggestions", "projects", "duty", "charts", "word", "pdf", "saving"]
    assert f'aria-valuenow="{midway["percent"]}"' in midway["panel"] and 0 < midway["percent"] < 100
    assert str(progress.PHASES["word"]) in midway["panel"] and 'hx-trigger="every 1s"' in midway["panel"]

    report.refresh_from_db()
    assert report.state == AnnualReport.State.DONE and progress.progress_of(report)["percent"] == 100
    finished = client.get(url, **PANEL).content.decode()
    assert "hx-trigger" not in finished and 'role="progressbar"' not in finished
    assert reverse("annual_reports:download", args=[report.pk, "word"]) in finished
    assert reverse("annual_reports:download", args=[report.pk, "pdf"]) in finished
