import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_path(job, filename):
    # Never the uploader's file name: it may hold anything, and the path must not tell whose data it is.
    return f"transfers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    """One uploaded Excel file on its way from dry run to commit.

    The worker validates the file (nothing is written), the uploader looks at the preview, and the
    worker commits it in one transaction. Progress while a task runs is published through the
    cache (see progress.py) because a commit holds SQLite's write lock until it ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        VALIDATING = "validating", _("Checking")
        VALIDATED = "validated", _("Checked")
        COMMITTING = "committing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.COMMITTING)
    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(_("kind"), max_length=30)
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    count_new = models.PositiveIntegerField(_("new"), default=0)
    count_update = models.PositiveIntegerField(_("changed"), default=0)
    count_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    count_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_total = models.PositiveIntegerField(_("errors"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    commit_requested_at = models.DateTimeField(_("import requested at"), null=True, blank=True)
    commit_started_at = models.DateTimeField(_("import started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind}: {self.original_name}"

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def can_commit(self):
        return self.status == self.Status.VALIDATED and self.error_total == 0 and (self.count_new + self.count_update) > 0

    @property
    def can_cancel(self):
        if self.status == self.Status.COMMITTING:
            return self.commit_started_at is None
        if self.status == self.Status.VALIDATED:
            return self.can_commit  # a file with errors or nothing to change is over already
        return self.status in (self.Status.QUEUED, self.Status.VALIDATING)

    @property
    def has_file_errors(self):
        return any(error.get("row") is None for error in self.errors)
