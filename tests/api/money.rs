//! Money (the decisions issue): the statutory base salaries as dated rows, on which bonuses are
//! computed; the arithmetic itself is proven in `thidua::domain::bonus`.

use serde_json::json;

use crate::both;
use crate::helpers::TestApp;
use crate::nominations::setting;
use crate::register::{document, funded_movement};

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

/// The ledger of a year as the integrator reads it: (kind, amount) of each entry, oldest first.
async fn ledger(app: &TestApp, year: i32, token: &str) -> (Vec<(String, i64)>, serde_json::Value) {
    let l = app
        .get(&format!("/api/v1/emulation-funds/{year}/entries"), token)
        .await
        .expect(200);
    let entries = l.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["amount"].as_i64().unwrap(),
            )
        })
        .collect();
    (entries, l.body)
}

both!(
    async fn the_fund_is_a_ledger_of_allocations_adjustments_and_spending_with_its_statement(app) {
        let (mid, _lead, officer) = funded_movement(&app, 300_000_000).await;
        let coordinator = app.user("coordinator", None).await;
        let approver = app.user("approver", None).await;
        let allocation = document(&app, &_lead, "25/QĐ-UBND", "2025-03-01").await;
        // An allocation, on its document; an officer may read but not write.
        let body = json!({"amount": 50_000_000, "document_id": allocation, "note": "Bổ sung Quỹ thi đua, khen thưởng năm 2025"});
        app.post("/api/v1/emulation-funds/2025/entries", &officer, body.clone()).await.problem(403, "role_required");
        let e = app.post("/api/v1/emulation-funds/2025/entries", &coordinator, body).await.expect(201);
        assert_eq!((e.body["kind"].as_str(), e.body["amount"].as_i64()), (Some("allocation"), Some(50_000_000)));
        assert_eq!(e.body["document"]["number"], "25/QĐ-UBND");
        for (bad, pointer) in [
            (json!({"amount": 0, "document_id": allocation, "note": "x"}), "/amount"),
            (json!({"amount": 1, "document_id": "khong-co", "note": "x"}), "/document_id"),
            (json!({"amount": 1, "document_id": allocation, "note": " "}), "/note"),
        ] {
            let r = app.post("/api/v1/emulation-funds/2025/entries", &coordinator, bad).await.expect(422);
            assert_eq!(r.body["errors"][0]["pointer"], pointer, "{}", r.text);
        }
        // A grant approved is spending.
        let g = app.post("/api/v1/funding-grants", &officer, json!({"movement_id": mid, "year": 2025, "amount": 120_000_000, "purpose": "Hỗ trợ"})).await.expect(201);
        let gid = g.body["id"].as_str().unwrap();
        app.post(&format!("/api/v1/funding-grants/{gid}/recommend"), &coordinator, json!({})).await.expect(200);
        app.post(&format!("/api/v1/funding-grants/{gid}/approve"), &approver, json!({"decision_number": "312/QĐ-UBND", "decision_date": "2025-05-20"})).await.expect(200);
        // Setting the amount anew records the difference; the answer keeps its shape.
        let put = |amount: i64| {
            let req = app.client.put(app.url("/api/v1/emulation-funds/2025")).bearer_auth(&app.admin_token).json(&json!({"amount": amount}));
            async move { crate::helpers::read(req.send().await.unwrap()).await }
        };
        let f = put(400_000_000).await.expect(200);
        assert_eq!((f.body["amount"].as_i64(), f.body["approved"].as_i64(), f.body["spent"].as_i64(), f.body["balance"].as_i64()),
            (Some(400_000_000), Some(120_000_000), Some(120_000_000), Some(280_000_000)), "{}", f.text);
        put(100_000_000).await.problem(409, "fund_below_approved");
        let (entries, body) = ledger(&app, 2025, &officer).await;
        assert_eq!(entries, [
            ("allocation".to_owned(), 300_000_000),
            ("allocation".to_owned(), 50_000_000),
            ("grant".to_owned(), -120_000_000),
            ("adjustment".to_owned(), 50_000_000),
        ]);
        assert_eq!((body["income"].as_i64(), body["spent"].as_i64(), body["balance"].as_i64()), (Some(400_000_000), Some(120_000_000), Some(280_000_000)));
        assert_eq!(body["items"][2]["grant_id"], gid);
        // A year with nothing is an empty ledger.
        let (none, _) = ledger(&app, 2030, &officer).await;
        assert!(none.is_empty());

        // The statement: a title, the entries with the running balance, the totals.
        let x = app.get_bytes("/api/v1/emulation-funds/2025/statement.xlsx", &officer).await;
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(x)).unwrap();
        let sheet = book.worksheet_range("Quỹ năm 2025").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).map(|v| v.to_string()).unwrap_or_default();
        assert_eq!(cell(0, 0), "SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM 2025");
        assert_eq!(cell(4, 2), "Bổ sung Quỹ thi đua, khen thưởng năm 2025");
        assert!(cell(4, 3).starts_with("25/QĐ-UBND ngày 01/03/2025"), "{}", cell(4, 3));
        assert_eq!((cell(5, 5), cell(5, 6)), ("120000000".to_owned(), "230000000".to_owned()));
        assert_eq!((cell(7, 2), cell(7, 4), cell(7, 5), cell(7, 6)),
            ("Cộng".to_owned(), "400000000".to_owned(), "120000000".to_owned(), "280000000".to_owned()));
        // Every entry is audited.
        let log = app.get("/api/v1/audit-log?entity=fund_entry&limit=20", &app.admin_token).await.expect(200);
        assert_eq!(log.body["items"].as_array().unwrap().len(), 4, "{}", log.text);
    }
);

