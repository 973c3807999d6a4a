//! The Type column of parameter tables: `String`, `Integer`, `Array of strings`,
//! `Array of RepositoryBuildVO objects`, `Map<String,String>`, `Object`, ...

/// A type as a page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageType {
    /// A spec built-in: `string`, `int32`, `int64`, `float`, `double`, `boolean`.
    Builtin(&'static str),
    /// A list.
    Array(Box<PageType>),
    /// A string-keyed map.
    Map(Box<PageType>),
    /// `Name object`: described by the page's table called `Name`.
    Named(String),
    /// `Object` alone: the shape comes from the documented example.
    Object,
}

/// Scalar spellings (compared without case) and the spec type they mean.
const SCALARS: &[(&str, &str)] = &[
    ("string", "string"),
    ("str", "string"),
    ("integer", "int32"),
    ("int", "int32"),
    ("int32", "int32"),
    ("long", "int64"),
    ("int64", "int64"),
    ("float", "float"),
    ("double", "double"),
    ("number", "double"),
    ("bigdecimal", "double"),
    ("boolean", "boolean"),
    ("bool", "boolean"),
];

/// Reads a Type cell, or explains why it cannot.
pub(crate) fn parse_type(cell: &str) -> Result<PageType, String> {
    let text = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    parse(&text).ok_or_else(|| {
        format!(
            "`{text}` is not a type the importer knows: use String, Integer, Long, Float, Double, \
             Number, Boolean, Object, `<Name> object`, `Array of <type>s`, `Array of <Name> objects` \
             or `Map<String,<type>>`"
        )
    })
}

fn parse(text: &str) -> Option<PageType> {
    let lower = text.to_ascii_lowercase();
    if let Some((_, b)) = SCALARS.iter().find(|(n, _)| *n == lower) {
        return Some(PageType::Builtin(b));
    }
    if lower == "object" {
        return Some(PageType::Object);
    }
    if let Some(inner) = strip_prefix_ci(text, "array of ") {
        return element(inner.trim()).map(|t| PageType::Array(Box::new(t)));
    }
    if let Some(inner) = generic(text, "list") {
        return parse(inner).map(|t| PageType::Array(Box::new(t)));
    }
    if let Some(inner) = generic(text, "map") {
        let (key, value) = inner.split_once(',')?;
        if !key.trim().eq_ignore_ascii_case("string") {
            return None;
        }
        return parse(value.trim()).map(|t| PageType::Map(Box::new(t)));
    }
    if let Some(name) = strip_suffix_ci(text, " object") {
        return schema_name(name.trim()).map(PageType::Named);
    }
    None
}

/// The element of `Array of ...`: a plural scalar (`strings`), `objects`, `<Name> objects`,
/// or a singular spelling (`Array of String`).
fn element(text: &str) -> Option<PageType> {
    let lower = text.to_ascii_lowercase();
    if lower == "objects" || lower == "object" {
        return Some(PageType::Object);
    }
    if let Some(name) =
        strip_suffix_ci(text, " objects").or_else(|| strip_suffix_ci(text, " object"))
    {
        return schema_name(name.trim()).map(PageType::Named);
    }
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    SCALARS
        .iter()
        .find(|(n, _)| *n == singular || *n == lower)
        .map(|(_, b)| PageType::Builtin(b))
}

/// `Name<inner>` (no case on `Name`), e.g. `Map<String,String>`.
fn generic<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let rest = strip_prefix_ci(text, name)?.trim_start();
    rest.strip_prefix('<')?.strip_suffix('>').map(str::trim)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..at])
}

/// A schema name as pages write it: a letter, then letters, digits and `_`.
fn schema_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(t: PageType) -> PageType {
        PageType::Array(Box::new(t))
    }

    #[test]
    fn reads_the_spellings_pages_use() {
        assert_eq!(parse_type("String"), Ok(PageType::Builtin("string")));
        assert_eq!(parse_type("Long"), Ok(PageType::Builtin("int64")));
        assert_eq!(parse_type("Object"), Ok(PageType::Object));
        assert_eq!(
            parse_type("Array of strings"),
            Ok(arr(PageType::Builtin("string")))
        );
        assert_eq!(
            parse_type("Array of integers"),
            Ok(arr(PageType::Builtin("int32")))
        );
        assert_eq!(
            parse_type("Array of RepositoryBuildVO objects"),
            Ok(arr(PageType::Named("RepositoryBuildVO".into())))
        );
        assert_eq!(parse_type("Array of objects"), Ok(arr(PageType::Object)));
        assert_eq!(
            parse_type("PathMap object"),
            Ok(PageType::Named("PathMap".into()))
        );
        assert_eq!(
            parse_type("Map<String,String>"),
            Ok(PageType::Map(Box::new(PageType::Builtin("string"))))
        );
        assert_eq!(
            parse_type("List<Long>"),
            Ok(arr(PageType::Builtin("int64")))
        );
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "Strin",
            "Map<Integer,String>",
            "Array of",
            "my thing object",
            "Date",
            "",
        ] {
            assert!(parse_type(bad).is_err(), "{bad}");
        }
    }
}
