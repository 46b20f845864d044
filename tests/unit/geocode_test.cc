// Tests of geocoding on sentences written for these tests (real GeoNames
// data: cities500 from npm and Debian's catalogues), and of the gazetteer
// builder, loader and .mo reader on small sources made here.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

#include "geocode/atlas.h"
#include "geocode/gazetteer.h"
#include "geocode/geocode_stage.h"
#include "test_util.h"

namespace vigie {
namespace {

// "text=id" for every place outside the title, id being the GeoNames id of
// a town, or the code of a region ("SY.12") or country ("SY").
std::vector<std::string> Places(const std::string& text, const std::string& lang) {
  Document doc = testing::Process("Titre\n\n" + text, lang);
  std::vector<std::string> out;
  for (const Place& p : doc.places) {
    if (doc.paragraphs[doc.sentences[doc.tokens[p.first_token].sentence].paragraph].kind ==
        ParagraphKind::kTitle)
      continue;
    out.push_back(std::string(doc.Slice(p.span)) + "=" +
                  (p.geonames_id != 0 ? std::to_string(p.geonames_id) : p.code));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(GeocodeFr, TheSameNameDecidedByTheCountriesOfTheArticle) {
  // Tripoli: the Libyan capital, unless the article is about Lebanon.
  EXPECT_EQ(Places("Des combats ont éclaté à Tripoli, dans le nord du Liban.", "fr"),
            (V{"Tripoli=266826", "Liban=LB"}));
  EXPECT_EQ(Places("Le gouvernement libyen siège à Tripoli depuis des années.", "fr"),
            V{"Tripoli=2210247"});
  EXPECT_EQ(Places("Tripoli a été bombardée dans la nuit.", "fr"), V{"Tripoli=2210247"});
  // Palmyre: the French name of Tadmur, and the article is about Syria.
  EXPECT_EQ(Places("L’EI a repris Palmyre, en Syrie.", "fr"), (V{"Palmyre=163808", "Syrie=SY"}));
}

TEST(GeocodeFr, ARegionOrCountryRightAfterTheNameQualifiesIt) {
  EXPECT_EQ(Places("Une tornade a frappé Paris, au Texas, dimanche.", "fr"),
            (V{"Paris=4717560", "Texas=US.TX"}));
  EXPECT_EQ(Places("Des milliers de personnes ont manifesté à Paris samedi.", "fr"),
            V{"Paris=2988507"});
}

TEST(GeocodeFr, PartsRegionsAndArticles) {
  // A direction attached to a town points into it.
  EXPECT_EQ(Places("L’aviation syrienne a frappé Alep-Est toute la nuit.", "fr"),
            V{"Alep-Est=170063"});
  // "province de": the region named after its seat.
  EXPECT_EQ(Places("Les rebelles tiennent la province d’Idleb.", "fr"), V{"Idleb=SY.12"});
  // GeoNames writes "Le Caire": "au Caire" finds it, with or without the article.
  EXPECT_EQ(Places("Le président égyptien est rentré au Caire.", "fr"), V{"Caire=360630"});
  EXPECT_EQ(Places("Le Caire a accueilli le sommet.", "fr"), V{"Le Caire=360630"});
  EXPECT_EQ(Places("Des frappes ont visé Homs et Hama, dans le centre de la Syrie.", "fr"),
            (V{"Homs=169577", "Hama=170017", "Syrie=SY"}));
}

TEST(GeocodeFr, WordsThatAreNotPlaces) {
  // "Selon", "Vers" are villages somewhere, and function words here.
  EXPECT_EQ(Places("Selon Moscou, la réunion a duré deux heures.", "fr"), V{"Moscou=524901"});
  EXPECT_EQ(Places("Vers midi, la police est arrivée sur place.", "fr"), V{});
  // A first name is no town ("Vladimir", Russia).
  EXPECT_EQ(Places("Vladimir Poutine a reçu son homologue hier.", "fr"), V{});
  // "russes" is not "Russie", and lower-case words never match.
  EXPECT_EQ(Places("Les avions russes ont décollé de la base.", "fr"), V{});
  EXPECT_EQ(Places("Le Centre a publié un rapport sur le Littoral.", "fr"), V{});
}

TEST(GeocodeEn, TheSameNameDecidedByTheCountriesOfTheArticle) {
  EXPECT_EQ(Places("Fighting broke out in Tripoli, in northern Lebanon.", "en"),
            (V{"Tripoli=266826", "Lebanon=LB"}));
  EXPECT_EQ(Places("Libyan officials in Tripoli said the talks had failed.", "en"),
            V{"Tripoli=2210247"});
  EXPECT_EQ(Places("Islamic State fighters retook Palmyra after Syrian troops withdrew.", "en"),
            V{"Palmyra=163808"});
  // Without Syria, Palmyra, New York is named with its state.
  EXPECT_EQ(Places("Residents of Palmyra, New York, cleared the snow.", "en"),
            (V{"Palmyra=5130441", "New York=US.NY"}));
}

TEST(GeocodeEn, QualifiersRegionsAndPartsOfTowns) {
  EXPECT_EQ(Places("A tornado hit Paris, Texas, on Sunday.", "en"),
            (V{"Paris=4717560", "Texas=US.TX"}));
  EXPECT_EQ(Places("Police in Paris arrested 20 protesters.", "en"), V{"Paris=2988507"});
  EXPECT_EQ(Places("Gunmen attacked a village in Borno State.", "en"), V{"Borno=NG.27"});
  EXPECT_EQ(Places("Shelling resumed in Deir ez-Zor and Raqqa, Syria.", "en"),
            (V{"Deir ez-Zor=170794", "Raqqa=172955", "Syria=SY"}));
}

TEST(GeocodeEn, AStateAsNewsAbbreviatesItQualifiesTheTown) {
  EXPECT_EQ(Places("A tornado tore through Paris, Tenn., on Sunday night.", "en"),
            (V{"Paris=4647963", "Tenn.=US.TN"}));
  EXPECT_EQ(Places("The mill in Charleston, W.Va., will close.", "en"),
            (V{"Charleston=4801859", "W.Va.=US.WV"}));
  EXPECT_EQ(Places("Flooding cut roads around Kingston, Ont., overnight.", "en"),
            (V{"Kingston=5992500", "Ont.=CA.08"}));
}

TEST(GeocodeEn, ANameQualifiedOnceMeansThatPlaceAtEveryMention) {
  EXPECT_EQ(Places("Residents of Paris, Tenn., lost power on Monday. Paris officials said crews "
                   "would work through the night.",
                   "en"),
            (V{"Paris=4647963", "Tenn.=US.TN", "Paris=4647963"}));
}

TEST(GeocodeEn, ARegionNamesItsCountry) {
  // Birmingham alone is England's; once the story is in Tennessee, in the
  // United States, it is Alabama's.
  EXPECT_EQ(Places("Heavy rain fell on Birmingham overnight.", "en"), V{"Birmingham=2655603"});
  EXPECT_EQ(Places("Heavy rain fell on Tennessee and on Birmingham overnight.", "en"),
            (V{"Tennessee=US.TN", "Birmingham=4049979"}));
}

TEST(GeocodeEn, ACountyIsAPlaceOfItsState) {
  EXPECT_EQ(Places("Deputies arrested two men in Laurel County on Friday.", "en"),
            V{"Laurel County=US.KY.125"});
  // Nineteen states have a Madison County: the one of the state the story
  // names, beside its seat.
  EXPECT_EQ(Places("Madison County commissioners met on Tuesday in Richmond, Kentucky.", "en"),
            (V{"Madison County=US.KY.151", "Richmond=4305974", "Kentucky=US.KY"}));
  EXPECT_EQ(Places("Madison County commissioners met on Tuesday in Huntsville, Alabama.", "en"),
            (V{"Madison County=US.AL.089", "Huntsville=4068590", "Alabama=US.AL"}));
  EXPECT_EQ(Places("Schools in St. Clair County, Michigan, and in Acadia Parish reopened.", "en"),
            (V{"St. Clair County=US.MI.147", "Michigan=US.MI", "Acadia Parish=US.LA.001"}));
}

TEST(GeocodeEn, WordsThatAreNotPlaces) {
  EXPECT_EQ(Places("The report was published in March by the agency.", "en"), V{});
  EXPECT_EQ(Places("Houthi forces fired missiles at ships in the Red Sea.", "en"), V{});
  EXPECT_EQ(Places("Reading the statement, the spokesman said nothing new.", "en"), V{});
  EXPECT_EQ(Places("Editors at the Northern Herald declined to comment.", "en"), V{});
}

// A demonym is an adjective or a people, never a place, though GeoNames
// lists "Israeli" among the names of Israel.
TEST(GeocodeEn, ADemonymIsNoPlace) {
  EXPECT_EQ(Places("Israeli shelling hit the camp on Monday, witnesses said.", "en"), V{});
  EXPECT_EQ(Places("Syrians crossed into Lebanon overnight.", "en"), V{"Lebanon=LB"});
  // Informal names and abbreviations listed beside the adjectives stay places.
  EXPECT_EQ(Places("Flights from the UK to Turkey resumed.", "en"), (V{"UK=GB", "Turkey=TR"}));
  // The gazetteer lacks "U.S.": the country the recognise stage gives.
  EXPECT_EQ(Places("Officials in the U.S. confirmed the case.", "en"), V{"U.S.=US"});
  // A country name that modifies a noun is an adjective too.
  EXPECT_EQ(Places("UK officials met US envoys on Monday.", "en"), V{});
  EXPECT_EQ(Places("US troops left the base, the US said.", "en"), V{"US=US"});
  // Not before a noun of area, which the name locates.
  EXPECT_EQ(Places("Gunmen attacked a village near the Burkina Faso border.", "en"),
            V{"Burkina Faso=BF"});
}

TEST(GeocodeFr, ADemonymIsNoPlace) {
  EXPECT_EQ(Places("Les Syriens ont franchi la frontière du Liban dans la nuit.", "fr"), V{"Liban=LB"});
  EXPECT_EQ(Places("Les Israéliens ont riposté dans la soirée.", "fr"), V{});
}

TEST(GeocodeEn, CountriesByTheirShortNames) {
  // Towns called "Britain" or "US" exist; the country the recognise stage
  // names wins, as do the short names of data/geocode/places.txt.
  EXPECT_EQ(Places("The virus has reached Britain and the Democratic Republic of Congo.", "en"),
            (V{"Britain=GB", "Democratic Republic of Congo=CD"}));
  EXPECT_EQ(Places("Aid flights left the US for Haiti.", "en"), (V{"US=US", "Haiti=HT"}));
}

TEST(GeocodeEn, ARegionUnlessItsTownOrACapitalSharesTheName) {
  // No town of California is called California: the state.
  EXPECT_EQ(Places("Wildfires forced evacuations in California and Nevada.", "en"),
            (V{"California=US.CA", "Nevada=US.NV"}));
  // The capital, not the state of Washington.
  EXPECT_EQ(Places("Thousands marched in Washington against the war.", "en"), V{"Washington=4140963"});
}

TEST(GeocodeEn, ANameThatHoldsACountryIsNotTheCountry) {
  EXPECT_EQ(Places("The outbreak spread from New Mexico to Mexico City.", "en"),
            (V{"New Mexico=US.NM", "Mexico City=3530597"}));
  EXPECT_EQ(Places("Police in Northern Ireland arrested two men.", "en"), V{"Northern Ireland=GB.NIR"});
}

TEST(GeocodeFr, NamesOfPlacesFile) {
  // French transliterations and regions GeoNames writes otherwise.
  EXPECT_EQ(Places("Les paramilitaires ont encerclé El-Facher.", "fr"), V{"El-Facher=379555"});
  EXPECT_EQ(Places("Des drones ont frappé Zaporijia et le Donbass.", "fr"),
            (V{"Zaporijia=687700", "Donbass=UA.05"}));
  EXPECT_EQ(Places("Les combats ont repris au Nord-Kivu et au Sud-Kivu.", "fr"),
            (V{"Nord-Kivu=CD.11", "Sud-Kivu=CD.12"}));
  EXPECT_EQ(Places("Le ministre est arrivé en Grande-Bretagne.", "fr"), V{"Grande-Bretagne=GB"});
}

TEST(GeocodeEn, ACountryAloneIsAtTheCentroidOfItsMainland) {
  // Not on its largest cities: the middle of the contiguous United States,
  // the middle of mainland France.
  Document doc = testing::Process("Titre\n\nThe United States and France signed the accord.", "en");
  std::map<std::string, std::pair<double, double>> at;
  for (const Place& p : doc.places) at[p.code] = {p.lat, p.lon};
  ASSERT_TRUE(at.count("US") && at.count("FR"));
  EXPECT_NEAR(at["US"].first, 39.5, 2);
  EXPECT_NEAR(at["US"].second, -98.5, 3);
  EXPECT_NEAR(at["FR"].first, 46.5, 1);
  EXPECT_NEAR(at["FR"].second, 2.5, 1);
}

// "text=precision" for every place outside the title.
std::vector<std::string> Precisions(const std::string& text, const std::string& lang) {
  Document doc = testing::Process("Titre\n\n" + text, lang);
  std::vector<std::string> out;
  for (const Place& p : doc.places)
    if (doc.paragraphs[doc.sentences[doc.tokens[p.first_token].sentence].paragraph].kind !=
        ParagraphKind::kTitle)
      out.push_back(std::string(doc.Slice(p.span)) + "=" + std::string(PlacePrecisionName(p.precision)));
  return out;
}

// A distance or direction from a town is somewhere near it, not the town.
TEST(GeocodeEn, ATownMeasuredFromIsOnlyNear) {
  EXPECT_EQ(Precisions("Gunmen burned a village 190 km north of the capital Bangui on Sunday.", "en"),
            V{"Bangui=near"});
  EXPECT_EQ(Precisions("Two soldiers were killed outside Kabul overnight.", "en"), V{"Kabul=near"});
  EXPECT_EQ(Precisions("The convoy stopped 30 km from Goma.", "en"), V{"Goma=near"});
  // Inside the town, and the town itself, stay points.
  EXPECT_EQ(Precisions("Fighting spread in the north of Kabul.", "en"), V{"Kabul=point"});
  EXPECT_EQ(Precisions("Two soldiers were killed in Kabul overnight.", "en"), V{"Kabul=point"});
}

TEST(GeocodeFr, ATownMeasuredFromIsOnlyNear) {
  EXPECT_EQ(Precisions("Des hommes armés ont incendié un village à 190 km au nord de Bangui.", "fr"),
            V{"Bangui=near"});
  EXPECT_EQ(Precisions("Deux soldats ont été tués près de Kaboul dans la nuit.", "fr"), V{"Kaboul=near"});
  EXPECT_EQ(Precisions("Le convoi s'est arrêté à l'est de Goma.", "fr"), V{"Goma=near"});
  EXPECT_EQ(Precisions("Les combats ont gagné le nord de Kaboul.", "fr"), V{"Kaboul=point"});
  EXPECT_EQ(Precisions("Deux soldats ont été tués à Kaboul dans la nuit.", "fr"), V{"Kaboul=point"});
}

TEST(GeocodeEvidence, ANearPlaceSaysWhatItIsMeasuredBy) {
  Document doc = testing::Process("Titre\n\nGunmen burned a village 190 km north of Bangui.", "en");
  ASSERT_EQ(doc.places.size(), 1u);
  EXPECT_NE(doc.places[0].evidence.rule.find("\"bangui\" (near it: 190 km north of)"), std::string::npos)
      << doc.places[0].evidence.rule;
  doc = testing::Process("Titre\n\nDes hommes armés ont attaqué un camp à 30 km au sud-est de Goma.", "fr");
  ASSERT_EQ(doc.places.size(), 1u);
  EXPECT_EQ(doc.places[0].precision, PlacePrecision::kNear);
  EXPECT_NE(doc.places[0].evidence.rule.find("(near it: 30 km au sud-est de)"), std::string::npos)
      << doc.places[0].evidence.rule;
}

TEST(GeocodeEvidence, EachPlaceSaysWhyItWon) {
  Document doc = testing::Process("Titre\n\nDes combats ont éclaté à Tripoli, au Liban.", "fr");
  ASSERT_FALSE(doc.places.empty());
  const Place& p = doc.places[0];
  EXPECT_EQ(doc.Slice(p.span), "Tripoli");
  EXPECT_EQ(p.precision, PlacePrecision::kPoint);
  EXPECT_EQ(p.country, "LB");
  EXPECT_GT(p.candidates, 1u);
  EXPECT_NE(p.evidence.rule.find("geonames:266826 \"tripoli\""), std::string::npos)
      << p.evidence.rule;
  EXPECT_NE(p.evidence.rule.find("qualified"), std::string::npos) << p.evidence.rule;
  EXPECT_NE(p.runners_up.find("LY"), std::string::npos) << p.runners_up;
  EXPECT_NEAR(p.lat, 34.43, 0.05);
  EXPECT_NEAR(p.lon, 35.84, 0.05);
}

// The context reasons that compared every name with every other ("region
// ... named", "near ...") now look the regions and cities up in an index
// (issue 17: geocoding was quadratic in the number of names). The evidence
// of each place is the one the all-pairs version gave (written down from
// vigie at f89dd31 on this text), the first near city in text order
// included; since the regions pass 1 chose name their country, Syria is
// named twice (Syrie, and the two governorates in the first sentence).
TEST(GeocodeEvidence, RegionAndNearReasonsAreThoseOfTheAllPairsVersion) {
  Document doc = testing::Process(
      "Titre\n\nLes rebelles tiennent la province d’Idleb et le gouvernorat de Hama. Des frappes ont "
      "touché Idleb, Saraqeb et Ariha, près de Maarat al-Noman. Plus au sud, Hama, Mhardeh et Homs, "
      "en Syrie, ont été bombardées, puis Alep.",
      "fr");
  std::vector<std::string> rules;
  for (const Place& p : doc.places) rules.push_back(p.evidence.rule);
  EXPECT_EQ(rules,
            (V{"geonames:SY.12 \"idleb\" (the region of its seat): alternate name, SY named 2x (in this "
               "sentence), near Sarāqib",
               "geonames:SY.10 \"hama\": fr name, region named as such, SY named 2x (in this sentence)",
               "geonames:169389 \"idleb\": alternate name, SY named 2x, near Sarāqib",
               "geonames:164816 \"saraqeb\": alternate name, SY named 2x, near Idlib",
               "geonames:172994 \"ariha\": GeoNames name, SY named 2x, near Idlib",
               "geonames:170017 \"hama\": fr name, SY named 2x (in this sentence), region Hama "
               "Governorate named, near Idlib",
               "geonames:169577 \"homs\": fr name, SY named 2x (in this sentence), near Idlib, qualified "
               "by the next name",
               "geonames:SY \"syrie\": fr name, SY named 2x (in this sentence), qualifies the previous name",
               "geonames:170063 \"alep\": fr name, SY named 2x (in this sentence), near Idlib"}));
}

// --- The gazetteer on sources made here ------------------------------------

// A gettext .mo catalogue of (msgid, msgstr) pairs, little-endian.
std::string MoCatalogue(const std::vector<std::pair<std::string, std::string>>& entries) {
  const uint32_t n = static_cast<uint32_t>(entries.size());
  std::vector<uint32_t> header = {0x950412de, 0, n, 28, 28 + 8 * n, 0, 0};
  std::string strings;
  std::vector<uint32_t> originals, translations;
  const uint32_t base = 28 + 16 * n;
  for (const auto& [id, text] : entries) {
    originals.insert(originals.end(), {static_cast<uint32_t>(id.size()),
                                       static_cast<uint32_t>(base + strings.size())});
    strings += id + '\0';
  }
  for (const auto& [id, text] : entries) {
    translations.insert(translations.end(), {static_cast<uint32_t>(text.size()),
                                             static_cast<uint32_t>(base + strings.size())});
    strings += text + '\0';
  }
  std::string out;
  for (auto* v : {&header, &originals, &translations})
    out.append(reinterpret_cast<const char*>(v->data()), v->size() * 4);
  return out + strings;
}

class SmallGazetteer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigie-gazetteer-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "locale/fr/LC_MESSAGES");
    std::filesystem::create_directories(dir_ / "locale/en_GB/LC_MESSAGES");
    std::ofstream(dir_ / "cities.txt")
        << "163808\tTadmur\tTadmur\tPalmyra,Tadmor\t34.56\t38.28\tP\tPPL\tSY\t\t11\t\t\t\t51323\t\t400\tAsia/Damascus\t2020-01-01\n"
        << "170654\tDamascus\tDamascus\tDamas,Dimashq\t33.51\t36.29\tP\tPPLC\tSY\t\t13\t\t\t\t1569394\t\t700\tAsia/Damascus\t2020-01-01\n"
        << "360630\tCairo\tCairo\tLe Caire\t30.06\t31.25\tP\tPPLC\tEG\t\t11\t\t\t\t7734614\t\t23\tAfrica/Cairo\t2020-01-01\n";
    std::ofstream(dir_ / "locale/fr/LC_MESSAGES/geonames.mo", std::ios::binary)
        << MoCatalogue({{"163808", "Palmyre"}, {"SY", "Syrie"}, {"SY.13", "Damas"}});
    std::ofstream(dir_ / "locale/en_GB/LC_MESSAGES/geonames.mo", std::ios::binary)
        << MoCatalogue({{"163808", "Palmyra"}, {"SY", "Syria"}, {"99999", "Nowhere"}});
    sources_ = {(dir_ / "cities.txt").string(), (dir_ / "locale").string(), (dir_ / "cache").string()};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  GazetteerSources sources_;
};

TEST_F(SmallGazetteer, NamesFromCitiesAndCataloguesWithTheirLanguages) {
  auto g = Gazetteer::Compile(sources_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto palmyre = (*g)->Find("palmyre");
  ASSERT_EQ(palmyre.size(), 1u);
  EXPECT_EQ((*g)->place(palmyre[0].place).geonames_id, 163808u);
  EXPECT_EQ(palmyre[0].languages, LanguageBit("fr"));
  EXPECT_EQ((*g)->String((*g)->place(palmyre[0].place).name), "Palmyra");  // English name
  // "Palmyra" is an alternate name and the English (en_GB) catalogue's.
  auto palmyra = (*g)->Find("palmyra");
  ASSERT_EQ(palmyra.size(), 1u);
  EXPECT_EQ(palmyra[0].flags, name_flags::kAlternate | name_flags::kLocalised);
  // "caire" only through its article.
  auto caire = (*g)->Find("caire");
  ASSERT_EQ(caire.size(), 1u);
  EXPECT_EQ(caire[0].flags, name_flags::kNoArticle);
  // The region named by the catalogue, and the country; "Damas" names both
  // the capital and its region.
  auto damas = (*g)->Find("damas");
  ASSERT_EQ(damas.size(), 2u);
  uint32_t sy = (*g)->Country("SY");
  ASSERT_NE(sy, Gazetteer::kNoRecord);
  EXPECT_EQ((*g)->place(sy).kind, PlaceKind::kCountry);
  EXPECT_EQ((*g)->Find("syrie").front().place, sy);
  EXPECT_EQ((*g)->Country("EG") != Gazetteer::kNoRecord, true);
  EXPECT_EQ((*g)->Country("FR"), Gazetteer::kNoRecord);
  EXPECT_TRUE((*g)->Find("nowhere").empty());
  EXPECT_TRUE((*g)->Find("pal").empty());
}

TEST_F(SmallGazetteer, OpenWritesTheIndexOnceAndMapsIt) {
  auto first = Gazetteer::Open(sources_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_FALSE((*first)->path().empty());
  EXPECT_TRUE(std::filesystem::exists((*first)->path()));
  auto second = Gazetteer::Open(sources_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->path(), (*first)->path());
  EXPECT_EQ((*second)->Find("tadmur").size(), 1u);
}

TEST_F(SmallGazetteer, ADamagedIndexIsAnErrorNeverACrash) {
  auto bytes = Gazetteer::Build(sources_);
  ASSERT_TRUE(bytes.ok());
  for (size_t cut : {size_t{0}, size_t{10}, bytes->size() / 2, bytes->size() - 1}) {
    auto g = Gazetteer::FromBytes(bytes->substr(0, cut));
    EXPECT_FALSE(g.ok());
  }
  for (size_t at = 0; at < bytes->size(); at += 7) {
    std::string damaged = *bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    auto g = Gazetteer::FromBytes(damaged);
    EXPECT_FALSE(g.ok()) << "byte " << at;
  }
  // Opening a damaged file rebuilds it.
  auto g = Gazetteer::Open(sources_);
  ASSERT_TRUE(g.ok());
  const std::string path = (*g)->path();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "VIGIEGZ";
  auto again = Gazetteer::Open(sources_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->Find("palmyre").size(), 1u);
}

// At start only the header of the cached index is checked (format, sizes,
// sources): an index damaged inside its tables may then be attached, and
// its lookups must stay in bounds (the sanitiser build would catch a read
// outside). --verify (kFull) finds the damage and compiles the file again.
TEST_F(SmallGazetteer, AHeaderCheckedIndexStaysInBoundsAndVerifyRebuildsIt) {
  auto bytes = Gazetteer::Build(sources_);
  ASSERT_TRUE(bytes.ok());
  size_t attached = 0;
  for (size_t at = 0; at < bytes->size(); ++at) {
    std::string damaged = *bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    auto g = Gazetteer::FromBytes(damaged, GazetteerCheck::kHeader);
    if (!g.ok()) continue;
    ++attached;
    for (const char* name : {"palmyre", "palmyra", "tadmur", "damas", "caire", "syrie", "nowhere"})
      for (const Posting& p : (*g)->Find(name)) {
        const PlaceRecord& r = (*g)->place(p.place);
        EXPECT_LE((*g)->String(r.name).size(), damaged.size());
        EXPECT_LE((*g)->String(r.code).size(), damaged.size());
        (*g)->place(r.admin1);
      }
    (*g)->Country("SY");
  }
  EXPECT_GT(attached, bytes->size() / 2);  // the tables are not read at start
  auto g = Gazetteer::Open(sources_);
  ASSERT_TRUE(g.ok());
  const std::string path = (*g)->path();
  g = Status(ErrorCode::kBadGazetteer, "closed");
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(bytes->size() - 3));
    f.put('X');  // in the string pool: "tadmur" no longer found
  }
  auto header_only = Gazetteer::Open(sources_);
  ASSERT_TRUE(header_only.ok());
  EXPECT_TRUE((*header_only)->Find("tadmur").empty());  // the damage, unnoticed at start
  auto verified = Gazetteer::Open(sources_, GazetteerCheck::kFull);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ((*verified)->Find("tadmur").size(), 1u);
  std::ifstream in(path, std::ios::binary);
  std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(now, *bytes);
}

TEST_F(SmallGazetteer, BadSourcesAreNumberedErrors) {
  std::ofstream(dir_ / "cities.txt") << "163808\tTadmur\tTadmur\n";
  auto g = Gazetteer::Compile(sources_);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), ErrorCode::kBadGazetteer);
  EXPECT_NE(g.status().message().find("cities500.txt:1:"), std::string::npos) << g.status().message();
  sources_.cities500 = (dir_ / "missing.txt").string();
  g = Gazetteer::Compile(sources_);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("npm ci"), std::string::npos);
}

