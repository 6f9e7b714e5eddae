from django.urls import include, path

app_name = "duty"

# The staff's desk and the representatives' phone pages keep their own lists.
urlpatterns = [
    path("", include("minyi.duty.urls_desk")),
    path("", include("minyi.duty.urls_rep")),
]
