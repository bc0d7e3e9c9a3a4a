//! A streaming reader for WXR files: one record (an `<item>`, a `<wp:author>`, a
//! `<wp:category>`, a `<wp:tag>`) at a time, never the whole file.
//!
//! XML's dangerous corners are closed: a document type with entity declarations is
//! refused outright (entity expansion, "billion laughs", and external entities that
//! read files), references to undeclared entities are errors, and no field may grow
//! past [`MAX_FIELD_BYTES`].

use std::collections::HashSet;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::source::ReadError;

/// The longest text one field may hold (a post's whole HTML is one field).
pub const MAX_FIELD_BYTES: usize = 16 * 1024 * 1024;

/// One record's direct fields, with the nested parts items have.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// `wp:post_id`, `title`, `content:encoded`, …: the first value of each.
    pub fields: Vec<(String, String)>,
    /// `<category domain="…" nicename="…">Name</category>`.
    pub categories: Vec<Term>,
    /// `<wp:postmeta>` key and value pairs.
    pub meta: Vec<(String, String)>,
    pub comments: u64,
    /// A field was cut at [`MAX_FIELD_BYTES`].
    pub oversized: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

impl Record {
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// What the scan found.
#[derive(Debug)]
pub enum Found {
    /// A channel-level field (`wp:base_site_url`, `title`, `wp:wxr_version`).
    Channel(String, String),
    /// A record: its element name (`item`, `wp:author`, …) and contents.
    Record(String, Box<Record>),
}

const RECORDS: [&str; 5] = ["item", "wp:author", "wp:category", "wp:tag", "wp:term"];

/// Reads the whole file, handing each channel field and record to `found`, which
/// returns false to stop.
pub fn scan<R: BufRead>(input: R, found: &mut dyn FnMut(Found) -> bool) -> Result<bool, ReadError> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut path: Vec<String> = Vec::new();
    let mut record: Option<(String, Record)> = None;
    // The open record's field names, so that keeping only each field's first value
    // costs the same however many fields a record has.
    let mut field_names: HashSet<String> = HashSet::new();
    let mut text = String::new();
    let mut term: Option<(String, String)> = None;
    let mut meta_key = String::new();
    let mut saw_rss = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| not_well_formed(&reader, e))?;
        match event {
            Event::DocType(doctype) => {
                let declared = doctype.xml10_content();
                if declared.contains("ENTITY") {
                    return Err(ReadError::Entities);
                }
            }
            Event::Start(start) => {
                let name = element_name(&start);
                if path.is_empty() {
                    saw_rss = name == "rss";
                    if !saw_rss {
                        return Err(wrong_shape(format!(
                            "its root element is <{name}>, not <rss>"
                        )));
                    }
                }
                if record.is_none() && path.len() == 2 && RECORDS.contains(&name.as_str()) {
                    record = Some((name.clone(), Record::default()));
                    field_names.clear();
                }
                if name == "category" && record.is_some() && path.len() == 3 {
                    term = Some((attribute(&start, "domain"), attribute(&start, "nicename")));
                }
                if name == "wp:comment"
                    && path.len() == 3
                    && let Some((_, r)) = record.as_mut()
                {
                    r.comments += 1;
                }
                text.clear();
                path.push(name);
            }
            Event::Empty(_) => {}
            Event::Text(t) => push_text(&mut text, &t.xml10_content(), &mut record),
            Event::CData(c) => {
                push_text(&mut text, &c.into_inner(), &mut record);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = reference.xml10_content();
                        match &*name {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => {
                                return Err(ReadError::NotWellFormed {
                                    format: "XML",
                                    detail: format!(
                                        "the entity &{other}; is not defined (near byte {})",
                                        reader.buffer_position()
                                    ),
                                });
                            }
                        }
                    }
                    Err(e) => {
                        return Err(ReadError::NotWellFormed {
                            format: "XML",
                            detail: format!("{e} (near byte {})", reader.buffer_position()),
                        });
                    }
                };
                push_text(&mut text, &resolved, &mut record);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let depth = path.len();
                if let Some((record_name, r)) = record.as_mut() {
                    if depth == 2 && name == *record_name {
                        let (name, done) = record.take().expect("a record is open");
                        if !found(Found::Record(name, Box::new(done))) {
                            return Ok(false);
                        }
                    } else if depth == 3 && name == "category" {
                        if let Some((domain, nicename)) = term.take() {
                            r.categories.push(Term {
                                domain,
                                nicename,
                                name: std::mem::take(&mut text).trim().to_owned(),
                            });
                        }
                    } else if depth == 4 && path[3] == "wp:postmeta" {
                        match name.as_str() {
                            "wp:meta_key" => meta_key = std::mem::take(&mut text),
                            "wp:meta_value" => r
                                .meta
                                .push((std::mem::take(&mut meta_key), std::mem::take(&mut text))),
                            _ => {}
                        }
                    } else if depth == 3 && field_names.insert(name.clone()) {
                        r.fields.push((name, std::mem::take(&mut text)));
                    }
                } else if depth == 2 && path[1] == "channel" {
                    let value = std::mem::take(&mut text);
                    if !found(Found::Channel(name, value.trim().to_owned())) {
                        return Ok(false);
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
        buf.clear();
    }
    if !saw_rss {
        return Err(wrong_shape(
            "it has no <rss> element; export the site from Tools → Export".into(),
        ));
    }
    if !path.is_empty() {
        return Err(ReadError::NotWellFormed {
            format: "XML",
            detail: format!("the file ends inside <{}>", path.join("> <")),
        });
    }
    Ok(true)
}

