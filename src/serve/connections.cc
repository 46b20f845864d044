// The connection front; see connections.h.
//
// One event thread: accept4 and recv on non-blocking sockets in epoll
// (level-triggered), a connection's bytes appended to its buffer until
// Frame() finds a whole request; the connection then leaves epoll and goes
// to the work queue. Workers run httplib's process_request over a
// BufferStream that reads the buffer and writes to the socket (waiting in
// poll for a slow reader, within the write bounds), then hand the
// connection back through a mutex-guarded list and an eventfd. Connections
// waiting for a request sit in a list ordered by when they started
// waiting: the sweep (every 100 ms) closes the expired ones from its head,
// and the head is the one closed when the connection limit is reached.
// Only the event thread opens, closes or frees connections.
#include "serve/connections.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace vigie::serve {

namespace {

using Clock = std::chrono::steady_clock;

enum class State { kReading, kQueued };

struct Connection {
  int fd = -1;
  std::string in;         // received, not yet answered
  size_t read = 0;        // bytes of `in` the parser has consumed
  size_t scanned = 0;     // where the search for the head's end resumes
  State state = State::kReading;
  Clock::time_point since;  // when it started waiting for this request
  size_t served = 0;
  std::list<Connection*>::iterator waiting;  // its place in Impl::waiting_
};

// A whole request at the start of `in`: its length (head and body), 0 while
// bytes are missing, or a status to refuse it with.
struct Framing {
  size_t length = 0;
  int refuse = 0;
};

bool NameIs(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

Framing Frame(Connection& c, size_t max_head, size_t max_body) {
  const std::string& in = c.in;
  size_t end = std::string::npos;
  // The head ends at an empty line: "\n\n" or "\n\r\n".
  for (size_t i = std::max(c.scanned, c.read); i < in.size(); ++i) {
    if (in[i] != '\n') continue;
    if (i + 1 < in.size() && in[i + 1] == '\n') end = i + 2;
    else if (i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') end = i + 3;
    if (end != std::string::npos) break;
  }
  if (end == std::string::npos) {
    // An end that is still to come starts in the last two bytes.
    c.scanned = std::max(c.read, in.size() >= 2 ? in.size() - 2 : 0);
    return {0, in.size() - c.read > max_head ? 431 : 0};
  }
  if (end - c.read > max_head) return {0, 431};
  std::string_view head(in.data() + c.read, end - c.read);
  size_t body = 0;
  for (size_t b = head.find('\n'); b != std::string_view::npos && b + 1 < head.size();) {
    size_t e = head.find('\n', b + 1);
    std::string_view line = head.substr(b + 1, e - b - 1);
    b = e;
    if (NameIs(line, "transfer-encoding")) return {0, 501};
    // Byte ranges are not served: one request of overlapping ranges would
    // have httplib send the body once per range.
    if (NameIs(line, "range")) return {0, 416};
    if (NameIs(line, "content-length")) {
      std::string_view v = line.substr(std::string_view("content-length:").size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
      if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string_view::npos)
        return {0, 400};
      body = std::stoull(std::string(v));
      if (body > max_body) return {0, 413};
    }
  }
  if (in.size() - end < body) return {0, 0};
  return {end - c.read + body, 0};
}

const char* Reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 416: return "Range Not Satisfiable";
    case 421: return "Misdirected Request";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

// The answer a connection gets when it is refused by the front.
const char* RefusalText(int status) {
  switch (status) {
    case 400: return "malformed Content-Length";
    case 408: return "the request did not arrive in time";
    case 413: return "request body too large (the API reads none)";
    case 416: return "byte ranges are not served: ask for the whole resource";
    case 431: return "request head too large";
    case 501: return "chunked request bodies are not accepted";
    case 503: return "the server is busy; try again";
    default: return "refused";
  }
}

// Reads the request from the connection's buffer, writes to its socket.
class BufferStream : public httplib::Stream {
 public:
  BufferStream(Connection& c, const FrontOptions& o, size_t request_end)
      : c_(c),
        end_(request_end),
        stall_(o.write_stall_timeout),
        deadline_(Clock::now() + o.response_timeout) {}

  bool is_readable() const override { return c_.read < end_; }
  bool is_writable() const override { return !failed_ && Clock::now() < deadline_; }
  // Never past the framed request: what follows belongs to the next one.
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, end_ - c_.read);
    std::memcpy(ptr, c_.in.data() + c_.read, n);
    c_.read += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    size_t done = 0;
    while (done < size && !failed_) {
      ssize_t n = ::send(c_.fd, ptr + done, size - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
        int wait = static_cast<int>(std::min(left, stall_).count());
        pollfd p{c_.fd, POLLOUT, 0};
        if (wait > 0 && ::poll(&p, 1, wait) > 0 && !(p.revents & (POLLERR | POLLHUP))) continue;
      }
      failed_ = true;
    }
    return failed_ ? -1 : static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { Address(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { Address(false, ip, port); }
  socket_t socket() const override { return c_.fd; }
  bool failed() const { return failed_; }

 private:
  void Address(bool peer, std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    int rc = peer ? getpeername(c_.fd, reinterpret_cast<sockaddr*>(&a), &len)
                  : getsockname(c_.fd, reinterpret_cast<sockaddr*>(&a), &len);
    char host[INET6_ADDRSTRLEN] = "";
    port = -1;
    if (rc == 0 && a.ss_family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
      inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
      port = ntohs(v4->sin_port);
    } else if (rc == 0 && a.ss_family == AF_INET6) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
      inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
      port = ntohs(v6->sin6_port);
    }
    ip = host;
  }

  Connection& c_;
  size_t end_;
  std::chrono::milliseconds stall_;
  Clock::time_point deadline_;
  bool failed_ = false;
};

}  // namespace

std::string FrontResponse(int status, const std::string& reason) {
  std::string body = "{\"error\":\"" + reason + "\"}";
  return "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
         "\r\nContent-Type: application/json; charset=utf-8"
         "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close"
         "\r\nCache-Control: no-store"
         "\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'"
         "\r\nX-Frame-Options: DENY"
         "\r\nX-Content-Type-Options: nosniff"
         "\r\nReferrer-Policy: no-referrer" +
         std::string(status == 503 ? "\r\nRetry-After: 1" : "") + "\r\n\r\n" + body;
}

struct Front::Impl {
  Impl(Router& r, FrontOptions o) : router(r), options(std::move(o)) {
    options.idle_timeout = std::min(options.idle_timeout, options.request_timeout);
  }

  Router& router;
  FrontOptions options;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  std::atomic<bool> stopping{false};
  bool accepting = true;

  // Event thread only.
  std::vector<std::unique_ptr<Connection>> by_fd;
  std::list<Connection*> waiting;  // kReading, oldest first
  size_t open = 0;

  // Shared with the workers.
  std::mutex mu;
  std::condition_variable ready;
  std::deque<std::pair<Connection*, size_t>> queue;  // connection, request length
  std::vector<std::pair<Connection*, bool>> returned;  // connection, keep it open
  bool workers_stop = false;

  void Watch(Connection* c) {
    c->state = State::kReading;
    c->since = Clock::now();
    c->waiting = waiting.insert(waiting.end(), c);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = c->fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev);
  }
  void Unwatch(Connection* c) {
    waiting.erase(c->waiting);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, nullptr);
  }
  void Close(Connection* c) {
    if (c->state == State::kReading) Unwatch(c);
    int fd = c->fd;
    ::close(fd);
    by_fd[static_cast<size_t>(fd)].reset();
    --open;
  }
  // A refusal the client may read, then the connection closed.
  void Refuse(Connection* c, int status) {
    std::string r = FrontResponse(status, RefusalText(status));
    (void)::send(c->fd, r.data(), r.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(c->fd, SHUT_WR);
    Close(c);
  }

  // A whole request buffered: to a worker. Part of one: keep reading.
  void Dispatch(Connection* c) {
    Framing f = Frame(*c, options.max_head_bytes, options.max_body_bytes);
    if (f.refuse) return Refuse(c, f.refuse);
    if (f.length == 0) return;
    {
      std::lock_guard lock(mu);
      if (queue.size() >= options.max_queued) {
        f.refuse = 503;
      } else {
        Unwatch(c);
        c->state = State::kQueued;
        queue.emplace_back(c, c->read + f.length);
      }
    }
    if (f.refuse) return Refuse(c, f.refuse);
    ready.notify_one();
  }

  void OnReadable(Connection* c) {
    char buf[16384];
    for (;;) {
      ssize_t n = ::recv(c->fd, buf, sizeof buf, 0);
      if (n > 0) {
        c->in.append(buf, static_cast<size_t>(n));
        if (c->in.size() - c->read > options.max_head_bytes + options.max_body_bytes) break;
        if (static_cast<size_t>(n) < sizeof buf) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      return Close(c);  // the client closed, or the connection failed
    }
    Dispatch(c);
  }

  void AcceptSome() {
    // A few at a time, so that requests on connections already open are
    // read between bursts of a flood of new ones.
    for (int i = 0; i < 64; ++i) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: make room, or stop accepting until the sweep.
          if (!waiting.empty()) {
            Close(waiting.front());
            continue;
          }
          epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
          accepting = false;
        }
        return;
      }
      if (open >= options.max_connections && !waiting.empty()) Close(waiting.front());
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      if (by_fd.size() <= static_cast<size_t>(fd)) by_fd.resize(static_cast<size_t>(fd) + 1024);
      auto c = std::make_unique<Connection>();
      c->fd = fd;
      Connection* p = c.get();
      by_fd[static_cast<size_t>(fd)] = std::move(c);
      ++open;
      Watch(p);
      if (open > options.max_connections) Refuse(p, 503);  // every open one is busy in a worker
    }
  }

  void Sweep() {
    auto now = Clock::now();
    for (auto it = waiting.begin(); it != waiting.end();) {
      Connection* c = *it++;
      auto age = now - c->since;
      if (age <= options.idle_timeout) break;  // the list is oldest first
      bool idle = c->in.size() == c->read;
      if (idle) Close(c);
      else if (age > options.request_timeout) Refuse(c, 408);
    }
    if (!accepting) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = listen_fd;
      if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) == 0) accepting = true;
    }
  }

  void TakeReturned() {
    std::vector<std::pair<Connection*, bool>> back;
    {
      std::lock_guard lock(mu);
      back.swap(returned);
    }
    for (auto [c, keep] : back) {
      if (!keep || stopping) {
        Close(c);
        continue;
      }
      c->in.erase(0, c->read);
      c->read = 0;
      c->scanned = 0;
      Watch(c);
      Dispatch(c);  // a request that came behind the last one
    }
  }

  void Work() {
    for (;;) {
      Connection* c;
      size_t end;
      {
        std::unique_lock lock(mu);
        ready.wait(lock, [&] { return workers_stop || !queue.empty(); });
        if (queue.empty()) return;
        std::tie(c, end) = queue.front();
        queue.pop_front();
      }
      bool keep = false;
      {
        BufferStream stream(*c, options, end);
        bool last = ++c->served >= options.max_requests_per_connection || stopping;
        bool close = false;
        bool ok = router.Answer(stream, last, close);
        // What the parser left of this request (a body it did not read).
        c->read = end;
        keep = ok && !close && !last && !stream.failed();
      }
      {
        std::lock_guard lock(mu);
        returned.emplace_back(c, keep);
      }
      uint64_t one = 1;
      (void)::write(wake_fd, &one, sizeof one);
    }
  }
};

