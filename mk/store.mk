# mk/store.mk: the SQLite event store (`code --db`), `lapwing query` and
# `lapwing report`; their tests (test-store, again under ASan+UBSan in
# test-store-san) and the 10-million-event benchmark (make bench-store).
EXTRA_SRC += src/store.c src/query.c src/report.c
LDLIBS += -lsqlite3 -lm
TEST_EXTRA += test-store test-store-san

$(BUILD)/store_test: tests/store_test.c $(BUILD)/liblapwing.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ tests/store_test.c $(BUILD)/liblapwing.a $(LDLIBS)

$(BUILD)/store_gen: bench/store_gen.c $(BUILD)/liblapwing.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ bench/store_gen.c $(BUILD)/liblapwing.a $(LDLIBS)

# Store, query and report tests, then the report in headless Chromium.
test-store: $(BUILD)/store_test
	@mkdir -p test-out/store
	$(BUILD)/store_test
	sh tests/report_chromium.sh test-out/store/report.html test-out/report.png

test-store-san:
	@mkdir -p build/san test-out/store
	$(MAKE) --no-print-directory -f Makefile BUILD=build/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	  build/san/store_test
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/san/store_test

bench-store: $(BUILD)/store_gen $(BUILD)/store_test
	sh bench/store_scale.sh

.PHONY: test-store test-store-san bench-store
