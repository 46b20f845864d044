// Actor recognition; see recognise_stage.h.
//
// Matching walks the two tries token by token from each word: the folded
// trie with each token's folded form, a space where the text has one, and
// the acronym trie with the forms as written. A match must end at a token's
// end, so "russe" never matches inside "russes". The longest match wins;
// the text resumes after it. Mentions are then composed (see the header),
// and institutions named without a country get the story's country.
#include "recognise/recognise_stage.h"

#include <algorithm>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr uint32_t kMaxNameTokens = 10;

// Walks trie from token i over keys[i..]; returns the longest match as
// (token count, entry index) or count 0. Capitalised names need
// capitalised text.
std::pair<uint32_t, uint32_t> Walk(const Document& doc, const Trie& trie,
                                   const std::vector<std::string_view>& keys, size_t i) {
  std::pair<uint32_t, uint32_t> best{0, 0};
  const bool capitalised = (doc.tokens[i].flags & token_flags::kCapitalised) != 0;
  uint32_t node = trie.Root();
  const uint32_t sentence = doc.tokens[i].sentence;
  for (size_t j = i; j < doc.tokens.size() && j - i < kMaxNameTokens; ++j) {
    const Token& t = doc.tokens[j];
    if (t.sentence != sentence) break;
    if (j > i && doc.tokens[j - 1].end < t.begin) node = trie.Step(node, ' ');
    for (unsigned char b : keys[j]) {
      if (node == Trie::kNone) break;
      node = trie.Step(node, b);
    }
    if (node == Trie::kNone) break;
    for (uint32_t v : trie.Values(node)) {
      if ((v & 1) != 0 && !capitalised) continue;
      best = {static_cast<uint32_t>(j - i + 1), v >> 1};
      break;
    }
  }
  return best;
}

// Words that may stand between a sector noun and the country or group it
// belongs to: "troupes du gouvernement syrien", "djihadistes de l'EI",
// "government of Syria".
bool IsLinker(const Document& doc, const Token& t) {
  if (t.pos == Pos::kAdj) return true;
  std::string_view l = doc.Lemma(t);
  return l == "de" || l == "le" || l == "of" || l == "the" || l == "'s" || l == "du";
}

}  // namespace

Result<std::unique_ptr<Stage>> MakeRecogniseStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<RecogniseStage, ActorDictionary>(config, cache, "actors");
}

void RecogniseStage::Match(Document& doc) {
  const size_t n = doc.tokens.size();
  folded_.resize(n);
  exact_.resize(n);
  if (fold_cache_.size() > (1u << 18)) fold_cache_.clear();
  for (size_t i = 0; i < n; ++i) {
    std::string_view form = doc.Form(doc.tokens[i]);
    exact_[i] = form;
    auto it = fold_cache_.find(form);
    if (it == fold_cache_.end())
      it = fold_cache_.emplace(std::string(form), ActorDictionary::Fold(form)).first;
    folded_[i] = it->second;  // node-based map: stable while this document is matched
  }
  for (size_t i = 0; i < n;) {
    const Token& t = doc.tokens[i];
    if (t.kind != TokenKind::kWord) {
      ++i;
      continue;
    }
    auto folded = Walk(doc, dictionary_->folded(), folded_, i);
    auto acronym = Walk(doc, dictionary_->exact(), exact_, i);
    auto best = acronym.first > folded.first ? acronym : folded;
    if (best.first == 0) {
      ++i;
      continue;
    }
    const ActorEntry& e = dictionary_->entry(best.second);
    const Token& last = doc.tokens[i + best.first - 1];
    Mention m;
    m.span = {t.begin, last.end};
    m.first_token = static_cast<uint32_t>(i);
    m.token_count = best.first;
    m.kind = e.kind;
    m.id = e.id;
    m.country = e.country;
    m.sector = e.sector;
    m.evidence = {m.span, e.where};
    doc.mentions.push_back(std::move(m));
    i += best.first;
  }
}

