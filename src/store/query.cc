// Queries for the API and the exports; see query.h.
//
// The events query is assembled from a fixed set of clauses, each with its
// own placeholders: the bounding box goes through the R*Tree, the text
// through the FTS5 index of article text (the fused events one of whose
// articles matches), dates compare ISO strings. Statements are cached per
// connection by their text, so each combination of filters is prepared once.
#include "store/query.h"

namespace vigie::store {

namespace {

struct Where {
  std::string sql;
  std::vector<std::function<void(Statement&, int&)>> binds;
};

Where BuildWhere(const EventFilter& f) {
  Where w;
  auto add = [&](const char* clause) { w.sql += w.sql.empty() ? " WHERE " : " AND "; w.sql += clause; };
  auto text = [&](std::string v) {
    return [v = std::move(v)](Statement& s, int& i) { s.Bind(i++, v); };
  };
  auto num = [&](double v) { return [v](Statement& s, int& i) { s.Bind(i++, v); }; };
  if (!f.from.empty()) {
    add("f.latest >= ?");
    w.binds.push_back(text(f.from));
  }
  if (!f.to.empty()) {
    add("f.earliest <= ?");
    w.binds.push_back(text(f.to));
  }
  if (f.has_bbox) {
    add("f.id IN (SELECT id FROM fused_geo WHERE min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND max_lat <= ?)");
    w.binds.push_back(num(f.min_lon));
    w.binds.push_back(num(f.max_lon));
    w.binds.push_back(num(f.min_lat));
    w.binds.push_back(num(f.max_lat));
  }
  if (!f.code.empty()) {
    // A prefix of digits as a range (':' follows '9'). The unary + keeps
    // SQLite from choosing a code index for a broad prefix ("19" is half
    // the events) and sorting them all: the newest-first scan stops after
    // one page instead.
    add("+f.cameo >= ? AND +f.cameo < ?");
    w.binds.push_back(text(f.code));
    w.binds.push_back(text(f.code + ":"));
  }
  if (!f.actor.empty()) {
    // Codes match exactly (any case); names match as a substring.
    add("(upper(?) IN (f.source_country, f.target_country, f.source_group, f.target_group)"
        " OR instr(lower(f.actors), lower(?)) > 0)");
    w.binds.push_back(text(f.actor));
    w.binds.push_back(text(f.actor));
  }
  if (!f.country.empty()) {
    add("(f.place_country = ? OR f.source_country = ? OR f.target_country = ?)");
    for (int k = 0; k < 3; ++k) w.binds.push_back(text(f.country));
  }
  if (!f.text.empty()) {
    add("f.id IN (SELECT fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id"
        " WHERE e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))");
    w.binds.push_back(text(f.text));
  }
  return w;
}

}  // namespace

std::vector<std::string> QueryEvents(Connection& db, const EventFilter& filter) {
  Where w = BuildWhere(filter);
  // Ids first over the narrow rows, then the summaries of the page only.
  Statement& s = db.Prepare(
      "SELECT r.summary FROM (SELECT f.id, f.earliest FROM fused_events f" + w.sql +
      " ORDER BY f.earliest DESC, f.id DESC LIMIT ? OFFSET ?) t JOIN fused_records r ON r.id = t.id"
      " ORDER BY t.earliest DESC, t.id DESC");
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  s.Bind(i++, filter.limit);
  s.Bind(i++, filter.offset);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  s.Reset();
  return out;
}

std::vector<std::pair<std::string, int64_t>> Timeline(Connection& db, const EventFilter& filter) {
  Where w = BuildWhere(filter);
  Statement& s = db.Prepare("SELECT f.earliest, count(*) FROM fused_events f" + w.sql +
                            (w.sql.empty() ? " WHERE" : " AND") +
                            " f.earliest IS NOT NULL GROUP BY f.earliest ORDER BY f.earliest");
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  std::vector<std::pair<std::string, int64_t>> out;
  while (s.Step()) out.emplace_back(s.Text(0), s.Int(1));
  s.Reset();
  return out;
}

std::optional<std::string> FusedRecord(Connection& db, int64_t id) {
  Statement& s = db.Prepare("SELECT record FROM fused_records WHERE id = ?");
  s.Bind(1, id);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  s.Reset();
  return out;
}

std::optional<ArticleView> Article(Connection& db, int64_t id) {
  Statement& a = db.Prepare(
      "SELECT id, coalesce(story_id, 0), doc_id, url, path, published, language, title, outlet,"
      " agency, byline, text FROM articles WHERE id = ?");
  a.Bind(1, id);
  if (!a.Step()) {
    a.Reset();
    return std::nullopt;
  }
  ArticleView v;
  v.id = a.Int(0);
  v.story_id = a.Int(1);
  v.doc_id = a.Text(2);
  v.url = a.Text(3);
  v.path = a.Text(4);
  v.published = a.Text(5);
  v.language = a.Text(6);
  v.title = a.Text(7);
  v.outlet = a.Text(8);
  v.agency = a.Text(9);
  v.byline = a.Text(10);
  v.text = a.Text(11);
  a.Reset();

  Statement& e = db.Prepare(
      "SELECT e.id, coalesce(fm.fused_id, 0), e.ordinal, e.cameo FROM events e"
      " LEFT JOIN fused_members fm ON fm.event_id = e.id WHERE e.article_id = ? ORDER BY e.ordinal");
  e.Bind(1, id);
  while (e.Step())
    v.events.push_back({e.Int(0), e.Int(1), static_cast<int>(e.Int(2)), e.Text(3), {}});
  e.Reset();
  Statement& x = db.Prepare(
      "SELECT field, begin, end, coalesce(raw_begin, -1), coalesce(raw_end, -1), rule FROM evidence"
      " WHERE event_id = ? ORDER BY id");
  for (auto& ev : v.events) {
    x.Bind(1, ev.id);
    while (x.Step()) ev.evidence.push_back({x.Text(0), x.Int(1), x.Int(2), x.Int(3), x.Int(4), x.Text(5)});
    x.Reset();
  }
  if (v.story_id) {
    Statement& m = db.Prepare(
        "SELECT a.id, a.doc_id, a.title, a.outlet, m.reason, coalesce(m.similarity, -1),"
        " coalesce(m.via, 0) FROM story_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.story_id = ? ORDER BY a.id");
    m.Bind(1, v.story_id);
    while (m.Step())
      v.story.push_back({m.Int(0), m.Text(1), m.Text(2), m.Text(3), m.Text(4), m.Double(5), m.Int(6)});
    m.Reset();
  }
  return v;
}

std::map<int64_t, ExportArticle> ExportArticles(Connection& db, bool with_text) {
  std::map<int64_t, ExportArticle> out;
  Statement& s = db.Prepare(
      "SELECT id, doc_id, raw_hash, url, path, published, published_rule, ingested_at, outlet, agency,"
      " language, title, CASE WHEN ? THEN text ELSE '' END FROM articles");
  s.Bind(1, with_text ? 1 : 0);
  while (s.Step()) {
    ExportArticle a;
    a.id = s.Int(0);
    a.doc_id = s.Text(1);
    a.raw_hash = s.Text(2);
    a.url = s.Text(3);
    a.path = s.Text(4);
    a.published = s.Text(5);
    a.published_rule = s.Text(6);
    a.ingested_at = s.Text(7);
    a.outlet = s.Text(8);
    a.agency = s.Text(9);
    a.language = s.Text(10);
    a.title = s.Text(11);
    a.text = s.Text(12);
    out[a.id] = std::move(a);
  }
  s.Reset();
  return out;
}

std::map<int64_t, ExportEvent> ExportEvents(Connection& db) {
  std::map<int64_t, ExportEvent> out;
  Statement& s = db.Prepare(
      "SELECT id, article_id, ordinal, coalesce(sentence_begin, -1), coalesce(in_lead, -1) FROM events");
  while (s.Step()) {
    ExportEvent e;
    e.id = s.Int(0);
    e.article_id = s.Int(1);
    e.ordinal = static_cast<int>(s.Int(2));
    e.sentence_begin = s.Int(3);
    e.in_lead = static_cast<int>(s.Int(4));
    out[e.id] = e;
  }
  s.Reset();
  return out;
}

void ForEachFusedRecord(Connection& db, const std::function<void(int64_t, const std::string&)>& fn) {
  Statement& s = db.Prepare("SELECT id, record FROM fused_records ORDER BY id");
  while (s.Step()) fn(s.Int(0), s.Text(1));
  s.Reset();
}

}  // namespace vigie::store
