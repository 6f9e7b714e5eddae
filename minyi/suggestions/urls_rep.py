from django.urls import path

from .views import representative

# The representative's phone pages.
urlpatterns = [
    path("rep/suggestions/", representative.rep_list, name="rep_list"),
    path("rep/suggestions/new/", representative.rep_new, name="rep_new"),
    path("rep/suggestions/<int:pk>/", representative.rep_detail, name="rep_detail"),
]
