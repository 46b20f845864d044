#!/usr/bin/env python3
"""A synthetic news feed for measuring ingest and fusion as the database grows.

    bench/make_corpus.py ARTICLES [NGEC_ZIP] > feed.jsonl

Writes ARTICLES JSON lines (id, url, published, lang, title, text) in order of
publication, about 27 a day from 2024-01-01, so that the first N lines are the
database a live feed has after N articles and the next 100 are the next days'
news. Each real-world incident (an event sentence of tests/coding/en.txt put
at a town and a day) is told by one to four articles of different outlets
published zero to two days after it; a fifth of the articles are rewrites of
an earlier one (a paragraph dropped, one added: near duplicates); one
incident in twenty is background dated "last month" (a month-long range).
Background sentences come from NGEC's synthetic stories when their zip is
given (../shared/gold/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip:
33,000 varied sentences, so that unrelated articles share few 5-grams, as
real news do), else from a few built-in ones (then unrelated articles share
far more than real ones). Deterministic for given arguments (seeded). The
texts are fictional.
"""
import csv
import io
import json
import random
import re
import zipfile
import sys
from datetime import date, timedelta

# Event sentences (from tests/coding/en.txt, all coded there), without a
# place or a date of their own: the incident adds both.
EVENTS = [
    "Russian warplanes bombed Islamic State positions",
    "The Syrian army launched an offensive against the rebels",
    "Israeli forces shelled the town",
    "Government forces besieged the city",
    "Al-Shabaab fighters seized the town",
    "Houthi forces took control of the port",
    "Gunmen attacked a UN convoy",
    "Boko Haram abducted twenty schoolgirls",
    "Police killed a protester",
    "Three Nigerian soldiers were killed in an ambush",
    "Police arrested forty protesters",
    "Police dispersed the protesters with tear gas",
    "The rebels withdrew from the city",
    "Hamas released two hostages",
    "The French president met the Egyptian president",
    "France condemned the attack",
    "Militants attacked the village and burned the school",
    "The militiamen massacred dozens of villagers",
    "The Israeli army deployed reinforcements",
    "Security forces cracked down on opposition supporters",
    "Gunmen hijacked a bus",
    "Rebels fired rockets at the airport",
    "The Kenyan president hosted the Somali president",
    "The rebels surrendered to the army",
    "Human Rights Watch denounced the arrests",
]
TOWNS = [
    "Aleppo", "Idlib", "Homs", "Raqqa", "Gao", "Timbuktu", "Mopti", "Kidal", "Maiduguri", "Kano",
    "Mogadishu", "Kismayo", "Baidoa", "Sanaa", "Aden", "Hodeidah", "Taiz", "Marib", "Kharkiv",
    "Donetsk", "Kherson", "Odesa", "Khartoum", "Nyala", "Goma", "Bunia", "Niamey", "Ouagadougou",
    "Djibo", "Tripoli", "Benghazi", "Misrata", "Kabul", "Kandahar", "Mosul", "Baghdad", "Kirkuk",
    "Gaza", "Rafah", "Jenin", "Beirut", "Tyre",
]
OUTLETS = ["northern-herald", "harbour-gazette", "meridian-daily", "evening-courier", "wire-review",
           "coastal-times", "river-post", "plains-observer"]
FILLERS = [
    "Residents said the situation remained tense in the {w} district late into the evening.",
    "A local official, who asked not to be named, said {n} families had left the area since the start of the week.",
    "Aid groups said roads to the {w} market were still closed and that {n} trucks were waiting at the checkpoint.",
    "Witnesses described long queues outside the {w} hospital, where staff worked through the night.",
    "The United Nations has repeatedly called for calm in the region, where {n} people were displaced last year.",
    "Schools in the {w} quarter stayed shut, and shops opened for only a few hours, a shopkeeper said.",
    "Electricity and water supplies were cut in parts of the {w} neighbourhood, according to residents.",
    "Analysts said the events could weigh on talks planned for the coming weeks between the parties.",
]
QUARTERS = ["northern", "southern", "eastern", "western", "old", "central", "riverside", "market"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PER_DAY = 27


def load_fillers(path):
    archive = zipfile.ZipFile(path)
    rows = csv.DictReader(io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8"))
    sentences = [s for r in rows for s in re.split(r"(?<=[.!?])\s+", r["text"].replace("\n", " "))
                 if 40 < len(s) < 300]
    return sorted(set(sentences))


def filler(rng):
    if BACKGROUND:
        return " ".join(rng.choice(BACKGROUND) for _ in range(2))
    return rng.choice(FILLERS).format(w=rng.choice(QUARTERS), n=rng.randint(3, 900))


BACKGROUND = []


def when(day, published, background):
    if background:
        return "last month"
    if day == published:
        return "today" if day.toordinal() % 2 else "on " + WEEKDAYS[day.weekday()]
    if published - day == timedelta(days=1) and day.toordinal() % 3 == 0:
        return "yesterday"
    return "on " + WEEKDAYS[day.weekday()]


def paragraph(rng, incident, published):
    sentence, town, day, background = incident
    lead = f"{sentence} in {town} {when(day, published, background)}."
    if background:
        lead = "Last month, " + lead[0].lower() + lead[1:-len(" last month.")] + "."
    return lead + " " + filler(rng)


def main():
    total = int(sys.argv[1])
    if len(sys.argv) > 2:
        BACKGROUND.extend(load_fillers(sys.argv[2]))
    rng = random.Random(15)
    start = date(2024, 1, 1)
    days = total // PER_DAY + 3
    # Incidents, each to be told by 1-4 articles.
    pending = []  # (publish day, incident)
    for d in range(days):
        day = start + timedelta(days=d)
        for _ in range(PER_DAY // 2):
            incident = (rng.choice(EVENTS), rng.choice(TOWNS), day, rng.random() < 0.05)
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
                pending.append((d + rng.choice([0, 0, 1, 2]), incident))
    by_day = {}
    for d, incident in pending:
        by_day.setdefault(d, []).append(incident)
    written = []  # (published, paragraphs) of earlier articles, for rewrites
    n = 0
    for d in range(days):
        published = start + timedelta(days=d)
        todays = by_day.get(d, [])
        rng.shuffle(todays)
        for k in range(PER_DAY):
            if n >= total:
                return
            recent = [w for w in written[-60:] if (published - w[0]).days <= 1]
            if recent and rng.random() < 0.2:
                # A rewrite of a recent article: a paragraph dropped, one added.
                base_day, base = rng.choice(recent)
                paras = list(base)
                if len(paras) > 2:
                    paras.pop(rng.randrange(1, len(paras)))
                paras.append(filler(rng))
            else:
                incidents = [todays.pop()] if todays else []
                while todays and len(incidents) < 3 and rng.random() < 0.4:
                    incidents.append(todays.pop())
                if not incidents:
                    incidents = [(rng.choice(EVENTS), rng.choice(TOWNS), published, False)]
                paras = [paragraph(rng, i, published) for i in incidents]
                paras.append(filler(rng))
                written.append((published, paras))
            outlet = rng.choice(OUTLETS)
            title = paras[0].split(".")[0]
            record = {"id": f"feed-{n:06d}", "url": f"https://www.{outlet}.example/world/{n}",
                      "published": published.isoformat(), "lang": "en", "title": title,
                      "text": title + "\n\n" + "\n\n".join(paras)}
            print(json.dumps(record, ensure_ascii=False))
            n += 1


if __name__ == "__main__":
    main()
