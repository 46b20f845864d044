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

// The version a database is at (0 when empty).
int SchemaVersion(Connection& c);

// Brings the database to the latest version. Throws StoreError when it is
// newer than this build.
void Migrate(Connection& c);

}  // namespace vigie::store
