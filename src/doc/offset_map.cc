// Piecewise map between a derived text and its original; see offset_map.h.
#include "doc/offset_map.h"

#include <algorithm>

namespace vigie {

OffsetMap OffsetMap::Identity(uint32_t n) {
  OffsetMap m;
  if (n > 0) m.pieces_.push_back({0, n, 0, n, true});
  return m;
}

void OffsetMap::Add(uint32_t begin, uint32_t length, uint32_t raw_begin,
                    uint32_t raw_length) {
  if (length == 0 && raw_length == 0) return;
  if (length != raw_length) return AddWhole(begin, length, raw_begin, raw_length);
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.verbatim && last.begin + last.length == begin &&
        last.raw_begin + last.raw_length == raw_begin) {
      last.length += length;
      last.raw_length += raw_length;
      return;
    }
  }
  pieces_.push_back({begin, length, raw_begin, raw_length, true});
}

void OffsetMap::AddWhole(uint32_t begin, uint32_t length, uint32_t raw_begin, uint32_t raw_length) {
  if (length == 0 && raw_length == 0) return;
  pieces_.push_back({begin, length, raw_begin, raw_length, false});
}

const OffsetMap::Piece* OffsetMap::Find(uint32_t pos, bool end) const {
  if (pieces_.empty()) return nullptr;
  // First piece whose end is > pos (for a begin) or >= pos (for an end).
  auto it = std::lower_bound(
      pieces_.begin(), pieces_.end(), pos, [end](const Piece& p, uint32_t v) {
        uint32_t stop = p.begin + p.length;
        return end ? stop < v : stop <= v;
      });
  if (it == pieces_.end()) return &pieces_.back();
  return &*it;
}

uint32_t OffsetMap::MapBegin(uint32_t pos) const {
  const Piece* p = Find(pos, false);
  if (p == nullptr) return pos;
  if (pos <= p->begin) return p->raw_begin;
  if (pos >= p->begin + p->length) return p->raw_begin + p->raw_length;
  if (p->verbatim) return p->raw_begin + (pos - p->begin);
  return p->raw_begin;
}

uint32_t OffsetMap::MapEnd(uint32_t pos) const {
  const Piece* p = Find(pos, true);
  if (p == nullptr) return pos;
  if (pos <= p->begin) return p->raw_begin;
  if (pos >= p->begin + p->length) return p->raw_begin + p->raw_length;
  if (p->verbatim) return p->raw_begin + (pos - p->begin);
  return p->raw_begin + p->raw_length;
}

OffsetMap OffsetMap::ComposeWith(const OffsetMap& inner) const {
  OffsetMap out;
  for (const Piece& p : pieces_) {
    if (!p.verbatim) {
      uint32_t rb = inner.MapBegin(p.raw_begin);
      uint32_t re = inner.MapEnd(p.raw_begin + p.raw_length);
      if (re < rb) re = rb;  // an empty range between two inner pieces
      out.AddWhole(p.begin, p.length, rb, re - rb);
      continue;
    }
    // A verbatim piece may cross several inner pieces: split it there.
    uint32_t pos = p.raw_begin;
    const uint32_t stop = p.raw_begin + p.raw_length;
    while (pos < stop) {
      const Piece* q = inner.Find(pos, false);
      if (q == nullptr) {
        out.Add(p.begin + (pos - p.raw_begin), stop - pos, pos, stop - pos);
        break;
      }
      uint32_t q_end = std::min(stop, q->begin + q->length);
      if (q_end <= pos) q_end = stop;  // past the inner map: identity
      uint32_t rb = inner.MapBegin(pos);
      uint32_t re = inner.MapEnd(q_end);
      if (re < rb) re = rb;
      // A copy of a copy is a copy; a copy of part of a whole piece maps to
      // all of it, as a whole, even when the lengths happen to agree.
      if (q->verbatim && q->begin <= pos && q_end <= q->begin + q->length)
        out.Add(p.begin + (pos - p.raw_begin), q_end - pos, rb, re - rb);
      else
        out.AddWhole(p.begin + (pos - p.raw_begin), q_end - pos, rb, re - rb);
      pos = q_end;
    }
  }
  return out;
}

}  // namespace vigie
