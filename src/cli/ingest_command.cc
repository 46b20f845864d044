// `vigie ingest --db FILE [--published D] PATH...`: the default pipeline over
// every article, each stored with its events and evidence (store/), in
// transactions of `batch` articles; then, if the fused layer is stale (this
// run added articles, or an earlier fusion never committed: killed, disk
// full, locked out), the fused layer (stories and fused events) brought up
// to date in one more transaction (fuse_command.cc): the new articles
// added to it, or the layer rebuilt when it cannot be continued. An article already stored (same
// raw bytes) is skipped, so a second run over the same input changes
// nothing in the file once its fused layer is up to date.
//
// A database failure during the run (disk full, read-only file, locked out
// beyond --busy-timeout, an I/O error) ends it with its numbered 6xx error
// and exit status 3: the batch being written is rolled back, never the
// batches already committed, so running the same ingest again once the
// cause is fixed adds what is missing.
#include <iostream>

#include "cli/progress.h"
#include "cli/store_commands.h"
#include "fuse/fuse.h"
#include "fuse/minhash.h"
#include "pipeline/parallel.h"
#include "store/store.h"

namespace vigie::cli {

int RunIngest(const IngestOptions& options) {
  const CommonOptions& common = options.common;
  if (!CheckPublished(common.published, "ingest") || !CheckLang(common.lang, "ingest")) return 2;
  Config config = MakeConfig(common);
  ResourceCache cache;
  const size_t threads = WorkerThreads(common);
  auto pipelines = BuildDefaultPipelines(config, cache, threads);
  if (!pipelines.ok()) {
    std::cerr << "vigie ingest: " << pipelines.status().ToString() << "\n";
    return 2;
  }
  std::unique_ptr<store::Store> db;
  try {
    db = store::Store::Open(options.db, false, static_cast<int>(options.busy_timeout_s * 1000));
  } catch (const store::StoreError& e) {
    std::cerr << "vigie ingest: " << options.db << ": " << e.status().ToString() << "\n";
    return 2;
  }

  Reader reader(common.paths, MakeReaderOptions(common));
  Tally tally;
  tally.count_not_coded = true;
  Progress progress("vigie ingest", TotalBytes(common.paths), options.progress);
  size_t added = 0, already = 0, events = 0, in_batch = 0;
  size_t committed = 0;  // articles added by this run in committed batches
  uint64_t bytes = 0;
  // The workers run the pipeline and render the records and the MinHash
  // signature; this thread, the one writer, stores them in input order.
  struct Item {
    Document doc;
    std::vector<std::string> records;
    std::vector<uint32_t> signature;
  };
  try {
    RunInOrder<Item>(
        {.workers = threads}, [&](Item* item) { return reader.Next(&item->doc); },
        [&](size_t worker, Item& item) {
          Document& doc = item.doc;
          if (!doc.status.ok()) return;
          doc.layers = {Layer::kSource};
          (*pipelines)[worker].Run(doc);
          if (!doc.status.ok()) return;
          item.records = EventRecords(doc);
          item.signature = fuse::Signature(fuse::Shingles(doc.text));
        },
        [&](Item& item) {
          const Document& doc = item.doc;
          tally.Add(doc);
          bytes += doc.raw.size();
          if (!doc.status.ok()) {
            std::cerr << "vigie ingest: " << doc.id << ": " << doc.status.ToString() << "\n";
          } else {
            if (!doc.not_coded.empty())
              std::cerr << "vigie ingest: " << doc.id << ": stored, not coded: " << doc.not_coded << "\n";
            if (in_batch == 0) db->Begin();
            switch (db->Write(doc, item.records, item.signature)) {
              case store::Store::WriteResult::kAdded:
                ++added;
                events += doc.events.size();
                break;
              case store::Store::WriteResult::kAlreadyStored:
                ++already;
                break;
              case store::Store::WriteResult::kNotStored:
                break;
            }
            if (++in_batch >= static_cast<size_t>(std::max(1, options.batch))) {
              db->Commit();
              committed = added;
              in_batch = 0;
            }
          }
          progress.Update(tally.total, bytes);
        });
    if (in_batch > 0) db->Commit();
    committed = added;
    if (added > 0) db->OptimizeTextIndexIfGrown();
    progress.Finish();
    for (const std::string& p : reader.ignored())
      std::cerr << "vigie ingest: " << p << ": not read (a folder's README or a hidden file)\n";
    std::cerr << "vigie ingest: " << tally.Summary() << "; " << added << " added (" << events
              << " events), " << already << " already stored\n";
    if (db->FusedLayerStale()) {
      if (added == 0)
        std::cerr << "vigie ingest: the fused layer is stale or missing (an earlier fusion did not "
                     "finish): "
                  << (fuse::CanContinue(*db, options.fuse) ? "adding the articles it lacks" : "rebuilding it") << "\n";
      FuseAndReport(*db, options.fuse, "vigie ingest");
    }
    auto counts = db->Count();
    std::cerr << "vigie ingest: " << options.db << ": " << counts.articles << " articles, " << counts.events
              << " events, " << counts.stories << " stories, " << counts.fused_events << " fused events\n";
  } catch (const store::StoreError& e) {
    const Status rollback = db->Rollback();
    progress.Finish();
    std::cerr << "vigie ingest: " << options.db << ": " << e.status().ToString() << "\n";
    if (!rollback.ok())
      std::cerr << "vigie ingest: " << options.db << ": the rollback failed too (" << rollback.ToString()
                << "); the unfinished batch is discarded when the file is closed\n";
    const char* cause = "";
    switch (e.status().code()) {
      case ErrorCode::kDiskFull: cause = "the disk is full: "; break;
      case ErrorCode::kReadOnly: cause = "the database cannot be written: "; break;
      case ErrorCode::kDatabaseLocked: cause = "the database is locked by another process: "; break;
      default: break;
    }
    std::cerr << "vigie ingest: " << cause << "stopped after " << tally.total << " articles; the batch being "
              << "written was rolled back, " << committed << " articles added by this run in committed "
              << "batches are kept; run the same ingest again to add the rest\n";
    return 3;
  }
  return tally.ExitCode();
}

}  // namespace vigie::cli
