/*
** dictcache.c: compiled dictionaries. Every array of a loaded lw_dict is
** written into one file; later runs map it read-only (mmap) instead of
** parsing the text, so start-up is a few milliseconds. The file is named by
** the hash of the source files' names and bytes, so an edited dictionary
** never meets a stale cache: it simply has another name.
*/
#include "dict.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "LWDICT17"

/* Sections, in file order. */
enum {
  S_W_SLOTS, S_W_SUF, S_W_LENS, S_W_OFFS, S_W_BLOB,
  S_C_SLOTS, S_C_SUF, S_C_LENS, S_C_OFFS, S_C_BLOB,
  S_WCLASS, S_VF_FIRST, S_VF_COUNT, S_GP_FIRST, S_GP_COUNT, S_DC_FIRST, S_DC_COUNT,
  S_NODES, S_EKEYS, S_EVALS, S_ROOT, S_STEM_KEY, S_STEM_ID,
  S_POOL, S_SYNLIST, S_GRPS, S_ACTORS, S_AGENTS, S_GAPS, S_VFORMS, S_BLOCKS, S_PATS, S_PELEMS,
  S_DISCARDS, S_FILES, S_SYNNAMES, S_SYNMASK, S_PATKEY, S_PIDX, S_PIDXTAB, S_WINFO, S_EDGES, S_DCBITS,
  NSEC
};

typedef struct sec {
  uint64_t off;
  uint64_t count;
  uint32_t elem;
  uint32_t pad;
} sec;

typedef struct hdr {
  char magic[8];
  uint32_t layout;         /* struct sizes: a cache from another build is ignored */
  uint32_t nsec;
  uint64_t fp;
  uint64_t size;           /* whole file */
  char id[300];
  lw_dict_stats st;
  uint32_t nsyn, null_code, ecap, ecount, nroot, stem_cap, wclass_cap, vf_cap;
  uint32_t wcount, wnslots, ccount, cnslots;
  int32_t max_syn_len;
  sec s[NSEC];
} hdr;

static uint32_t layout_id(void) {
  uint32_t h = 2166136261u;
  size_t sizes[] = {sizeof(lw_tnode), sizeof(lw_codegrp), sizeof(lw_actor), sizeof(lw_agent),
                    sizeof(lw_gapphrase), sizeof(lw_vform), sizeof(lw_vblock), sizeof(lw_pattern),
                    sizeof(lw_pelem), sizeof(lw_discard), sizeof(lw_winfo), sizeof(lw_edge), sizeof(lw_slot), sizeof(lw_dict_stats), sizeof(hdr)};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) h = (h ^ (uint32_t)sizes[i]) * 16777619u;
  /* the format and the version name the file too: two builds never take
  ** turns overwriting one file */
  for (const char *v = LW_VERSION MAGIC; *v; v++) h = (h ^ (uint32_t)(unsigned char)*v) * 16777619u;
  return h;
}

/* The directory for compiled dictionaries, or 0 when caching is off. */
int lw_cache_dir(char *out, size_t cap) {
  const char *off = getenv("LAPWING_CACHE");
  if (off && (!strcmp(off, "off") || !strcmp(off, "0"))) return 0;
  const char *d = getenv("LAPWING_CACHE_DIR");
  if (d && *d) {
    snprintf(out, cap, "%s", d);
    return 1;
  }
  d = getenv("XDG_CACHE_HOME");
  if (d && *d) {
    snprintf(out, cap, "%s/lapwing", d);
    return 1;
  }
  d = getenv("HOME");
  if (d && *d) {
    snprintf(out, cap, "%s/.cache/lapwing", d);
    return 1;
  }
  return 0;
}

void lw_cache_path(uint64_t fp, char *out, size_t cap) {
  char dir[900];
  if (!lw_cache_dir(dir, sizeof dir)) {
    out[0] = 0;
    return;
  }
  snprintf(out, cap, "%s/%016llx-%08x.lwd", dir, (unsigned long long)fp, layout_id());
}

/* ---- writing -------------------------------------------------------------------- */

