//! What shimoda reads from one file (`shimoda extract`): its format and
//! encoding, and its passages with their languages and locations, exactly
//! as indexing reads them; or why the file is refused. It is what a user
//! runs when a document is not found.

use std::path::{Path, PathBuf};

use crate::contract::{self, Extracted, ExtractedPassage, Place};
use crate::detect;
use crate::ingest;

/// Why a file could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    Refused { path: PathBuf, reason: String },
}

/// The file at `path` as indexing reads it.
pub fn extract(path: &Path, reading: ingest::Reading) -> Result<Extracted, ExtractError> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if let Some(reason) = ingest::too_large(path, size) {
        return Err(ExtractError::Refused {
            path: path.to_path_buf(),
            reason,
        });
    }
    let read = ingest::read_bytes(path).map_err(|reason| ExtractError::Read {
        path: path.to_path_buf(),
        reason: reason.trim_start_matches("cannot read: ").to_string(),
    })?;
    let text =
        ingest::text_of(&read.bytes, Some(path), reading).map_err(|e| ExtractError::Refused {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let detected: Vec<_> = text
        .passages
        .iter()
        .map(|p| detect::detect(&p.text))
        .collect();
    let langs = detect::resolve(&detected, || {
        detect::detect_together(text.passages.iter().map(|p| p.text.as_str()))
    });
    let passages = text
        .passages
        .into_iter()
        .zip(langs)
        .map(|(passage, lang)| ExtractedPassage {
            lang: lang.code().to_string(),
            at: Place {
                line: passage.location.line as u64,
                byte_start: passage.location.byte_start as u64,
                byte_end: passage.location.byte_end as u64,
                page: passage.location.page.map(u64::from),
                section: passage.location.section,
                ocr: passage.location.ocr,
            },
            text: passage.text,
        })
        .collect();
    Ok(Extracted {
        version: contract::VERSION,
        format: text.format.to_string(),
        encoding: text.encoding.name().to_string(),
        replaced: text.replaced as u64,
        notes: text.notes,
        passages,
    })
}
