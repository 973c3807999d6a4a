//! Operation ids from the page title, the method and the path, by the rules the official
//! SDKs' names follow (`ListVpcs`, `ShowVpc`, `NeutronCreatePort`, `ListVpcsByTags`). The
//! rules were read off the operations of 40 `huaweicloudsdk*` packages
//! (`tests/data/sdk/facts`); an SDK's own name, when it has the endpoint, comes first
//! ([`super::ids`]). The title's verb is read in [`super::verbs`], the OpenStack prefix in
//! [`super::openstack`].
//!
//! An id is an optional API prefix, a verb and a noun:
//!
//! - **Prefix**: native OpenStack paths are named with their API, `Neutron` (`/v2.0/` then a
//!   Neutron resource, no project), `Nova` (`/v2.1/{project_id}/...`, or `/v2/{project_id}/`
//!   then servers or key pairs), `Cinder` (`/v2` or `/v3/{project_id}/` then volumes, types,
//!   volume transfers, availability zones or quota sets), `Keystone` (`/v3/` then users,
//!   groups, projects, ... or `OS-*`), `Glance` (`/v2/images`); a page in a folder naming one
//!   of these APIs (`native_openstack_nova_v2.1_apis/`) gets its prefix too.
//! - **Verb**: the title's first word. A gerund loses its `-ing` (`Associating` →
//!   `Associate`: an `e` comes back after `at`, `bl`, `iz`, `ov`, `ur`, `us`, `ac`, `as`,
//!   `ang`, `let`; a doubled `b g m n p r t` is undoubled). Words that mean the same are
//!   folded: `Modify`/`Change`/`Edit` → `Update`, `Insert` → `Add`, `Remove`/`Release` of a
//!   `DELETE` → `Delete`; `Add`/`Allocate`/`Apply`/`Configure` a `POST` to a collection →
//!   `Create`. A title starting with `Batch` or saying `in batches` makes a batch verb
//!   (`BatchCreate`). `Query`, `Get`, `List`, `View`, `Obtain`, `Show`, `Check` become `List`
//!   when the path ends with a collection and `Show` when it ends with an item (`{id}`), an
//!   item's tags (`/vpcs/{id}/tags`) or quotas. An action segment that is not the verb is
//!   added to the noun (`DELETE /address-groups/{id}/force` → `DeleteAddressGroupForce`); one
//!   that starts with a verb gives the verb (`/add-extend-cidr` → `AddVpcExtendCidr`). A
//!   title whose first word is no verb falls back to the method (`GET` → `List`/`Show`,
//!   `POST` → `Create`, `PUT`/`PATCH` → `Update`, `DELETE` → `Delete`).
//! - **Noun**: the path's last literal segment, without version segments (`v1`, `v2.0`),
//!   the project segment (`{project_id}`), a `cloud` before a resource (`cloudservers` →
//!   servers) and a trailing action segment (a singular word right after an `{id}`: `action`,
//!   `accept`, `insert`). Only tags keep the resource they belong to (`/vpcs/{vpc_id}/tags`
//!   → `VpcTags`); other sub-resources are named alone (`/pools/{id}/members` → `Member`),
//!   their parent coming back only to tell clashing ids apart. Word boundaries a segment
//!   lacks (`routetables`) are taken from the title when its words spell the segment
//!   (`route table` → `RouteTable`); a letter after a digit starts a word (`L7Policies`).
//!   When the title says more of the resource, in words of the path, the noun is the
//!   title's (`GET /cfw/logs/flow`, "Querying Flow Logs" → `FlowLogs`).
//!   The noun is plural for `List`, `Count` and `Batch` verbs, singular otherwise.
//! - **Shapes**: `.../resource_instances/action` (or `/filter`) is `List<Resources>ByTags`,
//!   `.../resource-instances/count` is `Count<Resources>ByTags`, a `GET .../count` is
//!   `Count<Resources>`, a `GET .../detail` lists the collection.

