//! A deterministic synthetic API, sized by its operation count, written twice: as an
//! `hwcloud-codegen` YAML spec and as an equivalent OpenAPI 3.0 document.
//!
//! Operations come in groups of four per resource (list, create, show, update), so about
//! half carry a JSON body. Each has 1-4 path parameters and 0-4 query parameters; each
//! response has 8-15 fields mixing strings, int32/int64, booleans, enums, arrays of
//! objects and nested objects (response → resource → info: three levels). Resources,
//! infos and enums are shared schemas. In the YAML spec, every [`GROUP_SIZE`] operations
//! form a resource group.

use serde_json::{Map, Value, json};

/// The small, seeded generator (SplitMix64) that makes every choice.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// `n` distinct entries of `pool`, in pool order.
    fn pick<'a>(&mut self, pool: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut idx: Vec<usize> = (0..pool.len()).collect();
        for i in 0..n.min(pool.len()) {
            let j = self.range(i, pool.len() - 1);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx[..n.min(pool.len())].to_vec();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| pool[i]).collect()
    }
}

/// A field or parameter type.
#[derive(Clone)]
enum Ty {
    Str,
    I32,
    I64,
    Bool,
    /// A shared schema: an object or an enum.
    Ref(String),
    /// An array of a shared object schema.
    ArrayOf(String),
}

struct Field {
    name: String,
    ty: Ty,
    required: bool,
}

