from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from minyi.accounts import access
from minyi.accounts.models import Role

from . import queries
from .forms import AuditFilterForm
from .models import AuditEntry


@login_required
def entry_list(request):
    access.require_role(request.user, Role.SYSTEM_ADMIN, request=request)
    form = AuditFilterForm(request.GET or None)
    entries = queries.search(form.cleaned_data if form.is_valid() else {})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def entry_detail(request, pk):
    access.require_role(request.user, Role.SYSTEM_ADMIN, request=request)
    entry = access.get_object(request.user, AuditEntry.objects.select_related("actor"), pk=pk)
    return render(request, "audit/detail.html", {"entry": entry})
