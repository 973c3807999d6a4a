//! The vocabulary that `hwcloud-codegen` and `hwcloud-runtime` share: the HTTP [`Method`]
//! of an operation, the IAM [`AccessLevel`] of an action, and the rule for which names
//! hold secrets ([`secret`]).
//!
//! The generator reads them from a spec and writes them into generated code as the
//! runtime's values (`hwcloud_runtime::Method::Get`), so both must mean the same thing: they
//! are defined here once. The crate has no dependencies, so a build script that runs the
//! generator compiles nothing of the runtime for them.

use std::fmt;

pub mod secret;

pub use secret::is_secret_name;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Every method, for parsing and suggestions.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
    ];

    /// The upper-case name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// The method named `name` (upper-case, as [`Method::as_str`] spells it), if any.
    pub fn from_name(name: &str) -> Option<Method> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The variant's name as Rust source spells it, e.g. `Get`: what generated code writes
    /// after `Method::`.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Delete => "Delete",
            Method::Patch => "Patch",
            Method::Head => "Head",
            Method::Options => "Options",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110):
    /// GET, HEAD, OPTIONS, PUT and DELETE. Only these are retried after a server error or
    /// a broken connection unless the caller opts in.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// IAM access level of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// List
    List,
    /// Read
    Read,
    /// Write
    Write,
    /// Tagging
    Tagging,
    /// Permission management
    PermissionManagement,
}

impl AccessLevel {
    /// Every level, in the documentation's order.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::Tagging,
        AccessLevel::PermissionManagement,
    ];

    /// The spelling used in Huawei's documentation, e.g. `Permission management`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionManagement => "Permission management",
        }
    }

    /// The level the documentation spells `name`, ignoring case, surrounding blanks and
    /// `_` for a space (`permission_management`), if any.
    pub fn from_name(name: &str) -> Option<AccessLevel> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', " ");
        Self::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(&wanted))
    }

    /// The variant's name as Rust source spells it, e.g. `PermissionManagement`: what
    /// generated code writes after `AccessLevel::`.
    pub fn variant(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionManagement => "PermissionManagement",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_their_values() {
        for m in Method::ALL {
            assert_eq!(Method::from_name(m.as_str()), Some(m));
            assert_eq!(format!("{m:?}"), m.variant());
        }
        assert_eq!(Method::from_name("get"), None);
        for level in AccessLevel::ALL {
            assert_eq!(AccessLevel::from_name(level.as_str()), Some(level));
            assert_eq!(format!("{level:?}"), level.variant());
        }
        assert_eq!(
            AccessLevel::from_name(" permission_management "),
            Some(AccessLevel::PermissionManagement)
        );
        assert_eq!(AccessLevel::from_name("Admin"), None);
    }

    #[test]
    fn only_post_and_patch_are_not_idempotent() {
        let not: Vec<Method> = Method::ALL
            .into_iter()
            .filter(|m| !m.is_idempotent())
            .collect();
        assert_eq!(not, [Method::Post, Method::Patch]);
    }
}