enum Kind {
    Object(Vec<Field>),
    Enum(Vec<&'static str>),
}

struct Schema {
    name: String,
    doc: String,
    kind: Kind,
}

struct Param {
    name: String,
    in_path: bool,
    ty: Ty,
    required: bool,
}

struct Op {
    id: String,
    group: String,
    summary: String,
    method: &'static str,
    path: String,
    params: Vec<Param>,
    body: Option<String>,
    response: String,
    action: String,
    access: &'static str,
}

/// Operations per resource group (`group: g00`, `g01`, ... in spec order) in the YAML spec;
/// OpenAPI has no equivalent, and a crate generated without group features ignores them.
pub const GROUP_SIZE: usize = 20;

/// The API surface both documents describe.
pub struct Api {
    ops: Vec<Op>,
    schemas: Vec<Schema>,
}

const RESOURCES: &[&str] = &[
    "Repository",
    "Package",
    "Artifact",
    "Member",
    "Webhook",
    "Policy",
    "Token",
    "Build",
    "Mirror",
    "Quota",
    "Label",
    "Release",
];
const STRINGS: &[&str] = &[
    "name",
    "description",
    "url",
    "checksum",
    "region",
    "path",
    "format",
    "owner_name",
    "created_at",
    "updated_at",
    "etag",
    "display_name",
];
const INT32S: &[&str] = &[
    "count",
    "priority",
    "replicas",
    "port",
    "retries",
    "page_size",
];
const INT64S: &[&str] = &["size", "total", "bytes_used", "created_ms", "revision"];
const BOOLS: &[&str] = &["enabled", "public", "archived", "locked", "verified"];
const ENUM_FIELDS: &[&str] = &["status", "kind", "visibility", "tier"];
const ARRAYS: &[&str] = &["items", "members", "children", "rules", "entries"];
const OBJECTS: &[&str] = &["owner", "parent", "settings", "metadata", "spec"];
const ENUM_VALUES: &[&str] = &[
    "active", "frozen", "deleted", "pending", "public", "private", "internal", "basic",
];
const COLLECTION_PARAMS: &[&str] = &["owner_id", "space_id", "group_id"];

/// Fields for an object: `counts` says how many of each kind, in the order string,
/// int32, int64, bool, enum (from `enums`), array (of `arrays`), object (from `objects`).
fn fields(
    rng: &mut Rng,
    counts: [usize; 7],
    enums: &[String],
    arrays: &[String],
    objects: &[String],
) -> Vec<Field> {
    let pools = [STRINGS, INT32S, INT64S, BOOLS, ENUM_FIELDS, ARRAYS, OBJECTS];
    let mut out = Vec::new();
    for (kind, pool) in pools.iter().enumerate() {
        for name in rng.pick(pool, counts[kind]) {
            let mut one = |list: &[String]| list[rng.range(0, list.len() - 1)].clone();
            let ty = match kind {
                0 => Ty::Str,
                1 => Ty::I32,
                2 => Ty::I64,
                3 => Ty::Bool,
                4 => Ty::Ref(one(enums)),
                5 => Ty::ArrayOf(one(arrays)),
                _ => Ty::Ref(one(objects)),
            };
            out.push(Field {
                name: name.to_owned(),
                ty,
                required: rng.chance(30),
            });
        }
    }
    out
}

impl Api {
    /// The API with `ops` operations; `variant` adds one optional query parameter to the
    /// first operation (a one-line spec change).
    pub fn new(ops: usize, variant: bool) -> Self {
        let mut rng = Rng(0x5eed_0000 + ops as u64);
        let groups = ops.div_ceil(4);
        let infos = (groups / 2).max(1);
        let enums = (groups / 3).max(1);
        let res_name =
            |g: usize| format!("{}{}", RESOURCES[g % RESOURCES.len()], g / RESOURCES.len());
        let enum_names: Vec<String> = (0..enums).map(|i| format!("State{i}")).collect();
        let info_names: Vec<String> = (0..infos).map(|i| format!("Info{i}")).collect();
        let res_names: Vec<String> = (0..groups).map(res_name).collect();
        let mut schemas = Vec::new();

        for name in &enum_names {
            let n = rng.range(3, 5);
            let values = rng.pick(ENUM_VALUES, n);
            schemas.push(Schema {
                name: name.clone(),
                doc: format!("The {name} values."),
                kind: Kind::Enum(values),
            });
        }
        for (i, name) in info_names.iter().enumerate() {
            let counts = [
                rng.range(1, 3),
                rng.range(0, 1),
                rng.range(0, 1),
                rng.range(0, 1),
                0,
                0,
                0,
            ];
            let mut f = fields(&mut rng, counts, &enum_names, &[], &[]);
            f.push(Field {
                name: "state".into(),
                ty: Ty::Ref(enum_names[i % enums].clone()),
                required: false,
            });
            schemas.push(Schema {
                name: name.clone(),
                doc: format!("Details shared by several resources ({name})."),
                kind: Kind::Object(f),
            });
        }
        for (g, name) in res_names.iter().enumerate() {
            let counts = [
                rng.range(2, 4),
                rng.range(0, 1),
                rng.range(0, 1),
                rng.range(0, 1),
                0,
                rng.range(0, 1),
                0,
            ];
            let mut f = fields(&mut rng, counts, &enum_names, &info_names, &[]);
            f.push(Field {
                name: "status".into(),
                ty: Ty::Ref(enum_names[g % enums].clone()),
                required: true,
            });
            f.push(Field {
                name: "info".into(),
                ty: Ty::Ref(info_names[g % infos].clone()),
                required: false,
            });
            schemas.push(Schema {
                name: name.clone(),
                doc: format!("A {name} resource."),
                kind: Kind::Object(f),
            });
        }

        let mut list = Vec::new();
        for i in 0..ops {
            let g = i / 4;
            let res = &res_names[g];
            let lower = res.to_lowercase();
            let depth = 1 + g % 3;
            let mut params: Vec<Param> = COLLECTION_PARAMS[..depth]
                .iter()
                .map(|p| Param {
                    name: (*p).to_owned(),
                    in_path: true,
                    ty: Ty::Str,
                    required: true,
                })
                .collect();
            let mut path = String::from("/v1");
            for p in &params {
                path.push_str(&format!("/{}s/{{{}}}", &p.name[..p.name.len() - 3], p.name));
            }
            path.push_str(&format!("/{lower}s"));
            let (verb, method, access, item, body) = match i % 4 {
                0 => ("List", "GET", "List", false, false),
                1 => ("Create", "POST", "Write", false, true),
                2 => ("Show", "GET", "Read", true, false),
                _ => ("Update", "PUT", "Write", true, true),
            };
            if item {
                let id = format!("{lower}_id");
                path.push_str(&format!("/{{{id}}}"));
                params.push(Param {
                    name: id,
                    in_path: true,
                    ty: Ty::Str,
                    required: true,
                });
            }
            let queries: &[(&str, Ty)] = &[
                ("limit", Ty::I32),
                ("offset", Ty::I32),
                ("name", Ty::Str),
                ("with_details", Ty::Bool),
            ];
            let n = if verb == "List" {
                rng.range(2, 4)
            } else {
                rng.range(0, 2)
            };
            for (q, ty) in &queries[..n] {
                params.push(Param {
                    name: (*q).to_owned(),
                    in_path: false,
                    ty: ty.clone(),
                    required: false,
                });
            }
            if variant && i == 0 {
                params.push(Param {
                    name: "trace".into(),
                    in_path: false,
                    ty: Ty::Str,
                    required: false,
                });
            }
            let id = if verb == "List" {
                format!("List{res}s")
            } else {
                format!("{verb}{res}")
            };
            let body_name = body.then(|| format!("{id}Body"));
            if let Some(b) = &body_name {
                let counts = [
                    rng.range(2, 4),
                    rng.range(0, 1),
                    rng.range(0, 1),
                    rng.range(0, 1),
                    1,
                    rng.range(0, 1),
                    1,
                ];
                let f = fields(&mut rng, counts, &enum_names, &info_names, &info_names);
                schemas.push(Schema {
                    name: b.clone(),
                    doc: format!("Body of {id}."),
                    kind: Kind::Object(f),
                });
            }
            let response = format!("{id}Response");
            let counts = [
                rng.range(2, 5),
                rng.range(1, 2),
                rng.range(1, 2),
                rng.range(1, 2),
                rng.range(1, 2),
                1,
                1,
            ];
            let mut f = fields(&mut rng, counts, &enum_names, &res_names, &res_names);
            f.push(Field {
                name: "resource".into(),
                ty: Ty::Ref(res.clone()),
                required: false,
            });
            schemas.push(Schema {
                name: response.clone(),
                doc: format!("Response of {id}."),
                kind: Kind::Object(f),
            });
            list.push(Op {
                group: format!("g{:02}", i / GROUP_SIZE),
                summary: format!("{verb} {lower} resources."),
                action: format!("bench:{lower}:{}", verb.to_lowercase()),
                id,
                method,
                path,
                params,
                body: body_name,
                response,
                access,
            });
        }
        Self { ops: list, schemas }
    }

