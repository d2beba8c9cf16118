//! The one writer: the model as Rust source that rebuilds it as `static` data.
//!
//! Every model type prints itself through its `#[doc(hidden)]` `const fn __new`, fields in
//! declaration order. The items of every list of one type go into one `static` array (a
//! reference to a temporary inside a `const fn` call would not live long enough, and one
//! `static` per list costs the compiler time per list), and each list is a slice of it. Items
//! that own text are kept there as `__p::Kept` (`ManuallyDrop`) values: a `static`
//! initialiser of thousands of temporaries that need a drop costs the compiler a drop to
//! schedule, qualify and borrow-check for each.
//!
//! The writer appends source text, which the compiler's lexer turns into tokens once per
//! provider: in the macro's unoptimised build (every user's default), building the same
//! tokens one `quote!` at a time cost about three times as many instructions, lexing
//! included (1.6 G against 0.5 G at 5000 codes).

use std::borrow::Cow;
use std::fmt::Write;
use std::time::Duration;

use error_catalog_schema::model::{
    BodyPath, Category, Cause, Code, CodeTable, Condition, Fallback, FallbackRef, Format, Layout,
    Literal, Needle, Node, Normalize, Pattern, Provider, RetryRule, RetrySource, Rule, Source,
    Step, Table, Test, TimeForm,
};

/// Collects the `static` arrays the printed values refer to: one per item type.
#[derive(Default)]
pub(crate) struct Writer {
    /// One per item type, in the order the types were first met.
    pools: Vec<Pool>,
}

struct Pool {
    /// The item type's Rust name, to find its pool.
    key: &'static str,
    /// The item type, as source.
    ty: String,
    /// The items, as source, each followed by a comma.
    items: String,
    len: usize,
    /// Whether the items are [`Print::KEPT`].
    kept: bool,
}

impl Writer {
    /// The statics, one per item type.
    pub(crate) fn into_items(self) -> String {
        let mut out = String::new();
        for (i, pool) in self.pools.iter().enumerate() {
            let (open, close) = if pool.kept {
                ("__p::Kept<", ">")
            } else {
                ("", "")
            };
            let _ = writeln!(
                out,
                "static __POOL_{i}: [{open}{}{close}; {}usize] = [{}];",
                pool.ty, pool.len, pool.items
            );
        }
        out
    }

    /// The expression of a list: a slice of its type's pool.
    fn list<T: Print>(&mut self, values: &[T], out: &mut String) {
        let sub = if T::KEPT { "sub_kept" } else { "sub" };
        match self.pooled(values) {
            Some((index, start, len)) => {
                let _ = write!(out, "__p::{sub}(&__POOL_{index}, {start}usize, {len}usize)");
            }
            None => out.push_str("__p::empty()"),
        }
    }

    /// Adds the items to their type's pool: which pool, and where in it (`None`: no items).
    fn pooled<T: Print>(&mut self, values: &[T]) -> Option<(usize, usize, usize)> {
        if values.is_empty() {
            return None;
        }
        // Printed first: the items may add lists of other types (or of this one) to pools.
        let mut printed = String::new();
        for v in values {
            v.print_item(self, &mut printed);
            printed.push_str(", ");
        }
        let key = std::any::type_name::<T>();
        let index = match self.pools.iter().position(|p| p.key == key) {
            Some(i) => i,
            None => {
                self.pools.push(Pool {
                    key,
                    ty: T::ty(),
                    items: String::new(),
                    len: 0,
                    kept: T::KEPT,
                });
                self.pools.len() - 1
            }
        };
        let pool = self.pools.get_mut(index)?;
        let start = pool.len;
        pool.items.push_str(&printed);
        pool.len += values.len();
        Some((index, start, values.len()))
    }
}

/// A value of the model, as source.
pub(crate) trait Print {
    /// Its type.
    fn ty() -> String;
    /// Appends an expression that builds it in a `static`.
    fn print(&self, w: &mut Writer, out: &mut String);

    /// Whether it owns text or a list (its drop is not trivial): the items of its lists are
    /// then kept in their `static` as `__p::Kept` values, which need no drop.
    const KEPT: bool = false;

