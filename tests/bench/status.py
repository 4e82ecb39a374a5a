#!/usr/bin/env python3
"""Benchmark of `kubectl sail status` at scale (never a test, never fails on
timing). On a cluster of its own (KUBECONFIG, one context) it loads
namespaces and pods carrying Istio annotations in two steps (SMALL then
LARGE pods, 10 per namespace) and after each step measures, in the same
run, wall time and peak RSS of:
  sail      kubectl sail status (its metadata-only lists, paged by 500)
  curl      a bare curl of the same metadata-only lists, page by page
            (the server's own cost: the floor)
  kubectl   kubectl get ns,pods -A -o json
Usage: status.py KUBECONFIG SAIL_BIN [SMALL LARGE]"""
import base64, concurrent.futures, http.client, json, os, re, ssl, statistics
import subprocess, sys, tempfile, threading, time

KC, SAIL = sys.argv[1], sys.argv[2]
SMALL = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
LARGE = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
PER_NS, RUNS, WORKERS = 10, int(os.environ.get("RUNS", "3")), 8
META = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"

text = open(KC).read()
field = lambda k: re.search(r"^\s*%s:\s*(\S+)" % k, text, re.M).group(1)
server = field("server")
tmp = tempfile.mkdtemp()
files = {}
for k in ("certificate-authority-data", "client-certificate-data", "client-key-data"):
    files[k] = os.path.join(tmp, k)
    with open(files[k], "wb") as f:
        f.write(base64.b64decode(field(k)))
    os.chmod(files[k], 0o600)
host, port = re.match(r"https://([^:/]+):(\d+)", server).groups()
ctx = ssl.create_default_context(cafile=files["certificate-authority-data"])
ctx.load_cert_chain(files["client-certificate-data"], files["client-key-data"])
local = threading.local()


def post(path, obj):
    for attempt in range(50):
        if not getattr(local, "conn", None):
            local.conn = http.client.HTTPSConnection(host, int(port), context=ctx)
        try:
            local.conn.request("POST", path, json.dumps(obj), {"Content-Type": "application/json"})
            r = local.conn.getresponse()
            body = r.read()
        except (OSError, http.client.HTTPException):
            local.conn = None
            continue
        if r.status in (201, 409):
            return
        # a new namespace's default ServiceAccount may not exist yet
        time.sleep(0.2)
    raise SystemExit("bench: POST %s failed: %s %s" % (path, r.status, body[:200]))


def namespace(i):
    labels = {"istio.io/rev": "bench-stable"} if i % 2 == 0 else {"istio-injection": "enabled"}
    post("/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                "metadata": {"name": "bench-%04d" % i, "labels": labels}})


def pod(i, j):
    rev = "bench-v1-30-3" if j % 5 else "bench-v1-29-6"
    ns = "bench-%04d" % i
    post("/api/v1/namespaces/%s/pods" % ns, {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "app-%d" % j, "labels": {"app": "app-%d" % j},
                     "annotations": {"istio.io/rev": rev, "sidecar.istio.io/status":
                                     json.dumps({"containers": ["istio-proxy"], "revision": rev})}},
        "spec": {"automountServiceAccountToken": False,
                 "containers": [{"name": "app", "image": "app:1"},
                                {"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.30.3"}]}})


def load(ns_from, ns_to):
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as ex:
        list(ex.map(namespace, range(ns_from, ns_to)))
        list(ex.map(lambda a: pod(*a), [(i, j) for i in range(ns_from, ns_to) for j in range(PER_NS)]))


def measure(argv, shell=False):
    """Median wall seconds and peak RSS (MiB) of RUNS runs (stdout dropped),
    from GNU time: a forked Python would count its own memory."""
    walls, rss = [], []
    out = os.path.join(tmp, "time")
    cmd = ["bash", "-c", argv] if shell else argv
    for _ in range(RUNS):
        t = time.monotonic()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out] + cmd, check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, KUBECONFIG=KC))
        walls.append(time.monotonic() - t)
        rss.append(int(open(out).read().split()[-1]) / 1024)
    return statistics.median(walls), max(rss)


