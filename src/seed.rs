//! The province's data, exactly as letter 1801/UBND-NC states it: the units it names, the two
//! documents, the three movements with their renames and lead units, and the quota rules of
//! points 6c and 6d. Loading is idempotent. A separate, clearly marked sample fixture adds
//! what the letter does not give, for trying the service out.

use chrono::NaiveDate;

use crate::domain::register::Scale;
use crate::domain::text;
use crate::domain::vocab::{DocumentKind, GroupKind, Track, UnitKind};
use crate::error::{AppError, AppResult};
use crate::service::movements::{self as movement_service, NewMovement, Rename};
use crate::store::audit::Who;
use crate::store::documents::{self, DocumentRow};
use crate::store::groups::{self, GroupRow};
use crate::store::movements;
use crate::store::quotas::{self, QuotaRuleRow};
use crate::store::units::{self, UnitRow};
use crate::store::{audit, new_id, now, DbConn};

fn day(y: i32, m: u32, d: u32) -> AppResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::internal("bad seed date"))
}

/// Codes of the units the letter names, with their names as the letter writes them.
pub const UNITS: &[(&str, &str, UnitKind)] = &[
    ("UBND-HY", "Ủy ban nhân dân tỉnh Hưng Yên", UnitKind::Other),
    ("SNV", "Sở Nội vụ", UnitKind::Department),
    (
        "SLDTBXH",
        "Sở Lao động-Thương binh và Xã hội",
        UnitKind::Department,
    ),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", UnitKind::Association),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        UnitKind::Department,
    ),
    (
        "DPTTH-HY",
        "Đài Phát thanh và Truyền hình Hưng Yên",
        UnitKind::Press,
    ),
    ("BAO-HY", "Báo Hưng Yên", UnitKind::Press),
    ("VP-UBND", "Văn phòng UBND tỉnh", UnitKind::Department),
];

