// `vigie enqueue`, `vigie worker`, `vigie status`: the scale-out set-up.
//
// The stream (default `vigie:articles`) holds one entry per article as the
// reader read it (queue::EncodeArticle): the worker codes exactly what
// `vigie ingest` would have. Its consumer group is named after it
// ("vigie"); `STREAM:dead` is the dead-letter stream, `STREAM:stored` the
// count of articles stored, `STREAM:errors` the last error of an entry
// that failed and will be tried again.
//
// enqueue: XADD, waiting while the stream holds --max-length entries
// (back-pressure: workers XDEL what they have acked, so the length is what
// is still to do; nothing is ever trimmed unread).
//
// worker, in a loop until SIGTERM:
//  1. entries it had itself when Redis or the store failed (XREADGROUP 0),
//     else entries idle past --claim-idle on any consumer, a dead one's
//     (XAUTOCLAIM), else new entries (XREADGROUP >, BLOCK);
//  2. an entry delivered more than --max-tries times goes to the dead
//     letters with its last numbered error (E703 worker_lost when the
//     workers that took it died on it) and is acked;
//  3. each article is coded: a reader or pipeline error that would recur
//     (E1xx, E2xx, E4xx) is dead-lettered at once, a resource bound
//     (E701 time, E702 memory) is left pending to be tried again;
//  4. the coded articles are written in one transaction, committed, then
//     the entries acked (XACK, XDEL): a worker killed before its ack has
//     its entries taken by another, whose write finds them stored
//     (idempotent on the article hash) and acks them;
//  5. the fused layer is brought up to date (Store::BeginFusion: one
//     fusion at a time, each a continuation of the last), at most every
//     --fuse-every seconds, and whenever the worker finds nothing to do
//     (so a worker that stops when idle leaves nothing unfused).
// Redis or PostgreSQL unreachable: the worker waits (0.1 s doubling to
// 5 s), reconnects, and takes again what it held.
#include "cli/queue_commands.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/store_commands.h"
#include "fuse/minhash.h"
#include "ingest/reader.h"
#include "queue/redis.h"
#include "store/store.h"

namespace vigie::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

std::string Group(const QueueOptions& q) { return "vigie"; }
std::string Dead(const QueueOptions& q) { return q.stream + ":dead"; }
std::string Stored(const QueueOptions& q) { return q.stream + ":stored"; }
std::string Errors(const QueueOptions& q) { return q.stream + ":errors"; }

void EnsureGroup(queue::Redis& r, const QueueOptions& q) {
  queue::Reply g = r.Command({"XGROUP", "CREATE", q.stream, Group(q), "0", "MKSTREAM"});
  if (g.error() && g.str().find("BUSYGROUP") == std::string_view::npos)
    throw queue::QueueError("XGROUP CREATE: " + std::string(g.str()));
}

// Sleeps `ms` in small steps, returning early on a stop signal.
void Nap(int ms) {
  for (int t = 0; t < ms && !g_stop; t += 50) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// Backoff: 100 ms doubling to 5 s.
struct Backoff {
  int ms = 100;
  void Wait() {
    Nap(ms);
    ms = std::min(ms * 2, 5000);
  }
  void Reset() { ms = 100; }
};

}  // namespace