# The same metadata-only lists sail reads, paged by 500, one curl per page
# (another User-Agent than curl/*: the API server pretty-prints for curl).
CURL = r'''
set -e -o pipefail
for res in namespaces pods; do
  cont="" pages=0
  sel=(); [ $res = pods ] && sel=(--data-urlencode 'fieldSelector=status.phase!=Succeeded')
  while :; do
    c=(); [ -n "$cont" ] && c=(--data-urlencode "continue=$cont")
    cont=$(curl -sfG -A bench --cacert %(ca)s --cert %(cert)s --key %(key)s -H 'Accept: %(accept)s' \
      --data limit=500 "${sel[@]}" "${c[@]}" "%(server)s/api/v1/$res" |
      { grep -o '"continue":"[^"]*"' || true; } | head -1 | cut -d'"' -f4)
    pages=$((pages + 1))
    [ -n "$cont" ] || break
  done
  echo "$res: $pages pages" >&2
done
''' % {"ca": files["certificate-authority-data"], "cert": files["client-certificate-data"],
       "key": files["client-key-data"], "accept": META, "server": server}


def setup_mesh():
    """An Istio with two revisions and a tag, so status has work to do."""
    doc = """
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: bench-cp}}
- apiVersion: sailoperator.io/v1
  kind: Istio
  metadata: {name: bench}
  spec: {version: v1.30.3, namespace: bench-cp, updateStrategy: {type: RevisionBased}}
- apiVersion: sailoperator.io/v1
  kind: IstioRevision
  metadata: {name: bench-v1-30-3}
  spec: {version: v1.30.3, namespace: bench-cp, values: {revision: bench-v1-30-3, global: {istioNamespace: bench-cp}}}
- apiVersion: sailoperator.io/v1
  kind: IstioRevision
  metadata: {name: bench-v1-29-6}
  spec: {version: v1.29.6, namespace: bench-cp, values: {revision: bench-v1-29-6, global: {istioNamespace: bench-cp}}}
- apiVersion: sailoperator.io/v1
  kind: IstioRevisionTag
  metadata: {name: bench-stable}
  spec: {targetRef: {kind: IstioRevision, name: bench-v1-30-3}}
"""
    subprocess.run(["kubectl", "apply", "--server-side", "-f", "-"], input=doc.encode(),
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, KUBECONFIG=KC))


# BENCH_LOADED=1: the cluster holds LARGE pods already; measure only.
loaded = os.environ.get("BENCH_LOADED") == "1"
if not loaded:
    setup_mesh()
rows, done = [], 0
for pods in ((LARGE, LARGE) if loaded else (SMALL, LARGE)):
    t = time.monotonic()
    if not loaded:
        load(done // PER_NS, pods // PER_NS)
    done = pods
    print("bench: loaded %d namespaces, %d pods in %.0f s" % (pods // PER_NS, pods, time.monotonic() - t),
          file=sys.stderr)
    sail = measure([SAIL])
    curl = measure(CURL, shell=True)
    kctl = measure(["kubectl", "get", "ns,pods", "-A", "-o", "json"])
    rows.append((pods, sail, curl, kctl))

print("%-7s %-8s %10s %10s %14s" % ("pods", "case", "wall s", "peak MiB", "x bare curl"))
for pods, sail, curl, kctl in rows:
    for name, (w, m) in (("sail", sail), ("curl", curl), ("kubectl", kctl)):
        print("%-7d %-8s %10.3f %10.1f %14.2f" % (pods, name, w, m, w / curl[0]))
(s_small, s_large) = rows[0][1][0], rows[1][1][0]
print("sail time %d -> %d pods: x%.1f for x%.0f the pods" % (SMALL, LARGE, s_large / s_small, LARGE / SMALL))
