//! Load for `POST /api/v1/reports`: N keep-alive HTTP/1.1 connections, each sending one
//! submission after another for a fixed time, every request with a fresh UUID in
//! `Idempotency-Key` (oha cannot vary a header per request).
//!
//! Usage: submit-load URL TOKENS_FILE BODIES_FILE [-c CONNECTIONS] [-z DURATION] [--threads N]
//!
//! TOKENS_FILE has one bearer token a line (one unit each), BODIES_FILE one JSON submission a
//! line (one report type and period each); request i uses token i mod T and body (i / T) mod B,
//! so the load walks every unit × type × period before it revises any of them again. Requests
//! in flight at the deadline are awaited and counted. Prints one JSON object: the answers by
//! status, the rate of 201 answers, and latency percentiles (all answers, and 201 only).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

struct Target {
    addr: String,
    host: String,
    path: String,
}

struct Shared {
    target: Target,
    tokens: Vec<String>,
    bodies: Vec<Bytes>,
    next: AtomicUsize,
    deadline: Instant,
}

#[derive(Default)]
struct Stats {
    statuses: BTreeMap<u16, u64>,
    errors: u64,
    first_error: Option<String>,
    first_refusal: Option<String>,
    /// Microseconds, every answer.
    all: Vec<u32>,
    /// Microseconds, 201 answers only.
    created: Vec<u32>,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are supported")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Ok(Target {
        addr,
        host: authority.to_owned(),
        path: path.to_owned(),
    })
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("not a duration: {s:?} (e.g. 10s, 500ms, 1m)");
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len()));
    let n: f64 = num.parse().map_err(|_| bad())?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(bad()),
    };
    Ok(Duration::from_secs_f64(secs))
}

fn lines(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let v: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if v.is_empty() {
        return Err(format!("{path}: no lines"));
    }
    Ok(v)
}

async fn worker(shared: Arc<Shared>) -> Stats {
    let mut stats = Stats::default();
    let mut sender: Option<http1::SendRequest<Full<Bytes>>> = None;
    let (nt, nb) = (shared.tokens.len(), shared.bodies.len());
    while Instant::now() < shared.deadline {
        if sender.is_none() {
            match connect(&shared.target).await {
                Ok(s) => sender = Some(s),
                Err(e) => {
                    note_error(&mut stats, e);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            }
        }
        let Some(s) = sender.as_mut() else { continue };
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        let token = &shared.tokens[i % nt];
        let body = shared.bodies[(i / nt) % nb].clone();
        let req = Request::post(shared.target.path.as_str())
            .header("host", shared.target.host.as_str())
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .header("idempotency-key", uuid::Uuid::new_v4().to_string())
            .body(Full::new(body))
            .expect("a valid request");
        if s.ready().await.is_err() {
            sender = None;
            continue;
        }
        let start = Instant::now();
        let outcome = match s.send_request(req).await {
            Ok(res) => {
                let status = res.status().as_u16();
                match res.into_body().collect().await {
                    Ok(b) => Ok((status, b.to_bytes())),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(e.to_string()),
        };
        let micros = u32::try_from(start.elapsed().as_micros()).unwrap_or(u32::MAX);
        match outcome {
            Ok((status, body)) => {
                *stats.statuses.entry(status).or_default() += 1;
                stats.all.push(micros);
                if status == 201 {
                    stats.created.push(micros);
                } else if stats.first_refusal.is_none() {
                    let text = String::from_utf8_lossy(&body);
                    stats.first_refusal = Some(format!("{status}: {}", text.chars().take(400).collect::<String>()));
                }
            }
            Err(e) => {
                note_error(&mut stats, e);
                sender = None;
            }
        }
    }
    stats
}

fn note_error(stats: &mut Stats, e: String) {
    stats.errors += 1;
    if stats.first_error.is_none() {
        stats.first_error = Some(e);
    }
}

async fn connect(t: &Target) -> Result<http1::SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(&t.addr).await.map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
}

fn latency_json(v: &mut [u32]) -> String {
    v.sort_unstable();
    format!(
        "{{\"p50\": {:.3}, \"p95\": {:.3}, \"p99\": {:.3}, \"max\": {:.3}}}",
        percentile(v, 50.0),
        percentile(v, 95.0),
        percentile(v, 99.0),
        percentile(v, 100.0)
    )
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let (mut connections, mut duration, mut threads) = (32usize, Duration::from_secs(10), 2usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "-c" => connections = value()?.parse().map_err(|_| "-c: a number")?,
            "-z" => duration = parse_duration(&value()?)?,
            "--threads" => threads = value()?.parse().map_err(|_| "--threads: a number")?,
            "-h" | "--help" => {
                println!("usage: submit-load URL TOKENS_FILE BODIES_FILE [-c 32] [-z 10s] [--threads 2]");
                return Ok(());
            }
            _ => positional.push(a.clone()),
        }
    }
    let [url, tokens, bodies] = positional.as_slice() else {
        return Err("usage: submit-load URL TOKENS_FILE BODIES_FILE [-c 32] [-z 10s] [--threads 2]".into());
    };
    let target = parse_url(url)?;
    let tokens = lines(tokens)?;
    let bodies = lines(bodies)?.into_iter().map(Bytes::from).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let start = Instant::now();
        let shared = Arc::new(Shared {
            target,
            tokens,
            bodies,
            next: AtomicUsize::new(0),
            deadline: start + duration,
        });
        let tasks: Vec<_> = (0..connections.max(1))
            .map(|_| tokio::spawn(worker(shared.clone())))
            .collect();
        let mut total = Stats::default();
        for t in tasks {
            let s = t.await.map_err(|e| e.to_string())?;
            for (k, v) in s.statuses {
                *total.statuses.entry(k).or_default() += v;
            }
            total.errors += s.errors;
            total.first_error = total.first_error.or(s.first_error);
            total.first_refusal = total.first_refusal.or(s.first_refusal);
            total.all.extend(s.all);
            total.created.extend(s.created);
        }
        let secs = start.elapsed().as_secs_f64();
        let created = total.statuses.get(&201).copied().unwrap_or(0);
        let statuses = total
            .statuses
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{{\"connections\": {connections}, \"seconds\": {secs:.3}, \"requests\": {}, \"statuses\": {{{statuses}}}, \
             \"errors\": {}, \"created_per_sec\": {:.1}, \"latency_ms\": {}, \"latency_201_ms\": {}, \
             \"first_error\": {}, \"first_refusal\": {}}}",
            total.all.len() as u64 + total.errors,
            total.errors,
            created as f64 / secs,
            latency_json(&mut total.all),
            latency_json(&mut total.created),
            total.first_error.as_deref().map_or("null".into(), json_str),
            total.first_refusal.as_deref().map_or("null".into(), json_str),
        );
        Ok::<(), String>(())
    })
}

fn main() {
    if let Err(e) = run() {
        eprintln!("submit-load: {e}");
        std::process::exit(2);
    }
}
