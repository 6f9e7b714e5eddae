from django.urls import include, path

app_name = "duty"

# Each part of the app keeps its own list; all share the app_name "duty".
urlpatterns = [
    path("", include("minyi.duty.urls_desk")),
    path("", include("minyi.duty.urls_rep")),
    path("", include("minyi.duty.urls_archive")),
    path("", include("minyi.duty.urls_reception")),
    path("", include("minyi.duty.urls_report_back")),
    path("", include("minyi.duty.urls_evaluation")),
]
