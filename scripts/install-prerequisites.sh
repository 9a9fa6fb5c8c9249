#!/usr/bin/env bash
# Installs what building zerobus-spring-boot needs and says what it installs: a JDK 17+, Maven, a Rust toolchain and
# the Rust crates of the native core (Debian's librust-*-dev packages; crates.io is not needed). Maven dependencies
# come from Maven Central during the build. Safe to run again: it installs only what is missing.
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

command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
command -v mvn >/dev/null 2>&1 || apt_install maven
if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  apt_install cargo rustc rustfmt
fi
command -v cc >/dev/null 2>&1 || apt_install gcc
# The jar build strips the library (binutils) and writes THIRD-PARTY-NOTICES (python3).
command -v strip >/dev/null 2>&1 || apt_install binutils
command -v python3 >/dev/null 2>&1 || apt_install python3

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
