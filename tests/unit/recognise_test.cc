// Tests of actor recognition on sentences written for these tests, and of
// the actor dictionary's validation.
#include <gtest/gtest.h>

#include <set>

#include "recognise/dictionary.h"
#include "test_util.h"

namespace vigie {
namespace {

// "text=kind:code" for every mention, code being "ISO3 SECTOR", a group id
// or an organisation id.
std::vector<std::string> Mentions(const std::string& text, const std::string& lang,
                                  const std::string& published = "") {
  Document doc = testing::Process("Titre\n\n" + text, lang, published);
  std::vector<std::string> out;
  for (const Mention& m : doc.mentions) {
    if (doc.paragraphs[doc.sentences[doc.tokens[m.first_token].sentence].paragraph].kind ==
        ParagraphKind::kTitle)
      continue;
    std::string code;
    switch (m.kind) {
      case MentionKind::kGroup:
      case MentionKind::kOrganisation: code = m.id; break;
      case MentionKind::kState: code = m.country; break;
      case MentionKind::kSector: code = "? " + m.sector; break;
      case MentionKind::kActor: code = m.country + " " + m.sector; break;
    }
    out.push_back(std::string(doc.Slice(m.span)) + "=" + std::string(MentionKindName(m.kind)) +
                  ":" + code);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(RecogniseFr, SectorAndCountryMakeOneActor) {
  EXPECT_EQ(Mentions("L’aviation russe a bombardé la ville.", "fr"),
            V{"aviation russe=actor:RUS MIL"});
  EXPECT_EQ(Mentions("Des troupes du gouvernement syrien sont entrées dans la ville.", "fr"),
            V{"troupes du gouvernement syrien=actor:SYR MIL"});
  EXPECT_EQ(Mentions("Les avions-bombardiers russes ont décollé.", "fr"),
            V{"avions-bombardiers russes=actor:RUS MIL"});
  EXPECT_EQ(Mentions("Des soldats maliens ont été tués.", "fr"),
            V{"soldats maliens=actor:MLI MIL"});
}

TEST(RecogniseFr, GroupsByAliasAndWithTheirFighters) {
  EXPECT_EQ(Mentions("Daech a revendiqué l’attaque.", "fr"), V{"Daech=group:ISIL"});
  EXPECT_EQ(Mentions("Les djihadistes de l’EI se sont retirés.", "fr"),
            V{"djihadistes de l’EI=group:ISIL"});
  EXPECT_EQ(Mentions("Le groupe État islamique a perdu la ville.", "fr"),
            V{"groupe État islamique=group:ISIL"});
  EXPECT_EQ(Mentions("Les shebab ont attaqué une base.", "fr"), V{"shebab=group:AL_SHABAAB"});
}

TEST(RecogniseFr, StatesAndOrganisations) {
  EXPECT_EQ(Mentions("La Syrie et la Russie ont signé.", "fr"),
            (V{"Syrie=state:SYR", "Russie=state:RUS"}));
  EXPECT_EQ(Mentions("Selon l’Observatoire syrien des droits de l’Homme, le bilan monte.", "fr"),
            V{"Observatoire syrien des droits de l’Homme=organisation:SOHR"});
  EXPECT_EQ(Mentions("L’OSDH a publié un bilan.", "fr"), V{"OSDH=organisation:SOHR"});
}

TEST(RecogniseFr, NoMatchInsideWordsOrOnCommonText) {
  EXPECT_EQ(Mentions("Le chat dort sur le canapé du salon.", "fr"), V{});
  // "ei" in lower case is not the acronym of the Islamic State.
  EXPECT_EQ(Mentions("Il dit hei et ei sans raison.", "fr"), V{});
}

TEST(RecogniseEn, CountryFirstActors) {
  EXPECT_EQ(Mentions("Russian warplanes struck the town.", "en"),
            V{"Russian warplanes=actor:RUS MIL"});
  EXPECT_EQ(Mentions("Syrian government forces advanced.", "en"),
            V{"Syrian government forces=actor:SYR MIL"});
  EXPECT_EQ(Mentions("The government of Nigeria denied it.", "en"),
            V{"government of Nigeria=actor:NGA GOV"});
}

TEST(RecogniseEn, GroupsAndAcronyms) {
  EXPECT_EQ(Mentions("Islamic State fighters withdrew.", "en"),
            V{"Islamic State fighters=group:ISIL"});
  EXPECT_EQ(Mentions("The Houthis seized a ship; it is said ISIS agreed.", "en"),
            (V{"Houthis=group:HOUTHIS", "ISIS=group:ISIL"}));
  EXPECT_EQ(Mentions("Boko Haram abducted 30 people.", "en"), V{"Boko Haram=group:BOKO_HARAM"});
}

TEST(RecogniseFr, FeminineAndPluralAdjectives) {
  EXPECT_EQ(Mentions("L’armée malienne et les forces armées burkinabè ont riposté.", "fr"),
            (V{"armée malienne=actor:MLI MIL", "forces armées burkinabè=actor:BFA MIL"}));
  EXPECT_EQ(Mentions("La police nigériane a arrêté les gendarmes tchadiens.", "fr"),
            (V{"police nigériane=actor:NGA COP", "gendarmes tchadiens=actor:TCD COP"}));
  EXPECT_EQ(Mentions("Les Russes et les Syriennes étaient là.", "fr"),
            (V{"Russes=state:RUS", "Syriennes=state:SYR"}));
}

TEST(RecogniseFr, MoreGroupAliases) {
  EXPECT_EQ(Mentions("Le Hezbollah et le Hamas ont salué l’accord.", "fr"),
            (V{"Hezbollah=group:HEZBOLLAH", "Hamas=group:HAMAS"}));
  EXPECT_EQ(Mentions("Les Forces de soutien rapide ont pris El-Facher.", "fr"),
            V{"Forces de soutien rapide=group:RSF_SUDAN"});
  EXPECT_EQ(Mentions("Le M23 avance vers Goma.", "fr"), V{"M23=group:M23"});
}

TEST(RecogniseEn, OrganisationsAndPossessives) {
  EXPECT_EQ(Mentions("Amnesty International and Human Rights Watch condemned it.", "en"),
            (V{"Amnesty International=organisation:AMNESTY", "Human Rights Watch=organisation:HRW"}));
  EXPECT_EQ(Mentions("Russia's defence ministry said so.", "en"),
            V{"Russia's defence ministry=actor:RUS MIL"});
  EXPECT_EQ(Mentions("Al-Shabaab militants attacked a base.", "en"),
            V{"Al-Shabaab militants=group:AL_SHABAAB"});
}

TEST(RecogniseEn, WordsThatAreNotActors) {
  EXPECT_EQ(Mentions("The turkey was served with chad-free ballots.", "en"), V{});
  EXPECT_EQ(Mentions("She is a nice person who said it is fine.", "en"), V{});
}

TEST(RecogniseFr, InstitutionsWithoutCountryBelongToTheStorysCountry) {
  EXPECT_EQ(Mentions("L’armée du régime a repris la ville de Homs, en Syrie. La Syrie reste divisée.",
                     "fr"),
            (V{"armée du régime=actor:SYR MIL", "Syrie=state:SYR", "Syrie=state:SYR"}));
  // Adjectives do not make a story's country: no country named, no guess.
  EXPECT_EQ(Mentions("Le régime a répondu aux frappes russes.", "fr"),
            (V{"régime=sector:? GOV", "russes=state:RUS"}));
}

TEST(RecogniseEn, GovernmentForcesInASudanStory) {
  EXPECT_EQ(Mentions("The army shelled the town, Sudan's government said; officials left.", "en"),
            (V{"army=actor:SDN MIL", "Sudan's government=actor:SDN GOV", "officials=sector:? GOV"}));
}

TEST(RecogniseFr, PeopleAndInstitutionsOfACountry) {
  EXPECT_EQ(Mentions("Le président ivoirien a reçu le Premier ministre sénégalais.", "fr"),
            (V{"président ivoirien=actor:CIV GOV", "Premier ministre sénégalais=actor:SEN GOV"}));
  EXPECT_EQ(Mentions("Des réfugiés soudanais arrivent au Tchad.", "fr"),
            (V{"réfugiés soudanais=actor:SDN REF", "Tchad=state:TCD"}));
  EXPECT_EQ(Mentions("Des manifestants kényans ont bloqué la route.", "fr"),
            V{"manifestants kényans=actor:KEN PRO"});
}

TEST(RecogniseFr, OrganisationsInFrench) {
  EXPECT_EQ(Mentions("L’ONU, l’OTAN et le CICR ont réagi.", "fr"),
            (V{"ONU=organisation:UN", "OTAN=organisation:NATO", "CICR=organisation:ICRC"}));
  EXPECT_EQ(Mentions("Médecins sans frontières a ouvert un hôpital.", "fr"),
            V{"Médecins sans frontières=organisation:MSF"});
}

TEST(RecogniseEn, StatesByNameAndAdjective) {
  EXPECT_EQ(Mentions("Ukrainian drones hit a refinery in Russia.", "en"),
            (V{"Ukrainian drones=actor:UKR MIL", "Russia=state:RUS"}));
  // A country coordinated with an actor of a sector shares its sector.
  EXPECT_EQ(Mentions("Iranian and Israeli officials spoke.", "en"),
            (V{"Iranian=actor:IRN GOV", "Israeli officials=actor:ISR GOV"}));
  EXPECT_EQ(Mentions("Les soldats français et maliens ont patrouillé.", "fr"),
            (V{"soldats français=actor:FRA MIL", "maliens=actor:MLI MIL"}));
  // Not across "and" between two sentences' worth of actors of their own.
  EXPECT_EQ(Mentions("Iran and the Israeli army spoke.", "en"),
            (V{"Iran=state:IRN", "Israeli army=actor:ISR MIL"}));
}

TEST(RecogniseEn, TextThatMustNotMatch) {
  EXPECT_EQ(Mentions("We will jordan the river and china the plates.", "en"), V{});
}

TEST(RecogniseEn, LeadersTakeTheSectorBesideThem) {
  EXPECT_EQ(Mentions("The US leader left, and the rebel leader stayed.", "en"),
            (V{"US leader=actor:USA GOV", "rebel leader=sector:? REB"}));
  EXPECT_EQ(Mentions("The army chief and the UN chief spoke; the leader did not.", "en"),
            (V{"army chief=sector:? MIL", "UN chief=organisation:UN"}));
  EXPECT_EQ(Mentions("UN troops patrolled the town.", "en"), V{"UN troops=organisation:UN"});
  EXPECT_EQ(Mentions("Rwanda's information minister and the Syrian health ministry replied.", "en"),
            (V{"Rwanda's information minister=actor:RWA GOV", "Syrian health ministry=actor:SYR GOV"}));
}

TEST(RecogniseFr, LeadersTakeTheSectorBesideThem) {
  EXPECT_EQ(Mentions("Le chef de l’opposition a rencontré les dirigeants russes.", "fr"),
            (V{"chef de l’opposition=sector:? OPP", "dirigeants russes=actor:RUS GOV"}));
  EXPECT_EQ(Mentions("Le chef de la diplomatie américaine est arrivé.", "fr"),
            V{"chef de la diplomatie américaine=actor:USA GOV"});
  EXPECT_EQ(Mentions("Les casques bleus de l’ONU patrouillent.", "fr"),
            V{"casques bleus de l’ONU=organisation:UN_PEACEKEEPERS"});
}

TEST(RecogniseEn, InstitutionsNamedByTheirSeat) {
  EXPECT_EQ(Mentions("The Kremlin denied it, the Pentagon said, and the White House agreed.", "en"),
            (V{"Kremlin=actor:RUS GOV", "Pentagon=actor:USA MIL", "White House=actor:USA GOV"}));
  EXPECT_EQ(Mentions("L’Elysée et le Quai d’Orsay ont répondu.", "fr"),
            (V{"Elysée=actor:FRA GOV", "Quai d’Orsay=actor:FRA GOV"}));
}

TEST(RecogniseEn, PeopleStandForTheirOfficeOnThePublicationDay) {
  EXPECT_EQ(Mentions("Barack Obama spoke on Tuesday.", "en", "2012-05-01"),
            V{"Barack Obama=actor:USA GOV"});
  // After leaving office: a former official; before it, a citizen.
  EXPECT_EQ(Mentions("Barack Obama spoke on Tuesday.", "en", "2019-05-01"),
            V{"Barack Obama=actor:USA ELI"});
  EXPECT_EQ(Mentions("Barack Obama spoke on Tuesday.", "en", "2004-05-01"),
            V{"Barack Obama=actor:USA "});
  // A title before the name is part of it; the surname alone after it.
  EXPECT_EQ(Mentions("US President Barack Obama arrived. Then Mr Obama spoke.", "en", "2010-01-01"),
            (V{"US President Barack Obama=actor:USA GOV", "Obama=actor:USA GOV"}));
}

// A dictionary of people written for this test.
std::shared_ptr<const ActorDictionary> People(const std::string& text) {
  auto d = ActorDictionary::FromTexts({{"recognise/groups.txt", "MOUVEMENT  XKX  Mouvement des Collines\n"},
                                       {"recognise/people/europe.txt", text}});
  EXPECT_TRUE(d.ok()) << d.status().message();
  return d.ok() ? *d : nullptr;
}

TEST(ActorDictionary, OfficesByDate) {
  auto d = People(
      "DUPONT_JEAN  FRA  GOV  2001-05..2007  Jean Dupont\n"
      "DUPONT_JEAN  FRA  MIL  2010-02-03..2012-02-03  -\n"
      "DUPONT_JEAN  MOUVEMENT  REB  2015..  -\n");
  ASSERT_NE(d, nullptr);
  const ActorEntry* dupont = nullptr;
  for (size_t i = 0; i < d->size(); ++i)
    if (d->entry(i).id == "DUPONT_JEAN") dupont = &d->entry(i);
  ASSERT_NE(dupont, nullptr);
  EXPECT_EQ(dupont->surname, "dupont");
  auto on = [&](const char* day) {
    Office o = OfficeOn(*dupont, day);
    return o.id + " " + o.sector;
  };
  EXPECT_EQ(on("2001-04-30"), "FRA ");
  EXPECT_EQ(on("2001-05-01"), "FRA GOV");
  EXPECT_EQ(on("2007-12-31"), "FRA GOV");
  EXPECT_EQ(on("2009-01-01"), "FRA ELI");
  EXPECT_EQ(on("2011-01-01"), "FRA MIL");
  EXPECT_EQ(on("2020-01-01"), "MOUVEMENT REB");
  EXPECT_EQ(on(""), "MOUVEMENT REB");  // undated: the office that began last
  EXPECT_EQ(OfficeOn(*dupont, "2020-01-01").country, "XKX");
}

TEST(ActorDictionary, BadPeopleLinesNameFileAndLine) {
  auto bad = [](const std::string& text) {
    auto d = ActorDictionary::FromTexts({{"recognise/people/africa.txt", text}});
    return d.ok() ? std::string("ok") : d.status().message();
  };
  EXPECT_EQ(bad("A  FRA  GOV  2001..2002  A B\nB  NOWHERE  GOV  2001..  B C\n"),
            "recognise/people/africa.txt:2: affiliation 'NOWHERE' is neither an ISO3 code nor an id of "
            "groups.txt or organisations.txt");
  EXPECT_EQ(bad("A  FRA  KING  2001..2002  A B\n"), "recognise/people/africa.txt:1: unknown sector 'KING'");
  EXPECT_EQ(bad("A  FRA  GOV  2001-13..2002  A B\n"),
            "recognise/people/africa.txt:1: period must be FROM..TO (YYYY, YYYY-MM or YYYY-MM-DD, either may be "
            "empty) or -: '2001-13..2002'");
  EXPECT_EQ(bad("A  FRA  GOV  2005..2002  A B\n"),
            "recognise/people/africa.txt:1: period must be FROM..TO (YYYY, YYYY-MM or YYYY-MM-DD, either may be "
            "empty) or -: '2005..2002'");
  EXPECT_EQ(bad("A  FRA  GOV  2001..2002  -\n"), "recognise/people/africa.txt:1: names '-' on the first line of 'A'");
  EXPECT_EQ(bad("A  FRA  GOV  2001..2002\n"),
            "recognise/people/africa.txt:1: expected: id  affiliation  sector  period  name|name");
  EXPECT_EQ(bad("A  FRA  GOV  -  A B\nA  FRA  MIL  2003..  -\n"), "ok");
}

TEST(ActorDictionary, BadLinesNameFileAndLine) {
  auto a = ActorDictionary::FromTexts({{"recognise/groups.txt", "ISIL  -  Daesh\nHTS  Syria  HTS\n"}});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "recognise/groups.txt:2: country must be ISO3 or -");
  auto b = ActorDictionary::FromTexts({{"recognise/groups.txt", "X  -  A\nX  -  B\n"}});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(), "recognise/groups.txt:2: id 'X' listed twice");
  auto c = ActorDictionary::FromTexts({{"recognise/sectors.txt", "fr  ARMY  armée\n"}});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "recognise/sectors.txt:1: unknown sector 'ARMY'");
}

TEST(ActorDictionary, CountryNamesComeFromIcu) {
  auto d = ActorDictionary::FromTexts({});
  ASSERT_TRUE(d.ok());
  EXPECT_GT((*d)->size(), 400u);  // about 250 territories, in French and English
}

TEST(RecogniseEn, AmbiguousAcronymsCountOnlyInContext) {
  EXPECT_EQ(Mentions("RSF fighters shelled El Fasher.", "en"), V{"RSF fighters=group:RSF_SUDAN"});
  EXPECT_EQ(Mentions("The RSF issued a statement on press freedom in Paris.", "en"), V{"press=sector:? MED"});
  EXPECT_EQ(Mentions("The UPC attacked Bambari in the Central African Republic.", "en"),
            (V{"UPC=group:UPC_CAR", "Central African Republic=state:CAF"}));
  EXPECT_EQ(Mentions("The AA seized a town in Rakhine state.", "en"), V{"AA=group:ARAKAN_ARMY"});
  EXPECT_EQ(Mentions("The AA said drivers should check their tyres.", "en"), V{});
}

TEST(RecogniseFr, AmbiguousAcronymsCountOnlyInContext) {
  EXPECT_EQ(Mentions("Reporters sans frontières (RSF) a dénoncé l’arrestation au Soudan.", "fr"),
            (V{"Reporters sans frontières=organisation:REPORTERS_WITHOUT_BORDERS", "Soudan=state:SDN"}));
  EXPECT_EQ(Mentions("Les FDS ont repris Raqqa.", "fr"), V{"FDS=group:SDF"});
  EXPECT_EQ(Mentions("Les FDS ont repoussé une attaque près de Djibo.", "fr"), V{});
  EXPECT_EQ(Mentions("Le groupe Zaïre a attaqué un village de Djugu.", "fr"),
            V{"Zaïre=group:ZAIRE_ITURI"});
}

TEST(RecogniseEn, MoreGroups) {
  EXPECT_EQ(Mentions("UN troops clashed with Seleka fighters near Bambari.", "en"),
            (V{"UN troops=organisation:UN", "Seleka fighters=group:SELEKA"}));
  EXPECT_EQ(Mentions("The Badr Organization denied the report.", "en"), V{"Badr Organization=group:BADR"});
  EXPECT_EQ(Mentions("Shining Path remnants ambushed a patrol.", "en"), V{"Shining Path=group:SHINING_PATH"});
  EXPECT_EQ(Mentions("Gran Grif gunmen stormed the town.", "en"), V{"Gran Grif gunmen=group:GRAN_GRIF"});
}

TEST(RecogniseFr, MoreGroups) {
  EXPECT_EQ(Mentions("Al Chabaab a revendiqué l’attentat.", "fr"), V{"Al Chabaab=group:AL_SHABAAB"});
  EXPECT_EQ(Mentions("Le Front de libération islamique moro a signé.", "fr"),
            V{"Front de libération islamique moro=group:MILF"});
  EXPECT_EQ(Mentions("Le Sentier lumineux a tendu une embuscade.", "fr"),
            V{"Sentier lumineux=group:SHINING_PATH"});
}

TEST(ActorDictionary, ContextNames) {
  auto bad = [](const std::string& text) {
    auto d = ActorDictionary::FromTexts({{"recognise/groups.txt", text}});
    return d.ok() ? std::string("ok") : std::string(d.status().message());
  };
  EXPECT_EQ(bad("A  -  Alpha|AL?  context: soudan|darfour*\n"), "ok");
  EXPECT_EQ(bad("A  -  Alpha|AL?\n"),
            "recognise/groups.txt:1: 'AL?' needs a 'context:' column (a name ending in ? counts only in context)");
  EXPECT_EQ(bad("A  -  Alpha  context: soudan\n"),
            "recognise/groups.txt:1: a 'context:' column but no name ending in ? that needs it");
  EXPECT_EQ(bad("A  -  Alpha|AL?  soudan\n"),
            "recognise/groups.txt:1: fourth column must be 'context: word|word', not 'soudan'");
  EXPECT_EQ(bad("A  -  Alpha|AL?  context: |x\n"),
            "recognise/groups.txt:1: empty context word in 'context: |x'");
}

TEST(ActorDictionary, AGroupNameBelongsToOneGroup) {
  auto d = ActorDictionary::FromTexts({{"recognise/groups.txt", "A  -  Alpha|AL\nB  -  Beta|alpha\n"}});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "recognise/groups.txt:2: name 'alpha' is also a name of recognise/groups.txt:1 A");
}

TEST(ActorDictionary, TheGroupsFileHoldsAtLeast400Groups) {
  auto d = ActorDictionary::Load(VIGIE_SOURCE_DATA_DIR);
  ASSERT_TRUE(d.ok()) << d.status().message();
  std::set<std::string> groups;
  for (size_t i = 0; i < (*d)->size(); ++i)
    if ((*d)->entry(static_cast<uint32_t>(i)).kind == MentionKind::kGroup &&
        !(*d)->entry(static_cast<uint32_t>(i)).person())
      groups.insert((*d)->entry(static_cast<uint32_t>(i)).id);
  EXPECT_GE(groups.size(), 400u);
}

}  // namespace
}  // namespace vigie
