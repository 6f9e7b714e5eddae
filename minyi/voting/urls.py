from django.urls import path

from .views import desk, documents, public, representative, tellers

app_name = "voting"
urlpatterns = [
    path("desk/votes/", desk.desk_list, name="desk_list"),
    path("desk/votes/new/", desk.desk_new, name="desk_new"),
    path("desk/votes/<int:pk>/", desk.desk_detail, name="desk_detail"),
    path("desk/votes/<int:pk>/edit/", desk.desk_edit, name="desk_edit"),
    path("desk/votes/<int:pk>/turnout/", desk.desk_turnout, name="desk_turnout"),
    path("desk/votes/<int:pk>/electorate/", desk.desk_electorate, name="desk_electorate"),
    path("desk/votes/<int:pk>/paper/", tellers.paper_entry, name="paper_entry"),
    path("desk/votes/<int:pk>/ballots.pdf", documents.paper_ballots, name="paper_ballots_pdf"),
    path("desk/votes/<int:pk>/result.pdf", documents.result_pdf, name="result_pdf"),
    path("desk/votes/<int:pk>/result.xlsx", documents.result_xlsx, name="result_xlsx"),
    path("desk/votes/<int:pk>/audit.json", documents.audit_json, name="audit_json"),
    path("rep/votes/", representative.rep_list, name="rep_list"),
    path("rep/votes/<int:pk>/", representative.rep_detail, name="rep_detail"),
    path("public/votes/<int:pk>/", public.public_detail, name="public_detail"),
]
