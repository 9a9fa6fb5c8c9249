//! Compiles the JNI shim (c/*.c) against the JDK's jni.h, found from JAVA_HOME or from `javac` on the PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCES: &[&str] = &["shim_load.c", "shim_errors.c", "natives_stream.c", "natives_unacked.c", "upcalls.c"];

fn java_home() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("JAVA_HOME").map(PathBuf::from) {
        if home.join("include/jni.h").exists() {
            return Some(home);
        }
    }
    let javac = Command::new("sh").args(["-c", "readlink -f \"$(command -v javac)\""]).output().ok()?;
    let javac = PathBuf::from(String::from_utf8_lossy(&javac.stdout).trim());
    let home = javac.parent()?.parent()?.to_path_buf();
    home.join("include/jni.h").exists().then_some(home)
}

fn main() {
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-env-changed=JAVA_HOME");
    let home = java_home().expect("no JDK found: set JAVA_HOME to a JDK (jni.h is needed) or put javac on the PATH");
    let include = home.join("include");
    let platform = ["linux", "darwin", "win32"].iter().map(|p| include.join(p)).find(|p| p.exists());
    let mut build = cc::Build::new();
    for file in SOURCES {
        build.file(Path::new("c").join(file));
    }
    build.include("c").include(&include).flag_if_supported("-fvisibility=hidden").warnings(true);
    if let Some(platform) = platform {
        build.include(platform);
    }
    build.compile("zerobus_jni_shim");
}
