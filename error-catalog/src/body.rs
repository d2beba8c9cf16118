//! Reads the values a provider's layout names out of a JSON error body, in one pass.
//!
//! serde_json drives the pass with a `DeserializeSeed` that follows the layout's tree, and
//! skips everything not asked for. Strings borrow from the body, so nothing is copied while
//! reading. A body without a backslash has no escapes, and is read as a derived struct
//! would read it; a body with escapes takes its values as raw JSON text (`&RawValue`),
//! decoded only when used, so that serde_json never decodes (nor allocates) a string. A body
//! serde_json rejects for what it cannot decode (a lone surrogate in a key, a number beyond
//! `f64`) is read once more, everything raw.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::spec::{Layout, Literal, Node, Step};

/// Bodies longer than this are kept but not parsed: the status fallback decides.
///
/// Error bodies are small; a multi-megabyte "error" is a proxy page or an attack.
pub const MAX_PARSED_BODY: usize = 1024 * 1024;

/// A JSON value found at the end of a path, as raw text borrowed from the body.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) enum Value<'a> {
    /// The path is not in the body.
    #[default]
    Missing,
    Null,
    Bool(bool),
    /// A number, as written (from a body read raw).
    Number(&'a str),
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// A number with a fraction or an exponent.
    Float(f64),
    /// A string: the text between the quotes, escapes not decoded.
    Str(&'a str),
    /// A string of a body without escapes: the text between the quotes.
    Plain(&'a str),
    /// An array; `true` if it has an element.
    Array(bool),
    /// An object; `true` if it has a member.
    Object(bool),
}

impl<'a> Value<'a> {
    /// Classifies the raw JSON text of one value (which serde_json has checked).
    fn of_raw(raw: &'a str) -> Value<'a> {
        let inner = || raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
        match raw.as_bytes().first() {
            Some(b'"') => Value::Str(inner()),
            Some(b'{') => Value::Object(!inner().trim().is_empty()),
            Some(b'[') => Value::Array(!inner().trim().is_empty()),
            Some(b't') => Value::Bool(true),
            Some(b'f') => Value::Bool(false),
            Some(b'n') => Value::Null,
            Some(_) => Value::Number(raw),
            None => Value::Missing,
        }
    }

    /// Present, and not `null`.
    pub(crate) fn is_present(self) -> bool {
        !matches!(self, Value::Missing | Value::Null)
    }

    /// An array or object with an element, or a string with a character.
    pub(crate) fn is_non_empty(self) -> bool {
        match self {
            Value::Array(any) | Value::Object(any) => any,
            Value::Str(s) | Value::Plain(s) => !s.is_empty(),
            _ => false,
        }
    }

    /// A string's text, before decoding.
    pub(crate) fn raw_text(self) -> Option<RawText<'a>> {
        match self {
            Value::Str(s) => Some(RawText::string(s)),
            Value::Plain(s) => Some(RawText::Plain(s)),
            _ => None,
        }
    }

    /// The text of a code: a non-empty string, or an integer (its decimal text).
    pub(crate) fn code_text(self) -> Option<CodeText<'a>> {
        match self {
            Value::Str(s) if !s.is_empty() => Some(CodeText::Text(RawText::string(s))),
            Value::Plain(s) if !s.is_empty() => Some(CodeText::Text(RawText::Plain(s))),
            Value::Number(n) if !n.contains(['.', 'e', 'E']) => {
                Some(CodeText::Text(RawText::Plain(n)))
            }
            Value::Unsigned(n) => Some(CodeText::Integer(i128::from(n))),
            Value::Signed(n) => Some(CodeText::Integer(i128::from(n))),
            _ => None,
        }
    }

    /// The text of a string value.
    pub(crate) fn text(self) -> Option<RawText<'a>> {
        self.raw_text()
    }

    /// The value as a number: JSON numbers, and strings that hold one.
    pub(crate) fn number(self) -> Option<f64> {
        let n = match self {
            Value::Number(n) => n.parse::<f64>().ok()?,
            Value::Unsigned(n) => n as f64,
            Value::Signed(n) => n as f64,
            Value::Float(f) => f,
            Value::Str(s) | Value::Plain(s) => s.trim().parse::<f64>().ok()?,
            _ => return None,
        };
        n.is_finite().then_some(n)
    }

    /// The value as an integer, if it is one.
    pub(crate) fn integer(self) -> Option<i128> {
        match self {
            Value::Number(n) => n.parse::<i128>().ok(),
            Value::Unsigned(n) => Some(i128::from(n)),
            Value::Signed(n) => Some(i128::from(n)),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e30 => Some(f as i128),
            _ => None,
        }
    }

    /// Whether the value equals a catalog literal: a string by its decoded text, an integer
    /// by value, a boolean.
    pub(crate) fn equals(self, literal: &Literal) -> bool {
        match (self, literal) {
            (Value::Str(_) | Value::Plain(_), Literal::Str(expected)) => {
                self.raw_text().is_some_and(|t| t.decoded() == *expected)
            }
            (
                Value::Number(_) | Value::Unsigned(_) | Value::Signed(_) | Value::Float(_),
                Literal::Int(expected),
            ) => self.integer() == Some(i128::from(*expected)),
            (Value::Bool(b), Literal::Bool(expected)) => b == *expected,
            _ => false,
        }
    }
}

