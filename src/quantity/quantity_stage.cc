// Counted things; see quantity_stage.h.
#include "quantity/quantity_stage.h"

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr uint32_t kMaxModifiers = 4;  // words between a number and its noun
constexpr uint32_t kMaxAfter = 7;      // words between a noun and its participle
constexpr uint32_t kMaxAdverbs = 2;    // adverbs between a verb and its object

// The number part of a count, in tokens [begin, end).
struct Count {
  uint32_t begin = 0, end = 0;
  uint32_t number_begin = 0, number_end = 0;
  double value = 0;
  Qualifier qualifier = Qualifier::kExact;
  bool takes_of = false;         // "une dizaine de", "2 millions de", "dozens of"
  const std::string* qualifier_where = nullptr;
};

bool IsOrdinalForm(std::string_view form) {
  // "3e", "1er", "21st", "2ᵉ": a number that ranks, not one that counts.
  if (form.empty()) return false;
  const unsigned char last = static_cast<unsigned char>(form.back());
  return last >= 0x80 || (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z');
}

class SentenceReader {
 public:
  SentenceReader(Document& doc, const QuantityLanguage& lang,
                 const std::vector<const QuantityWord*>& form,
                 const std::vector<const QuantityWord*>& lemma,
                 const std::vector<uint8_t>& in_time, std::string* scratch, uint32_t first,
                 uint32_t end)
      : doc_(doc), lang_(lang), form_(form), lemma_(lemma), in_time_(in_time),
        scratch_(*scratch), first_(first), end_(end) {}

  void Run() {
    for (uint32_t t = first_; t < end_;) {
      Count c;
      if (!ParseCount(t, &c)) {
        ++t;
        continue;
      }
      uint32_t next = c.end;
      if (Attach(c, &next)) t = next;
      else t = c.number_end > t ? c.number_end : t + 1;
    }
  }

 private:
  const Token& Tok(uint32_t t) const { return doc_.tokens[t]; }
  // The entry of a token's form or lemma that plays a role, form first.
  const QuantityWord* With(uint32_t t, QuantityRole r) const {
    const uint32_t bit = RoleBit(r);
    if (form_[t] != nullptr && (form_[t]->roles & bit) != 0) return form_[t];
    if (lemma_[t] != nullptr && (lemma_[t]->roles & bit) != 0) return lemma_[t];
    return nullptr;
  }
  bool Has(uint32_t t, QuantityRole r) const { return With(t, r) != nullptr; }
  bool IsPos(uint32_t t, Pos p) const { return Tok(t).pos == p; }
  bool IsWord(uint32_t t) const { return Tok(t).kind == TokenKind::kWord; }
  bool Capitalised(uint32_t t) const { return (Tok(t).flags & token_flags::kCapitalised) != 0; }

  // The value of a number word, hyphenated compounds read part by part
  // ("quatre-vingt-dix" = "quatre-vingt" + "dix"), longest known part first.
  bool WordValue(uint32_t t, double* total, double* current) const {
    const uint32_t numeric = RoleBit(QuantityRole::kNumber) | RoleBit(QuantityRole::kMultiplier);
    auto apply = [](const QuantityWord& w, double* tot, double* cur) {
      if ((w.roles & RoleBit(QuantityRole::kNumber)) != 0) {
        *cur += w.number;
      } else if (w.multiplier >= 1000) {
        *tot += (*cur == 0 ? 1 : *cur) * w.multiplier;
        *cur = 0;
      } else {
        *cur = (*cur == 0 ? 1 : *cur) * w.multiplier;
      }
    };
    if (form_[t] != nullptr && (form_[t]->roles & numeric) != 0) {
      apply(*form_[t], total, current);
      return true;
    }
    const std::string_view form = doc_.Form(Tok(t));
    if (form.find('-') == std::string_view::npos) return false;
    utf8::FoldInto(form, &scratch_);
    const std::string_view f = scratch_;
    double tot = *total, cur = *current;
    for (size_t b = 0; b < f.size();) {
      size_t e = f.size();
      const QuantityWord* w = nullptr;
      while (true) {
        w = lang_.Find(f.substr(b, e - b));
        if (w != nullptr && (w->roles & numeric) != 0) break;
        w = nullptr;
        const size_t dash = f.rfind('-', e - 1);
        if (dash == std::string_view::npos || dash <= b) break;
        e = dash;
      }
      if (w == nullptr) return false;
      apply(*w, &tot, &cur);
      b = e + 1;
    }
    *total = tot;
    *current = cur;
    return true;
  }

  bool IsNumberWord(uint32_t t) const {
    return IsWord(t) && (Has(t, QuantityRole::kNumber) || Has(t, QuantityRole::kMultiplier) ||
                         doc_.Form(Tok(t)).find('-') != std::string_view::npos);
  }

  // Number words from t: "vingt-deux", "deux cents", "vingt et un", "a hundred".
  bool ParseNumberWords(uint32_t t, Count* c) const {
    double total = 0, current = 0;
    uint32_t k = t;
    if (Has(k, QuantityRole::kArticle) && k + 1 < end_ && IsWord(k + 1) &&
        form_[k + 1] != nullptr && (form_[k + 1]->roles & RoleBit(QuantityRole::kMultiplier)) != 0)
      current = 1, ++k;  // "a hundred"
    else if (!IsNumberWord(k))
      return false;
    uint32_t last = k;
    bool any = false;
    while (k < end_ && IsWord(k)) {
      if (WordValue(k, &total, &current)) {
        any = true;
        last = ++k;
        continue;
      }
      if (any && Has(k, QuantityRole::kConnector) && k + 1 < end_ && IsNumberWord(k + 1)) {
        ++k;
        continue;
      }
      // "vingt et un": an article after "et" is one.
      if (any && Has(k, QuantityRole::kConnector) && k + 1 < end_ && IsWord(k + 1) &&
          form_[k + 1] != nullptr && (form_[k + 1]->roles & RoleBit(QuantityRole::kArticle)) != 0) {
        current += 1;
        k += 2;
        last = k;
        continue;
      }
      break;
    }
    if (!any || total + current <= 0) return false;
    c->begin = c->number_begin = t;
    c->end = c->number_end = last;
    c->value = total + current;
    // "deux millions de personnes"
    const QuantityWord* lw = form_[last - 1];
    c->takes_of = lw != nullptr && lw->multiplier >= 1e6;
    return true;
  }

  bool ParseCount(uint32_t t, Count* c) {
    const Token& tok = Tok(t);
    if (in_time_[t]) return false;
    if (tok.kind == TokenKind::kNumber) {
      const std::string_view form = doc_.Form(tok);
      if (IsOrdinalForm(form) || tok.value <= 0) return false;
      if (t > first_ && Has(t - 1, QuantityRole::kLabel)) return false;
      // "Boeing 737", "Resolution 2254": a number after a name.
      if (t > first_ && IsWord(t - 1) && Capitalised(t - 1) && IsPos(t - 1, Pos::kPropn) &&
          (Tok(t - 1).flags & token_flags::kSentenceStart) == 0 && t - 1 != first_)
        return false;
      // "2,5" "-year-old", "3-0": a number glued to a hyphen or a slash.
      if (t + 1 < end_ && Tok(t + 1).begin == tok.end) {
        const std::string_view next = doc_.Form(Tok(t + 1));
        if (next == "-" || next == "/" || next == ":" || next == "–") return false;
      }
      c->begin = c->number_begin = t;
      c->end = c->number_end = t + 1;
      c->value = tok.value;
      if (t + 1 < end_ && form_[t + 1] != nullptr && form_[t + 1]->multiplier >= 1000) {
        c->value *= form_[t + 1]->multiplier;  // "1,5 million"
        c->end = c->number_end = t + 2;
        c->takes_of = true;
      }
      return true;
    }
    if (!IsWord(t)) return false;
    if (form_[t] == nullptr) return ParseNumberWords(t, c);  // "vingt-deux"
    // [une] dizaine, [a] dozen: about; [des] dizaines, dozens: many.
    uint32_t k = t;
    const bool article = Has(k, QuantityRole::kArticle), plural = Has(k, QuantityRole::kPlural);
    if ((article || plural) && k + 1 < end_) ++k;
    if (form_[k] != nullptr) {
      const uint32_t roles = form_[k]->roles;
      if ((roles & RoleBit(QuantityRole::kApprox)) != 0 && (k == t || article)) {
        c->begin = t;
        c->number_begin = k;
        c->end = c->number_end = k + 1;
        c->value = form_[k]->approx;
        c->qualifier = Qualifier::kAbout;
        c->takes_of = true;
        return true;
      }
      if ((roles & RoleBit(QuantityRole::kMany)) != 0 && (k == t || plural)) {
        c->begin = t;
        c->number_begin = k;
        c->end = c->number_end = k + 1;
        // "des dizaines de milliers"
        while (c->end + 1 < end_ && Has(c->end, QuantityRole::kOf) && form_[c->end + 1] != nullptr &&
               (form_[c->end + 1]->roles & RoleBit(QuantityRole::kMany)) != 0)
          c->end = c->number_end = c->end + 2;
        c->qualifier = Qualifier::kManyUnquantified;
        c->takes_of = true;
        return true;
      }
    }
    // "several hundred", "plusieurs milliers": many.
    if (plural && k != t && form_[k] != nullptr &&
        (form_[k]->roles & RoleBit(QuantityRole::kMultiplier)) != 0) {
      c->begin = t;
      c->number_begin = k;
      c->end = c->number_end = k + 1;
      c->qualifier = Qualifier::kManyUnquantified;
      c->takes_of = true;
      return true;
    }
    if (ParseNumberWords(t, c)) return true;
    // "un grand nombre de", "de nombreux", "many".
    if (form_[t]->starts_many) {
      for (const QualifierPhrase& p : lang_.qualifiers) {
        if (p.qualifier != Qualifier::kManyUnquantified || !MatchesAt(p, t)) continue;
        c->begin = c->number_begin = t;
        c->end = c->number_end = t + static_cast<uint32_t>(p.literals.size());
        c->qualifier = Qualifier::kManyUnquantified;
        c->qualifier_where = &p.where;
        return true;
      }
    }
    return false;
  }

  bool MatchesAt(const QualifierPhrase& p, uint32_t t) const {
    if (t + p.literals.size() > end_) return false;
    for (size_t i = 0; i < p.literals.size(); ++i) {
      const QuantityWord* w = form_[t + i];
      if (w == nullptr || w->literal != p.literals[i]) return false;
    }
    return true;
  }

  // A qualifier phrase that ends right before the count.
  void Qualify(Count* c) const {
    if (c->qualifier == Qualifier::kManyUnquantified) return;
    for (const QualifierPhrase& p : lang_.qualifiers) {
      if (p.qualifier == Qualifier::kManyUnquantified) continue;
      const auto n = static_cast<uint32_t>(p.literals.size());
      if (c->begin < first_ + n || !MatchesAt(p, c->begin - n)) continue;
      c->begin -= n;
      c->qualifier = p.qualifier;
      c->qualifier_where = &p.where;
      return;
    }
  }

  bool NounLike(uint32_t t) const {
    if (!IsWord(t)) return false;
    if (Has(t, QuantityRole::kNoun) || Has(t, QuantityRole::kHuman)) return true;
    const Pos p = Tok(t).pos;
    return p == Pos::kNoun || p == Pos::kPropn || (p == Pos::kX && !Capitalised(t));
  }
  bool Stops(uint32_t t) const {
    // Words that end a noun phrase: function words, verbs, units.
    const Pos p = Tok(t).pos;
    return !IsWord(t) || p == Pos::kAdp || p == Pos::kDet || p == Pos::kPron || p == Pos::kCconj ||
           p == Pos::kSconj || p == Pos::kAux || p == Pos::kVerb || Has(t, QuantityRole::kOf) ||
           Has(t, QuantityRole::kAux);
  }

  // The noun counted, from token j; -1 when there is none (or a unit).
  int64_t Head(uint32_t j, uint32_t* modifiers_end) const {
    *modifiers_end = j;
    if (lang_.head_first) {
      for (uint32_t k = j; k < end_ && k < j + kMaxModifiers; ++k) {
        if (Has(k, QuantityRole::kUnit)) return -1;
        if (Has(k, QuantityRole::kNoun) || Has(k, QuantityRole::kHuman)) return k;
        if (Stops(k)) return -1;
        if (NounLike(k)) return k;
        if (!IsPos(k, Pos::kAdj)) return -1;
      }
      return -1;
    }
    int64_t head = -1;
    for (uint32_t k = j; k < end_ && k < j + kMaxModifiers + 1; ++k) {
      if (Has(k, QuantityRole::kUnit)) return -1;  // "50 nautical miles"
      // "12 soldiers killed": a kind verb after a noun ends the phrase.
      if (head != -1 && Has(k, QuantityRole::kVerb) && !Has(k, QuantityRole::kNoun)) break;
      const bool listed = Has(k, QuantityRole::kNoun) || Has(k, QuantityRole::kHuman);
      if (!listed && Stops(k)) break;
      // After a known noun only another known noun goes on: "strikes hit".
      if (!listed && head != -1 && (Has(static_cast<uint32_t>(head), QuantityRole::kNoun) ||
                                    Has(static_cast<uint32_t>(head), QuantityRole::kHuman)))
        break;
      if (listed || NounLike(k)) {
        head = k;
        continue;
      }
      if (!IsPos(k, Pos::kAdj) && !IsPos(k, Pos::kNum)) break;
    }
    if (head != -1) *modifiers_end = static_cast<uint32_t>(head);
    return head;
  }

  // A kind verb or participle after the noun phrase ending at h.
  int64_t ParticipleAfter(uint32_t from) const {
    for (uint32_t k = from; k < end_ && k < from + kMaxAfter; ++k) {
      const QuantityWord* v = With(k, QuantityRole::kVerb);
      if (v != nullptr) return k;
      if (!IsWord(k)) return -1;
      const Pos p = Tok(k).pos;
      if (Has(k, QuantityRole::kAux) || Has(k, QuantityRole::kOf) || p == Pos::kAux ||
          p == Pos::kAdj || p == Pos::kDet || p == Pos::kPropn || p == Pos::kAdv ||
          Capitalised(k) || (p == Pos::kNoun && k > from && Has(k - 1, QuantityRole::kOf)) ||
          (p == Pos::kNoun && k > from && IsPos(k - 1, Pos::kDet)))
        continue;
      return -1;
    }
    return -1;
  }

  // The kind verb whose object the count is: "ont tué plus de 300".
  int64_t VerbBefore(uint32_t begin) const {
    uint32_t k = begin;
    for (uint32_t skipped = 0; k > first_ && skipped <= kMaxAdverbs; ++skipped) {
      --k;
      // A kind verb; a word that is also a kind noun ("tué", "dead") only as a verb.
      if (Has(k, QuantityRole::kVerb) && (!Has(k, QuantityRole::kNoun) || IsPos(k, Pos::kVerb)))
        return k;
      if (!IsWord(k) || !IsPos(k, Pos::kAdv)) return -1;
    }
    return -1;
  }

  const std::string& Where(int32_t i) const { return lang_.wheres[static_cast<size_t>(i)]; }

  bool Attach(Count& c, uint32_t* next) {
    Qualify(&c);
    uint32_t j = c.end;
    if (c.takes_of && j < end_ && Has(j, QuantityRole::kOf)) ++j;
    if (j < end_ && Has(j, QuantityRole::kUnit)) return false;
    uint32_t modifiers_end;
    int64_t head = Head(j, &modifiers_end);
    std::string kind, rule;
    auto take = [&](const QuantityWord* w, int16_t k, int32_t where, const char* how) {
      kind = lang_.kinds[static_cast<size_t>(k)];
      rule = Where(where) + " " + how;
      (void)w;
    };
    uint32_t h;
    if (head >= 0) {
      h = static_cast<uint32_t>(head);
      if (const QuantityWord* w = With(h, QuantityRole::kNoun)) {
        take(w, w->noun_kind, w->noun_where, "(noun)");
      } else {
        for (uint32_t k = j; k < modifiers_end && kind.empty(); ++k)
          if (const QuantityWord* w = With(k, QuantityRole::kNoun))
            take(w, w->noun_kind, w->noun_where, "(modifier)");
      }
      if (kind.empty()) {
        int64_t p = ParticipleAfter(h + 1);
        if (p >= 0) {
          const QuantityWord* w = With(static_cast<uint32_t>(p), QuantityRole::kVerb);
          take(w, w->verb_kind, w->verb_where, "(participle)");
        }
      }
    } else {
      // "au moins 12 ont été tués": no noun, a participle after.
      int64_t p = ParticipleAfter(j);
      if (p < 0 || j == static_cast<uint32_t>(p)) return false;
      bool through_aux = false;
      for (uint32_t k = j; k < static_cast<uint32_t>(p); ++k)
        through_aux |= Has(k, QuantityRole::kAux) || IsPos(k, Pos::kAux);
      if (!through_aux) return false;
      h = static_cast<uint32_t>(p);
      const QuantityWord* w = With(h, QuantityRole::kVerb);
      take(w, w->verb_kind, w->verb_where, "(participle)");
    }
    if (kind.empty()) {
      int64_t v = VerbBefore(c.begin);
      if (v >= 0) {
        const QuantityWord* w = With(static_cast<uint32_t>(v), QuantityRole::kVerb);
        take(w, w->verb_kind, w->verb_where, "(verb)");
      }
    }
    if (kind.empty()) {
      if (const QuantityWord* w = With(h, QuantityRole::kHuman))
        take(w, w->human_kind, w->human_where, "(human)");
    }
    // Counts without a number, and four-digit numbers that may be years,
    // are kept only when what they count is known.
    const std::string_view number_form = doc_.Form(Tok(c.number_begin));
    const bool year_like = Tok(c.number_begin).kind == TokenKind::kNumber && number_form.size() == 4 &&
                           c.value >= 1800 && c.value <= 2199;
    if (kind.empty() && c.qualifier == Qualifier::kManyUnquantified) return false;
    if (year_like && !Has(h, QuantityRole::kNoun) && !Has(h, QuantityRole::kHuman)) return false;
    Quantity q;
    q.span = {Tok(c.begin).begin, Tok(h).end};
    q.first_token = c.begin;
    q.token_count = h + 1 - c.begin;
    q.value = c.qualifier == Qualifier::kManyUnquantified ? 0 : c.value;
    q.qualifier = c.qualifier;
    q.kind = std::move(kind);
    q.head_token = h;
    std::string evidence = c.qualifier_where != nullptr ? *c.qualifier_where : std::string();
    if (!rule.empty()) evidence += (evidence.empty() ? "" : "; ") + rule;
    if (evidence.empty()) evidence = "number";
    q.evidence = {{Tok(c.number_begin).begin, Tok(c.number_end - 1).end}, std::move(evidence)};
    doc_.quantities.push_back(std::move(q));
    *next = h + 1;
    return true;
  }

  Document& doc_;
  const QuantityLanguage& lang_;
  const std::vector<const QuantityWord*>& form_;
  const std::vector<const QuantityWord*>& lemma_;
  const std::vector<uint8_t>& in_time_;
  std::string& scratch_;
  const uint32_t first_, end_;
};

}  // namespace

