//! Read access to response headers, whatever the HTTP library.

/// The headers of an HTTP response, as `from_response` reads them.
///
/// Names are matched ASCII case-insensitively. Implemented for [`http::HeaderMap`], for
/// slices, arrays and vectors of `(name, value)` string pairs, for `()` (no headers) and for
/// references to any of these, so all of these work:
///
/// ```
/// use error_catalog::Headers;
///
/// let pairs = [("Retry-After", "30")];
/// assert_eq!(pairs.header("retry-after"), Some("30"));
///
/// let mut map = http::HeaderMap::new();
/// map.insert("retry-after", "30".parse().unwrap());
/// assert_eq!((&map).header("Retry-After"), Some("30"));
///
/// assert_eq!(().header("Retry-After"), None);
/// ```
pub trait Headers {
    /// The first value of the header `name`, if present and valid UTF-8 text.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<T: Headers + ?Sized> Headers for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

impl Headers for http::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        // `HeaderMap::get` with a `&str` that is no valid header name returns `None`.
        // `HeaderValue::to_str` takes visible ASCII only: a value in UTF-8 (a request id
        // with an accent) would be missing.
        self.get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| {
                let k = k.as_ref();
                // Names come trimmed, almost always: trim only when the lengths differ.
                same_name(k, name) || (k.len() > name.len() && same_name(k.trim(), name))
            })
            .map(|(_, v)| v.as_ref())
    }
}

/// Whether two header names are the same, in any ASCII case. A name written as the catalog
/// writes it is compared whole (one `memcmp`), before the byte-by-byte comparison that folds
/// case.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a == b || a.eq_ignore_ascii_case(b))
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

/// No headers at all.
impl Headers for () {
    fn header(&self, _name: &str) -> Option<&str> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Headers;

    #[test]
    fn pairs_match_case_insensitively_and_take_the_first() {
        let pairs: &[(&str, &str)] =
            &[("X-Other", "1"), ("RETRY-AFTER", "5"), ("retry-after", "9")];
        assert_eq!(pairs.header("Retry-After"), Some("5"));
        assert_eq!(pairs.header("Missing"), None);
        let owned = vec![("retry-after".to_string(), "7".to_string())];
        assert_eq!(owned.header("Retry-After"), Some("7"));
        // Written as asked, in another case, padded, or one letter off.
        let pairs: &[(&str, &str)] = &[("Retry-Aftex", "1"), (" Retry-After ", "2")];
        assert_eq!(pairs.header("Retry-After"), Some("2"));
        assert_eq!(pairs.header("retry-after"), Some("2"));
        assert_eq!([("Retry-After", "3")].header("Retry-After"), Some("3"));
        assert_eq!([("Retry-After", "3")].header("Retry-Afte"), None);
    }

    #[test]
    fn header_map_skips_invalid_names_and_opaque_values() {
        let mut map = http::HeaderMap::new();
        map.insert(
            "x-bin",
            http::HeaderValue::from_bytes(b"\xff\xfe").expect("obs-text is a valid value"),
        );
        assert_eq!(map.header("x-bin"), None);
        // UTF-8 is text, as in a pair of strings, though `HeaderValue::to_str` refuses it.
        map.insert(
            "x-request-id",
            http::HeaderValue::from_bytes("req_café".as_bytes()).expect("a valid value"),
        );
        assert_eq!(map.header("X-Request-Id"), Some("req_café"));
        assert_eq!(map.header("not a header name"), None);
        assert_eq!(map.header(""), None);
    }
}
