// Charset sniffing and decoding of HTML pages; see html_reader.h.
//
// Valid UTF-8 (the common case) is not copied through ICU: the source is the
// raw bytes and the map the identity. Any other charset goes through an ICU
// converter in chunks, with the per-unit source offsets ICU reports; each
// decoded character becomes one piece of the source map (ASCII runs merge
// into verbatim pieces), so a character maps to exactly the bytes that
// encoded it.
#include "ingest/html_reader.h"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "base/utf8.h"

namespace vigie {

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && Lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The value after "charset" in s ("charset = 'utf-8'"), or empty.
std::string CharsetValue(std::string_view s) {
  size_t at = FindNoCase(s, "charset");
  while (at != std::string_view::npos) {
    size_t p = at + 7;
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t')) ++p;
    if (p < s.size() && s[p] == '=') {
      ++p;
      while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '"' || s[p] == '\'')) ++p;
      size_t b = p;
      while (p < s.size() && (std::isalnum(static_cast<unsigned char>(s[p])) || s[p] == '-' ||
                              s[p] == '_' || s[p] == ':' || s[p] == '.'))
        ++p;
      if (p > b) return std::string(s.substr(b, p - b));
    }
    at = FindNoCase(s, "charset", at + 7);
  }
  return {};
}

// WHATWG-style label normalisation for the labels seen on the web; other
// names go to ICU as they are.
std::string NormaliseLabel(std::string label) {
  for (char& c : label) c = Lower(c);
  static const char* const kUtf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"};
  for (const char* l : kUtf8)
    if (label == l) return "utf-8";
  static const char* const k1252[] = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",
                                      "us-ascii", "ascii", "cp1252", "windows-1252", "x-cp1252",
                                      "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100",
                                      "x-user-defined"};
  for (const char* l : k1252)
    if (label == l) return "windows-1252";
  if (label == "iso-8859-9" || label == "latin5") return "windows-1254";
  if (label == "tis-620" || label == "iso-8859-11") return "windows-874";
  if (label == "gb2312" || label == "x-gbk") return "gbk";
  if (label == "ks_c_5601-1987") return "windows-949";
  return label;
}

bool IsUtf16(const std::string& name) { return name.rfind("utf-16", 0) == 0; }

// Counts of valid multi-byte sequences and of invalid bytes.
void Utf8Census(std::string_view s, size_t* multibyte, size_t* invalid) {
  *multibyte = *invalid = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      ++pos;
      continue;
    }
    size_t start = pos;
    char32_t c = utf8::NextMultibyte(s, &pos);
    if (c == 0xFFFD && !(pos - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD")) ++*invalid;
    else ++*multibyte;
  }
}

// UTF-8 with each invalid byte replaced by U+FFFD.
void DecodeUtf8Lossy(std::string_view raw, uint32_t skip, std::string* out, OffsetMap* map) {
  out->clear();
  size_t pos = skip;
  size_t run = pos;  // start of the current valid run
  auto flush = [&](size_t end) {
    if (end > run) {
      map->Add(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(end - run),
               static_cast<uint32_t>(run), static_cast<uint32_t>(end - run));
      out->append(raw.substr(run, end - run));
    }
  };
  while (pos < raw.size()) {
    auto b = static_cast<unsigned char>(raw[pos]);
    if (b < 0x80) {
      ++pos;
      continue;
    }
    size_t start = pos;
    char32_t c = utf8::NextMultibyte(raw, &pos);
    if (c == 0xFFFD && !(pos - start == 3 && raw.substr(start, 3) == "\xEF\xBF\xBD")) {
      flush(start);
      map->AddWhole(static_cast<uint32_t>(out->size()), 3, static_cast<uint32_t>(start),
                    static_cast<uint32_t>(pos - start));
      out->append("\xEF\xBF\xBD");
      run = pos;
    }
  }
  flush(raw.size());
}

