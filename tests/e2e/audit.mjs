// audit: a KLIK-administrator edits a user and then finds the edit in the
// history, in a browser with and without JavaScript. Saving the user's
// form must show the confirmation notice once (a reload no longer shows
// it); the header's "Historik" then lists the change with the action's
// Danish name and the changed field with its old and new value, and the
// filter by action keeps only such events. It changes one user's title
// (to a value naming the run) and nothing else.
import { check, logIn, logOut, noticeText, shoot, submit } from './util.mjs';
import { PASSWORD } from './server.mjs';

const ADMIN = { email: 'admin@kbh.dk', name: 'Anne Admin' };
const USER = 'Per Plus';

// Opens USER's page from the header's "Brugere", sets the title to `title`
// and saves; checks the notice and the saved value, and that a reload
// shows the form without the notice. Returns the title the form had before.
async function editUser(page, title, shots, look) {
    await submit(page, page.getByRole('banner').getByRole('link', { name: 'Brugere' }));
    await submit(page, page.getByRole('main').getByRole('link', { name: USER }));
    const field = page.getByLabel('Titel');
    const before = await field.inputValue();
    await field.fill(title);
    const r = await submit(page, page.getByRole('button', { name: 'Gem', exact: true }));
    check(r && r.status() === 200, `after "Gem": status ${r && r.status()}`);
    check(/^\/admin\/brugere\/\d+$/.test(new URL(page.url()).pathname),
          `after "Gem" the browser is at ${page.url()}`);
    const said = await noticeText(page);
    check(said === 'Ændringerne er gemt.', `the notice says ${JSON.stringify(said)}`);
    check(await field.inputValue() === title, `the saved title is ${await field.inputValue()}`);
    await look(page, 'a page with a notice (user saved)', `${shots}/01-saved`);
    await page.reload();
    check(!(await page.locator('.notice').count()), 'the notice is still shown after a reload');
    return before;
}

// The history's rows (locator) about USER's update to `title`.
function rowsAbout(page, title) {
    return page.locator('table.list tbody tr').filter({ hasText: 'user.update' })
        .filter({ has: page.locator('ins', { hasText: title }) });
}

// Opens "Historik" from the header and checks the row of the edit: who,
// the action in Danish and by its code, the type, and the title's old and
// new value in the list of changes. Then filters by the action.
async function findChange(page, title, before, shots, look) {
    await submit(page, page.getByRole('banner').getByRole('link', { name: 'Historik' }));
    check(new URL(page.url()).pathname === '/admin/historik', `"Historik" led to ${page.url()}`);
    const rows = rowsAbout(page, title);
    check(await rows.count() === 1, `${await rows.count()} rows show the new title, want 1`);
    const row = rows.first();
    const cell = async (label) => (await row.locator(`td[data-label="${label}"]`).textContent())
        .replace(/\s+/g, ' ').trim();
    check((await cell('Hvem')).startsWith(ADMIN.name), `"Hvem" is ${await cell('Hvem')}`);
    check((await cell('Handling')).startsWith('Bruger ændret'),
          `"Handling" is ${await cell('Handling')}`);
    check((await cell('Hvad')).startsWith('Bruger '), `"Hvad" is ${await cell('Hvad')}`);
    const change = row.locator('ul.changes li').filter({ has: page.locator('ins', {
        hasText: title }) });
    check(await change.count() === 1, 'the list of changes lacks the title');
    const field = (await change.locator('.label').textContent()).trim().replace(/:$/, '');
    check(/^(title|titel)$/i.test(field), `the title's change is labelled ${field}`);
    const old = await change.locator('del').allTextContents();
    check(before ? old.length === 1 && old[0] === before : old.length === 0,
          `the old title shown is ${JSON.stringify(old)}, want ${JSON.stringify(before)}`);
    await look(page, 'the audit page with events', `${shots}/02-history`);
    await page.getByLabel('Handling').fill('user.update');
    await submit(page, page.getByRole('button', { name: 'Filtrér' }));
    const codes = await page.locator('table.list tbody td[data-label="Handling"] code')
        .allTextContents();
    check(codes.length && codes.every((c) => c === 'user.update'),
          `filtered by user.update the page shows ${JSON.stringify(codes)}`);
    check(await rowsAbout(page, title).count() === 1, 'the filter hides the edit');
    await shoot(page, `${shots}/03-filtered`);
}

// The whole journey in a new browser context, JavaScript on or off.
// look(page, label, shot) inspects a page (see run.mjs). Throws on the
// first failed step.
export async function auditJourney(browser, srv, js, look) {
    const shots = js ? 'audit-js' : 'audit-nojs';
    const title = `Projektleder (${js ? 'med' : 'uden'} JavaScript)`;
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, ADMIN.email, PASSWORD, ADMIN.name);
        const before = await editUser(page, title, shots, look);
        await findChange(page, title, before, shots, look);
        await logOut(page);
    } finally {
        await ctx.close();
    }
}
