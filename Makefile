# kubectl-sail: small C kubectl plugins for the Sail Operator.
#
#   make            build build/bin/kubectl-sail* and the engine library
#   make demo       build, start a local cluster and show kubectl-sail on it
#   make test       unit tests, then integration tests on real local clusters
#   make asan       the same tests with ASan+UBSan builds (build/asan/)
#   make valgrind   the unit tests under valgrind
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (tests/fuzz/)
#   make bench      benchmarks (never part of the tests)
#   make deps       install the Debian -dev packages (needs root)
#   make install    PREFIX=/usr/local DESTDIR= (make uninstall removes it)
#   make man        the man pages, from the option tables and help texts
#   make dist       the krew archive and its filled manifest (build/dist/)
#   make deb        the Debian package (build/deb/)
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
ifeq ($(strip $(BUILD)),)
$(error BUILD must name a directory, e.g. build)
endif
O := $(BUILD)/obj
BIN := $(BUILD)/bin
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
# Semantic versions (krew wants "v" and semver): a release tag vX.Y.Z on
# the commit built, else the VERSION file. The commit is reported beside it.
SAIL_VERSION ?= $(or $(shell git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null),$(shell cat VERSION))
SAIL_COMMIT ?= $(or $(shell git rev-parse --short=7 HEAD 2>/dev/null),unknown)$(if $(shell git status --porcelain --untracked-files=no 2>/dev/null | head -c1),-dirty)
# Reproducible archives and man pages: the commit's time, not the clock's.
SOURCE_DATE_EPOCH ?= $(or $(shell git log -1 --format=%ct 2>/dev/null),0)
export SOURCE_DATE_EPOCH
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-ffile-prefix-map=$(CURDIR)/= \
	-Wno-missing-field-initializers -fPIC -MMD -MP \
	-iquote common -iquote plugins -iquote $(O)/gen
FRONT_LIBS := -ldl
# The engine loads libcurl when the first request needs it (common/
# curl_load.h); sanitizer builds link it.
CURL_DEFS := -DSAIL_CURL_DLOPEN
ifeq ($(SANITIZE),1)
CURL_DEFS :=
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
# LeakSanitizer crashes scanning the TLS of dlopen()ed libraries: sanitizer
# builds link the engine into every front end (see plugins/front.c).
FRONT_DEFS := -DSAIL_LINKED_ENGINE
FRONT_LIBS = $(O)/plugins/engine.o $(LIBPLUGINS) $(LIBSAIL) $(ENGINE_LIBS) -ldl
FRONT_DEPS = $(O)/plugins/engine.o $(LIBPLUGINS)
endif
ALL_CFLAGS = $(BASE_CFLAGS) $(CURL_DEFS) $(CFLAGS) $(SAN)
ALL_LDFLAGS = $(LDFLAGS) $(SAN) -Wl,--as-needed
ENGINE_LIBS := -lcurl -ljq -lyaml -lssl -lcrypto -lz -lm

# Commands with a binary of their own, and those kubectl-sail runs itself.
COMMANDS := install upgrade tag remote_secret ca status uninstall
DISPATCHER_COMMANDS := precheck version completion

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(O)/%.o) $(O)/gen/embedded.o $(O)/gen/crds.o
# Front-end safe: tables, help, completion (no libcurl, libjq, libyaml, OpenSSL).
OPTIONS_SRC := plugins/commands.c plugins/complete.c \
	$(foreach c,$(COMMANDS) $(DISPATCHER_COMMANDS),plugins/$(c)/options.c)
OPTIONS_OBJ := $(OPTIONS_SRC:%.c=$(O)/%.o)
IMPL_SRC := $(filter-out $(OPTIONS_SRC) plugins/front.c plugins/engine.c plugins/manpage.c, \
	$(sort $(wildcard plugins/*.c plugins/*/*.c)))
IMPL_OBJ := $(IMPL_SRC:%.c=$(O)/%.o)

