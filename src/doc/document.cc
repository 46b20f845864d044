// Names of the document model's enumerations, used in JSON and explain output.
#include "doc/document.h"

#include <unordered_map>

#include "base/utf8.h"

namespace vigie {

std::string_view LayerName(Layer layer) {
  switch (layer) {
    case Layer::kSource: return "source";
    case Layer::kText: return "text";
    case Layer::kMetadata: return "metadata";
    case Layer::kParagraphs: return "paragraphs";
    case Layer::kLanguage: return "language";
    case Layer::kSentences: return "sentences";
    case Layer::kTokens: return "tokens";
    case Layer::kMorphology: return "morphology";
    case Layer::kSyntax: return "syntax";
    case Layer::kMentions: return "mentions";
    case Layer::kPlaces: return "places";
    case Layer::kTimes: return "times";
    case Layer::kQuantities: return "quantities";
    case Layer::kEvents: return "events";
    case Layer::kCount: break;
  }
  return "?";
}

std::string LayerSet::ToString() const {
  std::string s;
  for (uint32_t i = 0; i < static_cast<uint32_t>(Layer::kCount); ++i) {
    if (!Has(static_cast<Layer>(i))) continue;
    if (!s.empty()) s += ", ";
    s += LayerName(static_cast<Layer>(i));
  }
  return s;
}

std::string_view FormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kText: return "text";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kHtml: return "html";
    case InputFormat::kWarc: return "warc";
  }
  return "?";
}

std::string_view ParagraphKindName(ParagraphKind k) {
  switch (k) {
    case ParagraphKind::kTitle: return "title";
    case ParagraphKind::kLede: return "lede";
    case ParagraphKind::kByline: return "byline";
    case ParagraphKind::kBody: return "body";
  }
  return "?";
}

std::string_view TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kSymbol: return "symbol";
    case TokenKind::kUrl: return "url";
  }
  return "?";
}

std::string_view PosName(Pos p) {
  static constexpr std::string_view kNames[] = {
      "X", "NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "ADP", "DET",
      "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT", "SYM", "INTJ", "PART"};
  auto i = static_cast<size_t>(p);
  return i < std::size(kNames) ? kNames[i] : "?";
}

Pos PosFromName(std::string_view name) {
  for (int i = 0; i < static_cast<int>(Pos::kCount); ++i)
    if (PosName(static_cast<Pos>(i)) == name) return static_cast<Pos>(i);
  return Pos::kCount;
}

namespace {

// Index 0 is "dep" (unknown); each subtype follows its universal relation.
constexpr std::string_view kDepRels[] = {
    "dep", "root", "nsubj", "nsubj:pass", "nsubj:outer", "nsubj:caus", "obj", "iobj",
    "csubj", "csubj:pass", "csubj:outer", "ccomp", "xcomp", "obl", "obl:agent", "obl:arg",
    "obl:mod", "obl:tmod", "obl:npmod", "obl:unmarked", "vocative", "expl", "expl:pass",
    "expl:pv", "expl:impers", "expl:subj", "dislocated", "advcl", "advcl:cleft",
    "advcl:relcl", "advmod", "advmod:emph", "discourse", "aux", "aux:pass", "aux:tense",
    "aux:caus", "cop", "mark", "nmod", "nmod:poss", "nmod:tmod", "nmod:npmod",
    "nmod:unmarked", "nmod:desc", "appos", "nummod", "acl", "acl:relcl", "amod", "det",
    "det:predet", "det:poss", "clf", "case", "conj", "cc", "cc:preconj", "fixed", "flat",
    "flat:name", "flat:foreign", "compound", "compound:prt", "list", "parataxis",
    "parataxis:insert", "orphan", "goeswith", "reparandum", "punct"};

}  // namespace

std::string_view DepRelName(DepRel r) {
  return r < std::size(kDepRels) ? kDepRels[r] : kDepRels[0];
}

DepRel DepRelFromName(std::string_view name) {
  // A hash map of the names, made once (the parser asks for every word).
  static const std::unordered_map<std::string_view, DepRel> kByName = [] {
    std::unordered_map<std::string_view, DepRel> m;
    for (size_t i = 0; i < std::size(kDepRels); ++i) m.emplace(kDepRels[i], static_cast<DepRel>(i));
    return m;
  }();
  if (auto it = kByName.find(name); it != kByName.end()) return it->second;
  size_t colon = name.find(':');
  if (colon != std::string_view::npos) return DepRelFromName(name.substr(0, colon));
  return 0;
}

std::string_view MentionKindName(MentionKind k) {
  switch (k) {
    case MentionKind::kState: return "state";
    case MentionKind::kGroup: return "group";
    case MentionKind::kOrganisation: return "organisation";
    case MentionKind::kSector: return "sector";
    case MentionKind::kActor: return "actor";
  }
  return "?";
}

std::string_view PlacePrecisionName(PlacePrecision p) {
  switch (p) {
    case PlacePrecision::kPoint: return "point";
    case PlacePrecision::kAdmin1: return "admin1";
    case PlacePrecision::kCountry: return "country";
    case PlacePrecision::kNear: return "near";
    case PlacePrecision::kAdmin2: return "admin2";
  }
  return "?";
}

