// Fuzz target: what the syntax stage reads from outside: CoNLL-U treebanks
// (train-parser, eval-parser), model files and the contractions file.
//
// A CoNLL-U text either fails with a file:line error or gives sentences
// whose heads lie inside them, and lifting makes every tree projective. A
// model file either fails with E905 or loads tables that score any feature
// without reading out of bounds (ASan watches). A contractions file either
// fails with a file:line error or gives entries of two words or more.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "parse/model.h"
#include "parse/treebank.h"
#include "parse/words.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);

  auto sentences = vigie::parse::ParseConllu("fuzz.conllu", bytes);
  if (!sentences.ok()) {
    VIGIE_FUZZ_CHECK(sentences.status().code() == vigie::ErrorCode::kBadDataFile);
    VIGIE_FUZZ_CHECK(sentences.status().message().rfind("fuzz.conllu:", 0) == 0);
  } else {
    for (const auto& s : *sentences) {
      std::vector<int> heads;
      bool full = true;
      for (const auto& w : s.words) {
        VIGIE_FUZZ_CHECK(w.head >= -1 && w.head <= static_cast<int>(s.words.size()));
        full = full && w.head >= 0;
        heads.push_back(w.head);
      }
      // Lifting is defined on trees: every word reaches the root.
      bool tree = full;
      for (size_t i = 0; tree && i < heads.size(); ++i) {
        int a = static_cast<int>(i) + 1, steps = 0;
        while (a != 0 && steps++ <= static_cast<int>(heads.size())) a = heads[a - 1];
        tree = a == 0;
      }
      if (tree && heads.size() <= 64) VIGIE_FUZZ_CHECK(vigie::parse::IsProjective(vigie::parse::Projectivize(heads)));
    }
  }

  auto model = vigie::parse::ModelFromBytes("fuzz.model", bytes);
  if (!model.ok()) {
    VIGIE_FUZZ_CHECK(model.status().code() == vigie::ErrorCode::kBadModel);
  } else {
    std::vector<float> scores((*model)->parser.weights().classes(), 0.0f);
    vigie::parse::FeatureKey keys[4] = {0, 1, ~uint64_t{0}, size};
    (*model)->parser.weights().Score(keys, 4, scores.data());
  }

  auto words = vigie::parse::Contractions::Load(vigie::DataInMemory({{"parse/words.txt", bytes}}));
  if (!words.ok()) {
    VIGIE_FUZZ_CHECK(words.status().code() == vigie::ErrorCode::kBadDataFile);
    VIGIE_FUZZ_CHECK(words.status().message().find("parse/words.txt:") != std::string::npos);
  }
  return 0;
}