    /// Appends an item of its type's `static` list.
    fn print_item(&self, w: &mut Writer, out: &mut String)
    where
        Self: Sized,
    {
        if Self::KEPT {
            keep(self, w, out);
        } else {
            self.print(w, out);
        }
    }

    /// Appends `Some(self)`.
    fn print_some(&self, w: &mut Writer, out: &mut String) {
        out.push_str("::core::option::Option::Some(");
        self.print(w, out);
        out.push(')');
    }

    /// Appends `None` of this type.
    fn print_none(out: &mut String) {
        out.push_str("::core::option::Option::None");
    }
}

/// Appends a string literal of `s`: `Debug` escapes every character a Rust string literal
/// cannot hold as it is, and writes nothing a literal does not accept.
fn string(out: &mut String, s: &str) {
    let _ = write!(out, "{s:?}");
}

/// Appends `#[doc = …]` with the text as a raw string literal (see [`doc_string`]).
pub(crate) fn doc_attribute(out: &mut String, doc: &str) {
    out.push_str("#[doc = ");
    doc_string(out, doc);
    out.push(']');
}

/// Appends a doc string as a raw string literal, `r#"…"#` with as many `#` as it needs: the
/// compiler reads a raw literal as it is, where it unescapes a plain one character by
/// character (at 5000 codes, 5% of the instructions of an incremental `cargo check`). A text
/// with a carriage return, which a raw literal cannot hold, is written as a plain literal.
fn doc_string(out: &mut String, s: &str) {
    if s.contains('\r') {
        return string(out, s);
    }
    // One `#` more than the longest run of `#` after a quote in the text.
    let mut hashes = 0;
    let mut rest = s;
    while let Some(at) = rest.find('"') {
        rest = rest.get(at + 1..).unwrap_or("");
        let run = rest.len() - rest.trim_start_matches('#').len();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    let _ = write!(out, "r{fence}\"{s}\"{fence}");
}

/// Appends a compile error for a model value this writer does not know.
fn unknown(out: &mut String) {
    out.push_str(
        "::core::compile_error!(\"error-catalog-derive is older than error-catalog-schema: \
         update both together\")",
    );
}

impl Print for Cow<'static, str> {
    const KEPT: bool = true;
    fn ty() -> String {
        "::std::borrow::Cow<'static, str>".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        out.push_str("__p::text(");
        string(out, self);
        out.push(')');
    }
    fn print_some(&self, _: &mut Writer, out: &mut String) {
        out.push_str("__p::some_text(");
        string(out, self);
        out.push(')');
    }
    fn print_none(out: &mut String) {
        out.push_str("__p::NO_TEXT");
    }
}

impl<T: Print + Clone> Print for Cow<'static, [T]> {
    const KEPT: bool = true;
    fn ty() -> String {
        format!("::std::borrow::Cow<'static, [{}]>", T::ty())
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        w.list(self, out);
    }
}

impl<T: Print> Print for Option<T> {
    const KEPT: bool = T::KEPT;
    fn ty() -> String {
        format!("::core::option::Option<{}>", T::ty())
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        match self {
            Some(v) => v.print_some(w, out),
            None => T::print_none(out),
        }
    }
}

macro_rules! print_literal {
    ($($t:ty),*) => {$(
        impl Print for $t {
            fn ty() -> String {
                stringify!($t).to_owned()
            }
            fn print(&self, _: &mut Writer, out: &mut String) {
                let _ = write!(out, "{}{}", self, stringify!($t));
            }
        }
    )*};
}
print_literal!(u16, u32, u64, i64);

