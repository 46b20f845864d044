// The document model every stage shares.
//
// A Document owns the raw input bytes, untouched; the source text decoded
// from them (a JSON string unescaped, later the text nodes of a page); the
// clean text the linguistic stages read, in NFC, with a map back to raw
// bytes; and flat layers (paragraphs, sentences, tokens, later mentions,
// times, quantities, events) that refer to each other by index, as spaCy's
// Doc does. All offsets are UTF-8 byte offsets into the clean text unless a
// name says "raw". Every fact can carry Evidence: its span and the rule or
// dictionary entry ("file:line") that produced it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/budget.h"
#include "base/status.h"
#include "doc/offset_map.h"

namespace vigie {

// Layers a stage may require or provide; checked when a pipeline is built.
enum class Layer : uint8_t {
  kSource,      // raw bytes and the decoded source text (ingest)
  kText,        // clean text, its raw map, removed boilerplate (extract)
  kMetadata,    // title, byline, agency, outlet (extract)
  kParagraphs,  // paragraph spans and kinds (extract)
  kLanguage,    // document and paragraph languages (langid)
  kSentences,   // sentence spans (segment)
  kTokens,      // token spans, kinds, number values, folded forms (segment)
  kMorphology,  // lemma and part of speech per token, every reading kept (morph)
  kSyntax,      // UD words, their part of speech, head and relation (parse)
  kMentions,    // actor mentions resolved to codes (recognise)
  kPlaces,      // place mentions resolved to GeoNames (geocode)
  kTimes,       // dates and date ranges resolved against publication (time)
  kQuantities,  // counted things: "plus de 300 morts", "11 chars" (quantity)
  kEvents,      // coded events with their actors, place, date and claims (code)
  kCount
};
std::string_view LayerName(Layer layer);

class LayerSet {
 public:
  constexpr LayerSet() = default;
  constexpr LayerSet(std::initializer_list<Layer> layers) {
    for (Layer l : layers) bits_ |= Bit(l);
  }
  constexpr bool Has(Layer l) const { return (bits_ & Bit(l)) != 0; }
  constexpr void Add(LayerSet other) { bits_ |= other.bits_; }
  constexpr bool Contains(LayerSet other) const {
    return (bits_ & other.bits_) == other.bits_;
  }
  // Layers of `this` that `have` lacks.
  constexpr LayerSet Minus(LayerSet have) const {
    LayerSet r;
    r.bits_ = bits_ & ~have.bits_;
    return r;
  }
  constexpr bool empty() const { return bits_ == 0; }
  std::string ToString() const;

 private:
  static constexpr uint32_t Bit(Layer l) { return 1u << static_cast<uint32_t>(l); }
  uint32_t bits_ = 0;
};

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
};

// Where a fact comes from: a span of the clean text and the rule, pattern
// or dictionary entry that produced it ("data/extract/boilerplate.txt:12").
struct Evidence {
  Span span;
  std::string rule;
};

// Where an article came from: a text file, a JSON line, an HTML file (or
// stdin), a WARC response record.
enum class InputFormat : uint8_t { kText, kJsonl, kHtml, kWarc };
std::string_view FormatName(InputFormat f);

// What the source text is: plain text, or an HTML page (from an HTML file, a
// WARC record or the `html` field of a JSON line).
enum class ContentType : uint8_t { kText, kHtml };

// A piece of boilerplate dropped by extraction, kept so nothing is lost.
struct Removal {
  Span raw;            // in the raw bytes
  std::string text;    // the dropped text (source form)
  std::string reason;  // category_label, repeated_title, consent, ...
  std::string rule;    // file:line of the rule, or the built-in rule name
};

// A metadata value with its evidence (span empty when it came from a field
// of the input rather than from the text).
struct Field {
  std::string value;
  Evidence evidence;
};

enum class ParagraphKind : uint8_t { kTitle, kLede, kByline, kBody };
std::string_view ParagraphKindName(ParagraphKind k);

