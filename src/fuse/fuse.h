// Fusion: articles into stories, article events into real-world events.
//
// Stories. Two articles are copies when their MinHash signatures share an
// LSH band, the exact Jaccard of their word 5-grams is at least
// `min_jaccard` or the shorter is contained in the longer for at least
// `min_containment` of its 5-grams (a shortened copy), and they were
// published at most `max_days` apart (or
// either has no date). A translation or a rewrite shares few 5-grams with
// its original, so two articles also join one story when they share
// `min_shared_events` fused events (or every event of the article with
// fewer, when it has fewer) and were published within `max_days`.
//
// Events. Two events of different articles are one real-world event when
// they have the same CAMEO root; compatible actors (source with source,
// target with target: no country, sector or group differs where both sides
// give one); the same place (same GeoNames id, or same region or country
// code at the same precision) or two points at most `max_km` apart; and
// overlapping dates (an event without dates takes its article's publication
// day). Every member of a fused event is compatible with every other, and a
// fused event takes at most one event of each article (the coder already
// merged the tellings of one article). Its counts are the number of
// article events (mentions), of articles and of distinct sources (outlets,
// else agencies, else URL hosts); it keeps every member's evidence and
// every claim with its claimer and article: claims are never averaged.
#pragma once

#include <string>

#include "store/store.h"

namespace vigie::fuse {

struct Options {
  double min_jaccard = 0.5;
  double min_containment = 0.8;
  int max_days = 3;
  double max_km = 25.0;
  int min_shared_events = 2;
};

// What a fusion did. A rebuild counts the whole layer; an incremental
// update counts the new articles and events, and the stories and fused
// events it wrote (run_events: the stored events it replayed;
// fused_removed: the stored fused events that are gone, merged or split).
struct Report {
  bool rebuilt = false;
  size_t articles = 0, events = 0;
  size_t candidate_pairs = 0, copies = 0, same_event_links = 0;
  size_t stories = 0, multi_article_stories = 0, fused_events = 0, merged_events = 0;
  size_t run_events = 0, fused_removed = 0;
};


// Days between two YYYY-MM-DD dates, or -1 when either is not a date.
int DaysBetween(const std::string& a, const std::string& b);

// Computes the fused layer from every stored article and event.
store::FusedLayer Fuse(store::Store& store, const Options& options, Report* report);

// Fuse and store the result, inside the caller's transaction: with the
// reads and the writes in one transaction the rebuild is all or nothing,
// and its commit is what marks the layer fresh (Store::FusedLayerStale).
Report Rebuild(store::Store& store, const Options& options);

// Brings a stale layer up to date, inside the caller's transaction: adds
// the articles no fusion has placed to the stored layer, reading and
// rewriting only what they can touch (update.cc); the result is the layer
// Rebuild computes from the same articles. A layer that this cannot
// continue (none, one whose fusion never committed, one computed with
// other options or by a vigie before schema 5) is rebuilt whole.
Report Update(store::Store& store, const Options& options);
// Whether Update would continue the stored layer (else it rebuilds it).
bool CanContinue(store::Store& store, const Options& options);

}  // namespace vigie::fuse
