//! The importer's one JSON reader, for the examples of every page form: it keeps the key
//! order of the page (the spec's examples keep it too) and says where a malformed example
//! goes wrong. `serde_json` without `preserve_order` sorts keys, and enabling that feature
//! would change every crate of the workspace; so the reader is the importer's own.
//!
//! [`lenient`] first removes what pages write besides JSON (`//` comments, `...` elisions,
//! trailing commas) and reads what remains forgivingly, a repeated key keeping its last
//! value and a number beyond 64 bits becoming a float; an example that still does not read
//! is skipped with a warning (an error when the import is strict). The reader's strict mode
//! (`parse_json`) is kept for its tests, which pin where it stops.

use serde_yaml::{Mapping, Number, Value};

/// Why an example is not JSON, and the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// Byte offset into the text read.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

/// Reads one JSON value at the start of `text` (after whitespace). Returns it and the byte
/// offset just after it; what follows is the caller's business.
#[cfg(test)]
pub(crate) fn parse_json(text: &str) -> Result<(Value, usize), JsonError> {
    read(text, false)
}

fn read(text: &str, forgiving: bool) -> Result<(Value, usize), JsonError> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        forgiving,
    };
    r.skip_ws();
    let v = r.value(0)?;
    Ok((v, r.pos))
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    /// A repeated key keeps its last value; a number beyond 64 bits becomes a float.
    forgiving: bool,
}

impl Reader<'_> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError {
            offset: self.pos.min(self.text.len()),
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else if self.text[self.pos..].starts_with('\u{a0}') {
                self.pos += '\u{a0}'.len_utf8();
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.fail(format!("expected {what}, found {}", self.found()))
        }
    }

    fn found(&self) -> String {
        match self.text[self.pos.min(self.text.len())..].chars().next() {
            None => "the end of the example".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return self.fail(format!("the example nests deeper than {MAX_DEPTH} levels"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            _ => self.fail(format!("expected a JSON value, found {}", self.found())),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.fail(format!("expected a JSON value, found {}", self.found()))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut map = Mapping::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Mapping(map));
        }
        loop {
            self.skip_ws();
            let key_at = self.pos;
            if self.peek() != Some(b'"') {
                return self.fail(format!("expected a quoted key, found {}", self.found()));
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':', "`:` after the key")?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            if map.contains_key(key.as_str()) && !self.forgiving {
                self.pos = key_at;
                return self.fail(format!("the key `{key}` appears twice in this object"));
            }
            map.insert(Value::String(key), value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Mapping(map));
                }
                _ => return self.fail(format!("expected `,` or `}}`, found {}", self.found())),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Sequence(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Sequence(items));
                }
                _ => return self.fail(format!("expected `,` or `]`, found {}", self.found())),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                return self.fail("this string is not closed with `\"`");
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                c if (c as u32) < 0x20 => {
                    return self
                        .fail("a JSON string cannot contain a line break or control character");
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(b) = self.peek() else {
            return self.fail("this string is not closed with `\"`");
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if !self.text[self.pos..].starts_with("\\u") {
                        return self.fail("a UTF-16 surrogate escape is not followed by its pair");
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return self.fail("invalid UTF-16 surrogate pair");
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(code).map_or_else(|| self.fail("invalid escape"), Ok);
                }
                return char::from_u32(high).map_or_else(|| self.fail("invalid `\\u` escape"), Ok);
            }
            _ => {
                self.pos -= 1;
                return self.fail(format!("`\\{}` is not a JSON escape", b as char));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        match u32::from_str_radix(digits, 16) {
            Ok(v) if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(v)
            }
            _ => self.fail("`\\u` needs four hex digits"),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos - from
        };
        let int_digits = digits(self);
        if int_digits == 0 {
            return self.fail("a number needs digits");
        }
        if int_digits > 1 && self.bytes[self.pos - int_digits] == b'0' {
            self.pos -= int_digits;
            return self.fail("JSON numbers do not start with `0`");
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            float = true;
            if digits(self) == 0 {
                return self.fail("a number needs digits after `.`");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return self.fail("a number needs digits in its exponent");
            }
        }
        let text = &self.text[start..self.pos];
        let float_of = |text: &str| {
            text.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Number::from)
        };
        let number = if float {
            float_of(text)
        } else {
            let integer = text
                .parse::<i64>()
                .map(Number::from)
                .ok()
                .or_else(|| text.parse::<u64>().ok().map(Number::from));
            // Forgiving, an integer beyond 64 bits reads as `serde_json` reads it: a float.
            integer.or_else(|| float_of(text).filter(|_| self.forgiving))
        };
        match number {
            Some(n) => Ok(Value::Number(n)),
            None => {
                self.pos = start;
                self.fail(format!("the number {text} does not fit in 64 bits"))
            }
        }
    }
}

/// The JSON value of an example body, or `None`. A leading request line (`POST https://...`)
/// is skipped.
pub(crate) fn lenient(text: &str) -> Option<Value> {
    lenient_at(text).ok()
}

/// [`lenient`], saying why an example does not read: the error's offset is a byte offset
/// into `text` itself (the place in the page's own text, comments and elisions included).
pub(crate) fn lenient_at(text: &str) -> Result<Value, JsonError> {
    let Some(start) = text.find(['{', '[']) else {
        return Err(JsonError {
            offset: 0,
            message: "no JSON object or list starts here".to_owned(),
        });
    };
    // Each character kept, with its byte offset in `text`.
    let kept = drop_trailing_commas(&without_comments(text, start));
    let mut cleaned = String::with_capacity(kept.len());
    let mut origin = Vec::with_capacity(kept.len());
    for &(c, at) in &kept {
        cleaned.push(c);
        origin.resize(cleaned.len(), at);
    }
    read(&cleaned, true).map(|(v, _)| v).map_err(|e| JsonError {
        offset: origin.get(e.offset).copied().unwrap_or(text.len()),
        message: e.message,
    })
}

