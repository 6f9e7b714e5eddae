from django.urls import path

from .views import citizen, claimer, desk, public

app_name = "wishes"

# /w/new/ is where a station's QR code can lead (?station=<code>); /w/<code>/ is the tracking page.
urlpatterns = [
    path("w/new/", citizen.new, name="new"),
    path("w/track/", citizen.track, name="track"),
    path("w/claims/", claimer.my_claims, name="my_claims"),
    path("w/claims/<int:pk>/", claimer.claim_detail, name="claim_detail"),
    path("w/photos/<int:pk>/", citizen.photo, name="photo"),
    path("w/photos/<int:pk>/thumbnail/", citizen.photo, {"variant": "thumbnail"}, name="photo_thumbnail"),
    path("w/<str:code>/sent/", citizen.sent, name="sent"),
    path("w/<str:code>/", citizen.detail, name="detail"),
    path("wishes/", public.wall, name="wall"),
    path("wishes/<int:pk>/", public.public_detail, name="public_detail"),
    path("rep/wishes/", claimer.rep_list, name="rep_list"),
    path("unit/wishes/", claimer.unit_list, name="unit_list"),
    path("unit/wishes/<int:pk>/", claimer.unit_detail, name="unit_detail"),
    path("desk/wishes/", desk.desk_list, name="desk_list"),
    path("desk/wishes/new/", desk.desk_new, name="desk_new"),
    path("desk/wishes/<int:pk>/", desk.desk_detail, name="desk_detail"),
]
