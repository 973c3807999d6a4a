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
//! The rule is `hwcloud_common::secret`'s; the tests here check that its word split is the
//! one of the Rust names the generator makes (`heck`'s snake case).

/// Whether the item named `wire_name` holds a secret by the rule above (defined once, in
/// `hwcloud-common`, for the generator and the runtime).
pub fn by_name(wire_name: &str) -> bool {
    hwcloud_common::is_secret_name(wire_name)
}

#[cfg(test)]
mod tests {
    use super::by_name;
    use crate::naming::snake_ident;

    /// The last two words of `name` as the generator's snake-case Rust name splits it.
    fn heck_words(name: &str) -> (Option<String>, Option<String>) {
        let snake = snake_ident(name);
        let mut words: Vec<String> = snake
            .trim_start_matches("r#")
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let last = words.pop();
        (words.pop(), last)
    }

    #[test]
    fn the_rule_splits_names_as_rust_names_are_split() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut names = std::collections::BTreeSet::new();
        let mut files = vec![root.join("tests/fixtures/specs/sensitive.yaml")];
        for spec in ["codeartsartifact", "vpc", "nat"] {
            files.push(root.join(format!("spec/{spec}.yaml")));
        }
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a spec");
            for word in text.split(|c: char| !(c.is_alphanumeric() || "_-".contains(c))) {
                names.insert(word.to_owned());
            }
        }
        for extra in [
            "IDEPassword",
            "X-Subject-Token",
            "nextToken",
            "APIKey",
            "apiKEY",
            "Pass_Word",
            "ipv6Address",
        ] {
            names.insert(extra.to_owned());
        }
        assert!(names.len() > 1000, "{} names", names.len());
        let mut secrets = 0;
        // A name that does not start with a letter gets a made-up Rust name (`field`, `_1`),
        // and other scripts' letters are escaped in Rust names (`u8272`): neither is a word.
        let rust_like =
            |n: &&String| n.is_ascii() && n.starts_with(|c: char| c.is_ascii_alphabetic());
        for name in names.iter().filter(rust_like) {
            assert_eq!(
                hwcloud_common::secret::last_two_words(name),
                heck_words(name),
                "{name}"
            );
            secrets += usize::from(by_name(name));
        }
        assert!(secrets > 10, "{secrets} secrets");
    }
}
