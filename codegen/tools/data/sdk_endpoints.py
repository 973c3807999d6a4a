#!/usr/bin/env python3
"""Extracts the endpoint facts of Huawei's official Python SDKs into sdk_endpoints.tsv.

The SDK packages are an oracle, never a dependency: download them, run this, commit the
TSV (not the packages). The importer (codegen/tools/src/import/tree/endpoints.rs) reads it.

    pip download --no-deps -d /tmp/sdks huaweicloudsdkvpc==3.1.219 huaweicloudsdknat==3.1.219 ...
    python3 codegen/tools/data/sdk_endpoints.py /tmp/sdks > codegen/tools/data/sdk_endpoints.tsv

Each SDK has `<service>/v*/region/<service>_region.py`, a table of
`Region("cn-north-4", "https://vpc.cn-north-4.myhuaweicloud.com"[, more endpoints])`.
Huawei Cloud's endpoints mostly follow `https://<prefix>.<region>.<domain>`, the domain
being the region's (`myhuaweicloud.com`, or another for a few regions: the `region` rows,
the majority over all the SDKs read). Output, tab-separated:

    region   <region>   <domain>              the regions of Huawei Cloud
    service  <sdk>      <prefix>  <trees>     the host prefix most of its regions use; trees:
                                              the Open Telekom Cloud documentation trees
                                              (opentelekomcloud-docs/<tree>) of the service
    extra    <sdk>      <template> <regions>  the endpoints of regions that differ from the
                                              pattern (a global endpoint, another domain, a
                                              second endpoint), `{region}` in the template; a
                                              region in several rows has several endpoints,
                                              tried in the rows' order
"""
import collections
import glob
import os
import re
import sys
import zipfile

# The Open Telekom Cloud documentation trees of each SDK service, by what each documents.
TREES = {
    "antiddos": ["anti-ddos"],
    "aom": ["application-operations-management"],
    "aos": ["resource-formation-service"],
    "apig": ["api-gateway"],
    "bms": ["bare-metal-server"],
    "cbr": ["cloud-backup-recovery"],
    "cfw": ["cloud-firewall"],
    "codeartsartifact": [],
    "config": ["config"],
    "css": ["cloud-search-service"],
    "cts": ["cloud-trace-service"],
    "dataartsstudio": ["data-arts-studio"],
    "dc": ["direct-connect"],
    "ddm": ["distributed-database-middleware"],
    "dds": ["document-database-service"],
    "deh": ["dedicated-host"],
    "dis": ["data-ingestion-service"],
    "dli": ["data-lake-insight"],
    "drs": ["data-replication-service"],
    "dws": ["data-warehouse-service"],
    "eip": ["elastic-ip"],
    "elb": ["elastic-load-balancing", "load-balancer"],
    "eps": ["enterprise-project-service"],
    "er": ["enterprise-router"],
    "gaussdb": ["gaussdb-mysql", "taurusdb"],
    "gaussdbfornosql": ["geminidb"],
    "hss": ["host-security-service"],
    "iam": [],
    "kafka": ["distributed-message-service"],
    "lts": ["log-tank-service"],
    "modelarts": ["modelarts"],
    "mrs": ["mapreduce-service"],
    "nat": ["nat-gateway"],
    "obs": ["object-storage-service"],
    "ocr": ["optical-character-recognition"],
    "rds": ["relational-database-service"],
    "rms": ["resource-management-service"],
    "rocketmq": ["distributed-message-service-rocketmq"],
    "sdrs": ["storage-disaster-recovery-service"],
    "swr": ["software-repository-container"],
    "tms": ["tag-management-service"],
    "ucs": ["ubiquitous-cloud-native-service"],
    "vpc": ["virtual-private-cloud"],
    "vpcep": ["vpc-endpoint"],
    "vpn": ["virtual-private-network"],
    "waf": ["web-application-firewall"],
}

REGION = re.compile(r'Region\(\s*"([^"]+)"((?:\s*,\s*"[^"]+")+)\s*\)')


def tables(folder):
    """{sdk: {region: [url, ...]}} from every wheel in `folder` (later versions win)."""
    out = collections.defaultdict(dict)
    for wheel in sorted(glob.glob(os.path.join(folder, "huaweicloudsdk*.whl"))):
        with zipfile.ZipFile(wheel) as z:
            names = sorted(n for n in z.namelist() if re.search(r"/v[0-9.]+/region/[a-z0-9_]+_region\.py$", n))
            for name in names:
                sdk = name.split("/")[0][len("huaweicloudsdk"):]
                for m in REGION.finditer(z.read(name).decode()):
                    out[sdk][m.group(1)] = re.findall(r'"([^"]+)"', m.group(2))
    return out


def main():
    sdks = tables(sys.argv[1])
    # A region's domain: what follows `<prefix>.<region>.` in regional endpoints, by majority.
    domains = collections.defaultdict(collections.Counter)
    for regions in sdks.values():
        for region, urls in regions.items():
            host = urls[0].split("://", 1)[1]
            marker = "." + region + "."
            if marker in host:
                domains[region][host.split(marker, 1)[1]] += 1
    domain = {r: c.most_common(1)[0][0] for r, c in domains.items()}
    for region in sorted(domain):
        print(f"region\t{region}\t{domain[region]}")
    for sdk in sorted(sdks):
        regions = sdks[sdk]
        hosts = [u[0].split("://", 1)[1] for u in regions.values()]
        prefix = collections.Counter(h.split(".", 1)[0] for h in hosts).most_common(1)[0][0]
        print(f"service\t{sdk}\t{prefix}\t{','.join(TREES.get(sdk, []))}")
        # Regions whose endpoints are not exactly the pattern's one.
        groups = collections.OrderedDict()
        for region in sorted(regions):
            urls = regions[region]
            d = domain.get(region, "myhuaweicloud.com")
            pattern = f"https://{prefix}.{region}.{d}"
            if urls == [pattern]:
                continue
            for position, url in enumerate(urls):
                template = url.replace("." + region + ".", ".{region}.")
                groups.setdefault((position, template), []).append(region)
        for (position, template), rs in sorted(groups.items(), key=lambda kv: kv[0][0]):
            print(f"extra\t{sdk}\t{template}\t{','.join(rs)}")


if __name__ == "__main__":
    main()
