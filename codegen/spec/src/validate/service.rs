//! The `service` section: names, content type, regions and endpoints.

use crate::diagnostics::Diagnostic;
use crate::model::Region;
use crate::parse::ast::ServiceAst;
use crate::parse::reader::Cx;

/// The resolved `service` section (operations and schemas are added by the caller).
pub struct ServiceHeader {
    /// Service name.
    pub name: String,
    /// Module name.
    pub module: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Default content type.
    pub content_type: String,
    /// Endpoint override id.
    pub endpoint_env: String,
    /// Regions.
    pub regions: Vec<Region>,
    /// Host prefix per cloud key.
    pub endpoint_prefixes: Vec<(String, String)>,
    /// Whether the service is global (domain-scoped).
    pub global: bool,
}

fn is_module_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What is wrong with an endpoint template beyond its scheme, if anything: the client
/// signs for the host and sends to the base path, so user information (which would put a
/// secret into the generated code), a query, a fragment, a missing host or text the URL
/// layer would change are refused.
fn endpoint_problem(template: &str) -> Option<&'static str> {
    let rest = template.split_once("://").map_or(template, |(_, r)| r);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    if template.contains(|c: char| c.is_whitespace() || c.is_control()) {
        Some("holds a space or a control character")
    } else if authority.contains('@') {
        Some(
            "carries user information (`user:password@`): requests are signed with the client's credentials, and the spec would hold a secret",
        )
    } else if template.contains(['?', '#']) {
        Some("has a query or a fragment, which the client would not send as signed")
    } else if authority.is_empty() || authority.starts_with(':') {
        Some("has no host")
    } else if rest[authority.len()..]
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        Some("has a dot segment (`.` or `..`) in its path, which the URL layer collapses")
    } else {
        None
    }
}

/// `template` with any user information as `***`, for messages.
fn shown_endpoint(template: &str) -> String {
    let (scheme, rest) = template.split_once("://").unwrap_or(("", template));
    let end = rest.find('/').unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => template.to_owned(),
    }
}

/// Whether `text` is a media type: `type/subtype`, optional parameters, no control
/// characters (it becomes the `Content-Type` header of every request).
fn is_media_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or_default().trim();
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    !text.chars().any(char::is_control)
        && essence
            .split_once('/')
            .is_some_and(|(t, sub)| token(t) && token(sub))
}

/// Resolves the `service` section.
pub fn resolve_service(cx: &mut Cx, s: &ServiceAst) -> Option<ServiceHeader> {
    if let Some(m) = &s.module
        && !is_module_name(&m.value)
    {
        cx.report(
            Diagnostic::error(
                "invalid-module",
                &m.path,
                format!("`{}` is not a valid module name", m.value),
            )
            .with_help("use lower-case letters, digits and `_`, starting with a letter (it names the generated file)"),
        );
    }
    let mut regions: Vec<Region> = Vec::new();
    for group in &s.endpoints {
        let template = &group.template;
        if !(template.value.starts_with("https://") || template.value.starts_with("http://")) {
            cx.report(
                Diagnostic::error(
                    "invalid-endpoint",
                    &template.path,
                    format!("endpoint `{}` has no scheme", template.value),
                )
                .with_help("start it with `https://`"),
            );
            continue;
        }
        if let Some(problem) = endpoint_problem(&template.value) {
            cx.report(
                Diagnostic::error(
                    "invalid-endpoint",
                    &template.path,
                    format!("endpoint `{}` {problem}", shown_endpoint(&template.value)),
                )
                .with_help("write `https://host[:port][/base-path]`, `{region}` standing for the region id"),
            );
            continue;
        }
        let has_placeholder = template.value.contains("{region}");
        if !has_placeholder && group.regions.len() > 1 {
            cx.report(Diagnostic::warning(
                "endpoint-without-region",
                &template.path,
                "this endpoint has no `{region}` placeholder but serves several regions",
            ));
        }
        for region in &group.regions {
            if region.value.is_empty()
                || region
                    .value
                    .contains(|c: char| c.is_whitespace() || c == '/')
            {
                cx.report(Diagnostic::error(
                    "invalid-region",
                    &region.path,
                    format!("`{}` is not a region id", region.value),
                ));
                continue;
            }
            let url = template.value.replace("{region}", &region.value);
            match regions.iter_mut().find(|r| r.id == region.value) {
                Some(r) if r.endpoints.contains(&url) => cx.report(Diagnostic::warning(
                    "duplicate-region",
                    &region.path,
                    format!("region `{}` already has this endpoint", region.value),
                )),
                Some(r) => r.endpoints.push(url),
                None => regions.push(Region {
                    id: region.value.clone(),
                    endpoints: vec![url],
                }),
            }
        }
    }
    let endpoint_prefixes = resolve_prefixes(cx, s);
    if s.endpoints.is_empty() && s.endpoint_prefix.is_empty() && !s.path.is_root() {
        cx.report(
            Diagnostic::warning(
                "no-endpoints",
                &s.path.key("endpoints"),
                "the service lists no regional endpoints",
            )
            .with_help("add `endpoint_prefix: <host prefix>` (`vpc` for `https://vpc.eu-de.otc.t-systems.com`), or users will have to give an explicit endpoint"),
        );
    }
    let name = s.name.as_ref()?.value.clone();
    let module = s.module.as_ref()?.value.clone();
    if let Some(c) = &s.content_type
        && !is_media_type(&c.value)
    {
        cx.report(
            Diagnostic::error(
                "invalid-content-type",
                &c.path,
                format!("`{}` is not a media type", c.value.escape_debug()),
            )
            .with_help("write `type/subtype`, e.g. `application/json`, on one line"),
        );
    }
    let content_type = s
        .content_type
        .as_ref()
        .map_or_else(|| "application/json".to_owned(), |c| c.value.clone());
    let endpoint_env = match &s.endpoint_env {
        Some(e)
            if e.value
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
        {
            e.value.clone()
        }
        Some(e) => {
            cx.report(Diagnostic::error(
                "invalid-endpoint-env",
                &e.path,
                "`endpoint_env` must be upper-case letters, digits and `_`",
            ));
            return None;
        }
        None => name.to_ascii_uppercase(),
    };
    Some(ServiceHeader {
        title: s.title.clone().unwrap_or_else(|| name.clone()),
        description: s.description.as_ref().map(|d| d.value.clone()),
        name,
        module,
        content_type,
        endpoint_env,
        regions,
        endpoint_prefixes,
        global: s.global,
    })
}

/// The host prefix per cloud: a plain prefix is every cloud's. A prefix is a host name
/// without the region and domain: lower-case letters, digits, `-` and inner `.`.
fn resolve_prefixes(cx: &mut Cx, s: &ServiceAst) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in &s.endpoint_prefix {
        let text = &p.prefix.value;
        let valid = !text.is_empty()
            && text.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
        if !valid {
            let help = if text.contains("://") || text.contains('/') {
                "write only the start of the host: `vpc` for `https://vpc.eu-de.otc.t-systems.com`; a whole URL goes under `endpoints`"
            } else {
                "use lower-case letters, digits, `-` and `.`, e.g. `vpc`"
            };
            cx.report(
                Diagnostic::error(
                    "invalid-endpoint-prefix",
                    &p.prefix.path,
                    format!("`{text}` is not a host prefix"),
                )
                .with_help(help),
            );
            continue;
        }
        match &p.cloud {
            Some(cloud) => out.push((cloud.clone(), text.clone())),
            None => out.extend(
                crate::parse::cloud_keys()
                    .iter()
                    .map(|c| ((*c).to_owned(), text.clone())),
            ),
        }
    }
    out
}
