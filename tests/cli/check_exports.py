#!/usr/bin/env python3
"""Loads vigie's exports as an analyst's script would (csv and json modules
only) and checks them column by column against the GDELT 2.0 and ACLED
codebooks.

    check_exports.py DIR

DIR holds events.jsonl, gdelt.tsv (with --header), mentions.tsv (with
--header), acled.csv and events.geojson, all exported from one database.
Prints one line per failed check and exits 1 if any failed.
"""
import csv
import datetime
import json
import re
import sys

DIR = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


# The GDELT 2.0 event table, column by column (GDELT-Event_Codebook-V2.0).
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [a + f for a in ("Actor1", "Actor2") for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [g + "_" + f for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]
    + ["DATEADDED", "SOURCEURL"])
assert len(GDELT_COLUMNS) == 61
MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras"]
# ACLED's export columns, in ACLED's order (ACLED codebook, 2023).
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp"]
ACLED_EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                     "Riots", "Strategic developments"}
ACLED_REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
                 "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia",
                 "Europe", "North America", "Central America", "South America", "Caribbean", "Oceania",
                 "Antarctica"}
# FIPS 10-4 and ISO 3166-1 numeric codes of the countries the samples and
# the tests' articles are about, written here from the public lists (not
# read from vigie's table): a country the export names that is missing
# here fails, so the list must grow with the inputs.
FIPS = {"SY": "SY", "NG": "NI", "NE": "NG", "ML": "ML", "YE": "YM", "SO": "SO", "LY": "LY", "FR": "FR",
        "SD": "SU", "TD": "CD", "BF": "UV", "GR": "GR", "RU": "RS", "IL": "IS", "IR": "IR", "LB": "LE",
        "BE": "BE", "LU": "LU", "KE": "KE", "DE": "GM", "GB": "UK", "US": "US", "CD": "CG", "CG": "CF",
        "ES": "SP", "IT": "IT", "TR": "TU", "IQ": "IZ", "EG": "EG", "DZ": "AG", "CM": "CM", "SN": "SG",
        "PS": "WE", "UA": "UP", "AE": "AE", "SA": "SA", "ER": "ER", "DJ": "DJ", "ET": "ET", "BJ": "BN",
        "TG": "TO", "GH": "GH", "CI": "IV", "MR": "MR", "CF": "CT", "SS": "OD", "MA": "MO", "TN": "TS",
        "HT": "HA", "RW": "RW", "OM": "MU", "AO": "AO", "BI": "BY", "UG": "UG", "TZ": "TZ", "JO": "JO",
        "QA": "QA", "KW": "KU", "BH": "BA", "AF": "AF", "PK": "PK", "IN": "IN", "CN": "CH", "AT": "AU",
        "AU": "AS", "CH": "SZ", "NL": "NL", "ZA": "SF", "CY": "CY", "GE": "GG", "AZ": "AJ", "AM": "AM"}
ISO_NUMERIC = {"SY": 760, "NG": 566, "NE": 562, "ML": 466, "YE": 887, "SO": 706, "LY": 434, "FR": 250,
               "SD": 729, "TD": 148, "BF": 854, "GR": 300, "RU": 643, "IL": 376, "LB": 422, "BE": 56,
               "KE": 404, "CD": 180, "DE": 276, "GB": 826, "US": 840, "IQ": 368, "IR": 364, "EG": 818,
               "UA": 804, "PS": 275, "SS": 728, "CF": 140, "CM": 120, "SN": 686, "TR": 792, "RW": 646,
               "CG": 178, "HT": 332, "OM": 512, "AO": 24, "ER": 232, "ET": 231, "DJ": 262, "SA": 682,
               "AE": 784, "IT": 380, "ES": 724, "DZ": 12, "MA": 504, "TN": 788, "BJ": 204, "TG": 768,
               "GH": 288, "CI": 384, "MR": 478, "BI": 108, "UG": 800, "TZ": 834, "JO": 400}
FIPS_VALUES = set(FIPS.values())


def is_date(s, fmt="%Y-%m-%d"):
    try:
        datetime.datetime.strptime(s, fmt)
        return True
    except ValueError:
        return False


