// The API: parameter checking (params.h) on its own, then every endpoint and
// filter over HTTP against `vigie serve` on a database ingested from
// samples/ (with the syndicated Palmyra variants). Bad input must give 400
// or an empty result, never a 500.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "serve/params.h"
#include "store/sqlite.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;
using serve::ParseEventParams;

serve::ParsedFilter P(std::vector<std::pair<std::string, std::string>> params) {
  return ParseEventParams(params);
}

TEST(Params, Dates) {
  EXPECT_TRUE(P({{"from", "2016-12-10"}, {"to", "2016-12-11"}}).ok());
  EXPECT_TRUE(P({{"from", "2016-02-29"}}).ok());
  for (const char* bad : {"2015-02-29", "2016-13-01", "2016-00-10", "2016-1-1", "20161210", "' OR 1=1 --",
                          "2016-12-10'", "", "9999999999-01-01", "0000-01-01", "2016-12-32"})
    EXPECT_FALSE(P({{"from", bad}}).ok()) << bad;
  EXPECT_FALSE(P({{"from", "2016-12-12"}, {"to", "2016-12-11"}}).ok());
}

TEST(Params, BoundingBox) {
  auto ok = P({{"bbox", "35,33,40,37"}});
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.filter.has_bbox);
  EXPECT_EQ(ok.filter.max_lat, 37);
  for (const char* bad : {"1e12,0,2e12,1", "-181,0,0,1", "0,-91,1,0", "nan,0,1,1", "inf,0,1,1", "0,0,1",
                          "0,0,1,1,1", "1,1,0,0", "a,b,c,d", "0,0,1,1 OR 1=1", ",,,", "0x10,0,1,1"})
    EXPECT_FALSE(P({{"bbox", bad}}).ok()) << bad;
}

TEST(Params, CodesActorsCountriesText) {
  EXPECT_TRUE(P({{"code", "19"}}).ok());
  EXPECT_TRUE(P({{"code", "0874"}}).ok());
  EXPECT_FALSE(P({{"code", "19%"}}).ok());
  EXPECT_FALSE(P({{"code", "12345"}}).ok());
  EXPECT_EQ(P({{"country", "sy"}}).filter.countries, std::vector<std::string>{"SY"});
  // Either code form names the same country.
  EXPECT_EQ(P({{"country", "SYR"}}).filter.countries, std::vector<std::string>{"SY"});
  EXPECT_EQ(P({{"country", "mli"}}).filter.countries, std::vector<std::string>{"ML"});
  EXPECT_FALSE(P({{"country", "ZZZ"}}).ok());
  EXPECT_FALSE(P({{"country", "S'"}}).ok());
  EXPECT_FALSE(P({{"country", "SYRIA"}}).ok());
  EXPECT_TRUE(P({{"actor", "aviation russe"}}).ok());
  EXPECT_FALSE(P({{"actor", std::string(101, 'a')}}).ok());
  EXPECT_FALSE(P({{"actor", "\xff\xfe"}}).ok());
  EXPECT_FALSE(P({{"actor", std::string("a\0b", 3)}}).ok());
  // Free text becomes quoted words: no FTS operator or column filter.
  EXPECT_EQ(P({{"q", "' OR 1=1 --"}}).filter.text, "\"OR\" \"1\" \"1\"");
  EXPECT_EQ(P({{"q", "text:Palmyre NEAR(\"x\")"}}).filter.text, "\"text\" \"Palmyre\" \"NEAR\" \"x\"");
  EXPECT_EQ(serve::FtsQuery("l’aviation russe"), "\"l\" \"aviation\" \"russe\"");
  EXPECT_FALSE(P({{"q", "--- ''' ***"}}).ok());
  EXPECT_FALSE(P({{"q", std::string(201, 'a')}}).ok());
}

TEST(Params, SeveralValuesRepeatedOrSeparatedByCommas) {
  auto codes = P({{"code", "195"}, {"code", "0874,19"}});
  ASSERT_TRUE(codes.ok()) << codes.error;
  EXPECT_EQ(codes.filter.codes, (std::vector<std::string>{"195", "0874", "19"}));
  auto types = P({{"plover", "assault, protest"}, {"acled", "Explosions/Remote violence"}});
  ASSERT_TRUE(types.ok()) << types.error;
  EXPECT_EQ(types.filter.plover, (std::vector<std::string>{"ASSAULT", "PROTEST"}));
  EXPECT_EQ(types.filter.acled, std::vector<std::string>{"Explosions/Remote violence"});
  EXPECT_EQ(P({{"country", "SY,MLI"}, {"country", "ye"}}).filter.countries, (std::vector<std::string>{"SY", "ML", "YE"}));
  EXPECT_EQ(P({{"modality", "asserted,reported"}}).filter.modality, (std::vector<std::string>{"asserted", "reported"}));
  EXPECT_FALSE(P({{"modality", "maybe"}}).ok());
  EXPECT_FALSE(P({{"code", "19,"}}).ok());
  EXPECT_FALSE(P({{"plover", "ASSAULT'"}}).ok());
  EXPECT_FALSE(P({{"acled", "Battles\"]"}}).ok());
  std::string many;
  for (int i = 0; i < 65; ++i) many += (i ? ",1" : "1");
  EXPECT_FALSE(P({{"code", many}}).ok());
  // Single-valued parameters still refuse a second value.
  EXPECT_FALSE(P({{"actor", "RUS"}, {"actor", "ISIL"}}).ok());
}

