//! Reading a retry time from a header or a body value, per the provider's format.
//!
//! Every reader is total: text that is not a time of the expected form yields `None`, and no
//! value, however large, yields a time further away than [`MAX_RETRY_DELAY`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::spec::TimeForm;

/// The longest wait a response can ask for; later times are capped to this.
///
/// A day covers every rate-limit window in use; a value beyond it is a bug or an attack,
/// and a retry loop should not sleep on it.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Reads `text` (a header value, or a body string) as a time of the given form.
pub(crate) fn from_text(text: &str, form: TimeForm, now: SystemTime) -> Option<SystemTime> {
    let text = text.trim();
    match form {
        TimeForm::RetryAfter => delta_seconds(text)
            .map(|secs| after(now, secs))
            .or_else(|| http_date(text, now)),
        TimeForm::HttpDate => http_date(text, now),
        TimeForm::Seconds
        | TimeForm::Milliseconds
        | TimeForm::UnixSeconds
        | TimeForm::UnixMilliseconds => {
            let n = text.parse::<f64>().ok()?;
            from_number(n, form, now)
        }
    }
}

/// Reads a JSON number as a time of the given form. Negative, NaN and infinite numbers
/// are no time; date forms take no numbers.
pub(crate) fn from_number(n: f64, form: TimeForm, now: SystemTime) -> Option<SystemTime> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    match form {
        TimeForm::Seconds | TimeForm::RetryAfter => Some(after(now, n)),
        TimeForm::Milliseconds => Some(after(now, n / 1000.0)),
        TimeForm::UnixSeconds => Some(at(now, n)),
        TimeForm::UnixMilliseconds => Some(at(now, n / 1000.0)),
        TimeForm::HttpDate => None,
    }
}

/// RFC 9110 delta-seconds: `1*DIGIT`. A value too large for `u64` is still a (huge) delay.
fn delta_seconds(text: &str) -> Option<f64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse::<u64>().map_or(f64::MAX, |n| n as f64))
}

/// IMF-fixdate, obsolete RFC 850 and asctime dates. A date in the past stays in the past
/// (the wait saturates to zero); one too far ahead is capped.
fn http_date(text: &str, now: SystemTime) -> Option<SystemTime> {
    let date = httpdate::parse_http_date(text).ok()?;
    Some(cap(date, now))
}

/// `now + secs`, capped.
fn after(now: SystemTime, secs: f64) -> SystemTime {
    let secs = secs.min(MAX_RETRY_DELAY.as_secs_f64());
    Duration::try_from_secs_f64(secs.max(0.0))
        .ok()
        .and_then(|d| now.checked_add(d))
        .unwrap_or(now)
}

/// The Unix time `secs`, capped.
fn at(now: SystemTime, secs: f64) -> SystemTime {
    let cap_secs = now
        .checked_add(MAX_RETRY_DELAY)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(f64::MAX, |d| d.as_secs_f64());
    let secs = secs.min(cap_secs);
    Duration::try_from_secs_f64(secs)
        .ok()
        .and_then(|d| UNIX_EPOCH.checked_add(d))
        .map_or(now, |t| cap(t, now))
}

fn cap(t: SystemTime, now: SystemTime) -> SystemTime {
    match now.checked_add(MAX_RETRY_DELAY) {
        Some(limit) if t > limit => limit,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SystemTime {
        // Sat, 22 Mar 2025 14:30:00 GMT
        UNIX_EPOCH + Duration::from_secs(1_742_653_800)
    }

    fn wait(text: &str, form: TimeForm) -> Option<Duration> {
        from_text(text, form, now()).map(|t| t.duration_since(now()).unwrap_or(Duration::ZERO))
    }

    #[test]
    fn retry_after_reads_delta_seconds_and_all_three_date_forms() {
        let one = Some(Duration::from_secs(1));
        assert_eq!(
            wait("120", TimeForm::RetryAfter),
            Some(Duration::from_secs(120))
        );
        assert_eq!(wait(" 0 ", TimeForm::RetryAfter), Some(Duration::ZERO));
        assert_eq!(
            wait("Sat, 22 Mar 2025 14:30:01 GMT", TimeForm::RetryAfter),
            one
        );
        assert_eq!(
            wait("Saturday, 22-Mar-25 14:30:01 GMT", TimeForm::RetryAfter),
            one
        );
        assert_eq!(wait("Sat Mar 22 14:30:01 2025", TimeForm::RetryAfter), one);
    }

    #[test]
    fn past_dates_wait_zero_and_far_ones_are_capped() {
        assert_eq!(
            wait("Sat, 22 Mar 2025 14:29:00 GMT", TimeForm::RetryAfter),
            Some(Duration::ZERO)
        );
        assert_eq!(
            wait("Thu, 01 Jan 2099 00:00:00 GMT", TimeForm::RetryAfter),
            Some(MAX_RETRY_DELAY)
        );
        assert_eq!(
            wait("99999999999999999999999999", TimeForm::RetryAfter),
            Some(MAX_RETRY_DELAY)
        );
        assert_eq!(wait("1e300", TimeForm::Seconds), Some(MAX_RETRY_DELAY));
        assert_eq!(
            wait("99999999999999", TimeForm::UnixSeconds),
            Some(MAX_RETRY_DELAY)
        );
    }

    #[test]
    fn garbage_is_no_time() {
        for text in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sat, 32 Mar 2025 14:30:01 GMT",
            "+5",
            "5 s",
            "0x10",
        ] {
            assert_eq!(wait(text, TimeForm::RetryAfter), None, "{text:?}");
        }
        for text in ["-1", "NaN", "inf", "abc", ""] {
            assert_eq!(wait(text, TimeForm::Seconds), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_in_each_form() {
        let n =
            |v, f| from_number(v, f, now()).map(|t| t.duration_since(now()).unwrap_or_default());
        assert_eq!(n(2.5, TimeForm::Seconds), Some(Duration::from_millis(2500)));
        assert_eq!(
            n(1500.0, TimeForm::Milliseconds),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            n(1_742_653_830.0, TimeForm::UnixSeconds),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            n(1_742_653_830_000.0, TimeForm::UnixMilliseconds),
            Some(Duration::from_secs(30))
        );
        assert_eq!(n(1.0, TimeForm::UnixSeconds), Some(Duration::ZERO));
        assert_eq!(n(-1.0, TimeForm::Seconds), None);
        assert_eq!(n(f64::NAN, TimeForm::Seconds), None);
        assert_eq!(n(5.0, TimeForm::HttpDate), None);
    }

    #[test]
    fn later_dates_never_wait_less() {
        let mut last = Duration::ZERO;
        for s in 0..200u64 {
            let t = UNIX_EPOCH + Duration::from_secs(1_742_653_700 + s * 997);
            let w = wait(&httpdate::fmt_http_date(t), TimeForm::HttpDate).unwrap_or_default();
            assert!(w >= last);
            last = w;
        }
    }
}
