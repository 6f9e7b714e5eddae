from django.urls import path, register_converter

from . import views


class Format:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Format, "open311_format")

app_name = "open311"

urlpatterns = [
    path("open311/v2/services.<open311_format:fmt>", views.service_list, name="services"),
    path("open311/v2/services/<slug:service_code>.<open311_format:fmt>", views.service_definition, name="definition"),
    path("open311/v2/requests.<open311_format:fmt>", views.requests, name="requests"),
    path("open311/v2/requests/<str:service_request_id>.<open311_format:fmt>", views.request_detail, name="request"),
    path("open311/v2/tokens/<str:token>.<open311_format:fmt>", views.token, name="token"),
]
