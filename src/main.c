/*
** main.c: the lapwing command line. Thin: parses flags and wires the
** library's readers, coder and writers together.
*/
#include "emit.h"
#include "input.h"
#include "pipeline.h"
#include "query.h"
#include "report.h"
#include "store.h"
#include "lapwing.h"
#include "buf.h"
#include "dictcheck.h"
#include "validate.h"
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: lapwing COMMAND [options]\n"
    "\n"
    "  lapwing code [options] FILE... | -     code stories into CAMEO events\n"
    "  lapwing FILE...                        same as `lapwing code FILE...`\n"
    "  lapwing dict stats [--dict X.ini]      load a dictionary set and print its counts\n"
    "  lapwing dict compile [--dict X.ini]    write its compiled copy (done on first use anyway)\n"
    "  lapwing dict check [--dict X.ini]      lint: duplicates, conflicts, bad dates and patterns\n"
    "  lapwing validate [-v] FILE.xml         run PETRARCH validation records\n"
    "  lapwing explain [options] \"SENTENCE\"   show how a sentence is coded, or why not\n"
    "  lapwing explain [options] FILE N       the same for sentence N (0 = headline) of a story\n"
    "  lapwing query --db F [filters] [--by day|week|month|year] [--top-dyads N]\n"
    "  lapwing report --db F -o report.html [filters]\n"
    "  lapwing version\n"
    "\n"
    "code options:\n"
    "  --dict X.ini          PETRARCH-style config naming the dictionaries (default: built in)\n"
    "  --date YYYY-MM-DD     date for stories that carry none\n"
    "  --input auto|text|jsonl   input format (auto: .jsonl/.json = JSON Lines, else text)\n"
    "  --format json|tsv     output format (default json: JSON Lines)\n"
    "  -o FILE               write events to FILE instead of stdout\n"
    "  --db FILE             write stories and events into an SQLite store (not to stdout)\n"
    "  --all-modes           also emit negated and hypothetical events, with a mode field\n"
    "  --no-refs             do not resolve pronouns and short references\n"
    "  --no-reported-speech  code \"X said ...\" as X's statement, not the reported event\n"
    "  --max-story-bytes N   skip stories larger than N bytes (default 16 MiB)\n"
    "  --max-sentence-tokens N  cut sentences longer than N tokens, and say so (default 400)\n"
    "  --max-json-depth N    JSON Lines records nested deeper are skipped (default 64)\n"
    "  --threads N           code on N threads (output identical, in input order)\n"
    "  -q                    no dictionary warning summary\n"
    "\n"
    "explain options: --dict X.ini, --date YYYY-MM-DD (default today), --json, --all-modes, --no-refs,\n"
    "  --petrarch (PETRARCH-1 rules, as `validate` runs them)\n";

static int usage(int rc) {
  fputs(usage_text, rc ? stderr : stdout);
  return rc;
}

typedef struct warn_ctx {
  int count;
  int print;
} warn_ctx;

static void on_warn(const char *msg, void *ud) {
  warn_ctx *w = ud;
  w->count++;
  if (w->print) fprintf(stderr, "%s\n", msg);
}

static int open_dict(lw_dict **d, const char *cfg, warn_ctx *w) {
  /* listing warnings needs the text parsed, not a compiled copy */
  int rc = lw_dict_open_ex(d, cfg, w->print ? LW_DICT_NO_CACHE : 0, on_warn, w);
  if (rc != LW_OK) {
    fprintf(stderr, "lapwing: %s\n", lw_dict_errmsg(*d));
    lw_dict_close(*d);
    *d = NULL;
    return 0;
  }
  return 1;
}

/* ---- code ------------------------------------------------------------------ */

/* The event store as a pipeline sink (events written in input order). */
static int sink_begin(void *ud, const lw_story *st) { return lw_store_begin_story(ud, st); }
static int sink_event(void *ud, const lw_event *ev) { return lw_store_add_event(ud, ev); }
static int sink_end(void *ud, const lw_story_result *r) { return lw_store_end_story(ud, r); }
static const char *sink_err(void *ud) { return lw_store_errmsg(ud); }

