#!/usr/bin/env python3
"""Extract per-operation facts from Huawei Cloud's official Python SDKs for VPC and NAT.

What it reads
-------------
The installed PyPI packages ``huaweicloudsdkvpc`` and ``huaweicloudsdknat`` (and their
dependency ``huaweicloudsdkcore``). For every API version module of each package
(``huaweicloudsdkvpc.v2``, ``huaweicloudsdkvpc.v3``, ``huaweicloudsdknat.v2``, found by
scanning the package folder for ``v<digits>`` modules) it reads:

* the synchronous client class (``VpcClient``, ``NatClient``): every classmethod
  ``_<op>_http_info(request)`` is called with a freshly built, empty request object. That
  function is what the SDK itself uses to build the HTTP call, so method, resource path,
  path, query and header parameters come from it, not from guesses. Each parameter is copied
  under a guard ``if '<attr>' in local_var_params``, and ``local_var_params`` holds every
  attribute of the request (set or not), so an empty request makes every parameter appear;
  the keys written into ``path_params``, ``query_params`` and ``header_params`` are wire
  names. ``Content-Type`` is set by the client itself on every call, so it is reported as
  ``content_type`` and not as a header parameter.
* the public method ``<op>`` beside each ``_<op>_http_info``: its docstring names the request
  class (``:type request: :class:`huaweicloudsdkvpc.v3.ListVpcsRequest```). The operation's
  ``name`` is that class name without ``Request``.
* the model classes (``openapi_types``, ``attribute_map`` and the source of ``__init__``) for
  the request body.

The rule for "required"
-----------------------
The SDK's model classes carry no explicit required flag. Their generated ``__init__`` assigns
every attribute in one of two shapes:

    self.name = name                      # required: assigned unconditionally
    if description is not None:           # optional: assigned only when given
        self.description = description

The script parses ``__init__`` with ``ast`` and takes an attribute as required exactly when its
``self.<attr> = <attr>`` statement sits directly in the function body, and optional when it sits
alone in an ``if <attr> is not None:`` block. Any other statement shape in ``__init__`` makes the
script stop with an error, so a change in the generator cannot silently flip the rule. In
3.1.219 every model of both packages has only these two shapes (1137 unconditional and 1552
guarded assignments). The rule was checked by hand against doc pages whose mandatory fields are
known: v2 ``CreateVpcOption`` (``POST /v1/{project_id}/vpcs``: every field guarded, every
field of the ``vpc`` object optional on the page), v2 ``CreateSubnetOption`` (``name``,
``cidr``, ``gateway_ip``, ``vpc_id`` unconditional, the rest guarded, as on the page) and
``CreateNatGatewayOption`` (``name``, ``spec``, ``router_id``, ``internal_network_id``
unconditional, as on the page); then against every request body table of the VPC and NAT doc
trees that matches an operation by method and path (see README.md): the required fields agree
wherever both sides have them. The request classes themselves always guard ``body``, so
whether a body must be sent at all is not recorded.

Body facts
----------
* ``body_wrapper``: the wire name of the key that wraps the body, or ``null``. A body is taken
  as wrapped when exactly one of its top-level fields has a model or a list of a model as its
  type (``{"vpc": {...}}``, ``{"dry_run": false, "vpc": {...}}``,
  ``{"action": "create", "tags": [{...}]}``); scalar siblings such as ``dry_run``, ``action``
  or ``count`` do not count. Bodies with no or with several object fields have no wrapper.
* ``body``: the wire names of the body's required top-level fields and, when the body has a
  wrapper, the wrapper's required fields one level down as dotted paths (``vpc``,
  ``vpc.name``). A dotted field is required when its parent is present: it is listed even
  where the wrapper itself is optional (a few update and tag-query bodies).
* ``body_fields``: every top-level field's wire name and, for each top-level field whose type
  is a model or a list of a model, that model's field wire names one level down as dotted
  paths. Lists of a model are flattened (``security_group_rules.protocol``), ``dict(...)``
  values are not descended into.
* ``has_body``: whether the request has a ``body`` attribute at all.

Output
------
``vpc.json`` and ``nat.json`` next to this script: ``{"package", "version", "operations"}``,
operations sorted by ``(module, name)``, pretty-printed with sorted keys. These files are
committed; tests read only them. The SDK packages are an offline oracle and never a runtime or
test dependency.

How to rerun
------------
    python3 -m venv /tmp/sdkvenv
    /tmp/sdkvenv/bin/pip install huaweicloudsdkvpc==3.1.219 huaweicloudsdknat==3.1.219
    /tmp/sdkvenv/bin/python tests/data/sdk/extract_sdk_facts.py

Running it again against the same package versions gives the same bytes.
"""

