// The event record of `vigie code` (the contract in DESIGN.md): one JSON
// object per event, every field with its evidence.
#include <cmath>

#include "cli/app.h"

namespace vigie::cli {

namespace {

using Json = nlohmann::ordered_json;

Json EvidenceJson(const Document& doc, const Evidence& e) {
  Json j;
  j["text"] = doc.Slice(e.span);
  AddSpan(j, doc, e.span, e.rule);
  return j;
}

Json ActorJson(const EventActor& a) {
  if (a.empty()) return nullptr;
  return {{"name", a.text}, {"country", OrNull(a.country)}, {"sector", OrNull(a.sector)},
          {"group", OrNull(a.group)}};
}

}  // namespace

std::vector<nlohmann::ordered_json> EventsJson(const Document& doc) {
  std::vector<Json> out;
  if (!doc.status.ok()) {
    out.push_back(ExtractJson(doc));
    return out;
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    Json j;
    j["id"] = doc.id + "#" + std::to_string(i + 1);
    j["article_ids"] = Json::array({doc.id});
    j["cameo"] = {{"code", e.cameo},
                  {"root", e.cameo.substr(0, 2)},
                  {"quad_class", e.quad_class == 0 ? Json(nullptr) : Json(e.quad_class)},
                  {"goldstein", e.quad_class == 0 ? Json(nullptr) : Json(e.goldstein)}};
    j["plover"] = OrNull(e.plover);
    j["acled"] = e.acled_type.empty()
                     ? Json(nullptr)
                     : Json{{"event_type", e.acled_type}, {"sub_event_type", OrNull(e.acled_subtype)}};
    j["source"] = ActorJson(e.source);
    j["target"] = ActorJson(e.target);
    if (e.place >= 0) {
      const Place& p = doc.places[e.place];
      j["place"] = {{"geonames_id", p.geonames_id == 0 ? Json(nullptr) : Json(p.geonames_id)},
                    {"code", OrNull(p.code)},
                    {"name", p.name},
                    {"admin1", OrNull(p.admin1)},
                    {"admin1_code", OrNull(p.admin1_code)},
                    {"country", p.country},
                    {"lat", std::round(p.lat * 1e4) / 1e4},
                    {"lon", std::round(p.lon * 1e4) / 1e4},
                    {"precision", PlacePrecisionName(p.precision)}};
    } else {
      j["place"] = nullptr;
    }
    j["date"] = {{"earliest", OrNull(e.earliest)}, {"latest", OrNull(e.latest)}};
    Json claims = Json::array(), claim_evidence = Json::array();
    for (const Claim& c : e.claims) {
      claims.push_back({{"quantity", c.quantity},
                        {"value", !c.has_value                        ? Json(nullptr)
                                  : c.value == std::floor(c.value) && std::fabs(c.value) < 1e15
                                      ? Json(static_cast<int64_t>(c.value))
                                      : Json(c.value)},
                        {"qualifier", QualifierName(c.qualifier)},
                        {"claimed_by", OrNull(c.claimed_by)}});
      claim_evidence.push_back(EvidenceJson(doc, c.evidence));
    }
    j["claims"] = std::move(claims);
    j["modality"] = ModalityName(e.modality);
    j["claimed_by"] = OrNull(e.claimed_by);
    j["background"] = e.background;
    j["lead"] = InLeadParagraph(doc, e);
    j["sentence"] = e.sentence + 1;  // 1-based, in the article
    j["confidence"] = std::round(e.confidence * 100) / 100;
    Json ev;
    ev["trigger"] = EvidenceJson(doc, e.trigger);
    ev["source"] = e.source.empty() ? Json(nullptr) : EvidenceJson(doc, e.source.evidence);
    ev["target"] = e.target.empty() ? Json(nullptr) : EvidenceJson(doc, e.target.evidence);
    ev["place"] = e.place < 0 ? Json(nullptr) : EvidenceJson(doc, e.place_evidence);
    ev["date"] = EvidenceJson(doc, e.date_evidence);
    ev["claimed_by"] = e.claimed_by.empty() ? Json(nullptr) : EvidenceJson(doc, e.speaker_evidence);
    ev["claims"] = std::move(claim_evidence);
    j["evidence"] = std::move(ev);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace vigie::cli
