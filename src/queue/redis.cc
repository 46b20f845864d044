// hiredis wrapper and the article codec; see redis.h.
#include "queue/redis.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <cstring>

namespace vigie::queue {

Reply& Reply::operator=(Reply&& o) noexcept {
  if (this != &o) {
    if (r_ && owned_) freeReplyObject(r_);
    r_ = o.r_;
    owned_ = o.owned_;
    o.r_ = nullptr;
  }
  return *this;
}
Reply::~Reply() {
  if (r_ && owned_) freeReplyObject(r_);
}
bool Reply::nil() const { return r_ == nullptr || r_->type == REDIS_REPLY_NIL; }
bool Reply::error() const { return r_ != nullptr && r_->type == REDIS_REPLY_ERROR; }
bool Reply::is_array() const { return r_ != nullptr && r_->type == REDIS_REPLY_ARRAY; }
std::string_view Reply::str() const {
  if (r_ == nullptr || r_->str == nullptr) return {};
  return {r_->str, static_cast<size_t>(r_->len)};
}
long long Reply::integer() const {
  if (r_ == nullptr) return 0;
  if (r_->type == REDIS_REPLY_INTEGER) return r_->integer;
  long long v = 0;
  std::string_view s = str();
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}
size_t Reply::size() const { return is_array() ? r_->elements : 0; }
Reply Reply::operator[](size_t i) const { return Reply(i < size() ? r_->element[i] : nullptr, false); }

bool ParseRedisUrl(std::string_view url, Endpoint* out) {
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme) return false;
  url.remove_prefix(kScheme.size());
  Endpoint e;
  size_t slash = url.find('/');
  std::string_view hostport = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view db = url.substr(slash + 1);
    if (!db.empty() && std::from_chars(db.data(), db.data() + db.size(), e.db).ec != std::errc()) return false;
  }
  size_t colon = hostport.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = hostport.substr(colon + 1);
    if (std::from_chars(port.data(), port.data() + port.size(), e.port).ec != std::errc()) return false;
    hostport = hostport.substr(0, colon);
  }
  if (!hostport.empty()) e.host = std::string(hostport);
  *out = e;
  return true;
}

std::unique_ptr<Redis> Redis::Connect(const std::string& url) {
  Endpoint e;
  if (!ParseRedisUrl(url, &e)) throw QueueError(url + ": not a redis://HOST[:PORT][/DB] URL");
  timeval timeout{2, 0};
  redisContext* c = redisConnectWithTimeout(e.host.c_str(), e.port, timeout);
  if (c == nullptr || c->err) {
    std::string m = c ? c->errstr : "out of memory";
    redisFree(c);
    throw QueueError("cannot connect to Redis at " + e.host + ":" + std::to_string(e.port) + ": " + m);
  }
  timeval io{30, 0};  // longer than any BLOCK the commands use
  redisSetTimeout(c, io);
  auto r = std::unique_ptr<Redis>(new Redis(c));
  if (e.db != 0) r->Must({"SELECT", std::to_string(e.db)});
  return r;
}

Redis::~Redis() { redisFree(c_); }

Reply Redis::Command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  void* r = redisCommandArgv(c_, static_cast<int>(args.size()), argv.data(), lens.data());
  if (r == nullptr) throw QueueError(std::string("Redis: ") + (c_->err ? c_->errstr : "no reply"));
  return Reply(static_cast<redisReply*>(r));
}

Reply Redis::Must(const std::vector<std::string>& args) {
  Reply r = Command(args);
  if (r.error()) throw QueueError("Redis " + args[0] + ": " + std::string(r.str()));
  return r;
}

namespace {

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), sizeof v); }
uint32_t GetU32(std::string_view s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, sizeof v);
  return v;
}
int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::vector<std::string> EncodeArticle(const Document& doc) {
  std::string map;
  for (const auto& p : doc.source_map.pieces()) {
    PutU32(&map, p.begin);
    PutU32(&map, p.length);
    PutU32(&map, p.raw_begin);
    PutU32(&map, p.raw_length);
    PutU32(&map, p.verbatim ? 1 : 0);
  }
  std::string warnings;
  for (const auto& w : doc.warnings) {
    if (!warnings.empty()) warnings += '\0';
    warnings += w;
  }
  return {"id", doc.id,
          "path", doc.path,
          "url", doc.url,
          "format", std::to_string(static_cast<int>(doc.format)),
          "content", std::to_string(static_cast<int>(doc.content)),
          "line", std::to_string(doc.line),
          "raw", doc.raw,
          "source", doc.source,
          "map", map,
          "published", doc.published,
          "pub_rule", doc.published_evidence.rule,
          "pub_begin", std::to_string(doc.published_evidence.span.begin),
          "pub_end", std::to_string(doc.published_evidence.span.end),
          "charset", doc.charset,
          "title_hint", doc.title_hint,
          "lang_hint", doc.lang_hint,
          "warnings", warnings,
          "code", std::to_string(static_cast<int>(doc.status.code())),
          "message", doc.status.ok() ? std::string() : std::string(doc.status.message())};
}

bool DecodeArticle(const Reply& fields, Document* doc) {
  *doc = Document();
  if (!fields.is_array() || fields.size() % 2 != 0) return false;
  bool has_raw = false;
  int code = 0;
  std::string message;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    const std::string_view k = fields[i].str();
    const std::string_view v = fields[i + 1].str();
    if (k == "id") doc->id = v;
    else if (k == "path") doc->path = v;
    else if (k == "url") doc->url = v;
    else if (k == "format") doc->format = static_cast<InputFormat>(ToInt(v));
    else if (k == "content") doc->content = static_cast<ContentType>(ToInt(v));
    else if (k == "line") doc->line = static_cast<uint32_t>(ToInt(v));
    else if (k == "raw") { doc->raw = v; has_raw = true; }
    else if (k == "source") doc->source = v;
    else if (k == "map") {
      if (v.size() % 20 != 0) return false;
      for (size_t at = 0; at < v.size(); at += 20) {
        const uint32_t b = GetU32(v, at), n = GetU32(v, at + 4), rb = GetU32(v, at + 8), rn = GetU32(v, at + 12);
        if (GetU32(v, at + 16)) doc->source_map.Add(b, n, rb, rn);
        else doc->source_map.AddWhole(b, n, rb, rn);
      }
    }
    else if (k == "published") doc->published = v;
    else if (k == "pub_rule") doc->published_evidence.rule = v;
    else if (k == "pub_begin") doc->published_evidence.span.begin = static_cast<uint32_t>(ToInt(v));
    else if (k == "pub_end") doc->published_evidence.span.end = static_cast<uint32_t>(ToInt(v));
    else if (k == "charset") doc->charset = v;
    else if (k == "title_hint") doc->title_hint = v;
    else if (k == "lang_hint") doc->lang_hint = v;
    else if (k == "warnings") {
      size_t at = 0;
      while (!v.empty() && at <= v.size()) {
        size_t end = v.find('\0', at);
        if (end == std::string_view::npos) end = v.size();
        doc->warnings.emplace_back(v.substr(at, end - at));
        at = end + 1;
      }
    }
    else if (k == "code") code = ToInt(v);
    else if (k == "message") message = v;
  }
  if (code != 0) doc->status = Status(static_cast<ErrorCode>(code), message);
  return has_raw && !doc->id.empty();
}

}  // namespace vigie::queue
