// Gold events and the system's events, as the scorer sees them, and the
// readers of gold files.
//
// Gold comes in five formats, all read into GoldDocuments:
//   *.gold.json   one article: the gold schema of ../shared/gold/README.md,
//                 its text in the file named by "text_file" beside it (or
//                 inline in "text"); "published" and "lang" come with it.
//   JSON lines    vigie's own format, one article per line:
//                 {"id", "text", "published", "lang", "events": [...]}
//                 with events in the same gold schema. Such a file is also
//                 valid input for `vigie extract`.
//   PLOVER GSR    the Open Event Data Alliance's PLOVER_GSR_CAMEO file: a
//                 JSON array of sentences, each with one PLOVER type; read
//                 as one document per sentence whose gold event carries only
//                 its PLOVER type (earlier names mapped to current ones).
//   PETRARCH XML  UniversalPetrarch's validation records (<Sentence> with
//                 <EventCoding> and <Text>): one document per sentence
//                 scored by CAMEO root and (root, source country, target
//                 country) triples; see petrarch_gsr.h.
//   CASE 2021 TSV the task 2 snippets (id, EventSnippet, SubType): one
//                 document per snippet scored by its one ACLED-style label;
//                 see case2021.h.
// A bad file or record is an error naming the file (and the line of a JSON
// line, the record of a GSR) with a numbered code; it never stops the
// others from being read.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "doc/document.h"

namespace vigie {
class Codebook;
}

namespace vigie::eval {

// An actor by its key: a country and a sector, or a group.
struct Actor {
  std::string country;  // ISO 3166-1 alpha-3, or ""
  std::string sector;   // GOV, MIL, REB, ..., or ""
  std::string group;    // non-state group id ("ISIL"), or ""
  bool stated() const { return !country.empty() || !sector.empty() || !group.empty(); }
  // "RUS MIL", "ISIL", "SYR", "-" for none.
  std::string Key() const;
};

struct EventPlace {
  uint32_t geonames_id = 0;  // 0 when unknown (a region or a country)
  bool has_coords = false;
  double lat = 0, lon = 0;
  std::string name;
  bool stated() const { return geonames_id != 0 || has_coords; }
};

// What both sides of the comparison have.
struct EventFacts {
  std::string cameo;   // "195"; "" when unknown
  std::string plover;  // current PLOVER name, or ""
  Actor source, target;
  EventPlace place;
  std::string earliest, latest;  // YYYY-MM-DD, inclusive; "" when undated
};

struct GoldEvent : EventFacts {
  std::string id;    // "E1"
  std::string what;  // the analyst's description
  bool required = false;
  bool background = false;
};

struct SystemEvent : EventFacts {
  std::string id;       // "3" (its index in the article) or the record's id
  std::string trigger;  // the words that triggered it, when known
  std::string acled_type, acled_subtype;  // "Battles" / "Armed clash", or ""
  std::string hazard;   // a hazard's kind ("natural") when this stands for one, not an event
  double confidence = 0;
  bool negated = false;       // the text says it did not happen
  bool hypothetical = false;  // the text says it may happen, not that it did
  // What the label scorings (PLOVER, CASE 2021, PETRARCH) count: an act the
  // text says happened, or that someone says will (an intent, a threat).
  bool told_as_done() const { return !negated && !hypothetical; }
};

// How a gold document is scored: by matching events (CAMEO, place, date,
// actors), by its PLOVER labels alone (the PLOVER GSR sentences), by the
// CAMEO roots and country triples of one sentence (PETRARCH XML), or by one
// label of the CASE 2021 task 2 set.
enum class GoldKind : uint8_t { kEvents, kPloverLabels, kCameoSentence, kCaseLabel };

struct GoldDocument {
  std::string id;                    // compared with article ids of system events
  std::vector<std::string> aliases;  // other ids it answers to (its text file's stem)
  std::string path;                  // the gold file
  int line = 0;                      // line (JSON lines, XML, TSV) or record number (GSR), 1-based
  std::string text, published, lang;
  GoldKind kind = GoldKind::kEvents;
  std::vector<GoldEvent> events;
  std::string label;  // kCaseLabel: the snippet's label ("AIR_STRIKE")
  // "file", "file:12" for messages.
  std::string Where() const;
};

// What a reading produced: the documents read and the errors met.
struct GoldSet {
  std::vector<GoldDocument> documents;
  std::vector<Status> errors;
  std::vector<std::string> warnings;  // read anyway: "file: record 291: id 'X' used twice, ..."
};

// Reads one gold file of any of the five formats (by name: *.gold.json;
// by content: a JSON array is a PLOVER GSR, a first byte '<' a PETRARCH
// XML, a first line "id<TAB>EventSnippet<TAB>SubType" (or a name ending in
// .tsv) a CASE 2021 TSV; otherwise JSON lines), or every gold file under a
// directory (*.gold.json, *.gold.jsonl, *.txt or *.json files holding a
// PLOVER GSR array, and *.tsv files with the CASE 2021 header), appending to
// *set. PETRARCH XML files are read only when named: the folders that hold
// them also hold Spanish and fictional-actor records scored otherwise. The
// codebook, when given, maps PLOVER names to current ones and refuses
// unknown ones.
void ReadGold(const std::string& path, const Codebook* codebook, GoldSet* set);

// The readers of each format, over text already in memory (tests, fuzzing).
// `path` names the file in messages; for *.gold.json, `read_text` returns
// the text of a file named by "text_file" (relative to the gold file).
using TextLoader = std::function<Result<std::string>(const std::string& path)>;
void ParseGoldJson(const std::string& path, std::string_view content, const Codebook* codebook,
                   const TextLoader& read_text, GoldSet* set);
void ParseGoldJsonLines(const std::string& path, std::string_view content,
                        const Codebook* codebook, GoldSet* set);
void ParsePloverGsr(const std::string& path, std::string_view content, const Codebook* codebook,
                    GoldSet* set);

// The events of a document that went through the pipeline. An event's
// place is doc.places[event.place]; its dates are its own, else those of
// doc.times[event.time], else the publication date.
std::vector<SystemEvent> SystemEventsOf(const Document& doc);
// The document's hazards (disasters, accidents) as system records with no
// CAMEO code and their kind in `hazard`: read only by the CASE 2021 scoring.
std::vector<SystemEvent> SystemHazardsOf(const Document& doc);

// Event records (the JSON lines of DESIGN.md: "article_ids", "cameo":
// {"code"}, "plover", "source", "target", "place", "date"), or article
// objects with an "events" array of such records, grouped by article id.
// Lines with an "error" object (articles that failed) are skipped.
struct SystemEventSet {
  std::map<std::string, std::vector<SystemEvent>> by_article;
  std::vector<Status> errors;
  size_t records = 0;
};
void ParseEventRecords(const std::string& path, std::string_view content,
                       const Codebook* codebook, SystemEventSet* set);
void ReadEventRecords(const std::string& path, const Codebook* codebook, SystemEventSet* set);

// True for "YYYY-MM-DD" with a month 01-12 and a day 01-31.
bool IsIsoDate(std::string_view s);

}  // namespace vigie::eval
