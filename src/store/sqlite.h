// A thin RAII layer over SQLite: a connection and prepared statements with
// bound parameters. Nothing here builds SQL from values: every value goes
// through Bind, every statement is prepared once per connection and cached
// by its text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vigie::store {

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* s) : s_(s) {}
  Statement(Statement&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, uint32_t v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v);
  Statement& Bind(int i, std::string_view v);   // text (copied)
  Statement& BindBlob(int i, std::string_view v);
  Statement& BindNull(int i);
  // Empty text binds NULL.
  Statement& BindTextOrNull(int i, std::string_view v);

  // True while a row is available; false at the end. Errors throw
  // StoreError (they end the command: a broken database is not per-item).
  bool Step();
  // Runs to completion.
  void Run();
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step
  bool IsNull(int col) const;

 private:
  sqlite3_stmt* s_ = nullptr;
};

// A database failure: disk full, read-only file, locked out, corrupt file,
// a schema newer than this build. Thrown, because it ends the whole command
// (DuckDB's rule), but it carries a numbered Status (the 6xx group of
// base/status.h) so the command can say what happened and exit cleanly.
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(Status status)
      : std::runtime_error(status.ToString()), status_(std::move(status)) {}
  // A failure that is not SQLite's: E605 store_failed.
  explicit StoreError(const std::string& message)
      : StoreError(Status(ErrorCode::kStoreFailed, message)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// The numbered code of an SQLite result code (primary or extended):
// SQLITE_FULL is E601 disk_full, SQLITE_READONLY E602, SQLITE_BUSY and
// SQLITE_LOCKED E603, SQLITE_IOERR and SQLITE_CANTOPEN E604 (E601 or E602
// when the system's errno says ENOSPC, EDQUOT or EROFS), anything else E605.
ErrorCode StoreErrorCode(int sqlite_rc);

class Connection {
 public:
  // Opens (and creates unless read_only) the file; WAL journal, foreign keys.
  // A write lock held by another connection is waited for busy_timeout_ms,
  // then the statement fails with E603 database_locked. A read-only open
  // reads the schema at once; a WAL database whose folder cannot take the
  // -shm index (read-only media, another user's folder) is then opened
  // immutable when no -wal log holds changes, and refused with E602 and
  // what to do when one does.
  static constexpr int kDefaultBusyTimeoutMs = 10000;
  static std::unique_ptr<Connection> Open(const std::string& path, bool read_only,
                                          int busy_timeout_ms = kDefaultBusyTimeoutMs);
  ~Connection();

  // Executes constant SQL (schema, pragmas); never values.
  void Exec(const char* sql);
  // The same, never throwing: for ROLLBACK inside an error handler.
  Status TryExec(const char* sql) noexcept;
  // False while a transaction is open. SQLite may end one by itself after
  // SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM: ROLLBACK is then an error.
  bool AutoCommit() const;
  int busy_timeout_ms() const { return busy_timeout_ms_; }
  // A cached prepared statement for constant SQL text, reset and cleared.
  Statement& Prepare(const std::string& sql);
  int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* raw() const { return db_; }

 private:
  Connection(sqlite3* db, int busy_timeout_ms) : db_(db), busy_timeout_ms_(busy_timeout_ms) {}
  sqlite3* db_;
  int busy_timeout_ms_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE .. COMMIT, rolled back if not committed.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  void Commit();

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace vigie::store
