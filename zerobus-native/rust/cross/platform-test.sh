#!/usr/bin/env bash
# Runs code on an old glibc (Debian bullseye's 2.31) for PlatformLibrariesTest, natively for amd64 (through the
# sysroot's own dynamic loader) and emulated for arm64 (Debian's qemu-user, qemu-aarch64 -L <sysroot>):
#   platform-test.sh dlopen amd64|arm64 LIBRARY   dlopen()s LIBRARY with the sysroot's glibc (dlopen-check.c)
#   platform-test.sh java amd64|arm64 ARG...      runs bullseye's OpenJDK 17 (openjdk-17-jre-headless of that
#                                                 architecture, unpacked into the sysroot) with ARG...
#   platform-test.sh check amd64|arm64 [java]     exits 0 if the above can run here, else 3 with the reason
# The sysroots are cached (sysroot.sh); exit code 3 means "cannot be done on this machine" (the reason is printed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

what="${1:?dlopen|java|check}"
arch="${2:?amd64 or arm64}"
shift 2
case "$arch" in
  amd64) multiarch=x86_64-linux-gnu ;;
  arm64) multiarch=aarch64-linux-gnu ;;
  *) echo "unknown architecture $arch" >&2; exit 2 ;;
esac

unavailable() {
  echo "UNAVAILABLE: $*" >&2
  exit 3
}

jre=(openjdk-17-jre-headless libstdc++6 zlib1g)
need_java=""
[ "$what" = java ] || [ "${1:-}" = java ] && need_java=1
if [ "$arch" = arm64 ]; then
  command -v qemu-aarch64 >/dev/null 2>&1 || unavailable "qemu-aarch64 is not installed (Debian's qemu-user)"
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || unavailable "aarch64-linux-gnu-gcc is not installed"
fi
if [ -n "$need_java" ]; then
  root="$(bash "$here/sysroot.sh" "$arch" "${jre[@]}")" || unavailable "the bullseye $arch sysroot with a JRE cannot be fetched"
else
  root="$(bash "$here/sysroot.sh" "$arch")" || unavailable "the bullseye $arch sysroot cannot be fetched"
fi

# Runs a program of the sysroot's architecture with the sysroot's C library.
run() {
  if [ "$arch" = arm64 ]; then
    exec qemu-aarch64 -L "$root" "$@"
  fi
  exec "$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/lib/$multiarch:$root/usr/lib/$multiarch" "$@"
}

case "$what" in
  check) exit 0 ;;
  dlopen)
    library="${1:?library}"
    bin="$zbn_cross_cache/bin/dlopen-check-$arch"
    mkdir -p "$(dirname "$bin")"
    if [ ! -x "$bin" ] || [ "$here/dlopen-check.c" -nt "$bin" ]; then
      if [ "$arch" = arm64 ]; then
        ZEROBUS_SYSROOT_AARCH64="$root" "$here/gcc-sysroot-aarch64" -O1 -o "$bin.tmp" "$here/dlopen-check.c" -ldl
      else
        ZEROBUS_SYSROOT_X86_64="$root" "$here/gcc-sysroot-x86_64" -O1 -o "$bin.tmp" "$here/dlopen-check.c" -ldl
      fi
      mv "$bin.tmp" "$bin"
    fi
    run "$bin" "$library"
    ;;
  java)
    java_home="$root/usr/lib/jvm/java-17-openjdk-$arch"
    [ -x "$java_home/bin/java" ] || unavailable "no JRE in $root"
    run "$java_home/bin/java" "$@"
    ;;
  *) echo "usage: $0 dlopen|java|check amd64|arm64 ..." >&2; exit 2 ;;
esac
