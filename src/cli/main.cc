// The vigie command line.
//
//   vigie extract [--published D] [--lang xx] PATH...   articles -> JSON lines
//   vigie explain PATH                                   one article, every stage
//   vigie bench PATH...                                  throughput and memory
//   vigie bench-extraction [--dir D] [--score FILE]      HTML extraction benchmark
//   vigie eval --gold FILE|DIR [--events FILE]           scores against gold files
//   vigie eval-geo --gold FILE...                         scores places against geoparsing gold
//   vigie ingest --db FILE [--published D] PATH...       into the database, with fusion
//   vigie fuse --db FILE [--rebuild]                     the fused layer updated (or rebuilt)
//   vigie export --db FILE --format jsonl|gdelt|gdelt-mentions|acled|geojson  fused events out
//   vigie serve --db FILE [--port N]                     API and web page on 127.0.0.1
//
// PATH is a file, a directory or "-" for stdin. Exit status: 0 when every
// article was processed, 1 when some failed (each failure is printed with
// its numbered code and counted on the summary line), 2 when the run could
// not start (bad options, CLI11's parse errors included, or knowledge files);
// `vigie --version` names the build and the knowledge it runs with.
#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

#include "cli/app.h"
#include "cli/parse_commands.h"
#include "cli/queue_commands.h"
#include "cli/store_commands.h"
#include "pipeline/parallel.h"

namespace {

using vigie::cli::CommonOptions;

void AddCommon(CLI::App* cmd, CommonOptions* o, bool many_paths) {
  if (many_paths) {
    cmd->add_option("paths", o->paths, "files, directories, or - for stdin")->required();
  }
  cmd->add_option("--published", o->published, "publication date YYYY-MM-DD for every article");
  cmd->add_option("--lang", o->lang, "language of every article (default: detect)");
  cmd->add_option("--data", o->data_dir, "vigie's data/ folder (default: found)");
  cmd->add_option("--models", o->model_dir, "vigie's models/ folder (default: found)");
  cmd->add_option("--max-bytes", o->max_bytes, "refuse larger articles")->capture_default_str();
  cmd->add_option("--time-budget", o->time_budget_s,
                  "seconds the pipeline may spend on one article before it fails with E701 (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-article-memory", o->max_article_memory_mib,
                  "MiB one article's layers may hold before it fails with E702 (0: no limit)")
      ->capture_default_str();
}

// --threads, for the commands that run the pipeline over many articles.
void AddThreads(CLI::App* cmd, CommonOptions* o) {
  cmd->add_option("--threads", o->threads,
                  "worker threads, one pipeline each, over one reader and one writer; the output is "
                  "the same whatever the number (default 0: every core)")
      ->check(CLI::Range(static_cast<size_t>(0), static_cast<size_t>(1024)));
}


// Runs the default pipeline over every article on --threads workers; each
// worker also renders its article's output (render appends to a string),
// written to stdout in input order.
template <typename Render>
int RunArticles(const CommonOptions& options, const char* command, Render render, bool count_not_coded = false) {
  using namespace vigie;
  if (!cli::CheckPublished(options.published, command) || !cli::CheckLang(options.lang, command)) return 2;
  Config config = cli::MakeConfig(options);
  ResourceCache cache;
  const size_t threads = cli::WorkerThreads(options);
  auto pipelines = cli::BuildDefaultPipelines(config, cache, threads);
  if (!pipelines.ok()) {
    std::cerr << "vigie " << command << ": " << pipelines.status().ToString() << "\n";
    return 2;
  }
  Reader reader(options.paths, cli::MakeReaderOptions(options));
  cli::Tally tally;
  tally.count_not_coded = count_not_coded;
  struct Item {
    Document doc;
    std::string out;
  };
  RunInOrder<Item>(
      {.workers = threads}, [&](Item* item) { return reader.Next(&item->doc); },
      [&](size_t worker, Item& item) {
        if (item.doc.status.ok()) {
          item.doc.layers = {Layer::kSource};
          (*pipelines)[worker].Run(item.doc);
        }
        render(item.doc, &item.out);
      },
      [&](Item& item) {
        const Document& doc = item.doc;
        tally.Add(doc);
        if (!doc.status.ok())
          std::cerr << "vigie " << command << ": " << doc.id << ": " << doc.status.ToString() << "\n";
        else if (count_not_coded && !doc.not_coded.empty())
          std::cerr << "vigie " << command << ": " << doc.id << ": not coded: " << doc.not_coded << "\n";
        std::cout << item.out;
      });
  for (const std::string& p : reader.ignored())
    std::cerr << "vigie " << command << ": " << p << ": not read (a folder's README or a hidden file)\n";
  std::cerr << "vigie " << command << ": " << tally.Summary() << "\n";
  return tally.ExitCode();
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"vigie: news articles in, sourced events out"};
  app.require_subcommand(1);

