//! The doors as the spec declares them (`x-thidua-access`), tried from outside: every operation
//! that needs a token refuses a request without one, and every write refuses a viewer, a
//! reviewer, another unit's officer and another unit's software wherever its declaration does
//! not let them in.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{filled, TestApp};

/// The spec's placeholder path parameters, for operations walked without records.
fn any_path(path: &str) -> String {
    filled(path, "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a99")
}

fn operations(spec: &Value) -> Vec<(Method, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
            out.push((method, path.clone(), op.clone()));
        }
    }
    out
}

both!(
    async fn every_operation_behind_a_door_wants_a_token(app) {
        let spec = app.call(Method::GET, "/openapi.json", None, None).await.expect(200).body;
        let mut walked = 0;
        for (method, path, op) in operations(&spec) {
            let door = &op["x-thidua-access"];
            assert!(door.is_object(), "{method} {path} declares no access");
            // `/metrics` is open in development, as its door says.
            if door["sign_in"] != "token" || door["open_in_development"] == true {
                continue;
            }
            let body = if method == Method::GET { None } else { Some(json!({})) };
            let a = app.call(method.clone(), &any_path(&path), None, body.as_ref()).await;
            assert_eq!(a.status.as_u16(), 401, "{method} {path} without a token: {}", a.text);
            walked += 1;
        }
        assert!(walked > 100, "only {walked} operations walked");
    }
);

/// The records of unit A that the walk aims at, by the name of what they are.
#[derive(Default)]
struct Records {
    ids: Vec<(&'static str, String)>,
}

impl Records {
    fn get(&self, what: &str) -> Option<&str> {
        self.ids
            .iter()
            .find(|(w, _)| *w == what)
            .map(|(_, id)| id.as_str())
    }

    fn set(&mut self, what: &'static str, id: &str) {
        self.ids.retain(|(w, _)| *w != what);
        self.ids.push((what, id.to_owned()));
    }

    /// The spec's example body, its references pointed at unit A's records.
    fn aim(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    let what = match k.as_str() {
                        k if k.ends_with("unit_id") || k == "successor_id" => Some("unit"),
                        "unit_ids" | "member_unit_ids" => Some("unit"),
                        "movement_id" | "movement_ids" => Some("movement"),
                        "model_id" | "model_ids" => Some("model"),
                        "report_type_id" => Some("report_type"),
                        "form_id" => Some("form"),
                        "criteria_set_id" => Some("criteria_set"),
                        "document_id" | "basis_document_id" => Some("document"),
                        _ => None,
                    };
                    let aimed = match (what.and_then(|w| self.get(w)), v) {
                        (Some(id), Value::Array(_)) => json!([id]),
                        (Some(id), Value::String(_)) => json!(id),
                        _ => self.aim(v),
                    };
                    out.insert(k.clone(), aimed);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.aim(v)).collect()),
            other => other.clone(),
        }
    }

    /// The path with its parameters pointed at unit A's records.
    fn path(&self, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        let mut out = Vec::new();
        for (i, s) in segments.iter().enumerate() {
            let what = match (*s, segments.get(i.wrapping_sub(1)).copied().unwrap_or("")) {
                ("{id}", "units") => "unit",
                ("{id}", "exemplary-models") => "model",
                ("{id}", "publicity-items") => "publicity",
                ("{id}", "documents") => "document",
                ("{id}", "movements") => "movement",
                ("{plan_id}", _) => "plan",
                ("{set_id}", _) => "criteria_set",
                ("{id}", "nominations") => "nomination",
                ("{id}", "reports") => "report",
                ("{id}", "inspections") => "inspection",
                ("{action_id}", _) => "action",
                ("{id}", "funding-grants") => "grant",
                ("{id}", "users") => "user",
                ("{id}", "api-clients") => "client",
                ("{id}", "emulation-groups") => "group",
                ("{id}", "report-types") => "report_type",
                ("{period}", _) => "period",
                ("{date}", _) => "holiday",
                ("{year}", _) => "year",
                _ => "",
            };
            out.push(if s.starts_with('{') {
                self.get(what)
                    .unwrap_or("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a99")
                    .to_owned()
            } else {
                (*s).to_owned()
            });
        }
        out.join("/")
    }
}