TEMPLATE_FILES := $(sort $(wildcard templates/*.jq templates/*.yaml))
# The operator's CRDs (Sail API first, then Istio API), zlib-compressed into
# the engine by templates/embedz.c.
CRD_FILES := $(sort $(wildcard templates/crds/sailoperator.io_*.yaml)) \
	$(filter-out templates/crds/sailoperator.io_%,$(sort $(wildcard templates/crds/*.yaml)))

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

MAN_DIR := $(BUILD)/man
MAN_PAGES := $(MAN_DIR)/kubectl-sail.1 $(foreach c,$(COMMANDS) $(DISPATCHER_COMMANDS), \
	$(MAN_DIR)/kubectl-sail-$(subst _,-,$(c)).1)
COMPLETION_SCRIPTS := $(BUILD)/completions/kubectl-sail.bash \
	$(BUILD)/completions/_kubectl-sail $(BUILD)/completions/kubectl-sail.fish

all: $(FRONTS) $(COMPLETERS) $(ENGINE) $(MAN_PAGES) $(COMPLETION_SCRIPTS)

# Rewritten only when the version changes, so every object that includes it
# (all of them, through sail.h) is rebuilt together and front ends and engine
# always agree.
VERSION_H := $(O)/gen/version.h
$(VERSION_H): FORCE
	@mkdir -p $(@D)
	@{ echo '#define SAIL_VERSION "$(SAIL_VERSION)"'; \
	   echo '#define SAIL_COMMIT "$(SAIL_COMMIT)"'; } > $@.tmp
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

# A build-time tool: plain flags, no sanitizers.
$(BUILD)/tools/embedz: templates/embedz.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $< -lz

$(O)/gen/crds.c: $(BUILD)/tools/embedz $(CRD_FILES)
	@mkdir -p $(@D)
	$(BUILD)/tools/embedz embedded_crds $(CRD_FILES) > $@.tmp && mv $@.tmp $@

$(O)/gen/crds.o: $(O)/gen/crds.c | $(VERSION_H)
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

# Man pages from the option tables and help texts (plugins/manpage.c).
$(BUILD)/tools/manpage: $(O)/plugins/manpage.o $(OPTIONS_OBJ) $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(OPTIONS_OBJ) $(LIBSAIL)
$(MAN_PAGES) &: $(BUILD)/tools/manpage
	@mkdir -p $(MAN_DIR)
	$(BUILD)/tools/manpage $(MAN_DIR)
man: $(MAN_PAGES)

$(BUILD)/completions/kubectl-sail.bash: $(BIN)/kubectl-sail
	@mkdir -p $(@D)
	$< completion bash > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/_kubectl-sail: $(BIN)/kubectl-sail
	@mkdir -p $(@D)
	$< completion zsh > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/kubectl-sail.fish: $(BIN)/kubectl-sail
	@mkdir -p $(@D)
	$< completion fish > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: $(O)/tests/unit/%.o $(TEST_HELPER_OBJ) $(LIBPLUGINS) $(LIBSAIL)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBPLUGINS) $(LIBSAIL) \
		$(ENGINE_LIBS) -ldl

$(O)/tests/unit/%.o: ALL_CFLAGS += -iquote tests/unit

unit-tests: $(UNIT_BIN)

test: deps all unit-tests
	BUILD=$(BUILD) bash tests/run

# The integration suite against a real Sail Operator that you built (see
# tests/cluster/README.md): SAIL_OPERATOR=/path/to/it make test-operator
# [OPERATOR_TESTS="upgrade.bats install.bats"]. CI runs make test.
test-operator: deps all
	@test -n "$$SAIL_OPERATOR$$SAIL_OPERATOR_BIN" || { echo "make test-operator: set SAIL_OPERATOR to a Sail Operator binary you built (see tests/cluster/README.md)" >&2; exit 2; }
	SAIL_TEST_OPERATOR=real BUILD=$(BUILD) bash tests/run \
		$(if $(OPERATOR_TESTS),$(addprefix tests/integration/,$(OPERATOR_TESTS)),tests/integration)

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

# Only kubectl-sail (and its completer) on PATH, as under krew: kubectl
# plugin list shows one plugin and kubectl completes each command once.
# The other front ends live beside the engine, where kubectl-sail finds
# them. Installed binaries are stripped.
BINDIR = $(DESTDIR)$(PREFIX)/bin
LIBEXECDIR = $(DESTDIR)$(PREFIX)/libexec/kubectl-sail
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHCOMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
STRIP ?= strip
INSTALLED_BIN = kubectl-sail kubectl_complete-sail
INSTALLED_LIBEXEC = $(notdir $(filter-out $(BIN)/kubectl-sail,$(FRONTS)) $(ENGINE))

install: all
	install -d $(BINDIR) $(LIBEXECDIR) $(MAN1DIR) $(BASHCOMPDIR) $(ZSHCOMPDIR) $(FISHCOMPDIR)
	install -m 0755 -s --strip-program=$(STRIP) $(BIN)/kubectl-sail $(BINDIR)/
	ln -sf kubectl-sail $(BINDIR)/kubectl_complete-sail
	install -m 0755 -s --strip-program=$(STRIP) $(filter-out $(BIN)/kubectl-sail,$(FRONTS)) $(LIBEXECDIR)/
	install -m 0644 $(ENGINE) $(LIBEXECDIR)/
	$(STRIP) --strip-unneeded $(LIBEXECDIR)/$(notdir $(ENGINE))
	install -m 0644 $(MAN_PAGES) $(MAN1DIR)/
	install -m 0644 $(BUILD)/completions/kubectl-sail.bash $(BASHCOMPDIR)/kubectl-sail
	install -m 0644 $(BUILD)/completions/_kubectl-sail $(ZSHCOMPDIR)/_kubectl-sail
	install -m 0644 $(BUILD)/completions/kubectl-sail.fish $(FISHCOMPDIR)/kubectl-sail.fish

uninstall:
	rm -f $(addprefix $(BINDIR)/,$(INSTALLED_BIN)) \
		$(addprefix $(LIBEXECDIR)/,$(INSTALLED_LIBEXEC)) \
		$(addprefix $(MAN1DIR)/,$(notdir $(MAN_PAGES))) \
		$(BASHCOMPDIR)/kubectl-sail $(ZSHCOMPDIR)/_kubectl-sail $(FISHCOMPDIR)/kubectl-sail.fish
	-rmdir $(LIBEXECDIR) 2> /dev/null

# The krew archive, reproducible (sorted names, the commit's time, owner
# 0, gzip -n, stripped binaries): every front end, the engine, the licence,
# flat (the dispatcher finds its siblings next to its resolved path); and
# the filled manifest beside it. DIST_URI: where the release will serve it.
DIST_OS := linux
DIST_ARCH ?= $(patsubst x86_64,amd64,$(patsubst aarch64,arm64,$(shell uname -m)))
DIST_NAME = kubectl-sail_$(SAIL_VERSION)_$(DIST_OS)_$(DIST_ARCH)
DIST_URI ?= https://github.com/kubectl-sail/kubectl-sail/releases/download/$(SAIL_VERSION)/$(DIST_NAME).tar.gz
DIST_DIR = $(BUILD)/dist

dist: all
	@rm -rf $(DIST_DIR) && mkdir -p $(DIST_DIR)/$(DIST_NAME)
	install -m 0755 -s --strip-program=$(STRIP) $(FRONTS) $(DIST_DIR)/$(DIST_NAME)/
	install -m 0644 $(ENGINE) LICENSE README.md $(DIST_DIR)/$(DIST_NAME)/
	$(STRIP) --strip-unneeded $(DIST_DIR)/$(DIST_NAME)/$(notdir $(ENGINE))
	tar --sort=name --mtime=@$(SOURCE_DATE_EPOCH) --owner=0 --group=0 --numeric-owner \
		--mode=u+rwX,go=rX --format=gnu -C $(DIST_DIR)/$(DIST_NAME) -cf - . | \
		gzip -9n > $(DIST_DIR)/$(DIST_NAME).tar.gz
	sha=$$(sha256sum $(DIST_DIR)/$(DIST_NAME).tar.gz | cut -d' ' -f1) && \
	sed -e '/^#/d' -e 's|^  version: VERSION$$|  version: $(SAIL_VERSION)|' \
		-e 's|^    uri: URI$$|    uri: $(DIST_URI)|' -e "s|^    sha256: SHA256\$$|    sha256: $$sha|" \
		-e 's|^        arch: amd64$$|        arch: $(DIST_ARCH)|' krew/sail.yaml > $(DIST_DIR)/sail.yaml
	@cd $(DIST_DIR) && sha256sum $(DIST_NAME).tar.gz && echo "manifest: $(DIST_DIR)/sail.yaml"

# The Debian package (deb/build): make install's layout under /usr.
deb: all
	bash deb/build $(BUILD) $(SAIL_VERSION)

clean:
	rm -rf $(BUILD)

.PHONY: FORCE valgrind demo dist all test test-operator check-unit unit-tests asan bench deps lint install uninstall man deb clean
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
-include tests/cluster/cluster.mk
include tests/helper/helper.mk
include tests/fuzz/fuzz.mk
