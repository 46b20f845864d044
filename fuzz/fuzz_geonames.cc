// Fuzz target: everything that reads GeoNames sources and the compiled
// index. The bytes are read as a gettext .mo catalogue, as a compiled index
// (Gazetteer::FromBytes), as a TopoJSON world atlas (CountryCentroids:
// every centroid a real position), and as a cities500 text with one small
// valid catalogue; an accepted index is looked up once. Each must come back with
// a status, never crash; a refusal must be kBadGazetteer.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "geocode/atlas.h"
#include "geocode/gazetteer.h"

namespace {

void Expect(const vigie::Status& s) {
  VIGIE_FUZZ_CHECK(s.ok() || s.code() == vigie::ErrorCode::kBadGazetteer);
}

// A catalogue naming geonameid 1 "Un" and country XX "Pays".
std::string SmallCatalogue() {
  const char* ids[] = {"1", "XX"};
  const char* texts[] = {"Un", "Pays"};
  std::vector<uint32_t> words = {0x950412de, 0, 2, 28, 44, 0, 0};
  std::string strings;
  const uint32_t base = 28 + 32;
  std::vector<uint32_t> tables;
  for (const char* const* list : {ids, texts})
    for (int i = 0; i < 2; ++i) {
      tables.push_back(static_cast<uint32_t>(std::strlen(list[i])));
      tables.push_back(static_cast<uint32_t>(base + strings.size()));
      strings += std::string(list[i]) + '\0';
    }
  std::string out(reinterpret_cast<const char*>(words.data()), words.size() * 4);
  out.append(reinterpret_cast<const char*>(tables.data()), tables.size() * 4);
  return out + strings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  Expect(vigie::ReadMoCatalogue(bytes, &pairs));
  for (const auto& [id, text] : pairs) {
    VIGIE_FUZZ_CHECK(id.data() >= bytes.data() && id.data() + id.size() <= bytes.data() + size);
    VIGIE_FUZZ_CHECK(text.data() >= bytes.data() && text.data() + text.size() <= bytes.data() + size);
  }

  auto centroids = vigie::CountryCentroids(bytes);
  if (centroids.ok()) {
    for (const auto& [code, c] : *centroids) {
      VIGIE_FUZZ_CHECK(code.size() == 2);
      VIGIE_FUZZ_CHECK(std::abs(c.lat) <= 90 && std::abs(c.lon) <= 180);
    }
  } else {
    Expect(centroids.status());
  }

  auto index = vigie::Gazetteer::FromBytes(std::string(bytes));
  if (index.ok()) (*index)->Find("un");
  else Expect(index.status());

  const std::vector<vigie::GazetteerCatalogue> catalogues = {{"fr", "fr.mo", SmallCatalogue()}};
  auto built = vigie::Gazetteer::BuildFrom(bytes, catalogues, 0);
  if (!built.ok()) {
    Expect(built.status());
    return 0;
  }
  auto g = vigie::Gazetteer::FromBytes(std::move(*built));
  VIGIE_FUZZ_CHECK(g.ok());
  for (const vigie::Posting& p : (*g)->Find("un")) VIGIE_FUZZ_CHECK(p.place < (*g)->place_count());
  return 0;
}