typedef struct wr {
  FILE *f;
  uint64_t off;
  int bad;
} wr;

/* Appends a section. Each starts on a cache line (the file is mapped at a
** page boundary), so that tables laid out in lines (the pattern index)
** stay in them. */
static void put(wr *w, hdr *h, int k, const void *p, uint64_t count, uint32_t elem) {
  static const char zero[64] = {0};
  uint64_t pad = (64 - w->off % 64) % 64;
  if (pad && fwrite(zero, 1, pad, w->f) != pad) w->bad = 1;
  w->off += pad;
  h->s[k].off = w->off;
  h->s[k].count = count;
  h->s[k].elem = elem;
  uint64_t n = count * elem;
  if (n && fwrite(p, 1, n, w->f) != n) w->bad = 1;
  w->off += n;
}

static void put_strtab(wr *w, hdr *h, int base, const lw_strtab *t) {
  put(w, h, base + 0, t->slots, t->nslots, sizeof *t->slots);
  put(w, h, base + 1, t->suf, t->count + 1, sizeof *t->suf);
  put(w, h, base + 2, t->lens, t->count + 1, sizeof *t->lens);
  uint32_t *offs = malloc((t->count + 1) * sizeof *offs);
  uint64_t blob = 0;
  for (uint32_t i = 0; offs && i <= t->count; i++) {
    offs[i] = (uint32_t)blob;
    blob += t->lens[i] + 1;
  }
  if (!offs) {
    w->bad = 1;
    return;
  }
  put(w, h, base + 3, offs, t->count + 1, sizeof *offs);
  free(offs);
  /* the blob: every string with its NUL, in id order */
  uint64_t pad = (16 - w->off % 16) % 16;
  static const char zero[16] = {0};
  if (pad && fwrite(zero, 1, pad, w->f) != pad) w->bad = 1;
  w->off += pad;
  h->s[base + 4].off = w->off;
  h->s[base + 4].count = blob;
  h->s[base + 4].elem = 1;
  for (uint32_t i = 0; i <= t->count; i++)
    if (fwrite(t->strs[i], 1, t->lens[i] + 1, w->f) != t->lens[i] + 1) w->bad = 1;
  w->off += blob;
}

#define PUTV(k, v) put(&w, &h, k, (v).a, (v).n, sizeof *(v).a)