struct Paragraph {
  Span span;
  ParagraphKind kind = ParagraphKind::kBody;
  std::string language;  // its own language when it differs, else the doc's
  uint32_t first_sentence = 0;
  uint32_t sentence_count = 0;
};

struct Sentence {
  Span span;
  uint32_t paragraph = 0;
  uint32_t first_token = 0;
  uint32_t token_count = 0;
  uint32_t first_word = 0;   // into Document::words (parse)
  uint32_t word_count = 0;
};

enum class TokenKind : uint8_t { kWord, kNumber, kPunct, kSymbol, kUrl };
std::string_view TokenKindName(TokenKind k);

// Coarse parts of speech (the Universal Dependencies UPOS set).
enum class Pos : uint8_t {
  kX, kNoun, kPropn, kVerb, kAux, kAdj, kAdv, kAdp, kDet, kPron,
  kCconj, kSconj, kNum, kPunct, kSym, kIntj, kPart, kCount
};
std::string_view PosName(Pos p);
// The part of speech named by a UPOS tag ("NOUN"); kCount when unknown.
Pos PosFromName(std::string_view name);
constexpr uint32_t PosBit(Pos p) { return 1u << static_cast<uint32_t>(p); }

// Where a lemma came from.
enum class LemmaSource : uint8_t { kNone, kHunspell, kLexicon, kStemmer, kIdentity };
std::string_view LemmaSourceName(LemmaSource s);

namespace token_flags {
constexpr uint8_t kSpaceAfter = 1;    // white space follows in the text
constexpr uint8_t kCapitalised = 2;   // first letter upper case
constexpr uint8_t kAllCaps = 4;       // two or more letters, all upper case
constexpr uint8_t kElided = 8;        // an elided French article/pronoun: l’, qu’
constexpr uint8_t kSentenceStart = 16;
constexpr uint8_t kCommonWord = 32;   // capitalised, but a common word in lower case (morph)
}  // namespace token_flags

// Universal Dependencies v2 relations, with the subtypes French and English
// treebanks use. Stored as a small index; names as UD writes them.
using DepRel = uint8_t;
std::string_view DepRelName(DepRel r);
// The relation named `name`; an unknown subtype falls back to its universal
// relation ("obl:xyz" -> "obl"), an unknown relation to "dep".
DepRel DepRelFromName(std::string_view name);

// One reading of a word form the morph stage found: a part of speech and
// the lemma it implies. A token's readings are contiguous in
// Document::readings, most likely first.
struct TokenReading {
  uint32_t lemma_offset = 0;  // into Document::lemma_pool
  uint16_t lemma_length = 0;
  Pos pos = Pos::kX;
};

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t sentence = 0;
  uint32_t lemma_offset = 0;  // into Document::lemma_pool
  uint32_t pos_mask = 0;      // every part of speech the word may have
  uint16_t lemma_length = 0;
  TokenKind kind = TokenKind::kWord;
  Pos pos = Pos::kX;          // the reading chosen in context
  LemmaSource lemma_source = LemmaSource::kNone;
  uint8_t flags = 0;
  double value = 0;           // numeric value of a kNumber token
  uint32_t first_reading = 0; // into Document::readings (morph)
  uint16_t reading_count = 0;
  // Syntax (parse), at the level of tokens: the token that governs this one
  // (-1 for the sentence's root or before parsing) and the relation of the
  // token's highest word. `pos` and the lemma stay the morph stage's; the
  // tagger's part of speech and the lemma that goes with it are the word's. A contraction ("du" = "de le") is one token made of
  // several words; its first word is Document::words[first_word].
  int32_t head = -1;
  DepRel dep = 0;
  uint8_t word_count = 0;
  uint32_t first_word = 0;
};

// A syntactic word in the sense of Universal Dependencies: a token, or one
// part of a contraction ("du" -> "de" + "le", "au" -> "à" + "le").
struct Word {
  uint32_t token = 0;        // the token it is (part of)
  uint32_t form_offset = 0;  // into Document::lemma_pool when the word is part of a token
  uint16_t form_length = 0;  // 0: the word is its whole token
  uint32_t lemma_offset = 0; // into Document::lemma_pool: the lemma of its part of speech
  uint16_t lemma_length = 0;
  Pos pos = Pos::kX;         // the tagger's, which may differ from its token's (morph's)
  DepRel dep = 0;
  int32_t head = -1;         // index into Document::words, -1 for the root
};

