from django.urls import include, path

app_name = "projects"

# Citizens', representatives' and departments' idea pages, the units' project desk, the public pages
# and the congress staff's desk each keep their own list.
urlpatterns = [
    path("", include("minyi.projects.urls_citizen")),
    path("", include("minyi.projects.urls_unit")),
    path("", include("minyi.projects.urls_public")),
    path("", include("minyi.projects.urls_desk")),
]
