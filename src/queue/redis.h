// The queue of the scale-out set-up: a Redis stream (hiredis), and the
// articles on it. `vigie enqueue` puts the reader's articles on the stream;
// `vigie worker` reads them through a consumer group (see
// cli/queue_commands.cc for the protocol).
//
//   auto redis = queue::Redis::Connect("redis://127.0.0.1:6379");
//   queue::Reply r = redis->Command({"XLEN", "vigie:articles"});
//
// A failure of Redis itself (refused, lost, an error reply to a command
// that must not fail) throws queue::QueueError; the commands wait and
// reconnect, or stop.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.h"

struct redisContext;
struct redisReply;

namespace vigie::queue {

class QueueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A reply, freed with it; a view of the hiredis tree.
class Reply {
 public:
  Reply() = default;
  explicit Reply(redisReply* r, bool owned = true) : r_(r), owned_(owned) {}
  Reply(Reply&& o) noexcept : r_(o.r_), owned_(o.owned_) { o.r_ = nullptr; }
  Reply& operator=(Reply&& o) noexcept;
  Reply(const Reply&) = delete;
  ~Reply();

  bool nil() const;
  bool error() const;
  bool is_array() const;
  std::string_view str() const;  // string, status or error text
  long long integer() const;
  size_t size() const;           // array elements
  Reply operator[](size_t i) const;  // a view, not owned

 private:
  redisReply* r_ = nullptr;
  bool owned_ = true;
};

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
};
// redis://HOST[:PORT][/DB]; false when it is not one.
bool ParseRedisUrl(std::string_view url, Endpoint* out);

class Redis {
 public:
  // Connects (2 s timeout). Throws QueueError.
  static std::unique_ptr<Redis> Connect(const std::string& url);
  ~Redis();
  // Sends one command (binary-safe arguments). Throws QueueError when the
  // connection fails; an error reply is returned (Reply::error()).
  Reply Command(const std::vector<std::string>& args);
  // The same, throwing QueueError on an error reply too.
  Reply Must(const std::vector<std::string>& args);

 private:
  explicit Redis(redisContext* c) : c_(c) {}
  redisContext* c_;
};

// An article as the reader made it (identity, raw bytes, decoded source
// and its map to the raw bytes, hints, the reader's error), as the
// field-value pairs of a stream entry, and back. The worker gets exactly
// the Document `vigie ingest` would have read.
std::vector<std::string> EncodeArticle(const Document& doc);
// False when the fields are not an article (the entry is dead-lettered).
bool DecodeArticle(const Reply& fields, Document* doc);

}  // namespace vigie::queue
