//! The documented paths and their methods, read from the OpenAPI document: what tells the
//! router's 405 (a known path, another method) from its 404.

use serde_json::Value;

/// The documented paths and their methods: the router's answer to an unknown method is 405.
pub struct Routes {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl Routes {
    pub fn from_doc(doc: &Value) -> Routes {
        let mut routes = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
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
        Routes { routes }
    }

    /// The methods of the documented path that `path` matches, if any.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let asked: Vec<&str> = path.split('/').collect();
        let mut found: Option<Vec<String>> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == asked.len()
                && segments
                    .iter()
                    .zip(&asked)
                    .all(|(s, a)| (s.starts_with('{') && !a.is_empty()) || s == a);
            if matches {
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
