// The PostgreSQL back end of the store (libpq): a connection and statements
// behind the same interface as SQLite's (sqlite.h), so that store.cc and
// fused.cc write one set of statements. Statements are written with `?`
// or `?N` parameters ($N here), prepared on the server once per connection
// (PQprepare, the parameter types inferred there) and run with
// PQexecPrepared, values always bound, never spliced into the text;
// results are read as text (bytea decoded).
//
// A failure throws StoreError with a numbered code: SQLSTATE 53100
// disk_full is E601, 25006 read_only_sql_transaction E602, 40001, 40P01
// and 55P03 (serialization, deadlock, lock not available) E603, a lost or
// refused connection (class 08, 57P01..57P03 shutdown) E606
// store_unavailable, anything else E605.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite.h"

struct pg_conn;
struct pg_result;

namespace vigie::store {

class PgStatement final : public Statement {
 public:
  PgStatement(pg_conn* conn, std::string sql, int params, std::string name);
  ~PgStatement() override;

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
  void Set(int i, std::optional<std::string> value, unsigned type, int format);
  pg_conn* conn_;
  std::string sql_;
  std::string name_;  // of the server-side prepared statement
  bool prepared_ = false;
  std::vector<std::optional<std::string>> values_;
  std::vector<unsigned> types_;
  std::vector<int> formats_;
  pg_result* result_ = nullptr;
  int row_ = -1, rows_ = 0;
  mutable std::string blob_;  // the last bytea read
};

class PgConnection final : public Connection {
 public:
  // Connects to a postgresql:// (or postgres://) URL. Throws StoreError
  // (E606 when the server cannot be reached).
  static std::unique_ptr<PgConnection> Open(const std::string& url);
  ~PgConnection() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status TryExec(const char* sql) noexcept override;
  void Begin() override { Exec("BEGIN"); }
  bool AutoCommit() const override;
  Statement& Prepare(const std::string& sql) override;

 private:
  explicit PgConnection(pg_conn* c) : conn_(c) {}
  pg_conn* conn_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> cache_;
};

// `?` and `?N` parameters as PostgreSQL's `$N` (not inside quotes), and
// how many parameters the statement takes.
std::string PgParameters(std::string_view sql, int* count);

// Whether a store URL names PostgreSQL (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view spec);

}  // namespace vigie::store
