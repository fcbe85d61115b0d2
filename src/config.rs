//! Settings, read from the environment, with defaults that just work on a laptop
//! (`THIDUA_ENV=development`) and strict checks in production.

use std::env;

use crate::clock::Clock;

/// The development signing key: known to everyone, so refused in production.
pub const DEV_SIGNING_KEY: &str = "thidua-development-signing-key-do-not-use-in-production";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub mode: Mode,
    pub database_url: String,
    pub bind: String,
    pub pool_size: u32,
    pub workers: usize,
    pub signing_key: String,
    pub issuer: String,
    pub audience: String,
    pub token_ttl_secs: i64,
    /// Seconds an instance may trust its last look at whether a token was revoked (0 to 5).
    pub revocation_check_secs: u64,
    /// Set on the first start: the password of the first `admin` account.
    pub admin_password: Option<String>,
    pub body_limit: usize,
    /// The largest file `POST /api/v1/imports` takes.
    pub import_limit: usize,
    pub login_max_failures: i32,
    pub login_ip_max_failures: i32,
    pub login_window_secs: i64,
    pub login_lockout_secs: i64,
    pub trust_proxy: bool,
    pub json_logs: bool,
    /// Load the province's data from letter 1801/UBND-NC on a start with an empty register.
    pub seed_on_empty: bool,
    /// Requests per minute per client address on `/public/…` (0: no limit).
    pub public_rate_limit: u32,
    /// Requests per minute per client address on `/api/…` (0: no limit).
    pub api_rate_limit: u32,
    /// Seconds a public answer is reused before the database is read again (0 to 60).
    pub public_cache_secs: u32,
    /// Public comments on nominations per hour per client address (0: no limit).
    pub comment_rate_limit: u32,
    /// Seconds before the first retry of a failed webhook delivery; each next waits twice as long.
    pub webhook_retry_secs: u64,
    /// Delivery attempts before a webhook message is given up.
    pub webhook_max_attempts: i32,
    /// Seconds a webhook receiver has to answer one delivery attempt.
    pub webhook_timeout_secs: u64,
    /// Seconds a client has to send a request's whole body once its head is in.
    pub body_timeout_secs: u64,
    /// What "now" and "today" are for the register (development and tests only).
    pub clock: Clock,
    /// The base of problem `type` URIs (ends with `/`).
    pub problem_base: String,
    /// Where the public reach this service (no trailing `/`): the base of the Atom feed's links.
    pub public_base_url: String,
    /// Where uploaded files are kept.
    pub files: FileStore,
    /// The largest file `POST /api/v1/files` takes.
    pub file_limit: usize,
    /// The province's name as papers write it ("Hưng Yên, ngày … tháng … năm …").
    pub province: String,
}

/// Where uploaded files are kept, each once, under its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStore {
    /// A directory of this machine (created on the first start).
    Local { dir: std::path::PathBuf },
    /// An S3-compatible object store.
    S3(S3Store),
}

/// An S3-compatible bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Store {
    /// The endpoint URL (`https://s3.example.vn`); absent, Amazon's for the region.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`.
    pub path_style: bool,
    /// Keys begin with this (a bucket shared with other systems).
    pub prefix: Option<String>,
}

