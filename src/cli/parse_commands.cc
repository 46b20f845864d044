// train-parser, eval-parser and parse; see parse_commands.h. The ambiguity
// class the tagger reads is the morph stage's, computed here by the same
// analyzer for the treebanks' words.
#include "cli/parse_commands.h"

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "morph/morph_stage.h"
#include "pipeline/registry.h"
#include "parse/model.h"
#include "parse/train.h"

namespace vigie::cli {

namespace fs = std::filesystem;

namespace {

bool IsPunctuation(std::string_view form) {
  for (unsigned char c : form)
    if (c >= 0x80 || std::isalnum(c)) return false;
  return !form.empty();
}

// The morph stage's parts of speech for a form, as the parse stage reads
// them from Token::pos_mask.
class Masks {
 public:
  Masks(const std::string& data_dir, const std::string& lang) : cache_() {
    config_.data_dir = data_dir;
    stage_ = std::make_unique<MorphStage>(config_, cache_);
    auto a = stage_->AnalyzerFor(lang);
    if (a.ok()) analyzer_ = *a;
    else status_ = a.status();
  }
  const Status& status() const { return status_; }
  uint32_t operator()(std::string_view form) {
    if (IsPunctuation(form)) return PosBit(Pos::kPunct);
    if (std::isdigit(static_cast<unsigned char>(form[0]))) return PosBit(Pos::kNum);
    return analyzer_->Analyze(form).pos_mask;
  }

 private:
  Config config_;
  ResourceCache cache_;
  std::unique_ptr<MorphStage> stage_;
  MorphAnalyzer* analyzer_ = nullptr;
  Status status_;
};

std::string SharedUd() {
#ifdef VIGIE_SOURCE_DIR
  return std::string(VIGIE_SOURCE_DIR) + "/../shared/ud";
#else
  return "../shared/ud";
#endif
}

}  // namespace

void WriteConllu(const Document& doc, std::ostream& out) {
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    if (s.word_count == 0) continue;
    out << "# sent_id = " << doc.id << "-" << si + 1 << "\n";
    std::string text(doc.Slice(s.span));
    for (char& c : text)
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    out << "# text = " << text << "\n";
    for (uint32_t ti = s.first_token; ti < s.first_token + s.token_count; ++ti) {
      const Token& t = doc.tokens[ti];
      const uint32_t first = t.first_word - s.first_word + 1;
      const std::string misc_space = (t.flags & token_flags::kSpaceAfter) ? "" : "SpaceAfter=No|";
      const std::string range = "TokenRange=" + std::to_string(t.begin) + ":" + std::to_string(t.end);
      if (t.word_count > 1)
        out << first << "-" << first + t.word_count - 1 << "\t" << doc.Form(t) << "\t_\t_\t_\t_\t_\t_\t_\t"
            << misc_space << range << "\n";
      for (uint32_t k = 0; k < t.word_count; ++k) {
        const Word& w = doc.words[t.first_word + k];
        const int head = w.head < 0 ? 0 : w.head - static_cast<int>(s.first_word) + 1;
        std::string_view lemma = doc.WordLemma(w);
        out << first + k << "\t" << doc.WordForm(w) << "\t" << (lemma.empty() ? "_" : lemma) << "\t"
            << PosName(w.pos) << "\t_\t_\t" << head << "\t" << (w.head < 0 ? "root" : DepRelName(w.dep))
            << "\t_\t" << (t.word_count == 1 ? misc_space + range : std::string("_")) << "\n";
      }
    }
    out << "\n";
  }
}

nlohmann::ordered_json SyntaxJson(const Document& doc) {
  nlohmann::ordered_json j;
  j["id"] = doc.id;
  if (!doc.status.ok()) {
    j["error"] = doc.status.ToString();
    return j;
  }
  j["language"] = doc.language;
  auto& sentences = j["sentences"] = nlohmann::ordered_json::array();
  for (const Sentence& s : doc.sentences) {
    nlohmann::ordered_json js;
    js["begin"] = s.span.begin;
    js["end"] = s.span.end;
    js["text"] = doc.Slice(s.span);
    auto& words = js["words"] = nlohmann::ordered_json::array();
    for (uint32_t i = s.first_word; i < s.first_word + s.word_count; ++i) {
      const Word& w = doc.words[i];
      const Token& t = doc.tokens[w.token];
      nlohmann::ordered_json jw;
      jw["id"] = i - s.first_word + 1;
      jw["form"] = doc.WordForm(w);
      jw["lemma"] = doc.WordLemma(w);
      jw["upos"] = PosName(w.pos);
      jw["head"] = w.head < 0 ? 0 : w.head - static_cast<int>(s.first_word) + 1;
      jw["deprel"] = w.head < 0 ? "root" : DepRelName(w.dep);
      jw["begin"] = t.begin;
      jw["end"] = t.end;
      words.push_back(std::move(jw));
    }
    sentences.push_back(std::move(js));
  }
  return j;
}

