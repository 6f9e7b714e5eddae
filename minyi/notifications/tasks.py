from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def deliver_task(delivery_ids):
    return services.deliver(delivery_ids)


@db_periodic_task(crontab(minute="*"))
def sweep_notifications():
    return services.sweep()
