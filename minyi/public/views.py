from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from minyi.accounts.access import actor_for

from . import portal


def home(request):
    return render(request, "public/home.html", portal.front_page())


@login_required
def my_home(request):
    return render(request, "public/my_home.html", {"my_items": portal.items_of(actor_for(request.user))})
