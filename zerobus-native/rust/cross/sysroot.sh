#!/usr/bin/env bash
# Prints the path of an old-glibc sysroot for ARCH (amd64 or arm64), building it first if it is not cached:
#   cross/sysroot.sh amd64|arm64 [EXTRA_PACKAGE...]
# The sysroot is Debian bullseye's C library (glibc 2.31) and kernel headers, unpacked without root (see
# apt-private.sh), so a library linked against it needs at most GLIBC_2.31 and loads on Debian 11, Ubuntu 20.04,
# RHEL/Oracle/Rocky 8.x (glibc 2.28 is older: see docs/platforms.md), Amazon Linux 2023 and anything newer.
# EXTRA_PACKAGE... are unpacked into a separate sysroot (a superset) used by the tests (e.g. a JRE).
# Exits non-zero with a message when the packages cannot be fetched; the caller decides whether to fall back.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

arch="${1:?amd64 or arm64}"
shift
suite="${ZEROBUS_SYSROOT_SUITE:-bullseye}"
packages=(libc6 libc6-dev linux-libc-dev libgcc-s1 libcrypt1 libcrypt-dev "$@")
key="$(printf '%s\n' "$suite" "$arch" "${packages[@]}" | sha256sum | cut -c1-12)"
root="$zbn_cross_cache/sysroot/$suite-$arch-$key"
if [ -f "$root/.complete" ]; then
  echo "$root"
  exit 0
fi

tmp="$root.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
# With its updates and security fixes first; the point release alone if the mirror lacks those files for $arch.
ok=""
for suites in "$suite $suite-updates $suite-security" "$suite"; do
  view="$suite-$arch${suites#"$suite"}"
  view="${view// /+}"
  # shellcheck disable=SC2086
  zbn_apt_view "$view" "$arch" $suites || continue
  rm -rf "$tmp"
  quiet=1
  [ "$suites" != "$suite" ] || quiet=""
  if ZBN_APT_QUIET="$quiet" zbn_apt_unpack "$view" "$tmp" "${packages[@]/%/:$arch}"; then
    ok=1
    break
  fi
  zbn_log "retrying the $arch sysroot without $suite's updates"
done
[ -n "$ok" ] || {
  zbn_log "cannot fetch Debian $suite's C library for the $arch sysroot"
  exit 1
}
rm -rf "$root"
touch "$tmp/.complete"
mv "$tmp" "$root"
trap - EXIT
zbn_log "sysroot $suite/$arch ready: $root ($(grep -o '^libc6_[^_]*' "$root/.packages" | head -1))"
echo "$root"
