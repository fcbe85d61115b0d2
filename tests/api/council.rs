//! The council (the council issue, points 1 to 3): members by term, sessions opened only with
//! their quorum, secret ballots counted on the total membership, and the recommendation gate.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::{Answer, TestApp};
use crate::nominations::{act, id_of, model, nominate, setting, Setting};

/// A council of `size` reviewers appointed from 2025-07-01: its id and each member's
/// (member id, token).
async fn council(app: &TestApp, s: &Setting, size: usize) -> (String, Vec<(String, String)>) {
    let c = app
        .post(
            "/api/v1/councils",
            &s.coordinator,
            json!({
                "name": "Hội đồng Thi đua – Khen thưởng tỉnh Hưng Yên",
                "legal_basis": "Nghị định số 152/2025/NĐ-CP; Quy chế hoạt động của Hội đồng"
            }),
        )
        .await
        .expect(201);
    let id = id_of(&c);
    assert_eq!(
        (
            c.body["quorum_numerator"].as_i64(),
            c.body["quorum_denominator"].as_i64(),
            c.body["award_attendance_percent"].as_i64()
        ),
        (Some(2), Some(3), Some(80))
    );
    let mut members = Vec::new();
    for i in 0..size {
        let token = app.user("reviewer", None).await;
        let me = app.get("/api/v1/users/me", &token).await.expect(200);
        let position = if i == 0 { "chair" } else { "member" };
        let m = app
            .post(&format!("/api/v1/councils/{id}/members"), &s.coordinator, json!({
                "user_id": me.body["id"], "position": position, "valid_from": "2025-07-01", "document_id": s.document
            }))
            .await
            .expect(201);
        members.push((id_of(&m), token));
    }
    (id, members)
}

/// Today on the service's clock: sessions are held on it (after the dossiers were received).
fn today() -> String {
    thidua::domain::today().to_string()
}

/// A form of commendation whose council ballot needs `threshold` % of the members.
async fn balloted_form(app: &TestApp, s: &Setting, code: &str, threshold: i64) -> String {
    let a = app
        .post("/api/v1/award-types", &s.coordinator, json!({
            "code": code, "name": format!("Hình thức thử, ngưỡng {threshold}%"), "nature": "form", "recipient": "both",
            "level": "provincial", "stream": "merit",
            "version": {"legal_basis": "Quy chế Thi đua, khen thưởng tỉnh Hưng Yên", "valid_from": "2024-01-01",
                "deciding_authority": "Chủ tịch UBND tỉnh", "ballot_threshold_percent": threshold, "dossier_items": []}
        }))
        .await
        .expect(201);
    id_of(&a)
}

/// A nomination of `form` taken to review.
async fn in_review(app: &TestApp, s: &Setting, name: &str, form: Option<&str>) -> String {
    let m = model(app, s, "collective", name, "small_collective").await;
    let id = match form {
        None => nominate(app, s, &m).await,
        Some(form) => {
            let mut body = crate::nominations::new_nomination(s, &m);
            body["form_id"] = json!(form);
            id_of(
                &app.post("/api/v1/nominations", &s.officer, body)
                    .await
                    .expect(201),
            )
        }
    };
    crate::files::complete_dossier(app, &s.officer, &id).await;
    act(app, &s.officer, &id, json!({"action": "submit"}))
        .await
        .expect(200);
    act(app, &s.coordinator, &id, json!({"action": "start_review"}))
        .await
        .expect(200);
    id
}

async fn vote(app: &TestApp, token: &str, session: &str, nomination: &str, choice: &str) -> Answer {
    app.post(
        &format!("/api/v1/council-sessions/{session}/ballots"),
        token,
        json!({"nomination_id": nomination, "choice": choice}),
    )
    .await
}

/// Opens or closes a session as the coordinator.
async fn step(app: &TestApp, s: &Setting, path: &str, what: &str) -> Answer {
    app.call(
        reqwest::Method::POST,
        &format!("{path}/{what}"),
        Some(&s.coordinator),
        None,
    )
    .await
}

fn attendance(members: &[(String, String)], present: usize) -> Value {
    let rows: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            let status = if i < present {
                "present"
            } else if i == present {
                "absent_with_opinion"
            } else {
                "absent"
            };
            json!({"member_id": id, "status": status})
        })
        .collect();
    json!({ "attendance": rows })
}

fn item<'a>(session: &'a Value, nomination: &str) -> &'a Value {
    session["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["nomination_id"] == nomination)
        .unwrap()
}