// A country of two squares, 10 and 1 degrees wide; "760" is Syria's ISO
// numeric code, "999" no country's.
constexpr char kTwoSquares[] = R"({"type":"Topology",
  "arcs":[[[30,30],[40,30],[40,40],[30,40],[30,30]], [[50,10],[51,10],[51,11],[50,11],[50,10]]],
  "objects":{"countries":{"type":"GeometryCollection","geometries":[
    {"type":"MultiPolygon","id":"760","arcs":[[[1]],[[0]]]},
    {"type":"Polygon","id":"999","arcs":[[0]]},
    {"type":"Polygon","arcs":[[1]]}]}}})";

TEST(WorldAtlas, ACountryIsAtTheCentroidOfItsLargestPolygon) {
  auto c = CountryCentroids(kTwoSquares);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->size(), 1u);  // no id, or an id ICU does not know: skipped
  const LatLon sy = c->at("SY");
  EXPECT_NEAR(sy.lat, 35, 0.3);  // the big square's middle, not the island's pull
  EXPECT_NEAR(sy.lon, 35, 0.3);
  // Reversed arcs (~0) and quantized, delta-encoded positions give the same.
  auto q = CountryCentroids(R"({"transform":{"scale":[0.5,0.5],"translate":[0,0]},
    "arcs":[[[60,60],[0,20],[20,0],[0,-20],[-20,0]]],
    "objects":{"countries":{"geometries":[{"type":"Polygon","id":760,"arcs":[[-1]]}]}}})");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_NEAR(q->at("SY").lat, 35, 0.3);
  EXPECT_NEAR(q->at("SY").lon, 35, 0.3);
}

