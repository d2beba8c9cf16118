//! Reading a retry time from a header, a body value or a message, per the catalog's form.
//!
//! Every reader is total: text that is not a time of the expected form yields `None`, and no
//! value, however large, yields a time further away than [`MAX_RETRY_DELAY`].
//!
//! Out of range, each form does this:
//!
//! - a time in the past waits zero (`retry_at()` keeps the time as sent, `retry_after()` is
//!   zero);
//! - a time or delay further ahead than [`MAX_RETRY_DELAY`] is capped to it: a retry policy
//!   then stops on it rather than sleep (see [`retry`](crate::retry));
//! - `unix-seconds` that can only be milliseconds (from 10^11 on, the year 5138) are read as
//!   milliseconds, and `unix-milliseconds` below 10^11 (before March 1973) as seconds: a
//!   provider that sends the other unit is read as it meant, not as a wait of a day;
//! - negative numbers, NaN and infinities are no time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::spec::TimeForm;

/// The longest wait a response can ask for; later times are capped to this.
///
/// A day covers every rate-limit window in use; a value beyond it is a bug or an attack.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Unix times from here on can only be milliseconds (in seconds, the year 5138).
const MILLIS_FROM: f64 = 1e11;

/// Reads `text` (a header value, a body string) as a time of the given form: the whole text,
/// trimmed.
pub(crate) fn from_text(text: &str, form: TimeForm, now: SystemTime) -> Option<SystemTime> {
    let text = text.trim();
    match form {
        TimeForm::RetryAfter if text.starts_with(|c: char| c.is_ascii_digit()) => {
            delta_seconds(text)
                .map(|secs| after(now, secs))
                .or_else(|| http_date(text, now))
        }
        TimeForm::RetryAfter => http_date(text, now),
        TimeForm::HttpDate => http_date(text, now),
        TimeForm::Duration => match duration_prefix(text) {
            Some((secs, read)) if read == text.len() => Some(after(now, secs)),
            _ => None,
        },
        TimeForm::Rfc3339 => rfc3339(text).map(|secs| at(now, secs)),
        TimeForm::Seconds
        | TimeForm::Milliseconds
        | TimeForm::UnixSeconds
        | TimeForm::UnixMilliseconds => {
            let n = text.parse::<f64>().ok()?;
            from_number(n, form, now)
        }
        _ => None,
    }
}

/// Reads the time at the start of the text that follows a needle in a message (`7.66s.
/// Visit …`, `2026-09-11T20:00:00.000Z (Mail sending)`): a duration, a number of seconds or
/// milliseconds, or an RFC 3339 timestamp written without spaces.
pub(crate) fn from_message(text: &str, form: TimeForm, now: SystemTime) -> Option<SystemTime> {
    let text = text.trim_start();
    match form {
        TimeForm::Duration => duration_prefix(text).map(|(secs, _)| after(now, secs)),
        TimeForm::Seconds | TimeForm::Milliseconds => from_number(number_prefix(text)?, form, now),
        TimeForm::Rfc3339 => rfc3339(timestamp_prefix(text)).map(|secs| at(now, secs)),
        _ => None,
    }
}

/// The word at the start of `text` that can be a timestamp (`2026-09-11T20:00:00.000Z` of
/// `2026-09-11T20:00:00.000Z.`): digits, letters, `-`, `:`, `.` and `+`, without the full stop
/// of a sentence.
fn timestamp_prefix(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+')))
        .unwrap_or(text.len());
    text.get(..end).unwrap_or(text).trim_end_matches('.')
}

/// Reads a JSON number as a time of the given form. Negative, NaN and infinite numbers
/// are no time; date forms take no numbers.
pub(crate) fn from_number(n: f64, form: TimeForm, now: SystemTime) -> Option<SystemTime> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    match form {
        TimeForm::Seconds | TimeForm::RetryAfter | TimeForm::Duration => Some(after(now, n)),
        TimeForm::Milliseconds => Some(after(now, n / 1000.0)),
        TimeForm::UnixSeconds if n >= MILLIS_FROM => Some(at(now, n / 1000.0)),
        TimeForm::UnixSeconds => Some(at(now, n)),
        TimeForm::UnixMilliseconds if n < MILLIS_FROM => Some(at(now, n)),
        TimeForm::UnixMilliseconds => Some(at(now, n / 1000.0)),
        _ => None,
    }
}

/// RFC 9110 delta-seconds (`1*DIGIT`), and a decimal fraction (`2.0`) as some providers
/// send. A value too large for `u64` is still a (huge) delay.
fn delta_seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return None;
    }
    if fraction.is_empty() {
        return Some(whole.parse::<u64>().map_or(f64::MAX, |n| n as f64));
    }
    text.parse::<f64>().ok()
}