both!(
    async fn a_session_opens_with_its_quorum_and_a_ballot_counts_on_the_whole_council(app) {
        let s = setting(&app).await;
        let (council_id, members) = council(&app, &s, 11).await;
        let at_80 = balloted_form(&app, &s, "hinh-thuc-thu-80", 80).await;
        let at_90 = balloted_form(&app, &s, "hinh-thuc-thu-90", 90).await;
        let a = in_review(&app, &s, "Tổ hợp tác ngưỡng 80", Some(&at_80)).await;
        let b = in_review(&app, &s, "Tổ hợp tác ngưỡng 90", Some(&at_90)).await;
        let c = in_review(&app, &s, "Tổ hợp tác không bỏ phiếu", None).await;
        let draft = model(&app, &s, "collective", "Tổ hợp tác còn nháp", "small_collective").await;
        let draft = nominate(&app, &s, &draft).await;

        let body = |ids: Vec<&str>| json!({"council_id": council_id, "number": "05/BB-HĐTĐKT", "held_on": today(), "nomination_ids": ids});
        let refused = app.post("/api/v1/council-sessions", &s.coordinator, body(vec![&a, &draft])).await.expect(422);
        assert_eq!(refused.body["errors"][0]["pointer"], "/nomination_ids/1", "{}", refused.text);
        let created = app.post("/api/v1/council-sessions", &s.coordinator, body(vec![&a, &b, &c])).await.expect(201);
        let session = id_of(&created);
        assert_eq!(created.body["state"], "planned");
        // One open agenda at a time.
        let again = app.post("/api/v1/council-sessions", &s.coordinator, body(vec![&a])).await.expect(422);
        assert_eq!(again.body["errors"][0]["pointer"], "/nomination_ids/0", "{}", again.text);
        assert_eq!((item(&created.body, &a)["ballot_required"].as_bool(), item(&created.body, &a)["threshold_percent"].as_i64()), (Some(true), Some(80)));
        assert_eq!(item(&created.body, &c)["ballot_required"], false);
        let path = format!("/api/v1/council-sessions/{session}");

        // 7 of 11 present: short of two thirds (8), and of the 80 % an award session needs (9).
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 7))).await.expect(200);
        let no = step(&app, &s, &path, "open").await.problem(409, "no_quorum");
        assert_eq!((no.body["members"].as_i64(), no.body["present"].as_i64(), no.body["needed"].as_i64()), (Some(11), Some(7), Some(9)), "{}", no.text);
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 9))).await.expect(200);
        let opened = step(&app, &s, &path, "open").await.expect(200);
        assert_eq!((opened.body["members_total"].as_i64(), opened.body["present"].as_i64()), (Some(11), Some(9)));
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 11))).await.problem(409, "session_state");

        // Only members present vote, once each, on the nominees that need a ballot.
        let outsider = app.user("reviewer", None).await;
        vote(&app, &outsider, &session, &a, "agree").await.problem(403, "not_present");
        vote(&app, &members[10].1, &session, &a, "agree").await.problem(403, "not_present");
        vote(&app, &s.coordinator, &session, &a, "agree").await.problem(403, "role_required");
        vote(&app, &members[0].1, &session, &c, "agree").await.expect(422);
        for (_, token) in &members[..9] {
            let r = vote(&app, token, &session, &a, "agree").await.expect(201);
            assert_eq!(r.body.as_object().unwrap().len(), 3, "a receipt with no ballot id: {}", r.text);
            vote(&app, token, &session, &b, "agree").await.expect(201);
        }
        vote(&app, &members[0].1, &session, &a, "disagree").await.problem(409, "already_voted");
        let open_now = app.get(&path, &s.coordinator).await.expect(200);
        assert_eq!(item(&open_now.body, &a)["voted"], 9);
        assert!(item(&open_now.body, &a)["agree"].is_null(), "no tally before the close: {}", open_now.text);

        // No recommendation before a passed ballot.
        let recommend = json!({"action": "recommend"});
        act(&app, &s.coordinator, &a, recommend.clone()).await.problem(409, "ballot_not_passed");

        // 9 agreeing of 11 members, 81.8 %: passes at 80, fails at 90.
        let closed = step(&app, &s, &path, "close").await.expect(200);
        assert_eq!(closed.body["state"], "closed");
        let (ia, ib) = (item(&closed.body, &a), item(&closed.body, &b));
        assert_eq!((ia["agree"].as_i64(), ia["disagree"].as_i64(), ia["passed"].as_bool()), (Some(9), Some(0), Some(true)));
        assert_eq!((ib["agree"].as_i64(), ib["passed"].as_bool()), (Some(9), Some(false)));
        vote(&app, &members[9].1, &session, &a, "agree").await.problem(409, "session_state");
        act(&app, &s.coordinator, &a, recommend.clone()).await.expect(200);
        act(&app, &s.coordinator, &b, recommend.clone()).await.problem(409, "ballot_not_passed");
        act(&app, &s.coordinator, &c, recommend).await.expect(200);

        // The council shows its 11 members in office; a term ended leaves it 10 from the next day.
        let council_path = format!("/api/v1/councils/{council_id}");
        let shown = app.get(&council_path, &s.approver).await.expect(200);
        assert_eq!(shown.body["members_total"], 11);
        let term = format!("{council_path}/members/{}", members[10].0);
        app.patch(&term, &s.coordinator, json!({"valid_to": "2026-03-31"})).await.expect(200);
        let later = app.get(&format!("{council_path}?on=2026-04-01"), &s.approver).await.expect(200);
        assert_eq!(later.body["members_total"], 10);
        assert_eq!(app.get(&format!("{council_path}?on=2026-03-31"), &s.approver).await.expect(200).body["members_total"], 11);
        // A term ends; a longer one is a new appointment.
        app.patch(&term, &s.coordinator, json!({"valid_to": "2026-05-31"})).await.expect(422);
        // One council per level, one chair at a time.
        app.post("/api/v1/councils", &s.coordinator, json!({"name": "Hội đồng thứ hai", "legal_basis": "x"})).await.problem(409, "duplicate");
        let chair2 = app.user("reviewer", None).await;
        let me = app.get("/api/v1/users/me", &chair2).await.expect(200);
        app.post(&format!("{council_path}/members"), &s.coordinator, json!({"user_id": me.body["id"], "position": "chair", "valid_from": "2026-01-01"}))
            .await.problem(409, "duplicate");
    }
);

