//! Pushes single 200-byte JSON records to a Zerobus test server, one request each, through either zerobus-native's
//! own h2 path (`Sdk` + `Stream`, everything but JNI) or a tonic 0.12 bidirectional call fed from a channel, with the
//! same in-flight limit, and prints records/s and process CPU (user + system, all threads) per record.
//!
//! tonic-bench <h2|tonic> <endpoint> <workspace-url> <client-id> [warmup-records] [records] [max-inflight]
//! (client secret from ZEROBUS_TEST_CLIENT_SECRET)

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};
use tokio_stream::wrappers::ReceiverStream;
use zerobus_native::auth::oauth::{fetch_token, TokenRequest};
use zerobus_native::auth::{HeadersSource, OAuthCredentials, TABLE_NAME_HEADER};
use zerobus_native::sdk::Sdk;
use zerobus_native::stream::ledger::Payload;
use zerobus_native::stream::options::StreamOptions;
use zerobus_native::transport::tls::TlsConfig;
use zerobus_native::transport::Endpoint;
use zerobus_native::wire::messages::*;
use zerobus_native::wire::{RecordKind, EPHEMERAL_STREAM_PATH};

const TABLE: &str = "main.bench.tonic";

fn cpu_micros() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    us(usage.ru_utime) + us(usage.ru_stime)
}

fn records() -> Vec<String> {
    (0..10_000)
        .map(|i| {
            let mut r = format!(
                r#"{{"device_id":"sensor-{:05}","ts":{},"temperature":{:.3},"humidity":{:.3},"site":"plant-{}","note":""#,
                i % 1000,
                1_700_000_000_000_000i64 + i as i64,
                20.0 + (i % 97) as f64 / 10.0,
                40.0 + (i % 53) as f64 / 10.0,
                i % 7
            );
            while r.len() < 198 {
                r.push('x');
            }
            r.push_str("\"}");
            r
        })
        .collect()
}

struct Args {
    mode: String,
    endpoint: String,
    workspace: String,
    client_id: String,
    secret: String,
    warmup: usize,
    measured: usize,
    inflight: usize,
}

fn report(label: &str, n: usize, wall: Duration, cpu: u64) {
    println!(
        "{label}: {n} records in {:.2} s = {:.0} records/s, {:.3} µs CPU/record",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        cpu as f64 / n as f64
    );
}

fn run_h2(args: &Args, data: &[String]) {
    let sdk = Arc::new(Sdk::new(&args.endpoint, &args.workspace, None, None).expect("sdk"));
    let options = StreamOptions { max_inflight_requests: args.inflight, ..StreamOptions::default() };
    let source = HeadersSource::OAuth(OAuthCredentials {
        client_id: args.client_id.clone(),
        client_secret: args.secret.clone(),
    });
    let stream = sdk.create_stream(TABLE.into(), RecordKind::Json, None, source, options, Vec::new()).expect("stream");
    let push = |n: usize| {
        for i in 0..n {
            stream.enqueue(Payload::Single(data[i % data.len()].as_bytes().to_vec())).expect("enqueue");
        }
        stream.flush().expect("flush");
    };
    push(args.warmup);
    let (t, c) = (Instant::now(), cpu_micros());
    push(args.measured);
    report("h2 (zerobus-native)", args.measured, t.elapsed(), cpu_micros() - c);
    stream.close().expect("close");
}