use heck::ToUpperCamelCase;

pub(crate) use super::openstack::{openstack_api, openstack_folder};
use super::verbs::singular;
use super::verbs::{KNOWN_VERBS, LIST_VERBS, title_noun, title_verb};
pub(crate) use super::verbs::{operation_id_from_title, title_has_verb};

/// Lower-case words of a camel-cased name (`VpcPeering` → `vpc`, `peering`).
fn camel_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        if let Some(w) = out.last_mut() {
            w.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The resource as the title names it, when the title says more of it than the path's last
/// segment: the title's words that spell the segment, with the words around them that are
/// words of the path too (`GET /cfw/logs/flow`, "Querying Flow Logs" → `FlowLogs`;
/// `POST /vpc/peerings`, "Creating a VPC Peering Connection" → `VpcPeerings`). The SDKs name
/// such operations by the title's words.
fn title_phrase(title: &str, own: &str, literals: &[&str]) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let key = |w: &str| singular(&w.to_ascii_lowercase());
    let want: Vec<String> = camel_words(own).iter().map(|w| key(w)).collect();
    if want.is_empty() || words.len() < want.len() {
        return None;
    }
    let start = (1..=words.len() - want.len())
        .find(|&i| (0..want.len()).all(|k| key(&words[i + k]) == want[k]))?;
    let path_words: Vec<String> = literals.iter().flat_map(|s| words_of(s)).map(key).collect();
    let in_path = |w: &str| {
        let k = key(w);
        let stop = matches!(
            k.as_str(),
            "a" | "an"
                | "the"
                | "of"
                | "for"
                | "to"
                | "in"
                | "on"
                | "by"
                | "with"
                | "from"
                | "and"
                | "or"
                | "all"
                | "specified"
                | "list"
        );
        !stop
            && k.len() > 1
            && path_words
                .iter()
                .any(|p| *p == k || (k.len() >= 3 && p.len() > k.len() && p.contains(&k)))
    };
    let mut from = start;
    while from > 1 && in_path(&words[from - 1]) {
        from -= 1;
    }
    let mut to = start + want.len();
    while to < words.len() && in_path(&words[to]) {
        to += 1;
    }
    if from == start && to == start + want.len() {
        return None;
    }
    let mut phrase: String = words[from..to]
        .iter()
        .map(|w| w.to_ascii_lowercase().to_upper_camel_case())
        .collect();
    // The segment's number: plural when it is.
    let plural = !own.eq_ignore_ascii_case(&singular(own));
    if plural && singular(&phrase) == phrase {
        phrase.push('s');
    }
    Some(phrase)
}

