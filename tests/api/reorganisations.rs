//! Reorganisations of units: renames, moves and dissolutions on legal documents.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::TestApp;

/// A decree of 28 February 2025 (the departments' reorganisation); its id.
async fn decree(app: &TestApp, issuer: &str) -> String {
    let doc = app.post("/api/v1/documents", &app.admin_token, json!({"number": "45/2025/NĐ-CP", "kind": "decree",
        "issued_on": "2025-02-28", "issuing_unit_id": issuer, "title": "Nghị định quy định tổ chức các cơ quan chuyên môn"}))
        .await.expect(201);
    doc.body["id"].as_str().unwrap().to_owned()
}

both!(
    async fn a_rename_on_a_decree_changes_the_unit_from_its_day_and_a_dry_run_writes_nothing(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let unit = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let doc = decree(&app, &province).await;
        let rename = json!({"kind": "rename", "unit_id": unit, "document_id": doc, "effective_on": "2025-03-01",
            "name": "Sở Khoa học và Công nghệ", "code": "SKHCN"});

        // A viewer may look, not record.
        let viewer = app.user("viewer", None).await;
        app.post("/api/v1/reorganisations", &viewer, rename.clone()).await.problem(403, "role_required");
        let dry = app.post("/api/v1/reorganisations?dry_run=true", &viewer, rename.clone()).await.expect(200);
        assert_eq!(dry.body["dry_run"], true);
        assert_eq!(dry.body["unit"]["name"], "Sở Khoa học và Công nghệ");
        assert_eq!(dry.body["unit"]["former_names"][0]["name"], "Sở Thông tin và Truyền thông");
        let still = app.get(&format!("/api/v1/units/{unit}"), token).await.expect(200);
        assert_eq!(still.body["name"], "Sở Thông tin và Truyền thông");
        assert_eq!(still.body["former_names"], json!([]));
        let none = app.get("/api/v1/reorganisations", token).await.expect(200);
        assert_eq!(none.body["items"], json!([]));
        let audit = app.get("/api/v1/audit-log?entity=reorganisation", token).await.expect(200);
        assert_eq!(audit.body["items"], json!([]), "a dry run leaves no audit");

        let a = app.post("/api/v1/reorganisations", token, rename).await.expect(201);
        let event = a.body["reorganisation"]["id"].as_str().unwrap().to_owned();
        assert_eq!(a.header("location"), Some(format!("/api/v1/reorganisations/{event}").as_str()));
        assert_eq!(a.body["dry_run"], false);
        let u = &a.body["unit"];
        assert_eq!((u["name"].as_str(), u["code"].as_str()), (Some("Sở Khoa học và Công nghệ"), Some("SKHCN")));
        assert_eq!(u["former_names"][0]["code"], "STTTT");
        assert_eq!(u["former_names"][0]["valid_to"], "2025-02-28");
        assert_eq!(u["former_names"][0]["document_id"], doc.as_str());
        let found = app.get("/api/v1/units?q=stttt", token).await.expect(200);
        assert_eq!(found.body["items"][0]["id"], unit.as_str());

        // Moved under the province from 1 July.
        let moved = app.post("/api/v1/reorganisations", token, json!({"kind": "move", "unit_id": unit,
            "document_id": doc, "effective_on": "2025-07-01", "parent_id": province})).await.expect(201);
        assert_eq!(moved.body["unit"]["parent_id"], province.as_str());

        let list = app.get(&format!("/api/v1/reorganisations?unit_id={unit}"), token).await.expect(200);
        let kinds: Vec<&str> = list.body["items"].as_array().unwrap().iter()
            .map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["rename", "move"]);
        let one = app.get(&format!("/api/v1/reorganisations/{event}"), token).await.expect(200);
        assert_eq!(one.body["name"], "Sở Khoa học và Công nghệ");
        assert_eq!(one.body["document_id"], doc.as_str());
        app.get("/api/v1/reorganisations/nothing", token).await.problem(404, "not_found");
    }
);

