//! From recommendation to decision (issue 20): drafted papers, bonuses on the base salary of
//! the decision date with the highest-coefficient rule, the fund paying them, templates.

use serde_json::{json, Value};

use crate::both;
use crate::council::{docx_read, pdf_read, squeeze};
use crate::files::{complete_dossier, upload};
use crate::helpers::TestApp;
use crate::nominations::{act, id_of, model, new_nomination, setting, Setting};

/// A thematic award type (no quota pool, no ballot) with its coefficient from 2024.
async fn award_type(
    app: &TestApp,
    s: &Setting,
    code: &str,
    name: &str,
    nature: &str,
    per_mille: Option<i32>,
) -> String {
    let a = app.post("/api/v1/award-types", &s.coordinator, json!({
        "code": code, "name": name, "nature": nature, "recipient": "both", "level": "provincial", "stream": "thematic",
        "version": {"legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP", "valid_from": "2024-01-01",
            "deciding_authority": "Chủ tịch UBND tỉnh", "bonus_coefficient_per_mille": per_mille, "dossier_items": []}
    })).await.expect(201);
    id_of(&a)
}

/// A nomination of `model` for `form`, walked to `recommended`.
pub(crate) async fn recommended(app: &TestApp, s: &Setting, model: &str, form: &str) -> String {
    let mut body = new_nomination(s, model);
    body["form_id"] = json!(form);
    let n = id_of(
        &app.post("/api/v1/nominations", &s.officer, body)
            .await
            .expect(201),
    );
    complete_dossier(app, &s.officer, &n).await;
    act(app, &s.officer, &n, json!({"action": "submit"}))
        .await
        .expect(200);
    act(app, &s.coordinator, &n, json!({"action": "start_review"}))
        .await
        .expect(200);
    let r = act(app, &s.coordinator, &n, json!({"action": "recommend"}))
        .await
        .expect(200);
    assert_eq!(r.body["state"], "recommended", "{}", r.text);
    n
}

async fn fund(app: &TestApp, year: i32, amount: i64) {
    let res = app
        .client
        .put(app.url(&format!("/api/v1/emulation-funds/{year}")))
        .bearer_auth(&app.admin_token)
        .json(&json!({"amount": amount}))
        .send()
        .await
        .unwrap();
    crate::helpers::read(res).await.expect(200);
}