/// A code as read: text of the body, or an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeText<'a> {
    Text(RawText<'a>),
    Integer(i128),
}

/// Text read from the body, before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawText<'a> {
    /// Text as it is in the body: a string without escapes, or a number.
    Plain(&'a str),
    /// The inside of a JSON string literal that holds escapes.
    Escaped(&'a str),
}

impl<'a> RawText<'a> {
    pub(crate) fn string(inner: &'a str) -> Self {
        // The memchr crate's search, not `str::contains`: a message is scanned whole, and
        // the standard library's byte search is the slower on text of this length.
        if memchr::memchr(b'\\', inner.as_bytes()).is_some() {
            RawText::Escaped(inner)
        } else {
            RawText::Plain(inner)
        }
    }

    /// The text, decoded (a copy only if it holds escapes).
    pub(crate) fn decoded(self) -> Cow<'a, str> {
        match self {
            RawText::Plain(s) => Cow::Borrowed(s),
            RawText::Escaped(s) => {
                let mut out = String::with_capacity(s.len());
                unescape(s, |run| out.push_str(run));
                Cow::Owned(out)
            }
        }
    }
}

/// The part of a body a JSON pass reads: the body less a UTF-8 byte order mark (which RFC
/// 8259 lets a parser ignore; the error still keeps every byte received), if it is at most
/// [`MAX_PARSED_BODY`] long and starts, after white space, with `{` (or `[`, for a provider
/// whose errors may come wrapped in an array: `unwrap_array`). Every path starts at a key of
/// the top-level object, so anything else is no error body of the provider (and an HTML page
/// from a proxy stops here, before any parsing).
#[inline]
pub(crate) fn object(body: &[u8], unwrap_array: bool) -> Option<Json<'_>> {
    if body.len() > MAX_PARSED_BODY {
        return None;
    }
    let body = match body {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest,
        _ => body,
    };
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Some(Json { body, array: false }),
        Some(b'[') if unwrap_array => Some(Json { body, array: true }),
        _ => None,
    }
}

/// A body [`object`] accepted: its bytes, and whether it is an array.
#[derive(Clone, Copy)]
pub(crate) struct Json<'a> {
    body: &'a [u8],
    array: bool,
}