impl std::fmt::Debug for S3Store {
    /// Never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Store")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("path_style", &self.path_style)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Reads `THIDUA_FILE_STORE` and the settings of the store it names.
    fn from_env() -> anyhow::Result<FileStore> {
        match var("THIDUA_FILE_STORE").as_deref() {
            None | Some("local") => Ok(FileStore::Local {
                dir: var("THIDUA_FILE_DIR")
                    .unwrap_or_else(|| "data/files".to_owned())
                    .into(),
            }),
            Some("s3") => Ok(FileStore::S3(S3Store {
                endpoint: var("THIDUA_S3_ENDPOINT").map(|e| e.trim_end_matches('/').to_owned()),
                bucket: var("THIDUA_S3_BUCKET").ok_or_else(|| {
                    anyhow::anyhow!("THIDUA_FILE_STORE=s3 needs THIDUA_S3_BUCKET")
                })?,
                region: var("THIDUA_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
                access_key_id: var("THIDUA_S3_ACCESS_KEY_ID"),
                secret_access_key: var("THIDUA_S3_SECRET_ACCESS_KEY"),
                path_style: parsed("THIDUA_S3_PATH_STYLE", true)?,
                prefix: var("THIDUA_S3_PREFIX"),
            })),
            Some(other) => anyhow::bail!("THIDUA_FILE_STORE={other:?}: use `local` or `s3`"),
        }
    }
}

/// One row of the configuration table (the README prints the same).
pub struct Setting {
    pub name: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "THIDUA_ENV",
        default: "development",
        meaning:
            "`development` or `production` (strict: real signing key required, no printed password)",
    },
    Setting {
        name: "DATABASE_URL",
        default: "sqlite://data/thidua.db",
        meaning: "a SQLite file, or `postgres://user:password@host/db`",
    },
    Setting {
        name: "THIDUA_BIND",
        default: "127.0.0.1:8080",
        meaning: "address and port to listen on",
    },
    Setting {
        name: "THIDUA_POOL_SIZE",
        default: "8 (SQLite), 16 (PostgreSQL)",
        meaning: "database connections per instance",
    },
    Setting {
        name: "THIDUA_WORKERS",
        default: "number of cores",
        meaning: "HTTP worker threads",
    },
    Setting {
        name: "THIDUA_SIGNING_KEY",
        default: "a development key",
        meaning: "HS256 key for access tokens; at least 32 bytes; required in production",
    },
    Setting {
        name: "THIDUA_TOKEN_ISSUER",
        default: "thidua",
        meaning: "`iss` of access tokens",
    },
    Setting {
        name: "THIDUA_TOKEN_AUDIENCE",
        default: "thidua-api",
        meaning: "`aud` of access tokens",
    },
    Setting {
        name: "THIDUA_TOKEN_TTL_SECS",
        default: "900",
        meaning: "lifetime of access tokens, 60 to 86400 (24 h at most)",
    },
    Setting {
        name: "THIDUA_REVOCATION_CHECK_SECS",
        default: "2",
        meaning: "seconds between an instance's reads of the revocation epoch (0 to 5; 0: every request asks the database): a deactivated account, a changed role or a logout stops its tokens within this time on every instance",
    },
    Setting {
        name: "THIDUA_ADMIN_PASSWORD",
        default: "(random, printed once in development)",
        meaning: "password of the first `admin`, created on an empty database",
    },
    Setting {
        name: "THIDUA_BODY_LIMIT",
        default: "262144",
        meaning: "largest request body in bytes (413 above)",
    },
    Setting {
        name: "THIDUA_IMPORT_LIMIT",
        default: "33554432",
        meaning: "largest import file (`POST /api/v1/imports`) in bytes (413 above)",
    },
    Setting {
        name: "THIDUA_FILE_LIMIT",
        default: "20971520",
        meaning: "largest uploaded file (`POST /api/v1/files`) in bytes (413 above); apart from `THIDUA_BODY_LIMIT`",
    },
    Setting {
        name: "THIDUA_PROVINCE",
        default: "Hưng Yên",
        meaning: "the province's name on the papers the service drafts (the council's minutes): their place and date, and the people's committee above the provincial council",
    },
    Setting {
        name: "THIDUA_FILE_STORE",
        default: "local",
        meaning: "where uploaded files are kept, each once under its SHA-256: `local` (a directory) or `s3` (an S3-compatible bucket)",
    },
    Setting {
        name: "THIDUA_FILE_DIR",
        default: "data/files",
        meaning: "`local`: the directory, created on the first start",
    },
    Setting {
        name: "THIDUA_S3_ENDPOINT",
        default: "(Amazon S3 of the region)",
        meaning: "`s3`: the endpoint URL of an S3-compatible server (`https://…`; `http://` only on a trusted network)",
    },
    Setting {
        name: "THIDUA_S3_BUCKET",
        default: "(required for `s3`)",
        meaning: "`s3`: the bucket, which must exist",
    },
    Setting {
        name: "THIDUA_S3_REGION",
        default: "us-east-1",
        meaning: "`s3`: the region the requests are signed for",
    },
    Setting {
        name: "THIDUA_S3_ACCESS_KEY_ID",
        default: "(none)",
        meaning: "`s3`: the access key; absent, the machine's credentials (instance role)",
    },
    Setting {
        name: "THIDUA_S3_SECRET_ACCESS_KEY",
        default: "(none)",
        meaning: "`s3`: the secret of the access key (never logged)",
    },
    Setting {
        name: "THIDUA_S3_PATH_STYLE",
        default: "true",
        meaning: "`s3`: path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need; `false` for virtual-hosted style",
    },
    Setting {
        name: "THIDUA_S3_PREFIX",
        default: "(none)",
        meaning: "`s3`: a prefix of every key, for a bucket shared with other systems",
    },
    Setting {
        name: "THIDUA_LOGIN_MAX_FAILURES",
        default: "5",
        meaning: "failed sign-ins per account within the window before a lockout",
    },
    Setting {
        name: "THIDUA_LOGIN_IP_MAX_FAILURES",
        default: "20",
        meaning: "failed sign-ins per client address within the window before a lockout",
    },
    Setting {
        name: "THIDUA_LOGIN_WINDOW_SECS",
        default: "900",
        meaning: "window in which failures are counted",
    },
    Setting {
        name: "THIDUA_LOGIN_LOCKOUT_SECS",
        default: "300",
        meaning: "how long a locked account or address waits (429 with Retry-After)",
    },
    Setting {
        name: "THIDUA_TRUST_PROXY",
        default: "false",
        meaning: "take the client address from `X-Forwarded-For` (behind a load balancer)",
    },
    Setting {
        name: "THIDUA_SEED_ON_EMPTY",
        default: "true",
        meaning: "load the province's data from letter 1801/UBND-NC when the register is empty at start",
    },
    Setting {
        name: "THIDUA_PUBLIC_RATE_LIMIT",
        default: "600",
        meaning: "requests per minute per client address on `/public/…`, per instance (0: no limit)",
    },
    Setting {
        name: "THIDUA_API_RATE_LIMIT",
        default: "3000",
        meaning: "requests per minute per client address on `/api/…`, per instance (0: no limit); a guard against a runaway program, far above what a clerk or a unit's software sends",
    },
    Setting {
        name: "THIDUA_PUBLIC_CACHE_SECS",
        default: "1",
        meaning: "seconds a public answer is reused per instance (0 to 60; `Age` keeps downstream caches within max-age=60)",
    },
    Setting {
        name: "THIDUA_PROBLEM_BASE",
        default: "https://thidua.hungyen.gov.vn/problems/",
        meaning: "the base of problem `type` URIs, ending with `/`; below it, each code's explanation (this service answers them at `/problems/{code}`: point the base at it)",
    },
    Setting {
        name: "THIDUA_PUBLIC_BASE_URL",
        default: "`http://` + `THIDUA_BIND`",
        meaning: "the http(s) URL at which the public reach this service (behind a proxy: the proxy's); the Atom feed's links are absolute under it, with `xml:base`",
    },
    Setting {
        name: "THIDUA_COMMENT_RATE_LIMIT",
        default: "10",
        meaning: "public comments on nominations per hour per client address, per instance (0: no limit)",
    },
    Setting {
        name: "THIDUA_WEBHOOK_RETRY_SECS",
        default: "30",
        meaning: "wait before the first retry of a failed webhook delivery; doubled each time, at most 6 h",
    },
    Setting {
        name: "THIDUA_WEBHOOK_MAX_ATTEMPTS",
        default: "12",
        meaning: "webhook delivery attempts before a message is given up (then shown `failed`)",
    },
    Setting {
        name: "THIDUA_WEBHOOK_TIMEOUT_SECS",
        default: "10",
        meaning: "seconds a unit's webhook receiver has to answer one delivery (1 to 60); deliveries to different units run side by side, so a slow receiver delays only its own unit",
    },
    Setting {
        name: "THIDUA_BODY_TIMEOUT_SECS",
        default: "30",
        meaning: "seconds a client has to send a request's whole body once its head has arrived (1 to 600); past it the answer is 408 and the connection is closed, so a client that trickles its body holds no worker",
    },
    Setting {
        name: "THIDUA_CLOCK",
        default: "the system clock",
        meaning: "development and tests only (refused in production): the register's now, as an instant (`2025-09-18T03:15:00Z`), a day (`2025-09-18`) or an offset (`-400d`, `+3600s`); tokens, throttling and rate limits keep the system clock",
    },
    Setting {
        name: "LOG_FORMAT",
        default: "text",
        meaning: "`json` for one JSON object per log line",
    },
    Setting {
        name: "RUST_LOG",
        default: "info",
        meaning: "log filter",
    },
];

fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a valid value")),
    }
}

impl Config {
    /// Reads the environment. Fails with the name of the wrong variable.
    pub fn from_env() -> anyhow::Result<Config> {
        let mode = match var("THIDUA_ENV").as_deref() {
            None | Some("development") | Some("dev") => Mode::Development,
            Some("production") | Some("prod") => Mode::Production,
            Some(other) => anyhow::bail!("THIDUA_ENV={other:?}: use `development` or `production`"),
        };
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/thidua.db".to_owned());
        let is_pg = database_url.starts_with("postgres");
        let signing_key = var("THIDUA_SIGNING_KEY").unwrap_or_else(|| DEV_SIGNING_KEY.to_owned());
        let mut config = Config {
            mode,
            database_url,
            bind: var("THIDUA_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            pool_size: parsed("THIDUA_POOL_SIZE", if is_pg { 16 } else { 8 })?,
            workers: parsed(
                "THIDUA_WORKERS",
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )?,
            signing_key,
            issuer: var("THIDUA_TOKEN_ISSUER").unwrap_or_else(|| "thidua".to_owned()),
            audience: var("THIDUA_TOKEN_AUDIENCE").unwrap_or_else(|| "thidua-api".to_owned()),
            token_ttl_secs: parsed("THIDUA_TOKEN_TTL_SECS", 900)?,
            revocation_check_secs: parsed("THIDUA_REVOCATION_CHECK_SECS", 2)?,
            admin_password: var("THIDUA_ADMIN_PASSWORD"),
            body_limit: parsed("THIDUA_BODY_LIMIT", 256 * 1024)?,
            import_limit: parsed("THIDUA_IMPORT_LIMIT", 32 * 1024 * 1024)?,
            login_max_failures: parsed("THIDUA_LOGIN_MAX_FAILURES", 5)?,
            login_ip_max_failures: parsed("THIDUA_LOGIN_IP_MAX_FAILURES", 20)?,
            login_window_secs: parsed("THIDUA_LOGIN_WINDOW_SECS", 900)?,
            login_lockout_secs: parsed("THIDUA_LOGIN_LOCKOUT_SECS", 300)?,
            trust_proxy: parsed("THIDUA_TRUST_PROXY", false)?,
            json_logs: var("LOG_FORMAT").is_some_and(|v| v.eq_ignore_ascii_case("json")),
            seed_on_empty: parsed("THIDUA_SEED_ON_EMPTY", true)?,
            public_rate_limit: parsed("THIDUA_PUBLIC_RATE_LIMIT", 600)?,
            api_rate_limit: parsed("THIDUA_API_RATE_LIMIT", 3000)?,
            public_cache_secs: parsed("THIDUA_PUBLIC_CACHE_SECS", 1)?,
            comment_rate_limit: parsed("THIDUA_COMMENT_RATE_LIMIT", 10)?,
            webhook_retry_secs: parsed("THIDUA_WEBHOOK_RETRY_SECS", 30)?,
            webhook_max_attempts: parsed("THIDUA_WEBHOOK_MAX_ATTEMPTS", 12)?,
            webhook_timeout_secs: parsed("THIDUA_WEBHOOK_TIMEOUT_SECS", 10)?,
            body_timeout_secs: parsed("THIDUA_BODY_TIMEOUT_SECS", 30)?,
            clock: match var("THIDUA_CLOCK") {
                None => Clock::System,
                Some(v) => Clock::parse(&v).map_err(anyhow::Error::msg)?,
            },
            problem_base: var("THIDUA_PROBLEM_BASE")
                .unwrap_or_else(|| crate::error::PROBLEM_BASE.to_owned()),
            public_base_url: String::new(),
            files: FileStore::from_env()?,
            file_limit: parsed("THIDUA_FILE_LIMIT", 20 * 1024 * 1024)?,
            province: var("THIDUA_PROVINCE").unwrap_or_else(|| "Hưng Yên".to_owned()),
        };
        config.public_base_url = var("THIDUA_PUBLIC_BASE_URL").map_or_else(
            || format!("http://{}", config.bind),
            |v| v.trim_end_matches('/').to_owned(),
        );
        config.check()?;
        Ok(config)
    }

    /// The rules a configuration must keep; production refuses development conveniences.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.token_ttl_secs < 60 || self.token_ttl_secs > 86_400 {
            anyhow::bail!("THIDUA_TOKEN_TTL_SECS must be between 60 and 86400");
        }
        if self.revocation_check_secs > 5 {
            anyhow::bail!("THIDUA_REVOCATION_CHECK_SECS must be at most 5");
        }
        if !(1..=60).contains(&self.webhook_timeout_secs) {
            anyhow::bail!("THIDUA_WEBHOOK_TIMEOUT_SECS must be between 1 and 60");
        }
        if !(1..=600).contains(&self.body_timeout_secs) {
            anyhow::bail!("THIDUA_BODY_TIMEOUT_SECS must be between 1 and 600");
        }
        if self.public_cache_secs > 60 {
            anyhow::bail!("THIDUA_PUBLIC_CACHE_SECS must be at most 60 (the public max-age)");
        }
        let base = &self.problem_base;
        if !(base.starts_with("https://") || base.starts_with("http://")) || !base.ends_with('/') {
            anyhow::bail!("THIDUA_PROBLEM_BASE must be an http(s) URL ending with '/'");
        }
        let public = &self.public_base_url;
        let host = public
            .strip_prefix("https://")
            .or_else(|| public.strip_prefix("http://"))
            .unwrap_or_default();
        if host.is_empty() || host.contains(char::is_whitespace) || public.contains(['"', '<', '>'])
        {
            anyhow::bail!("THIDUA_PUBLIC_BASE_URL must be an http(s) URL");
        }
        if self.file_limit == 0 {
            anyhow::bail!("THIDUA_FILE_LIMIT must be at least 1");
        }
        if let FileStore::S3(s3) = &self.files {
            let scheme_ok = s3
                .endpoint
                .as_deref()
                .is_none_or(|e| e.starts_with("https://") || e.starts_with("http://"));
            if !scheme_ok {
                anyhow::bail!("THIDUA_S3_ENDPOINT must be an http(s) URL");
            }
            if s3.access_key_id.is_some() != s3.secret_access_key.is_some() {
                anyhow::bail!(
                    "THIDUA_S3_ACCESS_KEY_ID and THIDUA_S3_SECRET_ACCESS_KEY go together"
                );
            }
        }
        if self.pool_size == 0 {
            anyhow::bail!("THIDUA_POOL_SIZE must be at least 1");
        }
        if self.mode == Mode::Production {
            if self.clock != Clock::System {
                anyhow::bail!("THIDUA_CLOCK is for development and tests; production runs on the system clock");
            }
            if self.signing_key == DEV_SIGNING_KEY {
                anyhow::bail!("THIDUA_ENV=production needs THIDUA_SIGNING_KEY (at least 32 random bytes); the development key is refused");
            }
            if self.signing_key.len() < 32 {
                anyhow::bail!("THIDUA_SIGNING_KEY must be at least 32 bytes long in production");
            }
        }
        Ok(())
    }

    /// A configuration for tests and tools: development mode on the given database.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            mode: Mode::Development,
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:0".to_owned(),
            pool_size: 8,
            workers: 2,
            signing_key: DEV_SIGNING_KEY.to_owned(),
            issuer: "thidua".to_owned(),
            audience: "thidua-api".to_owned(),
            token_ttl_secs: 900,
            revocation_check_secs: 2,
            admin_password: None,
            body_limit: 256 * 1024,
            import_limit: 32 * 1024 * 1024,
            login_max_failures: 5,
            login_ip_max_failures: 20,
            login_window_secs: 900,
            login_lockout_secs: 300,
            trust_proxy: false,
            json_logs: false,
            seed_on_empty: false,
            public_rate_limit: 600,
            api_rate_limit: 3000,
            public_cache_secs: 0,
            comment_rate_limit: 10,
            webhook_retry_secs: 30,
            webhook_max_attempts: 12,
            webhook_timeout_secs: 10,
            body_timeout_secs: 30,
            clock: Clock::System,
            problem_base: crate::error::PROBLEM_BASE.to_owned(),
            public_base_url: "http://127.0.0.1:8080".to_owned(),
            files: FileStore::Local {
                dir: "data/files".into(),
            },
            file_limit: 20 * 1024 * 1024,
            province: "Hưng Yên".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_base_url_is_an_http_url() {
        let mut c = Config::for_database("sqlite://data/thidua.db");
        assert!(c.check().is_ok());
        for bad in [
            "ftp://portal",
            "https://",
            "portal.hungyen.gov.vn",
            "https://a b",
        ] {
            c.public_base_url = bad.to_owned();
            assert!(c.check().is_err(), "{bad}");
        }
        c.public_base_url = "https://congthongtin.hungyen.gov.vn/thidua".to_owned();
        assert!(c.check().is_ok());
    }

    /// Every variable this file reads is in [`SETTINGS`], so the README (which a test checks
    /// against the list) documents it.
    #[test]
    fn every_variable_read_is_a_listed_setting() {
        let source = include_str!("config.rs");
        let code = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        let mut read = Vec::new();
        for call in ["parsed(\"", "var(\""] {
            for (i, _) in code.match_indices(call) {
                let rest = &code[i + call.len()..];
                if let Some(end) = rest.find('"') {
                    read.push(&rest[..end]);
                }
            }
        }
        assert!(read.len() > 10, "{read:?}");
        for name in read {
            assert!(
                SETTINGS.iter().any(|s| s.name == name),
                "{name} is read but not in SETTINGS"
            );
        }
    }

    #[test]
    fn production_refuses_the_development_key() {
        let mut c = Config::for_database("sqlite://x.db");
        c.mode = Mode::Production;
        assert!(c.check().is_err());
        c.signing_key = "short".into();
        assert!(c.check().is_err());
        c.signing_key = "k".repeat(48);
        assert!(c.check().is_ok());
        c.clock = Clock::Offset(chrono::TimeDelta::days(-400));
        assert!(c.check().is_err(), "production runs on the system clock");
    }
}