TEST(Params, FatalitiesModalityBackgroundSortFormat) {
  EXPECT_EQ(P({{"min_fatalities", "10"}}).filter.min_fatalities, 10);
  EXPECT_EQ(P({}).filter.min_fatalities, -1);
  for (const char* bad : {"-1", "ten", "99999999999", ""}) EXPECT_FALSE(P({{"min_fatalities", bad}}).ok()) << bad;
  EXPECT_EQ(P({{"background", "false"}}).filter.background, 0);
  EXPECT_EQ(P({{"background", "true"}}).filter.background, 1);
  EXPECT_FALSE(P({{"background", "1"}}).ok());
  EXPECT_TRUE(P({{"sort", "-fatalities"}}).filter.sort == store::EventFilter::Sort::kFatalitiesDesc);
  EXPECT_TRUE(P({{"sort", "date"}}).filter.sort == store::EventFilter::Sort::kDateAsc);
  EXPECT_FALSE(P({{"sort", "fatalities DESC"}}).ok());
  EXPECT_TRUE(P({{"format", "csv"}}).format == serve::Format::kCsv);
  EXPECT_FALSE(P({{"format", "xml"}}).ok());
  // Pages of JSON stay small; exports may be long.
  EXPECT_FALSE(P({{"limit", "5000"}}).ok());
  EXPECT_TRUE(P({{"limit", "5000"}, {"format", "geojson"}}).ok());
  EXPECT_FALSE(P({{"limit", "100001"}, {"format", "csv"}}).ok());
}

// Every query parameter that the OpenAPI description gives for
// /api/events is one the server takes, with the example it shows; the
// description says "several values" exactly for the list parameters.
TEST(Params, OpenApiDescribesWhatTheServerTakes) {
  std::ifstream in(std::string(VIGIE_SOURCE_DIR) + "/web/openapi.json");
  ASSERT_TRUE(in);
  auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const auto& params = doc["paths"]["/api/events"]["get"]["parameters"];
  ASSERT_GE(params.size(), 16u);
  for (const auto& p : params) {
    std::string name = p["name"], example = p["example"].is_string() ? p["example"].get<std::string>() : p["example"].dump();
    auto parsed = P({{name, example}});
    EXPECT_TRUE(parsed.ok()) << name << "=" << example << ": " << parsed.error;
    bool list = p["schema"]["type"] == "array";
    auto twice = P({{name, example}, {name, example}});
    EXPECT_EQ(twice.ok(), list) << name;
  }
  for (const char* path : {"/api/timeline", "/api/places"})
    for (const auto& p : doc["paths"][path]["get"]["parameters"]) {
      std::string name = p["name"];
      EXPECT_TRUE(name != "limit" && name != "offset" && name != "sort" && name != "format" && name != "count")
          << path << " " << name;
    }
  EXPECT_FALSE(P({{"nonsense", "1"}}).ok());
}

TEST(Params, LimitsAndUnknowns) {
  EXPECT_EQ(P({{"limit", "1000"}}).filter.limit, 1000);
  for (const char* bad : {"-1", "0", "1001", "1000000000000", "1e3", "10 ", ""})
    EXPECT_FALSE(P({{"limit", bad}}).ok()) << bad;
  EXPECT_FALSE(P({{"offset", "-5"}}).ok());
  EXPECT_FALSE(P({{"offset", "1000000000000"}}).ok());
  EXPECT_FALSE(P({{"limit", "5"}, {"limit", "6"}}).ok());
  EXPECT_FALSE(P({{"sort", "id; DROP TABLE events"}}).ok());
  EXPECT_EQ(serve::ParseId("12"), 12);
  EXPECT_EQ(serve::ParseId("0"), -1);
  EXPECT_EQ(serve::ParseId("1 OR 1=1"), -1);
  EXPECT_EQ(serve::ParseId("9999999999999999999999"), -1);
}

// ---- over HTTP -------------------------------------------------------------

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("vigie-serve-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
    std::string cmd = std::string(VIGIE_BINARY) + " ingest --db " + db_ + " " + VIGIE_SAMPLES_DIR + " 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

    port_ = Spawn({}, &pid_);
    ASSERT_GT(port_, 0);
  }
  // Starts `vigie serve` on the test database with more arguments; returns
  // its port (0 on failure).
  static int Spawn(const std::vector<std::string>& more, pid_t* pid) { return SpawnOn(db_, more, pid); }
  static int SpawnOn(const std::string& db, const std::vector<std::string>& more, pid_t* pid) {
    int out[2];
    if (pipe(out) != 0) return 0;
    // Not this process's stderr: a server left behind would hold CTest's
    // pipe open until the test's time-out. And it dies with this process
    // (PR_SET_PDEATHSIG), even one stopped by a sanitizer.
    const std::string log = (dir_ / "serve.err").string();
    std::vector<std::string> args = {VIGIE_BINARY, "serve", "--db", db, "--port", "0"};
    args.insert(args.end(), more.begin(), more.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    *pid = fork();
    if (*pid == 0) {  // only async-signal-safe calls until exec
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (err < 0 || dup2(out[1], STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) _exit(127);
      close(out[0]);
      execv(VIGIE_BINARY, argv.data());
      _exit(127);
    }
    const int rc = *pid < 0 ? -1 : 0;
    close(out[1]);
    if (rc != 0) return 0;
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    std::smatch m;
    if (!std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) return 0;
    return std::stoi(m[1]);
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    fs::remove_all(dir_);
  }

  // GET; fails the test on a 500.
  static std::pair<int, nlohmann::json> Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {0, nullptr};
    EXPECT_LT(res->status, 500) << path << ": " << res->body;
    return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
  }
  static nlohmann::json Page(const std::string& query) {
    auto [status, body] = Get("/api/events?" + query);
    EXPECT_EQ(status, 200) << query << ": " << body.dump();
    return body;
  }
  static std::vector<nlohmann::json> Events(const std::string& query) {
    auto [status, body] = Get("/api/events?" + query);
    EXPECT_EQ(status, 200) << query << ": " << body.dump();
    if (status != 200) return {};
    return body["events"].get<std::vector<nlohmann::json>>();
  }

  static inline fs::path dir_;
  static inline std::string db_;
  static inline pid_t pid_ = 0;
  static inline int port_ = 0;
};

