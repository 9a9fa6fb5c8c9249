//! Zerobus Ingest client core: gRPC over h2, TLS, OAuth, the stream state machine with recovery, and the C ABI under
//! the JNI shim (`c/`).

pub mod auth;
pub mod error;
pub mod events;
pub mod ffi;
pub mod json_check;
pub mod registry;
pub mod runtime;
pub mod sdk;
pub mod stream;
pub mod transport;
pub mod wire;

/// The product name in `x-zerobus-sdk` and `user-agent`; the version comes from the Java side (the jar's version), so
/// that both headers carry the one real version of the library.
pub const SDK_NAME: &str = "zerobus-java-spring";

extern "C" {
    fn zbn_shim_on_load(vm: *mut std::ffi::c_void) -> i32;
}

/// The JVM's entry point when the library is loaded: the shim caches classes and method ids and registers the
/// natives of `NativeBridge` (so no `Java_*` symbol needs to be exported).
///
/// # Safety
/// Called by the JVM with its `JavaVM*`.
#[no_mangle]
pub unsafe extern "C" fn JNI_OnLoad(vm: *mut std::ffi::c_void, _reserved: *mut std::ffi::c_void) -> i32 {
    zbn_shim_on_load(vm)
}
