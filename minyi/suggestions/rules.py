"""Who may see a suggestion's own rows. The matter's scope (minyi/matters/rules.py) decides; co-signers
reach the matter through the hook registered here, and a unit sees only the contacts of its own
assignments."""

from django.db.models import Q

from minyi.accounts import access
from minyi.matters import rules as matter_rules

from .models import Contact, KeySuggestion, ReplyLetter, Signer, Suggestion


@matter_rules.register_representative_matters
def signed_matters(representative_ids):
    return Signer.objects.filter(representative_id__in=representative_ids).exclude(state=Signer.State.DECLINED).values("suggestion_id")


def _matters(actor):
    from minyi.matters.models import Matter

    return access.visible(actor.user, Matter.objects.filter(kind="suggestion")).values("pk")


@access.scope(Suggestion)
@access.scope(KeySuggestion)
def suggestions_in_scope(actor, queryset):
    field = "pk" if queryset.model is Suggestion else "suggestion_id"
    return queryset.filter(**{f"{field}__in": _matters(actor)})


@access.scope(Signer)
def signers_in_scope(actor, queryset):
    return queryset.filter(suggestion_id__in=_matters(actor))


@access.scope(ReplyLetter)
def letters_in_scope(actor, queryset):
    return queryset.filter(reply__matter_id__in=_matters(actor))


@access.scope(Contact)
def contacts_in_scope(actor, queryset):
    query = Q(assignment__matter_id__in=_matters(actor))
    if not (actor.is_system_admin or actor.is_congress_staff) and actor.unit_ids:
        return queryset.filter(query, Q(assignment__unit_id__in=actor.unit_ids) | Q(representative_id__in=actor.representative_ids))
    return queryset.filter(query)
