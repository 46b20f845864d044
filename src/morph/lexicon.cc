// Lexicon files and Hunspell analyses as readings; see lexicon.h.
#include "morph/lexicon.h"

#include <cctype>

#include "base/data_file.h"
#include "base/utf8.h"

namespace vigie {

std::string LexiconKey(std::string_view form) {
  std::string key = utf8::Lower(form);
  for (size_t at; (at = key.find("\xE2\x80\x99")) != std::string::npos;) key.replace(at, 3, "'");
  for (size_t at; (at = key.find("\xCA\xBC")) != std::string::npos;) key.replace(at, 2, "'");
  return key;
}

bool ParsePosList(std::string_view text, std::vector<Pos>* out) {
  out->clear();
  while (!text.empty()) {
    size_t bar = text.find('|');
    std::string_view tag = text.substr(0, bar);
    bool found = false;
    for (int i = 0; i < static_cast<int>(Pos::kCount); ++i) {
      if (PosName(static_cast<Pos>(i)) == tag) {
        out->push_back(static_cast<Pos>(i));
        found = true;
        break;
      }
    }
    if (!found) return false;
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return !out->empty();
}

Result<std::shared_ptr<const Lexicon>> Lexicon::Build(const DataSource& read,
                                                      const std::string& relative) {
  auto lex = std::make_shared<Lexicon>();
  Status s = read(relative, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected: form  lemma  POS|POS");
    std::vector<Pos> tags;
    if (!ParsePosList(line.fields[2], &tags))
      return line.Error("unknown part of speech in '" + std::string(line.fields[2]) +
                        "' (use NOUN, VERB, ADP, ... separated by |)");
    auto& readings = lex->entries_[LexiconKey(line.fields[0])];
    if (!readings.empty()) return line.Error("'" + std::string(line.fields[0]) + "' listed twice");
    for (Pos p : tags) readings.push_back({std::string(line.fields[1]), p});
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::FromText(std::string_view file,
                                                         std::string_view text) {
  return Build(DataInMemory({{std::string(file), std::string(text)}}), std::string(file));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& data_dir,
                                                     const std::string& relative) {
  return Build(DataDirectory(data_dir), relative);
}

const std::vector<Reading>* Lexicon::Find(std::string_view form) const {
  auto it = entries_.find(LexiconKey(form));
  return it == entries_.end() ? nullptr : &it->second;
}

namespace {

// Part of speech of one Hunspell "po:" tag (the French dictionary's tagset).
Pos PosOfTag(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'v' && tag[1] >= '0' && tag[1] <= '3') return Pos::kVerb;
  if (tag == "nom") return Pos::kNoun;
  if (tag == "adj") return Pos::kAdj;
  if (tag == "adv" || tag.starts_with("adv")) return Pos::kAdv;
  if (tag.starts_with("prep")) return Pos::kAdp;
  if (tag.starts_with("det")) return Pos::kDet;
  if (tag.starts_with("pro") || tag == "ppers") return Pos::kPron;
  if (tag == "cjco") return Pos::kCconj;
  if (tag == "cjsub") return Pos::kSconj;
  if (tag == "npr" || tag == "prn" || tag == "patr") return Pos::kPropn;
  if (tag == "nb") return Pos::kNum;
  if (tag == "interj") return Pos::kIntj;
  return Pos::kX;
}

}  // namespace

std::vector<Reading> ReadingsFromHunspell(std::string_view form,
                                          const std::vector<std::string>& analyses) {
  std::vector<Reading> out;
  for (const std::string& a : analyses) {
    std::string_view rest = a;
    std::string lemma;
    std::vector<Pos> tags;
    bool prefixed = false;  // an affix before the stem: "[re] st:built", "fl:E st:place"
    bool local_person = false, third_person = false;
    while (!rest.empty()) {
      size_t sp = rest.find(' ');
      std::string_view field = rest.substr(0, sp);
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      if (field.empty()) continue;
      if (field.starts_with("st:")) {
        lemma = std::string(field.substr(3));
        if (prefixed) {
          // Put the prefix back: the stem is found inside the form
          // ("displaced" = "dis" + "place" + "d" -> "displace").
          const std::string key = LexiconKey(form);
          size_t at = key.find(LexiconKey(lemma));
          lemma = at == std::string::npos || at == 0 ? std::string() : key.substr(0, at) + lemma;
          if (lemma.empty()) break;
        }
      } else if (lemma.empty() && (field.starts_with("fl:") || field.find(':') == std::string_view::npos)) {
        prefixed = true;
      } else if (field.starts_with("po:")) {
        std::string_view tag = field.substr(3);
        if (tag.starts_with("1") || tag.starts_with("2")) local_person = true;
        if (tag.starts_with("3")) third_person = true;
        Pos p = PosOfTag(tag);
        if (p != Pos::kX) tags.push_back(p);
      } else if (field.starts_with("fl:")) {
        std::string_view flag = field.substr(3);
        if (flag == "D" || flag == "G") tags.push_back(Pos::kVerb);
        else if (flag == "S") {
          tags.push_back(Pos::kNoun);
          tags.push_back(Pos::kVerb);
        } else {
          lemma.clear();  // other English suffixes give odd stems ("dozens" -> "doz")
          break;
        }
      }
    }
    if (lemma.empty()) continue;
    // No tag (English) on a capitalised dictionary word: a proper noun.
    if (tags.empty() && std::isupper(static_cast<unsigned char>(lemma[0]))) tags.push_back(Pos::kPropn);
    if (tags.empty()) tags.push_back(Pos::kX);
    if ((lemma == "avoir" || lemma == "être") && tags.front() == Pos::kVerb)
      tags.front() = Pos::kAux;
    const bool rare = local_person && !third_person;
    for (Pos p : tags) {
      bool dup = false;
      for (const Reading& r : out) dup |= r.lemma == lemma && r.pos == p;
      bool verb = p == Pos::kVerb || p == Pos::kAux;
      if (!dup) out.push_back({lemma, p, rare && verb, third_person && verb});
    }
  }
  return out;
}

}  // namespace vigie
