// run: klikd's browser suite. Starts the real $KLIKD (default build/klikd;
// this builds nothing) on a temporary seeded database, launches Debian's
// Chromium through playwright-core (never a downloaded browser), walks the
// appointment journey with and without JavaScript, and runs axe-core in
// every page. Prints one "ok e2e: <name>" or "fail e2e: <name>: <reason>"
// line per check, the format tests/run.sh counts, with detail on "#" lines;
// exits 1 if anything failed. Screenshots go to build/e2e/.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { accessibility } from './a11y.mjs';
import { appointmentJourney } from './journey.mjs';
import { KLIKD, Server } from './server.mjs';
import { OUT, note } from './util.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let failed = 0;

// Prints the line for one check: `why` is null when it passed.
function report(name, why) {
    if (why) {
        failed++;
        console.log(`fail e2e: ${name}: ${why}`);
    } else {
        console.log(`ok e2e: ${name}`);
    }
}

// Runs `fn` and reports it under `name`; the first line of a thrown
// error's message is the reason, the rest goes to "#" lines.
async function step(name, fn) {
    try {
        await fn();
        report(name, null);
    } catch (e) {
        const [first, ...rest] = String(e && e.message ? e.message : e).split('\n');
        if (rest.length) {
            note(rest.join('\n'));
        }
        report(name, first);
    }
}

// Starts the server and the browser, runs every check, and tears both
// down; the clean shutdown of klikd is a check of its own.
async function main() {
    for (const [what, file] of [['klikd', KLIKD], ['chromium', CHROMIUM]]) {
        if (!fs.existsSync(file)) {
            report(`start: ${what}`, `${file} is missing (make; scripts/deps.sh test)`);
            return;
        }
    }
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    let srv = null;
    let browser = null;
    try {
        srv = await Server.start();
        browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
        const token = srv.token('plus@kbh.dk');
        await step('appointment journey, JavaScript on',
                   () => appointmentJourney(browser, srv, token, true));
        await step('appointment journey, JavaScript off',
                   () => appointmentJourney(browser, srv, token, false));
        await accessibility(browser, srv, report);
    } catch (e) {
        report('start', e.message);
    } finally {
        if (browser) {
            await browser.close().catch(() => {});
        }
        if (srv) {
            await step('clean shutdown', () => srv.close());
        }
    }
}

await main();
process.exit(failed ? 1 : 0);
