//! Zerobus Ingest client core: gRPC over h2, TLS, OAuth, the stream state machine with recovery, and the C ABI under
//! the JNI shim (`c/`).

pub mod auth;
pub mod error;
pub mod ffi;
pub mod json_check;
pub mod registry;
pub mod runtime;
pub mod sdk;
pub mod stream;
pub mod transport;
pub mod wire;

/// `x-zerobus-sdk` header value (and the default user agent).
pub const SDK_HEADER: &str = concat!("zerobus-java-spring/", env!("CARGO_PKG_VERSION"));

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
