//! `/public/v1/exemplary-models.atom`: the newest public models as an Atom 1.0 feed, for
//! feed readers and the portals that embed one.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

use super::{public_models, PublicModel};
use crate::error::AppResult;
use crate::http::cache::prepare;
use crate::service::public as service;
use crate::AppState;

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The Atom 1.0 document of the newest public models, its links absolute under `base` (the
/// public base URL, no trailing `/`), which is also its `xml:base`.
pub fn atom(models: &[PublicModel], updated: DateTime<Utc>, base: &str) -> String {
    let base = xml(base);
    let mut out = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\" xml:base=\"{base}/\">\n");
    out.push_str("  <id>urn:thidua:public:exemplary-models</id>\n");
    out.push_str("  <title>Điển hình tiên tiến tỉnh Hưng Yên</title>\n");
    out.push_str(
        "  <subtitle>Các gương điển hình tiên tiến trong phong trào thi đua yêu nước</subtitle>\n",
    );
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    ));
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/public/v1/exemplary-models.atom\"/>\n"));
    out.push_str("  <author><name>Ủy ban nhân dân tỉnh Hưng Yên</name></author>\n");
    for m in models {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:uuid:{}</id>\n", xml(&m.id)));
        out.push_str(&format!("    <title>{}</title>\n", xml(&m.name)));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            m.updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"application/json\" href=\"{base}/public/v1/exemplary-models/{}\"/>\n", xml(&m.id)));
        if let Some(unit) = &m.unit {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml(&unit.name)
            ));
        }
        out.push_str(&format!(
            "    <category term=\"{}\"/>\n",
            m.category.as_str()
        ));
        for movement in &m.movements {
            out.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                xml(&movement.code),
                xml(&movement.name)
            ));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml(&m.summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An Atom 1.0 feed of the 50 most recently changed public models.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "Nguồn tin Atom 1.0", body = String, content_type = "application/atom+xml",
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/exemplary-models.atom")]
pub async fn atom_feed(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let (shown, last) = state.db.read(|conn| service::newest(conn, 50)).await?;
    let models = public_models(shown);
    let updated = models
        .first()
        .map_or_else(|| last.unwrap_or_default().and_utc(), |m| m.updated_at);
    let body = atom(&models, updated, &state.config.public_base_url).into_bytes();
    Ok(state.public_cache.remember(
        &req,
        prepare(body, "application/atom+xml; charset=utf-8", last, None),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml("Tổ \"A\" & <B>\u{1}"),
            "Tổ &quot;A&quot; &amp; &lt;B&gt;"
        );
    }
}
