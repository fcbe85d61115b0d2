//! Nominations for commendation: the workflow and who may take each step, quotas that hold
//! across instances, the council's scores with conflicts of interest, duplicates, public
//! comment counted in working days, honours on the public feed, and the exports.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{Answer, TestApp};
use thidua::store::{self, Db};

/// Every nomination here is for this year: the congress quota rules are of 2025.
const YEAR: i32 = 2025;
const DECISION: &str = "2150/QĐ-UBND";
const DECISION_DATE: &str = "2025-12-20";
const POOR: &str = "Vì người nghèo-Không để ai bị bỏ lại phía sau";
const UNIT_NAME: &str = "Sở Lao động-Thương binh và Xã hội";
const BANG_KHEN: &str = "Bằng khen của Chủ tịch UBND tỉnh";

/// Every workflow action, in the order the service lists them.
const ACTIONS: [&str; 11] = [
    "submit",
    "withdraw",
    "start_review",
    "return",
    "open_comment",
    "close_comment",
    "recommend",
    "reject",
    "send_back",
    "approve",
    "revoke",
];

/// The seeded province, a criteria set for PT-NGUOI-NGHEO and the people who act.
pub(crate) struct Setting {
    /// SLDTBXH, the movement's lead unit, which proposes.
    pub(crate) unit: String,
    /// PT-NGUOI-NGHEO (standard participation: 2 places a year).
    pub(crate) movement: String,
    /// bang-khen-ubnd-tinh.
    pub(crate) form: String,
    pub(crate) criteria: String,
    pub(crate) officer: String,
    pub(crate) coordinator: String,
    pub(crate) approver: String,
    /// A document to cite when revoking.
    pub(crate) document: String,
}

impl Setting {
    /// The token of whoever may take `action` in `state`.
    fn actor(&self, action: &str, state: &str) -> &str {
        match action {
            "submit" | "withdraw" => &self.officer,
            "send_back" | "approve" | "revoke" => &self.approver,
            "reject" if state == "recommended" => &self.approver,
            _ => &self.coordinator,
        }
    }
}

pub(crate) fn id_of(a: &Answer) -> String {
    a.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", a.text))
        .to_owned()
}

