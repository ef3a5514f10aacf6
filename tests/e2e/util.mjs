// util: what the journeys and the accessibility checks share — where
// screenshots go, taking one at desktop and at phone width, a failing
// check, a "#" note line, submitting a form, logging in and out through
// the pages' own forms, the header menu's links and the confirmation
// notice. It opens no page on its own (the helpers
// act on the page they are given) and keeps no state besides the output
// directory.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

export const OUT = path.join(ROOT, 'build', 'e2e');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// Throws an Error with `msg` unless `cond` holds.
export function check(cond, msg) {
    if (!cond) {
        throw new Error(msg);
    }
}

// Prints a "#" line: detail that tests/run.sh shows but does not count.
export function note(text) {
    for (const line of String(text).split('\n')) {
        console.log('#   ' + line);
    }
}

// Saves a full-page screenshot of `page` as OUT/<name>-1280.png and, at a
// 390 px wide viewport, OUT/<name>-390.png, then restores the desktop
// viewport. `name` may contain a sub-directory. Resolves, when both are
// written, to the page's scroll width at 390 px (more than 390 means the
// phone has to scroll sideways); rejects on a browser error.
export async function shoot(page, name) {
    const base = path.join(OUT, name);
    fs.mkdirSync(path.dirname(base), { recursive: true });
    await page.screenshot({ path: `${base}-1280.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${base}-390.png`, fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize(DESKTOP);
    return width;
}

// Clicks `button` (a locator) and waits until the page it submits to, or
// the page a redirect leads to, has loaded. Resolves to the response of
// that last page (null if the browser reports none).
export async function submit(page, button) {
    const [r] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
                                   button.click()]);
    return r;
}

// Logs in as `email` through the form at /log-ind and checks that the
// header then names `name`. Throws if the form is missing or the log-in
// fails.
export async function logIn(page, base, email, password, name) {
    await page.goto(base + '/log-ind');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Adgangskode').fill(password);
    await submit(page, page.getByRole('main').getByRole('button', { name: 'Log ind' }));
    const alert = await page.locator('.alert, .field-error').allTextContents();
    check(!alert.length, `log-in as ${email} failed: ${alert.join(' ')}`);
    const who = page.locator('.who-name');
    check(await who.count(), `log-in as ${email}: no name in the header at ${page.url()}`);
    const text = await who.textContent();
    check(text.includes(name), `log-in as ${email}: the header shows ${JSON.stringify(text)}`);
}

// Logs out with the header's "Log ud" button and checks that the header's
// "Log ind" link is back.
export async function logOut(page) {
    await submit(page, page.getByRole('banner').getByRole('button', { name: 'Log ud' }));
    check(await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).count(),
          `after "Log ud" the header has no "Log ind" link (at ${page.url()})`);
}

// The link texts of the header's main menu, in order.
export async function menuLinks(page) {
    return (await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link')
        .allTextContents()).map((t) => t.trim());
}

// The text of the page's one confirmation notice (the <p class="notice"
// role="status"> under the header), trimmed. Throws, without waiting,
// unless there is exactly one.
export async function noticeText(page) {
    const notice = page.locator('main p.notice[role="status"]');
    const n = await notice.count();
    check(n === 1, `${n} notices at ${new URL(page.url()).pathname}, want 1`);
    return (await notice.textContent()).trim();
}