both!(
    async fn a_dissolution_ends_the_unit_the_day_before_and_bad_events_are_refused(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let district = app.unit("H-TL", "Ủy ban nhân dân huyện Tiên Lữ").await;
        app.unit("SKHCN", "Sở Khoa học và Công nghệ").await;
        let doc = decree(&app, &province).await;
        let event = |kind: &str, day: &str, extra: Value| {
            let mut e = json!({"kind": kind, "unit_id": district, "document_id": doc, "effective_on": day});
            e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            e
        };
        let refused = |a: crate::helpers::Answer, pointer: &str| {
            let a = a.expect(422);
            assert_eq!(a.body["errors"][0]["pointer"], pointer, "{}", a.text);
        };
        refused(app.post("/api/v1/reorganisations", token, event("rename", "2025-03-01", json!({}))).await, "/name");
        refused(app.post("/api/v1/reorganisations", token, event("dissolve", "2025-07-01", json!({"name": "X"}))).await, "/name");
        refused(app.post("/api/v1/reorganisations", token, event("move", "2025-07-01", json!({}))).await, "/parent_id");
        refused(app.post("/api/v1/reorganisations", token, event("dissolve", "2025-01-01", json!({}))).await, "/effective_on");
        refused(app.post("/api/v1/reorganisations", token, event("dissolve", "2099-01-01", json!({}))).await, "/effective_on");
        app.post("/api/v1/reorganisations", token, event("rename", "2025-03-01", json!({"name": "Huyện Tiên Lữ", "code": "SKHCN"})))
            .await.problem(409, "duplicate_code");

        let a = app.post("/api/v1/reorganisations", token, event("dissolve", "2025-07-01", json!({}))).await.expect(201);
        assert_eq!(a.body["unit"]["active"], false);
        assert_eq!(a.body["unit"]["valid_to"], "2025-06-30");
        assert_eq!(a.body["unit"]["successor_id"], Value::Null);
        let late = app.post("/api/v1/reorganisations", token, event("rename", "2025-08-01", json!({"name": "Xã Tiên Lữ"}))).await;
        late.problem(422, "unit_ended");
    }
);

both!(
    async fn a_unit_that_leads_a_movement_is_not_dissolved_and_a_deactivation_is_an_event(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let lead = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let doc = decree(&app, &province).await;
        let movement = app.post("/api/v1/movements", token, json!({"code": "GN", "name": "Vì người nghèo",
            "lead_unit_id": lead, "basis_document_id": doc, "start_on": "2025-03-01"})).await.expect(201);
        let movement = movement.body["id"].as_str().unwrap().to_owned();
        let a = app.post("/api/v1/reorganisations", token, json!({"kind": "dissolve", "unit_id": lead,
            "document_id": doc, "effective_on": "2025-07-01"})).await.problem(422, "unmapped");
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().contains(&movement), "{}", a.text);
        let a = app.post(&format!("/api/v1/units/{lead}/deactivate"), token, json!({})).await;
        a.problem(422, "unmapped");
        let still = app.get(&format!("/api/v1/units/{lead}"), token).await.expect(200);
        assert_eq!(still.body["active"], true);
        assert_eq!(still.body["history"], json!([]));

        // A unit that leads nothing is deactivated: a dissolution on the document given.
        let other = app.unit("H-TL", "Ủy ban nhân dân huyện Tiên Lữ").await;
        let yesterday = thidua::domain::today().pred_opt().unwrap();
        let d = app.post(&format!("/api/v1/units/{other}/deactivate"), token,
            json!({"valid_to": yesterday, "document_id": doc})).await.expect(200);
        assert_eq!(d.body["active"], false);
        let page = app.get(&format!("/api/v1/units/{other}"), token).await.expect(200);
        let history = page.body["history"].as_array().unwrap();
        assert_eq!(history.len(), 1, "{}", page.text);
        assert_eq!(history[0]["kind"], "dissolve");
        assert_eq!(history[0]["document_id"], doc.as_str());
        assert_eq!(history[0]["document_number"], "45/2025/NĐ-CP");
        assert_eq!(history[0]["effective_on"], thidua::domain::today().to_string());
        let event = history[0]["reorganisation_id"].as_str().unwrap();
        let audit = app.get(&format!("/api/v1/audit-log?cause_id={event}"), token).await.expect(200);
        let entities: Vec<&str> = audit.body["items"].as_array().unwrap().iter()
            .map(|e| e["entity"].as_str().unwrap()).collect();
        assert!(entities.contains(&"unit") && entities.contains(&"reorganisation"), "{}", audit.text);
    }
);

