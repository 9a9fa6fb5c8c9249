#!/usr/bin/env bash
# Builds or tests the Rust core. Crates come from crates.io where it is reachable, otherwise from Debian's packaged
# crate sources (librust-*-dev, a cargo directory source under /usr/share/cargo/registry), installed here if missing.
#   build-native.sh build <output-dir>   release build, copies libzerobus_native.so into <output-dir>
#   build-native.sh build-aarch64 <dir>  cross-builds linux-aarch64 into <dir> (cross/aarch64.sh)
#   build-native.sh test                 cargo fmt --check, cargo clippy -D warnings, cargo test
#   build-native.sh deps                 only install the Debian crate sources
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

debian_crates=(librust-h2-dev librust-prost-dev librust-prost-derive-dev librust-tokio-dev librust-bytes-dev
  librust-http-dev librust-rustls-dev librust-tokio-rustls-dev librust-rustls-native-certs-dev
  librust-rustls-pemfile-dev librust-hyper-dev librust-serde-json-dev librust-base64-dev librust-rand-dev
  librust-cc-dev librust-futures-util-dev librust-webpki-dev)
registry=/usr/share/cargo/registry

ensure_crates() {
  if [ "${ZEROBUS_CARGO_ONLINE:-}" = "1" ]; then
    cargo_args=()
    return
  fi
  local missing=()
  for p in "${debian_crates[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "[zerobus-native] installing Debian crate sources: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  cargo_args=(--offline
    --config "source.crates-io.replace-with='debian-packaged'"
    --config "source.debian-packaged.directory='$registry'")
}

if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || { echo "[zerobus-native] cargo not found: install Rust (rustup or Debian's cargo)" >&2; exit 1; }

ensure_crates
# --- platforms (cross/): linux-x86_64 links against an old-glibc sysroot; linux-aarch64 is cross-built ---
case "${1:-build}" in
  build | test) . "$here/cross/x86_64-env.sh" ;;
esac
# --- end platforms ---
case "${1:-build}" in
  deps) ;;
  build)
    out="${2:?output directory}"
    cargo build --release --locked "${cargo_args[@]}"
    mkdir -p "$out"
    cp target/release/libzerobus_native.so "$out/"
    ;;
  build-aarch64) bash "$here/cross/aarch64.sh" "${2:?output directory}" "${cargo_args[@]}" ;;
  test)
    cargo fmt --check
    cargo clippy --release --locked "${cargo_args[@]}" --all-targets -- -D warnings
    cargo test --release --locked "${cargo_args[@]}"
    ;;
  *) echo "usage: $0 build <dir> | build-aarch64 <dir> | test" >&2; exit 2 ;;
esac