fn unit(conn: &mut DbConn, who: &Who, code: &str, name: &str, kind: UnitKind) -> AppResult<String> {
    if let Some(u) = units::by_code(conn, code)? {
        return Ok(u.id);
    }
    let at = now();
    let row = UnitRow {
        id: new_id(),
        code: code.to_owned(),
        name: name.to_owned(),
        name_key: text::sort_key(name),
        search_text: text::fold(&format!("{name} {code}")),
        kind,
        parent_id: None,
        active: true,
        valid_from: None,
        valid_to: None,
        successor_id: None,
        email: None,
        phone: None,
        website: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    units::insert(conn, &row)?;
    audit::record(
        conn,
        who,
        "seed",
        "unit",
        &row.id,
        None,
        Some(&serde_json::to_value(&row).unwrap_or_default()),
    )?;
    Ok(row.id)
}

fn document(
    conn: &mut DbConn,
    who: &Who,
    unit: &str,
    number: &str,
    kind: DocumentKind,
    issued_on: NaiveDate,
    title: &str,
) -> AppResult<String> {
    if let Some(d) = documents::find(conn, unit, number, issued_on)? {
        return Ok(d.id);
    }
    let at = now();
    let row = DocumentRow {
        id: new_id(),
        number: number.to_owned(),
        kind,
        issued_on,
        issuing_unit_id: unit.to_owned(),
        title: title.to_owned(),
        search_text: text::fold(&format!("{number} {title}")),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    documents::insert(conn, &row)?;
    audit::record(
        conn,
        who,
        "seed",
        "document",
        &row.id,
        None,
        Some(&serde_json::to_value(&row).unwrap_or_default()),
    )?;
    Ok(row.id)
}

struct Movement<'a> {
    code: &'a str,
    first_name: &'a str,
    renamed_to: Option<&'a str>,
    lead: &'a str,
    basis: &'a str,
    start_on: NaiveDate,
}

fn movement(
    conn: &mut DbConn,
    who: &Who,
    m: &Movement,
    programme: &str,
    renamed_by: &str,
    renamed_on: NaiveDate,
) -> AppResult<()> {
    if movements::by_code(conn, m.code)?.is_some() {
        return Ok(());
    }
    let added = movement_service::create(
        conn,
        who,
        &NewMovement {
            code: m.code.to_owned(),
            name: m.first_name.to_owned(),
            lead_unit_id: m.lead.to_owned(),
            basis_document_id: m.basis.to_owned(),
            programme_document_id: Some(programme.to_owned()),
            phase_from: Some(2021),
            phase_to: Some(2025),
            start_on: Some(m.start_on),
            end_on: None,
            scale: Scale::Standard,
            description: None,
        },
    )?;
    if let Some(new_name) = m.renamed_to {
        let rename = Rename {
            name: new_name.to_owned(),
            effective_on: renamed_on,
            document_id: renamed_by.to_owned(),
        };
        movement_service::rename(conn, who, &added.id, &rename, None)?;
    }
    Ok(())
}

/// Loads what the letter states. Running it again changes nothing.
pub fn province(conn: &mut DbConn) -> AppResult<()> {
    let who = Who::system("seed");
    let mut ids = std::collections::HashMap::new();
    for (code, name, kind) in UNITS {
        ids.insert(*code, unit(conn, &who, code, name, *kind)?);
    }
    let id = |code: &str| {
        ids.get(code)
            .cloned()
            .ok_or_else(|| AppError::internal("seed unit missing"))
    };
    let ubnd = id("UBND-HY")?;
    let plan_day = day(2021, 6, 11)?;
    let letter_day = day(2022, 7, 15)?;
    let plan90 = document(
        conn,
        &who,
        &ubnd,
        "90/KH-UBND",
        DocumentKind::Plan,
        plan_day,
        "Kế hoạch tuyên truyền phong trào thi đua yêu nước, xây dựng diễn hình tiên tiến giai đoạn 2021 - 2025",
    )?;
    let letter = document(
        conn,
        &who,
        &ubnd,
        "1801/UBND-NC",
        DocumentKind::OfficialLetter,
        letter_day,
        "V/v nâng cao chất lượng công tác tuyên truyền và xây dựng diễn hình tiên tiến",
    )?;
    let list = [
        Movement {
            code: "PT-NGUOI-NGHEO",
            first_name: "Vì một Hưng Yên không còn đói nghèo",
            renamed_to: Some("Vì người nghèo-Không để ai bị bỏ lại phía sau"),
            lead: &id("SLDTBXH")?,
            basis: &plan90,
            start_on: plan_day,
        },
        Movement {
            code: "PT-PHU-NU",
            first_name: "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc; xây dựng tổ chức",
            renamed_to: Some("Xây dựng người phụ nữ Hưng Yên có kiến thức, có đạo đức, có sức khỏe, có trách nhiệm với gia đình và xã hội"),
            lead: &id("HLHPN")?,
            basis: &plan90,
            start_on: plan_day,
        },
        Movement {
            code: "PT-CHUYEN-DOI-SO",
            first_name: "Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số",
            renamed_to: None,
            lead: &id("STTTT")?,
            basis: &letter,
            start_on: letter_day,
        },
    ];
    for m in &list {
        movement(conn, &who, m, &plan90, &letter, letter_day)?;
    }
    let rules = [
        ("annual-standard", Track::Annual, Some(Scale::Standard), None, 2, "Mỗi phong trào giới thiệu không quá 02 tập thể, cá nhân đề nghị Chủ tịch Ủy ban nhân dân tỉnh khen thưởng trong 01 năm"),
        ("annual-broad", Track::Annual, Some(Scale::Broad), None, 4, "Phong trào có nhiều đối tượng tham gia giới thiệu không quá 04 tập thể, cá nhân trong 01 năm"),
        ("provincial-congress-x-2025", Track::ProvincialCongress, None, Some(2025), 200, "Đại hội Thi đua yêu nước của tỉnh lần thứ X (năm 2025): không quá 200 gương điển hình tiên tiến"),
        ("national-congress-xi-2025", Track::NationalCongress, None, Some(2025), 20, "Đại hội thi đua yêu nước toàn quốc lần thứ XI (năm 2025): không quá 20 gương điển hình tiên tiến"),
    ];
    for (code, track, scale, year, max_count, description) in rules {
        if quotas::by_code(conn, code)?.is_some() {
            continue;
        }
        let row = QuotaRuleRow {
            id: new_id(),
            code: code.to_owned(),
            track,
            scale,
            year,
            max_count,
            description: description.to_owned(),
            document_id: letter.clone(),
            created_at: now(),
            // The letter's congresses are rows the migrations made; their old track names them.
            congress_id: match track {
                Track::Annual => None,
                _ => crate::store::congresses::by_alias(conn, track)?.map(|c| c.id),
            },
            valid_from: None,
            supersedes_id: None,
            stream: None,
        };
        quotas::insert(conn, &row)?;
        audit::record(
            conn,
            &who,
            "seed",
            "quota_rule",
            &row.id,
            None,
            Some(&serde_json::to_value(&row).unwrap_or_default()),
        )?;
    }
    Ok(())
}

/// Marks every sample record: codes start with it and names end with " (mẫu)".
pub const SAMPLE_PREFIX: &str = "MAU-";

/// A small, clearly marked sample that the letter does not give: four districts in a cluster.
/// Never mixed into the register: everything it adds is coded `MAU-…` and named "… (mẫu)".
pub fn sample(conn: &mut DbConn) -> AppResult<()> {
    province(conn)?;
    let who = Who::system("seed-sample");
    let districts = [
        ("MAU-TPHY", "Thành phố Hưng Yên (mẫu)"),
        ("MAU-VL", "Huyện Văn Lâm (mẫu)"),
        ("MAU-KC", "Huyện Khoái Châu (mẫu)"),
        ("MAU-MH", "Thị xã Mỹ Hào (mẫu)"),
    ];
    let mut members = Vec::new();
    for (code, name) in districts {
        members.push(unit(conn, &who, code, name, UnitKind::District)?);
    }
    let name = "Cụm thi đua các huyện, thị xã, thành phố (mẫu)";
    let existing = groups::list(
        conn,
        &groups::Filter {
            terms: text::query_terms(name),
            year: Some(2025),
            ..Default::default()
        },
        None,
        1,
    )?;
    if existing.is_empty() {
        let at = now();
        let row = GroupRow {
            id: new_id(),
            kind: GroupKind::Cluster,
            name: name.to_owned(),
            name_key: text::sort_key(name),
            search_text: text::fold(name),
            year: 2025,
            chair_unit_id: members.first().cloned(),
            deputy_chair_unit_id: members.get(1).cloned(),
            active: true,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        groups::insert(conn, &row)?;
        groups::set_members(conn, &row.id, row.year, true, &members)?;
        audit::record(
            conn,
            &who,
            "seed",
            "emulation_group",
            &row.id,
            None,
            Some(&serde_json::to_value(&row).unwrap_or_default()),
        )?;
    }
    Ok(())
}
