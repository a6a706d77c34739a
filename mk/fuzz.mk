# mk/fuzz.mk: libFuzzer targets (fuzz/fuzz_*.c) and their committed corpora.
#   make fuzz          build with clang -fsanitize=fuzzer,address,undefined and run
#                      each target for FUZZ_SECONDS (default 60; make -j2 runs two at once)
#   make fuzz-ci       the same for 30 s each (CI)
#   make fuzz-replay   replay fuzz/corpus/<target>/ through the targets linked with a
#                      plain main() (fuzz/replay.c), built by $(CC) with ASan+UBSan from
#                      the test-san objects: `make test` needs no clang. Inputs listed
#                      in fuzz/known-crashes.txt are skipped (FUZZ_ALL=1 replays them too);
#                      `make fuzz` leaves them out of the seeds as well.
# New inputs found while fuzzing go to build/fuzz/corpus/<target>/ (not committed);
# crashes, timeouts and slow units are written to fuzz/corpus/<target>/ so the replay
# keeps them as tests once committed.
FUZZ_TARGETS = text json xml article jsonl dict_verbs dict_actors dict_agents dict_discards coder
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_BUILD = build/fuzz
FUZZ_SAN = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OPTS ?= -timeout=10 -rss_limit_mb=2048 -report_slow_units=2 -print_final_stats=1
FUZZ_HDR = fuzz/fuzz.h fuzz/dictfuzz.h
TEST_EXTRA += fuzz-replay

# libFuzzer binaries (built in a sub-make with BUILD=$(FUZZ_BUILD), CC=$(FUZZ_CC))
$(FUZZ_BUILD)/fuzz-%: fuzz/fuzz_%.c $(FUZZ_HDR) $(FUZZ_BUILD)/liblapwing.a
	$(CC) $(CPPFLAGS) -Ifuzz $(WARN) $(CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_BUILD)/liblapwing.a $(LDLIBS)

fuzz-build:
	$(MAKE) --no-print-directory -f Makefile BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	  CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)

# The committed corpus minus fuzz/known-crashes.txt is copied to $(FUZZ_BUILD)/seed/<target>.
fuzz-run-%:
	@rm -rf $(FUZZ_BUILD)/seed/$* && mkdir -p $(FUZZ_BUILD)/seed/$* $(FUZZ_BUILD)/corpus/$* fuzz/corpus/$*
	@ls fuzz/corpus/$*/* | grep -vxF -f fuzz/known-crashes.txt | xargs -r cp -t $(FUZZ_BUILD)/seed/$*
	UBSAN_OPTIONS=print_stacktrace=1 $(FUZZ_BUILD)/fuzz-$* $(FUZZ_OPTS) \
	  -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/corpus/$*/ \
	  $(if $(wildcard fuzz/$*.dict),-dict=fuzz/$*.dict) \
	  $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/seed/$* 2>$(FUZZ_BUILD)/$*.log || \
	  { tail -n 60 $(FUZZ_BUILD)/$*.log; exit 1; }
	@grep -E '^(stat::number_of_executed_units|stat::new_units_added)' $(FUZZ_BUILD)/$*.log | \
	  sed 's/^/fuzz $*: /'

fuzz: fuzz-build
	$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-ci:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=30

# Replay with $(CC) + ASan/UBSan, sharing the objects of `make test-san`.
build/san/replay-%: fuzz/fuzz_%.c fuzz/replay.c $(FUZZ_HDR) build/san/liblapwing.a
	$(CC) $(CPPFLAGS) -Ifuzz $(WARN) $(SAN_FLAGS) -o $@ $< fuzz/replay.c build/san/liblapwing.a $(LDLIBS)

fuzz-replay:
	@mkdir -p build/san
	$(MAKE) --no-print-directory -f Makefile BUILD=build/san CFLAGS="$(SAN_FLAGS)" \
	  LDFLAGS="$(SAN_FLAGS)" $(FUZZ_TARGETS:%=build/san/replay-%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  ls fuzz/corpus/$$t/* >/dev/null 2>&1 || { echo "fuzz-replay: $$t: no corpus"; exit 1; }; \
	  files=$$(ls fuzz/corpus/$$t/* | \
	    if [ "$(FUZZ_ALL)" = 1 ]; then cat; else grep -vxF -f fuzz/known-crashes.txt; fi); \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    build/san/replay-$$t $$files; \
	done

.PHONY: fuzz fuzz-ci fuzz-build fuzz-replay

# valgrind over the golden and CLI tests (not part of `make test`: CI calls it).
test-valgrind: lapwing
	sh tests/valgrind.sh ./lapwing

.PHONY: test-valgrind
