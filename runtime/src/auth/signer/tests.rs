//! Edge cases of the signer: dates, errors that leave the request unchanged, canonical
//! URIs, header case and trimming, non-ASCII text, the credentials step (the official SDK's
//! own vectors are checked in `tests/integration/signer_vectors.rs`).

use std::time::UNIX_EPOCH;

use super::canonical::{push_canonical_uri, push_payload_hash};
use super::*;
use crate::wire::Headers;

const AK: &str = "HPUAEXAMPLEAK0000001";
const SK: &[u8] = b"ExampleSecretKey0000000000000000000000000";

fn key() -> SigningKey<'static> {
    SigningKey::new(AK, SK)
}

fn now() -> SdkDate {
    SdkDate::parse("20240102T030405Z").unwrap()
}

fn canonical_uri(path: &str) -> String {
    let mut out = String::new();
    push_canonical_uri(&mut out, path);
    out
}

fn py_strip(s: &str) -> String {
    let mut out = s.to_owned();
    py_strip_in_place(&mut out);
    out
}

fn payload_hash(headers: &Headers, body: Option<&[u8]>) -> String {
    let mut out = String::new();
    push_payload_hash(&mut out, headers, body);
    out
}

fn get(path: &str) -> WireRequest {
    let mut r = WireRequest::new("GET", "https", "example.com", path);
    r.headers.insert("Content-Type", "application/json");
    r
}

