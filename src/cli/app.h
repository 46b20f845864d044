// What the vigie commands share: finding data/, building the pipeline,
// reading articles and writing the per-article result, counting failures.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/reader.h"
#include "pipeline/pipeline.h"

namespace vigie::cli {

// Options common to every command that reads articles.
struct CommonOptions {
  std::vector<std::string> paths;
  std::string data_dir;   // empty: find it
  std::string model_dir;  // empty: find it
  std::string published;
  std::string lang;
  size_t max_bytes = 16u << 20;
  double time_budget_s = 60;           // per article, the whole pipeline; 0: none
  size_t max_article_memory_mib = 1024; // the article's layers (Document::MemoryBytes); 0: none
  size_t threads = 0;                  // worker threads (one pipeline each); 0: every core
};

// The worker threads --threads asks for (0: every core).
size_t WorkerThreads(const CommonOptions& options);

// The data/ folder: --data, $VIGIE_DATA, beside the binary, or the source tree.
std::string FindDataDir(const std::string& given);

// The models/ folder: --models, $VIGIE_MODELS, beside the binary, or the
// source tree.
std::string FindModelDir(const std::string& given);

Config MakeConfig(const CommonOptions& options);

// True for "" or a YYYY-MM-DD day that exists (the --published option);
// otherwise prints "vigie COMMAND: E906 bad_option: --published '2024-02-30':
// February 2024 has 29 days" on stderr and returns false (exit status 2).
bool CheckPublished(const std::string& date, const char* command);
// True for "" or a two-letter ISO 639-1 code in lower case (the --lang
// option); otherwise E906 on stderr ("--lang 'english': ...") and false.
bool CheckLang(const std::string& lang, const char* command);

// vigie's default pipeline (every standard stage, in order).
Result<Pipeline> BuildDefaultPipeline(const Config& config, ResourceCache& cache);
// n default pipelines over the same shared knowledge (one per worker thread).
Result<std::vector<Pipeline>> BuildDefaultPipelines(const Config& config, ResourceCache& cache, size_t n);
ReaderOptions MakeReaderOptions(const CommonOptions& options);

// Counts per article outcome, for the closing summary line.
struct Tally {
  size_t total = 0, failed = 0, not_coded = 0;
  bool count_not_coded = false;           // code, ingest: an article read but not coded counts
  std::map<std::string, size_t> by_code;  // "E104 invalid_utf8" -> n
  void Add(const Document& doc);
  // "12 articles, 11 ok, 1 failed (E104 invalid_utf8: 1), 1 not coded (unsupported language)"
  std::string Summary() const;
  int ExitCode() const { return failed == 0 && not_coded == 0 ? 0 : 1; }
};

// The peak resident memory of this process, in MiB.
double PeakRssMiB();

// null for an empty string, else the string.
nlohmann::ordered_json OrNull(const std::string& value);
// Appends a span's fields to o: begin, end (clean text), raw_begin, raw_end
// (raw input; left out for an empty span) and the rule that produced it.
void AddSpan(nlohmann::ordered_json& o, const Document& doc, Span span, const std::string& rule);

// The JSON object `vigie extract` prints for one article.
nlohmann::ordered_json ExtractJson(const Document& doc);

// The event records `vigie code` prints for one article (an error record
// when the article could not be read), appended to out one line each.
void AppendEventLines(const Document& doc, std::string* out);
// The same, one string per record (no newline), for the store.
std::vector<std::string> EventRecords(const Document& doc);

// What `vigie --version` prints: version, commit, data and model fingerprints.
std::string VersionText(const std::string& data_dir, const std::string& model_dir);

// The readable trace `vigie explain` prints.
void WriteExplain(const Document& doc, std::ostream& out);

// Runs the bench and prints its report.
int RunBench(const CommonOptions& options, double min_seconds, std::ostream& out);

// `vigie eval`: gold files against vigie's events or against event records.
struct EvalOptions {
  std::vector<std::string> gold;  // files or directories
  std::string events;             // JSON-lines event records; empty: run the pipeline
  std::string write_articles;     // write the gold texts here as JSON lines, score nothing
  std::string format = "text";    // text or json
  std::string data_dir;
};
int RunEval(const EvalOptions& options, std::ostream& out);

// `vigie eval-geo`: toponym recognition and resolution against geoparsing
// gold (LGL, GeoVirus XML, gzip or plain), vigie beside the population baseline.
struct EvalGeoOptions {
  std::vector<std::string> gold;  // files
  std::string format = "text";    // text or json
  std::string data_dir;
  size_t limit = 0;               // the first N articles of each file; 0: all
  size_t worst = 0;               // list the N names most often missed and misplaced
};
int RunEvalGeo(const EvalGeoOptions& options, std::ostream& out);

// `vigie gazetteer [--verify] [NAME...]`: the index's figures, or the places
// of each name; --verify checks the whole index (and rebuilds a damaged one).
int RunGazetteer(const std::string& data_dir, const std::vector<std::string>& names, bool verify,
                 std::ostream& out);

struct BenchExtractionOptions {
  std::string dir = "../shared/bench/article-extraction";
  std::string data_dir;
  std::string score_file;  // score this extractor output instead of running vigie
  std::string dump_dir;    // write each page's extracted body here
  int passes = 3;
  bool per_page = false;
};

// `vigie bench-extraction`: precision, recall, F1, accuracy and pages/s on
// the article-extraction benchmark.
int RunBenchExtraction(const BenchExtractionOptions& options, std::ostream& out);

}  // namespace vigie::cli
