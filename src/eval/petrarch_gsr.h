// UniversalPetrarch's validation records (PETR2_GSR_validation.xml) as
// gold, and their scoring by CAMEO root and country triple per sentence.
//
// The file is XML in name only (most <Sentence .../> start tags close
// themselves and are still followed by </Sentence>), so it is never parsed
// as a whole: a small scanner cuts it at each <Sentence start tag (not
// <Sentences>) and reads each record alone:
//   <Sentence ... id="X" date="YYYYMMDD" [evaluate="false"] ...>
//   <EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />  (0..n)
//   <EventCoding noevents="True" />                  (a sentence with none)
//   <Text> the sentence </Text>
// Comments (<!-- -->) inside a record are dropped; whatever else it holds
// (<Parse>, </Sentence>) is ignored. A record without an id, a text or any
// <EventCoding>, with a bad tag or event code, is an E117 malformed_record
// (or E111/E112) error naming the file, the line of its <Sentence> tag, its
// number and id; the other records are still read. Records with
// evaluate="false" are skipped, as PETRARCH's validation skips them. A date
// that is not YYYYMMDD is a warning and leaves the sentence undated; an
// empty <Text> is a warning and the words of the record's <Parse> (CoNLL-U
// forms, SpaceAfter=No honoured) are read instead.
//
// Each record becomes a GoldDocument of kind kCameoSentence, language "en"
// (or the record's lang attribute), with one GoldEvent per coding: its
// CAMEO code and the actors its CAMEO actor codes give (ActorOfCameoCode).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "eval/gold.h"
#include "eval/match.h"

namespace vigie::eval {

void ParsePetrarchGsr(const std::string& path, std::string_view content, GoldSet* set);

// True for a code ICU lists as an ISO 3166-1 alpha-3 country ("USA", "PSE").
bool IsIsoAlpha3(std::string_view code);

// The actor of a CAMEO actor code: its first three letters are the country
// when they are an ISO 3166-1 alpha-3 code ("IRNGOV": IRN, sector GOV;
// "SYRREB": SYR, REB); "---" is no country ("---REB": sector REB only).
// Any other code (IGOUNO, IMGMUSISI, NGO...) states nothing: CAMEO's
// international and non-state codes are not vigie's group ids, so as groups
// they could never be equal; unstated, the side compares as "no country".
Actor ActorOfCameoCode(std::string_view code);

// The two per-sentence figures. For each sentence the gold events and the
// system's events (those with a CAMEO code, neither negated nor hypothetical) become two
// multisets of keys: CAMEO roots ("04"), or triples (root, source country,
// target country; a side with no country is "-", so a side unstated on both
// is equal). A sentence's tp is the size of the multiset intersection (the
// sum over keys of the smaller count), fp = system keys - tp, fn = gold
// keys - tp. The figures are micro-averaged over sentences:
//   P = sum tp / (sum tp + sum fp),  R = sum tp / (sum tp + sum fn),
//   F1 = 2PR / (P + R)  (each 0 when its denominator is 0).
struct CameoSentenceScores {
  size_t sentences = 0;
  size_t gold = 0, system = 0;  // events counted
  LabelCounts root, triple;
  void Add(const std::vector<GoldEvent>& gold, const std::vector<SystemEvent>& system);
};

// The share of the gold's actors that the system names: for each gold event
// and each side (source, target) whose gold actor has a country, whether
// some system event of the same sentence (with a CAMEO code, told as done)
// names that country on the same side, and whether one also names the
// gold's sector (a gold actor with no sector needs the country only).
struct ActorShare {
  size_t gold = 0;     // gold actors with a country
  size_t country = 0;  // ... whose country a system event names on that side
  size_t sector = 0;   // ... with the gold's sector too
  void Add(const std::vector<GoldEvent>& gold, const std::vector<SystemEvent>& system);
};

// The keys of an event: "04", and "04 USA CHN" (a side with no country "-").
std::string RootKey(const EventFacts& e);
std::string TripleKey(const EventFacts& e);
// The keys of the events that count (for the system: with a CAMEO code and
// neither negated nor hypothetical), in order.
std::vector<std::string> TripleKeys(const std::vector<GoldEvent>& events);
std::vector<std::string> TripleKeys(const std::vector<SystemEvent>& events);
// The size of the multiset intersection of two lists of keys.
size_t MultisetOverlap(std::vector<std::string> a, std::vector<std::string> b);

}  // namespace vigie::eval