int RunEnqueue(const EnqueueOptions& options) {
  const CommonOptions& common = options.common;
  if (!CheckPublished(common.published, "enqueue") || !CheckLang(common.lang, "enqueue")) return 2;
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::unique_ptr<queue::Redis> redis;
  try {
    redis = queue::Redis::Connect(options.queue.redis);
    EnsureGroup(*redis, options.queue);
  } catch (const queue::QueueError& e) {
    std::cerr << "vigie enqueue: " << e.what() << "\n";
    return 2;
  }
  Reader reader(common.paths, MakeReaderOptions(common));
  Document doc;
  size_t added = 0, waits = 0;
  Backoff backoff;
  while (!g_stop && reader.Next(&doc)) {
    const std::vector<std::string> fields = queue::EncodeArticle(doc);
    std::vector<std::string> xadd = {"XADD", options.queue.stream, "*"};
    xadd.insert(xadd.end(), fields.begin(), fields.end());
    while (!g_stop) {
      try {
        if (!redis) {
          redis = queue::Redis::Connect(options.queue.redis);
          EnsureGroup(*redis, options.queue);
        }
        // Back-pressure: the stream holds what is not yet acked.
        while (!g_stop && redis->Must({"XLEN", options.queue.stream}).integer() >= options.max_length) {
          if (waits++ == 0)
            std::cerr << "vigie enqueue: " << options.queue.stream << " holds " << options.max_length
                      << " entries: waiting for the workers\n";
          Nap(100);
        }
        redis->Must(xadd);
        ++added;
        backoff.Reset();
        break;
      } catch (const queue::QueueError& e) {
        std::cerr << "vigie enqueue: " << e.what() << "; retrying in " << backoff.ms << " ms\n";
        redis.reset();
        backoff.Wait();
      }
    }
  }
  std::cerr << "vigie enqueue: " << added << " articles put on " << options.queue.stream
            << (g_stop ? " (stopped by a signal)" : "") << "\n";
  return 0;
}

namespace {

struct Entry {
  std::string id;
  queue::Reply fields;  // owned by `owner`
  long long deliveries = 1;
};

// Entries of an XREADGROUP reply ([[stream, [[id, fields]...]]]) or of
// XAUTOCLAIM's second element ([[id, fields]...]).
void CollectEntries(const queue::Reply& list, std::vector<Entry>* out) {
  for (size_t i = 0; i < list.size(); ++i) {
    queue::Reply e = list[i];
    if (e.size() < 2 || e[1].nil()) continue;  // deleted meanwhile
    out->push_back({std::string(e[0].str()), e[1], 1});
  }
}

class Worker {
 public:
  explicit Worker(const WorkerOptions& o) : o_(o), q_(o.queue) {
    consumer_ = o.consumer;
    if (consumer_.empty()) {
      char host[256] = "host";
      gethostname(host, sizeof host - 1);
      consumer_ = std::string(host) + "-" + std::to_string(getpid());
    }
  }

  int Run() {
    if (!CheckLang(o_.common.lang, "worker")) return 2;
    Config config = MakeConfig(o_.common);
    auto pipelines = BuildDefaultPipelines(config, cache_, 1);
    if (!pipelines.ok()) {
      std::cerr << "vigie worker: " << pipelines.status().ToString() << "\n";
      return 2;
    }
    pipelines_ = std::move(*pipelines);
    std::cerr << "vigie worker " << consumer_ << ": reading " << q_.stream << " at " << q_.redis << "\n";
    auto last_fuse_check = std::chrono::steady_clock::now();
    while (!g_stop) {
      if (!Connect()) continue;
      std::vector<queue::Reply> owners;
      std::vector<Entry> entries;
      try {
        Take(&owners, &entries);
      } catch (const queue::QueueError& e) {
        Lost(std::string("Redis: ") + e.what());
        continue;
      }
      if (entries.empty()) {
        // Idle: a fusion that failed (or a layer left stale) is redone.
        if (std::chrono::steady_clock::now() - last_fuse_check > std::chrono::seconds(2)) {
          last_fuse_check = std::chrono::steady_clock::now();
          try {
            if (store_->FusedLayerStale()) FuseAndReport(*store_, o_.fuse, "vigie worker");
          } catch (const store::StoreError& e) {
            StoreFailed(e);
          }
          if (o_.exit_when_idle && QueueEmpty()) break;
        }
        continue;
      }
      Process(entries);
    }
    std::cerr << "vigie worker " << consumer_ << ": " << stored_ << " articles stored, " << already_
              << " already stored, " << dead_ << " dead-lettered" << (g_stop ? "; stopped by a signal" : "")
              << "\n";
    return 0;
  }

