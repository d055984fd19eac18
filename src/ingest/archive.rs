//! Reading members of a ZIP container (DOCX, ODT, EPUB) within bounds: a
//! member is read only up to a size limit, whatever size it declares, so a
//! zip bomb costs at most that much memory and time.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::decode::Unreadable;

/// Most bytes one member may inflate to.
pub const MAX_MEMBER_BYTES: u64 = 64 << 20;
/// Most bytes all members read from one container may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// A ZIP container open for bounded reads.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes still allowed to be inflated.
    budget: u64,
}

impl<'a> Archive<'a> {
    /// Opens the container, or says why it is not one.
    pub fn open(bytes: &'a [u8], format: &str) -> Result<Self, Unreadable> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Unreadable::Refused(format!(
                "not a readable {format} (damaged ZIP container: {e})"
            ))
        })?;
        Ok(Archive {
            zip,
            budget: MAX_TOTAL_BYTES,
        })
    }

    /// True when the container has a member of this name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The names of the members, in the container's order.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|name| name.ok().map(|name| name.into_owned()))
            .collect()
    }

    /// A member's bytes; `None` when there is no such member.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Unreadable> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let limit = MAX_MEMBER_BYTES.min(self.budget);
        let member = self
            .zip
            .by_index(index)
            .map_err(|e| Unreadable::Refused(format!("cannot read {name}: {e}")))?;
        let mut bytes = Vec::new();
        // One byte more than allowed tells a member that is too large
        // without inflating the rest of it.
        member
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Unreadable::Refused(format!("cannot read {name}: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(Unreadable::Refused(format!(
                "{name} inflates to more than {} MB (a zip bomb?)",
                limit >> 20
            )));
        }
        self.budget -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// A member's text (UTF-8, a byte-order mark dropped); `None` when there
    /// is no such member.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, Unreadable> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| Unreadable::Refused(format!("{name} is not UTF-8")))?;
        Ok(Some(text.trim_start_matches('\u{FEFF}').to_string()))
    }
}

/// True when `bytes` are a ZIP container of this media type: its
/// `mimetype` member, which the format stores first and uncompressed, so
/// that it shows in the first bytes; read from the container otherwise.
pub fn has_mimetype(bytes: &[u8], mimetype: &str) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    is_zip(bytes)
        && (head
            .windows(mimetype.len())
            .any(|w| w == mimetype.as_bytes())
            || Archive::open(bytes, "ZIP").is_ok_and(|mut archive| {
                archive
                    .read_text("mimetype")
                    .is_ok_and(|m| m.is_some_and(|m| m.trim() == mimetype))
            }))
}

/// True when `bytes` start as a ZIP container does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_member_is_read_by_name() {
        let bytes = zip_of(&[("a.txt", "Хакодате".as_bytes())]);
        let mut archive = Archive::open(&bytes, "test").unwrap();
        assert!(archive.has("a.txt"));
        assert_eq!(
            archive.read_text("a.txt").unwrap().as_deref(),
            Some("Хакодате")
        );
        assert_eq!(archive.read("b.txt").unwrap(), None);
    }

    #[test]
    fn a_member_inflating_past_the_limit_is_refused() {
        let zeros = vec![b'0'; (MAX_MEMBER_BYTES + 10) as usize];
        let bytes = zip_of(&[("big.xml", &zeros)]);
        assert!(bytes.len() < 1 << 20, "deflate packs zeros tightly");
        let mut archive = Archive::open(&bytes, "test").unwrap();
        let Err(Unreadable::Refused(reason)) = archive.read("big.xml") else {
            panic!("read past the limit")
        };
        assert!(reason.contains("zip bomb"), "{reason}");
    }

    #[test]
    fn a_cut_container_is_refused() {
        let bytes = zip_of(&[("a.txt", b"text")]);
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(
            Archive::open(cut, "DOCX"),
            Err(Unreadable::Refused(_))
        ));
    }
}
