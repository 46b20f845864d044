// Shared plumbing of the vigie commands; see app.h.
#include "cli/app.h"

#include <iostream>

#include "base/date_text.h"
#include "pipeline/parallel.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace vigie::cli {

namespace fs = std::filesystem;

std::string FindDataDir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("VIGIE_DATA"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const char* rel : {"../share/vigie/data", "../data", "../../data"}) {
      fs::path p = exe.parent_path() / rel;
      if (fs::exists(p / "extract" / "boilerplate.txt", ec)) return fs::canonical(p, ec).string();
    }
  }
#ifdef VIGIE_SOURCE_DATA_DIR
  return VIGIE_SOURCE_DATA_DIR;
#else
  return "data";
#endif
}

std::string FindModelDir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("VIGIE_MODELS"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const char* rel : {"../share/vigie/models", "../models"}) {
      fs::path p = exe.parent_path() / rel;
      if (fs::exists(p / "parse" / "en.model", ec)) return fs::canonical(p, ec).string();
    }
  }
#ifdef VIGIE_SOURCE_DIR
  return std::string(VIGIE_SOURCE_DIR) + "/models";
#else
  return "models";
#endif
}

Config MakeConfig(const CommonOptions& options) {
  Config c;
  c.data_dir = FindDataDir(options.data_dir);
  c.model_dir = FindModelDir(options.model_dir);
  c.lang = options.lang;
  c.published = options.published;
  c.max_bytes = options.max_bytes;
  c.budget.seconds = options.time_budget_s;
  c.budget.memory_bytes = options.max_article_memory_mib << 20;
  return c;
}

bool CheckPublished(const std::string& d, const char* command) {
  if (d.empty()) return true;
  std::string why = date_text::WhyNotIsoDate(d);
  if (why.empty()) return true;
  std::cerr << "vigie " << command << ": "
            << Status(ErrorCode::kBadOption, "--published '" + d + "': " + why +
                                                 " (a publication day is written YYYY-MM-DD, e.g. 2024-03-17)")
                   .ToString()
            << "\n";
  return false;
}

bool CheckLang(const std::string& lang, const char* command) {
  if (lang.empty()) return true;
  const bool ok = lang.size() == 2 && lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z';
  if (ok) return true;
  std::cerr << "vigie " << command << ": "
            << Status(ErrorCode::kBadOption, "--lang '" + lang +
                                                 "': a two-letter ISO 639-1 code in lower case (fr, en)")
                   .ToString()
            << "\n";
  return false;
}

Result<Pipeline> BuildDefaultPipeline(const Config& config, ResourceCache& cache) {
  Registry registry;
  RegisterStandardStages(registry);
  return Pipeline::Build(registry, DefaultStageNames(), config, cache);
}

Result<std::vector<Pipeline>> BuildDefaultPipelines(const Config& config, ResourceCache& cache, size_t n) {
  std::vector<Pipeline> pipelines;
  for (size_t i = 0; i < n; ++i) {
    auto p = BuildDefaultPipeline(config, cache);
    if (!p.ok()) return p.status();
    pipelines.push_back(std::move(*p));
  }
  return pipelines;
}

size_t WorkerThreads(const CommonOptions& options) {
  return options.threads == 0 ? DefaultThreads() : options.threads;
}

ReaderOptions MakeReaderOptions(const CommonOptions& options) {
  ReaderOptions r;
  struct stat out;
  if (fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode)) {
    r.output_device = static_cast<uint64_t>(out.st_dev);
    r.output_inode = static_cast<uint64_t>(out.st_ino);
  }
  r.max_bytes = options.max_bytes;
  r.published = options.published;
  r.lang = options.lang;
  return r;
}

double PeakRssMiB() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void Tally::Add(const Document& doc) {
  ++total;
  if (doc.status.ok()) {
    if (count_not_coded && !doc.not_coded.empty()) ++not_coded;
    return;
  }
  ++failed;
  ++by_code[doc.status.CodeString() + " " + std::string(ErrorName(doc.status.code()))];
}

std::string Tally::Summary() const {
  std::string s = std::to_string(total) + (total == 1 ? " article, " : " articles, ") +
                  std::to_string(total - failed) + " ok, " + std::to_string(failed) + " failed";
  if (!by_code.empty()) {
    s += " (";
    bool first = true;
    for (const auto& [code, n] : by_code) {
      if (!first) s += ", ";
      first = false;
      s += code + ": " + std::to_string(n);
    }
    s += ")";
  }
  if (not_coded > 0)
    s += ", " + std::to_string(not_coded) + " read but not coded (a language without event patterns)";
  return s;
}

nlohmann::ordered_json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

