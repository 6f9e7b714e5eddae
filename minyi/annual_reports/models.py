import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def file_path(report, filename):
    # A random name: the media folder is served as plain files in a debug deployment, and a
    # guessable path would hand out a congress's report to anyone.
    extension = filename.rsplit(".", 1)[-1]
    return f"annual_reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AnnualReport(models.Model):
    """One generation of a congress's annual report (年度报告) for a year, made by the worker as a
    Word and a PDF file. The progress of a running generation is published through the cache
    (progress.py); the row holds the last published numbers and the outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    done_steps = models.PositiveSmallIntegerField(_("steps done"), default=0)
    total_steps = models.PositiveSmallIntegerField(_("steps"), default=0)
    phase = models.CharField(_("step"), max_length=30, blank=True)
    word_file = models.FileField(_("Word file"), upload_to=file_path, blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to=file_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.congress} {self.year}"

    @property
    def is_running(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_ready(self):
        return self.state == self.State.DONE and bool(self.word_file) and bool(self.pdf_file)

    @property
    def seconds(self):
        """How long the generation took, once finished."""
        return None if self.finished_at is None else (self.finished_at - self.created_at).total_seconds()