both!(
    async fn today_s_fund_figures_migrate_into_the_ledger(app) {
        let (mid, _lead, officer) = funded_movement(&app, 300_000_000).await;
        let coordinator = app.user("coordinator", None).await;
        let approver = app.user("approver", None).await;
        let mut grants = Vec::new();
        for (amount, approve) in [(120_000_000, true), (30_000_000, true), (40_000_000, false)] {
            let g = app.post("/api/v1/funding-grants", &officer, json!({"movement_id": mid, "year": 2025, "amount": amount, "purpose": "Hỗ trợ"})).await.expect(201);
            let id = g.body["id"].as_str().unwrap().to_owned();
            app.post(&format!("/api/v1/funding-grants/{id}/recommend"), &coordinator, json!({})).await.expect(200);
            if approve {
                app.post(&format!("/api/v1/funding-grants/{id}/approve"), &approver, json!({"decision_number": "312/QĐ-UBND", "decision_date": "2025-05-20"})).await.expect(200);
            }
            grants.push(id);
        }
        let before = app.get("/api/v1/emulation-funds/2025", &officer).await.expect(200);
        // Back to before the ledger: the fund and its grants as they were, no entry.
        app.execute_sql(&app.downs_from("2026-12-07-000032")).await;
        app.migrate().await;
        let (entries, body) = ledger(&app, 2025, &officer).await;
        assert_eq!(entries, [
            ("allocation".to_owned(), 300_000_000),
            ("grant".to_owned(), -120_000_000),
            ("grant".to_owned(), -30_000_000),
        ]);
        assert_eq!(body["balance"], 150_000_000);
        assert_eq!(body["items"][1]["grant_id"], grants[0].as_str());
        assert!(body["items"][1]["note"].as_str().unwrap().contains("312/QĐ-UBND"));
        // The fund's answer is what it was.
        let after = app.get("/api/v1/emulation-funds/2025", &officer).await.expect(200);
        for key in ["amount", "approved", "recommended", "requested", "balance"] {
            assert_eq!(after.body[key], before.body[key], "{key}: {}", after.text);
        }
        // And the balance still holds: the recommended grant of 40 million fits, 160 would not.
        app.post(&format!("/api/v1/funding-grants/{}/approve", grants[2]), &approver, json!({"decision_number": "313/QĐ-UBND", "decision_date": "2025-06-20"})).await.expect(200);
        let over = app.post("/api/v1/funding-grants", &officer, json!({"movement_id": mid, "year": 2025, "amount": 110_000_001, "purpose": "Hỗ trợ"})).await.expect(422);
        assert_eq!(over.body["errors"][0]["pointer"], "/amount");
    }
);
