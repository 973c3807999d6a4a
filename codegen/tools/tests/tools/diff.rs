//! `hwcloud-codegen diff`: every change class, judged breaking or not for users of the
//! generated crate, on small spec pairs in `tests/fixtures/diff/`.

use std::path::Path;

use hwcloud_codegen_tools::diff::{Report, diff_specs, render_human, render_json};
use hwcloud_spec::Error;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/diff")
        .join(name);
    std::fs::read_to_string(path).expect("fixture is readable")
}

fn pair(case: &str) -> Report {
    let (old, new) = (format!("{case}_old.yaml"), format!("{case}_new.yaml"));
    match diff_specs(&old, &read(&old), &new, &read(&new)) {
        Ok(r) => r,
        Err(e) => panic!("{case}: {e}"),
    }
}

/// `(kind, breaking, location)` of every change, in report order.
fn kinds(report: &Report) -> Vec<(&'static str, bool, &str)> {
    report
        .changes
        .iter()
        .map(|c| (c.kind.code(), c.breaking, c.location.as_str()))
        .collect()
}

fn snapshot(case: &str, report: &Report) {
    let text = render_human(
        report,
        &format!("{case}_old.yaml"),
        &format!("{case}_new.yaml"),
    );
    insta::with_settings!({ snapshot_path => "snapshots/diff", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(case, text);
    });
}

#[test]
fn operations_removed_renamed_moved_and_added() {
    let r = pair("operations");
    assert_eq!(
        kinds(&r),
        [
            ("operation-removed", true, "operations.DeleteThing"),
            ("operation-renamed", true, "operations.ListThings"),
            ("operation-added", false, "operations.CreateThing"),
            (
                "operation-deprecated",
                false,
                "operations.CountThings.deprecated"
            ),
            ("docs-changed", false, "operations.CountThings"),
            ("path-changed", true, "operations.ShowThing.path"),
            ("method-changed", true, "operations.UpdateThing.method"),
        ]
    );
    snapshot("operations", &r);
}

#[test]
fn parameters_and_bodies() {
    let r = pair("parameters");
    assert_eq!(
        kinds(&r),
        [
            ("body-removed", true, "operations.DeleteThings.body"),
            ("body-added", true, "operations.ImportThings.body"),
            (
                "param-retyped",
                true,
                "operations.SearchThings.parameters.page_no"
            ),
            (
                "param-required-changed",
                true,
                "operations.SearchThings.parameters.name"
            ),
            (
                "param-removed",
                true,
                "operations.SearchThings.parameters.sort"
            ),
            (
                "param-required-changed",
                true,
                "operations.SearchThings.parameters.tag"
            ),
            (
                "param-moved",
                false,
                "operations.SearchThings.parameters.x-language"
            ),
            (
                "rust-name-changed",
                true,
                "operations.SearchThings.parameters.limit"
            ),
            (
                "param-added",
                true,
                "operations.SearchThings.parameters.owner"
            ),
            (
                "param-added",
                false,
                "operations.SearchThings.parameters.verbose"
            ),
            ("body-retyped", true, "operations.SearchThings.body"),
            ("body-added", false, "operations.TouchThing.body"),
        ]
    );
    snapshot("parameters", &r);
}

#[test]
fn fields_enum_values_and_schemas() {
    let r = pair("schemas");
    assert_eq!(
        kinds(&r),
        [
            ("response-retyped", true, "operations.CreateThing.responses"),
            ("schema-removed", true, "schemas.Legacy"),
            ("schema-retyped", true, "schemas.Mode"),
            (
                "field-required-changed",
                true,
                "schemas.NewThing.properties.name"
            ),
            ("docs-changed", false, "schemas.Owner"),
            ("enum-value-removed", true, "schemas.Status.enum.frozen"),
            ("enum-value-added", false, "schemas.Status.enum.archived"),
            ("schema-retyped", true, "schemas.Tags"),
            ("field-removed", true, "schemas.Thing.properties.name"),
            ("field-retyped", true, "schemas.Thing.properties.size"),
            (
                "field-required-changed",
                true,
                "schemas.Thing.properties.created"
            ),
            (
                "field-required-changed",
                true,
                "schemas.Thing.properties.note"
            ),
            ("rust-name-changed", true, "schemas.Thing.properties.kind"),
            ("field-added", false, "schemas.Thing.properties.label"),
            ("field-added", true, "schemas.Thing.properties.color"),
            ("schema-added", false, "schemas.Extra"),
        ]
    );
    // A response field going from required to optional changes `T` to `Option<T>`.
    let created = r
        .changes
        .iter()
        .find(|c| c.location.ends_with("created"))
        .expect("created");
    assert!(
        created.message.contains("from T to Option<T>"),
        "{}",
        created.message
    );
    snapshot("schemas", &r);
}

