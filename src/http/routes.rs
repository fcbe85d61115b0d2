//! The documented paths and their methods, read from the OpenAPI document: what tells the
//! router's 405 (a known path, another method) from its 404, and what the spec says of each
//! operation's parameters: which are integers (so that `2025.0` may stand for `2025`, as JSON
//! Schema allows) and how long a string may be (longer is refused, as the spec promises).

use serde_json::Value;

/// The documented paths and their methods: the router's answer to an unknown method is 405.
pub struct Routes {
    routes: Vec<(Vec<String>, Vec<String>)>,
    operations: Vec<Parameters>,
}

/// What the spec says of one operation's parameters.
pub struct Parameters {
    method: String,
    segments: Vec<String>,
    /// Integer query parameters, by name.
    query: Vec<String>,
    /// Integer path parameters, by segment.
    path: Vec<usize>,
    /// The `maxLength` of string parameters: (`query` or `header`, name, characters).
    limits: Vec<(String, String, usize)>,
}

/// A parameter longer than the spec allows.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong {
    /// `query` or `header`.
    pub place: String,
    pub name: String,
    pub max: usize,
}

fn is_integer(schema: &Value) -> bool {
    schema["type"] == "integer"
        || schema["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "integer"))
}

/// `2025.0` → `2025`; `None` for anything else.
fn whole(value: &str) -> Option<&str> {
    let (int, fraction) = value.split_once('.')?;
    let digits = int.strip_prefix('-').unwrap_or(int);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b == b'0');
    ok.then_some(int)
}

/// Whether a path's segments are the template's: a templated segment matches any value,
/// with the literal it ends with (`{kind}.xlsx`) when it has one.
fn segments_match(segments: &[String], asked: &[&str]) -> bool {
    let one = |s: &String, a: &str| match s.strip_prefix('{').and_then(|t| t.split_once('}')) {
        Some((_, suffix)) => a.len() > suffix.len() && a.ends_with(suffix),
        None => s == a,
    };
    segments.len() == asked.len() && segments.iter().zip(asked).all(|(s, a)| one(s, a))
}

fn parameters_of(path: &str, method: &str, op: &Value) -> Parameters {
    let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
    let mut query = Vec::new();
    let mut positions = Vec::new();
    let mut limits = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let (Some(name), Some(place)) = (p["name"].as_str(), p["in"].as_str()) else {
            continue;
        };
        let max = p["schema"]["maxLength"].as_u64().map(|m| m as usize);
        if let (Some(max), "query" | "header") = (max, place) {
            let name = match place {
                "header" => name.to_ascii_lowercase(),
                _ => name.to_owned(),
            };
            limits.push((place.to_owned(), name, max));
        }
        if !is_integer(&p["schema"]) {
            continue;
        }
        match place {
            "query" => query.push(name.to_owned()),
            "path" => {
                let template = format!("{{{name}}}");
                positions.extend(segments.iter().position(|s| *s == template));
            }
            _ => {}
        }
    }
    Parameters {
        method: method.to_ascii_uppercase(),
        segments,
        query,
        path: positions,
        limits,
    }
}

impl Routes {
    pub fn from_doc(doc: &Value) -> Routes {
        let mut routes = Vec::new();
        let mut operations = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
                for (method, op) in item.as_object().into_iter().flatten() {
                    operations.push(parameters_of(path, method, op));
                }
                let segments = path.split('/').map(str::to_owned).collect();
                let methods = item
                    .as_object()
                    .map(|m| {
                        m.keys()
                            .filter(|k| *k != "parameters")
                            .map(|k| k.to_ascii_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                routes.push((segments, methods));
            }
        }
        Routes { routes, operations }
    }

    /// The parameters of the operation `method` and `path` name (HEAD: its GET), if any. A
    /// literal path (`/nominations/ranking`) is preferred to a template that also matches it.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Parameters> {
        let method = if method == "HEAD" { "GET" } else { method };
        let asked: Vec<&str> = path.split('/').collect();
        let mut found = self
            .operations
            .iter()
            .filter(|o| o.method == method && segments_match(&o.segments, &asked));
        let first = found.next()?;
        let literal = |o: &&Parameters| !o.segments.iter().any(|s| s.starts_with('{'));
        Some(
            std::iter::once(first)
                .chain(found)
                .find(literal)
                .unwrap_or(first),
        )
    }

    /// The methods of the documented path that `path` matches, if any.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let asked: Vec<&str> = path.split('/').collect();
        let mut found: Option<Vec<String>> = None;
        for (segments, methods) in &self.routes {
            if segments_match(segments, &asked) {
                let methods = methods.clone();
                found = Some(match found {
                    Some(mut prev) => {
                        prev.extend(methods);
                        prev
                    }
                    None => methods,
                });
            }
        }
        found.map(|mut m| {
            m.sort();
            m.dedup();
            m
        })
    }
}

