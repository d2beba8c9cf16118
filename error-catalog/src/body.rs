//! Reads the few fields a provider's format names out of a JSON error body.
//!
//! One pass with serde_json, no `Value` tree: strings borrow from the body unless they
//! hold escapes, and everything not asked for is skipped. Field paths come from the catalog
//! at run time, so this is a hand-written `DeserializeSeed` rather than a derived struct.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// Bodies longer than this are kept but not parsed: the status fallback decides.
///
/// Error bodies are small; a multi-megabyte "error" is a proxy page or an attack.
pub const MAX_PARSED_BODY: usize = 1024 * 1024;

/// A JSON leaf value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    Str(Cow<'a, str>),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    /// `null`, a boolean, an array or an object.
    Other,
}

impl Scalar<'_> {
    /// The value as text: strings as they are, integers in decimal. Floats and other values
    /// are no code or message.
    #[cfg(test)]
    pub(crate) fn into_text(self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s.into_owned()),
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Float(_) | Scalar::Other => None,
        }
    }

    /// The value as text: strings as they are (borrowed), integers in decimal (a numeric
    /// code). Floats and other values are no code or message.
    pub(crate) fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Scalar::Str(s) => Some(Cow::Borrowed(s)),
            Scalar::Unsigned(n) => Some(Cow::Owned(n.to_string())),
            Scalar::Signed(n) => Some(Cow::Owned(n.to_string())),
            Scalar::Float(_) | Scalar::Other => None,
        }
    }

    /// The value as a number: JSON numbers, and strings that hold one.
    pub(crate) fn as_number(&self) -> Option<f64> {
        let n = match self {
            Scalar::Str(s) => s.trim().parse::<f64>().ok()?,
            Scalar::Unsigned(n) => *n as f64,
            Scalar::Signed(n) => *n as f64,
            Scalar::Float(f) => *f,
            Scalar::Other => return None,
        };
        n.is_finite().then_some(n)
    }
}

/// Extracts the values at `paths` (each a list of object keys) from `body` into `out`, one
/// slot per path (`out` is as long as `paths`; slots of paths not found stay `None`).
///
/// A body that is not one complete JSON document (truncated, HTML, invalid UTF-8 in a
/// value it reads, nested deeper than serde_json's limit, or larger than [`MAX_PARSED_BODY`])
/// yields no values at all: a half-read body is not trusted. Valid JSON that serde_json
/// would not decode is read: a lone surrogate becomes U+FFFD, a number beyond `f64` is
/// infinite (no delay). When a key of a value read repeats, the last occurrence wins, as in
/// JavaScript's `JSON.parse`; a repeated object on the way to it is read into each time
/// (`{"e":{"code":"A"},"e":{}}` gives `A` for `e.code`).
pub(crate) fn extract<'a>(body: &'a [u8], paths: &[&[&str]], out: &mut [Option<Scalar<'a>>]) {
    if body.len() > MAX_PARSED_BODY || paths.is_empty() {
        return;
    }
    // The typed pass borrows and decodes in one go; only a body it rejects pays for the
    // lenient pass, which re-reads the wanted values from their raw JSON text.
    for lenient in [false, true] {
        let mut de = serde_json::Deserializer::from_slice(body);
        let seed = Node {
            paths,
            depth: 0,
            out: &mut *out,
            lenient,
        };
        let result = seed.deserialize(&mut de).and_then(|()| de.end());
        let Err(error) = result else {
            return;
        };
        out.iter_mut().for_each(|slot| *slot = None);
        // A body cut short fails the lenient pass at the same place.
        if error.is_eof() {
            return;
        }
    }
}