#[test]
fn sdk_date_parse_and_display() {
    assert_eq!(now().to_string(), "20240102T030405Z");
    assert_eq!(now().date_stamp(), "20240102");
    let t = UNIX_EPOCH + std::time::Duration::from_millis(1_704_164_645_999);
    assert_eq!(SdkDate::from_system_time(t).unwrap(), now());
    for bad in [
        "",
        "2024-01-02T03:04:05Z",
        "20240102T030405",
        "20240102t030405Z",
        "20241302T030405Z",
        "20240230T030405Z",
        "20240102T240405Z",
        "20240102T030460Z",
        "09990102T030405Z",
        "2024010２T030405Z",
        " 20240102T030405Z",
        "+2024010T030405Z",
    ] {
        assert!(
            matches!(SdkDate::parse(bad), Err(SignError::InvalidDate { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(
        SdkDate::parse("20240229T235959Z").unwrap().to_string(),
        "20240229T235959Z"
    );
}

#[test]
fn empty_path_is_an_error_and_leaves_request_unchanged() {
    let mut r = get("");
    let before = r.clone();
    assert_eq!(sign(&mut r, key(), now()), Err(SignError::EmptyPath));
    assert_eq!(r, before);
}

#[test]
fn invalid_date_header_is_a_clear_error() {
    let mut r = get("/v1");
    r.headers.insert("x-sdk-date", "yesterday");
    r.headers.insert("X-A", "  padded ");
    let before = r.clone();
    let err = sign(&mut r, key(), now()).unwrap_err();
    assert!(err.to_string().contains("\"yesterday\""), "{err}");
    assert_eq!(r, before);
}

#[test]
fn empty_keys_and_scope_are_errors() {
    let mut r = get("/v1");
    assert_eq!(
        sign(&mut r, SigningKey::new("", SK), now()),
        Err(SignError::EmptyAccessKey)
    );
    assert_eq!(
        sign(&mut r, SigningKey::new(AK, b""), now()),
        Err(SignError::EmptySecretKey)
    );
    assert!(matches!(
        sign_derived(&mut r, key(), "", "svc", now()),
        Err(SignError::MissingDerivedScope(_))
    ));
    assert!(matches!(
        sign_derived(&mut r, key(), "r", "", now()),
        Err(SignError::MissingDerivedScope(_))
    ));
}

#[test]
fn canonical_uri_cases() {
    assert_eq!(canonical_uri("/"), "/");
    assert_eq!(canonical_uri("/a/b"), "/a/b/");
    assert_eq!(canonical_uri("/a/b/"), "/a/b/");
    assert_eq!(canonical_uri("/a/c%2Fd"), "/a/c/d/");
    assert_eq!(canonical_uri("/a b/中/x+y"), "/a%20b/%E4%B8%AD/x%2By/");
    assert_eq!(canonical_uri("/%E4%B8%AD%20x"), "/%E4%B8%AD%20x/");
    assert_eq!(canonical_uri("/bad%zz/%"), "/bad%25zz/%25/");
    assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
    assert_eq!(canonical_uri("v1//x"), "v1//x/");
    assert_eq!(canonical_uri("/~user"), "/~user/");
    assert_eq!(canonical_uri(""), "/");
    // Paths copied as they are and paths decoded and encoded agree on every character.
    for c in (0u8..128).map(char::from).chain(['é', '中']) {
        let path = format!("/v1/a{c}b/{c}");
        let mut slow = String::new();
        let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
        for (i, segment) in decoded.split('/').enumerate() {
            if i > 0 {
                slow.push('/');
            }
            slow.push_str(&crate::wire::query::encode_component(segment));
        }
        if !slow.ends_with('/') {
            slow.push('/');
        }
        assert_eq!(canonical_uri(&path), slow, "{path:?}");
    }
}

#[test]
fn case_variant_headers_are_signed_twice_with_the_later_value() {
    let mut r = get("/v1");
    r.headers.insert("X-A", "first");
    r.headers.insert("x-a", " second ");
    let sig = sign(&mut r, key(), now()).unwrap();
    assert_eq!(sig.signed_headers, "content-type;host;x-a;x-a;x-sdk-date");
    assert!(
        sig.canonical_request.contains("\nx-a:second\nx-a:second\n"),
        "{}",
        sig.canonical_request
    );
    assert_eq!(r.headers.get_exact("x-a"), Some("second"));
}

#[test]
fn python_strip_rules() {
    assert_eq!(py_strip("\u{1c}\t a b \u{a0}\u{3000}"), "a b");
    assert_eq!(py_strip("\u{200b}x"), "\u{200b}x");
    assert_eq!(py_strip(" \u{85}"), "");
    assert_eq!(py_strip("kept"), "kept");
}

#[test]
fn non_ascii_names_and_methods_use_unicode_case_mapping() {
    // KELVIN SIGN lower-cases to `k`, so this header is the date header.
    let mut r = get("/v1");
    r.method = "get\u{df}".to_owned();
    r.headers.insert("X-Sd\u{212a}-Date", "20240102T030405Z");
    r.headers.insert("X-\u{3a3}\u{3a3}", "v");
    let sig = sign(&mut r, key(), SdkDate::parse("20990101T000000Z").unwrap()).unwrap();
    assert!(sig.canonical_request.starts_with("GETSS\n"), "{sig:?}");
    assert!(
        sig.string_to_sign.contains("\n20240102T030405Z\n"),
        "{sig:?}"
    );
    // Final sigma, as Python's `str.lower()`.
    assert_eq!(
        sig.signed_headers,
        "content-type;host;x-sdk-date;x-\u{3c3}\u{3c2}"
    );
    assert!(
        sig.canonical_request
            .contains("\nx-sdk-date:20240102T030405Z\n")
    );
}

#[test]
fn sdk_date_text_pads_every_field() {
    let d = SdkDate::parse("10000101T000000Z").unwrap();
    assert_eq!(d.to_string(), "10000101T000000Z");
    assert_eq!(
        SdkDate::parse("99991231T235959Z").unwrap().date_stamp(),
        "99991231"
    );
}

#[test]
fn content_sha256_header_and_payload_hash() {
    // Empty Content-Type is falsy in Python: nothing added.
    let mut h = Headers::new();
    h.insert("Content-Type", "");
    add_content_sha256_header(&mut h);
    assert_eq!(h.len(), 1);
    // Only the exact key counts.
    h.insert("content-type", "text/plain");
    add_content_sha256_header(&mut h);
    assert_eq!(h.get_exact(HEADER_CONTENT_SHA256), None);
    for (ct, added) in [
        ("application/bson", false),
        ("application/json;charset=UTF-8", false),
        ("text/plain", true),
        ("Application/JSON", true),
    ] {
        let mut h = Headers::new();
        h.insert("Content-Type", ct);
        add_content_sha256_header(&mut h);
        assert_eq!(h.get_exact(HEADER_CONTENT_SHA256).is_some(), added, "{ct}");
    }

    let mut h = Headers::new();
    assert_eq!(payload_hash(&h, Some(b"")), EMPTY_SHA256);
    assert_eq!(
        payload_hash(&h, Some(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    h.insert("x-sdk-content-sha256", "");
    assert_eq!(
        payload_hash(&h, Some(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    h.insert("x-sdk-content-sha256", "é");
    assert_eq!(payload_hash(&h, Some(b"abc")), "Ã©");
    assert_eq!(payload_hash(&h, None), EMPTY_SHA256);
}

#[test]
fn non_ascii_header_value_is_trimmed_and_signed_as_unicode() {
    let mut r = get("/v1");
    r.headers.insert("X-Name", " 中文 ");
    let sig = sign(&mut r, key(), now()).unwrap();
    assert!(sig.canonical_request.contains("\nx-name:中文\n"));
    assert_eq!(r.headers.get_exact("X-Name"), Some("中文"));
}

#[test]
fn credentials_step_adds_ids_and_token_and_respects_preset_authorization() {
    let creds = Credentials::new(AK, "sk")
        .with_project_id("p")
        .with_domain_id("d")
        .with_security_token("");
    let mut r = get("/v1");
    let sig = sign_with_credentials(&mut r, &creds, now())
        .unwrap()
        .unwrap();
    assert_eq!(
        sig.signed_headers,
        "content-type;host;x-project-id;x-sdk-date;x-security-token"
    );
    assert_eq!(r.headers.get_exact(HEADER_SECURITY_TOKEN), Some(""));

    let mut r = get("/v1");
    sign_with_credentials(&mut r, &creds.clone().global(), now()).unwrap();
    assert_eq!(r.headers.get_exact(HEADER_DOMAIN_ID), Some("d"));
    assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), None);

    let empty_pid = Credentials::new(AK, "sk").with_project_id("");
    let mut r = get("/v1");
    sign_with_credentials(&mut r, &empty_pid, now()).unwrap();
    assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), None);

    // A preset Authorization skips signing, even for an unsignable request.
    let mut r = get("");
    r.headers.insert("Authorization", "Bearer x");
    assert_eq!(sign_with_credentials(&mut r, &creds, now()), Ok(None));
    assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), Some("p"));
    assert_eq!(r.headers.get_exact(HEADER_X_DATE), None);

    // On error nothing is added.
    let mut r = get("");
    let before = r.clone();
    assert_eq!(
        sign_with_credentials(&mut r, &creds, now()),
        Err(SignError::EmptyPath)
    );
    assert_eq!(r, before);
}

#[test]
fn list_values_are_sorted_in_place_like_the_sdk() {
    let query = vec![
        ("k".to_owned(), vec!["b", "a"].into()),
        ("k".to_owned(), vec!["a", "z"].into()),
    ];
    let mut r = get("/v1");
    r.query = query.clone();
    let sig = sign(&mut r, key(), now()).unwrap();
    // Signed: lists compared unsorted; sent: compared after the in-place sort.
    assert!(sig.canonical_request.contains("\nk=a&k=z&k=a&k=b\n"));
    assert_eq!(r.request_uri(), "/v1?k=a&k=b&k=a&k=z");

    // Without signing (preset Authorization) the lists are untouched.
    let mut r = get("/v1");
    r.query = query;
    r.headers.insert("Authorization", "x");
    let creds = Credentials::new(AK, "sk");
    assert_eq!(sign_with_credentials(&mut r, &creds, now()), Ok(None));
    assert_eq!(r.request_uri(), "/v1?k=a&k=z&k=a&k=b");
}

#[test]
fn signing_key_debug_hides_sk() {
    let dbg = format!("{:?}", key());
    assert!(!dbg.contains("ExampleSecretKey"), "{dbg}");
}

#[test]
fn signing_for_sending_sets_the_headers_of_sign_with_credentials() {
    use crate::wire::query::QueryValue;
    let sk = std::str::from_utf8(SK).unwrap();
    let basic = Credentials::new(AK, sk)
        .with_project_id("p1")
        .with_security_token("tok");
    let derived = Credentials::new(AK, sk).with_derived_auth("Svc", "r-1");
    let empty = Credentials::new(AK, "");
    let with_list = vec![
        (
            "b".to_owned(),
            QueryValue::List(vec!["2".into(), "1".into()]),
        ),
        ("a".to_owned(), "x".into()),
    ];
    let scalars = vec![
        ("z".to_owned(), "a b/中~*".into()),
        ("é".to_owned(), QueryValue::Int(-3)),
        ("a".to_owned(), QueryValue::Bool(true)),
        ("a".to_owned(), "".into()),
    ];
    for creds in [basic, derived, empty] {
        for query in [with_list.clone(), scalars.clone(), Vec::new()] {
            let mut req = get("/v1/p1/x y");
            req.query = query.clone();
            req.body = Some(b"{}".to_vec());
            let mut kept = req.clone();
            let signed = sign_with_credentials(&mut kept, &creds, now());
            let mut sent = req.clone();
            let sending = sign_for_sending(&mut sent, &creds, &KeyedMac::of(&creds), now());
            assert_eq!(sending.as_ref().err(), signed.as_ref().err());
            assert_eq!(sent, kept);
            let Ok(uri) = sending else { continue };
            assert!(sent.headers.get_exact("Authorization").is_some());
            // The path and query as sent, without encoding the query again: made by the
            // signing unless a list value could sort otherwise once sorted in place.
            let has_list = query.iter().any(|(_, v)| matches!(v, QueryValue::List(_)));
            match uri {
                Some(uri) => {
                    assert!(!has_list, "{uri}");
                    assert_eq!(uri, sent.request_uri());
                }
                None => assert!(has_list),
            }
        }
    }
    // A request that carries its own `Authorization` is left unsigned by both.
    let creds = Credentials::new(AK, sk);
    let mut req = get("/");
    req.headers.insert("Authorization", "mine");
    let mut kept = req.clone();
    assert_eq!(sign_with_credentials(&mut kept, &creds, now()), Ok(None));
    assert_eq!(
        sign_for_sending(&mut req, &creds, &KeyedMac::of(&creds), now()),
        Ok(None)
    );
    assert_eq!(req, kept);
}
