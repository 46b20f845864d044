// Internal to src/parse: little-endian scalars and strings appended to and
// read from the bytes of a model file (as the machine stores them; vigie
// builds for little-endian machines only).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace vigie::parse::bytes {

template <typename T>
void Put(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
bool Get(std::string_view* in, T* v) {
  if (in->size() < sizeof *v) return false;
  std::memcpy(v, in->data(), sizeof *v);
  in->remove_prefix(sizeof *v);
  return true;
}

inline void PutString(std::string* out, const std::string& s) {
  Put(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

inline bool GetString(std::string_view* in, std::string* s) {
  uint32_t n = 0;
  if (!Get(in, &n) || in->size() < n) return false;
  s->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

}  // namespace vigie::parse::bytes
