//! Example JSON as pages write it: with `//` comments, `...` elisions and trailing commas.
//! They are removed outside strings, then the text must parse as JSON; otherwise the
//! example is not imported.

/// The JSON value of an example body, or `None`. A leading request line (`POST https://...`)
/// is skipped.
pub(crate) fn lenient(text: &str) -> Option<serde_json::Value> {
    let start = text.find(['{', '['])?;
    let text = &text[start..];
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
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
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '.' if chars.peek() == Some(&'.') => {
                while chars.peek() == Some(&'.') {
                    chars.next();
                }
            }
            '…' => {}
            _ => out.push(c),
        }
    }
    let cleaned = drop_trailing_commas(&out);
    serde_json::Deserializer::from_str(&cleaned)
        .into_iter::<serde_json::Value>()
        .next()?
        .ok()
}

/// Removes commas followed (after whitespace) by `}` or `]`, and doubled commas left by
/// elisions, outside strings.
fn drop_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
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
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let prev = out.chars().rev().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']' | ',') | None) || matches!(prev, Some('{' | '[' | ','))
            {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lenient;

    #[test]
    fn comments_elisions_and_trailing_commas_are_removed() {
        let v =
            lenient("POST https://x/v1\n\n{\n  \"a\": 1, // one\n  \"b\": [1, 2, ...],\n ...\n}")
                .unwrap();
        assert_eq!(v, serde_json::json!({ "a": 1, "b": [1, 2] }));
        assert_eq!(
            lenient("{\"u\": \"http://x//y...\"}").unwrap(),
            serde_json::json!({ "u": "http://x//y..." })
        );
        assert!(lenient("{ \"a\": }").is_none());
    }
}
