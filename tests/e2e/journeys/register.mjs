// register: the role register in a browser, with and without JavaScript.
// København's KOMBIT-programleder (admin@kbh.dk, the municipality's
// KLIK-administrator) opens Rollebesætning from the header (or, until the
// header links it, from its address), sees the empty mandatory cells,
// appoints a contact without a log-in to a cross-cutting role and a user
// to a KY role from the cells' own links, and sees the KY role leave the
// list of unfilled roles on /risiko; then KOMBIT logs in and sees the
// matrix of municipalities × mandatory roles. The two runs share one
// server, so each fills other roles: a role filled once stays filled.
// It changes nothing but the appointments it makes (and the contact).
import { check, logIn, logOut, menuLinks, noticeText, shoot, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const ADMIN = { email: 'admin@kbh.dk', name: 'Anne Admin' };
const KOMBIT = { email: 'kombit@kombit.dk', name: 'Karen KOMBIT' };

// What each run fills: a cross-cutting role for a new contact, a KY role
// for a user. (Not Anne Admin as projektejer: the a11y check of
// /projekter/KY/udpegninger appoints the first role's first person.)
const RUNS = {
    true: { wide: 'kombit-programleder', ky: 'projektleder', user: 'Anne Admin',
            contact: 'Klara Kontakt' },
    false: { wide: 'it-arkitekt', ky: 'projektejer', user: 'Per Plus', contact: 'Kurt Kontakt' },
};

// Opens /rollebesaetning by the header's link when there is one, else by
// its address.
async function openRegister(page, base) {
    const links = await menuLinks(page);
    if (links.includes('Rollebesætning')) {
        await submit(page, page.getByRole('navigation', { name: 'Hovedmenu' })
            .getByRole('link', { name: 'Rollebesætning' }));
    } else {
        await page.goto(base + '/rollebesaetning');
    }
    check(new URL(page.url()).pathname === '/rollebesaetning', `at ${page.url()}`);
}

// The matrix cell of `role` (slug), in KY's column or the municipality-wide one.
function cellOf(page, role, ky) {
    const row = page.locator(`table.register tr:has(th a[href="/roller/${role}"])`);
    return row.locator(ky ? 'td[data-label="KY"]' : 'td[data-label="Hele kommunen"]');
}

// The roles /risiko lists as unfilled, as "slug project" strings.
async function unfilled(page, base) {
    await page.goto(base + '/risiko');
    const rows = page.locator('main table.list tbody tr');
    const out = [];
    for (let i = 0; i < await rows.count(); i++) {
        const href = await rows.nth(i).locator('a[href^="/roller/"]').getAttribute('href');
        const project = (await rows.nth(i).locator('td[data-label="Projekt"]').textContent()).trim();
        out.push(`${href.slice('/roller/'.length)} ${project}`);
    }
    return out;
}

// Follows the "Udpeg" link of a cell and submits the form with `fill`.
async function appointFrom(page, cell, fill, shot, look) {
    const link = cell.locator('a[href^="/rollebesaetning/ny"]');
    check(await link.count() === 1, 'the cell has no "Udpeg" link');
    await submit(page, link);
    const main = page.getByRole('main');
    await fill(main);
    if (shot) {
        await look(page, 'the appointment form', shot);
    }
    await submit(page, main.getByRole('button', { name: 'Udpeg' }));
    const alert = await page.locator('main .alert, main .field-error').allTextContents();
    check(!alert.length, `appointing failed: ${alert.join(' ')}`);
    check(await noticeText(page) === 'Udpegningen er gemt.', 'no confirmation');
}

// The administrator's part: the register, two appointments, the risk list.
async function municipality(page, srv, js, look, shots) {
    const run = RUNS[js];
    await logIn(page, srv.base, ADMIN.email, PASSWORD, ADMIN.name);
    await openRegister(page, srv.base);
    const ky = cellOf(page, run.ky, true);
    check(await ky.count() === 1, `no KY cell for ${run.ky}`);
    check((await ky.getAttribute('class')).includes('missing') &&
          (await ky.textContent()).includes('Mangler'), `${run.ky} in KY is not marked empty`);
    await look(page, 'the register (rollebesætning)', `${shots}/01-register`);
    const before = await unfilled(page, srv.base);
    check(before.includes(`${run.ky} KY`), `/risiko does not list ${run.ky}: ${before}`);
    await openRegister(page, srv.base);
    await appointFrom(page, cellOf(page, run.wide, false), async (main) => {
        check(await main.getByLabel('Person').inputValue() === '', 'a new contact is not chosen');
        await main.getByLabel('Navn').fill(run.contact);
        await main.getByLabel('Titel').fill('Koordinator');
        await main.getByLabel('E-mail').fill('kontakt@kbh.dk');
        await main.getByLabel('Telefon').fill('33 66 33 66');
        await main.getByLabel(/Samtykke/).check();
    }, js ? `${shots}/02-appoint-contact` : null, look);
    check((await cellOf(page, run.wide, false).textContent()).includes(run.contact),
          `the register does not show ${run.contact}`);
    await appointFrom(page, cellOf(page, run.ky, true), async (main) => {
        // the option reads "name – title" once another journey gave the user a title
        const person = main.getByLabel('Person');
        const value = await person.locator('option', { hasText: run.user }).first()
            .getAttribute('value');
        await person.selectOption(value);
    }, null, look);
    const cell = cellOf(page, run.ky, true);
    check((await cell.textContent()).includes(run.user) &&
          !(await cell.getAttribute('class')).includes('missing'), `${run.ky} is not filled`);
    await shoot(page, `${shots}/03-register-filled`);
    const after = await unfilled(page, srv.base);
    check(!after.includes(`${run.ky} KY`), `/risiko still lists ${run.ky}`);
    check(after.length === before.length - 1, `/risiko: ${before} became ${after}`);
    await look(page, 'the risk list (ubesatte roller)', `${shots}/04-risk`);
    await logOut(page);
}

// KOMBIT's part: the matrix of municipalities × mandatory roles.
async function kombit(page, srv, look, shots) {
    await logIn(page, srv.base, KOMBIT.email, PASSWORD, KOMBIT.name);
    await page.goto(srv.base + '/risiko');
    const matrix = page.locator('table.risk-matrix');
    check(await matrix.count() >= 2, `KOMBIT sees ${await matrix.count()} matrices, want KY and FBS`);
    const ky = page.locator('section:has(h2:text-is("KY"))');
    const kbh = ky.locator('tr:has(th a[href*="municipality=101"])');
    check(await kbh.count() === 1, 'no København row in KY\'s matrix');
    const filled = kbh.locator('td[data-label="Projektleder"]'); // filled by the first run
    check(await filled.count() === 1 && (await filled.textContent()).trim() === '1',
          'København\'s projektleder in KY is not counted');
    const aarhus = ky.locator('tr:has(th a[href*="municipality=751"])');
    check(await aarhus.locator('td.missing').count() >= 2, 'Aarhus has no empty cell in KY');
    await look(page, 'KOMBIT\'s risk matrix', `${shots}/05-kombit-matrix`);
    await openRegister(page, srv.base);
    const names = await page.locator('td[data-label="Kommune"]').allTextContents();
    check(names.includes('København'), `KOMBIT's register lists ${names}`);
    await shoot(page, `${shots}/06-kombit-register`);
}

// The journey in a new browser context, JavaScript on or off.
async function registerJourney(browser, srv, js, look) {
    const shots = js ? 'register-js' : 'register-nojs';
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await municipality(page, srv, js, look, shots);
        await kombit(page, srv, look, shots);
    } finally {
        await ctx.close();
    }
}

