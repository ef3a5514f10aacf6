// util: what the journeys and the accessibility checks share — where
// screenshots go, taking one at desktop and at phone width, a failing
// check, and a "#" note line. It drives no page on its own and keeps no
// state besides the output directory.
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
