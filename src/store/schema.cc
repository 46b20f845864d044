// The schema, version by version. Never edit a migration that has shipped:
// add the next one. See schema.h.
//
// Article layer: articles (one row per distinct raw input, keyed by its
// XXH3-128 hash), their actor mentions and places, events with every field
// of the record (the record itself as JSON, the fields that filter as
// columns), claims with their claimer, and evidence spans (clean and raw
// offsets and the rule) per event field.
//
// Fused layer (brought up to date by fusion whenever it is stale): stories and their
// member articles (with why each belongs), fused events with their counts
// and the article events they merge, an R*Tree over fused event coordinates
// and an FTS5 index over article text.
//
// Freshness of the fused layer (version 2): `meta` holds
// `articles_generation`, bumped by every article written in that article's
// transaction, and `fused_generation`, the articles generation the stored
// fused layer was computed from, set in the transaction that stores a
// complete fusion. While they differ the layer is stale or missing (a
// fusion killed, out of disk or locked out before its commit) and the next
// `vigie ingest` or `vigie fuse` rebuilds it.
//
// Version 3 adds what the exports read: articles.published_rule,
// places.admin1_code and events.in_lead (and, in the event records, the
// keys `lead` and `place.admin1_code`; whole counts written as integers).
//
// Version 4 adds the filter columns of the fused layer: the PLOVER type, ACLED
// event type, modality, background flag, GeoNames id and reported
// fatalities of each fused event, copied from its summary (kFusedColumnsSql,
// run again by every ReplaceFusedLayer), so that the API filters, sorts and
// groups on narrow rows without reading JSON.
//
// Version 5 keeps what lets a fusion add new articles to the stored layer
// instead of rebuilding it (fuse/update.cc): the day of each article and
// the days of each event as fusion compares them (event_days), indexed by
// root and day; the copies it confirmed; and, in meta, `fused_options`,
// the options the layer was computed with.
//
// Version 6 indexes the fused events for the API's filters (covering
// indexes on the dates and on the country with every filter column, and
// latitude and longitude for bounding boxes); the R*Tree is still written.
//
// Version 7 gives PostgreSQL the text index SQLite has had since version 1
// (FTS5): a GIN index over to_tsvector('vigie_text', title and text), the
// expression the API's text filter reads (VIGIE_ARTICLE_TSVECTOR in
// schema.h: ASCII punctuation made white space, so that the words of a URL
// are words, as FTS5 has them). Nothing changes on SQLite.
#include "store/schema.h"

#include <string>

