from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from minyi.api.urls import api

handler403 = "minyi.core.views.permission_denied"
handler404 = "minyi.core.views.page_not_found"
handler500 = "minyi.core.views.server_error"

urlpatterns = [
    path("", include("minyi.core.urls")),
    path("", include("minyi.public.urls")),
    path("workbench/", include("minyi.workbench.urls")),
    path("", include("minyi.representatives.urls")),
    path("", include("minyi.organisations.urls")),
    path("", include("minyi.regions.urls")),
    path("transfers/", include("minyi.transfers.urls")),
    path("workdays/", include("minyi.workdays.urls")),
    path("notifications/", include("minyi.notifications.urls")),
    path("matters/", include("minyi.matters.urls")),
    path("", include("minyi.opinions.urls")),
    path("", include("minyi.suggestions.urls")),
    path("", include("minyi.voting.urls")),
    path("", include("minyi.projects.urls")),
    path("", include("minyi.duty.urls")),
    path("", include("minyi.wishes.urls")),
    path("", include("minyi.open311.urls")),
    path("", include("minyi.transparency.urls")),
    path("", include("minyi.screens.urls")),
    path("", include("minyi.annual_reports.urls")),
    path("", include("minyi.cockpit.urls")),
    path("accounts/", include("minyi.accounts.urls")),
    path("audit/", include("minyi.audit.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