async fn run_tonic(args: &Args, data: Arc<Vec<String>>) {
    let workspace = Endpoint::parse(&args.workspace, "workspace").unwrap();
    let endpoint = Endpoint::parse(&args.endpoint, "endpoint").unwrap();
    let tls = TlsConfig::load(None).unwrap();
    let credentials = OAuthCredentials { client_id: args.client_id.clone(), client_secret: args.secret.clone() };
    let token = fetch_token(&TokenRequest {
        workspace: &workspace,
        workspace_id: endpoint.workspace_id(),
        table: TABLE,
        credentials: &credentials,
        tls: &tls,
        user_agent: "tonic-bench",
    })
    .await
    .expect("token")
    .access_token;
    let channel = tonic::transport::Endpoint::from_shared(args.endpoint.clone())
        .unwrap()
        .tcp_nodelay(true)
        .initial_stream_window_size(1 << 20)
        .initial_connection_window_size(2 << 20)
        .connect()
        .await
        .expect("connect");
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.expect("ready");

    let (tx, rx) = mpsc::channel::<EphemeralStreamRequest>(1024);
    tx.send(EphemeralStreamRequest {
        payload: Some(ephemeral_stream_request::Payload::CreateStream(CreateIngestStreamRequest {
            table_name: Some(TABLE.into()),
            descriptor_proto: None,
            record_type: Some(RecordType::Json as i32),
        })),
    })
    .await
    .unwrap();
    let mut request = tonic::Request::new(ReceiverStream::new(rx));
    let md = request.metadata_mut();
    md.insert("authorization", format!("Bearer {token}").parse().unwrap());
    md.insert(TABLE_NAME_HEADER, TABLE.parse().unwrap());
    md.insert("x-zerobus-sdk", "tonic-bench/0".parse().unwrap());
    let codec = tonic::codec::ProstCodec::<EphemeralStreamRequest, EphemeralStreamResponse>::default();
    let path = tonic::codegen::http::uri::PathAndQuery::from_static(EPHEMERAL_STREAM_PATH);
    let mut inbound = grpc.streaming(request, path, codec).await.expect("call").into_inner();
    match inbound.message().await.expect("create response") {
        Some(EphemeralStreamResponse {
            payload: Some(ephemeral_stream_response::Payload::CreateStreamResponse(_)),
        }) => {}
        other => panic!("unexpected first message {other:?}"),
    }

    // Acks are cumulative: each one gives back the permits of everything up to it.
    let window = Arc::new(Semaphore::new(args.inflight));
    let acked = Arc::new(std::sync::atomic::AtomicI64::new(-1));
    let (ack_tx, mut ack_rx) = tokio::sync::watch::channel(-1i64);
    {
        let window = window.clone();
        let acked = acked.clone();
        tokio::spawn(async move {
            while let Ok(Some(response)) = inbound.message().await {
                if let Some(ephemeral_stream_response::Payload::IngestRecordResponse(r)) = response.payload {
                    let up_to = r.durability_ack_up_to_offset.unwrap_or(-1);
                    let before = acked.swap(up_to, std::sync::atomic::Ordering::AcqRel);
                    if up_to > before {
                        window.add_permits((up_to - before) as usize);
                        let _ = ack_tx.send(up_to);
                    }
                }
            }
        });
    }
    let mut next: i64 = 0;
    let mut push = async |n: usize| {
        let last = next + n as i64 - 1;
        for _ in 0..n {
            window.acquire().await.unwrap().forget();
            let json = data[next as usize % data.len()].clone();
            tx.send(EphemeralStreamRequest {
                payload: Some(ephemeral_stream_request::Payload::IngestRecord(IngestRecordRequest {
                    offset_id: Some(next),
                    record: Some(ingest_record_request::Record::JsonRecord(json)),
                })),
            })
            .await
            .unwrap();
            next += 1;
        }
        while *ack_rx.borrow_and_update() < last {
            ack_rx.changed().await.expect("acks ended");
        }
    };
    push(args.warmup).await;
    let (t, c) = (Instant::now(), cpu_micros());
    push(args.measured).await;
    report("tonic 0.12", args.measured, t.elapsed(), cpu_micros() - c);
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let num = |i: usize, d: usize| a.get(i).map(|v| v.parse().unwrap()).unwrap_or(d);
    let args = Args {
        mode: a.get(1).cloned().unwrap_or_default(),
        endpoint: a[2].clone(),
        workspace: a[3].clone(),
        client_id: a[4].clone(),
        secret: std::env::var("ZEROBUS_TEST_CLIENT_SECRET").expect("ZEROBUS_TEST_CLIENT_SECRET"),
        warmup: num(5, 500_000),
        measured: num(6, 3_000_000),
        inflight: num(7, 50_000),
    };
    let data = Arc::new(records());
    match args.mode.as_str() {
        "h2" => run_h2(&args, &data),
        "tonic" => {
            // The same runtime shape as zerobus-native's: two workers.
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            runtime.block_on(run_tonic(&args, data));
        }
        other => panic!("mode must be h2 or tonic, not '{other}'"),
    }
}
