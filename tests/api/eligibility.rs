//! Eligibility that explains itself: chains of consecutive titles (a gap breaks one, a thematic
//! award does not count), initiatives of enough reach and used once, restrictions, the
//! province's own rule added through the API, the coordinator's override of a rule not known,
//! and the law of the day a dossier was received.

use serde_json::{json, Value};
use thidua::clock::{install, Clock};

use crate::both;
use crate::helpers::{read, Answer, TestApp};
use crate::nominations::{act, form_id, id_of, new_nomination, setting, Setting};

/// An awardee of the proposing unit.
async fn awardee(app: &TestApp, s: &Setting, kind: &str, name: &str) -> String {
    let a = app
        .post(
            "/api/v1/awardees",
            &s.coordinator,
            json!({
            "kind": kind, "name": name, "unit_id": s.unit,
            "category": if kind == "individual" { "frontline_staff" } else { "small_collective" }
        }),
        )
        .await
        .expect(201);
    id_of(&a)
}

/// Records a past award of `type_id` for `year` in `stream`.
async fn honour(
    app: &TestApp,
    s: &Setting,
    who: &str,
    type_id: &str,
    year: i32,
    stream: &str,
) -> String {
    let a = app
        .post("/api/v1/awards", &s.coordinator, json!({
            "awardee_id": who, "award_type_id": type_id, "period_from": year, "stream": stream,
            "decision_number": format!("{}/QĐ-UBND", 100 + year - 2000), "decision_date": format!("{year}-12-20"),
            "issuing_authority": "Chủ tịch UBND tỉnh"
        }))
        .await
        .expect(201);
    id_of(&a)
}

async fn initiative(app: &TestApp, s: &Setting, who: &str, reach: &str) -> String {
    let a = app
        .post(
            "/api/v1/initiatives",
            &s.officer,
            json!({
                "awardee_id": who, "title": format!("Sáng kiến phạm vi {reach}"), "reach": reach,
                "document_number": "312/QĐ-HĐSK", "recognised_on": "2024-10-15"
            }),
        )
        .await
        .expect(201);
    id_of(&a)
}

/// A draft nomination of `who` for `type_id` in `year`, with `extra` members merged in.
async fn propose(
    app: &TestApp,
    s: &Setting,
    who: &str,
    type_id: &str,
    year: i32,
    extra: Value,
) -> String {
    let mut b = new_nomination(s, "");
    let o = b.as_object_mut().unwrap();
    o.remove("model_id");
    o.insert("awardee_id".into(), json!(who));
    o.insert("form_id".into(), json!(type_id));
    o.insert("year".into(), json!(year));
    for (k, v) in extra.as_object().unwrap() {
        o.insert(k.clone(), v.clone());
    }
    let a = app
        .post("/api/v1/nominations", &s.officer, b)
        .await
        .expect(201);
    id_of(&a)
}

/// Registers `who` for the title `type_id` in `year`, then proposes it.
async fn propose_title(
    app: &TestApp,
    s: &Setting,
    who: &str,
    type_id: &str,
    year: i32,
    extra: Value,
) -> String {
    app.post(
        "/api/v1/title-registrations",
        &s.officer,
        json!({"year": year, "awardee_id": who, "award_type_id": type_id}),
    )
    .await
    .expect(201);
    propose(app, s, who, type_id, year, extra).await
}

async fn eligibility(app: &TestApp, s: &Setting, id: &str) -> Answer {
    app.get(&format!("/api/v1/nominations/{id}/eligibility"), &s.officer)
        .await
        .expect(200)
}

/// The outcome of the first rule of `kind`.
fn rule<'a>(e: &'a Answer, kind: &str) -> &'a Value {
    e.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} rule: {}", e.text))
}

async fn submit(app: &TestApp, s: &Setting, id: &str) -> Answer {
    crate::files::complete_dossier(app, &s.officer, id).await;
    act(app, &s.officer, id, json!({"action": "submit"})).await
}

/// The pointers of a refusal's errors.
fn pointers(a: &Answer) -> Vec<String> {
    a.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {}", a.text))
        .iter()
        .map(|e| e["pointer"].as_str().unwrap().to_owned())
        .collect()
}

