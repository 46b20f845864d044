// The codebook: every CAMEO event code with its Goldstein value, quad class
// and label, the PLOVER types, the ACLED event and sub-event types, and the
// rules that map a CAMEO code to its PLOVER type and default ACLED type.
//
// It is data (data/code/cameo.txt, plover.txt, acled.txt, mapping.txt),
// checked when loaded: a bad line stops start-up with "file:line: reason".
// Once built a Codebook is immutable and shared between threads. The coding
// stage sets an event's CAMEO code and calls Fill() for the rest.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "doc/document.h"

namespace vigie {

// One CAMEO code and everything the codebook says about it.
struct CameoEntry {
  std::string code;            // "195"; a root is two digits ("19")
  std::string root;            // "19"
  std::string label;           // "air strikes, aerial weapons"
  int quad_class = 0;          // 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
  double goldstein = 0;        // -10 .. +10
  std::string plover;          // "ASSAULT", or "" when PLOVER has no type for it
  std::string acled_type;      // "Explosions/Remote violence", or ""
  std::string acled_subtype;   // "Air/drone strike", or ""
  std::string where;           // "code/cameo.txt:12"
  std::string mapping_where;   // "code/mapping.txt:40", the rule that gave plover/acled
};

struct PloverType {
  std::string name;                  // "REQUEST"
  std::vector<std::string> aliases;  // earlier names: "DEMAND"
  std::string description;
  std::string where;
};

struct AcledType {
  std::string event_type;             // "Battles"
  std::string description;
  std::vector<std::string> subtypes;  // "Armed clash", ...
};

class Codebook {
 public:
  // The four files under data_dir/code/.
  static Result<std::shared_ptr<const Codebook>> Load(const std::string& data_dir);
  // The files as texts, keyed "code/cameo.txt" etc. (tests, fuzzing); a
  // file not given is empty, which fails validation.
  static Result<std::shared_ptr<const Codebook>> FromTexts(
      std::map<std::string, std::string> files);
  static Result<std::shared_ptr<const Codebook>> Build(const DataSource& read);

  // The entry of a code ("195", "0874", or a root "19"), or nullptr.
  const CameoEntry* Find(std::string_view code) const;
  // The 20 roots, in order.
  std::vector<const CameoEntry*> Roots() const;
  // Every code, roots included, in code order.
  const std::vector<CameoEntry>& entries() const { return entries_; }

  const std::vector<PloverType>& plover_types() const { return plover_; }
  // The current name of a PLOVER type given by its name or an earlier one
  // ("DEMAND" -> "REQUEST"), or "" when unknown. Case-insensitive.
  std::string CanonicalPlover(std::string_view name) const;

  const std::vector<AcledType>& acled_types() const { return acled_; }
  // True for a known event type with a known sub-type or an empty one.
  bool IsAcled(std::string_view event_type, std::string_view subtype) const;

  // Fills an event's quad class, Goldstein value, PLOVER type and ACLED
  // types from its CAMEO code (overwriting them). Returns false, and clears
  // those fields, when the code is not in the codebook.
  bool Fill(Event* event) const;

 private:
  Status ReadCameo(const DataSource& read);
  Status ReadPlover(const DataSource& read);
  Status ReadAcled(const DataSource& read);
  Status ReadMapping(const DataSource& read);

  std::vector<CameoEntry> entries_;          // sorted by code
  std::map<std::string, size_t, std::less<>> index_;
  std::vector<PloverType> plover_;
  std::map<std::string, std::string, std::less<>> plover_names_;  // name or alias -> name
  std::vector<AcledType> acled_;
};

}  // namespace vigie
