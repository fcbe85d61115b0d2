//! The award register: past honours recorded by the coordinator, one achievement once, the
//! authority taken from the law in force on the decision date, revocations that keep the
//! award, and a person's record.

use serde_json::json;

use crate::both;
use crate::helpers::{Answer, TestApp};

async fn type_id(app: &TestApp, code: &str) -> String {
    let a = app
        .get("/api/v1/award-types", &app.admin_token)
        .await
        .expect(200);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == code)
        .and_then(|t| t["id"].as_str())
        .unwrap_or_else(|| panic!("no award type {code}"))
        .to_owned()
}

fn id_of(a: &Answer) -> String {
    a.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", a.text))
        .to_owned()
}

both!(
    async fn past_honours_are_recorded_once_and_revoked_without_being_lost(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let coordinator = app.user("coordinator", None).await;
        let viewer = app.user("viewer", None).await;
        let hoa = app.post("/api/v1/awardees", &coordinator, json!({
            "kind": "individual", "name": "Nguyễn Thị Hoa", "unit_id": unit, "category": "frontline_staff"
        })).await.expect(201);
        let hoa = id_of(&hoa);
        let cstd = type_id(&app, "chien-si-thi-dua-co-so").await;
        let honour = |year: i32, date: &str| json!({
            "awardee_id": hoa, "award_type_id": cstd, "period_from": year,
            "decision_number": format!("{}/QĐ-SNV", year - 1900), "decision_date": date
        });
        app.post("/api/v1/awards", &viewer, honour(2024, "2024-12-20")).await.problem(403, "role_required");
        // Before the law of 2022 took effect no version says who decides: it must be named.
        let a = app.post("/api/v1/awards", &coordinator, honour(2023, "2023-12-20")).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/issuing_authority", "{}", a.text);
        let mut named = honour(2023, "2023-12-20");
        named["issuing_authority"] = json!("Giám đốc Sở Nội vụ");
        let y2023 = app.post("/api/v1/awards", &coordinator, named).await.expect(201);
        assert_eq!(y2023.body["issuing_authority"], "Giám đốc Sở Nội vụ");
        let a = app.post("/api/v1/awards", &coordinator, honour(2024, "2024-12-20")).await.expect(201);
        assert_eq!(a.body["issuing_authority"], "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã", "the version in force");
        assert_eq!((a.body["stream"].as_str(), a.body["award_type"]["nature"].as_str()), (Some("merit"), Some("title")));
        // One achievement, once.
        let mut again = honour(2024, "2024-12-21");
        again["period_from"] = json!(2023);
        again["period_to"] = json!(2024);
        let held = app.post("/api/v1/awards", &coordinator, again).await.problem(409, "award_held");
        assert!(held.body["award_id"].is_string(), "{}", held.text);
        // A title for collectives is not for a person; periods and dates that cannot be.
        let flag = type_id(&app, "co-thi-dua-ubnd-tinh").await;
        let mut wrong = honour(2022, "2022-12-20");
        wrong["award_type_id"] = json!(flag);
        let a = app.post("/api/v1/awards", &coordinator, wrong).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/award_type_id", "{}", a.text);
        let mut backwards = honour(2022, "2022-12-20");
        backwards["period_to"] = json!(2021);
        let a = app.post("/api/v1/awards", &coordinator, backwards).await.problem(422, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/period_to");
        // A revocation keeps the award, marked.
        let doc = app.post("/api/v1/documents", &app.admin_token, json!({"number": "12/QĐ-SNV", "kind": "decision",
            "issued_on": "2026-01-10", "issuing_unit_id": unit, "title": "Quyết định thu hồi danh hiệu"})).await.expect(201);
        let path = format!("/api/v1/awards/{}/revoke", id_of(&y2023));
        let revoke = json!({"document_id": id_of(&doc), "reason": "Kê khai thành tích không trung thực."});
        let r = app.post(&path, &coordinator, revoke.clone()).await.expect(200);
        assert_eq!((r.body["revoked"].as_bool(), r.body["revocation_document_id"].as_str()), (Some(true), doc.body["id"].as_str()));
        app.post(&path, &coordinator, revoke).await.problem(409, "already_revoked");
        // The person's record, and the register's filters.
        let record = app.get(&format!("/api/v1/awardees/{hoa}/awards"), &viewer).await.expect(200);
        let years: Vec<(i64, bool)> = record.body["items"].as_array().unwrap().iter()
            .map(|i| (i["period_from"].as_i64().unwrap(), i["revoked"].as_bool().unwrap())).collect();
        assert_eq!(years, [(2024, false), (2023, true)]);
        let standing = app.get(&format!("/api/v1/awards?awardee_id={hoa}&revoked=false"), &viewer).await.expect(200);
        assert_eq!(standing.body["items"].as_array().unwrap().len(), 1);
        let of_2023 = app.get("/api/v1/awards?year=2023", &viewer).await.expect(200);
        assert_eq!(of_2023.body["items"][0]["id"], y2023.body["id"]);
        let audit = app.get(&format!("/api/v1/audit-log?entity=award&entity_id={}", id_of(&y2023)), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = audit.body["items"].as_array().unwrap().iter().filter_map(|i| i["action"].as_str()).collect();
        assert_eq!(actions, ["revoke", "create"]);
        app.get("/api/v1/awardees/0193a1b2-0000-7000-8000-00000000dead/awards", &viewer).await.expect(404);
    }
);
