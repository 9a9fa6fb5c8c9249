#!/usr/bin/env bash
# Builds or tests the Rust core.
#
# Crates come from Debian's packaged crate sources (librust-*-dev) of the suite named in debian-crates.lock (trixie),
# pinned there by package, version, crate and SHA-256 of the .deb; Cargo.lock is resolved against exactly that set.
# The first run downloads the pinned .debs through a private apt configuration (nothing on the system changes, no
# root needed), checks each against its pin, unpacks the crate sources into a private cargo directory registry and
# builds with `cargo --offline --locked` against it. Everything lives under the cache directory
# ${ZEROBUS_CRATE_CACHE:-$HOME/.cache/zerobus-native}; once the registry is there, no run touches the network.
#   build-native.sh build <output-dir>   release build, copies libzerobus_native.so into <output-dir>
#   build-native.sh build-aarch64 <dir>  cross-builds linux-aarch64 into <dir> (cross/aarch64.sh)
#   build-native.sh test                 cargo fmt --check, cargo clippy -D warnings, cargo test
#   build-native.sh deps                 only fetch, verify and unpack the pinned crates
#   build-native.sh pin                  re-resolve the crates from the suite's archive as it is today; rewrites
#                                        debian-crates.lock and Cargo.lock (run the tests, then commit both)
#   build-native.sh cargo <args...>      runs cargo with the pinned registry (e.g. `cargo tree`)
# Environment: ZEROBUS_CARGO_ONLINE=1 takes crates from crates.io instead; ZEROBUS_CRATE_CACHE moves the cache;
# ZEROBUS_DEBIAN_MIRROR is the Debian archive to download from (default: the first Debian mirror of the system's
# apt sources); CARGO names the cargo to use (default: the first cargo >= 1.78 of PATH, ~/.cargo/bin, /usr/bin).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

manifest="$here/debian-crates.lock"
cache="${ZEROBUS_CRATE_CACHE:-$HOME/.cache/zerobus-native}"
default_suite=trixie

log() { echo "[zerobus-native] $*" >&2; }
die() {
  log "$*"
  exit 1
}

# --- cargo ---------------------------------------------------------------------------------------------------------

# cargo_is_recent: cargo 1.78 or newer (shared with install-prerequisites.sh).
. "$here/../../scripts/lib/cargo-version.sh"

find_cargo() {
  local candidate
  for candidate in "${CARGO:-}" "$(command -v cargo 2>/dev/null || true)" "$HOME/.cargo/bin/cargo" /usr/bin/cargo; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && cargo_is_recent "$candidate"; then
      # rustc, rustfmt and clippy from the same toolchain.
      export PATH="$(dirname "$candidate"):$PATH"
      return
    fi
  done
  die "no cargo 1.78 or newer found (Debian bookworm's cargo 0.66 cannot read this project's Cargo.lock): run" \
    "scripts/install-prerequisites.sh (it installs Debian's cargo-web/rustc-web), or install Rust with rustup"
}

# --- the pinned crates ---------------------------------------------------------------------------------------------

# Lines of the manifest: <package> <version> <crate-dir> <sha256 of the .deb>.
entries() { grep -v '^[[:space:]]*#' "$manifest" | awk 'NF == 4'; }
manifest_suite() { awk '$1 == "suite" && NF == 2 { print $2; exit }' "$manifest" 2>/dev/null || true; }
deb_path() { echo "$cache/debs/${1}_${2//:/%3a}.deb"; }

# system_mirror: the mirror the machine is configured with (shared with install-prerequisites.sh).
. "$here/../../scripts/lib/debian-mirror.sh"

