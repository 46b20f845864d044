// Training and evaluation; see train.h.
#include "parse/train.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

namespace vigie::parse {

namespace {

std::string Universal(std::string_view rel) {
  size_t colon = rel.find(':');
  return std::string(rel.substr(0, colon));
}

std::vector<LexicalWord> Lexical(const TreebankSentence& s, const MaskFunction& mask) {
  std::vector<LexicalWord> out;
  out.reserve(s.words.size());
  for (const TreebankWord& w : s.words) out.push_back(MakeLexicalWord(w.form, mask(w.form)));
  return out;
}

std::vector<bool> Commas(const TreebankSentence& s) {
  std::vector<bool> out;
  for (const TreebankWord& w : s.words) out.push_back(IsClauseBreak(w.form));
  return out;
}

Result<std::vector<TreebankSentence>> ReadAll(const std::vector<std::string>& paths) {
  std::vector<TreebankSentence> all;
  for (const std::string& p : paths) {
    auto s = ReadConllu(p);
    if (!s.ok()) return s.status();
    for (auto& x : *s) all.push_back(std::move(x));
  }
  return all;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

bool IsClauseBreak(std::string_view f) {
  return f == "," || f == ";" || f == "-" || f == "\xE2\x80\x93" || f == "\xE2\x80\x94" ||
         f == "(" || f == ")";
}

void AnalyseWords(const ParseModel& model, const std::vector<LexicalWord>& words,
                  const std::vector<bool>& commas, Analysis* out, bool constrain) {
  if (constrain) {
    std::vector<uint32_t> allowed;
    for (const LexicalWord& w : words) allowed.push_back(w.mask);
    model.tagger.Tag(words, &out->tags, &allowed);
  } else {
    model.tagger.Tag(words, &out->tags);
  }
  ParserInput input{words, out->tags, commas};
  model.parser.Parse(input, &out->tree);
}

void AddScores(const TreebankSentence& gold, const Analysis& system,
               const std::vector<std::string>& labels, ParseScores* scores) {
  for (size_t i = 0; i < gold.words.size(); ++i) {
    const TreebankWord& g = gold.words[i];
    const int head = system.tree.heads[i];
    const int label = system.tree.labels[i];
    const std::string sys_rel = label >= 0 && label < static_cast<int>(labels.size())
                                    ? Universal(labels[label]) : "dep";
    const std::string gold_rel = Universal(g.deprel);
    ++scores->words;
    scores->upos += system.tags[i] == g.pos;
    const bool head_ok = head == g.head;
    scores->heads += head_ok;
    const bool both = head_ok && sys_rel == gold_rel;
    scores->labelled += both;
    ++scores->relations[gold_rel].gold;
    ++scores->relations[sys_rel].system;
    if (both) ++scores->relations[gold_rel].correct;
  }
}

ParseScores EvaluateModel(const ParseModel& model, const std::vector<TreebankSentence>& gold,
                          const MaskFunction& mask, bool constrain) {
  ParseScores scores;
  Analysis a;
  for (const TreebankSentence& s : gold) {
    AnalyseWords(model, Lexical(s, mask), Commas(s), &a, constrain);
    AddScores(s, a, model.parser.labels(), &scores);
  }
  return scores;
}

Result<ParseModel> TrainModel(const TrainOptions& o, const MaskFunction& mask) {
  auto log = [&](const std::string& line) {
    if (o.log != nullptr) *o.log << line << std::endl;
  };
  auto train = ReadAll(o.train);
  if (!train.ok()) return train.status();
  auto dev = ReadAll(o.dev);
  if (!dev.ok()) return dev.status();
  if (train->empty()) return Status(ErrorCode::kBadConfig, "no training sentences");
  // Sentences without a full tree (a "_" head) cannot teach the parser.
  std::erase_if(*train, [](const TreebankSentence& s) {
    return std::any_of(s.words.begin(), s.words.end(), [](const TreebankWord& w) { return w.head < 0; });
  });
  const auto start = std::chrono::steady_clock::now();
  std::vector<TaggerExample> tag_examples;
  for (const TreebankSentence& s : *train) {
    TaggerExample ex{Lexical(s, mask), {}};
    for (const TreebankWord& w : s.words) ex.gold.push_back(w.pos);
    tag_examples.push_back(std::move(ex));
  }
  log("train: " + std::to_string(train->size()) + " sentences; dev: " + std::to_string(dev->size()));
  // Jackknifed tags for the parser's training sentences.
  std::vector<std::vector<Pos>> predicted(train->size());
  const int folds = std::max(o.folds, 1);
  for (int f = 0; f < folds && folds > 1; ++f) {
    std::vector<TaggerExample> part;
    for (size_t i = 0; i < tag_examples.size(); ++i)
      if (static_cast<int>(i % folds) != f) part.push_back(tag_examples[i]);
    Tagger t = TrainTagger(part, o.tagger_epochs, o.seed + 101 + f);
    for (size_t i = f; i < tag_examples.size(); i += folds) t.Tag(tag_examples[i].words, &predicted[i]);
    log("tagger fold " + std::to_string(f + 1) + "/" + std::to_string(folds) + " done (" +
        std::to_string(static_cast<int>(Seconds(start))) + " s)");
  }
  ParseModel model;
  model.lang = o.lang;
  model.tagger = TrainTagger(tag_examples, o.tagger_epochs, o.seed);
  if (folds <= 1)
    for (size_t i = 0; i < tag_examples.size(); ++i) model.tagger.Tag(tag_examples[i].words, &predicted[i]);
  // Labels: every relation of the training set, sorted, so the order does
  // not depend on the order of the files.
  std::set<std::string> label_set;
  for (const TreebankSentence& s : *train)
    for (const TreebankWord& w : s.words) label_set.insert(w.deprel);
  label_set.insert("root");
  std::vector<std::string> labels(label_set.begin(), label_set.end());
  auto label_of = [&](const std::string& l) {
    return static_cast<int>(std::lower_bound(labels.begin(), labels.end(), l) - labels.begin());
  };
  std::vector<ParserExample> examples;
  size_t lifted = 0;
  for (size_t i = 0; i < train->size(); ++i) {
    const TreebankSentence& s = (*train)[i];
    ParserExample ex;
    ex.input = {tag_examples[i].words, predicted[i], Commas(s)};
    std::vector<int> heads;
    for (const TreebankWord& w : s.words) heads.push_back(w.head);
    if (!IsProjective(heads)) {
      heads = Projectivize(heads);
      ++lifted;
    }
    ex.gold_heads.push_back(-1);
    ex.gold_labels.push_back(-1);
    for (size_t k = 0; k < s.words.size(); ++k) {
      ex.gold_heads.push_back(heads[k]);
      ex.gold_labels.push_back(label_of(s.words[k].deprel));
    }
    examples.push_back(std::move(ex));
  }
  log("tagger trained (" + std::to_string(static_cast<int>(Seconds(start))) + " s); " +
      std::to_string(labels.size()) + " relations; " + std::to_string(lifted) +
      " non-projective trees lifted");
  // Dev: tags from the final tagger, once.
  std::vector<Analysis> dev_tagged(dev->size());
  std::vector<std::vector<LexicalWord>> dev_words(dev->size());
  std::vector<std::vector<bool>> dev_commas(dev->size());
  for (size_t i = 0; i < dev->size(); ++i) {
    dev_words[i] = Lexical((*dev)[i], mask);
    dev_commas[i] = Commas((*dev)[i]);
    model.tagger.Tag(dev_words[i], &dev_tagged[i].tags);
  }
  std::ostringstream about;
  ParserTraining pt;
  pt.epochs = o.parser_epochs;
  pt.seed = o.seed;
  int best_epoch = 0;
  double best_las = -1;
  ParseScores best_scores;
  pt.evaluate = [&](const Parser& p, int epoch) {
    ParseScores sc;
    for (size_t i = 0; i < dev->size(); ++i) {
      ParserInput in{dev_words[i], dev_tagged[i].tags, dev_commas[i]};
      p.Parse(in, &dev_tagged[i].tree);
      AddScores((*dev)[i], dev_tagged[i], p.labels(), &sc);
    }
    std::ostringstream line;
    line.setf(std::ios::fixed);
    line.precision(2);
    line << "parser epoch " << epoch + 1 << ": dev UPOS " << sc.Upos() << " UAS " << sc.Uas()
         << " LAS " << sc.Las() << " (" << static_cast<int>(Seconds(start)) << " s)";
    log(line.str());
    if (sc.Las() > best_las) {
      best_las = sc.Las();
      best_epoch = epoch + 1;
      best_scores = sc;
    }
    return sc.Las();
  };
  model.parser = TrainParser(examples, labels, pt);
  about.setf(std::ios::fixed);
  about.precision(2);
  about << "vigie syntax model, " << o.lang << "; trained by vigie train-parser, seed " << o.seed
        << ", tagger epochs " << o.tagger_epochs << ", parser epochs " << o.parser_epochs
        << " (best " << best_epoch << "), folds " << folds << "\ntrain:";
  for (const std::string& p : o.train) about << " " << p.substr(p.find_last_of('/') + 1);
  about << "\ndev:";
  for (const std::string& p : o.dev) about << " " << p.substr(p.find_last_of('/') + 1);
  about << "\ndev UPOS " << best_scores.Upos() << " UAS " << best_scores.Uas() << " LAS "
        << best_scores.Las() << "\n";
  model.about = about.str();
  return model;
}

}  // namespace vigie::parse