fn is_version(seg: &str) -> bool {
    let s = seg.to_ascii_lowercase();
    s.strip_prefix('v')
        .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_param(seg: &str) -> bool {
    seg.starts_with('{')
}

/// The API version of a path (`v2.0` → `V2`), for telling clashing ids apart.
pub(crate) fn version(path: &str) -> Option<String> {
    let seg = path.split('/').find(|s| is_version(s))?;
    let v = seg[1..].trim_end_matches(".0");
    Some(format!("V{}", v.replace('.', "_")))
}

/// Camel-cased words of a path segment, with the title's word boundaries when the title
/// spells it.
fn segment_words(seg: &str, title: &str) -> String {
    if seg.contains(['_', '-', '.']) {
        return after_digits(&seg.to_upper_camel_case());
    }
    let want = singular(seg).to_ascii_lowercase();
    let plural = !seg.eq_ignore_ascii_case(&want);
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect();
    for i in 0..words.len() {
        let mut acc = String::new();
        for j in i..words.len() {
            acc.push_str(&singular(&words[j]).to_ascii_lowercase());
            if acc == want && j > i {
                let mut out: String = words[i..j]
                    .iter()
                    .map(|w| w.to_upper_camel_case())
                    .collect();
                out.push_str(&singular(&words[j]).to_upper_camel_case());
                if plural {
                    out.push('s');
                }
                return out;
            }
            if !want.starts_with(&acc) {
                break;
            }
        }
    }
    after_digits(&seg.to_upper_camel_case())
}

/// A letter after a digit starts a word (`l7policies` → `L7Policies`), as in the SDKs.
fn after_digits(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut digit = false;
    for c in word.chars() {
        out.push(if digit { c.to_ascii_uppercase() } else { c });
        digit = c.is_ascii_digit();
    }
    out
}

fn words_of(seg: &str) -> Vec<&str> {
    seg.split(['-', '_', '.'])
        .filter(|w| !w.is_empty())
        .collect()
}

/// The id qualified by every literal segment before its resource
/// (`/v5/{project_id}/asset/port/statistics` → `ListAssetPortStatistics`), for ids that
/// still clash.
pub(crate) fn operation_id_qualified(title: &str, method: &str, path: &str) -> String {
    let id = id_of(title, method, path, true);
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_version(s) && !is_param(s))
        .map(uncloud)
        .collect();
    // The root (`GET /`) is a place of its own.
    let qualifier: String = if segs.is_empty() {
        "Root".to_owned()
    } else {
        segs.iter()
            .rev()
            .skip(1)
            .rev()
            .map(|s| singular(&segment_words(s, title)))
            .filter(|w| !id.contains(w.as_str()))
            .collect()
    };
    if qualifier.is_empty() {
        return id;
    }
    // After the verb: the first capital after the start that begins the noun.
    let verb_end = id[1..]
        .find(|c: char| c.is_ascii_uppercase())
        .map_or(id.len(), |i| i + 1);
    let (head, tail) = id.split_at(verb_end);
    let head = if matches!(
        head,
        "Neutron" | "Nova" | "Cinder" | "Keystone" | "Glance" | "Batch"
    ) {
        let more = tail[1..]
            .find(|c: char| c.is_ascii_uppercase())
            .map_or(tail.len(), |i| i + 1);
        &id[..verb_end + more]
    } else {
        head
    };
    format!("{head}{qualifier}{}", &id[head.len()..])
}

/// A segment without the `cloud` the ECS-style APIs put before a resource (`cloudservers`,
/// `cloudvolumes` name servers and volumes).
fn uncloud(seg: &str) -> &str {
    match seg.strip_prefix("cloud") {
        Some(rest) if rest.len() >= 4 && rest.chars().all(|c| c.is_ascii_lowercase()) => rest,
        _ => seg,
    }
}

/// Whether the segment is a tag collection, the one sub-resource the SDKs name with its
/// parent (`ShowVpcTags`, `BatchCreateServerTags`).
fn is_tags(seg: &str) -> bool {
    matches!(seg, "tags" | "tag")
}

/// The id of an operation from its title, method and path: see the module docs.
pub(crate) fn operation_id(title: &str, method: &str, path: &str) -> String {
    id_of(title, method, path, false)
}

/// The id with the parent resource of a sub-resource kept (`/pools/{id}/members` →
/// `ListPoolMembers`), for telling apart ids that clash without it.
pub(crate) fn operation_id_with_parent(title: &str, method: &str, path: &str) -> String {
    id_of(title, method, path, true)
}

