//! Writing Ghost's export document as a stream: the envelope by hand, every object
//! with serde_json, one per line, so nothing but the current object is in memory.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;

/// The open document: `{"db":[{"meta":{…},"data":{` written, arrays follow.
pub(crate) struct Document<'w, W: Write> {
    out: &'w mut W,
    arrays: usize,
}

impl<'w, W: Write> Document<'w, W> {
    pub(crate) fn start(out: &'w mut W, exported_on_ms: i64) -> anyhow::Result<Self> {
        let meta = serde_json::json!({"exported_on": exported_on_ms, "version": "5.0.0"});
        out.write_all(b"{\"db\":[{\"meta\":")
            .context("cannot write the export file")?;
        serde_json::to_writer(&mut *out, &meta)?;
        out.write_all(b",\"data\":{")?;
        Ok(Document { out, arrays: 0 })
    }

    /// Opens the array `key`; its rows follow with [`Array::push`].
    pub(crate) fn array(&mut self, key: &str) -> anyhow::Result<Array<'_, W>> {
        if self.arrays > 0 {
            self.out.write_all(b",")?;
        }
        self.arrays += 1;
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b":[")?;
        Ok(Array {
            out: &mut *self.out,
            rows: 0,
        })
    }

    /// Closes the document and flushes what is buffered.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        self.out.write_all(b"\n}}]}\n")?;
        self.out.flush().context("cannot write the export file")?;
        Ok(())
    }
}

/// One open array of the document.
pub(crate) struct Array<'a, W: Write> {
    out: &'a mut W,
    rows: u64,
}

impl<W: Write> Array<'_, W> {
    pub(crate) fn push(&mut self, row: &impl Serialize) -> anyhow::Result<()> {
        self.out
            .write_all(if self.rows == 0 { b"\n" } else { b",\n" })
            .context("cannot write the export file")?;
        serde_json::to_writer(&mut *self.out, row)?;
        self.rows += 1;
        Ok(())
    }

    /// Closes the array; returns how many rows it holds.
    pub(crate) fn end(self) -> anyhow::Result<u64> {
        self.out
            .write_all(if self.rows == 0 { b"]" } else { b"\n]" })?;
        Ok(self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_one_json_document() {
        let mut bytes = Vec::new();
        let mut doc = Document::start(&mut bytes, 7).unwrap();
        let mut posts = doc.array("posts").unwrap();
        posts.push(&serde_json::json!({"id": "a"})).unwrap();
        posts.push(&serde_json::json!({"id": "b"})).unwrap();
        assert_eq!(posts.end().unwrap(), 2);
        doc.array("tags").unwrap().end().unwrap();
        doc.finish().unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed["db"][0]["meta"]["exported_on"], 7);
        assert_eq!(parsed["db"][0]["data"]["posts"][1]["id"], "b");
        assert_eq!(parsed["db"][0]["data"]["tags"], serde_json::json!([]));
    }
}
