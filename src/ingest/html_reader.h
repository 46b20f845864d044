// HTML pages in any encoding -> a Document whose source is the page in
// UTF-8, with a map back to the raw bytes.
//
// The charset is taken, in this order, from a byte-order mark, the HTTP
// Content-Type header (WARC records), a <meta charset> or http-equiv
// declaration in the first 8 KiB, UTF-8 validity, and windows-1252 last.
// A declaration the bytes contradict is not trusted blindly: a page declared
// UTF-8 whose bytes are not is decoded as windows-1252 (or UTF-8 with
// replacement characters when it is mostly UTF-8), a page declared in a
// legacy charset whose bytes are clearly UTF-8 is read as UTF-8; each such
// decision is recorded in the document's warnings. Decoding uses ICU's
// converters with per-character source offsets, so every character of the
// source maps to the exact raw bytes it came from.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "doc/document.h"
#include "ingest/reader.h"

namespace vigie {

// How the charset was chosen.
struct CharsetChoice {
  std::string name;  // as ICU knows it after WHATWG aliasing ("utf-8", "windows-1252", ...)
  std::string rule;  // bom, http, meta, utf8-valid, default
};

// The charset label of an HTTP Content-Type value ("text/html; charset=ISO-8859-1"
// -> "ISO-8859-1"), or empty.
std::string CharsetFromContentType(std::string_view content_type);

// The charset declared by a <meta> in the first 8 KiB, or empty.
std::string CharsetFromMeta(std::string_view bytes);

// BOM > HTTP header > meta > UTF-8 validity > windows-1252.
CharsetChoice SniffCharset(std::string_view bytes, std::string_view content_type);

// Decodes doc->raw into doc->source (UTF-8) and doc->source_map; sets
// doc->charset and adds warnings for contradicted declarations.
// kUndecodableCharset when the declared charset is unknown and the bytes are
// not UTF-8.
Status DecodeHtmlSource(std::string_view content_type, Document* doc);

// Fills doc from the bytes of an HTML page (a file, stdin or a WARC record's
// HTTP body). content_type: the HTTP Content-Type header, if any.
void ParseHtml(std::string bytes, const std::string& path, std::string_view content_type,
               const ReaderOptions& options, Document* doc);

// True when the first non-blank bytes look like HTML ("<" after optional BOM
// and white space).
bool LooksLikeHtml(std::string_view bytes);

}  // namespace vigie