TEST_F(Api, ListsEveryEventByDefault) {
  auto all = Events("limit=1000");
  EXPECT_GE(all.size(), 40u);
  EXPECT_EQ(Events("").size(), std::min<size_t>(100, all.size()));
  EXPECT_EQ(Events("limit=3").size(), 3u);
  EXPECT_EQ(Events("limit=3&offset=3")[0]["id"], all[3]["id"]);
  for (const auto& e : all) EXPECT_TRUE(e.contains("counts") && e.contains("cameo") && !e.contains("evidence"));
}

TEST_F(Api, FiltersByDateRange) {
  auto events = Events("from=2016-12-01&to=2016-12-31&limit=1000");
  ASSERT_FALSE(events.empty());
  for (const auto& e : events) {
    EXPECT_LE(e["date"]["earliest"].get<std::string>(), "2016-12-31");
    EXPECT_GE(e["date"]["latest"].get<std::string>(), "2016-12-01");
  }
  EXPECT_TRUE(Events("from=1990-01-01&to=1990-01-02").empty());
}

TEST_F(Api, FiltersByBoundingBox) {
  auto events = Events("bbox=35,32,42,37.5&limit=1000");  // western Syria
  ASSERT_FALSE(events.empty());
  bool palmyra = false;
  for (const auto& e : events) {
    double lat = e["place"]["lat"], lon = e["place"]["lon"];
    EXPECT_TRUE(lat >= 32 && lat <= 37.5 && lon >= 35 && lon <= 42) << e.dump();
    palmyra |= e["place"]["name"] == "Palmyra";
  }
  EXPECT_TRUE(palmyra);
  EXPECT_TRUE(Events("bbox=-10,-10,-9,-9").empty());
  EXPECT_GE(Events("bbox=-180,-90,180,90&limit=1000").size(), events.size());
}

TEST_F(Api, FiltersByCodeActorCountryAndText) {
  auto strikes = Events("code=195&limit=1000");
  ASSERT_FALSE(strikes.empty());
  for (const auto& e : strikes) EXPECT_EQ(e["cameo"]["code"].get<std::string>().substr(0, 3), "195");
  for (const auto& e : Events("code=19&limit=1000")) EXPECT_EQ(e["cameo"]["root"], "19");

  auto russian = Events("actor=RUS&limit=1000");
  ASSERT_FALSE(russian.empty());
  for (const auto& e : russian) EXPECT_NE(e.dump().find("RUS"), std::string::npos);
  EXPECT_EQ(Events("actor=rus&limit=1000").size(), russian.size());
  EXPECT_FALSE(Events("actor=avions%20russes").empty());

  auto syria = Events("country=SY&limit=1000");
  ASSERT_FALSE(syria.empty());
  for (const auto& e : syria)
    EXPECT_TRUE(e["place"].is_object() && e["place"]["country"] == "SY") << e.dump();

  // Events of the articles that name Palmyra: the raids there, and the
  // siege of Aleppo the same stories tell.
  auto palmyre = Events("q=Palmyre&limit=1000");
  ASSERT_FALSE(palmyre.empty());
  size_t at_palmyra = 0;
  for (const auto& e : palmyre) {
    at_palmyra += e["place"].is_object() && e["place"]["name"] == "Palmyra";
    bool from_a_copy = false;
    for (const auto& id : e["article_ids"]) from_a_copy |= id.get<std::string>().find("palm") != std::string::npos;
    EXPECT_TRUE(from_a_copy) << e.dump();
  }
  EXPECT_GE(at_palmyra, palmyre.size() / 2);
  // Diacritics do not matter (FTS5 remove_diacritics 2).
  EXPECT_EQ(Events("q=chasse%20cite&limit=1000").size(), Events("q=chass%C3%A9%20cit%C3%A9&limit=1000").size());
  // Filters combine.
  auto both = Events("q=Palmyre&code=195&country=SY");
  ASSERT_EQ(both.size(), 1u);
  EXPECT_GE(both[0]["counts"]["articles"].get<int>(), 3);
}

