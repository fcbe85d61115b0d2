//! Exemplary models and their publicity: stages, priority, personal data, consent.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::TestApp;

/// A unit with an officer, a movement, and the officer's token.
async fn setting(app: &TestApp) -> (String, String, String) {
    let unit = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let doc = app
        .post("/api/v1/documents", &app.admin_token, json!({"number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": unit, "title": "Kế hoạch"}))
        .await
        .expect(201);
    let m = app
        .post("/api/v1/movements", &app.admin_token, json!({"code": "PT-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "lead_unit_id": unit, "basis_document_id": doc.body["id"], "phase_from": 2021, "phase_to": 2025}))
        .await
        .expect(201);
    let officer = app.user("unit_officer", Some(&unit)).await;
    (unit, m.body["id"].as_str().unwrap().to_owned(), officer)
}

fn individual(unit: &str, movement: &str) -> Value {
    json!({
        "kind": "individual", "name": "Nguyễn Văn Bình", "managing_unit_id": unit, "movement_ids": [movement],
        "category": "farmer", "summary": "Nông dân sản xuất giỏi, giúp 15 hộ nghèo có việc làm.",
        "achievements": "Phát triển mô hình trồng nhãn lồng từ năm 2020.", "discovered_on": "2023-05-10",
        "personal_data": {"phone": "0912 345 678", "national_id": "033078001234", "birth_date": "1978-04-02"},
        "published": true
    })
}

both!(
    async fn a_model_moves_forward_through_its_stages_keeping_each_date(app) {
        let (unit, movement, officer) = setting(&app).await;
        let m = app.post("/api/v1/exemplary-models", &officer, json!({
            "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông", "managing_unit_id": unit, "movement_ids": [movement],
            "category": "small_collective", "summary": "Tổ hợp tác 12 hộ thoát nghèo.", "discovered_on": "2023-03-01"
        })).await.expect(201);
        assert_eq!(m.body["stage"], "discovered");
        assert_eq!(m.body["priority"], true);
        assert_eq!(m.body["movements"][0]["name"], "Vì người nghèo-Không để ai bị bỏ lại phía sau");
        let id = m.body["id"].as_str().unwrap();
        let path = format!("/api/v1/exemplary-models/{id}/stage");
        let a = app.post(&path, &officer, json!({"stage": "replicated", "on": "2023-09-01"})).await.problem(409, "invalid_stage");
        assert_eq!(a.body["allowed_stages"], json!(["nurtured"]));
        let a = app.post(&path, &officer, json!({"stage": "nurtured", "on": "2023-01-01"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/on");
        app.post(&path, &officer, json!({"stage": "nurtured", "on": "2023-09-15"})).await.expect(200);
        let a = app.post(&path, &officer, json!({"stage": "replicated", "on": "2024-02-01"})).await.expect(200);
        assert_eq!((a.body["discovered_on"].as_str(), a.body["nurtured_on"].as_str(), a.body["replicated_on"].as_str()), (Some("2023-03-01"), Some("2023-09-15"), Some("2024-02-01")));
        app.post(&path, &officer, json!({"stage": "replicated", "on": "2024-03-01"})).await.problem(409, "invalid_stage");
        let a = app.get("/api/v1/exemplary-models?stage=replicated&q=rau%20an%20toan", &officer).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
    }
);

both!(
    async fn personal_data_is_seen_only_by_registrars_and_the_own_unit_and_never_audited(app) {
        let (unit, movement, officer) = setting(&app).await;
        let m = app.post("/api/v1/exemplary-models", &officer, individual(&unit, &movement)).await.expect(201);
        let id = m.body["id"].as_str().unwrap().to_owned();
        assert_eq!(m.body["personal_data"]["phone"], "0912 345 678");
        let coordinator = app.user("coordinator", None).await;
        let viewer = app.user("viewer", None).await;
        let other_unit = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&other_unit)).await;
        for (token, visible) in [(&app.admin_token, true), (&coordinator, true), (&officer, true), (&viewer, false), (&stranger, false)] {
            let a = app.get(&format!("/api/v1/exemplary-models/{id}"), token).await.expect(200);
            assert_eq!(a.body["personal_data"].is_object(), visible, "{}", a.text);
            let a = app.get("/api/v1/exemplary-models", token).await.expect(200);
            assert_eq!(a.body["items"][0]["personal_data"].is_object(), visible);
        }
        app.patch(&format!("/api/v1/exemplary-models/{id}"), &officer, json!({"personal_data": {"phone": "0987 654 321"}})).await.expect(200);
        // Personal data is the awardee's (recorded with the model, under the model's id).
        assert_eq!(m.body["awardee_id"], id.as_str());
        let audit = app.get(&format!("/api/v1/audit-log?entity=awardee&entity_id={id}"), &app.admin_token).await.expect(200);
        assert!(!audit.text.contains("0912 345 678") && !audit.text.contains("0987 654 321") && !audit.text.contains("033078001234"), "{}", audit.text);
        assert_eq!(audit.body["items"][0]["after"]["phone"], "[redacted]");
        assert_eq!(audit.body["items"][0]["after"]["birth_date"], Value::Null);
        // Only given data is stored: the patch replaced the whole set.
        let a = app.get(&format!("/api/v1/exemplary-models/{id}"), &officer).await.expect(200);
        assert_eq!(a.body["personal_data"], json!({"phone": "0987 654 321", "birth_date": null, "national_id": null, "home_address": null}));
        let mut collective = individual(&unit, &movement);
        collective["kind"] = json!("collective");
        let a = app.post("/api/v1/exemplary-models", &officer, collective).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/personal_data");
    }
);

both!(
    async fn an_individual_is_public_only_with_recorded_consent(app) {
        let (unit, movement, officer) = setting(&app).await;
        let m = app.post("/api/v1/exemplary-models", &officer, individual(&unit, &movement)).await.expect(201);
        let id = m.body["id"].as_str().unwrap().to_owned();
        assert_eq!((m.body["published"].as_bool(), m.body["public"].as_bool()), (Some(true), Some(false)));
        let a = app.patch(&format!("/api/v1/exemplary-models/{id}"), &officer, json!({"consent": true})).await.expect(200);
        assert_eq!(a.body["public"], true);
        assert!(a.body["consent_recorded_at"].is_string());
        let a = app.patch(&format!("/api/v1/exemplary-models/{id}"), &officer, json!({"consent": false})).await.expect(200);
        assert_eq!(a.body["public"], false);
        assert_eq!(a.body["consent_recorded_at"], Value::Null);
    }
);

both!(
    async fn only_the_own_unit_and_registrars_change_models(app) {
        let (unit, movement, officer) = setting(&app).await;
        let other_unit = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&other_unit)).await;
        app.post("/api/v1/exemplary-models", &stranger, individual(&unit, &movement)).await.problem(403, "other_unit");
        let m = app.post("/api/v1/exemplary-models", &officer, individual(&unit, &movement)).await.expect(201);
        let id = m.body["id"].as_str().unwrap().to_owned();
        app.patch(&format!("/api/v1/exemplary-models/{id}"), &stranger, json!({"published": false})).await.problem(403, "other_unit");
        app.post(&format!("/api/v1/exemplary-models/{id}/stage"), &stranger, json!({"stage": "nurtured", "on": "2023-09-15"})).await.problem(403, "other_unit");
        app.call(reqwest::Method::DELETE, &format!("/api/v1/exemplary-models/{id}"), Some(&stranger), None).await.problem(403, "other_unit");
        app.call(reqwest::Method::DELETE, &format!("/api/v1/exemplary-models/{id}"), Some(&officer), None).await.expect(204);
        app.get(&format!("/api/v1/exemplary-models/{id}"), &officer).await.expect(404);
        let bad = app.post("/api/v1/exemplary-models", &officer, json!({
            "kind": "collective", "name": "X", "managing_unit_id": unit, "movement_ids": ["missing"], "category": "other", "summary": "x"
        })).await.expect(422);
        assert_eq!(bad.body["errors"][0]["pointer"], "/movement_ids");
    }
);

both!(
    async fn publicity_items_link_models_and_count_toward_plan_targets(app) {
        let (unit, movement, officer) = setting(&app).await;
        let m = app.post("/api/v1/exemplary-models", &officer, json!({
            "kind": "collective", "name": "Tổ sản xuất rau an toàn", "managing_unit_id": unit, "movement_ids": [movement],
            "category": "small_collective", "summary": "Tổ hợp tác 12 hộ thoát nghèo."
        })).await.expect(201);
        let model = m.body["id"].as_str().unwrap().to_owned();
        let today = thidua::domain::today().to_string();
        let item = |channel: &str, url: &str| json!({"channel": channel, "title": "Gương sáng giúp người nghèo", "url": url, "published_on": today, "unit_id": unit});
        let a = app.post("/api/v1/publicity-items", &officer, item("unit_portal", "ftp://example.vn/x")).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/url");
        let a = app.post(&format!("/api/v1/exemplary-models/{model}/publicity-items"), &officer, item("unit_portal", "https://soldtbxh.hungyen.gov.vn/tin/1")).await.expect(201);
        assert_eq!(a.body["model_ids"], json!([model]));
        let mut direct = item("radio_tv", "https://hungyentv.vn/tin/2");
        direct["movement_ids"] = json!([movement]);
        app.post("/api/v1/publicity-items", &officer, direct).await.expect(201);
        let stranger_unit = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        app.post("/api/v1/publicity-items", &stranger, item("unit_portal", "https://x.vn")).await.problem(403, "other_unit");

        let a = app.get(&format!("/api/v1/exemplary-models/{model}/publicity-items"), &officer).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
        let a = app.get(&format!("/api/v1/publicity-items?unit_id={unit}&channel=radio_tv"), &officer).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);

        let year: i32 = today[..4].parse().unwrap();
        let coordinator = app.user("coordinator", None).await;
        let plan = app.post(&format!("/api/v1/movements/{movement}/plans"), &coordinator, json!({
            "kind": "annual", "year": year, "title": "Kế hoạch năm", "due_on": today,
            "targets": [{"indicator": "publicity_items", "target": 4}, {"indicator": "publicity_items", "channel": "unit_portal", "target": 2}, {"indicator": "models_discovered", "target": 1}]
        })).await.expect(201);
        let achieved: Vec<i64> = plan.body["targets"].as_array().unwrap().iter().map(|t| t["achieved"].as_i64().unwrap()).collect();
        assert_eq!(achieved, [2, 1, 1]);
    }
);

both!(
    async fn the_statistics_show_stages_priority_channels_and_units_to_remind(app) {
        let (unit, movement, officer) = setting(&app).await;
        let quiet = app.unit("SNV", "Sở Nội vụ").await;
        let today = thidua::domain::today().to_string();
        let year: i32 = today[..4].parse().unwrap();
        for (name, category) in [("Tổ A", "small_collective"), ("Tổ B", "worker"), ("Ban C", "manager")] {
            app.post("/api/v1/exemplary-models", &officer, json!({
                "kind": "collective", "name": name, "managing_unit_id": unit, "movement_ids": [movement], "category": category, "summary": "Tóm tắt."
            })).await.expect(201);
        }
        app.post("/api/v1/publicity-items", &officer, json!({"channel": "unit_portal", "title": "Tin", "url": "https://a.vn/1", "published_on": today, "unit_id": unit, "movement_ids": [movement]})).await.expect(201);
        app.post("/api/v1/publicity-items", &officer, json!({"channel": "newspaper", "title": "Tin", "url": "https://b.vn/2", "published_on": today, "unit_id": unit, "movement_ids": [movement]})).await.expect(201);
        let coordinator = app.user("coordinator", None).await;

        let a = app.get(&format!("/api/v1/stats/models?year={year}&movement_id={movement}"), &coordinator).await.expect(200);
        assert_eq!(a.body["total"], 3);
        assert_eq!(a.body["by_stage"]["discovered"], 3);
        assert_eq!(a.body["by_stage"]["replicated"], 0);
        assert_eq!(a.body["priority"], 2);
        assert_eq!(a.body["priority_share"], 0.6667);
        let a = app.get(&format!("/api/v1/stats/publicity?year={year}&unit_id={unit}"), &coordinator).await.expect(200);
        assert_eq!((a.body["total"].as_i64(), a.body["by_channel"]["newspaper"].as_i64(), a.body["by_channel"]["radio_tv"].as_i64()), (Some(2), Some(1), Some(0)));

        let a = app.get("/api/v1/stats/units-without-portal-items", &coordinator).await.expect(200);
        let flagged: Vec<&str> = a.body["units"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(flagged, [quiet.as_str()]);

        // The quiet unit issues a plan this year but introduces no model: flagged.
        let plan = app.post(&format!("/api/v1/movements/{movement}/plans"), &coordinator, json!({
            "kind": "unit_annual", "unit_id": quiet, "year": year, "title": "Kế hoạch của Sở Nội vụ", "due_on": today
        })).await.expect(201);
        let quiet_officer = app.user("unit_officer", Some(&quiet)).await;
        app.post(&format!("/api/v1/movements/{movement}/plans/{}/issue", plan.body["id"].as_str().unwrap()), &quiet_officer,
            json!({"issued_on": today, "document_number": "1/KH-SNV"})).await.expect(200);
        let a = app.get(&format!("/api/v1/stats/units-with-plan-but-no-models?year={year}"), &coordinator).await.expect(200);
        let flagged: Vec<&str> = a.body["units"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(flagged, [quiet.as_str()]);
        app.get("/api/v1/stats/units-without-portal-items?from=2025-02-01&to=2025-01-01", &coordinator).await.expect(400);
    }
);
