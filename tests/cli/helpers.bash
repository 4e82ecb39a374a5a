# Shared by the CLI tests: the binaries under test and small assertions.
SAIL_BUILD_DIR=${SAIL_BUILD_DIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/build}
SAIL_BIN=${SAIL_BIN:-$SAIL_BUILD_DIR/bin}

# BUILD as the Makefile knows it (relative to the repository), for tests
# that run make: never empty, which would make "/obj" and "/bin" the build.
make_build_dir() {
	local repo
	repo=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	case $SAIL_BUILD_DIR in
	"$repo"/?*) printf '%s\n' "${SAIL_BUILD_DIR#"$repo"/}" ;;
	*) echo "SAIL_BUILD_DIR '$SAIL_BUILD_DIR' is not inside the repository" >&2; return 1 ;;
	esac
}

# Fail with what was expected and what came, when $output lacks $1.
assert_output_contains() {
	if [[ "$output" != *"$1"* ]]; then
		printf 'expected output to contain: %s\nactual output:\n%s\n' "$1" "$output" >&2
		return 1
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		printf 'expected exit status %s, got %s\noutput:\n%s\n' "$1" "$status" "$output" >&2
		return 1
	fi
}

# Sanitizer builds link the engine into every front end (plugins/front.c):
# tests of the dlopen() layout do not apply to them.
skip_if_engine_linked() {
	if ldd "$SAIL_BIN/kubectl-sail-status" 2> /dev/null | grep -q libcurl; then
		skip "this build links the engine in (sanitizer build)"
	fi
}