TEST_F(Api, BadParametersAre400NeverA500) {
  for (const char* q : {"from=2016-13-01", "from=yesterday", "to=2016-02-30", "from=2016-12-12&to=2016-12-01",
                        "bbox=1e12,1e12,2e12,2e12", "bbox=-1000,-1000,1000,1000", "bbox=1,2,3",
                        "limit=-1", "limit=1000000000000", "offset=-1", "offset=1000000000000",
                        "code=19%25", "country=%27%20OR%201%3D1%20--", "unknown=1", "limit=1&limit=2",
                        "from=%27%20OR%201%3D1%20--", "q=%00"}) {
    auto [status, body] = Get(std::string("/api/events?") + q);
    EXPECT_EQ(status, 400) << q;
    EXPECT_TRUE(body.contains("error")) << q;
  }
  // Injection attempts in free text and names are only words to look for.
  for (const char* q : {"q=%27%20OR%201%3D1%20--", "actor=%27%20OR%201%3D1%20--",
                        "q=%22%29%20OR%20%2A%20--", "actor=%25"}) {
    auto [status, body] = Get(std::string("/api/events?") + q);
    EXPECT_EQ(status, 200) << q;
  }
  EXPECT_TRUE(Events("actor=%27%20OR%201%3D1%20--").empty());
  EXPECT_EQ(Get("/api/events/abc").first, 400);
  EXPECT_EQ(Get("/api/events/1%20OR%201=1").first, 400);
  EXPECT_EQ(Get("/api/events/1000000000000").first, 404);
  EXPECT_EQ(Get("/api/events/99999999999999999999999").first, 400);
  EXPECT_EQ(Get("/api/articles/-1").first, 400);
  EXPECT_EQ(Get("/api/articles/1000000000000").first, 404);
  EXPECT_EQ(Get("/api/nothing").first, 404);
  EXPECT_EQ(Get("/api/timeline?from=2016-99-99").first, 400);
}

TEST_F(Api, EventHasEveryContributionsEvidenceAndArticleHasItsSpans) {
  auto both = Events("q=Palmyre&code=195");
  ASSERT_EQ(both.size(), 1u);
  auto [status, record] = Get("/api/events/" + both[0]["id"].get<std::string>());
  ASSERT_EQ(status, 200);
  ASSERT_GE(record["contributions"].size(), 3u);
  bool found = false;
  for (const auto& c : record["contributions"]) {
    EXPECT_TRUE(c["evidence"].contains("trigger"));
    auto [astatus, article] = Get("/api/articles/" + std::to_string(c["article"].get<int64_t>()));
    ASSERT_EQ(astatus, 200);
    std::string text = article["text"];
    for (const auto& e : article["events"]) {
      if (e["event_id"] != c["event_id"]) continue;
      found = true;
      for (const auto& s : e["evidence"]) {
        int64_t b = s["begin"], en = s["end"];
        ASSERT_LE(en, static_cast<int64_t>(text.size()));
        EXPECT_EQ(text.substr(b, en - b), s["text"].get<std::string>());
        EXPECT_FALSE(s["rule"].get<std::string>().empty());
      }
    }
    EXPECT_GE(article["story"].size(), 3u);
  }
  EXPECT_TRUE(found);
  auto [tstatus, timeline] = Get("/api/timeline?country=SY");
  ASSERT_EQ(tstatus, 200);
  EXPECT_FALSE(timeline["days"].empty());
}

TEST_F(Api, CountIsEveryMatchAndReturnedThePage) {
  auto all = Events("limit=1000");
  auto page = Page("limit=3&offset=2");
  EXPECT_EQ(page["count"].get<size_t>(), all.size());
  EXPECT_EQ(page["returned"], 3);
  EXPECT_EQ(page["events"].size(), 3u);
  EXPECT_EQ(page["events"][0]["id"], all[2]["id"]);
  auto strikes = Page("code=195&limit=1");
  EXPECT_EQ(strikes["count"].get<size_t>(), Events("code=195&limit=1000").size());
  EXPECT_LT(strikes["count"].get<size_t>(), all.size());
  EXPECT_EQ(Page("from=1990-01-01&to=1990-01-02")["count"], 0);
  // Fewer than 1,000 matches: counted exactly, whether the count comes
  // from a short page, from the query, or from past the end.
  const size_t n_strikes = strikes["count"];
  for (auto [q, n] : std::vector<std::pair<const char*, size_t>>{{"limit=3&offset=2", all.size()},
                                                                 {"limit=1000", all.size()},
                                                                 {"code=195&limit=1", n_strikes},
                                                                 {"code=195&limit=1000", n_strikes},
                                                                 {"limit=5&offset=100000", all.size()},
                                                                 {"limit=1&count=exact", all.size()}}) {
    auto p = Page(q);
    EXPECT_EQ(p["count"].get<size_t>(), n) << q;
    EXPECT_EQ(p["count_exact"], true) << q;
  }
  EXPECT_EQ(Get("/api/events?count=approximate").first, 400);
  EXPECT_TRUE(P({{"count", "exact"}}).exact_count);
  EXPECT_FALSE(P({}).exact_count);
  EXPECT_FALSE(P({{"count", "exact"}, {"count", "exact"}}).ok());
}

TEST_F(Api, SeveralTypesAreAlternatives) {
  size_t raids = Events("code=195&limit=1000").size(), withdrawals = Events("code=0874&limit=1000").size();
  ASSERT_GT(raids, 0u);
  ASSERT_GT(withdrawals, 0u);
  EXPECT_EQ(Events("code=195&code=0874&limit=1000").size(), raids + withdrawals);
  EXPECT_EQ(Events("code=195,0874&limit=1000").size(), raids + withdrawals);
  // PLOVER and ACLED names filter by the event's own types.
  auto assault = Events("plover=ASSAULT&limit=1000");
  ASSERT_FALSE(assault.empty());
  for (const auto& e : assault) EXPECT_EQ(e["plover"], "ASSAULT");
  auto remote = Events("acled=Explosions/Remote%20violence&limit=1000");
  ASSERT_FALSE(remote.empty());
  for (const auto& e : remote) EXPECT_EQ(e["acled"]["event_type"], "Explosions/Remote violence");
  // A CAMEO code and a PLOVER type together: either matches.
  auto either = Events("code=0874&plover=ASSAULT&limit=1000");
  EXPECT_GE(either.size(), assault.size());
  for (const auto& e : either) EXPECT_TRUE(e["plover"] == "ASSAULT" || e["cameo"]["code"] == "0874") << e.dump();
}

