//! 2025 replayed on the letter's data, with the service's clock moved through the year: the
//! departments' mergers of 1 March (Decree 45/2025/NĐ-CP), the two provinces' merger of
//! 1 July (Resolution 202/2025/QH15) and the end of the districts (Resolution
//! 1666/NQ-UBTVQH15), then who can still act, what moved, compliance and statistics before
//! and after each date, old names found, and a dry run that writes nothing.

use serde_json::{json, Value};
use thidua::clock::{install, Clock};

use crate::helpers::{Answer, Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_province_reorganised_in_2025_sqlite() {
    the_province_reorganised_in_2025(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_province_reorganised_in_2025_postgres() {
    if crate::helpers::postgres_available() {
        the_province_reorganised_in_2025(Backend::Postgres).await;
    }
}

/// Moves the register's clock to 09:00 in the province on `day`.
fn on(day: &str) {
    install(Clock::parse(day).expect("a day"));
}

fn id(a: &Answer) -> String {
    a.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {}", a.text))
        .to_owned()
}

/// The ids of a list of objects under `key`.
fn ids_in(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key}: {v}"))
        .iter()
        .map(|u| {
            u["id"]
                .as_str()
                .or(u["unit_id"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The province as the test needs it: the letter's units and movements, and who acts.
struct Province {
    coordinator: String,
    /// Unit ids by code.
    units: std::collections::HashMap<String, String>,
    poverty: String,
    digital: String,
}

impl Province {
    fn unit(&self, code: &str) -> &str {
        self.units
            .get(code)
            .unwrap_or_else(|| panic!("no unit {code}"))
    }
}

async fn add_unit(
    app: &TestApp,
    p: &mut Province,
    code: &str,
    name: &str,
    kind: &str,
    from: Option<&str>,
) {
    let a = app
        .post(
            "/api/v1/units",
            &app.admin_token,
            json!({"code": code, "name": name, "kind": kind, "valid_from": from}),
        )
        .await
        .expect(201);
    p.units.insert(code.to_owned(), id(&a));
}

/// The seeded letter, and the units of 2025 the letter did not have.
async fn province(app: &TestApp) -> Province {
    app.seed().await;
    let listed = app
        .get("/api/v1/units?limit=200", &app.admin_token)
        .await
        .expect(200);
    let units = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["code"].as_str().unwrap().to_owned(),
                u["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut p = Province {
        coordinator: app.user("coordinator", None).await,
        units,
        poverty: app.movement_by_code("PT-NGUOI-NGHEO").await["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        digital: app.movement_by_code("PT-CHUYEN-DOI-SO").await["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    };
    for (code, name, kind, from) in [
        ("CP", "Chính phủ", "other", None),
        ("QH", "Quốc hội", "other", None),
        ("SKHCN", "Sở Khoa học và Công nghệ", "department", None),
        ("UBND-TB", "Ủy ban nhân dân tỉnh Thái Bình", "other", None),
        ("SNV-TB", "Sở Nội vụ tỉnh Thái Bình", "department", None),
        ("H-TL", "Ủy ban nhân dân huyện Tiên Lữ", "district", None),
        ("X-AV", "Ủy ban nhân dân xã An Viên", "commune", None),
        ("X-TT", "Ủy ban nhân dân xã Tiên Tiến", "commune", None),
        (
            "X-TL",
            "Ủy ban nhân dân xã Tiên Lữ",
            "commune",
            Some("2025-07-01"),
        ),
        (
            "X-TH",
            "Ủy ban nhân dân xã Tiên Hoa",
            "commune",
            Some("2025-07-01"),
        ),
    ] {
        add_unit(app, &mut p, code, name, kind, from).await;
    }
    p
}

async fn document(
    app: &TestApp,
    p: &Province,
    number: &str,
    kind: &str,
    issued_on: &str,
    issuer: &str,
) -> String {
    let a = app
        .post(
            "/api/v1/documents",
            &app.admin_token,
            json!({"number": number, "kind": kind,
        "issued_on": issued_on, "issuing_unit_id": p.unit(issuer), "title": number}),
        )
        .await
        .expect(201);
    id(&a)
}

async fn report_type(app: &TestApp, code: &str, extra: Value) -> String {
    let mut body = json!({"code": code, "title": "Báo cáo công tác thi đua, khen thưởng quý", "period_type": "quarter",
        "content_schema": {"type": "object"}, "due_days": 15, "grace_days": 30});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    id(&app
        .post("/api/v1/report-types", &app.admin_token, body)
        .await
        .expect(201))
}

async fn submit(app: &TestApp, token: &str, report_type: &str, period: &str) -> Answer {
    let body =
        json!({"report_type_id": report_type, "period": period, "content": {"so_dien_hinh": 2}});
    let req = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(token)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&body);
    crate::helpers::read(req.send().await.unwrap()).await
}

/// (unit id, status, met_by_predecessors, missing_predecessors, name) of a unit in a
/// compliance answer.
type Row = (String, String, Vec<String>, Vec<String>, String);

async fn compliance(app: &TestApp, p: &Province, report_type: &str, period: &str) -> Vec<Row> {
    let a = app
        .get(
            &format!("/api/v1/reporting/compliance?type={report_type}&period={period}"),
            &p.coordinator,
        )
        .await
        .expect(200);
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    a.body["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit_id"].as_str().unwrap().to_owned(),
                u["status"].as_str().unwrap().to_owned(),
                list(&u["met_by_predecessors"]),
                list(&u["missing_predecessors"]),
                u["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn status_of<'a>(rows: &'a [Row], unit: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.0 == unit)
}

async fn lead_of(app: &TestApp, movement: &str) -> String {
    let a = app
        .get(&format!("/api/v1/movements/{movement}"), &app.admin_token)
        .await
        .expect(200);
    a.body["lead_unit"]["id"].as_str().unwrap().to_owned()
}

async fn portal_silent(app: &TestApp, p: &Province) -> Vec<String> {
    let a = app
        .get(
            "/api/v1/stats/units-without-portal-items?from=2025-01-01&to=2025-12-31",
            &p.coordinator,
        )
        .await
        .expect(200);
    ids_in(&a.body, "units")
}

async fn the_province_reorganised_in_2025(backend: Backend) {
    let app = crate::helpers::spawn_with(backend, |c| {
        c.clock = Clock::parse("2025-02-20").expect("a day");
    })
    .await;
    let p = province(&app).await;
    let (token, ld, snv) = (
        &app.admin_token,
        p.unit("SLDTBXH").to_owned(),
        p.unit("SNV").to_owned(),
    );

    // February: the Department of Labour still works. Its officer introduces a model and
    // publishes it on its portal, its software files the first quarter's report, it has a
    // plan to issue, and Thái Bình's Department of Home Affairs is in a block for 2026.
    let officer = app.user("unit_officer", Some(&ld)).await;
    let model = id(&app.post("/api/v1/exemplary-models", &officer, json!({"kind": "collective",
        "name": "Tổ hợp tác rau an toàn xã An Viên", "managing_unit_id": ld, "movement_ids": [p.poverty],
        "category": "small_collective", "summary": "12 hộ thoát nghèo bền vững."})).await.expect(201));
    app.post("/api/v1/publicity-items", &officer, json!({"channel": "unit_portal", "title": "Gương thoát nghèo",
        "url": "https://soldtbxh.hungyen.gov.vn/tin/1", "published_on": "2025-02-15", "unit_id": ld})).await.expect(201);
    let plan = id(&app
        .post(
            &format!("/api/v1/movements/{}/plans", p.poverty),
            &p.coordinator,
            json!({"kind": "unit_annual",
        "unit_id": ld, "year": 2025, "title": "Kế hoạch năm 2025", "due_on": "2025-03-31"}),
        )
        .await
        .expect(201));
    let poverty_q = report_type(
        &app,
        "BC-QUY-GN",
        json!({"audience": "movement_leads", "movement_id": p.poverty}),
    )
    .await;
    let digital_q = report_type(
        &app,
        "BC-QUY-CDS",
        json!({"audience": "movement_leads", "movement_id": p.digital}),
    )
    .await;
    submit(&app, &officer, &poverty_q, "2025Q1")
        .await
        .expect(201);
    let (client, secret) = app.api_client(&ld, "reports:write").await;
    app.try_client_token(&client, &secret).await.expect(200);
    let block = id(&app
        .post(
            "/api/v1/emulation-groups",
            token,
            json!({"kind": "block", "name": "Khối các sở, ngành",
        "year": 2026, "member_unit_ids": [p.unit("SNV-TB"), p.unit("SKHCN")]}),
        )
        .await
        .expect(201));

    let before = compliance(&app, &p, &poverty_q, "2025Q1").await;
    assert_eq!(
        status_of(&before, &ld).map(|r| r.1.as_str()),
        Some("on_time")
    );
    assert!(
        portal_silent(&app, &p).await.contains(&snv),
        "the Department of Home Affairs published nothing itself"
    );
    let publicity = |unit: String| {
        let app = &app;
        let coordinator = p.coordinator.clone();
        async move {
            let a = app
                .get(
                    &format!("/api/v1/stats/publicity?year=2025&unit_id={unit}"),
                    &coordinator,
                )
                .await
                .expect(200);
            a.body["total"].as_i64().unwrap()
        }
    };
    assert_eq!(publicity(snv.clone()).await, 0);

    // 10 March: the mergers of 1 March are recorded. A viewer's dry run lists what would
    // move and writes nothing.
    on("2025-03-10");
    let decree = document(&app, &p, "45/2025/NĐ-CP", "decree", "2025-02-28", "CP").await;
    let absorb = json!({"kind": "absorb", "unit_ids": [ld], "successor_id": snv, "document_id": decree,
        "effective_on": "2025-03-01", "mapping": [{"record": "client", "id": client, "to": null}]});
    let viewer = app.user("viewer", None).await;
    let dry = app
        .post(
            "/api/v1/reorganisations?dry_run=true",
            &viewer,
            absorb.clone(),
        )
        .await
        .expect(200);
    let moved: Vec<(String, String)> = dry.body["reorganisation"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["record"].as_str().unwrap().to_owned(),
                m["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("model", model.as_str()),
        ("plan", plan.as_str()),
        ("lead_role", p.poverty.as_str()),
        ("client", client.as_str()),
    ] {
        assert!(
            moved
                .iter()
                .any(|(r, i)| (r.as_str(), i.as_str()) == expected),
            "{expected:?} in {}",
            dry.text
        );
    }
    assert!(moved.iter().any(|(r, _)| r == "user"), "{}", dry.text);
    assert_eq!(
        lead_of(&app, &p.poverty).await,
        ld,
        "a dry run writes nothing"
    );
    let m = app
        .get(&format!("/api/v1/exemplary-models/{model}"), token)
        .await
        .expect(200);
    assert_eq!(m.body["managing_unit"]["id"], ld.as_str());
    app.try_client_token(&client, &secret).await.expect(200);

    let done = app
        .post("/api/v1/reorganisations", token, absorb)
        .await
        .expect(201);
    assert_eq!(done.body["unit"]["id"], snv.as_str());
    let merged = app.post("/api/v1/reorganisations", token, json!({"kind": "merge",
        "unit_ids": [p.unit("STTTT"), p.unit("SKHCN")], "document_id": decree, "effective_on": "2025-03-01",
        "new_unit": {"code": "SKHCN-HY", "name": "Sở Khoa học và Công nghệ", "kind": "department"}})).await.expect(201);
    let skhcn = merged.body["unit"]["id"].as_str().unwrap().to_owned();
    assert_eq!(merged.body["unit"]["valid_from"], "2025-03-01");

    // The lead units moved by the same documents; the successor manages the model and the plan.
    assert_eq!(lead_of(&app, &p.poverty).await, snv);
    assert_eq!(lead_of(&app, &p.digital).await, skhcn);
    let m = app
        .get(&format!("/api/v1/exemplary-models/{model}"), token)
        .await
        .expect(200);
    assert_eq!(m.body["managing_unit"]["id"], snv.as_str());
    let snv_officer = app.user("unit_officer", Some(&snv)).await;
    app.patch(
        &format!("/api/v1/exemplary-models/{model}"),
        &snv_officer,
        json!({"summary": "15 hộ thoát nghèo."}),
    )
    .await
    .expect(200);
    let pl = app
        .get(
            &format!("/api/v1/movements/{}/plans/{plan}", p.poverty),
            token,
        )
        .await
        .expect(200);
    assert_eq!(pl.body["unit"]["id"], snv.as_str());
    let groups = app
        .get(&format!("/api/v1/emulation-groups/{block}"), token)
        .await
        .expect(200);
    assert!(
        ids_in(&groups.body, "members").contains(&skhcn),
        "2026's block has the merged department: {}",
        groups.text
    );

    // Who can no longer act: the officer's old token ended (the account now belongs to the
    // successor), the client was ended, nothing can be recorded for the unit after its last day.
    app.seconds_until_refused(&officer).await;
    let user = done.body["reorganisation"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["record"] == "user")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let account = app
        .get(&format!("/api/v1/users/{user}"), token)
        .await
        .expect(200);
    assert_eq!(
        (
            account.body["unit_id"].as_str(),
            account.body["active"].as_bool()
        ),
        (Some(snv.as_str()), Some(true))
    );
    app.try_client_token(&client, &secret)
        .await
        .problem(401, "invalid_client");
    app.post("/api/v1/publicity-items", token, json!({"channel": "unit_portal", "title": "Tin sau ngày cuối",
        "url": "https://soldtbxh.hungyen.gov.vn/tin/2", "published_on": "2025-03-05", "unit_id": ld})).await.problem(422, "unit_ended");
    app.post(
        "/api/v1/users",
        token,
        json!({"username": "can-bo-ldtbxh", "display_name": "Cán bộ", "role": "unit_officer",
        "unit_id": ld}),
    )
    .await
    .expect(422);

    // Compliance and statistics after 1 March: the successor's duty is met by its
    // predecessor's report; its predecessor's publicity counts for it.
    let after = compliance(&app, &p, &poverty_q, "2025Q1").await;
    let row = status_of(&after, &snv).expect("the Department of Home Affairs is expected");
    assert_eq!(
        (row.1.as_str(), row.2.clone()),
        ("on_time", vec![ld.clone()])
    );
    assert!(
        status_of(&after, &ld).is_none(),
        "an ended unit is not expected"
    );
    let digital = compliance(&app, &p, &digital_q, "2025Q1").await;
    assert_eq!(
        status_of(&digital, &skhcn).map(|r| r.1.as_str()),
        Some("missing")
    );
    assert!(!portal_silent(&app, &p).await.contains(&snv));
    assert_eq!(publicity(snv.clone()).await, 1);

    // The successor's page lists the absorption with its decree; the poverty movement's lead
    // changed on that decree; the audit log lists every move under the event.
    let event = done.body["reorganisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = app
        .get(&format!("/api/v1/units/{snv}"), token)
        .await
        .expect(200);
    let history = page.body["history"]
        .as_array()
        .expect("a unit's page has its history");
    let absorbed = history
        .iter()
        .find(|e| e["reorganisation_id"] == event.as_str())
        .expect("the absorption");
    assert_eq!(absorbed["kind"], "absorb");
    assert_eq!(absorbed["document_number"], "45/2025/NĐ-CP");
    assert_eq!(absorbed["predecessor_ids"], json!([ld]));
    let listed = app.get("/api/v1/units?limit=1", token).await.expect(200);
    assert!(
        listed.body["items"][0].get("history").is_none(),
        "lists carry no history"
    );
    let movement = app
        .get(&format!("/api/v1/movements/{}", p.poverty), token)
        .await
        .expect(200);
    let leads = movement.body["lead_units"].as_array().unwrap();
    let last = leads.last().unwrap();
    assert_eq!(
        (last["unit"]["id"].as_str(), last["valid_from"].as_str()),
        (Some(snv.as_str()), Some("2025-03-01"))
    );
    assert_eq!(last["document"]["id"], decree.as_str());
    let audit = app
        .get(
            &format!("/api/v1/audit-log?cause_id={event}&limit=200"),
            token,
        )
        .await
        .expect(200);
    let entries = audit.body["items"].as_array().unwrap();
    let audited = |entity: &str, entity_id: &str| {
        entries.iter().any(|e| {
            e["entity"] == entity && e["entity_id"] == entity_id && e["cause_id"] == event.as_str()
        })
    };
    assert!(audited("exemplary_model", &model), "{}", audit.text);
    assert!(audited("reorganisation", &event), "{}", audit.text);
    assert!(audited("unit", &ld), "{}", audit.text);
    assert!(entries.iter().all(|e| e["cause_id"] == event.as_str()));
    // Nobody introduces a model for the unit that ended.
    let late_model = app
        .post(
            "/api/v1/exemplary-models",
            token,
            json!({"kind": "collective",
        "name": "Mô hình sau ngày cuối", "managing_unit_id": ld, "movement_ids": [p.poverty],
        "category": "small_collective", "summary": "—"}),
        )
        .await;
    let late_model = late_model.problem(422, "unit_ended");
    assert_eq!(late_model.body["errors"][0]["pointer"], "/managing_unit_id");
    let found = app
        .get(
            "/api/v1/units?q=lao%20dong%20thuong%20binh&active=false",
            token,
        )
        .await
        .expect(200);
    assert_eq!(found.body["items"][0]["successor_id"], snv.as_str());

    july(&app, &p, &snv).await;
}

/// June and July: the communes report for the second quarter, then the provinces merge, two
/// communes join a new one, and the district is split among the new communes.
async fn july(app: &TestApp, p: &Province, snv: &str) {
    let token = &app.admin_token;
    on("2025-06-25");
    let (av, tt, tl, th, district) = (
        p.unit("X-AV"),
        p.unit("X-TT"),
        p.unit("X-TL"),
        p.unit("X-TH"),
        p.unit("H-TL"),
    );
    // Due on 4 July (the cut-off of 14 June and 20 days): the new communes are expected.
    let q2 = report_type(
        app,
        "BC-QUY-XA",
        json!({"audience": "units", "unit_ids": [av, tt, tl, th, district], "due_days": 20}),
    )
    .await;
    let av_officer = app.user("unit_officer", Some(av)).await;
    submit(app, &av_officer, &q2, "2025Q2").await.expect(201);
    let district_officer = app.user("unit_officer", Some(district)).await;
    submit(app, &district_officer, &q2, "2025Q2")
        .await
        .expect(201);
    let district_model = id(&app
        .post(
            "/api/v1/exemplary-models",
            &district_officer,
            json!({"kind": "individual",
        "name": "Ông Nguyễn Văn Thành", "managing_unit_id": district, "movement_ids": [p.poverty],
        "category": "farmer", "summary": "Nông dân sản xuất giỏi."}),
        )
        .await
        .expect(201));
    let before = compliance(app, p, &q2, "2025Q2").await;
    assert_eq!(
        status_of(&before, tl).map(|r| r.1.as_str()),
        Some("missing"),
        "{before:?}"
    );
    assert_eq!(
        status_of(&before, tt).map(|r| r.1.as_str()),
        Some("missing")
    );

    on("2025-07-20");
    let merger = document(app, p, "202/2025/QH15", "resolution", "2025-06-12", "QH").await;
    let communes = document(app, p, "1666/NQ-UBTVQH15", "resolution", "2025-06-16", "QH").await;
    for (from, to) in [
        (p.unit("UBND-TB"), p.unit("UBND-HY")),
        (p.unit("SNV-TB"), snv),
    ] {
        app.post(
            "/api/v1/reorganisations",
            token,
            json!({"kind": "absorb", "unit_ids": [from], "successor_id": to,
            "document_id": merger, "effective_on": "2025-07-01"}),
        )
        .await
        .expect(201);
    }
    app.post(
        "/api/v1/reorganisations",
        token,
        json!({"kind": "absorb", "unit_ids": [av, tt], "successor_id": tl,
        "document_id": communes, "effective_on": "2025-07-01"}),
    )
    .await
    .expect(201);

    // A split with open records and no mapping is refused, each record named.
    let split = |mapping: Value| {
        json!({"kind": "split", "unit_id": district, "successor_ids": [tl, th],
        "document_id": communes, "effective_on": "2025-07-01", "mapping": mapping})
    };
    let refused = app
        .post("/api/v1/reorganisations", token, split(json!([])))
        .await
        .problem(422, "unmapped");
    assert_eq!(
        refused.body["errors"].as_array().unwrap().len(),
        3,
        "the model, its awardee and the account: {}",
        refused.text
    );
    let account = app
        .get(&format!("/api/v1/users?unit_id={district}"), token)
        .await
        .expect(200);
    let account = account.body["items"][0]["id"].as_str().unwrap().to_owned();
    let mapping = json!([{"record": "model", "id": district_model, "to": th}, {"record": "awardee", "id": district_model, "to": th}, {"record": "user", "id": account, "to": th}]);
    app.post(
        "/api/v1/reorganisations",
        token,
        split(json!([{"record": "model", "id": district_model, "to": snv}])),
    )
    .await
    .expect(422);
    let dry = app
        .post(
            "/api/v1/reorganisations?dry_run=true",
            &p.coordinator,
            split(mapping.clone()),
        )
        .await
        .expect(200);
    assert_eq!(
        dry.body["reorganisation"]["moves"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let still = app
        .get(&format!("/api/v1/units/{district}"), token)
        .await
        .expect(200);
    assert_eq!(still.body["active"], true, "a dry run writes nothing");
    let done = app
        .post("/api/v1/reorganisations", token, split(mapping))
        .await
        .expect(201);
    assert_eq!(
        done.body["reorganisation"]["successor_ids"],
        json!([tl, th])
    );
    let m = app
        .get(&format!("/api/v1/exemplary-models/{district_model}"), token)
        .await
        .expect(200);
    assert_eq!(m.body["managing_unit"]["id"], th);
    let awardee = app
        .get(&format!("/api/v1/awardees/{district_model}"), token)
        .await
        .expect(200);
    assert_eq!(
        awardee.body["unit"]["id"], th,
        "the model's people go with it"
    );

    // After 1 July: the new commune of two communes is partial (one reported), the other
    // is met by the district's report; the district can file nothing more.
    let after = compliance(app, p, &q2, "2025Q2").await;
    let row = status_of(&after, tl).expect("the new commune is expected");
    assert_eq!(
        (row.1.as_str(), row.3.clone()),
        ("partial", vec![tt.to_owned()]),
        "{after:?}"
    );
    assert_eq!(
        status_of(&after, th).map(|r| (r.1.as_str(), r.2.clone())),
        Some(("on_time", vec![district.to_owned()]))
    );
    assert!(status_of(&after, district).is_none());
    // Reminders go to the partial commune alone: the other's duty is met, the ended ones get none.
    let sent = app
        .post(
            "/api/v1/reminders",
            token,
            json!({"kind": "missing_report", "report_type": "BC-QUY-XA",
        "period": "2025Q2"}),
        )
        .await
        .expect(201);
    let reminded: Vec<&str> = sent.body["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit_id"].as_str().unwrap())
        .collect();
    assert_eq!(reminded, [tl], "{}", sent.text);
    app.seconds_until_refused(&district_officer).await;
    let events = app
        .get(&format!("/api/v1/reorganisations?unit_id={snv}"), token)
        .await
        .expect(200);
    assert_eq!(
        events.body["items"].as_array().unwrap().len(),
        2,
        "two absorptions into the Department of Home Affairs"
    );
    press(app, p, &merger).await;
}

/// The broadcaster absorbs the newspaper and takes a new name: compliance for 2024 shows the
/// name it had then, and its old name still finds it.
async fn press(app: &TestApp, p: &Province, merger: &str) {
    let token = &app.admin_token;
    let (tv, paper) = (p.unit("DPTTH-HY"), p.unit("BAO-HY"));
    let yearly = report_type(
        app,
        "BC-NAM",
        json!({"period_type": "year", "audience": "units", "unit_ids": [tv]}),
    )
    .await;
    app.post(
        "/api/v1/reorganisations",
        token,
        json!({"kind": "absorb", "unit_ids": [paper], "successor_id": tv,
        "document_id": merger, "effective_on": "2025-07-01"}),
    )
    .await
    .expect(201);
    app.post("/api/v1/reorganisations", token, json!({"kind": "rename", "unit_id": tv, "document_id": merger,
        "effective_on": "2025-07-01", "name": "Báo và Phát thanh, Truyền hình Hưng Yên", "code": "BPTTH-HY"}))
        .await.expect(201);
    let then = compliance(app, p, &yearly, "2024").await;
    assert_eq!(
        status_of(&then, tv).map(|r| r.4.as_str()),
        Some("Đài Phát thanh và Truyền hình Hưng Yên")
    );
    let now = compliance(app, p, &yearly, "2025").await;
    assert_eq!(
        status_of(&now, tv).map(|r| r.4.as_str()),
        Some("Báo và Phát thanh, Truyền hình Hưng Yên")
    );
    let found = app
        .get("/api/v1/units?q=dai%20phat%20thanh", token)
        .await
        .expect(200);
    assert_eq!(ids_in(&found.body, "items"), [tv]);
}