// What a mention names.
enum class MentionKind : uint8_t {
  kState,         // a country by name ("Syrie") or adjective ("syrien"): country only
  kGroup,         // a non-state armed group: group id
  kOrganisation,  // an IGO, NGO, court or news agency: id and sector
  kSector,        // a sector noun with no country yet ("l'armée", "rebels")
  kActor,         // a sector and a country together ("l'aviation russe")
};
std::string_view MentionKindName(MentionKind k);

// A span of tokens that names an actor, resolved to codes.
struct Mention {
  Span span;
  uint32_t first_token = 0;
  uint32_t token_count = 0;
  MentionKind kind = MentionKind::kState;
  std::string id;       // group or organisation id, or ISO3 for a state
  std::string country;  // ISO 3166-1 alpha-3, or empty
  std::string sector;   // GOV, MIL, REB, ... or empty
  Evidence evidence;    // the dictionary entry (and rule) that matched
  bool person = false;  // a named person, standing for the affiliation of their office
};

// How precisely a place is known: a town, a first-order region, a country;
// kNear: somewhere around a town the text measures from ("190 km north of
// Bangui", "outside Kabul"), the coordinates being the town's; kAdmin2: a
// second-order division (a US county), at the centroid of its shape.
enum class PlacePrecision : uint8_t { kPoint, kAdmin1, kCountry, kNear, kAdmin2 };
std::string_view PlacePrecisionName(PlacePrecision p);

// A span of tokens that names a place, resolved against GeoNames.
struct Place {
  Span span;
  uint32_t first_token = 0;
  uint32_t token_count = 0;
  uint32_t geonames_id = 0;  // 0 for a region or a country
  std::string code;          // "SY.13" for a region, "SY" for a country
  std::string name;          // English name, else GeoNames' own
  std::string country;       // ISO 3166-1 alpha-2
  std::string admin1;        // name of its first-order region, if known
  std::string admin1_code;   // GeoNames code of that region ("NG.27"), or of the region itself
  double lat = 0, lon = 0;
  PlacePrecision precision = PlacePrecision::kPoint;
  bool capital = false;      // a national capital (GeoNames PPLC, PPLG): its
                             // name may stand for the government ("Moscou dément")
  uint32_t candidates = 0;   // places that bear the name
  double score = 0;          // of the chosen candidate
  Evidence evidence;         // the name and the reasons it won
  std::string runners_up;    // the next candidates and their scores
};

// A date or a range of dates the text names, resolved against the
// publication date ("samedi" in a Sunday article is the day before).
enum class TimeKind : uint8_t {
  kDay,     // one day: "samedi", "hier", "le 3 mai", "on Sunday"
  kNight,   // the night of one day to the next: "dans la nuit de samedi à dimanche"
  kRange,   // a span of days: "la semaine dernière", "du 3 au 5 mai"
  kMonth,   // "mai 2015", "en mars dernier", "last March"
  kYear,    // "en 2015"
  kPart,    // a part of a day named alone: "à l'aube", "this morning" (the publication day unless said)
};
std::string_view TimeKindName(TimeKind k);

struct TimeExpr {
  Span span;
  uint32_t first_token = 0;
  uint32_t token_count = 0;
  TimeKind kind = TimeKind::kDay;
  std::string earliest;  // YYYY-MM-DD, inclusive
  std::string latest;    // YYYY-MM-DD, inclusive; equal to earliest for one day
  bool relative = false; // resolved from the publication date, not written in full
  Evidence evidence;     // the pattern (file:line) that read it
};

// How a count is hedged.
enum class Qualifier : uint8_t {
  kExact,             // "11 chars", "three soldiers"
  kMoreThan,          // "plus de 60", "more than 300", "over 40"
  kAtLeast,           // "au moins 12", "at least 12"
  kAbout,             // "près de", "environ", "quelque", "nearly", "about", "some"
  kUpTo,              // "jusqu'à", "up to"
  kManyUnquantified,  // "des dizaines", "un grand nombre", "dozens", "scores of"
};
std::string_view QualifierName(Qualifier q);

