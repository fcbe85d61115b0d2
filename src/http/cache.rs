//! Conditional GET and a short answer cache for the public feed: strong ETags on the exact
//! bytes, `Last-Modified`, 304 on revalidation, a gzip variant made once per answer, and a
//! per-instance cache with single-flight refresh so a burst of portal requests reads the
//! database once (`Age` keeps downstream caches within max-age).

use std::collections::HashMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a cache may keep a public answer.
pub const MAX_AGE_SECS: u32 = 60;

/// A strong validator for exact bytes, unquoted.
fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    hex::encode(&digest[..16])
}

/// Answers smaller than this go out as they are: gzip would save little and cost a frame.
const GZIP_FROM_BYTES: usize = 1024;

/// Whether the client takes gzip (RFC 9110 §12.5.3): `gzip`, `x-gzip` or `*` with q > 0.
fn accepts_gzip(req: &HttpRequest) -> bool {
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused
            && ["gzip", "x-gzip", "*"]
                .iter()
                .any(|c| coding.eq_ignore_ascii_case(c))
    })
}

fn gzip(body: &[u8]) -> Option<web::Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(web::Bytes::from)
}

/// A public answer ready to send: its bytes and validators. Kept for a moment in
/// [`AnswerCache`] so that a burst of portal requests reads the database once.
pub struct Answer {
    /// Shared, not copied, by every request the answer serves.
    body: web::Bytes,
    /// The body gzipped, made at the first request that takes gzip and then shared, so a
    /// cached answer is compressed once, not once per request.
    gzipped: std::sync::OnceLock<Option<web::Bytes>>,
    content_type: &'static str,
    /// The validator of the body, unquoted; the gzip variant's is this with `-gzip`.
    etag: String,
    last_modified: String,
    link: Option<String>,
}

/// Prepares an answer: `ETag` from the bytes, `Last-Modified` from the last recorded change.
pub fn prepare(
    body: Vec<u8>,
    content_type: &'static str,
    last_modified: Option<NaiveDateTime>,
    link: Option<String>,
) -> Answer {
    // Nothing recorded yet: nothing has changed since the epoch.
    let modified = last_modified.unwrap_or_default().and_utc();
    Answer {
        etag: etag_of(&body),
        last_modified: modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        body: web::Bytes::from(body),
        gzipped: std::sync::OnceLock::new(),
        content_type,
        link,
    }
}

pub fn prepare_json<T: Serialize>(
    body: &T,
    last_modified: Option<NaiveDateTime>,
    link: Option<String>,
) -> Answer {
    prepare(
        serde_json::to_vec(body).unwrap_or_default(),
        "application/json",
        last_modified,
        link,
    )
}

/// Sends an answer `age` seconds old, or 304 when the client's copy is current.
/// The body goes gzipped (`Content-Encoding: gzip`, its own strong `ETag`) to clients that
/// take it; either validator revalidates, since both stand for the same content.
fn respond(req: &HttpRequest, a: &Answer, age: Option<u64>) -> HttpResponse {
    let identity_tag = format!("\"{}\"", a.etag);
    let gzip_tag = format!("\"{}-gzip\"", a.etag);
    let gzipped = if a.body.len() >= GZIP_FROM_BYTES && accepts_gzip(req) {
        a.gzipped.get_or_init(|| gzip(&a.body)).as_ref()
    } else {
        None
    };
    let not_modified = match req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(tags) => tags
            .split(',')
            .map(str::trim)
            .map(|t| t.strip_prefix("W/").unwrap_or(t))
            .any(|t| t == "*" || t == identity_tag || t == gzip_tag),
        None => match req
            .headers()
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
        {
            Some(since) => match (
                DateTime::parse_from_rfc2822(since),
                DateTime::parse_from_rfc2822(&a.last_modified),
            ) {
                (Ok(since), Ok(modified)) => modified.timestamp() <= since.timestamp(),
                _ => false,
            },
            None => false,
        },
    };
    let mut res = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((
        header::ETAG,
        if gzipped.is_some() {
            gzip_tag
        } else {
            identity_tag
        },
    ));
    res.insert_header((
        header::CACHE_CONTROL,
        format!("public, max-age={MAX_AGE_SECS}"),
    ));
    res.insert_header((header::LAST_MODIFIED, a.last_modified.clone()));
    res.insert_header((header::VARY, "Accept-Encoding"));
    if let Some(age) = age {
        // Downstream caches count this age against max-age: no copy outlives 60 seconds.
        res.insert_header((header::AGE, age.to_string()));
    }
    if let Some(link) = &a.link {
        if let Ok(v) = HeaderValue::from_str(link) {
            res.insert_header((header::LINK, v));
        }
    }
    if not_modified {
        res.finish()
    } else if let Some(body) = gzipped {
        // Already encoded: the Compress middleware leaves an answer with Content-Encoding alone.
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        res.content_type(a.content_type).body(body.clone())
    } else {
        res.content_type(a.content_type).body(a.body.clone())
    }
}

/// Recent public answers by address, each fresh for `ttl` (never more than max-age). While
/// one request reads the database for an expired answer, the others get the previous one
/// with its `Age`, so a burst never becomes a stampede on the database.
pub struct AnswerCache {
    ttl: std::time::Duration,
    entries: std::sync::Mutex<HashMap<String, Entry>>,
}

struct Entry {
    at: std::time::Instant,
    answer: std::sync::Arc<Answer>,
    refreshing: bool,
}

/// What the cache says about a request.
enum Lookup {
    Hit(HttpResponse),
    /// Read the database and remember the answer.
    Miss,
}

impl AnswerCache {
    pub fn new(ttl_secs: u32) -> AnswerCache {
        AnswerCache {
            ttl: std::time::Duration::from_secs(u64::from(ttl_secs.min(MAX_AGE_SECS))),
            entries: std::sync::Mutex::new(HashMap::new()),
        }
    }

    fn key(req: &HttpRequest) -> String {
        format!("{}?{}", req.path(), req.query_string())
    }

    fn lookup(&self, req: &HttpRequest) -> Lookup {
        if self.ttl.is_zero() {
            return Lookup::Miss;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Miss;
        };
        let Some(entry) = entries.get_mut(&Self::key(req)) else {
            return Lookup::Miss;
        };
        let age = entry.at.elapsed();
        let max_stale = std::time::Duration::from_secs(u64::from(MAX_AGE_SECS)) / 2;
        if age < self.ttl || (entry.refreshing && age < self.ttl + max_stale) {
            return Lookup::Hit(respond(req, &entry.answer, Some(age.as_secs())));
        }
        entry.refreshing = true;
        Lookup::Miss
    }

    /// The cached answer for this request if it may be served.
    pub fn hit(&self, req: &HttpRequest) -> Option<HttpResponse> {
        match self.lookup(req) {
            Lookup::Hit(res) => Some(res),
            Lookup::Miss => None,
        }
    }

    /// Keeps `answer` for this request and sends it.
    pub fn remember(&self, req: &HttpRequest, answer: Answer) -> HttpResponse {
        let res = respond(req, &answer, None);
        if !self.ttl.is_zero() {
            if let Ok(mut entries) = self.entries.lock() {
                if entries.len() > 10_000 {
                    let ttl = self.ttl;
                    entries.retain(|_, e| e.at.elapsed() < ttl);
                }
                let entry = Entry {
                    at: std::time::Instant::now(),
                    answer: std::sync::Arc::new(answer),
                    refreshing: false,
                };
                entries.insert(Self::key(req), entry);
            }
        }
        res
    }
}
