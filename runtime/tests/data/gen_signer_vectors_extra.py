"""Generates signer_vectors_extra.json with the official Python SDK core.

Usage (HOME is redirected because importing the credentials module writes
$HOME/.huaweicloud/application_id):

    pip download --no-deps huaweicloudsdkcore==3.1.219 -d /tmp/sdk && \
        (cd /tmp/sdk && unzip -oq huaweicloudsdkcore-3.1.219-py3-none-any.whl)
    HOME=$(mktemp -d) SDKCORE_PATH=/tmp/sdk \
        python3 gen_signer_vectors_extra.py signer_vectors_extra.json

Same schema as signer_vectors.json `vectors`; the clock is pinned to 20240102T030405Z.
"""
import copy
import datetime as dt
import json
import os
import sys

sys.path.insert(0, os.environ.get("SDKCORE_PATH", "."))
import huaweicloudsdkcore.signer.signer as S
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials

class FixedDT(dt.datetime):
    @classmethod
    def utcnow(cls):
        return cls(2024, 1, 2, 3, 4, 5)
S.datetime = FixedDT
REC = {}
_cr = S.Signer._process_canonical_request
def _cr2(self, request, signed):
    r = _cr(self, request, signed); REC['cr'] = r; return r
S.Signer._process_canonical_request = _cr2
_ss = S.Signer._sign_string_to_sign
def _ss2(self, sts, key):
    REC['sts'] = sts; return _ss(self, sts, key)
S.Signer._sign_string_to_sign = _ss2

AK = "HPUAEXAMPLEAK0000001"; SK = "ExampleSecretKey0000000000000000000000000"
H = "cloudartifacts-ext.cn-north-4.myhuaweicloud.com"
def case(name, note, level="signer", method="GET", path="/v1/x", query=(), headers=None, body=None,
         project_id=None, domain_id=None, token=None, derived=None, host=H, scheme="https", sk=SK):
    return dict(name=name, note=note, level=level, input=dict(method=method, scheme=scheme, host=host, path=path,
        query=[list(q) for q in query], headers=headers if headers is not None else {"Content-Type": "application/json"},
        body=body, body_is_none=body is None, ak=AK, sk=sk, project_id=project_id, domain_id=domain_id,
        security_token=token, derived=derived, fixed_utc_now="20240102T030405Z"))

