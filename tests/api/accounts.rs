//! Accounts and API clients over the API: who may manage whom, passwords, rotation, and rights
//! that die at once on every instance; the sign-in throttle under a burst.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_with, Answer, Backend, TestApp, ADMIN_PASSWORD};

const GOOD_PASSWORD: &str = "Đồng chí Lý chưa về 7 giờ";

async fn create_user(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post("/api/v1/users", token, body).await
}

/// An officer of `unit` made over the API with a password; (id, token).
async fn officer(app: &TestApp, unit: &str, username: &str) -> (String, String) {
    let a = create_user(
        app,
        &app.admin_token,
        json!({"username": username, "display_name": "Nguyễn Thị Lan", "role": "unit_officer",
               "unit_id": unit, "password": GOOD_PASSWORD}),
    )
    .await
    .expect(201);
    let id = a.body["id"].as_str().unwrap().to_owned();
    (id, app.login(username, GOOD_PASSWORD).await)
}

/// A client of `unit` made over the API; (id, secret).
async fn api_client(app: &TestApp, unit: Option<&str>, scopes: Value) -> (String, String) {
    let a = app
        .post(
            "/api/v1/api-clients",
            &app.admin_token,
            json!({"name": "Phần mềm báo cáo", "unit_id": unit, "scopes": scopes}),
        )
        .await
        .expect(201);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    (
        a.body["id"].as_str().unwrap().to_owned(),
        a.body["client_secret"].as_str().unwrap().to_owned(),
    )
}

async fn client_token(app: &TestApp, id: &str, secret: &str) -> String {
    let a = app.try_client_token(id, secret).await.expect(200);
    a.body["access_token"].as_str().unwrap().to_owned()
}

both!(
    async fn an_administrator_runs_accounts_over_the_api(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let body = |password: &str| {
            json!({"username": "NguyenThiLan", "display_name": "Nguyễn Thị Lan",
                   "role": "unit_officer", "unit_id": unit, "password": password})
        };
        for weak in ["ngắn-quá", "matkhau123456", "Password12345", "nguyenthilan2025"] {
            let a = create_user(&app, &app.admin_token, body(weak)).await.problem(422, "weak_password");
            assert_eq!(a.body["errors"][0]["pointer"], "/password", "{weak}");
        }
        let a = create_user(&app, &app.admin_token, json!({"username": "x y", "display_name": "", "role": "unit_officer"}))
            .await
            .expect(422);
        assert_eq!(a.body["errors"].as_array().unwrap().len(), 3, "{}", a.text);

        let a = create_user(&app, &app.admin_token, body(GOOD_PASSWORD)).await.expect(201);
        assert_eq!(a.body["username"], "nguyenthilan");
        assert_eq!(a.body["set_password"], Value::Null);
        assert!(!a.text.contains("argon2"), "{}", a.text);
        let id = a.body["id"].as_str().unwrap().to_owned();
        create_user(&app, &app.admin_token, body(GOOD_PASSWORD)).await.problem(409, "duplicate");
        let own = app.login("nguyenthilan", GOOD_PASSWORD).await;

        // Without a password: a one-time token, shown once, sets it.
        let a = create_user(&app, &app.admin_token, json!({"username": "tranvanbinh", "display_name": "Trần Văn Bình", "role": "viewer"}))
            .await
            .expect(201);
        let token = a.body["set_password"]["token"].as_str().unwrap().to_owned();
        app.try_login("tranvanbinh", "").await.expect(401);
        let app_ref = &app;
        let set = |token: &str, password: &str| {
            let body = json!({"token": token, "password": password});
            async move { app_ref.call(Method::POST, "/api/v1/auth/password", None, Some(&body)).await }
        };
        set(&token, "123456789012").await.problem(422, "weak_password");
        set(&token, GOOD_PASSWORD).await.expect(204);
        set(&token, GOOD_PASSWORD).await.problem(400, "invalid_password_token");
        app.login("tranvanbinh", GOOD_PASSWORD).await;

        // Lists filter by role, unit, state and words of the name without diacritics.
        let names = |a: Answer| -> Vec<String> {
            a.expect(200).body["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(names(app.get("/api/v1/users?role=viewer", &app.admin_token).await), ["tranvanbinh"]);
        assert_eq!(names(app.get(&format!("/api/v1/users?unit_id={unit}"), &app.admin_token).await), ["nguyenthilan"]);
        assert_eq!(names(app.get("/api/v1/users?q=thi%20lan", &app.admin_token).await), ["nguyenthilan"]);
        assert_eq!(names(app.get("/api/v1/users?limit=1", &app.admin_token).await), ["admin"]);
        app.get("/api/v1/users", &own).await.problem(403, "role_required");

        // A change with If-Match; a stale one is refused.
        let path = format!("/api/v1/users/{id}");
        let etag = app.get(&path, &app.admin_token).await.expect(200).header("etag").unwrap().to_owned();
        let req = app.client.patch(app.url(&path)).bearer_auth(&app.admin_token).header("if-match", &etag);
        crate::helpers::read(req.json(&json!({"display_name": "Nguyễn Thị Lan (Sở Nội vụ)"})).send().await.unwrap()).await.expect(200);
        let req = app.client.patch(app.url(&path)).bearer_auth(&app.admin_token).header("if-match", &etag);
        crate::helpers::read(req.json(&json!({"display_name": "X"})).send().await.unwrap()).await.problem(412, "stale_etag");
        app.patch(&path, &app.admin_token, json!({"role": "viewer", "unit_id": unit})).await.expect(422);

        // Deactivated: no sign-in; reactivated: signs in again.
        app.post(&format!("{path}/deactivate"), &app.admin_token, json!({})).await.expect(200);
        app.post(&format!("{path}/deactivate"), &app.admin_token, json!({})).await.problem(409, "already_inactive");
        app.try_login("nguyenthilan", GOOD_PASSWORD).await.problem(401, "invalid_credentials");
        let a = app.post(&format!("{path}/reactivate"), &app.admin_token, json!({})).await.expect(200);
        assert_eq!(a.body["active"], true);
        app.login("nguyenthilan", GOOD_PASSWORD).await;

        // Every change is audited, and no secret, hash or token is in the log.
        let a = app.get("/api/v1/audit-log?entity=user&limit=200", &app.admin_token).await.expect(200);
        let actions: Vec<&str> = a.body["items"].as_array().unwrap().iter().filter(|e| e["entity_id"] == id.as_str()).map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["create", "update", "deactivate", "reactivate"] {
            assert!(actions.contains(&action), "{action} not in {actions:?}");
        }
        assert!(!a.text.contains("argon2") && !a.text.contains(&token) && !a.text.contains("password_hash"), "{}", a.text);
    }
);

both!(
    async fn nobody_grants_a_role_or_scope_they_could_not_manage(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let coordinator = app.user("coordinator", None).await;
        let officer = json!({"username": "canbo1", "display_name": "Cán bộ 1", "role": "unit_officer", "unit_id": unit, "password": GOOD_PASSWORD});
        let a = create_user(&app, &coordinator, officer).await.expect(201);
        let officer_id = a.body["id"].as_str().unwrap().to_owned();
        for role in ["admin", "coordinator", "approver"] {
            let body = json!({"username": format!("x{role}"), "display_name": "X", "role": role, "password": GOOD_PASSWORD});
            let a = create_user(&app, &coordinator, body).await.problem(403, "cannot_manage");
            assert_eq!(a.body["role"], role);
        }
        let path = format!("/api/v1/users/{officer_id}");
        app.patch(&path, &coordinator, json!({"role": "admin"})).await.problem(403, "cannot_manage");
        app.patch(&path, &coordinator, json!({"role": "reviewer"})).await.expect(200);
        app.post(&format!("{path}/deactivate"), &coordinator, json!({})).await.expect(200);
        app.post(&format!("{path}/password-reset"), &coordinator, json!({})).await.problem(403, "role_required");

        // Coordinators manage the units' clients, not a metrics reader.
        let unit_client = json!({"name": "Phần mềm", "unit_id": unit, "scopes": ["reports:write"]});
        app.post("/api/v1/api-clients", &coordinator, unit_client).await.expect(201);
        let metrics = json!({"name": "Giám sát", "scopes": ["metrics:read"]});
        app.post("/api/v1/api-clients", &coordinator, metrics.clone()).await.problem(403, "cannot_manage");
        let a = app.post("/api/v1/api-clients", &app.admin_token, metrics).await.expect(201);
        assert_eq!(a.body["unit_id"], Value::Null);
        let a = app.post("/api/v1/api-clients", &app.admin_token, json!({"name": "X", "scopes": ["reports:write"]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/unit_id");
        let viewer = app.user("viewer", None).await;
        app.post("/api/v1/api-clients", &viewer, json!({"name": "X", "unit_id": unit, "scopes": ["reports:write"]}))
            .await
            .problem(403, "role_required");

        // The last active administrator stays.
        let me = app.get("/api/v1/users/me", &app.admin_token).await.expect(200);
        let admin_path = format!("/api/v1/users/{}", me.body["id"].as_str().unwrap());
        app.post(&format!("{admin_path}/deactivate"), &app.admin_token, json!({})).await.problem(409, "last_admin");
        app.patch(&admin_path, &app.admin_token, json!({"role": "viewer"})).await.problem(409, "last_admin");
        let other = json!({"username": "quantri2", "display_name": "Quản trị 2", "role": "admin", "password": GOOD_PASSWORD});
        create_user(&app, &app.admin_token, other).await.expect(201);
        let second = app.login("quantri2", GOOD_PASSWORD).await;
        app.patch(&admin_path, &second, json!({"role": "viewer"})).await.expect(200);
    }
);

both!(
    async fn own_password_resets_and_lockouts(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let (id, token) = officer(&app, &unit, "canbo1").await;
        let me = app.get("/api/v1/users/me", &token).await.expect(200);
        assert_eq!((me.body["id"].as_str(), me.body["role"].as_str()), (Some(id.as_str()), Some("unit_officer")));
        let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
        app.post("/api/v1/users/me/password", &token, change("sai-mật-khẩu", "Một câu khác hẳn, dài và lạ")).await.problem(403, "wrong_password");
        app.post("/api/v1/users/me/password", &token, change(GOOD_PASSWORD, "qwertyuiop12")).await.problem(422, "weak_password");
        app.post("/api/v1/users/me/password", &token, change(GOOD_PASSWORD, "Một câu khác hẳn, dài và lạ")).await.expect(204);
        app.seconds_until_refused(&token).await;
        app.try_login("canbo1", GOOD_PASSWORD).await.expect(401);
        let token = app.login("canbo1", "Một câu khác hẳn, dài và lạ").await;

        // An administrator's reset: the old password and the tokens stop, a token sets a new one.
        let a = app.post(&format!("/api/v1/users/{id}/password-reset"), &app.admin_token, json!({})).await.expect(200);
        assert_eq!(a.header("cache-control"), Some("no-store"));
        let reset = a.body["token"].as_str().unwrap().to_owned();
        app.seconds_until_refused(&token).await;
        app.try_login("canbo1", "Một câu khác hẳn, dài và lạ").await.expect(401);
        app.call(Method::POST, "/api/v1/auth/password", None, Some(&json!({"token": reset, "password": GOOD_PASSWORD})))
            .await
            .expect(204);
        app.login("canbo1", GOOD_PASSWORD).await;

        // A lockout, seen on the account and lifted by an administrator.
        for _ in 0..5 {
            app.try_login("canbo1", "sai-mật-khẩu").await.expect(401);
        }
        app.try_login("canbo1", GOOD_PASSWORD).await.problem(429, "too_many_attempts");
        let a = app.get(&format!("/api/v1/users/{id}"), &app.admin_token).await.expect(200);
        assert!(a.body["locked_until"].is_string(), "{}", a.text);
        let a = app.post(&format!("/api/v1/users/{id}/unlock"), &app.admin_token, json!({})).await.expect(200);
        assert_eq!(a.body["locked_until"], Value::Null);
        app.login("canbo1", GOOD_PASSWORD).await;
        let a = app.get("/api/v1/audit-log?entity=user&action=unlock", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
    }
);

/// Every way a right is taken away, each made on one instance and felt on the other.
async fn rights_taken_away(backend: Backend) {
    let app = spawn_with(backend, |_| {}).await;
    let other = app.another_instance().await;
    let unit = app.unit("SNV", "Sở Nội vụ").await;
    let mut delays = Vec::new();
    let mut measure = |what: &'static str, secs: f64| {
        assert!(secs < 5.0, "{what}: {secs:.2} s");
        delays.push((what, secs));
    };

    let (id, token) = officer(&app, &unit, "canbo1").await;
    other.get("/api/v1/units", &token).await.expect(200);
    other
        .post(
            &format!("/api/v1/users/{id}/deactivate"),
            &other.admin_token,
            json!({}),
        )
        .await
        .expect(200);
    measure("deactivated user", app.seconds_until_refused(&token).await);

    let (id, token) = officer(&app, &unit, "canbo2").await;
    app.get("/api/v1/units", &token).await.expect(200);
    other
        .patch(
            &format!("/api/v1/users/{id}"),
            &other.admin_token,
            json!({"role": "viewer"}),
        )
        .await
        .expect(200);
    measure("changed role", app.seconds_until_refused(&token).await);

    let second_unit = app.unit("STC", "Sở Tài chính").await;
    let (id, token) = officer(&app, &unit, "canbo3").await;
    app.get("/api/v1/units", &token).await.expect(200);
    other
        .patch(
            &format!("/api/v1/users/{id}"),
            &other.admin_token,
            json!({"unit_id": second_unit}),
        )
        .await
        .expect(200);
    measure("changed unit", app.seconds_until_refused(&token).await);

    let (id, token) = officer(&app, &unit, "canbo4").await;
    app.get("/api/v1/units", &token).await.expect(200);
    other
        .post(
            &format!("/api/v1/users/{id}/password-reset"),
            &other.admin_token,
            json!({}),
        )
        .await
        .expect(200);
    measure("reset password", app.seconds_until_refused(&token).await);

    let (client, secret) =
        api_client(&app, Some(&unit), json!(["reports:write", "reports:read"])).await;
    let token = client_token(&app, &client, &secret).await;
    app.get("/api/v1/units", &token).await.expect(200);
    other
        .patch(
            &format!("/api/v1/api-clients/{client}"),
            &other.admin_token,
            json!({"scopes": ["reports:write"]}),
        )
        .await
        .expect(200);
    measure(
        "client scopes changed",
        app.seconds_until_refused(&token).await,
    );
    let token = client_token(&app, &client, &secret).await;
    other
        .post(
            &format!("/api/v1/api-clients/{client}/deactivate"),
            &other.admin_token,
            json!({}),
        )
        .await
        .expect(200);
    measure(
        "deactivated client",
        app.seconds_until_refused(&token).await,
    );
    app.try_client_token(&client, &secret).await.expect(401);

    let (_, token) = officer(&app, &second_unit, "canbo5").await;
    let (client, secret) = api_client(&app, Some(&second_unit), json!(["reports:write"])).await;
    let client_tok = client_token(&app, &client, &secret).await;
    app.get("/api/v1/units", &token).await.expect(200);
    other
        .post(
            &format!("/api/v1/units/{second_unit}/deactivate"),
            &other.admin_token,
            json!({}),
        )
        .await
        .expect(200);
    measure(
        "deactivated unit (officer)",
        app.seconds_until_refused(&token).await,
    );
    measure(
        "deactivated unit (client)",
        app.seconds_until_refused(&client_tok).await,
    );
    app.try_login("canbo5", GOOD_PASSWORD)
        .await
        .problem(401, "invalid_credentials");

    let (_, token) = officer(&app, &unit, "canbo6").await;
    other.get("/api/v1/units", &token).await.expect(200);
    app.call(Method::POST, "/api/v1/auth/logout", Some(&token), None)
        .await
        .expect(204);
    measure("logout", other.seconds_until_refused(&token).await);

    eprintln!("revocation delays through two instances ({backend:?}): {delays:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_right_taken_away_is_gone_on_every_instance_sqlite() {
    rights_taken_away(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_right_taken_away_is_gone_on_every_instance_postgres() {
    if crate::helpers::postgres_available() {
        rights_taken_away(Backend::Postgres).await;
    }
}

both!(
    async fn a_rotated_secret_works_for_its_grace_period_only(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let (client, old) = api_client(&app, Some(&unit), json!(["reports:write"])).await;
        let old_token = client_token(&app, &client, &old).await;
        let path = format!("/api/v1/api-clients/{client}/rotate");
        app.post(&path, &app.admin_token, json!({"grace_period_secs": 604_801})).await.expect(422);
        let a = app.post(&path, &app.admin_token, json!({"grace_period_secs": 3})).await.expect(200);
        let new = a.body["client_secret"].as_str().unwrap().to_owned();
        assert_eq!(a.body["secret_version"], 2);
        assert!(a.body["previous_secret_expires_at"].is_string());
        // Within the grace period both secrets and the old token work.
        let during = client_token(&app, &client, &old).await;
        client_token(&app, &client, &new).await;
        app.get("/api/v1/units", &old_token).await.expect(200);
        let waited = app.seconds_until_refused(&during).await;
        assert!(waited > 1.0, "the old secret's token died after {waited:.2} s");
        app.get("/api/v1/units", &old_token).await.problem(401, "invalid_token");
        app.try_client_token(&client, &old).await.expect(401);
        let new_token = client_token(&app, &client, &new).await;
        app.get("/api/v1/units", &new_token).await.expect(200);
        // No grace: the old secret stops at once.
        let a = app.post(&path, &app.admin_token, json!({"grace_period_secs": 0})).await.expect(200);
        assert_eq!(a.body["previous_secret_expires_at"], Value::Null);
        app.try_client_token(&client, &new).await.expect(401);
        app.seconds_until_refused(&new_token).await;
        let a = app.get(&format!("/api/v1/api-clients/{client}"), &app.admin_token).await.expect(200);
        assert!(!a.text.contains("secret\""), "{}", a.text);
        let a = app.get("/api/v1/audit-log?entity=api_client", &app.admin_token).await.expect(200);
        assert!(!a.text.contains(&old) && !a.text.contains(&new) && !a.text.contains("hash"), "{}", a.text);
    }
);

both!(
    async fn a_metrics_reader_belongs_to_no_unit(app) {
        let (client, secret) = api_client(&app, None, json!(["metrics:read"])).await;
        let a = app.try_client_token(&client, &secret).await.expect(200);
        assert_eq!(a.body["scope"], "metrics:read");
        // It reads the metrics, not the register.
        let token = a.body["access_token"].as_str().unwrap().to_owned();
        for path in ["/api/v1/movements", "/api/v1/documents", "/api/v1/holidays"] {
            app.get(path, &token).await.problem(403, "missing_scope");
        }
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let a = app.post("/api/v1/api-clients", &app.admin_token, json!({"name": "X", "unit_id": unit, "scopes": ["metrics:read", "reports:read"]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scopes");
        let a = app.get("/api/v1/api-clients?limit=10", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"][0]["scopes"], json!(["metrics:read"]));
    }
);

/// Answers to `n` concurrent sign-ins (or token requests) spread over two instances, each
/// from its own address.
async fn burst(
    app: &TestApp,
    other: &TestApp,
    n: usize,
    send: impl Fn(&TestApp, usize) -> reqwest::RequestBuilder,
) -> Vec<Answer> {
    let mut tasks = Vec::new();
    for i in 0..n {
        let target = if i % 2 == 0 { app } else { other };
        let req = send(target, i).header("x-forwarded-for", format!("198.51.100.{}", i + 1));
        tasks.push(tokio::spawn(async move {
            crate::helpers::read(req.send().await.unwrap()).await
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

fn count(answers: &[Answer], status: u16) -> usize {
    answers
        .iter()
        .filter(|a| a.status.as_u16() == status)
        .count()
}

async fn a_burst_gets_no_more_than_the_limit(backend: Backend) {
    let app = spawn_with(backend, |c| c.trust_proxy = true).await;
    let other = app.another_instance().await;
    let answers = burst(&app, &other, 40, |t, _| {
        t.client
            .post(t.url("/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": "sai-mật-khẩu"}))
    })
    .await;
    let (refused, locked) = (count(&answers, 401), count(&answers, 429));
    assert!(
        refused <= 5 && refused + locked == 40,
        "401: {refused}, 429: {locked}"
    );
    for a in answers.iter().filter(|a| a.status.as_u16() == 429) {
        assert!(a
            .header("retry-after")
            .is_some_and(|r| r.parse::<i64>().unwrap() > 0));
    }
    app.try_login("admin", ADMIN_PASSWORD)
        .await
        .problem(429, "too_many_attempts");
    other
        .try_login("admin", ADMIN_PASSWORD)
        .await
        .problem(429, "too_many_attempts");

    // The token endpoint: the same limit, and only RFC 6749 answers (never a 409 or a table).
    let unit = app.unit("SNV", "Sở Nội vụ").await;
    let (client, _) = app.api_client(&unit, "reports:write").await;
    let answers = burst(&app, &other, 40, |t, i| {
        let form = [
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", client.clone()),
            ("client_secret", format!("sai-{i}")),
        ];
        t.client.post(t.url("/api/v1/auth/token")).form(&form)
    })
    .await;
    let (token_refused, token_locked) = (count(&answers, 401), count(&answers, 429));
    assert!(
        token_refused <= 5 && token_refused + token_locked == 40,
        "401: {token_refused}, 429: {token_locked}"
    );
    for a in &answers {
        let error = a.body["error"].as_str().unwrap_or_default();
        assert!(
            ["invalid_client", "temporarily_unavailable"].contains(&error),
            "{}",
            a.text
        );
        assert!(
            !a.text.contains("auth_throttle") && !a.text.contains("pkey"),
            "{}",
            a.text
        );
    }
    eprintln!("burst of 40 through two instances ({backend:?}): sign-in {refused}×401 {locked}×429; token {token_refused}×401 {token_locked}×429");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_passwords_gets_no_more_than_the_limit_sqlite() {
    a_burst_gets_no_more_than_the_limit(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_passwords_gets_no_more_than_the_limit_postgres() {
    if crate::helpers::postgres_available() {
        a_burst_gets_no_more_than_the_limit(Backend::Postgres).await;
    }
}
