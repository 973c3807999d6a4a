//! Every example response of every page in the catalogue of reference trees decodes as a
//! client decodes it, type repairs listed and none lost.
//!
//! Each tree is imported with today's importer; each response example the spec keeps is
//! then decoded into its documented type through the runtime's tolerant decoding
//! (`hwcloud_runtime::wire::tolerant`: the same `Decode` impls of `String`, integers,
//! numbers and booleans generated structs use), driven by the spec's types instead of
//! generated Rust types, so that the 50 services need not be compiled. The examples the
//! importer drops are counted: no response example may be dropped for a scalar the client
//! converts; those whose scalar cannot be converted without loss are listed. Skipped, with
//! a message, when the catalogue is absent.
//!
//! Importing 4,225 pages takes minutes in a debug build, more than the workspace's test
//! budget, so the test is `#[ignore]`d there; CI runs it in release:
//! `cargo test --release -p hwcloud-tests --test tools -- --ignored catalogue_examples`.

use std::fmt;

use hwcloud_runtime::object::{Decode, Tolerance};
use hwcloud_runtime::wire::tolerant::Repairs;
use hwcloud_spec::model::{SchemaKind, Service, TypeRef};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A value of the spec type `ty` read tolerantly into nothing (the check is that it reads).
#[derive(Clone, Copy)]
struct Typed<'a> {
    service: &'a Service,
    names: &'a [Vec<&'static str>],
    ty: &'a TypeRef,
    tolerance: Tolerance<'a>,
    nullable: bool,
}

impl<'de> DeserializeSeed<'de> for Typed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let t = Some(self.tolerance);
        if self.nullable {
            return d.deserialize_option(OrNull(self));
        }
        match self.ty {
            TypeRef::String => String::decode(d, t).map(drop),
            TypeRef::Int32 => i32::decode(d, t).map(drop),
            TypeRef::Int64 => i64::decode(d, t).map(drop),
            TypeRef::Float => f32::decode(d, t).map(drop),
            TypeRef::Double => f64::decode(d, t).map(drop),
            TypeRef::Boolean => bool::decode(d, t).map(drop),
            TypeRef::Any => serde_json::Value::decode(d, t).map(drop),
            TypeRef::Array(_) | TypeRef::Map(_) => d.deserialize_any(self),
            TypeRef::Schema(i) => match &self.service.schemas[*i].kind {
                SchemaKind::Alias(inner) => Typed { ty: inner, ..self }.deserialize(d),
                // A generated enum reads a string as `String` does.
                SchemaKind::Enum(_) => String::decode(d, t).map(drop),
                SchemaKind::Object(_) => d.deserialize_map(self),
            },
        }
    }
}

/// `null` or a value: how an optional or nullable field reads.
struct OrNull<'a>(Typed<'a>);

impl<'de> Visitor<'de> for OrNull<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        Typed {
            nullable: false,
            ..self.0
        }
        .deserialize(d)
    }
}

impl<'de> Visitor<'de> for Typed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value of the documented type")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let TypeRef::Array(item) = self.ty else {
            return Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Seq,
                &self,
            ));
        };
        while seq.next_element_seed(Typed { ty: item, ..self })?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match self.ty {
            TypeRef::Map(value) => {
                while map.next_key::<String>()?.is_some() {
                    map.next_value_seed(Typed { ty: value, ..self })?;
                }
                Ok(())
            }
            TypeRef::Schema(i) => {
                let schema = &self.service.schemas[*i];
                let SchemaKind::Object(fields) = &schema.kind else {
                    unreachable!("only objects are read as maps")
                };
                while let Some(key) = map.next_key::<String>()? {
                    match fields.iter().position(|f| f.wire_name == key) {
                        Some(j) => {
                            let f = &fields[j];
                            let names = &self.names[*i];
                            map.next_value_seed(Typed {
                                ty: &f.ty,
                                tolerance: self.tolerance.at(names[0], names[j + 1]),
                                nullable: f.nullable || !f.required,
                                ..self
                            })?;
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(())
            }
            _ => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Map,
                &self,
            )),
        }
    }
}

/// Each schema's name, then its fields' JSON keys, as `'static` text for the repairs.
fn names(service: &Service) -> Vec<Vec<&'static str>> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    service
        .schemas
        .iter()
        .map(|s| {
            let mut v = vec![leak(&s.name)];
            if let SchemaKind::Object(fields) = &s.kind {
                v.extend(fields.iter().map(|f| leak(&f.wire_name)));
            }
            v
        })
        .collect()
}