/// Fills `slots` with the values the layout names from a body [`object`] accepted, and says
/// whether it was read. A body that is not one complete JSON value (truncated, malformed)
/// yields no values at all: a half-read body is not trusted. When a key repeats, its last
/// occurrence wins, as in JavaScript's `JSON.parse`. A body that is an array (which
/// [`object`] accepts only for a provider with `unwrap_array`) is read as its first element
/// that is an object with the key `unwrap`.
pub(crate) fn extract<'a>(
    layout: &Layout,
    json: Json<'a>,
    unwrap: Option<&str>,
    slots: &mut [Value<'a>],
) -> bool {
    let body = json.body;
    let Some(root) = layout.root() else {
        return false;
    };
    let escapes = memchr::memchr(b'\\', body).is_some();
    let array = if json.array { unwrap } else { None };
    let mut mode = Mode {
        raw_keys: false,
        raw_values: escapes,
    };
    loop {
        let read = match core::str::from_utf8(body) {
            // Checked once here: serde_json then borrows without checking each string.
            Ok(text) => read(
                layout,
                root,
                &mut serde_json::Deserializer::from_str(text),
                slots,
                mode,
                array,
            ),
            Err(_) => read(
                layout,
                root,
                &mut serde_json::Deserializer::from_slice(body),
                slots,
                mode,
                array,
            ),
        };
        match read {
            Ok(()) => return true,
            Err(e) => {
                slots.iter_mut().for_each(|s| *s = Value::Missing);
                // A body cut short fails everywhere; one serde_json could not decode is read
                // again without decoding anything.
                if e.is_eof() || (mode.raw_keys && mode.raw_values) {
                    return false;
                }
                mode = Mode {
                    raw_keys: true,
                    raw_values: true,
                };
            }
        }
    }
}

fn read<'a, R: serde_json::de::Read<'a>>(
    layout: &Layout,
    root: &Node,
    de: &mut serde_json::Deserializer<R>,
    slots: &mut [Value<'a>],
    mode: Mode,
    array: Option<&str>,
) -> Result<(), serde_json::Error> {
    let at = At {
        layout,
        node: root,
        slots,
        mode,
    };
    match array {
        Some(key) => de::Deserializer::deserialize_seq(&mut *de, FirstWith { at, key })?,
        None => at.deserialize(&mut *de)?,
    }
    de.end()
}

/// A top-level array (read only for a provider with `unwrap_array`): its first element that
/// is an object with the key `key` stands for the body; the other elements are skipped.
struct FirstWith<'l, 's, 'a, 'k> {
    at: At<'l, 's, 'a>,
    key: &'k str,
}

impl<'de> Visitor<'de> for FirstWith<'_, '_, 'de, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let FirstWith { at, key } = self;
        let mut found = false;
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            if found || !element.get().starts_with('{') {
                continue;
            }
            let mut probe = serde_json::Deserializer::from_str(element.get());
            let has = HasKey {
                key,
                raw: at.mode.raw_keys,
            };
            let has_key =
                de::Deserializer::deserialize_map(&mut probe, has).map_err(de::Error::custom)?;
            if !has_key {
                continue;
            }
            found = true;
            let mut de = serde_json::Deserializer::from_str(element.get());
            let into = Children(At {
                layout: at.layout,
                node: at.node,
                slots: &mut *at.slots,
                // An element is read from its raw text: its strings keep their escapes.
                mode: Mode {
                    raw_keys: at.mode.raw_keys,
                    raw_values: true,
                },
            });
            de::Deserializer::deserialize_map(&mut de, into).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// Whether an object has the key (decoded, compared exactly); its values are skipped. Keys
/// are read as [`KeySeed`] reads them: raw text in the raw mode, for keys serde_json cannot
/// decode.
struct HasKey<'k> {
    key: &'k str,
    raw: bool,
}

impl<'de> Visitor<'de> for HasKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut has = false;
        while let Some(is) = map.next_key_seed(KeyIs {
            key: self.key,
            raw: self.raw,
        })? {
            has |= is;
            map.next_value::<IgnoredAny>()?;
        }
        Ok(has)
    }
}

