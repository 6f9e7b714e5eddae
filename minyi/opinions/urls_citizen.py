from django.urls import path

from .views import citizen, representative

# Citizens' and representatives' phone pages. /o/new/ is where the station and representative
# QR codes lead (?station=<code>, ?rep=<code>); /o/<code>/ is the tracking page.
urlpatterns = [
    path("o/new/", citizen.new, name="new"),
    path("o/regions/", citizen.region_options, name="region_options"),
    path("o/track/", citizen.track, name="track"),
    path("o/mine/", citizen.mine, name="mine"),
    path("o/<str:code>/sent/", citizen.sent, name="sent"),
    path("o/<str:code>/", citizen.detail, name="detail"),
    path("rep/opinions/", representative.inbox, name="rep_inbox"),
    path("rep/opinions/<int:pk>/", representative.detail, name="rep_detail"),
]