/// An object (or anything else) at `depth` along some of the paths.
struct Node<'p, 'o, 'a> {
    paths: &'p [&'p [&'p str]],
    depth: usize,
    out: &'o mut [Option<Scalar<'a>>],
    /// Read keys and values as [`Lenient`] rather than [`Leaf`].
    lenient: bool,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = self.next_key(&mut map)? {
            let segment = |p: &&[&str]| p.get(self.depth).is_some_and(|s| *s == key);
            let is_leaf = |p: &&[&str]| p.len() == self.depth + 1 && segment(p);
            if self.paths.iter().any(is_leaf) {
                let value = if self.lenient {
                    map.next_value_seed(Lenient)?
                } else {
                    map.next_value_seed(Leaf)?
                };
                // Several paths may name the same field.
                for (path, out) in self.paths.iter().zip(self.out.iter_mut()) {
                    if is_leaf(path) {
                        *out = Some(value.clone());
                    }
                }
            } else if self
                .paths
                .iter()
                .any(|p| p.len() > self.depth + 1 && segment(p))
            {
                map.next_value_seed(Node {
                    paths: self.paths,
                    depth: self.depth + 1,
                    out: &mut *self.out,
                    lenient: self.lenient,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
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

impl<'de> Node<'_, '_, 'de> {
    /// The next object key, borrowed when it has no escapes; `""` for a key that is no
    /// string (serde_json reports those as errors first).
    fn next_key<A: MapAccess<'de>>(&self, map: &mut A) -> Result<Option<Cow<'de, str>>, A::Error> {
        let key = if self.lenient {
            map.next_key_seed(Lenient)?
        } else {
            map.next_key_seed(Leaf)?
        };
        Ok(key.map(|k| match k {
            Scalar::Str(s) => s,
            _ => Cow::Borrowed(""),
        }))
    }
}

/// A value at the end of a path, decoded by serde_json: strings borrowed unless escaped.
struct Leaf;

impl<'de> DeserializeSeed<'de> for Leaf {
    type Value = Scalar<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Leaf {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Unsigned(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Signed(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other)
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

/// A value at the end of a path, for a body the typed pass rejected.
///
/// Taken as its raw JSON text and decoded here rather than by serde_json, which rejects two
/// kinds of valid JSON when it decodes them: numbers beyond `f64` (`1e400`) and lone
/// surrogates in `\u` escapes (`"\ud800"`). Either would cost the whole body.
struct Lenient;

impl<'de> DeserializeSeed<'de> for Lenient {
    type Value = Scalar<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        let raw = <&'de RawValue as de::Deserialize<'de>>::deserialize(d)?;
        Ok(Scalar::from_json(raw.get()))
    }
}

impl<'a> Scalar<'a> {
    /// Decodes the JSON text of one value, which serde_json has checked to be well formed.
    fn from_json(raw: &'a str) -> Self {
        match raw.as_bytes().first() {
            Some(b'"') => Scalar::Str(unescape(raw)),
            Some(b'-' | b'0'..=b'9') => number(raw),
            _ => Scalar::Other,
        }
    }
}

/// A JSON number: an integer if it is one and fits, else a float (infinite if it overflows).
fn number(raw: &str) -> Scalar<'_> {
    if !raw.contains(['.', 'e', 'E']) {
        if let Ok(n) = raw.parse::<u64>() {
            return Scalar::Unsigned(n);
        }
        if let Ok(n) = raw.parse::<i64>() {
            return Scalar::Signed(n);
        }
    }
    raw.parse::<f64>().map_or(Scalar::Other, Scalar::Float)
}

/// The text of a JSON string literal, borrowed when it has no escapes. A `\u` escape of a
/// lone surrogate becomes U+FFFD, as `TextDecoder` does.
fn unescape(raw: &str) -> Cow<'_, str> {
    let inner = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
    let inner = inner.unwrap_or_default();
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    // A high surrogate waiting for its low half.
    let mut high: Option<u32> = None;
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        let unit = match c {
            '\\' => match chars.next() {
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    u32::from_str_radix(&hex, 16).ok()
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
            },
            c => Some(u32::from(c)),
        };
        let unit = unit.unwrap_or(u32::from(char::REPLACEMENT_CHARACTER));
        match (high.take(), unit) {
            (Some(h), 0xDC00..=0xDFFF) => {
                let pair = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                out.push(char::from_u32(pair).unwrap_or(char::REPLACEMENT_CHARACTER));
                continue;
            }
            (Some(_), _) => out.push(char::REPLACEMENT_CHARACTER),
            (None, _) => {}
        }
        match unit {
            0xD800..=0xDBFF => high = Some(unit),
            _ => out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
    if high.is_some() {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract<'a>(body: &'a [u8], paths: &[&[&str]]) -> Vec<Option<Scalar<'a>>> {
        let mut out = vec![None; paths.len()];
        super::extract(body, paths, &mut out);
        out
    }

    fn text(body: &str, paths: &[&[&str]]) -> Vec<Option<String>> {
        extract(body.as_bytes(), paths)
            .into_iter()
            .map(|s| s.and_then(Scalar::into_text))
            .collect()
    }

    #[test]
    fn reads_top_level_and_nested_fields_and_skips_the_rest() {
        let body =
            r#"{"x":[1,{"code":"no"}],"error":{"code":"E1","detail":{"a":1}},"message":"hi"}"#;
        let got = text(body, &[&["error", "code"], &["message"], &["missing"]]);
        assert_eq!(got, [Some("E1".into()), Some("hi".into()), None]);
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let body = br#"{"a":"plain","b":"esc\"aped"}"#;
        let got = extract(body, &[&["a"], &["b"]]);
        assert!(matches!(&got[0], Some(Scalar::Str(Cow::Borrowed("plain")))));
        assert!(matches!(&got[1], Some(Scalar::Str(Cow::Owned(s))) if s == "esc\"aped"));
    }

    #[test]
    fn last_duplicate_key_wins() {
        assert_eq!(text(r#"{"c":"a","c":"b"}"#, &[&["c"]]), [Some("b".into())]);
    }

    #[test]
    fn numbers_as_codes_and_delays() {
        let got = extract(
            br#"{"code":404,"r":"2.5","n":-3,"f":1e400}"#,
            &[&["code"], &["r"], &["n"]],
        );
        assert_eq!(
            got[0].clone().and_then(Scalar::into_text),
            Some("404".into())
        );
        assert_eq!(got[1].as_ref().and_then(Scalar::as_number), Some(2.5));
        assert_eq!(got[2].as_ref().and_then(Scalar::as_number), Some(-3.0));
    }

    #[test]
    fn incomplete_or_foreign_bodies_yield_nothing() {
        for body in [
            "",
            "{\"code\":\"E1\"",
            "{\"code\":\"E1\"} trailing",
            "<html><body>502 Bad Gateway</body></html>",
            "[\"code\"]",
            "\"code\"",
        ] {
            assert_eq!(text(body, &[&["code"]]), [None], "{body:?}");
        }
        assert_eq!(extract(b"{\"code\":\"\xff\"}", &[&["code"]]), [None]);
    }

    #[test]
    fn escapes_and_lone_surrogates_decode_leniently() {
        let got = text(
            r#"{"a":"\u0041\n\"\\\/\b\f\r\t","b":"\ud800x\udc00","c":"\ud83d\ude00","d":"\ud800\ud800","e":"\ud800"}"#,
            &[&["a"], &["b"], &["c"], &["d"], &["e"]],
        );
        let expected = [
            "A\n\"\\/\u{8}\u{c}\r\t",
            "\u{fffd}x\u{fffd}",
            "\u{1f600}",
            "\u{fffd}\u{fffd}",
            "\u{fffd}",
        ];
        assert_eq!(got, expected.map(|s| Some(s.to_owned())));
        // In keys too.
        assert_eq!(
            text(r#"{"\ud800":1,"c\u006fde":"E1"}"#, &[&["code"]]),
            [Some("E1".into())]
        );
    }

    #[test]
    fn numbers_beyond_f64_do_not_cost_the_body() {
        let got = extract(
            br#"{"code":"E1","r":1e400,"n":-1e400,"big":18446744073709551616}"#,
            &[&["code"], &["r"], &["n"], &["big"]],
        );
        assert_eq!(
            got[0].clone().and_then(Scalar::into_text),
            Some("E1".into())
        );
        assert!(matches!(got[1], Some(Scalar::Float(f)) if f == f64::INFINITY));
        assert_eq!(got[1].as_ref().and_then(Scalar::as_number), None);
        assert_eq!(got[2].as_ref().and_then(Scalar::as_number), None);
        assert_eq!(
            got[3].as_ref().and_then(Scalar::as_number),
            Some(1.8446744073709552e19)
        );
    }

    #[test]
    fn deep_nesting_is_rejected_without_overflowing_the_stack() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(text(&deep, &[&["code"]]), [None]);
        let deep_obj = format!("{}1{}", "{\"code\":".repeat(50_000), "}".repeat(50_000));
        assert_eq!(text(&deep_obj, &[&["code"]]), [None]);
    }

    #[test]
    fn oversized_bodies_are_not_parsed() {
        let mut body = br#"{"code":"E1","pad":""#.to_vec();
        body.resize(MAX_PARSED_BODY + 1, b' ');
        assert_eq!(extract(&body, &[&["code"]]), [None]);
    }
}