both!(
    async fn members_voting_at_once_through_two_instances_are_each_counted_once(app) {
        let s = setting(&app).await;
        let (council_id, members) = council(&app, &s, 6).await;
        let form = balloted_form(&app, &s, "hinh-thuc-dong-thoi", 80).await;
        let n = in_review(&app, &s, "Tổ hợp tác bỏ phiếu đồng thời", Some(&form)).await;
        let created = app.post("/api/v1/council-sessions", &s.coordinator, json!({
            "council_id": council_id, "number": "06/BB-HĐTĐKT", "held_on": today(), "nomination_ids": [n]
        })).await.expect(201);
        let session = id_of(&created);
        let path = format!("/api/v1/council-sessions/{session}");
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 6))).await.expect(200);
        step(&app, &s, &path, "open").await.expect(200);
        let other = app.another_instance().await;
        let mut all = Vec::new();
        for (i, (_, token)) in members.iter().enumerate() {
            let choice = if i % 3 == 0 { "disagree" } else { "agree" };
            all.push(vote(&app, token, &session, &n, choice));
            all.push(vote(&other, token, &session, &n, choice));
        }
        let answers = futures_util::future::join_all(all).await;
        let created = answers.iter().filter(|a| a.status.as_u16() == 201).count();
        let refused = answers.iter().filter(|a| a.status.as_u16() == 409 && a.body["code"] == "already_voted").count();
        assert_eq!((created, refused), (6, 6), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
        let closed = step(&app, &s, &path, "close").await.expect(200);
        let i = item(&closed.body, &n);
        assert_eq!((i["agree"].as_i64(), i["disagree"].as_i64(), i["voted"].as_i64()), (Some(4), Some(2), Some(6)));
        // 4 of 6 is 66.7 %: below 80.
        assert_eq!(i["passed"], false);
    }
);

both!(
    async fn nothing_the_service_answers_links_a_member_to_a_choice(app) {
        let s = setting(&app).await;
        let (council_id, members) = council(&app, &s, 5).await;
        let form = balloted_form(&app, &s, "hinh-thuc-bi-mat", 80).await;
        let n = in_review(&app, &s, "Tổ hợp tác bỏ phiếu kín", Some(&form)).await;
        let created = app.post("/api/v1/council-sessions", &s.coordinator, json!({
            "council_id": council_id, "number": "07/BB-HĐTĐKT", "held_on": today(), "nomination_ids": [n]
        })).await.expect(201);
        let session = id_of(&created);
        let path = format!("/api/v1/council-sessions/{session}");
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 5))).await.expect(200);
        step(&app, &s, &path, "open").await.expect(200);
        let mut receipts = Vec::new();
        for (i, (_, token)) in members.iter().enumerate() {
            let choice = if i < 2 { "disagree" } else { "agree" };
            receipts.push(vote(&app, token, &session, &n, choice).await.expect(201).body);
        }
        step(&app, &s, &path, "close").await.expect(200);

        // Everything an administrator can read about the session afterwards.
        let mut seen: Vec<Value> = receipts;
        for p in [
            path.clone(),
            "/api/v1/council-sessions".to_owned(),
            format!("/api/v1/councils/{council_id}?all=true"),
            format!("/api/v1/audit-log?entity=council_session&entity_id={session}&limit=200"),
            "/api/v1/audit-log?limit=200".to_owned(),
            format!("/api/v1/nominations/{n}"),
        ] {
            seen.push(app.get(&p, &app.admin_token).await.expect(200).body);
        }
        for body in &seen {
            let text = body.to_string();
            assert!(!text.contains("\"choice\""), "a choice is shown: {text}");
        }
        // The receipts carry no ballot id; the audit records that a member voted, and no more.
        for r in &seen[..5] {
            let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["nomination_id", "recorded", "session_id"]);
        }
        let log = app.get(&format!("/api/v1/audit-log?entity=council_session&entity_id={session}&limit=200"), &app.admin_token).await.expect(200);
        let voted: Vec<&Value> = log.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "voted").collect();
        assert_eq!(voted.len(), 5);
        for e in voted {
            let after = e["after"].to_string();
            assert!(!after.contains("agree") && !after.contains("\"id\""), "{e}");
        }
        // The tally is the counts, and only the counts.
        let closed = app.get(&path, &s.approver).await.expect(200);
        assert_eq!((item(&closed.body, &n)["agree"].as_i64(), item(&closed.body, &n)["disagree"].as_i64()), (Some(3), Some(2)));
    }
);
