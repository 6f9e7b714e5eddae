"""Who may see an import job: the person who uploaded it (and system administrators)."""

from minyi.accounts import access

from .models import ImportJob


@access.scope(ImportJob)
def own_jobs(actor, queryset):
    if actor.is_system_admin:
        return queryset
    if actor.user is None:
        return queryset.none()
    return queryset.filter(uploaded_by=actor.user)


@access.rule(ImportJob, "manage")
def may_manage_job(actor, job):
    return actor.is_system_admin or (actor.user is not None and job.uploaded_by_id == actor.user.pk)