import ast
import importlib
import importlib.metadata
import inspect
import json
import os
import pkgutil
import re
import sys
import textwrap

PACKAGES = [
    ("huaweicloudsdkvpc", "VpcClient", "vpc.json"),
    ("huaweicloudsdknat", "NatClient", "nat.json"),
]

HTTP_INFO = re.compile(r"^_(?P<op>[a-z0-9_]+)_http_info$")
REQUEST_CLASS = re.compile(r":type request: :class:`[\w.]+\.(?P<cls>\w+)Request`")
PATH_PARAM = re.compile(r"\{([^}]+)\}")
LIST_TYPE = re.compile(r"^list\[(?P<item>.+)\]$")


class ExtractError(Exception):
    """A fact could not be read in the expected shape."""


def required_attrs(cls):
    """Python attribute names that ``cls.__init__`` assigns unconditionally (see module doc)."""
    source = textwrap.dedent(inspect.getsource(cls.__init__))
    func = ast.parse(source).body[0]
    attrs = set(cls.attribute_map)
    required, optional = set(), set()
    for stmt in func.body:
        if isinstance(stmt, ast.Expr):  # docstring
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                if target.attr == "discriminator" or (
                    target.attr.startswith("_")
                    and target.attr[1:] in attrs
                    and isinstance(stmt.value, ast.Constant)
                    and stmt.value.value is None
                ):
                    continue
                if (
                    target.attr in attrs
                    and isinstance(stmt.value, ast.Name)
                    and stmt.value.id == target.attr
                ):
                    required.add(target.attr)
                    continue
        if isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1:
            test, inner = stmt.test, stmt.body[0]
            if (
                isinstance(test, ast.Compare)
                and isinstance(test.left, ast.Name)
                and len(test.ops) == 1
                and isinstance(test.ops[0], ast.IsNot)
                and isinstance(test.comparators[0], ast.Constant)
                and test.comparators[0].value is None
                and isinstance(inner, ast.Assign)
                and ast.unparse(inner) == f"self.{test.left.id} = {test.left.id}"
                and test.left.id in attrs
            ):
                optional.add(test.left.id)
                continue
        raise ExtractError(
            f"{cls.__module__}.{cls.__name__}.__init__: unexpected statement "
            f"`{ast.unparse(stmt)[:120]}`"
        )
    missing = attrs - required - optional
    if missing:
        raise ExtractError(f"{cls.__name__}.__init__ never assigns {sorted(missing)}")
    return required


def model_of(models, type_str):
    """The model class named by ``type_str`` (``Name`` or ``list[Name]``), or ``None``."""
    m = LIST_TYPE.match(type_str)
    if m:
        type_str = m.group("item")
    cls = getattr(models, type_str, None)
    return cls if inspect.isclass(cls) and hasattr(cls, "attribute_map") else None


def body_facts(models, body_type):
    """``(required, fields, wrapper)`` for a request body of SDK type ``body_type``."""
    cls = model_of(models, body_type)
    if cls is None or LIST_TYPE.match(body_type):
        raise ExtractError(f"request body type {body_type!r} is not a model object")
    req = required_attrs(cls)
    required, fields = [], []
    nested = {}
    for attr, wire in cls.attribute_map.items():
        fields.append(wire)
        if attr in req:
            required.append(wire)
        sub = model_of(models, cls.openapi_types[attr])
        if sub is not None:
            nested[wire] = sub
            fields += [f"{wire}.{sub_wire}" for sub_wire in sub.attribute_map.values()]
    wrapper = None
    if len(nested) == 1:
        ((wrapper, sub),) = nested.items()
        sub_req = required_attrs(sub)
        required += [f"{wrapper}.{w}" for a, w in sub.attribute_map.items() if a in sub_req]
    return sorted(required), sorted(fields), wrapper


