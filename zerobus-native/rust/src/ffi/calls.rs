//! The `zbn_*` functions the shim calls, one per `NativeBridge` method.

use super::headers::JavaHeadersCallback;
use super::strings;
use super::{call, Failure, ZbnError};
use crate::auth::{HeadersSource, OAuthCredentials};
use crate::error::{Error, ErrorKind};
use crate::sdk::{Sdk, SdkSettings};
use crate::stream::ledger::Payload;
use crate::stream::options::StreamOptions;
use crate::stream::Stream;
use crate::wire::RecordKind;
use std::ffi::c_void;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Copies element `index` (0 for a single record) into `dst` (exactly `len` bytes). Non-zero: a Java exception is
/// pending.
pub type FillFn = unsafe extern "C" fn(ctx: *mut c_void, index: i32, dst: *mut u8, len: usize) -> i32;
/// Length of batch element `index`; -1 for a null element, -2 when a Java exception is pending.
pub type LengthFn = unsafe extern "C" fn(ctx: *mut c_void, index: i32) -> i64;
/// Unacked visit: the number of requests, then each request, then each record of it. Non-zero aborts.
pub type UnackedStartFn = unsafe extern "C" fn(ctx: *mut c_void, requests: i32) -> i32;
pub type UnackedRequestFn = unsafe extern "C" fn(ctx: *mut c_void, index: i32, logical: i64, records: i32) -> i32;
pub type UnackedRecordFn =
    unsafe extern "C" fn(ctx: *mut c_void, index: i32, record: i32, data: *const u8, len: usize) -> i32;
/// Receives the drained events as one UTF-8 buffer. Non-zero: a Java exception is pending.
pub type EventsFn = unsafe extern "C" fn(ctx: *mut c_void, data: *const u8, len: usize) -> i32;

fn sdks() -> &'static crate::registry::Registry<Sdk> {
    static SDKS: OnceLock<crate::registry::Registry<Sdk>> = OnceLock::new();
    SDKS.get_or_init(|| crate::registry::Registry::new(0x5a))
}

fn streams() -> &'static crate::registry::Registry<Stream> {
    static STREAMS: OnceLock<crate::registry::Registry<Stream>> = OnceLock::new();
    STREAMS.get_or_init(|| crate::registry::Registry::new(0x5b))
}

fn sdk(handle: i64) -> Result<Arc<Sdk>, Failure> {
    sdks().get(handle).ok_or_else(|| Failure::IllegalState(format!("unknown or freed Zerobus SDK handle {handle}")))
}

fn stream(handle: i64) -> Result<Arc<Stream>, Failure> {
    streams()
        .get(handle)
        .ok_or_else(|| Failure::IllegalState(format!("unknown or freed Zerobus stream handle {handle}")))
}

fn timeout(millis: i64) -> Option<Duration> {
    (millis >= 0).then(|| Duration::from_millis(millis as u64))
}

fn block(millis: i64) -> Duration {
    Duration::from_millis(millis.max(0) as u64)
}

fn record_kind(value: i32) -> Result<RecordKind, Failure> {
    RecordKind::from_wire(value)
        .ok_or_else(|| Failure::Zerobus(Error::invalid_argument(format!("unknown record type {value}"))))
}

/// Writes the library version into `buf`; returns its length.
///
/// # Safety
/// `buf` points to `cap` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn zbn_version(buf: *mut u8, cap: usize) -> usize {
    let out = std::slice::from_raw_parts_mut(buf, cap);
    strings::write_jni_safe(&format!("zerobus_native {}", env!("CARGO_PKG_VERSION")), out)
}

