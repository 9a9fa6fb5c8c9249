#!/usr/bin/env bash
# Compiles the protoc/grpc-java generated sources against the oldest protobuf-java runtime they support, before the
# module's own compile (which leaves them out): javac emits bridge methods against the runtime it compiles with, and
# gencode compiled against protobuf-java 4.x fails verification on a 3.25.x runtime (GeneratedMessageV3's
# FieldAccessorTable), while gencode compiled against 3.25.x runs on 3.25.x and 4.x alike.
#   compile-gencode.sh <javac> <protobuf-java jar> <file with the rest of the class path> <output dir> <source dir>...
set -euo pipefail
javac="$1" protobuf="$2" classpath_file="$3" out="$4"
shift 4
[ -f "$protobuf" ] || { echo "[compile-gencode] $protobuf is missing" >&2; exit 1; }
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
for dir in "$@"; do
  [ -d "$dir" ] && find "$dir" -name '*.java' | sort >> "$list"
done
[ -s "$list" ] || { echo "[compile-gencode] no generated sources under $*" >&2; exit 1; }
mkdir -p "$out"
"$javac" --release 17 -encoding UTF-8 -nowarn -implicit:none -d "$out" \
  -cp "$protobuf:$(cat "$classpath_file")" @"$list"
echo "[compile-gencode] $(wc -l < "$list") generated sources compiled against $(basename "$protobuf")"
