#!/usr/bin/env bash
# The benchmark report in one command: builds the harness (and the modules it measures), measures the Rust core's
# JSON check per record, runs every scenario of BenchmarkRunner and writes docs/benchmarks.md.
#
#   zerobus-benchmarks/run-benchmarks.sh [-Dbench.name=value ...]
#
# The -D settings are BenchmarkRunner's (see zerobus-benchmarks/README.md); the defaults take about half an hour on
# two cores. Run it on a machine that is otherwise idle: the load average before and after goes into the report.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "[run-benchmarks] building zerobus-benchmarks and what it measures" >&2
mvn -B -q -pl zerobus-benchmarks -am -Dzerobus.native.skipAarch64=true -DskipTests package

json_check="$root/zerobus-benchmarks/target/json-check-cost.txt"
echo "[run-benchmarks] measuring the JSON check per record (Rust, best of 400 rounds)" >&2
bash zerobus-native/rust/build-native.sh cargo run --release --quiet --example json_check_cost >"$json_check"

echo "[run-benchmarks] running every scenario" >&2
exec java "-Dbench.jsonCheckReport=$json_check" "$@" \
  -cp "$(cat zerobus-benchmarks/target/classpath.txt):zerobus-benchmarks/target/classes" \
  dev.zerobus.benchmarks.BenchmarkRunner