/// (awardee, award type, coefficient, amount) of each line.
fn lines(d: &Value) -> Vec<(String, String, i64, i64)> {
    d["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["awardee_name"].as_str().unwrap().to_owned(),
                i["award_type_name"].as_str().unwrap().to_owned(),
                i["per_mille"].as_i64().unwrap(),
                i["amount"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn row(name: &str, award: &str, per_mille: i64, amount: i64) -> (String, String, i64, i64) {
    (name.to_owned(), award.to_owned(), per_mille, amount)
}

async fn issue(
    app: &TestApp,
    token: &str,
    id: &str,
    number: &str,
    on: &str,
) -> crate::helpers::Answer {
    app.post(
        &format!("/api/v1/decisions/{id}/issue"),
        token,
        json!({"number": number, "decided_on": on}),
    )
    .await
}

both!(
    async fn a_decision_pays_the_highest_title_on_the_base_salary_of_its_day(app) {
        let s = setting(&app).await;
        fund(&app, 2026, 100_000_000).await;
        let high = award_type(&app, &s, "tap-the-xuat-sac-thu", "Tập thể xuất sắc (thử)", "title", Some(1500)).await;
        let low = award_type(&app, &s, "tap-the-tien-tien-thu", "Tập thể tiên tiến (thử)", "title", Some(800)).await;
        let highest = award_type(&app, &s, "tap-the-tieu-bieu-thu", "Tập thể tiêu biểu (thử)", "title", Some(3000)).await;
        let form = award_type(&app, &s, "giay-khen-thu", "Giấy khen (thử)", "form", Some(1000)).await;
        let doan_ket = model(&app, &s, "collective", "Hợp tác xã Đoàn Kết", "small_collective").await;
        let anh_duong = model(&app, &s, "collective", "Tổ hợp tác Ánh Dương", "small_collective").await;
        let n1 = recommended(&app, &s, &doan_ket, &high).await;
        let n2 = recommended(&app, &s, &doan_ket, &low).await;
        let n3 = recommended(&app, &s, &doan_ket, &form).await;
        let n4 = recommended(&app, &s, &anh_duong, &low).await;

        // The draft: two titles of one collective for 2025 pay only the higher; the form pays
        // beside them; 0,8 × 2.340.000 = 1.872.000 rounds up to 1.880.000.
        let body = json!({"nomination_ids": [n1, n2, n3, n4]});
        app.post("/api/v1/decisions", &s.officer, body.clone()).await.problem(403, "role_required");
        let d = app.post("/api/v1/decisions", &s.coordinator, body.clone()).await.expect(201);
        let id = id_of(&d);
        assert_eq!(d.body["state"], "draft");
        let expected_draft = vec![
            row("Hợp tác xã Đoàn Kết", "Tập thể xuất sắc (thử)", 1500, 3_510_000),
            row("Hợp tác xã Đoàn Kết", "Tập thể tiên tiến (thử)", 800, 0),
            row("Hợp tác xã Đoàn Kết", "Giấy khen (thử)", 1000, 2_340_000),
            row("Tổ hợp tác Ánh Dương", "Tập thể tiên tiến (thử)", 800, 1_880_000),
        ];
        assert_eq!(lines(&d.body), expected_draft, "{}", d.text);
        // A nomination goes into one decision only; an unknown one is named.
        let again = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n4]})).await.problem(409, "in_decision");
        assert_eq!(again.body["decision_id"], id.as_str());
        let unknown = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": ["khong-co"]})).await.expect(422);
        assert_eq!(unknown.body["errors"][0]["pointer"], "/nomination_ids/0");

        // The papers read back with every awardee and amount.
        let docx = app.get_bytes(&format!("/api/v1/files/{}", d.body["draft"]["docx_file_id"].as_str().unwrap()), &s.approver).await;
        let (paragraphs, rows) = docx_read(&docx);
        assert!(paragraphs.iter().any(|p| p.starts_with("Điều 1. Tặng thưởng cho 4 tập thể, cá nhân có thành tích năm 2025")), "{paragraphs:?}");
        for want in [
            vec!["1", "Hợp tác xã Đoàn Kết", "Sở Lao động-Thương binh và Xã hội", "Tập thể xuất sắc (thử)", "1,5", "3.510.000"],
            vec!["2", "Hợp tác xã Đoàn Kết", "Sở Lao động-Thương binh và Xã hội", "Tập thể tiên tiến (thử)", "0,8", "0"],
            vec!["3", "Hợp tác xã Đoàn Kết", "Sở Lao động-Thương binh và Xã hội", "Giấy khen (thử)", "1", "2.340.000"],
            vec!["4", "Tổ hợp tác Ánh Dương", "Sở Lao động-Thương binh và Xã hội", "Tập thể tiên tiến (thử)", "0,8", "1.880.000"],
            vec!["", "Tổng cộng", "", "", "", "7.730.000"],
        ] {
            assert!(rows.iter().any(|r| *r == want), "{want:?} in {rows:?}");
        }
        let submission = app.get_bytes(&format!("/api/v1/files/{}", d.body["submission"]["pdf_file_id"].as_str().unwrap()), &s.coordinator).await;
        let text = pdf_read(&submission);
        for want in ["TỜTRÌNH", "HợptácxãĐoànKết", "TổhợptácÁnhDương", "3.510.000", "1.880.000", "7.730.000", "Nghịđịnhsố73/2024/NĐ-CP"] {
            assert!(text.contains(want), "{want} in the submission: {text}");
        }
        let (status, _, _) = app.get_raw(&format!("/api/v1/files/{}", d.body["draft"]["pdf_file_id"].as_str().unwrap()), &s.officer).await;
        assert_eq!(status, 403, "a unit's officer does not read the Chairman's drafts");
        app.get(&format!("/api/v1/decisions/{id}"), &s.officer).await.problem(403, "role_required");

        // A later base salary; the decision dated the day before it still pays on the older one.
        app.post("/api/v1/base-salaries", &s.coordinator, json!({"amount": 2_530_000, "valid_from": "2026-07-01", "legal_basis": "Nghị định quy định mức lương cơ sở từ ngày 01/7/2026"})).await.expect(201);
        issue(&app, &s.coordinator, &id, "2718/QĐ-UBND", "2026-06-30").await.problem(403, "role_required");
        let issued = issue(&app, &s.approver, &id, "2718/QĐ-UBND", "2026-06-30").await.expect(200);
        assert_eq!((issued.body["state"].as_str(), issued.body["number"].as_str(), issued.body["base_salary"].as_i64(), issued.body["total_bonus"].as_i64()),
            (Some("issued"), Some("2718/QĐ-UBND"), Some(2_340_000), Some(7_730_000)), "{}", issued.text);
        assert_eq!(lines(&issued.body), expected_draft);
        issue(&app, &s.approver, &id, "2718/QĐ-UBND", "2026-06-30").await.problem(409, "decision_state");
        app.call(reqwest::Method::DELETE, &format!("/api/v1/decisions/{id}"), Some(&s.coordinator), None).await.problem(409, "decision_state");
        let pdf = pdf_read(&app.get_bytes(&format!("/api/v1/files/{}", issued.body["issued"]["pdf_file_id"].as_str().unwrap()), &s.approver).await);
        for want in ["Số:2718/QĐ-UBND", "DANHSÁCHKÈMTHEOQUYẾTĐỊNHSỐ2718/QĐ-UBNDNGÀY30/06/2026", "HợptácxãĐoànKết", "TổhợptácÁnhDương", "3.510.000", "2.340.000", "1.880.000", "7.730.000"] {
            assert!(pdf.contains(want), "{want} in the decision: {pdf}");
        }

        // Each nomination is approved with the decision; each award links it and its bonus.
        let n = app.get(&format!("/api/v1/nominations/{n1}"), &s.officer).await.expect(200);
        assert_eq!((n.body["state"].as_str(), n.body["decision_number"].as_str()), (Some("approved"), Some("2718/QĐ-UBND")));
        let awardee = issued.body["items"][0]["awardee_id"].as_str().unwrap().to_owned();
        let awards = app.get(&format!("/api/v1/awardees/{awardee}/awards"), &s.officer).await.expect(200);
        let items = awards.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{}", awards.text);
        for a in items {
            assert_eq!(a["decision_id"], id.as_str());
            assert_eq!(a["decision_file_id"], issued.body["issued"]["pdf_file_id"]);
        }
        let paid: Vec<i64> = items.iter().map(|a| a["bonus_amount"].as_i64().unwrap()).collect();
        assert_eq!(paid.iter().sum::<i64>(), 5_850_000, "{paid:?}");

        // The fund paid the total, once.
        let l = app.get("/api/v1/emulation-funds/2026/entries", &s.officer).await.expect(200);
        let bonuses: Vec<&Value> = l.body["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "bonuses").collect();
        assert_eq!(bonuses.len(), 1);
        assert_eq!((bonuses[0]["amount"].as_i64(), bonuses[0]["decision_id"].as_str()), (Some(-7_730_000), Some(id.as_str())));
        assert_eq!(l.body["balance"], 100_000_000 - 7_730_000);

        // After the change: a form pays on the new base salary; a higher title for the same
        // period tops up what the first decision paid (3,0 × 2.530.000 − 3.510.000).
        let n5 = recommended(&app, &s, &anh_duong, &form).await;
        let n6 = recommended(&app, &s, &doan_ket, &highest).await;
        let d2 = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n5, n6]})).await.expect(201);
        let issued = issue(&app, &s.approver, &id_of(&d2), "2950/QĐ-UBND", "2026-07-01").await.expect(200);
        assert_eq!(lines(&issued.body), vec![
            row("Tổ hợp tác Ánh Dương", "Giấy khen (thử)", 1000, 2_530_000),
            row("Hợp tác xã Đoàn Kết", "Tập thể tiêu biểu (thử)", 3000, 7_590_000 - 3_510_000),
        ], "{}", issued.text);
        assert_eq!(issued.body["items"][1]["paid_before"], 3_510_000);
        assert_eq!(issued.body["base_salary"], 2_530_000);

        // Listed, newest first; audited.
        let list = app.get("/api/v1/decisions?year=2025&state=issued", &s.approver).await.expect(200);
        assert_eq!(list.body["items"].as_array().unwrap().len(), 2, "{}", list.text);
        let log = app.get(&format!("/api/v1/audit-log?entity=decision&entity_id={id}"), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = log.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["issue", "create"]);
    }
);