    /// The spec in `hwcloud-codegen`'s YAML format.
    pub fn to_yaml(&self) -> String {
        let mut y = String::from(
            "service:\n  name: BenchService\n  module: bench\n  title: Bench Service\n  endpoints:\n    - template: https://bench.{region}.example.com\n      regions: [xx-east-1]\n\noperations:\n",
        );
        let ty_yaml = |ty: &Ty| match ty {
            Ty::Str => "type: string".to_owned(),
            Ty::I32 => "type: int32".to_owned(),
            Ty::I64 => "type: int64".to_owned(),
            Ty::Bool => "type: boolean".to_owned(),
            Ty::Ref(r) => format!("ref: {r}"),
            Ty::ArrayOf(r) => format!("type: array, items: {{ ref: {r} }}"),
        };
        for op in &self.ops {
            y += &format!(
                "  {}:\n    group: {}\n    summary: {}\n    method: {}\n    path: {}\n    permissions:\n      - action: {}\n        access_level: {}\n    parameters:\n",
                op.id, op.group, op.summary, op.method, op.path, op.action, op.access
            );
            for p in &op.params {
                let place = if p.in_path { "path" } else { "query" };
                y += &format!(
                    "      - {{ name: {}, in: {place}, {}, required: {}, description: The {} {place} parameter. }}\n",
                    p.name,
                    ty_yaml(&p.ty),
                    p.required,
                    p.name
                );
            }
            if let Some(b) = &op.body {
                y += &format!("    body:\n      ref: {b}\n      required: true\n");
            }
            y += &format!(
                "    responses:\n      200:\n        description: OK\n        body:\n          ref: {}\n",
                op.response
            );
        }
        y += "\nschemas:\n";
        for s in &self.schemas {
            y += &format!("  {}:\n    description: {}\n", s.name, s.doc);
            match &s.kind {
                Kind::Enum(values) => {
                    y += &format!("    type: string\n    enum: [{}]\n", values.join(", "))
                }
                Kind::Object(fields) => {
                    y += "    type: object\n    properties:\n";
                    for f in fields {
                        y += &format!(
                            "      {}: {{ {}, required: {}, description: The {} field. }}\n",
                            f.name,
                            ty_yaml(&f.ty),
                            f.required,
                            f.name
                        );
                    }
                }
            }
        }
        y
    }