// Decodes raw[skip..] from `name` with ICU; one map piece per character
// (ASCII runs merged).
Status DecodeWithIcu(std::string_view raw, uint32_t skip, const std::string& name,
                     std::string* out, OffsetMap* map) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(name.c_str(), &err),
                                                          ucnv_close);
  if (U_FAILURE(err) || conv == nullptr)
    return Status(ErrorCode::kUndecodableCharset, "unknown charset '" + name + "'");
  out->clear();
  out->reserve(raw.size() + raw.size() / 4);
  constexpr int32_t kChunk = 8192;
  UChar units[kChunk];
  int32_t offsets[kChunk];
  const char* src = raw.data() + skip;
  const char* const limit = raw.data() + raw.size();
  // The character being assembled: its code points' UTF-8 and raw start.
  std::string pending;
  int64_t pending_begin = -1;
  UChar high = 0;  // a high surrogate waiting for its pair
  auto emit = [&](int64_t next_begin) {
    if (pending_begin < 0) return;
    auto rb = static_cast<uint32_t>(pending_begin);
    auto re = static_cast<uint32_t>(std::max<int64_t>(next_begin, pending_begin));
    // A character is a copy only when its UTF-8 is its raw bytes (ASCII);
    // two bytes of Shift_JIS for a two-byte UTF-8 letter are not.
    if (pending.size() == re - rb && raw.substr(rb, re - rb) == pending)
      map->Add(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(pending.size()), rb, re - rb);
    else
      map->AddWhole(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(pending.size()), rb, re - rb);
    out->append(pending);
    pending.clear();
    pending_begin = -1;
  };
  int64_t last_offset = skip;
  while (true) {
    UChar* target = units;
    const char* call_src = src;
    err = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, units + kChunk, &src, limit, offsets, true, &err);
    if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR)
      return Status(ErrorCode::kUndecodableCharset,
                    "ICU could not decode the page as " + name + ": " + u_errorName(err));
    const int64_t base = call_src - raw.data();
    for (int32_t i = 0; i < target - units; ++i) {
      int64_t at = offsets[i] >= 0 ? base + offsets[i] : last_offset;
      last_offset = at;
      UChar u = units[i];
      char32_t c;
      if (U16_IS_LEAD(u)) {
        high = u;
        continue;
      }
      if (U16_IS_TRAIL(u) && high != 0) {
        c = U16_GET_SUPPLEMENTARY(high, u);
      } else {
        c = (U16_IS_SURROGATE(u)) ? 0xFFFD : u;
      }
      high = 0;
      if (at != pending_begin) emit(at);
      if (pending_begin < 0) pending_begin = at;
      utf8::Append(c, &pending);
    }
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
  }
  emit(static_cast<int64_t>(raw.size()));
  return Status::Ok();
}

std::string StemOfHtml(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (std::string_view ext : {".html.gz", ".htm.gz", ".html", ".htm"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return name.substr(0, name.size() - ext.size());
  }
  return std::filesystem::path(path).stem().string();
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  return CharsetValue(content_type);
}

std::string CharsetFromMeta(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 8192));
  for (size_t at = FindNoCase(head, "<meta"); at != std::string_view::npos;
       at = FindNoCase(head, "<meta", at + 5)) {
    size_t end = head.find('>', at);
    std::string_view tag = head.substr(at, end == std::string_view::npos ? head.size() - at : end - at);
    std::string v = CharsetValue(tag);
    if (!v.empty()) return v;
  }
  return {};
}

CharsetChoice SniffCharset(std::string_view bytes, std::string_view content_type) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return {"utf-8", "bom"};
  if (bytes.starts_with("\xFE\xFF")) return {"utf-16be", "bom"};
  if (bytes.starts_with("\xFF\xFE")) return {"utf-16le", "bom"};
  if (std::string http = CharsetFromContentType(content_type); !http.empty())
    return {NormaliseLabel(http), "http"};
  if (std::string meta = CharsetFromMeta(bytes); !meta.empty()) {
    std::string name = NormaliseLabel(meta);
    if (IsUtf16(name)) name = "utf-8";  // a page that can say so in ASCII is not UTF-16
    return {name, "meta"};
  }
  if (!utf8::FindInvalid(bytes).has_value()) return {"utf-8", "utf8-valid"};
  return {"windows-1252", "default"};
}

