//! Values read back from the database: a stored text that no vocabulary knows is a loud error
//! (500 with a generic body, the column and value in the log), never quietly a default.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::{TestApp, ADMIN_PASSWORD};

/// One row of each table with a stored vocabulary, made through the API and the seed data.
struct World {
    unit: String,
    /// A unit with nothing on its portal, so reminded.
    quiet_unit: String,
    group: String,
    document: String,
    movement: String,
    plan: String,
    criteria: String,
    grant: String,
    model: String,
    item: String,
    nomination: String,
    report_type: String,
    inspection: String,
}

fn id_of(a: &crate::helpers::Answer) -> String {
    a.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", a.text))
        .to_owned()
}

async fn first_id(app: &TestApp, path: &str, field: &str, value: &str) -> String {
    let a = app.get(path, &app.admin_token).await.expect(200);
    let found = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value} in {path}: {}", a.text));
    found["id"].as_str().unwrap().to_owned()
}

async fn world(app: &TestApp) -> World {
    app.seed().await;
    let movement = first_id(app, "/api/v1/movements?limit=200", "code", "PT-NGUOI-NGHEO").await;
    let unit = first_id(app, "/api/v1/units?limit=200", "code", "SLDTBXH").await;
    let form = first_id(
        app,
        "/api/v1/commendation-forms",
        "code",
        "bang-khen-ubnd-tinh",
    )
    .await;
    let other = first_id(app, "/api/v1/units?limit=200", "code", "SNV").await;
    let coordinator = app.user("coordinator", None).await;
    let officer = app.user("unit_officer", Some(&unit)).await;
    let admin = app.admin_token.clone();
    let today = thidua::domain::today();
    let post = |path: &'static str, token: String, body: Value| async move {
        id_of(&app.post(path, &token, body).await.expect(201))
    };

    let group = post("/api/v1/emulation-groups", admin.clone(), json!({
        "kind": "block", "name": "Khối các cơ quan tham mưu tổng hợp", "year": 2025, "member_unit_ids": [unit]
    })).await;
    let document = post("/api/v1/documents", admin.clone(), json!({
        "number": "95/QĐ-UBND", "kind": "decision", "issued_on": "2025-01-10", "issuing_unit_id": unit, "title": "Quyết định"
    })).await;
    let plan = id_of(
        &app.post(
            &format!("/api/v1/movements/{movement}/plans"),
            &coordinator,
            json!({
                "kind": "annual", "year": 2025, "title": "Kế hoạch năm", "due_on": today,
                "targets": [{"indicator": "publicity_items", "channel": "unit_portal", "target": 2}]
            }),
        )
        .await
        .expect(201),
    );
    let criteria = id_of(&app.post(&format!("/api/v1/movements/{movement}/criteria-sets"), &coordinator, json!({
        "title": "Bộ tiêu chí", "applies_to": "both", "threshold": 50,
        "criteria": [{"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ", "max_points": 100}]
    })).await.expect(201));
    let res = app
        .client
        .put(app.url("/api/v1/emulation-funds/2025"))
        .bearer_auth(&admin)
        .json(&json!({"amount": 300_000_000}))
        .send()
        .await
        .unwrap();
    crate::helpers::read(res).await.expect(200);
    let grant = post(
        "/api/v1/funding-grants",
        officer.clone(),
        json!({
            "movement_id": movement, "year": 2025, "amount": 1_000_000, "purpose": "Hỗ trợ"
        }),
    )
    .await;
    let model = post("/api/v1/exemplary-models", officer.clone(), json!({
        "kind": "collective", "name": "Tổ sản xuất rau an toàn", "managing_unit_id": unit, "movement_ids": [movement],
        "category": "small_collective", "summary": "Tổ hợp tác 12 hộ thoát nghèo.", "achievements": "Thành tích."
    })).await;
    let item = post("/api/v1/publicity-items", officer.clone(), json!({
        "channel": "unit_portal", "title": "Gương sáng", "url": "https://a.vn/1", "published_on": today, "unit_id": unit
    })).await;
    let nomination = post("/api/v1/nominations", officer.clone(), json!({
        "model_id": model, "movement_id": movement, "year": 2025, "track": "annual", "form_id": form,
        "criteria_set_id": criteria, "dossier": "Báo cáo thành tích."
    })).await;
    let report_type = post("/api/v1/report-types", admin.clone(), json!({
        "code": "BC-DX", "title": "Báo cáo nhanh", "period_type": "ad_hoc", "content_schema": {"type": "object"},
        "due_days": 0, "audience": "units"
    })).await;
    let inspection = post("/api/v1/inspections", coordinator.clone(), json!({
        "unit_id": unit, "inspected_on": today, "scopes": ["reporting"], "findings": "Chưa gửi báo cáo.",
        "actions": [{"description": "Gửi bổ sung báo cáo", "due_date": today}]
    })).await;
    app.post(
        "/api/v1/reminders",
        &coordinator,
        json!({"kind": "no_portal_item", "from": "2025-01-01", "to": today}),
    )
    .await
    .expect(201);
    World {
        unit,
        quiet_unit: other,
        group,
        document,
        movement,
        plan,
        criteria,
        grant,
        model,
        item,
        nomination,
        report_type,
        inspection,
    }
}

/// How a test reads the row back.
enum Read {
    Get(String),
    SignIn(&'static str, &'static str),
}

