//! Opens the `EphemeralStream` call: one HTTP/2 connection per stream, the request headers, the `create_stream`
//! message, the response headers (or a trailers-only error) and the first server message, which must be
//! `create_stream_response`.
//!
//! Why h2 and not tonic: the sender (`stream::session`) hands h2 one pre-encoded chunk per wake-up holding every
//! queued request, each already length-prefixed by `wire::encode` straight from the ledger's buffer. tonic's
//! streaming body takes one message per item and frames and encodes each itself, so it would mean a codec call and
//! a channel hop per record and a second copy of every payload, and it would hide the response headers and the
//! flow-control capacity this module waits on. Measured (examples/tonic-bench, 200-byte JSON records, one request
//! each, against the test server): tonic 0.12 took 0.62–1.0 µs CPU per record where this path took 0.32–0.39, far
//! over the 10 % allowed. The gRPC layer tonic would add on top of h2 is this file and `wire::framing`/
//! `wire::status`, small and tested against grpc-java.

use super::connect::{self, Alpn};
use super::proxy::Purpose;
use super::tls::TlsConfig;
use super::Endpoint;
use crate::error::{Error, ErrorKind, Result};
use crate::wire::framing::FrameDecoder;
use crate::wire::messages::{ephemeral_stream_response::Payload, EphemeralStreamResponse};
use crate::wire::status::Status;
use crate::wire::EPHEMERAL_STREAM_PATH;
use bytes::Bytes;
use futures_util::future::poll_fn;
use h2::{RecvStream, SendStream};
use http::header::{HeaderName, HeaderValue};
use http::{Method, Request};
use prost::Message;
use tokio::task::JoinHandle;

/// Receive windows: acks are tiny, but a generous window keeps the server from ever waiting on us.
const STREAM_WINDOW: u32 = 1 << 20;
const CONNECTION_WINDOW: u32 = 2 << 20;
/// How much h2 may buffer per stream before `poll_capacity` holds the sender back.
const SEND_BUFFER: usize = 1 << 20;

/// An open call, after `create_stream_response`.
pub struct Rpc {
    pub send: SendStream<Bytes>,
    pub recv: RecvStream,
    /// Holds whatever followed the create response in the same DATA frame.
    pub decoder: FrameDecoder,
    pub stream_id: String,
    /// For keepalive PINGs on this call's connection.
    pub ping: Option<h2::PingPong>,
    connection: ConnectionTask,
}

/// Drives the HTTP/2 connection; aborted (closing the socket) when dropped.
pub struct ConnectionTask(JoinHandle<()>);

impl Drop for ConnectionTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Rpc {
    /// The parts a session works with; the connection lives as long as the returned guard.
    pub fn into_parts(self) -> (SendStream<Bytes>, RecvStream, FrameDecoder, Option<h2::PingPong>, ConnectionTask) {
        (self.send, self.recv, self.decoder, self.ping, self.connection)
    }
}

pub struct CallSettings<'a> {
    pub endpoint: &'a Endpoint,
    pub tls: &'a TlsConfig,
    /// Authorization, table name and any custom headers.
    pub headers: &'a [(String, String)],
    pub user_agent: &'a str,
    pub sdk_header: &'a str,
    /// The framed `create_stream` request.
    pub create_frame: Bytes,
}

