// Tests of the codebook: the shipped files load and say what the CAMEO,
// PLOVER and ACLED standards say, and every kind of bad line is refused
// with file:line and a reason.
#include <gtest/gtest.h>

#include "code/codebook.h"

namespace vigie {
namespace {

std::shared_ptr<const Codebook> Shipped() {
  static std::shared_ptr<const Codebook> book = [] {
    auto b = Codebook::Load(VIGIE_SOURCE_DATA_DIR);
    if (!b.ok()) {
      ADD_FAILURE() << b.status().ToString();
      return std::shared_ptr<const Codebook>();
    }
    return *b;
  }();
  return book;
}

TEST(Codebook, ShippedFilesLoad) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  EXPECT_EQ(book->Roots().size(), 20u);
  EXPECT_GE(book->entries().size(), 290u);
  EXPECT_EQ(book->plover_types().size(), 16u);
  EXPECT_EQ(book->acled_types().size(), 6u);
  std::vector<std::string> roots;
  for (const CameoEntry* r : book->Roots()) roots.push_back(r->code);
  EXPECT_EQ(roots.front(), "01");
  EXPECT_EQ(roots.back(), "20");
}

TEST(Codebook, AirStrikes) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  const CameoEntry* e = book->Find("195");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->root, "19");
  EXPECT_EQ(e->quad_class, 4);
  EXPECT_DOUBLE_EQ(e->goldstein, -10.0);
  EXPECT_EQ(e->plover, "ASSAULT");
  EXPECT_EQ(e->acled_type, "Explosions/Remote violence");
  EXPECT_EQ(e->acled_subtype, "Air/drone strike");
  EXPECT_EQ(e->where.rfind("code/cameo.txt:", 0), 0u) << e->where;
  EXPECT_EQ(e->mapping_where.rfind("code/mapping.txt:", 0), 0u) << e->mapping_where;
}

TEST(Codebook, TheSeedArticlesCodes) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  const CameoEntry* retreat = book->Find("0874");
  ASSERT_NE(retreat, nullptr);
  EXPECT_EQ(retreat->root, "08");
  EXPECT_EQ(retreat->quad_class, 2);
  EXPECT_DOUBLE_EQ(retreat->goldstein, 10.0);
  EXPECT_EQ(retreat->plover, "RETREAT");
  const CameoEntry* occupy = book->Find("192");
  ASSERT_NE(occupy, nullptr);
  EXPECT_EQ(occupy->plover, "COERCE");
  EXPECT_EQ(occupy->acled_type, "Battles");
  // 193 has no rule of its own: the root's rule applies.
  const CameoEntry* small_arms = book->Find("193");
  ASSERT_NE(small_arms, nullptr);
  EXPECT_EQ(small_arms->plover, "ASSAULT");
  EXPECT_EQ(small_arms->acled_subtype, "Armed clash");
  EXPECT_EQ(book->Find("1"), nullptr);
  EXPECT_EQ(book->Find("21"), nullptr);
  EXPECT_EQ(book->Find("1959"), nullptr);
}

TEST(Codebook, EveryCodeButStatementsHasAPloverType) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  for (const CameoEntry& e : book->entries()) {
    if (e.root == "01") {
      EXPECT_EQ(e.plover, "") << e.code;
    } else {
      EXPECT_NE(e.plover, "") << e.code;
    }
    EXPECT_FALSE(e.label.empty()) << e.code;
    int expected_quad = e.root <= "05" ? 1 : e.root <= "08" ? 2 : e.root <= "13" ? 3 : 4;
    EXPECT_EQ(e.quad_class, expected_quad) << e.code;
    if (!e.acled_subtype.empty()) {
      EXPECT_TRUE(book->IsAcled(e.acled_type, e.acled_subtype));
    }
  }
}