def quad_of_root(root):
    r = int(root)
    # CAMEO's quad classes as GDELT and Phoenix group the roots.
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


# --- JSON lines ---------------------------------------------------------------
events = {}
with open(f"{DIR}/events.jsonl", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        r = json.loads(line)
        where = f"events.jsonl:{n}"
        check(type(r["id"]) is int, f"{where}: id is not an integer: {r['id']!r}")
        check(type(r["story_id"]) is int, f"{where}: story_id is not an integer")
        check(r["event_date"] is not None and is_date(r["event_date"]), f"{where}: event_date {r['event_date']!r}")
        check(r["event_date_basis"] in ("event", "published", "ingested"), f"{where}: event_date_basis")
        if r["date"]["earliest"]:
            check(r["event_date"] == r["date"]["earliest"] and r["event_date_basis"] == "event",
                  f"{where}: event_date is not the event's own day")
        check(r["fatalities"] is None or (type(r["fatalities"]) is int and r["fatalities"] >= 0),
              f"{where}: fatalities {r['fatalities']!r}")
        for c in r["claims"]:
            v = c["value"]
            check(v is None or type(v) is int or v != int(v), f"{where}: whole count written as a float: {v!r}")
        for k in ("mentions", "articles", "sources"):
            check(type(r["counts"][k]) is int, f"{where}: counts.{k} not an integer")
        for c in r["contributions"]:
            check(type(c["event_id"]) is int and type(c["article"]) is int, f"{where}: contribution ids")
        events[r["id"]] = r
check(len(events) > 0, "no events in the JSON lines")


def acled_fatalities(r):
    """ACLED's rule, restated: the lowest exact or lower-bound count of dead
    reported for this event; none when only vague counts or when the event
    is background; 0 when no death is reported."""
    if r.get("background"):
        return None
    killed = [c for c in r["claims"] if c["quantity"] == "killed"]
    firm = [c["value"] for c in killed
            if c["value"] is not None and c["qualifier"] not in ("many_unquantified", "up_to")
            and not c["aggregate"]]
    if firm:
        return int(min(firm))
    return None if killed else 0


for i, r in events.items():
    for c in r["claims"]:
        check(type(c.get("aggregate")) is bool, f"event {i}: a claim without its aggregate flag")
for i, r in events.items():
    check(r["fatalities"] == acled_fatalities(r), f"event {i}: fatalities {r['fatalities']} "
          f"against the claims {r['claims']}")

# --- GDELT events -------------------------------------------------------------
with open(f"{DIR}/gdelt.tsv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
check(rows[0] == GDELT_COLUMNS, f"GDELT header: {rows[0]}")
gdelt = {}
block = re.compile(r"^(?:[A-Z]{3})+$")
for n, row in enumerate(rows[1:], 2):
    where = f"gdelt.tsv:{n}"
    if not check(len(row) == 61, f"{where}: {len(row)} columns"):
        continue
    g = dict(zip(GDELT_COLUMNS, row))
    eid = int(g["GLOBALEVENTID"])
    check(eid not in gdelt, f"{where}: GLOBALEVENTID {eid} twice")
    gdelt[eid] = g
    check(re.fullmatch(r"\d{8}", g["SQLDATE"]) and is_date(g["SQLDATE"], "%Y%m%d"), f"{where}: SQLDATE {g['SQLDATE']!r}")
    check(g["MonthYear"] == g["SQLDATE"][:6] and g["Year"] == g["SQLDATE"][:4], f"{where}: MonthYear/Year")
    check(int(g["Year"]) <= float(g["FractionDate"]) < int(g["Year"]) + 1.01, f"{where}: FractionDate")
    for a in ("Actor1", "Actor2"):
        code = g[a + "Code"]
        check(code == "" or block.match(code), f"{where}: {a}Code {code!r} is not CAMEO blocks")
        check(not re.fullmatch(r"[A-Z_]*_[A-Z_]*", code), f"{where}: {a}Code {code!r} is a vigie id")
        check(g[a + "Name"] == g[a + "Name"].upper(), f"{where}: {a}Name {g[a + 'Name']!r} not upper case")
        for k in ("CountryCode", "KnownGroupCode", "Type1Code", "Type2Code", "Type3Code"):
            check(re.fullmatch(r"(|[A-Z]{3})", g[a + k]), f"{where}: {a}{k} {g[a + k]!r}")
        if g[a + "Name"]:
            check(code != "", f"{where}: {a} named but without a code")
    code = g["EventCode"]
    check(re.fullmatch(r"\d{3,4}", code), f"{where}: EventCode {code!r}")
    check(g["EventBaseCode"] == code[:3] and g["EventRootCode"] == code[:2], f"{where}: base/root codes")
    check(g["QuadClass"] == str(quad_of_root(g["EventRootCode"])), f"{where}: QuadClass {g['QuadClass']}")
    check(-10 <= float(g["GoldsteinScale"]) <= 10, f"{where}: GoldsteinScale")
    check(g["IsRootEvent"] in ("0", "1"), f"{where}: IsRootEvent")
    m, s, a_ = int(g["NumMentions"]), int(g["NumSources"]), int(g["NumArticles"])
    check(m >= a_ >= 1 and a_ >= s >= 1, f"{where}: mentions {m} articles {a_} sources {s}")
    float(g["AvgTone"])
    for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        t = g[geo + "_Type"]
        check(t in ("0", "1", "2", "3", "4", "5"), f"{where}: {geo}_Type {t!r}")
        if t == "0":
            check(all(g[geo + "_" + k] == "" for k in ("FullName", "CountryCode", "Lat", "Long")),
                  f"{where}: {geo} without a type but with values")
            continue
        cc = g[geo + "_CountryCode"]
        check(cc in FIPS_VALUES, f"{where}: {geo}_CountryCode {cc!r} is not a FIPS code of the test's list")
        check(g[geo + "_ADM1Code"] == "" or g[geo + "_ADM1Code"].startswith(cc), f"{where}: {geo}_ADM1Code")
        check(g[geo + "_FeatureID"] != "", f"{where}: {geo}_FeatureID empty")
        if g[geo + "_Lat"]:
            check(-90 <= float(g[geo + "_Lat"]) <= 90 and -180 <= float(g[geo + "_Long"]) <= 180, f"{where}: {geo} lat/long")
        if t == "1":
            check(g[geo + "_ADM1Code"] == cc, f"{where}: country-level {geo}_ADM1Code is not the FIPS code")
        if t in ("4", "3"):
            check(re.fullmatch(r"\d+", g[geo + "_FeatureID"]), f"{where}: {geo}_FeatureID of a town")
    check(re.fullmatch(r"\d{14}", g["DATEADDED"]) and is_date(g["DATEADDED"], "%Y%m%d%H%M%S"), f"{where}: DATEADDED")
    check(g["SOURCEURL"] == "" or re.match(r"https?://", g["SOURCEURL"]), f"{where}: SOURCEURL {g['SOURCEURL']!r}")

# GDELT and the JSON lines tell the same events.
check(set(gdelt) == set(events), "GDELT and JSON lines differ in their events")
for i, r in events.items():
    g = gdelt.get(i)
    if g is None:
        continue
    where = f"event {i}"
    check(g["SQLDATE"] == r["event_date"].replace("-", ""), f"{where}: SQLDATE {g['SQLDATE']} vs event_date {r['event_date']}")
    check(g["EventCode"].rstrip("0") == r["cameo"]["code"].rstrip("0") or g["EventCode"] == r["cameo"]["code"] + "0",
          f"{where}: EventCode")
    check(g["IsRootEvent"] == ("1" if r.get("lead") else "0"), f"{where}: IsRootEvent vs lead {r.get('lead')}")
    p = r.get("place")
    if p:
        iso = p["country"]
        check(iso in FIPS, f"{where}: country {iso} has no FIPS code in the test's list")
        if iso in FIPS:
            check(g["ActionGeo_CountryCode"] == FIPS[iso],
                  f"{where}: ActionGeo_CountryCode {g['ActionGeo_CountryCode']} for ISO {iso} (FIPS {FIPS[iso]})")
        check(g["ActionGeo_Type"] == {"point": "4", "near": "4", "admin1": "5", "country": "1"}[p["precision"]] or iso == "US",
              f"{where}: ActionGeo_Type {g['ActionGeo_Type']} for precision {p['precision']}")
        if p["precision"] != "country" and p.get("admin1_code"):
            check(g["ActionGeo_ADM1Code"] == FIPS.get(iso, "?") + p["admin1_code"].split(".")[1],
                  f"{where}: ActionGeo_ADM1Code {g['ActionGeo_ADM1Code']} for {p['admin1_code']}")
    for a, geo in (("source", "Actor1Geo"), ("target", "Actor2Geo")):
        actor = r.get(a) or {}
        if actor.get("country"):
            check(g[geo + "_Type"] == "1", f"{where}: {geo} missing for an actor of {actor['country']}")
        name = actor.get("name") or ""
        check(g[("Actor1" if a == "source" else "Actor2") + "Name"] in (name.upper(), ""),
              f"{where}: {a} name {name!r} not upper-cased as Unicode")

# --- GDELT mentions -----------------------------------------------------------
with open(f"{DIR}/mentions.tsv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
check(rows[0] == MENTION_COLUMNS, f"mentions header: {rows[0]}")
mentioned = {}
for n, row in enumerate(rows[1:], 2):
    where = f"mentions.tsv:{n}"
    if not check(len(row) == 16, f"{where}: {len(row)} columns"):
        continue
    m = dict(zip(MENTION_COLUMNS, row))
    eid = int(m["GLOBALEVENTID"])
    check(eid in gdelt, f"{where}: mention of an unknown event {eid}")
    mentioned[eid] = mentioned.get(eid, 0) + 1
    check(m["EventTimeDate"] == gdelt.get(eid, {}).get("DATEADDED"), f"{where}: EventTimeDate")
    check(re.fullmatch(r"\d{14}", m["MentionTimeDate"]), f"{where}: MentionTimeDate")
    check(m["MentionType"] == "1" and m["MentionIdentifier"] != "", f"{where}: MentionType/Identifier")
    doc_len = int(m["MentionDocLen"])
    for k in ("Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset"):
        check(-1 <= int(m[k]) < doc_len, f"{where}: {k} {m[k]} outside the document ({doc_len})")
    check(int(m["ActionCharOffset"]) >= 0, f"{where}: no action offset")
    check(m["SentenceID"] == "" or int(m["SentenceID"]) >= 1, f"{where}: SentenceID")
    check(0 <= int(m["Confidence"]) <= 100, f"{where}: Confidence")
for eid, g in gdelt.items():
    check(mentioned.get(eid, 0) == int(g["NumMentions"]), f"event {eid}: {mentioned.get(eid, 0)} mention rows "
          f"for NumMentions {g['NumMentions']}")

# --- ACLED ---------------------------------------------------------------------
with open(f"{DIR}/acled.csv", encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    check(reader.fieldnames == ACLED_COLUMNS, f"ACLED header: {reader.fieldnames}")
    acled = list(reader)
check(len(acled) > 0, "no ACLED rows")
ids = set()
numeric = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
           "geo_precision", "fatalities", "timestamp"}
for n, a in enumerate(acled, 2):
    where = f"acled.csv:{n}"
    check(re.fullmatch(r"[A-Z]{3}\d+", a["event_id_cnty"]), f"{where}: event_id_cnty {a['event_id_cnty']!r}")
    check(a["event_id_cnty"] not in ids, f"{where}: event_id_cnty twice")
    ids.add(a["event_id_cnty"])
    check(is_date(a["event_date"]), f"{where}: event_date {a['event_date']!r}")
    check(a["year"] == a["event_date"][:4], f"{where}: year")
    check(a["time_precision"] in ("1", "2", "3"), f"{where}: time_precision {a['time_precision']!r}")
    check(a["event_type"] in ACLED_EVENT_TYPES, f"{where}: event_type {a['event_type']!r}")
    check(a["disorder_type"] in ("Political violence", "Demonstrations", "Strategic developments"),
          f"{where}: disorder_type {a['disorder_type']!r}")
    for k in ("inter1", "inter2"):
        check(a[k] == "" or a[k] in "12345678", f"{where}: {k} {a[k]!r}")
    check(a["inter1"] != "" or a["actor1"] == "", f"{where}: actor1 without inter1")
    i1, i2 = a["inter1"], a["inter2"]
    if i1 and i2:
        check(a["interaction"] == "".join(sorted([i1, i2])), f"{where}: interaction {a['interaction']} of {i1}, {i2}")
    elif i1 or i2:
        check(a["interaction"] == (i1 or i2) + "0", f"{where}: interaction of one actor")
    if a["country"] or "vigie:no_location" not in a["tags"]:
        # Only an event with no place and no actor country has no country.
        check(a["region"] in ACLED_REGIONS, f"{where}: region {a['region']!r}")
        check(a["country"] != "" and a["iso"].isdigit(), f"{where}: country {a['country']!r} iso {a['iso']!r}")
    else:
        check(a["event_id_cnty"].startswith("XXX"), f"{where}: no country, yet {a['event_id_cnty']}")
    check(a["geo_precision"] in ("1", "2", "3") or "vigie:location_country_only" in a["tags"]
          or "vigie:no_location" in a["tags"], f"{where}: geo_precision {a['geo_precision']!r}")
    check(a["fatalities"] == "" or (a["fatalities"].isdigit()), f"{where}: fatalities {a['fatalities']!r}")
    check(a["timestamp"].isdigit(), f"{where}: timestamp")
    for k in numeric:
        if a[k]:
            try:
                float(a[k])  # a guarded number ("'-1.6") would not parse
            except ValueError:
                check(False, f"{where}: {k} {a[k]!r} is not a number")
    for k, v in a.items():
        if k not in numeric and v:
            check(v[0] not in "=+-@\t\r", f"{where}: {k} {v[:20]!r} would run as a spreadsheet formula")
    m = re.search(r"\[vigie (\d+):", a["notes"])
    if check(m is not None, f"{where}: notes do not name the vigie event"):
        r = events[int(m.group(1))]
        check(a["event_date"] == r["event_date"], f"{where}: event_date differs from the JSON lines")
        f_ = acled_fatalities(r)
        check(a["fatalities"] == ("" if f_ is None else str(f_)), f"{where}: fatalities {a['fatalities']!r}, rule gives {f_}")
        p = r.get("place")
        if p:
            check(a["geo_precision"] == {"point": "1", "near": "2", "admin1": "3", "country": ""}[p["precision"]],
                  f"{where}: geo_precision {a['geo_precision']} for {p['precision']}")
            if p["country"] in ISO_NUMERIC:
                check(int(a["iso"]) == ISO_NUMERIC[p["country"]], f"{where}: iso {a['iso']} for {p['country']}")
            check(p["country"] in ISO_NUMERIC, f"{where}: {p['country']} missing from the test's numeric codes")
        if r["date"]["earliest"] and r["date"]["earliest"] == r["date"]["latest"]:
            check(a["time_precision"] == "1", f"{where}: a one-day event with time_precision {a['time_precision']}")
        for c in r["claims"]:
            if c.get("claimed_by"):
                check(c["claimed_by"] in a["notes"], f"{where}: claim by {c['claimed_by']!r} not in the notes")

# --- GeoJSON -------------------------------------------------------------------
with open(f"{DIR}/events.geojson", encoding="utf-8") as f:
    geo = json.load(f)
check(geo["type"] == "FeatureCollection", "GeoJSON type")
located = {i for i, r in events.items() if r.get("place") and r["place"].get("lat") is not None}
check({ft["id"] for ft in geo["features"]} == located, "GeoJSON features are not the located events")
for ft in geo["features"]:
    lon, lat = ft["geometry"]["coordinates"]
    r = events[ft["id"]]
    check(abs(lat - r["place"]["lat"]) < 1e-6 and abs(lon - r["place"]["lon"]) < 1e-6,
          f"feature {ft['id']}: coordinates are not [lon, lat]")

for f_ in failures[:60]:
    print("FAIL:", f_)
if len(failures) > 60:
    print(f"... and {len(failures) - 60} more")
print(f"checked {len(events)} events, {len(acled)} ACLED rows, {len(rows) - 1} mentions: "
      f"{'ok' if not failures else str(len(failures)) + ' failures'}")
sys.exit(1 if failures else 0)
