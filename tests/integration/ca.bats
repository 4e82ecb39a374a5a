#!/usr/bin/env bats
# kubectl sail ca: the seeds' "Common Setup" steps 4-6 (root CA,
# per-cluster intermediates, the cacerts Secret) with OpenSSL's own checks,
# and the cacerts Secret applied to the suite's clusters.

load helpers

bats_require_minimum_version 1.5.0

BIN=${SAIL_BIN:-$REPO/build/bin}

setup() {
    [[ -x $BIN/kubectl-sail-ca ]] || { echo "missing $BIN/kubectl-sail-ca" >&2; return 1; }
    TMP=$BATS_TEST_TMPDIR
}

ca() { "$BIN/kubectl-sail" ca "$@"; }

mode() { stat -c %a "$1"; }

@test "ca root and intermediate: the seeds' certificates, verified by openssl" {
    cd "$TMP"
    ca root --out certs
    [ "$(mode certs/root-key.pem)" = 600 ]
    openssl x509 -in certs/root-cert.pem -noout -subject | grep -qx 'subject=O = Istio, CN = Root CA'
    openssl x509 -in certs/root-cert.pem -noout -text >root.txt
    grep -q 'Public-Key: (4096 bit)' root.txt
    grep -q 'sha256WithRSAEncryption' root.txt
    grep -A1 'Basic Constraints: critical' root.txt | grep -qx ' *CA:TRUE'
    grep -A1 'Key Usage: critical' root.txt | grep -q 'Digital Signature, Non Repudiation, Key Encipherment, Certificate Sign'
    ! grep -q 'Authority Key Identifier' root.txt
    # 3650 days
    local nb na
    nb=$(date -d "$(openssl x509 -in certs/root-cert.pem -noout -startdate | cut -d= -f2)" +%s)
    na=$(date -d "$(openssl x509 -in certs/root-cert.pem -noout -enddate | cut -d= -f2)" +%s)
    [ $(((na - nb) / 86400)) -eq 3650 ]
    openssl pkey -in certs/root-key.pem -pubout | cmp - <(openssl x509 -in certs/root-cert.pem -noout -pubkey)

    ca intermediate --root certs --cluster east --cluster west --out certs
    local c
    for c in east west; do
        [ "$(mode certs/$c/ca-key.pem)" = 600 ]
        openssl verify -CAfile certs/root-cert.pem certs/$c/ca-cert.pem
        openssl verify -CAfile certs/$c/root-cert.pem -untrusted certs/$c/cert-chain.pem certs/$c/ca-cert.pem
        cmp certs/$c/root-cert.pem certs/root-cert.pem
        cat certs/$c/ca-cert.pem certs/root-cert.pem | cmp - certs/$c/cert-chain.pem
        openssl x509 -in certs/$c/ca-cert.pem -noout -subject | grep -qx "subject=O = Istio, CN = Intermediate CA, L = $c"
        openssl x509 -in certs/$c/ca-cert.pem -noout -text >im.txt
        grep -A1 'Basic Constraints: critical' im.txt | grep -qx ' *CA:TRUE, pathlen:0'
        grep -q 'DNS:istiod.istio-system.svc' im.txt
        openssl pkey -in certs/$c/ca-key.pem -pubout | cmp - <(openssl x509 -in certs/$c/ca-cert.pem -noout -pubkey)
    done
    # nothing besides the four files (no csr, conf or srl left behind)
    [ "$(ls -A certs/east | sort | tr '\n' ' ')" = "ca-cert.pem ca-key.pem cert-chain.pem root-cert.pem " ]
}

@test "ca: existing files are never overwritten without --force; ecdsa, --days and -n" {
    cd "$TMP"
    ca root --out certs --key-type ecdsa --days 30
    openssl x509 -in certs/root-cert.pem -noout -text | grep -q 'ASN1 OID: prime256v1'
    local before
    before=$(sha256sum certs/root-key.pem)
    run ca root --out certs --key-type ecdsa
    [ "$status" -eq 1 ]
    [[ $output == *"certs/root-"*"already exists (pass --force to overwrite it)"* ]]
    [ "$(sha256sum certs/root-key.pem)" = "$before" ]
    ca root --out certs --key-type ecdsa --force
    [ "$(sha256sum certs/root-key.pem)" != "$before" ]
    [ "$(mode certs/root-key.pem)" = 600 ]
    ca intermediate --root certs --cluster c1 --out certs --key-type ecdsa --bits 384 -n my-istio
    openssl x509 -in certs/c1/ca-cert.pem -noout -text | grep -q 'DNS:istiod.my-istio.svc'
    openssl x509 -in certs/c1/ca-cert.pem -noout -text | grep -q 'NIST CURVE: P-384'
    run ca intermediate --root certs --cluster c1 --out certs
    [ "$status" -eq 1 ]
    [[ $output == *"already exists"* ]]
    run ca intermediate --root certs --cluster C_1 --out certs
    [ "$status" -eq 1 ]
    run ca root --out certs2 --key-type rsa --bits 1024
    [ "$status" -eq 1 ]
    [[ $output == *"--bits 1024"* ]]
    [ ! -e certs2/root-key.pem ]
}

