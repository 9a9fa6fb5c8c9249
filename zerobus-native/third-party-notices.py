#!/usr/bin/env python3
"""Writes THIRD-PARTY-NOTICES for the native library: every crate linked into libzerobus_native, with its version,
licence and the licence texts found in its sources.

    third-party-notices.py --manifest-path rust/Cargo.toml --native-dir target/classes/native \
        --output target/classes/META-INF/THIRD-PARTY-NOTICES [--registry DIR] [--cargo-arg ARG ...]

What is listed comes from `cargo metadata --offline` (the resolve graph of Cargo.lock): the crates reached from
zerobus_native through normal dependencies, for each target the jar carries (one per directory under --native-dir:
linux-x86_64, linux-aarch64, ...). Build dependencies and procedural macros (and what only they use) run at build time
and are not part of the library, so they are not listed.

cargo has to find the crate sources offline, the way the build found them. In order:
  1. --cargo-arg ARG (repeatable) or ZEROBUS_CARGO_ARGS (shell words): passed to cargo metadata as they are, e.g.
     --config "source.crates-io.replace-with='vendored'" --config "source.vendored.directory='/path'";
  2. --registry DIR or ZEROBUS_CARGO_REGISTRY: a cargo directory registry replacing crates.io;
  3. otherwise the directory registries the last build read its crates from (found in target/**/deps/*.d), newest
     first; then cargo's own configuration (.cargo/config.toml, ~/.cargo); then Debian's /usr/share/cargo/registry.
The output has no timestamps: the same sources give the same file (reproducible jars).
"""

import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys

TRIPLES = {
    "linux-x86_64": "x86_64-unknown-linux-gnu",
    "linux-aarch64": "aarch64-unknown-linux-gnu",
    "osx-x86_64": "x86_64-apple-darwin",
    "osx-aarch64": "aarch64-apple-darwin",
    "windows-x86_64": "x86_64-pc-windows-msvc",
    "windows-aarch64": "aarch64-pc-windows-msvc",
}

LICENSE_FILE = re.compile(r"^(licen[cs]e|copying|notice|copyright|unlicense)([-._].*)?$", re.IGNORECASE)

DEBIAN_REGISTRY = "/usr/share/cargo/registry"

RULE = "=" * 100
THIN = "-" * 100


def fail(message):
    print("[third-party-notices] " + message, file=sys.stderr)
    sys.exit(1)


def directory_source(registry):
    return [
        "--config", "source.crates-io.replace-with='zerobus-notices-registry'",
        "--config", "source.zerobus-notices-registry.directory='%s'" % registry,
    ]


