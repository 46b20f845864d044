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

// A database failure: disk full, corrupt file, a schema newer than this
// build. Thrown, because it ends the whole command (DuckDB's rule).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Connection {
 public:
  // Opens (and creates unless read_only) the file; WAL journal, foreign keys.
  static std::unique_ptr<Connection> Open(const std::string& path, bool read_only);
  ~Connection();

  // Executes constant SQL (schema, pragmas); never values.
  void Exec(const char* sql);
  // A cached prepared statement for constant SQL text, reset and cleared.
  Statement& Prepare(const std::string& sql);
  int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
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