cases = [
    case("dup_case_headers", "two header keys differing only in case: name signed twice, later key's trimmed value used for both", headers={"Content-Type": "application/json", "X-A": "first", "x-a": " second "}),
    case("non_ascii_header_value", 'non-ASCII header value: canonical form uses the Unicode text; Python keeps UTF-8 bytes read as Latin-1 (final_headers), wire text is the trimmed UTF-8', headers={"Content-Type": "application/json", "X-Name": "  中文 é  "}),
    case("path_pre_encoded_segments", "canonical URI unquotes first: %2F becomes a literal '/', '+' stays and is encoded, invalid %zz is kept and its '%' encoded; sent path unchanged", path="/v1/c%2Fd/%E4%B8%AD%20x/a+b/%zz/~u"),
    case("path_root", "path '/' stays '/'", path="/"),
    case("path_no_leading_slash", "relative path and empty segment kept, trailing '/' appended", path="v1//x"),
    case("path_invalid_utf8_escape", 'percent-escapes that are not UTF-8 decode to U+FFFD (one per maximal subpart)', path="/a%FF%E4%B8/b%C3"),
    case("query_raw_pair_sort", 'pairs sorted as raw tuples before encoding: a~ < a\\u00e9 and b0 < b: although %C3 < ~ and %3A < 0', query=[("k","b:"),("aé","2"),("k","b0"),("a~","1")]),
    case("query_bool_list_and_ints", 'bools inside a list are str(True)/str(False); ints sort numerically; True == 1 keeps input order; empty list adds nothing', query=[("b",[True,False]),("n",10),("n",9),("n",True),("n",1),("z",[3,1,2]),("e",[])]),
    case("query_lists_compare_unsorted", 'SDK quirk: lists are compared unsorted for signing, sorted in place, so the sent URI orders them differently', query=[("k",["b","a"]),("k",["a","z"])]),
    case("query_nested_list_repr", 'a nested list is written as Python repr', query=[("x",[["it's",1,True,"a\\b\n"]]),("y",[["\x7f\xa0\x85é\u3000"]])]),
    case("query_special_chars", "quote(safe='~') of keys and values", query=[("sp ace","a b*c~d!e'f(g)h"),("emoji","😀"),("pct","%2F")]),
    case("preexisting_content_sha256_with_body", 'an any-case X-Sdk-Content-Sha256 header (trimmed) is the payload hash when there is a body', method="PUT", body="hello",
         headers={"Content-Type": "application/json", "x-sdk-content-sha256": "  abc  "}),
    case("empty_content_sha256_header_with_body", 'a blank X-Sdk-Content-Sha256 is falsy: the body is hashed', method="PUT", body="hello",
         headers={"Content-Type": "application/json", "X-Sdk-Content-Sha256": "  "}),
    case("non_ascii_content_sha256", 'a non-ASCII X-Sdk-Content-Sha256 is read back as Latin-1 text of its UTF-8 bytes', method="PUT", body="hello",
         headers={"Content-Type": "application/json", "X-Sdk-Content-Sha256": "é"}),
    case("empty_content_type", 'an empty Content-Type is falsy: no UNSIGNED-PAYLOAD', headers={"Content-Type": ""}),
    case("lowercase_content_type_key_text", "only the exact key 'Content-Type' triggers UNSIGNED-PAYLOAD", headers={"content-type": "text/plain"}, body="x", method="POST"),
    case("bson_content_type", 'application/bson is signed like JSON', headers={"Content-Type": "application/bson"}, body="x", method="POST"),
    case("octet_stream_with_body_and_strip", "Content-Type value is checked before trimming; '_' header unsigned but trimmed; Kelvin-sign name lower-cases to 'key'", method="POST", body="data",
         headers={"Content-Type": "  application/octet-stream ", "X_Under": " u ", "\u212aey": "kelvin"}),
    case("two_date_headers_first_wins", 'the first any-case X-Sdk-Date is parsed; both names are signed with the later value', headers={"Content-Type": "application/json", "x-sdk-date": "20230405T060708Z", "X-SDK-DATE": "20220101T000000Z"}),
    case("whitespace_controls_stripped", 'str.strip() also removes U+001C..U+001F, U+3000, U+00A0 but not U+200B', headers={"Content-Type": "application/json", "X-W": "\x1c\x1d v \x1e\x1f\u3000\xa0", "X-ZW": "\u200bz\u200b"}),
    case("lowercase_method", 'method upper-cased in the canonical request only', method="post", body='{"a": 1}'),
    case("host_header_variant", 'an any-case Host header suppresses Host', headers={"Content-Type": "application/json", "HOST": "other:1"}, scheme="http", host="localhost:9"),
    case("basic_all", 'basic: project id and an empty (but set) security token are both added', level="basic", project_id="pid", token="", headers={"Content-Type": "application/json"}),
    case("basic_empty_project", 'basic: an empty project id adds nothing', level="basic", project_id="", token="tok"),
    case("global_domain_token", 'global: X-Domain-Id and X-Security-Token', level="global", domain_id="did", token="tok", query=[("a","1")]),
    case("global_empty_domain", 'global: an empty domain id adds nothing', level="global", domain_id=""),
    case("preset_auth_global", 'preset Authorization: ids and token are added, nothing signed, no UNSIGNED-PAYLOAD', level="global", domain_id="did", token="t", headers={"Authorization": "x", "Content-Type": "text/plain"}),
    case("preset_auth_lowercase_is_not_exact", "'authorization' is not the exact key: the request is signed and both are sent", level="basic", project_id="p", headers={"authorization": "x"}),
    case("derived_with_query_body", 'V11 with query and body', level="derived", method="POST", body='{"k": "v"}', query=[("q","1")], derived={"service":"Svc","region":"ap-southeast-1"}),
    case("derived_existing_date", 'V11 scope date taken from an existing X-Sdk-Date', level="derived", headers={"Content-Type": "application/json", "X-Sdk-Date": "19991231T235959Z"}, derived={"service":"CodeArtsArtifact","region":"cn-north-4"}),
    case("global_ignores_project_id", "global credentials never send X-Project-Id", level="global", project_id="pid", domain_id="did"),
    case("basic_ignores_domain_id", "basic credentials never send X-Domain-Id", level="basic", project_id="pid", domain_id="did"),
    case("header_inner_newline_kept", "only leading/trailing white space is trimmed", headers={"Content-Type": "application/json", "X-M": " a\nb  c "}),
    case("query_negative_and_zero_ints", "ints written in decimal, sorted numerically", query=[("n",-5),("n",0),("n",-10),("m","")]),
    case("unicode_sk", 'SK used as UTF-8 bytes', sk="秘密ключ"),
]

