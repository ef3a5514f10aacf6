// a11y: runs axe-core in every page klikd serves today (the GET pages of
// src/http/routes.c; /nulstil/{token} needs a one-time link, so the reset
// journey checks it), anonymously and as a municipality's
// KLIK-administrator, at desktop width. A page passes with no violation of
// impact "serious" or "critical"; every violation found is printed (impact,
// rule, target selectors), the minor and moderate ones without failing. A
// page also fails if a 390 px wide phone would have to scroll it sideways.
// Pages that take a slug or an id are reached through the first link of
// their list page. inspect() is the same check for a page a journey has
// reached. It changes nothing on the server except through the log-in form.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PHONE, check, note, shoot } from './util.mjs';
import { PASSWORD } from './server.mjs';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
                                   'utf8');
const FAILING = new Set(['serious', 'critical']);
const ADMIN = 'admin@kbh.dk';

// The pages to check, as [label, how to reach it, status wanted, and
// optionally a form button to submit first so that the page has a row],
// where "how" is a path or [list page, CSS selector of the link to follow].
const ANONYMOUS = [
    ['/', '/', 200],
    ['/roller', '/roller', 200],
    ['/roller/<slug>', ['/roller', 'main a[href^="/roller/"]'], 200],
    ['/vejledning', '/vejledning', 200],
    ['/vejledning/<slug>', ['/vejledning', 'main a[href^="/vejledning/"]'], 200],
    ['/log-ind', '/log-ind', 200],
    ['error page (404)', '/roller/findes-ikke', 404],
];
const ADMIN_PAGES = [
    ['/konto', '/konto', 200],
    ['/master-opgaver', '/master-opgaver', 200],
    ['/master-opgaver/<id>', ['/master-opgaver', 'main a[href^="/master-opgaver/"]'], 200],
    ['/projekter/KY/udpegninger', '/projekter/KY/udpegninger', 200, 'Udpeg'],
    ['/admin/brugere', '/admin/brugere', 200],
    ['/admin/brugere/ny', '/admin/brugere/ny', 200],
    ['/admin/brugere/<id>', ['/admin/brugere', 'main td a[href^="/admin/brugere/"]'], 200],
    ['/admin/historik', '/admin/historik', 200],
    ['/log-ud', '/log-ud', 200],
];

// Opens `how` (see the tables above) in `page`; checks the final status;
// then submits the form of the button named `submit`, if given, with the
// values it offers. Returns the path it ended at.
async function open(page, base, how, status, submit) {
    let r;
    if (Array.isArray(how)) {
        await page.goto(base + how[0]);
        const link = page.locator(how[1]).first();
        check(await link.count(), `no link ${how[1]} on ${how[0]}`);
        [r] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    } else {
        r = await page.goto(base + how);
    }
    check(r && r.status() === status, `status ${r && r.status()}, want ${status}`);
    if (submit) {
        const button = page.getByRole('main').getByRole('button', { name: submit });
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
        check(!(await page.locator('.alert').count()), `submitting ${submit} failed`);
    }
    return new URL(page.url()).pathname;
}

// Runs axe in the page. Returns {passes, incomplete} (numbers of rules)
// and its violations, each as {impact, id, help, targets: [selector, ...]};
// throws if axe checked no rule at all.
async function axe(page) {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() => window.axe.run(document));
    check(result.passes.length > 0, 'axe passed no rule: did it run?');
    return {
        passes: result.passes.length,
        incomplete: result.incomplete.map((v) => v.id),
        violations: result.violations.map((v) => ({
            impact: v.impact, id: v.id, help: v.help,
            targets: v.nodes.map((n) => n.target.join(' ')),
        })),
    };
}

// Runs axe in the page as it is now and prints its violations as "#"
// lines (a one-time link's token left out), then screenshots it as
// OUT/<shot>-1280.png and -390.png (see shoot()). Returns null when the
// page passes (no serious or critical violation, no sideways scrolling at
// 390 px), else the reason it fails.
// Never throws: an error in axe or the browser is returned as the reason.
export async function inspect(page, shot) {
    try {
        const at = new URL(page.url()).pathname.replace(/^\/nulstil\/.+/, '/nulstil/<token>');
        const { passes, incomplete, violations: found } = await axe(page);
        note(`${at}: axe: ${passes} rules passed, ${found.length} violated` +
             (incomplete.length ? `, to review by hand: ${incomplete.join(' ')}` : ''));
        for (const v of found) {
            note(`${at}: ${v.impact} ${v.id} (${v.help}): ${v.targets.join(', ')}`);
        }
        const width = await shoot(page, shot);
        const bad = found.filter((v) => FAILING.has(v.impact)).map((v) => `${v.impact} ${v.id}`);
        if (width > PHONE.width) {
            bad.push(`${width} px wide at ${PHONE.width} px: the phone scrolls sideways`);
        }
        return bad.length ? bad.join(', ') : null;
    } catch (e) {
        return e.message.split('\n')[0];
    }
}

// Opens one page of the tables above and inspects it. Returns null when
// it passes, else the reason it fails.
async function checkPage(page, base, [label, how, status, submit], shots) {
    try {
        await open(page, base, how, status, submit);
    } catch (e) {
        return e.message.split('\n')[0];
    }
    const file = label.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
    return inspect(page, `${shots}/${file}`);
}

// Logs in as `who` (ADMIN unless named) through the log-in form.
async function logIn(page, base, who = ADMIN) {
    await page.goto(base + '/log-ind');
    await page.getByLabel('E-mail').fill(who);
    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
                       page.getByRole('main').getByRole('button', { name: 'Log ind' }).click()]);
    check(await page.locator('.who-name').count(), `log-in as ${who} failed`);
}

// Checks every page, anonymous ones first, in one fresh browser context:
// ADMIN_PAGES and then `more` (the areas' pages, run.mjs) as ADMIN, and
// `more`'s rows whose fifth element names another user, as that user, in
// a context of their own. Calls report(name, reason-or-null) once per
// page; every context is closed whatever happens.
// With base false, only `more` is checked.
export async function accessibility(browser, srv, report, more = [], base = true) {
    await asAdmin(browser, srv, report, more.filter((p) => !p[4]), base);
    const others = [...new Set(more.filter((p) => p[4]).map((p) => p[4]))];
    for (const who of others) {
        await asUser(browser, srv, report, who, more.filter((p) => p[4] === who));
    }
}

// Checks `rows` as `who`, logged in through the form in a fresh context.
async function asUser(browser, srv, report, who, rows) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 },
                                           locale: 'da-DK' });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        let why = null;
        try {
            await logIn(page, srv.base, who);
        } catch (e) {
            why = e.message;
        }
        for (const p of rows) {
            report(`a11y ${p[0]} (${who})`, why || await checkPage(page, srv.base, p, 'pages'));
        }
    } finally {
        await ctx.close();
    }
}

// The anonymous pages, then ADMIN_PAGES and `more` as ADMIN.
async function asAdmin(browser, srv, report, more, base) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 },
                                           locale: 'da-DK' });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        for (const p of base ? ANONYMOUS : []) {
            report(`a11y ${p[0]} (anonymous)`, await checkPage(page, srv.base, p, 'pages'));
        }
        let why = null;
        try {
            await logIn(page, srv.base);
        } catch (e) {
            why = e.message;
        }
        for (const p of [...(base ? ADMIN_PAGES : []), ...more]) {
            const name = `a11y ${p[0]} (${ADMIN})`;
            report(name, why || await checkPage(page, srv.base, p, 'pages'));
        }
    } finally {
        await ctx.close();
    }
}
