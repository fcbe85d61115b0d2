//! A fresh service over a fresh database for every test, on SQLite or PostgreSQL, driven over
//! real HTTP. `TestApp::another_instance` starts a second service over the same database, so
//! that rules about concurrency are proven across instances.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use thidua::config::{Config, FileStore, S3Store};
use thidua::store::{self, Db};

pub const ADMIN_PASSWORD: &str = "mật-khẩu-quản-trị-thử";
pub const USER_PASSWORD: &str = "mật-khẩu-người-dùng";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once on SQLite and once on PostgreSQL, as `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! both {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::helpers::spawn($crate::helpers::Backend::Sqlite).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::helpers::postgres_available() {
                    return;
                }
                let $app = $crate::helpers::spawn($crate::helpers::Backend::Postgres).await;
                $body
            }
        }
    };
}

/// Where a test's instances keep uploaded files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Local,
    S3,
}

/// Runs a test body on each database and each file store: `<name>::sqlite_local`,
/// `sqlite_s3`, `postgres_local` and `postgres_s3`. The body gets the app and may change its
/// configuration first through `spawn_on`.
#[macro_export]
macro_rules! stores {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident, $store:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::{Backend, Store};

            async fn run($backend: Backend, $store: Store) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_local() {
                run(Backend::Sqlite, Store::Local).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_s3() {
                if $crate::helpers::s3_available() {
                    run(Backend::Sqlite, Store::S3).await
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres_local() {
                if $crate::helpers::postgres_available() {
                    run(Backend::Postgres, Store::Local).await
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres_s3() {
                if $crate::helpers::postgres_available() && $crate::helpers::s3_available() {
                    run(Backend::Postgres, Store::S3).await
                }
            }
        }
    };
}

/// The S3-compatible server the S3 half of the file tests runs against (`.ci/run` starts
/// `moto_server` on loopback and sets it), with a bucket the tests create.
pub fn s3_url() -> Option<String> {
    std::env::var("THIDUA_TEST_S3_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(|u| u.trim_end_matches('/').to_owned())
}

/// The bucket the tests share; each test keeps its files under a prefix of its own.
pub const S3_BUCKET: &str = "thidua-test";

/// Whether the S3 half of the file tests runs: `THIDUA_TEST_S3_URL` unset skips it loudly, or
/// fails it when `THIDUA_REQUIRE_S3=1` (as CI sets it).
pub fn s3_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let required = std::env::var("THIDUA_REQUIRE_S3").is_ok_and(|v| v == "1" || v == "true");
        match s3_url() {
            Some(_) => true,
            None if required => {
                panic!("THIDUA_REQUIRE_S3 is set but THIDUA_TEST_S3_URL is not")
            }
            None => {
                eprintln!(
                    "WARNING: THIDUA_TEST_S3_URL is not set; the S3 file-store tests are SKIPPED"
                );
                false
            }
        }
    })
}

/// Starts a service on `backend` keeping its files in `store`, with a changed configuration.
pub async fn spawn_on(backend: Backend, store: Store, change: impl FnOnce(&mut Config)) -> TestApp {
    let db = Arc::new(TestDb::new(backend));
    let mut config = test_config(&db);
    if store == Store::S3 {
        let url = s3_url().expect("THIDUA_TEST_S3_URL");
        // Creating the bucket again is harmless: the server answers that it is already there.
        reqwest::Client::new()
            .put(format!("{url}/{S3_BUCKET}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("the S3 server at {url} is unreachable: {e}"));
        config.files = FileStore::S3(S3Store {
            endpoint: Some(url),
            bucket: S3_BUCKET.to_owned(),
            region: "us-east-1".to_owned(),
            access_key_id: Some("thidua-test".to_owned()),
            secret_access_key: Some("thidua-test-secret".to_owned()),
            path_style: true,
            prefix: Some(format!("t-{}", uuid::Uuid::new_v4().simple())),
        });
    }
    change(&mut config);
    start(db, config).await
}

/// The server PostgreSQL tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("THIDUA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn postgres_required() -> bool {
    std::env::var("THIDUA_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// Whether PostgreSQL tests run. Unreachable PostgreSQL skips them loudly, or fails them when
/// `THIDUA_REQUIRE_POSTGRES=1` (as CI sets it).
pub fn postgres_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let reachable = Db::connect(&postgres_admin_url(), 1);
        match reachable {
            Ok(_) => true,
            Err(e) if postgres_required() => {
                panic!("THIDUA_REQUIRE_POSTGRES is set but PostgreSQL is unreachable: {e}")
            }
            Err(e) => {
                eprintln!("WARNING: PostgreSQL unreachable ({e}); PostgreSQL tests are SKIPPED");
                false
            }
        }
    })
}

/// A database that lives as long as the test: a SQLite file in a temporary folder, or a
/// PostgreSQL database of its own, dropped at the end.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    /// The local file store of the test's instances.
    pub files: tempfile::TempDir,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}", dir.path().join("thidua.db").display());
                TestDb {
                    url,
                    backend,
                    files: tempfile::tempdir().expect("temporary folder"),
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("thidua_test_{}", uuid::Uuid::new_v4().simple());
                admin_sql(&format!("CREATE DATABASE {name}"));
                let base = postgres_admin_url();
                let root = base
                    .rsplit_once('/')
                    .map_or(base.as_str(), |(root, _)| root)
                    .to_owned();
                TestDb {
                    url: format!("{root}/{name}"),
                    backend,
                    files: tempfile::tempdir().expect("temporary folder"),
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

fn admin_sql(sql: &str) {
    use diesel::connection::SimpleConnection;
    let db = Db::connect(&postgres_admin_url(), 1).expect("PostgreSQL admin connection");
    let mut conn = db.get().expect("connection");
    conn.batch_execute(sql).expect(sql);
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = std::thread::spawn(move || admin_sql(&sql)).join();
        }
    }
}

/// A running service.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Arc<TestDb>,
    pub config: Config,
    pub admin_token: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        drop(handle.stop(false));
    }
}

/// An answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Answer {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected answer: {}",
            self.text
        );
        self
    }

    /// Asserts a problem-details answer with this status and `code`.
    #[track_caller]
    pub fn problem(self, status: u16, code: &str) -> Answer {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected answer: {}",
            self.text
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(
            self.body["code"].as_str(),
            Some(code),
            "unexpected problem: {}",
            self.text
        );
        self
    }
}

/// A spec path with each parameter filled with `value`; a templated segment keeps the literal
/// it ends with (`{kind}.xlsx` → `value.xlsx`).
pub fn filled(path: &str, value: &str) -> String {
    path.split('/')
        .map(
            |s| match s.strip_prefix('{').and_then(|t| t.split_once('}')) {
                Some((_, suffix)) => format!("{value}{suffix}"),
                None => s.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

pub fn test_config(db: &TestDb) -> Config {
    let mut config = Config::for_database(&db.url);
    config.files = FileStore::Local {
        dir: db.files.path().to_owned(),
    };
    config.admin_password = Some(ADMIN_PASSWORD.to_owned());
    config.pool_size = 4;
    // Behind the province's portal, as in production (the Atom feed's links use it).
    config.public_base_url = "https://congthongtin.hungyen.gov.vn/thidua".to_owned();
    config
}

pub async fn spawn(backend: Backend) -> TestApp {
    let db = Arc::new(TestDb::new(backend));
    let config = test_config(&db);
    start(db, config).await
}
/// Production settings for [`spawn_with`]: strict mode with a real signing key.
pub fn production(c: &mut Config) {
    c.mode = thidua::config::Mode::Production;
    c.signing_key = "a-production-signing-key-of-enough-length-0123456789".to_owned();
}

/// Starts a service with a changed configuration on a fresh database.
pub async fn spawn_with(backend: Backend, change: impl FnOnce(&mut Config)) -> TestApp {
    let db = Arc::new(TestDb::new(backend));
    let mut config = test_config(&db);
    change(&mut config);
    start(db, config).await
}

async fn start(db: Arc<TestDb>, config: Config) -> TestApp {
    let app = thidua::Application::build(config.clone())
        .await
        .expect("the service starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let mut app = TestApp {
        address,
        client,
        db,
        config,
        admin_token: String::new(),
        handle,
    };
    app.admin_token = app.login("admin", ADMIN_PASSWORD).await;
    app
}

impl TestApp {
    /// A second service over the same database, as behind a load balancer.
    pub async fn another_instance(&self) -> TestApp {
        start(self.db.clone(), self.config.clone()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Sends a request; `token` and `body` are optional.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        read(req.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    /// Posts a file as the raw body, with its media type.
    pub async fn post_file(
        &self,
        path: &str,
        token: &str,
        bytes: Vec<u8>,
        media_type: &str,
    ) -> Answer {
        let req = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", media_type)
            .body(bytes);
        read(req.send().await.expect("request sent")).await
    }

    /// Gets the raw bytes of an answer (a file), asserting 200.
    pub async fn get_bytes(&self, path: &str, token: &str) -> Vec<u8> {
        let (status, _, bytes) = self.get_raw(path, token).await;
        assert_eq!(status, 200, "{path}");
        bytes
    }

    /// A GET answered with bytes (a file): its status, headers and body, whatever the status.
    pub async fn get_raw(
        &self,
        path: &str,
        token: &str,
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let res = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent");
        let (status, headers) = (res.status().as_u16(), res.headers().clone());
        (status, headers, res.bytes().await.expect("body").to_vec())
    }

    /// Signs in and returns the access token; panics when it fails.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let a = self.try_login(username, password).await.expect(200);
        a.body["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Answer {
        let body = json!({"username": username, "password": password});
        self.call(Method::POST, "/api/v1/auth/login", None, Some(&body))
            .await
    }

    /// Creates an account directly in the database and signs it in.
    pub async fn user(&self, role: &str, unit: Option<&str>) -> String {
        let username = format!("{role}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let (url, pool) = (self.db.url.clone(), 1);
        let (name, role_s, unit_s) = (username.clone(), role.to_owned(), unit.map(str::to_owned));
        tokio::task::spawn_blocking(move || {
            let db = Db::connect(&url, pool).expect("db");
            let mut conn = db.get().expect("conn");
            let hash = thidua::auth::hash_password(USER_PASSWORD).expect("hash");
            let role = thidua::domain::access::Role::parse(&role_s).expect("a known role");
            let at = store::now();
            let row = store::auth::UserRow {
                id: store::new_id(),
                username: name.clone(),
                display_name: name.clone(),
                password_hash: hash,
                role,
                unit_id: unit_s,
                active: true,
                created_at: at,
                updated_at: at,
                search_text: name,
                token_generation: 1,
                password_token_hash: None,
                password_token_expires_at: None,
                version: 1,
            };
            store::auth::insert_user(&mut conn, &row).expect("user");
        })
        .await
        .expect("user created");
        self.login(&username, USER_PASSWORD).await
    }

    /// Creates an API client for a unit directly in the database; returns (id, secret).
    pub async fn api_client(&self, unit: &str, scopes: &str) -> (String, String) {
        let url = self.db.url.clone();
        let (unit, scopes) = (unit.to_owned(), scopes.to_owned());
        tokio::task::spawn_blocking(move || {
            let db = Db::connect(&url, 1).expect("db");
            let mut conn = db.get().expect("conn");
            let secret = thidua::auth::new_secret();
            let scopes = thidua::domain::access::Scope::parse_list(&scopes).expect("known scopes");
            let at = store::now();
            let row = store::auth::ClientRow {
                id: store::new_id(),
                name: "Phần mềm báo cáo".to_owned(),
                secret_hash: thidua::auth::hash_secret(&secret),
                unit_id: Some(unit),
                scopes: thidua::domain::access::ScopeSet::new(scopes),
                active: true,
                created_at: at,
                updated_at: at,
                secret_version: 1,
                previous_secret_hash: None,
                previous_secret_expires_at: None,
                token_generation: 1,
                version: 1,
            };
            store::auth::insert_client(&mut conn, &row).expect("client");
            (row.id, secret)
        })
        .await
        .expect("client created")
    }

    /// Asks the token endpoint for a client-credentials token.
    pub async fn try_client_token(&self, id: &str, secret: &str) -> Answer {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ];
        let res = self.client.post(self.url("/api/v1/auth/token")).form(&form);
        read(res.send().await.expect("request sent")).await
    }

    /// Runs SQL straight on the test's database, behind the service's back.
    pub async fn execute_sql(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        let (url, sql) = (self.db.url.clone(), sql.to_owned());
        tokio::task::spawn_blocking(move || {
            let db = Db::connect(&url, 1).expect("db");
            let mut conn = db.get().expect("conn");
            conn.batch_execute(&sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        })
        .await
        .expect("SQL run");
    }

    /// The SQL that reverts every migration from `first` (a directory name's prefix, such as
    /// `2026-12-07-000032`) on, newest first, as if the register had never run them.
    pub fn downs_from(&self, first: &str) -> String {
        let dir = match self.db.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        let mut later: Vec<String> = std::fs::read_dir(format!("migrations/{dir}"))
            .expect("migrations")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.as_str() >= first)
            .collect();
        later.sort();
        later.reverse();
        later
            .iter()
            .map(|name| {
                let version = name[..17].replace('-', "");
                let sql = std::fs::read_to_string(format!("migrations/{dir}/{name}/down.sql"))
                    .expect("down.sql");
                format!(
                    "{sql}\nDELETE FROM __diesel_schema_migrations WHERE version = '{version}';\n"
                )
            })
            .collect()
    }

    /// Runs the pending migrations, as the service does at start.
    pub async fn migrate(&self) {
        let url = self.db.url.clone();
        tokio::task::spawn_blocking(move || {
            Db::connect(&url, 1)
                .expect("db")
                .migrate()
                .expect("migrates")
        })
        .await
        .expect("migrated");
    }

    /// Loads the letter's data into the test's database, as the service does on an empty
    /// register at start.
    pub async fn seed(&self) {
        let url = self.db.url.clone();
        tokio::task::spawn_blocking(move || {
            thidua::seed_if_empty(&Db::connect(&url, 1).expect("db"))
        })
        .await
        .expect("seeded")
        .expect("the seed loads");
    }

    /// Seconds until `token` stops working (at most 10): instances learn of ended tokens
    /// within their standing interval.
    pub async fn seconds_until_refused(&self, token: &str) -> f64 {
        let start = std::time::Instant::now();
        loop {
            let a = self.get("/api/v1/units?limit=1", token).await;
            if a.status.as_u16() == 401 {
                assert_eq!(a.body["code"], "invalid_token", "{}", a.text);
                return start.elapsed().as_secs_f64();
            }
            assert_eq!(a.status.as_u16(), 200, "{}", a.text);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "the token still works after 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// A movement by its code, as the movement list answers it.
    pub async fn movement_by_code(&self, code: &str) -> Value {
        let a = self
            .get("/api/v1/movements?limit=200", &self.admin_token)
            .await
            .expect(200);
        a.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|m| m["code"] == code)
            .unwrap_or_else(|| panic!("no movement {code}: {}", a.text))
            .clone()
    }

    /// Creates a unit as admin and returns its id.
    pub async fn unit(&self, code: &str, name: &str) -> String {
        let a = self
            .post(
                "/api/v1/units",
                &self.admin_token,
                json!({"code": code, "name": name, "kind": "department"}),
            )
            .await
            .expect(201);
        a.body["id"].as_str().expect("id").to_owned()
    }
}

pub async fn read(res: reqwest::Response) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        text,
    }
}
