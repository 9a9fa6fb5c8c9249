#!/usr/bin/env bash
# Installs what building zerobus-spring-boot needs and says what it installs: a JDK 17+, Maven, a Rust toolchain
# (cargo 1.78 or newer) and gcc, then fetches the pinned Rust crates of the native core (Debian trixie's
# librust-*-dev packages, unpacked into a private registry by build-native.sh; crates.io is not needed). Maven
# dependencies come from Maven Central during the build. Safe to run again: it installs only what is missing.
set -euo pipefail

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  echo "[prerequisites] installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# cargo_is_recent: cargo 1.78 or newer (shared with build-native.sh).
. "$(cd "$(dirname "$0")" && pwd)/lib/cargo-version.sh"

have_recent_cargo() {
  local candidate
  for candidate in "$(command -v cargo 2>/dev/null || true)" "$HOME/.cargo/bin/cargo" /usr/bin/cargo; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && cargo_is_recent "$candidate" && return 0
  done
  return 1
}

# system_mirror: the mirror the machine is configured with (shared with build-native.sh).
. "$(cd "$(dirname "$0")" && pwd)/lib/debian-mirror.sh"

# Debian bookworm's own cargo is 0.66, too old for this project. bookworm-security carries Debian's current Rust
# toolchain as rustc-web/cargo-web (with rustfmt-web and rust-web-clippy; /usr/bin/cargo, /usr/bin/rustc, ...).
# It is installed through a private apt configuration that lists bookworm and bookworm-security with their own
# package lists under a temporary directory; the system's apt sources and lists are neither read nor changed
# (dpkg's status is the system's, as for any install).
install_rust_web() {
  local mirror="${ZEROBUS_DEBIAN_MIRROR:-$(system_mirror debian)}"
  local security="${ZEROBUS_DEBIAN_SECURITY_MIRROR:-$(system_mirror debian-security)}"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  if [ -z "$mirror" ] || [ -z "$security" ]; then
    echo "[prerequisites] no Debian mirror in the system's apt sources: set ZEROBUS_DEBIAN_MIRROR and" \
      "ZEROBUS_DEBIAN_SECURITY_MIRROR (the archives holding bookworm and bookworm-security)" >&2
    exit 1
  fi
  local dir
  dir="$(mktemp -d)"
  mkdir -p "$dir"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,lists/partial,archives/partial}
  cat >"$dir/etc/sources.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $security bookworm-security main
EOF
  cat >"$dir/apt.conf" <<EOF
Dir::Etc "$dir/etc";
Dir::Etc::SourceList "$dir/etc/sources.list";
Dir::Etc::SourceParts "$dir/etc/sources.list.d";
Dir::Etc::Parts "$dir/etc/apt.conf.d";
Dir::Etc::Preferences "$dir/etc/preferences";
Dir::Etc::PreferencesParts "$dir/etc/preferences.d";
Dir::State::Lists "$dir/lists";
Dir::State::status "/var/lib/dpkg/status";
Dir::State::extended_states "/var/lib/apt/extended_states";
Dir::Cache "$dir";
Dir::Cache::Archives "$dir/archives";
Acquire::Languages "none";
EOF
  chmod -R a+rX "$dir" # apt's download sandbox user must reach the lists and archives
  echo "[prerequisites] installing Debian bookworm-security's Rust toolchain: rustc-web cargo-web rustfmt-web" \
    "rust-web-clippy"
  $sudo env APT_CONFIG="$dir/apt.conf" apt-get update -qq
  $sudo env APT_CONFIG="$dir/apt.conf" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    rustc-web cargo-web rustfmt-web rust-web-clippy >/dev/null
  $sudo rm -rf "$dir"
}

command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
command -v mvn >/dev/null 2>&1 || apt_install maven
command -v cc >/dev/null 2>&1 || apt_install gcc
if ! have_recent_cargo; then
  codename="$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")"
  if [ "$codename" = bookworm ]; then
    install_rust_web
  else
    apt_install cargo rustc rustfmt rust-clippy
  fi
  have_recent_cargo || {
    echo "[prerequisites] no cargo 1.78 or newer after installing; install Rust with rustup" >&2
    exit 1
  }
fi
# The jar build strips the library (binutils) and writes THIRD-PARTY-NOTICES (python3).
command -v strip >/dev/null 2>&1 || apt_install binutils
command -v python3 >/dev/null 2>&1 || apt_install python3
# sample-app's page test loads the page in a headless browser (Debian's chromium).
command -v chromium >/dev/null 2>&1 || apt_install --no-install-recommends chromium

# --- platforms: linux-aarch64 is cross-built with Debian's cross gcc and binutils (Debian's Rust 1.96 with its arm64
# standard library is unpacked by the build into its cache, not installed); the tests run it under qemu-user.
cross=()
for p in gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || cross+=("$p")
done
((${#cross[@]} == 0)) || apt_install "${cross[@]}"
# --- end platforms

here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/zerobus-native/rust/build-native.sh" deps
echo "[prerequisites] ready"
