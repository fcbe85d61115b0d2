//! The minutes (biên bản) of a closed council session, drafted from its data: the members in
//! office on its day with their attendance, each nominee's tally and result on the council's
//! total membership, and the signature block, laid out as an official record
//! (`crate::paper`). They carry counts only: nothing in them links a member to a choice.

use super::council::{council, members_on, read_session, session, SessionShown};
use super::files::{keep, FileRow, Upload};
use super::{json_of, now, DbConn, Who};
use crate::domain::council::{AttendanceStatus, CouncilPosition, SessionState};
use crate::error::{AppError, AppResult, Code, Ext};
use crate::paper::{place_date, short_date, Block, Paper, Signature, Table};
use crate::store::council::{self as store, MinutesRow};
use crate::store::{audit, auth, award_types, awardees, nominations, units};
use crate::t;
use crate::texts::gloss_vi;

fn percent(agree: i64, total: i64) -> String {
    if total == 0 {
        return "0%".to_owned();
    }
    // Tenths of a percent, rounded half up, in whole numbers.
    let tenths = (agree * 1000 * 2 + total) / (total * 2);
    format!("{},{}%", tenths / 10, tenths % 10)
}

/// The paper of a closed session's minutes (409 `session_state` while it is not closed);
/// `recorder` is who draws them up.
pub fn paper(conn: &mut DbConn, id: &str, province: &str, recorder: &str) -> AppResult<Paper> {
    let shown = read_session(conn, id)?;
    let s = &shown.session;
    if s.state != SessionState::Closed {
        return Err(AppError::conflict(
            Code::SessionState,
            t!(
                "Biên bản được lập khi phiên họp đã bế mạc; phiên họp đang ở trạng thái {}.",
                "The minutes are drawn up once the session is closed; it is {}.",
                s.state.as_str()
            ),
        )
        .with_ext(Ext::State, s.state.as_str()));
    }
    let c = council(conn, &s.council_id)?;
    let parent = match &c.unit_id {
        Some(unit) => units::get(conn, unit)?.map_or_else(String::new, |u| u.name),
        None => format!("Ủy ban nhân dân tỉnh {province}"),
    };
    let total = i64::from(s.members_total.unwrap_or(0));
    let mut members = members_on(conn, &c.id, s.held_on)?;
    members.sort_by_key(|m| match m.position {
        CouncilPosition::Chair => 0,
        CouncilPosition::ViceChair => 1,
        CouncilPosition::StandingMember => 2,
        CouncilPosition::Member => 3,
    });
    let mut chair = String::new();
    let mut rows = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let name = auth::user(conn, &m.user_id)?.map_or_else(String::new, |u| u.display_name);
        if m.position == CouncilPosition::Chair && chair.is_empty() {
            chair.clone_from(&name);
        }
        let status = shown
            .attendance
            .iter()
            .find(|a| a.member_id == m.id)
            .map_or(AttendanceStatus::Absent, |a| a.status);
        rows.push(vec![
            (i + 1).to_string(),
            name,
            gloss_vi("CouncilPosition", m.position.as_str()),
            gloss_vi("AttendanceStatus", status.as_str()),
        ]);
    }
    let composition = Table {
        widths: vec![8, 40, 26, 26],
        header: vec![
            "STT".into(),
            "Họ và tên".into(),
            "Chức danh trong Hội đồng".into(),
            "Tham dự".into(),
        ],
        rows,
    };
    let results = results(conn, &shown, total)?;
    let passed = results
        .rows
        .iter()
        .filter(|r| r.last().is_some_and(|v| v == "Đạt"))
        .count();
    let written = if s.written_opinions_count.unwrap_or(false) {
        "Ý kiến bằng văn bản của thành viên vắng mặt được tính vào số đồng ý."
    } else {
        "Ý kiến bằng văn bản của thành viên vắng mặt được ghi nhận, không tính vào số đồng ý."
    };
    let absent = members
        .len()
        .saturating_sub(usize::try_from(s.present.unwrap_or(0)).unwrap_or(0));
    Ok(Paper {
        parent: parent.to_uppercase(),
        authority: c.name.to_uppercase(),
        number: format!("Số: {}", s.number),
        place_date: place_date(province, s.held_on),
        kind: "BIÊN BẢN".into(),
        subject: format!("Phiên họp {} xét khen thưởng", c.name),
        blocks: vec![
            Block::Text(format!(
                "Ngày {}, {} họp xét đề nghị khen thưởng. Tổng số thành viên Hội đồng: {}; có mặt: {}; vắng mặt: {}.",
                short_date(s.held_on),
                c.name,
                total,
                s.present.unwrap_or(0),
                absent
            )),
            Block::Heading("I. THÀNH PHẦN".into()),
            Block::Table(composition),
            Block::Heading("II. KẾT QUẢ BỎ PHIẾU KÍN".into()),
            Block::Text(format!(
                "Hội đồng bỏ phiếu kín; tỷ lệ đồng ý tính trên tổng số thành viên Hội đồng ({total}). {written}"
            )),
            Block::Table(results),
            Block::Heading("III. KẾT LUẬN".into()),
            Block::Text(format!(
                "Số trường hợp đạt tỷ lệ đồng ý theo quy định: {passed}. Biên bản được lập từ dữ liệu phiên họp số {} và thông qua tại phiên họp.",
                s.number
            )),
        ],
        signatures: vec![
            Signature {
                role: "NGƯỜI GHI BIÊN BẢN".into(),
                name: recorder.to_owned(),
            },
            Signature {
                role: "CHỦ TỊCH HỘI ĐỒNG".into(),
                name: chair,
            },
        ],
    })
}