/// A number at the start of `text` (`"30"`, `"2.5 seconds"`): digits, one `.`, digits.
fn number_prefix(text: &str) -> Option<f64> {
    let mut seen_dot = false;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            let dot = c == '.' && !seen_dot;
            seen_dot |= dot;
            !(c.is_ascii_digit() || dot)
        })
        .map_or(text.len(), |(i, _)| i);
    let number = text.get(..end)?.trim_end_matches('.');
    if number.is_empty() {
        return None;
    }
    number.parse::<f64>().ok()
}

/// A Go or protobuf duration at the start of `text`: `1s`, `6m0s`, `7.66s`, `120ms`,
/// `0.500s`, `1h30m`; a bare number is seconds. Returns the seconds and the length read.
pub(crate) fn duration_prefix(text: &str) -> Option<(f64, usize)> {
    let mut total = 0.0f64;
    let mut rest = text;
    let mut read = 0;
    let mut any = false;
    loop {
        let digits = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
            .map_or(rest.len(), |(i, _)| i);
        let number = rest.get(..digits)?;
        if number.is_empty() || number.matches('.').count() > 1 || number == "." {
            break;
        }
        let value = number.parse::<f64>().ok()?;
        let after_number = rest.get(digits..)?;
        let (scale, unit_len) = unit(after_number);
        match (scale, any) {
            // A bare number is seconds, but only on its own: `1m30` is not a duration.
            (None, false)
                if after_number.trim_start().is_empty() || !starts_alpha(after_number) =>
            {
                return Some((value, read + digits));
            }
            (None, _) => break,
            (Some(scale), _) => {
                total += value * scale;
                any = true;
                let used = digits + unit_len;
                read += used;
                rest = rest.get(used..)?;
            }
        }
    }
    (any && total.is_finite()).then_some((total, read))
}

fn starts_alpha(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
}

/// The unit at the start of `text` and its length: `h`, `m`, `s`, `ms`, `us`, `µs`, `ns`.
fn unit(text: &str) -> (Option<f64>, usize) {
    let candidates: [(&str, f64); 7] = [
        ("ms", 1e-3),
        ("us", 1e-6),
        ("µs", 1e-6),
        ("ns", 1e-9),
        ("h", 3600.0),
        ("m", 60.0),
        ("s", 1.0),
    ];
    for (name, scale) in candidates {
        if let Some(rest) = text.strip_prefix(name) {
            // `5min` is not `5m` followed by `in`.
            if rest.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            return (Some(scale), name.len());
        }
    }
    (None, 0)
}

