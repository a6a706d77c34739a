# mk/badinput.mk: lapwing on bad input (tests/badinput.sh; big inputs generated at test time).
TEST_EXTRA += test-badinput

test-badinput: lapwing
	sh tests/badinput.sh ./lapwing

.PHONY: test-badinput
