"""Indexes the staff inbox needs over a million matters (bench/inbox_search.py, bench/README.md).

Every inbox query carries the same conditions: kind, the actor's scope (holding congress or a
region code range) and the filters (status, category, region, channel, class, green channel);
the page shows a count capped at 10,000 for the list and for each status tab. Covering indexes
let PostgreSQL count those rows from the index alone instead of visiting up to 10,000 table rows
per count (the page with its tabs went from 0.9 s to 85 ms at p95):

- (kind, status, region_code) for a status, with or without a region;
- (kind, region_code) for a region without a status;
- green-channel matters only, in date order: a rare filter, otherwise a walk of the whole table;
- (id) with the scope's columns, for filters that arrive as matter ids (a deadline colour);
- open assignments by deadline colour, for the colour filter.

PostgreSQL only (SQLite, the embedded mode, holds thousands of matters, not millions); built
CONCURRENTLY so that adding them to a live database does not stop submissions."""

from django.db import migrations

INDEXES = {
    "matters_matter_inbox": "ON matters_matter (kind, status, region_code) "
    "INCLUDE (owner_congress_id, category, channel, handling_class, green_channel)",
    "matters_matter_inbox_region": "ON matters_matter (kind, region_code) "
    "INCLUDE (status, owner_congress_id, category, channel, handling_class, green_channel)",
    "matters_matter_inbox_green": "ON matters_matter (kind, created_at) "
    "INCLUDE (status, region_code, owner_congress_id, category, channel, handling_class) WHERE green_channel",
    "matters_matter_scope": "ON matters_matter (id) INCLUDE (kind, owner_congress_id, region_code, status, created_at)",
    "matters_assignment_open_deadline": "ON matters_assignment (deadline_state, matter_id) WHERE state IN ('assigned', 'signed')",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("matters", "0003_search_index")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
