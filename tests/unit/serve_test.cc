// The API: parameter checking (params.h) on its own, then every endpoint and
// filter over HTTP against `vigie serve` on a database ingested from
// samples/ (with the syndicated Palmyra variants). Bad input must give 400
// or an empty result, never a 500.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "serve/params.h"

extern char** environ;

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
  EXPECT_EQ(P({{"country", "sy"}}).filter.country, "SY");
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

    int out[2];
    ASSERT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> args = {VIGIE_BINARY, "serve", "--db", db_, "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid_, VIGIE_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) << line;
    port_ = std::stoi(m[1]);
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

TEST_F(Api, ServesThePageAndItsVendoredLibraries) {
  httplib::Client client("127.0.0.1", port_);
  for (const char* path : {"/", "/app.js", "/style.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
                           "/vendor/world-atlas/countries-110m.json",
                           "/vendor/topojson-client/topojson-client.min.js"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_GT(res->body.size(), 100u) << path;
  }
  auto res = client.Get("/../CMakeLists.txt");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

}  // namespace
}  // namespace vigie
