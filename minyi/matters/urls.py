from django.urls import path

from .views import attachments

app_name = "matters"

urlpatterns = [
    path("attachments/<int:pk>/", attachments.attachment, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", attachments.attachment, {"variant": "thumbnail"}, name="attachment_thumbnail"),
]
