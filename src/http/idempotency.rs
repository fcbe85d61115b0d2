//! Idempotent writes: an `Idempotency-Key` names one write, so a retry after a lost answer
//! gets the first answer again (`Idempotent-Replayed: true`) and writes nothing.
//!
//! A handler extracts [`Idempotent`] instead of its JSON body and runs its write through
//! [`run`]: the key is claimed, the write done and its answer kept in one transaction, so a
//! replay on any instance finds either nothing (and writes itself) or the first answer.

use crate::error::Code;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};

use actix_web::http::{header, StatusCode};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, FieldError};
use crate::store::audit::Who;
use crate::store::idempotency::{self as store, KeyRow};
use crate::store::{now, try_lock_key, Db, DbConn};
use crate::t;

/// The header a client names its write with.
pub const HEADER: &str = "Idempotency-Key";

/// Keys are forgotten after this long (the promise is at least 24 hours).
const KEEP_HOURS: i64 = 48;

/// A JSON body with the request's `Idempotency-Key`, if any, and what a replay must match.
pub struct Idempotent {
    header: Option<String>,
    scope_path: String,
    body: serde_json::Value,
}

/// A valid key of a request, with the hash of its body.
#[derive(Clone, Debug)]
pub struct Key {
    key: String,
    /// `POST /api/v1/reports`: a key is the caller's own, per method and path.
    scope_path: String,
    request_hash: String,
}

impl Idempotent {
    /// The key, which this operation requires.
    pub fn required_key(&self) -> AppResult<Key> {
        self.key()?.ok_or_else(missing)
    }

    /// The key when one was sent (a write without one is not protected against retries).
    pub fn key(&self) -> AppResult<Option<Key>> {
        let Some(raw) = &self.header else {
            return Ok(None);
        };
        let key = raw.trim().trim_matches('"');
        if key.is_empty() || key.len() > 255 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(missing());
        }
        // serde_json's maps keep their keys sorted: the hash ignores member order and spacing.
        let request_hash = hex::encode(Sha256::digest(self.body.to_string().as_bytes()));
        Ok(Some(Key {
            key: key.to_owned(),
            scope_path: self.scope_path.clone(),
            request_hash,
        }))
    }

    /// The body, which must be a JSON object, read into `T`.
    pub fn body<T: DeserializeOwned>(self) -> AppResult<T> {
        crate::api::parse_body(self.body)
    }
}

impl FromRequest for Idempotent {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Idempotent, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        let header = req
            .headers()
            .get(HEADER)
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        let scope_path = format!("{} {}", req.method(), req.path());
        Box::pin(async move {
            Ok(Idempotent {
                header,
                scope_path,
                body: json.await?.into_inner(),
            })
        })
    }
}

fn missing() -> AppError {
    AppError::invalid_param(
        HEADER,
        t!(
            "Cần tiêu đề Idempotency-Key (1–255 ký tự ASCII), ví dụ một UUID mới cho mỗi báo cáo.",
            "An Idempotency-Key header (1–255 ASCII characters) is required, e.g. a fresh UUID per report."
        ),
    )
    .with_code(Code::IdempotencyKeyRequired)
}

/// The answer of a write, as it is sent and as it is kept for replays.
#[derive(Debug)]
pub struct Answer {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: String,
    replayed: bool,
}

impl Answer {
    /// An answer with a JSON body.
    pub fn json<T: Serialize>(status: StatusCode, body: &T) -> AnswerBuilder {
        AnswerBuilder(Answer {
            status,
            headers: Vec::new(),
            body: serde_json::to_string(body).unwrap_or_default(),
            replayed: false,
        })
    }

    /// 201 with the new record, its address and its ETag (as [`crate::api::created`]).
    pub fn created<T: Serialize>(location: String, version: i64, body: &T) -> Answer {
        Answer::json(StatusCode::CREATED, body)
            .header(header::LOCATION.as_str(), location)
            .header(header::ETAG.as_str(), crate::api::etag(version))
            .finish()
    }

