"""Background tasks (huey). In tests huey runs them immediately, inside the request."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def generate_annual_report(report_id):
    services.run(report_id)


@db_periodic_task(crontab(minute="*"))
def look_after_reports():
    services.look_after_reports()
