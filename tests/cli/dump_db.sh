# Sourced by the CLI tests that compare databases: dump_db FILE prints every
# table vigie writes, in id order, exactly (quoted values: NULL is not ''),
# but for ingested_at, the time of writing.
dump_db() {
  sqlite3 -batch -bail "$1" <<'SQL'
.mode quote
SELECT 'article', id, doc_id, raw_hash, url, path, published, language, title, outlet, agency,
       byline, text, raw_size, hex(minhash), story_id FROM articles ORDER BY id;
SELECT 'actor', * FROM actors ORDER BY id;
SELECT 'place', * FROM places ORDER BY id;
SELECT 'event', * FROM events ORDER BY id;
SELECT 'claim', * FROM claims ORDER BY id;
SELECT 'evidence', * FROM evidence ORDER BY id;
SELECT 'story', * FROM stories ORDER BY id;
SELECT 'member', * FROM story_members ORDER BY story_id, article_id;
SELECT 'fused', * FROM fused_events ORDER BY id;
SELECT 'record', * FROM fused_records ORDER BY id;
SELECT 'fused_member', * FROM fused_members ORDER BY fused_id, event_id;
SELECT 'geo', * FROM fused_geo ORDER BY id;
SELECT 'day', * FROM event_days ORDER BY event_id;
SELECT 'copy', * FROM copy_links ORDER BY a, b;
SELECT 'meta', * FROM meta ORDER BY key;
SQL
}
