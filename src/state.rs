//! What every handler shares: the database, the token keys, the clock, the settings, and the
//! per-instance machinery (metrics, rate limits, the public answer cache).

use crate::auth::{Standing, Tokens};
use crate::clock::Clock;
use crate::config::Config;
use crate::http::{cache::AnswerCache, routes::Routes};
use crate::metrics::Metrics;
use crate::ratelimit::RateLimiter;
use crate::store::Db;

pub struct AppState {
    pub db: Db,
    /// The bytes of uploaded files.
    pub blobs: crate::blobs::Blobs,
    pub tokens: Tokens,
    /// Whether tokens still speak for their holders, as this instance last looked.
    pub standing: Standing,
    /// What "now" and "today" are for the register (see [`Clock`]).
    pub clock: Clock,
    pub config: Config,
    pub metrics: Metrics,
    /// The documented paths, for 405 answers.
    pub routes: Routes,
    /// The problem codes each operation declares (`api::doc::Declared`).
    pub declared: crate::api::doc::Declared,
    pub public_limiter: RateLimiter,
    /// Requests on `/api/…`, per client address and minute.
    pub api_limiter: RateLimiter,
    pub public_cache: AnswerCache,
    /// Public comments on nominations, per client address and hour.
    pub comment_limiter: RateLimiter,
}
