// SQLite connection and statement wrappers; see sqlite.h.
#include "store/sqlite.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace vigie::store {

ErrorCode StoreErrorCode(int sqlite_rc) {
  switch (sqlite_rc & 0xff) {
    case SQLITE_FULL: return ErrorCode::kDiskFull;
    case SQLITE_READONLY: return ErrorCode::kReadOnly;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorCode::kDatabaseLocked;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: return ErrorCode::kStoreIoError;
    default: return ErrorCode::kStoreFailed;
  }
}

namespace {

// "what: SQLite's message", with what the system said for an I/O error
// and a word on what to do for the codes an operator can act on. An I/O
// error whose cause is ENOSPC or EDQUOT is a full disk, EROFS a read-only
// file system (SQLite reports some of them as SQLITE_IOERR_WRITE).
Status StoreStatus(int rc, std::string_view what, const char* sqlite_message, int system_errno) {
  ErrorCode code = StoreErrorCode(rc);
  std::string m(what);
  m += ": ";
  m += sqlite_message ? sqlite_message : sqlite3_errstr(rc);
  if (code == ErrorCode::kStoreIoError && system_errno != 0) {
    if (system_errno == ENOSPC || system_errno == EDQUOT) code = ErrorCode::kDiskFull;
    if (system_errno == EROFS) code = ErrorCode::kReadOnly;
    m += " (";
    m += std::strerror(system_errno);
    m += ")";
  }
  switch (code) {
    case ErrorCode::kDiskFull: m += "; the disk or the database file is full"; break;
    case ErrorCode::kReadOnly: m += "; the file or its directory cannot be written"; break;
    case ErrorCode::kDatabaseLocked:
      m += "; another process holds the write lock, for longer than the busy timeout";
      break;
    default: break;
  }
  return Status(code, std::move(m));
}

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
  if (!db) throw StoreError(Status(ErrorCode::kStoreFailed, std::string(what) + ": out of memory"));
  throw StoreError(
      StoreStatus(sqlite3_extended_errcode(db), what, sqlite3_errmsg(db), sqlite3_system_errno(db)));
}

}  // namespace

SqliteStatement::~SqliteStatement() {
  if (s_) sqlite3_finalize(s_);
}

#define VIGIE_BIND(call) \
  if ((call) != SQLITE_OK) Fail(sqlite3_db_handle(s_), "bind")

void SqliteStatement::DoBindInt(int i, int64_t v) { VIGIE_BIND(sqlite3_bind_int64(s_, i, v)); }
void SqliteStatement::DoBindDouble(int i, double v) { VIGIE_BIND(sqlite3_bind_double(s_, i, v)); }
void SqliteStatement::DoBindText(int i, std::string_view v) {
  VIGIE_BIND(sqlite3_bind_text64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8));
}
void SqliteStatement::DoBindBlob(int i, std::string_view v) {
  VIGIE_BIND(sqlite3_bind_blob64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT));
}
void SqliteStatement::DoBindNull(int i) { VIGIE_BIND(sqlite3_bind_null(s_, i)); }
#undef VIGIE_BIND

bool SqliteStatement::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Fail(sqlite3_db_handle(s_), "step");
}

void SqliteStatement::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

int64_t SqliteStatement::Int(int col) const { return sqlite3_column_int64(s_, col); }
double SqliteStatement::Double(int col) const { return sqlite3_column_double(s_, col); }
std::string_view SqliteStatement::TextView(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(s_, col));
  int n = sqlite3_column_bytes(s_, col);
  return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
}
bool SqliteStatement::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

namespace {

// file: URI of a path, for sqlite3_open_v2 with SQLITE_OPEN_URI.
std::string FileUri(const std::string& path, const char* query) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?" + query;
}

// Opens and reads the schema, which is when SQLite finds out whether it
// can read the file at all (it opens lazily). SQLITE_OK, or the failure
// with *db still set for its message.
int OpenAndProbe(const std::string& name, int flags, sqlite3** db) {
  int rc = sqlite3_open_v2(name.c_str(), db, flags, nullptr);
  if (rc != SQLITE_OK) return rc;
  sqlite3_extended_result_codes(*db, 1);
  return sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
}

