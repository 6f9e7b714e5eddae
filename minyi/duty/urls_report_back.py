from django.urls import path

from .views import report_back

# Reports back (述职): the staff's desk, the representative's phone, the photos and the public page;
# minyi/duty/urls.py gives them the app_name "duty".
urlpatterns = [
    path("desk/duty/reports-back/", report_back.desk_reports_back, name="desk_reports_back"),
    path("desk/duty/reports-back/new/", report_back.desk_report_back_new, name="desk_report_back_new"),
    path("desk/duty/reports-back/<int:pk>/", report_back.desk_report_back, name="desk_report_back"),
    path("desk/duty/reports-back/<int:pk>/edit/", report_back.desk_report_back_edit, name="desk_report_back_edit"),
    path("rep/duty/reports-back/", report_back.rep_reports_back, name="rep_reports_back"),
    path("rep/duty/reports-back/new/", report_back.rep_report_back_new, name="rep_report_back_new"),
    path("rep/duty/reports-back/<int:pk>/", report_back.rep_report_back, name="rep_report_back"),
    path("rep/duty/reports-back/<int:pk>/edit/", report_back.rep_report_back_edit, name="rep_report_back_edit"),
    path("duty/report-photos/<int:pk>/", report_back.report_back_photo, name="report_back_photo"),
    path("duty/report-photos/<int:pk>/thumbnail/", report_back.report_back_photo, {"variant": "thumbnail"}, name="report_back_thumbnail"),
    path("duty/reports-back/<int:pk>/", report_back.public_report_back, name="public_report_back"),
]
