// Near-duplicate detection: word 5-gram shingles, MinHash signatures and LSH
// banding, with the exact Jaccard to confirm a candidate.
//
// Words are runs of letters and digits (any non-ASCII letter counts; ASCII
// is lower-cased; typographic punctuation such as ’ « » and no-break spaces
// separates words). A shingle is the XXH3 hash of five consecutive words.
// The signature keeps, for each of kPermutations seeds, the smallest
// 32-bit XXH3 of a shingle under that seed: the share of equal positions in
// two signatures estimates the Jaccard of their shingle sets. LSH cuts the
// signature into kBands bands of kRows rows; two articles equal in any band
// are candidates. With 64 x 2, pairs at Jaccard 0.4 (a copy cut to less
// than half its original) are found with probability 0.99+, at 0.1 with
// 0.47 (the exact check then throws them out), at 0.02 with 0.03.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace vigie::fuse {

constexpr int kShingleWords = 5;
constexpr int kPermutations = 128;
constexpr int kBands = 64;
constexpr int kRows = kPermutations / kBands;

// The sorted, distinct shingles of a text.
std::vector<uint64_t> Shingles(std::string_view text);

// MinHash signature of a shingle set (kPermutations values; all 0xFFFFFFFF
// for an empty set, which then matches nothing).
std::vector<uint32_t> Signature(const std::vector<uint64_t>& shingles);

// Exact Jaccard of two sorted sets.
double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
// Share of the smaller sorted set found in the larger: a shortened copy
// (the first paragraphs of a dispatch) is contained in its original.
double Containment(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// Share of equal positions: the MinHash estimate of the Jaccard.
double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Candidate pairs (i < j, indexes into `signatures`) that share a band,
// sorted. Empty signatures are skipped. With `days` (one per signature,
// days since 1970, INT32_MIN when unknown), pairs more than `max_days`
// apart are never built: each band's bucket is sorted by day and paired
// within a sliding window (an undated member pairs with every other).
std::vector<std::pair<uint32_t, uint32_t>> LshCandidates(
    const std::vector<std::vector<uint32_t>>& signatures, std::span<const int> days = {},
    int max_days = 0);

// The LSH key of one band of a signature (a bucket is one key in one band).
uint64_t BandKey(const std::vector<uint32_t>& signature, int band);

}  // namespace vigie::fuse