TEST(Codebook, EarlierPloverNames) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  EXPECT_EQ(book->CanonicalPlover("DEMAND"), "REQUEST");
  EXPECT_EQ(book->CanonicalPlover("disapprove"), "ACCUSE");
  EXPECT_EQ(book->CanonicalPlover("FIGHT"), "ASSAULT");
  EXPECT_EQ(book->CanonicalPlover("INVESTIGATE"), "ACCUSE");
  EXPECT_EQ(book->CanonicalPlover("SEIZE"), "COERCE");
  EXPECT_EQ(book->CanonicalPlover("ASSAULT"), "ASSAULT");
  EXPECT_EQ(book->CanonicalPlover("DOCUMENT"), "");
}

TEST(Codebook, FillSetsEverythingFromTheCode) {
  auto book = Shipped();
  ASSERT_TRUE(book);
  Event e;
  e.cameo = "195";
  EXPECT_TRUE(book->Fill(&e));
  EXPECT_EQ(e.quad_class, 4);
  EXPECT_DOUBLE_EQ(e.goldstein, -10.0);
  EXPECT_EQ(e.plover, "ASSAULT");
  EXPECT_EQ(e.acled_type, "Explosions/Remote violence");
  EXPECT_EQ(e.acled_subtype, "Air/drone strike");
  e.cameo = "0874";
  EXPECT_TRUE(book->Fill(&e));
  EXPECT_EQ(e.plover, "RETREAT");
  EXPECT_EQ(e.acled_type, "Strategic developments");
  e.cameo = "999";
  EXPECT_FALSE(book->Fill(&e));
  EXPECT_EQ(e.quad_class, 0);
  EXPECT_EQ(e.plover, "");
  EXPECT_EQ(e.acled_type, "");
}

// A small valid codebook; each test below breaks one file.
const char* kCameo =
    "# code goldstein quad label\n"
    "18  -9.0  4  violence\n"
    "180  -9.0  4  violence, other\n"
    "19  -10  4  force\n"
    "190  -10  4  force, other\n"
    "195  -10  4  air strikes\n"
    "1951  -10  4  precision strikes\n";
const char* kPlover =
    "ASSAULT  FIGHT  violence\n"
    "COERCE  SEIZE  coercion\n";
const char* kAcled =
    "Battles  -  fighting\n"
    "Battles  Armed clash  exchange of fire\n"
    "Explosions/Remote violence  -  from afar\n"
    "Explosions/Remote violence  Air/drone strike  from the air\n";
const char* kMapping =
    "18  ASSAULT  -  -\n"
    "19  ASSAULT  Battles  Armed clash\n"
    "195  ASSAULT  Explosions/Remote violence  Air/drone strike\n";

struct Files {
  std::string cameo = kCameo, plover = kPlover, acled = kAcled, mapping = kMapping;
  Result<std::shared_ptr<const Codebook>> Build() const {
    return Codebook::FromTexts({{"code/cameo.txt", cameo},
                                {"code/plover.txt", plover},
                                {"code/acled.txt", acled},
                                {"code/mapping.txt", mapping}});
  }
};

// The error of a codebook that must be refused.
std::string Refused(const Files& f) {
  auto b = f.Build();
  if (b.ok()) return "accepted";
  EXPECT_EQ(b.status().code(), ErrorCode::kBadDataFile);
  return b.status().message();
}

TEST(CodebookFromTexts, SmallValidBookAndLongestPrefix) {
  Files f;
  auto b = f.Build();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const Codebook& book = **b;
  EXPECT_EQ(book.Roots().size(), 2u);
  EXPECT_EQ(book.Find("1951")->acled_subtype, "Air/drone strike");  // from 195
  EXPECT_EQ(book.Find("190")->acled_subtype, "Armed clash");        // from 19
  EXPECT_EQ(book.Find("180")->acled_type, "");
  EXPECT_EQ(book.Find("1951")->mapping_where, "code/mapping.txt:3");
}