std::string_view TimeKindName(TimeKind k) {
  switch (k) {
    case TimeKind::kDay: return "day";
    case TimeKind::kNight: return "night";
    case TimeKind::kRange: return "range";
    case TimeKind::kMonth: return "month";
    case TimeKind::kYear: return "year";
    case TimeKind::kPart: return "part";
  }
  return "?";
}

std::string_view QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "exact";
    case Qualifier::kMoreThan: return "more_than";
    case Qualifier::kAtLeast: return "at_least";
    case Qualifier::kAbout: return "about";
    case Qualifier::kUpTo: return "up_to";
    case Qualifier::kManyUnquantified: return "many_unquantified";
  }
  return "?";
}

std::string_view ModalityName(Modality m) {
  switch (m) {
    case Modality::kAsserted: return "asserted";
    case Modality::kNegated: return "negated";
    case Modality::kHypothetical: return "hypothetical";
    case Modality::kReported: return "reported";
  }
  return "?";
}

std::string_view LemmaSourceName(LemmaSource s) {
  switch (s) {
    case LemmaSource::kNone: return "none";
    case LemmaSource::kHunspell: return "hunspell";
    case LemmaSource::kLexicon: return "lexicon";
    case LemmaSource::kStemmer: return "snowball";
    case LemmaSource::kIdentity: return "form";
  }
  return "?";
}

bool InLeadParagraph(const Document& doc, const Event& e) {
  for (uint32_t i = 0; i < doc.paragraphs.size(); ++i) {
    const ParagraphKind k = doc.paragraphs[i].kind;
    if (k != ParagraphKind::kLede && k != ParagraphKind::kBody) continue;
    return e.sentence < doc.sentences.size() && doc.sentences[e.sentence].paragraph == i;
  }
  return false;
}

}  // namespace vigie

namespace vigie {

namespace {

// Heap bytes of a string (none while it fits the small-string buffer).
size_t HeapBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }
size_t HeapBytes(const Evidence& e) { return HeapBytes(e.rule); }
size_t HeapBytes(const EventActor& a) {
  return HeapBytes(a.text) + HeapBytes(a.country) + HeapBytes(a.sector) + HeapBytes(a.group) +
         HeapBytes(a.evidence);
}

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

void Document::FoldTokens() {
  folded_pool.clear();
  folded_pool.reserve(text.size());
  folded_end.clear();
  folded_end.reserve(tokens.size());
  for (const Token& t : tokens) {
    utf8::FoldAppend(Form(t), &folded_pool);
    folded_end.push_back(static_cast<uint32_t>(folded_pool.size()));
  }
}

size_t Document::MemoryBytes() const {
  size_t n = sizeof(Document);
  for (const std::string* s : {&id, &path, &url, &raw, &source, &published, &charset, &title_hint,
                               &lang_hint, &text, &language, &folded_pool, &lemma_pool, &not_coded})
    n += HeapBytes(*s);
  n += VectorBytes(source_map.pieces()) + VectorBytes(text_map.pieces());
  n += VectorBytes(removed);
  for (const Removal& r : removed) n += HeapBytes(r.text) + HeapBytes(r.reason) + HeapBytes(r.rule);
  for (const Field* f : {&title, &byline, &agency, &outlet}) n += HeapBytes(f->value) + HeapBytes(f->evidence);
  n += VectorBytes(paragraphs);
  for (const Paragraph& p : paragraphs) n += HeapBytes(p.language);
  n += VectorBytes(sentences) + VectorBytes(tokens) + VectorBytes(folded_end) + VectorBytes(readings) +
       VectorBytes(words);
  n += VectorBytes(mentions);
  for (const Mention& m : mentions)
    n += HeapBytes(m.id) + HeapBytes(m.country) + HeapBytes(m.sector) + HeapBytes(m.evidence);
  n += VectorBytes(places);
  for (const Place& p : places)
    n += HeapBytes(p.code) + HeapBytes(p.name) + HeapBytes(p.country) + HeapBytes(p.admin1) +
         HeapBytes(p.admin1_code) + HeapBytes(p.evidence) + HeapBytes(p.runners_up);
  n += VectorBytes(times);
  for (const TimeExpr& t : times) n += HeapBytes(t.earliest) + HeapBytes(t.latest) + HeapBytes(t.evidence);
  n += VectorBytes(quantities);
  for (const Quantity& q : quantities) n += HeapBytes(q.kind) + HeapBytes(q.evidence);
  n += VectorBytes(events);
  for (const Event& e : events) {
    for (const std::string* s : {&e.cameo, &e.plover, &e.acled_type, &e.acled_subtype, &e.earliest,
                                 &e.latest, &e.claimed_by})
      n += HeapBytes(*s);
    n += HeapBytes(e.source) + HeapBytes(e.target) + VectorBytes(e.claims);
    for (const Claim& c : e.claims) n += HeapBytes(c.quantity) + HeapBytes(c.claimed_by) + HeapBytes(c.evidence);
    for (const Evidence* ev : {&e.trigger, &e.place_evidence, &e.date_evidence, &e.speaker_evidence})
      n += HeapBytes(*ev);
  }
  n += VectorBytes(hazards);
  for (const Hazard& h : hazards) n += HeapBytes(h.kind) + HeapBytes(h.trigger);
  n += VectorBytes(warnings);
  for (const std::string& w : warnings) n += HeapBytes(w);
  return n;
}

}  // namespace vigie
