//! The driver task of one stream: opens calls, runs sessions on them, and decides what happens when a call ends —
//! reconnect after a close signal (free), recover with backoff (within the retry budget), or fail for good.

use super::backoff;
use super::session::{self, SessionEnd};
use super::shared::Shared;
use super::state::StreamState;
use crate::auth::Obtained;
use crate::error::Error;
use crate::transport::grpc::{self, CallSettings, Rpc};
use crate::wire::encode::encode_message;
use crate::wire::messages::{ephemeral_stream_request, CreateIngestStreamRequest, EphemeralStreamRequest};
use crate::wire::status;
use bytes::BytesMut;
use futures_util::FutureExt;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

pub async fn run(shared: Arc<Shared>) {
    if AssertUnwindSafe(drive(&shared)).catch_unwind().await.is_err() {
        shared.fail(Error::internal("the stream driver panicked"));
    }
}

/// Why the next connection attempt happens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    First,
    /// After a close signal: immediate, not counted against the retry budget.
    Reconnect,
    /// After a failure.
    Recover,
}

async fn drive(shared: &Arc<Shared>) {
    let options = shared.options.clone();
    let mut rng = StdRng::from_entropy();
    let mut retries_used: u32 = 0;
    let mut fresh_credentials_tried = false;
    let mut next = Next::First;
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
            _ = shared.control.notified() => continue,
        };
        let error = match result {
            Ok(rpc) => {
                let started = Instant::now();
                shared.on_call_open(rpc.stream_id.clone(), next == Next::Recover);
                let end = session::run(shared, rpc).await;
                shared.on_call_ended();
                match end {
                    SessionEnd::Ended => {
                        shared.finish_closed();
                        return;
                    }
                    SessionEnd::Cancelled => return,
                    SessionEnd::Reconnect => {
                        retries_used = 0;
                        next = Next::Reconnect;
                        set_state(shared, StreamState::Recovering);
                        continue;
                    }
                    SessionEnd::Failed { error, progressed } => {
                        next = Next::Recover;
                        // A call that worked for a while earns back the whole retry budget.
                        if progressed || started.elapsed() >= options.recovery_timeout {
                            retries_used = 0;
                            fresh_credentials_tried = false;
                        }
                        error
                    }
                }
            }
            Err(error) => error,
        };
        if error.grpc_status == Some(status::UNAUTHENTICATED) {
            shared.auth.on_unauthenticated(obtained.as_ref()).await;
            // A cached token may simply have expired early: one immediate attempt with fresh credentials.
            if obtained.as_ref().is_some_and(|o| o.from_cache) && !fresh_credentials_tried {
                fresh_credentials_tried = true;
                next = if next == Next::First { Next::First } else { Next::Recover };
                continue;
            }
        }
        if !error.retryable || !options.recovery || retries_used >= options.recovery_retries {
            shared.fail(error);
            return;
        }
        if next != Next::First {
            set_state(shared, StreamState::Recovering);
            next = Next::Recover;
        }
        let delay = backoff::delay(options.recovery_backoff, retries_used, &mut rng);
        retries_used += 1;
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = wait_for_stop(shared) => {}
        }
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
    let obtained = match shared.auth.obtain().await {
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
        sdk_header: crate::SDK_HEADER,
        create_frame: frame.freeze(),
    })
    .await;
    (result, Some(obtained))
}