fn push_text(text: &mut String, more: &str, record: &mut Option<(String, Record)>) {
    if text.len() + more.len() > MAX_FIELD_BYTES {
        if let Some((_, r)) = record.as_mut() {
            r.oversized = true;
        }
        return;
    }
    text.push_str(more);
}

fn element_name(start: &BytesStart<'_>) -> String {
    start.name().as_ref().to_owned()
}

fn attribute(start: &BytesStart<'_>, name: &str) -> String {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

fn not_well_formed<R>(reader: &Reader<R>, error: quick_xml::Error) -> ReadError {
    ReadError::NotWellFormed {
        format: "XML",
        detail: format!("{error} (near byte {})", reader.error_position()),
    }
}

fn wrong_shape(reason: String) -> ReadError {
    ReadError::WrongShape {
        platform: "WordPress",
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(xml: &str) -> Result<Vec<(String, Record)>, ReadError> {
        let mut out = Vec::new();
        scan(xml.as_bytes(), &mut |found| {
            if let Found::Record(name, r) = found {
                out.push((name, *r));
            }
            true
        })?;
        Ok(out)
    }

    #[test]
    fn items_keep_fields_terms_and_meta() {
        let xml = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>Tides &amp; times &#233;</title><wp:post_id>7</wp:post_id>
            <content:encoded><![CDATA[<p>Low tide</p>]]></content:encoded>
            <category domain="category" nicename="news"><![CDATA[News]]></category>
            <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>12</wp:meta_value></wp:postmeta>
            <wp:comment><wp:comment_id>1</wp:comment_id></wp:comment></item></channel></rss>"#;
        let found = records(xml).unwrap();
        let (name, item) = &found[0];
        assert_eq!(name, "item");
        assert_eq!(item.get("title"), "Tides & times é");
        assert_eq!(item.get("content:encoded"), "<p>Low tide</p>");
        assert_eq!(item.get("wp:post_id"), "7");
        assert_eq!(item.categories[0].nicename, "news");
        assert_eq!(item.categories[0].name, "News");
        assert_eq!(item.meta("_thumbnail_id"), Some("12"));
        assert_eq!(item.comments, 1);
    }

    #[test]
    fn each_field_keeps_its_first_value_however_many_fields_an_item_has() {
        // 200,000 different fields: comparing each name with every one before took
        // minutes.
        let fields = 200_000;
        let mut xml = String::from("<rss><channel><item><title>first</title><title>second</title>");
        for i in 0..fields {
            xml.push_str(&format!("<f{i}>{i}</f{i}>"));
        }
        xml.push_str("</item><item><title>next</title></item></channel></rss>");
        let found = records(&xml).unwrap();
        let item = &found[0].1;
        assert_eq!(item.get("title"), "first");
        assert_eq!(item.get("f199999"), "199999");
        assert_eq!(item.fields.len(), fields + 1);
        assert_eq!(found[1].1.get("title"), "next");
    }

    #[test]
    fn entity_declarations_and_unknown_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel><title>&b;</title></channel></rss>"#;
        assert!(matches!(records(bomb), Err(ReadError::Entities)));
        let undeclared = r#"<rss><channel><title>&nope;</title></channel></rss>"#;
        assert!(matches!(
            records(undeclared),
            Err(ReadError::NotWellFormed { .. })
        ));
    }

    #[test]
    fn broken_and_foreign_files_are_refused() {
        assert!(matches!(
            records("<rss><channel><item></channel></rss>"),
            Err(ReadError::NotWellFormed { .. })
        ));
        assert!(matches!(
            records("<rss><channel><item>"),
            Err(ReadError::NotWellFormed { .. })
        ));
        assert!(matches!(
            records("<html></html>"),
            Err(ReadError::WrongShape { .. })
        ));
        assert!(matches!(records(""), Err(ReadError::WrongShape { .. })));
    }
}