TEST(CodebookFromTexts, CameoErrors) {
  Files f;
  f.cameo = std::string(kCameo) + "21  -10  4  beyond the roots\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: unknown root '21': CAMEO roots are 01 to 20");
  f.cameo = std::string(kCameo) + "196  -11  4  too hostile\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: Goldstein value '-11' is outside -10..10");
  f.cameo = std::string(kCameo) + "196  ten  4  not a number\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: Goldstein value 'ten' is not a number");
  f.cameo = std::string(kCameo) + "196  -1e1  4  not plain\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: Goldstein value '-1e1' is not a number");
  f.cameo = std::string(kCameo) + "196  -9.5  5  no such quad\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: quad class '5' is not 1, 2, 3 or 4");
  f.cameo = std::string(kCameo) + "196  -9.5  3  wrong quad\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: quad class 3 differs from root 19's (4)");
  f.cameo = std::string(kCameo) + "195  -10  4  again\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: code '195' already listed at code/cameo.txt:6");
  f.cameo = std::string(kCameo) + "173  -5  4  root 17 missing\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: root '17' of code '173' is not listed above it");
  f.cameo = std::string(kCameo) + "1961  -10  4  parent 196 missing\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: parent '196' of code '1961' is not listed above it");
  f.cameo = std::string(kCameo) + "19a  -10  4  letters\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: code '19a' is not 2 to 4 digits");
  f.cameo = std::string(kCameo) + "196  -10  4\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt:8: expected: code  goldstein  quad  label");
  f.cameo = "# nothing\n";
  EXPECT_EQ(Refused(f), "code/cameo.txt: no codes");
}

TEST(CodebookFromTexts, PloverAndAcledErrors) {
  Files f;
  f.plover = std::string(kPlover) + "Assault  -  lower case\n";
  EXPECT_EQ(Refused(f), "code/plover.txt:3: PLOVER name 'Assault' is not in capitals");
  f.plover = std::string(kPlover) + "FIGHT  -  an alias again\n";
  EXPECT_EQ(Refused(f), "code/plover.txt:3: PLOVER name 'FIGHT' is listed twice");
  f = Files();
  f.acled = std::string(kAcled) + "Riots  Mob violence  undeclared type\n";
  EXPECT_EQ(Refused(f), "code/acled.txt:5: event type 'Riots' is not declared above (with '-')");
  f.acled = std::string(kAcled) + "Battles  Armed clash  twice\n";
  EXPECT_EQ(Refused(f), "code/acled.txt:5: sub-event type 'Armed clash' is listed twice");
}

TEST(CodebookFromTexts, MappingErrors) {
  Files f;
  f.mapping = std::string(kMapping) + "190  SEIZE  -  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: PLOVER type 'SEIZE' is an earlier name: write COERCE");
  f.mapping = std::string(kMapping) + "190  PUNCH  -  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: unknown PLOVER type 'PUNCH'");
  f.mapping = std::string(kMapping) + "190  ASSAULT  Riots  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: unknown ACLED event type 'Riots'");
  f.mapping = std::string(kMapping) + "190  ASSAULT  Battles  Air/drone strike\n";
  EXPECT_EQ(Refused(f),
            "code/mapping.txt:4: ACLED event type 'Battles' has no sub-event type 'Air/drone strike'");
  f.mapping = std::string(kMapping) + "190  ASSAULT  -  Armed clash\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: an ACLED sub-event type needs its event type");
  f.mapping = std::string(kMapping) + "197  ASSAULT  -  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: CAMEO code '197' is not in code/cameo.txt");
  f.mapping = std::string(kMapping) + "195  ASSAULT  -  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt:4: code '195' already has a rule at code/mapping.txt:3");
  f.mapping = "19  ASSAULT  -  -\n";
  EXPECT_EQ(Refused(f), "code/mapping.txt: root 18 (code/cameo.txt:2) has no rule");
}

TEST(CodebookFromTexts, ErrorsFromADirectoryNameTheFullPath) {
  auto b = Codebook::Load("/nonexistent-vigie-data");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("/nonexistent-vigie-data/code/cameo.txt"), std::string::npos)
      << b.status().message();
}

}  // namespace
}  // namespace vigie
