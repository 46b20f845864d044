// A thin RAII layer over the store's databases: a connection and prepared
// statements with bound parameters, SQLite's here, PostgreSQL's in
// postgres.h. Nothing here builds SQL from values: every value goes
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

// What a back end's statement does (SQLite's below, PostgreSQL's in
// postgres.h): parameters bound by position, rows read by column.
class Statement {
 public:
  virtual ~Statement() = default;

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int i, int64_t v) { DoBindInt(i, v); return *this; }
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, uint32_t v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v) { DoBindDouble(i, v); return *this; }
  Statement& Bind(int i, std::string_view v) { DoBindText(i, v); return *this; }  // text (copied)
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Statement& BindBlob(int i, std::string_view v) { DoBindBlob(i, v); return *this; }
  Statement& BindNull(int i) { DoBindNull(i); return *this; }
  // Empty text binds NULL.
  Statement& BindTextOrNull(int i, std::string_view v) {
    return v.empty() ? BindNull(i) : Bind(i, v);
  }

  // True while a row is available; false at the end. Errors throw
  // StoreError (they end the command: a broken database is not per-item).
  virtual bool Step() = 0;
  // Runs to completion.
  void Run() {
    while (Step()) {
    }
    Reset();
  }
  virtual void Reset() = 0;

  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  std::string Text(int col) const { return std::string(TextView(col)); }
  virtual std::string_view TextView(int col) const = 0;  // valid until the next Step (blobs too)
  virtual bool IsNull(int col) const = 0;

 protected:
  virtual void DoBindInt(int i, int64_t v) = 0;
  virtual void DoBindDouble(int i, double v) = 0;
  virtual void DoBindText(int i, std::string_view v) = 0;
  virtual void DoBindBlob(int i, std::string_view v) = 0;
  virtual void DoBindNull(int i) = 0;
};

class SqliteStatement final : public Statement {
 public:
  explicit SqliteStatement(sqlite3_stmt* s) : s_(s) {}
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement() override;

  bool Step() override;
  void Reset() override;
  int64_t Int(int col) const override;
  double Double(int col) const override;
  std::string_view TextView(int col) const override;
  bool IsNull(int col) const override;

 protected:
  void DoBindInt(int i, int64_t v) override;
  void DoBindDouble(int i, double v) override;
  void DoBindText(int i, std::string_view v) override;
  void DoBindBlob(int i, std::string_view v) override;
  void DoBindNull(int i) override;

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

// The SQL dialect of a connection, for the few statements that differ.
enum class Dialect { kSqlite, kPostgres };

// A connection to a store back end.
class Connection {
 public:
  // Opens (and creates unless read_only) the SQLite file; WAL journal, foreign keys.
  // A write lock held by another connection is waited for busy_timeout_ms,
  // then the statement fails with E603 database_locked. A read-only open
  // reads the schema at once; a WAL database whose folder cannot take the
  // -shm index (read-only media, another user's folder) is then opened
  // immutable when no -wal log holds changes, and refused with E602 and
  // what to do when one does.
  static constexpr int kDefaultBusyTimeoutMs = 10000;
  static std::unique_ptr<Connection> Open(const std::string& path, bool read_only,
                                          int busy_timeout_ms = kDefaultBusyTimeoutMs);
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;
  // Executes constant SQL (schema, pragmas); never values.
  void Exec(const char* sql) {
    Status status = TryExec(sql);
    if (!status.ok()) throw StoreError(std::move(status));
  }
  // The same, never throwing: for ROLLBACK inside an error handler.
  virtual Status TryExec(const char* sql) noexcept = 0;
  // Opens a write transaction (SQLite: BEGIN IMMEDIATE).
  virtual void Begin() = 0;
  // False while a transaction is open. SQLite may end one by itself after
  // SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM: ROLLBACK is then an error.
  virtual bool AutoCommit() const = 0;
  // A cached prepared statement for constant SQL text, reset and cleared.
  // Parameters are written `?` or `?N` in both dialects.
  virtual Statement& Prepare(const std::string& sql) = 0;
};

class SqliteConnection final : public Connection {
 public:
  ~SqliteConnection() override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  Status TryExec(const char* sql) noexcept override;
  void Begin() override { Exec("BEGIN IMMEDIATE"); }
  bool AutoCommit() const override;
  Statement& Prepare(const std::string& sql) override;
  int busy_timeout_ms() const { return busy_timeout_ms_; }
  int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* raw() const { return db_; }

 private:
  friend class Connection;
  SqliteConnection(sqlite3* db, int busy_timeout_ms) : db_(db), busy_timeout_ms_(busy_timeout_ms) {}
  sqlite3* db_;
  int busy_timeout_ms_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
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
