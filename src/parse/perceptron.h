// Linear models over hashed features, for the tagger and the parser.
//
// Training uses an averaged perceptron (Collins 2002) with sparse rows: each
// feature keeps only the classes it was ever updated for, with the running
// total and the time of its last change, so averaging costs nothing per
// step. Freezing averages the weights, drops the ones too small to matter
// and quantises the rest to 16 bits into a WeightTable: an open-addressing
// table from feature key to a run of (class, weight) pairs, immutable and
// shared read-only between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigie::parse {

using FeatureKey = uint64_t;

// Combines a template number and up to three values into one key.
inline FeatureKey Feature(uint64_t templ, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = templ * 0x9E3779B97F4A7C15ull;
  for (uint64_t v : {a, b, c}) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  return h;
}

// A string's key (FNV-1a, 64 bits): stable across runs and machines.
uint64_t StringKey(std::string_view s);

// An array a table owns (built by training) or views (inside a mapped
// model file, kept alive by the table).
template <typename T>
class Array {
 public:
  std::vector<T>& Own() {
    owned_ = true;
    return own_;
  }
  void View(const T* p, size_t n) {
    owned_ = false;
    own_.clear();
    view_ = std::span<const T>(p, n);
  }
  const T* data() const { return owned_ ? own_.data() : view_.data(); }
  size_t size() const { return owned_ ? own_.size() : view_.size(); }
  bool empty() const { return size() == 0; }
  const T& operator[](size_t i) const { return data()[i]; }

 private:
  bool owned_ = true;
  std::vector<T> own_;
  std::span<const T> view_;
};

class WeightTable {
 public:
  static constexpr uint32_t kMaxClasses = 512;
  // Adds every feature's weights into scores[0..classes).
  void Score(const FeatureKey* features, size_t n, float* scores) const;
  size_t classes() const { return classes_; }
  size_t features() const { return count_; }
  size_t bytes() const {
    return slots_.size() * sizeof(Slot) + classes_of_.size() * 2 + weights_.size() * 2;
  }

  // Appends the table; its arrays start at multiples of 8 bytes from the
  // start of `out`, so a mapped file can be read in place.
  void Serialize(std::string* out) const;
  // Views what Serialize wrote at *data (which lies `base` bytes... inside a
  // buffer starting at `base` and kept alive by `keep`), advancing *data;
  // false if malformed. Nothing is copied.
  bool Deserialize(std::string_view* data, const char* base, std::shared_ptr<const void> keep);

 private:
  friend class Perceptron;
  // A slot holds the upper half of a feature's key (never 0: 0 marks an
  // empty slot) and where its run starts; a run is its length, then that
  // many (class, weight) pairs, in classes_of_ and weights_ side by side.
  struct Slot {
    uint32_t fingerprint = 0;
    uint32_t offset = 0;
  };
  static uint32_t Fingerprint(FeatureKey key) { return static_cast<uint32_t>(key >> 32) | 1u; }
  size_t Home(FeatureKey key) const {
    return static_cast<size_t>((static_cast<uint64_t>(static_cast<uint32_t>(key)) * slots_.size()) >> 32);
  }
  uint32_t classes_ = 0;
  uint64_t count_ = 0;
  float scale_ = 1;  // weight = int16 * scale
  Array<Slot> slots_;
  Array<uint16_t> classes_of_;
  Array<int16_t> weights_;
  std::shared_ptr<const void> keep_;  // the mapped file the arrays view
};

class Perceptron {
 public:
  explicit Perceptron(size_t classes) : classes_(classes) {}
  // Current (not averaged) weights, for decisions during training.
  void Score(const std::vector<FeatureKey>& features, float* scores) const;
  // Moves weight from `guess` to `truth` for every feature.
  void Update(const std::vector<FeatureKey>& features, int truth, int guess);
  // One more training instance seen (the clock of the averaging).
  void Tick() { ++now_; }
  // The averaged weights; |weight| below `prune` times the largest is
  // dropped, then the smallest weights until the table fits in max_bytes
  // (0: no bound).
  WeightTable Freeze(double prune, size_t max_bytes = 0) const;
  size_t features() const { return rows_.size(); }

 private:
  struct Entry {
    uint32_t cls;
    float weight;
    double total;      // sum of weight over time, up to `stamp`
    uint64_t stamp;
  };
  size_t classes_;
  uint64_t now_ = 0;
  std::unordered_map<FeatureKey, std::vector<Entry>> rows_;
};

}  // namespace vigie::parse
