// CoNLL-U reading; see treebank.h. The file is read whole through zlib
// (which reads plain files as they are), split into lines and checked column
// by column: ten tab-separated fields, integer IDs and heads, a known UPOS.
#include "parse/treebank.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>

namespace vigie::parse {

namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status LineError(const std::string& name, size_t line, const std::string& why) {
  return Status(ErrorCode::kBadDataFile, name + ":" + std::to_string(line) + ": " + why);
}

}  // namespace

Result<std::vector<TreebankSentence>> ReadConllu(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return Status(ErrorCode::kIoError, path + ": cannot open");
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  int err = 0;
  const char* message = gzerror(f, &err);
  bool failed = n < 0 || (err != Z_OK && err != Z_STREAM_END);
  std::string why = failed ? message : "";
  gzclose(f);
  if (failed) return Status(ErrorCode::kIoError, path + ": " + why);
  return ParseConllu(path, text);
}

Result<std::vector<TreebankSentence>> ParseConllu(const std::string& name, std::string_view text) {
  std::vector<TreebankSentence> out;
  TreebankSentence current;
  size_t line_no = 0, start = 0;
  auto finish = [&]() -> Status {
    if (current.words.empty() && current.multiword.empty()) return Status::Ok();
    for (const TreebankWord& w : current.words)
      if (w.head < 0 || w.head > static_cast<int>(current.words.size()))
        return LineError(name, line_no, "a head outside its sentence");
    out.push_back(std::move(current));
    current = TreebankSentence();
    return Status::Ok();
  };
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (Status s = finish(); !s.ok()) return s;
      if (end == text.size()) break;
      continue;
    }
    if (line[0] == '#') {
      constexpr std::string_view kId = "# sent_id = ";
      if (line.substr(0, kId.size()) == kId) current.id = std::string(line.substr(kId.size()));
      continue;
    }
    auto cols = SplitTabs(line);
    if (cols.size() != 10) return LineError(name, line_no, "expected 10 tab-separated columns");
    std::string_view id = cols[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      MultiwordToken m;
      if (!ParseInt(id.substr(0, dash), &m.first) || !ParseInt(id.substr(dash + 1), &m.last) ||
          m.last < m.first)
        return LineError(name, line_no, "bad multiword range '" + std::string(id) + "'");
      m.form = std::string(cols[1]);
      current.multiword.push_back(std::move(m));
      continue;
    }
    int index = 0;
    if (!ParseInt(id, &index) || index != static_cast<int>(current.words.size()) + 1)
      return LineError(name, line_no, "word IDs must count 1, 2, 3...");
    TreebankWord w;
    w.form = std::string(cols[1]);
    w.lemma = std::string(cols[2]);
    w.pos = PosFromName(cols[3]);
    if (w.pos == Pos::kCount) w.pos = cols[3] == "_" ? Pos::kX : Pos::kCount;
    if (w.pos == Pos::kCount) return LineError(name, line_no, "unknown UPOS '" + std::string(cols[3]) + "'");
    if (!ParseInt(cols[6], &w.head)) w.head = -1;  // "_": no tree
    w.deprel = std::string(cols[7]);
    w.space_after = cols[9].find("SpaceAfter=No") == std::string_view::npos;
    current.words.push_back(std::move(w));
  }
  if (Status s = finish(); !s.ok()) return s;
  return out;
}

namespace {

// True when some word between d and its head does not descend from that
// head: the arc crosses another.
bool Crosses(const std::vector<int>& heads, int d) {
  const int n = static_cast<int>(heads.size());
  const int h = heads[d - 1];
  const int lo = std::min(h, d), hi = std::max(h, d);
  for (int k = lo + 1; k < hi; ++k) {
    int a = k, steps = 0;
    while (a != 0 && a != h && steps++ <= n) a = heads[a - 1];
    if (a != h) return true;
  }
  return false;
}

}  // namespace

bool IsProjective(const std::vector<int>& heads) {
  for (int d = 1; d <= static_cast<int>(heads.size()); ++d)
    if (Crosses(heads, d)) return false;
  return true;
}

std::vector<int> Projectivize(std::vector<int> heads) {
  const int n = static_cast<int>(heads.size());
  auto crossing = [&](int d) { return Crosses(heads, d); };
  for (int round = 0; round < n * n; ++round) {
    // Lift the shortest non-projective arc one step up.
    int best = 0, best_len = n + 2;
    for (int d = 1; d <= n; ++d) {
      int h = heads[d - 1];
      if (h == 0) continue;
      int len = std::abs(h - d);
      if (len < best_len && crossing(d)) best = d, best_len = len;
    }
    if (best == 0) break;
    heads[best - 1] = heads[heads[best - 1] - 1];
  }
  return heads;
}

}  // namespace vigie::parse
