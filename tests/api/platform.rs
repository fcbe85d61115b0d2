//! The foundation's promises: two schemas that agree, real causes for bad database settings,
//! problem details for every error, the spec, operations endpoints, the audit log.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestDb};
use thidua::store::{self, Db};

#[test]
fn both_schemas_have_the_same_tables_and_columns() {
    if !crate::helpers::postgres_available() {
        return;
    }
    let columns = |backend| {
        let tdb = TestDb::new(backend);
        let db = Db::connect(&tdb.url, 1).unwrap();
        db.migrate().unwrap();
        let mut conn = db.get().unwrap();
        store::columns(&mut conn).unwrap()
    };
    let sqlite = columns(Backend::Sqlite);
    let postgres = columns(Backend::Postgres);
    assert!(sqlite.len() > 20, "{sqlite:?}");
    assert_eq!(sqlite, postgres);
}

#[test]
fn a_wrong_database_fails_with_the_real_cause() {
    if crate::helpers::postgres_available() {
        let base = crate::helpers::postgres_admin_url();
        let root = base.rsplit_once('/').unwrap().0;
        let err = Db::connect(&format!("{root}/no_such_database_here"), 1)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("no_such_database_here") && err.contains("does not exist"),
            "{err}"
        );
    }
    let err = Db::connect("sqlite:///proc/no/such/folder/x.db", 1)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("sqlite"), "{err}");
    let err = Db::connect("mysql://localhost/x", 1)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("neither postgres"), "{err}");
}

both!(
    async fn errors_are_problem_details_in_the_callers_language(app) {
        let a = app.call(Method::GET, "/api/v1/nothing-here", None, None).await.expect(404);
        assert_eq!(a.header("content-type"), Some("application/problem+json"));
        assert_eq!(a.body["type"], "https://thidua.hungyen.gov.vn/problems/not-found");
        assert_eq!(a.body["title"], "Không tìm thấy");
        assert_eq!(a.body["instance"], "/api/v1/nothing-here");

        let a = app.call(Method::DELETE, "/api/v1/units", Some(&app.admin_token), None).await.expect(405);
        assert_eq!(a.header("allow"), Some("GET, POST"));
        assert_eq!(a.header("content-type"), Some("application/problem+json"));

        let res = app
            .client
            .post(app.url("/api/v1/units"))
            .bearer_auth(&app.admin_token)
            .header("content-type", "application/json")
            .header("accept-language", "en-GB,en;q=0.9")
            .body("{\"code\": ")
            .send()
            .await
            .unwrap();
        let a = crate::helpers::read(res).await.problem(400, "malformed_body");
        assert_eq!(a.body["title"], "Bad request");
        assert_eq!(a.header("content-language"), Some("en"));

        let huge = "x".repeat(300 * 1024);
        let a = app.post("/api/v1/units", &app.admin_token, json!({"code": "X", "name": huge, "kind": "other"})).await.expect(413);
        assert_eq!(a.header("content-type"), Some("application/problem+json"));

        let res = app
            .client
            .post(app.url("/api/v1/units"))
            .bearer_auth(&app.admin_token)
            .header("content-type", "text/plain")
            .body("hello")
            .send()
            .await
            .unwrap();
        crate::helpers::read(res).await.expect(415);

        let a = app.post("/api/v1/units", &app.admin_token, json!({"code": "", "name": " ", "kind": "department", "website": "ftp://x"})).await.expect(422);
        let pointers: Vec<&str> = a.body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert_eq!(pointers, ["/code", "/name", "/website"]);
        assert!(a.body["request_id"].is_string());

        let a = app.get("/api/v1/units?limit=0", &app.admin_token).await.expect(400);
        assert_eq!(a.body["errors"][0]["parameter"], "limit");
        app.get("/api/v1/units?kind=planet", &app.admin_token).await.problem(400, "malformed_query");
        app.get("/api/v1/units?cursor=%21%21", &app.admin_token).await.expect(400);
    }
);

