from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.models import Role

from . import registry, services, workbooks
from .exports import export_response
from .forms import UploadForm
from .models import ImportJob
from .progress import progress_of
from .reading import FileProblem

ROLES = (Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN)


def _staff(request):
    return access.require_role(request.user, *ROLES, request=request)


RECENT = 3


def _index_context(request, forms=None):
    mine = access.visible(request.user, ImportJob.objects.filter(uploaded_by=request.user))
    kinds = []
    for spec in registry.all_specs():
        kinds.append(
            {
                "spec": spec,
                "form": (forms or {}).get(spec.kind) or UploadForm(kind=spec.kind),
                "jobs": list(mine.filter(kind=spec.kind)[:RECENT]),
            }
        )
    return {"kinds": kinds, "worker_running": services.worker_running()}


@login_required
def index(request):
    _staff(request)
    return render(request, "transfers/index.html", _index_context(request))


@login_required
def template(request, kind):
    actor = _staff(request)
    spec = registry.get_or_404(kind)
    content, _rows = workbooks.build(spec, actor)
    response = HttpResponse(content, content_type=workbooks.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{workbooks.sheet_title(spec.title)}-{_('template')}.xlsx")
    return response


@login_required
def export(request, kind):
    _staff(request)
    spec = registry.get_or_404(kind)
    return export_response(kind, spec.whole_scope(request.user), request, filters={"scope": "all"})


@login_required
@require_POST
def upload(request, kind):
    _staff(request)
    spec = registry.get_or_404(kind)
    form = UploadForm(request.POST, request.FILES, kind=kind)
    if form.is_valid():
        try:
            job = services.start(request.user, spec.kind, form.cleaned_data["file"])
        except FileProblem as problem:
            for _row, _column, message in problem.errors:
                form.add_error("file", message)
        else:
            return redirect("transfers:job", pk=job.pk)
    context = _index_context(request, forms={kind: form})
    context["failed_kind"] = kind
    return render(request, "transfers/index.html", context, status=400)


def _job(request, pk, action="view"):
    _staff(request)
    return access.get_object(request.user, ImportJob.objects.select_related("uploaded_by"), action=action, request=request, pk=pk)


def _job_context(request, job):
    spec = registry.get(job.kind)
    return {
        "job": job,
        "spec": spec,
        "progress": progress_of(job),
        "worker_running": services.worker_running(),
        "form": UploadForm(kind=job.kind),
    }


@login_required
def job(request, pk):
    job = _job(request, pk)
    template_name = "transfers/_job_panel.html" if request.htmx else "transfers/job.html"
    return render(request, template_name, _job_context(request, job))


@login_required
@require_POST
def commit(request, pk):
    job = _job(request, pk, action="manage")
    if not services.request_commit(job):
        messages.error(request, _("This file cannot be imported: it has errors, nothing to change, or it is no longer waiting."))
    return redirect("transfers:job", pk=job.pk)


@login_required
@require_POST
def cancel(request, pk):
    job = _job(request, pk, action="manage")
    if not services.cancel(job):
        messages.error(request, _("Too late to cancel: the import is already being written or is over."))
    return redirect(reverse("transfers:job", kwargs={"pk": job.pk}))