#[test]
fn permissions_responses_pagination_and_regions() {
    let r = pair("permissions");
    assert_eq!(
        kinds(&r),
        [
            (
                "pagination-added",
                false,
                "operations.ListOthers.pagination"
            ),
            (
                "permission-added",
                true,
                "operations.ListThings.permissions"
            ),
            (
                "permission-added",
                true,
                "operations.ListThings.permissions"
            ),
            (
                "pagination-removed",
                true,
                "operations.ListThings.pagination"
            ),
            ("response-retyped", true, "operations.ShowThing.responses"),
            ("status-added", false, "operations.ShowThing.responses.404"),
            ("error-codes-changed", false, "operations.ShowThing.errors"),
            (
                "permission-removed",
                false,
                "operations.ShowThing.permissions"
            ),
            ("schema-added", false, "schemas.ThingV2"),
            ("region-removed", true, "service.regions.cn-east-3"),
            ("region-added", false, "service.regions.ap-southeast-1"),
        ]
    );
    // Which operation's policies need which new action, and why.
    let added: Vec<(&str, &str)> = r
        .changes
        .iter()
        .filter(|c| c.kind.code() == "permission-added")
        .map(|c| (c.action.as_deref().unwrap_or_default(), c.message.as_str()))
        .collect();
    assert_eq!(added[0].0, "things:project:get");
    assert!(
        added[0].1.contains("a dependency of `things:thing:list`"),
        "{}",
        added[0].1
    );
    assert_eq!(added[1].0, "things:thing:export");
    assert!(
        added[1]
            .1
            .contains("policies that allow `ListThings` must also allow `things:thing:export`")
    );
    snapshot("permissions", &r);

    let json: serde_json::Value =
        serde_json::from_str(&render_json(&r, "a.yaml", "b.yaml")).expect("JSON");
    assert_eq!(json["breaking"], 5);
    assert_eq!(json["non_breaking"], 6);
    assert_eq!(json["changes"][1]["kind"], "permission-added");
    assert_eq!(json["changes"][1]["breaking"], true);
    assert_eq!(json["changes"][1]["action"], "things:project:get");
    assert_eq!(json["changes"][0]["action"], serde_json::Value::Null);
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/codeartsartifact.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let r = diff_specs("a.yaml", &text, "b.yaml", &text).expect("the spec is valid");
    assert_eq!(r, Report::default());
    assert_eq!(
        render_human(&r, "a.yaml", "b.yaml"),
        "no changes between a.yaml and b.yaml\n"
    );
}

#[test]
fn adding_schemas_does_not_make_unrelated_types_look_changed() {
    // Schema indices shift when a schema is added; types are compared by name.
    let old = read("permissions_old.yaml");
    let new = old.replace("schemas:\n", "schemas:\n  AaaFirst:\n    type: string\n");
    let r = diff_specs("old", &old, "new", &new).expect("valid");
    assert_eq!(kinds(&r), [("schema-added", false, "schemas.AaaFirst")]);
}

#[test]
fn an_invalid_spec_is_reported_not_compared() {
    let good = read("operations_old.yaml");
    let bad = good.replace("method: PUT", "method: PUTT");
    let Err(Error::Spec(files)) = diff_specs("old.yaml", &good, "new.yaml", &bad) else {
        panic!("an invalid spec was compared");
    };
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file, "new.yaml");
    assert!(files[0].has_errors());
}

#[test]
fn a_service_becoming_global_is_breaking() {
    let regional = "service: { name: Iam, module: iam }\noperations:\n  ListUsers:\n    method: GET\n    path: /v3/users\n    permissions: [{ action: \"iam:users:list\", access_level: List }]\n    responses: { 200: {} }\n";
    let global = regional.replace("module: iam }", "module: iam, global: true }");
    let r = diff_specs("old.yaml", regional, "new.yaml", &global).expect("valid specs");
    assert_eq!(kinds(&r), [("scope-changed", true, "service.global")]);
    assert!(r.changes[0].message.contains("X-Domain-Id"));
    let back = diff_specs("old.yaml", &global, "new.yaml", regional).expect("valid specs");
    assert_eq!(kinds(&back), [("scope-changed", true, "service.global")]);
}
