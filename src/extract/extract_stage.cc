// Cleaning of scraped plain text; see extract_stage.h.
//
// The source is cut into lines. Each non-blank line is tested, in order,
// for a glued section label (stripped), a boilerplate rule (dropped), a
// repeat of the title or byline (dropped), a byline (kept once, parsed) and
// a repeat of an earlier paragraph (dropped). Lines of one block that were
// soft-wrapped are joined back into one paragraph. The kept paragraphs are
// then copied into the clean text, separated by blank lines.
#include "extract/extract_stage.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <ctime>
#include <unordered_set>

#include "base/calendar.h"
#include "base/utf8.h"
#include "doc/text_builder.h"

namespace vigie {

namespace {

struct Line {
  uint32_t begin, end;  // trimmed, in the source
  bool after_blank;     // a blank line (or the start) precedes it
};

std::vector<Line> SplitLines(std::string_view src) {
  std::vector<Line> lines;
  bool after_blank = true;
  size_t pos = 0;
  while (pos < src.size()) {
    size_t nl = src.find('\n', pos);
    if (nl == std::string_view::npos) nl = src.size();
    std::string_view raw = src.substr(pos, nl - pos);
    std::string_view t = utf8::Trim(raw);
    if (t.empty()) {
      after_blank = true;
    } else {
      auto b = static_cast<uint32_t>(t.data() - src.data());
      lines.push_back({b, b + static_cast<uint32_t>(t.size()), after_blank});
      after_blank = false;
    }
    pos = nl + 1;
  }
  return lines;
}

// Case- and accent-insensitive form with runs of white space collapsed, for
// spotting repeats.
std::string Normalise(std::string_view s) {
  std::string folded = utf8::Fold(s);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool EndsSentence(std::string_view s) {
  if (s.empty()) return false;
  size_t p = s.size();
  char32_t c = utf8::Prev(s, &p);
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0xBB ||
         c == '"' || c == 0x201D || c == ':' || c == ')';
}

bool StartsLower(std::string_view s) {
  size_t p = 0;
  return !s.empty() && u_islower(static_cast<UChar32>(utf8::Next(s, &p)));
}

// A plausible headline: short, one line, not a finished sentence.
bool LooksLikeTitle(std::string_view s) {
  return s.size() <= 250 && !(s.back() == '.' && !s.ends_with("..."));
}

}  // namespace

size_t GluedLabelLength(std::string_view line) {
  // A run of capitals (hyphens allowed between them), whose last capital
  // starts a capitalised word: "SYRIE|Syrie", "MOYEN-ORIENT|Le".
  size_t pos = 0, last_upper_at = 0;
  int uppers = 0;
  while (pos < line.size()) {
    size_t at = pos;
    char32_t c = utf8::Next(line, &pos);
    if (u_isupper(static_cast<UChar32>(c))) {
      ++uppers;
      last_upper_at = at;
      continue;
    }
    if (c == '-' && uppers > 0) {
      size_t peek = pos;
      if (peek < line.size() && u_isupper(static_cast<UChar32>(utf8::Next(line, &peek))))
        continue;
    }
    if (uppers >= 4 && u_islower(static_cast<UChar32>(c))) return last_upper_at;
    return 0;
  }
  return 0;
}

Result<std::unique_ptr<Stage>> MakeExtractStage(const Config& config, ResourceCache& cache) {
  auto stage = MakeStageWithKnowledge<ExtractStage, ExtractKnowledge>(config, cache, "extract");
  if (stage.ok()) {
    std::string today = config.today;
    if (today.empty()) {
      const std::time_t now = std::time(nullptr);
      std::tm utc{};
      gmtime_r(&now, &utc);
      today = calendar::FormatIso(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
    }
    static_cast<ExtractStage*>(stage->get())->set_today(std::move(today));
  }
  return stage;
}

void ExtractStage::ReadDateStatements(uint32_t b, std::string_view line,
                                      DateCandidate* best, bool* whole_line) const {
  // Statements one after another ("Publié le ... - Mis à jour le ..."): the
  // line is only dates when they and separators cover it all.
  *whole_line = false;
  size_t pos = 0;
  bool only_dates = true;
  BylineMatch m;
  int found = 0;
  while (pos < line.size() && knowledge_->MatchDateStatement(line, pos, &m)) {
    for (size_t i = pos; i < m.begin; ++i)
      if (std::string_view(" \t,;:|-()[]•·").find(line[i]) == std::string_view::npos &&
          static_cast<unsigned char>(line[i]) < 0x80)
        only_dates = false;
    const int rank = m.updated ? 3 : 1;
    if (rank < best->rank) {
      best->rank = rank;
      best->match = m;
      best->span = {b + static_cast<uint32_t>(m.begin), b + static_cast<uint32_t>(m.end)};
    }
    ++found;
    pos = m.end;
  }
  if (found == 0) return;
  for (size_t i = pos; i < line.size(); ++i)
    if (std::string_view(" \t.,;:|-()[]").find(line[i]) == std::string_view::npos) only_dates = false;
  *whole_line = only_dates;
}

void ExtractStage::ApplyDate(Document& doc, const DateCandidate& c, Span clean_span,
                             std::string_view written) const {
  const BylineMatch& m = c.match;
  int year = m.year;
  std::string rule = m.where;
  if (year == 0) {
    // No year written: the latest such day on or before today_.
    auto today = calendar::ParseIso(today_);
    if (!today) return;
    const calendar::Date t = calendar::CivilFromDays(*today);
    year = t.year;
    if (m.month > t.month || (m.month == t.month && m.day > t.day)) --year;
    rule += " (no year written: the latest such day on or before " + today_ + ")";
    doc.warnings.push_back("publication day " + calendar::FormatIso(year, m.month, m.day) + " read from '" +
                           std::string(written) + "', which writes no year: the year is " +
                           "that of the latest such day on or before " + today_ +
                           " (give --published to set it)");
  }
  if (!calendar::IsValid(year, m.month, m.day)) {
    doc.warnings.push_back("ignored the publication date in '" + std::string(written) +
                           "': that day does not exist");
    return;
  }
  doc.published = calendar::FormatIso(year, m.month, m.day);
  doc.published_evidence.span = clean_span;
  doc.published_evidence.rule = rule;
}

Status ExtractStage::Process(Document& doc) {
  if (doc.content == ContentType::kHtml) return ProcessHtml(doc);
  return CleanLines(doc, doc.source, doc.source_map, Hints());
}

Status ExtractStage::ProcessHtml(Document& doc) {
  if (!html_) html_ = std::make_unique<html::Extractor>(knowledge_->html_cues());
  html::Extraction& x = extraction_;
  Status s = html_->Extract(doc.source, doc.url, &x);
  for (const html::DroppedBlock& d : x.dropped) {
    doc.removed.push_back({{doc.source_map.MapBegin(d.source.begin), doc.source_map.MapEnd(d.source.end)},
                           d.text, d.reason, d.rule});
  }
  if (!s.ok()) return s;
  if (doc.published.empty() && !x.published.value.empty()) {
    doc.published = x.published.value;
    doc.published_evidence.rule = x.published.rule;
  }
  if (doc.lang_hint.empty() && !x.lang.value.empty()) doc.lang_hint = x.lang.value;
  if (doc.url.empty() && !x.canonical.value.empty()) doc.url = x.canonical.value;
  const bool html_title = doc.title_hint.empty() && !x.title.value.empty();
  if (html_title) doc.title_hint = x.title.value;
  Hints hints;
  hints.html = true;
  for (const html::OutBlock& b : x.blocks)
    if (b.kind == html::BlockKind::kByline) hints.byline = b.span;
  OffsetMap to_raw = x.map.ComposeWith(doc.source_map);
  s = CleanLines(doc, x.text, to_raw, hints);
  if (!s.ok()) return s;
  if (html_title && !doc.title.value.empty()) doc.title.evidence.rule = x.title.rule;
  if (doc.outlet.value.empty() && !x.outlet.value.empty())
    doc.outlet = {x.outlet.value, {{}, x.outlet.rule}};
  if (doc.agency.value.empty() && !x.author.value.empty() && knowledge_->IsAgency(x.author.value))
    doc.agency = {knowledge_->AgencyId(x.author.value), {{}, x.author.rule}};
  if (doc.byline.value.empty() && !x.author.value.empty())
    doc.byline = {x.author.value, {{}, x.author.rule}};
  return Status::Ok();
}

Status ExtractStage::CleanLines(Document& doc, std::string_view src, const OffsetMap& src_map,
                                const Hints& hints) {
  const std::vector<Line> lines = SplitLines(src);

  auto remove = [&](uint32_t b, uint32_t e, std::string reason, std::string rule) {
    doc.removed.push_back({{src_map.MapBegin(b), src_map.MapEnd(e)},
                           std::string(src.substr(b, e - b)), std::move(reason),
                           std::move(rule)});
  };

  // The header: the lines up to the first long paragraph, included (title,
  // lede, byline).
  size_t header_end = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].end - lines[i].begin >= 200) {
      header_end = i + 1;
      break;
    }
  }