/// The characters of `text` from `start`, with their byte offsets, without `//` comments
/// and `...` elisions (outside strings).
fn without_comments(text: &str, start: usize) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(text.len() - start);
    let mut chars = text[start..]
        .char_indices()
        .map(|(i, c)| (c, i + start))
        .peekable();
    let mut in_string = false;
    while let Some((c, at)) = chars.next() {
        if in_string {
            out.push((c, at));
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push((c, at));
            }
            '/' if chars.peek().map(|n| n.0) == Some('/') => {
                for n in chars.by_ref() {
                    if n.0 == '\n' {
                        out.push(n);
                        break;
                    }
                }
            }
            '.' if chars.peek().map(|n| n.0) == Some('.') => {
                while chars.peek().map(|n| n.0) == Some('.') {
                    chars.next();
                }
            }
            '…' => {}
            _ => out.push((c, at)),
        }
    }
    out
}

/// Removes commas followed (after whitespace) by `}` or `]`, and doubled commas left by
/// elisions, outside strings.
fn drop_trailing_commas(chars: &[(char, usize)]) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let mut in_string = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].0;
        if in_string {
            out.push(chars[i]);
            if c == '\\' {
                if let Some(n) = chars.get(i + 1) {
                    out.push(*n);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ',' {
            let next = chars[i + 1..]
                .iter()
                .map(|n| n.0)
                .find(|c| !c.is_whitespace());
            let prev = out.iter().rev().map(|n| n.0).find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']' | ',') | None) || matches!(prev, Some('{' | '[' | ','))
            {
                i += 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// What kind of value an example shows, in words (`a number`, `an object`), for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "an object",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The spec type of numbers an example shows: `int32`, `int64` when one does not fit in
/// 32 bits, `double` when one has a fraction or exponent.
pub(crate) fn number_type(samples: &[&Value]) -> &'static str {
    let mut wide = false;
    for v in samples {
        match v.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => {}
            Some(_) => wide = true,
            None if v.as_u64().is_some() => wide = true,
            None => return "double",
        }
    }
    if wide { "int64" } else { "int32" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_integer_widths() {
        let (v, end) =
            parse_json("{ \"b\" : 1, \"a\" : [3000110176, 1.5, \"x\\u00e9\", null, true] } tail")
                .unwrap();
        assert_eq!(keys(&v), ["b", "a"]);
        assert_eq!(v["a"][0].as_i64(), Some(3_000_110_176));
        assert_eq!(v["a"][1].as_f64(), Some(1.5));
        assert_eq!(v["a"][2].as_str(), Some("xé"));
        assert_eq!(
            &"{ \"b\" : 1, \"a\" : [3000110176, 1.5, \"x\\u00e9\", null, true] } tail"[end..],
            " tail"
        );
    }

    #[test]
    fn says_where_it_fails() {
        let cases = [
            ("{\"a\": 1,}", 8, "expected a quoted key"),
            ("{\"a\": 1 \"b\": 2}", 8, "expected `,` or `}`"),
            ("{\"a\": 1, \"a\": 2}", 9, "appears twice"),
            ("[01]", 1, "do not start with `0`"),
            ("\"abc", 4, "not closed"),
            ("[1, 99999999999999999999]", 4, "does not fit"),
            ("{\"a\": 'x'}", 6, "expected a JSON value"),
        ];
        for (text, offset, message) in cases {
            let e = parse_json(text).unwrap_err();
            assert_eq!(e.offset, offset, "{text}: {e:?}");
            assert!(e.message.contains(message), "{text}: {e:?}");
        }
    }

    #[test]
    fn lenient_reading_says_where_it_fails_in_the_text_given() {
        // Comments, elisions and a trailing comma before the fault do not move its place.
        let text = "POST https://x/v1\n{ // a note\n  \"a\": [1, ...],\n  \"b\" 2\n}";
        let e = lenient_at(text).unwrap_err();
        assert_eq!(&text[e.offset..], "2\n}", "{e:?}");
        assert!(e.message.contains("expected `:`"), "{e:?}");
        // The end of the text, when the value is not closed.
        let e = lenient_at("{\"a\": 1").unwrap_err();
        assert_eq!(e.offset, 7, "{e:?}");
        assert_eq!(lenient_at("no body").unwrap_err().offset, 0);
    }

    #[test]
    fn refuses_absurd_nesting() {
        let text = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(parse_json(&text).unwrap_err().message.contains("deeper"));
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_mapping()
            .unwrap()
            .keys()
            .filter_map(Value::as_str)
            .collect()
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn comments_elisions_and_trailing_commas_are_removed() {
        let v =
            lenient("POST https://x/v1\n\n{\n  \"a\": 1, // one\n  \"b\": [1, 2, ...],\n ...\n}")
                .unwrap();
        assert_eq!(v, yaml("{a: 1, b: [1, 2]}"));
        assert_eq!(
            lenient("{\"u\": \"http://x//y...\"}").unwrap(),
            yaml("{u: 'http://x//y...'}")
        );
        assert!(lenient("{ \"a\": }").is_none());
    }

    #[test]
    fn lenient_reading_keeps_key_order_and_forgives_what_strict_reading_refuses() {
        let v =
            lenient("{\"z\": 1, \"a\": 2, \"z\": 3, \"big\": 123456789012345678901234}").unwrap();
        assert_eq!(keys(&v), ["z", "a", "big"]);
        assert_eq!(v["z"].as_i64(), Some(3));
        assert!(v["big"].as_f64().is_some_and(|f| f > 1e23));
        assert!(parse_json("{\"z\": 1, \"z\": 3}").is_err());
    }
}