both!(
    async fn chains_count_consecutive_merit_titles_and_initiatives_reach_far_enough_once(app) {
        let s = setting(&app).await;
        let base = form_id(&app, "chien-si-thi-dua-co-so").await;
        let provincial = form_id(&app, "chien-si-thi-dua-cap-tinh").await;
        let merit = |who: String, years: Vec<(i32, &'static str)>| (who, years);
        let people = [
            merit(awardee(&app, &s, "individual", "Nguyễn Thị Hoa").await, vec![(2022, "merit"), (2023, "merit"), (2024, "merit")]),
            merit(awardee(&app, &s, "individual", "Trần Văn Lâm").await, vec![(2023, "merit"), (2024, "merit")]),
            merit(awardee(&app, &s, "individual", "Lê Văn Minh").await, vec![(2021, "merit"), (2022, "merit"), (2024, "merit")]),
            merit(awardee(&app, &s, "individual", "Phạm Thị Tú").await, vec![(2022, "merit"), (2023, "thematic"), (2024, "merit")]),
            merit(awardee(&app, &s, "individual", "Đỗ Văn Quang").await, vec![(2022, "merit"), (2023, "merit"), (2024, "merit")]),
        ];
        for (who, years) in &people {
            for (year, stream) in years {
                honour(&app, &s, who, &base, *year, stream).await;
            }
        }
        let reaches = ["provincial", "provincial", "provincial", "provincial", "unit"];
        let mut ids = Vec::new();
        for ((who, _), reach) in people.iter().zip(reaches) {
            let i = initiative(&app, &s, who, reach).await;
            ids.push((propose_title(&app, &s, who, &provincial, 2024, json!({"initiative_id": i})).await, i));
        }
        // Three consecutive base titles and a provincial initiative: met, with the evidence.
        let e = eligibility(&app, &s, &ids[0].0).await;
        assert_eq!((e.body["outcome"].as_str(), e.body["submittable"].as_bool()), (Some("met"), Some(true)), "{}", e.text);
        assert_eq!(e.body["received"], false, "judged by today until it is received");
        let chain = rule(&e, "chain");
        assert_eq!(chain["evidence"].as_array().unwrap().len(), 3, "{chain}");
        assert_eq!(chain["legal_basis"], "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22");
        let kinds: Vec<&str> = e.body["rules"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["no_restriction", "initiative_once", "achievement_once", "chain", "initiative_reach"]);
        let sent = submit(&app, &s, &ids[0].0).await.expect(200);
        assert_eq!(sent.body["state"], "submitted");
        // Two are not three; a gap breaks the chain; a thematic award does not count.
        for (i, needle) in [(1, "Chỉ có 2 lần"), (2, "đứt ở năm 2023"), (3, "Chỉ có 1 lần")] {
            let e = eligibility(&app, &s, &ids[i].0).await;
            let chain = rule(&e, "chain");
            assert_eq!((e.body["outcome"].as_str(), chain["outcome"].as_str()), (Some("not_met"), Some("not_met")), "{}", e.text);
            assert!(chain["explanation"].as_str().unwrap().contains(needle), "{chain}");
            let refused = submit(&app, &s, &ids[i].0).await.problem(422, "not_eligible");
            assert_eq!(pointers(&refused), [format!("/eligibility/{}", chain["rule_id"].as_str().unwrap())]);
        }
        let tu = eligibility(&app, &s, &ids[3].0).await;
        let thematic = rule(&tu, "chain")["evidence"].as_array().unwrap().iter()
            .find(|ev| ev["detail"].as_str().unwrap().contains("không tính")).cloned();
        assert!(thematic.is_some_and(|ev| ev["detail"].as_str().unwrap().contains("thematic")), "{}", tu.text);
        // In English on request.
        let res = app.client.get(app.url(&format!("/api/v1/nominations/{}/eligibility", ids[1].0)))
            .bearer_auth(&s.officer).header("accept-language", "en").send().await.unwrap();
        let en = read(res).await.expect(200);
        assert_eq!(en.header("content-language"), Some("en"));
        assert!(rule(&en, "chain")["explanation"].as_str().unwrap().starts_with("Only 2 consecutive"), "{}", en.text);
        // An initiative of unit reach does not do for the provincial title.
        let e = eligibility(&app, &s, &ids[4].0).await;
        assert_eq!((rule(&e, "chain")["outcome"].as_str(), rule(&e, "initiative_reach")["outcome"].as_str()), (Some("met"), Some("not_met")));
        submit(&app, &s, &ids[4].0).await.problem(422, "not_eligible");
        // One initiative, used once: Hoa's, already the basis of her submitted nomination.
        let bang_khen = form_id(&app, "bang-khen-ubnd-tinh").await;
        let again = propose(&app, &s, &people[0].0, &bang_khen, 2024, json!({"initiative_id": ids[0].1})).await;
        let e = eligibility(&app, &s, &again).await;
        let once = rule(&e, "initiative_once");
        assert_eq!(once["outcome"], "not_met", "{}", e.text);
        assert_eq!(once["evidence"][0]["source"], "nomination");
        assert_eq!(once["evidence"][0]["id"].as_str(), Some(ids[0].0.as_str()));
        submit(&app, &s, &again).await.problem(422, "not_eligible");
        // Others read it as they read the nomination.
        let stranger_unit = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        app.get(&format!("/api/v1/nominations/{}/eligibility", ids[0].0), &stranger).await.problem(403, "other_unit");
        app.get("/api/v1/nominations/0193a1b2-0000-7000-8000-00000000dead/eligibility", &s.officer).await.expect(404);
    }
);

/// The province's rule for Tập thể lao động xuất sắc, three rules added through the API.
async fn province_rule(app: &TestApp, s: &Setting, type_id: &str, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, parameters) in [
        ("members_completed_share", json!({"percent": 100})),
        ("members_title_share", json!({"percent": 70})),
        (
            "members_holding",
            json!({"award_type_id": base, "count": 1}),
        ),
    ] {
        let a = app
            .post("/api/v1/eligibility-rules", &s.coordinator, json!({
                "award_type_id": type_id, "kind": kind, "parameters": parameters,
                "legal_basis": "Quy chế Thi đua, khen thưởng tỉnh Hưng Yên (Quyết định số 25/2025/QĐ-UBND)",
                "valid_from": "2025-07-01"
            }))
            .await
            .expect(201);
        out.push(id_of(&a));
    }
    out
}

