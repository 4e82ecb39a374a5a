# Test helper programs (git's t/helper idea): small binaries that drive the
# library against a real cluster for the shell tests. The top-level
# Makefile includes this file after its own rules.
#
#   make test-helpers       build/tests/test-api (also built by unit-tests)

TEST_API := $(BUILD)/tests/test-api

# An explicit rule: it wins over the $(BUILD)/tests/% unit-test pattern.
$(TEST_API): $(O)/tests/helper/test-api.o $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBSAIL) $(ENGINE_LIBS)



test-helpers: $(TEST_API)
unit-tests: $(TEST_API)

.PHONY: test-helpers
