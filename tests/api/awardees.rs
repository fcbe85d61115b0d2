//! Awardees: individuals and collectives as records of their own, who may record and change
//! them, personal data shown only to those who may see it and never audited, and the link of
//! exemplary models to them.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::TestApp;

/// A unit, a movement of it, and the unit officer's token.
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

fn hoa(unit: &str) -> Value {
    json!({
        "kind": "individual", "name": "Nguyễn Thị Hoa", "unit_id": unit, "category": "frontline_staff",
        "position": "Chuyên viên Phòng Bảo trợ xã hội", "gender": "female",
        "personal_data": {"birth_date": "1985-09-12", "phone": "0912 345 678", "national_id": "033185001234"}
    })
}

both!(
    async fn an_awardee_is_recorded_by_its_unit_and_its_personal_data_kept_from_others(app) {
        let (unit, _, officer) = setting(&app).await;
        let other = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&other)).await;
        let viewer = app.user("viewer", None).await;
        let coordinator = app.user("coordinator", None).await;
        // Only the unit's officers and the registrars record the unit's people.
        app.post("/api/v1/awardees", &stranger, hoa(&unit)).await.expect(403);
        app.post("/api/v1/awardees", &viewer, hoa(&unit)).await.problem(403, "role_required");
        let a = app.post("/api/v1/awardees", &officer, hoa(&unit)).await.expect(201);
        let id = a.body["id"].as_str().unwrap().to_owned();
        assert_eq!(a.header("location"), Some(format!("/api/v1/awardees/{id}").as_str()));
        assert_eq!((a.body["gender"].as_str(), a.body["priority"].as_bool()), (Some("female"), Some(true)));
        assert_eq!(a.body["unit"]["code"], "SLDTBXH");
        for (token, visible) in [(&coordinator, true), (&officer, true), (&viewer, false), (&stranger, false)] {
            let a = app.get(&format!("/api/v1/awardees/{id}"), token).await.expect(200);
            assert_eq!(a.body["personal_data"].is_object(), visible, "{}", a.text);
            let a = app.get("/api/v1/awardees?q=nguyen%20thi%20hoa", token).await.expect(200);
            assert_eq!(a.body["items"][0]["personal_data"].is_object(), visible, "{}", a.text);
        }
        // A change needs the version read; null erases.
        let path = format!("/api/v1/awardees/{id}");
        let etag = app.get(&path, &officer).await.expect(200).header("etag").unwrap().to_owned();
        let res = app.client.patch(app.url(&path)).bearer_auth(&officer).header("If-Match", &etag)
            .json(&json!({"position": null, "personal_data": {"phone": "0987 654 321"}})).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_eq!(a.body["position"], Value::Null);
        assert_eq!(a.body["personal_data"]["phone"], "0987 654 321");
        assert_eq!(a.body["personal_data"]["national_id"], Value::Null);
        let res = app.client.patch(app.url(&path)).bearer_auth(&officer).header("If-Match", &etag)
            .json(&json!({"name": "Nguyễn Thị Hoà"})).send().await.unwrap();
        crate::helpers::read(res).await.problem(412, "stale_etag");
        app.patch(&path, &stranger, json!({"name": "X"})).await.expect(403);
        let audit = app.get(&format!("/api/v1/audit-log?entity=awardee&entity_id={id}"), &app.admin_token).await.expect(200);
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 2, "{}", audit.text);
        assert!(!audit.text.contains("0912 345 678") && !audit.text.contains("0987 654 321") && !audit.text.contains("033185001234"), "{}", audit.text);
        assert_eq!(audit.body["items"][0]["after"]["phone"], "[redacted]");
    }
);

