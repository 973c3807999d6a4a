//! A small, strict INI reader for the credentials profile file, accepting what Python's
//! `configparser` accepts in such files (with its defaults) and rejecting the rest with
//! the line number.
//!
//! - `[section]` headers; `key = value` or `key: value` (first `=` or `:` splits);
//!   keys are lower-cased, keys and values trimmed, quotes kept.
//! - Whole-line comments starting with `#` or `;` (possibly indented); blank lines.
//!   There are no inline comments: `sk = abc ; x` has the value `abc ; x`.
//! - Keys of `[DEFAULT]` apply to every section that does not set them.
//! - Errors: a key before any section, a line that is neither, an indented (continuation)
//!   line, a repeated section or a repeated key in one section. Messages name the line and
//!   the key, never a value (values are credentials).
//!
//! Values are held in [`Zeroizing`] strings and wiped when dropped.

use std::fmt;
use std::io::{self, Read as _};
use std::path::Path;

use zeroize::Zeroizing;

/// Reads the file at `path` whole, but refuses one larger than `limit` bytes without
/// reading more than `limit + 1` (so `/dev/zero` or a huge file costs nothing). The
/// buffer is wiped when dropped: the file may hold credentials.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> io::Result<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let declared = file.metadata().map(|m| m.len()).unwrap_or(0);
    if declared > limit {
        return Err(too_large(limit));
    }
    // Sized from the declared length so the secret is not copied by growth.
    let capacity = usize::try_from(declared.saturating_add(1)).unwrap_or(0);
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the file is larger than {limit} bytes"),
    )
}

/// The keys of one section, in order, with their values.
type Entries = Vec<(String, Zeroizing<String>)>;

/// A parsed file: sections in order, each with its keys in order.
#[derive(Default)]
pub(crate) struct Ini {
    sections: Vec<(String, Entries)>,
}

/// Why a file could not be read, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IniError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for IniError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Ini {
    /// Parses `text`.
    pub(crate) fn parse(text: &str) -> Result<Self, IniError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut ini = Ini::default();
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let err = |message: String| IniError {
                line: line_no,
                message,
            };
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if raw.starts_with([' ', '\t']) {
                return Err(err(
                    "indented line: continuation lines are not supported".to_owned()
                ));
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let Some(name) = rest.strip_suffix(']') else {
                    return Err(err("a section header must end with `]`".to_owned()));
                };
                let name = name.trim();
                if name.is_empty() {
                    return Err(err("empty section name".to_owned()));
                }
                if ini.sections.iter().any(|(n, _)| n == name) {
                    return Err(err(format!("section [{name}] appears twice")));
                }
                ini.sections.push((name.to_owned(), Vec::new()));
                continue;
            }
            let Some(split) = trimmed.find(['=', ':']) else {
                return Err(err(
                    "expected `key = value` or a `[section]` header".to_owned()
                ));
            };
            let key = trimmed[..split].trim().to_lowercase();
            if key.is_empty() {
                return Err(err("a key is missing before `=`".to_owned()));
            }
            let value = Zeroizing::new(trimmed[split + 1..].trim().to_owned());
            let Some((section, entries)) = ini.sections.last_mut() else {
                return Err(err(format!(
                    "key `{key}` is outside any section; start the file with a header such as [basic]"
                )));
            };
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(err(format!("key `{key}` appears twice in [{section}]")));
            }
            entries.push((key, value));
        }
        Ok(ini)
    }

    /// Whether section `name` exists.
    pub(crate) fn has_section(&self, name: &str) -> bool {
        self.sections.iter().any(|(n, _)| n == name)
    }

    /// The value of `key` in `section`, falling back to `[DEFAULT]`; empty values count
    /// as absent.
    pub(crate) fn get(&self, section: &str, key: &str) -> Option<&str> {
        let find = |name: &str| {
            self.sections
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, entries)| entries.iter().find(|(k, _)| k == key))
                .map(|(_, v)| v.as_str())
        };
        find(section)
            .or_else(|| find("DEFAULT"))
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_keys_comments_and_defaults() {
        let text = "\u{feff}# comment\n[DEFAULT]\nproject_id = shared\n\n[basic]\nAK = A1\n  ; indented comment\nsk: s=k ; not a comment\nquoted = \"q\"\n[global]\nak=G\ndomain_id=\n";
        let ini = Ini::parse(text).unwrap();
        assert!(ini.has_section("basic") && ini.has_section("global"));
        assert_eq!(ini.get("basic", "ak"), Some("A1"));
        assert_eq!(ini.get("basic", "sk"), Some("s=k ; not a comment"));
        assert_eq!(ini.get("basic", "quoted"), Some("\"q\""));
        assert_eq!(ini.get("basic", "project_id"), Some("shared"));
        assert_eq!(ini.get("global", "ak"), Some("G"));
        assert_eq!(ini.get("global", "domain_id"), None);
        assert_eq!(ini.get("missing", "ak"), None);
        assert!(!ini.has_section("other"));
    }

    #[test]
    fn rejects_malformed_files_with_line_numbers_and_no_values() {
        let cases = [
            ("ak = x\n", 1, "outside any section"),
            ("[basic]\nak = x\n  continued-secret\n", 3, "indented line"),
            ("[basic]\njust-a-secret-word\n", 2, "expected `key = value`"),
            ("[basic\n", 1, "must end with `]`"),
            ("[basic]\n[basic]\n", 2, "appears twice"),
            (
                "[basic]\nsk = a-secret\nSK = b-secret\n",
                3,
                "key `sk` appears twice",
            ),
            ("[basic]\n= a-secret\n", 2, "key is missing"),
            ("[]\n", 1, "empty section name"),
        ];
        for (text, line, message) in cases {
            let Err(e) = Ini::parse(text) else {
                panic!("accepted {text:?}");
            };
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
            assert!(!e.to_string().contains("secret"), "{e}");
        }
    }

    #[test]
    fn bounded_reads_refuse_large_files_and_devices() {
        let dir = std::env::temp_dir().join(format!("hwcloud-ini-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_bounded(&path, 10).unwrap().as_slice(), b"0123456789");
        let e = read_bounded(&path, 9).unwrap_err();
        assert!(e.to_string().contains("larger than 9 bytes"), "{e}");
        if Path::new("/dev/zero").exists() {
            let e = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
            assert!(e.to_string().contains("larger than 1024 bytes"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
