//! The verb of a page title, as operation ids use it ([`super::names`]): its first word, a
//! gerund losing its `-ing` (`Associating` → `Associate`, `Scaling` → `Scale`), an adverb
//! or `Batch` before it skipped; the verbs the ids know; and the id a title alone gives
//! (a verb and what it acts on), for pages that method and path do not tell apart; and the
//! singular of a plural, which ids, field and schema names all use.

use heck::ToUpperCamelCase;

use super::openstack::openstack_api;

pub(super) const LIST_VERBS: &[&str] = &[
    "query", "get", "list", "view", "obtain", "show", "check", "querie",
];

pub(super) const KNOWN_VERBS: &[&str] = &[
    "create",
    "delete",
    "update",
    "query",
    "get",
    "list",
    "view",
    "obtain",
    "show",
    "check",
    "add",
    "remove",
    "associate",
    "disassociate",
    "accept",
    "reject",
    "insert",
    "bind",
    "unbind",
    "attach",
    "detach",
    "enable",
    "disable",
    "modify",
    "change",
    "edit",
    "set",
    "reset",
    "release",
    "allocate",
    "apply",
    "assign",
    "unassign",
    "migrate",
    "resize",
    "replace",
    "start",
    "stop",
    "restart",
    "export",
    "import",
    "upload",
    "download",
    "count",
    "search",
    "filter",
    "register",
    "deregister",
    "subscribe",
    "unsubscribe",
    "renew",
    "cancel",
    "copy",
    "move",
    "switch",
    "configure",
    "open",
    "close",
    "lock",
    "unlock",
    "tag",
    "untag",
    "verify",
    "validate",
    "refuse",
];

/// Whether the title starts with a verb the ids know (else an id's verb is the method's).
pub(crate) fn title_has_verb(title: &str) -> bool {
    title_verb(title).is_some()
}

/// The verb of a title (lower case, before the List/Show choice) and whether it is a batch
/// operation. An adverb first (`Forcibly Deleting`) is skipped.
pub(super) fn title_verb(title: &str) -> Option<(String, bool)> {
    let mut words = title
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .peekable();
    let mut batch = title.to_ascii_lowercase().contains("in batch");
    while let Some(w) = words.peek() {
        if w == "batch" || w == "bulk" {
            batch = true;
        } else if !w.ends_with("ly") {
            break;
        }
        words.next();
    }
    let first = words.next()?;
    let stem = match first.strip_suffix("ing") {
        Some(s) if s.len() >= 2 => restore(s),
        _ => first.clone(),
    };
    // An unknown gerund is a verb when an article follows (`Peering a VPC`), not in
    // `Floating IP`.
    let article = words
        .next()
        .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "all"));
    if !(KNOWN_VERBS.contains(&stem.as_str()) || (first.ends_with("ing") && article)) {
        return None;
    }
    let verb = match stem.as_str() {
        "modify" | "change" | "edit" => "update".to_owned(),
        _ => stem,
    };
    Some((verb, batch))
}

/// The title's words after its verb, for a path that names no resource (`GET /`).
pub(super) fn title_noun(title: &str) -> String {
    title
        .split_whitespace()
        .skip_while(|w| w.to_ascii_lowercase().ends_with("ly") || w.eq_ignore_ascii_case("batch"))
        .skip(1)
        .filter(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "a" | "an" | "the" | "of" | "for" | "to"
            )
        })
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_upper_camel_case()
        })
        .collect()
}

/// A gerund's stem with its lost `e` back or its doubled consonant undoubled.
fn restore(stem: &str) -> String {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && b"bgmnprt".contains(&b[n - 1]) {
        return stem[..n - 1].to_owned();
    }
    let e_after = [
        "at", "bl", "iz", "ov", "ur", "us", "ac", "as", "ang", "let", "ut", "rg", "nc", "rv", "id",
        "cal", "stor",
    ];
    if e_after.iter().any(|e| stem.ends_with(e)) {
        return format!("{stem}e");
    }
    stem.to_owned()
}

