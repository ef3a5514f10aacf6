// klikd's OpenAPI document (static/openapi.json), checked two ways:
// @apidevtools/swagger-parser validates it as OpenAPI 3, and it must
// describe exactly the API routes `klikd routes` prints (every path and
// method, none more). Prints "ok ..."/"fail ..." lines, the missing and
// the extra operations named one per line, and exits non-zero on a
// failure. KLIKD names the binary (default build/klikd), OPENAPI_DOC
// another document to check (the tests give it a broken one). Run from the
// repository's root or anywhere: paths are found from this file.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const docPath = process.env.OPENAPI_DOC || join(root, "static", "openapi.json");
const klikd = resolve(root, process.env.KLIKD || "build/klikd");
let failed = 0;

function report(ok, name, lines = []) {
    for (const l of lines) console.log("#   " + l);
    console.log((ok ? "ok" : "fail") + " validate.mjs: " + name);
    if (!ok) failed++;
}

// "GET /api/v1/waves/{id}" for every API operation of the route table.
function routeOps() {
    const out = execFileSync(klikd, ["routes"], { encoding: "utf8" });
    return JSON.parse(out).routes.filter((r) => r.kind === "api").map((r) =>
        r.method + " " + r.pattern.replace(/\{([a-z_]+)(:[a-z]+)?\}/g, "{$1}"));
}

// The same for every operation of the document.
function docOps(doc) {
    const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    const ops = [];
    for (const [path, item] of Object.entries(doc.paths || {})) {
        for (const m of methods) {
            if (item[m]) ops.push(m.toUpperCase() + " " + path);
        }
    }
    return ops;
}

const text = readFileSync(docPath, "utf8");
try {
    await SwaggerParser.validate(JSON.parse(text));
    report(true, "the document is valid OpenAPI 3");
} catch (e) {
    report(false, "the document is valid OpenAPI 3", [String(e.message || e)]);
}

const doc = JSON.parse(text);
const want = new Set(routeOps());
const have = new Set(docOps(doc));
const missing = [...want].filter((o) => !have.has(o)).sort();
const extra = [...have].filter((o) => !want.has(o)).sort();
report(missing.length === 0, "every API route of `klikd routes` is documented",
    missing.map((o) => "missing from static/openapi.json: " + o));
report(extra.length === 0, "the document describes no route `klikd routes` lacks",
    extra.map((o) => "in static/openapi.json but not a route: " + o));
report(doc.openapi && doc.openapi.startsWith("3."), "the document is OpenAPI 3.x");
process.exit(failed ? 1 : 0);
