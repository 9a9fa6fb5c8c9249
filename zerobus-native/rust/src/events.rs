//! Lifecycle events for the application's log: stream opened, close signal, recovering, recovered, failed, token
//! refreshed. They are queued here and drained by one Java thread that blocks in `NativeBridge.pollEvents` and hands
//! them to `System.Logger`, so logging never costs a JNI upcall, and nothing is logged per record. Messages name
//! tables, stream ids, counts and error messages, which never contain a token or secret.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Events kept while nobody drains them; older ones are dropped (and counted) beyond this.
const CAPACITY: usize = 4096;

/// `System.Logger.Level` names, as the Java side maps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Debug,
    Info,
    Warning,
    Error,
}

impl Level {
    fn code(self) -> u8 {
        match self {
            Level::Debug => b'D',
            Level::Info => b'I',
            Level::Warning => b'W',
            Level::Error => b'E',
        }
    }
}

struct Queue {
    events: Mutex<(VecDeque<(Level, String)>, u64)>,
    ready: Condvar,
}

fn queue() -> &'static Queue {
    static QUEUE: OnceLock<Queue> = OnceLock::new();
    QUEUE.get_or_init(|| Queue { events: Mutex::new((VecDeque::new(), 0)), ready: Condvar::new() })
}

/// Queues one event. Line breaks are flattened so that one event is one log line.
pub fn emit(level: Level, message: String) {
    let message = if message.contains(['\n', '\r']) { message.replace(['\n', '\r'], " ") } else { message };
    let q = queue();
    let mut guard = q.events.lock().unwrap_or_else(|e| e.into_inner());
    if guard.0.len() == CAPACITY {
        guard.0.pop_front();
        guard.1 += 1;
    }
    guard.0.push_back((level, message));
    drop(guard);
    q.ready.notify_one();
}

/// Waits up to `timeout` for events and takes all of them, encoded as lines of `<level code><message>\n` (UTF-8).
/// Returns `None` when there were none.
pub fn drain(timeout: Duration) -> Option<Vec<u8>> {
    let q = queue();
    let deadline = Instant::now() + timeout;
    let mut guard = q.events.lock().unwrap_or_else(|e| e.into_inner());
    while guard.0.is_empty() && guard.1 == 0 {
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        guard = q.ready.wait_timeout(guard, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
    }
    let mut out = Vec::new();
    if guard.1 > 0 {
        let dropped = std::mem::take(&mut guard.1);
        out.push(Level::Warning.code());
        out.extend_from_slice(format!("{dropped} log events of the Zerobus client were dropped").as_bytes());
        out.push(b'\n');
    }
    for (level, message) in guard.0.drain(..) {
        out.push(level.code());
        out.extend_from_slice(message.as_bytes());
        out.push(b'\n');
    }
    Some(out)
}

#[cfg(test)]
pub(crate) fn drain_for_test() -> String {
    drain(Duration::ZERO).map(|b| String::from_utf8(b).unwrap()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_lines_with_level_codes() {
        emit(Level::Info, "stream opened\nwith a break".to_string());
        emit(Level::Warning, "recovering".to_string());
        let text = drain_for_test();
        assert!(text.contains("Istream opened with a break\n"), "{text}");
        assert!(text.contains("Wrecovering\n"), "{text}");
    }
}
