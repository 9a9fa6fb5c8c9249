//! Cost of `json_check::validate_json_object` per record, for the record shapes ingest sees most.
//!
//! Run with the flags of build-native.sh:
//! `cargo run --release --example json_check_cost --offline --config "source.crates-io.replace-with='debian-packaged'"
//!  --config "source.debian-packaged.directory='/usr/share/cargo/registry'"`
//!
//! Prints ns per record: the best of many short rounds, so that noise from other processes counts as little as
//! possible.

use std::hint::black_box;
use std::time::Instant;
use zerobus_native::json_check::validate_json_object;

/// A flat sensor reading of about 200 bytes.
fn flat_sensor_reading() -> String {
    r#"{"device_id":"sensor-0042","site":"plant-7","line":"press-03","ts":1718000000123456,"temperature_c":21.375,"humidity_pct":48.2,"pressure_hpa":1013.25,"battery_v":3.71,"status":"OK","seq":123456}"#
        .to_string()
}

/// Nested objects and an array of objects with the same keys (about 450 bytes).
fn nested_reading() -> String {
    let mut s =
        String::from(r#"{"device":{"id":"sensor-0042","model":"TH-200","firmware":{"major":1,"minor":4,"patch":12}},"#);
    s.push_str(r#""location":{"site":"plant-7","lat":52.5200,"lon":13.4050},"ts":1718000000123456,"readings":["#);
    for (i, (kind, unit)) in
        [("temperature", "C"), ("humidity", "%"), ("pressure", "hPa"), ("co2", "ppm")].iter().enumerate()
    {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(r#"{{"kind":"{kind}","value":{}.25,"unit":"{unit}","ok":true}}"#, 20 + i));
    }
    s.push_str(r#"],"tags":["indoor","calibrated","caf\u00e9"],"note":null}"#);
    s
}

/// About 2 KB: forty scalar fields, a nested status object and an array of eight readings.
fn two_kb_record() -> String {
    let mut s = String::from(r#"{"event_id":"3f1c2b9e-7a41-4c55-9d0e-2b6f8a1c4d7e","ts":1718000000123456"#);
    for i in 0..40 {
        match i % 4 {
            0 => s.push_str(&format!(r#","metric_{i:02}":{}.{}"#, 1000 + i * 7, i * 13 % 100)),
            1 => s.push_str(&format!(r#","label_{i:02}":"value-{i}-abcdefgh""#)),
            2 => s.push_str(&format!(r#","count_{i:02}":{}"#, i * 104729)),
            _ => s.push_str(&format!(r#","flag_{i:02}":{}"#, i % 3 == 0)),
        }
    }
    s.push_str(r#","status":{"code":200,"message":"all sensors reporting","since":1717990000000000},"readings":["#);
    for i in 0..8 {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(r#"{{"channel":{i},"raw":{},"scaled":{}.5,"unit":"mV"}}"#, 40000 + i * 37, i * 3));
    }
    s.push(']');
    // A free-text comment brings it to 2,048 bytes.
    let room = 2048usize.saturating_sub(s.len() + r#","comment":""}"#.len());
    s.push_str(&format!(r#","comment":"{}"}}"#, &"lorem ipsum ".repeat(room / 12 + 1)[..room]));
    s
}

/// A wide table's row: 2,000 columns (the Delta maximum), about 40 KB.
fn wide_record() -> String {
    let mut s = String::from("{");
    for i in 0..2000 {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(r#""column_{i:04}":{}"#, i * 31 % 1000));
    }
    s.push('}');
    s
}

/// The best of many short rounds (about half a millisecond each): a round that no other process interrupted shows
/// the real cost, even on a busy machine.
fn ns_per_record(record: &[u8]) -> f64 {
    let time = |iterations: u32| {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(validate_json_object(black_box(record))).unwrap();
        }
        start.elapsed().as_nanos() as f64 / iterations as f64
    };
    let iterations = ((500_000.0 / time(1_000)) as u32).max(10);
    (0..400).map(|_| time(iterations)).fold(f64::MAX, f64::min)
}

fn main() {
    let cases = [
        ("flat sensor reading", flat_sensor_reading()),
        ("nested record", nested_reading()),
        ("2 KB record", two_kb_record()),
        ("2,000-column record", wide_record()),
    ];
    println!("{:<22} {:>8} {:>12} {:>10}", "record", "bytes", "ns/record", "ns/byte");
    for (name, record) in &cases {
        validate_json_object(record.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let ns = ns_per_record(record.as_bytes());
        println!("{name:<22} {:>8} {ns:>12.1} {:>10.3}", record.len(), ns / record.len() as f64);
    }
}
