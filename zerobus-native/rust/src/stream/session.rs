//! One open call: a sender that hands everything queued to h2 in one chunk per wake-up, a receiver that applies acks
//! in bulk (one watermark update per read), a keepalive that PINGs a silent connection, and a supervisor for the
//! lack-of-ack timeout, close-signal pauses and the user's close. All of them run in the driver task; nothing here is
//! spawned per record.
//!
//! When a close signal's pause runs out with requests still unacked, the call is not abandoned at once: the client
//! half-closes it and keeps reading for a short grace period, because the server's final ack (sent just before it
//! ends the call) is what tells which of those requests need no re-send.

use super::shared::Shared;
use super::state::StreamState;
use crate::error::{Error, Result};
use crate::events::{self, Level};
use crate::transport::grpc::{self, Rpc};
use crate::wire::framing::FrameDecoder;
use crate::wire::messages::{ephemeral_stream_response::Payload, EphemeralStreamResponse};
use crate::wire::status;
use bytes::Bytes;
use futures_util::future::poll_fn;
use h2::{Ping, PingPong, RecvStream, SendStream};
use prost::Message;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::Poll;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// After the half-close, how long the server gets to end the call.
const END_GRACE: Duration = Duration::from_secs(5);
/// After a close signal's pause ran out, how long the server gets to send its final ack and end the call.
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// Most DATA chunks taken in one read before acks are applied.
const MAX_CHUNKS_PER_READ: usize = 256;
const FAR_FUTURE: Duration = Duration::from_secs(3600);

pub enum SessionEnd {
    /// The user's close completed: half-closed and the server ended the call (or the grace period passed).
    Ended,
    /// The handle was freed.
    Cancelled,
    /// After a close signal: everything in flight was acked, the pause and its drain ran out, or the server ended
    /// the call.
    Reconnect {
        progressed: bool,
    },
    Failed {
        error: Error,
        progressed: bool,
    },
}

/// Timing shared by the sender, receiver and supervisor of one session.
struct Clock {
    start: Instant,
    /// Milliseconds since `start` of the last ack progress (or of the first send after idle).
    last_progress: AtomicU64,
    /// Milliseconds since `start` when a close-signal pause ends; `u64::MAX` when not paused.
    pause_until: AtomicU64,
    progressed: AtomicBool,
    /// Milliseconds since `start` when anything (DATA, headers, PING answer) was last read from the server.
    last_read: AtomicU64,
    /// The pause ran out: the sender half-closes, and the call ends when the server ends it or `DRAIN_GRACE` passes.
    draining: AtomicBool,
    /// Wakes the supervisor when a deadline moves earlier.
    rearm: Notify,
}

impl Clock {
    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    fn at(&self, ms: u64) -> Instant {
        self.start + Duration::from_millis(ms)
    }

    fn mark_progress(&self) {
        self.last_progress.store(self.now_ms(), Ordering::Relaxed);
    }

    fn mark_read(&self) {
        self.last_read.store(self.now_ms(), Ordering::Relaxed);
    }

    fn reconnect(&self) -> SessionEnd {
        SessionEnd::Reconnect { progressed: self.progressed.load(Ordering::Relaxed) }
    }
}

enum SendEnd {
    HalfClosed,
    Cancelled,
}

pub async fn run(shared: &Shared, rpc: Rpc) -> SessionEnd {
    // The connection task lives until this function returns.
    let (mut send, mut recv, mut decoder, ping, _connection) = rpc.into_parts();
    let clock = Clock {
        start: Instant::now(),
        last_progress: AtomicU64::new(0),
        pause_until: AtomicU64::new(u64::MAX),
        progressed: AtomicBool::new(false),
        last_read: AtomicU64::new(0),
        draining: AtomicBool::new(false),
        rearm: Notify::new(),
    };
    let sender = send_loop(shared, &mut send, &clock);
    let receiver = receive_loop(shared, &mut recv, &mut decoder, &clock);
    let keepalive = keepalive(shared, ping, &clock);
    tokio::pin!(sender, receiver, keepalive);
    let mut sender_done = false;
    let mut end_deadline: Option<Instant> = None;
    let failed = |error: Error| SessionEnd::Failed { error, progressed: clock.progressed.load(Ordering::Relaxed) };
    loop {
        let deadline = next_deadline(shared, &clock, end_deadline);
        tokio::select! {
            end = &mut receiver => return match end {
                Ok(end) => end,
                Err(error) => failed(error),
            },
            error = &mut keepalive => return failed(error),
            end = &mut sender, if !sender_done => match end {
                Ok(SendEnd::HalfClosed) => {
                    sender_done = true;
                    let grace = if clock.draining.load(Ordering::Relaxed) { DRAIN_GRACE } else { END_GRACE };
                    end_deadline = Some(Instant::now() + grace);
                }
                Ok(SendEnd::Cancelled) => return SessionEnd::Cancelled,
                Err(error) => return failed(error),
            },
            _ = shared.control.notified() => {
                if shared.lock().cancelled {
                    return SessionEnd::Cancelled;
                }
                shared.sender_wake.notify_one();
            }
            _ = clock.rearm.notified() => {}
            _ = tokio::time::sleep_until(deadline.into()) => {
                let now = Instant::now();
                if end_deadline.is_some_and(|d| now >= d) {
                    return if clock.draining.load(Ordering::Relaxed) { clock.reconnect() } else { SessionEnd::Ended };
                }
                let pause_until = clock.pause_until.load(Ordering::Relaxed);
                if pause_until != u64::MAX {
                    if now >= clock.at(pause_until) && !clock.draining.swap(true, Ordering::Relaxed) {
                        // Half-close and read the final ack before anything is re-sent (see the module comment).
                        let mut inner = shared.lock();
                        inner.sender_idle = false;
                        drop(inner);
                        shared.sender_wake.notify_one();
                    }
                } else if shared.lock().ledger.in_flight() > 0 {
                    let timeout = shared.options.server_lack_of_ack_timeout;
                    if now >= clock.at(clock.last_progress.load(Ordering::Relaxed)) + timeout {
                        return failed(Error::timeout(format!(
                            "no acknowledgement from the server for {} ms", timeout.as_millis()
                        )).with_grpc_status(status::DEADLINE_EXCEEDED));
                    }
                }
            }
        }
    }
}

