//! A TOML document parsed ahead of time: its tree of values, each with the span toml gives it,
//! in a compact binary form, and a serde deserializer that reads the tree as toml's own reads
//! the parsed text. The build script stores the shipped packs so (see `shipped_packs`): loading
//! one deserializes the same structures from the same values and spans, without the TOML
//! parsing that was most of the time spent loading packs. Like the build script, which includes
//! this file, it uses nothing from the crate.
//!
//! A value is its span (start and end, u32 little-endian), a kind byte, then: a string, its
//! length (u32) and UTF-8 bytes; an integer, an i64; a float, an f64; a boolean, a byte; an
//! array, its length (u32) and values; a table, its length (u32) and its entries in toml's
//! order, each a key (a string without span or kind) and a value. A document is its root table.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::ops::Range;

const STRING: u8 = 0;
const INTEGER: u8 = 1;
const FLOAT: u8 = 2;
const BOOLEAN: u8 = 3;
const ARRAY: u8 = 4;
const TABLE: u8 = 5;

/// Writing trees: the build script's half, which the library only tests.
#[cfg_attr(not(test), allow(dead_code))]
pub mod write {
    use super::{ARRAY, BOOLEAN, FLOAT, INTEGER, STRING, TABLE};
    use std::ops::Range;
    use toml::de::{DeTable, DeValue};

    /// Parses a TOML document into its tree, or says why it cannot be stored so (a syntax error,
    /// or a date, which rule packs have no use for).
    pub fn encode(text: &str) -> Result<Vec<u8>, String> {
        let root = DeTable::parse(text).map_err(|e| e.to_string())?;
        let mut out = Vec::with_capacity(text.len());
        span(&mut out, root.span());
        out.push(TABLE);
        table(&mut out, root.get_ref())?;
        Ok(out)
    }

    fn span(out: &mut Vec<u8>, span: Range<usize>) {
        for n in [span.start, span.end] {
            out.extend(u32::try_from(n).expect("a pack under 4 GiB").to_le_bytes());
        }
    }

    fn string(out: &mut Vec<u8>, s: &str) {
        out.extend(
            u32::try_from(s.len())
                .expect("a pack under 4 GiB")
                .to_le_bytes(),
        );
        out.extend(s.as_bytes());
    }

    fn table(out: &mut Vec<u8>, table: &DeTable<'_>) -> Result<(), String> {
        out.extend(
            u32::try_from(table.len())
                .expect("a small table")
                .to_le_bytes(),
        );
        for (key, value) in table {
            string(out, key.get_ref());
            span(out, value.span());
            self::value(out, value.get_ref())?;
        }
        Ok(())
    }

    fn value(out: &mut Vec<u8>, value: &DeValue<'_>) -> Result<(), String> {
        match value {
            DeValue::String(s) => {
                out.push(STRING);
                string(out, s);
            }
            DeValue::Integer(i) => {
                let n = i64::from_str_radix(i.as_str(), i.radix())
                    .map_err(|e| format!("integer {i}: {e}"))?;
                out.push(INTEGER);
                out.extend(n.to_le_bytes());
            }
            DeValue::Float(f) => {
                let x: f64 = f.as_str().parse().map_err(|e| format!("float {f}: {e}"))?;
                out.push(FLOAT);
                out.extend(x.to_le_bytes());
            }
            DeValue::Boolean(b) => out.extend([BOOLEAN, u8::from(*b)]),
            DeValue::Datetime(d) => return Err(format!("date {d}: not stored in a tree")),
            DeValue::Array(items) => {
                out.push(ARRAY);
                out.extend(
                    u32::try_from(items.len())
                        .expect("a small array")
                        .to_le_bytes(),
                );
                for item in items.iter() {
                    span(out, item.span());
                    self::value(out, item.get_ref())?;
                }
            }
            DeValue::Table(t) => {
                out.push(TABLE);
                table(out, t)?;
            }
        }
        Ok(())
    }
}

/// Deserializes a `T` from a tree made by [`encode`].
pub fn from_slice<'de, T: de::Deserialize<'de>>(tree: &'de [u8]) -> Result<T, Error> {
    let mut reader = Reader { tree, at: 0 };
    T::deserialize(Value {
        reader: &mut reader,
    })
}

/// Why a tree did not deserialize, and the span of the value concerned when known.
#[derive(Debug)]
pub struct Error {
    /// What went wrong.
    pub message: String,
    /// Where in the document.
    pub span: Option<Range<usize>>,
}

