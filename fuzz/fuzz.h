/*
** fuzz.h: helpers shared by the libFuzzer targets in fuzz/: the entry point's
** prototype, a NUL-terminated copy of the input, and a file holding it.
*/
#ifndef LW_FUZZ_H
#define LW_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A harness found a broken invariant: report it and abort so the fuzzer
** (or the replay driver) records the input as a crash. */
#define FUZZ_ASSERT(cond)                                                                          \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                 \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

/* malloc'd copy of data with a NUL after it (the readers expect one). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size) {
  char *p = malloc(size + 1);
  if (!p) abort();
  if (size) memcpy(p, data, size);
  p[size] = 0;
  return p;
}

/* Write data to a fresh temporary file and return its path in path (the
** story readers take a path). The caller unlinks it. Returns 0 on failure. */
static inline int fuzz_tmpfile(const uint8_t *data, size_t size, char *path, size_t cap) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, cap, "%s/lwfuzz-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return 0;
  size_t off = 0;
  while (off < size) {
    ssize_t k = write(fd, data + off, size - off);
    if (k <= 0) {
      close(fd);
      unlink(path);
      return 0;
    }
    off += (size_t)k;
  }
  close(fd);
  return 1;
}
#endif
