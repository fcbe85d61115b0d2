//! Money (the decisions issue): the statutory base salaries as dated rows, on which bonuses are
//! computed; the arithmetic itself is proven in `thidua::domain::bonus`.

use serde_json::json;

use crate::both;
use crate::nominations::setting;

both!(
    async fn the_base_salary_in_force_is_read_by_day_and_a_later_one_is_added_by_decree(app) {
        let s = setting(&app).await;
        // The register holds the one in force since 1 July 2024.
        let before = app.get("/api/v1/base-salaries?on=2025-03-01", &s.officer).await.expect(200);
        assert_eq!(before.body["items"].as_array().unwrap().len(), 1, "{}", before.text);
        assert_eq!((before.body["in_force"]["amount"].as_i64(), before.body["in_force"]["valid_from"].as_str()), (Some(2_340_000), Some("2024-07-01")));
        let early = app.get("/api/v1/base-salaries?on=2024-06-30", &s.officer).await.expect(200);
        assert!(early.body["in_force"].is_null(), "none recorded before 1 July 2024: {}", early.text);

        // A later decree: from its day on, the new amount; before it, the old one.
        let body = json!({"amount": 2_530_000, "valid_from": "2026-07-01", "legal_basis": "Nghị định quy định mức lương cơ sở từ ngày 01/7/2026", "document_id": s.document});
        app.post("/api/v1/base-salaries", &s.officer, body.clone()).await.problem(403, "role_required");
        let created = app.post("/api/v1/base-salaries", &s.coordinator, body.clone()).await.expect(201);
        assert_eq!(created.body["amount"], 2_530_000);
        let dup = app.post("/api/v1/base-salaries", &s.coordinator, body).await.problem(409, "duplicate");
        assert!(dup.text.contains("2530000"), "names the one there: {}", dup.text);
        let on = |day: &'static str| {
            let app = &app;
            let token = s.officer.clone();
            async move { app.get(&format!("/api/v1/base-salaries?on={day}"), &token).await.expect(200).body["in_force"]["amount"].as_i64() }
        };
        assert_eq!(on("2026-06-30").await, Some(2_340_000));
        assert_eq!(on("2026-07-01").await, Some(2_530_000));
        assert_eq!(on("2027-01-01").await, Some(2_530_000));

        // Whole đồng, positive, with a basis; an unknown document is named.
        for (bad, pointer) in [
            (json!({"amount": 0, "valid_from": "2027-07-01", "legal_basis": "x"}), "/amount"),
            (json!({"amount": 2_600_000, "valid_from": "2027-07-01", "legal_basis": " "}), "/legal_basis"),
            (json!({"amount": 2_600_000, "valid_from": "2027-07-01", "legal_basis": "x", "document_id": "khong-co"}), "/document_id"),
        ] {
            let r = app.post("/api/v1/base-salaries", &s.coordinator, bad).await.expect(422);
            assert_eq!(r.body["errors"][0]["pointer"], pointer, "{}", r.text);
        }
        app.post("/api/v1/base-salaries", &s.coordinator, json!({"amount": 2_600_000.5, "valid_from": "2027-07-01", "legal_basis": "x"})).await.problem(400, "malformed_body");

        // Audited.
        let log = app.get("/api/v1/audit-log?entity=base_salary&limit=10", &app.admin_token).await.expect(200);
        assert_eq!(log.body["items"].as_array().unwrap().len(), 1, "{}", log.text);
    }
);
