//! Which fields and parameters hold secrets when the spec does not say (`sensitive:`).
//!
//! The rule, also in `docs/spec-format.md`: the wire name is split into words (as for its
//! snake-case Rust name: `newPassword` is `new password`, `X-Auth-Token` is
//! `x auth token`), and the item is sensitive when its **last** word is
//!
//! - `password`, `passwd`, `pwd`, `passphrase`, `secret`, `credential`, `credentials` or
//!   `sk`;
//! - `token`, except after `page`, `next` or `continuation` (`next_token` is a position in
//!   a listing, not a secret);
//! - `key` after `private`, `secret` or `api` (`private_key`, `secretKey`, `api-key`), or
//!   the single words `privatekey`, `secretkey`, `apikey`.
//!
//! Only the last word counts, so `password_expire_time` or `token_type` are not secrets.

use crate::naming::snake_ident;

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

/// Whether the item named `wire_name` holds a secret by the rule above.
pub fn by_name(wire_name: &str) -> bool {
    let snake = snake_ident(wire_name);
    let words: Vec<&str> = snake
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .collect();
    let (last, before) = match words.as_slice() {
        [] => return false,
        [rest @ .., last] => (*last, rest.last().copied()),
    };
    match last {
        "token" => !matches!(before, Some("page" | "next" | "continuation")),
        "key" => matches!(before, Some("private" | "secret" | "api")),
        word => SECRET_WORDS.contains(&word),
    }
}

#[cfg(test)]
mod tests {
    use super::by_name;

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
            "X-Security-Token",
            "token",
            "private_key",
            "privateKey",
            "secret_key",
            "api-key",
            "sk",
            "credentials",
        ] {
            assert!(by_name(name), "{name} is a secret");
        }
    }

    #[test]
    fn names_that_only_mention_a_secret_are_not_secrets() {
        for name in [
            "password_expire_time",
            "passwordPolicy",
            "token_type",
            "next_token",
            "page_token",
            "access_key",
            "key",
            "public_key",
            "ask",
            "username",
            "",
            "_",
        ] {
            assert!(!by_name(name), "{name} is not a secret");
        }
    }
}
