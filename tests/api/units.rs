//! Units: the register, its order, its history, and who may change it.

use serde_json::{json, Value};

use crate::both;

both!(
    async fn units_are_created_read_and_listed_in_vietnamese_order(app) {
        for (code, name) in [("UBND", "Ủy ban nhân dân tỉnh Hưng Yên"), ("DPTTH", "Đài Phát thanh và Truyền hình Hưng Yên"),
            ("BHY", "Báo Hưng Yên"), ("SNV", "Sở Nội vụ"), ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh"), ("DU", "Dự án thử")] {
            app.unit(code, name).await;
        }
        let a = app.get("/api/v1/units?limit=2", &app.admin_token).await.expect(200);
        let mut names: Vec<String> = a.body["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_owned()).collect();
        let link = a.header("link").unwrap().to_owned();
        assert!(link.contains("rel=\"next\"") && link.starts_with("</api/v1/units?"), "{link}");
        let mut cursor = a.body["next_cursor"].as_str().map(str::to_owned);
        while let Some(c) = cursor {
            let a = app.get(&format!("/api/v1/units?limit=2&cursor={c}"), &app.admin_token).await.expect(200);
            names.extend(a.body["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_owned()));
            cursor = a.body["next_cursor"].as_str().map(str::to_owned);
        }
        // d < đ, and "Ủy" (u) before nothing else: Vietnamese order, not byte order.
        assert_eq!(names, ["Báo Hưng Yên", "Dự án thử", "Đài Phát thanh và Truyền hình Hưng Yên", "Hội Liên hiệp Phụ nữ tỉnh", "Sở Nội vụ", "Ủy ban nhân dân tỉnh Hưng Yên"]);

        let a = app.get("/api/v1/units?q=DAI%20phat%20THANH", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
        let a = app.get("/api/v1/units?q=hung%20yen&kind=department", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 3);
        assert!(a.header("link").is_none());
    }
);

both!(
    async fn a_stale_etag_is_refused_with_412(app) {
        let id = app.unit("SNV", "Sở Nội vụ").await;
        let path = format!("/api/v1/units/{id}");
        let a = app.get(&path, &app.admin_token).await.expect(200);
        assert_eq!(a.header("etag"), Some("\"1\""));
        let res = app.client.patch(app.url(&path)).bearer_auth(&app.admin_token).header("if-match", "\"1\"")
            .json(&json!({"name": "Sở Nội vụ tỉnh Hưng Yên"})).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_eq!(a.header("etag"), Some("\"2\""));
        assert_eq!(a.body["name"], "Sở Nội vụ tỉnh Hưng Yên");
        let res = app.client.patch(app.url(&path)).bearer_auth(&app.admin_token).header("if-match", "\"1\"")
            .json(&json!({"name": "Tên cũ"})).send().await.unwrap();
        let a = crate::helpers::read(res).await.problem(412, "stale_etag");
        assert_eq!(a.body["current_etag"], "\"2\"");
        app.get("/api/v1/units/no-such-unit", &app.admin_token).await.expect(404);
    }
);

both!(
    async fn a_merged_unit_keeps_its_history_and_names_its_successor(app) {
        let old = app.unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội").await;
        let new = app.unit("SNVM", "Sở Nội vụ (sau hợp nhất)").await;
        let a = app.post(&format!("/api/v1/units/{old}/deactivate"), &app.admin_token,
            json!({"valid_to": "2025-02-28", "successor_id": new})).await.expect(200);
        assert_eq!(a.body["active"], false);
        assert_eq!(a.body["valid_to"], "2025-02-28");
        assert_eq!(a.body["successor_id"], new.as_str());
        let a = app.get("/api/v1/units?active=false", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"][0]["name"], "Sở Lao động-Thương binh và Xã hội");
        app.post(&format!("/api/v1/units/{old}/deactivate"), &app.admin_token, json!({})).await.problem(409, "already_inactive");
        app.post(&format!("/api/v1/units/{new}/deactivate"), &app.admin_token, json!({"successor_id": new})).await.expect(422);
    }
);

both!(
    async fn codes_are_unique_and_parents_must_exist(app) {
        app.unit("SNV", "Sở Nội vụ").await;
        app.post("/api/v1/units", &app.admin_token, json!({"code": "snv", "name": "Khác", "kind": "other"})).await.problem(409, "duplicate_code");
        let a = app.post("/api/v1/units", &app.admin_token, json!({"code": "X1", "name": "Khác", "kind": "other", "parent_id": "missing"})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/parent_id");
        let parent = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let child = app.post("/api/v1/units", &app.admin_token, json!({"code": "X2", "name": "Con", "kind": "other", "parent_id": parent})).await.expect(201).body;
        let a = app.patch(&format!("/api/v1/units/{parent}"), &app.admin_token, json!({"parent_id": child["id"]})).await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/parent_id");
    }
);

both!(
    async fn a_unit_officer_changes_only_the_contacts_of_their_own_unit(app) {
        let own = app.unit("SNV", "Sở Nội vụ").await;
        let other = app.unit("BHY", "Báo Hưng Yên").await;
        let officer = app.user("unit_officer", Some(&own)).await;
        app.patch(&format!("/api/v1/units/{own}"), &officer, json!({"website": "https://sonoivu.hungyen.gov.vn"})).await.expect(200);
        app.patch(&format!("/api/v1/units/{own}"), &officer, json!({"name": "Tên mới"})).await.problem(403, "role_required");
        app.patch(&format!("/api/v1/units/{other}"), &officer, json!({"website": "https://baohungyen.vn"})).await.problem(403, "other_unit");
        app.post("/api/v1/units", &officer, json!({"code": "X", "name": "X", "kind": "other"})).await.problem(403, "role_required");
        app.post(&format!("/api/v1/units/{other}/deactivate"), &officer, json!({})).await.problem(403, "role_required");
        let viewer = app.user("viewer", None).await;
        app.patch(&format!("/api/v1/units/{own}"), &viewer, json!({"phone": "1"})).await.expect(403);
        app.get(&format!("/api/v1/units/{own}"), &viewer).await.expect(200);
        let (client_id, secret) = app.api_client(&own, "reports:write").await;
        let res = app.client.post(app.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)]).send().await.unwrap();
        let token = crate::helpers::read(res).await.body["access_token"].as_str().unwrap().to_owned();
        app.patch(&format!("/api/v1/units/{own}"), &token, json!({"phone": "1"})).await.problem(403, "missing_scope");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_keeps_the_time_of_its_clock_sqlite() {
    the_register_keeps_the_time_of_its_clock(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_keeps_the_time_of_its_clock_postgres() {
    if crate::helpers::postgres_available() {
        the_register_keeps_the_time_of_its_clock(crate::helpers::Backend::Postgres).await;
    }
}

/// THIDUA_CLOCK (here a fixed instant, late on 30 June 2025 in the province) is what the
/// register records as now and judges as today.
async fn the_register_keeps_the_time_of_its_clock(backend: crate::helpers::Backend) {
    let app = crate::helpers::spawn_with(backend, |c| {
        c.clock = thidua::clock::Clock::parse("2025-06-30T16:30:00Z").expect("a valid clock");
    })
    .await;
    let id = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let unit = app
        .get(&format!("/api/v1/units/{id}"), &app.admin_token)
        .await
        .expect(200);
    assert_eq!(
        unit.body["created_at"], "2025-06-30T16:30:00Z",
        "{}",
        unit.text
    );
    // Deactivated with no date: it ends today, on the province's calendar (23:30 there).
    let ended = app
        .post(
            &format!("/api/v1/units/{id}/deactivate"),
            &app.admin_token,
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(ended.body["valid_to"], "2025-06-30", "{}", ended.text);
}

both!(
    async fn after_its_last_day_a_unit_cannot_lead_succeed_belong_or_publish(app) {
        let token = &app.admin_token;
        // A district dissolved on 30 June 2025 (Resolution 202/2025/QH15), its commune after it.
        let district = app.unit("H-TL", "Ủy ban nhân dân huyện Tiên Lữ").await;
        let commune = app.unit("X-TL", "Ủy ban nhân dân xã Tiên Lữ").await;
        let other = app.unit("H-PC", "Ủy ban nhân dân huyện Phù Cừ").await;
        app.post(&format!("/api/v1/units/{district}/deactivate"), token,
            json!({"valid_to": "2025-06-30", "successor_id": commune})).await.expect(200);

        let ended = |a: crate::helpers::Answer, pointer: &str| {
            let a = a.problem(422, "unit_ended");
            assert_eq!(a.body["errors"][0]["pointer"], pointer, "{}", a.text);
            assert_eq!(a.body["unit_id"], district.as_str());
            assert_eq!(a.body["last_day"], "2025-06-30");
        };
        // No successor that had ended before it takes over.
        let a = app.post(&format!("/api/v1/units/{other}/deactivate"), token,
            json!({"valid_to": "2025-08-31", "successor_id": district})).await;
        ended(a, "/successor_id");

        // A member of 2025's groups, not of 2026's.
        let group = |year: i32| json!({"kind": "cluster", "name": format!("Cụm thi đua các huyện {year}"),
            "year": year, "chair_unit_id": other, "member_unit_ids": [district]});
        app.post("/api/v1/emulation-groups", token, group(2025)).await.expect(201);
        ended(app.post("/api/v1/emulation-groups", token, group(2026)).await, "/member_unit_ids");

        // Publicity up to its last day, not after.
        let item = |day: &str| json!({"channel": "unit_portal", "title": "Gương sáng giúp người nghèo",
            "url": format!("https://tienlu.hungyen.gov.vn/{day}"), "published_on": day, "unit_id": district});
        app.post("/api/v1/publicity-items", token, item("2025-06-30")).await.expect(201);
        ended(app.post("/api/v1/publicity-items", token, item("2025-07-01")).await, "/unit_id");

        // It leads nothing from a day after its end.
        let doc = app.post("/api/v1/documents", token, json!({"number": "15/KH-UBND", "kind": "plan",
            "issued_on": "2025-07-01", "issuing_unit_id": commune, "title": "Kế hoạch"})).await.expect(201);
        let movement = |lead: &str| json!({"code": format!("PT-{lead}"), "name": "Phong trào xây dựng nông thôn mới",
            "lead_unit_id": lead, "basis_document_id": doc.body["id"]});
        ended(app.post("/api/v1/movements", token, movement(&district)).await, "/lead_unit_id");
        let m = app.post("/api/v1/movements", token, movement(&commune)).await.expect(201);
        let id = m.body["id"].as_str().unwrap();
        let change = json!({"unit_id": district, "effective_on": "2025-08-01", "document_id": doc.body["id"]});
        ended(app.post(&format!("/api/v1/movements/{id}/lead-unit-changes"), token, change).await, "/unit_id");
        // Nor plans for a year after its end.
        let plan = |unit: &str| json!({"kind": "annual", "year": 2026, "title": "Kế hoạch năm 2026",
            "due_on": "2026-01-31", "unit_id": unit, "targets": []});
        ended(app.post(&format!("/api/v1/movements/{id}/plans"), token, plan(&district)).await, "/unit_id");
        app.post(&format!("/api/v1/movements/{id}/plans"), token, plan(&commune)).await.expect(201);

        // Nobody asks it for a report due after its end.
        let t = app.post("/api/v1/report-types", token, json!({
            "code": "BC-DX", "title": "Báo cáo nhanh", "period_type": "ad_hoc", "content_schema": {"type": "object"},
            "due_days": 0, "audience": "units"
        })).await.expect(201);
        let request = |code: &str, due: &str| json!({"report_type_id": t.body["id"], "code": code,
            "title": "Báo cáo nhanh", "due_date": due, "unit_ids": [commune, district]});
        app.post("/api/v1/report-requests", token, request("DX-01", "2025-06-20")).await.expect(201);
        ended(app.post("/api/v1/report-requests", token, request("DX-02", "2025-07-20")).await, "/unit_ids");

        // Its history still reads.
        let a = app.get(&format!("/api/v1/units/{district}"), token).await.expect(200);
        assert_eq!(a.body["successor_id"], commune.as_str());
    }
);

both!(
    async fn a_renamed_unit_keeps_its_former_names_searchable_with_their_document(app) {
        let token = &app.admin_token;
        let unit = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let parent = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let doc = app.post("/api/v1/documents", token, json!({"number": "45/2025/NĐ-CP", "kind": "decree",
            "issued_on": "2025-02-28", "issuing_unit_id": parent, "title": "Nghị định quy định tổ chức các cơ quan chuyên môn"}))
            .await.expect(201);
        let doc_id = doc.body["id"].as_str().unwrap();
        app.patch(&format!("/api/v1/units/{unit}"), token,
            json!({"name": "Sở Khoa học và Công nghệ", "document_id": "no-such-document"})).await
            .expect(422);
        let a = app.patch(&format!("/api/v1/units/{unit}"), token,
            json!({"name": "Sở Khoa học và Công nghệ", "document_id": doc_id})).await.expect(200);
        assert_eq!(a.body["name"], "Sở Khoa học và Công nghệ");
        let former = &a.body["former_names"];
        assert_eq!(former.as_array().map(Vec::len), Some(1), "{}", a.text);
        assert_eq!(former[0]["name"], "Sở Thông tin và Truyền thông");
        assert_eq!(former[0]["code"], "STTTT");
        assert_eq!(former[0]["document_id"], doc_id);
        assert!(former[0]["valid_to"].is_string());

        // A move under another parent is kept too; a change of contacts is not.
        app.patch(&format!("/api/v1/units/{unit}"), token, json!({"parent_id": parent})).await.expect(200);
        app.patch(&format!("/api/v1/units/{unit}"), token, json!({"phone": "0221 3550 000"})).await.expect(200);
        let a = app.get(&format!("/api/v1/units/{unit}"), token).await.expect(200);
        let names: Vec<&str> = a.body["former_names"].as_array().unwrap().iter()
            .map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"]);
        assert_eq!(a.body["former_names"][1]["parent_id"], Value::Null);

        // The old name, without its accents, still finds the unit; so does the new one.
        for q in ["thong%20tin%20va%20truyen%20thong", "khoa%20hoc", "stttt"] {
            let found = app.get(&format!("/api/v1/units?q={q}"), token).await.expect(200);
            let ids: Vec<&str> = found.body["items"].as_array().unwrap().iter()
                .map(|u| u["id"].as_str().unwrap()).collect();
            assert_eq!(ids, [unit.as_str()], "q={q}");
        }

        // Its end and its successor are not fields to edit.
        app.patch(&format!("/api/v1/units/{unit}"), token, json!({"valid_to": "2025-06-30"})).await
            .problem(422, "use_reorganisation");
        let a = app.patch(&format!("/api/v1/units/{unit}"), token, json!({"successor_id": unit})).await
            .problem(422, "use_reorganisation");
        assert_eq!(a.body["errors"][0]["pointer"], "/successor_id");

        // The document of a change is the registrars' to give.
        let officer = app.user("unit_officer", Some(&unit)).await;
        app.patch(&format!("/api/v1/units/{unit}"), &officer, json!({"document_id": doc_id})).await
            .problem(403, "role_required");
    }
);
