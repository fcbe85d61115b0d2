//! The public feed the e-portal pulls: only what may be public, cacheable, open to browsers,
//! and rate-limited.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{spawn_with, Backend, TestApp};

/// A unit, a movement and an officer; returns (unit, movement, officer token).
async fn setting(app: &TestApp) -> (String, String, String) {
    let unit = app
        .unit("SLDTBXH", "Sở Lao động-Thương binh và Xã hội")
        .await;
    let doc = app
        .post("/api/v1/documents", &app.admin_token, json!({"number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11", "issuing_unit_id": unit, "title": "Kế hoạch"}))
        .await
        .expect(201);
    let m = app
        .post("/api/v1/movements", &app.admin_token, json!({"code": "PT-NGHEO", "name": "Vì một Hưng Yên không còn đói nghèo", "lead_unit_id": unit, "basis_document_id": doc.body["id"]}))
        .await
        .expect(201);
    let officer = app.user("unit_officer", Some(&unit)).await;
    (unit, m.body["id"].as_str().unwrap().to_owned(), officer)
}

async fn model(
    app: &TestApp,
    token: &str,
    (unit, movement): (&str, &str),
    kind: &str,
    name: &str,
    published: bool,
    consent: bool,
) -> String {
    let mut body = json!({
        "kind": kind, "name": name, "managing_unit_id": unit, "movement_ids": [movement], "category": "farmer",
        "summary": "Giúp nhiều hộ nghèo có việc làm ổn định.", "achievements": "Thành tích chi tiết.", "published": published, "consent": consent
    });
    if kind == "individual" {
        body["personal_data"] = json!({"phone": "0912 345 678", "national_id": "033078001234"});
    }
    app.post("/api/v1/exemplary-models", token, body)
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

both!(
    async fn only_published_models_with_consent_leave_and_never_personal_data(app) {
        let (unit, movement, officer) = setting(&app).await;
        let shown = model(&app, &officer, (&unit, &movement), "collective", "Tổ rau an toàn thôn Đông", true, false).await;
        let hidden = model(&app, &officer, (&unit, &movement), "collective", "Tổ chưa công khai", false, false).await;
        let no_consent = model(&app, &officer, (&unit, &movement), "individual", "Nguyễn Văn Chưa", true, false).await;
        let consented = model(&app, &officer, (&unit, &movement), "individual", "Trần Thị Đồng Ý", true, true).await;
        let a = app.call(Method::GET, "/public/v1/exemplary-models", None, None).await.expect(200);
        let mut ids: Vec<&str> = a.body["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
        ids.sort();
        let mut expected = vec![shown.as_str(), consented.as_str()];
        expected.sort();
        assert_eq!(ids, expected);
        assert!(!a.text.contains("0912 345 678") && !a.text.contains("033078001234") && !a.text.contains("personal"), "{}", a.text);
        assert_eq!(a.body["items"][0]["movements"][0]["name"], "Vì một Hưng Yên không còn đói nghèo");
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{hidden}"), None, None).await.expect(404);
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{no_consent}"), None, None).await.expect(404);
        let d = app.call(Method::GET, &format!("/public/v1/exemplary-models/{consented}"), None, None).await.expect(200);
        assert_eq!(d.body["achievements"], "Thành tích chi tiết.");
        assert!(!d.text.contains("0912 345 678"));
        // Withdrawn consent takes it off at once.
        app.patch(&format!("/api/v1/exemplary-models/{consented}"), &officer, json!({"consent": false})).await.expect(200);
        app.call(Method::GET, &format!("/public/v1/exemplary-models/{consented}"), None, None).await.expect(404);
        let a = app.call(Method::GET, "/public/v1/exemplary-models?q=TO%20RAU%20an%20toan", None, None).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
        let a = app.call(Method::GET, &format!("/public/v1/exemplary-models?kind=individual&movement={movement}"), None, None).await.expect(200);
        assert_eq!(a.body["items"].as_array().unwrap().len(), 0);
        // A NUL in a text filter is the caller's error, named, on both databases.
        let nul = app.call(Method::GET, "/public/v1/exemplary-models?movement=l%0A%00k&q=", None, None).await;
        let nul = nul.problem(400, "malformed_query");
        assert_eq!(nul.body["errors"][0]["parameter"], "movement", "{}", nul.text);
        let quota = app.patch("/api/v1/quotas/a%00b", &officer, json!({})).await;
        quota.problem(400, "malformed_path");
    }
);

both!(
    async fn public_answers_revalidate_with_304(app) {
        let (unit, movement, officer) = setting(&app).await;
        let id = model(&app, &officer, (&unit, &movement), "collective", "Tổ rau an toàn", true, false).await;
        let res = app.client.get(app.url("/public/v1/exemplary-models")).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        let etag = a.header("etag").unwrap().to_owned();
        let modified = a.header("last-modified").unwrap().to_owned();
        assert_eq!(a.header("cache-control"), Some("public, max-age=60"));
        assert_eq!(a.header("access-control-allow-origin"), Some("*"));
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-modified-since", &modified).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        app.patch(&format!("/api/v1/exemplary-models/{id}"), &officer, json!({"summary": "Tóm tắt mới."})).await.expect(200);
        let res = app.client.get(app.url("/public/v1/exemplary-models")).header("if-none-match", &etag).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        assert_ne!(a.header("etag"), Some(etag.as_str()));
        let res = app.client.get(app.url(&format!("/public/v1/exemplary-models/{id}"))).send().await.unwrap();
        let a = crate::helpers::read(res).await.expect(200);
        let res = app.client.get(app.url(&format!("/public/v1/exemplary-models/{id}"))).header("if-none-match", a.header("etag").unwrap()).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
        let res = app.client.request(Method::OPTIONS, app.url("/public/v1/exemplary-models"))
            .header("origin", "https://hungyen.gov.vn").header("access-control-request-method", "GET").send().await.unwrap();
        assert_eq!(res.status().as_u16(), 204);
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let a = app.call(Method::GET, "/public/v1/movements?q=vi%20mot%20hung%20yen", None, None).await.expect(200);
        assert_eq!(a.body["items"][0]["names"][0]["name"], "Vì một Hưng Yên không còn đói nghèo");
    }
);

both!(
    async fn public_answers_go_gzipped_to_clients_that_take_gzip(app) {
        use std::io::Read;
        let (unit, movement, officer) = setting(&app).await;
        for i in 0..12 {
            model(&app, &officer, (&unit, &movement), "collective", &format!("Tổ hợp tác rau an toàn số {i}"), true, false).await;
        }
        let path = app.url("/public/v1/exemplary-models");
        let plain = app.client.get(&path).send().await.unwrap();
        assert_eq!(plain.headers().get("content-encoding"), None);
        let plain_tag = plain.headers()["etag"].to_str().unwrap().to_owned();
        let plain = plain.bytes().await.unwrap();
        assert!(plain.len() > 1024, "the page is large enough to compress: {} bytes", plain.len());

        let res = app.client.get(&path).header("accept-encoding", "br;q=1, gzip;q=0.8").send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-encoding"], "gzip");
        assert_eq!(res.headers()["vary"], "Accept-Encoding");
        let gzip_tag = res.headers()["etag"].to_str().unwrap().to_owned();
        assert_ne!(gzip_tag, plain_tag, "each encoding has its own strong validator");
        let zipped = res.bytes().await.unwrap();
        assert!(zipped.len() < plain.len());
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&zipped[..]).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, plain.to_vec(), "the same JSON, only compressed");

        // Either validator revalidates, whichever encoding the cache holds.
        for tag in [&plain_tag, &gzip_tag] {
            let res = app.client.get(&path).header("accept-encoding", "gzip").header("if-none-match", tag).send().await.unwrap();
            assert_eq!(res.status().as_u16(), 304, "{tag}");
        }
        // gzip refused with q=0: the body goes as it is.
        let res = app.client.get(&path).header("accept-encoding", "gzip;q=0, identity").send().await.unwrap();
        assert_eq!(res.headers().get("content-encoding"), None);
        assert_eq!(res.bytes().await.unwrap(), plain);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_feed_is_rate_limited_per_address() {
    let app = spawn_with(Backend::Sqlite, |c| c.public_rate_limit = 3).await;
    for remaining in ["2", "1", "0"] {
        let a = app
            .call(Method::GET, "/public/v1/movements", None, None)
            .await
            .expect(200);
        assert_eq!(a.header("ratelimit-remaining"), Some(remaining));
        assert_eq!(a.header("ratelimit-limit"), Some("3"));
    }
    let a = app
        .call(Method::GET, "/public/v1/movements", None, None)
        .await
        .problem(429, "rate_limited");
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    // The private API is not counted.
    app.get("/api/v1/units", &app.admin_token).await.expect(200);
}

async fn changes(app: &TestApp, token: &str) -> serde_json::Value {
    app.call(
        Method::GET,
        &format!("/public/v1/exemplary-models/changes?since={token}"),
        None,
        None,
    )
    .await
    .expect(200)
    .body
}

both!(
    async fn the_changes_feed_carries_tombstones_and_related_changes(app) {
        let (unit, movement, officer) = setting(&app).await;
        let unpublish = model(&app, &officer, (&unit, &movement), "collective", "Tổ A", true, false).await;
        let remove = model(&app, &officer, (&unit, &movement), "collective", "Tổ B", true, false).await;
        let consent = model(&app, &officer, (&unit, &movement), "individual", "Cá nhân C", true, true).await;
        let list = app.call(Method::GET, "/public/v1/exemplary-models", None, None).await.expect(200);
        assert_eq!(list.body["items"].as_array().unwrap().len(), 3);
        let token = list.body["sync_token"].as_str().unwrap().to_owned();
        assert!(changes(&app, &token).await["changes"].as_array().unwrap().is_empty());

        app.patch(&format!("/api/v1/exemplary-models/{unpublish}"), &officer, json!({"published": false})).await.expect(200);
        app.call(Method::DELETE, &format!("/api/v1/exemplary-models/{remove}"), Some(&officer), None).await.expect(204);
        app.patch(&format!("/api/v1/exemplary-models/{consent}"), &officer, json!({"consent": false})).await.expect(200);
        let doc = app.post("/api/v1/documents", &app.admin_token, json!({"number": "1801/UBND-NC", "kind": "official_letter", "issued_on": "2022-07-15", "issuing_unit_id": unit, "title": "Công văn"})).await.expect(201);
        let fresh = model(&app, &officer, (&unit, &movement), "collective", "Tổ D", true, false).await;
        app.post(&format!("/api/v1/movements/{movement}/renames"), &app.admin_token,
            json!({"name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "effective_on": "2022-07-15", "document_id": doc.body["id"]})).await.expect(201);

        let feed = changes(&app, &token).await;
        let by_id: std::collections::HashMap<String, serde_json::Value> = feed["changes"].as_array().unwrap().iter()
            .map(|c| (c["id"].as_str().unwrap().to_owned(), c.clone())).collect();
        for gone in [&unpublish, &remove, &consent] {
            assert_eq!(by_id[gone.as_str()]["change"], "delete", "{feed}");
            assert_eq!(by_id[gone.as_str()]["model"], serde_json::Value::Null);
        }
        assert_eq!(by_id[fresh.as_str()]["change"], "upsert");
        assert_eq!(by_id[fresh.as_str()]["model"]["movements"][0]["name"], "Vì người nghèo-Không để ai bị bỏ lại phía sau", "a rename reaches the page");
        assert_eq!(feed["has_more"], false);
        let next = feed["sync_token"].as_str().unwrap().to_owned();
        assert!(changes(&app, &next).await["changes"].as_array().unwrap().is_empty());
        app.call(Method::GET, "/public/v1/exemplary-models/changes?since=not-a-token", None, None).await.problem(400, "invalid_sync_token");
    }
);

both!(
    async fn the_changes_feed_never_skips_a_change_under_concurrent_writers(app) {
        let (unit, movement, officer) = setting(&app).await;
        let start = app.call(Method::GET, "/public/v1/exemplary-models", None, None).await.expect(200).body["sync_token"].as_str().unwrap().to_owned();
        let other = app.another_instance().await;
        let mut writers = Vec::new();
        for i in 0..24 {
            let target = if i % 2 == 0 { app.address.clone() } else { other.address.clone() };
            let (client, token, unit, movement) = (app.client.clone(), officer.clone(), unit.clone(), movement.clone());
            writers.push(tokio::spawn(async move {
                let res = client.post(format!("{target}/api/v1/exemplary-models")).bearer_auth(token).json(&json!({
                    "kind": "collective", "name": format!("Tổ {i}"), "managing_unit_id": unit, "movement_ids": [movement],
                    "category": "small_collective", "summary": "Tổ hợp tác.", "published": true
                })).send().await.unwrap();
                crate::helpers::read(res).await.expect(201).body["id"].as_str().unwrap().to_owned()
            }));
        }
        // A mirror follows the feed while the writers commit, as a portal would.
        let mut seen = std::collections::HashSet::new();
        let mut token = start;
        let mut created = std::collections::HashSet::new();
        let mut pending = writers;
        loop {
            // Only a poll made after every writer answered may end the loop.
            let all_answered = pending.is_empty();
            let feed = changes(&app, &token).await;
            for c in feed["changes"].as_array().unwrap() {
                seen.insert(c["id"].as_str().unwrap().to_owned());
            }
            token = feed["sync_token"].as_str().unwrap().to_owned();
            let (done, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(|h| h.is_finished());
            for h in done {
                created.insert(h.await.unwrap());
            }
            pending = rest;
            if all_answered && feed["changes"].as_array().unwrap().is_empty() && feed["has_more"] == false {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(created.len(), 24);
        assert!(created.is_subset(&seen), "missed: {:?}", created.difference(&seen).collect::<Vec<_>>());
    }
);

both!(
    async fn the_atom_feed_is_valid_atom_of_public_models_only(app) {
        let (unit, movement, officer) = setting(&app).await;
        model(&app, &officer, (&unit, &movement), "collective", "Tổ \"Rau\" & <Sạch>", true, false).await;
        model(&app, &officer, (&unit, &movement), "collective", "Tổ chưa công khai", false, false).await;
        let res = app.client.get(app.url("/public/v1/exemplary-models.atom")).send().await.unwrap();
        assert_eq!(res.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let body = res.text().await.unwrap();
        let mut reader = quick_xml::Reader::from_str(&body);
        let (mut entries, mut titles, mut in_title, mut depth): (i32, Vec<String>, bool, i32) = (0, Vec::new(), false, 0);
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) => {
                    depth += 1;
                    if depth == 1 {
                        assert_eq!(e.name().as_ref(), b"feed");
                        let ns = e.try_get_attribute("xmlns").unwrap().unwrap();
                        assert_eq!(ns.value.as_ref(), b"http://www.w3.org/2005/Atom");
                        let base = e.try_get_attribute("xml:base").unwrap().expect("xml:base");
                        assert_eq!(base.value.as_ref(), b"https://congthongtin.hungyen.gov.vn/thidua/");
                    }
                    if e.name().as_ref() == b"entry" {
                        entries += 1;
                    }
                    in_title = e.name().as_ref() == b"title" && depth == 3;
                    if in_title {
                        titles.push(String::new());
                    }
                }
                quick_xml::events::Event::Text(t) if in_title => {
                    titles.last_mut().unwrap().push_str(&t.decode().unwrap());
                }
                quick_xml::events::Event::GeneralRef(r) if in_title => {
                    let entity = match r.decode().unwrap().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    titles.last_mut().unwrap().push_str(entity);
                }
                quick_xml::events::Event::End(_) => {
                    depth -= 1;
                    in_title = false;
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(entries, 1, "{body}");
        assert_eq!(titles, ["Tổ \"Rau\" & <Sạch>"]);
        // Every link is absolute under the public base URL.
        let hrefs: Vec<&str> = body.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        assert_eq!(hrefs.len(), 2, "{body}");
        assert!(hrefs.iter().all(|h| h.starts_with("https://congthongtin.hungyen.gov.vn/thidua/public/v1/")), "{body}");
        let res = app.client.get(app.url("/public/v1/exemplary-models.atom")).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 304);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_public_answer_is_reused_briefly_and_says_its_age() {
    let app = spawn_with(Backend::Sqlite, |c| c.public_cache_secs = 60).await;
    let (unit, movement, officer) = setting(&app).await;
    let id = model(
        &app,
        &officer,
        (&unit, &movement),
        "collective",
        "Tổ A",
        true,
        false,
    )
    .await;
    let first = app
        .call(Method::GET, "/public/v1/exemplary-models", None, None)
        .await
        .expect(200);
    app.patch(
        &format!("/api/v1/exemplary-models/{id}"),
        &officer,
        json!({"published": false}),
    )
    .await
    .expect(200);
    let again = app
        .call(Method::GET, "/public/v1/exemplary-models", None, None)
        .await
        .expect(200);
    assert_eq!(
        again.header("etag"),
        first.header("etag"),
        "served from the cache"
    );
    assert!(again
        .header("age")
        .is_some_and(|a| a.parse::<u64>().unwrap() < 60));
    // Another address in the query is another answer, read fresh.
    let fresh = app
        .call(
            Method::GET,
            "/public/v1/exemplary-models?limit=10",
            None,
            None,
        )
        .await
        .expect(200);
    assert!(fresh.body["items"].as_array().unwrap().is_empty());
}

both!(
    async fn head_answers_every_public_get_and_an_empty_cursor_is_the_first_page(app) {
        let (unit, movement, officer) = setting(&app).await;
        model(&app, &officer, (&unit, &movement), "collective", "Tổ hợp tác", true, false).await;
        for path in ["/public/v1/exemplary-models", "/public/v1/movements", "/public/v1/exemplary-models.atom"] {
            let get = app.client.get(app.url(path)).send().await.unwrap();
            let (etag, length) = (get.headers().get("etag").cloned(), get.headers().get("content-length").cloned());
            assert_eq!(get.status(), 200);
            assert!(!get.bytes().await.unwrap().is_empty());
            let head = app.client.head(app.url(path)).send().await.unwrap();
            assert_eq!(head.status(), 200, "HEAD {path}");
            assert_eq!(head.headers().get("etag").cloned(), etag, "HEAD {path} has GET's validator");
            assert_eq!(head.headers().get("content-length").cloned(), length, "HEAD {path} has GET's length");
            assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} sends no body");
        }
        // `cursor=` (empty), as some generated clients send for the first page.
        let first = app.call(Method::GET, "/public/v1/exemplary-models?cursor=", None, None).await.expect(200);
        assert_eq!(first.body["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/units?cursor=", &app.admin_token).await.expect(200);
        app.get("/api/v1/units?cursor=nonsense", &app.admin_token).await.expect(400);
    }
);
