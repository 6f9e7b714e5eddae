from django.urls import path

from .views import triage

# The congress staff's desk (Tabler workbench).
urlpatterns = [
    path("desk/opinions/", triage.inbox, name="inbox"),
    path("desk/opinions/export/", triage.export, name="inbox_export"),
    path("desk/opinions/bulk/", triage.bulk, name="inbox_bulk"),
    path("desk/opinions/<int:pk>/", triage.detail, name="desk_detail"),
]
