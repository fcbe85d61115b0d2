//! Emulation groups: one group per unit per year, whichever instance is asked.

use serde_json::{json, Value};

use crate::both;

both!(
    async fn a_group_holds_its_members_and_chair(app) {
        let a = app.unit("SNV", "Sở Nội vụ").await;
        let b = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let g = app.post("/api/v1/emulation-groups", &app.admin_token, json!({
            "kind": "block", "name": "Khối các cơ quan tham mưu tổng hợp", "year": 2025, "chair_unit_id": a, "member_unit_ids": [b]
        })).await.expect(201);
        assert_eq!(g.body["members"].as_array().unwrap().len(), 2);
        let id = g.body["id"].as_str().unwrap();
        let a2 = app.get(&format!("/api/v1/emulation-groups?year=2025&unit_id={b}"), &app.admin_token).await.expect(200);
        assert_eq!(a2.body["items"][0]["id"], id);
        let p = app.patch(&format!("/api/v1/emulation-groups/{id}"), &app.admin_token, json!({"member_unit_ids": []})).await.expect(200);
        // The chair stays a member.
        assert_eq!(p.body["members"].as_array().unwrap().len(), 1);
        app.post("/api/v1/emulation-groups", &app.admin_token, json!({"kind": "planet", "name": "X", "year": 2025})).await.expect(400);
        let bad = app.post("/api/v1/emulation-groups", &app.admin_token, json!({"kind": "block", "name": "X", "year": 1800})).await.expect(422);
        assert_eq!(bad.body["errors"][0]["pointer"], "/year");
        // The chair is not its own deputy, on creation or by a change.
        let same = app.post("/api/v1/emulation-groups", &app.admin_token, json!({
            "kind": "block", "name": "Khối một đơn vị", "year": 2026, "chair_unit_id": b, "deputy_chair_unit_id": b
        })).await.expect(422);
        assert_eq!(same.body["errors"][0]["pointer"], "/deputy_chair_unit_id", "{}", same.text);
        let same = app.patch(&format!("/api/v1/emulation-groups/{id}"), &app.admin_token, json!({"deputy_chair_unit_id": a})).await.expect(422);
        assert_eq!(same.body["errors"][0]["pointer"], "/deputy_chair_unit_id", "{}", same.text);
        let g = app.get(&format!("/api/v1/emulation-groups/{id}"), &app.admin_token).await.expect(200);
        assert_eq!(g.body["deputy_chair_unit_id"], Value::Null, "nothing changed");
    }
);

both!(
    async fn a_unit_belongs_to_one_group_a_year(app) {
        let u = app.unit("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh").await;
        let first = app.post("/api/v1/emulation-groups", &app.admin_token,
            json!({"kind": "block", "name": "Khối các đoàn thể", "year": 2025, "member_unit_ids": [u]})).await.expect(201);
        let a = app.post("/api/v1/emulation-groups", &app.admin_token,
            json!({"kind": "block", "name": "Khối khác", "year": 2025, "member_unit_ids": [u]})).await.problem(409, "already_in_group");
        assert_eq!(a.body["group_id"], first.body["id"]);
        assert!(a.body["detail"].as_str().unwrap().contains("Khối các đoàn thể"));
        // Another year is another matter, and a deactivated group frees its units.
        app.post("/api/v1/emulation-groups", &app.admin_token,
            json!({"kind": "block", "name": "Khối các đoàn thể", "year": 2026, "member_unit_ids": [u]})).await.expect(201);
        let id = first.body["id"].as_str().unwrap();
        app.post(&format!("/api/v1/emulation-groups/{id}/deactivate"), &app.admin_token, json!({})).await.expect(200);
        app.post("/api/v1/emulation-groups", &app.admin_token,
            json!({"kind": "block", "name": "Khối khác", "year": 2025, "member_unit_ids": [u]})).await.expect(201);
    }
);

both!(
    async fn concurrent_claims_on_one_unit_through_two_instances_leave_one_group(app) {
        let u = app.unit("SNV", "Sở Nội vụ").await;
        let other = app.another_instance().await;
        let mut tasks = Vec::new();
        for i in 0..10 {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, u) = (app.client.clone(), app.admin_token.clone(), u.clone());
            tasks.push(tokio::spawn(async move {
                client.post(format!("{target}/api/v1/emulation-groups")).bearer_auth(token)
                    .json(&json!({"kind": "cluster", "name": format!("Cụm {i}"), "year": 2025, "member_unit_ids": [u]}))
                    .send().await.unwrap().status().as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 9, "{statuses:?}");
    }
);

both!(
    async fn only_registrars_change_groups(app) {
        let u = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&u)).await;
        app.post("/api/v1/emulation-groups", &officer, json!({"kind": "block", "name": "X", "year": 2025})).await.problem(403, "role_required");
        let coordinator = app.user("coordinator", None).await;
        let g = app.post("/api/v1/emulation-groups", &coordinator, json!({"kind": "block", "name": "X", "year": 2025})).await.expect(201);
        let id = g.body["id"].as_str().unwrap();
        app.patch(&format!("/api/v1/emulation-groups/{id}"), &officer, json!({"name": "Y"})).await.expect(403);
        app.post(&format!("/api/v1/emulation-groups/{id}/deactivate"), &officer, json!({})).await.expect(403);
        app.get(&format!("/api/v1/emulation-groups/{id}"), &officer).await.expect(200);
    }
);
