/*
** replay.c: a plain main() for the fuzz targets, so `make test` replays the
** committed corpora with gcc's sanitizers and without libFuzzer. Arguments
** are files or directories (every regular file inside, in name order).
*/
#include "fuzz.h"
#include <dirent.h>
#include <sys/stat.h>

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 0;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t *p = malloc(cap);
  for (;;) {
    if (!p) abort();
    if (n == cap) p = realloc(p, cap *= 2);
    if (!p) abort();
    size_t k = fread(p + n, 1, cap - n, f);
    if (!k) break;
    n += k;
  }
  fclose(f);
  if (getenv("FUZZ_REPLAY_VERBOSE")) fprintf(stderr, "replay: %s\n", path);
  LLVMFuzzerTestOneInput(p, n);
  free(p);
  return 1;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file of dir in name order; returns the count or -1. */
static int replay_dir(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      names = realloc(names, cap * sizeof *names);
      if (!names) abort();
    }
    names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
    if (!names[n]) abort();
    sprintf(names[n], "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(dp);
  if (n) qsort(names, n, sizeof *names, by_name);
  int count = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat sb;
    if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) count += replay_file(names[i]);
    free(names[i]);
  }
  free(names);
  return count;
}

int main(int argc, char **argv) {
  int total = 0;
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) != 0) {
      perror(argv[i]);
      return 2;
    }
    if (S_ISDIR(sb.st_mode)) {
      int k = replay_dir(argv[i]);
      if (k < 0) return 2;
      total += k;
    } else {
      total += replay_file(argv[i]);
    }
  }
  printf("%s: %d inputs replayed\n", argc > 0 ? argv[0] : "replay", total);
  return 0;
}