  struct Kept {
    std::vector<Span> pieces;  // source spans, joined with a space
    ParagraphKind kind;
    std::string rule;
  };
  std::vector<Kept> kept;
  std::unordered_set<std::string> seen;
  std::string title_norm = doc.title_hint.empty() ? "" : Normalise(doc.title_hint);
  std::string byline_norm;
  bool title_kept = false;
  size_t byline_index = SIZE_MAX;
  std::vector<std::string> labels;  // section labels already seen, folded
  bool after_read_more_label = false;
  DateCandidate date;

  for (size_t i = 0; i < lines.size(); ++i) {
    uint32_t b = lines[i].begin;
    const uint32_t e = lines[i].end;
    // 1. A section label glued to the first word.
    // It is taken for a label in the header, when it repeats the word it is
    // glued to ("SYRIESyrie"), or when the same label was seen before.
    if (size_t label = GluedLabelLength(src.substr(b, e - b)); label > 0) {
      std::string_view rest = src.substr(b + label, e - b - label);
      std::string lab = utf8::Fold(src.substr(b, label));
      bool echoes = utf8::Fold(rest.substr(0, label)) == lab;
      bool seen_label = std::find(labels.begin(), labels.end(), lab) != labels.end();
      if (i < header_end || echoes || seen_label) {
        remove(b, b + static_cast<uint32_t>(label), "category_label",
               "extract:glued-capitals");
        b += static_cast<uint32_t>(label);
        if (!seen_label) labels.push_back(std::move(lab));
      }
    }
    std::string_view line = src.substr(b, e - b);
    // 1b. A statement of the publication day ("Publié le 31/01/2022 à
    // 21h47"): read near the top; a line that says nothing else is dropped.
    if (i < std::max<size_t>(header_end, 12) && line.size() <= 240) {
      bool whole_line = false;
      ReadDateStatements(b, line, &date, &whole_line);
      if (whole_line) {
        remove(b, e, "date_line", date.rank < 99 ? date.match.where : "extract:date-line");
        continue;
      }
    }
    // 2. Boilerplate. A "read more" label alone on its line ("A lire aussi")
    // takes the headline on the next line with it.
    if (const BoilerplateRule* rule = knowledge_->MatchBoilerplate(line)) {
      remove(b, e, rule->reason, rule->where);
      after_read_more_label = rule->reason == "read_more" && line.size() <= 30;
      continue;
    }
    if (after_read_more_label) {
      after_read_more_label = false;
      if (LooksLikeTitle(line) && line.size() <= 160) {
        remove(b, e, "read_more", "extract:read-more-headline");
        continue;
      }
    }
    // Repeats are found on a folded form of short lines; long paragraphs
    // are compared as they are.
    const std::string norm = line.size() <= 300 ? Normalise(line) : std::string(line);
    // 3. The title, once.
    if (!title_kept && kept.empty() &&
        (title_norm.empty() ? !hints.html && LooksLikeTitle(line) : norm == title_norm)) {
      title_kept = true;
      title_norm = norm;
      doc.title.value = std::string(line);
      doc.title.evidence.rule = doc.title_hint.empty() ? "extract:first-line" : "input:title";
      kept.push_back({{{b, e}}, ParagraphKind::kTitle, doc.title.evidence.rule});
      seen.insert(norm);
      continue;
    }
    if (!title_norm.empty() && norm == title_norm) {
      remove(b, e, "repeated_title", "extract:repeat");
      continue;
    }
    // 4. The byline, once.
    BylineMatch by;
    const bool html_byline = hints.byline.begin <= b && e <= hints.byline.end && !hints.byline.empty();
    if (knowledge_->MatchByline(line, &by) || (html_byline && byline_index == SIZE_MAX)) {
      if (by.where.empty()) by.where = "html:byline-block";
      if (byline_index == SIZE_MAX) {
        byline_index = kept.size();
        byline_norm = norm;
        doc.byline.value = std::string(line);
        doc.byline.evidence.rule = by.where;
        if (!by.agency.empty()) doc.agency = {by.agency, {{}, by.where}};
        if (!by.outlet.empty()) doc.outlet = {by.outlet, {{}, by.where}};
        kept.push_back({{{b, e}}, ParagraphKind::kByline, by.where});
        seen.insert(norm);
        continue;
      }
      if (norm == byline_norm) {
        remove(b, e, "repeated_byline", "extract:repeat");
        continue;
      }
    }
    // 5. A paragraph already kept.
    // (In a page, the structure already says what is furniture: a repeated
    // paragraph there is the article's own, a list or a recipe.)
    if (!hints.html && seen.count(norm) != 0) {
      remove(b, e, "repeated_paragraph", "extract:repeat");
      continue;
    }
    seen.insert(norm);
    // 6. A soft-wrapped continuation of the previous body line.
    if (!lines[i].after_blank && !kept.empty() && kept.back().kind == ParagraphKind::kBody) {
      std::string_view prev = src.substr(kept.back().pieces.back().begin,
                                         kept.back().pieces.back().size());
      if (!EndsSentence(prev) && StartsLower(line)) {
        kept.back().pieces.push_back({b, e});
        continue;
      }
    }
    kept.push_back({{{b, e}}, ParagraphKind::kBody, ""});
  }

