//! Reporting periods (issue 5), computed in one place: `2025` (year), `2025S1` (half year),
//! `2025Q3` (quarter), `2025M07` (month). Each has its calendar span, its data cut-off
//! (Decree 09/2019/NĐ-CP, Art. 12: from the 15th of the month before the period to the 14th of
//! its last month), a due date some days after the cut-off, and an expiry after which nothing
//! is taken. "On time" is judged on the calendar of Asia/Ho_Chi_Minh.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use super::PROVINCE_TZ;
use crate::str_enum;

str_enum!(
    /// How often a report is due.
    PeriodType {
        Month => "month",
        Quarter => "quarter",
        HalfYear => "half_year",
        Year => "year",
        /// Answers a report request with its own due date.
        AdHoc => "ad_hoc",
    }
);

/// The forms a period code takes, for error messages.
pub const ACCEPTED_FORMS: &str =
    "2025 (năm/year), 2025S1 (6 tháng/half year), 2025Q3 (quý/quarter), 2025M07 (tháng/month)";

/// One reporting period of a regular report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodType,
    pub year: i32,
    /// 1 for a year; 1–2 for halves, 1–4 for quarters, 1–12 for months.
    pub index: u32,
}

impl Period {
    /// Parses a period code; years 2000–2100.
    pub fn parse(code: &str) -> Option<Period> {
        let code = code.trim();
        if code.len() < 4 || !code.is_char_boundary(4) {
            return None;
        }
        let (year, rest) = code.split_at(4);
        if !year.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !(2000..=2100).contains(&year) {
            return None;
        }
        let digits = |s: &str, width: usize| {
            (s.len() == width && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (kind, index) = match rest.chars().next() {
            None => (PeriodType::Year, 1),
            Some('S') => (PeriodType::HalfYear, digits(&rest[1..], 1)?),
            Some('Q') => (PeriodType::Quarter, digits(&rest[1..], 1)?),
            Some('M') => (PeriodType::Month, digits(&rest[1..], 2)?),
            Some(_) => return None,
        };
        let max = match kind {
            PeriodType::Year => 1,
            PeriodType::HalfYear => 2,
            PeriodType::Quarter => 4,
            PeriodType::Month => 12,
            PeriodType::AdHoc => return None,
        };
        (1..=max)
            .contains(&index)
            .then_some(Period { kind, year, index })
    }

    /// The code, as parsed.
    pub fn code(&self) -> String {
        match self.kind {
            PeriodType::Year | PeriodType::AdHoc => format!("{}", self.year),
            PeriodType::HalfYear => format!("{}S{}", self.year, self.index),
            PeriodType::Quarter => format!("{}Q{}", self.year, self.index),
            PeriodType::Month => format!("{}M{:02}", self.year, self.index),
        }
    }

    /// Months in the period.
    fn months(&self) -> u32 {
        match self.kind {
            PeriodType::Month => 1,
            PeriodType::Quarter => 3,
            PeriodType::HalfYear => 6,
            PeriodType::Year | PeriodType::AdHoc => 12,
        }
    }

    /// The first calendar day.
    pub fn start(&self) -> NaiveDate {
        let first_month = (self.index - 1) * self.months() + 1;
        NaiveDate::from_ymd_opt(self.year, first_month, 1).unwrap_or_default()
    }

    /// The last calendar day.
    pub fn end(&self) -> NaiveDate {
        self.start()
            .checked_add_months(Months::new(self.months()))
            .and_then(|d| d.pred_opt())
            .unwrap_or_default()
    }

    /// The data cut-off: the 15th of the month before the period to the 14th of its last month.
    pub fn cutoff(&self) -> (NaiveDate, NaiveDate) {
        let from = self
            .start()
            .checked_sub_months(Months::new(1))
            .and_then(|d| d.with_day(15))
            .unwrap_or_default();
        let to = self.end().with_day(14).unwrap_or_default();
        (from, to)
    }

    /// The due date: `days` after the cut-off ends.
    pub fn due(&self, days: u32) -> NaiveDate {
        add_days(self.cutoff().1, days)
    }
}

fn add_days(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(n))).unwrap_or(day)
}

/// The last day submissions are taken: `grace_days` after the due date; after it the period is
/// expired.
pub fn last_day(due: NaiveDate, grace_days: u32) -> NaiveDate {
    add_days(due, grace_days)
}

/// The province's calendar day of an instant.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&PROVINCE_TZ).date_naive()
}

/// On time: submitted no later than 23:59:59 of the due date in Asia/Ho_Chi_Minh.
pub fn on_time(submitted_at: DateTime<Utc>, due: NaiveDate) -> bool {
    local_day(submitted_at) <= due
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn codes_parse_and_print_back() {
        for code in [
            "2025", "2025S1", "2025S2", "2025Q1", "2025Q4", "2025M01", "2025M12",
        ] {
            assert_eq!(Period::parse(code).map(|p| p.code()), Some(code.to_owned()));
        }
        for bad in [
            "",
            "25",
            "2025S3",
            "2025Q0",
            "2025Q5",
            "2025M7",
            "2025M13",
            "2025M00",
            "2025X1",
            "1999",
            "2101Q1",
            "2025Q1x",
            "2025-07",
            "２０２５",
            "2025Mé",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn spans_and_cutoffs_follow_decree_09() {
        let q3 = Period::parse("2025Q3").expect("quarter");
        assert_eq!((q3.start(), q3.end()), (d(2025, 7, 1), d(2025, 9, 30)));
        assert_eq!(q3.cutoff(), (d(2025, 6, 15), d(2025, 9, 14)));
        let jan = Period::parse("2025M01").expect("month");
        assert_eq!(jan.cutoff(), (d(2024, 12, 15), d(2025, 1, 14)));
        let feb = Period::parse("2024M02").expect("month");
        assert_eq!(feb.end(), d(2024, 2, 29));
        let s1 = Period::parse("2025S1").expect("half");
        assert_eq!(s1.cutoff(), (d(2024, 12, 15), d(2025, 6, 14)));
        let s2 = Period::parse("2025S2").expect("half");
        assert_eq!((s2.start(), s2.end()), (d(2025, 7, 1), d(2025, 12, 31)));
        let year = Period::parse("2025").expect("year");
        assert_eq!(year.cutoff(), (d(2024, 12, 15), d(2025, 12, 14)));
        assert_eq!(year.due(5), d(2025, 12, 19));
        assert_eq!(last_day(year.due(5), 30), d(2026, 1, 18));
    }

    #[test]
    fn on_time_is_judged_in_ho_chi_minh_time() {
        let due = d(2025, 9, 19);
        // 23:59:59 on the due date in Hà Nội is 16:59:59 UTC: on time.
        let last = Utc
            .with_ymd_and_hms(2025, 9, 19, 16, 59, 59)
            .single()
            .expect("instant");
        assert!(on_time(last, due));
        // One second later it is the next day in the province, though still the 19th in UTC.
        let late = Utc
            .with_ymd_and_hms(2025, 9, 19, 17, 0, 0)
            .single()
            .expect("instant");
        assert!(!on_time(late, due));
        // 00:30 on the due date in the province is the previous evening in UTC.
        let early = Utc
            .with_ymd_and_hms(2025, 9, 18, 17, 30, 0)
            .single()
            .expect("instant");
        assert_eq!(local_day(early), due);
    }
}
