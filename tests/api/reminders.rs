//! Reminders reach the units concerned: recorded, and delivered to each unit's webhook from the
//! outbox at least once, signed the Standard Webhooks way, retried after a failure.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{spawn_with, Backend, TestApp};

/// One request a webhook receiver got: its headers and body.
#[derive(Clone, Debug)]
struct Received {
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

/// A webhook receiver on loopback that fails its first `failures` requests with 500.
async fn receiver(failures: usize) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/thidua/webhook",
        listener.local_addr().unwrap().port()
    );
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let seen = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then the body its Content-Length announces.
                let (head_end, length) = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        break (i + 4, length);
                    }
                };
                while buf.len() < head_end + length {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut headers = reqwest::header::HeaderMap::new();
                for line in head.lines().skip(1) {
                    if let Some((k, v)) = line.split_once(':') {
                        if let (Ok(k), Ok(v)) = (
                            reqwest::header::HeaderName::from_bytes(k.trim().as_bytes()),
                            v.trim().parse(),
                        ) {
                            headers.insert(k, v);
                        }
                    }
                }
                let n = {
                    let mut all = seen.lock().unwrap();
                    all.push(Received {
                        headers,
                        body: buf[head_end..].to_vec(),
                    });
                    all.len()
                };
                let status = if n <= failures {
                    "500 Internal Server Error"
                } else {
                    "204 No Content"
                };
                let _ = sock
                    .write_all(
                        format!(
                            "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .await;
            });
        }
    });
    (url, got)
}

/// A webhook receiver on loopback that accepts connections, reads them and never answers; it
/// counts the connections it took.
async fn silent_receiver() -> (String, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/thidua/webhook",
        listener.local_addr().unwrap().port()
    );
    let taken: Arc<Mutex<usize>> = Arc::default();
    let count = taken.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            *count.lock().unwrap() += 1;
            tokio::spawn(async move {
                let mut chunk = [0u8; 4096];
                while sock.read(&mut chunk).await.unwrap_or(0) > 0 {}
            });
        }
    });
    (url, taken)
}

/// An ad hoc report type `BC-DX` for the units; its id.
async fn quick_report_type(app: &TestApp) -> String {
    let t = app.post("/api/v1/report-types", &app.admin_token, json!({
        "code": "BC-DX", "title": "Báo cáo nhanh", "period_type": "ad_hoc", "content_schema": {"type": "object"},
        "due_days": 0, "audience": "units"
    })).await.expect(201);
    t.body["id"].as_str().unwrap().to_owned()
}