fn next_deadline(shared: &Shared, clock: &Clock, end_deadline: Option<Instant>) -> Instant {
    let mut deadline = Instant::now() + FAR_FUTURE;
    if let Some(end) = end_deadline {
        deadline = deadline.min(end);
    }
    let pause_until = clock.pause_until.load(Ordering::Relaxed);
    if pause_until != u64::MAX {
        if !clock.draining.load(Ordering::Relaxed) {
            deadline = deadline.min(clock.at(pause_until));
        }
    } else if shared.lock().ledger.in_flight() > 0 {
        let last = clock.last_progress.load(Ordering::Relaxed);
        deadline = deadline.min(clock.at(last) + shared.options.server_lack_of_ack_timeout);
    }
    deadline
}

enum SendAction {
    Send(Bytes, bool),
    Wait,
    HalfClose,
    Cancelled,
}

async fn send_loop(shared: &Shared, send: &mut SendStream<Bytes>, clock: &Clock) -> Result<SendEnd> {
    loop {
        let action = {
            let mut inner = shared.lock();
            if inner.cancelled {
                SendAction::Cancelled
            } else if inner.end_requested || clock.draining.load(Ordering::Relaxed) {
                // Closing (after the flush, or when it timed out) or draining: nothing more goes out.
                SendAction::HalfClose
            } else if let Some(out) = inner.ledger.take_outbox() {
                let was_idle = inner.ledger.in_flight() == out.requests;
                inner.counters.requests_sent += out.requests as i64;
                inner.counters.requests_resent += out.resent as i64;
                inner.counters.bytes_sent += out.bytes.len() as i64;
                SendAction::Send(out.bytes, was_idle)
            } else {
                inner.sender_idle = true;
                SendAction::Wait
            }
        };
        match action {
            SendAction::Send(bytes, was_idle) => {
                if was_idle {
                    // The lack-of-ack clock starts when something is in flight again.
                    clock.mark_progress();
                    clock.rearm.notify_one();
                }
                grpc::send_all(send, bytes).await?;
            }
            // No timed wait here: whatever producers queue while a write is under way goes out with the next one, so
            // records coalesce under load by themselves, and a record that finds the sender idle leaves at once
            // (a timer would cost at least its 1 ms resolution per record at moderate rates).
            SendAction::Wait => shared.sender_wake.notified().await,
            SendAction::HalfClose => {
                send.send_data(Bytes::new(), true).map_err(|e| grpc::h2_error("ending the stream", &e))?;
                return Ok(SendEnd::HalfClosed);
            }
            SendAction::Cancelled => return Ok(SendEnd::Cancelled),
        }
    }
}

/// Takes every DATA chunk available now (at least one, or the end of the body).
fn poll_chunks(
    recv: &mut RecvStream,
    decoder: &mut FrameDecoder,
    clock: &Clock,
    cx: &mut std::task::Context<'_>,
) -> Poll<std::result::Result<bool, h2::Error>> {
    let mut got = false;
    for _ in 0..MAX_CHUNKS_PER_READ {
        match recv.poll_data(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                clock.mark_read();
                let _ = recv.flow_control().release_capacity(chunk.len());
                decoder.push(&chunk);
                got = true;
            }
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
            Poll::Ready(None) => return Poll::Ready(Ok(got)),
            Poll::Pending => return if got { Poll::Ready(Ok(true)) } else { Poll::Pending },
        }
    }
    Poll::Ready(Ok(true))
}

