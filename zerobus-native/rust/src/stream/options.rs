//! Stream options as they cross the JNI boundary (`long[]`, indexes fixed by `NativeBridge.OPT_*`).

use super::ledger::LedgerLimits;
use super::payload::MergeLimits;
use crate::error::{Error, Result};
use crate::wire::MAX_REQUEST_PAYLOAD_BYTES;
use std::time::Duration;

pub const OPT_MAX_INFLIGHT_REQUESTS: usize = 0;
pub const OPT_MAX_INFLIGHT_BYTES: usize = 1;
pub const OPT_RECOVERY: usize = 2;
pub const OPT_RECOVERY_TIMEOUT_MS: usize = 3;
pub const OPT_RECOVERY_BACKOFF_MS: usize = 4;
pub const OPT_RECOVERY_RETRIES: usize = 5;
pub const OPT_FLUSH_TIMEOUT_MS: usize = 6;
pub const OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS: usize = 7;
pub const OPT_CLOSE_SIGNAL_MAX_PAUSE_MS: usize = 8;
pub const OPT_KEEPALIVE_INTERVAL_MS: usize = 9;
pub const OPT_KEEPALIVE_TIMEOUT_MS: usize = 10;
pub const OPT_MAX_INFLIGHT_RECORDS: usize = 11;
pub const OPT_MAX_REQUEST_RECORDS: usize = 12;
pub const OPT_MAX_REQUEST_BYTES: usize = 13;
pub const OPTIONS_LENGTH: usize = 14;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// Requests on the wire (handed to the transport, not acked).
    pub max_inflight_requests: usize,
    /// Records held (queued or on the wire, not acked): the admission limit, with `max_inflight_bytes`.
    pub max_inflight_records: usize,
    pub max_inflight_bytes: usize,
    /// Bounds of one request made of coalesced single records.
    pub max_request_records: usize,
    pub max_request_bytes: usize,
    pub recovery: bool,
    pub recovery_timeout: Duration,
    pub recovery_backoff: Duration,
    pub recovery_retries: u32,
    pub flush_timeout: Duration,
    pub server_lack_of_ack_timeout: Duration,
    pub close_signal_max_pause: Option<Duration>,
    /// After this long without any frame from the server, an HTTP/2 PING checks that the connection is alive.
    pub keepalive_interval: Duration,
    /// How long that PING may go unanswered before the connection counts as dead.
    pub keepalive_timeout: Duration,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            max_inflight_requests: 50_000,
            max_inflight_records: 1_000_000,
            max_inflight_bytes: 64 * 1024 * 1024,
            max_request_records: 10_000,
            max_request_bytes: 1024 * 1024,
            recovery: true,
            recovery_timeout: Duration::from_secs(15),
            recovery_backoff: Duration::from_secs(2),
            recovery_retries: 3,
            flush_timeout: Duration::from_secs(300),
            server_lack_of_ack_timeout: Duration::from_secs(60),
            close_signal_max_pause: None,
            keepalive_interval: Duration::from_secs(10),
            keepalive_timeout: Duration::from_secs(10),
        }
    }
}

