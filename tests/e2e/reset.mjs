// reset: a forgotten password, as the two people involved meet it in a
// browser. A municipality's KLIK-administrator logs in, opens Brugere and
// the user from the header's menu and the list, clicks "Nulstil
// adgangskode", reads the one-time link off the page and logs out; an
// anonymous visitor opens the link, is refused a too-short password next to
// the field, sets a good one, and logs in with it; the spent link then
// answers 404. It runs with and without JavaScript. It changes the user's
// password and nothing else; it must not run before a journey that logs in
// as that user with the standard password.
import { check, logIn, logOut, menuLinks, noticeText, shoot, submit } from './util.mjs';
import { PASSWORD } from './server.mjs';

const ADMIN = { email: 'admin@kbh.dk', name: 'Anne Admin' };
const USER = { email: 'plus@kbh.dk', name: 'Per Plus' };
const SHORT = 'kort123';                        // 7 characters: one too few

// The admin's part: from the header's "Brugere" to the user's page, the
// reset button, the link page. Checks the page (status 201, not stored by
// caches, a way back to the user) and returns the link it shows.
async function makeLink(page, srv, shots, look) {
    await logIn(page, srv.base, ADMIN.email, PASSWORD, ADMIN.name);
    const menu = await menuLinks(page);
    check(menu.includes('Brugere') && menu.includes('Historik'),
          `an admin's menu is ${JSON.stringify(menu)}`);
    await submit(page, page.getByRole('banner').getByRole('link', { name: 'Brugere' }));
    await submit(page, page.getByRole('main').getByRole('link', { name: USER.name }));
    const userPath = new URL(page.url()).pathname;
    check(/^\/admin\/brugere\/\d+$/.test(userPath), `${USER.name}'s link led to ${userPath}`);
    await shoot(page, `${shots}/01-user`);
    const r = await submit(page, page.getByRole('button', { name: 'Nulstil adgangskode' }));
    check(r && r.status() === 201, `"Nulstil adgangskode": status ${r && r.status()}, want 201`);
    check(/no-store/.test(r.headers()['cache-control'] || ''),
          `the link page may be cached: Cache-Control ${r.headers()['cache-control']}`);
    const h1 = (await page.locator('h1').textContent()).trim();
    check(h1 === 'Link til ny adgangskode', `the link page's heading is ${JSON.stringify(h1)}`);
    const link = (await page.locator('#reset-link').textContent()).trim();
    check(new RegExp(`^${srv.base}/nulstil/[A-Za-z0-9_-]{20,}$`).test(link),
          `the page shows ${JSON.stringify(link)}, not a link to ${srv.base}/nulstil/…`);
    const back = page.getByRole('link', { name: 'Tilbage til brugeren' });
    check(await back.getAttribute('href') === userPath,
          `"Tilbage til brugeren" does not lead to ${userPath}`);
    await look(page, 'the reset link page', `${shots}/02-link`);
    await logOut(page);
    return link;
}

// The visitor's part on the link's form: a too-short password must come
// back as an error next to the field (the field marked invalid and pointing
// at the message), the good one must lead to the log-in page and its notice.
async function useLink(page, link, password, shots, look) {
    const r = await page.goto(link);
    check(r.status() === 200, `the link answers ${r.status()}`);
    const intro = await page.getByRole('main').textContent();
    check(intro.includes(`${USER.name} (${USER.email})`), `the form does not name ${USER.email}`);
    await look(page, 'the reset form (anonymous)', `${shots}/03-form`);
    const field = page.getByLabel('Ny adgangskode');
    await field.fill(SHORT);
    const bad = await submit(page, page.getByRole('button', { name: 'Gem adgangskode' }));
    check(bad.status() === 422, `a ${SHORT.length}-character password: status ${bad.status()}`);
    check(await field.getAttribute('aria-invalid') === 'true', 'the field is not marked invalid');
    const errorId = await field.getAttribute('aria-describedby');
    const error = page.locator(`.field.invalid #${errorId}.field-error`);
    check(errorId && await error.count(), 'no error message next to the field');
    const said = await error.textContent();
    check(said.includes('mindst 8 tegn'), `the field's error says ${JSON.stringify(said)}`);
    await look(page, 'the reset form with an error', `${shots}/04-too-short`);
    await field.fill(password);
    await submit(page, page.getByRole('button', { name: 'Gem adgangskode' }));
    check(new URL(page.url()).pathname === '/log-ind', `a good password led to ${page.url()}`);
    const notice = await noticeText(page);
    check(notice === 'Din nye adgangskode er gemt. Log ind med den.', `the notice says ${notice}`);
    await look(page, 'the log-in page with a notice', `${shots}/05-saved`);
}

// The whole journey in a new browser context, JavaScript on or off; `from`
// is the user's password before, `to` the one it sets. look(page, label,
// shot) inspects a page (see run.mjs). Throws on the first failed step.
export async function resetJourney(browser, srv, js, from, to, look) {
    const shots = js ? 'reset-js' : 'reset-nojs';
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        const link = await makeLink(page, srv, shots, look);
        await useLink(page, link, to, shots, look);
        await page.getByLabel('E-mail').fill(USER.email);
        await page.getByLabel('Adgangskode').fill(from);
        await submit(page, page.getByRole('main').getByRole('button', { name: 'Log ind' }));
        check(await page.locator('.alert').count() && !(await page.locator('.who-name').count()),
              'the old password still logs in');
        await logIn(page, srv.base, USER.email, to, USER.name);
        const menu = await menuLinks(page);
        check(!menu.includes('Brugere') && !menu.includes('Historik'),
              `a member's menu is ${JSON.stringify(menu)}`);
        await shoot(page, `${shots}/06-logged-in`);
        await logOut(page);
        const again = await page.goto(link);
        check(again.status() === 404, `the spent link answers ${again.status()}, want 404`);
        await shoot(page, `${shots}/07-spent`);
    } finally {
        await ctx.close();
    }
}