both!(
    async fn a_collective_has_no_gender_nor_personal_data_and_an_unknown_unit_is_named(app) {
        let (unit, _, officer) = setting(&app).await;
        let mut body = hoa(&unit);
        body["kind"] = json!("collective");
        let a = app.post("/api/v1/awardees", &officer, body).await.problem(422, "validation");
        let pointers: Vec<&str> = a.body["errors"].as_array().unwrap().iter().filter_map(|e| e["pointer"].as_str()).collect();
        assert!(pointers.contains(&"/gender") && pointers.contains(&"/personal_data"), "{}", a.text);
        let mut body = hoa("0193a1b2-0000-7000-8000-00000000dead");
        body["name"] = json!("Trần Văn Nam");
        let a = app.post("/api/v1/awardees", &app.admin_token, body).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/unit_id", "{}", a.text);
        let a = app.post("/api/v1/awardees", &officer, json!({"kind": "collective", "name": "Tổ bảo trợ xã hội", "unit_id": unit, "category": "small_collective"})).await.expect(201);
        let id = a.body["id"].as_str().unwrap();
        let a = app.patch(&format!("/api/v1/awardees/{id}"), &officer, json!({"gender": "male"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/gender");
        let a = app.get(&format!("/api/v1/awardees?kind=collective&unit_id={unit}"), &officer).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
    }
);

both!(
    async fn a_model_is_an_awardee_and_may_name_one_already_recorded(app) {
        let (unit, movement, officer) = setting(&app).await;
        let model = |awardee: Option<&str>, personal: Option<Value>| {
            let mut b = json!({
                "kind": "individual", "name": "Nguyễn Thị Hoa", "managing_unit_id": unit, "movement_ids": [movement],
                "category": "frontline_staff", "summary": "Tận tụy với người nghèo.", "consent": true, "published": true
            });
            if let Some(a) = awardee {
                b["awardee_id"] = json!(a);
            }
            if let Some(p) = personal {
                b["personal_data"] = p;
            }
            b
        };
        // Recorded without an awardee, the model becomes one, under its own id.
        let m = app.post("/api/v1/exemplary-models", &officer, model(None, Some(json!({"phone": "0912 345 678"})))).await.expect(201);
        let id = m.body["id"].as_str().unwrap();
        assert_eq!(m.body["awardee_id"], id);
        let a = app.get(&format!("/api/v1/awardees/{id}"), &officer).await.expect(200);
        assert_eq!((a.body["name"].as_str(), a.body["personal_data"]["phone"].as_str()), (Some("Nguyễn Thị Hoa"), Some("0912 345 678")));
        // The model's personal data is the awardee's, whichever way it changes.
        app.patch(&format!("/api/v1/awardees/{id}"), &officer, json!({"personal_data": {"phone": "0987 654 321"}})).await.expect(200);
        let m = app.get(&format!("/api/v1/exemplary-models/{id}"), &officer).await.expect(200);
        assert_eq!(m.body["personal_data"]["phone"], "0987 654 321");
        // A second model of the same person names the awardee, of the same kind, bringing no
        // personal data of its own.
        let hoa = app.post("/api/v1/awardees", &officer, hoa(&unit)).await.expect(201);
        let hoa = hoa.body["id"].as_str().unwrap();
        let a = app.post("/api/v1/exemplary-models", &officer, model(Some(hoa), Some(json!({"phone": "0900 000 000"})))).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/personal_data", "{}", a.text);
        let mut collective = model(Some(hoa), None);
        collective["kind"] = json!("collective");
        collective["consent"] = json!(false);
        let a = app.post("/api/v1/exemplary-models", &officer, collective).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/awardee_id", "{}", a.text);
        let a = app.post("/api/v1/exemplary-models", &officer, model(Some("0193a1b2-0000-7000-8000-00000000dead"), None)).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/awardee_id", "{}", a.text);
        let m = app.post("/api/v1/exemplary-models", &officer, model(Some(hoa), None)).await.expect(201);
        assert_eq!(m.body["awardee_id"], hoa);
        assert_eq!(m.body["personal_data"]["national_id"], "033185001234");
    }
);

both!(
    async fn initiatives_are_recorded_by_the_unit_and_restrictions_by_the_coordinator(app) {
        let (unit, _, officer) = setting(&app).await;
        let other = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&other)).await;
        let viewer = app.user("viewer", None).await;
        let coordinator = app.user("coordinator", None).await;
        let a = app.post("/api/v1/awardees", &officer, hoa(&unit)).await.expect(201);
        let hoa = a.body["id"].as_str().unwrap().to_owned();
        let initiative = json!({"awardee_id": hoa, "title": "Số hóa hồ sơ trợ cấp xã hội", "reach": "provincial",
            "document_number": "312/QĐ-HĐSK", "recognised_on": "2024-10-15"});
        app.post("/api/v1/initiatives", &stranger, initiative.clone()).await.expect(403);
        let i = app.post("/api/v1/initiatives", &officer, initiative.clone()).await.expect(201);
        assert_eq!(i.body["reach"], "provincial");
        let mut unknown = initiative.clone();
        unknown["awardee_id"] = json!("0193a1b2-0000-7000-8000-00000000dead");
        let a = app.post("/api/v1/initiatives", &coordinator, unknown).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/awardee_id");
        let list = app.get(&format!("/api/v1/initiatives?awardee_id={hoa}&reach=provincial"), &viewer).await.expect(200);
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        // Restrictions: the coordinator records them; those who judge and the unit read them.
        let path = format!("/api/v1/awardees/{hoa}/restrictions");
        let r = json!({"kind": "discipline", "starts_on": "2025-03-01", "document_number": "45/QĐ-SNV", "note": "Khiển trách"});
        app.post(&path, &officer, r.clone()).await.problem(403, "role_required");
        let mut backwards = r.clone();
        backwards["ends_on"] = json!("2025-01-01");
        let a = app.post(&path, &coordinator, backwards).await.problem(422, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/ends_on");
        let made = app.post(&path, &coordinator, r).await.expect(201);
        assert_eq!(made.body["ends_on"], Value::Null);
        app.get(&path, &viewer).await.problem(403, "role_required");
        app.get(&path, &stranger).await.expect(403);
        let seen = app.get(&path, &officer).await.expect(200);
        assert_eq!(seen.body["items"][0]["kind"], "discipline");
        let one = format!("{path}/{}", made.body["id"].as_str().unwrap());
        let a = app.patch(&one, &coordinator, json!({"ends_on": "2025-02-01"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/ends_on");
        let a = app.patch(&one, &coordinator, json!({"ends_on": "2026-02-28"})).await.expect(200);
        assert_eq!(a.body["ends_on"], "2026-02-28");
    }
);