@test "ca secret: prints the cacerts Secret; refuses a directory that does not verify" {
    cd "$TMP"
    ca root --out certs --bits 2048
    ca intermediate --root certs --cluster east --cluster west --out certs --bits 2048
    ca secret --dir certs/east >s.yaml
    python3 - s.yaml <<'EOF'
import sys, yaml, base64
s = yaml.safe_load(open(sys.argv[1]))
assert s["kind"] == "Secret" and s["metadata"] == {"name": "cacerts", "namespace": "istio-system"}, s["metadata"]
assert sorted(s["data"]) == ["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"]
for k, v in s["data"].items():
    assert base64.b64decode(v).decode() == open("certs/east/" + k).read(), k
EOF
    [ "$(ca secret --dir certs/east -n other -o jsonpath='{.metadata.namespace}')" = other ]
    # a key that does not match its certificate
    mkdir bad && cp certs/east/* bad/ && cp certs/west/ca-key.pem bad/
    run --separate-stderr ca secret --dir bad
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ $stderr == *"refusing 'bad'"*"does not match"* ]]
    # a chain from another root
    ca root --out other --bits 2048
    cp certs/east/ca-key.pem bad/ && cp other/root-cert.pem bad/root-cert.pem
    run ca secret --dir bad
    [ "$status" -eq 1 ]
    [[ $output == *"does not verify against root-cert.pem"* ]]
}

@test "ca secret --apply: created, identical is a no-op, a different CA needs --force" {
    cd "$TMP"
    fresh_ns --context cluster1 ca >/dev/null
    ca root --out certs --bits 2048
    ca intermediate --root certs --cluster east --cluster west --out certs --bits 2048 -n "$NS"
    run ca secret --dir certs/east --apply --context cluster1 -n "$NS"
    [ "$status" -eq 0 ]
    [ "$output" = "secret/cacerts created" ]
    kubectl --context cluster1 -n "$NS" get secret cacerts -o jsonpath='{.data.ca-cert\.pem}' | base64 -d | cmp - certs/east/ca-cert.pem
    run ca secret --dir certs/east --apply --context cluster1 -n "$NS"
    [ "$status" -eq 0 ]
    [ "$output" = "secret/cacerts unchanged" ]
    run --separate-stderr ca secret --dir certs/west --apply --context cluster1 -n "$NS"
    [ "$status" -eq 1 ]
    [[ $stderr == *"holds a different CA"*"mTLS"*"--force"* ]]
    kubectl --context cluster1 -n "$NS" get secret cacerts -o jsonpath='{.data.ca-cert\.pem}' | base64 -d | cmp - certs/east/ca-cert.pem
    run ca secret --dir certs/west --apply --context cluster1 -n "$NS" --force
    [ "$status" -eq 0 ]
    [ "$output" = "secret/cacerts configured" ]
    kubectl --context cluster1 -n "$NS" get secret cacerts -o jsonpath='{.data.ca-cert\.pem}' | base64 -d | cmp - certs/west/ca-cert.pem
    # printed for kubectl apply, in the other cluster
    kubectl --context cluster2 create namespace "$NS" >/dev/null
    defer kubectl --context cluster2 delete namespace "$NS" --wait=false --ignore-not-found
    ca secret --dir certs/west -n "$NS" | kubectl --context cluster2 apply -f -
    kubectl --context cluster2 -n "$NS" get secret cacerts -o jsonpath='{.data.root-cert\.pem}' | base64 -d | cmp - certs/root-cert.pem
}

@test "ca: the seeds' Common Setup steps 4-6 and the remote secrets, on two clusters" {
    cd "$TMP"
    fresh_ns --context cluster1 seed >/dev/null
    kubectl --context cluster2 create namespace "$NS" >/dev/null
    defer kubectl --context cluster2 delete namespace "$NS" --wait=false --ignore-not-found
    for c in cluster1 cluster2; do
        defer kubectl --context "$c" delete clusterrolebinding "istio-reader-clusterrole-$NS" --ignore-not-found
        defer kubectl --context "$c" delete clusterrole "istio-reader-clusterrole-$NS" --ignore-not-found
    done
    ca root --out certs --bits 2048
    ca intermediate --root certs --cluster cluster1 --cluster cluster2 --out certs --bits 2048 -n "$NS"
    for c in cluster1 cluster2; do
        ca secret --dir "certs/$c" --apply --context "$c" -n "$NS"
        kubectl --context "$c" -n "$NS" get secret cacerts -o jsonpath='{.data.root-cert\.pem}' | base64 -d | cmp - certs/root-cert.pem
        kubectl --context "$c" -n "$NS" get secret cacerts -o jsonpath='{.data.ca-cert\.pem}' | base64 -d >"$c.pem"
        openssl x509 -in "$c.pem" -noout -subject | grep -q "L = $c"
    done
    "$BIN/kubectl-sail" remote-secret --mesh cluster1,cluster2 -n "$NS" 2>/dev/null
    kubectl --context cluster2 -n "$NS" get secret -l istio/multiCluster=true -o name | grep -q istio-remote-secret-
    kubectl --context cluster1 -n "$NS" get secret -l istio/multiCluster=true -o name | grep -q istio-remote-secret-
}

@test "ca: usage errors" {
    run ca
    [ "$status" -eq 1 ]
    [[ $output == *"needs a subcommand"* ]]
    run ca root
    [ "$status" -eq 1 ]
    [[ $output == *"needs --out"* ]]
    run ca bogus
    [ "$status" -eq 1 ]
    [[ $output == *'unknown subcommand "bogus"'* ]]
    run ca intermediate --root "$TMP/none" --cluster a --out "$TMP/o"
    [ "$status" -eq 1 ]
    [[ $output == *"cannot read"* ]]
    run ca intermediate --root "$TMP/none" --out "$TMP/o"
    [ "$status" -eq 1 ]
    [[ $output == *"at least one --cluster"* ]]
}
