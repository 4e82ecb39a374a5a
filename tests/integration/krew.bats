#!/usr/bin/env bats
# The krew archive and manifest of `make dist`, installed by krew itself
# (v0.4.3, built from its Go module by tests/cluster/build-krew and cached)
# into a temporary KREW_ROOT: the plugin works through krew's one link
# (the dispatcher finds its siblings in krew's store), the completion
# caveat's link works and survives `krew upgrade`, and uninstall leaves
# nothing. PATH holds only krew's bin/, kubectl, krew and git.

load helpers

bats_require_minimum_version 1.5.0

setup_file() {
    "$CLUSTER_SCRIPTS/build-krew" >&2
    # The suite's binaries are build/'s; `make asan` runs this file with
    # BUILD=build/asan in make's environment, which must not leak into it.
    env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u BUILD -u SANITIZE -u CFLAGS \
        make -s -C "$REPO" dist >/dev/null
}

setup() {
    require_sail_bin
    kubectl config use-context cluster1 >/dev/null
    export KREW_ROOT=$BATS_TEST_TMPDIR/krew KREW_NO_UPGRADE_CHECK=1
    TOOLS=$BATS_TEST_TMPDIR/tools
    USERBIN=$BATS_TEST_TMPDIR/userbin
    mkdir -p "$TOOLS" "$USERBIN"
    ln -s "$REPO/build/tools/bin/kubectl-krew" "$TOOLS/kubectl-krew"
    ln -s "$(command -v kubectl)" "$TOOLS/kubectl"
    ln -s "$(command -v git)" "$TOOLS/git"
    KPATH="$USERBIN:$KREW_ROOT/bin:$TOOLS"
    MANIFEST=$REPO/build/dist/sail.yaml
    ARCHIVE=$(ls "$REPO"/build/dist/kubectl-sail_*.tar.gz)
    VERSION=$(awk '$1 == "version:" {print $2}' "$MANIFEST")
}

k() { env PATH="$KPATH" kubectl "$@" </dev/null; }

# A local index (krew's uninstall and upgrade read one) holding MANIFEST,
# with VERSION and URI replaced as given.
index() {
    local dir=$KREW_ROOT/index/default
    mkdir -p "$dir/plugins"
    sed -e "s|^  version: .*|  version: $1|" -e "s|^    uri: .*|    uri: $2|" "$MANIFEST" >"$dir/plugins/sail.yaml"
    git -C "$dir" init -q 2>/dev/null || true
    git -C "$dir" add -A
    git -C "$dir" -c user.name=test -c user.email=test@example.invalid commit -qm "$1"
}

# Everything of sail's under KREW_ROOT (the index aside).
leftovers() {
    find "$KREW_ROOT" -path "$KREW_ROOT/index" -prune -o -not -type d -print | grep -i sail || true
}

@test "krew installs the archive; kubectl sail runs through krew's link; uninstall leaves nothing" {
    [[ $VERSION =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]
    index "$VERSION" "https://example.invalid/unused.tar.gz"
    run k krew install --manifest="$MANIFEST" --archive="$ARCHIVE"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [[ $output == *"Installed plugin: sail"* ]]
    [[ $output == *"libjq1 libyaml-0-2"* ]]   # the caveat names the libraries
    [ -L "$KREW_ROOT/bin/kubectl-sail" ]
    [ "$(ls "$KREW_ROOT/bin")" = kubectl-sail ]

    run k sail --help
    [ "$status" -eq 0 ]
    [[ $output == *"Available Commands:"* ]]
    run k sail version --remote=false --short
    [ "$output" = "Client Version: $VERSION" ]
    run --separate-stderr k sail install --dry-run=client -o yaml
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ $output == *"kind: Istio"* ]]
    run --separate-stderr k sail status
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }

    run k krew uninstall sail
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ -z "$(leftovers)" ] || { leftovers; false; }
    run k sail --help
    [ "$status" -ne 0 ]
}

@test "completion needs the caveat's link; linked to krew's link it survives krew upgrade" {
    # krew downloads from the index's URI: a loopback server hands out the archive
    cp "$ARCHIVE" "$BATS_TEST_TMPDIR/sail.tar.gz"
    python3 -c '
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
h.log_message = lambda *a: None
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()' "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/port" &
    defer kill $!
    wait_for --timeout 10 test -s "$BATS_TEST_TMPDIR/port"
    uri="http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")/sail.tar.gz"
    index "$VERSION" "$uri"
    run k krew install --no-update-index sail
    [ "$status" -eq 0 ] || { echo "$output"; false; }

    # without kubectl_complete-sail, kubectl offers nothing for sail's flags
    run k __complete sail install --dry
    [[ $output != *--dry-run* ]]
    # the caveat's link, and the link the old caveat suggested (readlink -f)
    ln -sf "$KREW_ROOT/bin/kubectl-sail" "$USERBIN/kubectl_complete-sail"
    old=$(readlink -f "$KREW_ROOT/bin/kubectl-sail")
    run k __complete sail install --dry
    [[ $output == *--dry-run* ]]
    [[ $(k __complete sail install --version v1.30-) == *v1.30-latest* ]]

    index v99.0.0 "$uri"
    run k krew upgrade --no-update-index sail
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(ls "$KREW_ROOT/store/sail")" = v99.0.0 ]
    [ ! -e "$old" ]                              # the store path moved: a link to it dangles
    run k __complete sail install --dry          # krew's own link was updated
    [[ $output == *--dry-run* ]]
    run k sail tag --help
    [ "$status" -eq 0 ]

    run k krew uninstall sail
    [ "$status" -eq 0 ]
    [ -z "$(leftovers)" ] || { leftovers; false; }
}