impl StreamOptions {
    pub fn from_array(values: &[i64]) -> Result<StreamOptions> {
        if values.len() != OPTIONS_LENGTH {
            return Err(Error::invalid_argument(format!(
                "options must have {OPTIONS_LENGTH} values, got {}",
                values.len()
            )));
        }
        let positive = |index: usize, name: &str| -> Result<u64> {
            let v = values[index];
            if v <= 0 {
                Err(Error::invalid_argument(format!("{name} must be positive, got {v}")))
            } else {
                Ok(v as u64)
            }
        };
        let millis = |index: usize, name: &str| positive(index, name).map(Duration::from_millis);
        let retries = values[OPT_RECOVERY_RETRIES];
        if retries < 0 {
            return Err(Error::invalid_argument(format!("recoveryRetries must not be negative, got {retries}")));
        }
        let backoff = values[OPT_RECOVERY_BACKOFF_MS];
        if backoff < 0 {
            return Err(Error::invalid_argument(format!("recoveryBackoff must not be negative, got {backoff}")));
        }
        let max_pause = values[OPT_CLOSE_SIGNAL_MAX_PAUSE_MS];
        let max_request_bytes = positive(OPT_MAX_REQUEST_BYTES, "maxRequestBytes")? as usize;
        if max_request_bytes > MAX_REQUEST_PAYLOAD_BYTES {
            return Err(Error::invalid_argument(format!(
                "maxRequestBytes must be at most {MAX_REQUEST_PAYLOAD_BYTES}, got {max_request_bytes}"
            )));
        }
        Ok(StreamOptions {
            max_inflight_requests: positive(OPT_MAX_INFLIGHT_REQUESTS, "maxInflightRequests")? as usize,
            max_inflight_records: positive(OPT_MAX_INFLIGHT_RECORDS, "maxInflightRecords")? as usize,
            max_inflight_bytes: positive(OPT_MAX_INFLIGHT_BYTES, "maxInflightBytes")? as usize,
            max_request_records: positive(OPT_MAX_REQUEST_RECORDS, "maxRequestRecords")? as usize,
            max_request_bytes,
            recovery: values[OPT_RECOVERY] != 0,
            recovery_timeout: millis(OPT_RECOVERY_TIMEOUT_MS, "recoveryTimeout")?,
            recovery_backoff: Duration::from_millis(backoff as u64),
            recovery_retries: retries.min(u32::MAX as i64) as u32,
            flush_timeout: millis(OPT_FLUSH_TIMEOUT_MS, "flushTimeout")?,
            server_lack_of_ack_timeout: millis(OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS, "serverLackOfAckTimeout")?,
            close_signal_max_pause: if max_pause < 0 { None } else { Some(Duration::from_millis(max_pause as u64)) },
            keepalive_interval: millis(OPT_KEEPALIVE_INTERVAL_MS, "keepAliveInterval")?,
            keepalive_timeout: millis(OPT_KEEPALIVE_TIMEOUT_MS, "keepAliveTimeout")?,
        })
    }
}

impl StreamOptions {
    pub fn ledger_limits(&self) -> LedgerLimits {
        LedgerLimits {
            max_wire_requests: self.max_inflight_requests,
            merge: MergeLimits { max_records: self.max_request_records, max_bytes: self.max_request_bytes },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_array() {
        let o = StreamOptions::from_array(&[
            100,
            1 << 20,
            1,
            15_000,
            2_000,
            4,
            300_000,
            60_000,
            -1,
            10_000,
            5_000,
            1000,
            500,
            4096,
        ])
        .unwrap();
        assert_eq!(o.max_inflight_requests, 100);
        assert!(o.recovery);
        assert_eq!(o.recovery_backoff, Duration::from_secs(2));
        assert_eq!(o.recovery_retries, 4);
        assert_eq!(o.close_signal_max_pause, None);
        assert_eq!(o.keepalive_timeout, Duration::from_secs(5));
        assert_eq!((o.max_inflight_records, o.max_request_records, o.max_request_bytes), (1000, 500, 4096));
        let o = StreamOptions::from_array(&[1, 1, 0, 1, 0, 0, 1, 1, 500, 1, 1, 1, 1, 1]).unwrap();
        assert!(!o.recovery);
        assert_eq!(o.close_signal_max_pause, Some(Duration::from_millis(500)));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(StreamOptions::from_array(&[1, 2, 3]).is_err());
        assert!(StreamOptions::from_array(&[0, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1]).is_err());
        assert!(StreamOptions::from_array(&[1, 1, 1, 1, 1, -1, 1, 1, -1, 1, 1, 1, 1, 1]).is_err());
        assert!(StreamOptions::from_array(&[1, 1, 1, 0, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1]).is_err());
        assert!(
            StreamOptions::from_array(&[1, 1, 1, 1, 1, 1, 1, 1, -1, 0, 1, 1, 1, 1]).is_err(),
            "keepalive interval 0"
        );
        assert!(StreamOptions::from_array(&[1, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 11 << 20]).is_err(), "over 10 MiB");
        assert!(StreamOptions::from_array(&[1, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 0, 1, 1]).is_err(), "no records");
    }
}
