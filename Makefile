# lapwing: plain Makefile. `make` builds ./lapwing and liblapwing.a.
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
          src/json.c src/input.c src/emit.c
LIB_OBJ = $(LIB_SRC:src/%.c=build/%.o) build/builtin.o
DICT_FILES = dict/lapwing.ini $(wildcard dict/*.txt)

all: lapwing

build:
	@mkdir -p build

build/%.o: src/%.c | build
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c $< -o $@

build/embed: tools/embed.c | build
	$(CC) -O1 -o $@ $<

# lapwing's own dictionaries, embedded in the library
build/builtin.c: build/embed $(DICT_FILES)
	build/embed $@ $(DICT_FILES)

build/builtin.o: build/builtin.c
	$(CC) -O0 -c $< -o $@

liblapwing.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

lapwing: build/main.o liblapwing.a
	$(CC) $(CFLAGS) -o $@ build/main.o liblapwing.a $(LDLIBS)

clean:
	rm -rf build lapwing liblapwing.a

-include $(wildcard build/*.d)
.PHONY: all clean