impl Parameters {
    /// The first query parameter or header longer than its `maxLength` in the spec.
    pub fn too_long<'a>(
        &self,
        query: &str,
        header: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<TooLong> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        self.limits.iter().find_map(|(place, name, max)| {
            let longer = match place.as_str() {
                "query" => pairs
                    .iter()
                    .any(|(n, v)| n == name && v.chars().count() > *max),
                _ => header(name).is_some_and(|v| v.chars().count() > *max),
            };
            longer.then(|| TooLong {
                place: place.clone(),
                name: name.clone(),
                max: *max,
            })
        })
    }

    /// The first parameter, by place (`path` or `query`) and name, whose decoded value holds a
    /// NUL character, which no text column can store.
    pub fn nul_in(&self, path: &str, query: &str) -> Option<(&'static str, String)> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        if let Some((name, _)) = pairs.into_iter().find(|(n, v)| {
            v.contains('\0') && self.limits.iter().any(|(p, l, _)| p == "query" && l == n)
        }) {
            return Some(("query", name));
        }
        let asked: Vec<&str> = path.split('/').collect();
        self.segments
            .iter()
            .zip(asked)
            .find_map(|(template, segment)| {
                let name = template.strip_prefix('{')?.split_once('}')?.0;
                let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                decoded.contains('\0').then(|| ("path", name.to_owned()))
            })
    }

    /// The path and query with every integer parameter written as a whole number with a
    /// fraction (`year=2025.0`) rewritten as the integer, or `None` when there is none.
    pub fn whole_numbers(&self, path: &str, query: &str) -> Option<String> {
        let op = self;
        let asked: Vec<&str> = path.split('/').collect();
        let mut changed = false;
        let mut segments = asked.clone();
        for &at in &op.path {
            if let Some(int) = segments.get(at).and_then(|s| whole(s)) {
                segments[at] = int;
                changed = true;
            }
        }
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) if op.query.iter().any(|q| q == name) => match whole(value) {
                    Some(int) => {
                        changed = true;
                        format!("{name}={int}")
                    }
                    None => pair.to_owned(),
                },
                _ => pair.to_owned(),
            })
            .collect();
        if !changed {
            return None;
        }
        let path = segments.join("/");
        Some(if query.is_empty() {
            path
        } else {
            format!("{path}?{}", pairs.join("&"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn routes() -> Routes {
        let int = json!({"type": "integer"});
        Routes::from_doc(&json!({"paths": {
            "/funds/{year}": {"get": {"parameters": [
                {"name": "year", "in": "path", "schema": int}]}},
            "/models": {"get": {"parameters": [
                {"name": "year", "in": "query", "schema": {"type": ["integer", "null"]}},
                {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 3}},
                {"name": "If-None-Match", "in": "header", "schema": {"type": "string", "maxLength": 4}}]}},
            "/models/{id}": {"get": {}},
        }}))
    }

    fn op<'a>(r: &'a Routes, method: &str, path: &str) -> &'a Parameters {
        match r.operation(method, path) {
            Some(o) => o,
            None => panic!("no operation {method} {path}"),
        }
    }

    #[test]
    fn whole_numbers_with_a_fraction_become_integers_where_the_spec_says_integer() {
        let r = routes();
        let models = op(&r, "GET", "/models");
        assert_eq!(
            models
                .whole_numbers("/models", "q=1.0&year=2025.00")
                .as_deref(),
            Some("/models?q=1.0&year=2025")
        );
        let funds = op(&r, "HEAD", "/funds/2025.0");
        assert_eq!(
            funds.whole_numbers("/funds/2025.0", "").as_deref(),
            Some("/funds/2025")
        );
        assert_eq!(models.whole_numbers("/models", "year=2025.5"), None);
        assert_eq!(models.whole_numbers("/models", "year=2025"), None);
        assert_eq!(models.whole_numbers("/models", "year=.0"), None);
        assert!(r.operation("POST", "/models").is_none());
        assert!(r.operation("GET", "/other").is_none());
    }

    #[test]
    fn strings_longer_than_the_spec_allows_are_found() {
        let r = routes();
        let models = op(&r, "GET", "/models");
        let none = |_: &str| None;
        assert_eq!(
            models.too_long("q=%C4%91%C4%91%C4%91", none),
            None,
            "3 characters"
        );
        let want = TooLong {
            place: "query".to_owned(),
            name: "q".to_owned(),
            max: 3,
        };
        assert_eq!(models.too_long("year=1&q=abcd", none), Some(want));
        let etag = |h: &str| (h == "if-none-match").then_some("\"abc\"");
        assert_eq!(
            models.too_long("", etag).map(|t| t.name),
            Some("if-none-match".to_owned())
        );
        // A literal path wins over a template that matches it too.
        assert!(r.operation("GET", "/models/x").is_some());
    }

    #[test]
    fn a_nul_in_a_string_parameter_is_found_by_place_and_name() {
        let r = routes();
        let models = op(&r, "GET", "/models");
        assert_eq!(
            models.nul_in("/models", "q=a%00b"),
            Some(("query", "q".to_owned()))
        );
        assert_eq!(
            models.nul_in("/models", "q=ab&other=%00"),
            None,
            "not a parameter"
        );
        let funds = op(&r, "GET", "/funds/1");
        assert_eq!(
            funds.nul_in("/funds/1%00", ""),
            Some(("path", "year".to_owned()))
        );
        assert_eq!(funds.nul_in("/funds/1", ""), None);
    }
}