/// # Safety
/// Strings are null or (pointer, length) pairs; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_sdk_create(
    endpoint: *const u8,
    endpoint_len: usize,
    workspace: *const u8,
    workspace_len: usize,
    ca_path: *const u8,
    ca_path_len: usize,
    user_agent: *const u8,
    user_agent_len: usize,
    version: *const u8,
    version_len: usize,
    flags: i64,
    err: *mut ZbnError,
) -> i64 {
    call(err, || {
        let endpoint = strings::read(endpoint, endpoint_len).unwrap_or_default();
        let workspace = strings::read(workspace, workspace_len).unwrap_or_default();
        let ca_path = strings::read(ca_path, ca_path_len);
        let user_agent = strings::read(user_agent, user_agent_len);
        let version = strings::read(version, version_len).unwrap_or_default();
        let settings = SdkSettings {
            ca_file: ca_path.as_deref(),
            version: &version,
            user_agent_suffix: user_agent.as_deref(),
            allow_plaintext: flags & SDK_FLAG_ALLOW_PLAINTEXT != 0,
        };
        let sdk = Sdk::new(&endpoint, &workspace, settings)?;
        Ok(sdks().insert(sdk))
    })
}

/// `NativeBridge.SDK_FLAG_ALLOW_PLAINTEXT`.
const SDK_FLAG_ALLOW_PLAINTEXT: i64 = 1;

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_sdk_free(sdk: i64, err: *mut ZbnError) {
    call(err, || {
        sdks().remove(sdk);
        Ok(())
    })
}

/// Takes ownership of `headers_callback` (a JNI global reference, or null) on every path.
///
/// # Safety
/// Strings and the descriptor are null or (pointer, length) pairs; `options` points to `options_len` values.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_create(
    sdk_handle: i64,
    table: *const u8,
    table_len: usize,
    record_type: i32,
    descriptor: *const u8,
    descriptor_len: usize,
    client_id: *const u8,
    client_id_len: usize,
    client_secret: *const u8,
    client_secret_len: usize,
    headers_callback: *mut c_void,
    options: *const i64,
    options_len: usize,
    err: *mut ZbnError,
) -> i64 {
    let callback = (!headers_callback.is_null()).then(|| JavaHeadersCallback::new(headers_callback));
    call(err, move || {
        let sdk = sdk(sdk_handle)?;
        let table = strings::read(table, table_len)
            .ok_or_else(|| Error::new(ErrorKind::InvalidTableName, false, "the table name is null"))?;
        let kind = record_kind(record_type)?;
        let descriptor =
            (!descriptor.is_null()).then(|| std::slice::from_raw_parts(descriptor, descriptor_len).to_vec());
        if options.is_null() {
            return Err(Error::invalid_argument("options are null").into());
        }
        let options = StreamOptions::from_array(std::slice::from_raw_parts(options, options_len))?;
        let source = match callback {
            Some(callback) => HeadersSource::Callback(Arc::new(callback)),
            None => {
                let client_id = strings::read(client_id, client_id_len).filter(|s| !s.is_empty());
                let client_secret = strings::read(client_secret, client_secret_len).filter(|s| !s.is_empty());
                match (client_id, client_secret) {
                    (Some(client_id), Some(client_secret)) => {
                        HeadersSource::OAuth(OAuthCredentials { client_id, client_secret })
                    }
                    _ => {
                        return Err(Error::invalid_argument(
                            "either a client id and secret or a headers provider is required",
                        )
                        .into())
                    }
                }
            }
        };
        let stream = sdk.create_stream(table, kind, descriptor, source, options, Vec::new())?;
        // Returns in CREATING; zbn_await_open waits for the outcome.
        Ok(streams().insert(stream))
    })
}

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_recreate(sdk_handle: i64, old: i64, err: *mut ZbnError) -> i64 {
    call(err, || {
        sdk(sdk_handle)?;
        let old = stream(old)?;
        let stream = old.recreate()?;
        Ok(streams().insert(stream))
    })
}

/// Waits up to `timeout_ms` (< 0: no limit) for the stream to leave CREATING; returns the state's ordinal, or throws
/// the creation error.
///
/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_await_open(handle: i64, timeout_ms: i64, err: *mut ZbnError) -> i32 {
    call(err, || Ok(stream(handle)?.await_open(timeout(timeout_ms))? as i32))
}

