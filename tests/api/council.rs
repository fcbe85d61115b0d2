//! The council (the council issue): members by term, sessions opened only with their quorum,
//! secret ballots and written opinions counted on the total membership, the recommendation
//! gate, and the minutes drawn up as DOCX and PDF and read back.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::{Answer, TestApp};
use crate::nominations::{act, id_of, model, nominate, setting, Setting};

/// A council of `size` reviewers appointed from 2025-07-01: its id and each member's
/// (member id, token).
async fn council(app: &TestApp, s: &Setting, size: usize) -> (String, Vec<(String, String)>) {
    council_with(app, s, size, json!({})).await
}

/// A council with `settings` beside its name and basis (the law's defaults when empty).
async fn council_with(
    app: &TestApp,
    s: &Setting,
    size: usize,
    settings: Value,
) -> (String, Vec<(String, String)>) {
    let mut body = json!({
        "name": "Hội đồng Thi đua – Khen thưởng tỉnh Hưng Yên",
        "legal_basis": "Nghị định số 152/2025/NĐ-CP; Quy chế hoạt động của Hội đồng"
    });
    for (k, v) in settings.as_object().unwrap() {
        body[k] = v.clone();
    }
    let c = app
        .post("/api/v1/councils", &s.coordinator, body)
        .await
        .expect(201);
    let id = id_of(&c);
    if settings.as_object().unwrap().is_empty() {
        assert_eq!(
            (
                c.body["quorum_numerator"].as_i64(),
                c.body["quorum_denominator"].as_i64(),
                c.body["award_attendance_percent"].as_i64(),
                c.body["written_opinions_count"].as_bool()
            ),
            (Some(2), Some(3), Some(80), Some(true))
        );
    }
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

        // The minutes list who attended and the counts; no member's row carries a choice.
        let drawn = step(&app, &s, &path, "minutes").await.expect(201);
        let docx = app.get_bytes(&format!("/api/v1/files/{}", drawn.body["docx"]["id"].as_str().unwrap()), &app.admin_token).await;
        let (_, rows) = docx_read(&docx);
        let member_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() == 4 && r[3] == "Có mặt").collect();
        assert_eq!(member_rows.len(), 5, "{rows:?}");
        for row in member_rows {
            assert!(!row.iter().any(|c| c.to_lowercase().contains("đồng ý")), "{row:?}");
        }

        // As stored, the ballots are in the order of their random (v4) ids, not of their casting.
        let (url, id) = (app.db.url.clone(), session.clone());
        let ids: Vec<String> = tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            use thidua::store::schema::council_ballots as b;
            let db = thidua::store::Db::connect(&url, 1).expect("db");
            let mut conn = db.get().expect("conn");
            b::table.filter(b::session_id.eq(id)).select(b::id).load::<String>(&mut conn).expect("ballots")
        })
        .await
        .expect("read");
        assert_eq!(ids.len(), 5);
        assert!(ids.iter().all(|i| uuid::Uuid::parse_str(i).is_ok_and(|u| u.get_version_num() == 4)), "{ids:?}");
        if app.db.backend == crate::helpers::Backend::Sqlite {
            // WITHOUT ROWID: the rows are kept in the order of their ids; no insertion order.
            let mut sorted = ids.clone();
            sorted.sort();
            assert_eq!(ids, sorted, "stored in id order");
        }
    }
);

