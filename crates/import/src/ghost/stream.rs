//! Walks a Ghost export without loading it: serde visits the file's tables one row at
//! a time, and each table's rows go to a callback. Accepts the `{"db":[{meta, data}]}`
//! wrapper Ghost writes and the bare `{meta, data}` object its importer also takes.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Called with each table's name; returns what to do with its rows.
pub(super) trait TableVisitor {
    /// Reads the rows of `table` from `seq`, or skips them.
    fn table<'de, A: SeqAccess<'de>>(&mut self, table: &str, seq: A) -> Result<(), A::Error>;
}

/// What the walk found around the tables.
#[derive(Debug, Default)]
pub(super) struct Walk {
    pub found_data: bool,
    pub version: Option<String>,
}

/// Walks the whole document, handing each table under `data` to `tables`.
pub(super) fn walk<'de, D, T>(deserializer: D, tables: &mut T) -> Result<Walk, D::Error>
where
    D: de::Deserializer<'de>,
    T: TableVisitor,
{
    let mut walk = Walk::default();
    Document {
        tables,
        walk: &mut walk,
    }
    .deserialize(deserializer)?;
    Ok(walk)
}

/// Runs `each` on every element of a sequence, deserialized as `R`.
pub(super) fn each<'de, A, R, F>(mut seq: A, mut each: F) -> Result<(), A::Error>
where
    A: SeqAccess<'de>,
    R: Deserialize<'de>,
    F: FnMut(R) -> Result<(), String>,
{
    while let Some(row) = seq.next_element::<R>()? {
        each(row).map_err(de::Error::custom)?;
    }
    Ok(())
}

/// Skips a sequence, counting its elements.
pub(super) fn count<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<u64, A::Error> {
    let mut n = 0;
    while seq.next_element::<IgnoredAny>()?.is_some() {
        n += 1;
    }
    Ok(n)
}

struct Document<'a, T> {
    tables: &'a mut T,
    walk: &'a mut Walk,
}

impl<'de, T: TableVisitor> DeserializeSeed<'de> for Document<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: TableVisitor> Visitor<'de> for Document<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Ghost export: an object with \"db\" or \"data\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "db" => map.next_value_seed(Exports {
                    tables: &mut *self.tables,
                    walk: &mut *self.walk,
                })?,
                "data" => {
                    self.walk.found_data = true;
                    map.next_value_seed(Data {
                        tables: &mut *self.tables,
                    })?
                }
                "meta" => {
                    let meta: Meta = map.next_value()?;
                    self.walk.version = meta.version;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Meta {
    version: Option<String>,
}

/// `"db": [ {meta, data}, … ]`: Ghost writes one export; any others are ignored.
struct Exports<'a, T> {
    tables: &'a mut T,
    walk: &'a mut Walk,
}

impl<'de, T: TableVisitor> DeserializeSeed<'de> for Exports<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: TableVisitor> Visitor<'de> for Exports<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of exports under \"db\"")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        seq.next_element_seed(Document {
            tables: &mut *self.tables,
            walk: &mut *self.walk,
        })?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// `"data": { "posts": [...], "tags": [...], … }`.
struct Data<'a, T> {
    tables: &'a mut T,
}

impl<'de, T: TableVisitor> DeserializeSeed<'de> for Data<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: TableVisitor> Visitor<'de> for Data<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of tables under \"data\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(table) = map.next_key::<String>()? {
            map.next_value_seed(Table {
                name: &table,
                tables: &mut *self.tables,
                _rows: PhantomData,
            })?;
        }
        Ok(())
    }
}

struct Table<'a, T> {
    name: &'a str,
    tables: &'a mut T,
    _rows: PhantomData<()>,
}

impl<'de, T: TableVisitor> DeserializeSeed<'de> for Table<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: TableVisitor> Visitor<'de> for Table<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of rows for the table \"{}\"", self.name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.tables.table(self.name, seq)
    }
}
