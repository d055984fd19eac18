//! Reading the pages of a scanned PDF that have no text layer, with the
//! system's `pdftoppm` (poppler-utils) to draw each page and `tesseract`
//! (tesseract-ocr, with its Russian, Korean, Japanese and English data)
//! to read it. Both are run as commands when they are installed; nothing
//! is downloaded.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The languages asked of tesseract, when its data for them is installed.
const LANGUAGES: [&str; 4] = ["eng", "rus", "kor", "jpn"];
/// Resolution pages are drawn at: what tesseract reads best.
const DPI: &str = "300";

/// The tesseract languages to read with, or why OCR cannot run here.
pub fn languages() -> Result<String, String> {
    which("pdftoppm").ok_or("pdftoppm is not installed (Debian: poppler-utils)")?;
    which("tesseract").ok_or("tesseract is not installed (Debian: tesseract-ocr)")?;
    let listed = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map_err(|e| format!("tesseract cannot run: {e}"))?;
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let installed: Vec<&str> = LANGUAGES
        .into_iter()
        .filter(|l| listed.lines().any(|line| line.trim() == *l))
        .collect();
    if installed.is_empty() {
        return Err("tesseract has none of eng, rus, kor, jpn installed".to_string());
    }
    Ok(installed.join("+"))
}

/// The text tesseract reads on each of `pages` (1-based) of the PDF
/// `bytes`; a page it cannot read is left out, with why.
pub fn read_pages(bytes: &[u8], pages: &[u32]) -> Result<Vec<(u32, String)>, String> {
    let languages = languages()?;
    let work = Scratch::new()?;
    let pdf = work.0.join("document.pdf");
    std::fs::write(&pdf, bytes).map_err(|e| format!("cannot write a scratch file: {e}"))?;
    let mut read = Vec::new();
    for &page in pages {
        let image = work.0.join(format!("page-{page}"));
        let number = page.to_string();
        let drawn = Command::new("pdftoppm")
            .args([
                "-r",
                DPI,
                "-f",
                &number,
                "-l",
                &number,
                "-png",
                "-singlefile",
            ])
            .arg(&pdf)
            .arg(&image)
            .output()
            .map_err(|e| format!("pdftoppm cannot run: {e}"))?;
        if !drawn.status.success() {
            continue;
        }
        let text = Command::new("tesseract")
            .arg(image.with_extension("png"))
            .args(["stdout", "-l", &languages])
            .output()
            .map_err(|e| format!("tesseract cannot run: {e}"))?;
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        if text.chars().any(char::is_alphanumeric) {
            read.push((page, text));
        }
    }
    Ok(read)
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A scratch folder of this process, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "shimoda-ocr-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// True when OCR can run on this machine (for tests that need it).
pub fn is_available() -> bool {
    languages().is_ok()
}
