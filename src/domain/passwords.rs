//! What a password must be: at least 12 characters, and not one that guessers try first
//! (zxcvbn's dictionaries of common passwords, names and words, plus a short Vietnamese list
//! kept beside this file).

use crate::domain::text;

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 12;
/// The most characters a password may have (argon2 hashes every byte of it).
pub const MAX_CHARS: usize = 200;

/// Why a password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    /// A common password, a name or a word with decorations, a repeat or a keyboard run.
    Common,
    /// The account's own user name or display name.
    Personal,
}

/// Checks a new password; `personal` holds the user name and display name, which it must not be.
pub fn check(password: &str, personal: &[&str]) -> Result<(), Weakness> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Weakness::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(Weakness::TooLong);
    }
    let core = core_word(password);
    let folded_personal: Vec<String> = personal.iter().map(|p| squash(p)).collect();
    if folded_personal
        .iter()
        .any(|p| !p.is_empty() && (core == *p || squash(password) == *p))
    {
        return Err(Weakness::Personal);
    }
    if vietnamese_list().any(|w| w == core) {
        return Err(Weakness::Common);
    }
    // zxcvbn weighs dictionary words, l33t, repeats, sequences, dates and keyboard runs;
    // score 0 or 1 is what it finds guessable within about a million tries.
    let estimate = zxcvbn::zxcvbn(password, personal);
    if u8::from(estimate.score()) < 2 {
        return Err(Weakness::Common);
    }
    Ok(())
}

/// Folded, with every non-letter removed: "Mật khẩu" → "matkhau".
fn squash(s: &str) -> String {
    text::fold(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The password's letters between the digits and symbols at its ends, folded:
/// "@Mật-khẩu2024!" → "matkhau".
fn core_word(password: &str) -> String {
    let trimmed = password.trim_matches(|c: char| !c.is_alphabetic());
    squash(trimmed)
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}

fn vietnamese_list() -> impl Iterator<Item = &'static str> {
    include_str!("common_passwords_vi.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check("ngắn-quá", &[]), Err(Weakness::TooShort));
        assert_eq!(check(&"x".repeat(201), &[]), Err(Weakness::TooLong));
    }

    #[test]
    fn common_passwords_are_refused_in_both_languages() {
        for weak in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "aaaaaaaaaaaa",
            "Mật-khẩu-2024!",
            "anhyeuem123456",
            "@@Vietnam2025",
            "iloveyou12345",
        ] {
            assert_eq!(check(weak, &[]), Err(Weakness::Common), "{weak}");
        }
    }

    #[test]
    fn the_account_name_is_not_a_password() {
        assert_eq!(
            check("nguyenvanbinh2024", &["nguyenvanbinh", "Nguyễn Văn Bình"]),
            Err(Weakness::Personal)
        );
    }

    #[test]
    fn long_uncommon_passwords_pass() {
        assert_eq!(check("mật-khẩu-người-dùng", &["officer-1"]), Ok(()));
        assert_eq!(check("Đồng chí Lý chưa về 7 giờ", &[]), Ok(()));
        assert_eq!(check("correct horse battery staple", &[]), Ok(()));
    }

    #[test]
    fn the_vietnamese_list_is_folded() {
        for w in vietnamese_list() {
            assert_eq!(w, squash(w), "{w} is not folded");
        }
    }
}
