//! Per-request cost of building and signing a request with `hwcloud-runtime`, against the
//! floor of the hashing alone: one SHA-256 of the canonical request plus one HMAC-SHA256
//! of the string to sign, of the same sizes.

use std::hint::black_box;
use std::time::Instant;

use hmac::{Hmac, Mac};
use hwcloud_runtime::{
    ApiRequest, Client, ClientBuilder, Credentials, Method, Operation, RequestWriter, SdkDate,
    ServiceInfo, WireRequest, sign_with_credentials,
};
use sha2::{Digest, Sha256};

pub(crate) const AK: &str = "BENCHACCESSKEY000000";
pub(crate) const SK: &str = "benchsecretkey0000000000000000000000000000";
pub(crate) const PROJECT: &str = "0123456789abcdef0123456789abcdef";

static LIST_FILES: Operation = Operation {
    id: "ListFiles",
    summary: "Lists files.",
    method: Method::Get,
    path: "/v1/repos/{repo_id}/files",
    success_statuses: &[200],
    body_content_type: None,
    permissions: &[],
};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "BenchService",
    title: "Bench Service",
    endpoint_env: "BENCH",
    content_type: "application/json",
    regions: &[],
    endpoint_prefixes: &[],
    operations: &[&LIST_FILES],
    global: false,
};

/// A GET with one path and three query parameters, written as generated code writes it.
struct ListFilesRequest {
    repo_id: String,
    limit: Option<i32>,
    offset: Option<i32>,
    name: Option<String>,
}

impl ApiRequest for ListFilesRequest {
    type Output = serde_json::Value;
    const OPERATION: &'static Operation = &LIST_FILES;
    fn write(&self, request: &mut RequestWriter) {
        request.path("repo_id", &self.repo_id);
        request.query("limit", &self.limit);
        request.query("offset", &self.offset);
        request.query("name", &self.name);
    }
}

/// Nanoseconds per call of `f`: the median of 11 samples of about 50 ms each.
pub fn per_call(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calibrate = 0u64;
    while start.elapsed().as_millis() < 50 {
        f();
        calibrate += 1;
    }
    let samples = (0..11)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..calibrate {
                f();
            }
            t.elapsed().as_nanos() as f64 / calibrate as f64
        })
        .collect();
    crate::measure::median(samples)
}

/// Nanoseconds per request for each step.
pub struct SignFigures {
    /// `Client::prepare`: write the request, fill the path, add headers, sign.
    pub build_and_sign: f64,
    /// `sign_with_credentials` on a ready request (cloning it included).
    pub sign_only: f64,
    /// Cloning the ready request alone, to read `sign_only` against.
    pub clone_only: f64,
    /// One SHA-256 and one HMAC-SHA256 over inputs of the signer's sizes.
    pub hash_floor: f64,
    /// Byte lengths of the canonical request and the string to sign.
    pub sizes: (usize, usize),
}

/// Measures the runtime's request building and signing.
pub fn measure() -> Result<SignFigures, String> {
    let credentials = Credentials::new(AK, SK).with_project_id(PROJECT);
    let client: Client = ClientBuilder::new(&SERVICE)
        .credentials(credentials.clone())
        .endpoint("https://bench.xx-east-1.example.com")
        .build()
        .map_err(|e| e.to_string())?;
    let endpoint = client.endpoints()[0].clone();
    let request = ListFilesRequest {
        repo_id: "repo-1".into(),
        limit: Some(10),
        offset: Some(0),
        name: Some("artifact".into()),
    };
    let prepared = client
        .prepare(&request, &endpoint)
        .map_err(|e| e.to_string())?;
    let build_and_sign = per_call(|| {
        black_box(client.prepare(black_box(&request), &endpoint).ok());
    });

    // The same request as `prepare` builds it, before signing.
    let mut unsigned = WireRequest::new(
        "GET",
        "https",
        "bench.xx-east-1.example.com",
        "/v1/repos/repo-1/files",
    );
    unsigned.query = prepared.query.clone();
    for name in ["Content-Type", "User-Agent"] {
        let value = prepared
            .headers
            .get_exact(name)
            .ok_or(format!("no {name} header"))?;
        unsigned.headers.insert(name, value);
    }
    let now = SdkDate::now().map_err(|e| e.to_string())?;
    let mut probe = unsigned.clone();
    let signature = sign_with_credentials(&mut probe, &credentials, now)
        .map_err(|e| e.to_string())?
        .ok_or("nothing was signed")?;
    let sign_only = per_call(|| {
        let mut r = black_box(&unsigned).clone();
        black_box(sign_with_credentials(&mut r, &credentials, now).ok());
        black_box(r);
    });
    let clone_only = per_call(|| {
        black_box(black_box(&unsigned).clone());
    });

    let canonical = signature.canonical_request.into_bytes();
    let to_sign = signature.string_to_sign.into_bytes();
    let hash_floor = per_call(|| {
        black_box(Sha256::digest(black_box(&canonical)));
        let mut mac = Hmac::<Sha256>::new_from_slice(SK.as_bytes()).expect("HMAC takes any key");
        mac.update(black_box(&to_sign));
        black_box(mac.finalize());
    });
    Ok(SignFigures {
        build_and_sign,
        sign_only,
        clone_only,
        hash_floor,
        sizes: (canonical.len(), to_sign.len()),
    })
}
