"""MkDocs hook: the REST reference, generated from the app's own OpenAPI schema at build time.

The page ``reference/rest.md`` holds a marker line, ``<!-- openapi -->``; ``on_page_markdown``
replaces it with Markdown made from ``create_app(Settings(data_dir=<a temporary directory>)).openapi()``:
every path and method (summary, description, parameters, request body fields, responses and error
statuses), then a "Schemas" section with a table per component schema.

Nothing here names a route or a schema: whatever the app declares is what the page shows. The
output is deterministic: paths in the schema's own order, schemas sorted by name, and every
``GDVIZ_*`` environment variable is ignored while the app is built, so the limits stated are the
defaults of ``app/settings.py``.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

MARKER = "<!-- openapi -->"
PAGE = "reference/rest.md"
LIMITS_PAGE = "../guide/limits.md"  # relative to PAGE
ROOT = Path(__file__).resolve().parents[2]  # the repository: docs/hooks/openapi.py -> .
METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")

_cache: dict[str, str] = {}


# ---------------------------------------------------------------- the schema


def load_openapi() -> dict[str, Any]:
    """The app's OpenAPI document, built as the server builds it, with default settings."""
    if importlib.util.find_spec("app") is None:  # not installed: use this checkout
        sys.path.insert(0, str(ROOT))
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.upper().startswith("GDVIZ_")}
    try:
        from app.main import create_app
        from app.settings import Settings

        with tempfile.TemporaryDirectory(prefix="gdviz-docs-") as data_dir:
            app = create_app(Settings(data_dir=Path(data_dir)))
            # a deep copy through JSON: nothing below can change the app's cached schema
            return json.loads(json.dumps(app.openapi()))
    finally:
        os.environ.update(saved)


# ---------------------------------------------------------------- Markdown helpers


