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
// A noun that leads whatever it is joined to ("army chief", "rebel leader",
// "le chef de la diplomatie"): sectors.txt lists it as LEAD. It takes the
// sector of the noun beside it; with a country alone, it is the government
// ("the US leader").
constexpr std::string_view kLeader = "LEAD";
std::string Led(const std::string& head, const std::string& other) {
  if (head != kLeader) return head;
  return other.empty() || other == kLeader ? "GOV" : other;
}

// The sector of an organisation's people: its troops are MIL ("UN
// troops"); its leaders, spokesmen and envoys are the organisation itself.
std::string OrganisationSector(const std::string& noun, const std::string& organisation) {
  return noun == kLeader || noun == "GOV" ? organisation : noun;
}

// The tagger's part of speech when the document is parsed, else morph's.
Pos PosOf(const Document& doc, const Token& t) {
  return t.word_count > 0 && t.first_word < doc.words.size() ? doc.words[t.first_word].pos : t.pos;
}

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
  matched_.clear();
  if (fold_cache_.size() > (1u << 18)) fold_cache_.clear();
  for (size_t i = 0; i < n; ++i) {
    std::string_view form = doc.Form(doc.tokens[i]);
    exact_[i] = form;
    auto it = fold_cache_.find(form);
    if (it == fold_cache_.end())
      it = fold_cache_.emplace(std::string(form), ActorDictionary::Fold(form)).first;
    folded_[i] = it->second;  // node-based map: stable while this document is matched
  }
  article_words_.clear();
  for (size_t i = 0; i < n;) {
    const Token& t = doc.tokens[i];
    if (t.kind != TokenKind::kWord) {
      ++i;
      continue;
    }
    auto folded = Walk(doc, dictionary_->folded(), folded_, i);
    auto acronym = Walk(doc, dictionary_->exact(), exact_, i);
    auto best = acronym.first > folded.first ? acronym : folded;
    if (best.first == 0 || !InContext(doc, best.second, static_cast<uint32_t>(i))) {
      ++i;
      continue;
    }
    doc.mentions.push_back(MentionOf(doc, best.second, static_cast<uint32_t>(i), best.first));
    matched_.push_back(best.second);
    i += best.first;
  }
  MatchSurnames(doc);
}

// A name that counts only in context (groups.txt "RSF?  context: soudan|...")
// needs one of its words somewhere in the article; and it is not the
// acronym written in brackets after the full name of something else:
// "Reporters sans frontières (RSF)".
bool RecogniseStage::InContext(const Document& doc, uint32_t entry, uint32_t first) {
  const ActorEntry& e = dictionary_->entry(entry);
  if (e.context.empty()) return true;
  if (first >= 2 && doc.Form(doc.tokens[first - 1]) == "(" && !doc.mentions.empty() &&
      doc.mentions.back().first_token + doc.mentions.back().token_count == first - 1 &&
      doc.mentions.back().id != e.id)
    return false;
  if (article_words_.empty()) {  // " w1 w2 ... ": every folded word, once per document
    article_words_ = " ";
    for (std::string_view w : folded_) {
      article_words_ += w;
      article_words_ += ' ';
    }
  }
  for (const std::string& word : e.context) {
    const bool prefix = word.back() == '*';
    std::string key = " " + (prefix ? word.substr(0, word.size() - 1) : word) + (prefix ? "" : " ");
    if (article_words_.find(key) != std::string::npos) return true;
  }
  return false;
}

Mention RecogniseStage::MentionOf(const Document& doc, uint32_t entry, uint32_t first,
                                  uint32_t count) const {
  const ActorEntry& e = dictionary_->entry(entry);
  Mention m;
  m.span = {doc.tokens[first].begin, doc.tokens[first + count - 1].end};
  m.first_token = first;
  m.token_count = count;
  m.kind = e.kind;
  m.id = e.id;
  m.country = e.country;
  m.sector = e.sector;
  m.evidence = {m.span, e.where};
  if (e.person()) {
    const Office office = OfficeOn(e, doc.published);
    m.person = true;
    m.kind = office.kind;
    m.id = office.id;
    m.country = office.country;
    m.sector = office.sector;
    m.evidence.rule = office.where + " " + e.id + " (" + office.id + (office.sector.empty() ? "" : " ") +
                      office.sector + (doc.published.empty() ? ", latest office" : " on " + doc.published) + ")";
  }
  return m;
}

