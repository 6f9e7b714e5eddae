"""The responsible units' desk for the livelihood projects they carry out, under /unit/projects/.
(The units' pages for proposing ideas, unit_propose and unit_ideas, live in urls_citizen.py.)"""

from django.urls import path

from .views import unit

urlpatterns = [
    path("unit/projects/", unit.unit_list, name="unit_list"),
    path("unit/projects/<int:pk>/", unit.unit_detail, name="unit_detail"),
    path("unit/projects/assignment/<int:pk>/", unit.unit_assignment, name="unit_assignment"),
]
