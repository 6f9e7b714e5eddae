"""The handling units' pages for suggestions, under /unit/suggestions/, and the unit scoring pages
for the congress's staff and leaders, under /desk/suggestions/scoring/."""

from django.urls import path

from .views import scoring, unit

urlpatterns = [
    path("unit/suggestions/", unit.unit_list, name="unit_list"),
    path("unit/suggestions/<int:pk>/", unit.unit_detail, name="unit_detail"),
    path("unit/suggestions/<int:pk>/reply-letter.docx", unit.unit_letter, name="unit_letter"),
    path("desk/suggestions/scoring/", scoring.ranking, name="scoring"),
    path("desk/suggestions/scoring/unit/<int:unit_id>/", scoring.unit_items, name="scoring_unit"),
    path("desk/suggestions/scoring/settings/", scoring.settings, name="scoring_settings"),
]
