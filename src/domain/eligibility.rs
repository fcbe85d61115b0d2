//! Eligibility that explains itself (Law 06/2022/QH15 Art. 5 and 21–24; Decree 98/2023 and
//! 152/2025; a province's own regulation): the *kinds* of rule are here, in code; their
//! *parameters* are data, dated, on a legal basis. Judging a nomination is a pure function of
//! its facts — the nominee's award register, initiatives and restrictions, the dossier's
//! member figures — so that each answer names the evidence it used.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::awardees::{AwardStream, InitiativeReach, RestrictionKind};
use super::models::ModelKind;
use crate::error::Text;
use crate::{str_enum, t};

str_enum!(
    /// What a rule checks. The parameters each kind takes are in `RuleParameters`.
    RuleKind {
        /// A chain of consecutive periods of a lower title (`award_type_id`, `count`), ending in
        /// the nomination's year or the year before. Only merit awards count: thematic,
        /// ad-hoc and other streams, and revoked awards, do not (Law Art. 5).
        Chain => "chain",
        /// At least `percent` % of a collective's members completed their tasks (the dossier's
        /// `members.completed`).
        MembersCompletedShare => "members_completed_share",
        /// At least `percent` % of a collective's members hold Lao động tiên tiến (the
        /// dossier's `members.advanced`).
        MembersTitleShare => "members_title_share",
        /// At least `count` members of a collective (individuals of its unit in the register)
        /// hold the title `award_type_id` for the nomination's year.
        MembersHolding => "members_holding",
        /// The nomination rests on an initiative of at least `reach`.
        InitiativeReach => "initiative_reach",
        /// No discipline, inspection or complaint in the nomination's year or on the day
        /// judged (Law Art. 5).
        NoRestriction => "no_restriction",
        /// The initiative is used for no other award or live nomination (Law Art. 5).
        InitiativeOnce => "initiative_once",
        /// The nominee holds no award of the same type for the same period (Law Art. 5).
        AchievementOnce => "achievement_once",
    }
);

str_enum!(
    /// A rule's outcome.
    Outcome {
        /// Đạt.
        Met => "met",
        /// Không đạt.
        NotMet => "not_met",
        /// Chưa xác định được (thiếu dữ liệu).
        NotKnown => "not_known",
    }
);

str_enum!(
    /// Where a piece of evidence comes from.
    EvidenceSource {
        /// Sổ khen thưởng (`/api/v1/awards`).
        Award => "award",
        /// Sáng kiến (`/api/v1/initiatives`).
        Initiative => "initiative",
        /// Hạn chế (kỷ luật, thanh tra, khiếu nại).
        Restriction => "restriction",
        /// Hồ sơ đề nghị khác.
        Nomination => "nomination",
        /// Số liệu trong hồ sơ này.
        Dossier => "dossier",
    }
);

/// A rule's parameters; which ones a kind takes is checked by `RuleParameters::problems`.
#[derive(Serialize, Deserialize, ToSchema, Clone, Default, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"award_type_id": "0193a1b2-0000-7000-8000-0000000a0002", "count": 3, "percent": null, "reach": null}))]
pub struct RuleParameters {
    /// `chain`, `members_holding`: the title counted.
    #[serde(default)]
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    /// `chain`: consecutive periods (1–10); `members_holding`: members (1–10000).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10000)]
    pub count: Option<i32>,
    /// `members_completed_share`, `members_title_share`: the least share, in per cent (1–100).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 100)]
    pub percent: Option<i32>,
    /// `initiative_reach`: the least reach.
    #[serde(default)]
    pub reach: Option<InitiativeReach>,
}

