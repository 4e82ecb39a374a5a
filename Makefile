# kubectl-sail: small C kubectl plugins for the Sail Operator.
#
#   make            build build/bin/kubectl-sail* and the engine library
#   make demo       build, start a local cluster and show kubectl-sail on it
#   make test       unit tests, then integration tests on real local clusters
#   make asan       the same tests with ASan+UBSan builds (build/asan/)
#   make valgrind   the unit tests under valgrind
#   make bench      benchmarks (never part of the tests)
#   make deps       install the Debian -dev packages (needs root)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Layout of a build: every plugin binary is a small front end that links only
# the C library (option tables, --help, --version, completion). The real work
# lives in one shared object, libkubectl-sail.so, that a front end dlopen()s
# when it needs libcurl, libjq, libyaml or OpenSSL: loading those costs more
# than the whole --help path may take.

.DEFAULT_GOAL := all
SHELL := /bin/bash
# No built-in rules: '%: %.o' would try to "remake" the included .d files
# through the front-end pattern rule.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

BUILD ?= build
O := $(BUILD)/obj
BIN := $(BUILD)/bin
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
SAIL_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo v0.1.0-dev)
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wno-missing-field-initializers -fPIC -MMD -MP \
	-iquote common -iquote plugins -iquote $(O)/gen
FRONT_LIBS := -ldl
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
# LeakSanitizer crashes scanning the TLS of dlopen()ed libraries: sanitizer
# builds link the engine into every front end (see plugins/front.c).
FRONT_DEFS := -DSAIL_LINKED_ENGINE
FRONT_LIBS = $(O)/plugins/engine.o $(LIBPLUGINS) $(LIBSAIL) $(ENGINE_LIBS) -ldl
FRONT_DEPS = $(O)/plugins/engine.o $(LIBPLUGINS)
endif
ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS) $(SAN)
ALL_LDFLAGS = $(LDFLAGS) $(SAN) -Wl,--as-needed
ENGINE_LIBS := -lcurl -ljq -lyaml -lssl -lcrypto -lm

COMMANDS := install upgrade tag remote_secret ca status uninstall

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(O)/%.o) $(O)/gen/embedded.o
OPTIONS_SRC := plugins/commands.c $(foreach c,$(COMMANDS),plugins/$(c)/options.c)
OPTIONS_OBJ := $(OPTIONS_SRC:%.c=$(O)/%.o)
IMPL_SRC := $(filter-out $(OPTIONS_SRC) plugins/front.c plugins/engine.c, \
	$(sort $(wildcard plugins/*.c plugins/*/*.c)))
IMPL_OBJ := $(IMPL_SRC:%.c=$(O)/%.o)