Status OpenFailure(sqlite3* db, const std::string& path) {
  return db ? StoreStatus(sqlite3_extended_errcode(db), "cannot open " + path, sqlite3_errmsg(db),
                          sqlite3_system_errno(db))
            : Status(ErrorCode::kStoreFailed, "cannot open " + path + ": out of memory");
}

}  // namespace

std::unique_ptr<Connection> Connection::Open(const std::string& path, bool read_only,
                                             int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = read_only ? OpenAndProbe(path, flags, &db) : sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK && read_only && db != nullptr) {
    // A WAL database in a folder this process cannot write (read-only
    // media, another user's files): a reader must create the -shm index,
    // and cannot. When no write-ahead log holds changes the file lacks,
    // the file alone is the database: open it immutable (no locks, no
    // -shm). Otherwise say what to do.
    const int primary = rc & 0xff;
    if (primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY || primary == SQLITE_IOERR) {
      std::error_code ec;
      const auto wal_size = std::filesystem::file_size(path + "-wal", ec);
      if (ec || wal_size == 0) {
        sqlite3_close(db);
        db = nullptr;
        rc = OpenAndProbe(FileUri(path, "immutable=1"), flags | SQLITE_OPEN_URI, &db);
      } else {
        Status status(ErrorCode::kReadOnly,
                      "cannot open " + path + ": its write-ahead log " + path +
                          "-wal holds changes not yet in the file, and its folder cannot be written (a reader "
                          "must create " + path + "-shm); run any vigie command on it once where it can be "
                          "written, or copy the files to a folder that can");
        sqlite3_close(db);
        throw StoreError(std::move(status));
      }
    }
  }
  if (rc != SQLITE_OK) {
    Status status = OpenFailure(db, path);
    sqlite3_close(db);
    throw StoreError(std::move(status));
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  auto c = std::unique_ptr<SqliteConnection>(new SqliteConnection(db, busy_timeout_ms));
  if (!read_only) {
    c->Exec("PRAGMA journal_mode=WAL");
    c->Exec("PRAGMA synchronous=NORMAL");
  } else {
    // A reader (the server's connections) maps the file: a page already in
    // the OS's cache is read without a system call. At a million events, a
    // page of an actor's events that reads 700 rows in date order took
    // 17 ms through read() (12 of them in the kernel), 3 ms mapped. SQLite
    // caps the size at its compiled maximum (2 GB in Debian's build).
    c->Exec("PRAGMA mmap_size=8589934592");
  }
  c->Exec("PRAGMA foreign_keys=ON");
  return c;
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();
  sqlite3_close(db_);
}

Status SqliteConnection::TryExec(const char* sql) noexcept {
  try {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    if (err == nullptr && rc != SQLITE_NOMEM) rc = sqlite3_extended_errcode(db_);
    Status status = StoreStatus(rc, std::string(sql).substr(0, 120), err, sqlite3_system_errno(db_));
    sqlite3_free(err);
    return status;
  } catch (...) {  // std::bad_alloc while building the message
    return Status(ErrorCode::kStoreFailed, "out of memory");
  }
}

bool SqliteConnection::AutoCommit() const { return sqlite3_get_autocommit(db_) != 0; }

Statement& SqliteConnection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return *it->second;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &s, nullptr) != SQLITE_OK)
    Fail(db_, "prepare: " + sql.substr(0, 160));
  auto& slot = cache_[sql];
  slot = std::make_unique<SqliteStatement>(s);
  return *slot;
}

int64_t SqliteConnection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteConnection::Changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Connection& c) : c_(c) { c_.Begin(); }
Transaction::~Transaction() {
  if (!done_ && !c_.AutoCommit()) (void)c_.TryExec("ROLLBACK");
}
void Transaction::Commit() {
  c_.Exec("COMMIT");
  done_ = true;
}

}  // namespace vigie::store
