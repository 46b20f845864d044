// Names of the document model's enumerations, used in JSON and explain output.
#include "doc/document.h"

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
  for (size_t i = 0; i < std::size(kDepRels); ++i)
    if (kDepRels[i] == name) return static_cast<DepRel>(i);
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
