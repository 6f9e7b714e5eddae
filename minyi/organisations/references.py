"""What still refers to a row, so that deleting it can be refused with a reason instead of
either failing on a database constraint or, worse, cascading through history."""

from django.utils.text import capfirst
from django.utils.translation import pgettext


def references_to(obj, *, owned=()):
    """(plural name, count) for every kind of row that refers to `obj`.

    `owned` names models whose rows are parts of `obj` (a station's timetable) and go with it.
    Every foreign key counts whatever its on_delete says: a cascade from a later app must not
    silently delete that app's records."""
    found = []
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        model = relation.related_model
        if model in owned or model._meta.auto_created:
            # Auto-created models are many-to-many link tables, counted through their relation.
            continue
        count = model._base_manager.filter(**{relation.field.name: obj}).count()
        if count:
            found.append((capfirst(model._meta.verbose_name_plural), count))
    return found


def describe_references(references):
    return pgettext("list separator", ", ").join(f"{name}: {count}" for name, count in references)