TEST_F(Api, CountryInEitherCodeForm) {
  auto sy = Events("country=SY&limit=1000"), syr = Events("country=SYR&limit=1000");
  ASSERT_FALSE(sy.empty());
  EXPECT_EQ(sy, syr);
  auto two = Page("country=SY,ML&limit=1");
  EXPECT_EQ(two["count"].get<size_t>(), sy.size() + Events("country=MLI&limit=1000").size());
}

TEST_F(Api, FatalitiesFilterAndSort) {
  auto all = Events("limit=1000");
  size_t with_figure = 0;
  for (const auto& e : all) {
    ASSERT_TRUE(e.contains("fatalities")) << e.dump();
    if (e["fatalities"].is_null()) continue;
    ++with_figure;
    // The lowest figure of killed among the claims.
    int64_t lowest = -1;
    for (const auto& c : e["claims"])
      if (c["quantity"] == "killed" && c["value"].is_number() && (lowest < 0 || c["value"].get<int64_t>() < lowest))
        lowest = c["value"];
    EXPECT_EQ(e["fatalities"].get<int64_t>(), lowest) << e.dump();
  }
  ASSERT_GT(with_figure, 0u);
  auto ten = Events("min_fatalities=10&limit=1000");
  ASSERT_FALSE(ten.empty());
  for (const auto& e : ten) EXPECT_GE(e["fatalities"].get<int64_t>(), 10);
  EXPECT_EQ(Events("min_fatalities=0&limit=1000").size(), with_figure);
  auto sorted = Events("sort=-fatalities&limit=1000");
  ASSERT_EQ(sorted.size(), all.size());
  for (size_t i = 1; i < with_figure; ++i)
    EXPECT_GE(sorted[i - 1]["fatalities"].get<int64_t>(), sorted[i]["fatalities"].get<int64_t>());
  for (size_t i = with_figure; i < sorted.size(); ++i) EXPECT_TRUE(sorted[i]["fatalities"].is_null());
  auto oldest = Events("sort=date&limit=1000");
  std::string prev;
  for (const auto& e : oldest) {
    if (!e["date"].is_object() || !e["date"]["earliest"].is_string()) continue;
    std::string d = e["date"]["earliest"];
    EXPECT_LE(prev, d);
    prev = d;
  }
}

TEST_F(Api, ModalityAndBackground) {
  auto asserted = Events("modality=asserted&limit=1000");
  ASSERT_FALSE(asserted.empty());
  for (const auto& e : asserted) EXPECT_EQ(e["modality"], "asserted");
  size_t all = Events("limit=1000").size();
  EXPECT_EQ(Events("background=true&limit=1000").size() + Events("background=false&limit=1000").size(), all);
  for (const auto& e : Events("background=true&limit=1000")) EXPECT_EQ(e["background"], true);
}

TEST_F(Api, TimelineAndPlacesAddUpToTheCount) {
  size_t all = Events("limit=1000").size();
  auto [status, t] = Get("/api/timeline");
  ASSERT_EQ(status, 200);
  int64_t days = 0;
  for (const auto& d : t["days"]) days += d["count"].get<int64_t>();
  EXPECT_EQ(days + t["undated"].get<int64_t>(), static_cast<int64_t>(all));
  EXPECT_EQ(t["count"].get<size_t>(), all);
  for (const auto& r : t["ranges"]) EXPECT_LT(r["earliest"].get<std::string>(), r["latest"].get<std::string>());
  // Limits and sorting do not apply to counts and are accepted.
  EXPECT_EQ(Get("/api/timeline?limit=1&sort=date").first, 200);

  auto [pstatus, places] = Get("/api/places?country=SYR");
  ASSERT_EQ(pstatus, 200);
  size_t with_place = 0;
  for (const auto& e : Events("country=SY&limit=1000")) with_place += e["place"].is_object();
  EXPECT_EQ(places["count"].get<size_t>(), with_place);
  bool palmyra = false;
  for (const auto& p : places["places"]) {
    int64_t by_plover = 0, by_acled = 0;
    for (const auto& [k, v] : p["plover"].items()) by_plover += v.get<int64_t>();
    for (const auto& [k, v] : p["acled"].items()) by_acled += v.get<int64_t>();
    EXPECT_EQ(by_plover, p["count"].get<int64_t>());
    EXPECT_EQ(by_acled, p["count"].get<int64_t>());
    EXPECT_EQ(p["country"], "SY");
    if (p["name"] == "Palmyra") {
      palmyra = true;
      EXPECT_GE(p["fatalities"].get<int64_t>(), 300);
      EXPECT_EQ(p["geonames_id"], 163808);
    }
  }
  EXPECT_TRUE(palmyra);
  // Each place's types by name ("none", the empty one, first), whatever
  // order the rows come in, so that SQLite and PostgreSQL answer alike
  // (read in the order of the text, which Get's parse does not keep).
  httplib::Client client("127.0.0.1", port_);
  auto raw = client.Get("/api/places");
  ASSERT_TRUE(raw);
  const auto in_order = nlohmann::ordered_json::parse(raw->body);
  for (const auto& p : in_order["places"])
    for (const char* kind : {"plover", "acled"}) {
      std::vector<std::string> types;
      for (const auto& [k, v] : p[kind].items()) types.push_back(k == "none" ? "" : k);
      EXPECT_TRUE(std::is_sorted(types.begin(), types.end())) << p[kind].dump();
    }
}

