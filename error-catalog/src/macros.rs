/// The impls of a generated enum, written once here rather than emitted token by token by
/// the derive: the derive passes the enum, its provider static and its number of variants.
/// Nothing here repeats per variant, so an enum compiles in time proportional to its codes.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_api_error {
    ($ty:ident, $provider:ident, $variants:literal) => {
        // SAFETY: `#[derive(ApiError)]` emits `$ty` as `#[repr(u32)]`, with `$variants`
        // variants that each hold one `Details`, numbered `0..$variants`, `Unrecognized`
        // last.
        #[automatically_derived]
        unsafe impl $crate::__private::ErrorEnum for $ty {
            const VARIANTS: u32 = $variants;

            fn provider() -> &'static $crate::spec::Provider {
                &$provider
            }
        }

        #[automatically_derived]
        impl $ty {
            /// Classifies an HTTP error response. Total: never panics, never fails; a
            /// response the catalog does not describe becomes `Unrecognized`, raw bytes kept.
            pub fn from_response(status: u16, headers: impl $crate::Headers, body: &[u8]) -> Self {
                $crate::__private::from_slice(status, &headers, body, ::core::option::Option::None)
            }

            /// [`from_response`](Self::from_response) with the clock given: delays count
            /// from `now`.
            pub fn from_response_at(
                status: u16,
                headers: impl $crate::Headers,
                body: &[u8],
                now: ::std::time::SystemTime,
            ) -> Self {
                $crate::__private::from_slice(
                    status,
                    &headers,
                    body,
                    ::core::option::Option::Some(now),
                )
            }

            /// [`from_response`](Self::from_response) for a body you own as
            /// [`Bytes`]($crate::Bytes): the error keeps it without copying.
            pub fn from_response_bytes(
                status: u16,
                headers: impl $crate::Headers,
                body: $crate::Bytes,
            ) -> Self {
                $crate::__private::from_bytes(status, &headers, body, ::core::option::Option::None)
            }

            /// The wire data of any variant.
            pub fn details(&self) -> &$crate::Details {
                $crate::__private::details(self)
            }

            /// The wire data, by value.
            pub fn into_details(self) -> $crate::Details {
                $crate::__private::into_details(self)
            }

            /// The variant's name, e.g. `"RateLimitExceeded"`.
            pub fn variant_name(&self) -> &'static str {
                self.__view().variant_name()
            }

            /// The variant's catalog entry; `None` for `Unrecognized`.
            pub fn code_spec(&self) -> ::core::option::Option<&'static $crate::spec::Code> {
                self.__view().code_spec()
            }

            /// The message pattern of the variant's code that matched: the known cause, and
            /// the fix that [`fix_hint`]($crate::NormalizedError::fix_hint) returns.
            pub fn pattern(&self) -> ::core::option::Option<&'static $crate::spec::Pattern> {
                self.__view().pattern()
            }

            /// The catalog rule in force (the code's, its pattern's, or the fallback's).
            pub fn rule(&self) -> &'static $crate::spec::Rule {
                self.__view().rule()
            }

            /// The retry rule in force.
            pub fn retry_rule(&self) -> $crate::RetryRule {
                self.details().retry_rule()
            }

            /// One line: what happened, from the catalog.
            pub fn summary(&self) -> &'static str {
                &self.__view().rule().summary
            }

            /// Documentation for this error, or for the provider.
            pub fn docs_url(&self) -> ::core::option::Option<&'static str> {
                self.__view().docs_url()
            }

            /// The whole catalog entry of this provider.
            pub fn provider_spec() -> &'static $crate::spec::Provider {
                &$provider
            }

            fn __view(&self) -> $crate::__private::View<'static, '_> {
                $crate::__private::View::new(
                    &$provider,
                    $crate::__private::variant(self),
                    self.details(),
                )
            }
        }

        #[automatically_derived]
        impl ::core::clone::Clone for $ty {
            fn clone(&self) -> Self {
                $crate::__private::make(
                    $crate::__private::variant(self),
                    ::core::clone::Clone::clone(self.details()),
                )
            }
        }

        #[automatically_derived]
        impl ::core::cmp::PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                $crate::__private::variant(self) == $crate::__private::variant(other)
                    && self.details() == other.details()
            }
        }

        #[automatically_derived]
        impl ::core::cmp::Eq for $ty {}

        $crate::__impl_view_traits!($ty);

        #[automatically_derived]
        impl $crate::FromResponse for $ty {
            fn from_response<H: $crate::Headers>(status: u16, headers: H, body: &[u8]) -> Self {
                $crate::__private::from_slice(status, &headers, body, ::core::option::Option::None)
            }

            fn from_response_bytes<H: $crate::Headers>(
                status: u16,
                headers: H,
                body: $crate::Bytes,
            ) -> Self {
                $crate::__private::from_bytes(status, &headers, body, ::core::option::Option::None)
            }

            fn is_error(&self) -> bool {
                !::core::matches!(self.details().rule_ref(), $crate::spec::RuleRef::NotAnError)
            }

            fn errors_in_success() -> bool {
                !$provider.success_errors.is_empty()
            }
        }
    };
}