/// A DOCX whose body has these paragraphs, each a list of runs.
fn docx_of(paragraphs: &[&[&str]]) -> Vec<u8> {
    let mut doc = docx_rs::Docx::new();
    for runs in paragraphs {
        let mut p = docx_rs::Paragraph::new();
        for r in *runs {
            p = p.add_run(docx_rs::Run::new().add_text(*r));
        }
        doc = doc.add_paragraph(p);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

both!(
    async fn a_type_without_a_coefficient_is_refused_and_templates_are_checked(app) {
        let s = setting(&app).await;
        fund(&app, 2026, 100_000_000).await;
        // The Chairman's certificate has no coefficient in the register yet.
        let m = model(&app, &s, "collective", "Hợp tác xã Đoàn Kết", "small_collective").await;
        let n = recommended(&app, &s, &m, &s.form).await;
        let refused = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n]})).await.problem(409, "no_coefficient");
        assert_eq!(refused.body["award_type_ids"], json!([s.form]), "{}", refused.text);
        assert!(refused.text.contains("Bằng khen của Chủ tịch UBND tỉnh"), "{}", refused.text);
        // Until the coordinator sets one.
        app.post(&format!("/api/v1/award-types/{}/versions", s.form), &s.coordinator, json!({
            "legal_basis": "Nghị định số 152/2025/NĐ-CP, Điều 55", "valid_from": "2026-01-01", "deciding_authority": "Chủ tịch UBND tỉnh",
            "bonus_coefficient_per_mille": 1000, "dossier_items": []
        })).await.expect(201);

        // Templates: a DOCX, each field within one run, every field known.
        let up = |bytes: Vec<u8>, name: &'static str, media: &'static str| {
            let (app, token) = (&app, s.coordinator.clone());
            async move { id_of(&upload(app, &token, name, bytes, media).await.expect(201)) }
        };
        let post = |file: String| {
            let (app, token) = (&app, s.coordinator.clone());
            async move { app.post("/api/v1/paper-templates", &token, json!({"kind": "decision", "file_id": file})).await }
        };
        let unknown = up(docx_of(&[&["Quyết định số {{so_quyet_dinh}} ngày {{decision_date}}"]]), "mau-1.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document").await;
        let r = post(unknown).await.problem(422, "template_field_unknown");
        assert_eq!(r.body["fields"], json!(["so_quyet_dinh"]), "{}", r.text);
        assert!(r.body["known_fields"].as_array().unwrap().contains(&json!("number")));
        let split = up(docx_of(&[&["Số: {{num", "ber}}"]]), "mau-2.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document").await;
        let r = post(split).await.problem(422, "template_field_split");
        assert!(r.text.contains("Số: {{number}}"), "{}", r.text);
        let pdf = up(crate::files::pdf("khong phai mau"), "mau.pdf", "application/pdf").await;
        post(pdf).await.problem(422, "template_not_docx");
        app.post("/api/v1/paper-templates", &s.coordinator, json!({"kind": "decision", "file_id": "khong-co"})).await.expect(422);
        let good = up(docx_of(&[
            &["ỦY BAN NHÂN DÂN TỈNH {{province}}"],
            &["Quyết định số ", "{{number}}", " ngày {{decision_date}}"],
            &["Khen thưởng {{awardee_count}} tập thể, cá nhân; tổng số tiền {{total_bonus}} đồng."],
        ]), "mau-quyet-dinh.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document").await;
        app.post("/api/v1/paper-templates", &s.officer, json!({"kind": "decision", "file_id": good})).await.problem(403, "role_required");
        let t = post(good).await.expect(201);
        assert_eq!(t.body["fields"], json!(["awardee_count", "decision_date", "number", "province", "total_bonus"]));
        let list = app.get("/api/v1/paper-templates", &s.coordinator).await.expect(200);
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

        // The decision is drafted and issued from it, with the annexed list added.
        let d = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n]})).await.expect(201);
        let issued = issue(&app, &s.approver, &id_of(&d), "3001/QĐ-UBND", "2026-08-03").await.expect(200);
        let (paragraphs, rows) = docx_read(&app.get_bytes(&format!("/api/v1/files/{}", issued.body["issued"]["docx_file_id"].as_str().unwrap()), &s.approver).await);
        assert!(paragraphs.contains(&"Quyết định số 3001/QĐ-UBND ngày 03/08/2026".to_owned()), "{paragraphs:?}");
        assert!(paragraphs.contains(&"Khen thưởng 1 tập thể, cá nhân; tổng số tiền 2.340.000 đồng.".to_owned()), "{paragraphs:?}");
        assert!(rows.iter().any(|r| r[1] == "Hợp tác xã Đoàn Kết" && r[5] == "2.340.000"), "{rows:?}");
        let text = pdf_read(&app.get_bytes(&format!("/api/v1/files/{}", issued.body["issued"]["pdf_file_id"].as_str().unwrap()), &s.approver).await);
        assert!(text.contains(&squeeze("Quyết định số 3001/QĐ-UBND ngày 03/08/2026")), "{text}");
        assert!(text.contains("HợptácxãĐoànKết") && text.contains("2.340.000"), "{text}");
    }
);