#[test]
#[ignore = "minutes in a debug build: CI runs it with --release -- --ignored"]
fn every_catalogue_example_response_decodes_with_its_repairs_listed() {
    let Some(catalogue) = hwcloud_tests::shared::catalogue(
        "every_catalogue_example_response_decodes_with_its_repairs_listed",
    ) else {
        return;
    };
    let mut trees: Vec<_> = std::fs::read_dir(&catalogue)
        .expect("the catalogue is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("api-ref/source").is_dir())
        .collect();
    trees.sort();
    assert!(
        trees.len() >= 50,
        "{} trees in {}",
        trees.len(),
        catalogue.display()
    );
    let (mut decoded, mut repaired_examples, mut repairs_listed) = (0, 0, 0);
    let mut dropped: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for tree in &trees {
        let name = tree.file_name().unwrap().to_string_lossy().into_owned();
        let import =
            hwcloud_codegen_tools::import::tree::import_dir(&tree.join("api-ref/source"), &name)
                .expect("a tree imports");
        // A tree the importer refuses (the S3-style one) or reads no operation from has no
        // spec to decode against: the catalogue report lists it.
        if import.refused.is_some() || import.summary.operations == 0 {
            eprintln!(
                "{name}: not imported: {}",
                import.problem().unwrap_or_default()
            );
            continue;
        }
        for w in &import.warnings {
            if w.message.contains("does not match its tables")
                && w.message.starts_with("a response example")
            {
                dropped.push(format!("{name}/{}:{}: {}", w.file, w.line, w.message));
            }
        }
        let (service, _) = hwcloud_spec::resolve(&format!("{name}.yaml"), &import.yaml)
            .unwrap_or_else(|_| panic!("the import of {name} passes check"));
        let names = names(&service);
        for op in &service.operations {
            for (i, ex) in op.examples.responses.iter().enumerate() {
                let Some(body) = &ex.body else { continue };
                let Some(ty) = op
                    .responses
                    .iter()
                    .find(|r| r.status == ex.status)
                    .and_then(|r| r.body.as_ref())
                else {
                    continue;
                };
                let repairs = Repairs::new();
                let typed = Typed {
                    service: &service,
                    names: &names,
                    ty,
                    tolerance: Tolerance::new(&repairs),
                    nullable: false,
                };
                let json = body.to_string();
                let mut de = serde_json::Deserializer::from_str(&json);
                let mut track = serde_path_to_error::Track::new();
                let result =
                    typed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
                match result {
                    Ok(()) => decoded += 1,
                    Err(e) => failures.push(format!(
                        "{name}: {}.examples.responses[{i}] at `{}`: {e}",
                        op.id,
                        track.path(),
                    )),
                }
                let listed = repairs.type_repairs();
                if !listed.is_empty() {
                    repaired_examples += 1;
                    repairs_listed += listed.len();
                    eprintln!(
                        "{name}: {} repaired: {}",
                        op.id,
                        listed
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    );
                }
            }
        }
    }
    eprintln!(
        "{} trees: {decoded} example responses decoded, {repaired_examples} with type repairs ({repairs_listed} listed); {} response examples dropped by the importer for other reasons",
        trees.len(),
        dropped.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(decoded > 500, "only {decoded} examples decoded");
    // A scalar the client always converts (a number or a boolean for a string, 0 or 1 for a
    // boolean) never costs an example any more. The scalars still dropped are those whose
    // conversion would lose data (`0.3` for an integer, a word for a number or a boolean),
    // listed here.
    let always = |m: &&String| {
        (m.contains("expected string, found the number")
            || m.contains("expected string, found a boolean"))
            || m.contains("expected boolean, found the number 0)")
            || m.contains("expected boolean, found the number 1)")
    };
    let lost: Vec<&String> = dropped.iter().filter(always).collect();
    assert!(
        lost.is_empty(),
        "{}",
        lost.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for m in dropped.iter().filter(|m| {
        m.contains("found the number")
            || m.contains("found a string")
            || m.contains("found a boolean")
    }) {
        eprintln!("kept out, its conversion would lose data: {m}");
    }
}