both!(
    async fn a_restriction_blocks_and_the_provinces_own_rule_applies(app) {
        let s = setting(&app).await;
        let base = form_id(&app, "chien-si-thi-dua-co-so").await;
        let excellent = form_id(&app, "tap-the-lao-dong-xuat-sac").await;
        let bang_khen = form_id(&app, "bang-khen-ubnd-tinh").await;
        // A restriction in the year judged blocks; ended before it, it does not.
        let hoa = awardee(&app, &s, "individual", "Nguyễn Thị Hoa").await;
        let r = app.post(&format!("/api/v1/awardees/{hoa}/restrictions"), &s.coordinator, json!({
            "kind": "discipline", "starts_on": "2025-03-01", "ends_on": "2026-02-28", "document_number": "45/QĐ-SNV"
        })).await.expect(201);
        let n = propose(&app, &s, &hoa, &bang_khen, 2025, json!({})).await;
        let e = eligibility(&app, &s, &n).await;
        let blocked = rule(&e, "no_restriction");
        assert_eq!((blocked["outcome"].as_str(), blocked["evidence"][0]["id"].as_str()), (Some("not_met"), r.body["id"].as_str()), "{}", e.text);
        submit(&app, &s, &n).await.problem(422, "not_eligible");
        // Achievements count from a restriction's end.
        let minh = awardee(&app, &s, "individual", "Lê Văn Minh").await;
        app.post(&format!("/api/v1/awardees/{minh}/restrictions"), &s.coordinator, json!({
            "kind": "inspection", "starts_on": "2024-03-01", "ends_on": "2024-12-31", "document_number": "12/QĐ-TTr"
        })).await.expect(201);
        let later = propose(&app, &s, &minh, &bang_khen, 2025, json!({})).await;
        assert_eq!(rule(&eligibility(&app, &s, &later).await, "no_restriction")["outcome"], "met");
        app.post(&format!("/api/v1/awardees/{hoa}/restrictions"), &s.officer, json!({
            "kind": "complaint", "starts_on": "2025-03-01", "document_number": "46/QĐ-SNV"
        })).await.expect(403);
        // The coordinator records the province's own rule; its checks come first.
        let rule_body = |kind: &str, parameters: Value, type_id: &str| json!({
            "award_type_id": type_id, "kind": kind, "parameters": parameters,
            "legal_basis": "Quy chế Thi đua, khen thưởng tỉnh", "valid_from": "2025-07-01"
        });
        app.post("/api/v1/eligibility-rules", &s.officer, rule_body("members_title_share", json!({"percent": 70}), &excellent)).await.problem(403, "role_required");
        let a = app.post("/api/v1/eligibility-rules", &s.coordinator, rule_body("members_title_share", json!({"percent": 170, "reach": "unit"}), &excellent)).await.problem(422, "validation");
        assert_eq!(pointers(&a), ["/parameters/reach", "/parameters/percent"]);
        let a = app.post("/api/v1/eligibility-rules", &s.coordinator, rule_body("members_title_share", json!({"percent": 70}), &bang_khen)).await.problem(422, "validation");
        assert_eq!(pointers(&a), ["/award_type_id"], "a rule about members is for collectives");
        let added = province_rule(&app, &s, &excellent, &base).await;
        let listed = app.get(&format!("/api/v1/eligibility-rules?award_type_id={excellent}&on=2026-01-01"), &s.officer).await.expect(200);
        let listed: Vec<&str> = listed.body["items"].as_array().unwrap().iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(listed.len(), 6, "three for every type and the province's three: {listed:?}");
        assert!(added.iter().all(|id| listed.contains(&id.as_str())));
        // Applied: a collective of the unit, one of whose people holds Chiến sĩ thi đua cơ sở.
        let lan = awardee(&app, &s, "individual", "Trần Thị Lan").await;
        honour(&app, &s, &lan, &base, 2025, "merit").await;
        let team = awardee(&app, &s, "collective", "Phòng Bảo trợ xã hội").await;
        let n = propose_title(&app, &s, &team, &excellent, 2025, json!({"members": {"total": 10, "completed": 10, "advanced": 6}})).await;
        let e = eligibility(&app, &s, &n).await;
        let share = rule(&e, "members_title_share");
        assert_eq!((share["outcome"].as_str(), share["rule_id"].as_str()), (Some("not_met"), Some(added[1].as_str())), "{}", e.text);
        assert_eq!(rule(&e, "members_completed_share")["outcome"], "met");
        let holding = rule(&e, "members_holding");
        assert_eq!((holding["outcome"].as_str(), holding["evidence"].as_array().map(Vec::len)), (Some("met"), Some(1)));
        submit(&app, &s, &n).await.problem(422, "not_eligible");
        let edit = app.patch(&format!("/api/v1/nominations/{n}"), &s.officer, json!({"members": {"total": 10, "completed": 10, "advanced": 7}})).await.expect(200);
        assert_eq!(edit.body["members"]["advanced"], 7);
        assert_eq!(eligibility(&app, &s, &n).await.body["outcome"], "met");
        // Without its figures a collective's shares are not known: only the coordinator's reason lets it through.
        let other = awardee(&app, &s, "collective", "Phòng Lao động - Việc làm").await;
        let m = propose_title(&app, &s, &other, &excellent, 2025, json!({})).await;
        let e = eligibility(&app, &s, &m).await;
        assert_eq!((e.body["outcome"].as_str(), e.body["submittable"].as_bool()), (Some("not_known"), Some(false)), "{}", e.text);
        let refused = submit(&app, &s, &m).await.problem(422, "eligibility_not_known");
        assert_eq!(pointers(&refused).len(), 2);
        let reason = json!({"reason": "Danh sách thành viên đã nộp bản giấy, Sở Nội vụ đã đối chiếu."});
        let path = format!("/api/v1/nominations/{m}/eligibility-override");
        app.post(&path, &s.officer, reason.clone()).await.problem(403, "role_required");
        app.post(&path, &s.coordinator, json!({"reason": " "})).await.problem(422, "validation");
        let o = app.post(&path, &s.coordinator, reason.clone()).await.expect(200);
        assert_eq!((o.body["submittable"].as_bool(), o.body["override_reason"].as_str()), (Some(true), reason["reason"].as_str()));
        assert_eq!(submit(&app, &s, &m).await.expect(200).body["state"], "submitted");
        app.post(&path, &s.coordinator, reason.clone()).await.problem(409, "not_editable");
        app.post(&format!("/api/v1/nominations/{n}/eligibility-override"), &s.coordinator, reason).await.problem(409, "nothing_to_override");
        let audit = app.get(&format!("/api/v1/audit-log?entity=nomination&entity_id={m}"), &app.admin_token).await.expect(200);
        assert!(audit.body["items"].as_array().unwrap().iter().any(|i| i["action"] == "override_eligibility"), "{}", audit.text);
        // A rule ends; its parameters never change.
        let path = format!("/api/v1/eligibility-rules/{}", added[1]);
        let read = app.get(&path, &s.officer).await.expect(200);
        assert_eq!(read.body["parameters"]["percent"], 70);
        app.patch(&path, &s.coordinator, json!({"parameters": {"percent": 50}})).await.problem(400, "malformed_body");
        let ended = app.patch(&path, &s.coordinator, json!({"valid_to": "2025-12-31"})).await.expect(200);
        assert_eq!(ended.body["valid_to"], "2025-12-31");
        app.patch(&path, &s.coordinator, json!({"valid_to": "2025-01-01"})).await.problem(422, "validation");
    }
);