static int cmd_code(int argc, char **argv) {
  const char *cfg = NULL, *outpath = NULL, *dbpath = NULL;
  int32_t date = 0;
  int infmt = LW_IN_AUTO, outfmt = LW_OUT_JSONL, quiet = 0;
  lw_options opt;
  lw_options_default(&opt);
  lw_input_limits lim = {16u << 20, 64};
  int threads = 1;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0;
  if (!files) return 2;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--dict") && val) cfg = argv[++i];
    else if (!strcmp(a, "--date") && val) {
      date = lw_parse_date(val, strlen(val));
      if (!date) {
        fprintf(stderr, "lapwing: --date: invalid date '%s' (expected YYYY-MM-DD)\n", val);
        free(files);
        return 2;
      }
      i++;
    } else if (!strcmp(a, "--input") && val) {
      i++;
      if (!strcmp(val, "auto")) infmt = LW_IN_AUTO;
      else if (!strcmp(val, "text")) infmt = LW_IN_TEXT;
      else if (!strcmp(val, "jsonl")) infmt = LW_IN_JSONL;
      else {
        fprintf(stderr, "lapwing: --input must be auto, text or jsonl\n");
        free(files);
        return 2;
      }
    } else if (!strcmp(a, "--format") && val) {
      i++;
      if (!strcmp(val, "json") || !strcmp(val, "jsonl")) outfmt = LW_OUT_JSONL;
      else if (!strcmp(val, "tsv")) outfmt = LW_OUT_TSV;
      else {
        fprintf(stderr, "lapwing: --format must be json or tsv\n");
        free(files);
        return 2;
      }
    } else if (!strcmp(a, "-o") && val) outpath = argv[++i];
    else if (!strcmp(a, "--db") && val) dbpath = argv[++i];
    else if (!strcmp(a, "--all-modes")) opt.all_modes = 1;
    else if (!strcmp(a, "--no-refs")) opt.resolve_refs = 0;
    else if (!strcmp(a, "--no-reported-speech")) opt.reported_speech = 0;
    else if ((!strcmp(a, "--max-story-bytes") || !strcmp(a, "--max-sentence-tokens") ||
              !strcmp(a, "--max-json-depth")) &&
             val) {
      /* limits: positive integers, nothing else */
      char *end = NULL;
      unsigned long long v = strtoull(val, &end, 10);
      if (!*val || *end || v == 0 || v > (1ULL << 40) || val[0] == '-') {
        fprintf(stderr, "lapwing: %s needs a positive whole number, not '%s'\n", a, val);
        free(files);
        return 2;
      }
      if (!strcmp(a, "--max-story-bytes")) lim.max_story_bytes = (size_t)v;
      else if (!strcmp(a, "--max-json-depth")) lim.max_json_depth = v > 100000 ? 100000 : (int)v;
      else opt.max_sentence_tokens = v > 1000000 ? 1000000 : (int)v;
      i++;
    }
    else if (!strcmp(a, "-q")) quiet = 1;
    else if ((!strcmp(a, "--threads") || !strcmp(a, "-j")) && val) {
      threads = atoi(argv[++i]);
      if (threads < 1 || threads > 256) {
        fprintf(stderr, "lapwing: --threads must be between 1 and 256\n");
        free(files);
        return 2;
      }
    }
    else if (!strcmp(a, "-") || a[0] != '-') files[nfiles++] = a;
    else {
      fprintf(stderr, "lapwing: unknown or incomplete option %s\n\n", a);
      free(files);
      return usage(2);
    }
  }
  if (!nfiles) {
    fprintf(stderr, "lapwing: no input files (use - for stdin)\n\n");
    free(files);
    return usage(2);
  }
  warn_ctx w = {0, 0};
  lw_dict *d = NULL;
  if (!open_dict(&d, cfg, &w)) {
    free(files);
    return 2;
  }
  if (w.count && !quiet)
    fprintf(stderr, "lapwing: %d dictionary warnings (list them with: lapwing dict stats%s%s)\n",
            w.count, cfg ? " --dict " : "", cfg ? cfg : "");
  /* with --db the events go to the store, and to a file only when -o asks */
  FILE *out = stdout;
  if (dbpath && !outpath) outpath = "/dev/null";
  if (outpath && !(out = fopen(outpath, "w"))) {
    perror(outpath);
    lw_dict_close(d);
    free(files);
    return 2;
  }
  lw_store *store = NULL;
  lw_sink sink;
  if (dbpath) {
    char serr[512];
    if (!lw_store_open(&store, dbpath, lw_dict_id(d), serr, sizeof serr)) {
      fprintf(stderr, "lapwing: %s\n", serr);
      lw_store_close(store);
      if (out != stdout) fclose(out);
      lw_dict_close(d);
      free(files);
      return 2;
    }
    sink.ud = store;
    sink.begin = sink_begin;
    sink.event = sink_event;
    sink.end = sink_end;
    sink.errmsg = sink_err;
  }
  lw_pipe_cfg pc;
  memset(&pc, 0, sizeof pc);
  pc.d = d;
  pc.opt = opt;
  pc.threads = threads;
  pc.outfmt = outfmt;
  pc.out = out;
  pc.err = stderr;
  pc.infmt = infmt;
  pc.date = date;
  pc.lim = lim;
  pc.sink = store ? &sink : NULL;
  lw_pipe_stats ps;
  int prc = lw_pipe_run(&pc, files, nfiles, &ps);
  int dberr = 0;
  if (store) {
    if (!lw_store_finish(store)) {
      fprintf(stderr, "lapwing: %s: %s\n", dbpath, lw_store_errmsg(store));
      dberr = 1;
    }
    lw_store_close(store);
  }
  if (prc != 0) fprintf(stderr, "lapwing: cannot start the coding threads (out of memory?)\n");
  int werr = ps.write_error || fflush(out) != 0 || (out != stdout && fclose(out) != 0);
  if (werr) fprintf(stderr, "lapwing: error writing the events\n");
  fprintf(stderr, "stories: %ld read, %ld coded, %ld skipped; sentences: %ld; events: %ld\n", ps.read,
          ps.coded, ps.skipped, ps.sentences, ps.events);
  lw_dict_close(d);
  free(files);
  if (werr || prc || dberr) return 2;
  return ps.skipped || ps.sink_errors ? 1 : 0;
}