/// Takes the queued lifecycle events (see `events`), waiting up to `timeout_ms`; writes them with `put` (one call,
/// UTF-8 lines) and returns their length, 0 when there were none.
///
/// # Safety
/// `put` and `ctx` follow their types; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_poll_events(timeout_ms: i64, put: EventsFn, ctx: *mut c_void, err: *mut ZbnError) -> i64 {
    call(err, || match crate::events::drain(Duration::from_millis(timeout_ms.max(0) as u64)) {
        Some(bytes) => {
            if put(ctx, bytes.as_ptr(), bytes.len()) != 0 {
                return Err(Failure::JavaPending);
            }
            Ok(bytes.len() as i64)
        }
        None => Ok(0),
    })
}

/// Copies one record (`len` bytes, through `fill`) and ingests it. Returns its logical offset.
///
/// # Safety
/// `fill` and `ctx` follow `FillFn`; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_ingest_one(
    handle: i64,
    record_type: i32,
    len: usize,
    fill: FillFn,
    ctx: *mut c_void,
    block_ms: i64,
    err: *mut ZbnError,
) -> i64 {
    call(err, || {
        let stream = stream(handle)?;
        let kind = record_kind(record_type)?;
        let record = copy_record(fill, ctx, 0, len)?;
        let records = std::slice::from_ref(&record);
        stream.check_request(kind, records)?;
        Ok(stream.enqueue(Payload::Single(record), block(block_ms))?)
    })
}

/// Copies `count` records and ingests them as one request. Sizes are checked before anything is copied.
///
/// # Safety
/// `length`, `fill` and `ctx` follow their types; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_ingest_batch(
    handle: i64,
    record_type: i32,
    count: i32,
    length: LengthFn,
    fill: FillFn,
    ctx: *mut c_void,
    block_ms: i64,
    err: *mut ZbnError,
) -> i64 {
    call(err, || {
        let stream = stream(handle)?;
        let kind = record_kind(record_type)?;
        let mut lengths = Vec::with_capacity(count.max(0) as usize);
        let mut total: usize = 0;
        for index in 0..count.max(0) {
            match length(ctx, index) {
                -2 => return Err(Failure::JavaPending),
                len if len < 0 => {
                    return Err(Error::invalid_argument(format!("batch record {index} is null")).into());
                }
                len => {
                    lengths.push(len as usize);
                    total = total.saturating_add(len as usize);
                }
            }
        }
        if total > crate::wire::MAX_REQUEST_PAYLOAD_BYTES {
            return Err(Error::new(
                ErrorKind::RecordTooLarge,
                false,
                format!("batch of {total} bytes exceeds the limit of {} bytes", crate::wire::MAX_REQUEST_PAYLOAD_BYTES),
            )
            .into());
        }
        let mut records = Vec::with_capacity(lengths.len());
        for (index, len) in lengths.into_iter().enumerate() {
            records.push(copy_record(fill, ctx, index as i32, len)?);
        }
        stream.check_request(kind, &records)?;
        Ok(stream.enqueue(Payload::Batch(records), block(block_ms))?)
    })
}