TEMPLATE_FILES := $(sort $(wildcard templates/*.jq templates/*.yaml))

LIBSAIL := $(O)/libsail.a
LIBPLUGINS := $(O)/libplugins.a
ENGINE := $(BIN)/libkubectl-sail.so
FRONTS := $(BIN)/kubectl-sail $(foreach c,$(COMMANDS),$(BIN)/kubectl-sail-$(c))
COMPLETERS := $(BIN)/kubectl_complete-sail \
	$(foreach c,$(COMMANDS),$(BIN)/kubectl_complete-sail-$(c))

UNIT_SRC := $(sort $(wildcard tests/unit/t-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPERS := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))
TEST_HELPER_OBJ := $(TEST_HELPERS:%.c=$(O)/%.o)

all: $(FRONTS) $(COMPLETERS) $(ENGINE)

# Rewritten only when the version changes, so every object that includes it
# (all of them, through sail.h) is rebuilt together and front ends and engine
# always agree.
VERSION_H := $(O)/gen/version.h
$(VERSION_H): FORCE
	@mkdir -p $(@D)
	@echo '#define SAIL_VERSION "$(SAIL_VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(O)/%.o: %.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/gen/embedded.c: templates/embed.sh $(TEMPLATE_FILES)
	@mkdir -p $(@D)
	bash templates/embed.sh $(TEMPLATE_FILES) > $@.tmp && mv $@.tmp $@

$(O)/gen/embedded.o: $(O)/gen/embedded.c | $(VERSION_H)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBSAIL): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBPLUGINS): $(IMPL_OBJ) $(OPTIONS_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(ENGINE): $(O)/plugins/engine.o $(LIBPLUGINS) $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(O)/plugins/engine.o \
		-Wl,--whole-archive $(LIBPLUGINS) $(LIBSAIL) -Wl,--no-whole-archive \
		$(ENGINE_LIBS)

# One front object per command; the dispatcher is the one with no command.
$(O)/plugins/front-%.o: plugins/front.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FRONT_DEFS) -DFRONT_CMD='"$*"' -c -o $@ $<
$(O)/plugins/front-sail.o: plugins/front.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FRONT_DEFS) -DFRONT_CMD='""' -c -o $@ $<

# Fronts must not need libcurl, libjq, libyaml or OpenSSL: no such -l here,
# so a front that reaches for them fails to link.
$(BIN)/kubectl-sail: $(O)/plugins/front-sail.o $(OPTIONS_OBJ) $(LIBSAIL) $(FRONT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(OPTIONS_OBJ) $(LIBSAIL) $(FRONT_LIBS)
$(BIN)/kubectl-sail-%: $(O)/plugins/front-%.o $(OPTIONS_OBJ) $(LIBSAIL) $(FRONT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(OPTIONS_OBJ) $(LIBSAIL) $(FRONT_LIBS)

# kubectl >= 1.26 asks kubectl_complete-<plugin> for completions.
$(BIN)/kubectl_complete-%: $(BIN)/kubectl-%
	ln -sf $(<F) $@

$(BUILD)/tests/%: $(O)/tests/unit/%.o $(TEST_HELPER_OBJ) $(LIBPLUGINS) $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBPLUGINS) $(LIBSAIL) \
		$(ENGINE_LIBS) -ldl

$(O)/tests/unit/%.o: ALL_CFLAGS += -iquote tests/unit

unit-tests: $(UNIT_BIN)

test: deps all unit-tests
	BUILD=$(BUILD) bash tests/run

demo: deps all
	bash tests/demo

check-unit: deps all unit-tests
	BUILD=$(BUILD) SAIL_SKIP_INTEGRATION=1 bash tests/run

# Every unit test under valgrind: any error or leak (definite, indirect,
# possible) fails.
valgrind: unit-tests
	@for t in $(UNIT_BIN); do \
		TEST_DIR=tests/unit valgrind -q --leak-check=full \
			--errors-for-leak-kinds=definite,indirect,possible \
			--error-exitcode=1 $$t > /dev/null || { echo "valgrind: $$t failed"; exit 1; }; \
	done; echo "valgrind: $(words $(UNIT_BIN)) unit test programs clean"

asan:
	$(MAKE) BUILD=build/asan SANITIZE=1 CFLAGS='-O1 -g' test

bench: all
	BUILD=$(BUILD) bash tests/bench/run

deps:
	bash .ci/deps

# jv_* stays inside the jv wrapper; raw allocation inside the wrappers.
lint:
	@bad=$$(grep -nE '\bjv_[a-z_]+\(' $$(ls common/*.[ch] plugins/*.[ch] plugins/*/*.[ch] 2>/dev/null | grep -vE 'common/(value|jq)\.[ch]$$') || true); \
	if [ -n "$$bad" ]; then echo "jv_* used outside common/value.c and common/jq.c:"; echo "$$bad"; exit 1; fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/kubectl-sail
	install -m 0755 $(FRONTS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0755 $(ENGINE) $(DESTDIR)$(PREFIX)/libexec/kubectl-sail/
	for c in $(notdir $(COMPLETERS)); do \
		ln -sf $${c/kubectl_complete-/kubectl-} $(DESTDIR)$(PREFIX)/bin/$$c; done

# The krew archive: every binary, the engine, the licence, flat (the
# dispatcher finds its siblings next to its resolved path).
dist: all
	@rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist/kubectl-sail
	cp $(FRONTS) $(ENGINE) LICENSE README.md $(BUILD)/dist/kubectl-sail/
	tar -C $(BUILD)/dist/kubectl-sail -czf $(BUILD)/dist/kubectl-sail-linux-amd64.tar.gz .
	@sha256sum $(BUILD)/dist/kubectl-sail-linux-amd64.tar.gz

clean:
	rm -rf $(BUILD)

.PHONY: FORCE valgrind demo dist all test check-unit unit-tests asan bench deps lint install clean
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
-include tests/cluster/cluster.mk
include tests/helper/helper.mk