both!(
    async fn a_dossier_is_judged_by_the_law_of_the_day_it_was_received(app) {
        let s = setting(&app).await;
        install(Clock::parse("2024-11-15").unwrap());
        let base = form_id(&app, "chien-si-thi-dua-co-so").await;
        let excellent = form_id(&app, "tap-the-lao-dong-xuat-sac").await;
        province_rule(&app, &s, &excellent, &base).await;
        let figures = json!({"members": {"total": 10, "completed": 8, "advanced": 8}});
        let early = awardee(&app, &s, "collective", "Phòng Bảo trợ xã hội").await;
        let n = propose_title(&app, &s, &early, &excellent, 2024, figures.clone()).await;
        submit(&app, &s, &n).await.expect(200);
        install(Clock::parse("2026-03-01").unwrap());
        let late = awardee(&app, &s, "collective", "Phòng Lao động - Việc làm").await;
        let m = propose_title(&app, &s, &late, &excellent, 2025, figures).await;
        // Received on 15 November 2024: Decree 98/2023, before the province's rule.
        let e = eligibility(&app, &s, &n).await;
        assert_eq!((e.body["judged_on"].as_str(), e.body["received"].as_bool()), (Some("2024-11-15"), Some(true)), "{}", e.text);
        assert!(e.body["legal_basis"].as_str().unwrap().contains("98/2023/NĐ-CP"), "{}", e.text);
        assert_eq!((e.body["outcome"].as_str(), e.body["rules"].as_array().map(Vec::len)), (Some("met"), Some(3)));
        // Received on 1 March 2026: Decree 152/2025 and the province's rule, which refuses it.
        let e = eligibility(&app, &s, &m).await;
        assert!(e.body["legal_basis"].as_str().unwrap().contains("152/2025/NĐ-CP"), "{}", e.text);
        assert_eq!(rule(&e, "members_completed_share")["outcome"], "not_met");
        submit(&app, &s, &m).await.problem(422, "not_eligible");
        // What the law was on a day is listed too.
        let then = app.get(&format!("/api/v1/eligibility-rules?award_type_id={excellent}&on=2024-11-15"), &s.officer).await.expect(200);
        assert_eq!(then.body["items"].as_array().unwrap().len(), 3);
    }
);

