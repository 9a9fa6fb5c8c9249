#!/usr/bin/env bash
# Sourced by the cross/*.sh scripts: fetches Debian packages without root and without touching the system's apt
# configuration. Each "view" is a private APT_CONFIG (its own sources.list, state, cache and an empty dpkg status, so
# nothing counts as installed) under the build's cache directory; packages are fetched with `apt-get download` and
# unpacked with `dpkg -x`.
#
#   zbn_apt_view NAME ARCH SUITE...   prepares (once a day) the view NAME for architecture ARCH (amd64, arm64) with
#                                    the given suites of Debian's main archive, e.g. "bullseye bullseye-security"
#   zbn_apt_unpack NAME DEST PKG...   downloads PKG... (exact names, PKG=VERSION allowed, no dependency resolution)
#                                    and unpacks them into DEST (DEST/.packages lists each .deb with its SHA-256);
#                                    absolute symlinks inside DEST are made relative so that DEST works as a sysroot
#                                    wherever it lies
#
# The cache is ${ZEROBUS_CROSS_CACHE:-${ZEROBUS_CRATE_CACHE:-$HOME/.cache/zerobus-native}/cross}; Debian's mirror is
# ${ZEROBUS_DEBIAN_MIRROR:-the system's apt mirror, else http://deb.debian.org/debian} (security:
# ${ZEROBUS_DEBIAN_SECURITY_MIRROR:-...-security}), as for build-native.sh and install-prerequisites.sh.
# Functions return non-zero (and print why; only a one-line summary of a failed download with ZBN_APT_QUIET=1) when the archive cannot be reached or a package is missing, so callers can
# fall back.

zbn_cross_cache="${ZEROBUS_CROSS_CACHE:-${ZEROBUS_CRATE_CACHE:-$HOME/.cache/zerobus-native}/cross}"
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../../scripts/lib/debian-mirror.sh"
zbn_system_mirror="$(system_mirror debian)"
zbn_debian_mirror="${ZEROBUS_DEBIAN_MIRROR:-${zbn_system_mirror:-http://deb.debian.org/debian}}"
zbn_debian_security_mirror="${ZEROBUS_DEBIAN_SECURITY_MIRROR:-${zbn_debian_mirror}-security}"

zbn_log() { echo "[zerobus-native] $*" >&2; }

zbn_apt() {
  local view="$zbn_cross_cache/apt/$1"
  shift
  APT_CONFIG="$view/apt.conf" apt-get -q -o Debug::NoLocking=1 "$@"
}

zbn_apt_view() {
  local name="$1" arch="$2"
  shift 2
  local view="$zbn_cross_cache/apt/$name" suite uri
  mkdir -p "$view/state/lists/partial" "$view/cache/archives/partial" "$view/etc/sources.list.d" \
    "$view/etc/preferences.d" "$view/etc/apt.conf.d" "$view/debs"
  : >"$view/state/status.new"
  [ -f "$view/state/status" ] || mv "$view/state/status.new" "$view/state/status"
  rm -f "$view/state/status.new"
  local sources=""
  for suite in "$@"; do
    case "$suite" in
      *-security) uri="$zbn_debian_security_mirror" ;;
      *) uri="$zbn_debian_mirror" ;;
    esac
    sources+="deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main"$'\n'
  done
  printf '%s' "$sources" >"$view/etc/sources.list"
  cat >"$view/apt.conf" <<CONF
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
APT::Sandbox::User "root";
Acquire::Languages "none";
Acquire::Retries "2";
Acquire::http::Timeout "30";
Dir::State "$view/state";
Dir::State::status "$view/state/status";
Dir::Cache "$view/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Dir::Etc "$view/etc";
Dir::Etc::sourcelist "$view/etc/sources.list";
Dir::Etc::sourceparts "$view/etc/sources.list.d";
Dir::Etc::preferences "$view/etc/preferences";
Dir::Etc::preferencesparts "$view/etc/preferences.d";
Dir::Etc::parts "$view/etc/apt.conf.d";
Dir::Etc::trusted "/etc/apt/trusted.gpg";
Dir::Etc::trustedparts "/etc/apt/trusted.gpg.d";
CONF
  # the package lists are refreshed once a day (security updates replace versions, and old .debs leave the archive)
  if [ -z "$(find "$view/state" -maxdepth 1 -name updated -mmin -1440 2>/dev/null)" ]; then
    if ! zbn_apt "$name" update -qq >"$view/update.log" 2>&1 || grep -q '^[WE]:' "$view/update.log"; then
      zbn_log "apt-get update for $name ($*, $arch) failed:"
      sed 's/^/    /' "$view/update.log" >&2
      return 1
    fi
    touch "$view/state/updated"
  fi
}

zbn_apt_unpack() {
  local name="$1" dest="$2"
  shift 2
  local view="$zbn_cross_cache/apt/$name"
  (cd "$view/debs" && zbn_apt "$name" download -qq "$@" >"$view/download.log" 2>&1) || {
    if [ -n "${ZBN_APT_QUIET:-}" ]; then
      zbn_log "$name: $(grep -c '^E:' "$view/download.log") of the packages cannot be fetched ($view/download.log)"
    else
      zbn_log "apt-get download $* ($name) failed:"
      sed 's/^/    /' "$view/download.log" >&2
    fi
    return 1
  }
  mkdir -p "$dest"
  local pkg file
  for pkg in "$@"; do
    pkg="${pkg%%=*}"
    pkg="${pkg%%:*}"
    # the newest downloaded .deb of this package (apt-get download names it <name>_<version>_<arch>.deb)
    file="$(ls -t "$view/debs/${pkg}"_*.deb | head -1)"
    dpkg -x "$file" "$dest"
    printf '%s %s\n' "$(basename "$file")" "$(sha256sum "$file" | cut -d' ' -f1)" >>"$dest/.packages"
    rm -f "$file" # what is unpacked is cached, not the .deb
  done
  zbn_relative_symlinks "$dest"
}

# Rewrites absolute symlinks under DEST (e.g. usr/lib/x86_64-linux-gnu/libm.so -> /lib/x86_64-linux-gnu/libm.so.6) to
# point inside DEST.
zbn_relative_symlinks() {
  local dest="$1" link target dir rel
  while IFS= read -r -d '' link; do
    target="$(readlink "$link")"
    dir="$(dirname "${link#"$dest"}")"
    rel="$(realpath -m -s --relative-to="$dir" "$target")"
    ln -sfn "$rel" "$link"
  done < <(find "$dest" -type l -lname '/*' -print0)
}
