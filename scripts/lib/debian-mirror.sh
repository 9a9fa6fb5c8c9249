# Sourced, not run: the first mirror of an archive ("debian" or "debian-security") in the system's apt sources (one-line
# and deb822 forms), without a trailing slash; empty when there is none. One definition for every script that talks to
# Debian's archive through a private apt configuration, so they all use the mirror the machine is configured with.
system_mirror() {
  {
    grep -hs '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources | sed 's/^[[:space:]]*URIs://'
    grep -hs '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
      sed 's/\[[^]]*\]//' | awk '{ print $2 }'
  } | tr ' ' '\n' | grep -E "^https?://[^[:space:]]*/${1}/?$" | head -n 1 | sed 's:/*$::' || true
}
