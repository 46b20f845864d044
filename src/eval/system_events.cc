// The system's side of the comparison: events of a processed Document, or
// event records read back from JSON lines (vigie's or another system's).
#include <algorithm>

#include "base/data_file.h"
#include "code/codebook.h"
#include "eval/gold.h"
#include "eval/json_fields.h"

namespace vigie::eval {

using internal::Json;
using internal::JsonPlace;

std::vector<SystemEvent> SystemEventsOf(const Document& doc) {
  std::vector<SystemEvent> out;
  out.reserve(doc.events.size());
  auto actor = [](const EventActor& a) { return Actor{a.country, a.sector, a.group}; };
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    SystemEvent s;
    s.id = std::to_string(i + 1);
    s.cameo = e.cameo;
    s.plover = e.plover;
    s.acled_type = e.acled_type;
    s.acled_subtype = e.acled_subtype;
    s.confidence = e.confidence;
    s.negated = e.modality == Modality::kNegated;
    s.hypothetical = e.modality == Modality::kHypothetical;
    s.source = actor(e.source);
    s.target = actor(e.target);
    if (e.place >= 0 && static_cast<size_t>(e.place) < doc.places.size()) {
      const Place& p = doc.places[static_cast<size_t>(e.place)];
      s.place.geonames_id = p.geonames_id;
      s.place.has_coords = true;
      s.place.lat = p.lat;
      s.place.lon = p.lon;
      s.place.name = p.name;
    }
    s.earliest = e.earliest;
    s.latest = e.latest;
    if (s.earliest.empty() && e.time >= 0 && static_cast<size_t>(e.time) < doc.times.size()) {
      s.earliest = doc.times[static_cast<size_t>(e.time)].earliest;
      s.latest = doc.times[static_cast<size_t>(e.time)].latest;
    }
    if (s.earliest.empty()) s.earliest = doc.published;
    if (s.latest.empty()) s.latest = s.earliest;
    if (!e.trigger.span.empty() && e.trigger.span.end <= doc.text.size())
      s.trigger = std::string(doc.Slice(e.trigger.span));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<SystemEvent> SystemHazardsOf(const Document& doc) {
  std::vector<SystemEvent> out;
  for (size_t i = 0; i < doc.hazards.size(); ++i) {
    const Hazard& h = doc.hazards[i];
    SystemEvent s;
    s.id = "h" + std::to_string(i + 1);
    s.hazard = h.kind;
    s.negated = h.modality == Modality::kNegated;
    s.hypothetical = h.modality == Modality::kHypothetical;
    if (!h.trigger.span.empty() && h.trigger.span.end <= doc.text.size())
      s.trigger = std::string(doc.Slice(h.trigger.span));
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

// One event record; its article ids go to *articles.
Status ReadEventRecord(const Json& r, const JsonPlace& at, const Codebook* codebook,
                       SystemEvent* out, std::vector<std::string>* articles) {
  if (!r.is_object()) return at.Bad("an event record is an object");
  if (auto id = r.find("id"); id != r.end() && id->is_string()) out->id = id->get<std::string>();
  if (auto ids = r.find("article_ids"); ids != r.end() && !ids->is_null()) {
    if (!ids->is_array()) return at.Field("article_ids").Bad("not an array");
    for (size_t i = 0; i < ids->size(); ++i) {
      if (!(*ids)[i].is_string()) return at.Field("article_ids").Index(i).Bad("not a string");
      articles->push_back((*ids)[i].get<std::string>());
    }
  }
  if (auto c = r.find("cameo"); c != r.end()) {
    Status s = internal::ReadCameo(*c, at.Field("cameo"), &out->cameo);
    if (!s.ok()) return s;
  }
  // A system's PLOVER name is taken as it is when the codebook does not know
  // it (it then matches no gold label); gold names must be known.
  Status s = internal::GetString(r, "plover", at, false, &out->plover);
  if (s.ok() && codebook != nullptr && !out->plover.empty()) {
    std::string canonical = codebook->CanonicalPlover(out->plover);
    if (!canonical.empty()) out->plover = std::move(canonical);
  }
  if (s.ok()) s = internal::ReadActor(r, "source", at, &out->source);
  if (s.ok()) s = internal::ReadActor(r, "target", at, &out->target);
  if (s.ok()) s = internal::ReadPlace(r, at, &out->place);
  if (s.ok()) s = internal::ReadDate(r, at, &out->earliest, &out->latest);
  // "acled": {"event_type", "sub_event_type"}, "modality" and "confidence"
  // give the CASE 2021 label; all optional.
  if (auto a = r.find("acled"); s.ok() && a != r.end() && !a->is_null()) {
    if (!a->is_object()) return at.Field("acled").Bad("not an object or null");
    s = internal::GetString(*a, "event_type", at.Field("acled"), false, &out->acled_type);
    if (s.ok()) s = internal::GetString(*a, "sub_event_type", at.Field("acled"), false, &out->acled_subtype);
  }
  std::string modality;
  if (s.ok()) s = internal::GetString(r, "modality", at, false, &modality);
  out->negated = modality == "negated";
  out->hypothetical = modality == "hypothetical";
  if (auto c = r.find("confidence"); s.ok() && c != r.end() && !c->is_null()) {
    if (!c->is_number()) return at.Field("confidence").Bad("not a number");
    out->confidence = c->get<double>();
  }
  if (!s.ok()) return s;
  if (auto ev = r.find("evidence"); ev != r.end() && ev->is_object()) {
    auto trigger = ev->find("trigger");
    if (trigger != ev->end() && trigger->is_object()) {
      auto text = trigger->find("text");
      if (text != trigger->end() && text->is_string()) out->trigger = text->get<std::string>();
    }
  }
  return Status::Ok();
}

}  // namespace

void ParseEventRecords(const std::string& path, std::string_view content,
                       const Codebook* codebook, SystemEventSet* set) {
  internal::ForEachObjectLine(path, content, [&](const Json& r, const JsonPlace& at, int number) {
    if (r.contains("error")) return;  // an article that failed: no events
    auto events = r.find("events");
    if (events != r.end()) {  // an article with its events
      std::string article;
      Status s = internal::GetString(r, "id", at, true, &article);
      if (s.ok() && !events->is_array()) s = at.Field("events").Bad("not an array");
      if (!s.ok()) {
        set->errors.push_back(std::move(s));
        return;
      }
      std::vector<SystemEvent>& into = set->by_article[article];
      for (size_t i = 0; i < events->size(); ++i) {
        SystemEvent e;
        std::vector<std::string> ignored;
        s = ReadEventRecord((*events)[i], at.Field("events").Index(i), codebook, &e, &ignored);
        if (!s.ok()) {
          set->errors.push_back(std::move(s));
          continue;
        }
        if (e.id.empty()) e.id = std::to_string(i + 1);
        into.push_back(std::move(e));
        ++set->records;
      }
      return;
    }
    SystemEvent e;
    std::vector<std::string> articles;
    Status s = ReadEventRecord(r, at, codebook, &e, &articles);
    if (s.ok() && articles.empty())
      s = at.Error(ErrorCode::kMissingField, "no \"article_ids\": the event belongs to no article");
    if (!s.ok()) {
      set->errors.push_back(std::move(s));
      return;
    }
    if (e.id.empty()) e.id = "line " + std::to_string(number);
    for (const std::string& a : articles) set->by_article[a].push_back(e);
    ++set->records;
  }, &set->errors);
}

void ReadEventRecords(const std::string& path, const Codebook* codebook, SystemEventSet* set) {
  auto content = ReadFile(path);
  if (!content.ok()) {
    set->errors.push_back(content.status());
    return;
  }
  ParseEventRecords(path, *content, codebook, set);
}

}  // namespace vigie::eval