Status QuantityStage::Process(Document& doc) {
  doc.quantities.clear();
  const size_t n = doc.tokens.size();
  form_.assign(n, nullptr);
  lemma_.assign(n, nullptr);
  in_time_.assign(n, 0);
  for (const TimeExpr& t : doc.times)
    for (uint32_t i = t.first_token; i < t.first_token + t.token_count && i < n; ++i) in_time_[i] = 1;
  for (const Sentence& s : doc.sentences) {
    if (s.token_count == 0) continue;
    std::string_view code = doc.language;
    if (s.paragraph < doc.paragraphs.size() && !doc.paragraphs[s.paragraph].language.empty())
      code = doc.paragraphs[s.paragraph].language;
    const QuantityLanguage* lang = knowledge_->Language(code);
    if (lang == nullptr) continue;
    const uint32_t first = s.first_token, end = s.first_token + s.token_count;
    bool any = false;
    for (uint32_t t = first; t < end; ++t) {
      const Token& tok = doc.tokens[t];
      if (tok.kind == TokenKind::kNumber) {
        any = true;
        continue;
      }
      if (tok.kind != TokenKind::kWord && tok.kind != TokenKind::kSymbol) continue;
      form_[t] = lang->Find(doc.FoldedForm(t));
      if (tok.kind == TokenKind::kWord && tok.lemma_length > 0) {
        const std::string_view lemma = doc.Lemma(tok);
        if (lemma != doc.Form(tok)) {
          utf8::FoldInto(lemma, &folded_);
          lemma_[t] = lang->Find(folded_);
        } else {
          lemma_[t] = form_[t];
        }
      }
      any |= form_[t] != nullptr;
    }
    if (!any) continue;
    SentenceReader(doc, *lang, form_, lemma_, in_time_, &folded_, first, end).Run();
  }
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeQuantityStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<QuantityStage, QuantityKnowledge>(config, cache, "quantity");
}

}  // namespace vigie