/// `Debug`, `Display`, `Error`, `NormalizedError`, `From<…> for Normalized` and (with the
/// `miette` feature) `miette::Diagnostic`: what every error type of this crate implements
/// the same way, for a type with an inherent `fn __view(&self) -> View<'_, '_>`. Used by the
/// generated enums and by [`DynError`](crate::DynError).
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_view_traits {
    ($ty:ident) => {
        #[automatically_derived]
        impl ::core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                self.__view().fmt_debug(f)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                self.__view().fmt_display(f)
            }
        }

        #[automatically_derived]
        impl ::std::error::Error for $ty {}

        #[automatically_derived]
        impl $crate::NormalizedError for $ty {
            fn provider(&self) -> &str {
                &self.__view().provider().key
            }
            fn status(&self) -> u16 {
                self.__view().details().status()
            }
            fn code(&self) -> &str {
                self.__view().details().code()
            }
            fn message(&self) -> &str {
                self.__view().details().message()
            }
            fn category(&self) -> $crate::Category {
                self.__view().details().category()
            }
            fn is_retryable(&self) -> bool {
                self.__view().details().retry_rule().is_retryable()
            }
            fn retry_after(&self) -> ::core::option::Option<::std::time::Duration> {
                self.__view().retry_after()
            }
            fn retry_at(&self) -> ::core::option::Option<::std::time::SystemTime> {
                self.__view().details().retry_at()
            }
            fn fix_hint(&self) -> &str {
                &self.__view().rule().fix
            }
            fn raw_body(&self) -> &[u8] {
                self.__view().details().raw_body()
            }
            fn normalize(&self) -> $crate::Normalized {
                self.__view().normalize()
            }
            fn request_id(&self) -> ::core::option::Option<&str> {
                self.__view().details().request_id()
            }
            fn wait_origin(&self) -> ::core::option::Option<$crate::WaitOrigin> {
                self.__view().details().wait_origin()
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<$ty> for $crate::Normalized {
            fn from(e: $ty) -> Self {
                $crate::NormalizedError::normalize(&e)
            }
        }

        $crate::__impl_miette!($ty);
    };
}

/// `miette::Diagnostic` for a catalog error: code `provider::code`, help = the fix hint,
/// url = the docs URL (see `diagnostic.rs`).
///
/// Defined twice, once per state of this crate's `miette` feature, and always called by
/// `__impl_view_traits!`: a `#[cfg(feature = "miette")]` in the generated code would test the
/// feature of the crate that uses the derive, not ours.
#[cfg(feature = "miette")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_miette {
    ($ty:ident) => {
        #[automatically_derived]
        impl $crate::__private::miette::Diagnostic for $ty {
            fn code<'a>(
                &'a self,
            ) -> ::core::option::Option<::std::boxed::Box<dyn ::core::fmt::Display + 'a>> {
                $crate::__private::diagnostic::code(&self.__view())
            }

            fn help<'a>(
                &'a self,
            ) -> ::core::option::Option<::std::boxed::Box<dyn ::core::fmt::Display + 'a>> {
                $crate::__private::diagnostic::help(&self.__view())
            }

            fn url<'a>(
                &'a self,
            ) -> ::core::option::Option<::std::boxed::Box<dyn ::core::fmt::Display + 'a>> {
                $crate::__private::diagnostic::url(&self.__view())
            }
        }
    };
}

/// Without the `miette` feature: no impl.
#[cfg(not(feature = "miette"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_miette {
    ($ty:ident) => {};
}
