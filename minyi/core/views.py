from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from . import health


@never_cache
def healthz(request):
    result = health.report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request's context processors: one of them may be what failed.
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