/// The id a page's title alone gives, for pages that share their method and path with
/// others (an `action` endpoint taking several bodies) and that no SDK names: the title's
/// verb (any gerund, `Scaling` → `Scale`, with a particle after it: `ScaleUp`), then what
/// the title acts on, `of` turned around (`Changing the Storage Type of a DB Instance` →
/// `UpdateDbInstanceStorageType`), with the path's OpenStack prefix. `None` when the title
/// starts with no gerund or verb, or names nothing after it.
pub(crate) fn operation_id_from_title(title: &str, method: &str, path: &str) -> Option<String> {
    // A remark in parentheses (`(Discarded)`, `(a V3 API)`) names no part of the operation.
    let mut depth = 0usize;
    let title: String = title
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect();
    let title = title.as_str();
    let words: Vec<String> = title
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .skip_while(|w| {
            let l = w.to_ascii_lowercase();
            l.ends_with("ly") || l == "batch"
        })
        .collect();
    let (first, rest) = words.split_first()?;
    let lower = first.to_ascii_lowercase();
    let verb = match title_verb(title) {
        Some((v, _)) if LIST_VERBS.contains(&v.as_str()) => {
            if method != "GET" || path.ends_with('}') {
                "show".to_owned()
            } else {
                "list".to_owned()
            }
        }
        Some((v, _)) => v,
        None => restore(lower.strip_suffix("ing").filter(|s| s.len() >= 2)?),
    };
    let mut rest: &[String] = rest;
    let mut verb = verb.to_upper_camel_case();
    if let Some((p, more)) = rest.split_first()
        && matches!(
            p.to_ascii_lowercase().as_str(),
            "up" | "down" | "out" | "over" | "back" | "off"
        )
    {
        verb.push_str(&p.to_ascii_lowercase().to_upper_camel_case());
        rest = more;
    }
    // Words up to a clause (`in`, `to`, `with`, `by`, ...), `of` turned around.
    let content = |ws: &[String]| -> String {
        ws.iter()
            .map(|w| w.to_ascii_lowercase())
            .filter(|w| !matches!(w.as_str(), "a" | "an" | "the" | "specified" | "all"))
            .map(|w| w.to_upper_camel_case())
            .collect()
    };
    let stop = rest.iter().position(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "in" | "to" | "from" | "with" | "by" | "for" | "on" | "and" | "or" | "when" | "using"
        )
    });
    let rest = &rest[..stop.unwrap_or(rest.len())];
    let noun = match rest.iter().position(|w| w.eq_ignore_ascii_case("of")) {
        Some(k) => format!("{}{}", content(&rest[k + 1..]), content(&rest[..k])),
        None => content(rest),
    };
    if noun.is_empty() {
        return None;
    }
    let prefix = openstack_api(path).unwrap_or("");
    Some(format!("{prefix}{verb}{noun}"))
}

/// The singular of an English plural, for array item names (`routes` → `route`).
pub(crate) fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{}y", &word[..stem.len()]);
    }
    // `matches`, `switches`, `boxes`: the `es` is the plural's.
    if ["ches", "shes", "xes", "zzes"]
        .iter()
        .any(|e| lower.ends_with(e))
        && !lower.ends_with("caches")
    {
        return word[..word.len() - 2].to_owned();
    }
    for keep in ["ss", "us", "is", "ses"] {
        if lower.ends_with(keep) {
            return match keep {
                "ses" if lower.ends_with("sses") || lower.ends_with("uses") => {
                    word[..word.len() - 2].to_owned()
                }
                "ses" => word[..word.len() - 1].to_owned(),
                _ => word.to_owned(),
            };
        }
    }
    match lower.strip_suffix('s') {
        Some(_) if word.len() > 1 => word[..word.len() - 1].to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_alone_gives_a_verb_and_what_it_acts_on() {
        let t =
            |title: &str, method: &str, path: &str| operation_id_from_title(title, method, path);
        let action = "/v3/{project_id}/instances/{instance_id}/action";
        assert_eq!(
            t("Scaling Up Storage Space of a DB Instance", "POST", action).as_deref(),
            Some("ScaleUpDbInstanceStorageSpace")
        );
        assert_eq!(
            t("Changing the Storage Type of a DB Instance", "POST", action).as_deref(),
            Some("UpdateDbInstanceStorageType")
        );
        assert_eq!(
            t(
                "Obtaining a Remote Login Address",
                "POST",
                "/v2.1/{project_id}/servers/{server_id}/action"
            )
            .as_deref(),
            Some("NovaShowRemoteLoginAddress")
        );
        assert_eq!(
            t("Querying BMSs", "GET", "/v2.1/{project_id}/servers").as_deref(),
            Some("NovaListBmss")
        );
        assert_eq!(
            t(
                "Adding Tags to a Stream",
                "POST",
                "/v2/{project_id}/stream/{id}/tags"
            )
            .as_deref(),
            Some("AddTags")
        );
        // No gerund or verb first, or nothing after it: no id.
        assert_eq!(t("Flavor Details", "GET", "/v1/flavors"), None);
        assert_eq!(t("Rebooting", "POST", action), None);
        assert_eq!(
            t("Changing Node Specifications (Discarded)", "POST", action).as_deref(),
            Some("UpdateNodeSpecifications")
        );
        assert_eq!(
            t("Restoring Data to a New Instance", "POST", action).as_deref(),
            Some("RestoreData")
        );
    }
}