void AddSpan(nlohmann::ordered_json& o, const Document& doc, Span span, const std::string& rule) {
  o["begin"] = span.begin;
  o["end"] = span.end;
  if (!span.empty()) {
    const Span raw = doc.ToRaw(span);
    o["raw_begin"] = raw.begin;
    o["raw_end"] = raw.end;
  }
  o["rule"] = rule;
}

nlohmann::ordered_json ExtractJson(const Document& doc) {
  nlohmann::ordered_json j;
  j["id"] = doc.id;
  j["path"] = doc.path;
  if (doc.line > 0) j["line"] = doc.line;
  if (!doc.url.empty()) j["url"] = doc.url;
  if (!doc.status.ok()) {
    j["error"] = {{"code", doc.status.CodeString()},
                  {"name", ErrorName(doc.status.code())},
                  {"message", doc.status.message()}};
    if (!doc.warnings.empty()) j["warnings"] = doc.warnings;
    return j;
  }
  j["title"] = OrNull(doc.title.value);
  j["byline"] = OrNull(doc.byline.value);
  j["agency"] = OrNull(doc.agency.value);
  j["outlet"] = OrNull(doc.outlet.value);
  j["published"] = OrNull(doc.published);
  j["language"] = doc.language;
  if (!doc.published.empty())
    j["published_rule"] = doc.published_evidence.rule.empty() ? "option:--published" : doc.published_evidence.rule;
  j["text"] = doc.text;
  nlohmann::ordered_json removed = nlohmann::ordered_json::array();
  for (const Removal& r : doc.removed) {
    removed.push_back({{"reason", r.reason},
                       {"text", r.text},
                       {"raw_begin", r.raw.begin},
                       {"raw_end", r.raw.end},
                       {"rule", r.rule}});
  }
  j["removed"] = std::move(removed);
  nlohmann::ordered_json mentions = nlohmann::ordered_json::array();
  for (const Mention& m : doc.mentions) {
    nlohmann::ordered_json o;
    o["text"] = doc.Slice(m.span);
    o["kind"] = MentionKindName(m.kind);
    o["id"] = m.id;
    o["country"] = OrNull(m.country);
    o["sector"] = OrNull(m.sector);
    AddSpan(o, doc, m.span, m.evidence.rule);
    mentions.push_back(std::move(o));
  }
  j["mentions"] = std::move(mentions);
  nlohmann::ordered_json places = nlohmann::ordered_json::array();
  for (const Place& p : doc.places) {
    nlohmann::ordered_json o;
    o["text"] = doc.Slice(p.span);
    o["geonames_id"] = p.geonames_id == 0 ? nlohmann::ordered_json(nullptr)
                                          : nlohmann::ordered_json(p.geonames_id);
    o["code"] = OrNull(p.code);
    o["name"] = p.name;
    o["admin1"] = OrNull(p.admin1);
    o["country"] = p.country;
    o["lat"] = std::round(p.lat * 1e4) / 1e4;
    o["lon"] = std::round(p.lon * 1e4) / 1e4;
    o["precision"] = PlacePrecisionName(p.precision);
    o["candidates"] = p.candidates;
    AddSpan(o, doc, p.span, p.evidence.rule);
    places.push_back(std::move(o));
  }
  j["places"] = std::move(places);
  nlohmann::ordered_json times = nlohmann::ordered_json::array();
  for (const TimeExpr& t : doc.times) {
    nlohmann::ordered_json o;
    o["text"] = doc.Slice(t.span);
    o["kind"] = TimeKindName(t.kind);
    o["earliest"] = t.earliest;
    o["latest"] = t.latest;
    o["relative"] = t.relative;
    AddSpan(o, doc, t.span, t.evidence.rule);
    times.push_back(std::move(o));
  }
  j["times"] = std::move(times);
  nlohmann::ordered_json quantities = nlohmann::ordered_json::array();
  for (const Quantity& q : doc.quantities) {
    nlohmann::ordered_json o;
    o["text"] = doc.Slice(q.span);
    o["value"] = q.qualifier == Qualifier::kManyUnquantified ? nlohmann::ordered_json(nullptr)
                                                             : nlohmann::ordered_json(q.value);
    o["qualifier"] = QualifierName(q.qualifier);
    o["kind"] = OrNull(q.kind);
    o["head"] = doc.Form(doc.tokens[q.head_token]);
    AddSpan(o, doc, q.span, q.evidence.rule);
    quantities.push_back(std::move(o));
  }
  j["quantities"] = std::move(quantities);
  if (!doc.warnings.empty()) j["warnings"] = doc.warnings;
  return j;
}

}  // namespace vigie::cli