async fn receive_loop(
    shared: &Shared,
    recv: &mut RecvStream,
    decoder: &mut FrameDecoder,
    clock: &Clock,
) -> Result<SessionEnd> {
    let mut freed = Vec::new();
    loop {
        let mut max_ack: Option<i64> = None;
        let mut close_signal: Option<Duration> = None;
        while let Some(message) = decoder.next_message()? {
            let response = EphemeralStreamResponse::decode(message)
                .map_err(|e| Error::protocol(format!("undecodable server message: {e}")))?;
            match response.payload {
                Some(Payload::IngestRecordResponse(ack)) => {
                    let offset = ack
                        .durability_ack_up_to_offset
                        .ok_or_else(|| Error::protocol("server sent an ack without durability_ack_up_to_offset"))?;
                    max_ack = Some(max_ack.map_or(offset, |m: i64| m.max(offset)));
                }
                Some(Payload::CloseStreamSignal(signal)) => {
                    let millis = signal.duration.map_or(0, |d| d.as_millis());
                    close_signal = Some(Duration::from_millis(millis));
                }
                Some(Payload::CreateStreamResponse(_)) => {
                    return Err(Error::protocol("server sent a second create_stream_response"));
                }
                None => return Err(Error::protocol("server sent an empty response")),
            }
        }
        if max_ack.is_some() || close_signal.is_some() {
            let mut inner = shared.lock();
            if let Some(offset) = max_ack {
                let wire_base = inner.ledger.wire_base();
                let outcome = inner.ledger.ack(offset, &mut freed).map_err(|e| Error {
                    message: format!("{} (wire offset 0 is logical offset {wire_base})", e.message),
                    ..e
                })?;
                if outcome.acked > 0 {
                    shared.publish_acks(&mut inner);
                    clock.mark_progress();
                    clock.progressed.store(true, Ordering::Relaxed);
                    // The send window may have grown: hand the sender what it now allows.
                    if inner.sender_idle && inner.ledger.outbox_len() > 0 {
                        inner.sender_idle = false;
                        shared.sender_wake.notify_one();
                    }
                }
            }
            if let Some(pause) = close_signal {
                if inner.ledger.is_live() {
                    inner.ledger.pause();
                    inner.counters.close_signals += 1;
                    shared.transition(&mut inner, StreamState::Paused);
                    let pause = shared.options.close_signal_max_pause.map_or(pause, |max| pause.min(max));
                    events::emit(
                        Level::Info,
                        format!(
                            "close signal on the stream to table {}: reconnecting within {} ms ({} request(s) in \
                             flight)",
                            shared.table,
                            pause.as_millis(),
                            inner.ledger.in_flight()
                        ),
                    );
                    clock.pause_until.store(clock.now_ms() + pause.as_millis() as u64, Ordering::Relaxed);
                    clock.rearm.notify_one();
                }
            }
            let drained =
                !inner.ledger.is_live() && inner.state == StreamState::Paused && inner.ledger.in_flight() == 0;
            drop(inner);
            freed.clear(); // payloads are freed outside the lock
            if drained {
                return Ok(clock.reconnect());
            }
        }
        match poll_fn(|cx| poll_chunks(recv, decoder, clock, cx)).await {
            Ok(true) => {}
            Ok(false) => {
                let (ending, paused) = {
                    let inner = shared.lock();
                    (inner.end_requested, inner.state == StreamState::Paused)
                };
                if ending {
                    return Ok(SessionEnd::Ended);
                }
                let error = grpc::end_of_call(recv).await;
                return if paused && error.retryable { Ok(clock.reconnect()) } else { Err(error) };
            }
            Err(e) => return Err(grpc::h2_error("reading acks", &e)),
        }
    }
}

/// PINGs the server whenever nothing was read for the keepalive interval; fails the call when a PING goes
/// unanswered for the keepalive timeout. Without it, a connection that died silently (a NAT dropped it, the peer
/// froze) would only be noticed by the lack-of-ack timeout, and an idle one not at all.
async fn keepalive(shared: &Shared, ping: Option<PingPong>, clock: &Clock) -> Error {
    let Some(mut ping) = ping else {
        return std::future::pending().await;
    };
    let interval = shared.options.keepalive_interval;
    let timeout = shared.options.keepalive_timeout;
    loop {
        let silent_since = clock.at(clock.last_read.load(Ordering::Relaxed));
        let due = silent_since + interval;
        if Instant::now() < due {
            tokio::time::sleep_until(due.into()).await;
            continue;
        }
        match tokio::time::timeout(timeout, ping.ping(Ping::opaque())).await {
            Ok(Ok(_pong)) => clock.mark_read(),
            // The connection itself failed: the receiver reports that with its real cause.
            Ok(Err(_)) => return std::future::pending().await,
            Err(_) => {
                return Error::connection(format!(
                    "the connection looks dead: no answer to an HTTP/2 PING within {} ms (after {} ms without any \
                     frame from the server)",
                    timeout.as_millis(),
                    interval.as_millis()
                ))
                .with_grpc_status(status::UNAVAILABLE)
            }
        }
    }
}
