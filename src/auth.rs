//! Passwords (argon2id), client secrets, access tokens (HS256 JWTs) and the extractor that turns
//! a `Bearer` token into a [`Caller`].

use crate::error::Code;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::access::doors::{self, Door};
use crate::domain::access::{Actor, Caller, Role, Scope};
use crate::error::{AppError, AppResult};
use crate::service::auth::{self as service, Principal, TokenFacts};
use crate::t;
use crate::AppState;

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

/// Checks a password against its hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that the answer takes as long
/// as for a wrong password and does not tell which part was wrong.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// A random secret of 32 bytes, URL-safe.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Client secrets are random 256-bit values: a SHA-256 digest is enough to store them
/// and keeps the token endpoint fast.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    /// The token's own id, which logout ends.
    pub jti: String,
    /// `user` or `client`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The account's token generation when the token was issued.
    pub gen: i64,
    /// For a client: the number of the secret the token was issued for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sv: Option<i64>,
}

impl Claims {
    /// What the database must still agree with for the token to work.
    pub fn facts(&self) -> TokenFacts<'_> {
        let principal = match self.sv {
            Some(sv) if self.kind == "client" => Principal::Client(&self.sub, sv),
            _ => Principal::User(&self.sub),
        };
        TokenFacts {
            jti: &self.jti,
            principal,
            generation: self.gen,
        }
    }

    /// When the token expires.
    pub fn expires_at(&self) -> chrono::NaiveDateTime {
        chrono::DateTime::from_timestamp(self.exp, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }
}

/// What a token is issued for besides its caller: the account's generation and, for a client,
/// the number of the secret it presented.
#[derive(Clone, Copy, Debug)]
pub struct Grant {
    pub generation: i64,
    pub secret_version: Option<i64>,
}

/// Signs and checks access tokens.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub issuer: String,
    pub audience: String,
    pub ttl_secs: i64,
}

fn invalid_token() -> AppError {
    AppError::unauthorized(t!(
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        "The access token is invalid, expired or revoked."
    ))
    .with_code(Code::InvalidToken)
    .with_header(
        header::WWW_AUTHENTICATE,
        "Bearer realm=\"thidua\", error=\"invalid_token\"",
    )
}

impl Tokens {
    pub fn new(key: &str, issuer: &str, audience: &str, ttl_secs: i64) -> Tokens {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Tokens {
            encoding: EncodingKey::from_secret(key.as_bytes()),
            decoding: DecodingKey::from_secret(key.as_bytes()),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs,
        }
    }

    /// Issues a token for a caller.
    pub fn issue(&self, caller: &Caller, grant: Grant) -> AppResult<String> {
        let now = chrono::Utc::now().timestamp();
        let (kind, role, scopes) = match &caller.actor {
            Actor::User { role, .. } => ("user", Some(role.as_str().to_owned()), Vec::new()),
            Actor::Client { scopes, .. } => (
                "client",
                None,
                scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            ),
        };
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: caller.id().to_owned(),
            exp: now + self.ttl_secs,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::new_v4().simple().to_string(),
            kind: kind.to_owned(),
            role,
            unit: caller.unit.clone(),
            scopes,
            gen: grant.generation,
            sv: grant.secret_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)
    }

    /// Checks a token's signature and times, and returns who it speaks for. Whether the
    /// database still agrees is [`authenticate`]'s part.
    pub fn verify(&self, token: &str) -> AppResult<(Caller, Claims)> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| invalid_token())?;
        let c = data.claims;
        let actor = match c.kind.as_str() {
            "user" => Actor::User {
                id: c.sub.clone(),
                role: c
                    .role
                    .as_deref()
                    .and_then(Role::parse)
                    .ok_or_else(invalid_token)?,
            },
            "client" if c.sv.is_some() => Actor::Client {
                id: c.sub.clone(),
                scopes: c
                    .scopes
                    .iter()
                    .map(|s| Scope::parse(s))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(invalid_token)?,
            },
            _ => return Err(invalid_token()),
        };
        let caller = Caller {
            actor,
            unit: c.unit.clone(),
        };
        Ok((caller, c))
    }
}

