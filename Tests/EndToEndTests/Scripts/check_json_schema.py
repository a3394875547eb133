#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12), for the end-to-end tests.

Usage: check_json_schema.py SCHEMA DOCUMENT...   prints one line per document; exit 1 on the first
       invalid one, with the path of the failing property and the reason.
Needs: pip install jsonschema (installed by .ci/run; the tests say SKIPPED without it).
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    document = json.load(open(path, encoding="utf-8"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        print(f"{path}: invalid at {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
        sys.exit(1)
    print(f"{path}: valid")
