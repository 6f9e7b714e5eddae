from django.urls import path

from . import views

app_name = "annual_reports"
urlpatterns = [
    path("desk/annual-report/", views.index, name="index"),
    path("desk/annual-report/<int:pk>/", views.report, name="report"),
    path("desk/annual-report/<int:pk>/<slug:fmt>/", views.download, name="download"),
]
