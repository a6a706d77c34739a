/*
** emit.c: JSON Lines and TSV event records. Field order is fixed and
** documented in the README; both formats carry the same fields.
*/
#include "emit.h"
#include <string.h>

const char *lw_mode_name(int mode) {
  return mode == LW_MODE_NEGATED ? "negated" : mode == LW_MODE_HYPOTHETICAL ? "hypothetical" : "asserted";
}

void lw_emit_init(lw_emitter *e, FILE *f, int format, int with_mode) {
  memset(e, 0, sizeof *e);
  lw_buf_init(&e->buf);
  e->f = f;
  e->format = format;
  e->with_mode = with_mode;
}

void lw_emit_free(lw_emitter *e) { lw_buf_free(&e->buf); }

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static void add2(lw_buf *b, int v) {
  char t[2] = {(char)('0' + v / 10 % 10), (char)('0' + v % 10)};
  lw_buf_add(b, t, 2);
}

/* yyyymmdd as yyyy-mm-dd, formed in a local array and appended at once. */
static void add_date(lw_buf *b, int32_t d) {
  char t[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
  static const unsigned char at[8] = {9, 8, 6, 5, 3, 2, 1, 0}; /* digit places, last first */
  for (int k = 0; k < 8; k++, d /= 10) t[at[k]] = (char)('0' + d % 10);
  lw_buf_add(b, t, sizeof t);
}

/* One decimal, as printf("%.1f") would write the table's scores. */
static void add_score(lw_buf *b, double g) {
  long t = (long)(g * 10 + (g < 0 ? -0.5 : 0.5));
  if (t < 0) {
    lw_buf_addc(b, '-');
    t = -t;
  }
  lw_buf_addi(b, t / 10);
  lw_buf_addc(b, '.');
  lw_buf_addc(b, (char)('0' + t % 10));
}

/* Appends the member key (",\"name\":", klen bytes) and v as a JSON string
** ("" for NULL). Inline: klen is then a constant, and the key's copy a few
** moves rather than a memcpy call. */
static inline void json_member(lw_buf *b, const char *key, size_t klen, const char *v) {
  lw_buf_add(b, key, klen);
  lw_buf_json_str(b, v ? v : "", v ? strlen(v) : 0);
}
/* name is a string literal: the key is assembled at compile time */
#define json_field(b, name, v) json_member((b), ",\"" name "\":", sizeof(",\"" name "\":") - 1, (v))

void lw_emit_header(lw_emitter *e) {
  lw_buf *b = &e->buf;
  lw_buf_adds(b, "story_id\tsentence\tdate\tsource\ttarget\tsource_text\ttarget_text\tcameo\troot\t"
                 "quad_class\tgoldstein\tplover\tverb_text\tspan_start\tspan_end\tsentence_text\trule");
  if (e->with_mode) lw_buf_adds(b, "\tmode");
  lw_buf_addc(b, '\n');
  e->header_done = 1;
}

void lw_emit_event(lw_emitter *e, const lw_event *ev) {
  lw_buf *b = &e->buf;
  const lw_cameo_info *ci = lw_cameo_lookup(ev->cameo);
  if (e->format == LW_OUT_TSV) {
    if (!e->header_done) lw_emit_header(e);
    lw_buf_tsv_str(b, ev->story_id, strlen(ev->story_id));
    lw_buf_addc(b, '\t');
    lw_buf_addi(b, ev->sentence);
    lw_buf_addc(b, '\t');
    add_date(b, ev->date);
    const char *f[] = {ev->source, ev->target, ev->source_text, ev->target_text, ev->cameo};
    for (int i = 0; i < 5; i++) {
      lw_buf_addc(b, '\t');
      lw_buf_tsv_str(b, f[i], strlen(f[i]));
    }
    lw_buf_addc(b, '\t');
    if (ci) add2(b, ci->root);
    lw_buf_addc(b, '\t');
    if (ci) lw_buf_addi(b, ci->quad_class);
    lw_buf_addc(b, '\t');
    if (ci) add_score(b, ci->goldstein);
    lw_buf_addc(b, '\t');
    if (ci) lw_buf_adds(b, ci->plover);
    lw_buf_addc(b, '\t');
    lw_buf_tsv_str(b, ev->verb_text, strlen(ev->verb_text));
    lw_buf_addc(b, '\t');
    lw_buf_addi(b, ev->span.start);
    lw_buf_addc(b, '\t');
    lw_buf_addi(b, ev->span.end);
    lw_buf_addc(b, '\t');
    lw_buf_tsv_str(b, ev->sentence_text, strlen(ev->sentence_text));
    lw_buf_addc(b, '\t');
    lw_buf_adds(b, base_name(ev->rule_file));
    lw_buf_addc(b, ':');
    lw_buf_addi(b, ev->rule_line);
    if (e->with_mode) {
      lw_buf_addc(b, '\t');
      lw_buf_adds(b, lw_mode_name(ev->mode));
    }
    lw_buf_addc(b, '\n');
    return;
  }
  lw_buf_adds(b, "{\"story_id\":");
  lw_buf_json_str(b, ev->story_id, strlen(ev->story_id));
  lw_buf_adds(b, ",\"sentence\":");
  lw_buf_addi(b, ev->sentence);
  lw_buf_adds(b, ",\"date\":\"");
  add_date(b, ev->date);
  lw_buf_addc(b, '"');
  json_field(b, "source", ev->source);
  json_field(b, "target", ev->target);
  json_field(b, "source_text", ev->source_text);
  json_field(b, "target_text", ev->target_text);
  json_field(b, "cameo", ev->cameo);
  if (ci) {
    lw_buf_adds(b, ",\"root\":\"");
    add2(b, ci->root);
    lw_buf_adds(b, "\",\"quad_class\":");
    lw_buf_addi(b, ci->quad_class);
    lw_buf_adds(b, ",\"goldstein\":");
    add_score(b, ci->goldstein);
    json_field(b, "plover", ci->plover);
  } else {
    lw_buf_adds(b, ",\"root\":null,\"quad_class\":null,\"goldstein\":null,\"plover\":null");
  }
  json_field(b, "verb_text", ev->verb_text);
  lw_buf_adds(b, ",\"span\":[");
  lw_buf_addi(b, ev->span.start);
  lw_buf_addc(b, ',');
  lw_buf_addi(b, ev->span.end);
  lw_buf_addc(b, ']');
  json_field(b, "sentence_text", ev->sentence_text);
  lw_buf_adds(b, ",\"rule\":\"");
  lw_buf_adds(b, base_name(ev->rule_file));
  lw_buf_addc(b, ':');
  lw_buf_addi(b, ev->rule_line);
  lw_buf_addc(b, '"');
  if (e->with_mode) json_field(b, "mode", lw_mode_name(ev->mode));
  lw_buf_adds(b, "}\n");
}

int lw_emit_flush(lw_emitter *e, size_t threshold) {
  if (e->buf.n <= threshold) return 1;
  if (!e->failed && e->buf.n && fwrite(e->buf.p, 1, e->buf.n, e->f) != e->buf.n) e->failed = 1;
  lw_buf_clear(&e->buf);
  return !e->failed;
}