  CommonOptions extract_opts;
  auto* extract = app.add_subcommand("extract", "clean text and metadata of each article, as JSON lines");
  AddCommon(extract, &extract_opts, true);
  AddThreads(extract, &extract_opts);

  CommonOptions code_opts;
  auto* code = app.add_subcommand("code", "events of each article, one JSON object per event");
  AddCommon(code, &code_opts, true);
  AddThreads(code, &code_opts);

  CommonOptions explain_opts;
  std::string explain_path;
  auto* explain = app.add_subcommand("explain", "every stage's work on one article, readable");
  explain->add_option("path", explain_path, "an article file, or - for stdin")->required();
  AddCommon(explain, &explain_opts, false);

  CommonOptions bench_opts;
  double min_seconds = 2.0;
  auto* bench = app.add_subcommand("bench", "articles/s and MB/s per stage on one thread, then on 1..N threads (--threads)");
  AddCommon(bench, &bench_opts, true);
  AddThreads(bench, &bench_opts);
  bench->add_option("--seconds", min_seconds, "minimum measuring time")->capture_default_str();

  std::string gazetteer_data;
  std::vector<std::string> gazetteer_names;
  auto* gazetteer = app.add_subcommand(
      "gazetteer", "compile the GeoNames index if needed; its figures, or the places a name may mean");
  gazetteer->add_option("names", gazetteer_names, "place names to look up");
  gazetteer->add_option("--data", gazetteer_data, "vigie's data/ folder (default: found)");
  bool gazetteer_verify = false;
  gazetteer->add_flag("--verify", gazetteer_verify,
                      "check the whole index (checksum, every table); a damaged one is compiled again");

  vigie::cli::BenchExtractionOptions bx;
  auto* bench_extraction = app.add_subcommand(
      "bench-extraction", "main-text extraction scored on the article-extraction benchmark");
  bench_extraction->add_option("--dir", bx.dir, "the benchmark folder")->capture_default_str();
  bench_extraction->add_option("--score", bx.score_file,
                               "score this extractor output (JSON {id: {articleBody}}) instead");
  bench_extraction->add_option("--dump", bx.dump_dir, "write each page's extracted body here");
  bench_extraction->add_option("--passes", bx.passes, "timed passes (the best is reported)")
      ->capture_default_str();
  bench_extraction->add_flag("--per-page", bx.per_page, "precision and recall of every page, worst first");
  bench_extraction->add_option("--data", bx.data_dir, "vigie's data/ folder (default: found)");

  vigie::cli::EvalOptions eval_opts;
  auto* eval = app.add_subcommand(
      "eval", "precision, recall and F1 of vigie's events (or of --events) against gold files");
  eval->add_option("--gold", eval_opts.gold,
                   "gold file (*.gold.json, JSON lines, PLOVER GSR) or directory")
      ->required();
  eval->add_option("--events", eval_opts.events,
                   "score these JSON-lines event records instead of running the pipeline");
  eval->add_option("--write-articles", eval_opts.write_articles,
                   "write the gold texts as JSON-line articles (id, published, lang, text) to "
                   "this file and stop: run another system or version on them, then score its "
                   "records with --events");
  eval->add_option("--format", eval_opts.format, "text or json")->capture_default_str();
  eval->add_option("--data", eval_opts.data_dir, "vigie's data/ folder (default: found)");

  vigie::cli::EvalGeoOptions eval_geo_opts;
  auto* eval_geo = app.add_subcommand(
      "eval-geo", "toponym recognition and resolution against geoparsing gold (LGL, GeoVirus)");
  eval_geo->add_option("--gold", eval_geo_opts.gold, "gold XML files (.xml or .xml.gz)")->required();
  eval_geo->add_option("--format", eval_geo_opts.format, "text or json")->capture_default_str();
  eval_geo->add_option("--limit", eval_geo_opts.limit, "score the first N articles of each file only");
  eval_geo->add_option("--worst", eval_geo_opts.worst,
                       "also list the N names most often missed and put beyond 161 km");
  eval_geo->add_option("--data", eval_geo_opts.data_dir, "vigie's data/ folder (default: found)");