// A number attached to what it counts: "plus de 300 djihadistes tués",
// "11 chars", "des dizaines de morts", "at least 12 civilians were killed".
struct Quantity {
  Span span;                // the whole expression
  uint32_t first_token = 0;
  uint32_t token_count = 0;
  double value = 0;         // 0 and kManyUnquantified when there is no number
  Qualifier qualifier = Qualifier::kExact;
  // What is counted, one of: killed, wounded, abducted, arrested, displaced,
  // strikes, raids, missiles, rockets, drones, tanks, vehicles, people, or
  // "" when the noun is none of these.
  std::string kind;
  uint32_t head_token = 0;  // the noun or participle that says what is counted
  Evidence evidence;        // the number's span and the rule that read the expression
};

// One side of an event: a recognised actor, by its key.
struct EventActor {
  std::string text;      // as written: "l'aviation russe"
  std::string country;   // ISO 3166-1 alpha-3, or ""
  std::string sector;    // GOV, MIL, REB, ..., or ""
  std::string group;     // armed group or organisation id ("ISIL"), or ""
  int32_t mention = -1;  // index into Document::mentions, -1 when none
  Evidence evidence;     // the mention's span and the pattern slot that took it
  bool empty() const { return country.empty() && sector.empty() && group.empty(); }
};

// A count asserted about an event, and who asserts it.
struct Claim {
  std::string quantity;    // killed, wounded, strikes, tanks, ...
  double value = 0;
  bool has_value = false;  // false for "un grand nombre de morts"
  Qualifier qualifier = Qualifier::kExact;
  std::string claimed_by;  // the speaker as written ("le ministère russe de la Défense"), or ""
  int32_t quantity_index = -1;  // into Document::quantities
  Evidence evidence;
};

enum class Modality : uint8_t { kAsserted, kNegated, kHypothetical, kReported };
std::string_view ModalityName(Modality m);

// Who did what to whom, where, when, and who says so.
struct Event {
  std::string cameo;         // "195"
  std::string plover;        // "ASSAULT"
  std::string acled_type, acled_subtype;
  int quad_class = 0;
  double goldstein = 0;
  EventActor source, target;
  int32_t place = -1;        // index into Document::places, -1 when none
  int32_t time = -1;         // index into Document::times, -1 when dated by publication
  std::string earliest, latest;  // YYYY-MM-DD
  std::vector<Claim> claims;
  Modality modality = Modality::kAsserted;
  std::string claimed_by;    // the speaker the whole event is reported by, or ""
  bool background = false;   // recalled context, months or years before publication
  double confidence = 0;
  uint32_t sentence = 0;
  Evidence trigger;          // the trigger words and the pattern (file:line)
  Evidence place_evidence, date_evidence, speaker_evidence;
};

// A hazard: a disaster or an accident the text tells of ("an earthquake
// struck", "a gas tank exploded"). It is no act of an actor on another, so
// it has no CAMEO code and is kept apart from the events and their exports;
// the code stage finds it with data/code/<lang>.hazards.txt.
struct Hazard {
  std::string kind;          // "natural" or "accident"
  uint32_t sentence = 0;
  Modality modality = Modality::kAsserted;
  Evidence trigger;          // the trigger word and the pattern (file:line)
};

struct Document {
  // Identity.
  std::string id;
  std::string path;
  std::string url;
  InputFormat format = InputFormat::kText;
  ContentType content = ContentType::kText;
  uint32_t line = 0;  // line in a JSON-lines file, 1-based; 0 otherwise

  // Input: raw bytes, the decoded source text and its map to raw.
  std::string raw;
  std::string source;
  OffsetMap source_map;
  std::string published;   // YYYY-MM-DD, from the input, the command line or the page
  std::string charset;     // the charset the raw bytes were decoded from (HTML)
  std::string title_hint;  // a title given by the input
  std::string lang_hint;   // a language given by the input or --lang

