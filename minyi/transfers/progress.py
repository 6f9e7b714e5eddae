"""How far a running job is, for the page that polls it every second.

The numbers go to the cache (shared by web and worker processes) on every step, and to the job's
row when no transaction is open: a commit holds SQLite's write lock until it ends, and nobody
else could read a row it wrote before then anyway."""

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import ImportJob

EVERY = 200  # rows between two reports
TTL = 6 * 3600


def _key(job):
    # With the upload time: a job id can come again (a test database, a restored backup) while the
    # shared cache still holds the progress of the earlier job of that id.
    return f"transfers:progress:{job.pk}:{job.created_at.timestamp():.6f}"


class JobProgress:
    def __init__(self, job, every=EVERY):
        self.job_id = job.pk
        self.key = _key(job)
        self.every = every
        self.done = self.total = self._reported = 0
        self.phase = "reading"

    def reading(self, rows):
        self.phase = "reading"
        self._publish(rows, 0)

    def start(self, total, phase=""):
        self.total, self.done, self.phase = total, 0, phase or self.phase
        self._reported = 0
        self._publish(0, total)

    def advance(self, count=1):
        self.done += count
        if self.done - self._reported >= self.every:
            self._reported = self.done
            self._publish(self.done, self.total)

    def finish(self):
        self._publish(self.total, self.total)

    def _publish(self, done, total):
        done = min(done, total) if total else done
        cache.set(self.key, {"done": done, "total": total, "phase": self.phase}, TTL)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(done_rows=done, total_rows=total, updated_at=timezone.now())


def progress_of(job):
    """{"done", "total", "percent", "phase"} for the page."""
    state = cache.get(_key(job)) or {"done": job.done_rows, "total": job.total_rows, "phase": ""}
    total, done = state["total"], state["done"]
    state["percent"] = int(done * 100 / total) if total else 0
    return state


def forget(job):
    cache.delete(_key(job))
