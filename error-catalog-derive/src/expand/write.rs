//! The one writer: the model as Rust tokens that rebuild it as `static` data.
//!
//! Every model type prints itself through its `#[doc(hidden)]` `const fn __new`, fields in
//! declaration order. The items of every list of one type go into one `static` array (a
//! reference to a temporary inside a `const fn` call would not live long enough, and one
//! `static` per list costs the compiler time per list), and each list is a slice of it.

use std::borrow::Cow;
use std::time::Duration;

use error_catalog_schema::model::{
    BodyPath, Category, Cause, Code, CodeTable, Condition, Fallback, Format, Layout, Literal,
    Needle, Node, Normalize, Pattern, Provider, RetryRule, RetrySource, Rule, Source, Step, Table,
    Test, TimeForm,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// Collects the `static` arrays the printed values refer to: one per item type.
#[derive(Default)]
pub(crate) struct Writer {
    /// `(item type's name, item type, items)`, in the order the types were first met.
    pools: Vec<(&'static str, TokenStream, Vec<TokenStream>)>,
}

impl Writer {
    /// The statics, one per item type.
    pub(crate) fn into_items(self) -> Vec<TokenStream> {
        self.pools
            .into_iter()
            .enumerate()
            .map(|(i, (_, ty, items))| {
                let name = format_ident!("__POOL_{i}");
                let len = items.len();
                quote!(static #name: [#ty; #len] = [#(#items),*];)
            })
            .collect()
    }

    /// The expression of a list: a slice of its type's pool.
    fn list<T: Print>(&mut self, values: &[T]) -> TokenStream {
        if values.is_empty() {
            return quote!(__p::empty());
        }
        // Printed first: the items may add lists of other types (or of this one) to pools.
        let printed: Vec<TokenStream> = values.iter().map(|v| v.print(self)).collect();
        let key = std::any::type_name::<T>();
        let index = match self.pools.iter().position(|(t, _, _)| *t == key) {
            Some(i) => i,
            None => {
                self.pools.push((key, T::ty(), Vec::new()));
                self.pools.len() - 1
            }
        };
        let Some((_, _, pool)) = self.pools.get_mut(index) else {
            return quote!(__p::empty());
        };
        let start = pool.len();
        let len = printed.len();
        pool.extend(printed);
        let name = format_ident!("__POOL_{index}");
        quote!(__p::sub(&#name, #start, #len))
    }
}

/// A value of the model, as tokens.
pub(crate) trait Print {
    /// Its type, as tokens.
    fn ty() -> TokenStream;
    /// An expression that builds it in a `static`.
    fn print(&self, w: &mut Writer) -> TokenStream;

    /// `Some(self)`.
    fn print_some(&self, w: &mut Writer) -> TokenStream {
        let v = self.print(w);
        quote!(::core::option::Option::Some(#v))
    }

    /// `None` of this type.
    fn print_none() -> TokenStream {
        quote!(::core::option::Option::None)
    }
}

fn spec(name: &str) -> TokenStream {
    let name = Ident::new(name, Span::call_site());
    quote!(__s::#name)
}

impl Print for Cow<'static, str> {
    fn ty() -> TokenStream {
        quote!(::std::borrow::Cow<'static, str>)
    }
    fn print(&self, _: &mut Writer) -> TokenStream {
        let s: &str = self;
        quote!(__p::text(#s))
    }
    fn print_some(&self, _: &mut Writer) -> TokenStream {
        let s: &str = self;
        quote!(__p::some_text(#s))
    }
    fn print_none() -> TokenStream {
        quote!(__p::NO_TEXT)
    }
}

impl<T: Print + Clone> Print for Cow<'static, [T]> {
    fn ty() -> TokenStream {
        let t = T::ty();
        quote!(::std::borrow::Cow<'static, [#t]>)
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        w.list(self)
    }
}

impl<T: Print> Print for Option<T> {
    fn ty() -> TokenStream {
        let t = T::ty();
        quote!(::core::option::Option<#t>)
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        match self {
            Some(v) => v.print_some(w),
            None => T::print_none(),
        }
    }
}

macro_rules! print_literal {
    ($($t:ty),*) => {$(
        impl Print for $t {
            fn ty() -> TokenStream {
                quote!($t)
            }
            fn print(&self, _: &mut Writer) -> TokenStream {
                let value = *self;
                quote!(#value)
            }
        }
    )*};
}
print_literal!(bool, u16, u32, u64, i64);

impl Print for (u32, u32) {
    fn ty() -> TokenStream {
        quote!((u32, u32))
    }
    fn print(&self, _: &mut Writer) -> TokenStream {
        let (a, b) = self;
        quote!((#a, #b))
    }
}

impl Print for (u16, u16) {
    fn ty() -> TokenStream {
        quote!((u16, u16))
    }
    fn print(&self, _: &mut Writer) -> TokenStream {
        let (a, b) = self;
        quote!((#a, #b))
    }
}

impl Print for Duration {
    fn ty() -> TokenStream {
        quote!(::core::time::Duration)
    }
    fn print(&self, _: &mut Writer) -> TokenStream {
        let (secs, nanos) = (self.as_secs(), self.subsec_nanos());
        quote!(::core::time::Duration::new(#secs, #nanos))
    }
    fn print_some(&self, _: &mut Writer) -> TokenStream {
        let (secs, nanos) = (self.as_secs(), self.subsec_nanos());
        quote!(__p::some_duration(#secs, #nanos))
    }
    fn print_none() -> TokenStream {
        quote!(__p::NO_DURATION)
    }
}

/// A fieldless enum of the vocabulary: `__s::Name::Variant`.
macro_rules! print_vocabulary {
    ($($t:ident),*) => {$(
        impl Print for $t {
            fn ty() -> TokenStream {
                spec(stringify!($t))
            }
            fn print(&self, _: &mut Writer) -> TokenStream {
                let ty = spec(stringify!($t));
                let v = Ident::new(self.variant_name(), Span::call_site());
                quote!(#ty::#v)
            }
        }
    )*};
}
print_vocabulary!(Category, RetryRule, TimeForm);

/// A struct of the model, through its `__new` with these fields in order.
macro_rules! print_struct {
    ($t:ident { $($field:ident),* $(,)? }) => {
        impl Print for $t {
            fn ty() -> TokenStream {
                spec(stringify!($t))
            }
            fn print(&self, w: &mut Writer) -> TokenStream {
                let ty = spec(stringify!($t));
                let fields = [$(self.$field.print(w)),*];
                quote!(#ty::__new(#(#fields),*))
            }
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
/// A struct of the model through a shorter constructor when its optional fields are unset
/// (most rules and codes: fewer expressions to type-check per code), else through `__new`.
macro_rules! print_struct_or_short {
    ($t:ident { $($field:ident),* $(,)? } short($short:ident) if $unset:expr => { $($short_field:ident: $how:ident),* $(,)? }) => {
        impl Print for $t {
            fn ty() -> TokenStream {
                spec(stringify!($t))
            }
            fn print(&self, w: &mut Writer) -> TokenStream {
                let unset: fn(&$t) -> bool = $unset;
                if unset(self) {
                    let fields = [$(print_short!($how, self.$short_field, w)),*];
                    return quote!(__p::$short(#(#fields),*));
                }
                let ty = spec(stringify!($t));
                let fields = [$(self.$field.print(w)),*];
                quote!(#ty::__new(#(#fields),*))
            }
        }
    };
}

/// One argument of a short constructor: a text as a plain string literal, or as printed.
macro_rules! print_short {
    (str, $value:expr, $w:ident) => {{
        let s: &str = &$value;
        quote!(#s)
    }};
    (value, $value:expr, $w:ident) => {
        $value.print($w)
    };
}

print_struct_or_short!(Rule {
    category,
    retry,
    summary,
    fix,
    docs_url,
    default_delay,
    min_delay,
} short(rule) if |r| r.docs_url.is_none() && r.default_delay.is_none() && r.min_delay.is_none() => {
    category: value,
    retry: value,
    summary: str,
    fix: str,
});
impl Print for Code {
    fn ty() -> TokenStream {
        spec("Code")
    }
    /// The usual code (no notes, commands, example, patterns, causes or tables, and a rule
    /// without docs URL or delays) in one call with no nested ones; any other through `__new`.
    fn print(&self, w: &mut Writer) -> TokenStream {
        let r = &self.rule;
        let plain = self.notes.is_none()
            && self.troubleshoot.is_none()
            && self.example.is_none()
            && self.patterns.is_empty()
            && self.causes.is_empty()
            && self.tables.is_empty()
            && r.docs_url.is_none()
            && r.default_delay.is_none()
            && r.min_delay.is_none();
        if plain {
            let (code, variant, status) = (&*self.code, &*self.variant, self.status);
            let (category, retry) = (r.category.print(w), r.retry.print(w));
            let (summary, fix) = (&*r.summary, &*r.fix);
            return match &self.provider_type {
                None => quote!(__p::code_rule(
                    #code, #variant, #status, #category, #retry, #summary, #fix
                )),
                Some(t) => {
                    let t: &str = t;
                    quote!(__p::code_typed_rule(
                        #code, #variant, #status, ::core::option::Option::Some(#t),
                        #category, #retry, #summary, #fix
                    ))
                }
            };
        }
        let ty = spec("Code");
        let fields = [
            self.code.print(w),
            self.variant.print(w),
            self.status.print(w),
            self.provider_type.print(w),
            self.rule.print(w),
            self.notes.print(w),
            self.troubleshoot.print(w),
            self.example.print(w),
            self.patterns.print(w),
            self.causes.print(w),
            self.tables.print(w),
        ];
        quote!(#ty::__new(#(#fields),*))
    }
}
print_struct!(Pattern {
    contains,
    when,
    cause,
    retry,
    category,
    rule,
});
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
});
print_struct!(Node {
    step,
    slot,
    children,
    slots,
    test_slot,
});
print_struct!(Layout { nodes, slots });

impl Print for CodeTable {
    fn ty() -> TokenStream {
        spec("CodeTable")
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        let (seed, displacements, slots) = self.__parts();
        let displacements = w.list(displacements);
        let slots = w.list(slots);
        quote!(__s::CodeTable::__from_parts(#seed, #displacements, #slots))
    }
}

impl Print for Source {
    fn ty() -> TokenStream {
        spec("Source")
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        match self {
            Source::Header(name) => {
                let name = name.print(w);
                quote!(__s::Source::Header(#name))
            }
            Source::Body(path) => {
                let path = path.print(w);
                quote!(__s::Source::Body(#path))
            }
            Source::Message(needle) => {
                let needle = needle.print(w);
                quote!(__s::Source::Message(#needle))
            }
            // The schema crate grows: a variant this writer does not know cannot be printed.
            _ => quote!(::core::compile_error!(
                "error-catalog-derive is older than error-catalog-schema: update both together"
            )),
        }
    }
}

impl Print for Test {
    fn ty() -> TokenStream {
        spec("Test")
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        match self {
            Test::Equals(literal) => {
                let literal = literal.print(w);
                quote!(__s::Test::Equals(#literal))
            }
            Test::NonEmpty => quote!(__s::Test::NonEmpty),
            Test::Present(p) => quote!(__s::Test::Present(#p)),
            _ => quote!(::core::compile_error!(
                "error-catalog-derive is older than error-catalog-schema: update both together"
            )),
        }
    }
}

impl Print for Literal {
    fn ty() -> TokenStream {
        spec("Literal")
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        match self {
            Literal::Str(s) => {
                let s = s.print(w);
                quote!(__s::Literal::Str(#s))
            }
            Literal::Int(n) => quote!(__s::Literal::Int(#n)),
            Literal::Bool(b) => quote!(__s::Literal::Bool(#b)),
            _ => quote!(::core::compile_error!(
                "error-catalog-derive is older than error-catalog-schema: update both together"
            )),
        }
    }
}

impl Print for Step {
    fn ty() -> TokenStream {
        spec("Step")
    }
    fn print(&self, w: &mut Writer) -> TokenStream {
        match self {
            Step::Root => quote!(__s::Step::Root),
            Step::Key(k) => {
                let k = k.print(w);
                quote!(__s::Step::Key(#k))
            }
            Step::Index(i) => quote!(__s::Step::Index(#i)),
            Step::Match { key, value } => {
                let (key, value) = (key.print(w), value.print(w));
                quote!(__s::Step::Match { key: #key, value: #value })
            }
            _ => quote!(::core::compile_error!(
                "error-catalog-derive is older than error-catalog-schema: update both together"
            )),
        }
    }
}
