//! Legal documents: a unit registers its own; registrars any.

use serde_json::json;

use crate::both;

both!(
    async fn documents_are_registered_listed_and_corrected(app) {
        let ubnd = app.unit("UBND", "Ủy ban nhân dân tỉnh Hưng Yên").await;
        let d = app.post("/api/v1/documents", &app.admin_token, json!({
            "number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": ubnd,
            "title": "Kế hoạch tuyên truyền phong trào thi đua yêu nước, xây dựng điển hình tiên tiến giai đoạn 2021 - 2025"
        })).await.expect(201);
        app.post("/api/v1/documents", &app.admin_token, json!({
            "number": "1801/UBND-NC", "kind": "official_letter", "issued_on": "2022-07-15", "issuing_unit_id": ubnd,
            "title": "V/v nâng cao chất lượng công tác tuyên truyền và xây dựng diễn hình tiên tiến"
        })).await.expect(201);
        let a = app.get("/api/v1/documents", &app.admin_token).await.expect(200);
        let numbers: Vec<&str> = a.body["items"].as_array().unwrap().iter().map(|d| d["number"].as_str().unwrap()).collect();
        assert_eq!(numbers, ["1801/UBND-NC", "90/KH-UBND"]);
        let a = app.get("/api/v1/documents?q=dien%20hinh%20tien%20tien&year=2021", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
        let a = app.get("/api/v1/documents?q=1801", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"][0]["number"], "1801/UBND-NC");

        app.post("/api/v1/documents", &app.admin_token, json!({
            "number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": ubnd, "title": "Trùng"
        })).await.problem(409, "duplicate_document");
        let future = app.post("/api/v1/documents", &app.admin_token, json!({
            "number": "1/KH", "kind": "plan", "issued_on": "2999-01-01", "issuing_unit_id": ubnd, "title": "Tương lai"
        })).await.expect(422);
        assert_eq!(future.body["errors"][0]["pointer"], "/issued_on");
        app.post("/api/v1/documents", &app.admin_token, json!({
            "number": "1/KH", "kind": "plan", "issued_on": "not-a-date", "issuing_unit_id": ubnd, "title": "X"
        })).await.expect(400);

        let id = d.body["id"].as_str().unwrap();
        let a = app.patch(&format!("/api/v1/documents/{id}"), &app.admin_token, json!({"kind": "decision"})).await.expect(200);
        assert_eq!(a.body["kind"], "decision");
        assert_eq!(a.header("etag"), Some("\"2\""));
        app.post(&format!("/api/v1/documents/{id}/deactivate"), &app.admin_token, json!({})).await.expect(200);
        let a = app.get("/api/v1/documents?active=true", &app.admin_token).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
    }
);

both!(
    async fn a_unit_registers_only_its_own_documents(app) {
        let own = app.unit("STTTT", "Sở Thông tin và Truyền thông").await;
        let other = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&own)).await;
        let body = |unit: &str| json!({"number": "12/KH-STTTT", "kind": "plan", "issued_on": "2022-08-01", "issuing_unit_id": unit,
            "title": "Kế hoạch triển khai phong trào thi đua Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số"});
        let mine = app.post("/api/v1/documents", &officer, body(&own)).await.expect(201);
        app.post("/api/v1/documents", &officer, body(&other)).await.problem(403, "other_unit");
        let theirs = app.post("/api/v1/documents", &app.admin_token, body(&other)).await.expect(201);
        let id = theirs.body["id"].as_str().unwrap();
        app.patch(&format!("/api/v1/documents/{id}"), &officer, json!({"title": "Sửa"})).await.problem(403, "other_unit");
        app.post(&format!("/api/v1/documents/{id}/deactivate"), &officer, json!({})).await.problem(403, "other_unit");
        let mine_id = mine.body["id"].as_str().unwrap();
        app.patch(&format!("/api/v1/documents/{mine_id}"), &officer, json!({"title": "Kế hoạch đã sửa"})).await.expect(200);
        let viewer = app.user("viewer", None).await;
        app.post("/api/v1/documents", &viewer, body(&own)).await.expect(403);
        let (client_id, secret) = app.api_client(&own, "documents:write").await;
        let res = app.client.post(app.url("/api/v1/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)]).send().await.unwrap();
        let token = crate::helpers::read(res).await.body["access_token"].as_str().unwrap().to_owned();
        let mut b = body(&own);
        b["number"] = json!("13/KH-STTTT");
        app.post("/api/v1/documents", &token, b).await.expect(201);
        app.post("/api/v1/documents", &token, body(&other)).await.problem(403, "other_unit");
    }
);
