//! Who took over from whom. Obligations and figures follow lineage: a successor's report
//! duty is met by its predecessors' reports for the same period, and its figures count their
//! records.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::vocab::LineageRole;
use crate::error::AppResult;
use crate::service::DbConn;
use crate::store::reorganisations as store;

/// The predecessors of every successor, with the day each handed over (read whole: a few rows
/// per merger, absorption or split).
#[derive(Default)]
pub struct Lineage {
    /// successor → (predecessor, the day it handed over, whether it had other successors).
    predecessors: HashMap<String, Vec<(String, NaiveDate, bool)>>,
    /// predecessor → (successor, the day it took over).
    successors: HashMap<String, Vec<(String, NaiveDate)>>,
}

impl Lineage {
    pub fn load(conn: &mut DbConn) -> AppResult<Lineage> {
        let mut events: HashMap<String, (Vec<String>, Vec<String>, NaiveDate)> = HashMap::new();
        for (link, day) in store::all_links(conn)? {
            let e = events
                .entry(link.reorganisation_id)
                .or_insert_with(|| (Vec::new(), Vec::new(), day));
            match link.role {
                LineageRole::Predecessor => e.0.push(link.unit_id),
                LineageRole::Successor => e.1.push(link.unit_id),
            }
        }
        let mut predecessors: HashMap<String, Vec<(String, NaiveDate, bool)>> = HashMap::new();
        let mut successors: HashMap<String, Vec<(String, NaiveDate)>> = HashMap::new();
        for (preds, succs, day) in events.into_values() {
            let shared = succs.len() > 1;
            for p in &preds {
                let list = successors.entry(p.clone()).or_default();
                list.extend(succs.iter().map(|s| (s.clone(), day)));
                list.sort();
            }
            for s in succs {
                let list = predecessors.entry(s).or_default();
                list.extend(preds.iter().map(|p| (p.clone(), day, shared)));
                list.sort();
            }
        }
        Ok(Lineage {
            predecessors,
            successors,
        })
    }

    /// The units that took over from `unit` by `day`, directly or through others: who answers
    /// on that day for a duty `unit` was given (a report request addressed to it).
    pub fn heirs_by(&self, unit: &str, day: NaiveDate) -> Vec<String> {
        let mut heirs: Vec<String> = Vec::new();
        let mut next = vec![unit.to_owned()];
        while let Some(u) = next.pop() {
            for (s, on) in self.successors.get(&u).into_iter().flatten() {
                if *on <= day && !heirs.contains(s) && s != unit {
                    heirs.push(s.clone());
                    next.push(s.clone());
                }
            }
        }
        heirs
    }

    /// The direct predecessors of `unit` that handed over after `from` and by `to`: they still
    /// existed in a period that began on `from`, and `unit` had taken over by its due date `to`.
    pub fn predecessors_between(&self, unit: &str, from: NaiveDate, to: NaiveDate) -> Vec<&str> {
        self.predecessors
            .get(unit)
            .into_iter()
            .flatten()
            .filter(|(_, on, _)| *on > from && *on <= to)
            .map(|(p, _, _)| p.as_str())
            .collect()
    }

    /// `unit` and every unit it alone took over from, directly or through others: the units
    /// whose records count for it (a split's predecessor counts for none of its successors,
    /// which would count its records twice; what it handed over counts where it went).
    pub fn line_of(&self, unit: &str) -> Vec<String> {
        let mut line = vec![unit.to_owned()];
        let mut i = 0;
        while let Some(u) = line.get(i).cloned() {
            for (p, _, shared) in self.predecessors.get(&u).into_iter().flatten() {
                if !shared && !line.contains(p) {
                    line.push(p.clone());
                }
            }
            i += 1;
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default()
    }

    fn lineage() -> Lineage {
        let mut l = Lineage::default();
        l.predecessors.insert(
            "noi-vu".into(),
            vec![
                ("ldtbxh".into(), day(3, 1), false),
                ("tb-noi-vu".into(), day(7, 1), false),
            ],
        );
        l.predecessors.insert(
            "tb-noi-vu".into(),
            vec![("tb-ldtbxh".into(), day(3, 1), false)],
        );
        l.predecessors
            .insert("xa-a".into(), vec![("huyen".into(), day(7, 1), true)]);
        l
    }

    #[test]
    fn heirs_are_those_that_took_over_by_the_day() {
        let mut l = lineage();
        for (succ, preds) in l.predecessors.clone() {
            for (p, on, _) in preds {
                l.successors.entry(p).or_default().push((succ.clone(), on));
            }
        }
        assert_eq!(
            l.heirs_by("tb-ldtbxh", day(12, 31)),
            ["tb-noi-vu", "noi-vu"]
        );
        assert_eq!(l.heirs_by("tb-ldtbxh", day(6, 30)), ["tb-noi-vu"]);
        assert!(l.heirs_by("tb-ldtbxh", day(2, 28)).is_empty());
        assert_eq!(l.heirs_by("huyen", day(7, 1)), ["xa-a"]);
    }

    #[test]
    fn the_line_runs_through_every_predecessor_once() {
        let line = lineage().line_of("noi-vu");
        assert_eq!(line, ["noi-vu", "ldtbxh", "tb-noi-vu", "tb-ldtbxh"]);
        assert_eq!(lineage().line_of("ldtbxh"), ["ldtbxh"]);
        assert_eq!(
            lineage().line_of("xa-a"),
            ["xa-a"],
            "a split's records count once"
        );
    }

    #[test]
    fn predecessors_count_only_if_they_handed_over_within_the_period_and_by_its_due_date() {
        let l = lineage();
        let between = |from, to| l.predecessors_between("noi-vu", from, to);
        assert_eq!(between(day(1, 1), day(12, 31)), ["ldtbxh", "tb-noi-vu"]);
        assert_eq!(between(day(4, 1), day(12, 31)), ["tb-noi-vu"]);
        assert!(between(day(7, 1), day(12, 31)).is_empty());
        // Due before the merger: the predecessors were still expected themselves.
        assert_eq!(between(day(1, 1), day(4, 15)), ["ldtbxh"]);
        assert_eq!(
            l.predecessors_between("xa-a", day(4, 1), day(7, 4)),
            ["huyen"]
        );
    }
}