TEST_F(Api, CsvAndGeoJsonOfTheSameFilter) {
  httplib::Client client("127.0.0.1", port_);
  size_t n = Events("country=SY&limit=1000").size();
  auto csv = client.Get("/api/events?country=SY&format=csv&limit=100000");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  size_t lines = 0;
  for (char c : csv->body) lines += c == '\n';
  EXPECT_EQ(lines, n + 1);  // header and one row each (no field spans lines here)
  EXPECT_EQ(csv->body.rfind("id,date_earliest,date_latest,cameo_code", 0), 0u);
  EXPECT_NE(csv->body.find("Palmyra"), std::string::npos);
  auto [status, geo] = Get("/api/events?country=SY&format=geojson&limit=100000");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(geo["type"], "FeatureCollection");
  EXPECT_EQ(geo["features"].size(), n);
  for (const auto& f : geo["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "Point");
    EXPECT_EQ(f["geometry"]["coordinates"][0], f["properties"]["place"]["lon"]);
  }
}

TEST_F(Api, FacetsActorsCodebookAndDescription) {
  auto [fs, facets] = Get("/api/facets");
  ASSERT_EQ(fs, 200);
  bool syria = false;
  for (const auto& c : facets["countries"]) syria |= c["alpha2"] == "SY" && c["alpha3"] == "SYR";
  EXPECT_TRUE(syria);
  EXPECT_FALSE(facets["plover"].empty());
  auto [as, actors] = Get("/api/actors?q=rus");
  ASSERT_EQ(as, 200);
  ASSERT_FALSE(actors["actors"].empty());
  for (const auto& a : actors["actors"]) {
    std::string name = a["name"];
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(name.find("rus"), std::string::npos) << name;
  }
  EXPECT_EQ(Get("/api/actors").first, 400);
  auto [cs, codebook] = Get("/api/codebook");
  ASSERT_EQ(cs, 200);
  bool raids = false;
  for (const auto& c : codebook["cameo"]) raids |= c["code"] == "195" && !c["label"].get<std::string>().empty();
  EXPECT_TRUE(raids);
  EXPECT_GE(codebook["plover"].size(), 10u);
  auto [os, openapi] = Get("/api/openapi.json");
  ASSERT_EQ(os, 200);
  EXPECT_TRUE(openapi["paths"].contains("/api/events"));
}

TEST_F(Api, TownLabelsFromTheGazetteer) {
  auto [status, body] = Get("/api/towns?bbox=36,32,42,36.6&limit=5");  // Syria east of Lebanon, south of Turkey
  ASSERT_EQ(status, 200);
  ASSERT_EQ(body["towns"].size(), 5u);
  int64_t prev = INT64_MAX;
  bool big_city = false;
  for (const auto& t : body["towns"]) {
    double lat = t["lat"], lon = t["lon"];
    EXPECT_TRUE(lat >= 32 && lat <= 36.6 && lon >= 36 && lon <= 42) << t.dump();
    big_city |= t["name"] == "Damascus" || t["name"] == "Aleppo";
    EXPECT_LE(t["population"].get<int64_t>(), prev);
    prev = t["population"];
  }
  EXPECT_TRUE(big_city) << body.dump();
  EXPECT_EQ(body["towns"][0]["country"], "SY");
  EXPECT_EQ(Get("/api/towns").first, 400);
  EXPECT_EQ(Get("/api/towns?bbox=1,2,3").first, 400);
  EXPECT_EQ(Get("/api/towns?bbox=0,0,1,1&limit=100000").first, 400);
}

TEST_F(Api, CorsOnlyWhenAsked) {
  httplib::Client client("127.0.0.1", port_);
  auto plain = client.Get("/api/stats", {{"Origin", "http://example.org"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Access-Control-Allow-Origin"));
  pid_t pid = 0;
  int port = Spawn({"--cors", "http://example.org"}, &pid);
  ASSERT_GT(port, 0);
  httplib::Client other("127.0.0.1", port);
  auto res = other.Get("/api/stats", {{"Origin", "http://example.org"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "http://example.org");
  auto pre = other.Options("/api/events");
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_NE(pre->get_header_value("Access-Control-Allow-Methods").find("GET"), std::string::npos);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// Lists are cached per state of the fused layer: a new fusion (an ingest
// while the server runs) is seen at once.
TEST_F(Api, CachedListsFollowANewFusion) {
  auto articles = [](const std::vector<nlohmann::json>& events) {
    int64_t n = 0;
    for (const auto& e : events) n += e["counts"]["articles"].get<int64_t>();
    return n;
  };
  httplib::Client client("127.0.0.1", port_);
  ASSERT_TRUE(client.Get("/api/events?limit=1000"));
  auto again = client.Get("/api/events?limit=1000");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("X-Vigie-Cache"), "hit");
  int64_t before = articles(Events("limit=1000"));
  // One more copy of a sample (a line added, so a new article).
  fs::path copy = dir_ / "copy.txt";
  {
    std::ifstream in(std::string(VIGIE_SAMPLES_DIR) + "/fr-mali-gao-frappes.txt");
    std::ofstream out(copy);
    out << in.rdbuf() << "\nUne copie de plus.\n";
  }
  std::string cmd = std::string(VIGIE_BINARY) + " ingest --db " + db_ + " " + copy.string() + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_GT(articles(Events("limit=1000")), before);
}

TEST_F(Api, ServesThePageAndItsVendoredLibraries) {
  httplib::Client client("127.0.0.1", port_);
  for (const char* path : {"/", "/app.js", "/style.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
                           "/vendor/world-atlas/countries-110m.json",
                           "/vendor/topojson-client/topojson-client.min.js",
                           "/vendor/leaflet.markercluster/leaflet.markercluster.js",
                           "/vendor/leaflet.markercluster/MarkerCluster.css", "/vendor/d3/d3.min.js",
                           "/vendor/tom-select/js/tom-select.complete.min.js",
                           "/vendor/tom-select/css/tom-select.css"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_GT(res->body.size(), 100u) << path;
  }
  auto res = client.Get("/../CMakeLists.txt");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}


// ---- hardening (issue 17) -------------------------------------------------

// Issue 17: the API's CSV guarded = + - @ but not a leading tab or carriage
// return; its cells now go through the exports' CsvCell, one guard for all.
TEST_F(Api, CsvCellsCannotRunAsFormulas) {
  fs::path copy = dir_ / "formula.db";
  {
    auto c = store::Connection::Open(db_, true);
    c->Exec(("VACUUM INTO '" + copy.string() + "'").c_str());
  }
  {
    auto c = store::Connection::Open(copy.string(), false);
    c->Exec("UPDATE fused_records SET summary = json_set(summary, '$.place.name', char(9) || '=1+2', "
            "'$.source.name', char(13) || '@SUM(A1)', '$.target.name', '-2+3', '$.plover', '+CMD')");
  }
  pid_t pid = 0;
  int port = SpawnOn(copy.string(), {"--no-cache"}, &pid);
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/events?format=csv&limit=1000");
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& csv = res->body;
  EXPECT_NE(csv.find(",'\t=1+2,"), std::string::npos) << csv.substr(0, 600);
  EXPECT_NE(csv.find(",\"'\r@SUM(A1)\","), std::string::npos);
  EXPECT_NE(csv.find(",'-2+3,"), std::string::npos);
  EXPECT_NE(csv.find(",'+CMD,"), std::string::npos);
  for (const char* bare : {",\t=1+2", ",\"\r@SUM", ",\r@SUM", ",-2+3", ",+CMD"})
    EXPECT_EQ(csv.find(bare), std::string::npos) << bare;
}

// A raw connection, for what httplib::Client will not send (a request sent
// slowly, bytes it would encode, two requests in one write).
class Raw {
 public:
  explicit Raw(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(fd_);
      fd_ = -1;
    }
    timeval tv{30, 0};  // a bound on a failure, not a measurement
    if (fd_ >= 0) setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Raw() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  bool Send(std::string_view s) { return fd_ >= 0 && send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == ssize_t(s.size()); }
  // Everything the server sends until it closes the connection.
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while (fd_ >= 0 && (n = recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, size_t(n));
    return out;
  }
  // True once the server has closed the connection (recv sees the end).
  bool ClosedByServer() {
    char c;
    ssize_t n = recv(fd_, &c, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_ = -1;
};

// Before: one request of overlapping ranges had the body sent once per range
// (a 1 KB request, a 366 MB answer). Now any Range is 416 with a small body.
TEST_F(Api, RangeRequestsAreRefused) {
  httplib::Client client("127.0.0.1", port_);
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 300; ++i) ranges += ",0-";
  for (const char* path : {"/app.js", "/vendor/d3/d3.min.js", "/api/events?limit=1000", "/api/stats"}) {
    auto res = client.Get(path, {{"Range", ranges}});
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 416) << path;
    EXPECT_LT(res->body.size(), 1000u) << path;
  }
  auto one = client.Get("/app.js", {{"Range", "bytes=0-10"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 416);
  auto whole = client.Get("/app.js");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(whole->get_header_value("Accept-Ranges"), "none");
}

// Before: no Content-Security-Policy or anti-framing header, nosniff only on
// /api. Now every answer, file, API, 404 or 400, carries each header once.
TEST_F(Api, EveryAnswerCarriesTheSecurityHeaders) {
  httplib::Client client("127.0.0.1", port_);
  for (const char* path : {"/", "/index.html", "/app.js", "/style.css", "/vendor/leaflet/leaflet.css", "/api/stats",
                           "/api/events?limit=5", "/api/events?limit=oops", "/api/nothing", "/nothing.html",
                           "/api/events/999999"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
    for (const char* h : {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"})
      EXPECT_EQ(res->get_header_value_count(h), 1u) << path << " " << h;
  }
}

// The page works under that policy: no inline script, no inline style
// attribute, no inline event handler, in the page or in the markup its
// scripts build (browser_map and browser_page fail on any CSP violation).
TEST_F(Api, ThePageHasNoInlineScriptOrStyle) {
  std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)", std::regex::icase);
  std::regex handler(R"(<[^>]+\son[a-z]+\s*=)", std::regex::icase);
  std::regex style_attr(R"(\sstyle\s*=\s*["'$])", std::regex::icase);
  for (const auto& entry : fs::directory_iterator(std::string(VIGIE_SOURCE_DIR) + "/web")) {
    std::string ext = entry.path().extension().string();
    if (ext != ".html" && ext != ".js") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string name = entry.path().filename().string();
    EXPECT_FALSE(std::regex_search(text, inline_script)) << name;
    EXPECT_FALSE(std::regex_search(text, handler)) << name;
    EXPECT_FALSE(std::regex_search(text, style_attr)) << name;
    if (ext == ".html") {
      EXPECT_EQ(text.find("<style"), std::string::npos) << name;
    }
  }
}

// Before: any Host was answered, so a page of a name the attacker controls
// rebound to 127.0.0.1 could read the API. Now it is 421 unless allowed.
TEST_F(Api, HostMustNameThisServer) {
  httplib::Client client("127.0.0.1", port_);
  std::string port = std::to_string(port_);
  auto evil = client.Get("/api/stats", {{"Host", "attacker.example:" + port}});
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 421);
  EXPECT_NE(evil->body.find("--allow-host"), std::string::npos) << evil->body;
  auto page = client.Get("/", {{"Host", "attacker.example"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 421);
  for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST",
                                                           "127.0.0.1", "[::1]:" + port}) {
    auto res = client.Get("/api/stats", {{"Host", host}});
    ASSERT_TRUE(res) << host;
    EXPECT_EQ(res->status, 200) << host;
  }
  pid_t pid = 0;
  int other_port = Spawn({"--allow-host", "vigie.example.org"}, &pid);
  ASSERT_GT(other_port, 0);
  httplib::Client other("127.0.0.1", other_port);
  auto proxied = other.Get("/api/stats", {{"Host", "vigie.example.org"}});
  ASSERT_TRUE(proxied);
  EXPECT_EQ(proxied->status, 200);
  auto still = other.Get("/api/stats", {{"Host", "attacker.example"}});
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 421);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// Before: "/app.js%00.html" was app.js served as text/html. Now a NUL, a
// control byte, a backslash or an encoded separator in the path is a 400.
TEST_F(Api, StaticPathsAreNormalised) {
  for (const char* path : {"/app.js%00.html", "/app.js%00", "/vendor%2fd3/d3.min.js", "/vendor/d3%2Fd3.min.js",
                           "/app.js%5c", "/%5c..%5cCMakeLists.txt", "/app.js%0a.html", "/api/events%2F1"}) {
    Raw raw(port_);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.Send(std::string("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    std::string answer = raw.ReadAll();
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << path << ": " << answer.substr(0, 200);
    EXPECT_EQ(answer.find("text/html"), std::string::npos) << path;
    EXPECT_EQ(answer.find("export function"), std::string::npos) << path;  // no byte of app.js
  }
}

// Before: eight clients sending their request slowly held the eight worker
// threads and every other request waited. Now 32 of them, still sending,
// leave every other request answered.
TEST_F(Api, SlowClientsDoNotStarveOthers) {
  std::vector<std::unique_ptr<Raw>> slow;
  for (int i = 0; i < 32; ++i) {
    slow.push_back(std::make_unique<Raw>(port_));
    ASSERT_TRUE(slow.back()->ok());
    ASSERT_TRUE(slow.back()->Send("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {  // a header line every 200 ms: no read ever waits long
    while (!done) {
      for (auto& r : slow) r->Send("X-Slow: 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(4, 0);  // a bound on a failure: the slow clients go on for longer
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get("/api/stats");
    if (res && res->status == 200) ++answered;
  }
  done = true;
  trickle.join();
  EXPECT_EQ(answered, 20);
}

// A client that never finishes its request is answered 408 and closed
// after --request-timeout, however steadily it trickles.
TEST_F(Api, AnUnfinishedRequestTimesOut) {
  pid_t pid = 0;
  int port = Spawn({"--request-timeout", "1"}, &pid);
  ASSERT_GT(port, 0);
  Raw raw(port);
  ASSERT_TRUE(raw.Send("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    while (!done && raw.Send("X-Slow: 1\r\n")) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  std::string answer = raw.ReadAll();
  done = true;
  trickle.join();
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer.substr(0, 200);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// Connections are bounded: past --max-connections the one waiting longest
// for its request is closed, and requests that arrive whole are answered.
TEST_F(Api, ManyIdleConnectionsAreBoundedAndOthersServed) {
  pid_t pid = 0;
  int port = Spawn({"--max-connections", "64"}, &pid);
  ASSERT_GT(port, 0);
  std::vector<std::unique_ptr<Raw>> idle;
  for (int i = 0; i < 400; ++i) {
    idle.push_back(std::make_unique<Raw>(port));
    ASSERT_TRUE(idle.back()->ok()) << i;
  }
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(4, 0);
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get("/api/stats");
    if (res && res->status == 200) ++answered;
  }
  EXPECT_EQ(answered, 20);
  // Most idle connections were closed to make room: wait (boundedly) for
  // the server's closing to arrive, then count.
  size_t closed = 0;
  for (int round = 0; round < 100 && closed < idle.size() - 64; ++round) {
    closed = 0;
    for (auto& r : idle) closed += r->ClosedByServer();
    if (closed < idle.size() - 64) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(closed, idle.size() - 64);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// The front hands httplib whole requests: two in one write are two answers
// (keep-alive and pipelining), a body is read, chunked bodies are refused.
TEST_F(Api, PipelinedRequestsBodiesAndRefusals) {
  Raw raw(port_);
  ASSERT_TRUE(raw.Send("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                       "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"
                       "GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  std::string answers = raw.ReadAll();
  std::regex status_line(R"(HTTP/1\.1 (\d+) )");
  std::vector<std::string> statuses;
  for (auto it = std::sregex_iterator(answers.begin(), answers.end(), status_line); it != std::sregex_iterator(); ++it)
    statuses.push_back((*it)[1]);
  EXPECT_EQ(statuses, (std::vector<std::string>{"200", "200", "404"})) << answers.substr(0, 400);
  Raw chunked(port_);
  ASSERT_TRUE(chunked.Send("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.ReadAll().rfind("HTTP/1.1 501", 0), 0u);
  Raw huge(port_);
  ASSERT_TRUE(huge.Send("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n"));
  EXPECT_EQ(huge.ReadAll().rfind("HTTP/1.1 431", 0), 0u);
}

}  // namespace
}  // namespace vigie
