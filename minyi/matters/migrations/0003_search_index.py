from django.db import migrations

INDEX = "matters_matter_search_words"


def create(apps, schema_editor):
    # PostgreSQL only: SQLite (embedded, small) matches words without an index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON matters_matter USING gin (to_tsvector('simple', search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("matters", "0002_matter_search_text_attachment_reassignmentrequest")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
