from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minyi.accounts import access
from minyi.accounts.models import Role

from . import overview


@login_required
def staff_home(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN, request=request)
    return render(request, "workbench/staff_home.html", overview.for_staff(actor))


@login_required
def unit_home(request):
    actor = access.require_role(request.user, Role.UNIT_STAFF, Role.UNIT_ADMIN, request=request)
    return render(request, "workbench/unit_home.html", overview.for_unit(actor))
