// train-parser, eval-parser and parse; see parse_commands.h. The ambiguity
// class the tagger reads is the morph stage's, computed here by the same
// analyzer for the treebanks' words.
#include "cli/parse_commands.h"

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "morph/morph_stage.h"
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

std::string FindModelDir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("VIGIE_MODELS"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const char* rel : {"../share/vigie/models", "../models"}) {
      fs::path p = exe.parent_path() / rel;
      if (fs::exists(p / "parse", ec)) return fs::canonical(p, ec).string();
    }
  }
#ifdef VIGIE_SOURCE_DIR
  return std::string(VIGIE_SOURCE_DIR) + "/models";
#else
  return "models";
#endif
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
    t.train = {ud + "/fr/fr_sequoia-ud-train.conllu.gz", ud + "/fr/fr_gsd-ud-dev.conllu.gz"};
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
    parse::ParseScores s = parse::EvaluateModel(**model, *gold, [&](std::string_view f) { return masks(f); });
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