// "Sergueï Lavrov ... M. Lavrov", "Barack Obama ... Obama": a person named
// in full is then named by the surname alone. The surname may span tokens
// written together ("al-Assad").
void RecogniseStage::MatchSurnames(Document& doc) const {
  std::vector<std::pair<std::string_view, uint32_t>> named;  // surname, entry
  std::vector<Mention> more;
  size_t next = 0;  // the next mention of doc.mentions, in text order
  for (uint32_t i = 0; i < doc.tokens.size(); ++i) {
    while (next < doc.mentions.size() && doc.mentions[next].first_token + doc.mentions[next].token_count <= i) {
      const uint32_t entry = matched_[next++];
      if (dictionary_->entry(entry).person()) named.emplace_back(dictionary_->entry(entry).surname, entry);
    }
    if (next < doc.mentions.size() && doc.mentions[next].first_token <= i) continue;  // inside a mention
    const Token& t = doc.tokens[i];
    if (named.empty() || t.kind != TokenKind::kWord || (t.flags & token_flags::kCapitalised) == 0) continue;
    for (auto it = named.rbegin(); it != named.rend(); ++it) {
      std::string_view rest = it->first;
      uint32_t j = i;
      while (j < doc.tokens.size() && !rest.empty() && rest.substr(0, folded_[j].size()) == folded_[j] &&
             !folded_[j].empty() && (j == i || doc.tokens[j - 1].end == doc.tokens[j].begin)) {
        rest.remove_prefix(folded_[j].size());
        ++j;
      }
      if (!rest.empty() || (next < doc.mentions.size() && doc.mentions[next].first_token < j)) continue;
      more.push_back(MentionOf(doc, it->second, i, j - i));
      more.back().evidence.rule += " + surname after the full name";
      i = j - 1;
      break;
    }
  }
  if (more.empty()) return;
  doc.mentions.insert(doc.mentions.end(), more.begin(), more.end());
  std::sort(doc.mentions.begin(), doc.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.first_token < b.first_token; });
}