 private:
  // Redis and the store, reconnecting with backoff. False when not yet.
  bool Connect() {
    try {
      if (!redis_) {
        redis_ = queue::Redis::Connect(q_.redis);
        EnsureGroup(*redis_, q_);
        recover_ = true;
      }
    } catch (const queue::QueueError& e) {
      Lost(std::string(e.what()));
      return false;
    }
    try {
      if (!store_) {
        store_ = store::Store::Open(o_.store);
        recover_ = true;
      }
    } catch (const store::StoreError& e) {
      StoreFailed(e);
      return false;
    }
    backoff_.Reset();
    return true;
  }

  void Lost(const std::string& what) {
    std::cerr << "vigie worker " << consumer_ << ": " << what << "; reconnecting in " << backoff_.ms << " ms\n";
    redis_.reset();
    backoff_.Wait();
  }

  void StoreFailed(const store::StoreError& e) {
    if (store_) (void)store_->Rollback();
    std::cerr << "vigie worker " << consumer_ << ": " << o_.store << ": " << e.status().ToString()
              << "; reconnecting in " << backoff_.ms << " ms\n";
    store_.reset();
    recover_ = true;  // what this worker holds is taken again
    backoff_.Wait();
  }

  void Take(std::vector<queue::Reply>* owners, std::vector<Entry>* entries) {
    const std::string count = std::to_string(o_.batch);
    if (recover_) {
      owners->push_back(redis_->Must({"XREADGROUP", "GROUP", Group(q_), consumer_, "COUNT", count, "STREAMS",
                                      q_.stream, "0"}));
      const queue::Reply& r = owners->back();
      if (r.size() > 0) CollectEntries(r[0][1], entries);
      if (entries->empty()) recover_ = false;
      Deliveries(entries);
      if (!entries->empty()) return;
    }
    owners->push_back(redis_->Must({"XAUTOCLAIM", q_.stream, Group(q_), consumer_,
                                    std::to_string(o_.claim_idle_ms), "0-0", "COUNT", count}));
    CollectEntries(owners->back()[1], entries);
    if (!entries->empty()) {
      Deliveries(entries);
      return;
    }
    owners->push_back(redis_->Must({"XREADGROUP", "GROUP", Group(q_), consumer_, "COUNT", count, "BLOCK",
                                    std::to_string(o_.block_ms), "STREAMS", q_.stream, ">"}));
    const queue::Reply& r = owners->back();
    if (r.size() > 0) CollectEntries(r[0][1], entries);
  }

  // How often each (reclaimed or recovered) entry has been delivered.
  void Deliveries(std::vector<Entry>* entries) {
    for (Entry& e : *entries) {
      queue::Reply p = redis_->Must({"XPENDING", q_.stream, Group(q_), e.id, e.id, "1"});
      if (p.size() > 0) e.deliveries = p[0][3].integer();
    }
  }

  bool QueueEmpty() {
    try {
      queue::Reply p = redis_->Must({"XPENDING", q_.stream, Group(q_)});
      queue::Reply g = redis_->Must({"XINFO", "GROUPS", q_.stream});
      long long lag = 0;
      for (size_t i = 0; i < g.size(); ++i)
        for (size_t k = 0; k + 1 < g[i].size(); k += 2)
          if (g[i][k].str() == "lag") lag = g[i][k + 1].nil() ? 1 : g[i][k + 1].integer();
      return p[0].integer() == 0 && lag == 0;
    } catch (const queue::QueueError&) {
      return false;
    }
  }

  // Puts an entry on the dead letters with its error, and acks it.
  void DeadLetter(const Entry& e, const Status& status) {
    std::vector<std::string> args = {"XADD", Dead(q_), "*", "entry", e.id, "code", ErrorName(status.code()).data(),
                                     "error", status.ToString(), "deliveries", std::to_string(e.deliveries),
                                     "consumer", consumer_};
    for (size_t i = 0; i + 1 < e.fields.size(); i += 2) {
      const std::string_view k = e.fields[i].str();
      if (k == "id" || k == "path" || k == "raw") {
        args.emplace_back(std::string("article_") + std::string(k));
        args.emplace_back(e.fields[i + 1].str());
      }
    }
    redis_->Must(args);
    redis_->Must({"XACK", q_.stream, Group(q_), e.id});
    redis_->Must({"XDEL", q_.stream, e.id});
    redis_->Must({"HDEL", Errors(q_), e.id});
    ++dead_;
    std::cerr << "vigie worker " << consumer_ << ": entry " << e.id << " dead-lettered after " << e.deliveries
              << (e.deliveries == 1 ? " try: " : " tries: ") << status.ToString() << "\n";
  }