both!(
    async fn the_request_id_is_echoed_and_logged(app) {
        let res = app.client.get(app.url("/healthz")).header("x-request-id", "yeu-cau-42").send().await.unwrap();
        assert_eq!(res.headers()["x-request-id"], "yeu-cau-42");
        let res = app.client.get(app.url("/healthz")).header("x-request-id", "bad id with spaces").send().await.unwrap();
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36);
    }
);

both!(
    async fn operations_endpoints_answer(app) {
        let a = app.call(Method::GET, "/healthz", None, None).await.expect(200);
        assert_eq!(a.body["status"], "ok");
        let a = app.call(Method::GET, "/readyz", None, None).await.expect(200);
        assert_eq!(a.body["database"], if app.db.backend == Backend::Sqlite { "sqlite" } else { "postgres" });
        app.get("/api/v1/units", &app.admin_token).await.expect(200);
        let a = app.call(Method::GET, "/metrics", None, None).await.expect(200);
        assert!(a.text.contains("thidua_http_requests_total{method=\"GET\",route=\"/api/v1/units\",status=\"200\"}"), "{}", a.text);
        assert!(a.text.contains("thidua_http_request_duration_seconds_bucket"));
        assert!(a.text.contains("thidua_db_pool_connections"));
        let a = app.call(Method::GET, "/docs/", None, None).await.expect(200);
        assert!(a.text.contains("swagger-ui"), "{}", &a.text[..a.text.len().min(300)]);
        assert!(!a.text.contains("cdn."), "Swagger UI must be served from the binary");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_when_the_database_is_gone() {
    if !crate::helpers::postgres_available() {
        return;
    }
    let app = crate::helpers::spawn(Backend::Postgres).await;
    let name = app.db.url.rsplit('/').next().unwrap().to_owned();
    let admin = Db::connect(&crate::helpers::postgres_admin_url(), 1).unwrap();
    tokio::task::spawn_blocking(move || {
        use diesel::connection::SimpleConnection;
        admin
            .get()
            .unwrap()
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
    })
    .await
    .unwrap();
    let a = app
        .call(Method::GET, "/readyz", None, None)
        .await
        .expect(503);
    assert_eq!(a.header("content-type"), Some("application/problem+json"));
    app.call(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
}

/// Sends SIGCONT to the stopped PostgreSQL backends when dropped, whatever happened.
struct Resume(Vec<String>);

impl Drop for Resume {
    fn drop(&mut self) {
        for pid in &self.0 {
            let _ = std::process::Command::new("kill")
                .args(["-CONT", pid])
                .status();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_answers_within_a_second_when_the_database_hangs() {
    if !crate::helpers::postgres_available() {
        return;
    }
    let app = crate::helpers::spawn(Backend::Postgres).await;
    app.call(Method::GET, "/readyz", None, None)
        .await
        .expect(200);
    // The database hangs: the server processes behind this database's connections stop
    // (SIGSTOP) without closing them; they go on at the end (SIGCONT).
    let name = app.db.url.rsplit('/').next().unwrap().to_owned();
    let out = std::process::Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-Atc",
        ])
        .arg(format!(
            "SELECT pid FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .output()
        .expect("psql runs");
    let pids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    assert!(!pids.is_empty(), "the service holds connections to {name}");
    let resume = Resume(pids.clone());
    for pid in &pids {
        let stopped = std::process::Command::new("kill")
            .args(["-STOP", pid])
            .status()
            .expect("kill runs");
        assert!(
            stopped.success(),
            "cannot stop PostgreSQL backend {pid} (run the tests as its owner or root)"
        );
    }
    let started = std::time::Instant::now();
    let answer = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        app.call(Method::GET, "/readyz", None, None),
    )
    .await
    .expect("/readyz answers while the database hangs");
    let waited = started.elapsed().as_secs_f64();
    answer.problem(503, "database_unavailable");
    assert!(waited < 1.0, "/readyz took {waited:.2} s");
    eprintln!("/readyz answered 503 in {waited:.3} s while the database hung");
    app.call(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
    drop(resume);
}

both!(
    async fn the_served_spec_is_the_committed_spec(app) {
        let a = app.call(Method::GET, "/openapi.json", None, None).await.expect(200);
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap()).unwrap();
        assert!(a.body == committed, "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`");
        assert!(a.body["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(a.body["components"]["securitySchemes"]["bearer"].is_object());
    }
);

both!(
    async fn every_write_is_in_the_audit_log_with_its_request(app) {
        let res = app
            .client
            .post(app.url("/api/v1/units"))
            .bearer_auth(&app.admin_token)
            .header("x-request-id", "tao-don-vi-1")
            .json(&json!({"code": "SNV", "name": "Sở Nội vụ", "kind": "department"}))
            .send()
            .await
            .unwrap();
        let unit = crate::helpers::read(res).await.expect(201).body;
        let id = unit["id"].as_str().unwrap();
        app.patch(&format!("/api/v1/units/{id}"), &app.admin_token, json!({"phone": "0221 3862 123"})).await.expect(200);

        let a = app.get(&format!("/api/v1/audit-log?entity=unit&entity_id={id}"), &app.admin_token).await.expect(200);
        let items = a.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["action"], "update");
        assert_eq!(items[0]["before"]["phone"], serde_json::Value::Null);
        assert_eq!(items[0]["after"]["phone"], "0221 3862 123");
        assert_eq!(items[1]["action"], "create");
        assert_eq!(items[1]["request_id"], "tao-don-vi-1");
        assert_eq!(items[1]["actor_type"], "user");

        let viewer = app.user("viewer", None).await;
        app.get("/api/v1/audit-log", &viewer).await.problem(403, "role_required");
    }
);

both!(
    async fn busy_writers_through_two_instances_never_see_a_server_error(app) {
        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for i in 0..24 {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let client = app.client.clone();
            let token = app.admin_token.clone();
            tasks.push(tokio::spawn(async move {
                client
                    .post(format!("{target}/api/v1/units"))
                    .bearer_auth(token)
                    .json(&json!({"code": format!("DV{i}"), "name": format!("Đơn vị {i}"), "kind": "commune"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 201);
        }
        let a = app.get("/api/v1/units?limit=200", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 24);
    }
);

#[test]
fn the_readme_documents_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for setting in thidua::config::SETTINGS {
        assert!(
            readme.contains(&format!("| `{}` |", setting.name)),
            "README lacks {}",
            setting.name
        );
    }
}

/// Runs the real binary with `env`, returns it once it answers on `port` (or exits).
fn start_binary(env: &[(&str, String)]) -> std::process::Child {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("THIDUA_ENV")
        .env_remove("LOG_FORMAT")
        .env_remove("RUST_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_binary_logs_json_with_request_ids_and_stops_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = start_binary(&[
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        ),
        ("THIDUA_BIND", format!("127.0.0.1:{port}")),
        ("LOG_FORMAT", "json".to_owned()),
        ("THIDUA_ADMIN_PASSWORD", "mật-khẩu-thử-nghiệm".to_owned()),
    ]);
    let mut answered = false;
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-Id: log-test-7\r\nConnection: close\r\n\r\n").unwrap();
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            answered = out.starts_with("HTTP/1.1 200");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(answered, "the service answered /readyz");
    // SIGTERM: actix finishes in-flight requests and exits cleanly.
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "graceful exit: {:?}",
        output.status
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert!(!lines.is_empty(), "JSON log lines: {stderr}");
    let request_line = lines.iter().find(|l| l.to_string().contains("log-test-7"));
    assert!(
        request_line.is_some(),
        "the request's line carries its id: {stderr}"
    );
    assert!(
        request_line.unwrap()["span"]["request_id"] == "log-test-7"
            || request_line.unwrap()["request_id"] == "log-test-7",
        "{stderr}"
    );
}

#[test]
fn the_binary_refuses_a_wrong_database_with_its_cause() {
    if !crate::helpers::postgres_available() {
        return;
    }
    let base = crate::helpers::postgres_admin_url();
    let root = base.rsplit_once('/').unwrap().0.to_owned();
    let child = start_binary(&[
        ("DATABASE_URL", format!("{root}/thidua_no_such_db")),
        ("THIDUA_BIND", format!("127.0.0.1:{}", free_port())),
    ]);
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("thidua_no_such_db") && stderr.contains("does not exist"),
        "{stderr}"
    );
}

#[test]
fn production_refuses_to_start_with_the_development_key() {
    let dir = tempfile::tempdir().unwrap();
    let child = start_binary(&[
        ("THIDUA_ENV", "production".to_owned()),
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        ),
        ("THIDUA_BIND", format!("127.0.0.1:{}", free_port())),
    ]);
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("THIDUA_SIGNING_KEY"));
}

async fn answers_carry_secure_defaults_and_production_metrics_need_their_scope(backend: Backend) {
    let app = crate::helpers::spawn_with(backend, crate::helpers::production).await;
    // Every answer: nosniff. Public answers keep their own caching.
    let a = app
        .call(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    let a = app
        .call(Method::GET, "/public/v1/exemplary-models", None, None)
        .await
        .expect(200);
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(a.header("cache-control"), Some("public, max-age=60"));
    // Answers to a request with credentials are not stored, errors included.
    let unit = app.unit("SNV", "Sở Nội vụ").await;
    let a = app
        .get(&format!("/api/v1/units/{unit}"), &app.admin_token)
        .await
        .expect(200);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    let a = app
        .get("/api/v1/units/khong-co", &app.admin_token)
        .await
        .expect(404);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));

    // In production /metrics needs a token with metrics:read.
    app.call(Method::GET, "/metrics", None, None)
        .await
        .problem(401, "missing_token");
    let a = app
        .get("/metrics", &app.admin_token)
        .await
        .problem(403, "missing_scope");
    assert_eq!(a.body["required_scope"], "metrics:read");
    let mut tokens = Vec::new();
    for (unit, scopes) in [
        (None, json!(["metrics:read"])),
        (Some(&unit), json!(["reports:write", "reports:read"])),
    ] {
        let a = app
            .post(
                "/api/v1/api-clients",
                &app.admin_token,
                json!({"name": "Giám sát", "unit_id": unit, "scopes": scopes}),
            )
            .await
            .expect(201);
        let (id, secret) = (
            a.body["id"].as_str().unwrap(),
            a.body["client_secret"].as_str().unwrap(),
        );
        let t = app.try_client_token(id, secret).await.expect(200);
        tokens.push(t.body["access_token"].as_str().unwrap().to_owned());
    }
    let a = app.get("/metrics", &tokens[0]).await.expect(200);
    assert!(a.text.contains("thidua_http_requests_total"), "{}", a.text);
    app.get("/metrics", &tokens[1])
        .await
        .problem(403, "missing_scope");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_carry_secure_defaults_and_production_metrics_need_their_scope_sqlite() {
    answers_carry_secure_defaults_and_production_metrics_need_their_scope(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_carry_secure_defaults_and_production_metrics_need_their_scope_postgres() {
    if crate::helpers::postgres_available() {
        answers_carry_secure_defaults_and_production_metrics_need_their_scope(Backend::Postgres)
            .await;
    }
}

/// The network point of the body deadline, on the real server: the head, then the body one
/// byte a second. actix's own client timeout covers only the head.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_one_byte_a_second_is_cut_off_at_its_deadline() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = crate::helpers::spawn_with(Backend::Sqlite, |c| c.body_timeout_secs = 2).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let body = r#"{"username": "admin", "password": "not the password"}"#;
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let trickle = tokio::spawn(async move {
        for b in body.bytes() {
            if writer.write_all(&[b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), reader.read_to_end(&mut answer)).await;
    let elapsed = started.elapsed();
    trickle.abort();
    assert!(read.is_ok(), "the connection stayed open 20 s");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("body_timeout"), "{text}");
    assert!(
        elapsed < Duration::from_secs(3),
        "cut off after {elapsed:?}, past the 2 s deadline + 1 s"
    );
    // A body that arrives in time is read as ever.
    app.try_login("admin", "not the password").await.expect(401);
}