Status DecodeHtmlSource(std::string_view content_type, Document* doc) {
  const std::string_view raw = doc->raw;
  CharsetChoice choice = SniffCharset(raw, content_type);
  uint32_t skip = 0;
  if (choice.rule == "bom") skip = choice.name == "utf-8" ? 3 : 2;
  std::string_view body = raw.substr(skip);
  doc->source_map = OffsetMap();

  if (choice.name == "utf-8") {
    auto bad = utf8::FindInvalid(body);
    if (!bad.has_value()) {
      doc->charset = "utf-8";
      doc->source.assign(body);
      doc->source_map.Add(0, static_cast<uint32_t>(body.size()), skip,
                          static_cast<uint32_t>(body.size()));
      return Status::Ok();
    }
    size_t multibyte, invalid;
    Utf8Census(body, &multibyte, &invalid);
    if (multibyte >= 4 * invalid) {
      doc->charset = "utf-8";
      doc->warnings.push_back("charset utf-8 (" + choice.rule + "): " + std::to_string(invalid) +
                              " invalid bytes replaced by U+FFFD, the first at byte " +
                              std::to_string(*bad + skip));
      DecodeUtf8Lossy(raw, skip, &doc->source, &doc->source_map);
      return Status::Ok();
    }
    doc->warnings.push_back("charset utf-8 (" + choice.rule + ") but the bytes are not UTF-8 (byte " +
                            std::to_string(*bad + skip) + "): decoded as windows-1252");
    choice = {"windows-1252", "fallback"};
  } else if (!IsUtf16(choice.name)) {
    // A legacy declaration over bytes that are plainly UTF-8.
    size_t multibyte, invalid;
    Utf8Census(body, &multibyte, &invalid);
    if (invalid == 0 && multibyte > 0) {
      doc->warnings.push_back("charset " + choice.name + " (" + choice.rule +
                              ") but the bytes are valid UTF-8: decoded as utf-8");
      doc->charset = "utf-8";
      doc->source.assign(body);
      doc->source_map.Add(0, static_cast<uint32_t>(body.size()), skip,
                          static_cast<uint32_t>(body.size()));
      return Status::Ok();
    }
  }
  Status s = DecodeWithIcu(raw, skip, choice.name, &doc->source, &doc->source_map);
  if (!s.ok()) return s;
  doc->charset = choice.name;
  return Status::Ok();
}

bool LooksLikeHtml(std::string_view bytes) {
  size_t p = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (p < bytes.size() && (bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\n' ||
                              bytes[p] == '\r' || bytes[p] == '\f'))
    ++p;
  return p < bytes.size() && bytes[p] == '<';
}

void ParseHtml(std::string bytes, const std::string& path, std::string_view content_type,
               const ReaderOptions& options, Document* doc) {
  *doc = Document();
  doc->path = path;
  doc->id = path == "-" ? "stdin" : StemOfHtml(path);
  doc->format = InputFormat::kHtml;
  doc->content = ContentType::kHtml;
  doc->raw = std::move(bytes);
  if (!options.published.empty()) doc->published = options.published;
  if (!options.lang.empty()) doc->lang_hint = options.lang;
  const std::string_view raw = doc->raw;
  if (raw.size() > options.max_bytes) {
    doc->status = Status(ErrorCode::kTooLarge, std::to_string(raw.size()) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(options.max_bytes));
    return;
  }
  const bool utf16 = raw.starts_with("\xFE\xFF") || raw.starts_with("\xFF\xFE");
  if (!utf16 && utf8::LooksBinary(raw.substr(0, 8192))) {
    doc->status = Status(ErrorCode::kBinaryInput, "binary content (NUL or control bytes)");
    return;
  }
  if (utf8::Trim(raw).empty()) {
    doc->status = Status(ErrorCode::kEmptyInput, "no text");
    return;
  }
  doc->status = DecodeHtmlSource(content_type, doc);
  if (doc->status.ok() && utf8::LooksBinary(std::string_view(doc->source).substr(0, 8192)))
    doc->status = Status(ErrorCode::kBinaryInput, "binary content once decoded as " + doc->charset);
}

}  // namespace vigie