both!(
    async fn titles_are_registered_by_the_deadline_and_each_stream_keeps_its_own(app) {
        let s = setting(&app).await;
        let base = form_id(&app, "chien-si-thi-dua-co-so").await;
        let advanced = form_id(&app, "lao-dong-tien-tien").await;
        let flag = form_id(&app, "co-thi-dua-ubnd-tinh").await;
        let bang_khen = form_id(&app, "bang-khen-ubnd-tinh").await;
        let hoa = awardee(&app, &s, "individual", "Nguyễn Thị Hoa").await;
        // The coordinator sets the year's registration deadline; units may not.
        let path = "/api/v1/stream-deadlines/2025/merit";
        app.call(reqwest::Method::PUT, path, Some(&s.officer), Some(&json!({"registration_due": "2025-03-31"}))).await.problem(403, "role_required");
        let d = app.call(reqwest::Method::PUT, path, Some(&s.coordinator), Some(&json!({"registration_due": "2026-12-31"}))).await.expect(200);
        assert_eq!((d.body["stream"].as_str(), d.body["nominations_due"].as_str()), (Some("merit"), None), "{}", d.text);
        // A registration: a title, of the nominee's kind, once.
        let register = |type_id: &str| json!({"year": 2025, "awardee_id": hoa, "award_type_id": type_id});
        app.post("/api/v1/title-registrations", &s.officer, register(&bang_khen)).await.problem(422, "validation");
        app.post("/api/v1/title-registrations", &s.officer, register(&flag)).await.problem(422, "validation");
        let r = app.post("/api/v1/title-registrations", &s.officer, register(&base)).await.expect(201);
        assert_eq!((r.body["unit_id"].as_str(), r.body["year"].as_i64()), (Some(s.unit.as_str()), Some(2025)));
        app.post("/api/v1/title-registrations", &s.officer, register(&base)).await.problem(409, "duplicate");
        let stranger_unit = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&stranger_unit)).await;
        app.post("/api/v1/title-registrations", &stranger, register(&advanced)).await.expect(403);
        // Who registered and who did not.
        let units = app.get("/api/v1/title-registrations/units?year=2025", &stranger).await.expect(200);
        let count = |id: &str| units.body["items"].as_array().unwrap().iter().find(|u| u["unit_id"] == id).map(|u| u["registrations"].as_i64());
        assert_eq!((count(&s.unit), count(&stranger_unit)), (Some(Some(1)), Some(Some(0))), "{}", units.text);
        assert_eq!(units.body["registration_due"], "2026-12-31");
        assert!(units.body["not_registered"].as_i64().unwrap() >= 1);
        // A title that requires registration is nominated only with one.
        let a = app.post("/api/v1/nominations", &s.officer, {
            let mut b = new_nomination(&s, "");
            b.as_object_mut().unwrap().remove("model_id");
            b["awardee_id"] = json!(hoa);
            b["form_id"] = json!(advanced);
            b
        }).await.problem(422, "not_registered");
        assert_eq!(pointers(&a), ["/form_id"]);
        let n = propose(&app, &s, &hoa, &base, 2025, json!({})).await;
        honour(&app, &s, &hoa, &advanced, 2025, "merit").await;
        // After the deadline a unit can no longer register or withdraw; the coordinator can.
        app.call(reqwest::Method::PUT, path, Some(&s.coordinator), Some(&json!({"registration_due": "2025-03-31"}))).await.expect(200);
        let closed = app.post("/api/v1/title-registrations", &s.officer, register(&advanced)).await.problem(409, "registration_closed");
        assert_eq!(closed.body["deadline"], "2025-03-31");
        let late = app.post("/api/v1/title-registrations", &s.coordinator, register(&advanced)).await.expect(201);
        let late_path = format!("/api/v1/title-registrations/{}", id_of(&late));
        app.call(reqwest::Method::DELETE, &late_path, Some(&s.officer), None).await.problem(409, "registration_closed");
        app.call(reqwest::Method::DELETE, &late_path, Some(&s.coordinator), None).await.expect(204);
        app.get(&late_path, &s.officer).await.expect(404);
        // Each stream has its own deadline for new nominations; a returned one comes back.
        let merit = propose(&app, &s, &hoa, &bang_khen, 2025, json!({})).await;
        let lan = awardee(&app, &s, "individual", "Trần Thị Lan").await;
        let ad_hoc = propose(&app, &s, &lan, &bang_khen, 2025, json!({"stream": "ad_hoc"})).await;
        let d = app.call(reqwest::Method::PUT, path, Some(&s.coordinator), Some(&json!({"nominations_due": "2025-11-30"}))).await.expect(200);
        assert_eq!((d.body["registration_due"].as_str(), d.body["version"].as_i64()), (Some("2025-03-31"), Some(3)));
        let passed = submit(&app, &s, &merit).await.problem(409, "deadline_passed");
        assert_eq!(passed.body["deadline"], "2025-11-30");
        assert_eq!(submit(&app, &s, &ad_hoc).await.expect(200).body["state"], "submitted", "the ad-hoc stream has no deadline set");
        app.call(reqwest::Method::PUT, path, Some(&s.coordinator), Some(&json!({"nominations_due": null}))).await.expect(200);
        submit(&app, &s, &n).await.expect(200);
        act(&app, &s.coordinator, &n, json!({"action": "start_review"})).await.expect(200);
        act(&app, &s.coordinator, &n, json!({"action": "return", "comments": "Bổ sung minh chứng."})).await.expect(200);
        app.call(reqwest::Method::PUT, path, Some(&s.coordinator), Some(&json!({"nominations_due": "2025-11-30"}))).await.expect(200);
        assert_eq!(submit(&app, &s, &n).await.expect(200).body["state"], "submitted");
        let listed = app.get("/api/v1/stream-deadlines?year=2025", &s.officer).await.expect(200);
        assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
        let regs = app.get(&format!("/api/v1/title-registrations?year=2025&awardee_id={hoa}"), &s.officer).await.expect(200);
        assert_eq!(regs.body["items"].as_array().unwrap().len(), 1);
    }
);

