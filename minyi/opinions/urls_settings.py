from django.urls import path

from .views import settings

# Categories and each congress's deadlines per category (desk).
urlpatterns = [
    path("desk/opinions/settings/", settings.page, name="settings"),
    path("desk/opinions/settings/categories/add/", settings.category_add, name="settings_category_add"),
    path("desk/opinions/settings/categories/<int:pk>/", settings.category_edit, name="settings_category_edit"),
    path("desk/opinions/settings/categories/<int:pk>/active/", settings.category_toggle, name="settings_category_toggle"),
    path("desk/opinions/settings/rows/add/", settings.row_add, name="settings_row_add"),
    path("desk/opinions/settings/rows/<int:pk>/", settings.row_edit, name="settings_row_edit"),
    path("desk/opinions/settings/rows/<int:pk>/delete/", settings.row_delete, name="settings_row_delete"),
]