def inferred_registries(crate_dir):
    """Directory registries named in the dep-info files of earlier builds, newest first."""
    found = {}
    for dep_info in glob.glob(os.path.join(crate_dir, "target", "**", "deps", "*.d"), recursive=True):
        try:
            mtime = os.path.getmtime(dep_info)
            with open(dep_info, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        for path in re.findall(r"(/[^\s:]+?)/[^/\s:]+-\d+\.\d+\.\d+[^/\s:]*/", text):
            if path.startswith(crate_dir) or path in found and found[path] >= mtime:
                continue
            found[path] = mtime
    registries = []
    for path, mtime in sorted(found.items(), key=lambda item: -item[1]):
        # a directory source has .cargo-checksum.json in each crate (cargo's own download cache has not)
        if glob.glob(os.path.join(glob.escape(path), "*", ".cargo-checksum.json")):
            registries.append(path)
    return registries


def candidate_args(args, crate_dir):
    explicit = list(args.cargo_arg or [])
    if not explicit and os.environ.get("ZEROBUS_CARGO_ARGS", "").strip():
        explicit = shlex.split(os.environ["ZEROBUS_CARGO_ARGS"])
    if explicit:
        return [("the given cargo arguments", explicit)]
    registry = args.registry or os.environ.get("ZEROBUS_CARGO_REGISTRY", "").strip()
    if registry:
        return [("registry " + registry, directory_source(os.path.abspath(registry)))]
    candidates = [("registry " + r + " (read by the last build)", directory_source(r))
                  for r in inferred_registries(crate_dir)]
    candidates.append(("cargo's own configuration", []))
    if os.path.isdir(DEBIAN_REGISTRY):
        candidates.append(("registry " + DEBIAN_REGISTRY, directory_source(DEBIAN_REGISTRY)))
    return candidates


def cargo_metadata(cargo, manifest, extra, triple):
    command = [cargo, "metadata", "--offline", "--locked", "--format-version", "1",
               "--manifest-path", manifest, "--filter-platform", triple] + extra
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip()
    return json.loads(result.stdout), None


def bundled(metadata):
    """Packages linked into the root crate's library: normal dependencies, not through build deps or proc macros."""
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    root = metadata["resolve"]["root"]
    seen = set()
    stack = [root]
    while stack:
        for dep in nodes[stack.pop()]["deps"]:
            if not any(kind["kind"] is None for kind in dep["dep_kinds"]):
                continue
            package = packages[dep["pkg"]]
            if any("proc-macro" in target["kind"] for target in package["targets"]):
                continue
            if dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                stack.append(dep["pkg"])
    return packages[root], [packages[i] for i in seen]


def licence_files(package):
    crate_dir = os.path.dirname(package["manifest_path"])
    names = set()
    if package.get("license_file"):
        names.add(os.path.normpath(package["license_file"]))
    for name in os.listdir(crate_dir):
        if LICENSE_FILE.match(name) and os.path.isfile(os.path.join(crate_dir, name)):
            names.add(name)
    files = []
    for name in sorted(names):
        with open(os.path.join(crate_dir, name), encoding="utf-8", errors="replace") as f:
            files.append((name, f.read().replace("\r\n", "\n").strip("\n")))
    return files


def rustc_version(cargo):
    rustc = os.path.join(os.path.dirname(cargo), "rustc") if os.path.dirname(cargo) else "rustc"
    try:
        out = subprocess.run([rustc, "--version"], capture_output=True, text=True, check=True).stdout.strip()
        return out.split()[1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


def library_rustc_versions(native_dir, platforms):
    """The rustc that built each platform's library, from its .comment section (kept by strip --strip-unneeded):
    the cross-built libraries may come from another compiler than the host's. None if it cannot be read."""
    versions = {}
    for platform in platforms:
        for name in sorted(os.listdir(os.path.join(native_dir, platform))):
            try:
                out = subprocess.run(["readelf", "-p", ".comment", os.path.join(native_dir, platform, name)],
                                     capture_output=True, text=True).stdout
            except OSError:
                return None
            match = re.search(r"rustc version (\S+)", out)
            if match:
                versions[platform] = match.group(1)
                break
    if len(versions) != len(platforms):
        return None
    if len(set(versions.values())) == 1:
        return next(iter(versions.values()))
    return ", ".join("%s for %s" % (v, p) for p, v in sorted(versions.items()))


def render(root, crates, platforms, rustc):
    lines = []
    add = lines.append
    add("THIRD-PARTY NOTICES for the native libraries of zerobus-native")
    add(RULE)
    add("")
    add("The jar carries libzerobus_native, built from the Rust crate %s %s (licence: %s, see META-INF/LICENSE)"
        % (root["name"], root["version"], root.get("license") or "Apache-2.0"))
    add("for " + ", ".join("native/%s/" % p for p in platforms) + ".")
    add("The library statically links the Rust standard library (rustc %s; MIT OR Apache-2.0," % rustc)
    add("https://github.com/rust-lang/rust) and the %d crates below, whose licences and notices follow." % len(crates))
    add("Crates used only to build it (build scripts, procedural macros and their dependencies) are not part of the")
    add("library and are not listed. Where a crate offers a choice of licences (\"MIT OR Apache-2.0\"), the")
    add("recipient may use it under any of them.")
    add("")
    width_name = max([len(c["name"]) for c in crates] + [5])
    width_version = max([len(c["version"]) for c in crates] + [7])
    add("%-*s  %-*s  %s" % (width_name, "crate", width_version, "version", "licence"))
    add("%s  %s  %s" % ("-" * width_name, "-" * width_version, "-" * 40))
    for crate in crates:
        licence = crate.get("license") or (
            "the terms in its %s, below" % crate["license_file"] if crate.get("license_file") else "unknown")
        add("%-*s  %-*s  %s" % (width_name, crate["name"], width_version, crate["version"], licence))
    add("")
    add(RULE)
    add("Licence texts and notices, as found in each crate's sources (identical texts are given once)")
    add(RULE)

    texts = {}  # normalised text -> (display text, [(crate, file)])
    missing = []
    for crate in crates:
        files = licence_files(crate)
        if not files:
            missing.append(crate)
        for name, text in files:
            key = re.sub(r"\s+", " ", text).strip()
            entry = texts.setdefault(key, (text, []))
            entry[1].append("%s %s: %s" % (crate["name"], crate["version"], name))
    for text, users in sorted(texts.values(), key=lambda entry: entry[1][0]):
        add("")
        add(THIN)
        for user in users:
            add(user)
        add(THIN)
        add("")
        add(text)
    if missing:
        add("")
        add(THIN)
        add("Crates whose packaged sources carry no licence file (their licence is the one their Cargo.toml declares,")
        add("above; the full texts are at their repositories and at https://spdx.org/licenses/):")
        for crate in missing:
            add("  %s %s: %s%s" % (crate["name"], crate["version"], crate.get("license") or "unknown",
                                   (" (" + crate["repository"] + ")") if crate.get("repository") else ""))
        add(THIN)
    add("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest-path", required=True)
    parser.add_argument("--native-dir", required=True,
                        help="directory with one subdirectory per platform the jar carries, e.g. linux-x86_64")
    parser.add_argument("--output", required=True)
    parser.add_argument("--registry", help="cargo directory registry that replaces crates.io")
    parser.add_argument("--cargo-arg", action="append", help="argument passed to cargo metadata (repeatable)")
    parser.add_argument("--cargo", default=os.environ.get("CARGO") or "cargo")
    args = parser.parse_args()

    cargo = args.cargo
    if not shutil_which(cargo) and os.path.exists(os.path.expanduser("~/.cargo/bin/cargo")):
        cargo = os.path.expanduser("~/.cargo/bin/cargo")
    manifest = os.path.abspath(args.manifest_path)
    crate_dir = os.path.dirname(manifest)

    platforms = sorted(d for d in os.listdir(args.native_dir) if os.path.isdir(os.path.join(args.native_dir, d))) \
        if os.path.isdir(args.native_dir) else []
    if not platforms:
        fail("no platform directories under %s: build the library first" % args.native_dir)
    unknown = [p for p in platforms if p not in TRIPLES]
    if unknown:
        fail("no Rust target known for %s" % ", ".join(unknown))

    errors = []
    for description, extra in candidate_args(args, crate_dir):
        crates = {}
        root = None
        error = None
        for platform in platforms:
            metadata, error = cargo_metadata(cargo, manifest, extra, TRIPLES[platform])
            if metadata is None:
                break
            root, packages = bundled(metadata)
            for package in packages:
                crates[package["id"]] = package
        if error is None:
            break
        errors.append("%s: %s" % (description, error.splitlines()[-1] if error else "failed"))
    else:
        fail("cargo metadata could not find the crate sources offline:\n  " + "\n  ".join(errors)
             + "\nName them with --registry DIR, ZEROBUS_CARGO_REGISTRY, --cargo-arg or ZEROBUS_CARGO_ARGS.")

    ordered = sorted(crates.values(), key=lambda p: (p["name"], p["version"]))
    rustc = library_rustc_versions(args.native_dir, platforms) or rustc_version(cargo)
    text = render(root, ordered, platforms, rustc)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("[third-party-notices] %d crates (%s) -> %s" % (len(ordered), description, args.output))


def shutil_which(command):
    import shutil
    return shutil.which(command)


if __name__ == "__main__":
    main()
