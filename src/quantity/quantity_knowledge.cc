// Loading and checking the quantity stage's word lists; see
// quantity_knowledge.h and the header comments of data/quantity/*.txt.
#include "quantity/quantity_knowledge.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr std::string_view kLanguages[] = {"fr", "en"};

// The kinds of Quantity::kind (src/doc/document.h).
constexpr std::string_view kKinds[] = {"killed",  "wounded",  "abducted", "arrested", "displaced",
                                       "strikes", "raids",    "missiles", "rockets",  "drones",
                                       "tanks",   "vehicles", "people"};

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t b = 0; b < s.size();) {
    size_t e = std::min(s.find(' ', b), s.size());
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

bool ParseNumber(std::string_view s, double* out) {
  std::string copy(s);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size() && *out > 0;
}

Status ReadNumbers(const DataSource& read, const std::string& file, QuantityLanguage* lang) {
  static constexpr std::pair<std::string_view, QuantityRole> kRoles[] = {
      {"number", QuantityRole::kNumber},   {"multiplier", QuantityRole::kMultiplier},
      {"approx", QuantityRole::kApprox},   {"many", QuantityRole::kMany},
      {"article", QuantityRole::kArticle}, {"plural", QuantityRole::kPlural},
      {"of", QuantityRole::kOf},           {"connector", QuantityRole::kConnector}};
  return read(file, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected three fields: role, value, words");
    const QuantityRole* role = nullptr;
    for (const auto& [name, r] : kRoles)
      if (name == line.fields[0]) role = &r;
    if (role == nullptr)
      return line.Error("unknown role '" + std::string(line.fields[0]) +
                        "' (number, multiplier, approx, many, article, plural, of, connector)");
    double value = 0;
    const bool valued = *role == QuantityRole::kNumber || *role == QuantityRole::kMultiplier ||
                        *role == QuantityRole::kApprox;
    if (valued && !ParseNumber(line.fields[1], &value))
      return line.Error("'" + std::string(line.fields[1]) + "' is not a positive number");
    if (!valued && line.fields[1] != "-") return line.Error("this role takes no value: write '-'");
    const auto words = SplitSpaces(line.fields[2]);
    if (words.empty()) return line.Error("no words");
    for (std::string_view w : words) {
      QuantityWord& qw = lang->words[utf8::Fold(w)];
      if ((qw.roles & RoleBit(*role)) != 0 && valued)
        return line.Error("'" + std::string(w) + "' is listed twice as " + std::string(line.fields[0]));
      qw.roles |= RoleBit(*role);
      if (*role == QuantityRole::kNumber) qw.number = value;
      if (*role == QuantityRole::kMultiplier) qw.multiplier = value;
      if (*role == QuantityRole::kApprox) qw.approx = value;
    }
    return Status::Ok();
  });
}

Status ReadNouns(const DataSource& read, const std::string& file, QuantityLanguage* lang) {
  return read(file, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected three fields: role, kind, words");
    const std::string_view role = line.fields[0], kind = line.fields[1];
    if (role == "order") {
      if (kind == "head-first") lang->head_first = true;
      else if (kind == "head-last") lang->head_first = false;
      else return line.Error("order is head-first or head-last");
      return Status::Ok();
    }
    QuantityRole r;
    if (role == "noun") r = QuantityRole::kNoun;
    else if (role == "verb") r = QuantityRole::kVerb;
    else if (role == "human") r = QuantityRole::kHuman;
    else if (role == "unit") r = QuantityRole::kUnit;
    else if (role == "label") r = QuantityRole::kLabel;
    else if (role == "aux") r = QuantityRole::kAux;
    else
      return line.Error("unknown role '" + std::string(role) +
                        "' (noun, verb, human, unit, label, aux, order)");
    const bool kinded = r == QuantityRole::kNoun || r == QuantityRole::kVerb || r == QuantityRole::kHuman;
    int16_t kind_index = -1;
    if (kinded) {
      if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds))
        return line.Error("unknown kind '" + std::string(kind) +
                          "' (killed, wounded, abducted, arrested, displaced, strikes, raids, "
                          "missiles, rockets, drones, tanks, vehicles, people)");
      auto it = std::find(lang->kinds.begin(), lang->kinds.end(), kind);
      if (it == lang->kinds.end()) it = lang->kinds.insert(it, std::string(kind));
      kind_index = static_cast<int16_t>(it - lang->kinds.begin());
    } else if (kind != "-") {
      return line.Error("this role takes no kind: write '-'");
    }
    const auto where = static_cast<int32_t>(lang->wheres.size());
    lang->wheres.push_back(line.Where());
    const auto words = SplitSpaces(line.fields[2]);
    if (words.empty()) return line.Error("no words");
    for (std::string_view w : words) {
      QuantityWord& qw = lang->words[utf8::Fold(w)];
      qw.roles |= RoleBit(r);
      int16_t* slot = r == QuantityRole::kNoun   ? &qw.noun_kind
                      : r == QuantityRole::kVerb ? &qw.verb_kind
                      : r == QuantityRole::kHuman ? &qw.human_kind
                                                  : nullptr;
      if (slot == nullptr) continue;
      if (*slot >= 0 && *slot != kind_index)
        return line.Error("'" + std::string(w) + "' already has the kind " + lang->kinds[*slot] +
                          " as " + std::string(role));
      *slot = kind_index;
      (r == QuantityRole::kNoun ? qw.noun_where : r == QuantityRole::kVerb ? qw.verb_where
                                                                           : qw.human_where) = where;
    }
    return Status::Ok();
  });
}