/// Copies `count` single records that Java has already taken (given offsets) and queues them as one request; never
/// waits. Writes the held records and bytes into `held` (2 values) and returns the first record's logical offset.
///
/// # Safety
/// `length`, `fill` and `ctx` follow their types; `held` points to 2 writable values; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_ingest_taken(
    handle: i64,
    record_type: i32,
    count: i32,
    length: LengthFn,
    fill: FillFn,
    ctx: *mut c_void,
    held: *mut i64,
    err: *mut ZbnError,
) -> i64 {
    call(err, || {
        let stream = stream(handle)?;
        let kind = record_kind(record_type)?;
        if kind != stream.kind() || count <= 0 {
            return Err(Error::invalid_argument("taken records must be of the stream's type, at least one").into());
        }
        let mut records = Vec::with_capacity(count as usize);
        for index in 0..count {
            let len = match length(ctx, index) {
                -2 => return Err(Failure::JavaPending),
                len if len < 0 => return Err(Error::invalid_argument(format!("taken record {index} is null")).into()),
                len => len as usize,
            };
            records.push(copy_record(fill, ctx, index, len)?);
        }
        let first = stream.enqueue_taken(records);
        write_held(held, stream.held());
        Ok(first)
    })
}

/// Waits up to `block_ms` until `records` records of `bytes` fit the held limits: 1 when they do, 0 at the timeout;
/// the stream's error once it failed or closed. Writes the held records and bytes into `held` (2 values).
///
/// # Safety
/// `held` points to 2 writable values; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_await_room(
    handle: i64,
    records: i64,
    bytes: i64,
    block_ms: i64,
    held: *mut i64,
    err: *mut ZbnError,
) -> i32 {
    call(err, || {
        let stream = stream(handle)?;
        match stream.await_room(records.max(0) as usize, bytes.max(0) as usize, block(block_ms)) {
            Ok(now) => {
                write_held(held, now);
                Ok(1)
            }
            Err(e) if e.kind == ErrorKind::Timeout => {
                write_held(held, stream.held());
                Ok(0)
            }
            Err(e) => Err(e.into()),
        }
    })
}

/// Checks one JSON record as an ingest call would (a JSON object, well-formed UTF-8, at most 10 MiB), without queueing
/// it: INVALID_ARGUMENT or RECORD_TOO_LARGE through `err`.
///
/// # Safety
/// `data` points to `len` readable bytes; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_check_json(handle: i64, data: *const u8, len: usize, err: *mut ZbnError) {
    call(err, || {
        let record = std::slice::from_raw_parts(data, len);
        Ok(stream(handle)?.check_record(RecordKind::Json, record)?)
    })
}

unsafe fn write_held(held: *mut i64, (records, bytes): (usize, usize)) {
    *held = records as i64;
    *held.add(1) = bytes as i64;
}

unsafe fn copy_record(fill: FillFn, ctx: *mut c_void, index: i32, len: usize) -> Result<Vec<u8>, Failure> {
    if len > crate::wire::MAX_REQUEST_PAYLOAD_BYTES {
        // Refuse before allocating; check_request would say the same.
        return Err(Error::new(
            ErrorKind::RecordTooLarge,
            false,
            format!("record of {len} bytes exceeds the limit of {} bytes", crate::wire::MAX_REQUEST_PAYLOAD_BYTES),
        )
        .into());
    }
    let mut record = Vec::<u8>::with_capacity(len);
    if fill(ctx, index, record.as_mut_ptr(), len) != 0 {
        return Err(Failure::JavaPending);
    }
    // SAFETY: `fill` wrote exactly `len` bytes.
    record.set_len(len);
    Ok(record)
}

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_acked_up_to(handle: i64, err: *mut ZbnError) -> i64 {
    call(err, || Ok(stream(handle)?.acked_up_to()))
}

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_await_ack_progress(handle: i64, after: i64, timeout_ms: i64, err: *mut ZbnError) -> i64 {
    call(err, || Ok(stream(handle)?.await_ack_progress(after, timeout(timeout_ms))))
}

/// 1 once `offset` is acked, 0 at the timeout; the stream's error when it fails first.
///
/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_wait_for_offset(handle: i64, offset: i64, timeout_ms: i64, err: *mut ZbnError) -> i32 {
    call(err, || Ok(stream(handle)?.wait_for_offset(offset, timeout(timeout_ms))? as i32))
}