export const journeys = [{ name: 'register journey', run: registerJourney }];

// The register's pages for axe (admin@kbh.dk unless a fifth element names
// another user); labels start with "register" so E2E_ONLY=register picks them.
export const pages = [
    ['register /rollebesaetning', '/rollebesaetning', 200],
    ['register /rollebesaetning/ny', '/rollebesaetning/ny?role=projektleder&project=KY', 200],
    ['register /rollebesaetning/<id>',
     ['/rollebesaetning', 'main td a.holder'], 200],
    ['register /risiko', '/risiko', 200],
    ['register /projekter/KY/rollekatalog', '/projekter/KY/rollekatalog', 200],
    ['register /roller/projektleder', '/roller/projektleder', 200],
    ['register /rollebesaetning (KOMBIT)', '/rollebesaetning', 200, undefined, 'kombit@kombit.dk'],
    ['register /rollebesaetning?municipality=101 (KOMBIT)', '/rollebesaetning?municipality=101',
     200, undefined, 'kombit@kombit.dk'],
    ['register /risiko (KOMBIT)', '/risiko', 200, undefined, 'kombit@kombit.dk'],
    ['register /projekter/KY/rollekatalog (KOMBIT)', '/projekter/KY/rollekatalog', 200, undefined,
     'kombit@kombit.dk'],
];
