from django.shortcuts import render
from django.utils.translation import gettext as _


def refused(request, error, status=400):
    """A calm page saying what was wrong with the address, and the way back to the portal."""
    return render(request, "transparency/refused.html", {"page_title": _("This page cannot be shown"), "message": str(error)},
                  status=status)
