// Shingles, MinHash and LSH banding; see minhash.h.
#include "fuse/minhash.h"

#include <xxhash.h>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace vigie::fuse {

namespace {

// Decodes one UTF-8 code point at text[i] (advancing i); invalid bytes are
// taken one at a time as U+FFFD.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  auto c = static_cast<unsigned char>(text[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > text.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += n;
  return cp;
}

bool IsWordChar(uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xFFFD) return false;  // nbsp « » �
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation: ’ “ ” – — …
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  return true;
}

}  // namespace

std::vector<uint64_t> Shingles(std::string_view text) {
  // Word hashes first, then a rolling window of five.
  std::vector<uint64_t> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(XXH3_64bits(word.data(), word.size()));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, i);
    if (!IsWordChar(cp)) {
      flush();
      continue;
    }
    if (cp < 0x80)
      word.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    else
      word.append(text.substr(start, i - start));
  }
  flush();
  std::vector<uint64_t> out;
  if (words.size() < static_cast<size_t>(kShingleWords)) {
    if (!words.empty()) out.push_back(XXH3_64bits(words.data(), words.size() * sizeof(uint64_t)));
    return out;
  }
  out.reserve(words.size());
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i)
    out.push_back(XXH3_64bits(&words[i], kShingleWords * sizeof(uint64_t)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> Signature(const std::vector<uint64_t>& shingles) {
  std::vector<uint32_t> sig(kPermutations, 0xFFFFFFFFu);
  for (uint64_t s : shingles) {
    for (int k = 0; k < kPermutations; ++k) {
      auto h = static_cast<uint32_t>(XXH3_64bits_withSeed(&s, sizeof s, static_cast<uint64_t>(k) + 1));
      if (h < sig[k]) sig[k] = h;
    }
  }
  return sig;
}

namespace {

size_t Common(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common;
}

}  // namespace

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  const size_t common = Common(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double Containment(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  const size_t smaller = std::min(a.size(), b.size());
  return smaller == 0 ? 0 : static_cast<double>(Common(a, b)) / static_cast<double>(smaller);
}

double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  size_t same = 0;
  for (size_t k = 0; k < a.size(); ++k) same += a[k] == b[k] && a[k] != 0xFFFFFFFFu;
  return static_cast<double>(same) / static_cast<double>(a.size());
}

uint64_t BandKey(const std::vector<uint32_t>& sig, int band) {
  return XXH3_64bits_withSeed(&sig[band * kRows], kRows * sizeof(uint32_t), static_cast<uint64_t>(band));
}

std::vector<std::pair<uint32_t, uint32_t>> LshCandidates(
    const std::vector<std::vector<uint32_t>>& signatures, std::span<const int> days, int max_days) {
  constexpr int kNoDay = INT32_MIN;
  const bool by_day = days.size() == signatures.size();
  struct Entry {
    uint64_t key;
    int day;
    uint32_t index;
  };
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<Entry> entries;
  entries.reserve(signatures.size());
  for (int band = 0; band < kBands; ++band) {
    entries.clear();
    for (uint32_t i = 0; i < signatures.size(); ++i) {
      const auto& sig = signatures[i];
      if (sig.size() != static_cast<size_t>(kPermutations) || sig[0] == 0xFFFFFFFFu) continue;
      entries.push_back({BandKey(sig, band), by_day ? days[i] : kNoDay, i});
    }
    // Undated members (kNoDay) sort first in their bucket.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.key != b.key ? a.key < b.key : a.day != b.day ? a.day < b.day : a.index < b.index;
    });
    for (size_t begin = 0; begin < entries.size();) {
      size_t end = begin + 1;
      while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
      for (size_t x = begin; x < end; ++x)
        for (size_t y = x + 1; y < end; ++y) {
          if (entries[x].day != kNoDay && entries[y].day - entries[x].day > max_days) break;
          pairs.emplace_back(std::min(entries[x].index, entries[y].index),
                             std::max(entries[x].index, entries[y].index));
        }
      begin = end;
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace vigie::fuse