  vigie::cli::IngestOptions ingest_opts;
  auto* ingest = app.add_subcommand("ingest", "run the pipeline and store articles and events, then fuse");
  AddCommon(ingest, &ingest_opts.common, true);
  AddThreads(ingest, &ingest_opts.common);
  ingest->add_option("--db,--store", ingest_opts.db,
                     "the store: an SQLite file (or sqlite:FILE), or a postgresql:// URL")->capture_default_str();
  ingest->add_option("--batch", ingest_opts.batch, "articles per transaction")->capture_default_str();
  ingest->add_option("--min-jaccard", ingest_opts.fuse.min_jaccard,
                     "Jaccard of word 5-grams for two articles to be copies")->capture_default_str();
  ingest->add_option("--max-days", ingest_opts.fuse.max_days,
                     "days between the publication of copies (and of one story)")->capture_default_str();
  ingest->add_option("--max-km", ingest_opts.fuse.max_km,
                     "distance between the places of one event")->capture_default_str();
  ingest->add_flag("!--no-progress", ingest_opts.progress, "never show the progress line");
  ingest->add_option("--busy-timeout", ingest_opts.busy_timeout_s,
                     "seconds to wait for another writer's lock before E603 database_locked")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));

  vigie::cli::FuseOptions fuse_opts;
  auto* fuse_cmd = app.add_subcommand(
      "fuse", "bring the fused layer (stories, fused events) up to date, or rebuild it from every stored article");
  fuse_cmd->add_option("--db,--store", fuse_opts.db,
                       "the store: an SQLite file (or sqlite:FILE), or a postgresql:// URL")->capture_default_str();
  fuse_cmd->add_flag("--rebuild", fuse_opts.rebuild,
                     "rebuild the whole layer from every stored article, stale or not");
  fuse_cmd->add_option("--min-jaccard", fuse_opts.fuse.min_jaccard,
                       "Jaccard of word 5-grams for two articles to be copies")->capture_default_str();
  fuse_cmd->add_option("--max-days", fuse_opts.fuse.max_days,
                       "days between the publication of copies (and of one story)")->capture_default_str();
  fuse_cmd->add_option("--max-km", fuse_opts.fuse.max_km,
                       "distance between the places of one event")->capture_default_str();

  vigie::cli::EnqueueOptions enqueue_opts;
  auto* enqueue = app.add_subcommand("enqueue", "put articles on a Redis stream for `vigie worker`");
  AddCommon(enqueue, &enqueue_opts.common, true);
  enqueue->add_option("--redis", enqueue_opts.queue.redis, "redis://HOST[:PORT][/DB]")->capture_default_str();
  enqueue->add_option("--stream", enqueue_opts.queue.stream, "the stream")->capture_default_str();
  enqueue->add_option("--max-length", enqueue_opts.max_length,
                      "entries the stream may hold (not yet acked) before enqueue waits")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  vigie::cli::WorkerOptions worker_opts;
  auto* worker = app.add_subcommand(
      "worker", "code the articles of a Redis stream into a shared store, until SIGTERM");
  AddCommon(worker, &worker_opts.common, false);
  worker->add_option("--redis", worker_opts.queue.redis, "redis://HOST[:PORT][/DB]")->capture_default_str();
  worker->add_option("--stream", worker_opts.queue.stream, "the stream")->capture_default_str();
  worker->add_option("--store", worker_opts.store, "the store: a postgresql:// URL (or sqlite:FILE, one worker)")
      ->required();
  worker->add_option("--consumer", worker_opts.consumer, "this worker's name in the group (default: host-pid)");
  worker->add_option("--batch", worker_opts.batch, "entries coded and committed at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  worker->add_option("--claim-idle", worker_opts.claim_idle_ms,
                     "ms after which an entry pending on another worker is taken from it")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400000));
  worker->add_option("--max-tries", worker_opts.max_tries,
                     "deliveries of an entry before it goes to the dead-letter stream")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  worker->add_option("--fuse-every", worker_opts.fuse_every_s,
                     "seconds between fusions after batches (a worker with nothing to do fuses at once)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  worker->add_flag("--exit-when-idle", worker_opts.exit_when_idle,
                   "stop once nothing is waiting or pending (a backfill)");
  worker->add_flag("--exit-before-ack", worker_opts.exit_before_ack,
                   "for tests: exit after the first commit, before acknowledging it")
      ->group("");
  worker->add_option("--min-jaccard", worker_opts.fuse.min_jaccard,
                     "Jaccard of word 5-grams for two articles to be copies")->capture_default_str();
  worker->add_option("--max-days", worker_opts.fuse.max_days,
                     "days between the publication of copies (and of one story)")->capture_default_str();
  worker->add_option("--max-km", worker_opts.fuse.max_km,
                     "distance between the places of one event")->capture_default_str();

  vigie::cli::StatusOptions status_opts;
  auto* status = app.add_subcommand("status", "what a Redis stream holds: waiting, pending, consumers, dead letters, articles/s");
  status->add_option("--redis", status_opts.queue.redis, "redis://HOST[:PORT][/DB]")->capture_default_str();
  status->add_option("--stream", status_opts.queue.stream, "the stream")->capture_default_str();
  status->add_option("--sample", status_opts.sample_s, "seconds over which articles/s is measured")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));

  vigie::cli::ExportOptions export_opts;
  auto* export_cmd = app.add_subcommand("export", "fused events as JSON lines, a GDELT table or an ACLED CSV");
  export_cmd->add_option("--db,--store", export_opts.db,
                         "the store: an SQLite file (or sqlite:FILE), or a postgresql:// URL")->capture_default_str();
  export_cmd->add_option("--format", export_opts.format, "jsonl, gdelt, gdelt-mentions, acled or geojson")
      ->capture_default_str();
  export_cmd->add_flag("--header", export_opts.header, "gdelt, gdelt-mentions: a first line of column names");
  export_cmd->add_flag("--excel", export_opts.excel, "acled: start with a UTF-8 byte-order mark (spreadsheets)");
  export_cmd->add_option("--data", export_opts.data_dir, "vigie's data/ folder (default: found)");
  export_cmd->add_option("--from", export_opts.from, "events on or after this day (YYYY-MM-DD)");
  export_cmd->add_option("--to", export_opts.to, "events on or before this day (YYYY-MM-DD)");
  export_cmd->add_option("--since", export_opts.since, "events with an article ingested at or after (day or ISO time)");
  export_cmd->add_option("--country", export_opts.country, "the place's country (NG) or an actor's (NGA)");
  export_cmd->add_option("--code", export_opts.code, "CAMEO code or prefix (19, 195)");
  export_cmd->add_option("--bbox", export_opts.bbox, "min_lon,min_lat,max_lon,max_lat");

  vigie::cli::ServeOptions serve_opts;
  auto* serve = app.add_subcommand("serve", "the JSON API and the web page (map, timeline, table, explain)");
  serve->add_option("--db,--store", serve_opts.db,
                    "the store: an SQLite file (or sqlite:FILE), or a postgresql:// URL")->capture_default_str();
  serve->add_option("--host", serve_opts.host, "address to bind")->capture_default_str();
  serve->add_option("--port", serve_opts.port, "port (0: any free port)")->capture_default_str();
  serve->add_option("--web", serve_opts.web_dir, "the web/ folder (default: found)");
  serve->add_option("--node-modules", serve_opts.modules_dir, "node_modules with leaflet, world-atlas, topojson-client");
  serve->add_option("--cors", serve_opts.cors, "let pages of this origin call the API (default: no CORS header)");
  serve->add_flag("--no-cache", serve_opts.no_cache, "answer every list request from the database (benchmarks)");
  serve->add_option("--data", serve_opts.data_dir, "vigie's data/ folder, for the codebook (default: found)");
  serve->add_option("--allow-host", serve_opts.allow_hosts,
                    "also accept requests whose Host is this name (a proxy's; '*': any); repeatable");
  serve->add_option("--max-connections", serve_opts.max_connections,
                    "connections open at once (past it, the one waiting longest for its request is closed)")
      ->capture_default_str()
      ->check(CLI::Range(16, 1000000));
  serve->add_option("--request-timeout", serve_opts.request_timeout_s,
                    "seconds a client has to send a whole request (then 408)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  serve->add_option("--threads", serve_opts.threads, "worker threads answering requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));

  vigie::cli::TrainParserOptions train_opts;
  auto* train_parser = app.add_subcommand(
      "train-parser", "train the tagger and parser of a language on UD treebanks");
  train_parser->add_option("--lang", train_opts.lang, "fr or en")->required();
  train_parser->add_option("--train", train_opts.train, "CoNLL-U training files (default: ../shared/ud)");
  train_parser->add_option("--dev", train_opts.dev, "CoNLL-U development files (default: ../shared/ud)");
  train_parser->add_option("--out", train_opts.out, "model file (default: models/parse/LANG.model)");
  train_parser->add_option("--seed", train_opts.seed, "random seed")->capture_default_str();
  train_parser->add_option("--tagger-epochs", train_opts.tagger_epochs)->capture_default_str();
  train_parser->add_option("--parser-epochs", train_opts.parser_epochs)->capture_default_str();
  train_parser->add_option("--folds", train_opts.folds, "jackknifing folds for the parser's tags")
      ->capture_default_str();
  train_parser->add_option("--data", train_opts.data_dir, "vigie's data/ folder (default: found)");

  vigie::cli::EvalParserOptions eval_parser_opts;
  auto* eval_parser = app.add_subcommand(
      "eval-parser", "UPOS accuracy, UAS and LAS against CoNLL-U files (gold tokenisation)");
  eval_parser->add_option("--gold", eval_parser_opts.gold, "CoNLL-U files (.gz or plain)")->required();
  eval_parser->add_option("--model", eval_parser_opts.model, "model file (default: that of --lang)");
  eval_parser->add_option("--lang", eval_parser_opts.lang, "fr or en");
  eval_parser->add_flag("--per-relation", eval_parser_opts.per_relation, "precision, recall, F1 per relation");
  eval_parser->add_flag("--constrain", eval_parser_opts.constrain,
                        "tag each word only among the morph stage's readings (when it has any)");
  eval_parser->add_option("--data", eval_parser_opts.data_dir, "vigie's data/ folder (default: found)");

  vigie::cli::ParseOptions parse_opts;
  auto* parse = app.add_subcommand("parse", "the syntax of each sentence, as CoNLL-U or JSON");
  AddCommon(parse, &parse_opts.common, true);
  parse->add_option("--format", parse_opts.format, "conllu or json")->capture_default_str();

  app.add_flag_callback(
      "--version",
      [] {
        std::cout << vigie::cli::VersionText(vigie::cli::FindDataDir(""), vigie::cli::FindModelDir(""));
        throw CLI::Success();
      },
      "version, git commit, and fingerprints of the data and models in use");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end with code 0; every other parse error (an
    // unknown option, a missing argument, a value out of range) is a usage
    // error: exit status 2, as for every command (CLI11's own codes are
    // 100-114).
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  if (parse->parsed()) return vigie::cli::RunParse(parse_opts, std::cout);

  if (train_parser->parsed()) return vigie::cli::RunTrainParser(train_opts, std::cout);
  if (eval_parser->parsed()) return vigie::cli::RunEvalParser(eval_parser_opts, std::cout);

  if (ingest->parsed()) return vigie::cli::RunIngest(ingest_opts);
  if (enqueue->parsed()) return vigie::cli::RunEnqueue(enqueue_opts);
  if (worker->parsed()) return vigie::cli::RunWorker(worker_opts);
  if (status->parsed()) return vigie::cli::RunStatus(status_opts);
  if (fuse_cmd->parsed()) return vigie::cli::RunFuse(fuse_opts);
  if (export_cmd->parsed()) return vigie::cli::RunExport(export_opts, std::cout);
  if (serve->parsed()) return vigie::cli::RunServe(serve_opts);

  if (extract->parsed()) {
    return RunArticles(extract_opts, "extract", [](const vigie::Document& doc, std::string* out) {
      *out += vigie::cli::ExtractJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      *out += '\n';
    });
  }
  if (code->parsed()) {
    return RunArticles(
        code_opts, "code",
        [](const vigie::Document& doc, std::string* out) { vigie::cli::AppendEventLines(doc, out); },
        true);
  }
  if (explain->parsed()) {
    explain_opts.paths = {explain_path};
    explain_opts.threads = 1;
    return RunArticles(explain_opts, "explain", [](const vigie::Document& doc, std::string* out) {
      std::ostringstream text;
      vigie::cli::WriteExplain(doc, text);
      *out += text.str();
      *out += '\n';
    });
  }
  if (bench->parsed()) return vigie::cli::RunBench(bench_opts, min_seconds, std::cout);
  if (eval->parsed()) return vigie::cli::RunEval(eval_opts, std::cout);
  if (eval_geo->parsed()) return vigie::cli::RunEvalGeo(eval_geo_opts, std::cout);
  if (gazetteer->parsed()) return vigie::cli::RunGazetteer(gazetteer_data, gazetteer_names, gazetteer_verify, std::cout);
  if (bench_extraction->parsed()) return vigie::cli::RunBenchExtraction(bx, std::cout);
  return 0;
}