/// Every stored vocabulary column, and the JSON columns read as typed values (a list of unit
/// ids, a reminder's subject): (table, column, the row, a good value, how the service reads it).
fn columns(w: &World) -> Vec<(&'static str, &'static str, String, &'static str, Read)> {
    let id = |v: &str| format!("id = '{v}'");
    let get = |p: String| Read::Get(p);
    let (m, plan) = (&w.movement, &w.plan);
    vec![
        (
            "units",
            "kind",
            id(&w.unit),
            "department",
            get(format!("/api/v1/units/{}", w.unit)),
        ),
        (
            "emulation_groups",
            "kind",
            id(&w.group),
            "block",
            get(format!("/api/v1/emulation-groups/{}", w.group)),
        ),
        (
            "documents",
            "kind",
            id(&w.document),
            "decision",
            get(format!("/api/v1/documents/{}", w.document)),
        ),
        (
            "users",
            "role",
            "username = 'admin'".into(),
            "admin",
            Read::SignIn("admin", ADMIN_PASSWORD),
        ),
        (
            "movements",
            "participation_scale",
            id(m),
            "standard",
            get(format!("/api/v1/movements/{m}")),
        ),
        (
            "movements",
            "status",
            id(m),
            "active",
            get(format!("/api/v1/movements/{m}")),
        ),
        (
            "plans",
            "kind",
            id(plan),
            "annual",
            get(format!("/api/v1/movements/{m}/plans/{plan}")),
        ),
        (
            "plan_targets",
            "indicator",
            format!("plan_id = '{plan}'"),
            "publicity_items",
            get(format!("/api/v1/movements/{m}/plans/{plan}")),
        ),
        (
            "plan_targets",
            "channel",
            format!("plan_id = '{plan}'"),
            "unit_portal",
            get(format!("/api/v1/movements/{m}/plans/{plan}")),
        ),
        (
            "criteria_sets",
            "applies_to",
            id(&w.criteria),
            "both",
            get(format!(
                "/api/v1/movements/{m}/criteria-sets/{}",
                w.criteria
            )),
        ),
        (
            "funding_grants",
            "state",
            id(&w.grant),
            "requested",
            get(format!("/api/v1/funding-grants/{}", w.grant)),
        ),
        (
            "quota_rules",
            "track",
            "code = 'annual-standard'".into(),
            "annual",
            get("/api/v1/quotas".into()),
        ),
        (
            "quota_rules",
            "scale",
            "code = 'annual-standard'".into(),
            "standard",
            get("/api/v1/quotas".into()),
        ),
        (
            "exemplary_models",
            "kind",
            id(&w.model),
            "collective",
            get(format!("/api/v1/exemplary-models/{}", w.model)),
        ),
        (
            "exemplary_models",
            "category",
            id(&w.model),
            "small_collective",
            get(format!("/api/v1/exemplary-models/{}", w.model)),
        ),
        (
            "exemplary_models",
            "stage",
            id(&w.model),
            "discovered",
            get(format!("/api/v1/exemplary-models/{}", w.model)),
        ),
        (
            "publicity_items",
            "channel",
            id(&w.item),
            "unit_portal",
            get(format!("/api/v1/publicity-items/{}", w.item)),
        ),
        (
            "nominations",
            "track",
            id(&w.nomination),
            "annual",
            get(format!("/api/v1/nominations/{}", w.nomination)),
        ),
        (
            "nominations",
            "state",
            id(&w.nomination),
            "draft",
            get(format!("/api/v1/nominations/{}", w.nomination)),
        ),
        (
            "report_types",
            "period_type",
            id(&w.report_type),
            "ad_hoc",
            get(format!("/api/v1/report-types/{}", w.report_type)),
        ),
        (
            "report_types",
            "audience",
            id(&w.report_type),
            "units",
            get(format!("/api/v1/report-types/{}", w.report_type)),
        ),
        (
            "report_types",
            "audience_unit_ids",
            id(&w.report_type),
            "[]",
            get(format!("/api/v1/report-types/{}", w.report_type)),
        ),
        (
            "inspections",
            "scopes",
            id(&w.inspection),
            r#"["reporting"]"#,
            get(format!("/api/v1/inspections/{}", w.inspection)),
        ),
        (
            "inspection_actions",
            "status",
            format!("inspection_id = '{}'", w.inspection),
            "open",
            get(format!("/api/v1/inspections/{}", w.inspection)),
        ),
        (
            "reminders",
            "kind",
            format!("unit_id = '{}'", w.quiet_unit),
            "no_portal_item",
            get("/api/v1/reminders?limit=200".into()),
        ),
        (
            "reminders",
            "subject",
            format!("unit_id = '{}'", w.quiet_unit),
            r#"{"from": "2025-01-01"}"#,
            get("/api/v1/reminders?limit=200".into()),
        ),
    ]
}

both!(
    async fn an_unknown_stored_value_is_a_loud_error_not_a_default(app) {
        let w = world(&app).await;
        for (table, column, row, value, read) in columns(&w) {
            let read_back = || async {
                match &read {
                    Read::Get(path) => app.get(path, &app.admin_token).await,
                    Read::SignIn(user, password) => app.try_login(user, password).await,
                }
            };
            let before = read_back().await;
            assert!(before.status.is_success(), "{table}.{column} reads before: {}", before.text);

            app.execute_sql(&format!("UPDATE {table} SET {column} = 'no_such_value' WHERE {row}")).await;
            let a = read_back().await;
            assert_eq!(a.status, 500, "{table}.{column}: {}", a.text);
            assert!(!a.text.contains("no_such_value"), "{table}.{column} leaks the value: {}", a.text);
            assert!(a.body["request_id"].is_string(), "{table}.{column} has no request_id: {}", a.text);

            app.execute_sql(&format!("UPDATE {table} SET {column} = '{value}' WHERE {row}")).await;
            let after = read_back().await;
            assert!(after.status.is_success(), "{table}.{column} reads after: {}", after.text);
        }
    }
);