both!(
    async fn a_dissolved_unit_is_reminded_of_nothing(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let stays = app.unit("H-PC", "Ủy ban nhân dân huyện Phù Cừ").await;
        let ends = app.unit("H-TL", "Ủy ban nhân dân huyện Tiên Lữ").await;
        let doc = decree(&app, &province).await;
        let t = app.post("/api/v1/report-types", token, json!({
            "code": "BC-DX", "title": "Báo cáo nhanh", "period_type": "ad_hoc", "content_schema": {"type": "object"},
            "due_days": 0, "audience": "units"
        })).await.expect(201);
        let today = thidua::domain::today();
        let yesterday = today.pred_opt().unwrap();
        app.post("/api/v1/report-requests", token, json!({"report_type_id": t.body["id"], "code": "DX-01",
            "title": "Báo cáo nhanh", "due_date": yesterday, "unit_ids": [stays, ends]})).await.expect(201);
        // Neither reported; one of them ends yesterday.
        app.post("/api/v1/reorganisations", token, json!({"kind": "dissolve", "unit_id": ends,
            "document_id": doc, "effective_on": today})).await.expect(201);
        let sent = app.post("/api/v1/reminders", token,
            json!({"kind": "missing_report", "report_type": "BC-DX", "period": "DX-01"})).await.expect(201);
        let units: Vec<&str> = sent.body["reminders"].as_array().unwrap().iter()
            .map(|r| r["unit_id"].as_str().unwrap()).collect();
        assert_eq!(units, [stays.as_str()], "{}", sent.text);
    }
);