/// Whether a key is `key`: compared as serde_json hands it over (no copy), or, in the raw mode,
/// as its raw text decoded.
struct KeyIs<'k> {
    key: &'k str,
    raw: bool,
}

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        if self.raw {
            let raw = <&'de RawValue as de::Deserialize<'de>>::deserialize(d)?;
            let Value::Str(inner) = Value::of_raw(raw.get()) else {
                return Ok(false);
            };
            return Ok(RawText::string(inner).decoded() == self.key);
        }
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.key)
    }
}

/// How values and keys are taken.
#[derive(Clone, Copy)]
struct Mode {
    /// Keys as raw text: for keys serde_json cannot decode.
    raw_keys: bool,
    /// Values at the end of a path as raw text: escapes stay undecoded.
    raw_values: bool,
}

/// The value at `node` of the layout.
struct At<'l, 's, 'a> {
    layout: &'l Layout,
    node: &'l Node,
    slots: &'s mut [Value<'a>],
    mode: Mode,
}

impl<'a> At<'_, '_, 'a> {
    fn store(&mut self, value: Value<'a>) {
        if let Some(slot) = self.node.slot {
            if let Some(s) = self.slots.get_mut(usize::from(slot)) {
                *s = value;
            }
        }
    }

    /// Reads `raw` (the text of one value) again, for the node's children.
    fn descend(&mut self, raw: &'a str) -> Result<(), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(raw);
        let into = At {
            layout: self.layout,
            node: self.node,
            slots: &mut *self.slots,
            mode: self.mode,
        };
        de::Deserializer::deserialize_any(&mut de, Children(into))
    }

    /// Clears the slots of the node's subtree: a selector that did not match.
    fn clear(&mut self) {
        let (lo, hi) = self.node.slots;
        let range = usize::from(lo)..usize::from(hi);
        if let Some(slots) = self.slots.get_mut(range) {
            slots.iter_mut().for_each(|s| *s = Value::Missing);
        }
    }

    /// Whether a selector node's element matched: its test key holds the selector's value.
    fn selected(&self) -> bool {
        let Step::Match { value, .. } = &self.node.step else {
            return true;
        };
        let held = self
            .node
            .test_slot
            .and_then(|s| self.slots.get(usize::from(s)))
            .copied()
            .unwrap_or_default();
        match held {
            Value::Str(_) | Value::Plain(_) => {
                held.raw_text().is_some_and(|t| t.decoded() == *value)
            }
            Value::Number(n) => n == value.as_ref(),
            Value::Unsigned(_) | Value::Signed(_) => {
                held.integer().map(|n| n.to_string()).as_deref() == Some(value.as_ref())
            }
            _ => false,
        }
    }

    /// A seed for the same node and slots (the seed is consumed by a parse; the node is not).
    fn reborrow(&mut self) -> At<'_, '_, 'a> {
        At {
            layout: self.layout,
            node: self.node,
            slots: &mut *self.slots,
            mode: self.mode,
        }
    }
}

impl<'de> DeserializeSeed<'de> for At<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        if self.node.is_leaf() {
            let value = if self.mode.raw_values {
                let raw = <&'de RawValue as de::Deserialize<'de>>::deserialize(d)?;
                Value::of_raw(raw.get())
            } else {
                d.deserialize_any(LeafValue)?
            };
            self.store(value);
            return Ok(());
        }
        if self.node.slot.is_none() {
            return d.deserialize_any(Children(self));
        }
        // Read whole and descended into (`errors` and `errors[0].type`): the raw text first,
        // then its children from that text.
        let raw = <&'de RawValue as de::Deserialize<'de>>::deserialize(d)?;
        self.store(Value::of_raw(raw.get()));
        self.descend(raw.get()).map_err(de::Error::custom)
    }
}

/// A value at the end of a path, typed by serde_json (strings borrowed: the body has no
/// escapes).
struct LeafValue;

impl<'de> Visitor<'de> for LeafValue {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::Plain(v))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Value<'de>, E> {
        // Only a body with escapes decodes a string, and that one is read raw.
        Err(E::custom("escaped string"))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Unsigned(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Signed(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Float(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut any = false;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            any = true;
        }
        Ok(Value::Array(any))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut any = false;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
            any = true;
        }
        Ok(Value::Object(any))
    }
}