TEST(WorldAtlas, AMalformedAtlasIsAnError) {
  for (const char* bad : {"", "[]", "{\"arcs\":[]}", "{\"arcs\":[[[1]]],\"objects\":{}}",
                          R"({"arcs":[],"objects":{"countries":{"geometries":[
                              {"type":"Polygon","id":"760","arcs":[[3]]}]}}})",
                          // A position off the globe (this one made the
                          // unwrapping of longitudes loop for ever).
                          R"({"arcs":[[[0,0],[1e300,0],[0,1]]],"objects":{"countries":{
                              "geometries":[{"type":"Polygon","id":"760","arcs":[[0]]}]}}})",
                          R"({"transform":{"scale":[1e308,1],"translate":[0,0]},
                              "arcs":[[[0,0],[9,0],[0,1]]],"objects":{"countries":{
                              "geometries":[{"type":"Polygon","id":"760","arcs":[[0]]}]}}})"}) {
    auto c = CountryCentroids(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), ErrorCode::kBadGazetteer);
  }
}

TEST_F(SmallGazetteer, CountriesFromTheAtlasRegionsFromTheirPlaces) {
  std::ofstream(dir_ / "atlas.json") << kTwoSquares;
  sources_.atlas = (dir_ / "atlas.json").string();
  auto g = Gazetteer::Compile(sources_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const PlaceRecord& sy = (*g)->place((*g)->Country("SY"));
  EXPECT_NEAR(sy.lat, 35, 0.3);
  EXPECT_NEAR(sy.lon, 35, 0.3);
  // Egypt is not in this atlas: the mean of its places (Cairo alone).
  const PlaceRecord& eg = (*g)->place((*g)->Country("EG"));
  EXPECT_NEAR(eg.lat, 30.06, 0.01);
  EXPECT_NEAR(eg.lon, 31.25, 0.01);
  // A missing atlas file is an error that says what to do.
  sources_.atlas = (dir_ / "missing.json").string();
  g = Gazetteer::Compile(sources_);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("npm ci"), std::string::npos);
}

