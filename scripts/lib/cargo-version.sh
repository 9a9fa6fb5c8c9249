# Sourced, not run: whether the cargo at $1 is 1.78 or newer, which Cargo.lock's version 4 needs (Debian bookworm's
# own cargo is 0.66; its cargo-web from bookworm-security is current). One rule for install-prerequisites.sh and
# build-native.sh.
cargo_is_recent() {
  local version
  version="$("$1" --version 2>/dev/null)" || return 1
  version="${version#cargo }"
  local major="${version%%.*}" rest="${version#*.}"
  local minor="${rest%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  ((major > 1 || (major == 1 && minor >= 78)))
}