both!(
    async fn concurrent_decisions_through_two_instances_never_overdraw_the_fund(app) {
        let s = setting(&app).await;
        let form = award_type(&app, &s, "giay-khen-thu", "Giấy khen (thử)", "form", Some(1000)).await;
        // Room for two bonuses of 2.340.000, not three.
        fund(&app, 2026, 5_000_000).await;
        let mut drafts = Vec::new();
        for name in ["Hợp tác xã Một", "Hợp tác xã Hai", "Hợp tác xã Ba", "Hợp tác xã Bốn"] {
            let m = model(&app, &s, "collective", name, "small_collective").await;
            let n = recommended(&app, &s, &m, &form).await;
            let d = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n]})).await.expect(201);
            drafts.push(id_of(&d));
        }
        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for (i, id) in drafts.iter().enumerate() {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, id) = (app.client.clone(), s.approver.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                let res = client.post(format!("{target}/api/v1/decisions/{id}/issue")).bearer_auth(token)
                    .json(&json!({"number": format!("{i}/QĐ-UBND"), "decided_on": "2026-09-01"})).send().await.unwrap();
                crate::helpers::read(res).await
            }));
        }
        let mut issued = 0;
        for t in tasks {
            let a = t.await.unwrap();
            match a.status.as_u16() {
                200 => issued += 1,
                409 => {
                    assert_eq!(a.body["code"], "fund_exceeded", "{}", a.text);
                    assert_eq!((a.body["remaining"].as_i64(), a.body["requested"].as_i64()), (Some(320_000), Some(2_340_000)), "{}", a.text);
                }
                s => panic!("unexpected {s}: {}", a.text),
            }
        }
        assert_eq!(issued, 2);
        let l = app.get("/api/v1/emulation-funds/2026/entries", &s.officer).await.expect(200);
        assert_eq!(l.body["balance"], 320_000);
        // A refused decision left nothing behind: still a draft, its nomination recommended.
        let drafts_left = app.get("/api/v1/decisions?state=draft", &s.approver).await.expect(200);
        for d in drafts_left.body["items"].as_array().unwrap() {
            let full = app.get(&format!("/api/v1/decisions/{}", d["id"].as_str().unwrap()), &s.approver).await.expect(200);
            let n = app.get(&format!("/api/v1/nominations/{}", full.body["items"][0]["nomination_id"].as_str().unwrap()), &s.approver).await.expect(200);
            assert_eq!(n.body["state"], "recommended");
        }
        assert_eq!(drafts_left.body["items"].as_array().unwrap().len(), 2);
    }
);

