// Averaged perceptron and frozen weight tables; see perceptron.h.
#include "parse/perceptron.h"

#include "parse/bytes.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace vigie::parse {

uint64_t StringKey(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

namespace {

using bytes::Get;
using bytes::Put;

template <typename T>
void PutArray(std::string* out, const Array<T>& v) {
  Put(out, static_cast<uint64_t>(v.size()));
  out->append((8 - out->size() % 8) % 8, '\0');
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <typename T>
bool ViewArray(std::string_view* in, const char* base, Array<T>* v, uint64_t max) {
  uint64_t n = 0;
  if (!Get(in, &n) || n > max) return false;
  const size_t pad = (8 - static_cast<size_t>(in->data() - base) % 8) % 8;
  if (in->size() < pad || (in->size() - pad) / sizeof(T) < n) return false;
  in->remove_prefix(pad);
  if (reinterpret_cast<uintptr_t>(in->data()) % alignof(T) != 0) return false;
  v->View(reinterpret_cast<const T*>(in->data()), n);
  in->remove_prefix(n * sizeof(T));
  return true;
}

}  // namespace

void WeightTable::Score(const FeatureKey* features, size_t n, float* scores) const {
  if (slots_.empty()) return;
  const size_t size = slots_.size();
  const Slot* slots = slots_.data();
  const uint16_t* classes = classes_of_.data();
  const int16_t* weights = weights_.data();
  const size_t total = classes_of_.size();
  // Look-ups are cache misses: in chunks, the home slots of every feature
  // are fetched together, then the runs of those found, then summed, so
  // the misses overlap instead of following one another.
  // Sums are kept in integers and scaled once at the end.
  int32_t sums[kMaxClasses] = {};
  constexpr size_t kChunk = 160;
  size_t homes[kChunk];
  uint32_t runs[kChunk];
  for (size_t start = 0; start < n; start += kChunk) {
    const size_t m = std::min(kChunk, n - start);
    for (size_t f = 0; f < m; ++f) {
      homes[f] = Home(features[start + f]);
      __builtin_prefetch(&slots[homes[f]]);
    }
    size_t found = 0;
    for (size_t f = 0; f < m; ++f) {
      const uint32_t fp = Fingerprint(features[start + f]);
      for (size_t s = homes[f];; s = s + 1 == size ? 0 : s + 1) {
        const Slot& slot = slots[s];
        if (slot.fingerprint == 0) break;
        if (slot.fingerprint != fp) continue;
        if (slot.offset >= total) break;  // a damaged table: no weights
        runs[found++] = slot.offset;
        __builtin_prefetch(classes + slot.offset);
        __builtin_prefetch(weights + slot.offset);
        break;
      }
    }
    for (size_t r = 0; r < found; ++r) {
      const uint32_t offset = runs[r];
      const uint32_t count = classes[offset];
      if (count >= total - offset) continue;  // runs past the arrays
      const uint16_t* cls = classes + offset + 1;
      const int16_t* w = weights + offset + 1;
      // Every class number is below kMaxClasses (checked at load); sums of
      // classes past classes_ are never read.
      for (uint32_t k = 0; k < count; ++k) sums[cls[k]] += w[k];
    }
  }
  for (uint32_t c = 0; c < classes_; ++c) scores[c] += static_cast<float>(sums[c]) * scale_;
}

void WeightTable::Serialize(std::string* out) const {
  Put(out, classes_);
  Put(out, count_);
  Put(out, scale_);
  PutArray(out, slots_);
  PutArray(out, classes_of_);
  PutArray(out, weights_);
}

bool WeightTable::Deserialize(std::string_view* data, const char* base,
                              std::shared_ptr<const void> keep) {
  keep_ = std::move(keep);
  constexpr uint64_t kMax = 1ull << 32;
  if (!Get(data, &classes_) || !Get(data, &count_) || !Get(data, &scale_)) return false;
  if (classes_ > kMaxClasses) return false;
  if (!ViewArray(data, base, &slots_, kMax) || !ViewArray(data, base, &classes_of_, kMax) ||
      !ViewArray(data, base, &weights_, kMax))
    return false;
  // The checksum of the model file guards against damage. A table that is
  // well-formed but wrong (another build) must not make Score read outside
  // its arrays either, without a walk over every run at load (that was 12 %
  // of vigie's start-up): every number in classes_of_ (run lengths and
  // classes alike) below kMaxClasses keeps the sums in bounds, one empty
  // slot ends every probe, and Score checks each run against the arrays.
  if (classes_of_.size() != weights_.size() || count_ >= kMax) return false;
  const uint16_t* classes = classes_of_.data();
  uint16_t top = 0;
  for (size_t i = 0; i < classes_of_.size(); ++i) top = std::max(top, classes[i]);  // vectorised
  if (top >= kMaxClasses) return false;
  for (size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].fingerprint == 0) return true;  // tables are far from full: found at once
  return slots_.empty();
}

void Perceptron::Score(const std::vector<FeatureKey>& features, float* scores) const {
  for (FeatureKey f : features) {
    auto it = rows_.find(f);
    if (it == rows_.end()) continue;
    for (const Entry& e : it->second) scores[e.cls] += e.weight;
  }
}

void Perceptron::Update(const std::vector<FeatureKey>& features, int truth, int guess) {
  if (truth == guess) return;
  auto bump = [&](std::vector<Entry>& row, uint32_t cls, float delta) {
    for (Entry& e : row) {
      if (e.cls != cls) continue;
      e.total += static_cast<double>(now_ - e.stamp) * e.weight;
      e.stamp = now_;
      e.weight += delta;
      return;
    }
    row.push_back({cls, delta, 0.0, now_});
  };
  for (FeatureKey f : features) {
    auto& row = rows_[f];
    bump(row, static_cast<uint32_t>(truth), 1.0f);
    if (guess >= 0) bump(row, static_cast<uint32_t>(guess), -1.0f);
  }
}

WeightTable Perceptron::Freeze(double prune, size_t max_bytes) const {
  WeightTable t;
  t.classes_ = static_cast<uint32_t>(classes_);
  // Averages first, to find the largest weight and the quantisation scale.
  struct Kept {
    FeatureKey key;
    std::vector<std::pair<uint16_t, float>> weights;
  };
  std::vector<Kept> kept;
  kept.reserve(rows_.size());
  double largest = 0;
  const double steps = static_cast<double>(std::max<uint64_t>(now_, 1));
  for (const auto& [key, row] : rows_) {
    Kept k{key, {}};
    for (const Entry& e : row) {
      double total = e.total + static_cast<double>(now_ - e.stamp) * e.weight;
      float avg = static_cast<float>(total / steps);
      if (avg != 0) k.weights.emplace_back(static_cast<uint16_t>(e.cls), avg);
      largest = std::max(largest, std::fabs(static_cast<double>(avg)));
    }
    if (!k.weights.empty()) kept.push_back(std::move(k));
  }
  if (largest == 0) largest = 1;
  t.scale_ = static_cast<float>(largest / 32767.0);
  const double floor = prune * largest;
  // Deterministic order whatever the hash map's: by key.
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.key < b.key; });
  for (Kept& k : kept) {
    std::erase_if(k.weights, [&](const auto& w) {
      return std::fabs(w.second) < floor || std::lround(w.second / t.scale_) == 0;
    });
    std::sort(k.weights.begin(), k.weights.end());
  }
  // Bytes of the table if weights below `cut` (quantised) were dropped.
  auto bytes_with = [&](long cut) {
    size_t features = 0, entries = 0;
    for (const Kept& k : kept) {
      size_t n = 0;
      for (const auto& w : k.weights) n += std::labs(std::lround(w.second / t.scale_)) >= cut;
      if (n > 0) ++features, entries += n + 1;
    }
    return std::max<size_t>(16, features + features / 2) * sizeof(WeightTable::Slot) + entries * 4;
  };
  if (max_bytes > 0 && bytes_with(1) > max_bytes) {
    long lo = 1, hi = 32768;  // the smallest cut that fits lies in (lo, hi]
    while (hi - lo > 1) {
      long mid = (lo + hi) / 2;
      (bytes_with(mid) > max_bytes ? lo : hi) = mid;
    }
    for (Kept& k : kept)
      std::erase_if(k.weights, [&](const auto& w) { return std::labs(std::lround(w.second / t.scale_)) < hi; });
  }
  size_t live = 0;
  for (const Kept& k : kept) live += !k.weights.empty();
  // Load factor about 2/3: short probe runs, a third of the slots empty.
  auto& slots = t.slots_.Own();
  auto& classes = t.classes_of_.Own();
  auto& weights = t.weights_.Own();
  slots.assign(std::max<size_t>(16, live + live / 2), {});
  const size_t size = slots.size();
  for (const Kept& k : kept) {
    if (k.weights.empty()) continue;
    size_t s = t.Home(k.key);
    while (slots[s].fingerprint != 0) s = s + 1 == size ? 0 : s + 1;
    slots[s] = {WeightTable::Fingerprint(k.key), static_cast<uint32_t>(classes.size())};
    classes.push_back(static_cast<uint16_t>(k.weights.size()));
    weights.push_back(0);
    for (const auto& [cls, w] : k.weights) {
      classes.push_back(cls);
      weights.push_back(static_cast<int16_t>(std::lround(w / t.scale_)));
    }
  }
  t.count_ = live;
  return t;
}

}  // namespace vigie::parse
