// Contractions; see words.h.
#include "parse/words.h"

namespace vigie::parse {

Result<std::shared_ptr<const Contractions>> Contractions::Load(const DataSource& read) {
  auto out = std::make_shared<Contractions>();
  Status s = read("parse/words.txt", [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3 && line.fields.size() != 4)
      return line.Error("expected: lang, token, words [, after UPOS...]");
    Contraction c;
    c.rule = line.Where();
    std::string_view words = line.fields[2];
    size_t start = 0;
    while (start < words.size()) {
      size_t space = words.find(' ', start);
      std::string_view w = words.substr(start, space == std::string_view::npos ? space : space - start);
      start = space == std::string_view::npos ? words.size() : space + 1;
      if (w.empty()) continue;
      // form/UPOS or form/UPOS/lemma
      size_t slash = w.find('/');
      size_t second = slash == std::string_view::npos ? slash : w.find('/', slash + 1);
      if (slash == std::string_view::npos || slash == 0 || second == slash + 1 ||
          (second != std::string_view::npos && second + 1 >= w.size()))
        return line.Error("a word must be written form/UPOS or form/UPOS/lemma: '" + std::string(w) + "'");
      std::string_view tag = w.substr(slash + 1, second == std::string_view::npos ? second : second - slash - 1);
      Pos p = PosFromName(tag);
      if (p == Pos::kCount) return line.Error("unknown UPOS '" + std::string(tag) + "'");
      c.words.emplace_back(std::string(w.substr(0, slash)), p);
      c.lemmas.emplace_back(second == std::string_view::npos ? w.substr(0, slash) : w.substr(second + 1));
    }
    if (c.words.size() < 2) return line.Error("a contraction is at least two words");
    if (line.fields.size() == 4) {
      std::string_view after = line.fields[3];
      if (after.substr(0, 6) != "after ") return line.Error("the fourth field must start with 'after '");
      after.remove_prefix(6);
      size_t at = 0;
      while (at < after.size()) {
        size_t space = after.find(' ', at);
        std::string_view tag = after.substr(at, space == std::string_view::npos ? space : space - at);
        at = space == std::string_view::npos ? after.size() : space + 1;
        if (tag.empty()) continue;
        Pos p = PosFromName(tag);
        if (p == Pos::kCount) return line.Error("unknown UPOS '" + std::string(tag) + "'");
        c.after |= PosBit(p);
      }
      if (c.after == 0) return line.Error("'after' names no part of speech");
    }
    auto& lang = out->by_lang_[std::string(line.fields[0])];
    if (!lang.emplace(std::string(line.fields[1]), std::move(c)).second)
      return line.Error("token listed twice");
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::shared_ptr<const Contractions>(std::move(out));
}

const Contraction* Contractions::Find(const std::string& lang, const std::string& lower) const {
  auto l = by_lang_.find(lang);
  if (l == by_lang_.end()) return nullptr;
  auto c = l->second.find(lower);
  return c == l->second.end() ? nullptr : &c->second;
}

}  // namespace vigie::parse
