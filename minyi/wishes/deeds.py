"""The micro-wishes a representative fulfilled, for their archive (一人一档): one record per wish
they claimed whose receipt was confirmed, dated on the confirmation. A unit's or a volunteer's
wish counts for no representative. Registered as an archive source in apps.py."""

import datetime

from django.utils import timezone

from minyi.duty import archive
from minyi.duty.models import Measure

from .models import Wish


def fulfilled_wishes(representative_ids, start, end):
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    wishes = (Wish.objects.filter(state=Wish.State.CONFIRMED, claimer_representative_id__in=representative_ids,
                                  confirmed_at__gte=since, confirmed_at__lt=until)
              .select_related("region").only("pk", "title", "confirmed_at", "claimer_representative_id", "region__name"))
    for wish in wishes:
        yield archive.Record(wish.claimer_representative_id, Measure.WISH_FULFILLED, timezone.localdate(wish.confirmed_at), wish.title,
                             detail=wish.region.name, link=("wishes:claim_detail", (wish.pk,)), key=f"wish:{wish.pk}")
