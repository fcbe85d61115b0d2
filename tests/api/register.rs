//! The movement register: the province's data, renames and lead changes with their documents,
//! plans and their derived state, criteria sets, the fund and its grants.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_with, Backend, TestApp};
use thidua::store::{self, Db};

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn seeded(backend: Backend) -> TestApp {
    spawn_with(backend, |c| c.seed_on_empty = true).await
}

pub(crate) async fn document(app: &TestApp, unit: &str, number: &str, issued_on: &str) -> String {
    let a = app
        .post("/api/v1/documents", &app.admin_token, json!({"number": number, "kind": "decision", "issued_on": issued_on, "issuing_unit_id": unit, "title": format!("Văn bản {number}")}))
        .await
        .expect(201);
    a.body["id"].as_str().unwrap().to_owned()
}

fn run_sql(url: &str, f: impl FnOnce(&mut store::DbConn) + Send + 'static) {
    let url = url.to_owned();
    std::thread::spawn(move || {
        let db = Db::connect(&url, 1).unwrap();
        let mut conn = db.get().unwrap();
        f(&mut conn);
    })
    .join()
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_start_knows_the_letters_movements_sqlite() {
    letters_movements(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_start_knows_the_letters_movements_postgres() {
    if crate::helpers::postgres_available() {
        letters_movements(Backend::Postgres).await;
    }
}

async fn letters_movements(backend: Backend) {
    let app = seeded(backend).await;
    let a = app
        .get(
            "/api/v1/movements?q=vi%20mot%20hung%20yen%20khong%20con%20doi%20ngheo",
            &app.admin_token,
        )
        .await
        .expect(200);
    let items = a.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let m = &items[0];
    assert_eq!(m["name"], "Vì người nghèo-Không để ai bị bỏ lại phía sau");
    assert_eq!(m["names"][0]["name"], "Vì một Hưng Yên không còn đói nghèo");
    assert_eq!(m["names"][0]["valid_to"], "2022-07-14");
    assert_eq!(m["names"][1]["valid_from"], "2022-07-15");
    assert_eq!(m["names"][1]["document"]["number"], "1801/UBND-NC");
    assert_eq!(m["lead_unit"]["name"], "Sở Lao động-Thương binh và Xã hội");
    assert_eq!(m["participation_scale"], "standard");
    assert_eq!(m["programme_document"]["number"], "90/KH-UBND");

    let a = app
        .get(
            "/api/v1/movements?q=vi%20nguoi%20ngheo%20khong%20de%20ai",
            &app.admin_token,
        )
        .await
        .expect(200);
    assert_eq!(ids(&a.body), vec![m["id"].as_str().unwrap().to_owned()]);
    let a = app
        .get(
            "/api/v1/movements?q=phu%20nu%20tich%20cuc%20hoc%20tap",
            &app.admin_token,
        )
        .await
        .expect(200);
    assert_eq!(a.body["items"][0]["name"], "Xây dựng người phụ nữ Hưng Yên có kiến thức, có đạo đức, có sức khỏe, có trách nhiệm với gia đình và xã hội");
    assert_eq!(
        a.body["items"][0]["lead_unit"]["name"],
        "Hội Liên hiệp Phụ nữ tỉnh"
    );
    let cds = app.movement_by_code("PT-CHUYEN-DOI-SO").await;
    assert_eq!(
        cds["name"],
        "Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số"
    );
    assert_eq!(cds["lead_unit"]["name"], "Sở Thông tin và Truyền thông");
    assert_eq!(cds["basis_document"]["number"], "1801/UBND-NC");
    assert_eq!(cds["names"].as_array().unwrap().len(), 1);

    let a = app
        .get("/api/v1/units?limit=200", &app.admin_token)
        .await
        .expect(200);
    let mut names: Vec<String> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = thidua::seed::UNITS
        .iter()
        .map(|(_, n, _)| (*n).to_owned())
        .collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "the seed holds exactly the units the letter names"
    );

    let a = app
        .get("/api/v1/quotas", &app.admin_token)
        .await
        .expect(200);
    let rules: Vec<(String, i64)> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_owned(),
                r["max_count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("annual-broad".to_owned(), 4),
            ("annual-standard".to_owned(), 2),
            ("national-congress-xi-2025".to_owned(), 20),
            ("provincial-congress-x-2025".to_owned(), 200)
        ]
    );
    assert!(a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["document"]["number"] == "1801/UBND-NC"));

    // Seeding again changes nothing.
    let before = app
        .get("/api/v1/audit-log?limit=200", &app.admin_token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .len();
    run_sql(&app.db.url, |conn| {
        store::write_tx(conn, thidua::seed::province).unwrap()
    });
    let after = app
        .get("/api/v1/audit-log?limit=200", &app.admin_token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
    let a = app
        .get("/api/v1/movements", &app.admin_token)
        .await
        .expect(200);
    assert_eq!(a.body["items"].as_array().unwrap().len(), 3);
}

both!(
    async fn a_rename_needs_a_document_and_keeps_the_old_name(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let basis = document(&app, &unit, "1/QĐ-SNV", "2021-01-05").await;
        let renaming = document(&app, &unit, "2/QĐ-SNV", "2023-03-01").await;
        let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-X", "name": "Thi đua cũ", "lead_unit_id": unit, "basis_document_id": basis})).await.expect(201);
        let id = m.body["id"].as_str().unwrap();
        assert_eq!(m.body["start_on"], "2021-01-05");

        let a = app.post(&format!("/api/v1/movements/{id}/renames"), &app.admin_token, json!({"name": "Thi đua mới", "effective_on": "2023-03-01"})).await.expect(400);
        assert_eq!(a.body["errors"][0]["pointer"], "/document_id");
        let a = app.post(&format!("/api/v1/movements/{id}/renames"), &app.admin_token, json!({"name": "Thi đua mới", "effective_on": "2023-02-01", "document_id": renaming})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/effective_on");
        let a = app.post(&format!("/api/v1/movements/{id}/renames"), &app.admin_token, json!({"name": "Thi đua mới", "effective_on": "2023-03-01", "document_id": "missing"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/document_id");
        let a = app.post(&format!("/api/v1/movements/{id}/renames"), &app.admin_token, json!({"name": "Thi đua mới", "effective_on": "2023-03-01", "document_id": renaming})).await.expect(201);
        assert_eq!(a.body["name"], "Thi đua mới");
        assert_eq!(a.body["names"][0]["valid_to"], "2023-02-28");
        let a = app.get("/api/v1/movements?q=THI%20DUA%20CU", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"][0]["name"], "Thi đua mới");
        // Names change only by event.
        let a = app.patch(&format!("/api/v1/movements/{id}"), &app.admin_token, json!({"name": "Sửa tay"})).await.expect(400);
        assert_eq!(a.body["errors"][0]["pointer"], "/name");
        // A movement is added only with a basis document.
        let a = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-Y", "name": "Không căn cứ", "lead_unit_id": unit})).await.expect(400);
        assert_eq!(a.body["errors"][0]["pointer"], "/basis_document_id");
    }
);

both!(
    async fn a_lead_unit_change_is_an_event_with_history(app) {
        let a = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let b = app.unit("SNV", "Sở Nội vụ").await;
        let basis = document(&app, &a, "1/KH", "2021-06-11").await;
        let change = document(&app, &b, "9/QĐ", "2025-03-01").await;
        let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-Z", "name": "Phong trào Z", "lead_unit_id": a, "basis_document_id": basis})).await.expect(201);
        let id = m.body["id"].as_str().unwrap();
        let r = app.post(&format!("/api/v1/movements/{id}/lead-unit-changes"), &app.admin_token, json!({"unit_id": b, "effective_on": "2025-03-01", "document_id": change})).await.expect(201);
        assert_eq!(r.body["lead_unit"]["id"], b.as_str());
        assert_eq!(r.body["lead_units"][0]["unit"]["id"], a.as_str());
        assert_eq!(r.body["lead_units"][0]["valid_to"], "2025-02-28");
        assert_eq!(r.body["lead_units"][1]["document"]["number"], "9/QĐ");
        let officer = app.user("unit_officer", Some(&b)).await;
        app.post(&format!("/api/v1/movements/{id}/lead-unit-changes"), &officer, json!({"unit_id": a, "effective_on": "2025-06-01", "document_id": change})).await.problem(403, "role_required");
        app.patch(&format!("/api/v1/movements/{id}"), &officer, json!({"participation_scale": "broad"})).await.problem(403, "role_required");
        // The scale changes by a document too, not by PATCH.
        app.patch(&format!("/api/v1/movements/{id}"), &app.admin_token, json!({"participation_scale": "broad"})).await.problem(400, "bad_request");
        let p = app.post(&format!("/api/v1/movements/{id}/scale-changes"), &app.admin_token,
            json!({"scale": "broad", "effective_on": "2025-03-01", "document_id": change})).await.expect(201);
        assert_eq!(p.body["participation_scale"], "broad");
        assert_eq!(p.body["scales"][0]["valid_to"], "2025-02-28");
    }
);

both!(
    async fn movements_sort_in_vietnamese_order(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let basis = document(&app, &unit, "1/KH", "2021-06-11").await;
        for (i, name) in ["Xây dựng nông thôn mới", "Đoàn kết sáng tạo", "Dân vận khéo", "Ăn ở sạch", "An toàn giao thông", "Ươm mầm", "Uống nước nhớ nguồn"].iter().enumerate() {
            app.post("/api/v1/movements", &app.admin_token, json!({"code": format!("M{i}"), "name": name, "lead_unit_id": unit, "basis_document_id": basis})).await.expect(201);
        }
        let a = app.get("/api/v1/movements?limit=3", &app.admin_token).await.expect(200);
        let mut names: Vec<String> = a.body["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect();
        let c = a.body["next_cursor"].as_str().unwrap().to_owned();
        let b = app.get(&format!("/api/v1/movements?limit=10&cursor={c}"), &app.admin_token).await.expect(200);
        names.extend(b.body["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()));
        assert_eq!(names, ["An toàn giao thông", "Ăn ở sạch", "Dân vận khéo", "Đoàn kết sáng tạo", "Uống nước nhớ nguồn", "Ươm mầm", "Xây dựng nông thôn mới"]);
    }
);

fn today() -> NaiveDate {
    thidua::domain::today()
}

both!(
    async fn plans_are_due_when_the_coordinator_says_and_their_state_follows_the_dates(app) {
        let lead = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let other = app.unit("SNV", "Sở Nội vụ").await;
        let basis = document(&app, &lead, "1/KH", "2021-06-11").await;
        let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-CDS", "name": "Chuyển đổi số", "lead_unit_id": lead, "basis_document_id": basis, "phase_from": 2021, "phase_to": 2025})).await.expect(201);
        let mid = m.body["id"].as_str().unwrap().to_owned();
        let coordinator = app.user("coordinator", None).await;
        let officer = app.user("unit_officer", Some(&lead)).await;
        let stranger = app.user("unit_officer", Some(&other)).await;
        let year = today().format("%Y").to_string().parse::<i32>().unwrap();
        let yesterday = (today() - Duration::days(1)).to_string();
        let tomorrow = (today() + Duration::days(1)).to_string();

        // A unit never sets its own deadline.
        app.post(&format!("/api/v1/movements/{mid}/plans"), &officer, json!({"kind": "annual", "year": year, "title": "KH", "due_on": tomorrow})).await.problem(403, "role_required");
        let late = app.post(&format!("/api/v1/movements/{mid}/plans"), &coordinator, json!({"kind": "annual", "year": year, "title": "Kế hoạch năm", "due_on": yesterday,
            "targets": [{"indicator": "unit_plans_issued", "target": 4}, {"indicator": "models_discovered", "target": 10}, {"indicator": "other", "target": 3, "description": "Hội nghị sơ kết"}]})).await.expect(201);
        assert_eq!(late.body["state"], "overdue");
        assert_eq!(late.body["unit"]["id"], lead.as_str());
        let pending = app.post(&format!("/api/v1/movements/{mid}/plans"), &coordinator, json!({"kind": "unit_annual", "unit_id": other, "year": year, "title": "Kế hoạch của Sở Nội vụ", "due_on": tomorrow})).await.expect(201);
        assert_eq!(pending.body["state"], "pending");
        let phase = app.post(&format!("/api/v1/movements/{mid}/plans"), &coordinator, json!({"kind": "phase", "title": "Kế hoạch giai đoạn", "due_on": "2021-08-31"})).await.expect(201);
        assert_eq!(phase.body["period_start"], "2021-01-01");
        assert_eq!(phase.body["period_end"], "2025-12-31");
        let late_id = late.body["id"].as_str().unwrap();
        let pending_id = pending.body["id"].as_str().unwrap();
        let phase_id = phase.body["id"].as_str().unwrap();

        app.patch(&format!("/api/v1/movements/{mid}/plans/{late_id}"), &officer, json!({"due_on": tomorrow})).await.problem(403, "role_required");
        app.post(&format!("/api/v1/movements/{mid}/plans/{late_id}/issue"), &stranger, json!({"issued_on": yesterday, "document_number": "1/KH"})).await.problem(403, "other_unit");
        let a = app.post(&format!("/api/v1/movements/{mid}/plans/{phase_id}/issue"), &officer, json!({"issued_on": "2021-05-01", "document_number": "2/KH"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/issued_on");
        let a = app.post(&format!("/api/v1/movements/{mid}/plans/{phase_id}/issue"), &officer, json!({"issued_on": "2021-08-31", "document_number": "2/KH-STTTT"})).await.expect(200);
        assert_eq!(a.body["state"], "issued_on_time");
        let a = app.post(&format!("/api/v1/movements/{mid}/plans/{late_id}/issue"), &officer, json!({"issued_on": today().to_string(), "document_number": "3/KH-STTTT"})).await.expect(200);
        assert_eq!(a.body["state"], "issued_late");
        app.post(&format!("/api/v1/movements/{mid}/plans/{late_id}/issue"), &officer, json!({"issued_on": today().to_string(), "document_number": "4/KH"})).await.problem(409, "already_issued");

        let a = app.get("/api/v1/plans?state=issued_late", &coordinator).await.expect(200);
        assert_eq!(ids(&a.body), [late_id.to_owned()]);
        let a = app.get("/api/v1/plans?state=pending", &coordinator).await.expect(200);
        assert_eq!(ids(&a.body), [pending_id.to_owned()]);
        app.patch(&format!("/api/v1/movements/{mid}/plans/{pending_id}"), &coordinator, json!({"due_on": yesterday})).await.expect(200);
        let a = app.get("/api/v1/plans?state=overdue", &coordinator).await.expect(200);
        assert_eq!(ids(&a.body), [pending_id.to_owned()]);

        // Progress is computed from the data: the unit's own plan, once issued, counts.
        let stranger_issue = app.post(&format!("/api/v1/movements/{mid}/plans/{pending_id}/issue"), &stranger, json!({"issued_on": today().to_string(), "document_number": "5/KH-SNV"})).await.expect(200);
        assert_eq!(stranger_issue.body["state"], "issued_late");
        let (url, mid2, other2) = (app.db.url.clone(), mid.clone(), other.clone());
        let discovered = today();
        run_sql(&url, move |conn| {
            use thidua::store::schema::{exemplary_models as em, model_movements as mm};
            for (i, day) in [discovered, discovered, NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()].iter().enumerate() {
                let id = store::new_id();
                diesel::insert_into(em::table).values((
                    em::id.eq(&id), em::kind.eq("collective"), em::name.eq(format!("Tổ {i}")), em::name_key.eq("k"), em::search_text.eq("t"),
                    em::managing_unit_id.eq(&other2), em::category.eq("small_collective"), em::summary.eq("s"), em::achievements.eq("a"),
                    em::stage.eq("discovered"), em::discovered_on.eq(*day), em::published.eq(false), em::active.eq(true), em::version.eq(1i64),
                    em::created_at.eq(store::now()), em::updated_at.eq(store::now()),
                )).execute(conn).unwrap();
                diesel::insert_into(mm::table).values((mm::model_id.eq(&id), mm::movement_id.eq(&mid2))).execute(conn).unwrap();
            }
        });
        let a = app.get(&format!("/api/v1/movements/{mid}/plans/{late_id}"), &coordinator).await.expect(200);
        let targets = a.body["targets"].as_array().unwrap();
        assert_eq!(targets[0]["achieved"], 1, "{targets:?}");
        assert_eq!(targets[0]["percent"], 25);
        assert_eq!(targets[1]["achieved"], 2, "models discovered this year, any unit: {targets:?}");
        assert_eq!(targets[2]["achieved"], Value::Null);
    }
);

both!(
    async fn a_used_criteria_set_is_frozen_and_changes_make_a_new_version(app) {
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let basis = document(&app, &unit, "1/KH", "2021-06-11").await;
        let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-A", "name": "A", "lead_unit_id": unit, "basis_document_id": basis})).await.expect(201);
        let mid = m.body["id"].as_str().unwrap().to_owned();
        let body = json!({"title": "Bộ tiêu chí", "applies_to": "both", "threshold": 70, "criteria": [
            {"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ", "max_points": 40, "mandatory": true, "pass_mark": 30},
            {"code": "TC2", "title": "Sáng kiến được nhân rộng", "max_points": 60}]});
        let v1 = app.post(&format!("/api/v1/movements/{mid}/criteria-sets"), &app.admin_token, body.clone()).await.expect(201);
        assert_eq!(v1.body["version"], 1);
        assert_eq!(v1.body["max_total"], 100);
        let sid = v1.body["id"].as_str().unwrap().to_owned();
        app.patch(&format!("/api/v1/movements/{mid}/criteria-sets/{sid}"), &app.admin_token, json!({"threshold": 75})).await.expect(200);
        let bad = app.patch(&format!("/api/v1/movements/{mid}/criteria-sets/{sid}"), &app.admin_token, json!({"criteria": [{"code": "TC1", "title": "X", "max_points": -5}]})).await.expect(422);
        let pointers: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert!(pointers.contains(&"/criteria/0/max_points"), "{pointers:?}");

        let used = sid.clone();
        run_sql(&app.db.url, move |conn| store::criteria::mark_used(conn, &used).unwrap());
        let a = app.patch(&format!("/api/v1/movements/{mid}/criteria-sets/{sid}"), &app.admin_token, json!({"threshold": 80})).await.problem(409, "criteria_set_in_use");
        assert_eq!(a.body["version"], 1);
        let v2 = app.post(&format!("/api/v1/movements/{mid}/criteria-sets"), &app.admin_token, body).await.expect(201);
        assert_eq!(v2.body["version"], 2);
        let list = app.get(&format!("/api/v1/movements/{mid}/criteria-sets"), &app.admin_token).await.expect(200);
        let versions: Vec<i64> = list.body["items"].as_array().unwrap().iter().map(|s| s["version"].as_i64().unwrap()).collect();
        assert_eq!(versions, [2, 1]);
        assert_eq!(list.body["items"][1]["threshold"], 75);
        // The lead unit writes its movement's criteria (letter point 2); another unit does not.
        let set = json!({"title": "X", "applies_to": "both", "threshold": 1, "criteria": [{"code": "A", "title": "A", "max_points": 1}]});
        let officer = app.user("unit_officer", Some(&unit)).await;
        app.post(&format!("/api/v1/movements/{mid}/criteria-sets"), &officer, set.clone()).await.expect(201);
        let other = app.unit("STC", "Sở Tài chính").await;
        let stranger = app.user("unit_officer", Some(&other)).await;
        app.post(&format!("/api/v1/movements/{mid}/criteria-sets"), &stranger, set).await.problem(403, "other_unit");
    }
);

pub(crate) async fn funded_movement(app: &TestApp, fund: i64) -> (String, String, String) {
    let lead = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let basis = document(app, &lead, "1/KH", "2021-06-11").await;
    let m = app.post("/api/v1/movements", &app.admin_token, json!({"code": "PT-N", "name": "Vì người nghèo", "lead_unit_id": lead, "basis_document_id": basis})).await.expect(201);
    let res = app
        .client
        .put(app.url("/api/v1/emulation-funds/2025"))
        .bearer_auth(&app.admin_token)
        .json(&json!({"amount": fund}))
        .send()
        .await
        .unwrap();
    crate::helpers::read(res).await.expect(200);
    let officer = app.user("unit_officer", Some(&lead)).await;
    (m.body["id"].as_str().unwrap().to_owned(), lead, officer)
}

both!(
    async fn grants_follow_the_workflow_within_the_fund(app) {
        let (mid, _lead, officer) = funded_movement(&app, 300_000_000).await;
        let stranger_unit = app.unit("SNV", "Sở Nội vụ").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        let coordinator = app.user("coordinator", None).await;
        let approver = app.user("approver", None).await;
        let req = |amount: i64| json!({"movement_id": mid, "year": 2025, "amount": amount, "purpose": "Hỗ trợ xây dựng điển hình tiên tiến"});
        app.post("/api/v1/funding-grants", &stranger, req(1000)).await.problem(403, "other_unit");
        let over = app.post("/api/v1/funding-grants", &officer, req(300_000_001)).await.expect(422);
        assert_eq!(over.body["errors"][0]["pointer"], "/amount");
        app.post("/api/v1/funding-grants", &officer, json!({"movement_id": mid, "year": 2024, "amount": 1, "purpose": "x"})).await.expect(422);
        app.post("/api/v1/funding-grants", &officer, req(0)).await.expect(422);
        let g = app.post("/api/v1/funding-grants", &officer, req(120_000_000)).await.expect(201);
        assert_eq!(g.body["state"], "requested");
        let id = g.body["id"].as_str().unwrap();
        app.post(&format!("/api/v1/funding-grants/{id}/approve"), &approver, json!({"decision_number": "1/QĐ", "decision_date": "2025-05-01"})).await.problem(409, "invalid_transition");
        app.post(&format!("/api/v1/funding-grants/{id}/recommend"), &approver, json!({})).await.problem(403, "role_required");
        app.post(&format!("/api/v1/funding-grants/{id}/recommend"), &coordinator, json!({})).await.expect(200);
        let a = app.post(&format!("/api/v1/funding-grants/{id}/approve"), &approver, json!({"decision_number": "312/QĐ-UBND", "decision_date": "2025-05-20"})).await.expect(200);
        assert_eq!(a.body["state"], "approved");
        assert_eq!(a.body["amount"], 120_000_000);
        let a = app.post(&format!("/api/v1/funding-grants/{id}/reject"), &approver, json!({"reason": "x"})).await.problem(409, "invalid_transition");
        assert_eq!(a.body["allowed_actions"], json!([]));
        let f = app.get("/api/v1/emulation-funds/2025", &approver).await.expect(200);
        assert_eq!((f.body["approved"].as_i64(), f.body["balance"].as_i64()), (Some(120_000_000), Some(180_000_000)));
        let res = app.client.put(app.url("/api/v1/emulation-funds/2025")).bearer_auth(&app.admin_token).json(&json!({"amount": 100_000_000})).send().await.unwrap();
        crate::helpers::read(res).await.problem(409, "fund_below_approved");
        let audit = app.get(&format!("/api/v1/audit-log?entity=funding_grant&entity_id={id}"), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = audit.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["approve", "recommend", "request"]);
    }
);

both!(
    async fn a_grant_request_retried_with_its_key_is_requested_once(app) {
        let (mid, _lead, officer) = funded_movement(&app, 300_000_000).await;
        let body = json!({"movement_id": mid, "year": 2025, "amount": 50_000_000, "purpose": "Hỗ trợ tuyên truyền"});
        let send = |key: &'static str, body: serde_json::Value| {
            let req = app.client.post(app.url("/api/v1/funding-grants")).bearer_auth(&officer)
                .header("Idempotency-Key", key).json(&body);
            async move { crate::helpers::read(req.send().await.unwrap()).await }
        };
        let first = send("yeu-cau-kinh-phi-1", body.clone()).await.expect(201);
        assert!(first.header("idempotent-replayed").is_none());
        let again = send("yeu-cau-kinh-phi-1", body.clone()).await.expect(201);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.text, first.text, "a replay answers the very same body");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        // The same key for another request: refused, and nothing more is requested.
        let other = json!({"movement_id": mid, "year": 2025, "amount": 60_000_000, "purpose": "Hỗ trợ tuyên truyền"});
        let reused = send("yeu-cau-kinh-phi-1", other).await;
        assert_eq!(reused.body["errors"][0]["parameter"], "Idempotency-Key", "{}", reused.text);
        reused.problem(422, "idempotency_key_reused");
        // A malformed key is refused before anything is written.
        send("hai tu", body.clone()).await.problem(400, "idempotency_key_required");
        // Without a key a request is a plain write; with a new key, a new grant.
        app.post("/api/v1/funding-grants", &officer, body.clone()).await.expect(201);
        send("yeu-cau-kinh-phi-2", body).await.expect(201);
        let list = app.get("/api/v1/funding-grants?year=2025", &officer).await.expect(200);
        assert_eq!(list.body["items"].as_array().map(Vec::len), Some(3), "{}", list.text);
    }
);

both!(
    async fn concurrent_approvals_through_two_instances_never_exceed_the_fund(app) {
        let (mid, _lead, officer) = funded_movement(&app, 300_000_000).await;
        let coordinator = app.user("coordinator", None).await;
        let approver = app.user("approver", None).await;
        let mut grants = Vec::new();
        for _ in 0..8 {
            let g = app.post("/api/v1/funding-grants", &officer, json!({"movement_id": mid, "year": 2025, "amount": 100_000_000, "purpose": "Hỗ trợ"})).await.expect(201);
            let id = g.body["id"].as_str().unwrap().to_owned();
            app.post(&format!("/api/v1/funding-grants/{id}/recommend"), &coordinator, json!({})).await.expect(200);
            grants.push(id);
        }
        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for (i, id) in grants.iter().enumerate() {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, id) = (app.client.clone(), approver.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                let res = client.post(format!("{target}/api/v1/funding-grants/{id}/approve")).bearer_auth(token)
                    .json(&json!({"decision_number": "9/QĐ", "decision_date": "2025-06-01"})).send().await.unwrap();
                crate::helpers::read(res).await
            }));
        }
        let mut approved = 0;
        for t in tasks {
            let a = t.await.unwrap();
            match a.status.as_u16() {
                200 => approved += 1,
                409 => {
                    assert_eq!(a.body["code"], "fund_exceeded", "{}", a.text);
                    assert_eq!(a.body["limit"], 300_000_000);
                }
                s => panic!("unexpected {s}: {}", a.text),
            }
        }
        assert_eq!(approved, 3);
        let f = app.get("/api/v1/emulation-funds/2025", &approver).await.expect(200);
        assert_eq!(f.body["approved"], 300_000_000);
        assert_eq!(f.body["balance"], 0);
    }
);

both!(
    async fn names_are_stored_nfc_normalised(app) {
        let decomposed = "So\u{031b}\u{0309} No\u{0302}\u{0323}i vu\u{0323}";
        let a = app.post("/api/v1/units", &app.admin_token, json!({"code": "SNV", "name": decomposed, "kind": "department"})).await.expect(201);
        assert_eq!(a.body["name"], "Sở Nội vụ");
        let a = app.get("/api/v1/units?q=s%E1%BB%9F%20n%E1%BB%99i", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
    }
);

#[test]
fn the_sample_is_marked_and_kept_apart() {
    let tdb = crate::helpers::TestDb::new(Backend::Sqlite);
    let db = Db::connect(&tdb.url, 1).unwrap();
    db.migrate().unwrap();
    let mut conn = db.get().unwrap();
    store::write_tx(&mut conn, thidua::seed::sample).unwrap();
    store::write_tx(&mut conn, thidua::seed::sample).unwrap();
    let units = store::units::list(&mut conn, &Default::default(), None, 200).unwrap();
    let letter: Vec<&str> = thidua::seed::UNITS.iter().map(|(c, _, _)| *c).collect();
    for u in &units {
        assert!(
            letter.contains(&u.code.as_str())
                || (u.code.starts_with(thidua::seed::SAMPLE_PREFIX) && u.name.ends_with("(mẫu)")),
            "{} {}",
            u.code,
            u.name
        );
    }
    assert_eq!(units.len(), letter.len() + 4);
    let groups = store::groups::list(&mut conn, &Default::default(), None, 10).unwrap();
    assert_eq!(groups.len(), 1);
}
