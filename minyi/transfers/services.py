"""The life of an import job: upload → (worker) check → preview → commit → (worker) import.

Every change of a job's status is a conditional UPDATE (`…filter(status=…).update(…)`), so a
cancel and a worker finishing at the same moment cannot both win, and a task that runs twice
(re-queued after the worker was down) does its work once."""

import logging
import os

from django.conf import settings
from django.utils import timezone, translation

from minyi.audit.context import acting
from minyi.audit.services import write as audit_write
from minyi.audit.models import AuditEntry

from . import engine, registry
from .models import ImportJob
from .progress import JobProgress, forget
from .reading import check_size, sniff

log = logging.getLogger(__name__)
Status = ImportJob.Status
STALE_QUEUED = timezone.timedelta(minutes=2)
STALE_RUNNING = timezone.timedelta(minutes=15)
KEEP_FILES = timezone.timedelta(days=2)


def worker_running():
    """Whether queued jobs will start soon: the worker's heartbeat is fresh (or tasks run inline)."""
    from huey.contrib.djhuey import HUEY

    from minyi.core.health import check_worker

    return HUEY.immediate or check_worker()[0]


def start(user, kind, upload):
    """Store an uploaded file as a job and queue its check. Raises FileProblem for a file that is
    plainly not importable (empty, too large, not a workbook), before anything is stored."""
    registry.get(kind)
    check_size(upload.size)
    sniff(upload)
    job = ImportJob(
        kind=kind,
        original_name=os.path.basename(upload.name or "")[:200],
        size=upload.size,
        uploaded_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.file.save("upload.xlsx", upload, save=False)
    job.save()
    _enqueue("validate_import", job)
    return ImportJob.objects.get(pk=job.pk)


def _enqueue(task_name, job):
    from . import tasks

    try:
        getattr(tasks, task_name)(job.pk)
    except Exception:  # the queue (Redis) is down: the job waits, look_after_jobs queues it again
        log.warning("could not queue %s for import job %s", task_name, job.pk, exc_info=True)


def _update(job_id, from_statuses, **fields):
    fields.setdefault("updated_at", timezone.now())
    return ImportJob.objects.filter(pk=job_id, status__in=from_statuses).update(**fields)


def _drop_file(job_id):
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    if job.file:
        # The file holds personal data in the clear; once the job is over it is not kept.
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")
    forget(job)


def _counts(outcome):
    return {
        "count_new": outcome.new,
        "count_update": outcome.update,
        "count_unchanged": outcome.unchanged,
        "count_error": outcome.error_rows,
        "errors": outcome.stored_errors(),
        "error_total": outcome.error_total,
        "total_rows": outcome.total,
    }


def _unexpected(job_id, statuses):
    log.exception("import job %s failed", job_id)
    message = translation.gettext("Something went wrong on our side while reading the file. Nothing was imported; please try again.")
    _update(
        job_id,
        statuses,
        status=Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"row": None, "column": "", "letter": "", "message": message}],
        error_total=1,
    )
    _drop_file(job_id)


def run_check(job_id):
    """The worker's check of a queued job: counts and errors, nothing written."""
    if not _update(job_id, [Status.QUEUED], status=Status.VALIDATING):
        return
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE), acting(job.uploaded_by, source="import"):
        try:
            with job.file.open("rb") as handle:
                outcome = engine.check(job.kind, handle, job.uploaded_by, progress=JobProgress(job))
        except Exception:
            _unexpected(job_id, [Status.VALIDATING])
            return
        unreadable = outcome.total == 0 and outcome.errors
        _update(
            job_id,
            [Status.VALIDATING],
            status=Status.FAILED if unreadable else Status.VALIDATED,
            validated_at=timezone.now(),
            finished_at=timezone.now() if unreadable else None,
            done_rows=outcome.total,
            **_counts(outcome),
        )
        if unreadable or outcome.errors or not (outcome.new or outcome.update):
            _drop_file(job_id)  # nothing can be imported from it