TEST_F(SmallGazetteer, CountiesFromTheirShapesUnderTheirStates) {
  std::ofstream(dir_ / "cities.txt", std::ios::app)
      << "4298960\tLondon\tLondon\t\t37.13\t-84.08\tP\tPPLA2\tUS\t\tKY\t125\t\t\t8000\t\t370\tAmerica/New_York\t2020-01-01\n"
      << "4300000\tCorbin\tCorbin\t\t36.95\t-84.10\tP\tPPL\tUS\t\tKY\t125\t\t\t7000\t\t330\tAmerica/New_York\t2020-01-01\n";
  std::ofstream(dir_ / "locale/en_GB/LC_MESSAGES/geonames.mo", std::ios::binary)
      << MoCatalogue({{"US", "United States"}, {"US.KY", "Kentucky"}});
  // Laurel (a square around 37N 84W), an independent city of Virginia and
  // a county of a state GeoNames does not have here: only Laurel is kept.
  std::ofstream(dir_ / "counties.json") << R"({
    "arcs":[[[-85,36],[-83,36],[-83,38],[-85,38],[-85,36]]],
    "objects":{
      "counties":{"geometries":[
        {"type":"Polygon","id":"21125","properties":{"name":"Laurel"},"arcs":[[0]]},
        {"type":"Polygon","id":"51510","properties":{"name":"Alexandria"},"arcs":[[0]]},
        {"type":"Polygon","id":"22001","properties":{"name":"Acadia"},"arcs":[[0]]}]},
      "states":{"geometries":[
        {"type":"Polygon","id":"21","properties":{"name":"Kentucky"},"arcs":[[0]]},
        {"type":"Polygon","id":"51","properties":{"name":"Virginia"},"arcs":[[0]]},
        {"type":"Polygon","id":"22","properties":{"name":"Louisiana"},"arcs":[[0]]}]}}})";
  sources_.counties = (dir_ / "counties.json").string();
  auto g = Gazetteer::Compile(sources_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto postings = (*g)->Find("laurel county");
  ASSERT_EQ(postings.size(), 1u);
  const PlaceRecord& laurel = (*g)->place(postings[0].place);
  EXPECT_EQ(laurel.kind, PlaceKind::kAdmin2);
  EXPECT_EQ((*g)->String(laurel.code), "US.KY.125");
  EXPECT_EQ((*g)->String(laurel.name), "Laurel County");
  EXPECT_EQ(laurel.population, 15000u);  // its two towns
  EXPECT_NEAR(laurel.lat, 37, 0.05);      // the middle of its shape
  EXPECT_NEAR(laurel.lon, -84, 0.05);
  ASSERT_NE(laurel.admin1, Gazetteer::kNoRecord);
  EXPECT_EQ((*g)->String((*g)->place(laurel.admin1).code), "US.KY");
  EXPECT_TRUE((*g)->Find("alexandria county").empty());
  EXPECT_TRUE((*g)->Find("acadia parish").empty());
  EXPECT_TRUE((*g)->Find("laurel").empty());  // the bare name is no county
  // A county file without states is an error that names what is missing.
  std::ofstream(dir_ / "counties.json") << R"({"arcs":[],"objects":{"counties":{"geometries":[]}}})";
  g = Gazetteer::Compile(sources_);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("states"), std::string::npos);
}

