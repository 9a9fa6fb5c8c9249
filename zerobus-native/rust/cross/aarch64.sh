#!/usr/bin/env bash
# Cross-builds native/linux-aarch64/libzerobus_native.so on an x86-64 Linux machine:
#   cross/aarch64.sh <output-dir> [CARGO_ARG...]
# CARGO_ARG... are the crate-source flags the caller builds with (build-native.sh passes its cargo_args, e.g.
# --offline --config "source.crates-io.replace-with='...'" --config "source.<name>.directory='<registry>'"); without
# any, ZEROBUS_CARGO_ARGS (shell words) is used, else cargo's own configuration.
#
# The toolchain is Debian's, because rustup here has no aarch64 standard library and cannot download one:
#   - Debian's Rust 1.96 (bookworm-security's rustc-web/cargo-web) with its amd64 and arm64 standard libraries,
#     unpacked without root into the cache (rust-toolchain.sh); the system's rustc and cargo are not used;
#   - Debian's cross gcc (gcc-aarch64-linux-gnu, installed by scripts/install-prerequisites.sh) as C compiler and
#     linker, against Debian bullseye's arm64 glibc 2.31 as sysroot (sysroot.sh arm64), so the library needs at most
#     GLIBC_2.31, as the x86-64 one does.
# The build has its own target directory (rust/target/cross) so it never invalidates the host build's crates.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
crate="$(dirname "$here")"
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

out="${1:?output directory}"
shift
cargo_args=("$@")
if ((${#cargo_args[@]} == 0)) && [ -n "${ZEROBUS_CARGO_ARGS:-}" ]; then
  eval "cargo_args=($ZEROBUS_CARGO_ARGS)"
fi
triple=aarch64-unknown-linux-gnu

if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || ! command -v aarch64-linux-gnu-strip >/dev/null 2>&1; then
  # as build-native.sh does for the crate packages: install what is missing, system-wide, and say so
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  zbn_log "installing Debian packages for linux-aarch64: gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu" \
    "(skip linux-aarch64 with -Dzerobus.native.skipAarch64=true)"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc-aarch64-linux-gnu \
    binutils-aarch64-linux-gnu >/dev/null; } || {
    zbn_log "could not install gcc-aarch64-linux-gnu; skip linux-aarch64 with -Dzerobus.native.skipAarch64=true"
    exit 1
  }
fi
toolchain="$(bash "$here/rust-toolchain.sh")" || {
  zbn_log "Debian's Rust toolchain for aarch64 could not be fetched (see above); skip linux-aarch64 with" \
    "-Dzerobus.native.skipAarch64=true"
  exit 1
}
rustc="$toolchain/bin/rustc"
cargo="$toolchain/bin/cargo"
ZEROBUS_SYSROOT_AARCH64="$(bash "$here/sysroot.sh" arm64)" || {
  zbn_log "the Debian bullseye arm64 sysroot could not be fetched (see above)"
  exit 1
}
export ZEROBUS_SYSROOT_AARCH64
export RUSTC="$rustc" RUSTDOC="$toolchain/bin/rustdoc"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="$here/gcc-sysroot-aarch64"
export CC_aarch64_unknown_linux_gnu="$here/gcc-sysroot-aarch64"
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
# what x86_64-env.sh set for the host build must not reach the host parts (build scripts) of this one
unset CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER CC_x86_64_unknown_linux_gnu

zbn_log "linux-aarch64: $("$rustc" --version) from $toolchain, glibc sysroot $ZEROBUS_SYSROOT_AARCH64"
cd "$crate"
"$cargo" build --release --locked --target "$triple" --target-dir "$crate/target/cross" "${cargo_args[@]}"
mkdir -p "$out"
cp "$crate/target/cross/$triple/release/libzerobus_native.so" "$out/"
