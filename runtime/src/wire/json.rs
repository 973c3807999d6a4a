//! JSON bodies written exactly like Python's `simplejson.dumps(obj)` with default options.
//!
//! Separators are `", "` and `": "`; with `ensure_ascii` every character outside
//! printable ASCII (0x20..=0x7E) is written as lower-case `\uXXXX` (UTF-16 surrogate
//! pairs above the BMP); floats are written like Python's `repr(float)`.
//!
//! Differences that cannot be bridged through a [`Formatter`]: serde_json writes NaN and
//! infinities as `null` where Python writes `NaN`/`Infinity`.

use std::{fmt, io};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// A [`Formatter`] reproducing `simplejson.dumps` defaults (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct PythonFormatter;

/// Serializes `value` to the bytes `simplejson.dumps(value)` would produce.
pub fn to_python_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut ser)?;
    Ok(out)
}

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(pos) = rest.find(|c: char| !(' '..='~').contains(&c)) {
            writer.write_all(&rest.as_bytes()[..pos])?;
            let tail = &rest[pos..];
            let Some(c) = tail.chars().next() else { break };
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &tail[c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Quote => writer.write_all(b"\\\""),
            CharEscape::ReverseSolidus => writer.write_all(b"\\\\"),
            // Python never escapes '/'.
            CharEscape::Solidus => writer.write_all(b"/"),
            CharEscape::Backspace => writer.write_all(b"\\b"),
            CharEscape::FormFeed => writer.write_all(b"\\f"),
            CharEscape::LineFeed => writer.write_all(b"\\n"),
            CharEscape::CarriageReturn => writer.write_all(b"\\r"),
            CharEscape::Tab => writer.write_all(b"\\t"),
            CharEscape::AsciiControl(byte) => write!(writer, "\\u{byte:04x}"),
        }
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        let repr = python_float_repr(value.is_sign_negative(), &shortest_digits(value.abs()));
        writer.write_all(repr.as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        // Shortest digits of the f32 itself, laid out as Python lays out a float.
        let repr = python_float_repr(value.is_sign_negative(), &shortest_digits(value.abs()));
        writer.write_all(repr.as_bytes())
    }
}

/// Shortest round-trip digits in `{:e}` form, choosing like CPython's `repr`.
///
/// Rust's shortest form breaks a tie between two equally near candidates upwards;
/// CPython (David Gay's dtoa) takes the correctly rounded one (ties to even). So the
/// digit count comes from Rust, the digits from exact rounding when that round-trips.
fn shortest_digits<F>(value: F) -> String
where
    F: fmt::LowerExp + std::str::FromStr + PartialEq + Copy,
{
    let shortest = format!("{value:e}");
    let mantissa = shortest.split('e').next().unwrap_or_default();
    let count = mantissa.chars().filter(char::is_ascii_digit).count();
    let rounded = format!("{value:.prec$e}", prec = count.saturating_sub(1));
    match rounded.parse::<F>() {
        Ok(back) if back == value => rounded,
        _ => shortest,
    }
}

/// Lays out shortest round-trip digits (Rust `{:e}` text, e.g. `1.25e-7`) like
/// Python's `repr(float)`: positional when the decimal exponent is in -4..16, else
/// `d.ddde+XX`.
fn python_float_repr(negative: bool, sci: &str) -> String {
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.trim_end_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let len = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    // value = 0.DIGITS * 10^point
    let point = exponent + 1;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if point <= -4 || point > 16 {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.abs()));
    } else if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(usize::try_from(-point).unwrap_or(0)));
        out.push_str(digits);
    } else if point >= len {
        out.push_str(digits);
        out.push_str(&"0".repeat(usize::try_from(point - len).unwrap_or(0)));
        out.push_str(".0");
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn py(v: &serde_json::Value) -> String {
        String::from_utf8(to_python_json(v).unwrap()).unwrap()
    }

    #[test]
    fn separators_and_empty_containers() {
        assert_eq!(
            py(&json!({"a": [1, 2, {"b": null}], "c": {}, "d": [], "e": true})),
            r#"{"a": [1, 2, {"b": null}], "c": {}, "d": [], "e": true}"#
        );
        assert_eq!(py(&json!([[[]]])), "[[[]]]");
        assert_eq!(py(&json!([])), "[]");
        assert_eq!(py(&json!({})), "{}");
    }

    #[test]
    fn string_escapes_like_ensure_ascii() {
        assert_eq!(py(&json!("a\"b\\c/d")), r#""a\"b\\c/d""#);
        assert_eq!(
            py(&json!("\t\n\r\u{8}\u{c}\u{1}\u{1f}")),
            r#""\t\n\r\b\f\u0001\u001f""#
        );
        assert_eq!(py(&json!("\u{7f}")), r#""\u007f""#);
        assert_eq!(py(&json!("é中")), r#""\u00e9\u4e2d""#);
        assert_eq!(py(&json!("x😀y")), r#""x\ud83d\ude00y""#);
        assert_eq!(py(&json!("\u{2028}\u{feff}")), r#""\u2028\ufeff""#);
        assert_eq!(
            py(&json!({"ключ": "v"})),
            r#"{"\u043a\u043b\u044e\u0447": "v"}"#
        );
        assert_eq!(py(&json!(" ~")), r#"" ~""#);
    }

    #[test]
    fn numbers_like_python() {
        assert_eq!(
            py(&json!([0, -1, 18446744073709551615u64])),
            "[0, -1, 18446744073709551615]"
        );
        let cases: [(f64, &str); 16] = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345678901234567e17, "1.2345678901234566e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-2.5e-5, "-2.5e-05"),
            (123456789.125, "123456789.125"),
        ];
        for (v, want) in cases {
            assert_eq!(py(&json!(v)), want, "{v:e}");
        }
        // Equally near shortest candidates: CPython rounds half to even.
        let ties = [
            ("1059438285926254.25", "1059438285926254.2"),
            ("26363981746409.3125", "26363981746409.312"),
            ("-108868734838530.125", "-108868734838530.12"),
        ];
        for (text, want) in ties {
            let v: f64 = text.parse().unwrap();
            assert_eq!(py(&json!(v)), want, "{v:e}");
        }
        assert_eq!(
            String::from_utf8(to_python_json(&[1.1f32, 1e20f32]).unwrap()).unwrap(),
            "[1.1, 1e+20]"
        );
    }

    #[test]
    fn struct_field_order_is_kept() {
        #[derive(Serialize)]
        struct M {
            z: u8,
            a: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            none: Option<u8>,
        }
        let got = to_python_json(&M {
            z: 1,
            a: Some("x"),
            none: None,
        })
        .unwrap();
        assert_eq!(got, br#"{"z": 1, "a": "x"}"#);
    }
}