both!(
    async fn a_stream_takes_places_in_its_own_pool_or_none_outside_the_annual_round(app) {
        let s = setting(&app).await;
        let bang_khen = form_id(&app, "bang-khen-ubnd-tinh").await;
        // The province sets a pool for ad-hoc awards: one a year.
        let rule = json!({"code": "dot-xuat-hang-nam", "stream": "ad_hoc", "max_count": 1,
            "description": "Khen thưởng đột xuất: không quá 01 trường hợp mỗi năm", "document_id": s.document,
            "valid_from": "2026-01-10"});
        let mut merit = rule.clone();
        merit["stream"] = json!("merit");
        app.post("/api/v1/quotas", &s.coordinator, merit).await.problem(422, "validation");
        let mut both = rule.clone();
        both["scale"] = json!("standard");
        app.post("/api/v1/quotas", &s.coordinator, both).await.problem(422, "validation");
        let r = app.post("/api/v1/quotas", &s.coordinator, rule).await.expect(201);
        assert_eq!(r.body["stream"], "ad_hoc", "{}", r.text);
        let walk_to_review = |id: String| {
            let (app, s) = (&app, &s);
            async move {
                submit(app, s, &id).await.expect(200);
                act(app, &s.coordinator, &id, json!({"action": "start_review"})).await.expect(200);
                id
            }
        };
        let mut ad_hoc = Vec::new();
        for name in ["Trần Văn Dũng", "Lê Thị Mai"] {
            let who = awardee(&app, &s, "individual", name).await;
            ad_hoc.push(walk_to_review(propose(&app, &s, &who, &bang_khen, 2025, json!({"stream": "ad_hoc"})).await).await);
        }
        let recommend = json!({"action": "recommend"});
        let first = act(&app, &s.coordinator, &ad_hoc[0], recommend.clone()).await.expect(200);
        assert_eq!(first.body["state"], "recommended");
        let full = act(&app, &s.coordinator, &ad_hoc[1], recommend.clone()).await.problem(409, "quota_exceeded");
        assert_eq!((full.body["rule"].as_str(), full.body["limit"].as_i64()), (Some("dot-xuat-hang-nam"), Some(1)), "{}", full.text);
        // A thematic award, for which the province set no pool, takes no place, nor one of the
        // movement's annual pool.
        let before = crate::nominations::pool(&app, &s).await;
        let who = awardee(&app, &s, "individual", "Phạm Văn Hùng").await;
        let thematic = walk_to_review(propose(&app, &s, &who, &bang_khen, 2025, json!({"stream": "thematic"})).await).await;
        assert_eq!(act(&app, &s.coordinator, &thematic, recommend).await.expect(200).body["state"], "recommended");
        let after = crate::nominations::pool(&app, &s).await;
        assert_eq!((before["used"].as_i64(), after["used"].as_i64()), (Some(0), Some(0)), "{after}");
        let pools = app.get("/api/v1/quotas", &s.coordinator).await.expect(200);
        assert!(pools.body["items"].as_array().unwrap().iter().any(|q| q["code"] == "dot-xuat-hang-nam" && q["stream"] == "ad_hoc"));
    }
);
