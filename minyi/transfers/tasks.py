"""Background tasks (huey). In tests huey runs them immediately, inside the request."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def validate_import(job_id):
    services.run_check(job_id)


@db_task()
def commit_import(job_id):
    services.run_commit(job_id)


@db_periodic_task(crontab(minute="*"))
def look_after_imports():
    services.look_after_jobs()
