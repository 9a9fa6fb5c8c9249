#!/usr/bin/env bash
# Strips the native libraries the jar carries (symbols and debug sections the dynamic linker does not need; the JNI
# exports stay): strip-native.sh <dir with one subdirectory per platform, e.g. target/classes/native>.
# Each library is stripped with a tool that knows its architecture: the host's strip for the host's, the cross
# binutils' (aarch64-linux-gnu-strip) or llvm-strip for others.
set -euo pipefail
dir="${1:?directory of platform subdirectories}"
shopt -s nullglob
libs=("$dir"/*/*.so "$dir"/*/*.dylib)
((${#libs[@]})) || { echo "[strip-native] no libraries under $dir" >&2; exit 1; }
for lib in "${libs[@]}"; do
  platform="$(basename "$(dirname "$lib")")"
  case "$platform" in
    linux-aarch64) tools=(aarch64-linux-gnu-strip llvm-strip strip) ;;
    osx-*) tools=(llvm-strip) ;;
    *) tools=(strip llvm-strip) ;;
  esac
  before=$(stat -c %s "$lib")
  done_with=""
  for tool in "${tools[@]}"; do
    if command -v "$tool" >/dev/null 2>&1 && "$tool" --strip-unneeded "$lib" 2>/dev/null; then
      done_with="$tool"
      break
    fi
  done
  [ -n "$done_with" ] || { echo "[strip-native] no strip tool could handle $lib (tried ${tools[*]})" >&2; exit 1; }
  echo "[strip-native] $platform: $before -> $(stat -c %s "$lib") bytes ($done_with)"
done
