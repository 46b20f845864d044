// Line reader for knowledge files: comments, field splitting on TAB or runs
// of two or more spaces, UTF-8 validation, NUL bytes refused, file:line
// errors.
#include "base/data_file.h"

#include <algorithm>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/utf8.h"

namespace vigie {

std::string DataLine::Where() const {
  // One string, written in place (every pattern keeps its own).
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  std::string where;
  where.reserve(file.size() + 1 + static_cast<size_t>(end - digits));
  where.append(file).append(1, ':').append(digits, end);
  return where;
}

Status DataLine::Error(std::string_view reason) const {
  return Status(ErrorCode::kBadDataFile, Where() + ": " + std::string(reason));
}

namespace {

void SplitFields(std::string_view line, std::vector<std::string_view>* out) {
  std::vector<std::string_view>& fields = *out;
  fields.clear();
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    size_t start = i;
    while (i < line.size()) {
      if (line[i] == '\t') break;
      if (line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ') break;
      ++i;
    }
    size_t end = i;
    while (end > start && line[end - 1] == ' ') --end;
    fields.push_back(line.substr(start, end - start));
  }
}

}  // namespace

Status ReadDataText(std::string_view file, std::string_view text,
                    const std::function<Status(const DataLine&)>& visit) {
  if (auto bad = utf8::FindInvalid(text)) {
    // Report the line of the bad byte.
    int line = 1;
    for (size_t i = 0; i < *bad; ++i) line += text[i] == '\n';
    return Status(ErrorCode::kBadDataFile, std::string(file) + ":" +
                                               std::to_string(line) +
                                               ": invalid UTF-8");
  }
  // A NUL byte is valid UTF-8, but no knowledge file has one: the file is
  // binary or in another encoding (UTF-16), and a line cut at the NUL by
  // any C-string handling would be read as something else.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    int line = 1;
    for (size_t i = 0; i < nul; ++i) line += text[i] == '\n';
    return Status(ErrorCode::kBadDataFile, std::string(file) + ":" + std::to_string(line) +
                                               ": NUL byte (a binary file, or text in UTF-16?)");
  }
  int number = 0;
  size_t pos = 0;
  DataLine dl;  // one for all lines: its fields keep their room
  dl.file = file;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    ++number;
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A '#' at the start of the line or after white space opens a comment;
    // "#" inside a pattern (e.g. "C#") is kept.
    for (size_t i = line.find('#'); i != std::string_view::npos; i = line.find('#', i + 1)) {
      if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') {
        line = line.substr(0, i);
        break;
      }
    }
    std::string_view trimmed = utf8::Trim(line);
    if (trimmed.empty()) {
      if (nl == text.size()) break;
      continue;
    }
    dl.number = number;
    dl.text = trimmed;
    SplitFields(trimmed, &dl.fields);
    Status s = visit(dl);
    if (!s.ok()) return s;
    if (nl == text.size()) break;
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(ErrorCode::kIoError, path + ": " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status(ErrorCode::kIoError, path + ": read failed");
  return ss.str();
}

Status ReadDataFile(const std::string& root, const std::string& relative,
                    const std::function<Status(const DataLine&)>& visit) {
  auto text = ReadFile(root + "/" + relative);
  if (!text.ok()) return Status(ErrorCode::kBadDataFile, text.status().message());
  Status s = ReadDataText(relative, *text, visit);
  if (s.ok()) return s;
  return Status(s.code(), root + "/" + s.message());
}

DataSource DataDirectory(std::string root) {
  return [root = std::move(root)](const std::string& relative, const DataVisitor& visit) {
    return ReadDataFile(root, relative, visit);
  };
}

Result<CueLists> ReadCueLists(const DataSource& read, const std::string& relative,
                              const std::vector<std::string>& kinds) {
  CueLists lists;
  Status s = read(relative, [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3) return line.Error("expected: cue, language, words");
    const std::string kind(line.fields[0]);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      std::string known;
      for (const std::string& k : kinds) known += (known.empty() ? "" : ", ") + k;
      return line.Error("unknown cue '" + kind + "' (" + known + ")");
    }
    auto& words = lists[std::string(line.fields[1])][kind];
    std::string_view list = line.fields[2];
    for (size_t b = 0; b < list.size();) {
      const size_t e = std::min(list.find(' ', b), list.size());
      if (e > b) words.insert(utf8::Fold(list.substr(b, e - b)));
      b = e + 1;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return lists;
}

DataSource DataInMemory(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& relative, const DataVisitor& visit) {
    auto it = files.find(relative);
    return it == files.end() ? Status::Ok() : ReadDataText(relative, it->second, visit);
  };
}

}  // namespace vigie
