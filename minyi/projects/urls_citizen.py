from django.urls import path

from .views import citizen, proposing

# Citizens' H5 pages (no account), the representatives' phone pages and the departments' desk pages
# for proposing livelihood-project ideas.
urlpatterns = [
    path("p/new/", citizen.propose, name="propose"),
    path("p/new/<int:year_pk>/", citizen.propose, name="propose"),  # from a year's public page: that year chosen
    path("p/track/", citizen.track, name="proposal_track"),
    path("p/<str:code>/sent/", citizen.sent, name="proposal_sent"),
    path("p/<str:code>/", citizen.detail, name="proposal_detail"),
    path("rep/projects/propose/", proposing.rep_propose, name="rep_propose"),
    path("rep/projects/ideas/", proposing.rep_ideas, name="rep_ideas"),
    path("unit/projects/propose/", proposing.unit_propose, name="unit_propose"),
    path("unit/projects/ideas/", proposing.unit_ideas, name="unit_ideas"),
]
