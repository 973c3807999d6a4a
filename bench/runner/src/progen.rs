//! Client generation with progenitor, the way its README's `build.rs` does it: OpenAPI
//! JSON → `Generator::generate_tokens` → `syn` → `prettyplease`.

use progenitor::{GenerationSettings, Generator, InterfaceStyle};

/// Generates and formats the client for `openapi_json` in the given interface style.
pub fn generate(openapi_json: &str, style: InterfaceStyle) -> Result<String, String> {
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(openapi_json).map_err(|e| format!("not an OpenAPI document: {e}"))?;
    let mut settings = GenerationSettings::default();
    settings.with_interface(style);
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated tokens: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The interface style named `positional` or `builder`.
pub fn style(name: &str) -> Result<InterfaceStyle, String> {
    match name {
        "positional" => Ok(InterfaceStyle::Positional),
        "builder" => Ok(InterfaceStyle::Builder),
        other => Err(format!("unknown interface style `{other}`")),
    }
}