Front::Front(Router& router, FrontOptions options) : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Front::~Front() {
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
  if (impl_->epoll_fd >= 0) ::close(impl_->epoll_fd);
  if (impl_->wake_fd >= 0) ::close(impl_->wake_fd);
}

int Front::Listen(const std::string& host, int port) {
  Impl& m = *impl_;
  // As many descriptors as the system lets this process have; the limit on
  // connections leaves room for the database's files.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur > 256)
      m.options.max_connections = std::min<size_t>(m.options.max_connections, rl.rlim_cur - 128);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    errno = EADDRNOTAVAIL;
    return -1;
  }
  int fd = -1;
  int error = EADDRNOTAVAIL;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 4096) == 0) break;
    error = errno;
    ::close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    errno = error;
    return -1;
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  int actual = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                           : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  m.listen_fd = fd;
  m.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  m.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  for (int watched : {m.listen_fd, m.wake_fd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = watched;
    epoll_ctl(m.epoll_fd, EPOLL_CTL_ADD, watched, &ev);
  }
  return actual;
}

void Front::Stop() {
  impl_->stopping = true;
  uint64_t one = 1;
  if (impl_->wake_fd >= 0) (void)::write(impl_->wake_fd, &one, sizeof one);
}

void Front::Run() {
  Impl& m = *impl_;
  m.router.SetListening(m.listen_fd);
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, m.options.workers); ++i) workers.emplace_back([&m] { m.Work(); });
  epoll_event events[256];
  auto last_sweep = Clock::now();
  while (!m.stopping) {
    int n = epoll_wait(m.epoll_fd, events, 256, 100);
    for (int i = 0; i < n && !m.stopping; ++i) {
      int fd = events[i].data.fd;
      if (fd == m.listen_fd) {
        m.AcceptSome();
      } else if (fd == m.wake_fd) {
        uint64_t count;
        (void)::read(m.wake_fd, &count, sizeof count);
        m.TakeReturned();
      } else if (static_cast<size_t>(fd) < m.by_fd.size() && m.by_fd[static_cast<size_t>(fd)] &&
                 m.by_fd[static_cast<size_t>(fd)]->state == State::kReading) {
        m.OnReadable(m.by_fd[static_cast<size_t>(fd)].get());
      }
    }
    if (Clock::now() - last_sweep >= std::chrono::milliseconds(100)) {
      m.Sweep();
      last_sweep = Clock::now();
    }
  }
  // Stop: no new connections; answers in progress are finished.
  epoll_ctl(m.epoll_fd, EPOLL_CTL_DEL, m.listen_fd, nullptr);
  {
    std::lock_guard lock(m.mu);
    m.workers_stop = true;
    for (auto& [c, end] : m.queue) m.returned.emplace_back(c, false);
    m.queue.clear();
  }
  m.ready.notify_all();
  for (auto& t : workers) t.join();
  m.router.SetListening(INVALID_SOCKET);
  m.TakeReturned();
  for (auto& c : m.by_fd)
    if (c) m.Close(c.get());
  ::close(m.listen_fd);
  m.listen_fd = -1;
}

}  // namespace vigie::serve