fn id_of(title: &str, method: &str, path: &str, keep_parent: bool) -> String {
    let prefix = openstack_api(path).unwrap_or("");
    let mut segs: Vec<&str> = path
        .split('/')
        .filter(|s| {
            !s.is_empty()
                && !is_version(s)
                && !matches!(*s, "{project_id}" | "{tenant_id}" | "{domain_id}")
        })
        .map(uncloud)
        .collect();
    // Tag queries: `/vpcs/resource_instances/action` → `ListVpcsByTags`, `.../count` → `Count...`.
    if let Some(i) = segs
        .iter()
        .rposition(|s| matches!(*s, "resource_instances" | "resource-instances"))
        && i >= 1
        && !is_param(segs[i - 1])
    {
        let verb = if segs.get(i + 1) == Some(&"count") {
            "Count"
        } else {
            "List"
        };
        return format!("{prefix}{verb}{}ByTags", segment_words(segs[i - 1], title));
    }
    // A list's `detail` view and a count of a collection.
    let mut forced: Option<&str> = None;
    if method == "GET" && segs.len() >= 2 {
        match segs[segs.len() - 1] {
            "detail" | "details" => {
                forced = Some("list");
                segs.pop();
            }
            "count" => {
                forced = Some("count");
                segs.pop();
            }
            _ => {}
        }
    }
    let title_v = title_verb(title);
    // A trailing action segment: `action`, a known verb (`accept`, `add-extend-cidr`), or a
    // singular word right after an item (`/{id}/force`).
    let mut action: Option<&str> = None;
    if segs.len() >= 2 && forced.is_none() {
        let last = segs[segs.len() - 1];
        let first_word = words_of(last)
            .first()
            .map(|w| w.to_ascii_lowercase())
            .unwrap_or_default();
        let single = !last.ends_with('s') && !last.contains(['_', '-']);
        if !is_param(last)
            && (last == "action"
                || KNOWN_VERBS.contains(&first_word.as_str())
                || (single && is_param(segs[segs.len() - 2])))
        {
            action = Some(last);
            segs.pop();
        }
    }
    // The verb, and words an action segment adds after it (`add-extend-cidr` → `ExtendCidr`).
    let mut extra = String::new();
    let (verb, batch) = match (forced, action.filter(|a| *a != "action")) {
        (Some(v), _) => (v.to_owned(), false),
        (None, Some(a)) if KNOWN_VERBS.contains(&words_of(a)[0].to_ascii_lowercase().as_str()) => {
            let w = words_of(a);
            extra = w[1..].iter().map(|w| w.to_upper_camel_case()).collect();
            (
                w[0].to_ascii_lowercase(),
                title_v.as_ref().is_some_and(|(_, b)| *b),
            )
        }
        (None, other) => match (title_v, other) {
            (Some((v, b)), _) => {
                let create = matches!(
                    v.as_str(),
                    "add" | "allocate" | "assign" | "apply" | "configure"
                ) && method == "POST"
                    && other.is_none();
                // An action segment that is not the verb qualifies the noun (`/force`).
                if let Some(a) = other.filter(|a| !a.eq_ignore_ascii_case(&v)) {
                    extra = a.to_upper_camel_case();
                }
                let v = match v.as_str() {
                    _ if create => "create".to_owned(),
                    "remove" | "release" if method == "DELETE" && other.is_none() => {
                        "delete".to_owned()
                    }
                    _ => v,
                };
                (v, b)
            }
            (None, Some(a)) => (a.to_ascii_lowercase(), false),
            (None, None) => (
                match method {
                    "GET" | "HEAD" => "list",
                    "POST" => "create",
                    "DELETE" => "delete",
                    _ => "update",
                }
                .to_owned(),
                false,
            ),
        },
    };
    let verb = if verb == "insert" {
        "add".to_owned()
    } else {
        verb
    };
    let ends_with_item = segs.last().is_some_and(|s| is_param(s));
    let mut noun = String::new();
    if let Some(i) = segs.iter().rposition(|s| !is_param(s)) {
        let seg = segs[i];
        // The parent resource: an item's collection (`/vpcs/{vpc_id}/tags`) or a plural
        // collection (`/vpcs/resource_instances`); a singular namespace (`/vpc/vpcs`) is no
        // parent. Only tags keep it, unless asked.
        let parent = match (
            i.checked_sub(1).map(|j| segs[j]),
            i.checked_sub(2).map(|j| segs[j]),
        ) {
            (Some(p), Some(pp)) if is_param(p) && !is_param(pp) => Some(pp),
            (Some(p), _) if !is_param(p) && p.ends_with('s') => Some(p),
            _ => None,
        }
        .filter(|_| keep_parent || is_tags(seg));
        if let Some(p) = parent {
            noun.push_str(&singular(&segment_words(p, title)));
            noun.push_str(&segment_words(seg, title));
        } else {
            let own = segment_words(seg, title);
            let literals: Vec<&str> = segs.iter().copied().filter(|s| !is_param(s)).collect();
            noun = title_phrase(title, &own, &literals).unwrap_or(own);
        }
    } else {
        noun = title_noun(title);
    }
    let verb = if LIST_VERBS.contains(&verb.as_str()) {
        // A quota is one object per project, however many numbers it holds; an item's
        // tags are read as a part of that item (`GET /vpcs/{id}/tags` → `ShowVpcTags`).
        let item_tags =
            segs.len() >= 2 && is_tags(segs[segs.len() - 1]) && is_param(segs[segs.len() - 2]);
        if ends_with_item || item_tags || noun.ends_with("Quotas") || noun.ends_with("Quota") {
            "show".to_owned()
        } else {
            "list".to_owned()
        }
    } else {
        verb
    };
    let plural = batch
        || matches!(verb.as_str(), "list" | "count")
        || (verb == "show" && noun.ends_with("Tags"));
    let mut noun = if plural || noun.is_empty() {
        noun
    } else {
        singular(&noun)
    };
    if !extra.is_empty() {
        // `router` + `RouterInterface` → `RouterInterface`.
        let last_word = noun
            .rfind(|c: char| c.is_ascii_uppercase())
            .map_or(noun.as_str(), |p| &noun[p..])
            .to_owned();
        if extra.starts_with(&last_word) {
            noun.truncate(noun.len() - last_word.len());
        }
        noun.push_str(&extra);
    }
    let batch = if batch { "Batch" } else { "" };
    format!("{prefix}{batch}{}{noun}", verb.to_upper_camel_case())
}