Status ReadQualifiers(const DataSource& read, const std::string& file, QuantityLanguage* lang) {
  static constexpr std::pair<std::string_view, Qualifier> kQualifiers[] = {
      {"more_than", Qualifier::kMoreThan}, {"at_least", Qualifier::kAtLeast},
      {"about", Qualifier::kAbout},        {"up_to", Qualifier::kUpTo},
      {"exact", Qualifier::kExact},        {"many_unquantified", Qualifier::kManyUnquantified}};
  std::unordered_map<std::string, int32_t> ids;
  Status s = read(file, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 2) return line.Error("expected two fields: qualifier, phrase");
    QualifierPhrase p;
    bool known = false;
    for (const auto& [name, q] : kQualifiers)
      if (name == line.fields[0]) {
        p.qualifier = q;
        known = true;
      }
    if (!known)
      return line.Error("unknown qualifier '" + std::string(line.fields[0]) +
                        "' (more_than, at_least, about, up_to, exact, many_unquantified)");
    const auto words = SplitSpaces(line.fields[1]);
    if (words.empty() || words.size() > 8) return line.Error("a phrase has 1 to 8 words");
    for (std::string_view w : words) {
      std::string folded = utf8::Fold(w);
      auto [it, added] = ids.emplace(folded, static_cast<int32_t>(ids.size()));
      lang->words[folded].literal = it->second;
      p.literals.push_back(it->second);
    }
    if (p.qualifier == Qualifier::kManyUnquantified)
      lang->words[utf8::Fold(words.front())].starts_many = true;
    p.where = line.Where();
    lang->qualifiers.push_back(std::move(p));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  std::stable_sort(lang->qualifiers.begin(), lang->qualifiers.end(),
                   [](const QualifierPhrase& a, const QualifierPhrase& b) {
                     return a.literals.size() > b.literals.size();
                   });
  return Status::Ok();
}

}  // namespace

const QuantityLanguage* QuantityKnowledge::Language(std::string_view lang) const {
  auto it = languages.find(std::string(lang));
  return it == languages.end() ? nullptr : &it->second;
}

Result<std::shared_ptr<const QuantityKnowledge>> QuantityKnowledge::Make(const DataSource& read) {
  auto k = std::make_shared<QuantityKnowledge>();
  for (std::string_view code : kLanguages) {
    QuantityLanguage lang;
    const std::string prefix = "quantity/" + std::string(code);
    Status s = ReadNumbers(read, prefix + ".numbers.txt", &lang);
    if (s.ok()) s = ReadQualifiers(read, prefix + ".qualifiers.txt", &lang);
    if (s.ok()) s = ReadNouns(read, prefix + ".nouns.txt", &lang);
    if (!s.ok()) return s;
    if (!lang.words.empty()) k->languages.emplace(std::string(code), std::move(lang));
  }
  return std::shared_ptr<const QuantityKnowledge>(std::move(k));
}

Result<std::shared_ptr<const QuantityKnowledge>> QuantityKnowledge::Load(const std::string& data_dir) {
  return Make(DataDirectory(data_dir));
}

}  // namespace vigie
