// Fuzz target: what the exports read from outside vigie's code.
//
// The bytes are tried as (1) a publication date of a JSON line or an RSS
// feed (date_text::ParseMachineDate, WhyNotIsoDate): a day given back must
// exist; (2) each crosswalk file in turn (export/countries.txt,
// cameo_actors.txt, aggregate_cues.txt), the others small valid ones: a
// refusal must be kBadDataFile with a message; (3) a stored fused record (it
// comes from the database, which another program may have written): every
// format must give its fixed number of columns, never crash.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/calendar.h"
#include "base/date_text.h"
#include "export/crosswalk.h"
#include "export/formats.h"
#include "fuzz/fuzz_check.h"

namespace {

constexpr std::string_view kCountries =
    "NG  NI  Western Africa\nNE  NG  Western Africa\nPS  WE  Middle East  admin1:GZ=GZ\nSY  SY  Middle East\n";
constexpr std::string_view kActors = "UN  IGOUNO  UNO  United Nations\n";
constexpr std::string_view kCues = "fr  depuis le début\nen  since the war\n";
constexpr std::string_view kOrganisations = "UN  IGO  -  ONU|UN\n";

vigie::Result<std::shared_ptr<const vigie::exports::Crosswalk>> Load(std::string_view countries,
                                                                     std::string_view actors,
                                                                     std::string_view cues) {
  return vigie::exports::Crosswalk::FromSource(vigie::DataInMemory({{"export/countries.txt", std::string(countries)},
                                                                    {"export/cameo_actors.txt", std::string(actors)},
                                                                    {"export/aggregate_cues.txt", std::string(cues)},
                                                                    {"recognise/organisations.txt", std::string(kOrganisations)},
                                                                    {"recognise/groups.txt", ""},
                                                                    {"code/cameo.txt", "19  -10.0  4  use conventional military force\n"}}));
}

template <typename R>
void Expect(const R& r) {
  if (r.ok()) return;
  VIGIE_FUZZ_CHECK(r.status().code() == vigie::ErrorCode::kBadDataFile);
  VIGIE_FUZZ_CHECK(!r.status().message().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto day = vigie::date_text::ParseMachineDate(input)) VIGIE_FUZZ_CHECK(vigie::calendar::ParseIso(*day));
  const std::string why = vigie::date_text::WhyNotIsoDate(input);
  VIGIE_FUZZ_CHECK(why.empty() == vigie::calendar::ParseIso(input).has_value());

  Expect(Load(input, kActors, kCues));
  Expect(Load(kCountries, input, kCues));
  auto cues = Load(kCountries, kActors, input);
  Expect(cues);
  if (cues.ok()) (void)(*cues)->MarksAggregate("plus de 3 000 morts depuis le début de l'année");

  auto x = Load(kCountries, kActors, kCues);
  VIGIE_FUZZ_CHECK(x.ok());
  auto record = vigie::exports::Json::parse(input, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return 0;  // as `vigie export` skips them
  const std::map<int64_t, vigie::store::ExportArticle> articles = {{1, {1, "a", "h", "", "", "2024-03-04", "", "2024-03-05T10:00:00Z", "", "", "fr", "", "Texte. Depuis le début de l'année, 12 morts."}}};
  const std::map<int64_t, vigie::store::ExportEvent> events;
  vigie::exports::Context ctx;
  ctx.crosswalk = x->get();
  ctx.articles = &articles;
  ctx.events = &events;
  VIGIE_FUZZ_CHECK(vigie::exports::GdeltEventRow(1, record, ctx).size() == 61);
  for (const auto& m : vigie::exports::GdeltMentionRows(1, record, ctx)) VIGIE_FUZZ_CHECK(m.size() == 16);
  const auto acled = vigie::exports::AcledRow(1, record, ctx);
  VIGIE_FUZZ_CHECK(acled.empty() || acled.size() == 31);
  (void)vigie::exports::JsonLine(record, ctx).dump(-1, ' ', false, vigie::exports::Json::error_handler_t::replace);
  (void)vigie::exports::GeoJsonFeature(1, record, ctx);
  if (auto f = vigie::exports::Fatalities(record, vigie::exports::AggregateClaims(record, ctx))) VIGIE_FUZZ_CHECK(*f >= 0);
  return 0;
}
