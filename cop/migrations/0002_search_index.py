"""Full-text index of published posts: a stored tsvector with a GIN index on PostgreSQL, an FTS5
table on SQLite; both kept in step by triggers, so every writer updates them."""

from django.db import migrations

PG_FORWARD = """
ALTER TABLE cop_post ADD COLUMN search_vector tsvector;
CREATE FUNCTION cop_post_search_vector() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'published' THEN
    NEW.search_vector :=
      setweight(to_tsvector('english', CASE WHEN NEW.is_opening THEN
        coalesce((SELECT title FROM cop_thread WHERE id = NEW.thread_id), '') ELSE '' END), 'A')
      || setweight(to_tsvector('english', NEW.body), 'B');
  ELSE
    NEW.search_vector := NULL;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cop_post_search_vector BEFORE INSERT OR UPDATE OF body, status, is_opening, thread_id
  ON cop_post FOR EACH ROW EXECUTE FUNCTION cop_post_search_vector();
CREATE FUNCTION cop_thread_title_search() RETURNS trigger AS $$
BEGIN
  UPDATE cop_post SET body = body WHERE thread_id = NEW.id AND is_opening;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cop_thread_title_search AFTER UPDATE OF title ON cop_thread FOR EACH ROW
  WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION cop_thread_title_search();
UPDATE cop_post SET body = body WHERE status = 'published';
CREATE INDEX cop_post_search_vector_gin ON cop_post USING GIN (search_vector);
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS cop_thread_title_search ON cop_thread;
DROP FUNCTION IF EXISTS cop_thread_title_search();
DROP TRIGGER IF EXISTS cop_post_search_vector ON cop_post;
DROP FUNCTION IF EXISTS cop_post_search_vector();
ALTER TABLE cop_post DROP COLUMN IF EXISTS search_vector;
"""

_SQLITE_TITLE = (
    "CASE WHEN new.is_opening THEN "
    "coalesce((SELECT title FROM cop_thread WHERE id = new.thread_id), '') ELSE '' END"
)
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE cop_post_search USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER cop_post_search_ai AFTER INSERT ON cop_post WHEN new.status = 'published' "
    f"BEGIN INSERT INTO cop_post_search(rowid, title, body) VALUES (new.id, {_SQLITE_TITLE}, "
    "new.body); END",
    "CREATE TRIGGER cop_post_search_ad AFTER DELETE ON cop_post "
    "BEGIN DELETE FROM cop_post_search WHERE rowid = old.id; END",
    "CREATE TRIGGER cop_post_search_au AFTER UPDATE OF body, status, is_opening, thread_id "
    "ON cop_post BEGIN DELETE FROM cop_post_search WHERE rowid = old.id; "
    f"INSERT INTO cop_post_search(rowid, title, body) SELECT new.id, {_SQLITE_TITLE}, new.body "
    "WHERE new.status = 'published'; END",
    "CREATE TRIGGER cop_thread_search_au AFTER UPDATE OF title ON cop_thread "
    "WHEN old.title IS NOT new.title "
    "BEGIN UPDATE cop_post SET body = body WHERE thread_id = new.id AND is_opening; END",
    "INSERT INTO cop_post_search(rowid, title, body) SELECT p.id, "
    "CASE WHEN p.is_opening THEN t.title ELSE '' END, p.body FROM cop_post p "
    "JOIN cop_thread t ON t.id = p.thread_id WHERE p.status = 'published'",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cop_thread_search_au",
    "DROP TRIGGER IF EXISTS cop_post_search_au",
    "DROP TRIGGER IF EXISTS cop_post_search_ad",
    "DROP TRIGGER IF EXISTS cop_post_search_ai",
    "DROP TABLE IF EXISTS cop_post_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return
        for sql in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(sql, params=None)

    return run


def forget_wagtail_entries(apps, schema_editor):
    """Threads and posts are no longer in Wagtail's own index; drop their old entries."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    types = ContentType.objects.filter(app_label="cop", model__in=["thread", "post"])
    IndexEntry.objects.filter(content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.RunPython(forget_wagtail_entries, migrations.RunPython.noop),
    ]