namespace vigie::store {

// Reported fatalities are the lowest figure of killed that any claim gives
// (ACLED's conservative rule); an event whose claims give no figure has
// none (NULL), which is not the same as 0.
#define VIGIE_FUSED_COLUMNS_SQL \
  "UPDATE fused_events SET (plover, acled_type, modality, background, geonames_id, fatalities) = (\n" \
  "  SELECT json_extract(r.summary, '$.plover'), json_extract(r.summary, '$.acled.event_type'),\n" \
  "         json_extract(r.summary, '$.modality'), coalesce(json_extract(r.summary, '$.background'), 0),\n" \
  "         json_extract(r.summary, '$.place.geonames_id'),\n" \
  "         (SELECT min(json_extract(c.value, '$.value')) FROM json_each(r.summary, '$.claims') c\n" \
  "          WHERE json_extract(c.value, '$.quantity') = 'killed' AND json_extract(c.value, '$.value') IS NOT NULL)\n" \
  "  FROM fused_records r WHERE r.id = fused_events.id)\n"

// PostgreSQL: the summary as jsonb; a JSON true is SQLite's 1.
#define VIGIE_FUSED_COLUMNS_POSTGRES \
  "UPDATE fused_events SET (plover, acled_type, modality, background, geonames_id, fatalities) = (\n" \
  "  SELECT r.summary::jsonb->>'plover', r.summary::jsonb#>>'{acled,event_type}',\n" \
  "         r.summary::jsonb->>'modality',\n" \
  "         CASE WHEN jsonb_typeof(r.summary::jsonb->'background') = 'boolean'\n" \
  "              THEN (r.summary::jsonb->>'background')::boolean::int\n" \
  "              ELSE coalesce((r.summary::jsonb->>'background')::numeric::int, 0) END,\n" \
  "         (r.summary::jsonb#>>'{place,geonames_id}')::bigint,\n" \
  "         (SELECT min((c->>'value')::double precision) FROM jsonb_array_elements(\n" \
  "            CASE WHEN jsonb_typeof(r.summary::jsonb->'claims') = 'array' THEN r.summary::jsonb->'claims'\n" \
  "                 ELSE '[]'::jsonb END) c\n" \
  "          WHERE c->>'quantity' = 'killed' AND jsonb_typeof(c->'value') = 'number')\n" \
  "  FROM fused_records r WHERE r.id = fused_events.id)\n"

namespace {

constexpr Migration kMigrations[] = {
    {1, "articles, events, claims, evidence; stories and fused events; R*Tree and FTS5", R"sql(
CREATE TABLE articles (
  id          INTEGER PRIMARY KEY,
  doc_id      TEXT NOT NULL,            -- the reader's id: file stem, JSON id, WARC record id
  raw_hash    TEXT NOT NULL UNIQUE,     -- XXH3-128 of the raw bytes, hex: the idempotency key
  url         TEXT,
  path        TEXT,
  published   TEXT,                     -- YYYY-MM-DD
  language    TEXT,
  title       TEXT,
  outlet      TEXT,
  agency      TEXT,
  byline      TEXT,
  text        TEXT NOT NULL,            -- the clean text all spans refer to
  raw_size    INTEGER NOT NULL,
  minhash     BLOB,                     -- fusion signature (128 x uint32)
  story_id    INTEGER,                  -- the story it belongs to (fused layer)
  ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE actors (                   -- actor mentions of an article
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text TEXT NOT NULL, kind TEXT NOT NULL, code TEXT, country TEXT, sector TEXT,
  begin INTEGER NOT NULL, end INTEGER NOT NULL, raw_begin INTEGER, raw_end INTEGER, rule TEXT
);
CREATE INDEX actors_article ON actors(article_id);

CREATE TABLE places (                   -- place mentions of an article, resolved
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text TEXT NOT NULL, geonames_id INTEGER, code TEXT, name TEXT, admin1 TEXT, country TEXT,
  lat REAL, lon REAL, precision TEXT,
  begin INTEGER NOT NULL, end INTEGER NOT NULL, raw_begin INTEGER, raw_end INTEGER, rule TEXT
);
CREATE INDEX places_article ON places(article_id);

CREATE TABLE events (                   -- one coded event of one article
  id             INTEGER PRIMARY KEY,
  article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL,      -- 1-based, as in the record id "doc#n"
  cameo TEXT NOT NULL, root TEXT NOT NULL, plover TEXT, acled_type TEXT, acled_subtype TEXT,
  quad_class INTEGER, goldstein REAL,
  source_name TEXT, source_country TEXT, source_sector TEXT, source_group TEXT,
  target_name TEXT, target_country TEXT, target_sector TEXT, target_group TEXT,
  place_id       INTEGER REFERENCES places(id),
  earliest TEXT, latest TEXT,
  modality TEXT NOT NULL, claimed_by TEXT, background INTEGER NOT NULL, confidence REAL,
  sentence_begin INTEGER, sentence_end INTEGER,
  record         TEXT NOT NULL,         -- the event record of `vigie code`, as JSON
  UNIQUE (article_id, ordinal)
);
CREATE INDEX events_root ON events(root, earliest);

CREATE TABLE claims (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  quantity TEXT NOT NULL, value REAL, qualifier TEXT NOT NULL, claimed_by TEXT,
  begin INTEGER, end INTEGER, raw_begin INTEGER, raw_end INTEGER, rule TEXT
);
CREATE INDEX claims_event ON claims(event_id);

CREATE TABLE evidence (                 -- every field's span, per article event
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  field      TEXT NOT NULL,             -- trigger, source, target, place, date, claimed_by, claim, sentence
  begin INTEGER NOT NULL, end INTEGER NOT NULL, raw_begin INTEGER, raw_end INTEGER,
  rule TEXT NOT NULL
);
CREATE INDEX evidence_event ON evidence(event_id);

CREATE TABLE stories (
  id            INTEGER PRIMARY KEY,    -- the smallest member article id: stable across rebuilds
  article_count INTEGER NOT NULL,
  title         TEXT
);
CREATE TABLE story_members (
  story_id   INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  reason     TEXT NOT NULL,             -- first, near_duplicate, same_events
  similarity REAL,                      -- near_duplicate: Jaccard of word 5-grams with `via`;
                                        -- same_events: the number of fused events shared with `via`
  via        INTEGER,                   -- that article
  PRIMARY KEY (story_id, article_id)
);

CREATE TABLE fused_events (
  id             INTEGER PRIMARY KEY,   -- the smallest member event id: stable across rebuilds
  cameo TEXT NOT NULL, root TEXT NOT NULL,
  earliest TEXT, latest TEXT,
  place_name TEXT, place_country TEXT, lat REAL, lon REAL, precision TEXT,
  source_country TEXT, target_country TEXT, source_group TEXT, target_group TEXT,
  actors         TEXT,                  -- source and target names and codes, for the actor filter
  story_id       INTEGER,
  mentions INTEGER NOT NULL, articles INTEGER NOT NULL, sources INTEGER NOT NULL
);
CREATE INDEX fused_date ON fused_events(earliest, latest);
CREATE INDEX fused_place_country ON fused_events(place_country, earliest);
CREATE TABLE fused_records (            -- apart, so that filtering reads narrow rows
  id      INTEGER PRIMARY KEY,          -- = fused_events.id
  summary TEXT NOT NULL,                -- the record without evidence (lists)
  record  TEXT NOT NULL                 -- the full fused record with every contribution
);
CREATE TABLE fused_members (
  fused_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL UNIQUE,
  PRIMARY KEY (fused_id, event_id)
);
CREATE VIRTUAL TABLE fused_geo USING rtree(id, min_lon, max_lon, min_lat, max_lat);

CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
)sql",
     R"sql(
CREATE TABLE articles (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  doc_id      TEXT NOT NULL,
  raw_hash    TEXT NOT NULL UNIQUE,
  url TEXT, path TEXT, published TEXT, language TEXT, title TEXT, outlet TEXT, agency TEXT, byline TEXT,
  text        TEXT NOT NULL,
  raw_size    BIGINT NOT NULL,
  minhash     BYTEA,
  story_id    BIGINT,
  ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE actors (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text TEXT NOT NULL, kind TEXT NOT NULL, code TEXT, country TEXT, sector TEXT,
  begin BIGINT NOT NULL, "end" BIGINT NOT NULL, raw_begin BIGINT, raw_end BIGINT, rule TEXT
);
CREATE INDEX actors_article ON actors(article_id);
CREATE TABLE places (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  text TEXT NOT NULL, geonames_id BIGINT, code TEXT, name TEXT, admin1 TEXT, country TEXT,
  lat DOUBLE PRECISION, lon DOUBLE PRECISION, precision TEXT,
  begin BIGINT NOT NULL, "end" BIGINT NOT NULL, raw_begin BIGINT, raw_end BIGINT, rule TEXT
);
CREATE INDEX places_article ON places(article_id);
CREATE TABLE events (
  id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  article_id     BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal        BIGINT NOT NULL,
  cameo TEXT NOT NULL, root TEXT NOT NULL, plover TEXT, acled_type TEXT, acled_subtype TEXT,
  quad_class BIGINT, goldstein DOUBLE PRECISION,
  source_name TEXT, source_country TEXT, source_sector TEXT, source_group TEXT,
  target_name TEXT, target_country TEXT, target_sector TEXT, target_group TEXT,
  place_id       BIGINT REFERENCES places(id),
  earliest TEXT, latest TEXT,
  modality TEXT NOT NULL, claimed_by TEXT, background BIGINT NOT NULL, confidence DOUBLE PRECISION,
  sentence_begin BIGINT, sentence_end BIGINT,
  record         TEXT NOT NULL,
  UNIQUE (article_id, ordinal)
);
CREATE INDEX events_root ON events(root, earliest);
CREATE TABLE claims (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_id   BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  quantity TEXT NOT NULL, value DOUBLE PRECISION, qualifier TEXT NOT NULL, claimed_by TEXT,
  begin BIGINT, "end" BIGINT, raw_begin BIGINT, raw_end BIGINT, rule TEXT
);
CREATE INDEX claims_event ON claims(event_id);
CREATE TABLE evidence (
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_id   BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  field      TEXT NOT NULL,
  begin BIGINT NOT NULL, "end" BIGINT NOT NULL, raw_begin BIGINT, raw_end BIGINT,
  rule TEXT NOT NULL
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE TABLE stories (id BIGINT PRIMARY KEY, article_count BIGINT NOT NULL, title TEXT);
CREATE TABLE story_members (
  story_id BIGINT NOT NULL, article_id BIGINT NOT NULL, reason TEXT NOT NULL,
  similarity DOUBLE PRECISION, via BIGINT,
  PRIMARY KEY (story_id, article_id)
);
CREATE TABLE fused_events (
  id             BIGINT PRIMARY KEY,
  cameo TEXT NOT NULL, root TEXT NOT NULL,
  earliest TEXT, latest TEXT,
  place_name TEXT, place_country TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, precision TEXT,
  source_country TEXT, target_country TEXT, source_group TEXT, target_group TEXT,
  actors TEXT, story_id BIGINT,
  mentions BIGINT NOT NULL, articles BIGINT NOT NULL, sources BIGINT NOT NULL
);
CREATE INDEX fused_date ON fused_events(earliest, latest);
CREATE INDEX fused_place_country ON fused_events(place_country, earliest);
CREATE TABLE fused_records (id BIGINT PRIMARY KEY, summary TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE fused_members (
  fused_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL UNIQUE,
  PRIMARY KEY (fused_id, event_id)
);
-- SQLite's R*Tree as a plain table (the bounding-box index is fused_lat_lon).
CREATE TABLE fused_geo (id BIGINT PRIMARY KEY, min_lon DOUBLE PRECISION, max_lon DOUBLE PRECISION,
                        min_lat DOUBLE PRECISION, max_lat DOUBLE PRECISION);
-- No FTS5 index: text search is SQLite's (vigie serve).
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
)sql"},
    {2, "the fused layer's freshness: articles_generation and fused_generation in meta", R"sql(
-- A database from version 1 may hold a fused layer that an interrupted
-- fusion left stale or missing: unknown, so stale whenever it has articles.
INSERT OR REPLACE INTO meta(key, value)
  VALUES ('articles_generation', (SELECT count(*) FROM articles));
INSERT OR REPLACE INTO meta(key, value) VALUES ('fused_generation', 0);
)sql",
     R"sql(
INSERT INTO meta(key, value) VALUES ('articles_generation', (SELECT count(*) FROM articles))
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
INSERT INTO meta(key, value) VALUES ('fused_generation', 0)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
)sql"},
    {3, "what the exports need: where the publication day came from, admin1 codes, lead-paragraph events", R"sql(
-- The rule or input field that gave the publication day ("input:published",
-- "extract/bylines.txt:21", "html:article:published_time"); NULL when it
-- was given by --published or is unknown (rows written before version 3).
ALTER TABLE articles ADD COLUMN published_rule TEXT;
-- GeoNames code of the place's first-order region ("NG.27"), for towns too.
-- Regions already carried it in `code`; towns written before version 3 stay
-- NULL until re-ingested.
ALTER TABLE places ADD COLUMN admin1_code TEXT;
UPDATE places SET admin1_code = code WHERE precision = 'admin1';
-- 1 when the event was read in the lead paragraph (GDELT's IsRootEvent),
-- 0 when not, NULL for events written before version 3 (not known).
ALTER TABLE events ADD COLUMN in_lead INTEGER;
)sql",
     R"sql(
ALTER TABLE articles ADD COLUMN published_rule TEXT;
ALTER TABLE places ADD COLUMN admin1_code TEXT;
UPDATE places SET admin1_code = code WHERE precision = 'admin1';
ALTER TABLE events ADD COLUMN in_lead BIGINT;
)sql"},
    {4, "filter columns of fused events: plover, acled_type, modality, background, geonames_id, fatalities", R"sql(
ALTER TABLE fused_events ADD COLUMN plover TEXT;
ALTER TABLE fused_events ADD COLUMN acled_type TEXT;
ALTER TABLE fused_events ADD COLUMN modality TEXT;
ALTER TABLE fused_events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fused_events ADD COLUMN geonames_id INTEGER;
ALTER TABLE fused_events ADD COLUMN fatalities INTEGER;
CREATE INDEX fused_fatalities ON fused_events(fatalities);
CREATE INDEX fused_plover ON fused_events(plover, earliest);
)sql" VIGIE_FUSED_COLUMNS_SQL,
     R"sql(
ALTER TABLE fused_events ADD COLUMN plover TEXT;
ALTER TABLE fused_events ADD COLUMN acled_type TEXT;
ALTER TABLE fused_events ADD COLUMN modality TEXT;
ALTER TABLE fused_events ADD COLUMN background BIGINT NOT NULL DEFAULT 0;
ALTER TABLE fused_events ADD COLUMN geonames_id BIGINT;
ALTER TABLE fused_events ADD COLUMN fatalities DOUBLE PRECISION;  -- SQLite keeps 2.5 as 2.5 too
CREATE INDEX fused_fatalities ON fused_events(fatalities);
CREATE INDEX fused_plover ON fused_events(plover, earliest);
)sql" VIGIE_FUSED_COLUMNS_POSTGRES},
    {5, "incremental fusion: the days of articles and events, confirmed copies, the fusion options", R"sql(
-- Derived state like the fused layer, written by fusion (NULL until an
-- article is fused), so that a fusion can continue the stored layer
-- (fuse/update.cc). Days count from 1970-01-01; NULL is no day.
ALTER TABLE articles ADD COLUMN day INTEGER;  -- the publication day
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_unfused ON articles(id) WHERE story_id IS NULL;
-- The days fusion compares, per placed event (its dates, else its
-- article's day): narrow rows, apart from the events whose JSON record
-- would have to be read past to reach a column added after it.
CREATE TABLE event_days (
  event_id  INTEGER PRIMARY KEY,        -- = events.id
  root      TEXT NOT NULL,
  first_day INTEGER,
  last_day  INTEGER
);
CREATE INDEX event_days_order ON event_days(root, first_day);           -- a root's events in (first_day, id) order
CREATE INDEX event_days_ends ON event_days(root, last_day, first_day);  -- those still open on a day
CREATE TABLE copy_links (               -- near duplicates fusion confirmed (a < b)
  a          INTEGER NOT NULL,
  b          INTEGER NOT NULL,
  similarity REAL NOT NULL,
  PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX copy_links_b ON copy_links(b);
-- The layer stored so far was made by a vigie that kept none of this:
-- the next fusion rebuilds it whole (no 'fused_options' in meta).
)sql",
     R"sql(
ALTER TABLE articles ADD COLUMN day BIGINT;
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_unfused ON articles(id) WHERE story_id IS NULL;
CREATE TABLE event_days (event_id BIGINT PRIMARY KEY, root TEXT NOT NULL, first_day BIGINT, last_day BIGINT);
CREATE INDEX event_days_order ON event_days(root, first_day);
CREATE INDEX event_days_ends ON event_days(root, last_day, first_day);
CREATE TABLE copy_links (a BIGINT NOT NULL, b BIGINT NOT NULL, similarity DOUBLE PRECISION NOT NULL,
                         PRIMARY KEY (a, b));
CREATE INDEX copy_links_b ON copy_links(b);
)sql"},
    {6, "indexes for the API's filters: the dates with every filter column, places by latitude and longitude", R"sql(
-- Covering: a filtered list, count or timeline reads index entries only.
-- The date index serves the newest-first page and date ranges, the
-- country index a country with dates (and any other filter), the
-- latitude index a bounding box (a latitude and a longitude range).
DROP INDEX fused_date;
DROP INDEX fused_place_country;
CREATE INDEX fused_date_filters ON fused_events(earliest, latest, place_country, cameo, plover, acled_type,
                                                modality, background, fatalities, lat, lon);
CREATE INDEX fused_country_filters ON fused_events(place_country, earliest, latest, cameo, plover, acled_type,
                                                   modality, background, fatalities, lat, lon);
CREATE INDEX fused_lat_lon ON fused_events(lat, lon, earliest, latest, fatalities, cameo, plover, acled_type,
                                           place_country, modality, background);
)sql",
     nullptr},
    {7, "PostgreSQL's text index over article titles and text (SQLite has FTS5 since version 1)", R"sql(
-- Nothing: articles_fts (FTS5) indexes titles and text since version 1.
)sql",
     // Words as FTS5's unicode61 tokenizer with remove_diacritics keeps
     // them: lower-cased and without diacritics (the unaccent dictionary,
     // a trusted extension shipped with PostgreSQL, then 'simple'), no
     // stemming and no stop words, so a query finds what SQLite finds.
     R"sql(
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION vigie_text (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION vigie_text
  ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
)sql" "CREATE INDEX articles_text ON articles USING GIN (" VIGIE_ARTICLE_TSVECTOR ");\n"},
    {8, "the longest span of days of a fused event, in one index read (a date window is then a range of dates)", R"sql(
-- latest >= from implies earliest >= from - (the longest span): the query
-- layer adds that bound, and the indexes led by earliest (or by the
-- country, then earliest) read the window only, not every earlier event.
CREATE INDEX fused_span ON fused_events(julianday(latest) - julianday(earliest));
)sql",
     R"sql(
-- Nothing: PostgreSQL's queries do not take the bound (SQLite's only).
SELECT 1;
)sql"},
    {9, "trigrams of the fused events' actor lines: a rare actor's events without reading every event", R"sql(
-- The actor filter is a substring of the actor lines, any case: FTS5's
-- trigram tokenizer (case-insensitive) finds the events that hold it, a
-- superset the query checks exactly (LIKE, which folds ASCII case). Kept in
-- step with fused_events by its triggers.
CREATE VIRTUAL TABLE fused_actors USING fts5(actors, content='fused_events', content_rowid='id',
                                             tokenize='trigram');
CREATE TRIGGER fused_actors_insert AFTER INSERT ON fused_events BEGIN
  INSERT INTO fused_actors(rowid, actors) VALUES (new.id, new.actors);
END;
CREATE TRIGGER fused_actors_delete AFTER DELETE ON fused_events BEGIN
  INSERT INTO fused_actors(fused_actors, rowid, actors) VALUES ('delete', old.id, old.actors);
END;
CREATE TRIGGER fused_actors_update AFTER UPDATE OF id, actors ON fused_events BEGIN
  INSERT INTO fused_actors(fused_actors, rowid, actors) VALUES ('delete', old.id, old.actors);
  INSERT INTO fused_actors(rowid, actors) VALUES (new.id, new.actors);
END;
INSERT INTO fused_actors(fused_actors) VALUES ('rebuild');
-- The actor lines in the date index too: a common actor's newest page
-- reads index entries only (at a million events, 700 of them for a page
-- of 100 of an actor one event in seven has), not a table row each.
DROP INDEX fused_date_filters;
CREATE INDEX fused_date_filters ON fused_events(earliest, latest, place_country, cameo, plover, acled_type,
                                                modality, background, fatalities, lat, lon, actors);
)sql",
     R"sql(
-- Nothing: PostgreSQL reads the actor lines of the rows it filters.
SELECT 1;
)sql"},
    {10, "the date indexes in the newest-first order (date, then id); events to articles and fused events in index entries", R"sql(
-- A page is sorted by date, then id. With the latest date second, the
-- index gave the dates in order but each day's events in another, so a
-- page read every event of its last day (600 a day at a million events)
-- and sorted them, checking every one of them against the filter. The id
-- second (the latest date is checked on the entry, never a range) gives
-- the page's own order.
DROP INDEX fused_date_filters;
CREATE INDEX fused_date_filters ON fused_events(earliest, id, latest, place_country, cameo, plover, acled_type,
                                                modality, background, fatalities, lat, lon, actors);
DROP INDEX fused_country_filters;
CREATE INDEX fused_country_filters ON fused_events(place_country, earliest, id, latest, cameo, plover, acled_type,
                                                   modality, background, fatalities, lat, lon);
-- From an event to its article and to its fused event in index entries
-- only (an event's row holds its record; a member's, no fused id in the
-- event's index): the text query's steps between articles and fused events.
CREATE INDEX events_article ON events(id, article_id);
CREATE INDEX fused_members_event ON fused_members(event_id, fused_id);
)sql",
     R"sql(
-- Nothing: PostgreSQL's indexes are its own (version 6).
SELECT 1;
)sql"},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

const char* const kFusedColumnsSql = VIGIE_FUSED_COLUMNS_SQL;
const char* const kFusedColumnsPostgres = VIGIE_FUSED_COLUMNS_POSTGRES;
const char* FusedColumnsSql(Connection& c) {
  return c.dialect() == Dialect::kPostgres ? kFusedColumnsPostgres : kFusedColumnsSql;
}
int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

int SchemaVersion(Connection& c) {
  Statement& t = c.Prepare(c.dialect() == Dialect::kPostgres
                               ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
                                 " AND table_schema = current_schema()"
                               : "SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'");
  bool exists = t.Step() && t.Int(0) > 0;
  t.Reset();
  if (!exists) return 0;
  Statement& s = c.Prepare("SELECT max(version) FROM schema_version");
  int v = s.Step() && !s.IsNull(0) ? static_cast<int>(s.Int(0)) : 0;
  s.Reset();
  return v;
}

namespace {
void MigrateLocked(Connection& c) {
  int v = SchemaVersion(c);
  if (v > LatestSchemaVersion())
    throw StoreError("the database is at schema version " + std::to_string(v) +
                     ", newer than this vigie (" + std::to_string(LatestSchemaVersion()) + ")");
  if (v == LatestSchemaVersion()) return;
  if (v == 0) c.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  for (const Migration& m : Migrations()) {
    if (m.version <= v) continue;
    Transaction t(c);
    c.Exec(c.dialect() == Dialect::kPostgres && m.postgres != nullptr ? m.postgres : m.sql);
    c.Prepare("INSERT INTO schema_version(version) VALUES (?)").Bind(1, m.version).Run();
    t.Commit();
  }
}
}  // namespace

// The advisory lock of migrations on PostgreSQL: several workers may
// start at once on an empty database.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7622154012289377351)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7622154012289377351)";

void Migrate(Connection& c) {
  if (c.dialect() != Dialect::kPostgres) return MigrateLocked(c);
  c.Exec(kMigrationLock);
  try {
    MigrateLocked(c);
  } catch (...) {
    (void)c.TryExec("ROLLBACK");
    (void)c.TryExec(kMigrationUnlock);
    throw;
  }
  c.Exec(kMigrationUnlock);
}

}  // namespace vigie::store