impl Print for bool {
    fn ty() -> String {
        "bool".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Print for (u32, u32) {
    fn ty() -> String {
        "(u32, u32)".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        let _ = write!(out, "({}u32, {}u32)", self.0, self.1);
    }
}

impl Print for (u16, u16) {
    fn ty() -> String {
        "(u16, u16)".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        let _ = write!(out, "({}u16, {}u16)", self.0, self.1);
    }
}

impl<T: Print, const N: usize> Print for [T; N] {
    fn ty() -> String {
        format!("[{}; {N}]", T::ty())
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        out.push('[');
        for item in self {
            item.print(w, out);
            out.push_str(", ");
        }
        out.push(']');
    }
}

impl Print for FallbackRef {
    fn ty() -> String {
        "__s::FallbackRef".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        let _ = write!(
            out,
            "__s::FallbackRef::__new({}u32, {}u16, {}u16)",
            self.index, self.min, self.max
        );
    }
}

impl Print for Duration {
    fn ty() -> String {
        "::core::time::Duration".to_owned()
    }
    fn print(&self, _: &mut Writer, out: &mut String) {
        let (secs, nanos) = (self.as_secs(), self.subsec_nanos());
        let _ = write!(out, "::core::time::Duration::new({secs}u64, {nanos}u32)");
    }
    fn print_some(&self, _: &mut Writer, out: &mut String) {
        let (secs, nanos) = (self.as_secs(), self.subsec_nanos());
        let _ = write!(out, "__p::some_duration({secs}u64, {nanos}u32)");
    }
    fn print_none(out: &mut String) {
        out.push_str("__p::NO_DURATION");
    }
}

/// A fieldless enum of the vocabulary: `__s::Name::Variant`.
macro_rules! print_vocabulary {
    ($($t:ident),*) => {$(
        impl Print for $t {
            fn ty() -> String {
                concat!("__s::", stringify!($t)).to_owned()
            }
            fn print(&self, _: &mut Writer, out: &mut String) {
                out.push_str(concat!("__s::", stringify!($t), "::"));
                out.push_str(self.variant_name());
            }
        }
    )*};
}
print_vocabulary!(Category, RetryRule, TimeForm);

/// A struct of the model, through its `__new` with these fields in order. `short = f`: `f`
/// prints the value in a shorter form when it can (and says so); `item = f`: `f` prints it as
/// an item of its `static` list.
macro_rules! print_struct {
    ($t:ident { $($field:ident),* $(,)? } $(short = $short:ident)? $(item = $item:ident)?) => {
        impl Print for $t {
            const KEPT: bool = true;
            fn ty() -> String {
                concat!("__s::", stringify!($t)).to_owned()
            }
            fn print(&self, w: &mut Writer, out: &mut String) {
                $(
                    if $short(self, out) {
                        return;
                    }
                )?
                out.push_str(concat!("__s::", stringify!($t), "::__new("));
                $(
                    self.$field.print(w, out);
                    out.push_str(", ");
                )*
                out.push(')');
            }
            $(
                fn print_item(&self, w: &mut Writer, out: &mut String) {
                    $item(self, w, out);
                }
            )?
        }
    };
}

print_struct!(Provider {
    key,
    name,
    enum_name,
    docs_url,
    status_page,
    non_exhaustive,
    notes,
    troubleshoot,
    format,
    success_errors,
    retry_from,
    codes,
    fallbacks,
    fallback_order,
    fallback_start,
    any_code_order,
    code_or_message_from_headers,
    unrecognized,
    code_table,
    layout,
});
print_struct!(Format {
    code,
    message,
    provider_type,
    status,
    request_id,
    should_retry,
    normalize,
    unwrap_array,
});
print_struct!(Normalize {
    strip_suffix_from,
    strip_prefix_through,
    uri_last_segment,
});
print_struct!(BodyPath { path, slot });
print_struct!(Needle { text, folded });
print_struct!(Condition { source, test });
print_struct!(RetrySource {
    source,
    form,
    categories,
    when,
});
print_struct!(Pattern {
    contains,
    when,
    cause,
    retry,
    category,
    rule,
} item = pattern_item);

/// The usual pattern (a text to find, no other conditions, a rule without docs URL or delays)
/// in one call with no nested ones; any other through `__new`.
fn pattern_item(p: &Pattern, w: &mut Writer, out: &mut String) {
    let Some(needle) = p.contains.as_ref().filter(|_| p.when.is_empty()) else {
        return keep(p, w, out);
    };
    if !usual_rule(&p.rule) {
        return keep(p, w, out);
    }
    out.push_str("__p::pattern(");
    for text in [&needle.text, &needle.folded, &p.cause] {
        string(out, text);
        out.push_str(", ");
    }
    p.retry.print(w, out);
    out.push_str(", ");
    p.category.print(w, out);
    out.push_str(", ");
    usual_rule_args(&p.rule, out);
    out.push(')');
}

print_struct!(Cause { cause, fix });
print_struct!(Table {
    title,
    columns,
    rows,
});
print_struct!(Fallback {
    min,
    max,
    contains,
    when,
    code,
    rule,
    notes,
    any_code,
});
print_struct!(Node {
    step,
    slot,
    children,
    slots,
    test_slot,
});
print_struct!(Layout { nodes, slots });

print_struct!(Rule {
    category,
    retry,
    summary,
    fix,
    docs_url,
    default_delay,
    min_delay,
} short = short_rule);

/// The usual rule (no docs URL or delays) through the shorter `__p::rule`: fewer expressions
/// to type-check per code.
fn short_rule(r: &Rule, out: &mut String) -> bool {
    if !usual_rule(r) {
        return false;
    }
    out.push_str("__p::rule(");
    usual_rule_args(r, out);
    out.push(')');
    true
}

print_struct!(Code {
    code,
    variant,
    status,
    provider_type,
    rule,
    notes,
    troubleshoot,
    example,
    patterns,
    causes,
    tables,
} item = code_item);

/// The usual code (no notes, commands, example, causes or tables, and a usual rule) in one
/// call with no nested ones; any other through `__new`.
fn code_item(c: &Code, w: &mut Writer, out: &mut String) {
    let usual = c.notes.is_none()
        && c.troubleshoot.is_none()
        && c.example.is_none()
        && c.causes.is_empty()
        && c.tables.is_empty()
        && usual_rule(&c.rule);
    if !usual {
        return keep(c, w, out);
    }
    let patterns = w.pooled(&c.patterns);
    out.push_str(match (patterns, &c.provider_type) {
        (Some(_), _) => "__p::code_patterns(",
        (None, Some(_)) => "__p::code_typed_rule(",
        (None, None) => "__p::code_rule(",
    });
    string(out, &c.code);
    out.push_str(", ");
    string(out, &c.variant);
    let _ = write!(out, ", {}u16, ", c.status);
    // `code_patterns` takes an `Option`; `code_typed_rule` the type itself.
    match (&c.provider_type, patterns) {
        (Some(t), Some(_)) => {
            out.push_str("::core::option::Option::Some(");
            string(out, t);
            out.push_str("), ");
        }
        (Some(t), None) => {
            string(out, t);
            out.push_str(", ");
        }
        (None, Some(_)) => out.push_str("::core::option::Option::None, "),
        (None, None) => {}
    }
    usual_rule_args(&c.rule, out);
    if let Some((index, start, len)) = patterns {
        let _ = write!(out, ", &__POOL_{index}, {start}usize, {len}usize");
    }
    out.push(')');
}

/// Appends `value` as a kept item of a `static` list, through its `__new`.
fn keep<T: Print>(value: &T, w: &mut Writer, out: &mut String) {
    out.push_str("__p::keep(");
    value.print(w, out);
    out.push(')');
}

/// A rule with no docs URL and no delays: most rules, printed through `__p::rule`.
fn usual_rule(r: &Rule) -> bool {
    r.docs_url.is_none() && r.default_delay.is_none() && r.min_delay.is_none()
}

/// The arguments of a usual rule in the short constructors: category, retry rule, summary,
/// fix.
fn usual_rule_args(r: &Rule, out: &mut String) {
    // Indexes of `Category::ALL` and `RetryRule::ALL`: cheaper for the compiler than paths.
    let category = Category::ALL.iter().position(|c| *c == r.category);
    let retry = RetryRule::ALL.iter().position(|c| *c == r.retry);
    let _ = write!(
        out,
        "{}u8, {}u8, ",
        category.unwrap_or(usize::MAX),
        retry.unwrap_or(usize::MAX)
    );
    string(out, &r.summary);
    out.push_str(", ");
    string(out, &r.fix);
}

impl Print for CodeTable {
    fn ty() -> String {
        "__s::CodeTable".to_owned()
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        let (seed, displacements, slots) = self.__parts();
        let _ = write!(out, "__s::CodeTable::__from_parts({seed}u64, ");
        w.list(displacements, out);
        out.push_str(", ");
        w.list(slots, out);
        out.push(')');
    }
}

impl Print for Source {
    const KEPT: bool = true;
    fn ty() -> String {
        "__s::Source".to_owned()
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        match self {
            Source::Header(name) => {
                out.push_str("__s::Source::Header(");
                name.print(w, out);
            }
            Source::Body(path) => {
                out.push_str("__s::Source::Body(");
                path.print(w, out);
            }
            Source::Message(needle) => {
                out.push_str("__s::Source::Message(");
                needle.print(w, out);
            }
            // The schema crate grows: a variant this writer does not know cannot be printed.
            _ => return unknown(out),
        }
        out.push(')');
    }
}

impl Print for Test {
    const KEPT: bool = true;
    fn ty() -> String {
        "__s::Test".to_owned()
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        match self {
            Test::Equals(literal) => {
                out.push_str("__s::Test::Equals(");
                literal.print(w, out);
                out.push(')');
            }
            Test::NonEmpty => out.push_str("__s::Test::NonEmpty"),
            Test::Present(p) => {
                let _ = write!(out, "__s::Test::Present({p})");
            }
            _ => unknown(out),
        }
    }
}

impl Print for Literal {
    const KEPT: bool = true;
    fn ty() -> String {
        "__s::Literal".to_owned()
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        match self {
            Literal::Str(s) => {
                out.push_str("__s::Literal::Str(");
                s.print(w, out);
                out.push(')');
            }
            Literal::Int(n) => {
                let _ = write!(out, "__s::Literal::Int({n}i64)");
            }
            Literal::Bool(b) => {
                let _ = write!(out, "__s::Literal::Bool({b})");
            }
            _ => unknown(out),
        }
    }
}

impl Print for Step {
    const KEPT: bool = true;
    fn ty() -> String {
        "__s::Step".to_owned()
    }
    fn print(&self, w: &mut Writer, out: &mut String) {
        match self {
            Step::Root => out.push_str("__s::Step::Root"),
            Step::Key(k) => {
                out.push_str("__s::Step::Key(");
                k.print(w, out);
                out.push(')');
            }
            Step::Index(i) => {
                let _ = write!(out, "__s::Step::Index({i}u32)");
            }
            Step::Match { key, value } => {
                out.push_str("__s::Step::Match { key: ");
                key.print(w, out);
                out.push_str(", value: ");
                value.print(w, out);
                out.push_str(" }");
            }
            _ => unknown(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::doc_string;

    /// The literal reads back as the text, raw where it can be.
    #[test]
    fn doc_strings_read_back_as_written() {
        let texts = [
            "",
            "plain text",
            "a \"quote\" and a \\ backslash, `code`, \\_ escaped markdown",
            "a quote then hashes: \"# and \"### and \"##",
            "ends with a quote\"",
            "\"#",
            "lines\nand\ttabs, ünïcödé, \u{a0}",
        ];
        for text in texts {
            let mut out = String::new();
            doc_string(&mut out, text);
            assert!(out.starts_with('r'), "{out} is not raw");
            let literal: syn::LitStr = syn::parse_str(&out).expect("a string literal");
            assert_eq!(literal.value(), text, "{out}");
        }
    }

    #[test]
    fn a_carriage_return_makes_a_plain_literal() {
        let mut out = String::new();
        doc_string(&mut out, "a\r\nb \"#");
        assert!(out.starts_with('"'), "{out}");
        let literal: syn::LitStr = syn::parse_str(&out).expect("a string literal");
        assert_eq!(literal.value(), "a\r\nb \"#");
    }
}
