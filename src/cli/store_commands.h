// The commands over the database: ingest (articles in, with fusion),
// export (JSON lines, GDELT, ACLED) and serve (API and web page).
#pragma once

#include <ostream>
#include <string>

#include "cli/app.h"
#include "fuse/fuse.h"

namespace vigie::cli {

struct IngestOptions {
  CommonOptions common;
  std::string db = "vigie.db";
  fuse::Options fuse;
  int batch = 200;          // articles per transaction
  bool progress = true;     // allowed (shown on a TTY or when the run is long)
};
// Runs the pipeline over every article and stores what it finds, then
// rebuilds the fused layer if anything was added. Exit: 0, 1 (some
// articles failed), 2 (could not start: options, data, database).
int RunIngest(const IngestOptions& options);

struct ExportOptions {
  std::string db = "vigie.db";
  std::string format = "jsonl";  // jsonl, gdelt, acled
  bool header = false;           // gdelt: a header line of column names
};
int RunExport(const ExportOptions& options, std::ostream& out);

struct ServeOptions {
  std::string db = "vigie.db";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_dir, modules_dir;  // default: found beside the binary or the source tree
};
int RunServe(const ServeOptions& options);

}  // namespace vigie::cli