pub async fn open(settings: CallSettings<'_>) -> Result<Rpc> {
    let io = connect::connect(settings.endpoint, settings.tls, Alpn::H2, Purpose::Grpc).await?;
    let (client, mut connection) = h2::client::Builder::new()
        .initial_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .max_send_buffer_size(SEND_BUFFER)
        .enable_push(false)
        .handshake::<_, Bytes>(io)
        .await
        .map_err(|e| h2_error("HTTP/2 handshake", &e))?;
    let ping = connection.ping_pong();
    let connection = ConnectionTask(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let request = build_request(&settings)?;
    let mut client = client.ready().await.map_err(|e| h2_error("HTTP/2 connection", &e))?;
    let (response, mut send) = client.send_request(request, false).map_err(|e| h2_error("starting the call", &e))?;
    send_all(&mut send, settings.create_frame).await?;
    let response = response.await.map_err(|e| h2_error("waiting for response headers", &e))?;
    let (parts, mut recv) = response.into_parts();
    if let Some(status) = Status::from_headers(&parts.headers) {
        return Err(if status.is_ok() {
            Error::protocol("server ended the call before answering create_stream")
        } else {
            status.into_error()
        });
    }
    if parts.status != http::StatusCode::OK {
        return Err(http_status_error(parts.status));
    }
    let mut decoder = FrameDecoder::new();
    loop {
        if let Some(message) = decoder.next_message()? {
            let response = EphemeralStreamResponse::decode(message)
                .map_err(|e| Error::protocol(format!("undecodable first server message: {e}")))?;
            return match response.payload {
                Some(Payload::CreateStreamResponse(created)) => {
                    Ok(Rpc { send, recv, decoder, stream_id: created.stream_id.unwrap_or_default(), ping, connection })
                }
                _ => Err(Error::protocol("the first server message was not a create_stream_response")),
            };
        }
        match recv.data().await {
            Some(Ok(chunk)) => {
                let _ = recv.flow_control().release_capacity(chunk.len());
                decoder.push(&chunk);
            }
            Some(Err(e)) => return Err(h2_error("reading the create response", &e)),
            None => return Err(end_of_call(&mut recv).await),
        }
    }
}

/// The error for a call whose response ended: its status, or a protocol error without one.
pub async fn end_of_call(recv: &mut RecvStream) -> Error {
    match recv.trailers().await {
        Ok(Some(trailers)) => match Status::from_headers(&trailers) {
            Some(status) if status.is_ok() => Error::new(ErrorKind::Server, true, "server closed the stream")
                .with_grpc_status(crate::wire::status::OK),
            Some(status) => status.into_error(),
            None => Error::protocol("server ended the call without a grpc-status"),
        },
        Ok(None) => Error::protocol("server ended the call without trailers"),
        Err(e) => h2_error("reading trailers", &e),
    }
}

fn build_request(settings: &CallSettings<'_>) -> Result<Request<()>> {
    let endpoint = settings.endpoint;
    let uri = format!("{}://{}{}", endpoint.scheme(), endpoint.authority(), EPHEMERAL_STREAM_PATH);
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .header("x-zerobus-sdk", settings.sdk_header)
        .body(())
        .map_err(|e| Error::internal(format!("building the request: {e}")))?;
    let headers = request.headers_mut();
    let user_agent = HeaderValue::from_str(settings.user_agent)
        .map_err(|_| Error::invalid_argument("the user agent is not a valid header value"))?;
    headers.insert("user-agent", user_agent);
    for (name, value) in settings.headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_argument(format!("'{name}' is not a valid header name")))?;
        if matches!(header.as_str(), "content-type" | "te" | "x-zerobus-sdk") {
            continue; // owned by the transport
        }
        // Never echo the value: it may be a token.
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_argument(format!("the value of header '{name}' is not a valid header value"))
        })?;
        headers.insert(header, value);
    }
    Ok(request)
}

/// Hands `data` to h2 within its flow-control window: reserve, wait for capacity, send what fits, repeat.
pub async fn send_all(send: &mut SendStream<Bytes>, mut data: Bytes) -> Result<()> {
    while !data.is_empty() {
        send.reserve_capacity(data.len());
        let mut capacity = send.capacity();
        if capacity == 0 {
            capacity = match poll_fn(|cx| send.poll_capacity(cx)).await {
                Some(Ok(n)) => n,
                Some(Err(e)) => return Err(h2_error("sending", &e)),
                None => return Err(Error::connection("the stream was reset while sending")),
            };
            if capacity == 0 {
                continue;
            }
        }
        let chunk = data.split_to(capacity.min(data.len()));
        send.send_data(chunk, false).map_err(|e| h2_error("sending", &e))?;
    }
    Ok(())
}

