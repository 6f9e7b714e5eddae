from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minyi.accounts import access
from minyi.accounts.models import Role

from .models import Representative


@login_required
def home(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    people = list(Representative.objects.filter(pk__in=actor.representative_ids))
    return render(request, "representatives/home.html", {"people": people})
