// The scale-out set-up: articles on a Redis stream (`vigie enqueue`),
// stateless workers that code them into a shared PostgreSQL store
// (`vigie worker`), and what the queue holds (`vigie status`). See
// queue_commands.cc for the protocol.
#pragma once

#include <string>

#include "cli/app.h"
#include "fuse/fuse.h"

namespace vigie::cli {

struct QueueOptions {
  std::string redis = "redis://127.0.0.1:6379";
  std::string stream = "vigie:articles";  // also names the group, the dead letters and the counters
};

struct EnqueueOptions {
  CommonOptions common;  // paths and reader options
  QueueOptions queue;
  long long max_length = 10000;  // entries waiting on the stream before enqueue waits
};
// Puts every article the reader reads on the stream. Exit: 0, 2 (options,
// Redis unreachable at start).
int RunEnqueue(const EnqueueOptions& options);

struct WorkerOptions {
  CommonOptions common;  // pipeline options (no paths)
  QueueOptions queue;
  std::string store;            // postgresql://... (or sqlite:FILE for one worker)
  std::string consumer;         // default: host-pid
  int batch = 20;               // entries read, coded and committed at once
  int claim_idle_ms = 30000;    // a pending entry idle this long is taken from its (dead) worker
  int max_tries = 3;            // deliveries before an entry goes to the dead letters
  int block_ms = 1000;          // wait for new entries this long between checks
  double fuse_every_s = 10;     // fuse after a batch at most this often (and when idle)
  bool exit_when_idle = false;  // stop once the stream and the pending list are empty
  bool exit_before_ack = false; // tests: exit after the first commit, before its XACK
  fuse::Options fuse;
};
// Reads, codes, stores, acks until SIGTERM or SIGINT (the batch in hand is
// finished and acked). Exit: 0, 2 (options, the pipeline's data).
int RunWorker(const WorkerOptions& options);

struct StatusOptions {
  QueueOptions queue;
  double sample_s = 1;  // articles/s over this long
};
int RunStatus(const StatusOptions& options);

}  // namespace vigie::cli