/// Whether tokens still speak for their holders, remembered per instance.
///
/// A remembered answer holds while the revocation epoch (in the database, raised by every
/// change that can end a token) stays where it was when the answer was looked up. Each
/// instance reads the epoch at most once per `THIDUA_REVOCATION_CHECK_SECS`, so a revocation
/// takes effect on every instance within that interval, and a busy token costs one lookup per
/// change of rights anywhere, not one per request or per interval. With the interval at 0
/// nothing is remembered and every request asks the database.
pub struct Standing {
    interval: Duration,
    known: Mutex<Known>,
}

#[derive(Default)]
struct Known {
    /// The epoch last read; `None` before the first read.
    epoch: Option<i64>,
    /// When the epoch was last read, or is being read.
    checked_at: Option<Instant>,
    verdicts: HashMap<String, service::Verdict>,
}

/// What [`Standing::look`] found for a token.
struct Look {
    /// This request is to read the epoch (the interval has passed).
    read_epoch: bool,
    /// The epoch the answer is looked up under.
    epoch: Option<i64>,
    /// The remembered answer, when it still holds.
    alive: Option<bool>,
}

/// The most tokens remembered before the memory is cleared.
const STANDING_CAPACITY: usize = 50_000;

impl Standing {
    pub fn new(interval_secs: u64) -> Standing {
        Standing {
            interval: Duration::from_secs(interval_secs),
            known: Mutex::new(Known::default()),
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The remembered answer for a token, and whether this request is the one to read the
    /// epoch again (the others go on with what is known meanwhile).
    fn look(&self, jti: &str) -> Look {
        let mut known = self.known();
        let read_epoch = known
            .checked_at
            .is_none_or(|at| at.elapsed() >= self.interval);
        if read_epoch {
            known.checked_at = Some(Instant::now());
        }
        let now = crate::store::system_now();
        let alive = known
            .verdicts
            .get(jti)
            .filter(|v| v.until.is_none_or(|until| until > now))
            .map(|v| v.alive);
        Look {
            read_epoch,
            epoch: known.epoch,
            alive,
        }
    }

    /// The epoch as just read: when it moved, every remembered answer is forgotten.
    fn observe(&self, epoch: i64) {
        let mut known = self.known();
        if known.epoch != Some(epoch) {
            known.epoch = Some(epoch);
            known.verdicts.clear();
        }
    }

    /// The epoch could not be read: the next request tries again.
    fn unread(&self) {
        self.known().checked_at = None;
    }

    /// Remembers an answer looked up under `epoch`, unless the epoch has moved since.
    fn remember(&self, jti: &str, epoch: Option<i64>, verdict: service::Verdict) {
        let mut known = self.known();
        if epoch.is_none() || known.epoch != epoch {
            return;
        }
        if known.verdicts.len() >= STANDING_CAPACITY {
            known.verdicts.clear();
        }
        known.verdicts.insert(jti.to_owned(), verdict);
    }

    /// Forgets a token at once on this instance (after its own logout); the others learn it
    /// from the epoch.
    pub fn forget(&self, jti: &str) {
        let mut known = self.known();
        let dead = service::Verdict {
            alive: false,
            until: None,
        };
        known.verdicts.insert(jti.to_owned(), dead);
    }

    /// Whether a token is alive: what is remembered when it still holds, else the database.
    async fn alive(&self, db: &crate::store::Db, claims: &Claims) -> AppResult<bool> {
        if self.interval.is_zero() {
            let c = claims.clone();
            let verdict = db
                .read(move |conn| service::token_alive(conn, &c.facts()))
                .await?;
            return Ok(verdict.alive);
        }
        let mut look = self.look(&claims.jti);
        if look.read_epoch {
            match db.read(service::epoch).await {
                Ok(epoch) => {
                    self.observe(epoch);
                    if look.epoch != Some(epoch) {
                        look = Look {
                            read_epoch: false,
                            epoch: Some(epoch),
                            alive: None,
                        };
                    }
                }
                Err(e) => {
                    self.unread();
                    return Err(e);
                }
            }
        }
        if let Some(alive) = look.alive {
            return Ok(alive);
        }
        let c = claims.clone();
        let verdict = db
            .read(move |conn| service::token_alive(conn, &c.facts()))
            .await?;
        self.remember(&claims.jti, look.epoch, verdict);
        Ok(verdict.alive)
    }
}

/// The bearer token of a request, checked: its signature and times, then whether the
/// database still agrees (not logged out; the account, its rights and its unit unchanged).
pub async fn authenticate(req: &HttpRequest) -> AppResult<(Caller, Claims)> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("application state missing"))?
        .clone();
    let door = door_of(req)?;
    let token = bearer(req)?;
    let (caller, claims) = state.tokens.verify(token)?;
    if !state.standing.alive(&state.db, &claims).await? {
        return Err(invalid_token());
    }
    door.admits(&caller)?;
    Ok((caller, claims))
}