/* ---- dict -------------------------------------------------------------------- */

static int cmd_dict(int argc, char **argv) {
  if (argc < 1) return usage(2);
  const char *cfg = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dict") && i + 1 < argc) cfg = argv[++i];
    else {
      fprintf(stderr, "lapwing dict: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!strcmp(argv[0], "check")) {
    int problems = lw_dict_check(cfg, stdout);
    return problems ? 1 : 0;
  }
  if (!strcmp(argv[0], "compile")) {
    warn_ctx wc = {0, 0};
    lw_dict *d = NULL;
    if (!open_dict(&d, cfg, &wc)) return 2;
    int state;
    const char *path = lw_dict_cache_file(d, &state);
    if (!path[0]) {
      fprintf(stderr, "lapwing dict compile: caching is off (LAPWING_CACHE) or there is no cache directory\n");
      lw_dict_close(d);
      return 1;
    }
    printf("%s: %s\n", path, state == 1 ? "up to date" : state == 2 ? "written" : "could not be written");
    lw_dict_close(d);
    return state ? 0 : 1;
  }
  if (strcmp(argv[0], "stats") != 0) {
    fprintf(stderr, "lapwing dict: unknown subcommand %s\n", argv[0]);
    return 2;
  }
  warn_ctx w = {0, 1};
  lw_dict *d = NULL;
  if (!open_dict(&d, cfg, &w)) return 2;
  lw_dict_stats st;
  lw_dict_get_stats(d, &st);
  printf("dictionary set: %s\n", cfg ? cfg : "built in (dict/lapwing.ini)");
  printf("files:             %d\n", st.files);
  printf("verb blocks:       %d\n", st.verb_blocks);
  printf("verb forms:        %d (multi-word: %d)\n", st.verb_forms, st.multiword_verbs);
  printf("patterns:          %d\n", st.patterns);
  printf("synsets:           %d (members with plurals: %d)\n", st.synsets, st.synset_members);
  printf("actor entries:     %d\n", st.actor_entries);
  printf("actor phrases:     %d\n", st.actor_phrases);
  printf("actor code groups: %d (date-restricted: %d)\n", st.actor_codes, st.dated_codes);
  printf("agent phrases:     %d\n", st.agent_phrases);
  printf("discards:          %d sentence-level, %d story-level\n", st.discard_sentence,
         st.discard_story);
  printf("warnings:          %d\n", st.warnings);
  lw_dict_close(d);
  return 0;
}

/* ---- explain --------------------------------------------------------------------- */

static int is_number(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

static int cmd_explain(int argc, char **argv) {
  const char *cfg = NULL;
  int32_t date = 0;
  int json = 0;
  lw_options opt;
  lw_options_default(&opt);
  const char *pos[64];
  int npos = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--dict") && i + 1 < argc) cfg = argv[++i];
    else if (!strcmp(argv[i], "--date") && i + 1 < argc) {
      date = lw_parse_date(argv[i + 1], strlen(argv[i + 1]));
      if (!date) {
        fprintf(stderr, "lapwing explain: --date: invalid date '%s'\n", argv[i + 1]);
        return 2;
      }
      i++;
    } else if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--all-modes")) opt.all_modes = 1;
    else if (!strcmp(argv[i], "--no-refs")) opt.resolve_refs = 0;
    else if (!strcmp(argv[i], "--petrarch")) {
      /* the validation harness's behaviour */
      opt.petrarch = 1;
      opt.all_modes = 1;
      opt.resolve_refs = 0;
      opt.reported_speech = 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "lapwing explain: unknown option %s\n", argv[i]);
      return 2;
    } else if (npos < 64) pos[npos++] = argv[i];
  }
  if (!npos) {
    fprintf(stderr, "usage: lapwing explain [--dict X.ini] [--date YYYY-MM-DD] [--json] \"SENTENCE\" | FILE N\n");
    return 2;
  }
  if (!date) {
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    date = (tmv.tm_year + 1900) * 10000 + (tmv.tm_mon + 1) * 100 + tmv.tm_mday;
  }
  warn_ctx w = {0, 0};
  lw_dict *d = NULL;
  if (!open_dict(&d, cfg, &w)) return 2;
  lw_coder *c = NULL;
  if (lw_coder_new(&c, d, &opt) != LW_OK) {
    lw_dict_close(d);
    return 2;
  }
  int rc = 0;
  lw_input in;
  int story_mode = npos == 2 && is_number(pos[1]);
  memset(&in, 0, sizeof in);
  lw_story st;
  lw_buf text;
  lw_buf_init(&text);
  int first = 1, last = 1 << 30;
  if (story_mode) {
    lw_input_limits lim = {16u << 20, 64};
    if (!lw_input_open(&in, pos[0], LW_IN_AUTO, date, &lim) || lw_input_next(&in, &st) != 1) {
      fprintf(stderr, "lapwing explain: %s: %s\n", in.where[0] ? in.where : pos[0], in.err);
      rc = 2;
      goto done;
    }
    first = last = atoi(pos[1]);
  } else {
    for (int i = 0; i < npos; i++) {
      if (i) lw_buf_addc(&text, ' ');
      lw_buf_adds(&text, pos[i]);
    }
    memset(&st, 0, sizeof st);
    st.id = "explain";
    st.text = lw_buf_cstr(&text);
    st.text_len = text.n;
    st.date = date;
  }
  for (int k = first; k <= last; k++) {
    int found = 0;
    char *out = lw_explain(c, &st, k, json, &found);
    if (!out) {
      fprintf(stderr, "lapwing explain: out of memory\n");
      rc = 2;
      break;
    }
    if (!found) {
      if (k == first) {
        fprintf(stderr, "lapwing explain: no sentence %d in the story\n", k);
        rc = 1;
      }
      free(out);
      break;
    }
    if (k > first && !json) fputs("\n----\n\n", stdout);
    fputs(out, stdout);
    free(out);
  }
done:
  lw_buf_free(&text);
  if (story_mode) lw_input_close(&in);
  lw_coder_free(c);
  lw_dict_close(d);
  return rc;
}

