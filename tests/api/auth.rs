//! Sign-in, client credentials, tokens and the throttle.

use base64::Engine;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_with, Backend, ADMIN_PASSWORD};

fn claims(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

both!(
    async fn a_login_returns_a_short_lived_bearer_token_with_the_callers_role(app) {
        let a = app.try_login("admin", ADMIN_PASSWORD).await.expect(200);
        assert_eq!(a.body["token_type"], "Bearer");
        assert_eq!(a.body["expires_in"], 900);
        assert_eq!(a.header("cache-control"), Some("no-store"));
        let c = claims(a.body["access_token"].as_str().unwrap());
        assert_eq!(c["iss"], "thidua");
        assert_eq!(c["aud"], "thidua-api");
        assert_eq!(c["role"], "admin");
        assert!(c["sub"].is_string() && c["exp"].as_i64().unwrap() - c["nbf"].as_i64().unwrap() == 900);
    }
);

both!(
    async fn a_wrong_password_and_an_unknown_user_look_the_same(app) {
        let wrong = app.try_login("admin", "sai-mật-khẩu").await.problem(401, "invalid_credentials");
        let unknown = app.try_login("nobody", "sai-mật-khẩu").await.problem(401, "invalid_credentials");
        assert_eq!(wrong.body["detail"], unknown.body["detail"]);
        assert_eq!(wrong.body["detail"], "Sai tên đăng nhập hoặc mật khẩu.");
    }
);

both!(
    async fn protected_routes_need_a_valid_token(app) {
        let a = app.call(Method::GET, "/api/v1/units", None, None).await.problem(401, "missing_token");
        assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));
        app.call(Method::GET, "/api/v1/units", Some("not.a.token"), None).await.problem(401, "invalid_token");
        let forged = {
            let mut parts: Vec<String> = app.admin_token.split('.').map(str::to_owned).collect();
            let mut c = claims(&app.admin_token);
            c["role"] = json!("admin");
            c["sub"] = json!("someone-else");
            parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(c.to_string());
            parts.join(".")
        };
        app.call(Method::GET, "/api/v1/units", Some(&forged), None).await.problem(401, "invalid_token");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_throttled_across_instances_sqlite() {
    throttled_across_instances(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_throttled_across_instances_postgres() {
    if crate::helpers::postgres_available() {
        throttled_across_instances(Backend::Postgres).await;
    }
}

async fn throttled_across_instances(backend: Backend) {
    let app = spawn_with(backend, |c| {
        c.login_max_failures = 3;
        c.login_lockout_secs = 120;
    })
    .await;
    let other = app.another_instance().await;
    app.try_login("admin", "sai-1").await.expect(401);
    other.try_login("admin", "sai-2").await.expect(401);
    app.try_login("admin", "sai-3").await.expect(401);
    // The account is locked on both instances now, even with the right password.
    let a = other
        .try_login("admin", ADMIN_PASSWORD)
        .await
        .problem(429, "too_many_attempts");
    let retry: i64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((100..=121).contains(&retry), "{retry}");
    app.try_login("admin", ADMIN_PASSWORD).await.expect(429);
}

both!(
    async fn unit_software_gets_a_token_with_client_credentials(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let (id, secret) = app.api_client(&unit, "reports:write reports:read").await;

        let res = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", &id), ("client_secret", &secret), ("scope", "reports:write")])
            .send()
            .await
            .unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_eq!(a.body["token_type"], "Bearer");
        assert_eq!(a.body["scope"], "reports:write");
        let c = claims(a.body["access_token"].as_str().unwrap());
        assert_eq!(c["unit"], unit.as_str());
        assert_eq!(c["scopes"], json!(["reports:write"]));
        assert_eq!(c["sub"], id.as_str());

        // HTTP Basic works too (RFC 6749 §2.3.1).
        let res = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .basic_auth(&id, Some(&secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_eq!(a.body["scope"], "reports:write reports:read");
    }
);

both!(
    async fn token_errors_speak_oauth2(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let (id, secret) = app.api_client(&unit, "reports:write").await;
        let post = |form: Vec<(&'static str, String)>| {
            let req = app.client.post(app.url("/api/v1/auth/token")).form(&form);
            async move { crate::helpers::read(req.send().await.unwrap()).await }
        };
        let a = post(vec![("grant_type", "client_credentials".into()), ("client_id", id.clone()), ("client_secret", "sai".into())]).await;
        assert_eq!(a.status.as_u16(), 401);
        assert_eq!(a.body["error"], "invalid_client");
        assert!(a.header("www-authenticate").is_some());
        let a = post(vec![("grant_type", "password".into()), ("client_id", id.clone()), ("client_secret", secret.clone())]).await;
        assert_eq!((a.status.as_u16(), a.body["error"].as_str()), (400, Some("unsupported_grant_type")));
        let a = post(vec![("grant_type", "client_credentials".into()), ("client_id", id.clone()), ("client_secret", secret.clone()), ("scope", "reports:read".into())]).await;
        assert_eq!((a.status.as_u16(), a.body["error"].as_str()), (400, Some("invalid_scope")));
        let a = post(vec![("client_id", id.clone())]).await;
        assert_eq!((a.status.as_u16(), a.body["error"].as_str()), (400, Some("invalid_request")));
        assert_eq!(a.header("content-type"), Some("application/problem+json"));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_refuses_conveniences() {
    // No printed password in production: without THIDUA_ADMIN_PASSWORD nobody is created.
    let db = std::sync::Arc::new(crate::helpers::TestDb::new(Backend::Sqlite));
    let mut config = crate::helpers::test_config(&db);
    config.mode = thidua::config::Mode::Production;
    config.admin_password = None;
    config.signing_key = "k".repeat(48);
    let app = thidua::Application::build(config.clone()).await.unwrap();
    let port = app.port();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let res = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    handle.stop(false).await;
    config.signing_key = thidua::config::DEV_SIGNING_KEY.to_owned();
    assert!(config.check().is_err());
}