/// Maps an h2 failure (I/O, GOAWAY, RST_STREAM) to a retryable connection error.
pub fn h2_error(during: &str, error: &h2::Error) -> Error {
    if let Some(io) = error.get_io() {
        return Error::connection(format!("connection failed while {during}: {io}"));
    }
    match error.reason() {
        Some(reason) => Error::connection(format!("HTTP/2 error while {during}: {reason:?}")),
        None => Error::connection(format!("HTTP/2 error while {during}: {error}")),
    }
}

/// gRPC's mapping of an HTTP status without grpc-status (e.g. from a proxy or load balancer).
pub fn http_status_error(status: http::StatusCode) -> Error {
    use crate::wire::status as code;
    let grpc = match status.as_u16() {
        400 => 13,
        401 => code::UNAUTHENTICATED,
        403 => code::PERMISSION_DENIED,
        404 => code::UNIMPLEMENTED,
        429 | 502 | 503 | 504 => code::UNAVAILABLE,
        _ => 2,
    };
    let mut error = Status { code: grpc, message: format!("HTTP status {status}") }.into_error();
    error.message = format!("server answered HTTP {status} instead of a gRPC response");
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_statuses_map_like_grpc() {
        let e = http_status_error(http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(e.retryable);
        assert_eq!(e.grpc_status, Some(14));
        let e = http_status_error(http::StatusCode::UNAUTHORIZED);
        assert!(!e.retryable);
        assert_eq!(e.kind, ErrorKind::Authentication);
        let e = http_status_error(http::StatusCode::NOT_FOUND);
        assert!(!e.retryable);
        assert!(e.message.contains("404"));
    }

    #[test]
    fn request_headers() {
        let endpoint = Endpoint::parse("http://127.0.0.1:1234", "endpoint").unwrap();
        let tls = TlsConfig::load(None).unwrap();
        let headers = vec![
            ("Authorization".to_string(), "Bearer t".to_string()),
            ("x-databricks-zerobus-table-name".to_string(), "a.b.c".to_string()),
            ("content-type".to_string(), "text/plain".to_string()),
        ];
        let settings = CallSettings {
            endpoint: &endpoint,
            tls: &tls,
            headers: &headers,
            user_agent: "ua/1",
            sdk_header: "zerobus-java-spring/0.1.0",
            create_frame: Bytes::new(),
        };
        let request = build_request(&settings).unwrap();
        assert_eq!(request.uri().path(), EPHEMERAL_STREAM_PATH);
        assert_eq!(request.uri().authority().unwrap().as_str(), "127.0.0.1:1234");
        let h = request.headers();
        assert_eq!(h["content-type"], "application/grpc");
        assert_eq!(h["te"], "trailers");
        assert_eq!(h["authorization"], "Bearer t");
        assert_eq!(h["x-databricks-zerobus-table-name"], "a.b.c");
        assert_eq!(h["x-zerobus-sdk"], "zerobus-java-spring/0.1.0");
        assert_eq!(h["user-agent"], "ua/1");
    }

    #[test]
    fn bad_header_value_does_not_echo_it() {
        let endpoint = Endpoint::parse("http://127.0.0.1:1234", "endpoint").unwrap();
        let tls = TlsConfig::load(None).unwrap();
        let headers = vec![("authorization".to_string(), "Bearer secret\nvalue".to_string())];
        let settings = CallSettings {
            endpoint: &endpoint,
            tls: &tls,
            headers: &headers,
            user_agent: "ua",
            sdk_header: "x/1",
            create_frame: Bytes::new(),
        };
        let err = build_request(&settings).unwrap_err();
        assert!(!err.message.contains("secret"), "{}", err.message);
    }
}
