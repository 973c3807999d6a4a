"""The official Python SDK's VPC client calling ListSubnets against the loopback server of
bench-calls, for scale: the same request (limit=3, vpc_id) and the same 2.5 KB answer as
the Rust clients of the call figure.

Usage: call_bench.py call CONCURRENCY CALLS PORT
Prints the line the Rust clients print: calls, items, wall and cpu (seconds of the
counted calls, after a warm-up of eight calls per thread), maxrss (bytes). Concurrency
is threads sharing one client, as the SDK's clients are meant to be shared.
Importing huaweicloudsdkcore writes $HOME/.huaweicloud/application_id: run it with HOME
pointing at a scratch directory.
"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkvpc.v2 import ListSubnetsRequest, VpcClient

AK = "BENCHACCESSKEY000000"
SK = "benchsecretkey0000000000000000000000000000"
PROJECT = "0123456789abcdef0123456789abcdef"
VPC = "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85"


def client(port):
    """A client of the server at port, configured in code."""
    return (
        VpcClient.new_builder()
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([f"http://127.0.0.1:{port}"])
        .build()
    )


def calls(vpc, count):
    """count calls in turn; the subnets decoded."""
    items = 0
    for _ in range(count):
        response = vpc.list_subnets(ListSubnetsRequest(limit=3, vpc_id=VPC))
        items += len(response.subnets or [])
    return items


def run(vpc, concurrency, count):
    per_thread = count // concurrency
    if concurrency == 1:
        return calls(vpc, per_thread)
    with ThreadPoolExecutor(concurrency) as pool:
        return sum(pool.map(lambda _: calls(vpc, per_thread), range(concurrency)))


def peak_memory():
    """Peak resident bytes of this process (VmHWM: ru_maxrss would count the parent's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    _, mode, concurrency, count, port = sys.argv
    assert mode == "call", "usage: call_bench.py call CONCURRENCY CALLS PORT"
    concurrency, count = int(concurrency), int(count)
    vpc = client(int(port))
    run(vpc, concurrency, concurrency * 8)
    count = -(-count // concurrency) * concurrency
    cpu, wall = time.process_time(), time.perf_counter()
    items = run(vpc, concurrency, count)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    maxrss = peak_memory()
    print(f"calls={count} items={items} wall={wall} cpu={cpu} maxrss={maxrss}")


if __name__ == "__main__":
    main()