impl RuleParameters {
    /// What is wrong with these parameters for `kind`: (member, why), every one at once.
    pub fn problems(&self, kind: RuleKind) -> Vec<(&'static str, Text)> {
        use RuleKind as K;
        let (title, count, percent, reach) = match kind {
            K::Chain => (true, Some(10), false, false),
            K::MembersHolding => (true, Some(10_000), false, false),
            K::MembersCompletedShare | K::MembersTitleShare => (false, None, true, false),
            K::InitiativeReach => (false, None, false, true),
            K::NoRestriction | K::InitiativeOnce | K::AchievementOnce => {
                (false, None, false, false)
            }
        };
        let mut out = Vec::new();
        let mut expect = |member: &'static str, wanted: bool, given: bool| match (wanted, given) {
            (true, false) => out.push((
                member,
                t!(
                    "Quy tắc loại {} cần tham số {}.",
                    "A {} rule needs the parameter {}.",
                    kind.as_str(),
                    member
                ),
            )),
            (false, true) => out.push((
                member,
                t!(
                    "Quy tắc loại {} không dùng tham số {}.",
                    "A {} rule takes no parameter {}.",
                    kind.as_str(),
                    member
                ),
            )),
            _ => {}
        };
        expect("award_type_id", title, self.award_type_id.is_some());
        expect("count", count.is_some(), self.count.is_some());
        expect("percent", percent, self.percent.is_some());
        expect("reach", reach, self.reach.is_some());
        if let (Some(most), Some(n)) = (count, self.count) {
            if !(1..=most).contains(&n) {
                out.push((
                    "count",
                    t!(
                        "count phải từ 1 đến {}.",
                        "count must be from 1 to {}.",
                        most
                    ),
                ));
            }
        }
        if self.percent.is_some_and(|p| !(1..=100).contains(&p)) {
            out.push((
                "percent",
                t!(
                    "percent phải từ 1 đến 100.",
                    "percent must be from 1 to 100."
                ),
            ));
        }
        out
    }
}

impl RuleKind {
    /// Whether the rule reads a collective's members, so fits only collective award types.
    pub fn about_members(self) -> bool {
        matches!(
            self,
            RuleKind::MembersCompletedShare
                | RuleKind::MembersTitleShare
                | RuleKind::MembersHolding
        )
    }
}

/// An award in the register, as eligibility reads it.
#[derive(Clone, Debug)]
pub struct AwardFact {
    pub id: String,
    pub awardee_id: String,
    pub award_type_id: String,
    pub period_from: i32,
    pub period_to: i32,
    pub stream: AwardStream,
    pub revoked: bool,
    pub nomination_id: Option<String>,
    pub decision_number: String,
}

/// An initiative, as eligibility reads it.
#[derive(Clone, Debug)]
pub struct InitiativeFact {
    pub id: String,
    pub title: String,
    pub reach: InitiativeReach,
    pub document_number: String,
}

/// A restriction on the nominee.
#[derive(Clone, Debug)]
pub struct RestrictionFact {
    pub id: String,
    pub kind: RestrictionKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub document_number: String,
}

/// Another award or live nomination resting on the same initiative.
#[derive(Clone, Debug)]
pub struct InitiativeUse {
    pub source: EvidenceSource,
    pub id: String,
    pub year: i32,
}

/// Everything a nomination is judged on, loaded before judging.
#[derive(Clone, Debug)]
pub struct Facts {
    pub nomination_id: String,
    pub award_type_id: String,
    pub year: i32,
    pub nominee_kind: ModelKind,
    pub judged_on: NaiveDate,
    /// (members, completed their tasks, hold Lao động tiên tiến), if the dossier gives them.
    pub members: Option<(i32, i32, i32)>,
    pub initiative: Option<InitiativeFact>,
    /// The nominee's recognised initiatives (to point at one when none is named).
    pub own_initiatives: Vec<InitiativeFact>,
    /// The nominee's awards, revoked ones included.
    pub own_awards: Vec<AwardFact>,
    pub initiative_uses: Vec<InitiativeUse>,
    pub restrictions: Vec<RestrictionFact>,
    /// For a collective: standing awards of its unit's individuals covering the year.
    pub member_awards: Vec<AwardFact>,
    /// Award type names by id, for the explanations.
    pub type_names: HashMap<String, String>,
}

/// One piece of evidence a rule used.
#[derive(Clone, Debug)]
pub struct Evidence {
    pub source: EvidenceSource,
    pub id: Option<String>,
    pub detail: Text,
}

/// A rule's outcome with its reasons.
#[derive(Clone, Debug)]
pub struct Judgement {
    pub outcome: Outcome,
    pub explanation: Text,
    pub evidence: Vec<Evidence>,
}