/* ---- validate -------------------------------------------------------------------- */

static int cmd_validate(int argc, char **argv) {
  validate_opts o;
  memset(&o, 0, sizeof o);
  o.out = stdout;
  o.err = stderr;
  const char *file = NULL;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) o.verbose = 1;
    else if (!strcmp(argv[i], "--show-text")) o.show_text = 1;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "lapwing validate: unknown option %s\n", argv[i]);
      return 2;
    } else file = argv[i];
  }
  if (!file) {
    fprintf(stderr, "usage: lapwing validate [-v] [--show-text] FILE.xml\n");
    return 2;
  }
  if (lw_validate(file, &o) != 0) return 2;
  return o.failed ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage(2);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "code")) return cmd_code(argc - 2, argv + 2);
  if (!strcmp(cmd, "dict")) return cmd_dict(argc - 2, argv + 2);
  if (!strcmp(cmd, "validate")) return cmd_validate(argc - 2, argv + 2);
  if (!strcmp(cmd, "explain")) return cmd_explain(argc - 2, argv + 2);
  if (!strcmp(cmd, "query")) return lw_cli_query(argc - 2, argv + 2);
  if (!strcmp(cmd, "report")) return lw_cli_report(argc - 2, argv + 2);
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("lapwing %s\n", LW_VERSION);
    return 0;
  }
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) return usage(0);
  if (cmd[0] != '-' || !strcmp(cmd, "-")) return cmd_code(argc - 1, argv + 1);
  return cmd_code(argc - 1, argv + 1);
}
