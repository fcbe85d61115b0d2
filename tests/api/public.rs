//! The public feed the e-portal pulls: only what may be public, cacheable, open to browsers,
//! and rate-limited.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_with, Backend, TestApp};

/// A unit, a movement and an officer; returns (unit, movement, officer token).
async fn setting(app: &TestApp) -> (String, String, String) {
    let unit = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let doc = app
        .post("/api/v1/documents", &app.admin_token, json!({"number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": unit, "title": "Kế hoạch"}))
        .await
        .expect(201);
    let m = app
        .post("/api/v1/movements", &app.admin_token, json!({"code": "PT-NGHEO", "name": "Vì một Hưng Yên không còn đói nghèo", "lead_unit_id": unit, "basis_document_id": doc.body["id"]}))
        .await
        .expect(201);
    let officer = app.user("unit_officer", Some(&unit)).await;
    (unit, m.body["id"].as_str().unwrap().to_owned(), officer)
}

async fn model(
    app: &TestApp,
    token: &str,
    (unit, movement): (&str, &str),
    kind: &str,
    name: &str,
    published: bool,
    consent: bool,
) -> String {
    let mut body = json!({
        "kind": kind, "name": name, "managing_unit_id": unit, "movement_ids": [movement], "category": "farmer",
        "summary": "Giúp nhiều hộ nghèo có việc làm ổn định.", "achievements": "Thành tích chi tiết.", "published": published, "consent": consent
    });
    if kind == "individual" {
        body["personal_data"] = json!({"phone": "0912 345 678", "national_id": "033078001234"});
    }
    app.post("/api/v1/exemplary-models", token, body)
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

both!(
    async fn only_published_models_with_consent_leave_and_never_personal_data(app) {
        let (unit, movement, officer) = setting(&app).await;
        let shown = model(&app, &officer, (&unit, &movement), "collective", "Tổ rau an toàn thôn Đông", true, false).await;
        let hidden = model(&app, &officer, (&unit, &movement), "collective", "Tổ chưa công khai", false, false).await;
        let no_consent = model(&app, &officer, (&unit, &movement), "individual", "Nguyễn Văn Chưa", true, false).await;
        let consented = model(&app, &officer, (&unit, &movement), "individual", "Trần Thị Đồng Ý", true, true).await;
        let a = app.call(Method::GET, "/public/v1/exemplary-models", None, None).await.expect(200);
        let mut ids: Vec<&str> = a.body["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
        ids.sort();
        let mut expected = vec![shown.as_str(), consented.as_str()];
        expected.sort();
        assert_eq!(ids, expected);
        assert!(!a.text.contains("0912 345 678") && !a.text.contains("033078001234") && !a.text.contains("personal"), "{}", a.text);
        assert_eq!(a.body["items"][0]["movements"][0]["name"], "Vì một Hưng Yên không còn đói nghèo");
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{hidden}"), None, None).await.expect(404);
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{no_consent}"), None, None).await.expect(404);
        let d = app.call(Method::GET, &format!("/public/v1/exemplary-models/{consented}"), None, None).await.expect(200);
        assert_eq!(d.body["achievements"], "Thành tích chi tiết.");
        assert!(!d.text.contains("0912 345 678"));
        // Withdrawn consent takes it off at once.
        app.patch(&format!("/api/v1/exemplary-models/{consented}"), &officer, json!({"consent": false})).await.expect(200);
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{consented}"), None, None).await.expect(404);
        let a = app.call(Method::GET, "/public/v1/exemplary-models?q=TO%20RAU%20an%20toan", None, None).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
        let a = app.call(Method::GET, &format!("/public/v1/exemplary-models?kind=individual&movement={movement}"), None, None).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 0);
    }
);

both!(
    async fn public_answers_revalidate_with_304(app) {
        let (unit, movement, officer) = setting(&app).await;
        let id = model(&app, &officer, (&unit, &movement), "collective", "Tổ rau an toàn", true, false).await;
        let res = app.client.get(app.url("/public/v1/exemplary-models")).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        let etag = a.header("etag").unwrap().to_owned();
        let modified = a.header("last-modified").unwrap().to_owned();
        assert_eq!(a.header("cache-control"), Some("public, max-age=60"));
        assert_eq!(a.header("access-control-allow-origin"), Some("*"));
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-modified-since", &modified).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        app.patch(&format!("/api/v1/exemplary-models/{id}"), &officer, json!({"summary": "Tóm tắt mới."})).await.expect(200);
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-none-match", &etag).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_ne!(a.header("etag"), Some(etag.as_str()));
        let res = app.client.get(app.url(&format!("/public/v1/exemplary-models/{id}"))).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        let res = app.client.get(app.url(&format!("/public/v1/exemplary-models/{id}"))).header("if-none-match", a.header("etag").unwrap()).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        let res = app.client.request(Method::OPTIONS, app.url("/public/v1/exemplary-models"))
            .header("origin", "https://hungyen.gov.vn").header("access-control-request-method", "GET").send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let a = app.call(Method::GET, "/public/v1/movements?q=vi%20mot%20hung%20yen", None, None).await.expect(200);
        assert_eq!(a.body["items"][0]["names"][0]["name"], "Vì một Hưng Yên không còn đói nghèo");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_feed_is_rate_limited_per_address() {
    let app = spawn_with(Backend::Sqlite, |c| c.public_rate_limit = 3).await;
    for remaining in ["2", "1", "0"] {
        let a = app
            .call(Method::GET, "/public/v1/movements", None, None)
            .await
            .expect(200);
        assert_eq!(a.header("ratelimit-remaining"), Some(remaining));
        assert_eq!(a.header("ratelimit-limit"), Some("3"));
    }
    let a = app
        .call(Method::GET, "/public/v1/movements", None, None)
        .await
        .problem(429, "rate_limited");
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    // The private API is not counted.
    app.get("/api/v1/units", &app.admin_token).await.expect(200);
}