/// The text of a DOCX read back with docx-rs: its paragraphs, and its tables' rows as cells.
pub(crate) fn docx_read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).expect("a DOCX");
    let (mut paragraphs, mut rows) = (Vec::new(), Vec::new());
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => paragraphs.push(p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(r) in &t.rows {
                    let cells = r.cells.iter().map(|TableRowChild::TableCell(c)| {
                        c.children
                            .iter()
                            .filter_map(|p| match p {
                                TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                _ => None,
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                    rows.push(cells.collect());
                }
            }
            _ => {}
        }
    }
    (paragraphs, rows)
}

/// The text of a PDF without its spaces: a line broken in a table's cell reads back with no
/// space where it broke, so both sides of a comparison are taken without them.
pub(crate) fn pdf_read(bytes: &[u8]) -> String {
    squeeze(&pdf_extract::extract_text_from_mem(bytes).expect("a PDF"))
}

pub(crate) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

async fn display_name(app: &TestApp, token: &str) -> String {
    let me = app.get("/api/v1/users/me", token).await.expect(200);
    me.body["display_name"].as_str().unwrap().to_owned()
}

both!(
    async fn written_opinions_count_and_the_minutes_read_back_as_docx_and_pdf(app) {
        let s = setting(&app).await;
        // 6 members: the quorum is 4, and 60 % attendance (4) for an award session.
        let (council_id, members) = council_with(&app, &s, 6, json!({"award_attendance_percent": 60})).await;
        let at_80 = balloted_form(&app, &s, "hinh-thuc-y-kien-80", 80).await;
        let at_90 = balloted_form(&app, &s, "hinh-thuc-y-kien-90", 90).await;
        let a = in_review(&app, &s, "Tổ hợp tác Ánh Dương", Some(&at_80)).await;
        let b = in_review(&app, &s, "Tổ hợp tác Bình Minh", Some(&at_90)).await;
        let c = in_review(&app, &s, "Tổ hợp tác Cửu Long", None).await;
        let created = app.post("/api/v1/council-sessions", &s.coordinator, json!({
            "council_id": council_id, "number": "08/BB-HĐTĐKT", "held_on": today(), "nomination_ids": [a, b, c]
        })).await.expect(201);
        let session = id_of(&created);
        let path = format!("/api/v1/council-sessions/{session}");
        // 4 present, the fifth absent with a written opinion, the sixth absent.
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 4))).await.expect(200);
        let opinions = format!("{path}/opinions");
        let opinion = |member: &str, nomination: &str, choice: &str| json!({"member_id": member, "nomination_id": nomination, "choice": choice});
        // Letters come in before the meeting.
        let r = app.post(&opinions, &s.coordinator, opinion(&members[4].0, &a, "agree")).await.expect(201);
        assert!(!r.text.contains("agree\""), "a receipt without the choice: {}", r.text);
        app.post(&opinions, &s.coordinator, opinion(&members[4].0, &a, "disagree")).await.problem(409, "already_voted");
        let absent = app.post(&opinions, &s.coordinator, opinion(&members[5].0, &a, "agree")).await.expect(422);
        assert_eq!(absent.body["errors"][0]["pointer"], "/member_id", "{}", absent.text);
        app.post(&opinions, &s.coordinator, opinion(&members[0].0, &a, "agree")).await.expect(422);
        app.post(&opinions, &s.coordinator, opinion(&members[4].0, &c, "agree")).await.expect(422);
        app.post(&opinions, &members[0].1, opinion(&members[4].0, &b, "agree")).await.problem(403, "role_required");
        step(&app, &s, &path, "open").await.expect(200);
        app.post(&opinions, &s.coordinator, opinion(&members[4].0, &b, "disagree")).await.expect(201);
        vote(&app, &members[4].1, &session, &a, "agree").await.problem(403, "not_present");
        for (_, token) in &members[..4] {
            vote(&app, token, &session, &a, "agree").await.expect(201);
            vote(&app, token, &session, &b, "agree").await.expect(201);
        }
        step(&app, &s, &path, "minutes").await.problem(409, "session_state");

        // 4 ballots and 1 written opinion agree on a: 5 of 6 (83.3 %) pass at 80. On b, 4 of 6
        // (66.7 %) fail at 90.
        let closed = step(&app, &s, &path, "close").await.expect(200);
        assert_eq!(closed.body["written_opinions_count"], true);
        let (ia, ib) = (item(&closed.body, &a), item(&closed.body, &b));
        assert_eq!((ia["agree"].as_i64(), ia["written_agree"].as_i64(), ia["voted"].as_i64(), ia["passed"].as_bool()), (Some(4), Some(1), Some(5), Some(true)), "{}", closed.text);
        assert_eq!((ib["agree"].as_i64(), ib["written_disagree"].as_i64(), ib["passed"].as_bool()), (Some(4), Some(1), Some(false)));

        // The minutes: two files, readable by the coordinator and the council's members.
        let drawn = step(&app, &s, &path, "minutes").await.expect(201);
        let (docx_id, pdf_id) = (drawn.body["docx"]["id"].as_str().unwrap().to_owned(), drawn.body["pdf"]["id"].as_str().unwrap().to_owned());
        assert_eq!((drawn.body["docx"]["file_type"].as_str(), drawn.body["pdf"]["file_type"].as_str()), (Some("docx"), Some("pdf")), "{}", drawn.text);
        let shown = app.get(&path, &members[0].1).await.expect(200);
        assert_eq!(shown.body["minutes"]["pdf_file_id"].as_str(), Some(pdf_id.as_str()));
        let (status, headers, docx) = app.get_raw(&format!("/api/v1/files/{docx_id}"), &members[5].1).await;
        assert_eq!(status, 200);
        assert_eq!(headers["etag"].to_str().unwrap().trim_matches('"'), drawn.body["docx"]["sha256"].as_str().unwrap());
        let pdf = app.get_bytes(&format!("/api/v1/files/{pdf_id}"), &s.coordinator).await;
        assert_eq!(app.get_raw(&format!("/api/v1/files/{pdf_id}"), &s.officer).await.0, 403, "an officer does not read the minutes");

        let (paragraphs, rows) = docx_read(&docx);
        let text = paragraphs.join("\n");
        for expected in ["BIÊN BẢN", "I. THÀNH PHẦN", "II. KẾT QUẢ BỎ PHIẾU KÍN", "III. KẾT LUẬN"] {
            assert!(text.contains(expected), "{expected} not in the DOCX: {text}");
        }
        let flat_rows: Vec<String> = rows.iter().map(|r| r.join(" | ")).collect();
        let all = flat_rows.join("\n");
        for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 08/BB-HĐTĐKT", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "CHỦ TỊCH HỘI ĐỒNG"] {
            assert!(all.contains(expected), "{expected} not in the DOCX: {all}");
        }
        let mut expected_rows = Vec::new();
        for (i, (_, token)) in members.iter().enumerate() {
            let name = display_name(&app, token).await;
            let status = match i { 0..=3 => "Có mặt", 4 => "Vắng, có ý kiến bằng văn bản", _ => "Vắng" };
            let position = if i == 0 { "Chủ tịch Hội đồng" } else { "Ủy viên" };
            expected_rows.push(vec![(i + 1).to_string(), name, position.to_owned(), status.to_owned()]);
        }
        expected_rows.push(vec!["1".into(), "Tổ hợp tác Ánh Dương".into(), "Hình thức thử, ngưỡng 80%".into(), "4".into(), "0".into(), "1/0".into(), "83,3%".into(), "80%".into(), "Đạt".into()]);
        expected_rows.push(vec!["2".into(), "Tổ hợp tác Bình Minh".into(), "Hình thức thử, ngưỡng 90%".into(), "4".into(), "0".into(), "0/1".into(), "66,7%".into(), "90%".into(), "Không đạt".into()]);
        for row in &expected_rows {
            assert!(rows.contains(row), "{row:?} not in the DOCX's tables: {all}");
        }
        let chair = display_name(&app, &members[0].1).await;
        let recorder = display_name(&app, &s.coordinator).await;
        assert!(all.contains(&chair) && all.contains(&recorder), "the signatures: {all}");

        // The PDF says the same.
        let pdf_text = pdf_read(&pdf);
        for row in &expected_rows {
            for cell in row.iter().skip(1) {
                assert!(pdf_text.contains(&squeeze(cell)), "{cell} not in the PDF: {pdf_text}");
            }
        }
        for expected in ["BIÊN BẢN", "Số: 08/BB-HĐTĐKT", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CHỦ TỊCH HỘI ĐỒNG", &recorder] {
            assert!(pdf_text.contains(&squeeze(expected)), "{expected} not in the PDF: {pdf_text}");
        }

        // Drawn up again, the minutes replace the earlier ones; both times audited.
        let again = step(&app, &s, &path, "minutes").await.expect(201);
        assert_eq!(again.body["pdf"]["sha256"], drawn.body["pdf"]["sha256"], "the same session, the same PDF");
        let log = app.get(&format!("/api/v1/audit-log?entity=council_session&entity_id={session}&limit=200"), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = log.body["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
        assert_eq!(actions.iter().filter(|a| **a == "minutes").count(), 2, "{actions:?}");
        assert_eq!(actions.iter().filter(|a| **a == "written_opinion").count(), 2, "{actions:?}");
        let written: Vec<String> = log.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "written_opinion").map(|e| e["after"].to_string()).collect();
        assert!(written.iter().all(|w| !w.contains("agree")), "{written:?}");
    }
);

