//! Uploaded files: the kinds of content the service takes, told by the bytes themselves, and
//! the items of the checklist a commendation dossier is held to.

use crate::str_enum;

str_enum!(
    /// The kinds of file the service keeps, told from the content (never the name or the
    /// declared type).
    FileType {
        Pdf => "pdf",
        Docx => "docx",
        Xlsx => "xlsx",
        Jpeg => "jpeg",
        Png => "png",
    }
);

impl FileType {
    /// The kind of `bytes`, if it is one the service keeps.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        let found = infer::get(bytes)?;
        Some(match found.mime_type() {
            "application/pdf" => FileType::Pdf,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                FileType::Docx
            }
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => FileType::Xlsx,
            "image/jpeg" => FileType::Jpeg,
            "image/png" => FileType::Png,
            _ => return None,
        })
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            other => other.as_str(),
        }
    }
}

/// One document an award type's dossier lists (a version's `dossier_items`): its code, its
/// name, whether a dossier must hold it to be submitted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ChecklistItem {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub required: bool,
}

/// The code of an item that is on no checklist: another supporting document, always allowed,
/// never required (the links carried over from the old attachments are such items).
pub const OTHER_ITEM: &str = "khac";

/// A file name as given, made safe to keep and to send back in `Content-Disposition`: the last
/// path segment, no control characters, at most 200 characters; `None` when nothing is left.
pub fn clean_name(given: &str) -> Option<String> {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    (!cleaned.is_empty() && cleaned != "." && cleaned != "..").then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_the_type() {
        assert_eq!(
            FileType::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
            Some(FileType::Pdf)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some(FileType::Jpeg)
        );
        assert_eq!(FileType::sniff(b"Bao cao thanh tich, van ban thuong"), None);
        assert_eq!(
            FileType::sniff(b"MZ\x90\0\x03\0\0\0"),
            None,
            "a program is refused"
        );
    }

    #[test]
    fn names_lose_their_paths_and_controls() {
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            clean_name("C:\\hs\\Tờ trình.pdf").as_deref(),
            Some("Tờ trình.pdf")
        );
        assert_eq!(clean_name("a\"b\r\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_name(" / "), None);
    }
}