TEST_F(SmallGazetteer, ThePlacesFileAddsNamesOrSaysWhichLineIsWrong) {
  std::ofstream(dir_ / "places.txt") << "# names\n"
                                     << "Tadmor-la-Neuve  fr  SY  town     Tadmur\n"
                                     << "Damas-Province   fr  SY  region   Damas\n"
                                     << "Sham             *   SY  country  Syria\n";
  sources_.places = (dir_ / "places.txt").string();
  auto g = Gazetteer::Compile(sources_);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto town = (*g)->Find("tadmor-la-neuve");
  ASSERT_EQ(town.size(), 1u);
  EXPECT_EQ((*g)->place(town[0].place).geonames_id, 163808u);
  EXPECT_EQ(town[0].languages, LanguageBit("fr"));
  auto region = (*g)->Find("damas-province");
  ASSERT_EQ(region.size(), 1u);
  EXPECT_EQ((*g)->place(region[0].place).kind, PlaceKind::kAdmin1);
  auto country = (*g)->Find("sham");
  ASSERT_EQ(country.size(), 1u);
  EXPECT_EQ(country[0].place, (*g)->Country("SY"));
  for (const auto& [line, says] : std::vector<std::pair<std::string, std::string>>{
           {"Nowhere  fr  SY  town  Atlantis", "places.txt:2: no town of SY"},
           {"Cairo-bis  fr  SY  town  Cairo", "places.txt:2: no town of SY"},  // Cairo is in EG
           {"Damas-bis  xx  SY  town  Damascus", "places.txt:2: lang"},
           {"Damas-bis  fr  Syria  town  Damascus", "places.txt:2: country"},
           {"Damas-bis  fr  SY  city  Damascus", "places.txt:2: kind"},
           {"Damas-bis  fr  SY  town", "places.txt:2: expected"},
           {"Nord  fr  SY  region  Nord", "places.txt:2: no region of SY"}}) {
    std::ofstream(dir_ / "places.txt") << "# names\n" << line << "\n";
    g = Gazetteer::Compile(sources_);
    ASSERT_FALSE(g.ok()) << line;
    EXPECT_EQ(g.status().code(), ErrorCode::kBadGazetteer);
    EXPECT_NE(g.status().message().find(says), std::string::npos) << g.status().message();
  }
}