both!(
    async fn mergers_absorptions_and_splits_refuse_what_cannot_be(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let a = app.unit("X-A", "Ủy ban nhân dân xã A").await;
        let b = app.unit("X-B", "Ủy ban nhân dân xã B").await;
        let doc = decree(&app, &province).await;
        let later = app.post("/api/v1/units", token, json!({"code": "X-C", "name": "Ủy ban nhân dân xã C",
            "kind": "commune", "valid_from": "2026-01-01"})).await.expect(201).body["id"].as_str().unwrap().to_owned();
        let refused = |a: crate::helpers::Answer, pointer: &str| {
            let a = a.expect(422);
            assert_eq!(a.body["errors"][0]["pointer"], pointer, "{}", a.text);
        };
        let post = |body: Value| app.post("/api/v1/reorganisations", token, body);
        // A merger of nothing, of one unit, or without the unit it creates.
        let new_unit = json!({"code": "X-AB", "name": "Ủy ban nhân dân xã AB", "kind": "commune"});
        refused(post(json!({"kind": "merge", "unit_ids": [], "new_unit": new_unit, "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/unit_ids");
        refused(post(json!({"kind": "merge", "unit_ids": [a], "new_unit": new_unit, "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/unit_ids");
        refused(post(json!({"kind": "merge", "unit_ids": [a, b], "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/new_unit");
        refused(post(json!({"kind": "merge", "unit_ids": [a, a], "new_unit": new_unit, "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/unit_ids/1");
        // A successor that does not exist yet on the day, or is the unit itself.
        refused(post(json!({"kind": "absorb", "unit_ids": [a], "successor_id": later, "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/successor_id");
        refused(post(json!({"kind": "absorb", "unit_ids": [a], "successor_id": a, "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/successor_id");
        refused(post(json!({"kind": "split", "unit_id": a, "successor_ids": [b], "document_id": doc,
            "effective_on": "2025-07-01"})).await, "/successor_ids");
        // A mapping that names a record twice, or nothing the units hold.
        let officer = app.user("unit_officer", Some(&a)).await;
        let me = app.get(&format!("/api/v1/users?unit_id={a}"), token).await.expect(200);
        let account = me.body["items"][0]["id"].as_str().unwrap().to_owned();
        let twice = json!([{"record": "user", "id": account, "to": b}, {"record": "user", "id": account, "to": null}]);
        refused(post(json!({"kind": "absorb", "unit_ids": [a], "successor_id": b, "document_id": doc,
            "effective_on": "2025-07-01", "mapping": twice})).await, "/mapping/1/id");
        refused(post(json!({"kind": "absorb", "unit_ids": [a], "successor_id": b, "document_id": doc,
            "effective_on": "2025-07-01", "mapping": [{"record": "model", "id": "nothing", "to": b}]})).await, "/mapping/0/id");
        // A deactivation is recorded on its last day, not before.
        let tomorrow = thidua::domain::today().succ_opt().unwrap();
        refused(app.post(&format!("/api/v1/units/{a}/deactivate"), token, json!({"valid_to": tomorrow})).await, "/valid_to");
        // Nothing was written.
        let events = app.get("/api/v1/reorganisations", token).await.expect(200);
        assert_eq!(events.body["items"], json!([]));
        app.get("/api/v1/units", &officer).await.expect(200);
    }
);

both!(
    async fn a_request_to_a_unit_that_ended_passes_to_its_successor(app) {
        let token = &app.admin_token;
        let province = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let heir = app.unit("SNV", "Sở Nội vụ").await;
        let ends = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let doc = decree(&app, &province).await;
        let t = app.post("/api/v1/report-types", token, json!({
            "code": "BC-DX", "title": "Báo cáo nhanh", "period_type": "ad_hoc", "content_schema": {"type": "object"},
            "due_days": 0, "audience": "units"
        })).await.expect(201);
        let type_id = t.body["id"].as_str().unwrap().to_owned();
        let today = thidua::domain::today();
        app.post("/api/v1/report-requests", token, json!({"report_type_id": type_id, "code": "DX-01",
            "title": "Báo cáo nhanh", "due_date": today, "unit_ids": [ends]})).await.expect(201);
        let compliance = || async {
            let a = app.get("/api/v1/reporting/compliance?type=BC-DX&period=DX-01", token).await.expect(200);
            a.body["units"].as_array().unwrap().iter()
                .map(|u| (u["unit_id"].as_str().unwrap().to_owned(), u["status"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(compliance().await, [(ends.clone(), "missing".to_owned())]);

        // The department is absorbed today: its successor answers for the request.
        app.post("/api/v1/reorganisations", token, json!({"kind": "absorb", "unit_ids": [ends],
            "successor_id": heir, "document_id": doc, "effective_on": today})).await.expect(201);
        assert_eq!(compliance().await, [(heir.clone(), "missing".to_owned())]);
        let officer = app.user("unit_officer", Some(&heir)).await;
        let report = app.client.post(app.url("/api/v1/reports")).bearer_auth(&officer)
            .header("Idempotency-Key", "a-successor-answers")
            .json(&json!({"report_type_id": type_id, "period": "DX-01", "content": {}}));
        crate::helpers::read(report.send().await.unwrap()).await.expect(201);
        assert_eq!(compliance().await, [(heir.clone(), "on_time".to_owned())]);
        // A unit with no such lineage is still not asked.
        let stranger = app.unit("STC", "Sở Tài chính").await;
        let outsider = app.user("unit_officer", Some(&stranger)).await;
        let report = app.client.post(app.url("/api/v1/reports")).bearer_auth(&outsider)
            .header("Idempotency-Key", "an-outsider-answers")
            .json(&json!({"report_type_id": type_id, "period": "DX-01", "content": {}}));
        crate::helpers::read(report.send().await.unwrap()).await.problem(422, "not_requested");
    }
);
