//! The driver task of one stream: opens calls, runs sessions on them, and decides what happens when a call ends —
//! reconnect after a close signal (free), recover (within the retry budget), or fail for good.
//!
//! The retry budget counts consecutive attempts that made no ack progress; only ack progress earns it back, never
//! time: a server that accepts calls but never acks exhausts it (each attempt then ends at the lack-of-ack timeout),
//! while a server that drops a call now and then after acking some of it never does.
//!
//! The delay before the next attempt follows what the failure says. A call that opened and then broke shows the
//! server is reachable: when it made progress, or when the next attempt risks less because the send window shrank
//! (see `ledger`), the reconnect is fast and jittered, so a drop costs tens of milliseconds rather than a backoff
//! during which the backlog grows. Only failures that a smaller window cannot help (a call that broke at the minimum
//! window, or no call at all: connect, token, `create_stream` refused) back off exponentially from the configured
//! backoff, with jitter, up to a cap; the backoff starts over after progress.

use super::backoff;
use super::session::{self, SessionEnd};
use super::shared::Shared;
use super::state::StreamState;
use crate::auth::Obtained;
use crate::error::Error;
use crate::events::{self, Level};
use crate::transport::grpc::{self, CallSettings, Rpc};
use crate::wire::encode::encode_message;
use crate::wire::messages::{ephemeral_stream_request, CreateIngestStreamRequest, EphemeralStreamRequest};
use crate::wire::status;
use bytes::BytesMut;
use futures_util::FutureExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The fast reconnect after a call that made progress: uniformly in this range, so clients dropped together do not
/// come back in lock-step.
const FAST_RECONNECT_MIN: Duration = Duration::from_millis(10);
const FAST_RECONNECT_MAX: Duration = Duration::from_millis(50);
/// A call that ends with nothing left to ack is healthy if it served at least this long; a shorter one (a server that
/// accepts and hangs up at once) counts as a failed attempt, so that it cannot keep the driver in a hot loop.
const HEALTHY_IDLE_CALL: Duration = Duration::from_secs(1);

pub async fn run(shared: Arc<Shared>) {
    if AssertUnwindSafe(drive(&shared)).catch_unwind().await.is_err() {
        shared.fail(Error::internal("the stream driver panicked"));
    }
}

/// How the last attempt ended, for the budget and the delay.
enum Attempt {
    /// No call was opened.
    NotOpened,
    /// A call was opened and then broke.
    Broke { progressed: bool, window_shrank: bool },
}

