//! The date a signature is made for: `X-Sdk-Date`'s `%Y%m%dT%H%M%SZ`, parsed and written
//! as the SDK's `strftime`/`strptime` do for the years it supports.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::{SignError, ascii_str};

/// A UTC time with second precision, written `%Y%m%dT%H%M%SZ` (e.g. `20240102T030405Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdkDate(PrimitiveDateTime);

impl SdkDate {
    /// The given clock time, truncated to the second.
    ///
    /// Fails outside the years 1000..=9999 (where CPython's `strftime` output varies).
    pub fn from_system_time(t: SystemTime) -> Result<Self, SignError> {
        let utc = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => time::Duration::try_from(after)
                .ok()
                .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_add(d)),
            Err(before) => time::Duration::try_from(before.duration())
                .ok()
                .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_sub(d)),
        }
        .ok_or(SignError::TimeOutOfRange)?;
        let time = Time::from_hms(utc.hour(), utc.minute(), utc.second())
            .map_err(|_| SignError::TimeOutOfRange)?;
        Self::checked(PrimitiveDateTime::new(utc.date(), time)).ok_or(SignError::TimeOutOfRange)
    }

    /// The current time.
    pub fn now() -> Result<Self, SignError> {
        Self::from_system_time(SystemTime::now())
    }

    /// Parses exactly `YYYYMMDDTHHMMSSZ` (a real calendar date, seconds 00..=59).
    ///
    /// Python's `strptime` also takes one-digit months, days and times; such
    /// values are rejected here.
    pub fn parse(s: &str) -> Result<Self, SignError> {
        let invalid = |reason| SignError::InvalidDate {
            value: s.to_owned(),
            reason,
        };
        let b = s.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return Err(invalid("wrong shape"));
        }
        let digits = |range: std::ops::Range<usize>| -> Result<u32, SignError> {
            b[range].iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(invalid("non-digit in a number"))
                }
            })
        };
        let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
        let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
        let as_u8 = |v: u32| u8::try_from(v).map_err(|_| invalid("field out of range"));
        let month = Month::try_from(as_u8(month)?).map_err(|_| invalid("month out of range"))?;
        let year = i32::try_from(year).map_err(|_| invalid("year out of range"))?;
        let date = Date::from_calendar_date(year, month, as_u8(day)?)
            .map_err(|_| invalid("day out of range"))?;
        let time = Time::from_hms(as_u8(hour)?, as_u8(minute)?, as_u8(second)?)
            .map_err(|_| invalid("time of day out of range"))?;
        Self::checked(PrimitiveDateTime::new(date, time)).ok_or_else(|| invalid("year before 1000"))
    }

    fn checked(dt: PrimitiveDateTime) -> Option<Self> {
        (1000..=9999).contains(&dt.year()).then_some(Self(dt))
    }

    /// The date alone, `%Y%m%d` (used in the V11 scope).
    pub fn date_stamp(&self) -> String {
        ascii_str(&self.ascii()[..8]).to_owned()
    }

    /// The text `YYYYMMDDTHHMMSSZ` as ASCII bytes on the stack.
    pub(super) fn ascii(&self) -> [u8; 16] {
        let (d, t) = (self.0.date(), self.0.time());
        let mut out = *b"00000000T000000Z";
        // `checked` keeps the year within 1000..=9999: exactly four digits.
        put_digits(&mut out[0..4], d.year().unsigned_abs());
        put_digits(&mut out[4..6], u32::from(u8::from(d.month())));
        put_digits(&mut out[6..8], u32::from(d.day()));
        put_digits(&mut out[9..11], u32::from(t.hour()));
        put_digits(&mut out[11..13], u32::from(t.minute()));
        put_digits(&mut out[13..15], u32::from(t.second()));
        out
    }
}

/// Writes the last `out.len()` decimal digits of `n` into `out`, zero-padded.
fn put_digits(out: &mut [u8], mut n: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

impl fmt::Display for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ascii_str(&self.ascii()))
    }
}