both!(
    async fn the_honours_changes_feed_carries_decisions_and_revocations(app) {
        use reqwest::Method;
        let s = setting(&app).await;
        fund(&app, 2026, 100_000_000).await;
        let form = award_type(&app, &s, "giay-khen-thu", "Giấy khen (thử)", "form", Some(1000)).await;
        let m = model(&app, &s, "collective", "Hợp tác xã Đoàn Kết", "small_collective").await;
        let n = recommended(&app, &s, &m, &form).await;
        let d = app.post("/api/v1/decisions", &s.coordinator, json!({"nomination_ids": [n]})).await.expect(201);
        let d = id_of(&d);
        issue(&app, &s.approver, &d, "12/QĐ-UBND", "2026-08-03").await.expect(200);

        // A portal mirrors the honours from the beginning, without signing in.
        let feed = app.call(Method::GET, "/public/v1/honours/changes", None, None).await.expect(200);
        let change = feed.body["changes"].as_array().unwrap().iter().find(|c| c["id"] == n.as_str())
            .unwrap_or_else(|| panic!("{n} in {}", feed.text)).clone();
        assert_eq!(change["change"], "upsert");
        let h = &change["honour"];
        assert_eq!((h["decision_id"].as_str(), h["decision_number"].as_str(), h["decision_date"].as_str(), h["authority"].as_str()),
            (Some(d.as_str()), Some("12/QĐ-UBND"), Some("2026-08-03"), Some("Chủ tịch UBND tỉnh")), "{}", feed.text);
        assert_eq!((h["nominee"]["name"].as_str(), h["form"].as_str()), (Some("Hợp tác xã Đoàn Kết"), Some("Giấy khen (thử)")));
        assert_eq!(feed.body["has_more"], false);
        let list = app.call(Method::GET, "/public/v1/honours?year=2025", None, None).await.expect(200);
        assert!(list.body["items"].as_array().unwrap().iter().any(|i| i["decision_id"] == d.as_str()), "{}", list.text);

        // Nothing new: an empty page with the same position.
        let token = feed.body["sync_token"].as_str().unwrap().to_owned();
        let quiet = app.call(Method::GET, &format!("/public/v1/honours/changes?since={token}"), None, None).await.expect(200);
        assert_eq!(quiet.body["changes"], json!([]));
        assert_eq!(quiet.body["sync_token"], token.as_str());

        // A revocation reaches the portal as a tombstone.
        act(&app, &s.approver, &n, json!({"action": "revoke", "reason": "Hồ sơ kê khai không trung thực.", "document_id": s.document})).await.expect(200);
        let after = app.call(Method::GET, &format!("/public/v1/honours/changes?since={token}&limit=10"), None, None).await.expect(200);
        assert_eq!(after.body["changes"], json!([{"id": n, "change": "delete", "honour": null}]), "{}", after.text);
        assert_ne!(after.body["sync_token"], token.as_str());

        // The models' tokens are not the honours'.
        let models = app.call(Method::GET, "/public/v1/exemplary-models/changes", None, None).await.expect(200);
        let other = models.body["sync_token"].as_str().unwrap();
        app.call(Method::GET, &format!("/public/v1/honours/changes?since={other}"), None, None).await.problem(400, "invalid_sync_token");
    }
);