def text(value: object) -> str:
    """Plain text for a table cell: one line, `|` escaped, `<` and `&` as entities."""
    s = " ".join(str(value).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("|", "\\|")


def code(value: object) -> str:
    """Inline code for a table cell. A backtick span when that is safe; else <code> with entities
    (a `|` in a span would end the cell in some Markdown readers)."""
    s = " ".join(str(value).split())
    if "|" not in s and "`" not in s:
        return f"`{s}`"
    return "<code>" + html.escape(s, quote=False).replace("|", "&#124;").replace("`", "&#96;") + "</code>"


def para(value: object) -> str:
    """A description as a paragraph: its Markdown kept, a `<` written as an entity (never a tag)."""
    return str(value).strip().replace("<", "&lt;")


def number(value: float | int) -> str:
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return repr(value)


def anchor(name: str) -> str:
    return "schema-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower()


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema_link(name: str) -> str:
    return f"[`{name}`](#{anchor(name)})"


def op_anchor(method: str, path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")


# ---------------------------------------------------------------- types and constraints


def branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return list(schema[key])
    return [schema]


def type_of(schema: dict[str, Any]) -> str:
    """A short Markdown type: `integer or null`, array of [`Record`](#...), ..."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema_link(ref_name(schema["$ref"]))
    for key, word in (("anyOf", " or "), ("oneOf", " or "), ("allOf", " and ")):
        if key in schema:
            parts: list[str] = []
            for part in schema[key]:
                if "type" in schema and "type" not in part and "$ref" not in part:
                    part = {**part, "type": schema["type"]}  # a branch inherits the union's type
                shown = type_of(part)
                if shown not in parts:
                    parts.append(shown)
            return word.join(parts)
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(type_of(p) for p in schema["prefixItems"]) + "]"
        return "array of " + type_of(schema.get("items", {}))
    if kind == "object" or (kind is None and ("properties" in schema or "additionalProperties" in schema)):
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            return "object of " + type_of(extra)
        return "object"
    if kind is None:
        if "const" in schema:
            return "constant"
        if "enum" in schema:
            return "one of the values"
        return "any"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def own_constraints(schema: dict[str, Any]) -> list[str]:
    """The constraints written on one (non-union) schema, in a fixed order."""
    out: list[str] = []
    if "const" in schema:
        out.append("always " + code(json.dumps(schema["const"], ensure_ascii=False)))
    if "enum" in schema:
        out.append("one of " + ", ".join(code(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)
                                         for v in schema["enum"]))
    for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<")):
        if key in schema and isinstance(schema[key], int | float):
            out.append(f"{sign} {number(schema[key])}")
    for key, words in (("minLength", "length ≥"), ("maxLength", "length ≤"), ("minItems", "items ≥"),
                       ("maxItems", "items ≤"), ("minProperties", "keys ≥"), ("maxProperties", "keys ≤")):
        if key in schema:
            out.append(f"{words} {number(schema[key])}")
    if "pattern" in schema:
        out.append("pattern " + code(schema["pattern"]))
    for key in ("items", "additionalProperties"):
        inner = schema.get(key)
        if isinstance(inner, dict) and "$ref" not in inner:
            nested = constraints(inner)
            if nested:
                what = "each item" if key == "items" else "each value"
                out.append(f"{what}: {nested}")
    return out


def constraints(schema: dict[str, Any]) -> str:
    """All constraints of a property, a union's branches joined with "or"."""
    parts = []
    for branch in branches(schema):
        if branch.get("type") == "null" or "$ref" in branch:
            continue
        own = own_constraints(branch)
        if own:
            parts.append(", ".join(own))
    out = "; or ".join(parts)
    outer = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")} if len(branches(schema)) > 1 else {}
    if outer:  # constraints written beside a union apply to every branch
        extra = ", ".join(own_constraints(outer))
        out = "; ".join(p for p in (extra, out) if p)
    limit = schema.get("x-limit")
    if isinstance(limit, str):
        capped = f"capped by [`{limit}`]({LIMITS_PAGE})"
        out = f"{out}; {capped}" if out else capped
    return out


def default_of(schema: dict[str, Any]) -> str:
    if "default" not in schema:
        return ""
    value = schema["default"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return code(number(value).replace(",", ""))
    return code(json.dumps(value, ensure_ascii=False, sort_keys=True))


def description_of(schema: dict[str, Any]) -> str:
    desc = schema.get("description")
    if not desc:
        for branch in branches(schema):
            if branch.get("description"):
                desc = branch["description"]
                break
    return text(desc) if desc else ""


def properties_table(schema: dict[str, Any], components: dict[str, Any]) -> list[str]:
    """A table of an object schema's properties (a $ref is followed once)."""
    if "$ref" in schema:
        schema = components.get(ref_name(schema["$ref"]), {})
    props = schema.get("properties") or {}
    if not props:
        return []
    required = set(schema.get("required") or [])
    lines = ["| Field | Type | Required | Default | Constraints | Description |",
             "|---|---|---|---|---|---|"]
    for name, prop in props.items():
        lines.append("| " + " | ".join([
            code(name), type_of(prop), "yes" if name in required else "", default_of(prop),
            constraints(prop), description_of(prop)]) + " |")
    extra = schema.get("additionalProperties")
    if extra is False:
        lines += ["", "Other keys are refused."]
    return lines


# ---------------------------------------------------------------- operations


def parameters_table(params: list[dict[str, Any]]) -> list[str]:
    lines = ["| Parameter | In | Type | Required | Default | Constraints | Description |",
             "|---|---|---|---|---|---|---|"]
    for p in params:
        schema = p.get("schema", {})
        desc = p.get("description") or schema.get("description") or ""
        lines.append("| " + " | ".join([
            code(p.get("name", "")), text(p.get("in", "")), type_of(schema), "yes" if p.get("required") else "",
            default_of(schema), constraints(schema), text(desc)]) + " |")
    return lines


def body_of(content: dict[str, Any]) -> str:
    """A response's body, per media type: application/json: [`X`](#...)."""
    parts = []
    for media, spec in content.items():
        schema = spec.get("schema")
        shown = type_of(schema) if schema else ""
        parts.append(f"{code(media)}: {shown}" if shown else code(media))
    return "<br>".join(parts)


def responses_table(responses: dict[str, Any]) -> list[str]:
    lines = ["| Status | Meaning | Body |", "|---|---|---|"]
    for status in sorted(responses, key=lambda s: (not s[:1].isdigit(), s)):
        spec = responses[status]
        meaning = text(spec.get("description", ""))
        for header, hspec in sorted((spec.get("headers") or {}).items()):
            hdesc = hspec.get("description", "")
            meaning += f"; header {code(header)} ({type_of(hspec.get('schema', {}))})"
            meaning += f": {text(hdesc)}" if hdesc else ""
        lines.append(f"| {code(status)} | {meaning} | {body_of(spec.get('content') or {})} |")
    return lines


def request_body(body: dict[str, Any], components: dict[str, Any]) -> list[str]:
    content = body.get("content") or {}
    required = "required" if body.get("required") else "optional"
    out = [f"**Request body** ({required})" + (": " + text(body["description"]) if body.get("description") else "")]
    for media, spec in content.items():
        schema = spec.get("schema") or {}
        out += ["", f"{code(media)}: {type_of(schema)}"
                + (" — " + text(schema["description"]) if schema.get("description") and "$ref" not in schema else "")]
        table = properties_table(schema, components)
        if table:
            out += [""] + table
    return out


def operation(method: str, path: str, op: dict[str, Any], components: dict[str, Any]) -> list[str]:
    out = [f"### `{method.upper()} {path}` {{#{op_anchor(method, path)}}}", ""]
    if op.get("deprecated"):
        out += ["**Deprecated.**", ""]
    if op.get("summary"):
        out += [para(op["summary"]), ""]
    if op.get("description"):
        out += [para(op["description"]), ""]
    if op.get("parameters"):
        out += ["**Parameters**", ""] + parameters_table(op["parameters"]) + [""]
    if op.get("requestBody"):
        out += request_body(op["requestBody"], components) + [""]
    if op.get("responses"):
        out += ["**Responses**", ""] + responses_table(op["responses"]) + [""]
    return out


# ---------------------------------------------------------------- the page


def render(spec: dict[str, Any]) -> str:
    components = (spec.get("components") or {}).get("schemas") or {}
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                tag = (op.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append((method, path, op))

    info = spec.get("info") or {}
    out = ["## Endpoints", "",
           f"Generated from the OpenAPI {text(spec.get('openapi', ''))} document of "
           f"{text(info.get('title', 'the app'))} {text(info.get('version', ''))}, with the default settings.", ""]
    out += ["| Method and path | Summary |", "|---|---|"]
    for ops in groups.values():
        for method, path, op in ops:
            out.append(f"| [{code(method.upper() + ' ' + path)}](#{op_anchor(method, path)}) "
                       f"| {text(op.get('summary', ''))} |")
    out.append("")
    for tag, ops in groups.items():
        out += [f"## {text(tag[:1].upper() + tag[1:])}", ""]
        for method, path, op in ops:
            out += operation(method, path, op, components)

    out += ["## Schemas", "", "Every schema named above, in alphabetical order.", ""]
    for name in sorted(components):
        schema = components[name]
        out += [f"### `{name}` {{#{anchor(name)}}}", ""]
        if schema.get("description"):
            out += [para(schema["description"]), ""]
        table = properties_table(schema, components)
        if table:
            out += table + [""]
        else:
            shown, limits = type_of(schema), constraints(schema)
            out += [f"Type: {shown}" + (f" ({limits})" if limits else ""), ""]
    return "\n".join(out).rstrip() + "\n"


def reference_markdown() -> str:
    if "page" not in _cache:
        _cache["page"] = render(load_openapi())
    return _cache["page"]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != PAGE or MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, reference_markdown(), 1)


def on_startup(command: str, dirty: bool) -> None:
    _cache.clear()  # mkdocs serve: each build reads the app again


def on_pre_build(config: Any) -> None:
    _cache.clear()
