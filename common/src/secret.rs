//! Which names hold secrets when nothing else says so: the rule the generator uses to mark
//! fields and parameters `sensitive` (`docs/spec-format.md`, "Sensitive values") and the
//! runtime applies again at run time to parameters, headers and response fields no spec
//! flagged. Defined here once so that the two cannot drift.
//!
//! The name is split into words as for its snake-case Rust name (`newPassword` → `new
//! password`, `X-Auth-Token` → `x auth token`, `IDEPassword` → `ide password`), and it is a
//! secret when its **last** word is
//!
//! - `password`, `passwd`, `pwd`, `passphrase`, `secret`, `credential`, `credentials` or
//!   `sk`;
//! - `token`, except after `page`, `next` or `continuation` (`next_token` is a position in
//!   a listing, not a secret);
//! - `key` after `private`, `secret` or `api` (`private_key`, `secretKey`, `api-key`), or
//!   the single words `privatekey`, `secretkey`, `apikey`.
//!
//! Only the last word counts, so `password_expire_time` or `token_type` are not secrets.
//!
//! The split is written here rather than taken from `heck` (which the generator uses for
//! Rust names) because this crate has no dependencies and the runtime does not compile
//! `heck`; the generator's tests check that both split every name of the specs alike.

/// Last words that make a name a secret on their own.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "credential",
    "credentials",
    "sk",
    "privatekey",
    "secretkey",
    "apikey",
];

/// Whether the item named `name` (a field, parameter, header or JSON key) holds a secret
/// by the name rule.
pub fn is_secret_name(name: &str) -> bool {
    let (before, last) = last_two_words(name);
    let Some(last) = last else {
        return false;
    };
    match last.as_str() {
        "token" => !matches!(before.as_deref(), Some("page" | "next" | "continuation")),
        "key" => matches!(before.as_deref(), Some("private" | "secret" | "api")),
        word => SECRET_WORDS.contains(&word),
    }
}

/// The last two words of `name`, lower-cased, split as `heck` splits words for snake
/// case: at characters other than letters and digits, before an upper-case letter that
/// follows a lower-case letter or a digit, and before the last capital of a run followed
/// by a lower-case letter (`IDEPassword` → `ide`, `password`).
pub fn last_two_words(name: &str) -> (Option<String>, Option<String>) {
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    let last = words.pop();
    (words.pop(), last)
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, last_two_words};

    #[test]
    fn secrets_by_their_last_word() {
        for name in [
            "password",
            "newPassword",
            "user_password",
            "IDEPassword",
            "passwd",
            "secret",
            "access_key_secret",
            "client-secret",
            "security_token",
            "X-Auth-Token",
            "X-Subject-Token",
            "X-Security-Token",
            "token",
            "private_key",
            "privateKey",
            "secret_key",
            "api-key",
            "sk",
            "credentials",
            "PASSWORD",
        ] {
            assert!(is_secret_name(name), "{name} is a secret");
        }
    }

    #[test]
    fn names_that_only_mention_a_secret_are_not_secrets() {
        for name in [
            "password_expire_time",
            "passwordPolicy",
            "token_type",
            "next_token",
            "nextToken",
            "page_token",
            "access_key",
            "key",
            "public_key",
            "ask",
            "username",
            "",
            "_",
        ] {
            assert!(!is_secret_name(name), "{name} is not a secret");
        }
    }

    #[test]
    fn words_split_at_case_changes_digits_and_punctuation() {
        let two = |a: &str, b: &str| (Some(a.to_owned()), Some(b.to_owned()));
        assert_eq!(last_two_words("IDEPassword"), two("ide", "password"));
        assert_eq!(last_two_words("X-Auth-Token"), two("auth", "token"));
        assert_eq!(last_two_words("ipv6Address"), two("ipv6", "address"));
        assert_eq!(last_two_words("v2Key"), two("v2", "key"));
        assert_eq!(last_two_words("sk"), (None, Some("sk".to_owned())));
        assert_eq!(last_two_words("__"), (None, None));
    }
}