  // Lines between the title and the byline are the lede.
  if (byline_index != SIZE_MAX) {
    for (size_t k = 0; k < byline_index; ++k)
      if (kept[k].kind == ParagraphKind::kBody) kept[k].kind = ParagraphKind::kLede;
  }
  bool has_body = false;
  for (const Kept& k : kept) has_body |= k.kind == ParagraphKind::kBody || k.kind == ParagraphKind::kLede;
  if (!has_body && !kept.empty()) {
    // A text of one line is all body, even if it looks like a headline.
    for (Kept& k : kept) {
      if (k.kind == ParagraphKind::kTitle) {
        k.kind = ParagraphKind::kBody;
        has_body = true;
      }
    }
    doc.title = Field();
  }
  if (!has_body) return Status(ErrorCode::kNoMainText, "nothing left after removing boilerplate");

  // Build the clean text.
  TextBuilder builder(src);
  for (const Kept& k : kept) {
    if (builder.size() > 0) builder.Insert("\n\n", k.pieces.front().begin);
    Paragraph p;
    p.kind = k.kind;
    p.span.begin = builder.size();
    for (size_t j = 0; j < k.pieces.size(); ++j) {
      if (j > 0) builder.Insert(" ", k.pieces[j].begin);
      builder.Copy(k.pieces[j].begin, k.pieces[j].end);
    }
    p.span.end = builder.size();
    if (k.kind == ParagraphKind::kTitle) doc.title.evidence.span = p.span;
    if (k.kind == ParagraphKind::kByline) doc.byline.evidence.span = p.span;
    doc.paragraphs.push_back(std::move(p));
  }
  OffsetMap to_source;
  builder.Finish(&doc.text, &to_source);
  doc.text_map = to_source.ComposeWith(src_map);
  if (!doc.title.value.empty()) doc.title.value = std::string(doc.Slice(doc.title.evidence.span));
  if (doc.title.value.empty() && !doc.title_hint.empty())
    doc.title = {doc.title_hint, {{}, "input:title"}};