/// Waits until `check` holds for the reminders of `unit`, up to 20 s.
async fn until(
    app: &TestApp,
    token: &str,
    unit: &str,
    check: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    for _ in 0..100 {
        let a = app
            .get(&format!("/api/v1/reminders?unit_id={unit}"), token)
            .await
            .expect(200);
        let items = a.body["items"].as_array().unwrap().clone();
        if check(&items) {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("reminders of {unit} never reached the expected state");
}

async fn reminders_are_delivered_signed_and_retried(backend: Backend) {
    let app = spawn_with(backend, |c| c.webhook_retry_secs = 1).await;
    let missing = app.unit("STC", "Sở Tài chính").await;
    let reported = app.unit("SNV", "Sở Nội vụ").await;
    let quiet = app.unit("SXD", "Sở Xây dựng").await;
    let officer = app.user("unit_officer", Some(&reported)).await;
    let missing_officer = app.user("unit_officer", Some(&missing)).await;
    let coordinator = app.user("coordinator", None).await;
    let t = quick_report_type(&app).await;
    let yesterday = thidua::domain::today().pred_opt().unwrap();
    app.post("/api/v1/report-requests", &coordinator, json!({
        "report_type_id": t, "code": "DX-01", "title": "Báo cáo nhanh", "due_date": yesterday, "unit_ids": [missing, reported, quiet]
    })).await.expect(201);
    let res = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(&officer)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"report_type_id": t, "period": "DX-01", "content": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);

    // The missing unit registers a webhook (its receiver fails once); the quiet one has none.
    let (url, got) = receiver(1).await;
    app.call(
        reqwest::Method::PUT,
        &format!("/api/v1/units/{missing}/webhook"),
        Some(&officer),
        Some(&json!({"url": url})),
    )
    .await
    .problem(403, "other_unit");
    let hook = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/units/{missing}/webhook"),
            Some(&missing_officer),
            Some(&json!({"url": url})),
        )
        .await
        .expect(200);
    let secret = hook.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{}", hook.text);
    let again = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/units/{missing}/webhook"),
            Some(&missing_officer),
            Some(&json!({"url": url})),
        )
        .await
        .expect(200);
    assert!(
        again.body["secret"].is_null(),
        "the secret is shown only when issued: {}",
        again.text
    );
    let read = app
        .get(
            &format!("/api/v1/units/{missing}/webhook"),
            &missing_officer,
        )
        .await
        .expect(200);
    assert!(read.body["secret"].is_null());
    let a = app
        .get("/api/v1/audit-log?entity=webhook", &coordinator)
        .await
        .expect(200);
    assert!(
        !a.text.contains(&secret),
        "the secret never reaches the audit log"
    );

    // Only the council (or a lead unit, for its movement) reminds; the body is checked.
    app.post(
        "/api/v1/reminders",
        &officer,
        json!({"kind": "missing_report", "report_type": "BC-DX", "period": "DX-01"}),
    )
    .await
    .expect(422);
    let a = app
        .post(
            "/api/v1/reminders",
            &coordinator,
            json!({"kind": "missing_report"}),
        )
        .await
        .expect(422);
    assert_eq!(a.body["errors"][0]["pointer"], "/report_type");
    let a = app
        .post(
            "/api/v1/reminders",
            &coordinator,
            json!({"kind": "missing_report", "report_type": "BC-DX", "period": "DX-99"}),
        )
        .await
        .problem(400, "invalid_period");
    assert_eq!(a.body["errors"][0]["pointer"], "/period", "{}", a.text);

    let a = app
        .post(
            "/api/v1/reminders",
            &coordinator,
            json!({
                "kind": "missing_report", "report_type": "BC-DX", "period": "DX-01",
                "message": "Đề nghị Sở gửi báo cáo nhanh trước 16 giờ hôm nay."
            }),
        )
        .await
        .expect(201);
    assert_eq!(a.body["count"], 2, "{}", a.text);
    let units: Vec<&str> = a.body["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit_id"].as_str().unwrap())
        .collect();
    assert!(
        units.contains(&missing.as_str())
            && units.contains(&quiet.as_str())
            && !units.contains(&reported.as_str()),
        "{units:?}"
    );

    // The unit without a webhook has its reminder recorded; the other gets it delivered on the
    // second attempt, after the first failed.
    let quiet_items = until(&app, &coordinator, &quiet, |items| items.len() == 1).await;
    assert_eq!(quiet_items[0]["delivery"]["status"], "no_webhook");
    let items = until(&app, &missing_officer, &missing, |items| {
        items.len() == 1 && items[0]["delivery"]["status"] == "delivered"
    })
    .await;
    assert_eq!(items[0]["delivery"]["attempts"], 2, "{items:?}");
    assert_eq!(items[0]["subject"]["period"], "DX-01");
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "one failed attempt, one delivery");
    assert_eq!(
        received[0].headers.get("webhook-id"),
        received[1].headers.get("webhook-id"),
        "a retry keeps the message id"
    );

    // The signature verifies with the Standard Webhooks reference library.
    let wh = standardwebhooks::Webhook::new(&secret).unwrap();
    for r in &received {
        wh.verify(&r.body, &r.headers)
            .expect("a valid Standard Webhooks signature");
    }
    let wrong = standardwebhooks::Webhook::new(&thidua::webhooks::new_secret()).unwrap();
    assert!(wrong
        .verify(&received[1].body, &received[1].headers)
        .is_err());
    let payload: Value = serde_json::from_slice(&received[1].body).unwrap();
    assert_eq!(payload["type"], "reminder.created");
    assert_eq!(
        payload["data"]["message"],
        "Đề nghị Sở gửi báo cáo nhanh trước 16 giờ hôm nay."
    );
    assert_eq!(payload["data"]["unit_id"], missing.as_str());

    // A unit reads only its own reminders.
    app.get(
        &format!("/api/v1/reminders?unit_id={quiet}"),
        &missing_officer,
    )
    .await
    .problem(403, "other_unit");
    let own = app
        .get("/api/v1/reminders", &missing_officer)
        .await
        .expect(200);
    assert_eq!(own.body["items"].as_array().unwrap().len(), 1);
}

