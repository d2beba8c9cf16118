//! How a generated enum holds its [`Details`]: one shared accessor instead of a `match` with
//! an arm per code.
//!
//! `#[derive(ApiError)]` emits each enum as `#[repr(u32)]`, every variant a tuple variant
//! holding one `Details`, with the discriminants `0..VARIANTS` (`Unrecognized` last). RFC 2195
//! fixes the layout of such an enum: each variant is a `#[repr(C)]` struct of the `u32` tag
//! followed by its fields, which is [`Repr`] for every variant. So the tag and the `Details`
//! are at the same place whatever the variant, and reading them is a field read. A catalog of
//! 5000 codes then compiles in time proportional to its codes, not to codes × methods.
//!
//! This and `details.rs` (text slices of the body it has already checked as UTF-8) hold the
//! crate's only `unsafe`. The contract here is [`ErrorEnum`]'s, which only the derive
//! implements (through `__impl_api_error!`), for the enum it has just emitted.

use core::mem::{ManuallyDrop, align_of, size_of};
use core::ptr;

use crate::Details;
use crate::spec::Provider;

/// A generated error enum.
///
/// # Safety
///
/// `Self` is `#[repr(u32)]`; every variant is a tuple variant with exactly one field, of type
/// [`Details`]; the discriminants are `0..VARIANTS`, the last being `Unrecognized`.
pub unsafe trait ErrorEnum: Sized + 'static {
    /// The number of variants, `Unrecognized` included.
    const VARIANTS: u32;

    /// The provider the enum was generated from.
    fn provider() -> &'static Provider;
}

/// The layout of every variant of an [`ErrorEnum`].
#[repr(C)]
struct Repr {
    tag: u32,
    details: Details,
}

/// The enum's layout is [`Repr`]'s: checked when each enum's accessors are instantiated.
const fn same_layout<E>() -> bool {
    size_of::<E>() == size_of::<Repr>() && align_of::<E>() == align_of::<Repr>()
}

/// The index of the variant's code in [`Provider::codes`]; `None` for `Unrecognized`.
pub fn variant<E: ErrorEnum>(e: &E) -> Option<u32> {
    const { assert!(same_layout::<E>()) };
    // SAFETY: `E` is `#[repr(u32)]` (the contract of `ErrorEnum`): its tag is the `u32` at
    // the start of the value.
    let tag = unsafe { *(e as *const E).cast::<u32>() };
    (tag.saturating_add(1) < E::VARIANTS).then_some(tag)
}

/// The `Details` of any variant.
pub fn details<E: ErrorEnum>(e: &E) -> &Details {
    const { assert!(same_layout::<E>()) };
    // SAFETY: every variant of `E` is laid out as `Repr` (RFC 2195 and the contract of
    // `ErrorEnum`), so the `Details` is at the same offset whatever the variant.
    unsafe { &(*(e as *const E).cast::<Repr>()).details }
}

/// The `Details` of any variant, by value.
pub fn into_details<E: ErrorEnum>(e: E) -> Details {
    const { assert!(same_layout::<E>()) };
    let e = ManuallyDrop::new(e);
    // SAFETY: as in `details`; `e` is never dropped, so the `Details` moves out exactly once.
    unsafe { ptr::read(&raw const (*(&raw const *e).cast::<Repr>()).details) }
}

/// The variant of `provider.codes[variant]` (`None`, or an index out of range:
/// `Unrecognized`) holding `details`.
pub fn make<E: ErrorEnum>(variant: Option<u32>, details: Details) -> E {
    const { assert!(same_layout::<E>()) };
    let unrecognized = E::VARIANTS.saturating_sub(1);
    let tag = variant
        .filter(|&v| v < unrecognized)
        .unwrap_or(unrecognized);
    let repr = ManuallyDrop::new(Repr { tag, details });
    // SAFETY: `tag` is a discriminant of `E` (`0..VARIANTS`), and every variant of `E` is
    // laid out as `Repr`; `repr` is never dropped, so the `Details` moves exactly once.
    unsafe { ptr::read((&raw const *repr).cast::<E>()) }
}