TEST(MoCatalogue, ReadsBothByteOrdersAndRefusesBadOffsets) {
  std::string mo = MoCatalogue({{"1", "Un"}, {"FR", "France"}});
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  ASSERT_TRUE(ReadMoCatalogue(mo, &pairs).ok());
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[1].first, "FR");
  EXPECT_EQ(pairs[1].second, "France");
  // Big-endian: swap every 32-bit word of the tables.
  std::string big = mo;
  for (size_t i = 0; i < 28 + 16 * 2; i += 4) std::reverse(big.begin() + i, big.begin() + i + 4);
  pairs.clear();
  ASSERT_TRUE(ReadMoCatalogue(big, &pairs).ok());
  EXPECT_EQ(pairs[0].second, "Un");
  // An offset past the end, a truncated header, a wrong magic.
  std::string bad = mo;
  uint32_t far = 1u << 30;
  std::memcpy(bad.data() + 28 + 4, &far, 4);
  EXPECT_FALSE(ReadMoCatalogue(bad, &pairs).ok());
  EXPECT_FALSE(ReadMoCatalogue(mo.substr(0, 10), &pairs).ok());
  EXPECT_FALSE(ReadMoCatalogue("not a catalogue at all", &pairs).ok());
}

TEST(GeocodeCues, BadLinesNameFileAndLine) {
  auto cues = GeocodeCues::Read(DataInMemory({{"geocode/cues.txt", "direction  fr  est\nwhere  fr  x\n"}}));
  ASSERT_FALSE(cues.ok());
  EXPECT_EQ(cues.status().code(), ErrorCode::kBadDataFile);
  EXPECT_NE(cues.status().message().find("geocode/cues.txt:2"), std::string::npos)
      << cues.status().message();
  auto missing = GeocodeCues::Read(DataInMemory({{"geocode/cues.txt", "article  fr\n"}}));
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace vigie
