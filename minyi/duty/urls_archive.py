from django.urls import path

from .views import archive

urlpatterns = [
    path("rep/duty/archive/", archive.rep_archive, name="rep_archive"),
    path("rep/duty/archive.pdf", archive.rep_archive_pdf, name="rep_archive_pdf"),
    path("rep/duty/archive/add/", archive.rep_self_report_new, name="rep_self_report_new"),
    path("desk/duty/representatives/<int:pk>/archive/", archive.desk_archive, name="desk_archive"),
    path("desk/duty/representatives/<int:pk>/archive.pdf", archive.desk_archive_pdf, name="desk_archive_pdf"),
    path("desk/duty/confirmations/", archive.desk_self_reports, name="desk_self_reports"),
]
