//! Bonuses (Decree 152/2025/NĐ-CP Art. 49–50): an award's bonus is its type's coefficient ×
//! the statutory base salary in force on the decision date, rounded up to the nearest
//! 10,000 VND; of several titles for the same period of achievement only the highest pays,
//! titles over different periods pay each, and a form pays beside a title for the same result.
//! The coefficients and the base salaries are data (the award type's version, the dated base
//! salaries); only the arithmetic is here, in whole đồng.

use super::register::Vnd;

/// The step a bonus is rounded up to.
pub const ROUNDING: i64 = 10_000;

/// `per_mille / 1000 × base`, rounded up to the nearest 10,000 đồng (0.3 × 2,340,000 = 702,000
/// → 710,000); `None` when it does not fit.
pub fn amount(per_mille: i32, base: Vnd) -> Option<Vnd> {
    if per_mille < 0 || base.0 < 0 {
        return None;
    }
    let exact_thousandths = base.0.checked_mul(i64::from(per_mille))?;
    let step = ROUNDING.checked_mul(1000)?;
    let steps = exact_thousandths.checked_add(step - 1)? / step;
    steps.checked_mul(ROUNDING).map(Vnd)
}

/// What an award claims: who, whether a title (titles compete within a period), the period of
/// achievement, and its coefficient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim<'a> {
    pub awardee: &'a str,
    pub title: bool,
    pub period: (i32, i32),
    pub per_mille: i32,
}

/// Which claims pay: every form; of the titles of one awardee for one period, the one with the
/// highest coefficient (the first of equals).
pub fn paying(claims: &[Claim<'_>]) -> Vec<bool> {
    claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            !c.title
                || !claims.iter().enumerate().any(|(j, o)| {
                    j != i
                        && o.title
                        && o.awardee == c.awardee
                        && o.period == c.period
                        && (o.per_mille > c.per_mille || (o.per_mille == c.per_mille && j < i))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Vnd = Vnd(2_340_000);

    #[test]
    fn a_bonus_is_rounded_up_to_ten_thousand_dong() {
        assert_eq!(
            amount(300, BASE),
            Some(Vnd(710_000)),
            "0.3 × 2,340,000 = 702,000"
        );
        assert_eq!(amount(1000, BASE), Some(Vnd(2_340_000)));
        assert_eq!(amount(3000, BASE), Some(Vnd(7_020_000)));
        assert_eq!(amount(800, BASE), Some(Vnd(1_880_000)), "1,872,000 up");
        assert_eq!(
            amount(4500, Vnd(2_530_000)),
            Some(Vnd(11_390_000)),
            "11,385,000 up"
        );
        assert_eq!(amount(0, BASE), Some(Vnd(0)));
        assert_eq!(
            amount(1, Vnd(10_000_000)),
            Some(Vnd(10_000)),
            "exactly 10,000"
        );
        assert_eq!(amount(1, Vnd(10_000_001)), Some(Vnd(20_000)));
        assert_eq!(amount(-1, BASE), None);
        assert_eq!(amount(i32::MAX, Vnd(i64::MAX)), None);
    }

    #[test]
    fn of_titles_for_one_period_only_the_highest_pays() {
        let c = |awardee, title, period, per_mille| Claim {
            awardee,
            title,
            period,
            per_mille,
        };
        let claims = [
            c("a", true, (2025, 2025), 1000),  // cơ sở 2025: beaten by cấp tỉnh
            c("a", true, (2025, 2025), 3000),  // cấp tỉnh 2025: pays
            c("a", true, (2023, 2025), 3000),  // another period: pays
            c("a", false, (2025, 2025), 1000), // a form for the same result: pays
            c("b", true, (2025, 2025), 1000),  // another awardee: pays
            c("b", true, (2025, 2025), 1000),  // the same again: the first of equals pays
        ];
        assert_eq!(paying(&claims), [false, true, true, true, true, false]);
    }
}
