from django.urls import path

from .views import public, reports

urlpatterns = [
    path("public/suggestions/", public.public_list, name="public_list"),
    path("public/suggestions/<int:pk>/", public.public_detail, name="public_detail"),
    path("public/suggestions/<int:pk>/letters/<int:reply_pk>/", public.public_letter, name="public_letter"),
    path("desk/suggestions/report/", reports.report, name="report"),
    path("desk/suggestions/report/<str:fmt>/", reports.download, name="report_download"),
]
