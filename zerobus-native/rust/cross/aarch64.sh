#!/usr/bin/env bash
# Cross-builds native/linux-aarch64/libzerobus_native.so on an x86-64 Linux machine:
#   cross/aarch64.sh <output-dir> [CARGO_ARG...]
# CARGO_ARG... are the crate-source flags the caller builds with (build-native.sh passes its cargo_args, e.g.
# --offline --config "source.crates-io.replace-with='...'" --config "source.<name>.directory='<registry>'"); without
# any, ZEROBUS_CARGO_ARGS (shell words) is used, else cargo's own configuration.
#
# The toolchain is Debian's, because rustup here has no aarch64 standard library and cannot download one:
#   - rustc-web/cargo-web (bookworm-security, /usr/bin/rustc and /usr/bin/cargo), installed system-wide by
#     scripts/install-prerequisites.sh, with gcc-aarch64-linux-gnu as C compiler and linker;
#   - the arm64 standard library built with that very compiler (libstd-rust-web-dev:arm64 of the installed
#     rustc-web version), unpacked without root into a private Rust sysroot in the cache (apt-private.sh);
#   - Debian bullseye's arm64 glibc 2.31 as C sysroot (sysroot.sh arm64), so the library needs at most GLIBC_2.31, as
#     the x86-64 one does.
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
rustc="${ZEROBUS_AARCH64_RUSTC:-/usr/bin/rustc}"
cargo="${ZEROBUS_AARCH64_CARGO:-/usr/bin/cargo}"

missing=()
[ -x "$rustc" ] && [ -x "$cargo" ] || missing+=(rustc-web cargo-web)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
if ((${#missing[@]})); then
  zbn_log "linux-aarch64 needs Debian's ${missing[*]} (scripts/install-prerequisites.sh installs them);" \
    "skip it with -Dzerobus.native.skipAarch64=true"
  exit 1
fi

# The arm64 std must come from the same compiler build: take the version of the installed rustc's package.
rust_package="$(dpkg-query -S "$(readlink -f "$rustc")" 2>/dev/null | cut -d: -f1 | head -1)"
rust_version="$(dpkg-query -W -f='${Version}' "${rust_package:-rustc-web}")"
std_package=libstd-rust-dev
[ "$rust_package" = rustc-web ] && std_package=libstd-rust-web-dev
std_root="$zbn_cross_cache/rust-std/$triple-$rust_version"
if [ ! -f "$std_root/.complete" ]; then
  zbn_apt_view bookworm-arm64 arm64 bookworm bookworm-updates bookworm-security || {
    zbn_log "cannot reach Debian bookworm for the arm64 Rust standard library"
    exit 1
  }
  rm -rf "$std_root.tmp"
  zbn_apt_unpack bookworm-arm64 "$std_root.tmp" "$std_package:arm64=$rust_version" || {
    zbn_log "$std_package:arm64 $rust_version (the version of $rust_package) is not in the archive any more:" \
      "upgrade $rust_package (apt-get install --only-upgrade $rust_package) and run again"
    exit 1
  }
  touch "$std_root.tmp/.complete"
  rm -rf "$std_root"
  mv "$std_root.tmp" "$std_root"
fi
[ -d "$std_root/usr/lib/rustlib/$triple/lib" ] || { zbn_log "no $triple std in $std_root"; exit 1; }

ZEROBUS_SYSROOT_AARCH64="$(bash "$here/sysroot.sh" arm64)" || {
  zbn_log "the Debian bullseye arm64 sysroot could not be fetched (see above)"
  exit 1
}
export ZEROBUS_SYSROOT_AARCH64
export RUSTC="$rustc" RUSTDOC="${rustc%rustc}rustdoc"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="$here/gcc-sysroot-aarch64"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="--sysroot=$std_root/usr"
export CC_aarch64_unknown_linux_gnu="$here/gcc-sysroot-aarch64"
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
# what x86_64-env.sh set for the host build must not reach the host parts (build scripts) of this one
unset CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER CC_x86_64_unknown_linux_gnu

zbn_log "linux-aarch64: $("$rustc" --version) with $std_package:arm64 $rust_version, glibc sysroot $ZEROBUS_SYSROOT_AARCH64"
cd "$crate"
"$cargo" build --release --locked --target "$triple" --target-dir "$crate/target/cross" "${cargo_args[@]}"
mkdir -p "$out"
cp "$crate/target/cross/$triple/release/libzerobus_native.so" "$out/"