    pub fn into_response(self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        for (name, value) in &self.headers {
            res.insert_header((name.as_str(), value.as_str()));
        }
        if self.replayed {
            res.insert_header(("Idempotent-Replayed", "true"));
        }
        res.content_type("application/json").body(self.body)
    }
}

/// Adds headers to an [`Answer`].
pub struct AnswerBuilder(Answer);

impl AnswerBuilder {
    pub fn header(mut self, name: &str, value: String) -> AnswerBuilder {
        self.0.headers.push((name.to_owned(), value));
        self
    }

    pub fn finish(self) -> Answer {
        self.0
    }
}

/// Runs `write` in a write transaction, once per key: with a key already answered it returns
/// that answer instead; with the key in use by another body it refuses (422
/// `idempotency_key_reused`); while the first request with the key is still being answered
/// on PostgreSQL, 409 `idempotency_in_progress` (SQLite has one writer: the replay waits and
/// gets the first answer). Without a key, it is a plain write.
pub async fn run<F>(db: &Db, who: &Who, key: Option<Key>, mut write: F) -> AppResult<HttpResponse>
where
    F: FnMut(&mut DbConn) -> AppResult<Answer> + Send + 'static,
{
    // The key is the caller's own: the same key from another caller is another write.
    let claim = key.map(|k| {
        let scope = format!("{}:{} {}", who.actor_type, who.actor_id, k.scope_path);
        (scope, k)
    });
    let answer = db
        .write(move |conn| {
            if let Some((scope, key)) = &claim {
                if let Some(kept) = claim_key(conn, scope, key)? {
                    return Ok(kept);
                }
            }
            let answer = write(conn)?;
            if let Some((scope, key)) = &claim {
                keep(conn, scope, key, &answer)?;
            }
            Ok(answer)
        })
        .await?;
    Ok(answer.into_response())
}

/// Takes the key for this transaction; the kept answer when the key was answered already.
fn claim_key(conn: &mut DbConn, scope: &str, key: &Key) -> AppResult<Option<Answer>> {
    if !try_lock_key(conn, &format!("idem:{scope}:{}", key.key))? {
        return Err(in_progress());
    }
    purge_now_and_then(conn)?;
    let Some(kept) = store::get(conn, scope, &key.key)? else {
        return Ok(None);
    };
    if kept.request_hash != key.request_hash {
        return Err(AppError::invalid(vec![FieldError::param(
            HEADER,
            t!(
                "Khoá này đã dùng cho một yêu cầu khác.",
                "This key was used for a different request."
            ),
        )])
        .with_code(Code::IdempotencyKeyReused));
    }
    Ok(Some(Answer {
        status: u16::try_from(kept.status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK),
        headers: serde_json::from_str(&kept.headers).unwrap_or_default(),
        body: kept.response,
        replayed: true,
    }))
}

/// Keeps the answer for replays, in the write's transaction.
fn keep(conn: &mut DbConn, scope: &str, key: &Key, answer: &Answer) -> AppResult<()> {
    store::insert(
        conn,
        &KeyRow {
            scope: scope.to_owned(),
            idem_key: key.key.clone(),
            request_hash: key.request_hash.clone(),
            status: i32::from(answer.status.as_u16()),
            response: answer.body.clone(),
            created_at: now(),
            headers: serde_json::to_string(&answer.headers).unwrap_or_else(|_| "[]".to_owned()),
        },
    )
}

fn in_progress() -> AppError {
    AppError::conflict(
        Code::IdempotencyInProgress,
        t!(
            "Yêu cầu đầu tiên với khoá này đang được xử lý; hãy thử lại sau giây lát.",
            "The first request with this key is still being answered; retry shortly."
        ),
    )
}

/// Forgets old keys at most once a minute per instance rather than on every write.
fn purge_now_and_then(conn: &mut DbConn) -> AppResult<()> {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let at = now().and_utc().timestamp();
    let last = LAST.load(Ordering::Relaxed);
    if at - last >= 60
        && LAST
            .compare_exchange(last, at, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        store::purge(conn, now() - chrono::Duration::hours(KEEP_HOURS))?;
    }
    Ok(())
}
