//! What the spec promises integrators, checked on the running service: every problem `type`
//! leads to its explanation, a 405 names exactly the methods the spec gives the path, integer
//! parameters take `2025.0`, and the docs page speaks Vietnamese.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::both;
use crate::helpers::filled;
use thidua::error::{type_uri, Code, PROBLEM_BASE};

fn spec() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json");
    serde_json::from_str(&text).expect("the spec is JSON")
}

both!(
    async fn every_problem_code_is_explained_where_its_type_leads(app) {
        let all = app.call(Method::GET, "/problems", None, None).await.expect(200);
        assert_eq!(all.body["items"].as_array().map(Vec::len), Some(Code::ALL.len()));
        assert_eq!(all.header("cache-control"), Some("public, max-age=86400"));
        for code in Code::ALL {
            let uri = type_uri(*code);
            let path = format!("/problems/{}", uri.strip_prefix(PROBLEM_BASE).unwrap());
            let a = app.call(Method::GET, &path, None, None).await.expect(200);
            assert_eq!(a.body["code"], code.as_str(), "{path}");
            assert_eq!(a.body["type"], uri.as_str());
            assert_eq!(a.body["status"], code.kind().status().as_u16());
            for part in ["title", "cause", "fix"] {
                for lang in ["vi", "en"] {
                    let text = a.body[part][lang].as_str().unwrap_or_default();
                    assert!(text.len() > 3, "{path}: {part}.{lang} is {text:?}");
                }
            }
            let res = app
                .client
                .get(app.url(&path))
                .header("accept", "text/html,application/xhtml+xml;q=0.9")
                .send()
                .await
                .unwrap();
            let page = crate::helpers::read(res).await.expect(200);
            assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
            assert!(page.text.contains("<html lang=\"vi\">"), "{path}");
            assert!(page.text.contains(&format!("<code>{}</code>", code.as_str())), "{path}");
            let by_code = format!("/problems/{}", code.as_str());
            let again = app.call(Method::GET, &by_code, None, None).await.expect(200);
            assert_eq!(again.body, a.body);
        }
        app.call(Method::GET, "/problems/no-such-code", None, None)
            .await
            .problem(404, "not_found");
        // A real problem's `type` leads to its page.
        let missing = app.call(Method::GET, "/api/v1/nothing-here", None, None).await.expect(404);
        let uri = missing.body["type"].as_str().unwrap();
        let path = format!("/problems/{}", uri.strip_prefix(PROBLEM_BASE).unwrap());
        let explained = app.call(Method::GET, &path, None, None).await.expect(200);
        assert_eq!(explained.body["code"], missing.body["code"]);
    }
);

/// The methods the spec gives every path the URL matches (a literal path such as
/// `/nominations/ranking` also matches `/nominations/{id}`: the router takes both).
fn methods_at(doc: &Value, url: &str) -> BTreeSet<String> {
    let asked: Vec<&str> = url.split('/').collect();
    let mut methods = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let segments: Vec<&str> = path.split('/').collect();
        let matches = segments.len() == asked.len()
            && segments
                .iter()
                .zip(&asked)
                .all(|(s, a)| s.starts_with('{') || s == a);
        if matches {
            methods.extend(
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(|m| m.to_ascii_uppercase()),
            );
        }
    }
    methods
}

both!(
    async fn a_405_names_exactly_the_methods_the_spec_gives_the_path(app) {
        let doc = spec();
        let mut checked = 0;
        for path in doc["paths"].as_object().unwrap().keys() {
            let url = filled(path, "x0");
            let allowed = methods_at(&doc, &url);
            let Some(other) = ["DELETE", "PUT", "PATCH", "POST", "GET"]
                .into_iter()
                .find(|m| !allowed.contains(*m))
            else {
                continue;
            };
            let method = Method::from_bytes(other.as_bytes()).unwrap();
            let a = app.call(method, &url, Some(&app.admin_token), None).await;
            let a = a.problem(405, "method_not_allowed");
            let said: BTreeSet<String> = a
                .header("allow")
                .unwrap_or_default()
                .split(", ")
                .map(str::to_owned)
                .collect();
            assert_eq!(said, allowed, "{other} {url}");
            checked += 1;
        }
        assert!(checked > 80, "{checked} paths checked");
    }
);

both!(
    async fn integer_parameters_take_a_whole_number_written_with_a_fraction(app) {
        let token = &app.admin_token;
        let plain = app.get("/api/v1/documents?year=2022&limit=5", token).await.expect(200);
        let lenient = app.get("/api/v1/documents?year=2022.0&limit=5.00", token).await.expect(200);
        assert_eq!(lenient.body, plain.body);
        let fund = app.get("/api/v1/emulation-funds/2025", token).await;
        let fund_lenient = app.get("/api/v1/emulation-funds/2025.0", token).await;
        assert_eq!(fund_lenient.status, fund.status);
        assert_eq!(fund_lenient.body["year"], fund.body["year"]);
        let public = app.call(Method::GET, "/public/v1/exemplary-models?year=2025.0", None, None).await;
        public.expect(200);
        app.get("/api/v1/documents?year=2022.5", token)
            .await
            .problem(400, "malformed_query");
    }
);

both!(
    async fn the_docs_page_is_in_vietnamese(app) {
        let a = app.call(Method::GET, "/docs/", None, None).await.expect(200);
        assert!(a.text.contains("<html lang=\"vi\">"));
        assert!(a.text.contains("<title>Tài liệu API thidua"));
        for file in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-initializer.js"] {
            assert!(a.text.contains(&format!("./{file}")), "{file}");
            let res = app.client.get(app.url(&format!("/docs/{file}"))).send().await.unwrap();
            assert_eq!(res.status(), 200, "{file}");
        }
        let init = app.client.get(app.url("/docs/swagger-initializer.js")).send().await.unwrap();
        assert!(init.text().await.unwrap().contains("/openapi.json"));
    }
);
