#!/usr/bin/env bash
# Tenantry against Node's isolated-vm, the same scripts in one run; prints both and the ratios.
#   benchmarks/peer/run-peer-comparison.sh [workers=2] [warm-up s=15] [measure s=20] [fib iterations=200]
# fib(27) is timed as a median over the second half of 2 x <fib iterations> runs on each side: the worker compiles
# fib in the background with the Graal compiler running as Java code, and 30 runs (150 ms) ended before that
# compilation did (4.7 ms against a steady 1.8 ms, measured).
# Needs node and npm (20+). isolated-vm is installed here from the npm registry; when no prebuilt binary
# downloads, npm compiles it, which needs node's headers (Debian: apt-get install libnode-dev; the script passes
# --nodedir=/usr when /usr/include/node exists) and a C++ toolchain (make, g++, python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="$ROOT/benchmarks/peer"
WORKERS="${1:-2}" WARMUP="${2:-15}" MEASURE="${3:-20}" FIB="${4:-200}"

command -v node >/dev/null || { echo "peer: node is not installed" >&2; exit 1; }
if [ ! -f "$PEER/node_modules/isolated-vm/out/isolated_vm.node" ]; then
  echo "peer: installing isolated-vm from the npm registry..." >&2
  nodedir=()
  [ -d /usr/include/node ] && nodedir=(--nodedir=/usr)
  (cd "$PEER" && npm install --no-audit --no-fund "${nodedir[@]}" >&2)
  [ -f "$PEER/node_modules/isolated-vm/out/isolated_vm.node" ] || {
    echo "peer: isolated-vm did not install: no prebuilt binary downloaded and it could not be compiled (see npm's output above)" >&2
    exit 1
  }
fi

jdk_line="$("$ROOT/tenantry" java)"
export JAVA_HOME="${jdk_line% (Java *}"
major="${jdk_line##*(Java }"; major="${major%)}"
JAVA_OPTS=()
if [ "$major" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  JAVA_OPTS+=(--sun-misc-unsafe-memory-access=allow)
fi
echo "peer: building (JDK $major)..." >&2
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl benchmarks -am package >&2

cd "$ROOT"   # the GraalJS compiler folder, isolation-graaljs/target/jit, is found from here
echo "peer: machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp benchmarks/target/benchmarks.jar dev.tenantry.benchmarks.peer.PeerComparison \
  "$WORKERS" "$WARMUP" "$MEASURE" "$FIB" "$PEER"
