// `vigie fuse --db FILE [--rebuild]`: brings the fused layer (stories and
// fused events) up to date, or rebuilds it from every stored article, in
// one transaction; and the fusion step that `vigie ingest` ends with.
//
// The fused layer is derived state whose freshness the database records
// (Store::FusedLayerStale): an ingest fuses whenever the layer is stale,
// whether or not that run added articles, so one that was killed, ran out
// of disk or was locked out during fusion is repaired by the next ingest.
// Fusion adds the new articles to the stored layer (fuse::Update), or
// rebuilds it whole when it cannot be continued (none, never committed,
// other options: after changing one, `vigie fuse --max-days 5` rebuilds);
// `vigie fuse --rebuild` rebuilds it whatever its state.
#include <filesystem>
#include <iostream>

#include "cli/store_commands.h"
#include "store/postgres.h"
#include "store/store.h"

namespace vigie::cli {

void FuseAndReport(store::Store& db, const fuse::Options& options, const char* command, bool rebuild) {
  db.BeginFusion();
  fuse::Report r = rebuild ? fuse::Rebuild(db, options) : fuse::Update(db, options);
  db.CommitFusion();
  if (r.rebuilt) {
    std::cerr << command << ": fusion: " << r.articles << " articles in " << r.stories << " stories ("
              << r.multi_article_stories << " with several articles: " << r.copies << " copies, "
              << r.same_event_links << " joined by shared events), " << r.events << " events fused into "
              << r.fused_events << "\n";
  } else {
    std::cerr << command << ": fusion: " << r.articles << " new articles added to the fused layer ("
              << r.copies << " copies of " << r.candidate_pairs << " candidates), " << r.events
              << " new events clustered in a replay of " << r.run_events << " stored events; "
              << r.stories << " stories and " << r.fused_events << " fused events written, "
              << r.fused_removed << " fused events gone\n";
  }
}

int RunFuse(const FuseOptions& options) {
  std::error_code ec;
  if (!store::IsPostgresUrl(options.db) &&
      !std::filesystem::is_regular_file(options.db.substr(0, 7) == "sqlite:" ? options.db.substr(7) : options.db, ec)) {
    std::cerr << "vigie fuse: " << options.db << ": no such database\n";
    return 2;
  }
  std::unique_ptr<store::Store> db;
  try {
    db = store::Store::Open(options.db);
    const bool stale = db->FusedLayerStale();
    if (!stale && !options.rebuild) {
      std::cerr << "vigie fuse: " << options.db << ": the fused layer is up to date (--rebuild rebuilds it)\n";
      return 0;
    }
    std::cerr << "vigie fuse: " << options.db << ": the fused layer was "
              << (stale ? "stale or missing" : "up to date") << "; "
              << (options.rebuild || !fuse::CanContinue(*db, options.fuse) ? "rebuilding it" : "adding the new articles to it")
              << "\n";
    FuseAndReport(*db, options.fuse, "vigie fuse", options.rebuild);
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
