from django.urls import path

from .views import attachments, documents, unit

app_name = "matters"

urlpatterns = [
    path("attachments/<int:pk>/", attachments.attachment, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", attachments.attachment, {"variant": "thumbnail"}, name="attachment_thumbnail"),
    # The handling unit's desk.
    path("unit/", unit.unit_inbox, name="unit_inbox"),
    path("unit/assignments/<int:pk>/", unit.unit_assignment, name="unit_assignment"),
    # Assignment sheets (交办单).
    path("assignments/<int:pk>/sheet.docx", documents.sheet_docx, name="assignment_sheet_docx"),
    path("assignments/<int:pk>/sheet.pdf", documents.sheet_pdf, name="assignment_sheet_pdf"),
    path("assignments/sheets.docx", documents.sheets_docx, name="assignment_sheets_docx"),
]