def operations_of(package, client_name, module_name):
    """Every operation of ``package.module_name``, as fact dicts."""
    module = importlib.import_module(f"{package}.{module_name}")
    models = importlib.import_module(f"{package}.{module_name}.model")
    client = getattr(module, client_name)
    ops = []
    request_classes = set()
    for attr_name in sorted(vars(client)):
        m = HTTP_INFO.match(attr_name)
        if not m:
            continue
        op = m.group("op")
        public = getattr(client, op, None)
        doc = inspect.getdoc(public) if public else None
        rc = REQUEST_CLASS.search(doc or "")
        if rc is None:
            raise ExtractError(f"{module_name}.{client_name}.{op}: no request class in docstring")
        name = rc.group("cls")
        request_cls = getattr(models, f"{name}Request")
        request_classes.add(request_cls.__name__)
        info = getattr(client, attr_name)(request_cls())
        if info["request_type"] != request_cls.__name__:
            raise ExtractError(f"{op}: request_type {info['request_type']} != {request_cls.__name__}")
        path = info["resource_path"]
        path_params = PATH_PARAM.findall(path)
        # project_id/domain_id in the template are filled by the credentials, not the request.
        given = set(info["path_params"])
        if not given <= set(path_params):
            raise ExtractError(f"{op}: path params {sorted(given)} not all in {path}")
        headers = {k: v for k, v in info["header_params"].items() if k != "Content-Type"}
        if info["post_params"]:
            raise ExtractError(f"{op}: form parameters are not handled: {info['post_params']}")
        has_body = "body" in request_cls.attribute_map
        placed = given | {k for k, _ in info["query_params"]} | set(info["header_params"])
        unplaced = {w for a, w in request_cls.attribute_map.items() if a != "body"} - placed
        if unplaced:
            raise ExtractError(f"{op}: request attributes sent nowhere: {sorted(unplaced)}")
        if has_body:
            body, body_fields, wrapper = body_facts(models, request_cls.openapi_types["body"])
        else:
            body, body_fields, wrapper = [], [], None
        ops.append(
            {
                "name": name,
                "module": module_name,
                "method": info["method"].upper(),
                "path": path,
                "path_params": path_params,
                "query_params": sorted({k for k, _ in info["query_params"]}),
                "header_params": sorted(headers),
                "content_type": info["header_params"].get("Content-Type"),
                "has_body": has_body,
                "body": body,
                "body_fields": body_fields,
                "body_wrapper": wrapper,
            }
        )
    declared = {n for n in dir(models) if n.endswith("Request") and inspect.isclass(getattr(models, n))}
    if declared != request_classes:
        raise ExtractError(
            f"{package}.{module_name}: request classes without an operation: "
            f"{sorted(declared - request_classes)}; operations without a class: "
            f"{sorted(request_classes - declared)}"
        )
    return ops


def extract(package, client_name):
    """The fact document for one package."""
    pkg = importlib.import_module(package)
    modules = sorted(
        info.name
        for info in pkgutil.iter_modules(pkg.__path__)
        if info.ispkg and re.fullmatch(r"v\d+", info.name)
    )
    ops = []
    for module_name in modules:
        ops += operations_of(package, client_name, module_name)
    ops.sort(key=lambda o: (o["module"], o["name"]))
    return {
        "package": package,
        "version": importlib.metadata.version(package),
        "operations": ops,
    }


def main():
    out_dir = os.path.dirname(os.path.abspath(__file__))
    for package, client_name, file_name in PACKAGES:
        doc = extract(package, client_name)
        with open(os.path.join(out_dir, file_name), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        counts = {}
        for op in doc["operations"]:
            counts[op["module"]] = counts.get(op["module"], 0) + 1
        print(f"{package} {doc['version']}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except ExtractError as e:
        sys.exit(f"extract_sdk_facts: {e}")
