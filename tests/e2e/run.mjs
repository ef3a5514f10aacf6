// run: klikd's browser suite. Starts the real $KLIKD (default build/klikd;
// this builds nothing) on a temporary seeded database, launches Debian's
// Chromium through playwright-core (never a downloaded browser), walks the
// journeys with and without JavaScript (an appointment; a password reset;
// a user's edit found in the history; the log-out page), and runs axe-core
// in every page: the GET pages by their URL, the pages that only a journey
// reaches (a form's answer, a one-time link) from the journey, in its run
// with JavaScript. Prints one "ok e2e: <name>" or "fail e2e: <name>:
// <reason>" line per check, the format tests/run.sh counts, with detail on
// "#" lines; exits 1 if anything failed. Screenshots go to build/e2e/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { accessibility, inspect } from './a11y.mjs';
import { auditJourney } from './audit.mjs';
import { appointmentJourney } from './journey.mjs';
import { logoutJourney } from './logout.mjs';
import { resetJourney } from './reset.mjs';
import { KLIKD, PASSWORD, Server } from './server.mjs';
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

// The look(page, label, shot) a journey calls on each page worth a look:
// with JavaScript on, axe and the screenshots, reported as "a11y <label>";
// with it off (the same pages again, already seen), nothing.
function looker(js) {
    return async (page, label, shot) => {
        if (js) {
            report(`a11y ${label}`, await inspect(page, shot));
        }
    };
}

// Runs the journeys that log in through the form, each with JavaScript
// on and then off. The reset journey changes plus@kbh.dk's password, so
// it comes after the appointment journey; each run starts from the
// password the previous one set.
async function journeys(browser, srv) {
    const token = srv.token('plus@kbh.dk');
    for (const js of [true, false]) {
        const how = js ? 'JavaScript on' : 'JavaScript off';
        await step(`appointment journey, ${how}`,
                   () => appointmentJourney(browser, srv, token, js));
    }
    const passwords = [PASSWORD, 'ny-hest-med-js', 'ny-hest-uden-js'];
    for (const [i, js] of [true, false].entries()) {
        const how = js ? 'JavaScript on' : 'JavaScript off';
        await step(`password reset journey, ${how}`, () => resetJourney(
            browser, srv, js, passwords[i], passwords[i + 1], looker(js)));
    }
    for (const js of [true, false]) {
        const how = js ? 'JavaScript on' : 'JavaScript off';
        await step(`user edit and history journey, ${how}`,
                   () => auditJourney(browser, srv, js, looker(js)));
        await step(`log-out page journey, ${how}`,
                   () => logoutJourney(browser, srv, js, looker(js)));
    }
}

// The journeys and pages of each area of klikd, one module per area in
// tests/e2e/journeys/*.mjs (in name order). A module exports `journeys`,
// [{ name, run(browser, srv, js, look) }], each run with JavaScript on and
// then off, and may export `pages`, rows like a11y.mjs's ADMIN_PAGES that
// axe checks as admin@kbh.dk (a row's fifth element names another user)
// after the journeys, on the same server (see areaJourneys()).
async function areas() {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'journeys');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.mjs'))
        .sort() : [];
    return Promise.all(files.map((f) => import(pathToFileURL(path.join(dir, f)).href)));
}

// Runs each area's journeys, JavaScript on and then off, and then axe in
// its pages, on a server of the area's own (started fresh, so no area
// sees another's data or changed passwords); its clean shutdown is a
// check too.
async function areaJourneys(browser, mods) {
    for (const mod of mods) {
        const list = (mod.journeys || []).filter((x) => wanted(x.name));
        const pages = (mod.pages || []).filter((p) => wanted(p[0]));
        if (!list.length && !pages.length) {
            continue;
        }
        const srv = await Server.start();
        try {
            for (const j of list) {
                for (const js of [true, false]) {
                    const how = js ? 'JavaScript on' : 'JavaScript off';
                    await step(`${j.name}, ${how}`, () => j.run(browser, srv, js, looker(js)));
                }
            }
            await accessibility(browser, srv, report, pages, false);
        } finally {
            await step(`clean shutdown after ${list.map((j) => j.name).join(', ') || 'pages'}`,
                       () => srv.close());
        }
    }
}

// E2E_ONLY=text runs only the journeys and area pages whose name contains
// text (while working on one area); unset, everything runs.
function wanted(name) {
    return !process.env.E2E_ONLY || name.includes(process.env.E2E_ONLY);
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
        if (!process.env.E2E_ONLY) {
            await journeys(browser, srv);
            await accessibility(browser, srv, report);
        }
        await areaJourneys(browser, await areas());
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