/// Refuses new records; returns the last assigned offset (what the caller waits for before `zbn_close_finish`).
///
/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_close_start(handle: i64, err: *mut ZbnError) -> i64 {
    call(err, || Ok(stream(handle)?.close_start()))
}

/// Ends the call and waits (at most `timeout_ms`, at most a few seconds) for the stream to be CLOSED or FAILED.
///
/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_close_finish(handle: i64, timeout_ms: i64, err: *mut ZbnError) {
    call(err, || {
        stream(handle)?.close_finish(block(timeout_ms));
        Ok(())
    })
}

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_free(handle: i64, err: *mut ZbnError) {
    call(err, || {
        if let Some(stream) = streams().remove(handle) {
            stream.cancel();
        }
        Ok(())
    })
}

/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_state(handle: i64, err: *mut ZbnError) -> i32 {
    call(err, || Ok(stream(handle)?.state() as i32))
}

/// # Safety
/// `out` points to `len` writable values; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_stats(handle: i64, out: *mut i64, len: usize, err: *mut ZbnError) {
    call(err, || {
        let stats = stream(handle)?.stats();
        if len != stats.len() {
            return Err(Error::invalid_argument(format!("stats need {} values, got {len}", stats.len())).into());
        }
        let out = std::slice::from_raw_parts_mut(out, len);
        for (slot, value) in out.iter_mut().zip(stats.iter()) {
            *slot = *value;
        }
        Ok(())
    })
}

/// Writes the stream id into `buf`; returns its length, or -1 before the first call was opened.
///
/// # Safety
/// `buf` points to `cap` writable bytes; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_id(handle: i64, buf: *mut u8, cap: usize, err: *mut ZbnError) -> i64 {
    call(err, || {
        let id = stream(handle)?.stream_id();
        Ok(match id {
            Some(id) => strings::write_jni_safe(&id, std::slice::from_raw_parts_mut(buf, cap)) as i64,
            None => -1,
        })
    })
}

/// Reports the stream's failure through `err` (nothing when it has not failed).
///
/// # Safety
/// `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_throw_failure(handle: i64, err: *mut ZbnError) {
    call(err, || match stream(handle)?.failure() {
        Some(failure) => Err(failure.into()),
        None => Ok(()),
    })
}

/// Visits the unacked requests (empty unless CLOSED or FAILED); `record` may be null to visit offsets only.
///
/// # Safety
/// Callbacks follow their types; `err` is valid.
#[no_mangle]
pub unsafe extern "C" fn zbn_stream_unacked(
    handle: i64,
    start: UnackedStartFn,
    request: UnackedRequestFn,
    record: Option<UnackedRecordFn>,
    ctx: *mut c_void,
    err: *mut ZbnError,
) {
    call(err, || {
        let stream = stream(handle)?;
        // What the caller ingested, call by call: coalesced single records come back one by one, each with its own
        // offset, so that re-ingesting them does not turn them into a batch.
        stream.visit_unacked(|requests| {
            let unacked: Vec<(i64, &[Vec<u8>])> = requests
                .flat_map(|req| -> Vec<(i64, &[Vec<u8>])> {
                    match &req.payload {
                        Payload::Singles(records) => (0..records.len())
                            .map(|i| (req.logical + i as i64, std::slice::from_ref(&records[i])))
                            .collect(),
                        other => vec![(req.logical, other.records())],
                    }
                })
                .collect();
            if start(ctx, unacked.len() as i32) != 0 {
                return Err(Failure::JavaPending);
            }
            for (index, &(logical, records)) in unacked.iter().enumerate() {
                if request(ctx, index as i32, logical, records.len() as i32) != 0 {
                    return Err(Failure::JavaPending);
                }
                if let Some(record) = record {
                    for (j, data) in records.iter().enumerate() {
                        if record(ctx, index as i32, j as i32, data.as_ptr(), data.len()) != 0 {
                            return Err(Failure::JavaPending);
                        }
                    }
                }
            }
            Ok(())
        })
    })
}