async fn lead_units_remind_their_movement_and_production_refuses_internal_targets(
    backend: Backend,
) {
    let app = spawn_with(backend, |c| c.webhook_retry_secs = 1).await;
    let lead = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let member = app.unit("STC", "Sở Tài chính").await;
    let outsider = app.unit("SXD", "Sở Xây dựng").await;
    let lead_officer = app.user("unit_officer", Some(&lead)).await;
    let outsider_officer = app.user("unit_officer", Some(&outsider)).await;
    let coordinator = app.user("coordinator", None).await;
    let doc = app.post("/api/v1/documents", &app.admin_token, json!({"number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": lead, "title": "Kế hoạch"})).await.expect(201);
    let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "lead_unit_id": lead, "basis_document_id": doc.body["id"], "phase_from": 2021, "phase_to": 2030})).await.expect(201);
    let movement = m.body["id"].as_str().unwrap().to_owned();
    let today = thidua::domain::today();
    let year: i32 = chrono::Datelike::year(&today);
    // Both units have a plan of the movement this year, due before today and not issued.
    for unit in [&member, &outsider] {
        app.post(&format!("/api/v1/movements/{movement}/plans"), &coordinator, json!({
            "kind": "unit_annual", "unit_id": unit, "year": year, "title": "Kế hoạch thực hiện phong trào", "due_on": today.pred_opt().unwrap()
        })).await.expect(201);
    }
    // A second movement the outsider's plan does not belong to, led by the outsider.
    let m2 = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-KHAC", "name": "Phong trào khác", "lead_unit_id": outsider, "basis_document_id": doc.body["id"], "phase_from": 2021, "phase_to": 2030})).await.expect(201);
    let other_movement = m2.body["id"].as_str().unwrap().to_owned();

    let body = |m: &str| json!({"kind": "overdue_plan", "year": year, "movement_id": m});
    let a = app
        .post(
            "/api/v1/reminders",
            &lead_officer,
            json!({"kind": "overdue_plan"}),
        )
        .await
        .expect(422);
    assert_eq!(a.body["errors"][0]["pointer"], "/movement_id");
    app.post("/api/v1/reminders", &lead_officer, body(&other_movement))
        .await
        .problem(403, "not_lead_unit");
    let a = app
        .post("/api/v1/reminders", &lead_officer, body(&movement))
        .await
        .expect(201);
    let units: Vec<&str> = a.body["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        units.len(),
        2,
        "both plans belong to the lead's movement: {}",
        a.text
    );
    assert_eq!(
        a.body["reminders"][0]["subject"]["plans"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(a.body["reminders"][0]["sender_unit_id"], lead.as_str());
    // The outsider leads the other movement, which has no overdue plan.
    let a = app
        .post(
            "/api/v1/reminders",
            &outsider_officer,
            body(&other_movement),
        )
        .await
        .expect(201);
    assert_eq!(a.body["count"], 0, "{}", a.text);
    // Units with nothing on their own portal.
    let a = app
        .post(
            "/api/v1/reminders",
            &coordinator,
            json!({"kind": "no_portal_item", "from": format!("{year}-01-01"), "to": today}),
        )
        .await
        .expect(201);
    assert!(a.body["count"].as_i64().unwrap() >= 3, "{}", a.text);

    // In production a webhook on loopback or a private network is refused.
    drop(app);
    let prod = spawn_with(backend, crate::helpers::production).await;
    let unit = prod.unit("SNV", "Sở Nội vụ").await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://10.0.0.5/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest",
    ] {
        let a = prod
            .call(
                reqwest::Method::PUT,
                &format!("/api/v1/units/{unit}/webhook"),
                Some(&prod.admin_token),
                Some(&json!({"url": url})),
            )
            .await
            .problem(422, "webhook_target_refused");
        assert_eq!(a.body["errors"][0]["pointer"], "/url", "{url}");
    }
}