def request_commit(job):
    """Queue the import of a checked job without errors. False when it cannot be imported (any more)."""
    if not job.can_commit:
        return False
    if not _update(job.pk, [Status.VALIDATED], status=Status.COMMITTING, commit_requested_at=timezone.now(), done_rows=0):
        return False
    forget(job)  # the check's progress; the import reports its own
    _enqueue("commit_import", job)
    return True


def run_commit(job_id):
    """The worker's import: check again, then write everything or nothing."""
    started = ImportJob.objects.filter(pk=job_id, status=Status.COMMITTING, commit_started_at__isnull=True).update(
        commit_started_at=timezone.now(), updated_at=timezone.now()
    )
    if not started:
        return
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    spec = registry.get(job.kind)

    def finish(outcome):
        # Inside the import's transaction: the job is "done" exactly when the data is there.
        ImportJob.objects.filter(pk=job_id).update(
            status=Status.DONE, finished_at=timezone.now(), updated_at=timezone.now(), done_rows=outcome.total, **_counts(outcome)
        )
        audit_write(
            AuditEntry.Action.ACTION,
            object_type=spec.model._meta.label_lower,
            object_id=str(job_id),
            object_repr=job.original_name,
            note=f"import {job.kind}: new={outcome.new} changed={outcome.update} unchanged={outcome.unchanged}",
        )

    with translation.override(job.language or settings.LANGUAGE_CODE), acting(job.uploaded_by, source="import"):
        try:
            with job.file.open("rb") as handle:
                outcome = engine.commit(job.kind, handle, job.uploaded_by, progress=JobProgress(job), finish=finish)
        except Exception:
            _unexpected(job_id, [Status.COMMITTING])
            return
        if not outcome.written:
            # Something changed since the check (or the file could not be read again): nothing was written.
            _update(job_id, [Status.COMMITTING], status=Status.FAILED, finished_at=timezone.now(), **_counts(outcome))
    _drop_file(job_id)


def cancel(job):
    """Stop a job that has not started writing. False when it is too late (or already over)."""
    cancelled = _update(job.pk, [Status.QUEUED, Status.VALIDATING, Status.VALIDATED], status=Status.CANCELLED, finished_at=timezone.now())
    if not cancelled:
        cancelled = ImportJob.objects.filter(pk=job.pk, status=Status.COMMITTING, commit_started_at__isnull=True).update(
            status=Status.CANCELLED, finished_at=timezone.now(), updated_at=timezone.now()
        )
    if cancelled:
        _drop_file(job.pk)
    return bool(cancelled)


def look_after_jobs():
    """Run every minute by the worker: queue again what waited while the queue was unreachable,
    fail what a crashed worker left half done, and remove files nobody will import any more."""
    now = timezone.now()
    for job in ImportJob.objects.filter(status=Status.QUEUED, updated_at__lt=now - STALE_QUEUED):
        _enqueue("validate_import", job)
    for job in ImportJob.objects.filter(status=Status.COMMITTING, commit_started_at__isnull=True, updated_at__lt=now - STALE_QUEUED):
        _enqueue("commit_import", job)
    message = translation.gettext("The job was interrupted. Nothing was imported; please upload the file again.")
    interrupted = ImportJob.objects.filter(status__in=[Status.VALIDATING, Status.COMMITTING], updated_at__lt=now - STALE_RUNNING)
    for job in interrupted.exclude(status=Status.COMMITTING, commit_started_at__isnull=True):
        error = {"row": None, "column": "", "letter": "", "message": message}
        if _update(job.pk, [job.status], status=Status.FAILED, finished_at=now, errors=[error], error_total=1):
            _drop_file(job.pk)
    for job in ImportJob.objects.filter(status=Status.VALIDATED, updated_at__lt=now - KEEP_FILES).exclude(file=""):
        if _update(job.pk, [Status.VALIDATED], status=Status.CANCELLED, finished_at=now):
            _drop_file(job.pk)


__all__ = ["start", "run_check", "request_commit", "run_commit", "cancel", "look_after_jobs", "worker_running"]