/// The door of the operation the request is routed to (`domain::access::doors`). An
/// operation without one is a bug of this service, answered 500 before anything else.
pub fn door_of(req: &HttpRequest) -> AppResult<&'static Door> {
    let pattern = req.match_pattern().unwrap_or_default();
    doors::of(req.method().as_str(), &pattern).ok_or_else(|| {
        AppError::internal(format!("no door declared for {} {pattern}", req.method()))
    })
}

/// The authenticated caller of a request: `Authorization: Bearer <token>`, else 401.
impl FromRequest for Caller {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Caller, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(|(caller, _)| caller) })
    }
}

fn bearer(req: &HttpRequest) -> AppResult<&str> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            AppError::unauthorized(t!(
                "Cần đăng nhập: gửi kèm tiêu đề Authorization: Bearer <mã truy cập>.",
                "Sign in first: send Authorization: Bearer <access token>."
            ))
            .with_code(Code::MissingToken)
        })?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            AppError::unauthorized(t!(
                "Tiêu đề Authorization phải có dạng Bearer <mã truy cập>.",
                "The Authorization header must be Bearer <access token>."
            ))
            .with_code(Code::InvalidToken)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("mật-khẩu-đúng").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật-khẩu-đúng", &h));
        assert!(!verify_password("mật-khẩu-sai", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_carry_role_unit_and_scopes() {
        let tokens = Tokens::new("k".repeat(40).as_str(), "thidua", "thidua-api", 900);
        let caller = Caller {
            actor: Actor::Client {
                id: "c1".into(),
                scopes: vec![Scope::ReportsWrite],
            },
            unit: Some("unit-1".into()),
        };
        let grant = Grant {
            generation: 3,
            secret_version: Some(2),
        };
        let token = tokens.issue(&caller, grant).unwrap_or_default();
        let verified = tokens.verify(&token).ok();
        assert_eq!(verified.as_ref().map(|v| &v.0), Some(&caller));
        assert_eq!(
            verified.as_ref().map(|v| (v.1.gen, v.1.sv)),
            Some((3, Some(2)))
        );
        let other = Tokens::new("z".repeat(40).as_str(), "thidua", "thidua-api", 900);
        assert!(other.verify(&token).is_err());
        let wrong_audience = Tokens::new("k".repeat(40).as_str(), "thidua", "other", 900);
        assert!(wrong_audience.verify(&token).is_err());
    }

    fn verdict(alive: bool, until: Option<chrono::NaiveDateTime>) -> service::Verdict {
        service::Verdict { alive, until }
    }

    #[test]
    fn remembered_answers_hold_until_the_epoch_moves() {
        let standing = Standing::new(2);
        let first = standing.look("t1");
        assert!(first.read_epoch, "the first request reads the epoch");
        assert!(!standing.look("t1").read_epoch, "one reader per interval");
        // Nothing is remembered before the epoch is known.
        standing.remember("t1", first.epoch, verdict(true, None));
        assert_eq!(standing.look("t1").alive, None);

        standing.observe(7);
        standing.remember("t1", Some(7), verdict(true, None));
        assert_eq!(standing.look("t1").alive, Some(true));

        // An answer looked up under an older epoch is not kept.
        standing.observe(8);
        assert_eq!(standing.look("t1").alive, None);
        standing.remember("t1", Some(7), verdict(true, None));
        assert_eq!(standing.look("t1").alive, None);

        // An answer with an end (a previous secret's grace) holds until then.
        let past = crate::store::system_now() - chrono::TimeDelta::seconds(1);
        standing.remember("t2", Some(8), verdict(true, Some(past)));
        assert_eq!(standing.look("t2").alive, None);

        standing.remember("t3", Some(8), verdict(true, None));
        standing.forget("t3");
        assert_eq!(standing.look("t3").alive, Some(false));

        // A failed read lets the next request try again.
        standing.unread();
        assert!(standing.look("t3").read_epoch);
    }

    #[test]
    fn secrets_compare_in_constant_time() {
        assert!(constant_eq("abc", "abc"));
        assert!(!constant_eq("abc", "abd"));
        assert!(!constant_eq("abc", "ab"));
    }
}
