//! Files and dossiers (the dossier-files issue): uploads told by their content, hashed by the
//! service, kept once, read only by those who may; a nomination submitted only with every
//! required item; the old attachment links carried over. Each test runs on both databases and
//! both file stores (a local directory, an S3-compatible server).

use reqwest::multipart::{Form, Part};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{read, spawn_on, Answer, TestApp};
use crate::nominations::{act, id_of, model, nominate, setting};
use crate::stores;

/// A small PDF whose content differs with `text`.
pub(crate) fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj << /Title ({text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Uploads `bytes` as the part `file` named `name`, declared as `declared`.
pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
    declared: &str,
) -> Answer {
    let part = Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(declared)
        .expect("media type");
    let res = app
        .client
        .post(app.url("/api/v1/files"))
        .bearer_auth(token)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .expect("request sent");
    read(res).await
}

/// Adds to the dossier of `nomination` an uploaded PDF for each required kind still missing,
/// as `token` (the proposing unit's officer or the coordinator).
pub(crate) async fn complete_dossier(app: &TestApp, token: &str, nomination: &str) {
    let path = format!("/api/v1/nominations/{nomination}/dossier");
    let d = app.get(&path, token).await.expect(200);
    for missing in d.body["missing"].as_array().unwrap() {
        let code = missing["code"].as_str().unwrap();
        let f = upload(
            app,
            token,
            &format!("{code}.pdf"),
            pdf(&format!("{nomination} {code}")),
            "application/pdf",
        )
        .await
        .expect(201);
        app.post(
            &format!("{path}/items"),
            token,
            json!({"item_code": code, "file_id": f.body["id"]}),
        )
        .await
        .expect(201);
    }
}

/// The files kept in a local store's directory.
fn kept_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "Danh sách khen thưởng")
        .unwrap();
    book.save_to_buffer().unwrap()
}

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

