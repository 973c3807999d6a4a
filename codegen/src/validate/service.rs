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
                crate::parse::CLOUD_KEYS
                    .iter()
                    .map(|c| ((*c).to_owned(), text.clone())),
            ),
        }
    }
    out
}
