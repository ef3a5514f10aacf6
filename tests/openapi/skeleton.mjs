// skeleton: adds to static/openapi.json a first description of every API
// route `klikd routes` prints that the document lacks — its path and query
// parameters, its body fields (as strings: correct the types), its access
// and the usual answers — so that whoever adds a route starts from the
// route table instead of a blank page, then writes the real answer's
// shape by hand. Prints what it added; changes nothing else in the
// document; `--dry-run` only prints. KLIKD names the binary (default
// build/klikd). Not run by the tests: validate.mjs checks the result.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docPath = join(root, 'static', 'openapi.json');
const klikd = resolve(root, process.env.KLIKD || 'build/klikd');
const ACCESS = {
    public: 'Anyone.', login: 'A logged-in user.', publisher: 'KOMBIT only.',
    'org-admin': "A KLIK-administrator (of the resource's municipality).",
    overseer: 'A KLIK-administrator or KOMBIT.', project: 'Whoever reads the project.',
    plus: 'PLUS access to the project.', 'wave-member': 'A member municipality of the wave, or KOMBIT.',
    'task-party': "The task's responsible or performer.",
};
const err = (d) => ({ description: d,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

// The generic operation of one API row of `klikd routes`.
function operation(r) {
    const params = [...r.pattern.matchAll(/\{([a-z_]+)(?::([a-z]+))?\}/g)].map(([, name, type]) => (
        { name, in: 'path', required: true,
          schema: type === 'int' ? { type: 'integer', minimum: 1 } : { type: 'string' } }));
    const op = { operationId: r.action.replace(/\./g, '_'), summary: r.action,
                 description: 'Access: ' + (ACCESS[r.access] || r.access),
                 tags: [r.action.split('.')[0]], responses: {} };
    op.security = r.access === 'public' ? [{}, { bearer: [] }, { session: [] }]
        : [{ bearer: [] }, { session: [] }];
    const inputs = r.inputs || [];
    if (['GET', 'DELETE'].includes(r.method)) {
        params.push(...inputs.map((name) => ({ name, in: 'query', required: false,
                                               schema: { type: 'string' } })));
    } else if (inputs.length) {
        op.requestBody = { required: true, content: { 'application/json': { schema: {
            type: 'object', additionalProperties: false,
            properties: Object.fromEntries(inputs.map((n) => [n, { type: 'string' }])) } } } };
    }
    if (params.length) op.parameters = params;
    const ok = { POST: '201', DELETE: '204' }[r.method] || '200';
    op.responses[ok] = ok === '204' ? { description: 'Done.' } : { description: 'The answer.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Object' } } } };
    if (r.access !== 'public') {
        op.responses['401'] = err('Not logged in.');
        op.responses['403'] = err('Not allowed.');
    }
    if (params.some((p) => p.in === 'path')) op.responses['404'] = err('Not found (or another organisation\'s).');
    if (inputs.length) op.responses['422'] = err('An input is missing or invalid (field names it).');
    return op;
}

const doc = JSON.parse(readFileSync(docPath, 'utf8'));
const routes = JSON.parse(execFileSync(klikd, ['routes'], { encoding: 'utf8' })).routes;
const added = [];
for (const r of routes.filter((x) => x.kind === 'api')) {
    const path = r.pattern.replace(/\{([a-z_]+)(:[a-z]+)?\}/g, '{$1}');
    const m = r.method.toLowerCase();
    doc.paths[path] = doc.paths[path] || {};
    if (!doc.paths[path][m]) {
        doc.paths[path][m] = operation(r);
        added.push(`${r.method} ${path}`);
        const tag = r.action.split('.')[0];
        if (!doc.tags.some((t) => t.name === tag)) doc.tags.push({ name: tag });
    }
}
for (const a of added) console.log('added ' + a);
if (!process.argv.includes('--dry-run') && added.length) {
    writeFileSync(docPath, JSON.stringify(doc, null, 2) + '\n');
}