stores!(
    async fn uploads_round_trip_with_the_hashes_the_service_computed(backend, store) {
        let app = spawn_on(backend, store, |_| {}).await;
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let report = pdf("Báo cáo thành tích năm 2025");
        // The declared type says nothing: the content is a PDF.
        let a = upload(&app, &officer, "C:\\hs\\Báo cáo thành tích.pdf", report.clone(), "application/octet-stream").await.expect(201);
        let id = id_of(&a);
        assert_eq!(a.header("location"), Some(format!("/api/v1/files/{id}").as_str()));
        assert_eq!(a.body["sha256"], sha256(&report));
        assert_eq!((a.body["file_type"].as_str(), a.body["media_type"].as_str()), (Some("pdf"), Some("application/pdf")));
        assert_eq!(a.body["size"], report.len());
        assert_eq!(a.body["name"], "Báo cáo thành tích.pdf", "the path is dropped");
        assert_eq!(a.body["owner_unit_id"], unit.as_str());

        let (status, headers, body) = app.get_raw(&format!("/api/v1/files/{id}"), &officer).await;
        assert_eq!(status, 200);
        assert_eq!(body, report);
        assert_eq!(sha256(&body), a.body["sha256"].as_str().unwrap());
        assert_eq!(headers["content-type"], "application/pdf");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''B%C3%A1o%20c%C3%A1o"), "{disposition}");
        assert_eq!(headers["etag"].to_str().unwrap(), format!("\"{}\"", sha256(&report)));
        let meta = app.get(&format!("/api/v1/files/{id}/meta"), &officer).await.expect(200);
        assert_eq!(meta.body, a.body);

        // The same content from another unit is a file of its own over the same bytes.
        let other = app.unit("SXD", "Sở Xây dựng").await;
        let theirs = app.user("unit_officer", Some(&other)).await;
        let b = upload(&app, &theirs, "ban-sao.pdf", report.clone(), "application/pdf").await.expect(201);
        assert_ne!(id_of(&b), id);
        assert_eq!(b.body["sha256"], a.body["sha256"]);
        if store == Store::Local {
            let dir = &app.db.files;
            assert_eq!(kept_files(dir.path()).len(), 1, "identical content is stored once");
        }

        // A workbook and an image, each told by its content.
        let xlsx = workbook();
        let x = upload(&app, &officer, "danh-sach", xlsx.clone(), "text/plain").await.expect(201);
        assert_eq!(x.body["media_type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert_eq!(app.get_raw(&format!("/api/v1/files/{}", id_of(&x)), &officer).await.2, xlsx);
        let p = upload(&app, &officer, "anh.png", PNG.to_vec(), "image/png").await.expect(201);
        assert_eq!((p.body["file_type"].as_str(), p.body["sha256"].as_str()), (Some("png"), Some(sha256(PNG).as_str())));

        // Audited.
        let log = app.get(&format!("/api/v1/audit-log?entity=file&entity_id={id}"), &app.admin_token).await.expect(200);
        assert_eq!(log.body["items"][0]["action"], "create", "{}", log.text);
    }
);

stores!(
    async fn the_content_decides_and_the_limit_holds(backend, store) {
        let app = spawn_on(backend, store, |c| c.file_limit = 300 * 1024).await;
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let text = "Đây là văn bản thường, không phải PDF.".as_bytes().to_vec();
        let a = upload(&app, &officer, "bao-cao.pdf", text, "application/pdf").await.problem(415, "file_type_refused");
        assert!(a.body["detail"].as_str().unwrap().contains("PDF"), "{}", a.text);
        let program = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec();
        upload(&app, &officer, "tai-lieu.pdf", program, "application/pdf").await.problem(415, "file_type_refused");
        // Not a multipart form at all.
        app.post("/api/v1/files", &officer, json!({"file": "x"})).await.problem(415, "unsupported_media_type");
        // A form without the part `file`.
        let res = app.client.post(app.url("/api/v1/files")).bearer_auth(&officer)
            .multipart(Form::new().text("note", "không có tệp")).send().await.unwrap();
        assert_eq!(read(res).await.status.as_u16(), 400);

        // The file limit, not the JSON body limit (256 KiB), bounds uploads.
        let mut big = pdf("lớn");
        big.resize(280 * 1024, b' ');
        upload(&app, &officer, "lon.pdf", big, "application/pdf").await.expect(201);
        let mut over = pdf("quá lớn");
        over.resize(301 * 1024, b' ');
        let a = upload(&app, &officer, "qua-lon.pdf", over.clone(), "application/pdf").await.problem(413, "payload_too_large");
        assert!(a.body["detail"].as_str().unwrap().contains("THIDUA_FILE_LIMIT"), "{}", a.text);
        // Refused too when the body is streamed with no length announced.
        let stream = futures_util::stream::iter(over.chunks(8192).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>());
        let part = Part::stream(reqwest::Body::wrap_stream(stream)).file_name("qua-lon.pdf");
        let res = app.client.post(app.url("/api/v1/files")).bearer_auth(&officer)
            .multipart(Form::new().part("file", part)).send().await.unwrap();
        assert_eq!(read(res).await.status.as_u16(), 413);
    }
);

stores!(
    async fn a_file_is_read_by_its_unit_and_by_whoever_reads_its_nomination(backend, store) {
        let app = spawn_on(backend, store, |_| {}).await;
        let s = setting(&app).await;
        let f = upload(&app, &s.officer, "to-trinh.pdf", pdf("Tờ trình 12/TTr"), "application/pdf").await.expect(201);
        let id = id_of(&f);
        let (bytes, meta) = (format!("/api/v1/files/{id}"), format!("/api/v1/files/{id}/meta"));
        let other = app.unit("SXD", "Sở Xây dựng").await;
        let stranger = app.user("unit_officer", Some(&other)).await;
        let viewer = app.user("viewer", None).await;
        for who in [&stranger, &viewer] {
            app.get(&bytes, who).await.problem(403, "other_unit");
            app.get(&meta, who).await.problem(403, "other_unit");
        }
        app.get(&meta, &s.coordinator).await.expect(200);
        app.get(&meta, &app.admin_token).await.expect(200);
        // Another unit cannot put it in a dossier either: for it the file does not exist.
        let m = model(&app, &s, "collective", "Tổ hợp tác dệt may", "small_collective").await;
        let n = nominate(&app, &s, &m).await;
        let items = format!("/api/v1/nominations/{n}/dossier/items");
        app.post(&items, &stranger, json!({"item_code": "to-trinh", "file_id": id})).await.problem(403, "other_unit");
        // Once in a dossier, whoever reads the nomination reads the file; the other unit still not.
        app.post(&items, &s.officer, json!({"item_code": "to-trinh", "file_id": id})).await.expect(201);
        assert_eq!(app.get_raw(&bytes, &viewer).await.0, 200);
        app.get(&bytes, &stranger).await.problem(403, "other_unit");
        app.get("/api/v1/files/0193a1b2-0000-7000-8000-00000000dead", &s.officer).await.expect(404);
    }
);

stores!(
    async fn damaged_bytes_are_reported_and_never_served(backend, store) {
        let app = spawn_on(backend, store, |_| {}).await;
        let unit = app.unit("SNV", "Sở Nội vụ").await;
        let officer = app.user("unit_officer", Some(&unit)).await;
        let original = pdf("Biên bản họp xét");
        let f = upload(&app, &officer, "bien-ban.pdf", original.clone(), "application/pdf").await.expect(201);
        let (id, hash) = (id_of(&f), f.body["sha256"].as_str().unwrap().to_owned());
        let blobs = thidua::blobs::Blobs::open(&app.config.files).unwrap();
        blobs.overwrite(&hash, pdf("Biên bản đã bị sửa")).await.unwrap();
        let a = app.get(&format!("/api/v1/files/{id}"), &officer).await.problem(500, "file_damaged");
        assert!(a.body["detail"].as_str().unwrap().contains(&id), "{}", a.text);
        let meta = app.get(&format!("/api/v1/files/{id}/meta"), &officer).await.expect(200);
        assert!(meta.body["damaged_at"].is_string(), "{}", meta.text);
        // The original uploaded again replaces the damaged copy.
        upload(&app, &officer, "bien-ban.pdf", original.clone(), "application/pdf").await.expect(201);
        assert_eq!(app.get_raw(&format!("/api/v1/files/{id}"), &officer).await.2, original);
        let meta = app.get(&format!("/api/v1/files/{id}/meta"), &officer).await.expect(200);
        assert!(meta.body["damaged_at"].is_null(), "{}", meta.text);
    }
);

stores!(
    async fn a_dossier_is_submitted_only_with_every_required_item(backend, store) {
        let app = spawn_on(backend, store, |_| {}).await;
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Tổ sản xuất rau an toàn", "small_collective").await;
        let n = nominate(&app, &s, &m).await;
        let path = format!("/api/v1/nominations/{n}/dossier");
        let d = app.get(&path, &s.officer).await.expect(200);
        assert_eq!(d.body["complete"], false);
        assert_eq!(d.body["received"], false);
        let missing: Vec<&str> = d.body["missing"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert_eq!(missing, ["to-trinh", "bao-cao-thanh-tich", "bien-ban-hop-xet"], "{}", d.text);
        let codes: Vec<&str> = d.body["checklist"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["to-trinh", "bao-cao-thanh-tich", "bien-ban-hop-xet"]);
        assert!(d.body["legal_basis"].as_str().unwrap().contains("152/2025"), "{}", d.text);

        let submit = json!({"action": "submit"});
        let refused = act(&app, &s.officer, &n, submit.clone()).await.problem(422, "dossier_incomplete");
        let pointers: Vec<&str> = refused.body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert_eq!(pointers, ["/dossier/to-trinh", "/dossier/bao-cao-thanh-tich", "/dossier/bien-ban-hop-xet"]);
        assert!(refused.body["errors"][0]["detail"].as_str().unwrap().contains("Tờ trình đề nghị khen thưởng"), "{}", refused.text);

        let add = |code: &'static str, name: &'static str| {
            let (app, s, path) = (&app, &s, &path);
            async move {
                let f = upload(app, &s.officer, name, pdf(name), "application/pdf").await.expect(201);
                app.post(&format!("{path}/items"), &s.officer, json!({"item_code": code, "file_id": f.body["id"]})).await
            }
        };
        // A document this award type's checklist does not list.
        let a = add("chung-nhan-sang-kien", "sang-kien.pdf").await.expect(422);
        assert_eq!(a.body["errors"][0]["pointer"], "/item_code");
        assert!(a.body["errors"][0]["detail"].as_str().unwrap().contains("bao-cao-thanh-tich"), "{}", a.text);
        let item = add("to-trinh", "to-trinh.pdf").await.expect(201);
        assert_eq!((item.body["item_code"].as_str(), item.body["media_type"].as_str()), (Some("to-trinh"), Some("application/pdf")));
        assert_eq!(item.body["sha256"], sha256(&pdf("to-trinh.pdf")));
        add("bao-cao-thanh-tich", "bao-cao.pdf").await.expect(201);
        let wrong = add("khac", "nham.pdf").await.expect(201);
        app.call(reqwest::Method::DELETE, &format!("{path}/items/{}", id_of(&wrong)), Some(&s.officer), None).await.expect(204);
        let refused = act(&app, &s.officer, &n, submit.clone()).await.problem(422, "dossier_incomplete");
        assert_eq!(refused.body["errors"].as_array().unwrap().len(), 1, "{}", refused.text);
        assert_eq!(refused.body["errors"][0]["pointer"], "/dossier/bien-ban-hop-xet");
        add("bien-ban-hop-xet", "bien-ban.pdf").await.expect(201);
        let d = app.get(&path, &s.officer).await.expect(200);
        assert_eq!((d.body["complete"].as_bool(), d.body["items"].as_array().unwrap().len()), (Some(true), 3));
        act(&app, &s.officer, &n, submit).await.expect(200);

        // Submitted, the dossier is fixed and judged by the day it was received.
        let d = app.get(&path, &s.coordinator).await.expect(200);
        assert_eq!(d.body["received"], true);
        add("khac", "bo-sung.pdf").await.problem(409, "not_editable");
        let first = d.body["items"][0]["id"].as_str().unwrap();
        app.call(reqwest::Method::DELETE, &format!("{path}/items/{first}"), Some(&s.officer), None).await.problem(409, "not_editable");
        let log = app.get(&format!("/api/v1/audit-log?entity=nomination&entity_id={n}"), &app.admin_token).await.expect(200);
        let actions: Vec<&str> = log.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions.iter().filter(|a| **a == "dossier_add").count(), 4, "{actions:?}");
        assert_eq!(actions.iter().filter(|a| **a == "dossier_remove").count(), 1, "{actions:?}");
    }
);

stores!(
    async fn the_attachment_links_of_older_nominations_become_dossier_items(backend, store) {
        let app = spawn_on(backend, store, |_| {}).await;
        let s = setting(&app).await;
        let m = model(&app, &s, "collective", "Hợp tác xã nông nghiệp", "small_collective").await;
        let n = nominate(&app, &s, &m).await;
        // Back to before this issue (the later migrations' downs first, newest first): the
        // nomination carries its attachments as links.
        let down = app.downs_from("2026-12-07-000028");
        let links = json!([
            {"name": "Báo cáo thành tích.pdf", "media_type": "application/pdf", "size": 482113,
             "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "url": "https://vanban.hungyen.gov.vn/hs/123.pdf"},
            {"name": "Biên bản họp.pdf", "media_type": "application/pdf", "size": 1024,
             "sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", "url": "https://vanban.hungyen.gov.vn/hs/124.pdf"}
        ]);
        app.execute_sql(&format!(
            "{down}\n\
             UPDATE nominations SET attachments = '{links}' WHERE id = '{n}';"
        )).await;
        app.migrate().await;

        let d = app.get(&format!("/api/v1/nominations/{n}/dossier"), &s.officer).await.expect(200);
        let items = d.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{}", d.text);
        for link in links.as_array().unwrap() {
            let item = items.iter().find(|i| i["url"] == link["url"]).unwrap_or_else(|| panic!("{link} kept: {}", d.text));
            assert_eq!(item["item_code"], "khac");
            assert!(item["file_id"].is_null());
            for key in ["url", "name", "media_type", "size", "sha256"] {
                assert_eq!(item[key], link[key], "{key}: {}", d.text);
            }
            assert_eq!(item["id"].as_str().unwrap().len(), 36);
        }
        assert_ne!(items[0]["id"], items[1]["id"]);
        // Links are kept, but the required items are still to be added before submission.
        act(&app, &s.officer, &n, json!({"action": "submit"})).await.problem(422, "dossier_incomplete");
        complete_dossier(&app, &s.officer, &n).await;
        act(&app, &s.officer, &n, json!({"action": "submit"})).await.expect(200);
    }
);
