from django.urls import include, path

app_name = "suggestions"

# The representative's phone pages, the staff desk, the units' desk and the public pages each keep
# their own list.
urlpatterns = [
    path("", include("minyi.suggestions.urls_rep")),
    path("", include("minyi.suggestions.urls_desk")),
    path("", include("minyi.suggestions.urls_unit")),
    path("", include("minyi.suggestions.urls_public")),
]
