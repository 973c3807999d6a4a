#!/usr/bin/env python3
"""Operation facts of official `huaweicloudsdk<service>` wheels, read without installing them.

Usage:
    pip download --no-deps huaweicloudsdkevs==3.1.219 -d /tmp/wheels
    python3 tests/data/sdk/sdk_facts.py /tmp/wheels/huaweicloudsdk*.whl -o tests/data/sdk/facts

Writes one `<service>.json` per wheel (`huaweicloudsdkevs-3.1.219-...whl` gives `evs.json`),
the form `hwcloud-codegen import --sdk` reads (and the one the catalogue measurement reads):

    {"v2:ResizeVolume": {"method": "POST", "path": "/v2.1/{project_id}/cloudvolumes/{volume_id}/action",
                         "query": [], "request": {"os-extend.new_size": "integer"}, "response": {...}}}

Keys are `<module>:<Name>`: the SDK's API version module (`v2`, `v3`) and the operation name, the
request class without `Request`. Values:

- `method`, `path`: the HTTP method and resource path of the sync client's
  `_<op>_http_info` (the function the SDK itself calls to build the request);
- `query`: the query parameters' wire names, in the SDK's order;
- `request`, `response`: the JSON types of the request body and the response body, flattened to
  dotted wire paths (`security_group_rule.priority`), arrays of objects as `name[]`
  (`security_group_rules[].id`), at most 4 levels deep. Types are the spec's words: `string`,
  `integer` (the SDK's `int`: 32 or 64 bits is not said), `number`, `boolean`, `object`, `array`,
  `map`, `any`. A body that is a bare array of objects is flattened under `[]`.

Nothing is executed: the client and model sources are parsed with Python's `ast` (the model
classes' `openapi_types` and `attribute_map` literals), so no SDK dependency is needed. Keys are
sorted: rerunning on the same wheels gives the same bytes.
"""
import argparse
import ast
import json
import os
import re
import sys
import zipfile

SCALARS = {
    'str': 'string', 'int': 'integer', 'float': 'number', 'bool': 'boolean', 'object': 'any',
    'date': 'string', 'datetime': 'string', 'file': 'string',
}
DEPTH = 4


def camel(name):
    return ''.join(w[:1].upper() + w[1:] for w in name.split('_'))


def literal_dicts(cls):
    """The class's `openapi_types` and `attribute_map` dict literals."""
    found = {}
    for node in cls.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ('openapi_types', 'attribute_map'):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                found[node.targets[0].id] = {}
    return found.get('openapi_types', {}), found.get('attribute_map', {})


class Package:
    """The models of one API version module of a wheel: class name -> [(wire name, sdk type)]."""

    def __init__(self, zf, prefix):
        self.models = {}
        for n in zf.namelist():
            if n.startswith(prefix + 'model/') and n.endswith('.py'):
                tree = ast.parse(zf.read(n).decode('utf-8'))
                for node in tree.body:
                    if isinstance(node, ast.ClassDef):
                        types, names = literal_dicts(node)
                        self.models[node.name] = [(names.get(a, a), t) for a, t in types.items()]

    def flatten(self, sdk_type, prefix, out, depth, seen):
        """Adds `prefix: type` and, for models, their fields one level down."""
        t = sdk_type.strip()
        m = re.fullmatch(r'list\[(.+)\]', t)
        if m:
            if prefix:
                out[prefix] = 'array'
            inner = m.group(1).strip()
            if inner in self.models:
                self.fields(inner, prefix + '[]', out, depth, seen)
            return
        if re.fullmatch(r'dict\(.+\)', t):
            if prefix:
                out[prefix] = 'map'
            return
        if t in self.models:
            if prefix:
                out[prefix] = 'object'
            self.fields(t, prefix, out, depth, seen)
            return
        if prefix:
            out[prefix] = SCALARS.get(t, 'any')

    def fields(self, model, prefix, out, depth, seen):
        if depth >= DEPTH or model in seen:
            return
        for wire, t in self.models.get(model, []):
            path = f'{prefix}.{wire}' if prefix and not prefix.endswith('[]') else f'{prefix}{wire}'
            if prefix.endswith('[]'):
                path = f'{prefix}.{wire}'
            self.flatten(t, path, out, depth + 1, seen | {model})

    def body_types(self, request_class, response_class):
        req, resp = {}, {}
        for wire, t in self.models.get(request_class, []):
            if wire == 'body':
                self.flatten(t, '', req, 0, frozenset())
        fields = [f for f in self.models.get(response_class, []) if f[0] != 'X-request-Id']
        for wire, t in fields:
            if wire == 'body':
                # A response whose body is one value (a list): flattened under `[]`.
                self.flatten(t, '[]' if t.startswith('list[') else '', resp, 0, frozenset())
            else:
                self.flatten(t, wire, resp, 1, frozenset())
        return req, resp


def http_infos(src):
    """(name, method, path, query, response class) of every `_<op>_http_info` of a client."""
    for m in re.finditer(r'def _(\w+)_http_info\(cls, request\):(.*?)(?=\n    def |\n    @|\Z)', src, re.S):
        name, body = m.group(1), m.group(2)
        meth = re.search(r'"method": "(\w+)"', body)
        path = re.search(r'"resource_path": "([^"]+)"', body)
        resp = re.search(r'"response_type": "(\w+)"', body)
        if meth and path:
            query = re.findall(r"query_params\.append\(\('([^']+)'", body)
            yield name, meth.group(1), path.group(1), query, resp.group(1) if resp else ''


def request_class(src, name):
    """The request class the public method's docstring names (`CreateVpcRequest`)."""
    m = re.search(r'def %s\(self, request\):.*?:type request: :class:`[\w.]*?\.(\w+)`' % re.escape(name),
                  src, re.S)
    return m.group(1) if m else camel(name) + 'Request'


def facts(path):
    zf = zipfile.ZipFile(path)
    out = {}
    for n in sorted(zf.namelist()):
        m = re.search(r'^(.*/(v[\d_]+)/)\w+_client\.py$', n)
        if not m or 'async' in n.rsplit('/', 1)[-1]:
            continue
        prefix, module = m.group(1), m.group(2)
        pkg = Package(zf, prefix)
        src = zf.read(n).decode('utf-8')
        for name, method, rpath, query, resp_class in http_infos(src):
            req_class = request_class(src, name)
            op = req_class[:-len('Request')] if req_class.endswith('Request') else camel(name)
            request, response = pkg.body_types(req_class, resp_class or op + 'Response')
            out[f'{module}:{op}'] = {'method': method, 'path': rpath, 'query': query,
                                     'request': request, 'response': response}
    return out


def stem(wheel):
    m = re.match(r'huaweicloudsdk(\w+?)-', os.path.basename(wheel))
    if not m:
        sys.exit(f'{wheel}: not a huaweicloudsdk<service> wheel')
    return m.group(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('wheels', nargs='+')
    ap.add_argument('-o', '--out', required=True, help='directory for <service>.json')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for w in a.wheels:
        f = facts(w)
        dest = os.path.join(a.out, stem(w) + '.json')
        with open(dest, 'w') as fh:
            # One operation a line: small, and a new SDK release diffs line by line.
            fh.write('{\n' + ',\n'.join(json.dumps(k) + ': ' + json.dumps(f[k], sort_keys=True, ensure_ascii=False)
                                         for k in sorted(f)) + '\n}\n')
        print(f'{dest}: {len(f)} operations', file=sys.stderr)


if __name__ == '__main__':
    main()
