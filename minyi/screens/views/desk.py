"""The staff's list of big screens: issue one (its URL and QR code shown once), revoke one. Staff see
and touch only the screens of their congresses' regions; others' are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import qr

from .. import services
from ..forms import DisplayTokenForm, attach_service_errors

LIST_LIMIT = 200


def _desk(request):
    # Leaders read the figures on their own pages; issuing screens is the staff's work.
    return access.require_role(request.user, Role.CONGRESS_STAFF, request=request)


@login_required
def desk_list(request):
    _desk(request)
    now = timezone.now()
    tokens = services.visible(request.user).select_related("region", "created_by")[:LIST_LIMIT]
    rows = [{"token": token, "on_air": services.is_on_air(token, now)} for token in tokens]
    return render(request, "screens/desk/list.html", {"rows": rows, "page_title": _("Big screens")})


@login_required
@sensitive_variables("key")
def desk_new(request):
    _desk(request)
    form = DisplayTokenForm(request.POST or None, region_options=services.region_options(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                token, key = services.issue(request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                return _issued(request, token, key)
    return render(request, "screens/desk/new.html", {"form": form, "page_title": _("New big screen")}, status=status)


def _issued(request, token, key):
    """The screen's URL and QR code, in the answer to the POST that made them and nowhere else."""
    url = qr.absolute_url(reverse("screens:screen", kwargs={"key": key}))
    response = render(request, "screens/desk/issued.html",
                      {"token": token, "url": url, "qr_svg": qr.svg(url, scale=5), "page_title": _("New big screen")})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def desk_revoke(request, pk):
    _desk(request)
    token = get_object_or_404(services.visible(request.user), pk=pk)
    if token.revoked_at is not None:
        messages.info(request, _("That screen was already switched off."))
    else:
        services.revoke(request.user, token)
        messages.success(request, _("The screen %(name)s is switched off; it now says so instead of showing figures.") % {"name": token.name})
    return redirect("screens:desk_list")