    /// The equivalent OpenAPI 3.0 document, as JSON.
    pub fn to_openapi(&self) -> String {
        let schema_of = |ty: &Ty| match ty {
            Ty::Str => json!({ "type": "string" }),
            Ty::I32 => json!({ "type": "integer", "format": "int32" }),
            Ty::I64 => json!({ "type": "integer", "format": "int64" }),
            Ty::Bool => json!({ "type": "boolean" }),
            Ty::Ref(r) => json!({ "$ref": format!("#/components/schemas/{r}") }),
            Ty::ArrayOf(r) => {
                json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{r}") } })
            }
        };
        let mut paths: Map<String, Value> = Map::new();
        for op in &self.ops {
            let params: Vec<Value> = op
                .params
                .iter()
                .map(|p| {
                    let place = if p.in_path { "path" } else { "query" };
                    json!({
                        "name": p.name, "in": place, "required": p.required,
                        "description": format!("The {} {place} parameter.", p.name),
                        "schema": schema_of(&p.ty),
                    })
                })
                .collect();
            let mut o = json!({
                "operationId": op.id,
                "summary": op.summary,
                "parameters": params,
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": schema_of(&Ty::Ref(op.response.clone())) } } } },
            });
            if let Some(b) = &op.body {
                o["requestBody"] = json!({ "required": true, "content": { "application/json": {
                    "schema": schema_of(&Ty::Ref(b.clone())) } } });
            }
            let item = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
            item[op.method.to_lowercase()] = o;
        }
        let mut schemas: Map<String, Value> = Map::new();
        for s in &self.schemas {
            let v = match &s.kind {
                Kind::Enum(values) => {
                    json!({ "description": s.doc, "type": "string", "enum": values })
                }
                Kind::Object(fields) => {
                    let mut props = Map::new();
                    for f in fields {
                        let mut p = schema_of(&f.ty);
                        if !matches!(f.ty, Ty::Ref(_)) {
                            p["description"] = json!(format!("The {} field.", f.name));
                        }
                        props.insert(f.name.clone(), p);
                    }
                    let required: Vec<&str> = fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.name.as_str())
                        .collect();
                    let mut v =
                        json!({ "description": s.doc, "type": "object", "properties": props });
                    if !required.is_empty() {
                        v["required"] = json!(required);
                    }
                    v
                }
            };
            schemas.insert(s.name.clone(), v);
        }
        let doc = json!({
            "openapi": "3.0.3",
            "info": { "title": "Bench Service", "version": "1.0.0" },
            "paths": paths,
            "components": { "schemas": schemas },
        });
        serde_json::to_string_pretty(&doc).expect("JSON values always serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::Api;

    #[test]
    fn same_size_gives_same_documents() {
        assert_eq!(Api::new(10, false).to_yaml(), Api::new(10, false).to_yaml());
        assert_ne!(
            Api::new(10, false).to_openapi(),
            Api::new(10, true).to_openapi()
        );
    }

    #[test]
    fn yaml_spec_passes_the_checker_without_diagnostics() {
        for n in [1, 10, 100] {
            let report = hwcloud_codegen::check("bench.yaml", &Api::new(n, false).to_yaml());
            assert!(report.diagnostics.is_empty(), "{n} ops: {report:?}");
        }
    }

    #[test]
    fn openapi_document_generates_with_progenitor() {
        let text = Api::new(10, false).to_openapi();
        assert!(crate::progen::generate(&text, progenitor::InterfaceStyle::Positional).is_ok());
    }
}
