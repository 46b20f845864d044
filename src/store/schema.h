// The database schema as an ordered list of migrations. A database records
// the number of migrations applied in `schema_version`; opening it applies
// the missing ones in one transaction each, and refuses a database written
// by a newer vigie (a higher version than this build knows).
#pragma once

#include <span>

#include "store/sqlite.h"

namespace vigie::store {

// One version of the schema in both dialects: `sql` for SQLite, `postgres`
// for PostgreSQL (the same tables, columns and indexes; PostgreSQL has
// identity columns for SQLite's rowids, BYTEA for BLOB, DOUBLE PRECISION
// for REAL, a plain table for the R*Tree, a GIN index over a tsvector for
// FTS5 (version 7), `end` quoted).
struct Migration {
  int version;
  const char* description;
  const char* sql;
  const char* postgres;  // nullptr: the same statements as sql
};

// Every migration, in order; version i+1 is element i.
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// Fills the filter columns of every fused event (plover, acled_type,
// modality, background, geonames_id, fatalities) from its summary; run
// after a fused layer is written, in its transaction.
extern const char* const kFusedColumnsSql;
// The same for PostgreSQL.
extern const char* const kFusedColumnsPostgres;
// The one for this connection's dialect.
const char* FusedColumnsSql(Connection& c);

// PostgreSQL's text of an article, as its GIN index (version 7) holds it
// (vigie_text: the 'simple' configuration after unaccent):
// a query that reads the index repeats this expression exactly.
// ASCII punctuation becomes white space first: PostgreSQL's parser keeps a
// URL, an e-mail address, a path or a decimal number as one token, which
// FTS5 (unicode61) splits into its words ("rebel" in ".../rebel-forces-2015").
#define VIGIE_ARTICLE_TSVECTOR \
  "to_tsvector('vigie_text', regexp_replace(coalesce(title, '') || ' ' || text, '[!-/:-@[-`{-~]', ' ', 'g'))"

// The version a database is at (0 when empty).
int SchemaVersion(Connection& c);

// Brings the database to the latest version. Throws StoreError when it is
// newer than this build. On PostgreSQL, under an advisory lock (several
// workers may start at once on an empty database).
void Migrate(Connection& c);

}  // namespace vigie::store
