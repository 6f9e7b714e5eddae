"""Which opinions this browser has proven it may follow: after a citizen enters a tracking code
(and the phone digits) the matter's id is kept in their session, so the tracking page, its
photos and the evaluation form do not ask again. Nothing else is remembered."""

SESSION_KEY = "minyi_tracked_matters"
LIMIT = 20


def remember(request, matter):
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != matter.pk]
    request.session[SESSION_KEY] = [matter.pk, *ids][:LIMIT]


def proven_ids(request):
    return set(request.session.get(SESSION_KEY, [])) if hasattr(request, "session") else set()


def is_proven(request, matter):
    return matter.pk in proven_ids(request)
