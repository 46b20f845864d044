// Event patterns; see patterns.h.
#include "code/patterns.h"

#include "base/utf8.h"

namespace vigie {

namespace {

// Splits on spaces outside the brackets of a trigger.
std::vector<std::string_view> Elements(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    size_t end = i;
    if (text[i] == '[') {
      end = text.find(']', i);
      end = end == std::string_view::npos ? text.size() : end + 1;
      if (end < text.size() && text[end] == '?') ++end;
    } else {
      while (end < text.size() && text[end] != ' ') ++end;
    }
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::vector<std::string> Alternatives(std::string_view word) {
  std::vector<std::string> out;
  for (size_t b = 0; b <= word.size();) {
    size_t bar = std::min(word.find('|', b), word.size());
    if (bar > b) out.push_back(utf8::Fold(word.substr(b, bar - b)));
    b = bar + 1;
  }
  return out;
}

}  // namespace

Result<PatternSet> PatternSet::Read(const DataSource& read, const std::string& relative) {
  PatternSet set;
  Status s = read(relative, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 2) return line.Error("expected: code, pattern");
    EventPattern p;
    p.code = std::string(line.fields[0]);
    if (p.code.size() < 2 || p.code.size() > 4 ||
        p.code.find_first_not_of("0123456789") != std::string::npos)
      return line.Error("'" + p.code + "' is not a CAMEO code (2 to 4 digits)");
    p.where = line.Where();
    bool after_trigger = false;
    std::vector<PatternElement> before;
    for (std::string_view e : Elements(line.fields[1])) {
      if (e.front() == '[') {
        if (after_trigger) return line.Error("two triggers");
        if (e.back() != ']') return line.Error("unclosed trigger '" + std::string(e) + "'");
        std::string_view inside = e.substr(1, e.size() - 2);
        for (std::string_view w : Elements(inside)) p.trigger.push_back(Alternatives(w));
        if (p.trigger.empty()) return line.Error("empty trigger");
        if (p.trigger.size() > 1 && p.trigger.front().size() == 1 && p.trigger.front()[0] == "se") {
          p.reflexive = true;
          p.trigger.erase(p.trigger.begin());
        }
        p.specificity += static_cast<int>(p.trigger.size());
        after_trigger = true;
        continue;
      }
      PatternElement el;
      std::string_view body = e;
      if (body.size() > 1 && body.back() == '?') {
        el.optional = true;
        body.remove_suffix(1);
      }
      if (body == "..") el.kind = PatternElement::Kind::kGap;
      else if (body == "SRC") el.kind = PatternElement::Kind::kSource;
      else if (body == "TGT") el.kind = PatternElement::Kind::kTarget;
      else if (body == "LOC") el.kind = PatternElement::Kind::kPlace;
      else if (body == "TGT|LOC" || body == "LOC|TGT") el.kind = PatternElement::Kind::kTargetOrPlace;
      else if (body.find_first_of("[]") != std::string_view::npos)
        return line.Error("stray bracket in '" + std::string(e) + "'");
      else {
        el.words = Alternatives(body);
        if (el.words.empty()) return line.Error("empty word in '" + std::string(e) + "'");
        for (const std::string& w : el.words)
          if (w == "src" || w == "tgt" || w == "loc")
            return line.Error("slot names are written in capitals: SRC, TGT, LOC");
        p.specificity += 1;
      }
      (after_trigger ? p.right : before).push_back(std::move(el));
    }
    if (!after_trigger) return line.Error("no [trigger]");
    p.left.assign(before.rbegin(), before.rend());
    // A pattern whose trigger opens it ("[raid] de SRC") is a noun phrase.
    p.nominal = p.left.empty();
    const uint32_t index = static_cast<uint32_t>(set.patterns_.size());
    for (const std::string& w : p.trigger.front()) set.by_trigger_[w].push_back(index);
    set.patterns_.push_back(std::move(p));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return set;
}

}  // namespace vigie