/// Whether a path's last literal segment comes right after an item (`/vpcs/{id}/tags`).
pub(crate) fn item_scoped(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segs.len() >= 2 && !is_param(segs[segs.len() - 1]) && is_param(segs[segs.len() - 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_sdk_style() {
        assert_eq!(
            operation_id("Querying VPCs", "GET", "/v1/{project_id}/vpcs"),
            "ListVpcs"
        );
        assert_eq!(
            operation_id(
                "Querying VPC Details",
                "GET",
                "/v1/{project_id}/vpcs/{vpc_id}"
            ),
            "ShowVpc"
        );
        assert_eq!(
            operation_id("Creating a NAT Gateway", "POST", "/v2.0/nat_gateways"),
            "CreateNatGateway"
        );
        assert_eq!(
            operation_id(
                "Associating Subnets with a Route Table",
                "POST",
                "/v1/{project_id}/routetables/{routetable_id}/action"
            ),
            "AssociateRouteTable"
        );
        assert_eq!(
            operation_id(
                "Disassociating Subnets from a Route Table",
                "POST",
                "/v1/{project_id}/routetables/{routetable_id}/action"
            ),
            "DisassociateRouteTable"
        );
        assert_eq!(
            operation_id(
                "Deleting a VPC Tag",
                "DELETE",
                "/v2.0/{project_id}/vpcs/{vpc_id}/tags/{key}"
            ),
            "DeleteVpcTag"
        );
        assert_eq!(
            operation_id(
                "Batch Creating VPC Tags",
                "POST",
                "/v2.0/{project_id}/vpcs/{vpc_id}/tags/action"
            ),
            "BatchCreateVpcTags"
        );
        assert_eq!(
            operation_id(
                "Accepting a VPC Peering Connection",
                "PUT",
                "/v2.0/vpc/peerings/{peering_id}/accept"
            ),
            "AcceptVpcPeering"
        );
        assert_eq!(
            operation_id("Floating IP", "GET", "/v2.0/floatingips"),
            "NeutronListFloatingIps"
        );
    }

    #[test]
    fn openstack_paths_tags_counts_and_sub_resources() {
        let id = |t: &str, m: &str, p: &str| operation_id(t, m, p);
        assert_eq!(
            id("Deleting a Subnet", "DELETE", "/v2.0/subnets/{subnet_id}"),
            "NeutronDeleteSubnet"
        );
        assert_eq!(
            id(
                "Deleting a Subnet",
                "DELETE",
                "/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}"
            ),
            "DeleteSubnet"
        );
        assert_eq!(
            id("Querying Servers", "GET", "/v2.1/{project_id}/servers"),
            "NovaListServers"
        );
        assert_eq!(
            id("Querying Disks", "GET", "/v2/{project_id}/volumes"),
            "CinderListVolumes"
        );
        assert_eq!(
            id(
                "Querying Disks",
                "GET",
                "/v2/{project_id}/cloudvolumes/detail"
            ),
            "ListVolumes"
        );
        assert_eq!(
            id(
                "Querying VPCs by Tag",
                "POST",
                "/v2.0/{project_id}/vpcs/resource_instances/action"
            ),
            "ListVpcsByTags"
        );
        assert_eq!(
            id(
                "Counting ACLs",
                "POST",
                "/v3/{project_id}/firewalls/resource-instances/count"
            ),
            "CountFirewallsByTags"
        );
        assert_eq!(
            id("Counting", "GET", "/v5/{project_id}/snapshot-chains/count"),
            "CountSnapshotChains"
        );
        assert_eq!(
            id(
                "Querying VPC Tags",
                "GET",
                "/v2.0/{project_id}/vpcs/{vpc_id}/tags"
            ),
            "ShowVpcTags"
        );
        assert_eq!(
            id(
                "Querying Forwarding Policies",
                "GET",
                "/v3/{project_id}/elb/l7policies"
            ),
            "ListL7Policies"
        );
        assert_eq!(
            id("Querying Quotas", "GET", "/v1/{project_id}/quotas"),
            "ShowQuota"
        );
        assert_eq!(
            id(
                "Removing a Backend Server",
                "DELETE",
                "/v3/{p}/elb/pools/{pool_id}/members/{member_id}"
            ),
            "DeleteMember"
        );
        assert_eq!(
            operation_id_with_parent(
                "Removing a Backend Server",
                "DELETE",
                "/v3/{p}/elb/pools/{pool_id}/members/{member_id}"
            ),
            "DeletePoolMember"
        );
        assert_eq!(
            id(
                "Inserting a Rule",
                "PUT",
                "/v3/{project_id}/vpc/firewalls/{firewall_id}/insert-rules"
            ),
            "AddFirewallRules"
        );
        assert_eq!(
            id(
                "Querying Flow Logs",
                "GET",
                "/v1/{project_id}/cfw/logs/flow"
            ),
            "ListFlowLogs"
        );
        assert_eq!(
            id(
                "Querying the DNS Server List",
                "GET",
                "/v1/{project_id}/dns/servers"
            ),
            "ListDnsServers"
        );
        assert_eq!(
            id(
                "Querying VPC Peering Connections",
                "GET",
                "/v2.0/vpc/peerings"
            ),
            "ListVpcPeerings"
        );
        assert_eq!(
            id(
                "Querying Enterprise Project Quota",
                "GET",
                "/v1.0/enterprise-projects/quotas"
            ),
            "ShowEnterpriseProjectQuota"
        );
        assert_eq!(
            id(
                "Creating an App",
                "POST",
                "/v2/{project_id}/instances/{id}/apps"
            ),
            "CreateApp"
        );
        assert_eq!(
            openstack_folder("native_openstack_nova_v2.1_apis/x/y.rst"),
            Some("Nova")
        );
        assert_eq!(openstack_folder("novascotia/y.rst"), None);
    }
}
