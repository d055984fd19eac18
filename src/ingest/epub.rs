//! EPUB: the chapters in the order of the package's spine, each read as
//! HTML. The container names the package file; the package's manifest
//! names each chapter's file. The navigation document is not read (it
//! repeats the chapter titles).

use std::collections::HashMap;
use std::path::Path;

use super::archive::{self, Archive};
use super::decode::Unreadable;
use super::docx::has_extension;
use super::extract::{Builder, Document, Extractor};
use super::html;
use super::xml::{self, Step};

/// The EPUB reader.
pub struct Epub;

const MIMETYPE: &str = "application/epub+zip";
const CONTAINER: &str = "META-INF/container.xml";

impl Extractor for Epub {
    fn format(&self) -> &'static str {
        "epub"
    }

    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool {
        archive::is_zip(bytes)
            && (has_extension(hint, "epub") || archive::has_mimetype(bytes, MIMETYPE))
    }

    fn binary_extensions(&self) -> &'static [&'static str] {
        &["epub"]
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let mut archive = Archive::open(bytes, "EPUB")?;
        let container = archive
            .read_text(CONTAINER)?
            .ok_or_else(|| refused(format!("not an EPUB: no {CONTAINER}")))?;
        let package_path = package_path(&container)?;
        let package = archive
            .read_text(&package_path)?
            .ok_or_else(|| refused(format!("its package file {package_path} is missing")))?;
        let chapters = spine(&package, &package_path)?;
        let mut builder = Builder::default();
        for chapter in &chapters {
            match archive.read(chapter)? {
                Some(bytes) => {
                    let text = html::decode_html(&bytes)
                        .map(|(text, _)| text)
                        .unwrap_or_default();
                    html::write_whole(&text, &mut builder);
                }
                None => builder.note(format!("chapter {chapter} is missing")),
            }
        }
        Ok(builder.finish(self.format()))
    }
}

fn refused(reason: String) -> Unreadable {
    Unreadable::Refused(reason)
}

/// The package file the container names (its first rootfile).
fn package_path(container: &str) -> Result<String, Unreadable> {
    let mut found = None;
    xml::walk(container, CONTAINER, |step| {
        if let Step::Open { element, .. } = step
            && element.local_name().as_ref() == "rootfile"
            && found.is_none()
        {
            found = xml::attribute(element, "full-path");
        }
    })?;
    found.ok_or_else(|| refused(format!("not an EPUB: {CONTAINER} names no package")))
}

/// The archive paths of the spine's chapters, in reading order.
fn spine(package: &str, package_path: &str) -> Result<Vec<String>, Unreadable> {
    let mut manifest: HashMap<String, (String, bool)> = HashMap::new();
    let mut order = Vec::new();
    let mut has_spine = false;
    xml::walk(package, package_path, |step| {
        let Step::Open { element, .. } = step else {
            return;
        };
        match element.local_name().as_ref() {
            "item" => {
                let id = xml::attribute(element, "id").unwrap_or_default();
                let href = xml::attribute(element, "href").unwrap_or_default();
                let nav = xml::attribute(element, "properties")
                    .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"));
                manifest.insert(id, (href, nav));
            }
            "spine" => has_spine = true,
            "itemref" => order.extend(xml::attribute(element, "idref")),
            _ => {}
        }
    })?;
    if !has_spine || order.is_empty() {
        return Err(refused(
            "an EPUB without a spine: no reading order".to_string(),
        ));
    }
    let folder = package_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    Ok(order
        .iter()
        .filter_map(|id| manifest.get(id))
        .filter(|(_, nav)| !nav)
        .map(|(href, _)| resolve(folder, href))
        .collect())
}

/// An href of the package resolved against its folder: `../` climbs,
/// `%20` and the like are decoded, a `#fragment` is dropped.
fn resolve(folder: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<String> = folder
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for part in percent_decoded(href).split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part.to_string()),
        }
    }
    parts.join("/")
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::docx::tests::zip_of;

    const CONTAINER_XML: &str = r#"<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

    fn epub(spine: &str) -> Vec<u8> {
        let package = format!(
            r#"<package xmlns="http://www.idpf.org/2007/opf"><manifest>
<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>
<item id="c1" href="text/ch%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/ch2.xhtml#top" media-type="application/xhtml+xml"/>
</manifest>{spine}</package>"#
        );
        zip_of(&[
            ("mimetype", MIMETYPE),
            (CONTAINER, CONTAINER_XML),
            ("OEBPS/content.opf", &package),
            (
                "OEBPS/nav.xhtml",
                "<html><body><nav>Contents</nav></body></html>",
            ),
            (
                "OEBPS/text/ch 1.xhtml",
                "<html><body><h1>第一章</h1><p>函館</p></body></html>",
            ),
            (
                "OEBPS/text/ch2.xhtml",
                "<html><body><h1>Глава 2</h1><p>Хакодате</p></body></html>",
            ),
        ])
    }

    #[test]
    fn chapters_are_read_in_spine_order() {
        let bytes = epub(
            r#"<spine><itemref idref="nav"/><itemref idref="c2"/><itemref idref="c1"/></spine>"#,
        );
        assert!(Epub.sniff(&bytes, None));
        let document = Epub.extract(&bytes).unwrap();
        assert_eq!(document.text, "Глава 2\n\nХакодате\n\n第一章\n\n函館");
        let at = document.text.find("函館").unwrap();
        let section = document.region_at(at).and_then(|r| r.section.clone());
        assert_eq!(section.as_deref(), Some("第一章"));
    }

    #[test]
    fn an_epub_without_a_spine_is_refused() {
        let Err(Unreadable::Refused(reason)) = Epub.extract(&epub("")) else {
            panic!("read without a spine")
        };
        assert!(reason.contains("spine"), "{reason}");
    }

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(resolve("OEBPS", "../img/a%20b.xhtml#x"), "img/a b.xhtml");
        assert_eq!(resolve("", "ch1.xhtml"), "ch1.xhtml");
    }
}