async fn drive(shared: &Arc<Shared>) {
    let options = shared.options.clone();
    let mut rng = StdRng::from_entropy();
    // Consecutive attempts without ack progress, and backoffs among them.
    let mut streak: u32 = 0;
    let mut backoffs: u32 = 0;
    // Attempts since a call last opened, for the "recovered" log line.
    let mut attempts_since_open: u32 = 0;
    let mut fresh_credentials_tried = false;
    let mut recovering = false;
    loop {
        if shared.should_stop() {
            shared.finish_closed();
            return;
        }
        let (result, obtained) = tokio::select! {
            r = tokio::time::timeout(options.recovery_timeout, open_call(shared)) => match r {
                Ok(r) => r,
                Err(_) => (Err(Error::timeout(format!(
                    "opening the stream timed out after {} ms", options.recovery_timeout.as_millis()
                )).with_grpc_status(status::DEADLINE_EXCEEDED)), None),
            },
            _ = wait_for_stop(shared) => continue,
        };
        attempts_since_open += 1;
        let (error, attempt) = match result {
            Ok(rpc) => {
                let opened = Instant::now();
                shared.on_call_open(rpc.stream_id.clone(), recovering.then_some(attempts_since_open));
                attempts_since_open = 0;
                recovering = false;
                let end = session::run(shared, rpc).await;
                let failed = match &end {
                    SessionEnd::Failed { progressed, .. } => Some(*progressed),
                    _ => None,
                };
                let ended = shared.on_call_ended(failed);
                match end {
                    SessionEnd::Ended => {
                        shared.finish_closed();
                        return;
                    }
                    SessionEnd::Cancelled => return,
                    SessionEnd::Reconnect { progressed } => {
                        // A close signal: reconnect at once, outside the budget (protocol §3.7).
                        if progressed {
                            streak = 0;
                            backoffs = 0;
                        }
                        fresh_credentials_tried = false;
                        set_state(shared, StreamState::Recovering);
                        continue;
                    }
                    SessionEnd::Failed { mut error, progressed } => {
                        if !error.retryable && error.grpc_status.is_some() {
                            // The server's message may name a request by its offset on this call; the caller knows
                            // requests by their logical offsets.
                            let base = shared.lock().ledger.wire_base();
                            error.message =
                                format!("{} (offsets on that call started at logical offset {base})", error.message);
                        }
                        let healthy = progressed || (!ended.had_pending && opened.elapsed() >= HEALTHY_IDLE_CALL);
                        if healthy {
                            fresh_credentials_tried = false;
                        }
                        (error, Attempt::Broke { progressed: healthy, window_shrank: ended.window_shrank })
                    }
                }
            }
            Err(error) => (error, Attempt::NotOpened),
        };
        if error.grpc_status == Some(status::UNAUTHENTICATED) {
            shared.auth.on_unauthenticated(obtained.as_ref()).await;
            // A cached token may simply have expired early: one immediate attempt with fresh credentials.
            if obtained.as_ref().is_some_and(|o| o.from_cache) && !fresh_credentials_tried {
                fresh_credentials_tried = true;
                continue;
            }
        }
        let fast = match attempt {
            Attempt::Broke { progressed: true, .. } => {
                streak = 0;
                backoffs = 0;
                true
            }
            Attempt::Broke { progressed: false, window_shrank } => {
                streak += 1;
                window_shrank
            }
            Attempt::NotOpened => {
                streak += 1;
                false
            }
        };
        if !error.retryable || !options.recovery || streak > options.recovery_retries {
            shared.fail(error);
            return;
        }
        let delay = if fast {
            rng.gen_range(FAST_RECONNECT_MIN..=FAST_RECONNECT_MAX)
        } else {
            backoffs += 1;
            backoff::delay(options.recovery_backoff, backoffs - 1, &mut rng)
        };
        if shared.state() != StreamState::Creating {
            if !recovering {
                events::emit(
                    Level::Warning,
                    format!(
                        "stream to table {} is recovering: {} (retrying in {} ms)",
                        shared.table,
                        describe(&error),
                        delay.as_millis()
                    ),
                );
            }
            recovering = true;
            set_state(shared, StreamState::Recovering);
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = wait_for_stop(shared) => {}
        }
    }
}

/// The error with its gRPC status name, for log lines.
pub fn describe(error: &Error) -> String {
    match error.grpc_status {
        Some(code) => format!("{} ({}): {}", status::code_name(code), code, error.message),
        None => format!("{:?}: {}", error.kind, error.message),
    }
}

fn set_state(shared: &Shared, state: StreamState) {
    let mut inner = shared.lock();
    shared.transition(&mut inner, state);
}

/// Resolves when the user closes or frees the stream.
async fn wait_for_stop(shared: &Shared) {
    loop {
        let notified = shared.control.notified();
        if shared.should_stop() {
            return;
        }
        notified.await;
    }
}

/// Obtains headers (token) and opens the call.
async fn open_call(shared: &Shared) -> (crate::error::Result<Rpc>, Option<Obtained>) {
    let obtained = match shared.auth.obtain(shared.options.recovery_timeout).await {
        Ok(obtained) => obtained,
        Err(error) => return (Err(error), None),
    };
    let create = EphemeralStreamRequest {
        payload: Some(ephemeral_stream_request::Payload::CreateStream(CreateIngestStreamRequest {
            table_name: Some(shared.table.clone()),
            descriptor_proto: shared.descriptor.clone(),
            record_type: Some(shared.kind.wire_value() as i32),
        })),
    };
    let mut frame = BytesMut::new();
    encode_message(&mut frame, &create);
    let sdk = &shared.sdk;
    let result = grpc::open(CallSettings {
        endpoint: &sdk.endpoint,
        tls: &sdk.tls,
        headers: &obtained.headers,
        user_agent: &sdk.user_agent,
        sdk_header: &sdk.sdk_header,
        create_frame: frame.freeze(),
    })
    .await;
    (result, Some(obtained))
}