pub(crate) async fn form_id(app: &TestApp, code: &str) -> String {
    let a = app
        .get("/api/v1/commendation-forms", &app.admin_token)
        .await
        .expect(200);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no form {code}: {}", a.text))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// TC1 (mandatory, 40 points, passes at 30) and TC2 (60 points); the threshold is 70.
async fn criteria_set(app: &TestApp, token: &str, movement: &str) -> String {
    let a = app
        .post(&format!("/api/v1/movements/{movement}/criteria-sets"), token, json!({
            "title": "Bộ tiêu chí lựa chọn điển hình tiên tiến", "applies_to": "both", "threshold": 70,
            "criteria": [
                {"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "max_points": 40, "mandatory": true, "pass_mark": 30},
                {"code": "TC2", "title": "Có sáng kiến, cách làm mới được nhân rộng", "max_points": 60}
            ]
        }))
        .await
        .expect(201);
    id_of(&a)
}

pub(crate) async fn setting(app: &TestApp) -> Setting {
    app.seed().await;
    let m = app.movement_by_code("PT-NGUOI-NGHEO").await;
    assert_eq!(
        m["participation_scale"], "standard",
        "its annual quota is annual-standard (2)"
    );
    let movement = m["id"].as_str().unwrap().to_owned();
    let unit = m["lead_unit"]["id"].as_str().unwrap().to_owned();
    let coordinator = app.user("coordinator", None).await;
    let doc = app
        .post("/api/v1/documents", &app.admin_token, json!({"number": "95/QĐ-UBND", "kind": "decision", "issued_on": "2026-01-10", "issuing_unit_id": unit, "title": "Quyết định thu hồi Bằng khen"}))
        .await
        .expect(201);
    Setting {
        form: form_id(app, "bang-khen-ubnd-tinh").await,
        criteria: criteria_set(app, &coordinator, &movement).await,
        officer: app.user("unit_officer", Some(&unit)).await,
        approver: app.user("approver", None).await,
        document: id_of(&doc),
        coordinator,
        unit,
        movement,
    }
}

/// A model of SLDTBXH in PT-NGUOI-NGHEO, published; an individual with consent.
pub(crate) async fn model(
    app: &TestApp,
    s: &Setting,
    kind: &str,
    name: &str,
    category: &str,
) -> String {
    model_with(app, s, kind, name, category, true).await
}

async fn model_with(
    app: &TestApp,
    s: &Setting,
    kind: &str,
    name: &str,
    category: &str,
    published: bool,
) -> String {
    let a = app
        .post("/api/v1/exemplary-models", &s.officer, json!({
            "kind": kind, "name": name, "managing_unit_id": s.unit, "movement_ids": [s.movement], "category": category,
            "summary": "Giúp nhiều hộ nghèo có việc làm ổn định.", "achievements": "Thành tích chi tiết.",
            "published": published, "consent": kind == "individual"
        }))
        .await
        .expect(201);
    id_of(&a)
}

pub(crate) fn new_nomination(s: &Setting, model: &str) -> Value {
    json!({
        "model_id": model, "movement_id": s.movement, "year": YEAR, "track": "annual", "form_id": s.form,
        "criteria_set_id": s.criteria,
        "dossier": "Báo cáo thành tích: đã giúp 12 hộ thoát nghèo bền vững trong 3 năm."
    })
}

/// A draft nomination of `model` by the unit's officer.
pub(crate) async fn nominate(app: &TestApp, s: &Setting, model: &str) -> String {
    let a = app
        .post("/api/v1/nominations", &s.officer, new_nomination(s, model))
        .await
        .expect(201);
    assert_eq!(a.body["state"], "draft");
    id_of(&a)
}

/// A valid body for `action`.
fn body(action: &str, s: &Setting) -> Value {
    match action {
        "withdraw" => json!({"action": "withdraw", "reason": "Đơn vị rút hồ sơ để bổ sung."}),
        "return" => {
            json!({"action": "return", "comments": "Bổ sung minh chứng số hộ thoát nghèo."})
        }
        "open_comment" => json!({"action": "open_comment"}),
        "reject" => json!({"action": "reject", "reason": "Chưa đạt tiêu chí bắt buộc."}),
        "send_back" => json!({"action": "send_back", "reason": "Cần hội đồng chấm lại."}),
        "approve" => {
            json!({"action": "approve", "decision_number": DECISION, "decision_date": DECISION_DATE})
        }
        "revoke" => {
            json!({"action": "revoke", "reason": "Hồ sơ kê khai không trung thực.", "document_id": s.document})
        }
        other => json!({ "action": other }),
    }
}

pub(crate) async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/nominations/{id}/actions"), token, body)
        .await
}

/// Takes `action` as whoever may, expecting `to`.
async fn step(app: &TestApp, s: &Setting, id: &str, action: &str, to: &str) -> Answer {
    let now = app
        .get(&format!("/api/v1/nominations/{id}"), &app.admin_token)
        .await
        .expect(200);
    let token = s.actor(action, now.body["state"].as_str().unwrap());
    if action == "submit" {
        crate::files::complete_dossier(app, token, id).await;
    }
    let a = act(app, token, id, body(action, s)).await.expect(200);
    assert_eq!(a.body["state"], to, "{action}: {}", a.text);
    a
}

/// Walks a draft forward to `to` along the main road.
async fn walk(app: &TestApp, s: &Setting, id: &str, to: &str) {
    let road = [
        ("submit", "submitted"),
        ("start_review", "in_review"),
        ("recommend", "recommended"),
        ("approve", "approved"),
    ];
    if to == "draft" {
        return;
    }
    for (action, state) in road {
        step(app, s, id, action, state).await;
        if state == to {
            return;
        }
    }
    panic!("{to} is not on the main road");
}

/// A new model nominated and walked to `to`; returns (model, nomination).
async fn nomination_in(app: &TestApp, s: &Setting, name: &str, to: &str) -> (String, String) {
    let m = model(app, s, "collective", name, "small_collective").await;
    let n = nominate(app, s, &m).await;
    walk(app, s, &n, to).await;
    (m, n)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

/// The people of a workflow check, by name.
struct People<'a> {
    all: Vec<(&'a str, &'a str)>,
}

/// In `state`, every action the state does not allow answers 409 with the allowed ones, and
/// every allowed action answers 403 to everyone but its actor. Nothing changes.
async fn probe(
    app: &TestApp,
    s: &Setting,
    people: &People<'_>,
    id: &str,
    state: &str,
    allowed: &[&str],
) {
    let path = format!("/api/v1/nominations/{id}");
    let before = app.get(&path, &app.admin_token).await.expect(200);
    assert_eq!(before.body["state"], state, "{}", before.text);
    for action in ACTIONS {
        if !allowed.contains(&action) {
            let a = act(app, s.actor(action, state), id, body(action, s))
                .await
                .problem(409, "invalid_transition");
            assert_eq!(a.body["state"], state, "{action}: {}", a.text);
            assert_eq!(strings(&a.body["allowed_actions"]), allowed, "{action}");
            continue;
        }
        let rightful = s.actor(action, state);
        for (who, token) in &people.all {
            if *token == rightful {
                continue;
            }
            let a = act(app, token, id, body(action, s)).await;
            assert_eq!(
                a.status.as_u16(),
                403,
                "{who} may not {action} in {state}: {}",
                a.text
            );
            assert_eq!(
                a.body["code"], "role_required",
                "{who} {action}: {}",
                a.text
            );
        }
    }
    // Each caller is offered exactly what it may do.
    for (who, token) in &people.all {
        let a = app.get(&path, token).await.expect(200);
        let mine: Vec<&str> = allowed
            .iter()
            .copied()
            .filter(|x| s.actor(x, state) == *token)
            .collect();
        assert_eq!(
            strings(&a.body["available_actions"]),
            mine,
            "{who} in {state}"
        );
    }
    let after = app.get(&path, &app.admin_token).await.expect(200);
    assert_eq!(
        after.body["version"], before.body["version"],
        "nothing changed"
    );
}

/// The workflow's audit entries of a nomination, oldest first (the dossier's own entries,
/// `dossier_add` and `dossier_remove`, are the files tests' concern).
async fn audit_actions(app: &TestApp, id: &str) -> Vec<String> {
    let a = app
        .get(
            &format!("/api/v1/audit-log?entity=nomination&entity_id={id}&limit=200"),
            &app.admin_token,
        )
        .await
        .expect(200);
    let mut actions: Vec<String> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .filter(|a| !a.starts_with("dossier_"))
        .collect();
    actions.reverse();
    actions
}

both!(
    async fn the_workflow_takes_each_step_only_in_its_state_and_by_its_actor(app) {
        let s = setting(&app).await;
        let reviewer = app.user("reviewer", None).await;
        let viewer = app.user("viewer", None).await;
        let people = People { all: vec![
            ("officer", s.officer.as_str()), ("coordinator", s.coordinator.as_str()), ("approver", s.approver.as_str()),
            ("reviewer", reviewer.as_str()), ("viewer", viewer.as_str()), ("admin", app.admin_token.as_str()),
        ] };
        let m = model(&app, &s, "collective", "Tổ sản xuất rau an toàn thôn Đông", "small_collective").await;
        let created = app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.expect(201);
        let id = id_of(&created);
        assert_eq!(created.header("location"), Some(format!("/api/v1/nominations/{id}").as_str()));
        assert_eq!(created.body["nominee"]["name"], "Tổ sản xuất rau an toàn thôn Đông");
        assert_eq!(created.body["movement"]["name"], POOR);
        assert_eq!(created.body["form"]["name"], BANG_KHEN);
        assert_eq!(created.body["proposing_unit"]["name"], UNIT_NAME);
        assert_eq!(created.body["comment_working_days"], 5);
        assert_eq!(strings(&created.body["available_actions"]), ["submit", "withdraw"]);
        let path = format!("/api/v1/nominations/{id}");

        probe(&app, &s, &people, &id, "draft", &["submit", "withdraw"]).await;
        let a = app.patch(&path, &s.officer, json!({"dossier": "Báo cáo thành tích (bổ sung số liệu năm 2025)."})).await.expect(200);
        assert_eq!(a.body["dossier"], "Báo cáo thành tích (bổ sung số liệu năm 2025).");

        step(&app, &s, &id, "submit", "submitted").await;
        probe(&app, &s, &people, &id, "submitted", &["withdraw", "start_review"]).await;
        app.patch(&path, &s.officer, json!({"dossier": "Sửa sau khi gửi."})).await.problem(409, "not_editable");

        step(&app, &s, &id, "start_review", "in_review").await;
        probe(&app, &s, &people, &id, "in_review", &["withdraw", "return", "open_comment", "recommend", "reject"]).await;

        let a = step(&app, &s, &id, "return", "returned").await;
        assert_eq!(a.body["return_comments"], "Bổ sung minh chứng số hộ thoát nghèo.");
        probe(&app, &s, &people, &id, "returned", &["submit", "withdraw"]).await;
        app.patch(&path, &s.officer, json!({"dossier": "Báo cáo thành tích đã bổ sung minh chứng."})).await.expect(200);
        step(&app, &s, &id, "submit", "submitted").await;
        step(&app, &s, &id, "start_review", "in_review").await;

        step(&app, &s, &id, "recommend", "recommended").await;
        probe(&app, &s, &people, &id, "recommended", &["reject", "send_back", "approve"]).await;
        let a = step(&app, &s, &id, "send_back", "in_review").await;
        assert_eq!(a.body["reason"], "Cần hội đồng chấm lại.");
        step(&app, &s, &id, "recommend", "recommended").await;

        let tomorrow = (thidua::domain::today() + Days::new(1)).to_string();
        let a = act(&app, &s.approver, &id, json!({"action": "approve", "decision_number": DECISION, "decision_date": tomorrow})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/decision_date", "{}", a.text);
        let a = step(&app, &s, &id, "approve", "approved").await;
        assert_eq!((a.body["decision_number"].as_str(), a.body["decision_date"].as_str()), (Some(DECISION), Some(DECISION_DATE)));
        probe(&app, &s, &people, &id, "approved", &["revoke"]).await;

        let a = act(&app, &s.approver, &id, json!({"action": "revoke", "reason": "Kê khai sai.", "document_id": "khong-co"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/document_id", "{}", a.text);
        let a = step(&app, &s, &id, "revoke", "revoked").await;
        assert_eq!(a.body["revocation_document_id"], s.document.as_str());
        assert_eq!(a.body["reason"], "Hồ sơ kê khai không trung thực.");
        probe(&app, &s, &people, &id, "revoked", &[]).await;

        // One audit entry per step taken, and none for the refusals.
        assert_eq!(audit_actions(&app, &id).await, [
            "create", "update", "submit", "start_review", "return", "update", "submit", "start_review",
            "recommend", "send_back", "recommend", "approve", "revoke",
        ]);

        // Withdrawn by the unit during review.
        let (_, withdrawn) = nomination_in(&app, &s, "Tổ hợp tác rút hồ sơ", "in_review").await;
        let a = step(&app, &s, &withdrawn, "withdraw", "withdrawn").await;
        assert_eq!(a.body["reason"], "Đơn vị rút hồ sơ để bổ sung.");
        probe(&app, &s, &people, &withdrawn, "withdrawn", &[]).await;
        assert_eq!(audit_actions(&app, &withdrawn).await, ["create", "submit", "start_review", "withdraw"]);

        // Rejected by the coordinator in review, and by the approver once recommended.
        let (_, by_coordinator) = nomination_in(&app, &s, "Tổ hợp tác bị loại khi xét", "in_review").await;
        step(&app, &s, &by_coordinator, "reject", "rejected").await;
        probe(&app, &s, &people, &by_coordinator, "rejected", &[]).await;
        let (_, by_approver) = nomination_in(&app, &s, "Tổ hợp tác bị loại khi quyết định", "recommended").await;
        let a = act(&app, &s.coordinator, &by_approver, body("reject", &s)).await.problem(403, "role_required");
        assert!(a.body["allowed_actions"].is_null(), "{}", a.text);
        let a = step(&app, &s, &by_approver, "reject", "rejected").await;
        assert_eq!(a.body["reason"], "Chưa đạt tiêu chí bắt buộc.");
        assert_eq!(audit_actions(&app, &by_approver).await, ["create", "submit", "start_review", "recommend", "reject"]);

        // Public comment: only the coordinator closes it, and not before the closing date.
        let (_, commented) = nomination_in(&app, &s, "Tổ hợp tác lấy ý kiến", "in_review").await;
        step(&app, &s, &commented, "open_comment", "public_comment").await;
        probe(&app, &s, &people, &commented, "public_comment", &["close_comment"]).await;
        act(&app, &s.coordinator, &commented, body("close_comment", &s)).await.problem(409, "comment_period_open");

        // A body without a known action is refused before anything happens.
        act(&app, &s.coordinator, &commented, json!({"action": "promote"})).await.expect(400);
        app.get("/api/v1/nominations/khong-co", &app.admin_token).await.expect(404);
    }
);

/// The quota pool of PT-NGUOI-NGHEO in 2025, as the ranking shows it.
pub(crate) async fn pool(app: &TestApp, s: &Setting) -> Value {
    app.get(
        &format!(
            "/api/v1/nominations/ranking?year={YEAR}&track=annual&movement_id={}",
            s.movement
        ),
        &s.coordinator,
    )
    .await
    .expect(200)
    .body["pool"]
        .clone()
}

both!(
    async fn concurrent_recommendations_on_two_instances_never_exceed_the_quota(app) {
        let s = setting(&app).await;
        let mut ids = Vec::new();
        for i in 0..20 {
            let (_, n) = nomination_in(&app, &s, &format!("Tổ hợp tác giảm nghèo số {i}"), "in_review").await;
            ids.push(n);
        }
        let p = pool(&app, &s).await;
        assert_eq!((p["rule"].as_str(), p["limit"].as_i64(), p["used"].as_i64(), p["remaining"].as_i64()), (Some("annual-standard"), Some(2), Some(0), Some(2)), "{p}");

        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, id) = (app.client.clone(), s.coordinator.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                let res = client.post(format!("{target}/api/v1/nominations/{id}/actions")).bearer_auth(token)
                    .json(&json!({"action": "recommend"})).send().await.unwrap();
                (id, crate::helpers::read(res).await)
            }));
        }
        let (mut won, mut refused) = (Vec::new(), Vec::new());
        for t in tasks {
            let (id, a) = t.await.unwrap();
            match a.status.as_u16() {
                200 => {
                    assert_eq!(a.body["state"], "recommended");
                    won.push(id);
                }
                409 => {
                    assert_eq!(a.body["code"], "quota_exceeded", "{}", a.text);
                    assert_eq!((a.body["limit"].as_i64(), a.body["used"].as_i64(), a.body["remaining"].as_i64()), (Some(2), Some(2), Some(0)), "{}", a.text);
                    refused.push(id);
                }
                status => panic!("unexpected {status}: {}", a.text),
            }
        }
        assert_eq!(won.len(), 2, "exactly the quota succeeds");
        assert_eq!(refused.len(), 18);
        let p = pool(&app, &s).await;
        assert_eq!((p["used"].as_i64(), p["remaining"].as_i64()), (Some(2), Some(0)), "{p}");
        let listed = app.get(&format!("/api/v1/nominations?state=recommended&movement_id={}", s.movement), &s.coordinator).await.expect(200);
        let mut listed: Vec<String> = listed.body["items"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_owned()).collect();
        listed.sort();
        won.sort();
        assert_eq!(listed, won);
        for id in &refused {
            let a = app.get(&format!("/api/v1/nominations/{id}"), &s.coordinator).await.expect(200);
            assert_eq!(a.body["state"], "in_review", "a refused recommendation changes nothing");
        }

        // The approver rejects one: its place is free again, for one more only.
        act(&app, &s.approver, &won[0], body("reject", &s)).await.expect(200);
        assert_eq!(pool(&app, &s).await["remaining"], 1);
        act(&other, &s.coordinator, &refused[0], json!({"action": "recommend"})).await.expect(200);
        let a = act(&app, &s.coordinator, &refused[1], json!({"action": "recommend"})).await.problem(409, "quota_exceeded");
        assert_eq!((a.body["used"].as_i64(), a.body["remaining"].as_i64()), (Some(2), Some(0)));
        // Sending one back frees a place too.
        act(&app, &s.approver, &won[1], body("send_back", &s)).await.expect(200);
        act(&app, &s.coordinator, &refused[1], json!({"action": "recommend"})).await.expect(200);
        act(&app, &s.coordinator, &won[1], json!({"action": "recommend"})).await.problem(409, "quota_exceeded");

        // Another movement's pool is its own.
        let women = app.movement_by_code("PT-PHU-NU").await;
        let wid = women["id"].as_str().unwrap().to_owned();
        let set = criteria_set(&app, &s.coordinator, &wid).await;
        let m = app.post("/api/v1/exemplary-models", &s.officer, json!({
            "kind": "collective", "name": "Chi hội phụ nữ thôn Tây", "managing_unit_id": s.unit, "movement_ids": [s.movement, wid],
            "category": "small_collective", "summary": "Chi hội giúp hội viên thoát nghèo."
        })).await.expect(201);
        let mut body_w = new_nomination(&s, &id_of(&m));
        body_w["movement_id"] = json!(wid);
        body_w["criteria_set_id"] = json!(set);
        let n = app.post("/api/v1/nominations", &s.officer, body_w).await.expect(201);
        walk(&app, &s, &id_of(&n), "recommended").await;
        assert_eq!(pool(&app, &s).await["used"], 2);
    }
);

/// A review body: the points of TC1 and TC2.
fn scores(tc1: i64, tc2: i64) -> Value {
    json!({"conflict_of_interest": false, "scores": [{"criterion": "TC1", "points": tc1}, {"criterion": "TC2", "points": tc2}], "note": "Hồ sơ đầy đủ."})
}

async fn review(app: &TestApp, token: &str, id: &str, body: Value) -> Answer {
    app.call(
        Method::PUT,
        &format!("/api/v1/nominations/{id}/reviews/mine"),
        Some(token),
        Some(&body),
    )
    .await
}

both!(
    async fn a_declared_conflict_of_interest_leaves_the_mean_and_the_ranking_follows_it(app) {
        let s = setting(&app).await;
        let (r1, r2, r3) = (app.user("reviewer", None).await, app.user("reviewer", None).await, app.user("reviewer", None).await);
        let (_, low) = nomination_in(&app, &s, "Tổ hợp tác điểm thấp", "in_review").await;
        let (_, high) = nomination_in(&app, &s, "Tổ hợp tác điểm cao", "in_review").await;
        let (_, unscored) = nomination_in(&app, &s, "Tổ hợp tác chưa chấm", "in_review").await;
        let (_, submitted) = nomination_in(&app, &s, "Tổ hợp tác mới gửi", "submitted").await;

        // What a review may not be.
        review(&app, &s.coordinator, &low, scores(30, 50)).await.problem(403, "role_required");
        review(&app, &r1, &submitted, scores(30, 50)).await.problem(409, "not_in_review");
        let a = review(&app, &r1, &low, json!({"conflict_of_interest": false, "scores": [{"criterion": "TC1", "points": 30}]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scores", "{}", a.text);
        assert!(a.text.contains("TC2"), "{}", a.text);
        let a = review(&app, &r1, &low, scores(41, 50)).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scores/0/points", "{}", a.text);
        let a = review(&app, &r1, &low, json!({"conflict_of_interest": false, "scores": [{"criterion": "TC1", "points": 30}, {"criterion": "TC2", "points": 50}, {"criterion": "TC9", "points": 1}]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scores/2/criterion", "{}", a.text);
        let a = review(&app, &r1, &low, json!({"conflict_of_interest": true, "scores": [{"criterion": "TC1", "points": 30}]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scores", "{}", a.text);

        // Two scores and a conflict; a second call replaces the first.
        review(&app, &r1, &low, scores(10, 10)).await.expect(200);
        review(&app, &r1, &low, scores(25, 55)).await.expect(200);
        review(&app, &r2, &low, scores(28, 50)).await.expect(200);
        let a = review(&app, &r3, &low, json!({"conflict_of_interest": true, "note": "Tôi là người thân của tổ trưởng."})).await.expect(200);
        let sum = &a.body["summary"];
        assert_eq!(sum["mean"], 79.0, "(80 + 78) / 2: {}", a.text);
        assert_eq!((sum["count"].as_i64(), sum["excluded"].as_i64(), sum["threshold"].as_i64()), (Some(2), Some(1), Some(70)));
        assert_eq!(sum["meets_threshold"], true);
        let flagged = sum["flagged"].as_array().unwrap();
        assert_eq!(flagged.len(), 1, "{sum}");
        assert_eq!((flagged[0]["code"].as_str(), flagged[0]["mean"].as_f64(), flagged[0]["pass_mark"].as_i64()), (Some("TC1"), Some(26.5), Some(30)));
        let items = a.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        let conflicted = items.iter().find(|r| r["conflict_of_interest"] == true).unwrap();
        assert_eq!(conflicted["total"], Value::Null);
        assert_eq!(conflicted["scores"], json!([]));
        let mut totals: Vec<i64> = items.iter().filter_map(|r| r["total"].as_i64()).collect();
        totals.sort();
        assert_eq!(totals, [78, 80]);

        // The nomination carries the same summary; the reviews are for the council only.
        let n = app.get(&format!("/api/v1/nominations/{low}"), &s.coordinator).await.expect(200);
        assert_eq!(n.body["score"], *sum);
        let listed = app.get(&format!("/api/v1/nominations/{low}/reviews"), &s.approver).await.expect(200);
        assert_eq!(listed.body["summary"], *sum);
        app.get(&format!("/api/v1/nominations/{low}/reviews"), &s.officer).await.problem(403, "role_required");

        review(&app, &r1, &high, scores(38, 52)).await.expect(200);
        let a = review(&app, &r2, &high, scores(36, 54)).await.expect(200);
        assert_eq!(a.body["summary"]["mean"], 90.0);
        assert_eq!(a.body["summary"]["flagged"], json!([]));

        let r = app.get(&format!("/api/v1/nominations/ranking?year={YEAR}&track=annual&movement_id={}", s.movement), &s.coordinator).await.expect(200);
        let order: Vec<(String, Value)> = r.body["items"].as_array().unwrap().iter()
            .map(|i| (i["nomination"]["id"].as_str().unwrap().to_owned(), i["rank"].clone())).collect();
        let ids: Vec<&str> = order.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(&ids[..3], [high.as_str(), low.as_str(), unscored.as_str()], "{}", r.text);
        assert_eq!((order[0].1.as_i64(), order[1].1.as_i64()), (Some(1), Some(2)));
        assert_eq!(order[2].1, Value::Null, "an unscored nomination has no rank");
        assert!(ids.contains(&submitted.as_str()));
        assert_eq!(r.body["pool"]["limit"], 2);
        app.get(&format!("/api/v1/nominations/ranking?year={YEAR}&track=annual"), &s.coordinator).await.expect(400);
        let stranger_unit = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        app.get(&format!("/api/v1/nominations/ranking?year={YEAR}&track=annual&movement_id={}", s.movement), &stranger).await.problem(403, "other_unit");
        // Once recommended, the scores are closed.
        act(&app, &s.coordinator, &high, json!({"action": "recommend"})).await.expect(200);
        review(&app, &r3, &high, scores(30, 30)).await.problem(409, "not_in_review");
    }
);

both!(
    async fn scores_that_fail_the_criteria_set_recommend_only_with_the_coordinators_reason(app) {
        let s = setting(&app).await;
        let (r1, r2) = (app.user("reviewer", None).await, app.user("reviewer", None).await);
        let (_, weak) = nomination_in(&app, &s, "Tổ hợp tác dưới mức đạt", "in_review").await;
        let (_, low) = nomination_in(&app, &s, "Tổ hợp tác dưới ngưỡng", "in_review").await;
        let (_, good) = nomination_in(&app, &s, "Tổ hợp tác đạt", "in_review").await;
        // TC1 (mandatory, pass mark 30) at 26.5, the total at 79 over the threshold 70.
        review(&app, &r1, &weak, scores(25, 55)).await.expect(200);
        review(&app, &r2, &weak, scores(28, 50)).await.expect(200);
        // TC1 at 33, the total at 63: below the threshold.
        review(&app, &r1, &low, scores(32, 30)).await.expect(200);
        review(&app, &r2, &low, scores(34, 32)).await.expect(200);
        review(&app, &r1, &good, scores(38, 52)).await.expect(200);

        let a = act(&app, &s.coordinator, &weak, json!({"action": "recommend"})).await.problem(422, "criteria_not_met");
        let pointers: Vec<&str> = a.body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert_eq!(pointers, ["/criteria/TC1"], "{}", a.text);
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().contains("26.5"), "{}", a.text);
        let a = act(&app, &s.coordinator, &low, json!({"action": "recommend"})).await.problem(422, "criteria_not_met");
        assert_eq!(a.body["errors"][0]["pointer"], "/threshold", "{}", a.text);
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().contains("70"), "{}", a.text);
        assert_eq!(pool(&app, &s).await["used"], 0, "a refused recommendation takes no place");
        act(&app, &s.coordinator, &low, json!({"action": "recommend", "override_reason": "  "})).await.problem(422, "criteria_not_met");

        let reason = "Tập thể tiêu biểu của xã đảo, được Hội đồng thống nhất đề xuất dù tổng điểm dưới ngưỡng.";
        let a = act(&app, &s.coordinator, &low, json!({"action": "recommend", "override_reason": reason})).await.expect(200);
        assert_eq!((a.body["state"].as_str(), a.body["score_override"].as_str()), (Some("recommended"), Some(reason)));
        // A reason that was not needed is not kept.
        let a = act(&app, &s.coordinator, &good, json!({"action": "recommend", "override_reason": "Không cần."})).await.expect(200);
        assert_eq!(a.body["score_override"], Value::Null);

        let audit = app.get(&format!("/api/v1/audit-log?entity_id={low}&action=recommend"), &app.admin_token).await.expect(200);
        assert_eq!(audit.body["items"][0]["after"]["score_override"], reason, "{}", audit.text);
        let query = format!("year={YEAR}&track=annual&movement_id={}", s.movement);
        let (_, bytes) = download(&app, &format!("/api/v1/nominations/recommended.csv?{query}"), &s.approver).await;
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(reason), "the exports show the override: {text}");
    }
);

both!(
    async fn the_same_nominee_form_and_year_is_refused_while_the_first_stands(app) {
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Hợp tác xã nông nghiệp Tân Tiến", "small_collective").await;
        let first = nominate(&app, &s, &m).await;
        let a = app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.problem(409, "duplicate_nomination");
        assert_eq!(a.body["nomination_id"], first.as_str());
        assert!(a.text.contains(&first), "{}", a.text);
        // A coordinator proposing for the unit is refused the same way.
        let mut for_unit = new_nomination(&s, &m);
        for_unit["proposing_unit_id"] = json!(s.unit);
        let a = app.post("/api/v1/nominations", &s.coordinator, for_unit).await.problem(409, "duplicate_nomination");
        assert_eq!(a.body["nomination_id"], first.as_str());

        // Achievements are judged after they happen: no nomination for a year to come.
        let mut ahead = new_nomination(&s, &m);
        ahead["year"] = json!(province_today().year() + 1);
        let a = app.post("/api/v1/nominations", &s.officer, ahead).await.problem(422, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/year", "{}", a.text);

        // Another round is another nomination: honoured (or standing) in the annual round, the
        // model may go to the provincial congress with the same form, once.
        let mut congress = new_nomination(&s, &m);
        congress["track"] = json!("provincial_congress");
        let in_congress = app.post("/api/v1/nominations", &s.officer, congress.clone()).await.expect(201);
        assert_eq!(in_congress.body["congress_id"], "0193a1b2-0000-7000-8000-0000000c0010");
        let a = app.post("/api/v1/nominations", &s.officer, congress).await.problem(409, "duplicate_nomination");
        assert_eq!(a.body["nomination_id"], in_congress.body["id"]);

        // Another form, or another year, is another nomination.
        let flag = form_id(&app, "co-thi-dua-ubnd-tinh").await;
        // A title that requires registration needs one (the registration issue's rule).
        let mut other_form = new_nomination(&s, &m);
        other_form["form_id"] = json!(flag);
        let a = app.post("/api/v1/nominations", &s.officer, other_form).await.problem(422, "not_registered");
        assert_eq!(a.body["errors"][0]["pointer"], "/form_id");
        app.post("/api/v1/title-registrations", &s.officer, json!({"year": YEAR, "awardee_id": m, "award_type_id": flag})).await.expect(201);
        let mut other_form = new_nomination(&s, &m);
        other_form["form_id"] = json!(flag);
        let second = id_of(&app.post("/api/v1/nominations", &s.officer, other_form.clone()).await.expect(201));
        let mut other_year = new_nomination(&s, &m);
        other_year["year"] = json!(YEAR - 1);
        app.post("/api/v1/nominations", &s.officer, other_year).await.expect(201);
        // Changing a draft's form onto a standing one is the same duplicate.
        let a = app.patch(&format!("/api/v1/nominations/{second}"), &s.officer, json!({"form_id": s.form})).await.problem(409, "duplicate_nomination");
        assert_eq!(a.body["nomination_id"], first.as_str());

        // Withdrawn, the first no longer stands; submitted, the new one does.
        walk(&app, &s, &first, "submitted").await;
        app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.problem(409, "duplicate_nomination");
        step(&app, &s, &first, "withdraw", "withdrawn").await;
        let third = id_of(&app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.expect(201));
        let a = app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.problem(409, "duplicate_nomination");
        assert_eq!(a.body["nomination_id"], third.as_str());
        // Rejected, it no longer stands either.
        walk(&app, &s, &third, "in_review").await;
        step(&app, &s, &third, "reject", "rejected").await;
        let fourth = id_of(&app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.expect(201));

        // Racing creations of a new nominee on two instances: one wins, the rest name it.
        let racer = model(&app, &s, "collective", "Tổ hợp tác chăn nuôi Bình Minh", "small_collective").await;
        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for i in 0..8 {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, body) = (app.client.clone(), s.officer.clone(), new_nomination(&s, &racer));
            tasks.push(tokio::spawn(async move {
                let res = client.post(format!("{target}/api/v1/nominations")).bearer_auth(token).json(&body).send().await.unwrap();
                crate::helpers::read(res).await
            }));
        }
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        let winners: Vec<String> = answers.iter().filter(|a| a.status.as_u16() == 201).map(id_of).collect();
        assert_eq!(winners.len(), 1, "{:?}", answers.iter().map(|a| a.text.clone()).collect::<Vec<_>>());
        for a in answers.iter().filter(|a| a.status.as_u16() != 201) {
            assert_eq!(a.status.as_u16(), 409, "{}", a.text);
            assert_eq!(a.body["code"], "duplicate_nomination", "{}", a.text);
            assert_eq!(a.body["nomination_id"], winners[0].as_str());
        }
        let mine = app.get(&format!("/api/v1/nominations?model_id={m}"), &s.officer).await.expect(200);
        assert_eq!(mine.body["items"].as_array().unwrap().len(), 6, "the congress's one too: {}", mine.text);
        assert_eq!(mine.body["items"][0]["id"], fourth.as_str(), "newest first");
    }
);

both!(
    async fn only_a_provincial_congress_honouree_goes_to_the_national_congress(app) {
        let s = setting(&app).await;
        let m = model(&app, &s, "individual", "Nguyễn Thị Hằng", "farmer").await;
        let pm = form_id(&app, "bang-khen-thu-tuong").await;
        let mut national = new_nomination(&s, &m);
        national["track"] = json!("national_congress");
        national["form_id"] = json!(pm);
        app.post("/api/v1/nominations", &s.officer, national.clone()).await.problem(409, "not_provincial_honouree");
        let mut provincial = new_nomination(&s, &m);
        provincial["track"] = json!("provincial_congress");
        let p = id_of(&app.post("/api/v1/nominations", &s.officer, provincial).await.expect(201));
        walk(&app, &s, &p, "recommended").await;
        app.post("/api/v1/nominations", &s.officer, national.clone()).await.problem(409, "not_provincial_honouree");
        step(&app, &s, &p, "approve", "approved").await;
        let n = app.post("/api/v1/nominations", &s.officer, national).await.expect(201);
        assert_eq!(n.body["track"], "national_congress");
        let r = app.get(&format!("/api/v1/nominations/ranking?year={YEAR}&track=provincial_congress"), &s.coordinator).await.expect(200);
        assert_eq!((r.body["pool"]["rule"].as_str(), r.body["pool"]["limit"].as_i64(), r.body["pool"]["used"].as_i64()), (Some("provincial-congress-x-2025"), Some(200), Some(1)));
        // No congress rule for another year.
        let mut later = new_nomination(&s, &m);
        later["track"] = json!("provincial_congress");
        later["year"] = json!(YEAR + 1);
        let a = app.post("/api/v1/nominations", &s.officer, later).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/year", "{}", a.text);
    }
);

/// Today in the province, computed here.
fn province_today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .date_naive()
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap()
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`th weekday after `from` that is not a holiday.
fn nth_working_day(from: NaiveDate, n: usize, holidays: &HashSet<NaiveDate>) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = next_day(day);
        if !weekend(day) && !holidays.contains(&day) {
            left -= 1;
        }
    }
    day
}

async fn holidays_of(app: &TestApp, year: i32) -> Vec<(String, String)> {
    let a = app
        .get(&format!("/api/v1/holidays?year={year}"), &app.admin_token)
        .await
        .expect(200);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["date"].as_str().unwrap().to_owned(),
                h["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
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

/// The closing date of a public comment period, moved as time would move it.
fn set_closing_date(app: &TestApp, id: &str, day: NaiveDate) {
    let id = id.to_owned();
    run_sql(&app.db.url, move |conn| {
        use diesel::prelude::*;
        use thidua::store::schema::nominations as n;
        diesel::update(n::table.find(id))
            .set(n::comment_closes_on.eq(Some(day)))
            .execute(conn)
            .unwrap();
    });
}

both!(
    async fn public_comment_runs_for_working_days_and_reaches_only_the_coordinator(app) {
        let s = setting(&app).await;
        let today = province_today();
        // The next two weekdays are holidays, and so is the next Saturday (it counts once).
        let first = nth_working_day(today, 1, &HashSet::new());
        let second = nth_working_day(today, 2, &HashSet::new());
        let mut saturday = next_day(today);
        while saturday.weekday() != Weekday::Sat {
            saturday = next_day(saturday);
        }
        for (day, name) in [(first, "Nghỉ lễ thứ nhất"), (second, "Nghỉ lễ thứ hai"), (saturday, "Nghỉ lễ vào thứ Bảy")] {
            let a = app.post("/api/v1/holidays", &s.coordinator, json!({"date": day.to_string(), "name": name})).await.expect(201);
            assert_eq!(a.body["date"], day.to_string());
            assert_eq!(a.header("location"), Some(format!("/api/v1/holidays/{day}").as_str()));
        }
        app.post("/api/v1/holidays", &s.coordinator, json!({"date": first.to_string(), "name": "Trùng"})).await.problem(409, "duplicate");
        app.post("/api/v1/holidays", &s.officer, json!({"date": "2026-09-02", "name": "Quốc khánh"})).await.problem(403, "role_required");
        let extra = "2030-09-02";
        app.post("/api/v1/holidays", &app.admin_token, json!({"date": extra, "name": "Quốc khánh"})).await.expect(201);
        assert_eq!(holidays_of(&app, 2030).await, [(extra.to_owned(), "Quốc khánh".to_owned())]);
        let res = app.client.delete(app.url(&format!("/api/v1/holidays/{extra}"))).bearer_auth(&s.coordinator).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        let res = app.client.delete(app.url(&format!("/api/v1/holidays/{extra}"))).bearer_auth(&s.coordinator).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 404);
        assert!(holidays_of(&app, 2030).await.is_empty());
        let listed: Vec<String> = holidays_of(&app, first.year()).await.into_iter().map(|(d, _)| d).collect();
        assert!(listed.contains(&first.to_string()), "{listed:?}");

        // The nominee must be public before the public is asked.
        let hidden = model_with(&app, &s, "collective", "Tổ hợp tác chưa công khai", "small_collective", false).await;
        let n = nominate(&app, &s, &hidden).await;
        walk(&app, &s, &n, "in_review").await;
        act(&app, &s.coordinator, &n, json!({"action": "open_comment"})).await.problem(409, "nominee_not_public");
        let unconsented = app.post("/api/v1/exemplary-models", &s.officer, json!({
            "kind": "individual", "name": "Trần Văn Chưa Đồng Ý", "managing_unit_id": s.unit, "movement_ids": [s.movement],
            "category": "farmer", "summary": "Nông dân giỏi.", "published": true
        })).await.expect(201);
        let n = nominate(&app, &s, &id_of(&unconsented)).await;
        walk(&app, &s, &n, "in_review").await;
        act(&app, &s.coordinator, &n, json!({"action": "open_comment"})).await.problem(409, "nominee_not_public");

        let m = model(&app, &s, "collective", "Tổ hợp tác rau sạch Đồng Tâm", "small_collective").await;
        let id = nominate(&app, &s, &m).await;
        walk(&app, &s, &id, "in_review").await;
        let comments_path = format!("/public/v1/nominations/{id}/comments");
        let comment = json!({"name": "Nguyễn Văn An", "contact": "0912 000 111", "comment": "Tổ hợp tác đã giúp nhiều hộ trong thôn, tôi đồng ý đề nghị khen thưởng."});
        app.call(Method::POST, &comments_path, None, Some(&comment)).await.expect(404);

        let a = act(&app, &s.coordinator, &id, json!({"action": "open_comment", "working_days": 3})).await.expect(200);
        assert_eq!(a.body["state"], "public_comment");
        let holidays: HashSet<NaiveDate> = [first, second, saturday].into();
        let expected = nth_working_day(today, 3, &holidays);
        assert!(expected > today && !weekend(expected) && !holidays.contains(&expected));
        assert_eq!(expected, thidua::domain::nominations::add_working_days(thidua::domain::today(), 3, &holidays));
        assert_eq!(a.body["comment_closes_on"], expected.to_string(), "{}", a.text);
        assert_eq!(a.body["comment_working_days"], 3);

        let open = app.call(Method::GET, "/public/v1/nominations/open", None, None).await.expect(200);
        let items = open.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{}", open.text);
        assert_eq!(items[0]["id"], id.as_str());
        assert_eq!(items[0]["comment_closes_on"], expected.to_string());
        assert_eq!(items[0]["nominee"]["name"], "Tổ hợp tác rau sạch Đồng Tâm");
        assert_eq!(items[0]["form"], BANG_KHEN);
        assert!(items[0].get("dossier").is_none() && items[0].get("score").is_none(), "{}", open.text);

        // Anyone comments; only the council reads it.
        let c = app.call(Method::POST, &comments_path, None, Some(&comment)).await.expect(201);
        assert!(c.body["id"].is_string() && c.body["received_at"].is_string(), "{}", c.text);
        app.call(Method::POST, &comments_path, None, Some(&json!({"comment": "Ý kiến không tên."}))).await.expect(201);
        app.call(Method::POST, &comments_path, None, Some(&json!({"comment": ""}))).await.expect(422);
        app.call(Method::POST, "/public/v1/nominations/khong-co/comments", None, Some(&comment)).await.expect(404);
        let seen = app.get(&format!("/api/v1/nominations/{id}/comments"), &s.coordinator).await.expect(200);
        let seen_items = seen.body["items"].as_array().unwrap();
        assert_eq!(seen_items.len(), 2, "{}", seen.text);
        assert_eq!(seen_items[0]["id"], c.body["id"]);
        assert_eq!((seen_items[0]["author_name"].as_str(), seen_items[0]["contact"].as_str()), (Some("Nguyễn Văn An"), Some("0912 000 111")));
        assert_eq!(seen_items[0]["comment"], comment["comment"]);
        assert_eq!(seen_items[1]["author_name"], Value::Null);
        app.get(&format!("/api/v1/nominations/{id}/comments"), &s.officer).await.problem(403, "role_required");
        // The rest of the council reads the comments, not the commenters' contact details.
        for role in ["viewer", "reviewer", "approver"] {
            let token = app.user(role, None).await;
            let seen = app.get(&format!("/api/v1/nominations/{id}/comments"), &token).await.expect(200);
            assert_eq!(seen.body["items"][0]["author_name"], "Nguyễn Văn An", "{role}");
            assert_eq!(seen.body["items"][0]["contact"], Value::Null, "{role}: {}", seen.text);
        }
        let open = app.call(Method::GET, "/public/v1/nominations/open", None, None).await.expect(200);
        assert!(!open.text.contains("tôi đồng ý") && !open.text.contains("0912 000 111"), "{}", open.text);

        // Reviewers still score; the coordinator cannot close early.
        let reviewer = app.user("reviewer", None).await;
        review(&app, &reviewer, &id, scores(35, 50)).await.expect(200);
        let a = act(&app, &s.coordinator, &id, json!({"action": "close_comment"})).await.problem(409, "comment_period_open");
        assert_eq!(a.body["comment_closes_on"], expected.to_string());

        // Comments run to the end of the closing day, and no longer; then the coordinator closes.
        set_closing_date(&app, &id, today);
        app.call(Method::POST, &comments_path, None, Some(&json!({"comment": "Gửi trong ngày cuối."}))).await.expect(201);
        set_closing_date(&app, &id, today - Days::new(1));
        app.call(Method::POST, &comments_path, None, Some(&comment)).await.problem(409, "comment_closed");
        let seen = app.get(&format!("/api/v1/nominations/{id}/comments"), &app.admin_token).await.expect(200);
        assert_eq!(seen.body["items"].as_array().unwrap().len(), 3, "{}", seen.text);
        let a = act(&app, &s.coordinator, &id, json!({"action": "close_comment"})).await.expect(200);
        assert_eq!(a.body["state"], "in_review");
        let open = app.call(Method::GET, "/public/v1/nominations/open", None, None).await.expect(200);
        assert!(open.body["items"].as_array().unwrap().is_empty(), "{}", open.text);
        app.call(Method::POST, &comments_path, None, Some(&comment)).await.expect(404);

        // Opened again without a count: the nomination's own working days (5 by default).
        let a = act(&app, &s.coordinator, &id, json!({"action": "open_comment"})).await.expect(200);
        assert_eq!(a.body["comment_closes_on"], nth_working_day(today, 3, &holidays).to_string(), "the last count was kept: {}", a.text);
        let (_, fresh) = nomination_in(&app, &s, "Tổ hợp tác mặc định", "in_review").await;
        let a = act(&app, &s.coordinator, &fresh, json!({"action": "open_comment"})).await.expect(200);
        assert_eq!(a.body["comment_closes_on"], nth_working_day(today, 5, &holidays).to_string());
        act(&app, &s.coordinator, &fresh, json!({"action": "open_comment", "working_days": 61})).await.expect(422);
    }
);

async fn public_token(app: &TestApp) -> String {
    app.call(Method::GET, "/public/v1/exemplary-models", None, None)
        .await
        .expect(200)
        .body["sync_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn changes_since(app: &TestApp, token: &str) -> Vec<Value> {
    let a = app
        .call(
            Method::GET,
            &format!("/public/v1/exemplary-models/changes?since={token}"),
            None,
            None,
        )
        .await
        .expect(200);
    a.body["changes"].as_array().unwrap().clone()
}

both!(
    async fn an_honour_reaches_the_public_page_and_a_revocation_takes_it_back(app) {
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Hợp tác xã dịch vụ nông nghiệp Hồng Châu", "small_collective").await;
        let hidden = model_with(&app, &s, "collective", "Tổ hợp tác không công khai", "small_collective", false).await;
        let id = nominate(&app, &s, &m).await;
        let hidden_n = nominate(&app, &s, &hidden).await;
        walk(&app, &s, &id, "recommended").await;
        walk(&app, &s, &hidden_n, "recommended").await;
        let page = format!("/public/v1/exemplary-models/{m}");
        let honours = format!("/public/v1/honours?year={YEAR}&movement={}", s.movement);
        let before = app.call(Method::GET, &page, None, None).await.expect(200);
        assert_eq!(before.body["honours"], json!([]));
        let token = public_token(&app).await;

        step(&app, &s, &id, "approve", "approved").await;
        step(&app, &s, &hidden_n, "approve", "approved").await;
        let expected = json!([{"nomination_id": id, "form": BANG_KHEN, "year": YEAR, "track": "annual", "decision_number": DECISION, "decision_date": DECISION_DATE}]);
        let a = app.call(Method::GET, &page, None, None).await.expect(200);
        assert_eq!(a.body["honours"], expected, "{}", a.text);
        let list = app.call(Method::GET, &honours, None, None).await.expect(200);
        let items = list.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "only public models' honours: {}", list.text);
        assert_eq!(items[0]["nomination_id"], id.as_str());
        assert_eq!(items[0]["nominee"]["name"], "Hợp tác xã dịch vụ nông nghiệp Hồng Châu");
        assert_eq!(items[0]["movement"]["name"], POOR);
        assert_eq!((items[0]["decision_number"].as_str(), items[0]["decision_date"].as_str()), (Some(DECISION), Some(DECISION_DATE)));
        let other_year = app.call(Method::GET, &format!("/public/v1/honours?year={}", YEAR - 1), None, None).await.expect(200);
        assert!(other_year.body["items"].as_array().unwrap().is_empty());
        // The approval wrote the award register in its transaction: the Chairman's decision.
        let record = app.get(&format!("/api/v1/awardees/{m}/awards"), &s.officer).await.expect(200);
        let award = &record.body["items"][0];
        assert_eq!((award["nomination_id"].as_str(), award["decision_number"].as_str()), (Some(id.as_str()), Some(DECISION)), "{}", record.text);
        assert_eq!((award["issuing_authority"].as_str(), award["period_from"].as_i64(), award["award_type"]["code"].as_str()), (Some("Chủ tịch UBND tỉnh"), Some(i64::from(YEAR)), Some("bang-khen-ubnd-tinh")));
        let award_id = award["id"].as_str().unwrap().to_owned();
        let direct = json!({"document_id": s.document, "reason": "Thu hồi trực tiếp."});
        let a = app.post(&format!("/api/v1/awards/{award_id}/revoke"), &s.coordinator, direct).await.problem(409, "award_of_nomination");
        assert_eq!(a.body["nomination_id"], id.as_str());
        let feed = changes_since(&app, &token).await;
        let change = feed.iter().find(|c| c["id"] == m.as_str()).unwrap_or_else(|| panic!("the approval is a change: {feed:?}"));
        assert_eq!(change["change"], "upsert");
        assert_eq!(change["model"]["honours"], expected);
        // A model the public never saw leaves at most a bare tombstone, never its data.
        for c in feed.iter().filter(|c| c["id"] == hidden.as_str()) {
            assert_eq!((c["change"].as_str(), c["model"].is_null()), (Some("delete"), true), "{c}");
        }

        let token = public_token(&app).await;
        step(&app, &s, &id, "revoke", "revoked").await;
        let award = app.get(&format!("/api/v1/awards/{award_id}"), &s.officer).await.expect(200);
        assert_eq!((award.body["revoked"].as_bool(), award.body["revocation_document_id"].as_str()), (Some(true), Some(s.document.as_str())), "the register keeps it, revoked");
        let a = app.call(Method::GET, &page, None, None).await.expect(200);
        assert_eq!(a.body["honours"], json!([]), "{}", a.text);
        let list = app.call(Method::GET, &honours, None, None).await.expect(200);
        assert!(list.body["items"].as_array().unwrap().is_empty(), "{}", list.text);
        let feed = changes_since(&app, &token).await;
        let change = feed.iter().find(|c| c["id"] == m.as_str()).unwrap_or_else(|| panic!("the revocation is a change: {feed:?}"));
        assert_eq!(change["change"], "upsert", "the model stays public, without the honour");
        assert_eq!(change["model"]["honours"], json!([]));
        // The revoked honour keeps its place in the year's quota.
        let p = pool(&app, &s).await;
        assert_eq!((p["used"].as_i64(), p["remaining"].as_i64()), (Some(2), Some(0)), "{p}");
    }
);

/// The body of a GET, as bytes, with its headers.
async fn download(app: &TestApp, path: &str, token: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let (status, headers, bytes) = app.get_raw(path, token).await;
    assert_eq!(status, 200, "{path}");
    (headers, bytes)
}

const HEADINGS: [&str; 9] = [
    "STT",
    "Tên tập thể, cá nhân",
    "Loại",
    "Đơn vị",
    "Phong trào",
    "Hình thức khen thưởng",
    "Điểm",
    "Đối tượng ưu tiên",
    "Lý do đề xuất khi điểm chưa đạt",
];

both!(
    async fn the_recommended_list_exports_to_csv_and_xlsx_in_score_order(app) {
        use calamine::Reader;
        let s = setting(&app).await;
        let reviewer = app.user("reviewer", None).await;
        // Created first, scored lower.
        let quoted = "Tổ hợp tác \"Rau sạch\", thôn Đông";
        let a = model(&app, &s, "collective", quoted, "small_collective").await;
        let b = model(&app, &s, "individual", "Nguyễn Thị Hằng", "farmer").await;
        let c = model(&app, &s, "individual", "Lê Văn Quản", "manager").await;
        let (na, nb, nc) = (nominate(&app, &s, &a).await, nominate(&app, &s, &b).await, nominate(&app, &s, &c).await);
        for n in [&na, &nb, &nc] {
            walk(&app, &s, n, "in_review").await;
        }
        review(&app, &reviewer, &na, scores(35, 45)).await.expect(200);
        review(&app, &reviewer, &nb, scores(38, 52)).await.expect(200);
        act(&app, &s.coordinator, &na, json!({"action": "recommend"})).await.expect(200);
        act(&app, &s.coordinator, &nb, json!({"action": "recommend"})).await.expect(200);

        let query = format!("year={YEAR}&track=annual&movement_id={}", s.movement);
        let (headers, bytes) = download(&app, &format!("/api/v1/nominations/recommended.csv?{query}"), &s.approver).await;
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert!(headers["content-disposition"].to_str().unwrap().contains("de-nghi-khen-thuong-annual-2025.csv"));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for spreadsheet programs");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("STT,\"Tên tập thể, cá nhân\",Loại,"), "{text}");
        let rows: Vec<Vec<String>> = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]).records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert_eq!(rows[0], HEADINGS);
        assert_eq!(rows[1], ["1", "Nguyễn Thị Hằng", "Cá nhân", UNIT_NAME, POOR, BANG_KHEN, "90.00", "Nông dân", ""]);
        assert_eq!(rows[2], ["2", quoted, "Tập thể", UNIT_NAME, POOR, BANG_KHEN, "80.00", "Tập thể nhỏ", ""]);
        assert!(!text.contains("Lê Văn Quản"), "only recommended nominations");

        let (headers, bytes) = download(&app, &format!("/api/v1/nominations/recommended.xlsx?{query}"), &s.coordinator).await;
        assert_eq!(headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Danh sách đề nghị"]);
        let range = book.worksheet_range("Danh sách đề nghị").unwrap();
        let cells: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(cells.len(), 3);
        let heading: Vec<String> = cells[0].iter().map(|d| d.to_string()).collect();
        assert_eq!(heading, HEADINGS);
        assert_eq!(cells[1][0], calamine::Data::Float(1.0));
        assert_eq!(cells[1][1], calamine::Data::String("Nguyễn Thị Hằng".into()));
        assert_eq!(cells[1][4], calamine::Data::String(POOR.into()));
        assert_eq!(cells[1][6], calamine::Data::Float(90.0));
        assert_eq!(cells[2][0], calamine::Data::Float(2.0));
        assert_eq!(cells[2][1], calamine::Data::String(quoted.into()));
        assert_eq!(cells[2][6], calamine::Data::Float(80.0));
        assert_eq!(cells[2][7], calamine::Data::String("Tập thể nhỏ".into()));

        // The lead unit reads its movement's list; another unit does not.
        let res = app.client.get(app.url(&format!("/api/v1/nominations/recommended.csv?{query}"))).bearer_auth(&s.officer).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let stranger_unit = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        let res = app.client.get(app.url(&format!("/api/v1/nominations/recommended.csv?{query}"))).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403);

        // The year's statistics: the pool is full, two of three nominees are in priority categories.
        let st = app.get(&format!("/api/v1/stats/nominations?year={YEAR}"), &s.coordinator).await.expect(200);
        assert_eq!(st.body["year"], YEAR);
        let pools = st.body["pools"].as_array().unwrap();
        let mine = pools.iter().find(|p| p["movement_id"] == s.movement.as_str()).unwrap();
        assert_eq!((mine["rule"].as_str(), mine["limit"].as_i64(), mine["used"].as_i64(), mine["remaining"].as_i64()), (Some("annual-standard"), Some(2), Some(2), Some(0)));
        assert_eq!(pools.len(), 3 + 2, "three movements and two congresses: {}", st.text);
        assert!(pools.iter().any(|p| p["rule"] == "national-congress-xi-2025" && p["used"] == 0));
        assert_eq!((st.body["nominees"]["total"].as_i64(), st.body["nominees"]["priority"].as_i64()), (Some(3), Some(2)), "{}", st.text);
        assert!((st.body["nominees"]["share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-3);
        assert_eq!(st.body["honourees"]["total"], 0);
        step(&app, &s, &nb, "approve", "approved").await;
        let st = app.get(&format!("/api/v1/stats/nominations?year={YEAR}"), &s.coordinator).await.expect(200);
        assert_eq!((st.body["honourees"]["total"].as_i64(), st.body["honourees"]["priority"].as_i64(), st.body["honourees"]["share"].as_f64()), (Some(1), Some(1), Some(1.0)));
        // Approved, it leaves the list to decide.
        let (_, bytes) = download(&app, &format!("/api/v1/nominations/recommended.csv?{query}"), &s.approver).await;
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("Nguyễn Thị Hằng") && text.contains("Rau sạch"), "{text}");
    }
);

both!(
    async fn an_officer_of_another_unit_neither_reads_nor_acts(app) {
        let s = setting(&app).await;
        let other_unit = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&other_unit)).await;
        let m = model(&app, &s, "collective", "Tổ hợp tác xây dựng nông thôn mới", "small_collective").await;
        let id = nominate(&app, &s, &m).await;
        let path = format!("/api/v1/nominations/{id}");
        app.get(&path, &stranger).await.problem(403, "other_unit");
        let a = app.get("/api/v1/nominations", &stranger).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().is_empty(), "{}", a.text);
        let a = app.get(&format!("/api/v1/nominations?proposing_unit_id={}", s.unit), &stranger).await.expect(200);
        assert!(a.body["items"].as_array().unwrap().is_empty(), "the filter cannot widen an officer's view: {}", a.text);
        for action in ["submit", "withdraw"] {
            act(&app, &stranger, &id, body(action, &s)).await.problem(403, "other_unit");
        }
        app.patch(&path, &stranger, json!({"dossier": "Sửa trộm."})).await.problem(403, "other_unit");
        let mut theirs = new_nomination(&s, &m);
        theirs["proposing_unit_id"] = json!(s.unit);
        app.post("/api/v1/nominations", &stranger, theirs).await.problem(403, "other_unit");
        app.get(&format!("{path}/reviews"), &stranger).await.problem(403, "role_required");
        app.get(&format!("{path}/comments"), &stranger).await.problem(403, "role_required");

        // Nothing changed, and the own unit still reads and acts.
        let a = app.get(&path, &s.officer).await.expect(200);
        assert_eq!((a.body["state"].as_str(), a.body["version"].as_i64()), (Some("draft"), Some(1)));
        let a = app.get("/api/v1/nominations", &s.officer).await.expect(200);
        assert_eq!(a.body["items"][0]["id"], id.as_str());
        walk(&app, &s, &id, "in_review").await;
        act(&app, &stranger, &id, body("withdraw", &s)).await.problem(403, "other_unit");
        let viewer = app.user("viewer", None).await;
        app.get(&path, &viewer).await.expect(200);
        act(&app, &viewer, &id, body("recommend", &s)).await.problem(403, "role_required");
    }
);

both!(
    async fn a_units_client_never_creates_a_nomination_it_cannot_read(app) {
        // The workflow is for people: a unit's software either may not propose (the officer of
        // the unit does), or reads back what it proposed.
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Tổ hợp tác do phần mềm đề nghị", "small_collective").await;
        let (client_id, secret) = app.api_client(&s.unit, "models:write").await;
        let res = app.client.post(app.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)]).send().await.unwrap();
        let token = crate::helpers::read(res).await.expect(200).body["access_token"].as_str().unwrap().to_owned();
        let created = app.post("/api/v1/nominations", &token, new_nomination(&s, &m)).await;
        if created.status.as_u16() == 201 {
            let id = id_of(&created);
            let a = app.get(&format!("/api/v1/nominations/{id}"), &token).await;
            assert_eq!(a.status.as_u16(), 200, "the client created {id} but cannot read it: {}", a.text);
        } else {
            assert_eq!(created.status.as_u16(), 403, "{}", created.text);
        }
    }
);

/// A request with `If-Match`.
async fn if_match(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    tag: &str,
    body: Value,
) -> Answer {
    let res = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("if-match", tag)
        .json(&body)
        .send()
        .await
        .unwrap();
    crate::helpers::read(res).await
}

both!(
    async fn edits_and_steps_taken_on_a_stale_version_are_refused(app) {
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Tổ hợp tác thủ công mỹ nghệ", "small_collective").await;
        let id = nominate(&app, &s, &m).await;
        let path = format!("/api/v1/nominations/{id}");
        let a = app.get(&path, &s.officer).await.expect(200);
        assert_eq!(a.header("etag"), Some("\"1\""));
        let a = if_match(&app, Method::PATCH, &path, &s.officer, "\"1\"", json!({"dossier": "Bản sửa thứ nhất."})).await.expect(200);
        assert_eq!(a.header("etag"), Some("\"2\""));
        let a = if_match(&app, Method::PATCH, &path, &s.officer, "\"1\"", json!({"dossier": "Bản sửa dựa trên bản cũ."})).await.problem(412, "stale_etag");
        assert_eq!(a.body["current_etag"], "\"2\"");
        crate::files::complete_dossier(&app, &s.officer, &id).await;
        if_match(&app, Method::POST, &format!("{path}/actions"), &s.officer, "\"1\"", json!({"action": "submit"})).await.problem(412, "stale_etag");
        let a = if_match(&app, Method::POST, &format!("{path}/actions"), &s.officer, "\"2\"", json!({"action": "submit"})).await.expect(200);
        assert_eq!((a.body["state"].as_str(), a.body["dossier"].as_str()), (Some("submitted"), Some("Bản sửa thứ nhất.")));
    }
);

both!(
    async fn scores_given_against_an_earlier_criteria_set_do_not_count_against_a_new_one(app) {
        let s = setting(&app).await;
        let (r1, r2) = (app.user("reviewer", None).await, app.user("reviewer", None).await);
        let (_, id) = nomination_in(&app, &s, "Tổ hợp tác đổi bộ tiêu chí", "in_review").await;
        review(&app, &r1, &id, scores(25, 55)).await.expect(200);
        review(&app, &r2, &id, scores(28, 50)).await.expect(200);
        step(&app, &s, &id, "return", "returned").await;

        // The unit changes the version its dossier is judged by; another movement's set is refused.
        let v2 = criteria_set(&app, &s.coordinator, &s.movement).await;
        let women = app.movement_by_code("PT-PHU-NU").await;
        let foreign = criteria_set(&app, &s.coordinator, women["id"].as_str().unwrap()).await;
        let path = format!("/api/v1/nominations/{id}");
        let a = app.patch(&path, &s.officer, json!({"criteria_set_id": foreign})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/criteria_set_id");
        let a = app.patch(&path, &s.officer, json!({"criteria_set_id": v2})).await.expect(200);
        assert_eq!(a.body["criteria_set_id"], v2.as_str());
        walk(&app, &s, &id, "in_review").await;

        let r = app.get(&format!("{path}/reviews"), &s.coordinator).await.expect(200);
        // Every counted review scores the criteria of the set the nomination is judged by, and
        // the mean is the mean of those reviews' totals.
        let counted: Vec<&Value> = r.body["items"].as_array().unwrap().iter().filter(|i| i["conflict_of_interest"] == false).collect();
        for item in &counted {
            let codes: Vec<&str> = item["scores"].as_array().unwrap().iter().map(|x| x["criterion"].as_str().unwrap()).collect();
            assert!(codes.iter().all(|c| ["TC1", "TC2"].contains(c)), "a review names criteria outside set {v2}: {}", r.text);
        }
        let summary = &r.body["summary"];
        assert_eq!(summary["count"].as_i64(), Some(counted.len() as i64), "{}", r.text);
        if !counted.is_empty() {
            let totals: Vec<i64> = counted.iter().map(|i| i["total"].as_i64().unwrap()).collect();
            let tc1: Vec<i64> = counted.iter().map(|i| i["scores"].as_array().unwrap().iter().find(|x| x["criterion"] == "TC1").unwrap()["points"].as_i64().unwrap()).collect();
            assert_eq!(summary["mean"].as_f64(), Some(totals.iter().sum::<i64>() as f64 / totals.len() as f64));
            let tc1_mean = tc1.iter().sum::<i64>() as f64 / tc1.len() as f64;
            assert_eq!(summary["flagged"][0]["mean"].as_f64(), Some(tc1_mean), "{}", r.text);
        }
    }
);

/// A model managed by `unit`, created by `token`, in the setting's movement.
async fn model_of(app: &TestApp, s: &Setting, token: &str, unit: &str, name: &str) -> String {
    let a = app
        .post("/api/v1/exemplary-models", token, json!({
            "kind": "collective", "name": name, "managing_unit_id": unit, "movement_ids": [s.movement],
            "category": "small_collective", "summary": "Làm tốt công tác giảm nghèo.", "achievements": "Thành tích.",
            "published": false
        }))
        .await
        .expect(201);
    id_of(&a)
}

both!(
    async fn only_the_nominees_unit_the_lead_unit_or_the_coordinator_proposes(app) {
        let s = setting(&app).await;
        let other = app.unit("STC", "Sở Tài chính").await;
        let stranger_unit = app.unit("SXD", "Sở Xây dựng").await;
        let other_officer = app.user("unit_officer", Some(&other)).await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;

        // Another unit's officer cannot nominate the lead unit's unpublished model, for itself
        // or in the lead unit's name, and the attempt holds no place.
        let own = model_of(&app, &s, &s.officer, &s.unit, "Phòng Bảo trợ xã hội").await;
        let mut for_itself = new_nomination(&s, &own);
        for_itself["proposing_unit_id"] = json!(stranger_unit);
        app.post("/api/v1/nominations", &stranger, for_itself).await.problem(403, "other_unit");
        app.post("/api/v1/nominations", &stranger, new_nomination(&s, &own)).await.problem(403, "other_unit");
        let mut in_its_name = new_nomination(&s, &own);
        in_its_name["proposing_unit_id"] = json!(s.unit);
        app.post("/api/v1/nominations", &stranger, in_its_name).await.problem(403, "other_unit");
        nominate(&app, &s, &own).await;

        // The nominee's managing unit proposes its own model; the movement's lead unit gathers
        // and introduces another unit's model, in its own name.
        let theirs = model_of(&app, &s, &other_officer, &other, "Phòng Ngân sách").await;
        let a = app.post("/api/v1/nominations", &other_officer, new_nomination(&s, &theirs)).await.expect(201);
        assert_eq!(a.body["proposing_unit"]["id"].as_str(), Some(other.as_str()), "{}", a.text);
        let introduced = model_of(&app, &s, &other_officer, &other, "Phòng Tài chính doanh nghiệp").await;
        let a = app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &introduced)).await.expect(201);
        assert_eq!(a.body["proposing_unit"]["id"].as_str(), Some(s.unit.as_str()), "{}", a.text);
        // ...but not in the nominee's unit's name.
        let third = model_of(&app, &s, &other_officer, &other, "Phòng Quản lý giá").await;
        let mut in_other_name = new_nomination(&s, &third);
        in_other_name["proposing_unit_id"] = json!(other);
        app.post("/api/v1/nominations", &s.officer, in_other_name.clone()).await.problem(403, "other_unit");
        // The coordinator proposes for any unit; a unit's software never proposes.
        let (id, secret) = app.api_client(&other, "models:write").await;
        let software = app.try_client_token(&id, &secret).await.expect(200).body["access_token"].as_str().unwrap().to_owned();
        app.post("/api/v1/nominations", &software, new_nomination(&s, &third)).await.problem(403, "role_required");
        app.post("/api/v1/nominations", &s.coordinator, in_other_name).await.expect(201);
    }
);

both!(
    async fn the_lead_unit_keeps_its_movements_criteria_and_reads_its_ranking_and_exports(app) {
        let s = setting(&app).await;
        let other = app.unit("STC", "Sở Tài chính").await;
        let other_officer = app.user("unit_officer", Some(&other)).await;
        let digital = app.movement_by_code("PT-CHUYEN-DOI-SO").await;
        assert_ne!(digital["lead_unit"]["id"], s.unit.as_str());
        let digital = digital["id"].as_str().unwrap();

        // Letter point 2: the lead unit writes its movement's criteria set, and only its own.
        let set = criteria_set(&app, &s.officer, &s.movement).await;
        let path = format!("/api/v1/movements/{}/criteria-sets/{set}", s.movement);
        let a = app.get(&path, &s.officer).await.expect(200);
        let etag = a.header("etag").unwrap().to_owned();
        let patch = |token: &str| {
            app.client.patch(app.url(&path)).bearer_auth(token).header("If-Match", etag.clone())
                .json(&json!({"title": "Bộ tiêu chí năm 2025"})).send()
        };
        assert_eq!(patch(&other_officer).await.unwrap().status(), 403);
        assert_eq!(patch(&s.officer).await.unwrap().status(), 200);
        let body = json!({"title": "Bộ tiêu chí", "applies_to": "both", "threshold": 50,
            "criteria": [{"code": "TC1", "title": "Tiêu chí", "max_points": 100}]});
        app.post(&format!("/api/v1/movements/{digital}/criteria-sets"), &s.officer, body.clone()).await.problem(403, "other_unit");
        app.post(&format!("/api/v1/movements/{}/criteria-sets", s.movement), &other_officer, body).await.problem(403, "other_unit");

        // Its movement's ranking and exports; not another movement's, not a congress pool.
        let pool = format!("year={YEAR}&track=annual&movement_id={}", s.movement);
        app.get(&format!("/api/v1/nominations/ranking?{pool}"), &s.officer).await.expect(200);
        app.get(&format!("/api/v1/nominations/recommended.csv?{pool}"), &s.officer).await.expect(200);
        app.get(&format!("/api/v1/nominations/recommended.xlsx?{pool}"), &s.officer).await.expect(200);
        app.get(&format!("/api/v1/nominations/ranking?{pool}"), &other_officer).await.problem(403, "other_unit");
        app.get(&format!("/api/v1/nominations/recommended.csv?{pool}"), &other_officer).await.problem(403, "other_unit");
        let elsewhere = format!("year={YEAR}&track=annual&movement_id={digital}");
        app.get(&format!("/api/v1/nominations/ranking?{elsewhere}"), &s.officer).await.problem(403, "other_unit");
        let congress = format!("year={YEAR}&track=provincial_congress");
        app.get(&format!("/api/v1/nominations/ranking?{congress}"), &s.officer).await.problem(403, "role_required");
        app.get(&format!("/api/v1/nominations/ranking?{congress}"), &s.coordinator).await.expect(200);
    }
);

both!(
    async fn an_absorbed_unit_hands_its_open_nominations_and_its_webhook_to_the_successor(app) {
        let s = setting(&app).await;
        let model = model(&app, &s, "collective", "Tổ hợp tác rau an toàn", "small_collective").await;
        let open = nominate(&app, &s, &model).await;
        let withdrawn = nominate(&app, &s, &model_with(&app, &s, "collective", "Hợp tác xã Tiên Tiến", "other", true).await).await;
        app.post(&format!("/api/v1/nominations/{withdrawn}/actions"), &s.officer, body("withdraw", &s)).await.expect(200);
        app.call(Method::PUT, &format!("/api/v1/units/{}/webhook", s.unit), Some(&s.officer),
            Some(&json!({"url": "http://127.0.0.1:9/thidua/webhook"}))).await.expect(200);
        let units = app.get("/api/v1/units?limit=200", &app.admin_token).await.expect(200);
        let snv = units.body["items"].as_array().unwrap().iter().find(|u| u["code"] == "SNV").unwrap()["id"]
            .as_str().unwrap().to_owned();

        let today = thidua::domain::today();
        let a = app.post("/api/v1/reorganisations", &s.coordinator, json!({"kind": "absorb", "unit_ids": [s.unit],
            "successor_id": snv, "document_id": s.document, "effective_on": today})).await.expect(201);
        let moves = a.body["reorganisation"]["moves"].as_array().unwrap();
        let moved = |record: &str, id: &str| moves.iter().any(|m| m["record"] == record && m["id"] == id && m["to_unit_id"] == snv.as_str());
        assert!(moved("nomination", &open), "{}", a.text);
        assert!(!moves.iter().any(|m| m["id"] == withdrawn.as_str()), "a withdrawn nomination stays: {}", a.text);
        assert!(moved("webhook", &s.unit), "{}", a.text);

        let n = app.get(&format!("/api/v1/nominations/{open}"), &app.admin_token).await.expect(200);
        assert_eq!(n.body["proposing_unit"]["id"], snv.as_str());
        let n = app.get(&format!("/api/v1/nominations/{withdrawn}"), &app.admin_token).await.expect(200);
        assert_eq!(n.body["proposing_unit"]["id"], s.unit.as_str());
        let hook = app.get(&format!("/api/v1/units/{snv}/webhook"), &app.admin_token).await.expect(200);
        assert_eq!(hook.body["url"], "http://127.0.0.1:9/thidua/webhook");
        app.get(&format!("/api/v1/units/{}/webhook", s.unit), &app.admin_token).await.expect(404);
        let audit = app.get(&format!("/api/v1/audit-log?entity=nomination&entity_id={open}&action=reorganise"), &app.admin_token)
            .await.expect(200);
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1, "{}", audit.text);
    }
);

both!(
    async fn a_scale_changes_by_document_and_a_year_begun_keeps_its_pool(app) {
        let s = setting(&app).await;
        let path = format!("/api/v1/movements/{}", s.movement);
        let a = app.patch(&path, &s.coordinator, json!({"participation_scale": "broad"})).await.problem(400, "bad_request");
        assert_eq!(a.body["errors"][0]["pointer"], "/participation_scale", "{}", a.text);
        assert_eq!(pool(&app, &s).await["limit"], 2);

        let change = |scale: &str, day: &str| json!({"scale": scale, "effective_on": day, "document_id": s.document});
        let scales = format!("{path}/scale-changes");
        app.post(&scales, &s.officer, change("broad", "2026-01-15")).await.problem(403, "role_required");
        let a = app.post(&scales, &s.coordinator, change("broad", "2026-01-05")).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/effective_on", "before its document");
        let tomorrow = thidua::domain::today().succ_opt().unwrap().to_string();
        app.post(&scales, &s.coordinator, change("broad", &tomorrow)).await.expect(422);
        let a = app.post(&scales, &s.coordinator, change("standard", "2026-01-15")).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/scale");
        let a = app.post(&scales, &s.coordinator, change("broad", "2026-01-15")).await.expect(201);
        assert_eq!(a.body["participation_scale"], "broad");
        let history: Vec<(&str, &str)> = a.body["scales"].as_array().unwrap().iter()
            .map(|v| (v["scale"].as_str().unwrap(), v["valid_from"].as_str().unwrap())).collect();
        assert_eq!(history[1], ("broad", "2026-01-15"), "{}", a.text);
        assert_eq!(a.body["scales"][0]["valid_to"], "2026-01-14");
        assert_eq!(pool(&app, &s).await["limit"], 4, "no place taken yet: the new scale counts");

        // Four places are taken under the broad scale; a fifth is refused.
        let mut ids = Vec::new();
        for name in ["Tổ hợp tác A", "Tổ hợp tác B", "Tổ hợp tác C", "Tổ hợp tác D", "Tổ hợp tác E"] {
            let m = model_with(&app, &s, "collective", name, "small_collective", true).await;
            ids.push(nominate(&app, &s, &m).await);
        }
        for id in &ids[..4] {
            walk(&app, &s, id, "recommended").await;
        }
        walk(&app, &s, &ids[4], "in_review").await;
        act(&app, &s.coordinator, &ids[4], json!({"action": "recommend"})).await.problem(409, "quota_exceeded");

        // Back to standard: not from a day a place was taken under the broad scale, and from
        // the next day the year already begun keeps its pool of four, never "2 of 4 used".
        let today = thidua::domain::today().to_string();
        let a = app.post(&scales, &s.coordinator, change("standard", &today)).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/effective_on", "{}", a.text);
        thidua::clock::install(thidua::clock::Clock::parse("+1d").unwrap());
        let today = thidua::domain::today().to_string();
        app.post(&scales, &s.coordinator, change("standard", &today)).await.expect(201);
        let p = pool(&app, &s).await;
        assert_eq!((p["limit"].as_i64(), p["used"].as_i64(), p["remaining"].as_i64()), (Some(4), Some(4), Some(0)), "{p}");
        act(&app, &s.coordinator, &ids[4], json!({"action": "recommend"})).await.problem(409, "quota_exceeded");
    }
);

both!(
    async fn a_new_congress_has_its_own_quota_draws_from_another_and_rules_are_superseded(app) {
        let s = setting(&app).await;
        let doc = |number: &str, day: &str| json!({"number": number, "kind": "plan", "issued_on": day,
            "issuing_unit_id": s.unit, "title": "Kế hoạch tổ chức Đại hội Thi đua yêu nước"});
        let plan = id_of(&app.post("/api/v1/documents", &app.admin_token, doc("123/KH-UBND", "2025-08-01")).await.expect(201));
        let congress = |level: &str, number: i32, held_on: &str, draws: Option<&str>| json!({"level": level, "number": number,
            "name": format!("Đại hội Thi đua yêu nước lần thứ {number}"), "term_from": 2025, "term_to": 2030,
            "held_on": held_on, "document_id": plan, "draws_from_id": draws});

        // The coordinator records the merged province's first congress; nobody else may.
        app.post("/api/v1/congresses", &s.officer, congress("provincial", 1, "2025-09-26", None)).await.problem(403, "role_required");
        let a = app.post("/api/v1/congresses", &s.coordinator, congress("provincial", 1, "2025-07-01", None)).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/held_on", "before its document: {}", a.text);
        let first = app.post("/api/v1/congresses", &s.coordinator, congress("provincial", 1, "2025-09-26", None)).await.expect(201);
        let first = id_of(&first);
        app.post("/api/v1/congresses", &s.coordinator, congress("provincial", 1, "2025-09-27", None)).await.problem(409, "duplicate");
        let listed = app.get("/api/v1/congresses?year=2025", &s.officer).await.expect(200);
        let aliases: Vec<&str> = listed.body["items"].as_array().unwrap().iter().filter_map(|c| c["alias"].as_str()).collect();
        assert_eq!(aliases.len(), 2, "the letter's X and XI are rows too: {}", listed.text);
        assert_eq!(listed.body["items"].as_array().unwrap().len(), 3);

        // Without a rule its nominations are refused; the coordinator adds one for it.
        let m1 = model(&app, &s, "individual", "Trần Văn Bình", "farmer").await;
        let m2 = model(&app, &s, "individual", "Lê Thị Cúc", "worker").await;
        let for_first = |m: &str| {
            let mut n = new_nomination(&s, m);
            n["track"] = json!("provincial_congress");
            n["congress_id"] = json!(first);
            n
        };
        let a = app.post("/api/v1/nominations", &s.officer, for_first(&m1)).await.problem(422, "no_quota_rule");
        assert_eq!(a.body["errors"][0]["pointer"], "/year");
        let rule = |code: &str, max: i32, from: &str, supersedes: Option<&str>| json!({"code": code, "congress_id": first,
            "max_count": max, "description": "Không quá số gương điển hình tiên tiến được biểu dương", "document_id": plan,
            "valid_from": from, "supersedes": supersedes});
        app.post("/api/v1/quotas", &s.officer, rule("dai-hoi-i", 1, "2025-08-01", None)).await.problem(403, "role_required");
        let mut both_pools = rule("dai-hoi-i", 1, "2025-08-01", None);
        both_pools["scale"] = json!("standard");
        app.post("/api/v1/quotas", &s.coordinator, both_pools).await.expect(422);
        let r = app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i", 1, "2025-08-01", None)).await.expect(201);
        assert_eq!((r.body["congress_id"].as_str(), r.body["track"].as_str(), r.body["year"].as_i64()),
            (Some(first.as_str()), Some("provincial_congress"), Some(2025)));
        app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i", 1, "2025-08-01", None)).await.problem(409, "duplicate");

        // Its pool is its own: one place, taken; the letter's congress X keeps its 200.
        let a = app.post("/api/v1/nominations", &s.officer, for_first(&m1)).await.expect(201);
        assert_eq!(a.body["congress_id"], first.as_str());
        let n1 = id_of(&a);
        walk(&app, &s, &n1, "recommended").await;
        let n2 = id_of(&app.post("/api/v1/nominations", &s.officer, for_first(&m2)).await.expect(201));
        walk(&app, &s, &n2, "in_review").await;
        act(&app, &s.coordinator, &n2, json!({"action": "recommend"})).await.problem(409, "quota_exceeded");
        let ranking = |query: String| {
            let app = &app;
            let token = s.coordinator.clone();
            async move { app.get(&format!("/api/v1/nominations/ranking?{query}"), &token).await.expect(200).body["pool"].clone() }
        };
        let p = ranking(format!("year=2025&track=provincial_congress&congress_id={first}")).await;
        assert_eq!((p["rule"].as_str(), p["limit"].as_i64(), p["used"].as_i64()), (Some("dai-hoi-i"), Some(1), Some(1)), "{p}");
        let x = ranking("year=2025&track=provincial_congress".to_owned()).await;
        assert_eq!((x["rule"].as_str(), x["used"].as_i64()), (Some("provincial-congress-x-2025"), Some(0)), "{x}");
        let mine = app.get(&format!("/api/v1/nominations?congress_id={first}"), &s.coordinator).await.expect(200);
        assert_eq!(mine.body["items"].as_array().unwrap().len(), 2);

        // A rule with a place taken is not changed in place; a later rule supersedes it.
        app.patch("/api/v1/quotas/dai-hoi-i", &s.coordinator, json!({"max_count": 2})).await.problem(409, "rule_in_use");
        let tomorrow = thidua::domain::today().succ_opt().unwrap().to_string();
        let a = app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i-bo-sung", 3, &tomorrow, None)).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/supersedes", "{}", a.text);
        let a = app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i-bo-sung", 3, "2025-08-01", Some("dai-hoi-i"))).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/valid_from", "{}", a.text);
        // Not from a day on or before a place the old rule counted (today's).
        let today = thidua::domain::today().to_string();
        let a = app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i-bo-sung", 3, &today, Some("dai-hoi-i"))).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/valid_from", "{}", a.text);
        let a = app.post("/api/v1/quotas", &s.coordinator, rule("dai-hoi-i-bo-sung", 3, &tomorrow, Some("dai-hoi-i"))).await.expect(201);
        assert_eq!(a.body["supersedes"], "dai-hoi-i");
        let all = app.get("/api/v1/quotas", &s.officer).await.expect(200);
        let codes: Vec<&str> = all.body["items"].as_array().unwrap().iter().map(|r| r.as_object().unwrap()["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"dai-hoi-i") && codes.contains(&"dai-hoi-i-bo-sung"), "{}", all.text);
        // Not yet used: the new rule may still be corrected.
        let a = app.patch("/api/v1/quotas/dai-hoi-i-bo-sung", &s.coordinator, json!({"max_count": 4})).await.expect(200);
        assert_eq!(a.body["max_count"], 4);
        // From its day, the pool already begun keeps the rule of the day its first place went.
        thidua::clock::install(thidua::clock::Clock::parse("+2d").unwrap());
        let p = ranking(format!("year=2025&track=provincial_congress&congress_id={first}")).await;
        assert_eq!((p["rule"].as_str(), p["limit"].as_i64()), (Some("dai-hoi-i"), Some(1)), "{p}");

        // A national congress drawing from the first takes only its honourees.
        let national = id_of(&app.post("/api/v1/congresses", &s.coordinator,
            congress("national", 12, "2025-10-10", Some(&first))).await.expect(201));
        app.post("/api/v1/quotas", &s.coordinator, json!({"code": "toan-quoc-xii", "congress_id": national, "max_count": 5,
            "description": "Không quá 05 gương", "document_id": plan})).await.expect(201);
        let pm = form_id(&app, "bang-khen-thu-tuong").await;
        let to_national = |m: &str, congress: Option<&str>| {
            let mut n = new_nomination(&s, m);
            n["track"] = json!("national_congress");
            n["congress_id"] = json!(congress);
            n["form_id"] = json!(pm);
            n
        };
        app.post("/api/v1/nominations", &s.officer, to_national(&m1, Some(&national))).await.problem(409, "not_provincial_honouree");
        step(&app, &s, &n1, "approve", "approved").await;
        // The letter's national congress XI draws from congress X, where m1 was not honoured.
        app.post("/api/v1/nominations", &s.officer, to_national(&m1, None)).await.problem(409, "not_provincial_honouree");
        let a = app.post("/api/v1/nominations", &s.officer, to_national(&m1, Some(&national))).await.expect(201);
        assert_eq!(a.body["congress_id"], national.as_str());
        app.post("/api/v1/nominations", &s.officer, to_national(&m2, Some(&national))).await.problem(409, "not_provincial_honouree");
        // A congress of the other level, or named with the annual track, is refused.
        let a = app.post("/api/v1/nominations", &s.officer, to_national(&m2, Some(&first))).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/congress_id");
        let mut annual = new_nomination(&s, &m2);
        annual["congress_id"] = json!(first);
        let a = app.post("/api/v1/nominations", &s.officer, annual).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/congress_id");
    }
);

/// A nomination body for `awardee` alone, naming no model.
fn for_awardee(s: &Setting, awardee: &str) -> Value {
    let mut b = new_nomination(s, "");
    b.as_object_mut().unwrap().remove("model_id");
    b["awardee_id"] = json!(awardee);
    b
}

both!(
    async fn a_nomination_names_an_awardee_and_old_clients_still_name_a_model(app) {
        let s = setting(&app).await;
        // An old client names the model: the nominee is its awardee, under the model's id.
        let m = model(&app, &s, "collective", "Tổ hợp tác rau an toàn", "small_collective").await;
        let a = app.post("/api/v1/nominations", &s.officer, new_nomination(&s, &m)).await.expect(201);
        assert_eq!((a.body["nominee"]["id"].as_str(), a.body["nominee"]["model_id"].as_str()), (Some(m.as_str()), Some(m.as_str())));
        assert_eq!(a.body["stream"], "merit", "the award type's stream");
        // A title for individuals is not for a collective.
        let mut title = new_nomination(&s, &m);
        title["form_id"] = json!(form_id(&app, "chien-si-thi-dua-cap-tinh").await);
        let refused = app.post("/api/v1/nominations", &s.officer, title).await.expect(422);
        assert_eq!(refused.body["errors"][0]["pointer"], "/form_id", "{}", refused.text);
        // One achievement, one form: the same awardee named directly is the same nominee.
        app.post("/api/v1/nominations", &s.officer, for_awardee(&s, &m)).await.problem(409, "duplicate_nomination");
        // A person with no exemplary model is nominated as an awardee.
        let hoa = app.post("/api/v1/awardees", &s.officer, json!({
            "kind": "individual", "name": "Nguyễn Thị Hoa", "unit_id": s.unit, "category": "frontline_staff", "gender": "female"
        })).await.expect(201);
        let hoa = id_of(&hoa);
        let mut thematic = for_awardee(&s, &hoa);
        thematic["stream"] = json!("thematic");
        let a = app.post("/api/v1/nominations", &s.officer, thematic).await.expect(201);
        assert_eq!(a.body["stream"], "thematic");
        assert_eq!(a.body["nominee"]["id"], hoa.as_str());
        assert_eq!(a.body["nominee"]["model_id"], Value::Null);
        assert_eq!((a.body["nominee"]["name"].as_str(), a.body["nominee"]["category"].as_str()), (Some("Nguyễn Thị Hoa"), Some("frontline_staff")));
        let n = id_of(&a);
        let list = app.get(&format!("/api/v1/nominations?awardee_id={hoa}"), &s.coordinator).await.expect(200);
        let ids: Vec<&str> = list.body["items"].as_array().unwrap().iter().filter_map(|i| i["id"].as_str()).collect();
        assert_eq!(ids, vec![n.as_str()]);
        // It goes the whole road; no model, so no public comment and no public honour.
        step(&app, &s, &n, "submit", "submitted").await;
        step(&app, &s, &n, "start_review", "in_review").await;
        act(&app, &s.coordinator, &n, json!({"action": "open_comment"})).await.problem(409, "nominee_not_public");
        step(&app, &s, &n, "recommend", "recommended").await;
        step(&app, &s, &n, "approve", "approved").await;
        let honours = format!("/public/v1/honours?year={YEAR}&movement={}", s.movement);
        let honours = app.call(Method::GET, &honours, None, None).await.expect(200);
        assert!(!honours.text.contains("Nguyễn Thị Hoa"), "{}", honours.text);
        // Neither named, or an awardee that is not the model's: the member is named.
        let mut neither = new_nomination(&s, "");
        neither.as_object_mut().unwrap().remove("model_id");
        let a = app.post("/api/v1/nominations", &s.officer, neither).await.problem(422, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/awardee_id");
        let mut other = new_nomination(&s, &m);
        other["awardee_id"] = json!(hoa);
        let a = app.post("/api/v1/nominations", &s.officer, other).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/awardee_id", "{}", a.text);
    }
);

both!(
    async fn a_dossier_names_the_nominees_own_initiative_and_a_collectives_figures(app) {
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Tổ hợp tác rau an toàn", "small_collective").await;
        let hoa = app.post("/api/v1/awardees", &s.officer, json!({
            "kind": "individual", "name": "Nguyễn Thị Hoa", "unit_id": s.unit, "category": "frontline_staff"
        })).await.expect(201);
        let hoa = id_of(&hoa);
        let theirs = app.post("/api/v1/initiatives", &s.officer, json!({"awardee_id": hoa, "title": "Số hóa hồ sơ",
            "reach": "provincial", "document_number": "312/QĐ-HĐSK", "recognised_on": "2024-10-15"})).await.expect(201);
        let mut b = new_nomination(&s, &m);
        b["initiative_id"] = theirs.body["id"].clone();
        let a = app.post("/api/v1/nominations", &s.officer, b).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/initiative_id", "{}", a.text);
        let mut b = new_nomination(&s, &m);
        b["members"] = json!({"total": 12, "completed": 13, "advanced": 9});
        let a = app.post("/api/v1/nominations", &s.officer, b).await.problem(422, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/members/completed");
        let mut b = for_awardee(&s, &hoa);
        b["members"] = json!({"total": 12, "completed": 12, "advanced": 9});
        let a = app.post("/api/v1/nominations", &s.officer, b).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/members", "{}", a.text);
        let mut b = new_nomination(&s, &m);
        b["members"] = json!({"total": 12, "completed": 12, "advanced": 9});
        let a = app.post("/api/v1/nominations", &s.officer, b).await.expect(201);
        assert_eq!(a.body["members"], json!({"total": 12, "completed": 12, "advanced": 9}));
        let mut b = for_awardee(&s, &hoa);
        b["initiative_id"] = theirs.body["id"].clone();
        let a = app.post("/api/v1/nominations", &s.officer, b).await.expect(201);
        assert_eq!(a.body["initiative_id"], theirs.body["id"]);
        // Its award rests on the same initiative.
        let n = id_of(&a);
        walk(&app, &s, &n, "approved").await;
        let record = app.get(&format!("/api/v1/awardees/{hoa}/awards"), &s.officer).await.expect(200);
        assert_eq!(record.body["items"][0]["initiative_id"], theirs.body["id"]);
    }
);