void RecogniseStage::Compose(Document& doc) const {
  std::vector<Mention> out;
  auto& ms = doc.mentions;
  // Only linkers between two mentions (at most four tokens)?
  // With nouns, lower-case nouns may also stand before the sector noun
  // they modify ("Rwanda's information minister", "Syrian health ministry").
  auto linked = [&](const Mention& a, const Mention& b, bool nouns = false) {
    uint32_t from = a.first_token + a.token_count, to = b.first_token;
    if (to < from || to - from > 4) return false;
    if (doc.tokens[a.first_token].sentence != doc.tokens[b.first_token].sentence) return false;
    for (uint32_t k = from; k < to; ++k) {
      const Token& t = doc.tokens[k];
      if (IsLinker(doc, t)) continue;
      // "dissidents from Egypt", "fighters from Chechnya": people of where
      // they come from, when "from" stands right before the country's name
      // (not "ministers from the Georgian government"), and not officials
      // ("recalled its ambassador from Spain" is its own ambassador).
      if (doc.Lemma(t) == "from" && k + 1 == to && b.kind == MentionKind::kState &&
          PosOf(doc, doc.tokens[b.first_token]) == Pos::kPropn &&
          (a.sector == "REB" || a.sector == "OPP" || a.sector == "REF" || a.sector == "CVL" || a.sector == "PRO"))
        continue;
      if (!nouns || PosOf(doc, t) != Pos::kNoun || (t.flags & token_flags::kCapitalised) != 0) return false;
    }
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
          out.back().sector = Led(m.sector, j > i + 1 ? ms[i + 1].sector : "");
          i = j;
          continue;
        }
        if (ms[j].kind == MentionKind::kGroup && !ms[j].person) {
          out.push_back(merge(m, ms[j], MentionKind::kGroup));
          i = j;
          continue;
        }
        if (ms[j].kind == MentionKind::kOrganisation) {
          // "le chef de l'ONU", "les casques bleus de l'ONU": the
          // organisation, in the sector its noun names.
          out.push_back(merge(m, ms[j], MentionKind::kOrganisation));
          out.back().sector = OrganisationSector(m.sector, ms[j].sector);
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
        chain.sector = adjacent ? Led(ms[last].sector, m.sector) : Led(m.sector, ms[last].sector);
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
    } else if (m.kind == MentionKind::kOrganisation && i + 1 < ms.size() &&
               ms[i + 1].kind == MentionKind::kSector &&
               ms[i + 1].first_token == m.first_token + m.token_count) {
      // "UN troops", "the UN chief", "NATO forces".
      out.push_back(merge(ms[i + 1], m, MentionKind::kOrganisation));
      out.back().sector = OrganisationSector(ms[i + 1].sector, m.sector);
      ++i;
      continue;
    } else if (m.kind == MentionKind::kState) {
      // Country first (English): "Russian warplanes", "Syrian government
      // forces" (the last noun is the head), "Russia's defence ministry".
      size_t j = i;
      // Nouns may come between only after a demonym or a possessive, not
      // after a country's name used as a noun ("the Sudan sanctions regime").
      const uint32_t after = m.first_token + m.token_count;
      const bool nouns = m.evidence.rule.starts_with("recognise/demonyms.txt") ||
                         (after < doc.tokens.size() && doc.Lemma(doc.tokens[after]) == "'s");
      while (j + 1 < ms.size() && ms[j + 1].kind == MentionKind::kSector && linked(ms[j], ms[j + 1], nouns)) ++j;
      if (j > i) {
        out.push_back(merge(ms[j], m, MentionKind::kActor));
        out.back().sector = Led(ms[j].sector, j > i + 1 ? ms[j - 1].sector : "");
        i = j;
        continue;
      }
    }
    if (m.kind == MentionKind::kSector && m.sector == kLeader) continue;  // "the leader": whose?
    out.push_back(m);
  }
  // "US and British activists", "les forces américaines et britanniques":
  // a country coordinated with an actor of a sector shares its sector.
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    Mention& a = out[i];
    Mention& b = out[i + 1];
    if (b.first_token != a.first_token + a.token_count + 1) continue;
    const std::string conj = utf8::Fold(doc.Form(doc.tokens[a.first_token + a.token_count]));
    if (conj != "and" && conj != "et") continue;
    Mention* state = a.kind == MentionKind::kState && b.kind == MentionKind::kActor ? &a
                     : b.kind == MentionKind::kState && a.kind == MentionKind::kActor ? &b
                                                                                      : nullptr;
    if (state == nullptr || state->person) continue;
    const Mention& actor = state == &a ? b : a;
    state->kind = MentionKind::kActor;
    state->sector = actor.sector;
    state->evidence.rule += " + the sector of \"" + std::string(doc.Slice(actor.span)) + "\" it is coordinated with";
  }
  ms = std::move(out);
  JoinTitles(doc);
}

// A title before a person's name is part of the name: "President Michel
// Suleiman", "le ministre russe des Affaires étrangères Sergueï Lavrov",
// "Syrian President Bashar al-Assad", "Russia's Sergei Lavrov". The person's
// office decides (the dictionary's dates are more precise than the title).
void RecogniseStage::JoinTitles(Document& doc) const {
  auto& ms = doc.mentions;
  std::vector<Mention> out;
  for (size_t i = 0; i < ms.size(); ++i) {
    const Mention& title = ms[i];
    if (i + 1 < ms.size() && !title.person && ms[i + 1].person &&
        (title.kind == MentionKind::kSector || title.kind == MentionKind::kActor ||
         title.kind == MentionKind::kState)) {
      const Mention& person = ms[i + 1];
      uint32_t gap = person.first_token - (title.first_token + title.token_count);
      bool joined = gap == 0 || (gap == 1 && doc.Lemma(doc.tokens[person.first_token - 1]) == "'s");
      if (joined && doc.tokens[title.first_token].sentence == doc.tokens[person.first_token].sentence) {
        Mention m = person;
        m.span.begin = title.span.begin;
        m.first_token = title.first_token;
        m.token_count = person.first_token + person.token_count - title.first_token;
        m.evidence = {m.span, title.evidence.rule + " + " + person.evidence.rule};
        out.push_back(std::move(m));
        ++i;
        continue;
      }
    }
    out.push_back(title);
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