out = []
for c in cases:
    i = c["input"]
    REC.clear()
    headers = dict(i["headers"])
    before = dict(headers)
    req = SdkRequest(method=i["method"], schema=i["scheme"], host=i["host"], resource_path=i["path"],
                     query_params=[tuple(copy.deepcopy(q)) for q in i["query"]], header_params=headers,
                     body=i["body"])
    class C: pass
    creds = C(); creds.ak = AK; creds.sk = i["sk"]
    lvl = c["level"]
    if lvl == "signer":
        S.Signer(creds).sign(req)
    elif lvl == "derived":
        d = i["derived"]
        S.DerivationAKSKSigner(creds).sign(req, d["service"], d["region"])
    elif lvl == "basic":
        b = BasicCredentials(AK, i["sk"], i["project_id"])
        if i["security_token"] is not None: b = b.with_security_token(i["security_token"])
        b.sign_request(req)
    elif lvl == "global":
        g = GlobalCredentials(AK, i["sk"], i["domain_id"])
        if i["security_token"] is not None: g = g.with_security_token(i["security_token"])
        g.sign_request(req)
    # recompute intermediates only through the signer outputs: capture via Authorization
    final = req.header_params
    wire = {k: v.encode('iso-8859-1').decode('utf-8') if isinstance(v, str) else v for k, v in final.items()}
    added = {k: v for k, v in final.items() if k not in before}
    changed = {k: {"before": before[k], "after": final[k]} for k in before if k in final and final[k] != before[k]}
    auth = final.get("Authorization")
    sig = sh = None
    if auth and ("Signature=" in auth):
        sig = auth.split("Signature=")[1]; sh = auth.split("SignedHeaders=")[1].split(",")[0]
    b = req.body
    out.append(dict(name=c["name"], note=c["note"], level=lvl, input=i, output=dict(
        headers_added=added, headers_changed=changed, final_headers=dict(final), final_headers_wire_text=wire,
        x_sdk_date=final.get("X-Sdk-Date"), authorization=auth, signed_headers=sh, signature=sig,
        canonical_request=REC.get("cr"), string_to_sign=REC.get("sts"), request_uri=req.uri,
        url="%s://%s%s" % (i["scheme"], i["host"], req.uri),
        body_after_sign=(b.decode() if isinstance(b, bytes) else b))))
json.dump(dict(generator="huaweicloudsdkcore 3.1.219 Signer/DerivationAKSKSigner/BasicCredentials/GlobalCredentials at a fixed utcnow (runtime/tests/data/gen_signer_vectors_extra.py)", fixed_utc_now="20240102T030405Z", empty_body_sha256=S.Signer._EMPTY_HASH, vectors=out, client_vectors=[]),
          open(sys.argv[1],'w'), ensure_ascii=False, indent=1)
print(len(out))