/* Is name a compiled dictionary's file name ("<16 hex>-<8 hex>.lwd")? */
static int cache_name(const char *name) {
  size_t n = strlen(name);
  if (n != 16 + 1 + 8 + 4 || name[16] != '-' || strcmp(name + 25, ".lwd") != 0) return 0;
  for (size_t i = 0; i < 25; i++)
    if (i != 16 && !((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
      return 0;
  return 1;
}

#define LW_CACHE_KEEP 8 /* compiled files kept in the directory, newest first */

/* After writing path: remove the same dictionary's files written by other
** builds (same "<content hash>-" prefix, another layout), so an upgrade
** replaces its file; then, beyond LW_CACHE_KEEP files, the oldest, so
** copies of edited dictionaries do not pile up. A process still mapping a
** removed file keeps its mapping; a removed file is rebuilt when next
** needed. Best effort. */
static void prune_cache(const char *path) {
  const char *base = strrchr(path, '/');
  if (!base) return;
  char dir[1024];
  size_t dl = (size_t)(base - path);
  if (dl >= sizeof dir) return;
  memcpy(dir, path, dl);
  dir[dl] = 0;
  base++;
  if (!cache_name(base)) return;
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct {
    char name[32];
    long long mtime;
  } keep[256];
  int nk = 0;
  struct dirent *e;
  while ((e = readdir(dp)) != NULL) {
    if (!cache_name(e->d_name) || strcmp(e->d_name, base) == 0) continue;
    char full[1100];
    snprintf(full, sizeof full, "%.1023s/%.31s", dir, e->d_name); /* cache_name: 29 bytes */
    if (strncmp(e->d_name, base, 17) == 0) { /* same dictionary, another build */
      unlink(full);
      continue;
    }
    struct stat st;
    if (nk < 256 && stat(full, &st) == 0) {
      memcpy(keep[nk].name, e->d_name, 30); /* cache_name: 29 bytes and the NUL */
      keep[nk++].mtime = (long long)st.st_mtime;
    }
  }
  closedir(dp);
  /* the new file is one of the LW_CACHE_KEEP: drop the oldest others */
  while (nk > LW_CACHE_KEEP - 1) {
    int old = 0;
    for (int i = 1; i < nk; i++)
      if (keep[i].mtime < keep[old].mtime) old = i;
    char full[1100];
    snprintf(full, sizeof full, "%.1023s/%.31s", dir, keep[old].name);
    unlink(full);
    keep[old] = keep[--nk];
  }
}

int lw_cache_save(const lw_dict *d, const char *path) {
  char tmp[1100];
  snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
  /* make the directory (two levels: ~/.cache/lapwing) */
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *sl = strrchr(dir, '/');
  if (sl) {
    *sl = 0;
    char *p2 = strrchr(dir, '/');
    if (p2) {
      *p2 = 0;
      mkdir(dir, 0755);
      *p2 = '/';
    }
    mkdir(dir, 0755);
  }
  FILE *f = fopen(tmp, "wb");
  if (!f) return 0;
  hdr h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, MAGIC, 8);
  h.layout = layout_id();
  h.nsec = NSEC;
  h.fp = d->fp;
  snprintf(h.id, sizeof h.id, "%s", d->id);
  h.st = d->st;
  h.nsyn = d->nsyn;
  h.null_code = d->null_code;
  h.ecap = d->ecap;
  h.ecount = d->ecount;
  h.nroot = d->nroot;
  h.stem_cap = d->stem_cap;
  h.wclass_cap = d->wclass_cap;
  h.vf_cap = d->vf_cap;
  h.wcount = d->words.count;
  h.wnslots = d->words.nslots;
  h.ccount = d->codes.count;
  h.cnslots = d->codes.nslots;
  h.max_syn_len = d->max_syn_len;
  wr w = {f, sizeof h, 0};
  if (fwrite(&h, 1, sizeof h, f) != sizeof h) w.bad = 1;
  uint32_t nw = d->words.count + 1;
  put_strtab(&w, &h, S_W_SLOTS, &d->words);
  put_strtab(&w, &h, S_C_SLOTS, &d->codes);
  put(&w, &h, S_WCLASS, d->wclass, d->wclass_cap, sizeof *d->wclass);
  put(&w, &h, S_VF_FIRST, d->vf_first, nw, sizeof *d->vf_first);
  put(&w, &h, S_VF_COUNT, d->vf_count, nw, sizeof *d->vf_count);
  put(&w, &h, S_GP_FIRST, d->gp_first, nw, sizeof *d->gp_first);
  put(&w, &h, S_GP_COUNT, d->gp_count, nw, sizeof *d->gp_count);
  put(&w, &h, S_DC_FIRST, d->dc_first, nw, sizeof *d->dc_first);
  put(&w, &h, S_DC_COUNT, d->dc_count, nw, sizeof *d->dc_count);
  PUTV(S_NODES, d->nodes);
  put(&w, &h, S_EKEYS, d->ekeys, d->ecap, sizeof *d->ekeys);
  put(&w, &h, S_EVALS, d->evals, d->ecap, sizeof *d->evals);
  put(&w, &h, S_ROOT, d->root_child, d->nroot, sizeof *d->root_child);
  put(&w, &h, S_STEM_KEY, d->stem_key, d->stem_cap, sizeof *d->stem_key);
  put(&w, &h, S_STEM_ID, d->stem_id, d->stem_cap, sizeof *d->stem_id);
  PUTV(S_POOL, d->words_pool);
  PUTV(S_SYNLIST, d->syn_list);
  PUTV(S_GRPS, d->grps);
  PUTV(S_ACTORS, d->actors);
  PUTV(S_AGENTS, d->agents);
  PUTV(S_GAPS, d->gaps);
  PUTV(S_VFORMS, d->vforms);
  PUTV(S_BLOCKS, d->blocks);
  PUTV(S_PATS, d->pats);
  PUTV(S_PELEMS, d->pelems);
  PUTV(S_DISCARDS, d->discards);
  PUTV(S_FILES, d->files);
  PUTV(S_SYNNAMES, d->syn_names);
  put(&w, &h, S_SYNMASK, d->syn_mask, (uint64_t)d->nsyn * 4, sizeof *d->syn_mask);
  put(&w, &h, S_PATKEY, d->pat_key, d->pats.n, sizeof *d->pat_key);
  PUTV(S_PIDX, d->pidx);
  PUTV(S_PIDXTAB, d->pidx_tab);
  put(&w, &h, S_WINFO, d->winfo, d->nroot, sizeof *d->winfo);
  put(&w, &h, S_EDGES, d->edges, d->edges ? d->ecap : 0, sizeof *d->edges);
  put(&w, &h, S_DCBITS, d->dc_bits, (d->nroot + 63) / 64, sizeof *d->dc_bits);
  h.size = w.off;
  if (fseek(f, 0, SEEK_SET) != 0 || fwrite(&h, 1, sizeof h, f) != sizeof h) w.bad = 1;
  if (fclose(f) != 0) w.bad = 1;
  if (w.bad || rename(tmp, path) != 0) {
    unlink(tmp);
    return 0;
  }
  prune_cache(path);
  return 1;
}

/* ---- mapping ---------------------------------------------------------------------- */

static int map_strtab(lw_strtab *t, const char *base, const hdr *h, int k, uint32_t count,
                      uint32_t nslots) {
  memset(t, 0, sizeof *t);
  t->slots = (lw_slot *)(void *)(base + h->s[k].off);
  t->suf = (uint64_t *)(void *)(base + h->s[k + 1].off);
  t->lens = (uint32_t *)(void *)(base + h->s[k + 2].off);
  const uint32_t *offs = (const uint32_t *)(const void *)(base + h->s[k + 3].off);
  const char *blob = base + h->s[k + 4].off;
  t->count = count;
  t->nslots = nslots;
  t->cap = 0;
  t->mapped = 1;
  t->strs = malloc((count + 1) * sizeof *t->strs);
  if (!t->strs) return 0;
  for (uint32_t i = 0; i <= count; i++) t->strs[i] = blob + offs[i];
  return 1;
}

#define MAPV(k, v)                                                                                 \
  do {                                                                                             \
    memcpy(&(v).a, &(const void *){base + h->s[k].off}, sizeof(void *));                           \
    (v).n = (uint32_t)h->s[k].count;                                                               \
    (v).cap = 0;                                                                                   \
  } while (0)
#define MAPP(k, p) memcpy(&(p), &(const void *){base + h->s[k].off}, sizeof(void *))

/* Map a compiled dictionary into d (fresh from lw_dict_init's caller, before
** anything is loaded). Returns 1 on success; 0 leaves d untouched. */
int lw_cache_load(lw_dict *d, const char *path, uint64_t fp) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || (size_t)sb.st_size < sizeof(hdr)) {
    close(fd);
    return 0;
  }
  void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) return 0;
  const char *base = m;
  const hdr *h = m;
  int ok = !memcmp(h->magic, MAGIC, 8) && h->layout == layout_id() && h->nsec == NSEC &&
           h->fp == fp && h->size == (uint64_t)sb.st_size;
  for (int k = 0; ok && k < NSEC; k++)
    if (h->s[k].off + h->s[k].count * h->s[k].elem > h->size) ok = 0;
  /* sections whose length follows from the header must have it: a file
  ** written by a build that laid a section out differently is not used */
  if (ok) {
    const struct {
      int k;
      uint64_t want;
    } expect[] = {{S_EKEYS, h->ecap}, {S_EVALS, h->ecap}, {S_EDGES, h->s[S_EDGES].count ? h->ecap : 0},
                  {S_ROOT, h->nroot}, {S_WINFO, h->nroot}, {S_DCBITS, ((uint64_t)h->nroot + 63) / 64},
                  {S_SYNMASK, (uint64_t)h->nsyn * 4}, {S_STEM_KEY, h->stem_cap},
                  {S_PATKEY, h->s[S_PATS].count}, {S_PIDX, h->s[S_BLOCKS].count}, {S_W_SLOTS, h->wnslots}, {S_C_SLOTS, h->cnslots},
                  {S_W_SUF, (uint64_t)h->wcount + 1}, {S_C_SUF, (uint64_t)h->ccount + 1}};
    for (size_t i = 0; ok && i < sizeof expect / sizeof expect[0]; i++)
      if (h->s[expect[i].k].count != expect[i].want) ok = 0;
  }
  if (!ok) {
    munmap(m, (size_t)sb.st_size);
    return 0;
  }
  /* drop what lw_dict_init allocated: everything now comes from the map */
  lw_strtab_free(&d->words);
  lw_strtab_free(&d->codes);
  free(d->wclass);
  free(d->nodes.a);
  free(d->ekeys);
  free(d->evals);
  free(d->words_pool.a);
  memset(&d->nodes, 0, sizeof d->nodes);
  memset(&d->words_pool, 0, sizeof d->words_pool);
  if (!map_strtab(&d->words, base, h, S_W_SLOTS, h->wcount, h->wnslots) ||
      !map_strtab(&d->codes, base, h, S_C_SLOTS, h->ccount, h->cnslots)) {
    munmap(m, (size_t)sb.st_size);
    return -1;
  }
  MAPP(S_WCLASS, d->wclass);
  d->wclass_cap = h->wclass_cap;
  MAPP(S_VF_FIRST, d->vf_first);
  MAPP(S_VF_COUNT, d->vf_count);
  d->vf_cap = h->vf_cap;
  MAPP(S_GP_FIRST, d->gp_first);
  MAPP(S_GP_COUNT, d->gp_count);
  MAPP(S_DC_FIRST, d->dc_first);
  MAPP(S_DC_COUNT, d->dc_count);
  MAPV(S_NODES, d->nodes);
  MAPP(S_EKEYS, d->ekeys);
  MAPP(S_EVALS, d->evals);
  d->ecap = h->ecap;
  d->ecount = h->ecount;
  MAPP(S_ROOT, d->root_child);
  d->nroot = h->nroot;
  MAPP(S_STEM_KEY, d->stem_key);
  MAPP(S_STEM_ID, d->stem_id);
  d->stem_cap = h->stem_cap;
  MAPV(S_POOL, d->words_pool);
  MAPV(S_SYNLIST, d->syn_list);
  MAPV(S_GRPS, d->grps);
  MAPV(S_ACTORS, d->actors);
  MAPV(S_AGENTS, d->agents);
  MAPV(S_GAPS, d->gaps);
  MAPV(S_VFORMS, d->vforms);
  MAPV(S_BLOCKS, d->blocks);
  MAPV(S_PATS, d->pats);
  MAPV(S_PELEMS, d->pelems);
  MAPV(S_DISCARDS, d->discards);
  MAPV(S_FILES, d->files);
  MAPV(S_SYNNAMES, d->syn_names);
  MAPP(S_SYNMASK, d->syn_mask);
  if (!h->nsyn) d->syn_mask = NULL;
  MAPP(S_PATKEY, d->pat_key);
  if (!d->pats.n) d->pat_key = NULL;
  MAPV(S_PIDX, d->pidx);
  MAPV(S_PIDXTAB, d->pidx_tab);
  MAPP(S_WINFO, d->winfo);
  MAPP(S_EDGES, d->edges);
  if (!h->s[S_EDGES].count) d->edges = NULL;
  MAPP(S_DCBITS, d->dc_bits);
  d->nsyn = h->nsyn;
  d->null_code = h->null_code;
  d->max_syn_len = h->max_syn_len;
  d->st = h->st;
  d->fp = h->fp;
  snprintf(d->id, sizeof d->id, "%s", h->id);
  d->map = m;
  d->map_len = (size_t)sb.st_size;
  return 1;
}
