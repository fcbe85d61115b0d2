//! Inspections of units: recorded by the council, read by the inspected unit only, with
//! follow-up actions the unit reports done.

use reqwest::Method;
use serde_json::json;

use crate::both;

both!(
    async fn an_inspection_records_findings_and_follow_up_actions(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let other_unit = app.unit("STC", "Sở Tài chính").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let stranger = app.user("unit_officer", Some(&other_unit)).await;
        let coordinator = app.user("coordinator", None).await;
        let today = thidua::domain::today();
        let tomorrow = today.succ_opt().unwrap();
        let yesterday = today.pred_opt().unwrap();
        let body = json!({
            "unit_id": unit, "inspected_on": yesterday, "scopes": ["reporting", "publicity", "reporting"],
            "findings": "Đơn vị chưa gửi báo cáo quý III đúng hạn.",
            "actions": [
                {"description": "Gửi bổ sung báo cáo quý III", "due_date": yesterday},
                {"description": "Đăng tin về điển hình tiên tiến trên Cổng thông tin của đơn vị", "due_date": tomorrow}
            ]
        });

        // Only the council records; the data is checked.
        app.post("/api/v1/inspections", &officer, body.clone()).await.problem(403, "role_required");
        let mut future = body.clone();
        future["inspected_on"] = json!(tomorrow);
        let a = app.post("/api/v1/inspections", &coordinator, future).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/inspected_on");
        let mut movement = body.clone();
        movement["scopes"] = json!(["movement"]);
        let a = app.post("/api/v1/inspections", &coordinator, movement).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/movement_id");

        let a = app.post("/api/v1/inspections", &coordinator, body).await.expect(201);
        let id = a.body["id"].as_str().unwrap().to_owned();
        assert_eq!(a.body["scopes"], json!(["reporting", "publicity"]));
        let actions = a.body["actions"].as_array().unwrap().clone();
        assert_eq!(actions.len(), 2);
        assert_eq!((actions[0]["status"].as_str(), actions[0]["overdue"].as_bool()), (Some("open"), Some(true)));
        assert_eq!(actions[1]["overdue"], false);
        let first = actions[0]["id"].as_str().unwrap().to_owned();

        // The unit reads its own; another unit sees nothing.
        app.get(&format!("/api/v1/inspections/{id}"), &officer).await.expect(200);
        app.get(&format!("/api/v1/inspections/{id}"), &stranger).await.expect(404);
        let a = app.get("/api/v1/inspections", &stranger).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().is_empty());
        app.get(&format!("/api/v1/inspections?unit_id={unit}"), &stranger).await.problem(403, "other_unit");
        let a = app.get("/api/v1/inspections?overdue=true", &coordinator).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);

        // The unit reports an action done, but may not cancel it or move its date.
        let action = format!("/api/v1/inspections/{id}/actions/{first}");
        app.patch(&action, &officer, json!({"status": "cancelled"})).await.problem(403, "role_required");
        app.patch(&action, &officer, json!({"due_date": tomorrow})).await.problem(403, "role_required");
        app.patch(&action, &stranger, json!({"status": "done"})).await.expect(404);
        let a = app.patch(&action, &officer, json!({"status": "done", "note": "Đã gửi báo cáo số 45/BC-SNV."})).await.expect(200);
        assert_eq!(a.body["actions"][0]["status"], "done");
        assert_eq!(a.body["actions"][0]["done_on"], today.to_string());
        assert_eq!(a.body["actions"][0]["overdue"], false);
        assert_eq!(a.body["version"], 2);
        let a = app.get("/api/v1/inspections?overdue=true", &coordinator).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().is_empty(), "{}", a.text);

        // Corrections are versioned and audited; a stale If-Match is refused.
        let res = app.client.patch(app.url(&format!("/api/v1/inspections/{id}"))).bearer_auth(&coordinator)
            .header("If-Match", "\"1\"").json(&json!({"findings": "Đã khắc phục một phần."})).send().await.unwrap();
        assert_eq!(res.status(), 412);
        let a = app.patch(&format!("/api/v1/inspections/{id}"), &coordinator, json!({"findings": "Đã khắc phục một phần."})).await.expect(200);
        assert_eq!(a.body["findings"], "Đã khắc phục một phần.");
        let a = app.post(&format!("/api/v1/inspections/{id}/actions"), &coordinator, json!({"description": "Rà soát kế hoạch năm", "due_date": tomorrow})).await.expect(201);
        assert_eq!(a.body["actions"].as_array().unwrap().len(), 3);
        let a = app.get("/api/v1/audit-log?entity=inspection", &coordinator).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().len() >= 4, "{}", a.text);
        app.call(Method::DELETE, &format!("/api/v1/inspections/{id}"), Some(&coordinator), None).await.expect(405);
    }
);