/// RFC 3339 (`2025-03-22T14:30:05Z`, `2025-03-22T14:30:05.5+01:00`, `t` and a space
/// accepted for `T`) as Unix seconds.
pub(crate) fn rfc3339(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let num = |range: core::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| b.get(i) != Some(&c))
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut fraction = 0.0;
    if let Some(after_dot) = rest.strip_prefix('.') {
        let digits = after_dot.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        fraction = format!("0.{}", after_dot.get(..digits)?).parse().ok()?;
        rest = after_dot.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let (h, m) = (num_of(rest, 1..3)?, num_of(rest, 4..6)?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset;
    Some(secs as f64 + fraction)
}

fn num_of(text: &str, range: core::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    part.bytes()
        .all(|c| c.is_ascii_digit())
        .then(|| part.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

/// The Unix time `secs` (negative: before 1970), capped.
fn at(now: SystemTime, secs: f64) -> SystemTime {
    let cap_secs = now
        .checked_add(MAX_RETRY_DELAY)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(f64::MAX, |d| d.as_secs_f64());
    let secs = secs.min(cap_secs);
    let time = if secs >= 0.0 {
        Duration::try_from_secs_f64(secs)
            .ok()
            .and_then(|d| UNIX_EPOCH.checked_add(d))
    } else {
        Duration::try_from_secs_f64(-secs)
            .ok()
            .and_then(|d| UNIX_EPOCH.checked_sub(d))
    };
    time.map_or(now, |t| cap(t, now))
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

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn retry_after_reads_delta_seconds_decimals_and_all_three_date_forms() {
        let one = Some(Duration::from_secs(1));
        assert_eq!(
            wait("120", TimeForm::RetryAfter),
            Some(Duration::from_secs(120))
        );
        assert_eq!(wait(" 0 ", TimeForm::RetryAfter), Some(Duration::ZERO));
        assert_eq!(
            wait("2.0", TimeForm::RetryAfter),
            Some(Duration::from_secs(2))
        );
        assert_eq!(wait("0.25", TimeForm::RetryAfter), Some(250 * MS));
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
        for (text, form) in [
            ("Thu, 01 Jan 2099 00:00:00 GMT", TimeForm::RetryAfter),
            ("Fri, 31 Dec 9999 23:59:59 GMT", TimeForm::HttpDate),
            ("99999999999999999999999999", TimeForm::RetryAfter),
            ("1e300", TimeForm::Seconds),
            ("9999-12-31T23:59:59Z", TimeForm::Rfc3339),
            ("100000h", TimeForm::Duration),
        ] {
            assert_eq!(wait(text, form), Some(MAX_RETRY_DELAY), "{text}");
        }
    }

    #[test]
    fn unix_times_in_the_other_unit_are_read_as_meant() {
        // X-RateLimit-Reset in milliseconds under a unix-seconds source: 30 s ahead, or past.
        assert_eq!(
            wait("1742653830000", TimeForm::UnixSeconds),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            wait("1742653700000", TimeForm::UnixSeconds),
            Some(Duration::ZERO)
        );
        // Seconds under a unix-milliseconds source.
        assert_eq!(
            wait("1742653830", TimeForm::UnixMilliseconds),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            wait("1742653830.5", TimeForm::UnixSeconds),
            Some(Duration::from_millis(30_500))
        );
    }

    #[test]
    fn garbage_is_no_time() {
        for text in [
            "",
            "-1",
            "1.",
            ".5",
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
        for text in ["", "s", "1x", "ms", "1.2.3s", "-1s", "h1"] {
            assert_eq!(wait(text, TimeForm::Duration), None, "{text:?}");
        }
        for text in [
            "",
            "2025-03-22",
            "2025-03-22T14:30:05",
            "2025-02-30T00:00:00Z",
            "2025-03-22T24:00:00Z",
            "2025-03-22T14:30:05+0100",
            "2025-03-22T14:30:05.Z",
            "２０２５-03-22T14:30:05Z",
        ] {
            assert_eq!(wait(text, TimeForm::Rfc3339), None, "{text:?}");
        }
    }

    #[test]
    fn durations_in_go_and_protobuf_style() {
        let cases = [
            ("1s", 1000),
            ("6m0s", 360_000),
            ("7.66s", 7660),
            ("120ms", 120),
            ("0.500s", 500),
            ("1h30m", 5_400_000),
            ("1m30.5s", 90_500),
            ("20", 20_000),
            ("1.5", 1500),
            ("250us", 0),
        ];
        for (text, ms) in cases {
            let got = wait(text, TimeForm::Duration).map(|d| d.as_millis());
            assert_eq!(got, Some(ms), "{text:?}");
        }
        assert_eq!(duration_prefix("1m30s later"), Some((90.0, 5)));
        assert_eq!(
            wait("1s later", TimeForm::Duration),
            None,
            "a header holds only the time"
        );
    }

    #[test]
    fn times_quoted_in_messages() {
        let after = |text, form| {
            from_message(text, form, now()).map(|t| t.duration_since(now()).unwrap_or_default())
        };
        assert_eq!(
            after("7.66s. Visit https://x", TimeForm::Duration),
            Some(7660 * MS)
        );
        assert_eq!(after(" 20ms.", TimeForm::Duration), Some(20 * MS));
        assert_eq!(
            after("6m0s", TimeForm::Duration),
            Some(Duration::from_secs(360))
        );
        assert_eq!(
            after("30 seconds.", TimeForm::Seconds),
            Some(Duration::from_secs(30))
        );
        assert_eq!(after("1.5.", TimeForm::Seconds), Some(1500 * MS));
        assert_eq!(after("250 ms", TimeForm::Milliseconds), Some(250 * MS));
        assert_eq!(after("a moment", TimeForm::Duration), None);
        assert_eq!(after("", TimeForm::Seconds), None);
        // Gmail: "User-rate limit exceeded.  Retry after 2026-09-11T20:00:00.000Z".
        let in_10s = "2025-03-22T14:30:10.000Z";
        assert_eq!(
            after(in_10s, TimeForm::Rfc3339),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            after("2025-03-22T14:30:10.500Z (Mail sending)", TimeForm::Rfc3339),
            Some(10_500 * MS)
        );
        assert_eq!(
            after(" 2025-03-22T15:30:10+01:00.", TimeForm::Rfc3339),
            Some(Duration::from_secs(10))
        );
        assert_eq!(after("2025-03-22 14:30:10Z", TimeForm::Rfc3339), None);
        assert_eq!(after("soon", TimeForm::Rfc3339), None);
        assert_eq!(after("5", TimeForm::HttpDate), None);
    }

    #[test]
    fn rfc3339_timestamps_with_offsets_and_fractions() {
        assert_eq!(rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(rfc3339("2025-03-22T14:30:00Z"), Some(1_742_653_800.0));
        assert_eq!(rfc3339("2025-03-22T15:30:00+01:00"), Some(1_742_653_800.0));
        assert_eq!(
            rfc3339("2025-03-22T13:30:00.25-01:00"),
            Some(1_742_653_800.25)
        );
        assert_eq!(rfc3339("2024-02-29 00:00:00z"), Some(1_709_164_800.0));
        assert_eq!(
            wait("2025-03-22T14:30:05Z", TimeForm::Rfc3339),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            wait("1960-01-01T00:00:00Z", TimeForm::Rfc3339),
            Some(Duration::ZERO)
        );
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
        assert_eq!(n(5.0, TimeForm::Rfc3339), None);
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
