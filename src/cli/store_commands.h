// The commands over the database: ingest (articles in, with fusion), fuse
// (the fused layer rebuilt), export (JSON lines, GDELT, ACLED) and serve
// (API and web page).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "fuse/fuse.h"

namespace vigie::cli {

struct IngestOptions {
  CommonOptions common;
  std::string db = "vigie.db";
  fuse::Options fuse;
  int batch = 200;          // articles per transaction
  bool progress = true;     // allowed (shown on a TTY or when the run is long)
  double busy_timeout_s = 10;  // wait for another writer's lock, then E603
};
// Runs the pipeline over every article and stores what it finds, then
// brings the fused layer up to date if it is stale (anything added by this run or by
// one whose fusion never committed). Exit: 0, 1 (some articles failed), 2
// (could not start: options, data, database), 3 (the database failed during
// the run: E601 disk full, E602 read-only, E603 locked, E604 I/O error;
// batches committed before are kept).
int RunIngest(const IngestOptions& options);

struct FuseOptions {
  std::string db = "vigie.db";
  fuse::Options fuse;
  bool rebuild = false;  // the whole layer, stale or not
};
// Brings the fused layer of an existing database up to date (the new
// articles added to it, or the whole layer rebuilt when it cannot be
// continued), or with `rebuild` rebuilds it whatever its state. Exit: 0,
// or 2 (no such database, or a database error, numbered E6xx).
int RunFuse(const FuseOptions& options);

// Fusion in one transaction (BEGIN IMMEDIATE .. COMMIT): fuse::Update, or
// fuse::Rebuild when `rebuild`; its report on stderr prefixed by
// `command`. Throws store::StoreError.
void FuseAndReport(store::Store& db, const fuse::Options& options, const char* command, bool rebuild = false);

struct ExportOptions {
  std::string db = "vigie.db";
  std::string format = "jsonl";  // jsonl, gdelt, gdelt-mentions, acled, geojson
  bool header = false;           // gdelt, gdelt-mentions: a header line of column names
  bool excel = false;            // acled: a UTF-8 byte-order mark first, for spreadsheets
  std::string data_dir;          // vigie's data/ folder (crosswalk tables, gazetteer)
  // Filters (all must hold): the event's day within [from, to], ingested
  // at or after `since` (a day or an ISO time), the place's or an actor's
  // country (alpha-2 or alpha-3), a CAMEO code prefix, a bounding box
  // "min_lon,min_lat,max_lon,max_lat".
  std::string from, to, since, country, code, bbox;
};
int RunExport(const ExportOptions& options, std::ostream& out);

struct ServeOptions {
  std::string db = "vigie.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_dir, modules_dir;  // default: found beside the binary or the source tree
  std::string cors;                  // an origin allowed to call the API from another site
  bool no_cache = false;             // answer every list request from the database
  std::string data_dir;              // for the codebook (default: found)
  std::vector<std::string> allow_hosts;  // Host names accepted besides the bound address
  size_t max_connections = 4096;
  double request_timeout_s = 10;     // a whole request must arrive within it
  int threads = 8;
};
int RunServe(const ServeOptions& options);

}  // namespace vigie::cli
