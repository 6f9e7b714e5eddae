"""The congress staff's desk for suggestions, under /desk/suggestions/."""

from django.urls import path

from .views import desk, desk_detail, desk_meeting, desk_settings

urlpatterns = [
    path("desk/suggestions/", desk.desk_list, name="desk_list"),
    path("desk/suggestions/export.xlsx", desk.desk_export, name="desk_export"),
    path("desk/suggestions/new/", desk_settings.desk_new, name="desk_new"),
    path("desk/suggestions/<int:pk>/", desk_detail.desk_detail, name="desk_detail"),
    path("desk/suggestions/meeting/", desk_meeting.desk_meeting, name="desk_meeting"),
    path("desk/suggestions/meeting/assign/", desk_meeting.desk_meeting_assign, name="desk_meeting_assign"),
    path("desk/suggestions/meeting/<int:pk>/plan/", desk_meeting.desk_meeting_plan, name="desk_meeting_plan"),
    path("desk/suggestions/meeting/sheets.docx", desk_meeting.desk_meeting_docx, name="desk_meeting_docx"),
    path("desk/suggestions/meeting/sheets.pdf", desk_meeting.desk_meeting_pdf, name="desk_meeting_pdf"),
    path("desk/suggestions/meeting/list.xlsx", desk_meeting.desk_meeting_xlsx, name="desk_meeting_xlsx"),
    path("desk/suggestions/key/", desk.desk_key, name="desk_key"),
    path("desk/suggestions/follow-up/", desk.desk_followup, name="desk_followup"),
    path("desk/suggestions/follow-up/roll-over/", desk.desk_roll_over, name="desk_roll_over"),
    path("desk/suggestions/follow-up/renumber/", desk.desk_renumber, name="desk_renumber"),
    path("desk/suggestions/settings/", desk_settings.desk_settings, name="desk_settings"),
]