fn example(spec: &Value, method: &str, path: &str) -> Value {
    let body = &spec["paths"][path][method]["requestBody"]["content"];
    let content = body
        .as_object()
        .and_then(|c| c.values().next())
        .cloned()
        .unwrap_or(Value::Null);
    let mut schema = content["schema"].clone();
    while let Some(r) = schema["$ref"].as_str() {
        schema = spec["components"]["schemas"][r.rsplit('/').next().unwrap()].clone();
    }
    let found = [content["example"].clone(), schema["example"].clone()]
        .into_iter()
        .find(|v| !v.is_null());
    found.unwrap_or(json!({}))
}

/// Sends a write the way a unit's software would: JSON, and a fresh `Idempotency-Key`.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: &Value,
) -> crate::helpers::Answer {
    let req = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(body);
    crate::helpers::read(req.send().await.unwrap()).await
}

/// Unit A's records, made by the registrars and A's officer from the spec's own examples.
async fn records_of_a(app: &TestApp, spec: &Value) -> Records {
    app.seed().await;
    let mut r = Records::default();
    let movements = app
        .get("/api/v1/movements?limit=200", &app.admin_token)
        .await
        .expect(200)
        .body;
    let m = movements["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "PT-NGUOI-NGHEO")
        .unwrap()
        .clone();
    let unit = m["lead_unit"]["id"].as_str().unwrap().to_owned();
    r.set("unit", &unit);
    r.set("movement", m["id"].as_str().unwrap());
    let forms = app
        .get("/api/v1/commendation-forms", &app.admin_token)
        .await
        .expect(200)
        .body;
    r.set("form", forms["items"][0]["id"].as_str().unwrap());
    let officer = app.user("unit_officer", Some(&unit)).await;
    let me = app.get("/api/v1/users/me", &officer).await.expect(200).body;
    r.set("user", me["id"].as_str().unwrap());
    r.set("year", "2025");
    r.set("period", "2025Q3");
    r.set("holiday", "2025-09-02");
    // The model nominated here is not the one the walk aims at: a second nomination of the
    // same model would stop at the duplicate check, which proves nothing about the door.
    let steps: [(&'static str, &str, &str, &str); 13] = [
        ("document", "post", "/api/v1/documents", "id"),
        ("model", "post", "/api/v1/exemplary-models", "id"),
        ("publicity", "post", "/api/v1/publicity-items", "id"),
        (
            "criteria_set",
            "post",
            "/api/v1/movements/{id}/criteria-sets",
            "id",
        ),
        ("plan", "post", "/api/v1/movements/{id}/plans", "id"),
        ("nomination", "post", "/api/v1/nominations", "id"),
        ("model", "post", "/api/v1/exemplary-models", "id"),
        ("inspection", "post", "/api/v1/inspections", "id"),
        ("report_type", "post", "/api/v1/report-types", "id"),
        ("client", "post", "/api/v1/api-clients", "id"),
        ("group", "post", "/api/v1/emulation-groups", "id"),
        ("grant", "post", "/api/v1/funding-grants", "id"),
        ("webhook", "put", "/api/v1/units/{id}/webhook", "unit_id"),
    ];
    for (what, method, path, id_member) in steps {
        let mut body = r.aim(&example(spec, method, path));
        if what == "report_type" {
            body["code"] = json!("BC-WALK");
            body["audience"] = json!("units");
            body["unit_ids"] = json!([unit]);
        }
        if what == "model" {
            body["published"] = json!(false);
        }
        let m = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
        let a = send(app, m, &r.path(path), &app.admin_token, &body).await;
        if a.status.is_success() {
            if let Some(id) = a.body[id_member].as_str() {
                r.set(what, id);
            }
            if what == "inspection" {
                if let Some(id) = a.body["actions"][0]["id"].as_str() {
                    r.set("action", id);
                }
            }
        }
    }
    for needed in [
        "document",
        "model",
        "publicity",
        "criteria_set",
        "plan",
        "nomination",
        "inspection",
        "action",
        "client",
        "group",
    ] {
        assert!(
            r.get(needed).is_some(),
            "the walk could not make unit A's {needed}"
        );
    }
    r
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect()
}

both!(
    async fn no_write_lets_in_anyone_its_door_keeps_out(app) {
        let spec = app.call(Method::GET, "/openapi.json", None, None).await.expect(200).body;
        let records = records_of_a(&app, &spec).await;
        // Unit B leads no movement: it is another unit to every record above.
        let b = app.unit("SXD-WALK", "Sở Xây dựng").await;
        let unit_scopes = "reports:read reports:write documents:write units:write funding:write models:write";
        let client = |scopes: &'static str| {
            let app = &app;
            let b = b.clone();
            async move {
                let (id, secret) = app.api_client(&b, scopes).await;
                app.try_client_token(&id, &secret).await.expect(200).body["access_token"].as_str().unwrap().to_owned()
            }
        };
        // (who, role or None for software, scopes, token)
        let personas: Vec<(&str, Option<&str>, Vec<String>, String)> = vec![
            ("viewer", Some("viewer"), vec![], app.user("viewer", None).await),
            ("reviewer", Some("reviewer"), vec![], app.user("reviewer", None).await),
            ("unit B's officer", Some("unit_officer"), vec![], app.user("unit_officer", Some(&b)).await),
            ("unit B's software", None, unit_scopes.split(' ').map(str::to_owned).collect(), client(unit_scopes).await),
            ("unit B's read-only software", None, vec!["reports:read".to_owned()], client("reports:read").await),
        ];
        let (mut tried, mut refused_at_the_door) = (0, 0);
        for (method, path, op) in operations(&spec) {
            let door = &op["x-thidua-access"];
            // Reads, sign-in with credentials, the public's doors, and the caller's own session
            // and password are not aimed at another unit's records.
            let own_session = ["/api/v1/auth/logout", "/api/v1/users/me/password"].contains(&path.as_str());
            if method == Method::GET || door["sign_in"] != "token" || own_session {
                continue;
            }
            let (roles, own_roles, scopes) = (names(&door["roles"]), names(&door["own_unit_roles"]), names(&door["scopes"]));
            let body = records.aim(&example(&spec, &method.as_str().to_ascii_lowercase(), &path));
            for (who, role, held, token) in &personas {
                // Aimed at unit A's records, only a role good for any record may succeed.
                let allowed = role.is_some_and(|r| roles.iter().any(|x| x == r));
                if allowed {
                    continue;
                }
                let at_the_door = match role {
                    Some(r) => {
                        let lead = *r == "unit_officer" && door["lead_unit"] == true;
                        !(own_roles.iter().any(|x| x == r) || lead)
                    }
                    None => !held.iter().any(|s| scopes.contains(s)),
                };
                let a = send(&app, method.clone(), &records.path(&path), token, &body).await;
                tried += 1;
                assert!(!a.status.is_success(), "{who} succeeded at {method} {path}, which its door keeps out: {}", a.text);
                if at_the_door {
                    assert_eq!(a.status.as_u16(), 403, "{who} at {method} {path} should stop at the door: {}", a.text);
                    refused_at_the_door += 1;
                } else {
                    assert!(a.status.is_client_error(), "{who} at {method} {path}: {}", a.text);
                }
            }
        }
        assert!(tried > 250 && refused_at_the_door > 200, "{tried} tried, {refused_at_the_door} refused at the door");
    }
);
