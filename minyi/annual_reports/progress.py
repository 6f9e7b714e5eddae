"""How far a generation is, for the page that polls it every second.

The numbers go straight to the report's row: the generation holds no transaction while it counts
and draws, so each small UPDATE is read at once by the web process (unlike an import, whose commit
keeps SQLite's write lock and so publishes through the cache)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contents import STEPS
from .models import AnnualReport
from .outline import CHART_COUNT

PHASES = {
    "": _("Waiting for the background worker…"),
    "figures": _("Counting the year's figures"),
    "suggestions": _("Counting the representatives' suggestions"),
    "projects": _("Reading the livelihood projects"),
    "duty": _("Counting the representatives' duty"),
    "charts": _("Drawing the charts"),
    "word": _("Writing the Word file"),
    "pdf": _("Writing the PDF file"),
    "saving": _("Saving the files"),
}
FILE_STEPS = ("word", "pdf", "saving")
TOTAL = sum(n for _phase, n in STEPS) + CHART_COUNT + len(FILE_STEPS)


class Progress:
    """`step(phase)` says a part begins: the parts before it are done."""

    def __init__(self, report):
        self.report_id = report.pk
        self.started = 0
        self.phase = ""
        self._publish(0)

    def step(self, phase):
        self.phase = phase
        self.started += 1
        self._publish(min(self.started - 1, TOTAL - 1))

    def _publish(self, done):
        AnnualReport.objects.filter(pk=self.report_id).update(done_steps=done, total_steps=TOTAL, phase=self.phase,
                                                             updated_at=timezone.now())


def progress_of(report):
    """{"done", "total", "percent", "phase"} for the page."""
    total = report.total_steps or TOTAL
    done = total if report.state == AnnualReport.State.DONE else min(report.done_steps, total)
    return {"done": done, "total": total, "percent": int(done * 100 / total), "phase": PHASES.get(report.phase, report.phase)}
