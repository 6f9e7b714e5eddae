from django.urls import include, path

app_name = "opinions"

# Citizens' and representatives' phone pages, the staff desk, and the settings pages each keep
# their own list.
urlpatterns = [
    path("", include("minyi.opinions.urls_citizen")),
    path("", include("minyi.opinions.urls_desk")),
    path("", include("minyi.opinions.urls_settings")),
]
