//! Award types as data: the law's catalogue with its versions by legal basis and date, titles
//! and forms never mixed, the coordinator's own types and versions, and the forms of
//! commendation that old clients know.

use serde_json::{json, Value};

use crate::both;

fn by_code<'a>(list: &'a Value, code: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == code)
        .unwrap_or_else(|| panic!("no award type {code}: {list}"))
}

both!(
    async fn the_catalogue_holds_the_law_by_the_day_a_dossier_is_received(app) {
        let viewer = app.user("viewer", None).await;
        let titles = app.get("/api/v1/award-types?nature=title&recipient=individual", &viewer).await.expect(200);
        let codes: Vec<&str> = titles.body["items"].as_array().unwrap().iter().filter_map(|t| t["code"].as_str()).collect();
        assert_eq!(codes, ["chien-si-thi-dua-cap-tinh", "chien-si-thi-dua-co-so", "chien-si-thi-dua-toan-quoc", "lao-dong-tien-tien"]);
        // Received on 2026-03-01: Decree 152/2025; on 2024-11-15: Decree 98/2023.
        let now = app.get("/api/v1/award-types?on=2026-03-01", &viewer).await.expect(200);
        let cstd = by_code(&now.body, "chien-si-thi-dua-cap-tinh");
        assert_eq!((cstd["nature"].as_str(), cstd["level"].as_str(), cstd["stream"].as_str()), (Some("title"), Some("provincial"), Some("merit")));
        let v = &cstd["in_force"];
        assert!(v["legal_basis"].as_str().unwrap().contains("152/2025/NĐ-CP"), "{v}");
        assert_eq!((v["bonus_coefficient_per_mille"].as_i64(), v["ballot_required"].as_bool(), v["ballot_threshold_percent"].as_i64()), (Some(3000), Some(true), Some(90)));
        assert!(v["dossier_items"].as_array().unwrap().iter().any(|d| d["code"] == "chung-nhan-sang-kien"));
        let then = app.get("/api/v1/award-types?on=2024-11-15", &viewer).await.expect(200);
        let v = &by_code(&then.body, "chien-si-thi-dua-cap-tinh")["in_force"];
        assert!(v["legal_basis"].as_str().unwrap().contains("98/2023/NĐ-CP"), "{v}");
        assert_eq!(v["valid_to"], "2025-06-30");
        let before = app.get("/api/v1/award-types?on=2023-06-01", &viewer).await.expect(200);
        assert_eq!(by_code(&before.body, "chien-si-thi-dua-cap-tinh")["in_force"], Value::Null, "before the law");
        // Forms are forms: certificates have no coefficient until the coordinator sets one.
        let bang_khen = by_code(&now.body, "bang-khen-ubnd-tinh");
        assert_eq!((bang_khen["nature"].as_str(), bang_khen["recipient"].as_str()), (Some("form"), Some("both")));
        assert_eq!(bang_khen["in_force"]["bonus_coefficient_per_mille"], Value::Null);
        assert_eq!(by_code(&now.body, "co-thi-dua-ubnd-tinh")["in_force"]["ballot_threshold_percent"], 80);
        // Old clients: the forms of commendation are the award types, in the old shape.
        let forms = app.get("/api/v1/commendation-forms", &viewer).await.expect(200);
        assert_eq!(forms.body["items"].as_array().unwrap().len(), now.body["items"].as_array().unwrap().len());
        assert_eq!(by_code(&forms.body, "chien-si-thi-dua-cap-tinh").as_object().unwrap().len(), 3, "{}", forms.text);
    }
);

both!(
    async fn the_coordinator_adds_a_type_and_its_versions_by_date(app) {
        let coordinator = app.user("coordinator", None).await;
        let viewer = app.user("viewer", None).await;
        let body = json!({
            "code": "lao-dong-xuat-sac", "name": "Lao động xuất sắc", "nature": "title", "recipient": "individual",
            "level": "base", "stream": "merit",
            "version": {"legal_basis": "Quy chế Thi đua, khen thưởng tỉnh Hưng Yên năm 2025", "valid_from": "2025-07-01",
                "deciding_authority": "Thủ trưởng cơ quan, đơn vị", "bonus_coefficient_per_mille": 500, "registration_required": true,
                "dossier_items": [{"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]}
        });
        app.post("/api/v1/award-types", &viewer, body.clone()).await.problem(403, "role_required");
        let a = app.post("/api/v1/award-types", &coordinator, body.clone()).await.expect(201);
        let id = a.body["id"].as_str().unwrap().to_owned();
        assert_eq!(a.body["in_force"]["bonus_coefficient_per_mille"], 500);
        assert_eq!(a.body["in_force"]["ballot_required"], false);
        app.post("/api/v1/award-types", &coordinator, body).await.problem(409, "duplicate");
        let path = format!("/api/v1/award-types/{id}/versions");
        let next = |from: &str| json!({"legal_basis": "Quyết định số 25/2026/QĐ-UBND", "valid_from": from,
            "deciding_authority": "Thủ trưởng cơ quan, đơn vị", "bonus_coefficient_per_mille": 600, "ballot_threshold_percent": 80,
            "dossier_items": [{"code": "x", "name": "A"}, {"code": "x", "name": "B"}]});
        let a = app.post(&path, &coordinator, next("2026-07-01")).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/dossier_items/1/code", "{}", a.text);
        let mut later = next("2025-06-01");
        later["dossier_items"] = json!([]);
        let a = app.post(&path, &coordinator, later.clone()).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/valid_from", "{}", a.text);
        later["valid_from"] = json!("2026-07-01");
        let a = app.post(&path, &coordinator, later).await.expect(201);
        let versions = a.body["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0]["valid_to"], "2026-06-30", "the older version ends the day before");
        let on = app.get("/api/v1/award-types?on=2026-08-01", &viewer).await.expect(200);
        assert_eq!(by_code(&on.body, "lao-dong-xuat-sac")["in_force"]["bonus_coefficient_per_mille"], 600);
        let on = app.get("/api/v1/award-types?on=2026-01-01", &viewer).await.expect(200);
        assert_eq!(by_code(&on.body, "lao-dong-xuat-sac")["in_force"]["bonus_coefficient_per_mille"], 500);
        // A title never becomes a form; the rest changes, audited.
        app.patch(&format!("/api/v1/award-types/{id}"), &coordinator, json!({"nature": "form"})).await.expect(400);
        let a = app.patch(&format!("/api/v1/award-types/{id}"), &coordinator, json!({"active": false})).await.expect(200);
        assert_eq!(a.body["active"], false);
        let audit = app.get(&format!("/api/v1/audit-log?entity=award_type&entity_id={id}"), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = audit.body["items"].as_array().unwrap().iter().filter_map(|i| i["action"].as_str()).collect();
        assert_eq!(actions, ["update", "add_version", "create"]);
        // A form added the old way is an award type with no version yet.
        let f = app.post("/api/v1/commendation-forms", &coordinator, json!({"code": "giay-khen-so", "name": "Giấy khen của Giám đốc Sở"})).await.expect(201);
        let t = app.get(&format!("/api/v1/award-types/{}", f.body["id"].as_str().unwrap()), &viewer).await.expect(200);
        assert_eq!((t.body["nature"].as_str(), t.body["in_force"].is_null()), (Some("form"), true));
    }
);
