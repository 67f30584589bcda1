#!/usr/bin/env python3
"""Cuts the schemas the manifest validation needs out of their upstream documents (see README.md beside this file).

  extract.py kubernetes SWAGGER_JSON > kubernetes.json
      Kubernetes' own OpenAPI document (api/openapi-spec/swagger.json of a release): the definitions of the kinds
      in KINDS and every definition they reach through $ref, "description" texts dropped, nothing else changed.
  extract.py crds CRD_YAML... > monitoring.coreos.com.json
      Each CustomResourceDefinition's served, stored version: its openAPIV3Schema, "description" texts dropped.

The output has one definition per line, so a refresh shows as a readable diff.
"""
import json
import sys

import yaml

# The built-in kinds the chart renders (deploy/namespace.yaml adds the Namespace). A rendered kind missing here
# fails the validation with "no schema": add it, and run this again.
KINDS = {
    ("", "v1", "ConfigMap"),
    ("", "v1", "Namespace"),
    ("", "v1", "Service"),
    ("", "v1", "ServiceAccount"),
    ("apps", "v1", "DaemonSet"),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole"),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding"),
}


def without_descriptions(node, in_properties=False):
    """node without its "description" keywords; a property named description (in "properties") stays."""
    if isinstance(node, list):
        return [without_descriptions(v) for v in node]
    if not isinstance(node, dict):
        return node
    return {k: without_descriptions(v, in_properties=(k == "properties" and not in_properties))
            for k, v in node.items() if in_properties or k != "description"}


def refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"].rsplit("/", 1)[-1]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def kubernetes(path):
    with open(path, encoding="utf-8") as f:
        definitions = json.load(f)["definitions"]
    roots = [name for name, d in definitions.items()
             if any((g["group"], g["version"], g["kind"]) in KINDS for g in d.get("x-kubernetes-group-version-kind", []))]
    found = {(g["group"], g["version"], g["kind"]) for name in roots for g in definitions[name]["x-kubernetes-group-version-kind"]}
    if missing := KINDS - found:
        sys.exit(f"extract.py: not in {path}: {sorted(missing)}")
    keep, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(refs(definitions[name]))
    return {name: without_descriptions(definitions[name]) for name in sorted(keep)}


def crds(paths):
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            crd = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
        spec = crd["spec"]
        version = next(v for v in spec["versions"] if v.get("served") and v.get("storage"))
        out[f"{spec['group']}/{version['name']}/{spec['names']['kind']}"] = without_descriptions(version["schema"]["openAPIV3Schema"])
    return dict(sorted(out.items()))


def write(definitions):
    lines = [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in definitions.items()]
    sys.stdout.write('{"definitions": {\n' + ",\n".join(lines) + "\n}}\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "kubernetes":
        write(kubernetes(sys.argv[2]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "crds":
        write(crds(sys.argv[2:]))
    else:
        sys.exit(__doc__)