async fn a_receiver_that_never_answers_delays_only_its_own_unit(backend: Backend) {
    let app = spawn_with(backend, |c| {
        c.webhook_retry_secs = 1;
        c.webhook_timeout_secs = 30;
    })
    .await;
    let slow = app.unit("STC", "Sở Tài chính").await;
    let fast = app.unit("SNV", "Sở Nội vụ").await;
    let coordinator = app.user("coordinator", None).await;
    let t = quick_report_type(&app).await;
    let yesterday = thidua::domain::today().pred_opt().unwrap();
    for (code, unit) in [("DX-01", &slow), ("DX-02", &fast)] {
        app.post("/api/v1/report-requests", &coordinator, json!({
            "report_type_id": t, "code": code, "title": "Báo cáo nhanh", "due_date": yesterday, "unit_ids": [unit]
        })).await.expect(201);
    }
    let (slow_url, taken) = silent_receiver().await;
    let (fast_url, got) = receiver(0).await;
    for (unit, url) in [(&slow, &slow_url), (&fast, &fast_url)] {
        let officer = app.user("unit_officer", Some(unit)).await;
        app.call(
            reqwest::Method::PUT,
            &format!("/api/v1/units/{unit}/webhook"),
            Some(&officer),
            Some(&json!({"url": url})),
        )
        .await
        .expect(200);
    }
    let remind = |period: &'static str| json!({"kind": "missing_report", "report_type": "BC-DX", "period": period});
    app.post("/api/v1/reminders", &coordinator, remind("DX-01"))
        .await
        .expect(201);
    // The slow unit's delivery is under way: its receiver holds the connection open.
    for _ in 0..100 {
        if *taken.lock().unwrap() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(*taken.lock().unwrap(), 1, "the slow receiver was called");

    // The other unit's reminder goes out at the next pass, not after the 30 s timeout.
    let started = std::time::Instant::now();
    app.post("/api/v1/reminders", &coordinator, remind("DX-02"))
        .await
        .expect(201);
    let items = until(&app, &coordinator, &fast, |items| {
        items.len() == 1 && items[0]["delivery"]["status"] == "delivered"
    })
    .await;
    let waited = started.elapsed().as_secs_f64();
    eprintln!("the other unit's reminder was delivered {waited:.2} s after it was made");
    assert_eq!(items[0]["delivery"]["attempts"], 1);
    assert_eq!(got.lock().unwrap().len(), 1);
    assert!(waited < 3.0, "the fast unit waited {waited:.2} s");
    let slow_items = app
        .get(&format!("/api/v1/reminders?unit_id={slow}"), &coordinator)
        .await
        .expect(200);
    assert_ne!(
        slow_items.body["items"][0]["delivery"]["status"], "delivered",
        "{}",
        slow_items.text
    );
    assert_eq!(*taken.lock().unwrap(), 1, "one attempt at a time per unit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_are_delivered_signed_and_retried_sqlite() {
    reminders_are_delivered_signed_and_retried(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_are_delivered_signed_and_retried_postgres() {
    if crate::helpers::postgres_available() {
        reminders_are_delivered_signed_and_retried(Backend::Postgres).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lead_units_remind_their_movement_and_production_refuses_internal_targets_sqlite() {
    lead_units_remind_their_movement_and_production_refuses_internal_targets(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lead_units_remind_their_movement_and_production_refuses_internal_targets_postgres() {
    if crate::helpers::postgres_available() {
        lead_units_remind_their_movement_and_production_refuses_internal_targets(Backend::Postgres)
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_answers_delays_only_its_own_unit_sqlite() {
    a_receiver_that_never_answers_delays_only_its_own_unit(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_answers_delays_only_its_own_unit_postgres() {
    if crate::helpers::postgres_available() {
        a_receiver_that_never_answers_delays_only_its_own_unit(Backend::Postgres).await;
    }
}
