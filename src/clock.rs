//! The service's clock: what "now" and "today" are for the register (dates recorded,
//! deadlines judged, periods open). The system clock in production; `THIDUA_CLOCK` sets a
//! fixed instant or an offset in development and tests, to replay 2025 or keep examples true.
//!
//! Security time is not business time: token lifetimes, sign-in throttling, rate limits and
//! webhook retries always follow the machine's own clock.

use std::sync::RwLock;

use chrono::{DateTime, DurationRound, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use crate::domain::PROVINCE_TZ;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The machine's clock.
    #[default]
    System,
    /// Always this instant.
    Fixed(DateTime<Utc>),
    /// The machine's clock moved by this much.
    Offset(TimeDelta),
}

impl Clock {
    /// Reads `THIDUA_CLOCK`: an instant (`2025-09-18T03:15:00Z`), a day (`2025-09-18`, at
    /// 09:00 in the province), or an offset from now in days or seconds (`-400d`, `+3600s`).
    pub fn parse(text: &str) -> Result<Clock, String> {
        let text = text.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Clock::Fixed(at.with_timezone(&Utc)));
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let at = day
                .and_hms_opt(9, 0, 0)
                .and_then(|t| t.and_local_timezone(PROVINCE_TZ).single())
                .ok_or_else(|| format!("THIDUA_CLOCK={text:?}: no such day"))?;
            return Ok(Clock::Fixed(at.with_timezone(&Utc)));
        }
        let offset = |digits: &str, unit: i64| {
            digits
                .parse::<i64>()
                .ok()
                .and_then(|n| n.checked_mul(unit))
                .and_then(TimeDelta::try_seconds)
        };
        let parsed = if let Some(d) = text.strip_suffix('d') {
            offset(d, 86_400)
        } else if let Some(s) = text.strip_suffix('s') {
            offset(s, 1)
        } else {
            None
        };
        parsed.map(Clock::Offset).ok_or_else(|| {
            format!(
                "THIDUA_CLOCK={text:?}: use an instant (2025-09-18T03:15:00Z), a day (2025-09-18) \
                 or an offset (-400d, +3600s)"
            )
        })
    }

    /// Now, to the microsecond (what both databases keep).
    pub fn now(&self) -> DateTime<Utc> {
        let at = match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
            Clock::Offset(delta) => Utc::now() + *delta,
        };
        at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at)
    }

    /// Now, as the database stores it (UTC, no zone).
    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Today's date in the province.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&PROVINCE_TZ).date_naive()
    }
}

/// The clock of the running service, for the code that does not yet take it from
/// `AppState` (`store::now`, `domain::today`): one process, one clock.
static CURRENT: RwLock<Clock> = RwLock::new(Clock::System);

/// Makes `clock` the process's clock (the service does it as it starts).
pub fn install(clock: Clock) {
    if let Ok(mut current) = CURRENT.write() {
        *current = clock;
    }
}

/// The process's clock.
pub fn current() -> Clock {
    CURRENT.read().map(|c| *c).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_an_instant_a_day_or_an_offset() {
        let fixed = Clock::parse("2025-09-18T03:15:00Z").ok();
        assert_eq!(
            fixed.map(|c| c.now().to_rfc3339()),
            Some("2025-09-18T03:15:00+00:00".to_owned())
        );
        let day = Clock::parse("2025-12-31").ok();
        assert_eq!(
            day.map(|c| c.today().to_string()),
            Some("2025-12-31".into())
        );
        assert!(matches!(Clock::parse("-400d"), Ok(Clock::Offset(d)) if d.num_days() == -400));
        assert!(matches!(Clock::parse("+3600s"), Ok(Clock::Offset(d)) if d.num_seconds() == 3600));
        assert!(Clock::parse("tomorrow").is_err());
        assert!(Clock::parse("99999999999999999d").is_err());
    }

    #[test]
    fn the_province_day_turns_at_midnight_in_ho_chi_minh_city() {
        // 17:00 UTC is midnight in the province (UTC+7).
        let before = Clock::parse("2025-06-30T16:59:59Z").map(|c| c.today());
        let after = Clock::parse("2025-06-30T17:00:00Z").map(|c| c.today());
        assert_eq!(before.map(|d| d.to_string()), Ok("2025-06-30".into()));
        assert_eq!(after.map(|d| d.to_string()), Ok("2025-07-01".into()));
    }
}
