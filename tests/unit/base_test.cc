// Tests of the base library: UTF-8 helpers, statuses, data-file reading.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/data_file.h"
#include "base/status.h"
#include "base/utf8.h"

namespace vigie {
namespace {

TEST(Utf8, FindInvalidPointsAtTheBadByte) {
  EXPECT_FALSE(utf8::FindInvalid("Palmyre, Alep-Est, « guillemets »").has_value());
  EXPECT_EQ(utf8::FindInvalid("abc\xFF" "def"), 3u);
  EXPECT_EQ(utf8::FindInvalid("ab\xC3"), 2u);                 // truncated sequence
  EXPECT_EQ(utf8::FindInvalid("x\xC0\xAF"), 1u);              // overlong "/"
  EXPECT_EQ(utf8::FindInvalid("\xED\xA0\x80 surrogate"), 0u);  // UTF-16 surrogate
}

TEST(Utf8, ReplaceInvalidPutsOneReplacementPerBadSubpart) {
  EXPECT_EQ(utf8::ReplaceInvalid("d\xC3\xA9j\xC3\xA0 \xEF\xBF\xBD"), "d\xC3\xA9j\xC3\xA0 \xEF\xBF\xBD");
  EXPECT_EQ(utf8::ReplaceInvalid("a\xEE\xFF b"), "a\xEF\xBF\xBD\xEF\xBF\xBD b");
  EXPECT_EQ(utf8::ReplaceInvalid("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(utf8::ReplaceInvalid("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_FALSE(utf8::FindInvalid(utf8::ReplaceInvalid("\xF4\x90\x80\x80\xC0\xAF")).has_value());
}

TEST(Utf8, FoldDropsCaseAndAccents) {
  EXPECT_EQ(utf8::Fold("Ministère de la DÉFENSE"), "ministere de la defense");
  EXPECT_EQ(utf8::Fold("l’Homme"), "l'homme");
  EXPECT_EQ(utf8::Fold("AL-QAÏDA au Maghreb (AQMI), 2016"), "al-qaida au maghreb (aqmi), 2016");
  EXPECT_EQ(utf8::Fold("ÉTAT"), "etat");
  EXPECT_EQ(utf8::Lower("ÉTAT ISLAMIQUE"), "état islamique");
}

TEST(Utf8, FoldAppendKeepsWhatWasThere) {
  std::string out = "Déjà|";
  utf8::FoldAppend("Ministère", &out);
  utf8::FoldAppend("", &out);
  utf8::FoldAppend("|l’ÉTAT", &out);
  EXPECT_EQ(out, "Déjà|ministere|l'etat");
}

TEST(Utf8, TrimKnowsNoBreakSpaces) {
  EXPECT_EQ(utf8::Trim("\xC2\xA0 texte\xE2\x80\xAF\n"), "texte");
  EXPECT_EQ(utf8::Trim(" \t "), "");
}

TEST(Utf8, LooksBinary) {
  EXPECT_TRUE(utf8::LooksBinary(std::string("PK\x03\x04\0\0", 6)));
  EXPECT_FALSE(utf8::LooksBinary("Une ligne.\nUne autre.\r\n"));
  std::string controls(100, 'a');
  for (int i = 0; i < 10; ++i) controls[static_cast<size_t>(i * 10)] = '\x01';
  EXPECT_TRUE(utf8::LooksBinary(controls));
}

TEST(Status, RendersNumberedCodes) {
  Status s(ErrorCode::kInvalidUtf8, "invalid UTF-8 at byte 3");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.CodeString(), "E104");
  EXPECT_EQ(s.ToString(), "E104 invalid_utf8: invalid UTF-8 at byte 3");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(DataFile, SplitsOnTabsAndDoubleSpacesAndSkipsComments) {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> numbers;
  Status s = ReadDataText("t.txt",
                          "# comment\n\nAFP   Agence France-Presse\tAFP|Agence\n"
                          "one two  three # trailing comment\nC#  kept\n",
                          [&](const DataLine& line) {
                            rows.emplace_back(line.fields.begin(), line.fields.end());
                            numbers.push_back(line.number);
                            return Status::Ok();
                          });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"AFP", "Agence France-Presse", "AFP|Agence"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"one two", "three"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"C#", "kept"}));
  EXPECT_EQ(numbers, (std::vector<int>{3, 4, 5}));
}

TEST(DataFile, ErrorsNameFileAndLine) {
  Status s = ReadDataText("lex.txt", "ok  line\nbad\n", [](const DataLine& line) {
    return line.fields.size() == 2 ? Status::Ok() : line.Error("expected two fields");
  });
  EXPECT_EQ(s.code(), ErrorCode::kBadDataFile);
  EXPECT_EQ(s.message(), "lex.txt:2: expected two fields");
  Status bad = ReadDataText("x.txt", "fine\n\xFF\n", [](const DataLine&) { return Status::Ok(); });
  EXPECT_EQ(bad.message(), "x.txt:2: invalid UTF-8");
}

// Issue 17: a NUL byte (valid UTF-8) was taken as part of a field.
TEST(DataFile, NulBytesAreAnErrorAtTheirLine) {
  int visited = 0;
  auto count = [&](const DataLine&) {
    ++visited;
    return Status::Ok();
  };
  Status s = ReadDataText("cues.txt", std::string_view("report  fr  dire\nreport  fr  a\0b\n", 33), count);
  EXPECT_EQ(s.code(), ErrorCode::kBadDataFile);
  EXPECT_EQ(s.message().rfind("cues.txt:2: NUL byte", 0), 0u) << s.message();
  EXPECT_EQ(visited, 0);  // nothing of a bad file is used
  // Through the users: a data folder whose file has a NUL fails with the
  // full path and its line.
  auto dir = std::filesystem::temp_directory_path() / ("vigie-nul-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "code");
  {
    std::ofstream out(dir / "code" / "cues.txt", std::ios::binary);
    out << "# cues\nreport  fr  dire\n\nreport  en  sa" << '\0' << "y\n";
  }
  auto lists = ReadCueLists(DataDirectory(dir.string()), "code/cues.txt", {"report"});
  ASSERT_FALSE(lists.ok());
  EXPECT_EQ(lists.status().message(), (dir / "code/cues.txt").string() +
                                          ":4: NUL byte (a binary file, or text in UTF-16?)");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigie
