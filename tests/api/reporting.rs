//! The reporting regime: submissions safe to retry with an `Idempotency-Key` (also across
//! instances), each unit for itself, revisions, acceptance, locked and expired periods, and
//! compliance computed from who was expected on the due date.

use chrono::{Datelike, Months, NaiveDate, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{read, Answer, TestApp};

/// Every submission's content must have these two counts.
fn schema() -> Value {
    json!({
        "type": "object",
        "required": ["so_phong_trao", "so_dien_hinh"],
        "properties": {
            "so_phong_trao": {"type": "integer", "minimum": 0},
            "so_dien_hinh": {"type": "integer", "minimum": 0},
            "ghi_chu": {"type": "string"}
        },
        "additionalProperties": false
    })
}

fn content(n: i64) -> Value {
    json!({"so_phong_trao": 3, "so_dien_hinh": n, "ghi_chu": "Đã tuyên truyền trên Cổng thông tin của đơn vị."})
}

/// Today on the province's calendar (UTC+7, no daylight saving).
fn today_local() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The month `back` months before the current one, as a period code (`2026M09`).
fn month_code(back: u32) -> String {
    let first = today_local().with_day(1).unwrap();
    let d = first.checked_sub_months(Months::new(back)).unwrap();
    format!("{}M{:02}", d.year(), d.month())
}

fn id_of(a: &Answer) -> String {
    a.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", a.text))
        .to_owned()
}

/// Adds a report type as admin: `extra` is merged into a quarterly type for `units`.
async fn report_type(app: &TestApp, code: &str, extra: Value) -> String {
    let mut body = json!({
        "code": code, "title": "Báo cáo công tác thi đua, khen thưởng", "period_type": "quarter",
        "content_schema": schema(), "due_days": 5, "grace_days": 30, "audience": "units", "unit_ids": []
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let a = app
        .post("/api/v1/report-types", &app.admin_token, body)
        .await
        .expect(201);
    id_of(&a)
}

/// POSTs a submission with an idempotency key (`None`: no header).
async fn submit_to(
    app: &TestApp,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: &Value,
) -> Answer {
    let mut req = app.client.post(app.url(path)).bearer_auth(token).json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    read(req.send().await.unwrap()).await
}

async fn submit(app: &TestApp, token: &str, key: &str, body: &Value) -> Answer {
    submit_to(app, "/api/v1/reports", token, Some(key), body).await
}

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The access token of a new API client of `unit` with `scopes`.
async fn client_token(app: &TestApp, unit: &str, scopes: &str) -> String {
    let (id, secret) = app.api_client(unit, scopes).await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .send()
        .await
        .unwrap();
    let a = read(res).await.expect(200);
    a.body["access_token"].as_str().unwrap().to_owned()
}

/// Every report revision the token may list (one page is enough here).
async fn reports(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let a = app
        .get(&format!("/api/v1/reports?limit=200{query}"), token)
        .await
        .expect(200);
    a.body["items"].as_array().unwrap().clone()
}

both!(
    async fn replays_create_nothing_and_a_reused_key_is_refused(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "unit_ids": [unit]})).await;
        let period = month_code(0);
        let body = json!({"report_type_id": t, "period": period, "content": content(12)});

        // A dry run validates and stores nothing, and needs a key like any submission.
        submit_to(&app, "/api/v1/reports?dry_run=true", &officer, None, &body)
            .await
            .problem(400, "idempotency_key_required");
        let dry_key = new_key();
        let a = submit_to(&app, "/api/v1/reports?dry_run=true", &officer, Some(&dry_key), &body).await.expect(200);
        assert_eq!(a.body["stored"], false, "{}", a.text);
        assert!(a.body["report_id"].is_null(), "{}", a.text);
        assert_eq!(a.body["revision"], 1);
        assert_eq!(a.body["unit_id"], unit.as_str());
        assert!(reports(&app, &officer, "").await.is_empty());

        submit_to(&app, "/api/v1/reports", &officer, None, &body)
            .await
            .problem(400, "idempotency_key_required");
        let key = new_key();
        let first = submit(&app, &officer, &key, &body).await.expect(201);
        assert!(first.header("idempotent-replayed").is_none());
        assert_eq!(first.body["stored"], true);
        assert_eq!(first.body["revision"], 1);
        assert_eq!(first.body["period"], period.as_str());
        assert_eq!(first.body["unit_id"], unit.as_str());
        assert_eq!(first.body["report_type_id"], t.as_str());
        assert_eq!(first.body["on_time"], true, "the due date is still ahead");
        assert_eq!(first.body["content_sha256"].as_str().unwrap().len(), 64);
        let report_id = first.body["report_id"].as_str().unwrap().to_owned();

        for _ in 0..3 {
            let again = submit(&app, &officer, &key, &body).await.expect(201);
            assert_eq!(again.header("idempotent-replayed"), Some("true"));
            assert_eq!(again.text, first.text, "a replay answers the very same body");
        }
        // The same body with its members in another order is the same request.
        let reordered = format!(
            r#"{{"content": {{"ghi_chu": "Đã tuyên truyền trên Cổng thông tin của đơn vị.", "so_dien_hinh": 12, "so_phong_trao": 3}}, "period": "{period}", "report_type_id": "{t}"}}"#
        );
        let res = app.client.post(app.url("/api/v1/reports")).bearer_auth(&officer)
            .header("Idempotency-Key", &key).header("content-type", "application/json")
            .body(reordered).send().await.unwrap();
        let again = read(res).await.expect(201);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.text, first.text);

        let listed = reports(&app, &officer, "").await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0]["id"], report_id.as_str());
        assert_eq!(listed[0]["content"], content(12));
        assert_eq!(listed[0]["content_sha256"], first.body["content_sha256"]);
        // The receipt shows the time as stored, to the microsecond on both databases.
        assert_eq!(listed[0]["submitted_at"], first.body["submitted_at"]);

        // The same key for another body: refused, and still nothing new.
        let other = json!({"report_type_id": t, "period": period, "content": content(13)});
        let reused = submit(&app, &officer, &key, &other).await;
        assert_eq!(reused.body["code"], "idempotency_key_reused", "{}", reused.text);
        assert_eq!(reports(&app, &officer, "").await.len(), 1);
        // A dry run with the used key changes nothing either.
        submit_to(&app, "/api/v1/reports?dry_run=true", &officer, Some(&key), &other).await.expect(200);
        assert_eq!(reports(&app, &officer, "").await.len(), 1);
        // The key of the dry run was never claimed: a real submission may use it.
        let a = submit(&app, &officer, &dry_key, &body).await.expect(201);
        assert!(a.header("idempotent-replayed").is_none());
        assert_eq!(a.body["revision"], 2);
        assert_eq!(reports(&app, &officer, "").await.len(), 2);
        // Documented as 422 (see `submit` in src/api/reports.rs), checked last.
        reused.problem(422, "idempotency_key_reused");
    }
);

both!(
    async fn concurrent_replays_across_instances_create_one_report(app) {
        let other = app.another_instance().await;
        let unit = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "unit_ids": [unit]})).await;
        let body = json!({"report_type_id": t, "period": month_code(0), "content": content(7)});
        let key = new_key();

        let mut tasks = Vec::new();
        for i in 0..12 {
            let base = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, key, body) = (app.client.clone(), officer.clone(), key.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                let res = client.post(format!("{base}/api/v1/reports")).bearer_auth(token)
                    .header("Idempotency-Key", key).json(&body).send().await.unwrap();
                read(res).await
            }));
        }
        let mut created = Vec::new();
        let mut first = 0;
        for task in tasks {
            let a = task.await.unwrap();
            match a.status.as_u16() {
                201 => {
                    if a.header("idempotent-replayed").is_none() {
                        first += 1;
                    }
                    created.push(a.body["report_id"].as_str().unwrap().to_owned());
                }
                409 => assert_eq!(a.body["code"], "idempotency_in_progress", "{}", a.text),
                _ => panic!("unexpected answer {}: {}", a.status, a.text),
            }
        }
        assert_eq!(first, 1, "exactly one request is answered as the first");
        assert!(created.iter().all(|id| *id == created[0]), "{created:?}");
        // Whatever was in progress then is settled now: a replay returns the one report.
        let a = submit(&other, &officer, &key, &body).await.expect(201);
        assert_eq!(a.header("idempotent-replayed"), Some("true"));
        let listed = reports(&app, &officer, "").await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(a.body["report_id"], listed[0]["id"]);
        if let Some(id) = created.first() {
            assert_eq!(listed[0]["id"], id.as_str());
        }
        assert_eq!(listed[0]["revision"], 1);
    }
);

both!(
    async fn a_unit_submits_and_reads_only_its_own_reports(app) {
        let a_unit = app.unit("SNV", "Sở Nội vụ").await;
        let b_unit = app.unit("STC", "Sở Tài chính").await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "unit_ids": [a_unit, b_unit]})).await;
        let officer_a = app.user("unit_officer", Some(&a_unit)).await;
        let officer_b = app.user("unit_officer", Some(&b_unit)).await;
        let client_a = client_token(&app, &a_unit, "reports:write reports:read").await;
        let client_b = client_token(&app, &b_unit, "reports:write").await;
        let reader_b = client_token(&app, &b_unit, "reports:read").await;
        let coordinator = app.user("coordinator", None).await;
        let period = month_code(0);
        let body = json!({"report_type_id": t, "period": period, "content": content(1)});

        // Submissions name no unit: the caller's own is used, and naming one is refused.
        let mine = submit(&app, &officer_a, &new_key(), &body).await.expect(201);
        assert_eq!(mine.body["unit_id"], a_unit.as_str());
        let mut for_b = body.clone();
        for_b["unit_id"] = json!(b_unit);
        let a = submit(&app, &officer_a, &new_key(), &for_b)
            .await
            .problem(400, "malformed_body");
        assert_eq!(a.body["errors"][0]["pointer"], "/unit_id", "{}", a.text);
        let by_client = submit(&app, &client_a, &new_key(), &body).await.expect(201);
        assert_eq!(by_client.body["unit_id"], a_unit.as_str());
        assert_eq!(by_client.body["revision"], 2, "the unit's software revises the officer's report");
        let theirs = submit(&app, &client_b, &new_key(), &body).await.expect(201);
        assert_eq!(theirs.body["unit_id"], b_unit.as_str());
        assert_eq!(theirs.body["revision"], 1);
        let theirs_id = theirs.body["report_id"].as_str().unwrap().to_owned();

        // Neither the council nor a client without reports:write submits.
        submit(&app, &coordinator, &new_key(), &body).await.problem(403, "role_required");
        submit(&app, &app.admin_token, &new_key(), &body).await.problem(403, "role_required");
        submit(&app, &reader_b, &new_key(), &body).await.problem(403, "missing_scope");

        // Reading: each unit its own, the coordinator all.
        for token in [&officer_a, &client_a] {
            let own = reports(&app, token, "").await;
            assert_eq!(own.len(), 2);
            assert!(own.iter().all(|r| r["unit_id"] == a_unit.as_str()));
            app.get(&format!("/api/v1/reports?unit_id={b_unit}"), token).await.problem(403, "other_unit");
            app.get(&format!("/api/v1/reports/{theirs_id}"), token).await.problem(403, "other_unit");
        }
        let a = app.get(&format!("/api/v1/reports/{theirs_id}"), &officer_b).await.expect(200);
        assert_eq!(a.body["content"], content(1));
        let mine_id = mine.body["report_id"].as_str().unwrap();
        app.get(&format!("/api/v1/reports/{mine_id}"), &reader_b).await.problem(403, "other_unit");
        assert_eq!(reports(&app, &reader_b, "").await.len(), 1);
        assert_eq!(reports(&app, &coordinator, "").await.len(), 3);
        assert_eq!(reports(&app, &coordinator, &format!("&unit_id={b_unit}")).await.len(), 1);
        app.get(&format!("/api/v1/reports/{mine_id}"), &coordinator).await.expect(200);
        app.get("/api/v1/reports/no-such-report", &coordinator).await.expect(404);
    }
);

both!(
    async fn a_coordinator_of_a_unit_still_reads_every_units_reports(app) {
        let a_unit = app.unit("SNV", "Sở Nội vụ").await;
        let b_unit = app.unit("STC", "Sở Tài chính").await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "unit_ids": [a_unit, b_unit]})).await;
        let officer_b = app.user("unit_officer", Some(&b_unit)).await;
        let body = json!({"report_type_id": t, "period": month_code(0), "content": content(1)});
        let theirs = submit(&app, &officer_b, &new_key(), &body).await.expect(201);
        // The Ban Thi đua-Khen thưởng staff belong to a unit, yet coordinate for all.
        let coordinator = app.user("coordinator", Some(&a_unit)).await;
        let id = theirs.body["report_id"].as_str().unwrap();
        app.get(&format!("/api/v1/reports/{id}"), &coordinator).await.expect(200);
        assert_eq!(reports(&app, &coordinator, "").await.len(), 1, "a coordinator lists every unit's reports");
        assert_eq!(reports(&app, &coordinator, &format!("&unit_id={b_unit}")).await.len(), 1);
    }
);

both!(
    async fn revisions_acceptance_locks_expiry_and_validation(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let coordinator = app.user("coordinator", None).await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "unit_ids": [unit]})).await;
        let period = month_code(0);
        let body = |n: i64| json!({"report_type_id": t, "period": period, "content": content(n)});

        // Revisions: each new key is a new revision, the latest is accepted.
        let r1 = submit(&app, &officer, &new_key(), &body(1)).await.expect(201);
        let r2 = submit(&app, &officer, &new_key(), &body(2)).await.expect(201);
        assert_eq!((r1.body["revision"].as_i64(), r2.body["revision"].as_i64()), (Some(1), Some(2)));
        assert_ne!(r1.body["content_sha256"], r2.body["content_sha256"]);
        let (id1, id2) = (r1.body["report_id"].as_str().unwrap(), r2.body["report_id"].as_str().unwrap());
        app.post(&format!("/api/v1/reports/{id2}/accept"), &officer, json!({})).await.expect(403);
        app.post(&format!("/api/v1/reports/{id1}/accept"), &coordinator, json!({})).await.problem(409, "not_latest");
        let a = app.post(&format!("/api/v1/reports/{id2}/accept"), &coordinator, json!({})).await.expect(200);
        assert!(a.body["accepted_at"].is_string(), "{}", a.text);
        submit(&app, &officer, &new_key(), &body(3)).await.problem(409, "accepted");
        assert_eq!(reports(&app, &officer, "").await.len(), 2);

        // A locked period takes nothing more.
        let last = month_code(1);
        let locked = json!({"report_type_id": t, "period": last, "content": content(4)});
        app.post(&format!("/api/v1/report-types/{t}/periods/{last}/lock"), &officer, json!({})).await.expect(403);
        app.call(Method::POST, &format!("/api/v1/report-types/{t}/periods/{last}/lock"), Some(&coordinator), None)
            .await.expect(204);
        submit(&app, &officer, &new_key(), &locked).await.problem(409, "period_locked");
        app.call(Method::POST, &format!("/api/v1/report-types/{t}/periods/2025-07/lock"), Some(&coordinator), None)
            .await.problem(400, "invalid_period");

        // Past its last day (due + grace) a period is expired.
        let q = report_type(&app, "BC-QUY", json!({"due_days": 5, "grace_days": 0, "unit_ids": [unit]})).await;
        let old = json!({"report_type_id": q, "period": "2020Q1", "content": content(1)});
        submit(&app, &officer, &new_key(), &old).await.problem(409, "expired");
        submit_to(&app, "/api/v1/reports?dry_run=true", &officer, Some(&new_key()), &old).await.problem(409, "expired");

        // Periods: a malformed one, or one of another kind, shows the accepted forms.
        for bad in ["2025-07", "2025Q3", "2025M13", "Q3/2025"] {
            let b = json!({"report_type_id": t, "period": bad, "content": content(1)});
            let a = submit(&app, &officer, &new_key(), &b).await;
            assert_eq!(a.body["code"], "invalid_period", "{bad}: {}", a.text);
            // A 400 either way, with a pointer into the body.
            assert_eq!(a.status.as_u16(), 400, "{bad}: {}", a.text);
            assert_eq!(a.body["errors"][0]["pointer"], "/period", "{}", a.text);
            assert!(a.body["accepted_forms"].as_str().unwrap().contains("2025M07"), "{}", a.text);
        }
        let b = json!({"report_type_id": q, "period": "2025M07", "content": content(1)});
        let a = submit(&app, &officer, &new_key(), &b).await;
        assert_eq!(a.body["code"], "invalid_period", "{}", a.text);
        assert_eq!(a.body["errors"][0]["pointer"], "/period", "{}", a.text);
        let a = app.get(&format!("/api/v1/reporting/compliance?type={t}&period=2025-07"), &coordinator).await.problem(400, "invalid_period");
        assert!(a.body["accepted_forms"].is_string(), "{}", a.text);

        // Content against the type's schema: each error points into the body.
        let bad = json!({"report_type_id": t, "period": month_code(2), "content": {"so_phong_trao": "ba", "so_dien_hinh": -1, "them": 1}});
        let key = new_key();
        let a = submit(&app, &officer, &key, &bad).await.expect(422);
        let pointers: Vec<&str> = a.body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert!(pointers.contains(&"/content/so_dien_hinh"), "{}", a.text);
        assert!(pointers.contains(&"/content/so_phong_trao"), "{}", a.text);
        assert!(pointers.contains(&"/content"), "additionalProperties: {}", a.text);
        let missing = json!({"report_type_id": t, "period": month_code(2), "content": {"so_phong_trao": 1}});
        submit(&app, &officer, &new_key(), &missing).await.expect(422);
        // The key of the refused submission is free again for the corrected one.
        let good = json!({"report_type_id": t, "period": month_code(2), "content": content(5)});
        let a = submit(&app, &officer, &key, &good).await.expect(201);
        assert!(a.header("idempotent-replayed").is_none());
        let unknown = json!({"report_type_id": "no-such-type", "period": period, "content": content(1)});
        let a = submit(&app, &officer, &new_key(), &unknown).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/report_type_id", "{}", a.text);

        // Report types: their schema must be a JSON Schema; codes are unique.
        for bad in [json!({"type": "nope"}), json!("object"), json!({"minimum": "zero"})] {
            let a = app.post("/api/v1/report-types", &coordinator, json!({"code": "BC-X", "title": "X", "period_type": "year",
                "content_schema": bad, "due_days": 5, "audience": "units", "unit_ids": [unit]})).await.expect(422);
            assert_eq!(a.body["errors"][0]["pointer"], "/content_schema", "{}", a.text);
        }
        app.post("/api/v1/report-types", &officer, json!({"code": "BC-Y", "title": "Y", "period_type": "year",
            "content_schema": schema(), "due_days": 5, "audience": "units", "unit_ids": [unit]})).await.expect(403);
        app.post("/api/v1/report-types", &coordinator, json!({"code": "BC-THANG", "title": "Y", "period_type": "year",
            "content_schema": schema(), "due_days": 5, "audience": "units", "unit_ids": [unit]})).await.problem(409, "duplicate");
        let a = app.post("/api/v1/report-types", &coordinator, json!({"code": "BC-Z", "title": "Z", "period_type": "year",
            "content_schema": schema(), "due_days": 5, "audience": "units", "unit_ids": ["no-such-unit"]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/unit_ids", "{}", a.text);
        let a = app.get(&format!("/api/v1/report-types/{t}"), &officer).await.expect(200);
        assert_eq!(a.body["grace_days"], 30);
        assert_eq!(a.body["content_schema"], schema());
    }
);

both!(
    async fn compliance_counts_who_was_expected_on_the_due_date(app) {
        let on_time = app.unit("SNV", "Sở Nội vụ").await;
        let missing = app.unit("STC", "Sở Tài chính").await;
        let merged = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let later = app.post("/api/v1/units", &app.admin_token,
            json!({"code": "SMOI", "name": "Sở mới thành lập", "kind": "department", "valid_from": "2099-01-01"})).await.expect(201);
        let later = id_of(&later);
        let officer = app.user("unit_officer", Some(&on_time)).await;
        let officer_missing = app.user("unit_officer", Some(&missing)).await;
        let coordinator = app.user("coordinator", None).await;
        // The merger took effect long before any due date here.
        app.post(&format!("/api/v1/units/{merged}/deactivate"), &app.admin_token,
            json!({"valid_to": "2025-02-28", "successor_id": missing})).await.expect(200);
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 90, "grace_days": 365,
            "unit_ids": [on_time, missing, merged, later]})).await;

        // This month is due in 90 days past the 14th: a report now is on time.
        let now = month_code(0);
        submit(&app, &officer, &new_key(), &json!({"report_type_id": t, "period": now, "content": content(1)})).await.expect(201);
        let a = app.get(&format!("/api/v1/reporting/compliance?type={t}&period={now}"), &coordinator).await.expect(200);
        let c = a.body;
        assert_eq!(c["period"], now.as_str());
        assert_eq!(c["locked"], false);
        assert!(c["due_date"].as_str().unwrap() > today_local().to_string().as_str(), "{c}");
        assert_eq!((c["expected"].as_i64(), c["on_time"].as_i64(), c["late"].as_i64(), c["missing"].as_i64()),
            (Some(2), Some(1), Some(0), Some(1)), "{c}");
        assert_eq!(c["on_time_rate"].as_f64(), Some(0.5), "{c}");
        assert_eq!(c["submitted_rate"].as_f64(), Some(0.5), "{c}");
        let units = c["units"].as_array().unwrap();
        let status_of = |units: &[Value], id: &str| units.iter().find(|u| u["unit_id"] == id).map(|u| (u["status"].as_str().unwrap().to_owned(), u["revisions"].as_i64().unwrap()));
        assert_eq!(status_of(units, &on_time), Some(("on_time".to_owned(), 1)), "{c}");
        assert_eq!(status_of(units, &missing), Some(("missing".to_owned(), 0)), "{c}");
        assert_eq!(status_of(units, &merged), None, "a unit merged away before the due date is not expected: {c}");
        assert_eq!(status_of(units, &later), None, "a unit founded after the due date is not expected: {c}");
        assert_eq!(units.len(), 2);
        assert!(c["by_group"].as_array().unwrap().is_empty(), "{c}");
        // The type may be named by its code.
        let a = app.get(&format!("/api/v1/reporting/compliance?type=BC-THANG&period={now}"), &coordinator).await.expect(200);
        assert_eq!(a.body["expected"], 2);
        assert_eq!(a.body["report_type_id"], t.as_str());

        // Five months ago was due about two months ago, and is still open for a year: late.
        let past = month_code(5);
        let late_body = |n| json!({"report_type_id": t, "period": past, "content": content(n)});
        let a = submit(&app, &officer, &new_key(), &late_body(1)).await.expect(201);
        assert_eq!(a.body["on_time"], false, "{}", a.text);
        submit(&app, &officer_missing, &new_key(), &late_body(1)).await.expect(201);
        submit(&app, &officer_missing, &new_key(), &late_body(2)).await.expect(201);
        let a = app.get(&format!("/api/v1/reporting/compliance?type={t}&period={past}"), &coordinator).await.expect(200);
        let c = a.body;
        assert!(c["due_date"].as_str().unwrap() < today_local().to_string().as_str(), "{c}");
        assert!(c["last_day"].as_str().unwrap() > today_local().to_string().as_str(), "{c}");
        assert_eq!((c["expected"].as_i64(), c["on_time"].as_i64(), c["late"].as_i64(), c["missing"].as_i64()),
            (Some(2), Some(0), Some(2), Some(0)), "{c}");
        assert_eq!(c["on_time_rate"].as_f64(), Some(0.0), "{c}");
        assert_eq!(c["submitted_rate"].as_f64(), Some(1.0), "{c}");
        let units = c["units"].as_array().unwrap();
        assert_eq!(status_of(units, &on_time), Some(("late".to_owned(), 1)), "{c}");
        assert_eq!(status_of(units, &missing), Some(("late".to_owned(), 2)), "{c}");

        // Locking shows in the answer; a unit's officer reads its own unit's line only.
        app.call(Method::POST, &format!("/api/v1/report-types/{t}/periods/{past}/lock"), Some(&coordinator), None).await.expect(204);
        let a = app.get(&format!("/api/v1/reporting/compliance?type={t}&period={past}"), &coordinator).await.expect(200);
        assert_eq!(a.body["locked"], true);
        let own = app.get(&format!("/api/v1/reporting/compliance?type={t}&period={past}"), &officer).await.expect(200);
        let units: Vec<&str> = own.body["units"].as_array().unwrap().iter().map(|u| u["unit_id"].as_str().unwrap()).collect();
        assert_eq!(units, [on_time.as_str()], "{}", own.text);
        app.get(&format!("/api/v1/reporting/compliance?type=NO-SUCH&period={past}"), &coordinator).await.expect(400);
    }
);

both!(
    async fn compliance_per_group_and_movement_and_the_list_to_remind(app) {
        let reported = app.unit("SNV", "Sở Nội vụ").await;
        let silent = app.unit("STC", "Sở Tài chính").await;
        let lead = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let officer = app.user("unit_officer", Some(&reported)).await;
        let coordinator = app.user("coordinator", None).await;
        let period = month_code(0);
        let year: i32 = period[..4].parse().unwrap();
        let g = app.post("/api/v1/emulation-groups", &app.admin_token, json!({
            "kind": "block", "name": "Khối các cơ quan tham mưu tổng hợp", "year": year, "chair_unit_id": reported, "member_unit_ids": [silent]
        })).await.expect(201);
        let group = id_of(&g);
        let doc = app.post("/api/v1/documents", &app.admin_token, json!({"number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": lead, "title": "Kế hoạch"})).await.expect(201);
        let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "lead_unit_id": lead, "basis_document_id": doc.body["id"], "phase_from": 2021, "phase_to": 2030})).await.expect(201);
        let movement = id_of(&m);
        // The silent unit takes part in the movement through its own plan of this year.
        app.post(&format!("/api/v1/movements/{movement}/plans"), &coordinator, json!({
            "kind": "unit_annual", "unit_id": silent, "year": year, "title": "Kế hoạch của Sở Tài chính", "due_on": format!("{year}-03-31")
        })).await.expect(201);
        let t = report_type(&app, "BC-KHOI", json!({"period_type": "month", "due_days": 90, "audience": "groups"})).await;
        submit(&app, &officer, &new_key(), &json!({"report_type_id": t, "period": period, "content": content(2)})).await.expect(201);
        // A unit outside the type's audience is not asked: its report would count nowhere.
        let lead_officer = app.user("unit_officer", Some(&lead)).await;
        submit(&app, &lead_officer, &new_key(), &json!({"report_type_id": t, "period": period, "content": content(2)})).await.problem(422, "not_requested");

        let url = |q: &str| format!("/api/v1/reporting/compliance?type={t}&period={period}{q}");
        let c = app.get(&url(""), &coordinator).await.expect(200).body;
        assert_eq!((c["expected"].as_i64(), c["on_time"].as_i64(), c["missing"].as_i64()), (Some(2), Some(1), Some(1)), "{c}");
        let groups = c["by_group"].as_array().unwrap();
        assert_eq!(groups.len(), 1, "{c}");
        assert_eq!((groups[0]["group_id"].as_str(), groups[0]["expected"].as_i64(), groups[0]["missing"].as_i64()), (Some(group.as_str()), Some(2), Some(1)));
        // The lead unit is in no group, so this type does not expect it; the movement's tally
        // counts the expected units taking part in it.
        let movements = c["by_movement"].as_array().unwrap();
        assert_eq!(movements.len(), 1, "{c}");
        assert_eq!((movements[0]["movement_id"].as_str(), movements[0]["expected"].as_i64(), movements[0]["missing"].as_i64()),
            (Some(movement.as_str()), Some(1), Some(1)), "{c}");
        assert_eq!(movements[0]["name"], "Vì người nghèo-Không để ai bị bỏ lại phía sau");

        let c = app.get(&url(&format!("&movement={movement}")), &coordinator).await.expect(200).body;
        let units: Vec<&str> = c["units"].as_array().unwrap().iter().map(|u| u["unit_id"].as_str().unwrap()).collect();
        assert_eq!(units, [silent.as_str()], "{c}");
        assert_eq!(c["units"][0]["movement_ids"], json!([movement]));
        // The list to remind is one call away; the tallies still count everyone expected.
        let c = app.get(&url("&status=missing"), &coordinator).await.expect(200).body;
        let units: Vec<&str> = c["units"].as_array().unwrap().iter().map(|u| u["unit_id"].as_str().unwrap()).collect();
        assert_eq!(units, [silent.as_str()], "{c}");
        assert_eq!(c["expected"], 2);
        let c = app.get(&url(&format!("&group={group}&status=on_time")), &coordinator).await.expect(200).body;
        assert_eq!(c["units"].as_array().unwrap().len(), 1, "{c}");
        let a = app.get(&url("&movement=no-such-movement"), &coordinator).await.expect(400);
        assert_eq!(a.body["errors"][0]["parameter"], "movement");

        // Who sees what: the lead unit its movement's units, a unit and its software its own.
        let unit_ids = |c: &Value| -> Vec<String> {
            c["units"].as_array().unwrap().iter().map(|u| u["unit_id"].as_str().unwrap().to_owned()).collect()
        };
        let c = app.get(&url(&format!("&movement={movement}")), &lead_officer).await.expect(200).body;
        assert_eq!(unit_ids(&c), vec![silent.clone()], "the lead unit reads its movement's compliance: {c}");
        let c = app.get(&url(""), &lead_officer).await.expect(200).body;
        assert_eq!((unit_ids(&c).len(), c["expected"].as_i64()), (0, Some(0)), "outside its movement, only its own unit: {c}");
        let c = app.get(&url(""), &officer).await.expect(200).body;
        assert_eq!(unit_ids(&c), vec![reported.clone()], "{c}");
        assert_eq!((c["expected"].as_i64(), c["on_time"].as_i64()), (Some(1), Some(1)), "the tallies are of its unit alone: {c}");
        let c = app.get(&url(&format!("&movement={movement}")), &officer).await.expect(200).body;
        assert!(unit_ids(&c).is_empty(), "a unit that does not lead the movement sees no other unit: {c}");
        let software = client_token(&app, &silent, "reports:read").await;
        let c = app.get(&url(""), &software).await.expect(200).body;
        assert_eq!(unit_ids(&c), vec![silent.clone()], "a unit's software reads its own compliance: {c}");
        let writer = client_token(&app, &silent, "reports:write").await;
        app.get(&url(""), &writer).await.problem(403, "missing_scope");
        let viewer = app.user("viewer", None).await;
        assert_eq!(app.get(&url(""), &viewer).await.expect(200).body["expected"], 2);
    }
);

both!(
    async fn ad_hoc_reports_answer_a_request_with_its_own_due_date_and_recipients(app) {
        let asked = app.unit("SNV", "Sở Nội vụ").await;
        let also_asked = app.unit("STC", "Sở Tài chính").await;
        let not_asked = app.unit("SXD", "Sở Xây dựng").await;
        let officer = app.user("unit_officer", Some(&asked)).await;
        let other = app.user("unit_officer", Some(&not_asked)).await;
        let coordinator = app.user("coordinator", None).await;
        let t = report_type(&app, "BC-DOT-XUAT", json!({"period_type": "ad_hoc", "due_days": 0})).await;
        let regular = report_type(&app, "BC-QUY", json!({"unit_ids": [asked]})).await;
        let today = today_local();
        let request = |code: &str, due: NaiveDate, units: Value| json!({
            "report_type_id": t, "code": code, "title": "Báo cáo nhanh kết quả phong trào thi đua", "due_date": due, "unit_ids": units
        });

        // Only the council asks; the code is not shaped like a period and is unique; the type is ad hoc.
        app.post("/api/v1/report-requests", &officer, request("DX-01", today, json!([asked]))).await.problem(403, "role_required");
        let a = app.post("/api/v1/report-requests", &coordinator, request("2025Q3", today, json!([asked]))).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/code");
        let mut wrong_type = request("DX-00", today, json!([asked]));
        wrong_type["report_type_id"] = json!(regular);
        let a = app.post("/api/v1/report-requests", &coordinator, wrong_type).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/report_type_id");
        let r = app.post("/api/v1/report-requests", &coordinator, request("DX-01", today, json!([asked, also_asked]))).await.expect(201);
        assert_eq!(r.body["code"], "DX-01");
        assert_eq!(r.body["due_date"], today.to_string());
        let request_id = id_of(&r);
        app.post("/api/v1/report-requests", &coordinator, request("DX-01", today, json!([asked]))).await.problem(409, "duplicate");
        let yesterday = today.pred_opt().unwrap();
        app.post("/api/v1/report-requests", &coordinator, request("DX-02", yesterday, json!([asked]))).await.expect(201);

        // A unit sees the requests sent to it, and only those.
        let a = app.get("/api/v1/report-requests", &officer).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 2, "{}", a.text);
        let a = app.get("/api/v1/report-requests", &other).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().is_empty(), "{}", a.text);
        app.get(&format!("/api/v1/report-requests/{request_id}"), &other).await.expect(404);
        app.get(&format!("/api/v1/report-requests/{request_id}"), &officer).await.expect(200);

        // The period of an ad-hoc report is its request's code; only the recipients answer it.
        let body = |code: &str| json!({"report_type_id": t, "period": code, "content": content(1)});
        submit(&app, &other, &new_key(), &body("DX-01")).await.problem(422, "not_requested");
        submit(&app, &officer, &new_key(), &body("DX-99")).await.problem(400, "invalid_period");
        submit(&app, &officer, &new_key(), &body("2025Q3")).await.problem(400, "invalid_period");
        let a = submit(&app, &officer, &new_key(), &body("DX-01")).await.expect(201);
        assert_eq!((a.body["period"].as_str(), a.body["on_time"].as_bool()), (Some("DX-01"), Some(true)), "{}", a.text);
        let a = submit(&app, &officer, &new_key(), &body("DX-02")).await.expect(201);
        assert_eq!(a.body["on_time"], false, "due yesterday: {}", a.text);

        let c = app.get(&format!("/api/v1/reporting/compliance?type={t}&period=DX-01"), &coordinator).await.expect(200).body;
        assert_eq!(c["due_date"], today.to_string());
        assert_eq!((c["expected"].as_i64(), c["on_time"].as_i64(), c["missing"].as_i64()), (Some(2), Some(1), Some(1)), "{c}");
        let c = app.get(&format!("/api/v1/reporting/compliance?type={t}&period=DX-02"), &coordinator).await.expect(200).body;
        assert_eq!((c["expected"].as_i64(), c["late"].as_i64()), (Some(1), Some(1)), "{c}");
        let a = app.get("/api/v1/reports?period=DX-01", &coordinator).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1, "{}", a.text);
    }
);

both!(
    async fn late_and_missing_are_judged_at_the_edges_of_the_due_date_in_hanoi_time(app) {
        let last_second = app.unit("SNV", "Sở Nội vụ").await;
        let first_second_after = app.unit("STC", "Sở Tài chính").await;
        let first_second_of_day = app.unit("SXD", "Sở Xây dựng").await;
        let silent = app.unit("SYT", "Sở Y tế").await;
        let coordinator = app.user("coordinator", None).await;
        let t = report_type(&app, "BC-THANG", json!({"period_type": "month", "due_days": 5, "grace_days": 365,
            "unit_ids": [last_second, first_second_after, first_second_of_day, silent]})).await;
        let period = month_code(3);
        let url = format!("/api/v1/reporting/compliance?type={t}&period={period}");
        let due: NaiveDate = app.get(&url, &coordinator).await.expect(200).body["due_date"].as_str().unwrap().parse().unwrap();

        // Submission instants written as stored, to the microsecond: the due day runs from
        // 17:00:00 UTC the day before to 16:59:59.999999 UTC (00:00 to 23:59:59.999999 at UTC+7).
        let at = |day: NaiveDate, h, m, s, micro| day.and_hms_micro_opt(h, m, s, micro).unwrap();
        let db = thidua::store::Db::connect(&app.db.url, 1).unwrap();
        let mut conn = db.get().unwrap();
        for (unit, submitted_at) in [
            (&last_second, at(due, 16, 59, 59, 999_999)),
            (&first_second_after, at(due, 17, 0, 0, 0)),
            (&first_second_of_day, at(due.pred_opt().unwrap(), 17, 0, 0, 0)),
        ] {
            thidua::store::reporting::insert_report(&mut conn, &thidua::store::reporting::ReportRow {
                id: thidua::store::new_id(), report_type_id: t.clone(), unit_id: unit.clone(), period: period.clone(),
                revision: 1, content: content(1).to_string(), content_sha256: String::new(),
                submitted_at, submitted_by: "test".into(), accepted_at: None,
            }).unwrap();
        }
        let c = app.get(&url, &coordinator).await.expect(200).body;
        let status = |id: &str| c["units"].as_array().unwrap().iter().find(|u| u["unit_id"] == id).unwrap()["status"].as_str().unwrap().to_owned();
        assert_eq!(status(&last_second), "on_time", "23:59:59.999999 on the due day is on time: {c}");
        assert_eq!(status(&first_second_after), "late", "00:00:00 the next day is late: {c}");
        assert_eq!(status(&first_second_of_day), "on_time", "{c}");
        assert_eq!(status(&silent), "missing", "{c}");
        assert_eq!((c["on_time"].as_i64(), c["late"].as_i64(), c["missing"].as_i64()), (Some(2), Some(1), Some(1)), "{c}");
    }
);
