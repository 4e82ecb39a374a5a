# Fuzz targets: libFuzzer with clang (Debian's clang package), ASan+UBSan.
# The top-level Makefile includes this file after its own rules.
#
#   make fuzz                   build build/fuzz/ and run every target for
#                               FUZZ_SECONDS (default 60) each, in turn
#   make fuzz FUZZ_SECONDS=0    replay the seed corpora only (regression)
#   make fuzz FUZZ_TARGETS=yaml just that target
#
# Seeds live in tests/fuzz/corpus/TARGET/ (read-only to the fuzzer); what a
# run discovers goes to build/fuzz/corpus/TARGET/, crashes to
# build/fuzz/crashes/. tests/fuzz/README.md says what each target checks.

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_ALL := $(FUZZ_SRC:tests/fuzz/fuzz-%.c=%)
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_BIN := $(FUZZ_ALL:%=$(BUILD)/fuzzers/fuzz-%)

ifeq ($(FUZZ),1)
SAN += -fsanitize=fuzzer-no-link
endif

$(O)/tests/fuzz/%.o: ALL_CFLAGS += -iquote tests/fuzz

$(BUILD)/fuzzers/fuzz-%: $(O)/tests/fuzz/fuzz-%.o $(O)/tests/fuzz/fuzz.o $(LIBPLUGINS) $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(O)/tests/fuzz/fuzz.o \
		$(LIBPLUGINS) $(LIBSAIL) $(ENGINE_LIBS) -ldl

fuzz-build:
ifneq ($(FUZZ),1)
	$(error fuzz-build is make fuzz's inner step: run make fuzz)
endif
fuzz-build: $(FUZZ_BIN)

fuzz:
	@command -v $(FUZZ_CC) > /dev/null || { echo "error: $(FUZZ_CC) not found (make deps)" >&2; exit 1; }
	$(MAKE) BUILD=build/fuzz SANITIZE=1 FUZZ=1 CC=$(FUZZ_CC) CFLAGS='-O1 -g' fuzz-build
	bash tests/fuzz/run build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-build