int RunParse(const ParseOptions& o, std::ostream& out) {
  if (o.format != "conllu" && o.format != "json") {
    std::cerr << "vigie parse: --format must be conllu or json\n";
    return 2;
  }
  if (!CheckPublished(o.common.published, "parse") || !CheckLang(o.common.lang, "parse")) return 2;
  Config config = MakeConfig(o.common);
  ResourceCache cache;
  Registry registry;
  RegisterStandardStages(registry);
  auto pipeline = Pipeline::Build(registry, {"extract", "langid", "segment", "morph", "parse"}, config, cache);
  if (!pipeline.ok()) {
    std::cerr << "vigie parse: " << pipeline.status().ToString() << "\n";
    return 2;
  }
  Reader reader(o.common.paths, MakeReaderOptions(o.common));
  Tally tally;
  Document doc;
  while (reader.Next(&doc)) {
    if (doc.status.ok()) {
      doc.layers = {Layer::kSource};
      pipeline->Run(doc);
    }
    tally.Add(doc);
    if (!doc.status.ok()) {
      std::cerr << "vigie parse: " << doc.id << ": " << doc.status.ToString() << "\n";
      if (o.format == "conllu") continue;
    }
    if (o.format == "conllu") WriteConllu(doc, out);
    else out << SyntaxJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cerr << "vigie parse: " << tally.Summary() << "\n";
  return tally.ExitCode();
}

int RunTrainParser(const TrainParserOptions& o, std::ostream& out) {
  parse::TrainOptions t;
  t.lang = o.lang;
  t.train = o.train;
  t.dev = o.dev;
  const std::string ud = SharedUd();
  if (t.train.empty() && o.lang == "en") t.train = {ud + "/en/en_ewt-ud-train.conllu.gz"};
  if (t.dev.empty() && o.lang == "en") t.dev = {ud + "/en/en_ewt-ud-dev.conllu.gz"};
  if (t.train.empty() && o.lang == "fr")
    // Sequoia and GSD, with the optional spoken (Rhapsodie, ParisStories)
    // and question (FQB) treebanks: together better on Sequoia's dev set
    // (LAS 86.36 against 86.29, UAS 89.08 against 88.79).
    t.train = {ud + "/fr/fr_sequoia-ud-train.conllu.gz", ud + "/fr/fr_gsd-ud-dev.conllu.gz",
               ud + "/fr/extra/fr_rhapsodie-ud-train.conllu.gz",
               ud + "/fr/extra/fr_parisstories-ud-train.conllu.gz", ud + "/fr/extra/fr_fqb-ud-all.conllu.gz"};
  if (t.dev.empty() && o.lang == "fr") t.dev = {ud + "/fr/fr_sequoia-ud-dev.conllu.gz"};
  if (t.train.empty()) {
    std::cerr << "vigie train-parser: give --train (and --dev) for language '" << o.lang << "'\n";
    return 2;
  }
  t.tagger_epochs = o.tagger_epochs;
  t.parser_epochs = o.parser_epochs;
  t.folds = o.folds;
  t.seed = o.seed;
  t.log = &std::cerr;
  Masks masks(FindDataDir(o.data_dir), o.lang);
  if (!masks.status().ok()) {
    std::cerr << "vigie train-parser: " << masks.status().ToString() << "\n";
    return 2;
  }
  auto model = parse::TrainModel(t, [&](std::string_view f) { return masks(f); });
  if (!model.ok()) {
    std::cerr << "vigie train-parser: " << model.status().ToString() << "\n";
    return 2;
  }
  std::string path = o.out.empty() ? FindModelDir("") + "/parse/" + o.lang + ".model" : o.out;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (Status s = parse::SaveModel(*model, path); !s.ok()) {
    std::cerr << "vigie train-parser: " << s.ToString() << "\n";
    return 2;
  }
  out << model->about << "written to " << path << " (" << fs::file_size(path, ec) << " bytes)\n";
  return 0;
}

int RunEvalParser(const EvalParserOptions& o, std::ostream& out) {
  std::string lang = o.lang;
  std::string path = o.model;
  if (path.empty()) {
    if (lang.empty()) {
      std::cerr << "vigie eval-parser: give --lang or --model\n";
      return 2;
    }
    path = FindModelDir("") + "/parse/" + lang + ".model";
  }
  const auto start = std::chrono::steady_clock::now();
  auto model = parse::LoadModel(path);
  if (!model.ok()) {
    std::cerr << "vigie eval-parser: " << model.status().ToString() << "\n";
    return 2;
  }
  const double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (lang.empty()) lang = (*model)->lang;
  Masks masks(FindDataDir(o.data_dir), lang);
  if (!masks.status().ok()) {
    std::cerr << "vigie eval-parser: " << masks.status().ToString() << "\n";
    return 2;
  }
  out << std::fixed << std::setprecision(2);
  out << "model " << path << " (" << lang << ", loaded in " << load_ms << " ms; tagger "
      << (*model)->tagger.weights().features() << " features, "
      << (*model)->tagger.weights().bytes() / 1024 << " KiB; parser "
      << (*model)->parser.weights().features() << " features, "
      << (*model)->parser.weights().bytes() / 1024 << " KiB)\n";
  for (const std::string& g : o.gold) {
    auto gold = parse::ReadConllu(g);
    if (!gold.ok()) {
      std::cerr << "vigie eval-parser: " << gold.status().ToString() << "\n";
      return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    parse::ParseScores s = parse::EvaluateModel(**model, *gold, [&](std::string_view f) { return masks(f); },
                                                o.constrain);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out << g.substr(g.find_last_of('/') + 1) << ": " << gold->size() << " sentences, " << s.words
        << " words; UPOS " << s.Upos() << " UAS " << s.Uas() << " LAS " << s.Las() << " ("
        << static_cast<int>(s.words / std::max(secs, 1e-9)) << " words/s with look-ups)\n";
    if (o.per_relation) {
      out << "  relation        gold  system  precision  recall     F1\n";
      for (const auto& [rel, c] : s.relations) {
        if (c.gold == 0 && c.system == 0) continue;
        double p = c.system ? 100.0 * c.correct / c.system : 0;
        double r = c.gold ? 100.0 * c.correct / c.gold : 0;
        double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
        out << "  " << std::left << std::setw(14) << rel << std::right << std::setw(6) << c.gold
            << std::setw(8) << c.system << std::setw(11) << p << std::setw(8) << r << std::setw(7)
            << f << "\n";
      }
    }
  }
  return 0;
}

}  // namespace vigie::cli
