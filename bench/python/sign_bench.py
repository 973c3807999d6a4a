"""Per-request cost of the official Python SDK signer on the request the Rust benchmark
signs: GET /v1/repos/repo-1/files?limit=10&offset=0&name=artifact.

Prints the median nanoseconds per request (build the SdkRequest, then Signer.sign).
Importing huaweicloudsdkcore writes $HOME/.huaweicloud/application_id: run it with HOME
pointing at a scratch directory.
"""

import statistics
import timeit

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

SIGNER = Signer(BasicCredentials("BENCHACCESSKEY000000", "benchsecretkey0000000000000000000000000000"))


def build_and_sign():
    """Builds the request as the SDK's client does and signs it."""
    request = SdkRequest(
        method="GET",
        schema="https",
        host="bench.xx-east-1.example.com",
        resource_path="/v1/repos/repo-1/files",
        query_params=[("limit", 10), ("offset", 0), ("name", "artifact")],
        header_params={
            "Content-Type": "application/json",
            "User-Agent": "huaweicloud-usdk-python/3.0",
            "X-Project-Id": "0123456789abcdef0123456789abcdef",
        },
    )
    return SIGNER.sign(request)


def main():
    timer = timeit.Timer(build_and_sign)
    number, _ = timer.autorange()
    samples = [t / number * 1e9 for t in timer.repeat(repeat=11, number=number)]
    print(round(statistics.median(samples)))


if __name__ == "__main__":
    main()
