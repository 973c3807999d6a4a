//! What every error's `Display` does to text a server controls: escapes what could forge
//! or hide a log line ([`escape_control`]), and cuts long bodies and messages.

use std::fmt;

/// Writes through to `W`, escaping the characters that can forge or hide log lines:
/// control characters (line breaks, ESC, …), line and paragraph separators, and the
/// bidirectional overrides. Each becomes `\u{..}`. Every `Display` of an error writes
/// through it, so text a server controls (messages, codes, request ids, decode details)
/// cannot start a new log line or drive a terminal.
pub(crate) struct Escaping<'a, W: fmt::Write + ?Sized>(pub(crate) &'a mut W);

/// Whether `c` is escaped by [`Escaping`].
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl<W: fmt::Write + ?Sized> fmt::Write for Escaping<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if is_unsafe(c) {
                self.0.write_str(&s[start..i])?;
                write!(self.0, "\\u{{{:x}}}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        self.0.write_str(&s[start..])
    }
}

/// `text` as every error's `Display` shows it: control characters (line breaks, ESC, …),
/// line and paragraph separators and bidirectional overrides written as `\u{..}`, so
/// that text a server controls cannot forge a log line. Borrowed when nothing needs
/// escaping.
pub fn escape_control(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let _ = fmt::Write::write_str(&mut Escaping(&mut out), text);
    std::borrow::Cow::Owned(out)
}

/// Longest piece of a body or message shown by `Display`; the fields keep everything.
const SHOWN_CHARS: usize = 300;

/// `text` cut to [`SHOWN_CHARS`] characters, with `…` when cut.
pub(crate) fn excerpt(text: &str) -> String {
    cut(text, SHOWN_CHARS)
}

/// The first `max` characters of `text`, with `…` when cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}