# A private apt configuration for one suite under the cache: its own sources.list, lists, archives and an empty
# dpkg status, so apt resolves and downloads without reading or changing anything of the system's.
#
# Trust: the Release file is checked with the system's debian-archive-keyring, whose bookworm package already
# carries the trixie archive keys, so apt verifies trixie like any configured suite; the SHA-256 pins then hold
# every build to exactly the reviewed files. On a host without that keyring (not Debian) the download runs with
# trusted=yes, which is acceptable only because no .deb is used unless its SHA-256 matches its committed pin;
# `pin`, which creates the pins, refuses to run without the keyring.
apt_setup() {
  local suite="$1"
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
    die "fetching the pinned crates needs apt-get and dpkg-deb (a Debian or Ubuntu host); elsewhere set" \
      "ZEROBUS_CARGO_ONLINE=1 to take the crates from crates.io"
  local mirror="${ZEROBUS_DEBIAN_MIRROR:-$(system_mirror debian)}"
  [ -n "$mirror" ] || die "no Debian mirror in the system's apt sources: set ZEROBUS_DEBIAN_MIRROR to the URL of" \
    "a Debian archive mirror (the directory holding dists/ and pool/)"
  local keyring="${ZEROBUS_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}" trust
  if [ -r "$keyring" ]; then
    trust="signed-by=$keyring"
  elif [ "${2:-}" = strict ]; then
    die "no Debian archive keyring at $keyring (package debian-archive-keyring); set ZEROBUS_DEBIAN_KEYRING"
  else
    trust="trusted=yes"
  fi
  apt_dir="$cache/apt/$suite"
  mkdir -p "$apt_dir"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,etc/trusted.gpg.d} \
    "$apt_dir"/{lists/partial,archives/partial}
  [ -f "$apt_dir/status" ] || : >"$apt_dir/status"
  echo "deb [$trust] $mirror $suite main" >"$apt_dir/etc/sources.list"
  # The crate sources are the same on every architecture; amd64's packages are pinned whatever the host is.
  cat >"$apt_dir/apt.conf" <<EOF
Dir::Etc "$apt_dir/etc";
Dir::Etc::SourceList "$apt_dir/etc/sources.list";
Dir::Etc::SourceParts "$apt_dir/etc/sources.list.d";
Dir::Etc::Parts "$apt_dir/etc/apt.conf.d";
Dir::Etc::Preferences "$apt_dir/etc/preferences";
Dir::Etc::PreferencesParts "$apt_dir/etc/preferences.d";
Dir::Etc::Trusted "$apt_dir/etc/trusted.gpg";
Dir::Etc::TrustedParts "$apt_dir/etc/trusted.gpg.d";
Dir::State "$apt_dir";
Dir::State::Lists "$apt_dir/lists";
Dir::State::status "$apt_dir/status";
Dir::Cache "$apt_dir";
Dir::Cache::Archives "$apt_dir/archives";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Sandbox::User "$(id -un)";
Acquire::Languages "none";
EOF
  export APT_CONFIG="$apt_dir/apt.conf"
  apt_mirror="$mirror"
}

apt_update() {
  log "reading the package index of Debian $1 ($apt_mirror)"
  apt-get -qq update >"$apt_dir/update.log" 2>&1 || {
    cat "$apt_dir/update.log" >&2
    die "apt-get update for Debian $1 from $apt_mirror failed (see above)"
  }
}

have_lists() { compgen -G "$apt_dir/lists/*_Packages*" >/dev/null; }