void RecogniseStage::Compose(Document& doc) const {
  std::vector<Mention> out;
  auto& ms = doc.mentions;
  // Only linkers between two mentions (at most four tokens)?
  auto linked = [&](const Mention& a, const Mention& b) {
    uint32_t from = a.first_token + a.token_count, to = b.first_token;
    if (to < from || to - from > 4) return false;
    if (doc.tokens[a.first_token].sentence != doc.tokens[b.first_token].sentence) return false;
    for (uint32_t k = from; k < to; ++k)
      if (!IsLinker(doc, doc.tokens[k])) return false;
    return true;
  };
  auto merge = [&](const Mention& head, const Mention& owner, MentionKind kind) {
    Mention m = owner;
    const Mention& first = head.first_token < owner.first_token ? head : owner;
    const Mention& second = head.first_token < owner.first_token ? owner : head;
    m.kind = kind;
    m.span = {first.span.begin, second.span.end};
    m.first_token = first.first_token;
    m.token_count = second.first_token + second.token_count - first.first_token;
    if (kind == MentionKind::kActor) {
      m.id = owner.country;
      m.sector = head.sector;
    }
    m.evidence = {m.span, first.evidence.rule + " + " + second.evidence.rule};
    return m;
  };
  for (size_t i = 0; i < ms.size(); ++i) {
    const Mention& m = ms[i];
    if (m.kind == MentionKind::kSector) {
      // Sector first (French, and "government of Syria"): skip further
      // sector nouns ("troupes du gouvernement syrien"); the first is the head.
      size_t j = i + 1;
      while (j < ms.size() && ms[j].kind == MentionKind::kSector && linked(ms[j - 1], ms[j])) ++j;
      if (j < ms.size() && linked(ms[j - 1], ms[j])) {
        if (ms[j].kind == MentionKind::kState) {
          out.push_back(merge(m, ms[j], MentionKind::kActor));
          i = j;
          continue;
        }
        if (ms[j].kind == MentionKind::kGroup) {
          out.push_back(merge(m, ms[j], MentionKind::kGroup));
          i = j;
          continue;
        }
      }
      // Sector nouns alone, chained: one mention. With a linker the first
      // is the head ("l'armée du régime", "army of the regime"); side by
      // side the last is ("government forces").
      size_t last = j - 1;
      if (last > i) {
        bool adjacent = ms[last].first_token == m.first_token + m.token_count;
        Mention chain = merge(adjacent ? ms[last] : m, adjacent ? m : ms[last], MentionKind::kSector);
        chain.sector = adjacent ? ms[last].sector : m.sector;
        chain.id = chain.sector;
        chain.country.clear();
        out.push_back(std::move(chain));
        i = last;
        continue;
      }
    } else if (m.kind == MentionKind::kGroup && i + 1 < ms.size() &&
               ms[i + 1].kind == MentionKind::kSector && linked(m, ms[i + 1]) &&
               ms[i + 1].first_token == m.first_token + m.token_count) {
      // A group's name before a sector noun: "Islamic State fighters".
      out.push_back(merge(ms[i + 1], m, MentionKind::kGroup));
      ++i;
      continue;
    } else if (m.kind == MentionKind::kState) {
      // Country first (English): "Russian warplanes", "Syrian government
      // forces" (the last noun is the head), "Russia's defence ministry".
      size_t j = i;
      while (j + 1 < ms.size() && ms[j + 1].kind == MentionKind::kSector && linked(ms[j], ms[j + 1])) ++j;
      if (j > i) {
        out.push_back(merge(ms[j], m, MentionKind::kActor));
        i = j;
        continue;
      }
    }
    out.push_back(m);
  }
  ms = std::move(out);
}

namespace {

// The country a story is about: the state named most often, a name in the
// title counting twice ("Syrie: Daesh se retire de Palmyre ..."). Country
// adjectives do not count: "les raids russes" in a story about Syria. Empty
// on a tie.
std::string StoryCountry(const Document& doc) {
  std::vector<std::pair<std::string, int>> votes;
  for (const Mention& m : doc.mentions) {
    if (m.kind != MentionKind::kState) continue;
    if ((doc.tokens[m.first_token].flags & token_flags::kCapitalised) == 0) continue;
    const Sentence& s = doc.sentences[doc.tokens[m.first_token].sentence];
    int weight = doc.paragraphs[s.paragraph].kind == ParagraphKind::kTitle ? 2 : 1;
    auto it = std::find_if(votes.begin(), votes.end(),
                           [&](const auto& v) { return v.first == m.country; });
    if (it == votes.end()) votes.emplace_back(m.country, weight);
    else it->second += weight;
  }
  std::sort(votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (votes.empty() || (votes.size() > 1 && votes[0].second == votes[1].second)) return "";
  return votes[0].first;
}

// A state's own institution named in the definite singular without its
// country ("le régime", "l'armée", "the police") is the story country's.
// "officials", "des soldats" or "EU ministers" are not resolved.
void ResolveFromContext(Document& doc, const std::string& country) {
  if (country.empty()) return;
  for (Mention& m : doc.mentions) {
    if (m.kind != MentionKind::kSector) continue;
    if (m.sector != "GOV" && m.sector != "MIL" && m.sector != "COP") continue;
    const Token& head = doc.tokens[m.first_token];
    if (m.first_token == 0 || utf8::Fold(doc.Lemma(head)) != utf8::Fold(doc.Form(head)))
      continue;  // a plural
    const Token& before = doc.tokens[m.first_token - 1];
    if (before.sentence != head.sentence) continue;
    std::string_view article = doc.Lemma(before);
    if (article != "le" && article != "the") continue;
    m.kind = MentionKind::kActor;
    m.country = country;
    m.id = country;
    m.evidence.rule += " + context:story-country " + country;
  }
}

}  // namespace

Status RecogniseStage::Process(Document& doc) {
  doc.mentions.clear();
  Match(doc);
  const std::string country = StoryCountry(doc);  // before names join actors
  Compose(doc);
  ResolveFromContext(doc, country);
  return Status::Ok();
}

}  // namespace vigie
