// logout: KOMBIT's administrator opens /log-ud by its URL (as from a
// bookmark or another tab) and logs out through the page's own button, in
// a browser with and without JavaScript. Checks on the way: KOMBIT's menu
// has "Historik" and, KOMBIT's user being an administrator, "Brugere",
// which lists KOMBIT's users and no municipality's; the page names who is
// logged in; after
// the button the log-in page says so and the header offers "Log ind";
// /log-ud then asks for a log-in; and an unknown role's error page leads
// back to the role gallery. It changes nothing but the session.
import { check, logIn, menuLinks, noticeText, shoot, submit } from './util.mjs';
import { PASSWORD } from './server.mjs';

const KOMBIT = { email: 'kombit@kombit.dk', name: 'Karen KOMBIT' };

// The logged-out visitor's checks: /log-ud sends to the log-in form, and
// the error page of an unknown role links back to "Rollegalleri".
async function afterLogOut(page, srv, shots) {
    await page.goto(srv.base + '/log-ud');
    const at = new URL(page.url());
    check(at.pathname === '/log-ind' && at.searchParams.get('next') === '/log-ud',
          `/log-ud without a session led to ${at.pathname}${at.search}`);
    const r = await page.goto(srv.base + '/roller/findes-ikke');
    check(r.status() === 404, `/roller/findes-ikke answers ${r.status()}`);
    await shoot(page, `${shots}/03-error-page`);
    const back = page.getByRole('main').getByRole('link', { name: 'Tilbage til Rollegalleri' });
    check(await back.count() === 1, 'the error page has no "Tilbage til Rollegalleri" link');
    await submit(page, back);
    check(new URL(page.url()).pathname === '/roller', `"Tilbage til" led to ${page.url()}`);
}

// The whole journey in a new browser context, JavaScript on or off.
// look(page, label, shot) inspects a page (see run.mjs). Throws on the
// first failed step.
export async function logoutJourney(browser, srv, js, look) {
    const shots = js ? 'logout-js' : 'logout-nojs';
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, KOMBIT.email, PASSWORD, KOMBIT.name);
        const menu = await menuLinks(page);
        check(menu.includes('Historik') && menu.includes('Brugere'),
              `KOMBIT's menu is ${JSON.stringify(menu)}`);
        await submit(page, page.getByRole('banner').getByRole('link', { name: 'Brugere' }));
        const emails = await page.locator('td[data-label="E-mail"]').allTextContents();
        check(emails.includes(KOMBIT.email) && !emails.some((e) => e.endsWith('@kbh.dk')),
              `KOMBIT's "Brugere" lists ${JSON.stringify(emails)}`);
        const r = await page.goto(srv.base + '/log-ud');
        check(r.status() === 200, `/log-ud answers ${r.status()}`);
        const text = await page.getByRole('main').textContent();
        check(text.includes(`logget ind som ${KOMBIT.name}`),
              '/log-ud does not say who is logged in');
        await look(page, 'the log-out page', `${shots}/01-log-out-page`);
        await submit(page, page.getByRole('main').getByRole('button', { name: 'Log ud' }));
        check(new URL(page.url()).pathname === '/log-ind', `"Log ud" led to ${page.url()}`);
        const notice = await noticeText(page);
        check(notice === 'Du er logget ud.', `after "Log ud" the notice says ${notice}`);
        check(await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).count(),
              'after "Log ud" the header has no "Log ind" link');
        check(!(await page.locator('.who-name').count()), 'after "Log ud" the header names a user');
        await shoot(page, `${shots}/02-logged-out`);
        await page.goto(srv.base + '/admin/historik');
        check(!(await page.locator('.who-name').count()), 'the session outlived "Log ud"');
        await afterLogOut(page, srv, shots);
    } finally {
        await ctx.close();
    }
}
