// The database schema as an ordered list of migrations. A database records
// the number of migrations applied in `schema_version`; opening it applies
// the missing ones in one transaction each, and refuses a database written
// by a newer vigie (a higher version than this build knows).
#pragma once

#include <span>

#include "store/sqlite.h"

namespace vigie::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Every migration, in order; version i+1 is element i.
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// Fills the filter columns of every fused event (plover, acled_type,
// modality, background, geonames_id, fatalities) from its summary; run
// after a fused layer is written, in its transaction.
extern const char* const kFusedColumnsSql;

// The version a database is at (0 when empty).
int SchemaVersion(Connection& c);

// Brings the database to the latest version. Throws StoreError when it is
// newer than this build.
void Migrate(Connection& c);

}  // namespace vigie::store
