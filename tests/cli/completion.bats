#!/usr/bin/env bats
# Completion without a cluster: cobra's __complete protocol, values from the
# option tables, the kubeconfig and the version catalogue, a dead cluster
# giving nothing within the deadline, and the shell scripts of
# 'kubectl sail completion'. Names read from a live cluster are tested in
# tests/integration/completion.bats.

load helpers

setup() {
	TMP=$(mktemp -d)
	SERVER_PID=
	cat > "$TMP/kubeconfig" <<-KC
	apiVersion: v1
	kind: Config
	clusters:
	- name: east-cluster
	  cluster: {server: "https://127.0.0.1:1"}
	- name: west-cluster
	  cluster: {server: "https://127.0.0.1:1"}
	users:
	- name: admin
	  user: {token: secret}
	contexts:
	- name: east
	  context: {cluster: east-cluster, user: admin}
	- name: west
	  context: {cluster: west-cluster, user: admin}
	current-context: east
	KC
}

teardown() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2> /dev/null || true
	rm -rf "$TMP"
}

# $output's candidates (without descriptions) on one line, space-separated.
candidates() {
	printf '%s\n' "${lines[@]}" | sed -e '$d' -e 's/\t.*//' | tr '\n' ' '
}

@test "protocol: candidate<TAB>description lines, :DIRECTIVE last, exit 0; __complete and __completeNoDesc" {
	run "$SAIL_BIN/kubectl_complete-sail" ""
	assert_status 0
	[ "${lines[-1]}" = ":4" ]
	[[ ${lines[0]} == install$'\t'* ]]
	for c in install upgrade tag remote-secret ca status uninstall version completion; do
		[[ " $(candidates) " == *" $c "* ]]
	done
	# the same answer from the dispatcher's hidden command, for the scripts
	local direct=$output
	run "$SAIL_BIN/kubectl-sail" __complete ""
	[ "$output" = "$direct" ]
	run "$SAIL_BIN/kubectl-sail" __completeNoDesc install --dry
	[ "$output" = $'--dry-run\n:4' ]
}

@test "flags, choices and booleans from the tables; files and directories by directive" {
	run "$SAIL_BIN/kubectl_complete-sail-install" --update
	[ "$(candidates)" = "--update-strategy " ]
	run "$SAIL_BIN/kubectl_complete-sail-install" --update-strategy ""
	[ "$(candidates)" = "InPlace RevisionBased " ]
	run "$SAIL_BIN/kubectl_complete-sail-install" --cni=
	[ "$(candidates)" = "--cni=true --cni=false " ]
	run "$SAIL_BIN/kubectl_complete-sail-install" -f ""
	[ "${lines[-1]}" = ":0" ]
	run "$SAIL_BIN/kubectl_complete-sail-ca" root --out ""
	[ "${lines[-1]}" = ":16" ]
	run "$SAIL_BIN/kubectl_complete-sail-install" --profile ""
	[[ "$(candidates)" == "ambient default demo "* ]]
	run "$SAIL_BIN/kubectl_complete-sail-status" -o ""
	[ "$(candidates)" = "json yaml name wide jsonpath= " ]
	run "$SAIL_BIN/kubectl_complete-sail-status" -o jsonp
	[ "${lines[-1]}" = ":6" ]
	run "$SAIL_BIN/kubectl_complete-sail" completion ""
	[ "$(candidates)" = "bash zsh fish " ]
	# ca's own --cluster is a certificate's name, not the kubeconfig's
	run env KUBECONFIG="$TMP/kubeconfig" "$SAIL_BIN/kubectl_complete-sail-ca" intermediate --cluster ""
	[ "$output" = ":4" ]
}

@test "--version: the catalogue, aliases described, end-of-life last, order kept" {
	run "$SAIL_BIN/kubectl_complete-sail" install --version ""
	assert_status 0
	[ "${lines[-1]}" = ":36" ]
	assert_output_contains $'v1.30-latest\talias of v1.30.3'
	assert_output_contains $'\tthe default'
	# every end-of-life entry comes after every supported one
	local seen_eol=0 line
	for line in "${lines[@]}"; do
		case $line in
		*end-of-life) seen_eol=1 ;;
		:*) ;;
		*) [ "$seen_eol" = 0 ] ;;
		esac
	done
	[ "$seen_eol" = 1 ]
	run "$SAIL_BIN/kubectl_complete-sail-upgrade" --version=v1.29
	[[ ${lines[0]} == --version=v1.29* ]]
}

