// `vigie fuse --db FILE`: rebuilds the fused layer (stories and fused
// events) from the stored articles, in one transaction, and the fusion step
// that `vigie ingest` ends with.
//
// The fused layer is derived state whose freshness the database records
// (Store::FusedLayerStale): an ingest fuses whenever the layer is stale,
// whether or not that run added articles, so one that was killed, ran out
// of disk or was locked out during fusion is repaired by the next ingest;
// `vigie fuse` rebuilds it whatever its state (after changing a fusion
// option, say) and says whether it was stale.
#include <filesystem>
#include <iostream>

#include "cli/store_commands.h"
#include "store/store.h"

namespace vigie::cli {

void FuseAndReport(store::Store& db, const fuse::Options& options, const char* command) {
  db.Begin();
  fuse::Report r = fuse::Rebuild(db, options);
  db.Commit();
  std::cerr << command << ": fusion: " << r.articles << " articles in " << r.stories << " stories ("
            << r.multi_article_stories << " with several articles: " << r.copies << " copies, "
            << r.same_event_links << " joined by shared events), " << r.events << " events fused into "
            << r.fused_events << "\n";
}

int RunFuse(const FuseOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.db, ec)) {
    std::cerr << "vigie fuse: " << options.db << ": no such database\n";
    return 2;
  }
  std::unique_ptr<store::Store> db;
  try {
    db = store::Store::Open(options.db);
    const bool stale = db->FusedLayerStale();
    std::cerr << "vigie fuse: " << options.db << ": the fused layer was "
              << (stale ? "stale or missing" : "up to date") << "; rebuilding it\n";
    FuseAndReport(*db, options.fuse, "vigie fuse");
    auto counts = db->Count();
    std::cerr << "vigie fuse: " << options.db << ": " << counts.articles << " articles, " << counts.events
              << " events, " << counts.stories << " stories, " << counts.fused_events << " fused events\n";
  } catch (const store::StoreError& e) {
    // Closing the connection discards what a failed rollback leaves.
    if (db) (void)db->Rollback();
    std::cerr << "vigie fuse: " << options.db << ": " << e.status().ToString() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace vigie::cli