both!(
    async fn a_council_that_does_not_count_written_opinions_records_them_apart(app) {
        let s = setting(&app).await;
        let (council_id, members) = council_with(&app, &s, 6, json!({"award_attendance_percent": 60})).await;
        // The province's rule, set on the council by a later regulation (If-Match: the ETag read).
        let council_path = format!("/api/v1/councils/{council_id}");
        let read = app.get(&council_path, &s.approver).await.expect(200);
        let etag = read.header("etag").unwrap().to_owned();
        let change = json!({"written_opinions_count": false, "legal_basis": "Quyết định số 12/2026/QĐ-UBND"});
        let stale = app.call(reqwest::Method::PATCH, &council_path, Some(&s.coordinator), Some(&change)).await;
        assert_eq!(stale.status.as_u16(), 200, "If-Match is optional: {}", stale.text);
        let refused = app.client.patch(app.url(&council_path)).bearer_auth(&s.coordinator).header("if-match", etag).json(&change).send().await.unwrap();
        assert_eq!(refused.status().as_u16(), 412);
        app.patch(&council_path, &s.coordinator, json!({"quorum_numerator": 4, "quorum_denominator": 3})).await.expect(422);
        app.patch(&council_path, &members[0].1, json!({"written_opinions_count": true})).await.problem(403, "role_required");
        let changed = app.get(&council_path, &s.approver).await.expect(200);
        assert_eq!((changed.body["written_opinions_count"].as_bool(), changed.body["legal_basis"].as_str(), changed.body["award_attendance_percent"].as_i64()),
            (Some(false), Some("Quyết định số 12/2026/QĐ-UBND"), Some(60)));
        let form = balloted_form(&app, &s, "hinh-thuc-khong-tinh", 80).await;
        let a = in_review(&app, &s, "Tổ hợp tác Đồng Tâm", Some(&form)).await;
        let created = app.post("/api/v1/council-sessions", &s.coordinator, json!({
            "council_id": council_id, "number": "09/BB-HĐTĐKT", "held_on": today(), "nomination_ids": [a]
        })).await.expect(201);
        let path = format!("/api/v1/council-sessions/{}", id_of(&created));
        app.call(reqwest::Method::PUT, &format!("{path}/attendance"), Some(&s.coordinator), Some(&attendance(&members, 4))).await.expect(200);
        app.post(&format!("{path}/opinions"), &s.coordinator, json!({"member_id": members[4].0, "nomination_id": a, "choice": "agree"})).await.expect(201);
        step(&app, &s, &path, "open").await.expect(200);
        for (_, token) in &members[..4] {
            vote(&app, token, &id_of(&created), &a, "agree").await.expect(201);
        }
        // 4 ballots of 6 (66.7 %) fail at 80; the written opinion is recorded, not counted.
        let closed = step(&app, &s, &path, "close").await.expect(200);
        let i = item(&closed.body, &a);
        assert_eq!((closed.body["written_opinions_count"].as_bool(), i["agree"].as_i64(), i["written_agree"].as_i64(), i["passed"].as_bool()), (Some(false), Some(4), Some(1), Some(false)), "{}", closed.text);
    }
);
