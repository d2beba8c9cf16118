//! The catalog as `error_catalog::__private` static data.

use error_catalog_schema::{
    Category, Code, Fallback, FallbackTarget, Format, Location, Pattern, Provider, RetryRule,
    RetrySource, Rule, TimeForm,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub fn provider(p: &Provider) -> TokenStream {
    let key = &p.key.value;
    let name = &p.name;
    let enum_name = &p.enum_name.value;
    let docs_url = opt_str(p.docs_url.as_deref());
    let status_page = opt_str(p.status_page.as_deref());
    let format = format(&p.format);
    let retry_from = p.retry_from.iter().map(retry_source);
    let codes = p.codes.iter().map(code);
    let fallbacks = p.fallbacks.iter().map(fallback);
    let unrecognized = rule(&p.unrecognized_rule());
    quote! {
        ::error_catalog::__private::Provider {
            key: #key,
            name: #name,
            enum_name: #enum_name,
            docs_url: #docs_url,
            status_page: #status_page,
            format: #format,
            retry_from: &[#(#retry_from),*],
            codes: &[#(#codes),*],
            fallbacks: &[#(#fallbacks),*],
            unrecognized: #unrecognized,
            index: ::error_catalog::__private::CodeIndex::new(),
        }
    }
}

fn format(f: &Format) -> TokenStream {
    let code = path(&f.code);
    let message = opt_path(f.message.as_deref());
    let provider_type = opt_path(f.provider_type.as_deref());
    let status = opt_path(f.status.as_deref());
    quote! {
        ::error_catalog::__private::Format {
            code: #code,
            message: #message,
            provider_type: #provider_type,
            status: #status,
        }
    }
}

fn retry_source(s: &RetrySource) -> TokenStream {
    let location = match &s.location {
        Location::Header(name) => quote!(::error_catalog::__private::Location::Header(#name)),
        Location::Body(p) => {
            let p = path(p);
            quote!(::error_catalog::__private::Location::Body(#p))
        }
    };
    let form = Ident::new(time_form(s.form), Span::call_site());
    let categories = s.categories.iter().map(|c| category(*c));
    quote! {
        ::error_catalog::__private::RetrySource {
            location: #location,
            form: ::error_catalog::__private::TimeForm::#form,
            categories: &[#(#categories),*],
        }
    }
}

fn time_form(f: TimeForm) -> &'static str {
    match f {
        TimeForm::RetryAfter => "RetryAfter",
        TimeForm::Seconds => "Seconds",
        TimeForm::Milliseconds => "Milliseconds",
        TimeForm::HttpDate => "HttpDate",
        TimeForm::UnixSeconds => "UnixSeconds",
        TimeForm::UnixMilliseconds => "UnixMilliseconds",
    }
}

fn code(c: &Code) -> TokenStream {
    let wire = &c.code.value;
    let variant = &c.variant.value;
    let status = c.status;
    let provider_type = opt_str(c.provider_type.as_deref());
    let rule = rule(&c.rule);
    let patterns = c.patterns.iter().map(pattern);
    let default_delay = opt(c.default_delay.map(duration));
    let min_delay = opt(c.min_delay.map(duration));
    quote! {
        ::error_catalog::__private::Code {
            code: #wire,
            variant: #variant,
            status: #status,
            provider_type: #provider_type,
            rule: #rule,
            patterns: &[#(#patterns),*],
            default_delay: #default_delay,
            min_delay: #min_delay,
        }
    }
}

fn pattern(p: &Pattern) -> TokenStream {
    let contains = &p.contains;
    let cause = &p.cause;
    let fix = &p.fix;
    let retry = opt(p.retry.map(retry_rule));
    let category = opt(p.category.map(category));
    quote! {
        ::error_catalog::__private::Pattern {
            contains: #contains,
            cause: #cause,
            fix: #fix,
            retry: #retry,
            category: #category,
        }
    }
}

fn fallback(f: &Fallback) -> TokenStream {
    let (min, max) = (f.min, f.max);
    let target = match &f.target {
        FallbackTarget::Code(i) => quote!(::error_catalog::__private::FallbackTarget::Code(#i)),
        FallbackTarget::Rule(r) => {
            let rule = rule(r);
            quote!(::error_catalog::__private::FallbackTarget::Rule(#rule))
        }
    };
    quote! {
        ::error_catalog::__private::Fallback { min: #min, max: #max, target: #target }
    }
}

fn rule(r: &Rule) -> TokenStream {
    let category = category(r.category);
    let retry = retry_rule(r.retry);
    let summary = &r.summary;
    let fix = &r.fix;
    let docs_url = opt_str(r.docs_url.as_deref());
    quote! {
        ::error_catalog::__private::Rule {
            category: #category,
            retry: #retry,
            summary: #summary,
            fix: #fix,
            docs_url: #docs_url,
        }
    }
}

fn category(c: Category) -> TokenStream {
    let v = Ident::new(c.variant_name(), Span::call_site());
    quote!(::error_catalog::Category::#v)
}

fn retry_rule(r: RetryRule) -> TokenStream {
    let v = Ident::new(r.variant_name(), Span::call_site());
    quote!(::error_catalog::RetryRule::#v)
}

/// Seconds (validated: 0 to a day) as a `const` `Duration`.
fn duration(seconds: f64) -> TokenStream {
    let nanos = (seconds * 1e9).round() as u64;
    quote!(::core::time::Duration::from_nanos(#nanos))
}

fn path(segments: &[String]) -> TokenStream {
    quote!(&[#(#segments),*])
}

fn opt_path(p: Option<&[String]>) -> TokenStream {
    opt(p.map(path))
}

fn opt_str(s: Option<&str>) -> TokenStream {
    opt(s.map(|s| quote!(#s)))
}

fn opt(t: Option<TokenStream>) -> TokenStream {
    match t {
        Some(t) => quote!(::core::option::Option::Some(#t)),
        None => quote!(::core::option::Option::None),
    }
}
