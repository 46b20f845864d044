// `vigie explain`: every stage's work on one article, readable in a terminal.
#include <iomanip>
#include <sstream>

#include "cli/app.h"

namespace vigie::cli {

namespace {

// Text shortened to n code points, on one line.
std::string Short(std::string_view s, size_t n) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++chars > n) {
      out += "…";
      break;
    }
    out.push_back(c == '\n' || c == '\t' ? ' ' : static_cast<char>(c));
  }
  return out;
}

// Pads a UTF-8 string to a width in code points.
std::string Pad(std::string_view s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  std::string out(s);
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

std::string SpanText(Span s) { return std::to_string(s.begin) + "-" + std::to_string(s.end); }

void WriteField(std::ostream& out, std::string_view name, const Field& f) {
  out << "  " << Pad(name, 10) << (f.value.empty() ? "-" : f.value);
  if (!f.value.empty()) {
    out << "    [" << f.evidence.rule;
    if (!f.evidence.span.empty()) out << " @" << SpanText(f.evidence.span);
    out << "]";
  }
  out << "\n";
}

}  // namespace

void WriteExplain(const Document& doc, std::ostream& out) {
  out << "== " << doc.id << "  (" << FormatName(doc.format) << ", " << doc.raw.size()
      << " raw bytes, " << doc.path;
  if (doc.line > 0) out << " line " << doc.line;
  out << ")\n";
  if (!doc.status.ok()) {
    out << "  ERROR " << doc.status.ToString() << "\n";
    return;
  }
  out << "\n-- extract: metadata\n";
  WriteField(out, "title", doc.title);
  WriteField(out, "byline", doc.byline);
  WriteField(out, "agency", doc.agency);
  WriteField(out, "outlet", doc.outlet);
  out << "  " << Pad("published", 10) << (doc.published.empty() ? "-" : doc.published);
  if (!doc.published.empty())
    out << "   [" << (doc.published_evidence.rule.empty() ? "option:--published" : doc.published_evidence.rule) << "]";
  out << "\n";
  for (const std::string& w : doc.warnings) out << "  warning   " << w << "\n";

  out << "\n-- extract: removed (" << doc.removed.size() << ")\n";
  for (const Removal& r : doc.removed) {
    out << "  " << Pad(r.reason, 19) << Pad("raw " + SpanText(r.raw), 16) << "\""
        << Short(r.text, 60) << "\"  [" << r.rule << "]\n";
  }

  out << "\n-- langid: " << doc.language << "\n";
  out << "\n-- parse: " << doc.words.size() << " words\n";
  for (const Sentence& s : doc.sentences) {
    if (s.word_count == 0) continue;
    out << "  \"" << Short(doc.Slice(s.span), 90) << "\"\n";
    for (uint32_t i = s.first_word; i < s.first_word + s.word_count; ++i) {
      const Word& w = doc.words[i];
      const std::string head =
          w.head < 0 ? "0 root" : std::to_string(w.head - s.first_word + 1) + " " +
                                      std::string(doc.WordForm(doc.words[w.head]));
      out << "    " << std::setw(3) << i - s.first_word + 1 << " " << Pad(Short(doc.WordForm(w), 20), 21)
          << Pad(PosName(w.pos), 6) << Pad(w.head < 0 ? "root" : DepRelName(w.dep), 16) << "<- "
          << Short(head, 30) << "\n";
    }
  }
  out << "\n-- recognise: " << doc.mentions.size() << " actor mentions\n";
  for (const Mention& m : doc.mentions) {
    std::string code = m.kind == MentionKind::kGroup || m.kind == MentionKind::kOrganisation
                           ? m.id
                           : m.country + (m.sector.empty() ? "" : " " + m.sector);
    if (m.kind == MentionKind::kOrganisation) code += " " + m.sector;
    out << "  " << Pad(SpanText(m.span), 11) << Pad(Short(doc.Slice(m.span), 40), 42)
        << Pad(MentionKindName(m.kind), 13) << Pad(code, 14) << "[" << m.evidence.rule << "]\n";
  }
  out << "\n-- geocode: " << doc.places.size() << " places\n";
  for (const Place& p : doc.places) {
    std::string code = p.geonames_id != 0 ? std::to_string(p.geonames_id) : p.code;
    out << "  " << Pad(SpanText(p.span), 11) << Pad(Short(doc.Slice(p.span), 24), 26)
        << Pad(code, 10) << Pad(p.name + ", " + (p.admin1.empty() ? "" : p.admin1 + ", ") + p.country, 34)
        << Pad(PlacePrecisionName(p.precision), 8) << "score " << std::fixed << std::setprecision(1)
        << p.score << std::defaultfloat << "  of " << p.candidates << "\n";
    out << "             why: " << p.evidence.rule << "\n";
    if (!p.runners_up.empty()) out << "             not: " << p.runners_up << "\n";
  }
  out << "\n-- time: " << doc.times.size() << " dates\n";
  for (const TimeExpr& t : doc.times) {
    std::string range = t.earliest == t.latest ? t.earliest : t.earliest + ".." + t.latest;
    out << "  " << Pad(SpanText(t.span), 11) << Pad(Short(doc.Slice(t.span), 40), 42)
        << Pad(TimeKindName(t.kind), 7) << Pad(range, 24) << (t.relative ? "relative " : "absolute ")
        << "[" << t.evidence.rule << "]\n";
  }
  out << "\n-- quantity: " << doc.quantities.size() << " counts\n";
  for (const Quantity& q : doc.quantities) {
    std::ostringstream value;
    if (q.qualifier == Qualifier::kManyUnquantified) value << "-";
    else value << std::setprecision(12) << q.value;
    out << "  " << Pad(SpanText(q.span), 11) << Pad(Short(doc.Slice(q.span), 40), 42)
        << Pad(value.str(), 8) << Pad(QualifierName(q.qualifier), 18)
        << Pad(q.kind.empty() ? "-" : q.kind, 10) << "head " << Pad(doc.Form(doc.tokens[q.head_token]), 14)
        << "[" << q.evidence.rule << "]\n";
  }
  out << "\n-- code: " << doc.events.size() << " events\n";
  for (const Event& e : doc.events) {
    auto actor = [](const EventActor& a) {
      if (a.empty()) return std::string("-");
      if (!a.group.empty()) return a.group;
      return a.country + (a.sector.empty() ? "" : " " + a.sector);
    };
    out << "  " << Pad(e.cameo, 5) << Pad(actor(e.source), 10) << "-> " << Pad(actor(e.target), 10)
        << Pad(e.place >= 0 ? doc.places[e.place].name : "-", 14) << e.earliest << ".." << e.latest
        << "  " << ModalityName(e.modality) << (e.background ? " background" : "") << "\n";
    out << "       trigger  \"" << doc.Slice(e.trigger.span) << "\"  [" << e.trigger.rule << "]\n";
    if (!e.source.empty())
      out << "       source   \"" << e.source.text << "\"  [" << e.source.evidence.rule << "]\n";
    if (!e.target.empty())
      out << "       target   \"" << e.target.text << "\"  [" << e.target.evidence.rule << "]\n";
    if (e.place >= 0)
      out << "       place    \"" << doc.Slice(doc.places[e.place].span) << "\"  [" << e.place_evidence.rule << "]\n";
    out << "       date     [" << e.date_evidence.rule << "]\n";
    if (!e.claimed_by.empty()) out << "       says     \"" << e.claimed_by << "\"  [" << e.speaker_evidence.rule << "]\n";
    for (const Claim& c : e.claims)
      out << "       claim    " << c.quantity << " " << (c.has_value ? std::to_string(static_cast<long long>(c.value)) : "?")
          << " " << QualifierName(c.qualifier) << " (" << (c.claimed_by.empty() ? "-" : c.claimed_by) << ")  \""
          << doc.Slice(c.evidence.span) << "\"\n";
  }
  out << "\n-- hazards (no CAMEO code, not exported as events): " << doc.hazards.size() << "\n";
  for (const Hazard& h : doc.hazards)
    out << "  " << Pad(h.kind, 10) << Pad(ModalityName(h.modality), 13) << "\"" << doc.Slice(h.trigger.span)
        << "\"  sentence " << h.sentence + 1 << "  [" << h.trigger.rule << "]\n";
  out << "\n-- segment + morph: " << doc.paragraphs.size() << " paragraphs, "
      << doc.sentences.size() << " sentences, " << doc.tokens.size() << " tokens\n";
  for (size_t pi = 0; pi < doc.paragraphs.size(); ++pi) {
    const Paragraph& p = doc.paragraphs[pi];
    out << "\n  paragraph " << pi + 1 << "  [" << ParagraphKindName(p.kind) << ", "
        << p.language << "]  " << SpanText(p.span) << "  raw " << SpanText(doc.ToRaw(p.span))
        << "\n";
    for (uint32_t si = p.first_sentence; si < p.first_sentence + p.sentence_count; ++si) {
      const Sentence& s = doc.sentences[si];
      out << "    sentence " << si + 1 << ": " << Short(doc.Slice(s.span), 100) << "\n";
      for (uint32_t ti = s.first_token; ti < s.first_token + s.token_count; ++ti) {
        const Token& t = doc.tokens[ti];
        std::ostringstream pos;
        pos << PosName(t.pos);
        out << "      " << Pad(doc.Form(t), 22) << " " << Pad(doc.Lemma(t), 18) << " "
            << Pad(pos.str(), 6) << " " << Pad(LemmaSourceName(t.lemma_source), 9) << " "
            << Pad(SpanText({t.begin, t.end}), 10);
        if (t.kind == TokenKind::kNumber) out << "  value=" << std::setprecision(12) << t.value;
        if ((t.flags & token_flags::kElided) != 0) out << "  elided";
        out << "\n";
      }
    }
  }
}

}  // namespace vigie::cli
