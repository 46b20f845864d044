// PostgreSQL connection and statement wrappers; see postgres.h.
#include "store/postgres.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

namespace vigie::store {

namespace {

constexpr Oid kInt8 = 20, kFloat8 = 701, kBytea = 17, kBool = 16;

ErrorCode PgErrorCode(PGconn* conn, const char* sqlstate) {
  if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) return ErrorCode::kStoreUnavailable;
  std::string_view s = sqlstate ? sqlstate : "";
  if (s == "53100") return ErrorCode::kDiskFull;
  if (s == "25006") return ErrorCode::kReadOnly;
  if (s == "40001" || s == "40P01" || s == "55P03") return ErrorCode::kDatabaseLocked;
  if (s.substr(0, 2) == "08" || s == "57P01" || s == "57P02" || s == "57P03") return ErrorCode::kStoreUnavailable;
  if (s.substr(0, 2) == "58" || s == "53000") return ErrorCode::kStoreIoError;
  return ErrorCode::kStoreFailed;
}

// A failed result (or none) as a StoreError's Status; clears `res`.
Status PgStatus(PGconn* conn, PGresult* res, std::string_view what) {
  const char* sqlstate = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  ErrorCode code = PgErrorCode(conn, sqlstate);
  std::string m(what);
  m += ": ";
  const char* message = res ? PQresultErrorMessage(res) : nullptr;
  if (message == nullptr || *message == '\0') message = conn ? PQerrorMessage(conn) : "out of memory";
  m += message;
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  if (code == ErrorCode::kStoreUnavailable) m += "; the PostgreSQL server cannot be reached";
  PQclear(res);
  return Status(code, std::move(m));
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

bool IsPostgresUrl(std::string_view spec) {
  return spec.substr(0, 13) == "postgresql://" || spec.substr(0, 11) == "postgres://";
}

std::string PgParameters(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0, max = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    int n = 0;
    size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = ++next;
    i = j - 1;
    max = std::max(max, n);
    out += '$';
    out += std::to_string(n);
  }
  *count = max;
  return out;
}

PgStatement::PgStatement(PGconn* conn, std::string sql, int params, std::string name)
    : conn_(conn), sql_(std::move(sql)), name_(std::move(name)), values_(params), types_(params, 0),
      formats_(params, 0) {}

PgStatement::~PgStatement() { PQclear(result_); }

void PgStatement::Set(int i, std::optional<std::string> value, unsigned type, int format) {
  if (i < 1 || static_cast<size_t>(i) > values_.size())
    throw StoreError("bind: parameter " + std::to_string(i) + " of " + std::to_string(values_.size()) +
                     " in " + sql_.substr(0, 120));
  values_[i - 1] = std::move(value);
  types_[i - 1] = type;
  formats_[i - 1] = format;
}

void PgStatement::DoBindInt(int i, int64_t v) { Set(i, std::to_string(v), kInt8, 0); }
void PgStatement::DoBindDouble(int i, double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  Set(i, std::string(buf), kFloat8, 0);
}
void PgStatement::DoBindText(int i, std::string_view v) {
  // PostgreSQL text cannot hold NUL: what SQLite kept verbatim is cut there.
  Set(i, std::string(v.substr(0, v.find('\0'))), 0, 0);
}
void PgStatement::DoBindBlob(int i, std::string_view v) { Set(i, std::string(v), kBytea, 1); }
void PgStatement::DoBindNull(int i) { Set(i, std::nullopt, 0, 0); }

bool PgStatement::Step() {
  if (result_ == nullptr) {
    const int n = static_cast<int>(values_.size());
    std::vector<const char*> values(n);
    std::vector<int> lengths(n);
    for (int k = 0; k < n; ++k) {
      values[k] = values_[k] ? values_[k]->data() : nullptr;
      lengths[k] = values_[k] ? static_cast<int>(values_[k]->size()) : 0;
    }
    if (!prepared_) {
      // Prepared once per connection, the parameter types inferred by
      // the server from the statement (every value is sent as text, or
      // binary for bytea): parsed and planned once, not per row.
      PGresult* p = PQprepare(conn_, name_.c_str(), sql_.c_str(), n, nullptr);
      if (p == nullptr || PQresultStatus(p) != PGRES_COMMAND_OK)
        throw StoreError(PgStatus(conn_, p, "prepare: " + sql_.substr(0, 160)));
      PQclear(p);
      prepared_ = true;
    }
    PGresult* res = PQexecPrepared(conn_, name_.c_str(), n, values.data(), lengths.data(), formats_.data(), 0);
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      throw StoreError(PgStatus(conn_, res, sql_.substr(0, 160)));
    result_ = res;
    rows_ = PQntuples(res);
    row_ = -1;
  }
  return ++row_ < rows_;
}

void PgStatement::Reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  rows_ = 0;
  for (size_t k = 0; k < values_.size(); ++k) {
    values_[k].reset();
    types_[k] = 0;
    formats_[k] = 0;
  }
}

int64_t PgStatement::Int(int col) const {
  if (IsNull(col)) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  if (PQftype(result_, col) == kBool) return v[0] == 't' ? 1 : 0;
  return std::strtoll(v, nullptr, 10);
}

double PgStatement::Double(int col) const {
  return IsNull(col) ? 0 : std::strtod(PQgetvalue(result_, row_, col), nullptr);
}

std::string_view PgStatement::TextView(int col) const {
  if (IsNull(col)) return {};
  const char* v = PQgetvalue(result_, row_, col);
  if (PQftype(result_, col) != kBytea) return {v, static_cast<size_t>(PQgetlength(result_, row_, col))};
  size_t n = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
  blob_.assign(reinterpret_cast<const char*>(bytes), bytes ? n : 0);
  PQfreemem(bytes);
  return blob_;
}

bool PgStatement::IsNull(int col) const {
  return result_ == nullptr || row_ < 0 || row_ >= rows_ || col >= PQnfields(result_) ||
         PQgetisnull(result_, row_, col);
}

std::unique_ptr<PgConnection> PgConnection::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string m = conn ? PQerrorMessage(conn) : "out of memory";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    PQfinish(conn);
    throw StoreError(Status(ErrorCode::kStoreUnavailable, "cannot connect: " + m));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  auto c = std::unique_ptr<PgConnection>(new PgConnection(conn));
  c->Exec("SET client_min_messages = warning");
  return c;
}

PgConnection::~PgConnection() {
  cache_.clear();
  PQfinish(conn_);
}

Status PgConnection::TryExec(const char* sql) noexcept {
  try {
    PGresult* res = PQexec(conn_, sql);
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      PQclear(res);
      return Status::Ok();
    }
    return PgStatus(conn_, res, std::string(sql).substr(0, 120));
  } catch (...) {
    return Status(ErrorCode::kStoreFailed, "out of memory");
  }
}

bool PgConnection::AutoCommit() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

Statement& PgConnection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return *it->second;
  }
  int n = 0;
  std::string text = PgParameters(sql, &n);
  auto& slot = cache_[sql];
  slot = std::make_unique<PgStatement>(conn_, std::move(text), n, "vigie" + std::to_string(cache_.size()));
  return *slot;
}

}  // namespace vigie::store
