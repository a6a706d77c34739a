# mk/dictcheck.mk: `lapwing dict check` (src/dictcheck.c) and its tests.
EXTRA_SRC += src/dictcheck.c
TEST_EXTRA += test-dictcheck

$(BUILD)/dictcheck-test: tests/dictcheck.c $(BUILD)/liblapwing.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ tests/dictcheck.c $(BUILD)/liblapwing.a $(LDLIBS)

# The C test runs against the library; the CLI test skips until main.c has the command.
test-dictcheck: $(BUILD)/dictcheck-test lapwing
	$(BUILD)/dictcheck-test
	sh tests/dictcheck.sh ./lapwing

.PHONY: test-dictcheck