  void Process(std::vector<Entry>& entries) {
    struct Item {
      Document doc;
      std::vector<std::string> records;
      std::vector<uint32_t> signature;
    };
    std::vector<Item> items;
    std::vector<std::string> done;  // entry ids to ack after the commit
    try {
      for (Entry& e : entries) {
        if (g_stop) break;  // the rest stays pending, taken by another worker
        if (e.deliveries > o_.max_tries) {
          queue::Reply last = redis_->Must({"HGET", Errors(q_), e.id});
          Status why = last.nil() ? Status(ErrorCode::kWorkerLost,
                                           "delivered " + std::to_string(e.deliveries) +
                                               " times: the workers that took it stopped before finishing it")
                                  : Status(static_cast<ErrorCode>(std::atoi(std::string(last.str()).c_str())),
                                           std::string(last.str().substr(last.str().find(' ') + 1)));
          DeadLetter(e, why);
          continue;
        }
        Item item;
        if (!queue::DecodeArticle(e.fields, &item.doc)) {
          DeadLetter(e, Status(ErrorCode::kMalformedRecord, "the stream entry is not an article"));
          continue;
        }
        Document& doc = item.doc;
        if (doc.status.ok()) {
          doc.layers = {Layer::kSource};
          pipelines_[0].Run(doc);
        }
        if (!doc.status.ok()) {
          const int code = static_cast<int>(doc.status.code());
          if (code >= 700 && code < 800) {
            // A resource bound: maybe the machine was loaded. Left pending,
            // taken again after --claim-idle, dead-lettered after --max-tries.
            redis_->Must({"HSET", Errors(q_), e.id, std::to_string(code) + " " + doc.status.message()});
            std::cerr << "vigie worker " << consumer_ << ": " << doc.id << ": " << doc.status.ToString()
                      << " (try " << e.deliveries << " of " << o_.max_tries << ")\n";
          } else {
            DeadLetter(e, doc.status);
          }
          continue;
        }
        item.records = EventRecords(doc);
        item.signature = fuse::Signature(fuse::Shingles(doc.text));
        items.push_back(std::move(item));
        done.push_back(e.id);
      }
    } catch (const queue::QueueError& e) {
      Lost(std::string("Redis: ") + e.what());
      return;  // nothing written: the entries are taken again
    }
    size_t added = 0;
    try {
      if (!items.empty()) {
        store_->Begin();
        for (const Item& item : items) {
          switch (store_->Write(item.doc, item.records, item.signature)) {
            case store::Store::WriteResult::kAdded: ++added; break;
            case store::Store::WriteResult::kAlreadyStored: ++already_; break;
            case store::Store::WriteResult::kNotStored: break;
          }
        }
        store_->Commit();
      }
    } catch (const store::StoreError& e) {
      StoreFailed(e);
      return;  // not acked: taken again
    }
    stored_ += added;
    if (o_.exit_before_ack && !items.empty()) {
      std::cerr << "vigie worker " << consumer_ << ": committed " << items.size()
                << " articles; exiting before the ack (--exit-before-ack)\n";
      std::_Exit(9);
    }
    try {
      if (!done.empty()) {
        std::vector<std::string> ack = {"XACK", q_.stream, Group(q_)};
        ack.insert(ack.end(), done.begin(), done.end());
        redis_->Must(ack);
        std::vector<std::string> del = {"XDEL", q_.stream};
        del.insert(del.end(), done.begin(), done.end());
        redis_->Must(del);
        std::vector<std::string> hdel = {"HDEL", Errors(q_)};
        hdel.insert(hdel.end(), done.begin(), done.end());
        redis_->Must(hdel);
        redis_->Must({"INCRBY", Stored(q_), std::to_string(added)});
      }
    } catch (const queue::QueueError& e) {
      // Stored, not acked: taken again later, found stored, acked then.
      Lost(std::string("Redis: ") + e.what());
    }
    // Fusion at most every --fuse-every seconds (each rereads the stories
    // the new articles touch), and whenever the worker is idle.
    try {
      const auto now = std::chrono::steady_clock::now();
      if (added > 0 && now - last_fusion_ >= std::chrono::duration<double>(o_.fuse_every_s) &&
          store_->FusedLayerStale()) {
        last_fusion_ = now;
        FuseAndReport(*store_, o_.fuse, "vigie worker");
      }
    } catch (const store::StoreError& e) {
      StoreFailed(e);  // the next fusion (after a batch, or when idle) does it
    }
  }

