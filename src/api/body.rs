//! The JSON request body: an object, read into its type with the member at fault named, its
//! ids held to the spec's length, its whole numbers taken as the integers they are.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::{doc, middleware};
use crate::error::{AppError, AppResult, Code, FieldError};
use crate::t;

/// A JSON request body that must be an object (a list or a bare value is refused with 400,
/// never read positionally), deserialised into `T` with its members named on error.
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Body<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Body<T>, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            Ok(Body(parse_body(value).map_err(actix_web::Error::from)?))
        })
    }
}

/// Reads a JSON body that must be an object into `T`, naming the member at fault.
pub fn parse_body<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> AppResult<T> {
    if !value.is_object() {
        return Err(AppError::bad_request(t!(
            "Nội dung phải là một đối tượng JSON.",
            "The body must be a JSON object."
        ))
        .with_code(Code::MalformedBody));
    }
    let long = long_ids(&value, "");
    if !long.is_empty() {
        let detail = || t!("Dài quá {} ký tự.", "Longer than {} characters.", 36);
        let errors = long.iter().map(|p| FieldError::body(p, detail())).collect();
        return Err(AppError::invalid(errors));
    }
    let mut value = value;
    match T::deserialize(&value) {
        Ok(parsed) => Ok(parsed),
        Err(e) => {
            // JSON Schema's `integer` includes 2025.0: once more with whole numbers as integers.
            if whole_numbers_as_integers(&mut value) {
                if let Ok(parsed) = T::deserialize(&value) {
                    return Ok(parsed);
                }
            }
            Err(middleware::body_error(&e.to_string()))
        }
    }
}

/// The pointers of the record ids in a body longer than the 36 characters the spec gives
/// every id (`unit_id`, the items of `unit_ids`), at any depth: refused before any lookup,
/// so that no precondition or reference check answers first. A report's `content` and a
/// type's `content_schema` are the unit's own words and are not looked into.
fn long_ids(value: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    let too_long = |v: &Value| v.as_str().is_some_and(|s| s.chars().count() > 36);
    let mut out = Vec::new();
    match value {
        Value::Object(members) => {
            for (name, v) in members {
                let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
                let item = name.strip_suffix('s').filter(|n| doc::is_uuid(n));
                match v {
                    _ if name == "content" || name == "content_schema" => {}
                    Value::String(_) if doc::is_uuid(name) && too_long(v) => out.push(here),
                    Value::Array(items) if item.is_some() => {
                        for (i, x) in items.iter().enumerate() {
                            if too_long(x) {
                                out.push(format!("{here}/{i}"));
                            }
                        }
                    }
                    _ => out.extend(long_ids(v, &here)),
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                out.extend(long_ids(x, &format!("{at}/{i}")));
            }
        }
        _ => {}
    }
    out
}

/// Rewrites every number with no fraction (within ±2^53, where floats are exact) as an
/// integer; whether any changed.
fn whole_numbers_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                #[allow(clippy::cast_possible_truncation)]
                let whole = f as i64;
                *value = Value::from(whole);
                true
            }
            _ => false,
        },
        Value::Array(items) => {
            let mut changed = false;
            for v in items.iter_mut() {
                changed |= whole_numbers_as_integers(v);
            }
            changed
        }
        Value::Object(members) => {
            let mut changed = false;
            for v in members.values_mut() {
                changed |= whole_numbers_as_integers(v);
            }
            changed
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[test]
    fn an_integer_may_be_written_with_a_zero_fraction() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Year {
            year: i32,
            share: f64,
        }
        let whole = parse_body::<Year>(serde_json::json!({"year": 2025.0, "share": 0.5}));
        assert_eq!(
            whole.ok(),
            Some(Year {
                year: 2025,
                share: 0.5
            })
        );
        let plain = parse_body::<Year>(serde_json::json!({"year": 2025, "share": 1}));
        assert_eq!(
            plain.ok(),
            Some(Year {
                year: 2025,
                share: 1.0
            })
        );
        let half = parse_body::<Year>(serde_json::json!({"year": 2025.5, "share": 0.5}));
        assert_eq!(half.err().and_then(|e| e.code), Some(Code::MalformedBody));
    }

    #[test]
    fn an_id_longer_than_the_spec_allows_is_refused_wherever_it_is() {
        let long = "0".repeat(37);
        let body = serde_json::json!({
            "chair_unit_id": long, "deputy_chair_unit_id": "", "name": long,
            "member_unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", long],
            "mapping": [{"record_id": long}],
            "content": {"farm_id": long}
        });
        let pointers = |e: AppError| -> Vec<String> {
            let mut p: Vec<String> = e.errors.iter().filter_map(|f| f.pointer.clone()).collect();
            p.sort();
            p
        };
        let refused = parse_body::<serde_json::Value>(body).err().map(pointers);
        assert_eq!(
            refused,
            Some(vec![
                "/chair_unit_id".to_owned(),
                "/mapping/0/record_id".to_owned(),
                "/member_unit_ids/1".to_owned()
            ])
        );
    }
}
