//! Vietnamese text: NFC normalisation of what is stored, folding for accent- and
//! case-insensitive search, and a sort key that orders names as a Vietnamese reader expects.

use unicode_normalization::UnicodeNormalization;

/// A name as stored: NFC, trimmed, inner runs of white space collapsed to one space.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case, no diacritics (`đ` → `d`), every run of other characters one space.
/// Both stored text and queries are folded the same way, so "vi nguoi ngheo khong de ai"
/// finds "Vì người nghèo-Không để ai bị bỏ lại phía sau".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.nfd() {
        if is_combining(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The words of a search query, folded; every one must occur in the folded text.
pub fn query_terms(q: &str) -> Vec<String> {
    fold(q)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The Vietnamese alphabet, in order, followed by the letters it borrows.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ",
    "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y", "f", "j", "w", "z",
];

/// Tone marks in dictionary order (CLDR `vi`): none, grave, hook, tilde, acute, dot below.
fn tone_rank(c: char) -> Option<u8> {
    match c {
        '\u{0300}' => Some(1),
        '\u{0309}' => Some(2),
        '\u{0303}' => Some(3),
        '\u{0301}' => Some(4),
        '\u{0323}' => Some(5),
        _ => None,
    }
}

/// A key whose plain byte order (SQLite's default, PostgreSQL's `COLLATE "C"`) is Vietnamese
/// alphabetical order: letters first (ă after a, đ after d, ư after u), then the tone marks,
/// letter by letter, so "ma" < "mà" < "mả" < "mã" < "má" < "mạ" < "mă".
pub fn sort_key(s: &str) -> String {
    let mut primary = String::new();
    let mut tones = String::new();
    let mut gap = false;
    // Split each letter from its tone mark but keep the vowel marks (ă â ê ô ơ ư) on the letter.
    let decomposed: Vec<char> = s.nfd().collect();
    let mut i = 0;
    while i < decomposed.len() {
        let base = decomposed[i];
        i += 1;
        let mut tone = 0u8;
        let mut letter = String::new();
        letter.extend(base.to_lowercase());
        while i < decomposed.len() && is_combining(decomposed[i]) {
            let m = decomposed[i];
            match tone_rank(m) {
                Some(rank) => tone = rank,
                None => letter.push(m),
            }
            i += 1;
        }
        let letter: String = letter.nfc().collect();
        let code = if let Some(pos) = ALPHABET.iter().position(|l| *l == letter) {
            Some(char::from(b'A' + pos as u8))
        } else if base.is_ascii_digit() {
            Some(base)
        } else if base.is_alphanumeric() {
            // Letters of other scripts sort after the alphabet, by code point.
            Some(char::from_u32(0x80 + (base as u32 % 0x7000)).unwrap_or('~'))
        } else {
            None
        };
        match code {
            Some(code) => {
                if gap && !primary.is_empty() {
                    primary.push(' ');
                }
                gap = false;
                primary.push(code);
                tones.push(char::from(b'0' + tone));
            }
            None => gap = true,
        }
    }
    // The separator sorts below every character of the primary part, so a name sorts before
    // its own continuations whatever its tones.
    format!("{primary}\u{1}{tones}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(
            fold("Vì người nghèo-Không để ai bị bỏ lại phía sau"),
            "vi nguoi ngheo khong de ai bi bo lai phia sau"
        );
        assert_eq!(fold("  Đài  Phát thanh!! "), "dai phat thanh");
        assert_eq!(
            query_terms("vi nguoi ngheo khong de ai"),
            ["vi", "nguoi", "ngheo", "khong", "de", "ai"]
        );
    }

    #[test]
    fn cleaning_normalises_to_nfc() {
        let decomposed = "Ho\u{0302}\u{0323}i  Lie\u{0302}n hie\u{0302}\u{0323}p";
        assert_eq!(clean(decomposed), "Hội Liên hiệp");
    }

    #[test]
    fn names_sort_in_vietnamese_alphabetical_order() {
        let expected = [
            "An", "Ăn", "Ân", "Bình", "Cúc", "Dung", "Đào", "Em", "Ênh", "Giang", "Hà", "Ích",
            "Khánh", "Lan", "Mai", "Ngọc", "Oanh", "Ông", "Ơn", "Phúc", "Quang", "Sơn", "Tâm",
            "Uyên", "Ưng", "Vân", "Xuân", "Yến",
        ];
        let mut shuffled = expected.to_vec();
        shuffled.reverse();
        shuffled.sort_by_key(|s| sort_key(s));
        assert_eq!(shuffled, expected);
    }

    #[test]
    fn tone_marks_sort_after_the_base_letter() {
        let expected = ["ma", "mà", "mả", "mã", "má", "mạ", "mă", "me"];
        let mut v = expected.to_vec();
        v.reverse();
        v.sort_by_key(|s| sort_key(s));
        assert_eq!(v, expected);
    }

    #[test]
    fn a_name_sorts_before_its_continuations() {
        let mut v = vec!["Sở Nội vụ Hưng Yên", "Sở Nội vụ", "Sở Nội"];
        v.sort_by_key(|s| sort_key(s));
        assert_eq!(v, ["Sở Nội", "Sở Nội vụ", "Sở Nội vụ Hưng Yên"]);
    }

    #[test]
    fn case_does_not_change_the_order() {
        assert_eq!(sort_key("Sở Nội vụ"), sort_key("sở nội VỤ"));
    }
}
