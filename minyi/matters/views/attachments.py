"""Photos and documents are never public files: each request is checked against the viewer's
scope, or against the tracking codes this browser has proven (citizens without accounts)."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from minyi.accounts import access

from ..models import Attachment, TimelineEvent
from ..policies import registry


def _visible(request, pk):
    attachment = access.visible(request.user, Attachment.objects.filter(pk=pk)).first()
    if attachment is not None:
        return attachment
    public = Attachment.objects.filter(pk=pk, visibility=TimelineEvent.Visibility.PUBLIC).select_related("matter").first()
    if public is not None and registry.get(public.matter.kind).attachments_are_public(public.matter):
        return public
    from minyi.opinions.tracking import proven_ids

    return Attachment.objects.filter(
        pk=pk, matter_id__in=proven_ids(request), visibility=TimelineEvent.Visibility.PUBLIC
    ).first()


@require_GET
def attachment(request, pk, variant="file"):
    found = _visible(request, pk)
    if found is None:
        raise Http404
    stored = found.thumbnail if variant == "thumbnail" and found.thumbnail else found.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type or "application/octet-stream",
                            as_attachment=found.kind == Attachment.Kind.DOCUMENT, filename=found.original_name or None)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
