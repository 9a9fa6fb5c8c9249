#!/usr/bin/env bash
# Prints the directory of a private Rust toolchain that can build for aarch64-unknown-linux-gnu, unpacking it into the
# cache first if needed:   cross/rust-toolchain.sh   ->   <dir> with bin/rustc and bin/cargo
#
# rustup's toolchain here has only the x86_64 standard library and cannot download another. Debian's Rust 1.96
# (bookworm-security's rustc-web and cargo-web) comes with a standard library for every Debian architecture, so this
# unpacks, without root and without installing anything (apt-private.sh): rustc-web, cargo-web, libstd-rust-web-dev
# and the shared libraries they need that a Debian 12 system does not have (LLVM 22, libgit2 and its TLS libraries)
# for amd64, and libstd-rust-web-dev:arm64 of exactly the same version into the same tree, so that the compiler finds
# the aarch64 standard library in its own sysroot. The system's rustc/cargo (rustup's or Debian's) are left alone.
#   ZEROBUS_RUST_WEB_VERSION   the Debian version to take (default: the newest in bookworm-security)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-private.sh
. "$here/apt-private.sh"

view=bookworm-amd64
version="${ZEROBUS_RUST_WEB_VERSION:-}"
if [ -z "$version" ]; then
  latest="$(ls -d "$zbn_cross_cache"/rust-web/*/.complete 2>/dev/null | sort -V | tail -1 || true)"
  # a cached toolchain is used as long as the package lists are fresh enough to know nothing newer is wanted
  if [ -n "$latest" ] && [ -n "$(find "$zbn_cross_cache/apt/$view/state" -maxdepth 1 -name updated -mmin -1440 2>/dev/null)" ]; then
    version="$(basename "$(dirname "$latest")")"
  else
    zbn_apt_view "$view" amd64 bookworm bookworm-updates bookworm-security || {
      zbn_log "cannot reach Debian bookworm for the Rust toolchain"
      [ -n "$latest" ] || exit 1
      dirname "$latest"
      exit 0
    }
    version="$(APT_CONFIG="$zbn_cross_cache/apt/$view/apt.conf" apt-cache policy rustc-web | awk '/Candidate:/ {print $2}')"
    [ -n "$version" ] && [ "$version" != "(none)" ] || { zbn_log "no rustc-web in Debian bookworm"; exit 1; }
  fi
fi
root="$zbn_cross_cache/rust-web/$version"
if [ -f "$root/.complete" ]; then
  echo "$root"
  exit 0
fi

zbn_log "unpacking Debian's Rust $version (rustc-web, cargo-web, amd64 and arm64 standard libraries) into $root"
zbn_apt_view "$view" amd64 bookworm bookworm-updates bookworm-security || exit 1
zbn_apt_view bookworm-arm64 arm64 bookworm bookworm-updates bookworm-security || exit 1
tmp="$root.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
abi="${version%%+*}"
abi="${abi%.*}"
zbn_apt_unpack "$view" "$tmp" "rustc-web=$version" "cargo-web=$version" "libstd-rust-web-dev=$version" \
  "libstd-rust-web-$abi=$version" libllvm22 libgit2-1.5 libhttp-parser2.9 libmbedtls14 libmbedx509-1 libmbedcrypto7 || {
  zbn_log "Debian's Rust $version cannot be fetched (see above)"
  exit 1
}
zbn_apt_unpack bookworm-arm64 "$tmp" "libstd-rust-web-dev:arm64=$version" || {
  zbn_log "libstd-rust-web-dev:arm64 $version (the arm64 standard library of the same compiler) cannot be fetched"
  exit 1
}
mkdir -p "$tmp/bin"
for tool in rustc rustdoc cargo; do
  cat >"$tmp/bin/$tool" <<WRAPPER
#!/bin/sh
# Debian's $tool $version, unpacked by zerobus-native/rust/cross/rust-toolchain.sh; its libraries are next to it.
d="\$(cd "\$(dirname "\$0")/.." && pwd)"
LD_LIBRARY_PATH="\$d/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "\$d/usr/bin/$tool" "\$@"
WRAPPER
  chmod +x "$tmp/bin/$tool"
done
missing="$(LD_LIBRARY_PATH="$tmp/usr/lib/x86_64-linux-gnu" ldd "$tmp/usr/bin/rustc" "$tmp/usr/bin/cargo" \
  "$tmp"/usr/lib/x86_64-linux-gnu/*.so* 2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
[ -z "$missing" ] || { zbn_log "Debian's Rust needs libraries this machine lacks: $missing"; exit 1; }
"$tmp/bin/rustc" --version >/dev/null
"$tmp/bin/cargo" --version >/dev/null
[ -d "$tmp/usr/lib/rustlib/aarch64-unknown-linux-gnu/lib" ] || { zbn_log "no aarch64 standard library unpacked"; exit 1; }
rm -rf "$root"
touch "$tmp/.complete"
mv "$tmp" "$root"
trap - EXIT
echo "$root"
