// server: starts the real `klikd serve` for the browser journeys, the way
// tests/http/harness.py does it for the HTTP tests: a temporary directory
// with a migrated database, every file of seeds/ imported, the same six
// standard users (`klikd user add`, password on standard input), and the
// server on a free loopback port. It builds nothing and never touches a
// database outside its temporary directory; stop() insists on a clean exit.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KLIKD = path.resolve(ROOT, process.env.KLIKD || 'build/klikd');
export const SEEDS = path.join(ROOT, 'seeds');
export const PASSWORD = 'korrekt-hest-batteri';

// The users of harness.py's add_standard_users(): two municipalities
// (101 København, 751 Aarhus) and KOMBIT, as [email, org, type, projects, name].
const STANDARD_USERS = [
    ['admin@kbh.dk', '101', 'admin', ['KY:plus'], 'Anne Admin'],
    ['plus@kbh.dk', '101', 'member', ['KY:plus', 'FBS:laeser'], 'Per Plus'],
    ['laeser@kbh.dk', '101', 'member', ['KY:laeser'], 'Lis Læser'],
    ['admin@aarhus.dk', '751', 'admin', ['KY:plus'], 'Aage Admin'],
    ['plus@aarhus.dk', '751', 'member', ['KY:plus'], 'Ida Plus'],
    ['kombit@kombit.dk', 'kombit', 'admin', [], 'Karen KOMBIT'],
];

// Runs one klikd command to completion with `input` on standard input.
// Returns its standard output; throws an Error carrying klikd's standard
// error when it exits non-zero.
export function klikd(args, input = '') {
    try {
        return execFileSync(KLIKD, args, { input, encoding: 'utf8', timeout: 120000,
                                           stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
        throw new Error(`klikd ${args.join(' ')} failed (${e.status}): ${e.stderr || e.message}`);
    }
}

// A migrated, seeded temporary database with the standard users and a
// running `klikd serve` on it. Create with Server.start(); the caller must
// call close(), which also removes the temporary directory.
export class Server {
    // Prepares the database (no server yet); throws on any klikd failure.
    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klikd-e2e-'));
        this.db = path.join(this.dir, 'klikd.db');
        this.proc = null;
        this.out = '';
        klikd(['migrate', '--db', this.db]);
        const seeds = fs.readdirSync(SEEDS).sort().map((f) => path.join(SEEDS, f));
        klikd(['import', '--db', this.db, ...seeds]);
        for (const [email, org, type, projects, name] of STANDARD_USERS) {
            const args = ['user', 'add', '--db', this.db, '--email', email, '--name', name,
                          '--org', org, '--type', type];
            for (const p of projects) {
                args.push('--project', p);
            }
            klikd(args, PASSWORD + '\n');
        }
    }

    // Prepares a database and starts the server on 127.0.0.1:0; resolves
    // to the Server once klikd has printed the port it listens on, rejects
    // (after cleaning up) if it exits or prints anything else first.
    static async start() {
        const srv = new Server();
        try {
            await srv.listen();
        } catch (e) {
            await srv.close().catch(() => {});
            throw e;
        }
        return srv;
    }

    // Spawns `klikd serve`, stderr to serve.log in the temporary directory;
    // resolves when the "listening on" line has given the port.
    listen() {
        this.logPath = path.join(this.dir, 'serve.log');
        const log = fs.openSync(this.logPath, 'w');
        this.proc = spawn(KLIKD, ['serve', '--db', this.db, '--listen', '127.0.0.1:0'],
                          { stdio: ['ignore', 'pipe', log] });
        fs.closeSync(log);
        this.exited = new Promise((resolve) => this.proc.on('exit', (code, sig) =>
            resolve(sig ? sig : code)));
        return new Promise((resolve, reject) => {
            const fail = (why) => reject(new Error(`klikd serve did not start: ${why} ` +
                                                   this.readLog()));
            this.exited.then((rc) => fail(`exited with ${rc}`));
            // Keep reading stdout (the access log) so the server never blocks.
            this.proc.stdout.setEncoding('utf8');
            this.proc.stdout.on('data', (chunk) => {
                const first = !this.out.includes('\n');
                this.out += chunk;
                const line = this.out.split('\n')[0];
                if (first && this.out.includes('\n')) {
                    const m = /listening on https?:\/\/[^:]+:(\d+)\//.exec(line);
                    if (!m) {
                        fail(JSON.stringify(line));
                        return;
                    }
                    this.port = Number(m[1]);
                    this.base = `http://127.0.0.1:${this.port}`;
                    resolve(this);
                }
            });
        });
    }

    // What the server wrote to standard error so far ('' if nothing).
    readLog() {
        try {
            return fs.readFileSync(this.logPath, 'utf8');
        } catch {
            return '';
        }
    }

    // A new API token for `email` from `klikd token add`; throws on failure.
    token(email) {
        return klikd(['token', 'add', '--db', this.db, '--email', email]).trim();
    }

    // SIGTERM, then waits up to 30 s; rejects if klikd did not stop or did
    // not exit with status 0 (killing it in the first case).
    async stop() {
        if (!this.proc) {
            return;
        }
        const proc = this.proc;
        this.proc = null;
        if (proc.exitCode !== null || proc.signalCode !== null) {
            throw new Error(`klikd serve died early (${proc.exitCode ?? proc.signalCode}): ` +
                            this.readLog().slice(-2000));
        }
        proc.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(() => resolve('timeout'), 30000);
        });
        const rc = await Promise.race([this.exited, timeout]);
        clearTimeout(timer);
        if (rc === 'timeout') {
            proc.kill('SIGKILL');
            throw new Error('klikd serve did not stop on SIGTERM');
        }
        if (rc !== 0) {
            throw new Error(`klikd serve exited with ${rc}: ${this.readLog().slice(-2000)}`);
        }
    }

    // Stops the server (see stop()) and removes the temporary directory,
    // whether or not stopping went well.
    async close() {
        try {
            await this.stop();
        } finally {
            fs.rmSync(this.dir, { recursive: true, force: true });
        }
    }
}