  // A dateline, "BAMAKO (AFP) -", "LAGOS, Nov 3 (Reuters) -": the agency
  // when the byline named none, and the day.
  int looked = 0;
  bool dateline_read = false;
  for (const Paragraph& p : doc.paragraphs) {
    if ((p.kind != ParagraphKind::kBody && p.kind != ParagraphKind::kLede) || looked++ == 3) continue;
    BylineMatch by;
    // Once the agency is known only a dated dateline matters, and it has a
    // day in digits near its start.
    if (!doc.agency.value.empty() &&
        doc.Slice(p.span).substr(0, 64).find_first_of("0123456789") == std::string_view::npos)
      continue;
    if (!knowledge_->MatchDateline(doc.Slice(p.span), &by)) continue;
    if (doc.agency.value.empty() && !by.agency.empty())
      doc.agency = {by.agency, {{p.span.begin, p.span.begin}, by.where}};
    if (!dateline_read && by.month > 0 && date.rank > 2) {
      dateline_read = true;
      date.rank = 2;
      date.match = by;
      Span clean{p.span.begin + static_cast<uint32_t>(by.begin), p.span.begin + static_cast<uint32_t>(by.end)};
      if (doc.published.empty()) ApplyDate(doc, date, clean, doc.Slice(clean));
      date.rank = 0;  // applied
    }
    if (!doc.agency.value.empty() && dateline_read) break;
  }
  if (doc.published.empty() && date.rank < 99 && date.rank > 0) {
    // The statement's span is in the source: find it in the clean text when
    // its line was kept, else leave the span empty (the rule says where).
    const std::string_view stated = src.substr(date.span.begin, date.span.size());
    size_t at = doc.text.find(stated);
    Span clean = at == std::string::npos ? Span{0, 0}
                                         : Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + stated.size())};
    ApplyDate(doc, date, clean, stated);
  }
  return Status::Ok();
}

}  // namespace vigie
