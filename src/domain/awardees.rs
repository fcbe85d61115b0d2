//! The vocabulary of awardees (cá nhân, tập thể được khen thưởng): what the dossier forms
//! record of an individual besides the exemplary models' categories.

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