impl Error {
    /// The error, placed at `span` unless a value inside it already placed it.
    fn or_at(mut self, span: Range<usize>) -> Self {
        self.span.get_or_insert(span);
        self
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            span: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The tree and how far it has been read.
struct Reader<'de> {
    tree: &'de [u8],
    at: usize,
}

impl<'de> Reader<'de> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let bytes = self
            .tree
            .get(self.at..self.at + N)
            .ok_or_else(|| de::Error::custom("the tree ends early"))?;
        self.at += N;
        Ok(bytes.try_into().expect("N bytes"))
    }

    fn u32(&mut self) -> Result<u32, Error> {
        self.bytes().map(u32::from_le_bytes)
    }

    fn span(&mut self) -> Result<Range<usize>, Error> {
        Ok(self.u32()? as usize..self.u32()? as usize)
    }

    fn str(&mut self) -> Result<&'de str, Error> {
        let len = self.u32()? as usize;
        let bytes = self
            .tree
            .get(self.at..self.at + len)
            .ok_or_else(|| de::Error::custom("the tree ends early"))?;
        self.at += len;
        std::str::from_utf8(bytes).map_err(de::Error::custom)
    }

    /// Reads past the next value (span included).
    fn skip(&mut self) -> Result<(), Error> {
        self.span()?;
        match self.bytes::<1>()?[0] {
            STRING => drop(self.str()?),
            INTEGER | FLOAT => drop(self.bytes::<8>()?),
            BOOLEAN => drop(self.bytes::<1>()?),
            ARRAY => {
                for _ in 0..self.u32()? {
                    self.skip()?;
                }
            }
            TABLE => {
                for _ in 0..self.u32()? {
                    self.str()?;
                    self.skip()?;
                }
            }
            kind => return Err(de::Error::custom(format!("unknown kind {kind}"))),
        }
        Ok(())
    }
}

/// The deserializer of the value the reader is at.
struct Value<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl Value<'_, '_> {
    /// The value's span, without reading past it.
    fn peek_span(&mut self) -> Result<Range<usize>, Error> {
        let at = self.reader.at;
        let span = self.reader.span();
        self.reader.at = at;
        span
    }
}

/// The items of an array, or the entries of a table, still to read.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    left: u32,
}

impl Items<'_, '_> {
    /// Reads past what the visitor left unread, so the reader ends after the array or table.
    fn finish(self, table: bool) -> Result<(), Error> {
        for _ in 0..self.left {
            if table {
                self.reader.str()?;
            }
            self.reader.skip()?;
        }
        Ok(())
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(Value {
            reader: self.reader,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let key = self.reader.str()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let mut value = Value {
            reader: self.reader,
        };
        let span = value.peek_span()?;
        seed.deserialize(value).map_err(|e| e.or_at(span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

impl<'de> de::Deserializer<'de> for Value<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let reader = self.reader;
        let span = reader.span()?;
        let kind = reader.bytes::<1>()?[0];
        match kind {
            STRING => reader.str().and_then(|s| visitor.visit_borrowed_str(s)),
            INTEGER => visitor.visit_i64(i64::from_le_bytes(reader.bytes()?)),
            FLOAT => visitor.visit_f64(f64::from_le_bytes(reader.bytes()?)),
            BOOLEAN => visitor.visit_bool(reader.bytes::<1>()?[0] != 0),
            ARRAY | TABLE => {
                let left = reader.u32()?;
                let mut items = Items { reader, left };
                let value = if kind == ARRAY {
                    visitor.visit_seq(&mut items)
                } else {
                    visitor.visit_map(&mut items)
                };
                value.and_then(|v| items.finish(kind == TABLE).map(|()| v))
            }
            _ => Err(de::Error::custom(format!("unknown kind {kind}"))),
        }
        .map_err(|e| e.or_at(span))
    }

    // As in toml, `None` is a missing key: a value that is there is `Some`.
    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
        let span = self.peek_span()?;
        visitor.visit_some(self).map_err(|e| e.or_at(span))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let span = self.peek_span()?;
        visitor
            .visit_newtype_struct(self)
            .map_err(|e| e.or_at(span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        mut self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if serde_spanned::de::is_spanned(name) {
            let span = self.peek_span()?;
            return visitor.visit_map(serde_spanned::de::SpannedDeserializer::new(self, span));
        }
        self.deserialize_any(visitor)
    }

    // Enums are unit variants named by a string, the only kind rule packs use.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let reader = self.reader;
        let span = reader.span()?;
        match reader.bytes::<1>()?[0] {
            STRING => reader
                .str()
                .and_then(|s| visitor.visit_enum(s.into_deserializer())),
            _ => Err(de::Error::custom("wanted string")),
        }
        .map_err(|e| e.or_at(span))
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 i128 u128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
    }
}

impl<'r, 'de> IntoDeserializer<'de, Error> for Value<'r, 'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