@test "--context, --cluster, --user from the merged kubeconfig, --kubeconfig typed first included" {
	run env KUBECONFIG="$TMP/kubeconfig" "$SAIL_BIN/kubectl_complete-sail" status --context ""
	[ "$(candidates)" = "east west " ]
	run env -u KUBECONFIG HOME="$TMP" "$SAIL_BIN/kubectl_complete-sail-status" --kubeconfig "$TMP/kubeconfig" --cluster w
	[ "$(candidates)" = "west-cluster " ]
	run env KUBECONFIG="$TMP/kubeconfig" "$SAIL_BIN/kubectl_complete-sail-install" --user=
	[ "$(candidates)" = "--user=admin " ]
	# a comma-separated list completes its last item, without a space
	run env KUBECONFIG="$TMP/kubeconfig" "$SAIL_BIN/kubectl_complete-sail-status" --contexts east,w
	[ "$(candidates)" = "east,west " ]
	[ "${lines[-1]}" = ":6" ]
}

@test "a cluster that never answers: no candidates, within the deadline" {
	python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
while True:
    c, _ = s.accept(); conns.append(c)   # accept, never answer
' "$TMP/port" &
	SERVER_PID=$!
	local deadline=$((SECONDS + 10))
	until [ -s "$TMP/port" ]; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.05
	done
	local start end
	start=$(date +%s%N)
	run "$SAIL_BIN/kubectl_complete-sail-tag" remove --server "https://127.0.0.1:$(cat "$TMP/port")" \
		--insecure-skip-tls-verify ""
	end=$(date +%s%N)
	assert_status 0
	[ "$output" = ":4" ]
	# about one second; generous for a loaded machine, far from a hang
	[ $(( (end - start) / 1000000 )) -lt 3000 ]
}

@test "flag completion needs no engine (no TLS, no cluster): it works with the engine gone" {
	skip_if_engine_linked
	cp "$SAIL_BIN/kubectl-sail" "$TMP/kubectl-sail"
	ln -s kubectl-sail "$TMP/kubectl_complete-sail"
	run "$TMP/kubectl_complete-sail" install --wai
	[ "$(candidates)" = "--wait " ]
	# a value that needs the engine: nothing, quietly, still exit 0
	run "$TMP/kubectl_complete-sail" install --version ""
	assert_status 0
	[ "$output" = ":36" ] || [ "$output" = ":4" ]
}

@test "kubectl's own completion: versions through kubectl_complete-sail" {
	command -v kubectl > /dev/null || skip "kubectl not installed"
	run env PATH="$SAIL_BIN:/usr/bin:/bin" kubectl __complete sail install --version v1.30-
	assert_status 0
	assert_output_contains "v1.30-latest"
}

@test "completion bash: the script completes commands, flags and values" {
	run "$SAIL_BIN/kubectl-sail" completion bash
	assert_status 0
	printf '%s\n' "$output" > "$TMP/sail.bash"
	bash -n "$TMP/sail.bash"
	# drive it as bash would, for kubectl-sail ins<TAB> and --dry-run=s<TAB>
	run env PATH="$SAIL_BIN:$PATH" bash -c '
		source "$1"
		compopt() { :; }
		COMP_LINE="kubectl-sail ins"; COMP_POINT=${#COMP_LINE}
		COMP_WORDS=(kubectl-sail ins); COMP_CWORD=1
		_kubectl_sail; echo "1:${COMPREPLY[*]}"
		COMP_LINE="kubectl-sail-install --dry-run=s"; COMP_POINT=${#COMP_LINE}
		COMP_WORDS=(kubectl-sail-install --dry-run = s); COMP_CWORD=3
		_kubectl_sail; echo "2:${COMPREPLY[*]}"
	' _ "$TMP/sail.bash"
	assert_status 0
	assert_output_contains "1:install"
	assert_output_contains "2:server"
}

@test "completion zsh and fish: scripts that parse; an unknown shell is refused" {
	run "$SAIL_BIN/kubectl-sail" completion zsh
	assert_status 0
	assert_output_contains "compdef _kubectl_sail kubectl-sail kubectl-sail-install"
	if command -v zsh > /dev/null; then
		printf '%s\n' "$output" > "$TMP/_sail"
		zsh -n "$TMP/_sail"
	fi
	run "$SAIL_BIN/kubectl-sail" completion fish
	assert_status 0
	assert_output_contains "complete -c kubectl-sail -f -a '(__kubectl_sail_complete)'"
	if command -v fish > /dev/null; then
		printf '%s\n' "$output" > "$TMP/sail.fish"
		fish --no-execute "$TMP/sail.fish"
	fi
	run "$SAIL_BIN/kubectl-sail" completion tcsh
	assert_status 1
	assert_output_contains 'error: completion: unsupported shell "tcsh": expected bash, zsh or fish'
}