/// Each nominee: who, the award, the tally, the share of the total membership, the result.
fn results(conn: &mut DbConn, shown: &SessionShown, total: i64) -> AppResult<Table> {
    let counts = shown.session.written_opinions_count.unwrap_or(false);
    let mut rows = Vec::new();
    for (i, (item, _)) in shown.agenda.iter().enumerate() {
        let n = nominations::get(conn, &item.nomination_id)?;
        let (who, award) = match &n {
            Some(n) => (
                awardees::get(conn, &n.awardee_id)?.map_or_else(String::new, |a| a.name),
                award_types::form(conn, &n.form_id)?.map_or_else(String::new, |f| f.name),
            ),
            None => (String::new(), String::new()),
        };
        let agree = i64::from(item.agree.unwrap_or(0));
        let disagree = i64::from(item.disagree.unwrap_or(0));
        let written_agree = i64::from(item.written_agree.unwrap_or(0));
        let written_disagree = i64::from(item.written_disagree.unwrap_or(0));
        let counted = agree + if counts { written_agree } else { 0 };
        let (share, threshold, result) = if item.ballot_required {
            (
                percent(counted, total),
                format!("{}%", item.threshold_percent.unwrap_or(100)),
                if item.passed == Some(true) {
                    "Đạt"
                } else {
                    "Không đạt"
                },
            )
        } else {
            (String::new(), String::new(), "Không bỏ phiếu")
        };
        rows.push(vec![
            (i + 1).to_string(),
            who,
            award,
            agree.to_string(),
            disagree.to_string(),
            format!("{written_agree}/{written_disagree}"),
            share,
            threshold,
            result.to_owned(),
        ]);
    }
    Ok(Table {
        widths: vec![6, 18, 18, 9, 9, 11, 10, 10, 9],
        header: vec![
            "STT".into(),
            "Đối tượng đề nghị".into(),
            "Hình thức".into(),
            "Đồng ý".into(),
            "Không đồng ý".into(),
            "Ý kiến văn bản (đồng ý/không)".into(),
            "Tỷ lệ đồng ý".into(),
            "Ngưỡng".into(),
            "Kết quả".into(),
        ],
        rows,
    })
}

/// Keeps the drafted minutes as files of the council's level and links them to the session
/// (replacing earlier ones).
pub fn keep_minutes(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    docx: &Upload,
    pdf: &Upload,
) -> AppResult<(MinutesRow, FileRow, FileRow)> {
    let council_id = session(conn, id)?.council_id;
    let c = council(conn, &council_id)?;
    let docx = keep(conn, who, c.unit_id.clone(), docx)?;
    let pdf = keep(conn, who, c.unit_id, pdf)?;
    let row = MinutesRow {
        session_id: id.to_owned(),
        docx_file_id: docx.id.clone(),
        pdf_file_id: pdf.id.clone(),
        created_at: now(),
    };
    store::set_minutes(conn, &row)?;
    audit::record(
        conn,
        who,
        "minutes",
        "council_session",
        id,
        None,
        Some(&json_of(&row)),
    )?;
    Ok((row, docx, pdf))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_share_is_written_to_a_tenth_of_a_percent() {
        assert_eq!(super::percent(9, 11), "81,8%");
        assert_eq!(super::percent(10, 11), "90,9%");
        assert_eq!(super::percent(0, 0), "0%");
        assert_eq!(super::percent(2, 3), "66,7%");
    }
}
