# lapwing: plain Makefile. `make` builds ./lapwing and liblapwing.a.
.DEFAULT_GOAL := all
CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
       -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wundef
ifeq ($(CI),true)
WARN += -Werror
endif
CPPFLAGS += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
LDLIBS += -lpthread

LIB_SRC = src/arena.c src/buf.c src/utf8.c src/strtab.c src/date.c src/ini.c src/lex.c \
          src/dict.c src/dictline.c src/dict_verbs.c src/dict_actors.c src/dict_agents.c \
          src/text.c src/chunk.c src/match.c src/coder.c src/cameo.c src/xml.c src/validate.c \
          src/json.c src/input.c src/emit.c src/explain.c src/pipeline.c src/dictcache.c
BUILD ?= build
# Feature makefiles (mk/*.mk) add sources to EXTRA_SRC and test targets to TEST_EXTRA.
EXTRA_SRC :=
TEST_EXTRA :=
include $(wildcard mk/*.mk)

LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(EXTRA_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/builtin.o
DICT_FILES = dict/lapwing.ini $(wildcard dict/*.txt)

all: lapwing liblapwing.a

$(BUILD)/.dir:
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/%.o: src/%.c $(BUILD)/.dir
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/embed: tools/embed.c $(BUILD)/.dir
	$(CC) -O1 -o $@ tools/embed.c

# lapwing's own dictionaries, embedded in the library
$(BUILD)/builtin.c: $(BUILD)/embed $(DICT_FILES)
	$(BUILD)/embed $@ $(DICT_FILES)

$(BUILD)/builtin.o: $(BUILD)/builtin.c
	$(CC) -O0 -c $< -o $@

$(BUILD)/liblapwing.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# copy then rename: a running ./lapwing (a test, a benchmark) is not disturbed
liblapwing.a: $(BUILD)/liblapwing.a
	cp $< $@.tmp && mv -f $@.tmp $@

lapwing: $(BUILD)/lapwing
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/lapwing: $(BUILD)/main.o $(BUILD)/liblapwing.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/liblapwing.a $(LDLIBS)

$(BUILD)/unit: tests/unit.c $(BUILD)/liblapwing.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit.c $(BUILD)/liblapwing.a $(LDLIBS)

# ---- tests ------------------------------------------------------------------
# `make test` runs everything: unit tests, golden end-to-end tests, CLI
# behaviour, the conformance ratchet and the table checks, then the unit and
# end-to-end tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# tests keep their compiled dictionaries to themselves
export LAPWING_CACHE_DIR = $(CURDIR)/test-out/cache

test: lapwing build/unit
	@mkdir -p test-out
	./build/unit
	tests/golden.sh ./lapwing
	tests/cli.sh ./lapwing
	tests/explain.sh ./lapwing
	tests/conformance.sh ./lapwing
	python3 tests/examples_score.py ./lapwing
	./lapwing dict check >test-out/dictcheck-builtin.txt || { cat test-out/dictcheck-builtin.txt; exit 1; }
	tail -n 1 test-out/dictcheck-builtin.txt
	python3 tests/check_cameo_table.py
	sh tests/check_iso_coverage.sh
	$(MAKE) --no-print-directory $(TEST_EXTRA) test-san

# Sanitizer build in its own directory, same sources.
test-san:
	@mkdir -p build/san test-out
	$(MAKE) --no-print-directory -f Makefile BUILD=build/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	  build/san/lapwing build/san/unit
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/san/unit
	ASAN_OPTIONS=detect_leaks=1 tests/golden.sh build/san/lapwing
	ASAN_OPTIONS=detect_leaks=1 tests/cli.sh build/san/lapwing
	ASAN_OPTIONS=detect_leaks=1 tests/explain.sh build/san/lapwing
	ASAN_OPTIONS=detect_leaks=1 tests/conformance.sh build/san/lapwing

update-golden: lapwing
	tests/golden.sh --update ./lapwing

demo: lapwing
	./lapwing code examples/*.txt

bench: lapwing
	python3 bench/run.py

PREFIX ?= /usr/local
install: lapwing liblapwing.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 lapwing $(DESTDIR)$(PREFIX)/bin/lapwing
	install -m 644 liblapwing.a $(DESTDIR)$(PREFIX)/lib/liblapwing.a
	install -m 644 include/lapwing.h $(DESTDIR)$(PREFIX)/include/lapwing.h

clean:
	rm -rf build lapwing liblapwing.a test-out

-include $(wildcard $(BUILD)/*.d)
.PHONY: all clean install test test-san update-golden demo bench