impl Facts {
    fn type_name(&self, id: &str) -> String {
        self.type_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    fn award_evidence(&self, a: &AwardFact, why: Option<Text>) -> Evidence {
        let period = if a.period_from == a.period_to {
            a.period_from.to_string()
        } else {
            format!("{}–{}", a.period_from, a.period_to)
        };
        let name = self.type_name(&a.award_type_id);
        let detail = match why {
            None => t!(
                "{} {}, quyết định {}.",
                "{} {}, decision {}.",
                name,
                period,
                a.decision_number
            ),
            Some(why) => Text::new(
                format!(
                    "{name} {period}, quyết định {}: không tính ({}).",
                    a.decision_number, why.vi
                ),
                format!(
                    "{name} {period}, decision {}: not counted ({}).",
                    a.decision_number, why.en
                ),
            ),
        };
        Evidence {
            source: EvidenceSource::Award,
            id: Some(a.id.clone()),
            detail,
        }
    }

    /// Judges one rule of `kind` with `p` against these facts.
    pub fn judge(&self, kind: RuleKind, p: &RuleParameters) -> Judgement {
        match kind {
            RuleKind::Chain => self.chain(p),
            RuleKind::MembersCompletedShare => self.share(p, true),
            RuleKind::MembersTitleShare => self.share(p, false),
            RuleKind::MembersHolding => self.members_holding(p),
            RuleKind::InitiativeReach => self.initiative_reach(p),
            RuleKind::NoRestriction => self.no_restriction(),
            RuleKind::InitiativeOnce => self.initiative_once(),
            RuleKind::AchievementOnce => self.achievement_once(),
        }
    }

    /// Consecutive periods of the lower title, each beginning the year after the previous
    /// one ends, the last ending in the nomination's year or the year before.
    fn chain(&self, p: &RuleParameters) -> Judgement {
        let lower = p.award_type_id.clone().unwrap_or_default();
        let needed = p.count.unwrap_or(1);
        let name = self.type_name(&lower);
        let mut evidence = Vec::new();
        let mut counted: Vec<&AwardFact> = Vec::new();
        for a in self.own_awards.iter().filter(|a| a.award_type_id == lower) {
            if a.revoked {
                evidence.push(self.award_evidence(a, Some(t!("đã bị thu hồi", "revoked"))));
            } else if a.stream != AwardStream::Merit {
                let why = t!(
                    "khen thưởng {} không làm căn cứ khen theo công trạng",
                    "a {} award is no basis for a merit award",
                    a.stream.as_str()
                );
                evidence.push(self.award_evidence(a, Some(why)));
            } else if a.period_to <= self.year {
                counted.push(a);
            }
        }
        counted.sort_by_key(|a| std::cmp::Reverse(a.period_to));
        let mut run: Vec<&AwardFact> = Vec::new();
        let mut next_end = counted
            .first()
            .map(|a| a.period_to)
            .filter(|end| *end >= self.year - 1);
        while let Some(end) = next_end {
            match counted.iter().find(|a| a.period_to == end) {
                Some(a) => {
                    run.push(a);
                    next_end = Some(a.period_from - 1);
                }
                None => next_end = None,
            }
        }
        let held = i32::try_from(run.len()).unwrap_or(i32::MAX);
        let used: Vec<Evidence> = run.iter().map(|a| self.award_evidence(a, None)).collect();
        evidence.splice(0..0, used);
        let (outcome, explanation) = if held >= needed {
            let first = run.last().map_or(self.year, |a| a.period_from);
            let last = run.first().map_or(self.year, |a| a.period_to);
            (
                Outcome::Met,
                t!(
                    "Có {} lần liên tục đạt {} ({}–{}); cần {}.",
                    "Holds {} consecutive {} ({}–{}); {} needed.",
                    held,
                    name,
                    first,
                    last,
                    needed
                ),
            )
        } else {
            let gap = run.last().map(|a| a.period_from - 1);
            let broken = gap.filter(|g| counted.iter().any(|a| a.period_to < *g));
            let explanation = match broken {
                Some(g) => t!(
                    "Chỉ có {} lần liên tục đạt {} đến năm {}: chuỗi đứt ở năm {}; cần {}.",
                    "Only {} consecutive {} up to {}: the chain breaks in {}; {} needed.",
                    held,
                    name,
                    self.year,
                    g,
                    needed
                ),
                None => t!(
                    "Chỉ có {} lần liên tục đạt {} kết thúc năm {} hoặc {}; cần {}.",
                    "Only {} consecutive {} ending in {} or {}; {} needed.",
                    held,
                    name,
                    self.year - 1,
                    self.year,
                    needed
                ),
            };
            (Outcome::NotMet, explanation)
        };
        Judgement {
            outcome,
            explanation,
            evidence,
        }
    }

    fn share(&self, p: &RuleParameters, completed: bool) -> Judgement {
        let percent = p.percent.unwrap_or(100);
        let what = if completed {
            t!("hoàn thành nhiệm vụ", "completed their tasks")
        } else {
            t!("đạt Lao động tiên tiến", "hold Lao động tiên tiến")
        };
        let Some((total, done, advanced)) = self.members.filter(|m| m.0 > 0) else {
            return Judgement {
                outcome: Outcome::NotKnown,
                explanation: Text::new(
                    format!(
                        "Hồ sơ chưa nêu số thành viên (members): chưa tính được tỉ lệ thành viên {}.",
                        what.vi
                    ),
                    format!(
                        "The dossier gives no member figures (members): the share who {} is not known.",
                        what.en
                    ),
                ),
                evidence: Vec::new(),
            };
        };
        let count = if completed { done } else { advanced };
        let met = i64::from(count) * 100 >= i64::from(percent) * i64::from(total);
        Judgement {
            outcome: if met { Outcome::Met } else { Outcome::NotMet },
            explanation: Text::new(
                format!(
                    "{count}/{total} thành viên {} ({:.1} %); cần ít nhất {percent} %.",
                    what.vi,
                    f64::from(count) * 100.0 / f64::from(total)
                ),
                format!(
                    "{count}/{total} members {} ({:.1} %); at least {percent} % needed.",
                    what.en,
                    f64::from(count) * 100.0 / f64::from(total)
                ),
            ),
            evidence: vec![Evidence {
                source: EvidenceSource::Dossier,
                id: None,
                detail: t!(
                    "Số liệu hồ sơ: {} thành viên, {} hoàn thành nhiệm vụ, {} đạt Lao động tiên tiến.",
                    "The dossier's figures: {} members, {} completed their tasks, {} hold Lao động tiên tiến.",
                    total,
                    done,
                    advanced
                ),
            }],
        }
    }

    fn members_holding(&self, p: &RuleParameters) -> Judgement {
        let title = p.award_type_id.clone().unwrap_or_default();
        let needed = p.count.unwrap_or(1);
        let holders: Vec<&AwardFact> = self
            .member_awards
            .iter()
            .filter(|a| a.award_type_id == title)
            .collect();
        let mut people: Vec<&str> = holders.iter().map(|a| a.awardee_id.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        let held = i32::try_from(people.len()).unwrap_or(i32::MAX);
        Judgement {
            outcome: if held >= needed {
                Outcome::Met
            } else {
                Outcome::NotMet
            },
            explanation: t!(
                "{} thành viên của đơn vị đạt {} năm {} trong sổ khen thưởng; cần ít nhất {}.",
                "{} members of the unit hold {} for {} in the register; at least {} needed.",
                held,
                self.type_name(&title),
                self.year,
                needed
            ),
            evidence: holders
                .into_iter()
                .map(|a| self.award_evidence(a, None))
                .collect(),
        }
    }

    fn initiative_reach(&self, p: &RuleParameters) -> Judgement {
        let needed = p.reach.unwrap_or(InitiativeReach::Unit);
        let Some(i) = &self.initiative else {
            let candidates = self
                .own_initiatives
                .iter()
                .filter(|i| i.reach.reaches(needed))
                .map(initiative_evidence)
                .collect();
            return Judgement {
                outcome: Outcome::NotMet,
                explanation: t!(
                    "Hồ sơ chưa nêu sáng kiến (initiative_id) có phạm vi ảnh hưởng từ {} trở lên.",
                    "The dossier names no initiative (initiative_id) of {} reach or more.",
                    needed.as_str()
                ),
                evidence: candidates,
            };
        };
        let met = i.reach.reaches(needed);
        Judgement {
            outcome: if met { Outcome::Met } else { Outcome::NotMet },
            explanation: t!(
                "Sáng kiến «{}» có phạm vi {}; cần từ {} trở lên.",
                "The initiative \"{}\" has {} reach; {} or more needed.",
                i.title,
                i.reach.as_str(),
                needed.as_str()
            ),
            evidence: vec![initiative_evidence(i)],
        }
    }

    fn no_restriction(&self) -> Judgement {
        let from = NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(self.judged_on);
        let to = NaiveDate::from_ymd_opt(self.year, 12, 31)
            .unwrap_or(self.judged_on)
            .max(self.judged_on);
        let hits: Vec<Evidence> = self
            .restrictions
            .iter()
            .filter(|r| r.starts_on <= to && r.ends_on.is_none_or(|e| e >= from))
            .map(|r| Evidence {
                source: EvidenceSource::Restriction,
                id: Some(r.id.clone()),
                detail: t!(
                    "{} từ {} đến {}, văn bản {}.",
                    "{} from {} to {}, document {}.",
                    r.kind.as_str(),
                    r.starts_on,
                    r.ends_on
                        .map_or_else(|| "nay".to_owned(), |e| e.to_string()),
                    r.document_number
                ),
            })
            .collect();
        if hits.is_empty() {
            Judgement {
                outcome: Outcome::Met,
                explanation: t!(
                    "Không bị kỷ luật, thanh tra hay khiếu nại trong năm {} và đến ngày {}.",
                    "No discipline, inspection or complaint in {} nor up to {}.",
                    self.year,
                    self.judged_on
                ),
                evidence: Vec::new(),
            }
        } else {
            Judgement {
                outcome: Outcome::NotMet,
                explanation: t!(
                    "Đang hoặc đã bị hạn chế trong thời gian xét (năm {} đến ngày {}).",
                    "Under a restriction in the time judged ({} up to {}).",
                    self.year,
                    self.judged_on
                ),
                evidence: hits,
            }
        }
    }

    fn initiative_once(&self) -> Judgement {
        let Some(i) = &self.initiative else {
            return Judgement {
                outcome: Outcome::Met,
                explanation: t!(
                    "Hồ sơ không dựa trên sáng kiến nào.",
                    "The dossier rests on no initiative."
                ),
                evidence: Vec::new(),
            };
        };
        if self.initiative_uses.is_empty() {
            return Judgement {
                outcome: Outcome::Met,
                explanation: t!(
                    "Sáng kiến «{}» chưa được dùng cho khen thưởng nào khác.",
                    "The initiative \"{}\" is used for no other award.",
                    i.title
                ),
                evidence: vec![initiative_evidence(i)],
            };
        }
        Judgement {
            outcome: Outcome::NotMet,
            explanation: t!(
                "Sáng kiến «{}» đã được dùng làm căn cứ khen thưởng khác.",
                "The initiative \"{}\" is already the basis of another award.",
                i.title
            ),
            evidence: self
                .initiative_uses
                .iter()
                .map(|u| Evidence {
                    source: u.source,
                    id: Some(u.id.clone()),
                    detail: t!(
                        "Đã dùng cho {} năm {}.",
                        "Used by a {} for {}.",
                        u.source.as_str(),
                        u.year
                    ),
                })
                .collect(),
        }
    }

    fn achievement_once(&self) -> Judgement {
        let held: Vec<Evidence> = self
            .own_awards
            .iter()
            .filter(|a| {
                a.award_type_id == self.award_type_id
                    && !a.revoked
                    && a.nomination_id.as_deref() != Some(self.nomination_id.as_str())
                    && a.period_from <= self.year
                    && self.year <= a.period_to
            })
            .map(|a| self.award_evidence(a, None))
            .collect();
        let name = self.type_name(&self.award_type_id);
        if held.is_empty() {
            Judgement {
                outcome: Outcome::Met,
                explanation: t!(
                    "Chưa được {} cho thành tích năm {}.",
                    "Not yet awarded {} for {}.",
                    name,
                    self.year
                ),
                evidence: Vec::new(),
            }
        } else {
            Judgement {
                outcome: Outcome::NotMet,
                explanation: t!(
                    "Thành tích năm {} đã được khen {}.",
                    "The achievement of {} already has {}.",
                    self.year,
                    name
                ),
                evidence: held,
            }
        }
    }
}

fn initiative_evidence(i: &InitiativeFact) -> Evidence {
    Evidence {
        source: EvidenceSource::Initiative,
        id: Some(i.id.clone()),
        detail: t!(
            "Sáng kiến «{}», phạm vi {}, công nhận theo {}.",
            "Initiative \"{}\", {} reach, recognised by {}.",
            i.title,
            i.reach.as_str(),
            i.document_number
        ),
    }
}

/// The overall outcome: any rule not met, else any not known, else met.
pub fn overall(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    outcomes
        .into_iter()
        .fold(Outcome::Met, |acc, o| match (acc, o) {
            (Outcome::NotMet, _) | (_, Outcome::NotMet) => Outcome::NotMet,
            (Outcome::NotKnown, _) | (_, Outcome::NotKnown) => Outcome::NotKnown,
            _ => Outcome::Met,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn award(id: &str, from: i32, to: i32, stream: AwardStream) -> AwardFact {
        AwardFact {
            id: id.to_owned(),
            awardee_id: "a".to_owned(),
            award_type_id: "cs".to_owned(),
            period_from: from,
            period_to: to,
            stream,
            revoked: false,
            nomination_id: None,
            decision_number: format!("{id}/QĐ"),
        }
    }

    fn facts(awards: Vec<AwardFact>) -> Facts {
        Facts {
            nomination_id: "n".to_owned(),
            award_type_id: "tinh".to_owned(),
            year: 2025,
            nominee_kind: ModelKind::Individual,
            judged_on: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap_or_default(),
            members: None,
            initiative: None,
            own_initiatives: Vec::new(),
            own_awards: awards,
            initiative_uses: Vec::new(),
            restrictions: Vec::new(),
            member_awards: Vec::new(),
            type_names: HashMap::new(),
        }
    }

    fn chain_of(n: i32) -> RuleParameters {
        RuleParameters {
            award_type_id: Some("cs".to_owned()),
            count: Some(n),
            ..RuleParameters::default()
        }
    }

    #[test]
    fn chains_count_consecutive_merit_periods_ending_this_year_or_last() {
        let m = AwardStream::Merit;
        let three = facts(vec![
            award("a", 2023, 2023, m),
            award("b", 2024, 2024, m),
            award("c", 2025, 2025, m),
        ]);
        assert_eq!(
            three.judge(RuleKind::Chain, &chain_of(3)).outcome,
            Outcome::Met
        );
        let ending_last_year = facts(vec![
            award("a", 2022, 2022, m),
            award("b", 2023, 2023, m),
            award("c", 2024, 2024, m),
        ]);
        assert_eq!(
            ending_last_year
                .judge(RuleKind::Chain, &chain_of(3))
                .outcome,
            Outcome::Met
        );
        let gap = facts(vec![
            award("a", 2021, 2021, m),
            award("b", 2022, 2022, m),
            award("c", 2024, 2024, m),
            award("d", 2025, 2025, m),
        ]);
        let j = gap.judge(RuleKind::Chain, &chain_of(3));
        assert_eq!(j.outcome, Outcome::NotMet);
        assert!(
            j.explanation.en.contains("breaks in 2023"),
            "{}",
            j.explanation.en
        );
        let thematic = facts(vec![
            award("a", 2023, 2023, m),
            award("b", 2024, 2024, AwardStream::Thematic),
            award("c", 2025, 2025, m),
        ]);
        assert_eq!(
            thematic.judge(RuleKind::Chain, &chain_of(3)).outcome,
            Outcome::NotMet
        );
        let multi_year = facts(vec![award("a", 2019, 2021, m), award("b", 2022, 2024, m)]);
        assert_eq!(
            multi_year.judge(RuleKind::Chain, &chain_of(2)).outcome,
            Outcome::Met
        );
        let stale = facts(vec![
            award("a", 2021, 2021, m),
            award("b", 2022, 2022, m),
            award("c", 2023, 2023, m),
        ]);
        assert_eq!(
            stale.judge(RuleKind::Chain, &chain_of(3)).outcome,
            Outcome::NotMet
        );
    }

    #[test]
    fn parameters_fit_their_kind() {
        assert!(chain_of(3).problems(RuleKind::Chain).is_empty());
        let wrong: Vec<&str> = chain_of(11)
            .problems(RuleKind::InitiativeReach)
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(wrong, ["award_type_id", "count", "reach"]);
        assert_eq!(
            overall([Outcome::Met, Outcome::NotKnown, Outcome::Met]),
            Outcome::NotKnown
        );
    }
}