  // Extract.
  std::string text;
  OffsetMap text_map;      // clean text -> raw bytes
  std::vector<Removal> removed;
  Field title, byline, agency, outlet;
  Evidence published_evidence;  // the rule that found `published` in a page

  // Language.
  std::string language;

  // Layers.
  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::string lemma_pool;             // lemmas and the forms of contraction parts
  // Every token's form folded (utf8::Fold), one after another, filled by
  // segment with the tokens: the stages that look words up folded read it
  // instead of folding each token again. See FoldedForm.
  std::string folded_pool;
  std::vector<uint32_t> folded_end;   // per token, where its folded form ends in folded_pool
  std::vector<TokenReading> readings; // every reading of every token (morph)
  std::vector<Word> words;            // syntactic words with their tree (parse)
  std::vector<Mention> mentions;
  std::vector<Place> places;
  std::vector<TimeExpr> times;
  std::vector<Quantity> quantities;
  std::vector<Event> events;
  std::vector<Hazard> hazards;

  // What has been built, and the error that stopped processing, if any.
  LayerSet layers;
  Status status;
  // When the article's time budget runs out (set by the pipeline; stages
  // whose work grows with the article poll it, see base/budget.h).
  Deadline deadline;
  std::vector<std::string> warnings;
  // Why the code stage coded nothing although the article was read ("the
  // language 'de' has no event patterns"), or empty. Not an error: the
  // article is kept; `vigie code` and `vigie ingest` name and count it.
  std::string not_coded;

  // Bytes the article's own text, maps and layers hold (capacities, strings
  // included): what --max-article-memory bounds, and what `vigie bench`
  // reports per article.
  size_t MemoryBytes() const;

  std::string_view Slice(Span s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
  std::string_view Form(const Token& t) const { return Slice({t.begin, t.end}); }
  std::string_view FoldedForm(uint32_t token) const {
    const uint32_t begin = token == 0 ? 0 : folded_end[token - 1];
    return std::string_view(folded_pool).substr(begin, folded_end[token] - begin);
  }
  // Fills folded_pool and folded_end from the tokens (segment).
  void FoldTokens();
  std::string_view Lemma(const Token& t) const {
    return std::string_view(lemma_pool).substr(t.lemma_offset, t.lemma_length);
  }
  // The raw span a clean-text span came from.
  Span ToRaw(Span s) const {
    return {text_map.MapBegin(s.begin), text_map.MapEnd(s.end)};
  }
  std::string_view RawSlice(Span raw_span) const {
    return std::string_view(raw).substr(raw_span.begin, raw_span.end - raw_span.begin);
  }
  std::string_view WordForm(const Word& w) const {
    if (w.form_length == 0) return Form(tokens[w.token]);
    return std::string_view(lemma_pool).substr(w.form_offset, w.form_length);
  }
  std::string_view WordLemma(const Word& w) const {
    return std::string_view(lemma_pool).substr(w.lemma_offset, w.lemma_length);
  }
  std::string_view ReadingLemma(const TokenReading& r) const {
    return std::string_view(lemma_pool).substr(r.lemma_offset, r.lemma_length);
  }
  // Appends a string to the pool; returns its offset.
  uint32_t Pool(std::string_view s) {
    auto offset = static_cast<uint32_t>(lemma_pool.size());
    lemma_pool.append(s);
    return offset;
  }
  void SetLemma(Token* t, std::string_view lemma) {
    t->lemma_offset = static_cast<uint32_t>(lemma_pool.size());
    t->lemma_length = static_cast<uint16_t>(std::min<size_t>(lemma.size(), 0xFFFF));
    lemma_pool.append(lemma.substr(0, t->lemma_length));
  }
};

// True when the event was read in the lead paragraph: the first paragraph
// of the story proper (a lede, else the first body paragraph, the
// dateline's), never the title or the byline. GDELT's IsRootEvent.
bool InLeadParagraph(const Document& doc, const Event& e);

}  // namespace vigie
