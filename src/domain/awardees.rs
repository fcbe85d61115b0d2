//! The vocabulary of the commendation register: what the dossier forms record of an awardee
//! (cá nhân, tập thể được khen thưởng) besides the exemplary models' categories, and what an
//! award type is — title or form, for whom, of which level, in which stream.

use crate::str_enum;

str_enum!(
    /// An individual's gender (giới tính), as the achievement report form records it.
    Gender {
        /// Nam.
        Male => "male",
        /// Nữ.
        Female => "female",
    }
);

str_enum!(
    /// A title (danh hiệu thi đua) recognises a period's emulation result; a form (hình thức
    /// khen thưởng) is a commendation. An award type is one or the other, never both.
    AwardNature {
        /// Danh hiệu thi đua.
        Title => "title",
        /// Hình thức khen thưởng.
        Form => "form",
    }
);

str_enum!(
    /// Whom an award type is for.
    Recipient {
        /// Cá nhân.
        Individual => "individual",
        /// Tập thể.
        Collective => "collective",
        /// Cá nhân và tập thể.
        Both => "both",
    }
);

str_enum!(
    /// The level of an award type.
    AwardLevel {
        /// Cơ sở (cơ quan, đơn vị, cấp xã).
        Base => "base",
        /// Cấp tỉnh.
        Provincial => "provincial",
        /// Nhà nước, Chính phủ (toàn quốc).
        National => "national",
    }
);

str_enum!(
    /// The stream (khen thưởng theo …) an award or nomination belongs to.
    AwardStream {
        /// Theo công trạng và thành tích (thường xuyên, hằng năm).
        Merit => "merit",
        /// Theo chuyên đề.
        Thematic => "thematic",
        /// Đột xuất.
        AdHoc => "ad_hoc",
        /// Quá trình cống hiến, niên hạn.
        LongService => "long_service",
        /// Đối ngoại.
        ForeignRelations => "foreign_relations",
    }
);

str_enum!(
    /// How far an initiative (sáng kiến) is applied, as its recognition says.
    InitiativeReach {
        /// Trong cơ quan, đơn vị.
        Unit => "unit",
        /// Cấp tỉnh.
        Provincial => "provincial",
        /// Toàn quốc.
        National => "national",
    }
);

impl InitiativeReach {
    /// Whether this reach is at least `needed`.
    pub fn reaches(self, needed: InitiativeReach) -> bool {
        fn rank(r: InitiativeReach) -> u8 {
            match r {
                InitiativeReach::Unit => 0,
                InitiativeReach::Provincial => 1,
                InitiativeReach::National => 2,
            }
        }
        rank(self) >= rank(needed)
    }
}

str_enum!(
    /// What keeps an awardee from being commended for a while (Law 06/2022, Art. 5).
    RestrictionKind {
        /// Đang bị xem xét kỷ luật hoặc bị kỷ luật.
        Discipline => "discipline",
        /// Đang bị thanh tra, kiểm tra.
        Inspection => "inspection",
        /// Có khiếu nại, tố cáo về thành tích.
        Complaint => "complaint",
    }
);

impl Recipient {
    /// Whether an awardee of `kind` may receive an award of this type.
    pub fn admits(self, kind: crate::domain::models::ModelKind) -> bool {
        use crate::domain::models::ModelKind;
        match self {
            Recipient::Both => true,
            Recipient::Individual => kind == ModelKind::Individual,
            Recipient::Collective => kind == ModelKind::Collective,
        }
    }
}
