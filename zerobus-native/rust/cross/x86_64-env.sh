#!/usr/bin/env bash
# Sourced by build-native.sh (build and test, so both share one set of compiled crates): on a Linux x86-64 machine,
# links everything cargo builds for the host against Debian bullseye's glibc 2.31 (cross/sysroot.sh amd64), through
# the gcc wrapper cross/gcc-sysroot-x86_64, so that linux-x86_64/libzerobus_native.so needs at most GLIBC_2.31 whatever
# the build machine's glibc is. Tests and build scripts linked that way run on the newer host glibc as well.
#   ZEROBUS_SYSROOT=none      link against this machine's glibc instead (the library then needs that glibc or newer)
#   ZEROBUS_REQUIRE_SYSROOT=1 fail instead of falling back when the sysroot cannot be fetched
zbn_x86_64_sysroot() {
  local cross_dir
  cross_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || return 0
  local host_glibc
  host_glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
  if [ "${ZEROBUS_SYSROOT:-}" = none ]; then
    echo "[zerobus-native] ZEROBUS_SYSROOT=none: linking against this machine's glibc ${host_glibc:-?}; the library" \
      "will not load on systems with an older glibc" >&2
    return 0
  fi
  local root
  if root="$(bash "$cross_dir/sysroot.sh" amd64)"; then
    export ZEROBUS_SYSROOT_X86_64="$root"
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="$cross_dir/gcc-sysroot-x86_64"
    export CC_x86_64_unknown_linux_gnu="$cross_dir/gcc-sysroot-x86_64"
    echo "[zerobus-native] linux-x86_64: linking against the glibc 2.31 sysroot $root" >&2
  elif [ "${ZEROBUS_REQUIRE_SYSROOT:-}" = 1 ]; then
    echo "[zerobus-native] the Debian bullseye sysroot could not be fetched (see above) and ZEROBUS_REQUIRE_SYSROOT=1" >&2
    exit 1
  else
    echo "[zerobus-native] WARNING: the Debian bullseye sysroot could not be fetched (see above): linking against this" \
      "machine's glibc ${host_glibc:-?} instead, so the library will need glibc ${host_glibc:-of this machine} or" \
      "newer (the released jar needs only 2.31). Set ZEROBUS_REQUIRE_SYSROOT=1 to make this an error, or" \
      "ZEROBUS_SYSROOT=none to skip the attempt." >&2
  fi
}
zbn_x86_64_sysroot
