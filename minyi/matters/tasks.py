from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from minyi.audit.context import acting


@db_periodic_task(crontab(minute="*/10"))
def deadline_sweep():
    from . import deadlines, services

    with acting(source="worker"):
        deadlines.sweep()
        services.auto_close_unevaluated()
