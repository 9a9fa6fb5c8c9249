//! The one process-wide Tokio runtime, created on first use with few worker threads: the client is I/O bound and
//! shares the machine with the JVM.

use std::sync::OnceLock;
use tokio::runtime::Runtime;

/// Overrides the worker count (1..=8); default 2.
pub const WORKER_THREADS_ENV: &str = "ZEROBUS_NATIVE_WORKER_THREADS";

pub fn get() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        let workers = std::env::var(WORKER_THREADS_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .map(|n| n.clamp(1, 8))
            .unwrap_or(2);
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .max_blocking_threads(16)
            .thread_name("zerobus-native")
            .enable_all()
            .build()
            .expect("the Tokio runtime could not be started")
    })
}
