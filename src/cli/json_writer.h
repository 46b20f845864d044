// A small JSON writer that appends to a string, for the records vigie writes
// by the thousand (`vigie code`'s events): no tree, no allocation but the
// output's. It writes exactly what nlohmann::json's dump(-1, ' ', false,
// error_handler_t::replace) writes for the same values, so the output did
// not change when the event records stopped building an ordered_json per
// event: strings escaped the same way (", \, \b \f \n \r \t, other control
// characters as \u00xx, everything else as is; a string that is not valid
// UTF-8 goes through nlohmann itself), numbers by nlohmann's own
// shortest-round-trip formatting. The caller writes the structure: Key()
// before each member's value, commas are placed by the writer.
#pragma once

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // A member name: the record's own names are plain ASCII (no quote,
  // backslash or control character), written without an escaping pass.
  void Key(std::string_view key) {
    Separate();
    *out_ += '"';
    *out_ += key;
    *out_ += "\":";
    after_key_ = true;
  }

  void Null() { Value("null"); }
  void Bool(bool b) { Value(b ? "true" : "false"); }
  void Int(int64_t v) {
    Separate();
    char buf[24];
    *out_ += std::string_view(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
  }
  void Double(double v) {
    Separate();
    if (!std::isfinite(v)) {
      *out_ += "null";
      return;
    }
    char buf[64];
    char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
    out_->append(buf, static_cast<size_t>(end - buf));
  }
  void Str(std::string_view s) {
    Separate();
    String(s);
  }
  // A string, or null when it is empty.
  void StrOrNull(std::string_view s) {
    if (s.empty()) Null();
    else Str(s);
  }

 private:
  void Separate() {
    if (after_key_) after_key_ = false;
    else if (need_comma_) *out_ += ',';
    need_comma_ = true;
  }
  void Open(char c) {
    Separate();
    *out_ += c;
    need_comma_ = false;
  }
  void Close(char c) {
    *out_ += c;
    need_comma_ = true;
  }
  void Value(std::string_view literal) {
    Separate();
    *out_ += literal;
  }
  void String(std::string_view s);

  std::string* out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

}  // namespace vigie::cli