# Downloads package=version arguments into the cache's debs/ folder, named as deb_path names them.
apt_download() {
  local tmp="$cache/debs/.download"
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && apt-get -q download "$@") >"$cache/debs/download.log" 2>&1 || return 1
  local file package version
  for file in "$tmp"/*.deb; do
    package="$(dpkg-deb -f "$file" Package)"
    version="$(dpkg-deb -f "$file" Version)"
    mv "$file" "$(deb_path "$package" "$version")"
  done
  rm -rf "$tmp"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Makes sure every pinned .deb is in the cache with its pinned SHA-256, downloading what is missing.
fetch_debs() {
  local suite="$1" missing=() package version crate sha file
  mkdir -p "$cache/debs"
  while read -r package version crate sha; do
    file="$(deb_path "$package" "$version")"
    [ -f "$file" ] && [ "$(sha256_of "$file")" = "$sha" ] && continue
    rm -f "$file"
    missing+=("$package=$version")
  done < <(entries)
  ((${#missing[@]})) || return 0
  log "downloading ${#missing[@]} pinned crate packages of Debian $suite"
  apt_setup "$suite"
  have_lists || apt_update "$suite"
  if ! apt_download "${missing[@]}"; then
    apt_update "$suite" # the lists may be older than the archive
    apt_download "${missing[@]}" || report_unavailable "$suite" "${missing[@]}"
  fi
  while read -r package version crate sha; do
    file="$(deb_path "$package" "$version")"
    [ -f "$file" ] || die "$package $version was not downloaded (see $cache/debs/download.log)"
    local actual
    actual="$(sha256_of "$file")"
    if [ "$actual" != "$sha" ]; then
      rm -f "$file"
      die "$package $version from $apt_mirror has SHA-256 $actual, but debian-crates.lock pins $sha: this is not" \
        "the reviewed file; nothing was unpacked. If Debian really rebuilt the package, re-pin with" \
        "'build-native.sh pin' and review the change."
    fi
  done < <(entries)
}

# A download failed: name the pins the archive no longer has, and say how to move on.
report_unavailable() {
  local suite="$1" gone=() spec available
  shift
  for spec in "$@"; do
    available="$(apt-cache madison "${spec%%=*}" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')"
    grep -qxF "${spec#*=}" <<<"$available" ||
      gone+=("${spec%%=*} ${spec#*=} (the archive has: ${available:-no such package})")
  done
  if ((${#gone[@]})); then
    log "these pinned packages are no longer in Debian $suite's archive (a newer upload replaced them):"
    printf '[zerobus-native]   %s\n' "${gone[@]}" >&2
    die "re-pin every crate to the archive's current versions with 'zerobus-native/rust/build-native.sh pin'," \
      "run 'build-native.sh test' and the Maven build, then commit debian-crates.lock and Cargo.lock"
  fi
  cat "$cache/debs/download.log" >&2
  die "downloading the pinned crate packages from $apt_mirror failed (see above)"
}

# The registry for the current manifest: $cache/registry/<hash of the pins>, built once.
ensure_registry() {
  [ -f "$manifest" ] || die "$manifest is missing: create it with 'build-native.sh pin'"
  local key suite
  key="$(entries | sha256sum | cut -c1-16)"
  suite="$(manifest_suite)"
  suite="${suite:-$default_suite}"
  registry="$cache/registry/$key"
  [ -f "$registry/.complete" ] && return # warm: no apt, no network
  mkdir -p "$cache"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.lock"
    flock 9 # another build may be filling the same cache
  fi
  if [ ! -f "$registry/.complete" ]; then
    fetch_debs "$suite"
    unpack_registry
  fi
  if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
}

# Unpacks each pinned package's crate (usr/share/cargo/registry/<crate>/ in the .deb) into a fresh registry. Debian
# ships each crate with the .cargo-checksum.json a directory source needs ("files" empty, so cargo checks no file).
unpack_registry() {
  local tmp="$registry.partial.$$" package version crate sha
  rm -rf "$tmp" && mkdir -p "$tmp"
  while read -r package version crate sha; do
    rm -rf "$tmp/.x"
    dpkg-deb -x "$(deb_path "$package" "$version")" "$tmp/.x"
    [ -f "$tmp/.x/usr/share/cargo/registry/$crate/.cargo-checksum.json" ] ||
      die "$package $version does not hold the crate $crate with a .cargo-checksum.json"
    mv "$tmp/.x/usr/share/cargo/registry/$crate" "$tmp/$crate"
  done < <(entries)
  rm -rf "$tmp/.x"
  touch "$tmp/.complete"
  rm -rf "$registry"
  mv "$tmp" "$registry"
  log "crate registry ready: $registry ($(entries | wc -l) crates)"
}

cargo_source_args() {
  cargo_args=(--offline
    --config "source.crates-io.replace-with='debian-pinned'"
    --config "source.debian-pinned.directory='$registry'")
}

# --- pin: resolve the closure again ----------------------------------------------------------------------------------

# The Debian packages that provide Cargo.toml's dependencies with their features: `name = "1.2"` or
# `name = { version = "1.2", default-features = false, features = ["a"] }`, one per line, becomes
# librust-name-1+default-dev / librust-name-1-dev and librust-name-1+a-dev (Debian's names: `_` becomes `-`).
seed_packages() {
  awk '
    /^\[/ { deps = ($0 ~ /^\[(build-|dev-)?dependencies\]/); next }
    !deps || /^[[:space:]]*(#|$)/ { next }
    {
      name = $1; gsub(/_/, "-", name)
      line = $0; sub(/^[^=]*=[[:space:]]*/, "", line)
      version = line
      if (line ~ /^\{/) { version = line; sub(/.*version[[:space:]]*=[[:space:]]*"/, "", version) } else { sub(/^"/, "", version) }
      sub(/".*/, "", version)
      n = split(version, parts, "."); major = (parts[1] == "0" && n > 1) ? "0." parts[2] : parts[1]
      base = "librust-" name "-" major
      if (line ~ /default-features[[:space:]]*=[[:space:]]*false/) print base "-dev"; else print base "+default-dev"
      if (match(line, /features[[:space:]]*=[[:space:]]*\[[^]]*\]/)) {
        list = substr(line, RSTART, RLENGTH); sub(/^[^[]*\[/, "", list); sub(/\].*/, "", list)
        k = split(list, features, ",")
        for (i = 1; i <= k; i++) { f = features[i]; gsub(/[[:space:]"]/, "", f); gsub(/_/, "-", f); if (f != "") print base "+" f "-dev" }
      }
    }' Cargo.toml
}

# name-version of every registry package of a Cargo.lock.
locked_crates() {
  awk '/^\[\[package\]\]/ { n = ""; v = "" } /^name = / { n = $3 } /^version = / { v = $3 }
       /^source = "registry/ { gsub(/"/, "", n); gsub(/"/, "", v); print n "-" v }' "$1"
}

pin() {
  local suite="${ZEROBUS_DEBIAN_SUITE:-$(manifest_suite)}"
  suite="${suite:-$default_suite}"
  mkdir -p "$cache/debs"
  apt_setup "$suite" strict
  apt_update "$suite"
  local seeds
  mapfile -t seeds < <(seed_packages)
  log "resolving the closure of ${#seeds[@]} Cargo.toml requirements in Debian $suite"
  scratch="$cache/pin.$$"
  rm -rf "$scratch" && mkdir -p "$scratch/registry"
  trap 'rm -rf "$scratch"' EXIT
  local round
  for round in 1 2 3 4 5 6 7 8; do
    apt-get -s install --no-install-recommends "${seeds[@]}" >"$scratch/closure.txt" 2>&1 || {
      cat "$scratch/closure.txt" >&2
      die "apt cannot resolve the crate packages in Debian $suite (see above)"
    }
    awk '/^Inst librust-/ { v = $3; sub(/^\(/, "", v); print $2 "=" v }' "$scratch/closure.txt" >"$scratch/specs"
    local wanted=() spec
    while read -r spec; do
      [ -f "$(deb_path "${spec%%=*}" "${spec#*=}")" ] || wanted+=("$spec")
    done <"$scratch/specs"
    if ((${#wanted[@]})); then
      log "downloading ${#wanted[@]} packages"
      apt_download "${wanted[@]}" || {
        cat "$cache/debs/download.log" >&2
        die "download failed"
      }
    fi
    # Unpack everything and remember which package holds which crate.
    : >"$scratch/crates"
    while read -r spec; do
      local package="${spec%%=*}" version="${spec#*=}" dir
      rm -rf "$scratch/x"
      dpkg-deb -x "$(deb_path "$package" "$version")" "$scratch/x"
      for dir in "$scratch/x"/usr/share/cargo/registry/*/; do
        [ -d "$dir" ] || continue
        dir="$(basename "$dir")"
        rm -rf "$scratch/registry/$dir"
        mv "$scratch/x/usr/share/cargo/registry/$dir" "$scratch/registry/$dir"
        echo "$dir $package $version" >>"$scratch/crates"
      done
    done <"$scratch/specs"
    registry="$scratch/registry"
    cargo_source_args
    cp Cargo.lock "$scratch/Cargo.lock.before" 2>/dev/null || true
    if cargo generate-lockfile "${cargo_args[@]}" >"$scratch/cargo.log" 2>&1; then
      break
    fi
    [ -f "$scratch/Cargo.lock.before" ] && cp "$scratch/Cargo.lock.before" Cargo.lock
    # A crate Debian's dependencies did not bring: add its package and go round again.
    local extra
    extra="$(sed -n 's/.*no matching package named `\([^`]*\)` found.*/\1/p' "$scratch/cargo.log" | head -n 1)"
    if [ -z "$extra" ] || [ "$round" = 8 ]; then
      cat "$scratch/cargo.log" >&2
      die "cargo cannot resolve Cargo.toml against Debian $suite's crates (see above)"
    fi
    log "adding librust-${extra//_/-}-dev, which cargo needs"
    seeds+=("librust-${extra//_/-}-dev")
  done
  local out="$scratch/manifest" line crate package version
  {
    echo "# The Debian packages whose crate sources build zerobus-native: package, version, crate directory inside"
    echo "# the .deb (usr/share/cargo/registry/<crate>/) and SHA-256 of the .deb. Cargo.lock is resolved against exactly"
    echo "# these crates. Written by 'build-native.sh pin' on $(date -u +%Y-%m-%d); re-pin when a version leaves the archive."
    echo "suite $suite"
    for crate in $(locked_crates Cargo.lock | sort -u); do
      line="$(awk -v c="$crate" '$1 == c { print $2, $3; exit }' "$scratch/crates")"
      [ -n "$line" ] || die "no package holds $crate"
      package="${line% *}"
      version="${line#* }"
      echo "$package $version $crate $(sha256_of "$(deb_path "$package" "$version")")"
    done
  } >"$out"
  mv "$out" "$manifest"
  log "pinned $(entries | wc -l) crates of Debian $suite in debian-crates.lock; Cargo.lock re-resolved"
  registry=""
  ensure_registry
  cargo_source_args
  cargo metadata "${cargo_args[@]}" --locked --format-version 1 >/dev/null ||
    die "the pinned registry does not resolve Cargo.lock"
  log "the pinned registry resolves Cargo.lock; now run 'build-native.sh test' and commit both files"
}

# --- main --------------------------------------------------------------------------------------------------------------

find_cargo
command="${1:-build}"
cargo_args=()
if [ "${ZEROBUS_CARGO_ONLINE:-}" = "1" ]; then
  [ "$command" != pin ] || die "pin works on Debian's archive; unset ZEROBUS_CARGO_ONLINE"
elif [ "$command" != pin ]; then
  ensure_registry
  cargo_source_args
fi
# --- platforms (cross/): linux-x86_64 links against an old-glibc sysroot; linux-aarch64 is cross-built ---
case "$command" in
  build | test) . "$here/cross/x86_64-env.sh" ;;
esac
# --- end platforms ---

case "$command" in
  deps) ;;
  pin) pin ;;
  build)
    out="${2:?output directory}"
    cargo build "${cargo_args[@]}" --release --locked
    mkdir -p "$out"
    cp "${CARGO_TARGET_DIR:-target}/release/libzerobus_native.so" "$out/"
    ;;
  build-aarch64) bash "$here/cross/aarch64.sh" "${2:?output directory}" "${cargo_args[@]}" ;;
  test)
    cargo fmt --check
    cargo clippy "${cargo_args[@]}" --release --locked --all-targets -- -D warnings
    cargo test "${cargo_args[@]}" --release --locked
    ;;
  cargo)
    shift
    # Options after the subcommand: cargo does not hand options before it to external ones such as clippy.
    cargo "${1:?cargo subcommand}" "${cargo_args[@]}" "${@:2}"
    ;;
  *)
    echo "usage: $0 build <dir> | build-aarch64 <dir> | test | deps | pin | cargo <args...>" >&2
    exit 2
    ;;
esac
