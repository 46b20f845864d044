// The connection front of `vigie serve` (internal to serve/).
//
// cpp-httplib 0.11 gives each connection a worker thread for its whole
// life: eight clients that send their request slowly, or keep an idle
// connection open, hold the eight workers and every other request waits.
// Here one thread owns every connection in epoll and reads what arrives,
// without blocking, until a whole request (head and body) is buffered; only
// then does a worker parse and answer it through httplib's router, from the
// buffer. Between requests a keep-alive connection goes back to epoll.
// So a worker never waits on a client's reading, and slow or idle clients
// cost a descriptor and a small buffer, not a thread. Bounds:
//   - a request must arrive whole within request_timeout (408), an idle
//     connection is closed after idle_timeout;
//   - a head over max_head_bytes is 431, a body over max_body_bytes 413,
//     chunked bodies 501 (the API reads none), a Range header 416 (httplib
//     would send the body once per range, overlapping or not);
//   - at most max_connections open: the one waiting longest for its
//     request is closed to make room for a new one;
//   - at most max_queued whole requests wait for a worker, more are 503;
//   - a response whose client stops reading for write_stall_timeout, or
//     that takes longer than response_timeout in all, is cut.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace vigie::serve {

struct FrontOptions {
  int workers = 8;
  size_t max_connections = 4096;
  size_t max_queued = 512;
  std::chrono::milliseconds idle_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds write_stall_timeout{10000};
  std::chrono::milliseconds response_timeout{120000};
  size_t max_head_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024;
  size_t max_requests_per_connection = 1000;
};

// httplib's parser and router, fed one buffered request at a time.
class Router : public httplib::Server {
 public:
  // Parses one request from the stream and writes its answer; false when
  // the connection must be closed (a malformed request, a failed write).
  // `close` becomes true when the client asked for the connection to end.
  bool Answer(httplib::Stream& stream, bool last, bool& close) {
    return process_request(stream, last, close, nullptr);
  }
  // httplib stops writing a content provider's body once its own listening
  // socket is invalid (its test for shutting down), and the front owns the
  // listening socket: it lends it while serving.
  void SetListening(socket_t fd) { svr_sock_ = fd; }
};

// The canned head of a response the front sends itself (408, 413, 421,
// 431, 501, 503): status line, security headers, Connection: close.
std::string FrontResponse(int status, const std::string& reason);

class Front {
 public:
  Front(Router& router, FrontOptions options);
  ~Front();
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  // Listens on host:port (port 0: any free port). Returns the port, or -1
  // with errno set (EADDRINUSE: another server has the port). SO_REUSEADDR
  // only, never SO_REUSEPORT, so a port in use is refused.
  int Listen(const std::string& host, int port);
  // Serves until Stop(); in-flight answers are finished, then every
  // connection is closed.
  void Run();
  // From any thread, or a signal handler (it only writes to an eventfd).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigie::serve