  const WorkerOptions& o_;
  const QueueOptions& q_;
  std::string consumer_;
  ResourceCache cache_;
  std::vector<Pipeline> pipelines_;
  std::unique_ptr<queue::Redis> redis_;
  std::unique_ptr<store::Store> store_;
  bool recover_ = true;
  Backoff backoff_;
  std::chrono::steady_clock::time_point last_fusion_ = std::chrono::steady_clock::now();
  size_t stored_ = 0, already_ = 0, dead_ = 0;
};

}  // namespace

int RunWorker(const WorkerOptions& options) {
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);
  if (options.store.empty()) {
    std::cerr << "vigie worker: --store postgresql://... is required\n";
    return 2;
  }
  Worker worker(options);
  return worker.Run();
}

int RunStatus(const StatusOptions& options) {
  const QueueOptions& q = options.queue;
  try {
    auto redis = queue::Redis::Connect(q.redis);
    auto stored = [&] { return redis->Must({"GET", Stored(q)}).integer(); };
    const long long before = stored();
    const auto t0 = std::chrono::steady_clock::now();
    std::cout << "stream " << q.stream << ": " << redis->Must({"XLEN", q.stream}).integer()
              << " entries (waiting or pending)\n";
    queue::Reply groups = redis->Command({"XINFO", "GROUPS", q.stream});
    for (size_t i = 0; i < groups.size(); ++i) {
      std::string name;
      long long pending = 0, lag = -1;
      for (size_t k = 0; k + 1 < groups[i].size(); k += 2) {
        if (groups[i][k].str() == "name") name = groups[i][k + 1].str();
        if (groups[i][k].str() == "pending") pending = groups[i][k + 1].integer();
        if (groups[i][k].str() == "lag" && !groups[i][k + 1].nil()) lag = groups[i][k + 1].integer();
      }
      std::cout << "group " << name << ": " << pending << " pending";
      if (lag >= 0) std::cout << ", " << lag << " not yet read";
      std::cout << "\n";
      queue::Reply consumers = redis->Command({"XINFO", "CONSUMERS", q.stream, name});
      for (size_t c = 0; c < consumers.size(); ++c) {
        std::string cname;
        long long cpending = 0, idle = 0;
        for (size_t k = 0; k + 1 < consumers[c].size(); k += 2) {
          if (consumers[c][k].str() == "name") cname = consumers[c][k + 1].str();
          if (consumers[c][k].str() == "pending") cpending = consumers[c][k + 1].integer();
          if (consumers[c][k].str() == "idle") idle = consumers[c][k + 1].integer();
        }
        std::cout << "  consumer " << cname << ": " << cpending << " pending, idle " << idle / 1000.0 << " s\n";
      }
    }
    std::cout << "dead letters " << Dead(q) << ": " << redis->Must({"XLEN", Dead(q)}).integer() << "\n";
    std::this_thread::sleep_for(std::chrono::duration<double>(options.sample_s));
    const long long after = stored();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "stored: " << after << " articles; " << (after - before) / s << " articles/s over the last "
              << s << " s\n";
  } catch (const queue::QueueError& e) {
    std::cerr << "vigie status: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace vigie::cli