/// Reads a key as borrowed text; one with escapes is decoded and compared on the spot.
struct KeySeed<'l> {
    children: &'l [Node],
    raw: bool,
}

impl<'de, 'l> DeserializeSeed<'de> for KeySeed<'l> {
    type Value = Option<&'l Node>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<&'l Node>, D::Error> {
        if self.raw {
            let raw = <&'de RawValue as de::Deserialize<'de>>::deserialize(d)?;
            let Value::Str(inner) = Value::of_raw(raw.get()) else {
                return Ok(None);
            };
            let key = RawText::string(inner).decoded();
            return Ok(child(self.children, &key));
        }
        d.deserialize_str(self)
    }
}

impl<'de, 'l> Visitor<'de> for KeySeed<'l> {
    type Value = Option<&'l Node>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Option<&'l Node>, E> {
        Ok(child(self.children, key))
    }
}

/// The child of a node reached by `key`.
fn child<'l>(children: &'l [Node], key: &str) -> Option<&'l Node> {
    children
        .iter()
        .find(|c| matches!(&c.step, Step::Key(name) if name == key))
}

/// The children of a node: the members of an object, the elements of an array.
struct Children<'l, 's, 'a>(At<'l, 's, 'a>);

impl<'de> Visitor<'de> for Children<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let At {
            layout,
            node,
            slots,
            mode,
        } = self.0;
        let children = layout.children(node);
        let seed = || KeySeed {
            children,
            raw: mode.raw_keys,
        };
        while let Some(child) = map.next_key_seed(seed())? {
            match child {
                Some(node) => map.next_value_seed(At {
                    layout,
                    node,
                    slots: &mut *slots,
                    mode,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let At {
            layout,
            node,
            slots,
            mode,
        } = self.0;
        let children = layout.children(node);
        // A selector takes the first element that matches; at most 64 of them per array.
        let mut done: u64 = 0;
        let mut index: u32 = 0;
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            for (k, child) in children.iter().enumerate().take(64) {
                let bit = 1u64 << k;
                let wanted = match &child.step {
                    Step::Index(i) => *i == index,
                    Step::Match { .. } => done & bit == 0,
                    _ => false,
                };
                if !wanted {
                    continue;
                }
                let mut at = At {
                    layout,
                    node: child,
                    slots: &mut *slots,
                    // An element is read from its raw text: its strings keep their escapes.
                    mode: Mode {
                        raw_keys: mode.raw_keys,
                        raw_values: true,
                    },
                };
                let mut de = serde_json::Deserializer::from_str(element.get());
                at.reborrow()
                    .deserialize(&mut de)
                    .map_err(de::Error::custom)?;
                if matches!(child.step, Step::Match { .. }) {
                    if at.selected() {
                        done |= bit;
                    } else {
                        at.clear();
                    }
                }
            }
            index = index.saturating_add(1);
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Decodes the inside of a JSON string literal (which serde_json has checked): runs without
/// escapes are handed on whole, each escape as the character it stands for. A `\u` escape of
/// a lone surrogate becomes U+FFFD, as `TextDecoder` does. The result is never longer (in
/// UTF-8) than `inner`: every escape is at least as long as what it stands for.
pub(crate) fn unescape(inner: &str, mut push: impl FnMut(&str)) {
    fn push_char(c: char, push: &mut impl FnMut(&str)) {
        push(c.encode_utf8(&mut [0; 4]));
    }
    // A high surrogate waiting for its low half.
    let mut high: Option<u32> = None;
    let mut rest = inner;
    loop {
        let run = memchr::memchr(b'\\', rest.as_bytes()).unwrap_or(rest.len());
        if run > 0 {
            if high.take().is_some() {
                push_char(char::REPLACEMENT_CHARACTER, &mut push);
            }
            push(rest.get(..run).unwrap_or_default());
        }
        let mut chars = rest.get(run..).unwrap_or_default().chars();
        // The backslash, or the end.
        if chars.next().is_none() {
            break;
        }
        let unit = match chars.next() {
            Some('u') => {
                let hex = chars.as_str().get(..4).unwrap_or_default();
                let unit = u32::from_str_radix(hex, 16).ok();
                for _ in 0..4 {
                    chars.next();
                }
                unit
            }
            Some(escaped) => {
                let c = match escaped {
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    other => other, // `"`, `\\` and `/` stand for themselves.
                };
                Some(u32::from(c))
            }
            None => None,
        };
        rest = chars.as_str();
        let unit = unit.unwrap_or(u32::from(char::REPLACEMENT_CHARACTER));
        match (high.take(), unit) {
            (Some(h), 0xDC00..=0xDFFF) => {
                let pair = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                let c = char::from_u32(pair).unwrap_or(char::REPLACEMENT_CHARACTER);
                push_char(c, &mut push);
                continue;
            }
            (Some(_), _) => push_char(char::REPLACEMENT_CHARACTER, &mut push),
            (None, _) => {}
        }
        match unit {
            0xD800..=0xDBFF => high = Some(unit),
            _ => push_char(
                char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
                &mut push,
            ),
        }
    }
    if high.is_some() {
        push_char(char::REPLACEMENT_CHARACTER, &mut push);
    }
}

#[cfg(test)]
mod tests {
    use super::{object, unescape};

    /// An array is read only for a provider whose errors may come in one.
    #[test]
    fn an_array_body_is_accepted_only_when_asked() {
        let kinds = |body: &[u8], unwrap| object(body, unwrap).map(|json| json.array);
        assert_eq!(kinds(b" [1]", false), None);
        assert_eq!(kinds(b" [1]", true), Some(true));
        assert_eq!(kinds(b"\xEF\xBB\xBF{}", false), Some(false));
        assert_eq!(kinds(b"{}", true), Some(false));
        assert_eq!(kinds(b"<html>", true), None);
        assert_eq!(kinds(b"", true), None);
    }

    /// The decoding one character at a time, as JSON defines it.
    fn reference(inner: &str) -> String {
        let mut out = String::new();
        let mut high: Option<u32> = None;
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            let unit = match c {
                '\\' => match chars.next() {
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        u32::from_str_radix(&hex, 16).ok()
                    }
                    Some('b') => Some(8),
                    Some('f') => Some(12),
                    Some('n') => Some(10),
                    Some('r') => Some(13),
                    Some('t') => Some(9),
                    Some(other) => Some(u32::from(other)),
                    None => None,
                },
                c => Some(u32::from(c)),
            }
            .unwrap_or(0xFFFD);
            if let Some(h) = high.take() {
                if (0xDC00..=0xDFFF).contains(&unit) {
                    let pair = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                    out.push(char::from_u32(pair).unwrap_or('\u{fffd}'));
                    continue;
                }
                out.push('\u{fffd}');
            }
            if (0xD800..=0xDBFF).contains(&unit) {
                high = Some(unit);
            } else {
                out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
            }
        }
        if high.is_some() {
            out.push('\u{fffd}');
        }
        out
    }

    #[test]
    fn unescape_hands_on_runs_and_decodes_every_escape() {
        let cases = [
            "",
            "plain",
            r#"Invalid email address: \"bob@\" \u00e9"#,
            r#"\u0041\n\"\\\/\b\f\r\t"#,
            r"\ud800x\udc00 \ud83d\ude00",
            r"\ud83d\ude00\ud83d",
            r"\ud83d",
            r"a\ud83db",
            r"\udc00\ud800\ud800\udc00",
            "ünï \\u00fc cödé\\n",
            r"\\\\",
        ];
        for inner in cases {
            let mut ours = String::new();
            unescape(inner, |run| ours.push_str(run));
            assert_eq!(ours, reference(inner), "{inner:?}");
            assert!(ours.len() <= inner.len(), "{inner:?}");
        }
    }
}
