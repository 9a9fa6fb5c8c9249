//! The wire format: protobuf messages of the Zerobus service, gRPC length-prefixed framing and gRPC status.

pub mod encode;
pub mod framing;
pub mod messages;
pub mod status;

/// Full method path of the one RPC.
pub const EPHEMERAL_STREAM_PATH: &str = "/databricks.zerobus.Zerobus/EphemeralStream";

/// The service limit on one request (record or batch), in payload bytes.
pub const MAX_REQUEST_PAYLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Record types as on the wire (`RecordType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Proto,
    Json,
}

impl RecordKind {
    pub fn from_wire(value: i32) -> Option<Self> {
        match value {
            1 => Some(RecordKind::Proto),
            2 => Some(RecordKind::Json),
            _ => None,
        }
    }

    pub fn wire_value(self) -> messages::RecordType {
        match self {
            RecordKind::Proto => messages::RecordType::Proto,
            RecordKind::Json => messages::RecordType::Json,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Proto => "PROTO",
            RecordKind::Json => "JSON",
        }
    }
}
