// journey: a KOMBIT-programleder's visit, as a person makes it in a real
// browser — log in through the form, open the project's appointments
// (udpegninger), appoint a person, remove the appointment again with its
// "Fjern" button, log out. It runs once with JavaScript and once without
// (every page must work without it). It reads and writes only through the
// pages, checks each result on the page and then through the JSON API, and
// leaves the database as it found it when it passes.
import { check, note, shoot } from './util.mjs';
import { PASSWORD } from './server.mjs';

const USER = { email: 'plus@kbh.dk', name: 'Per Plus' };  // PLUS on KY
const PROJECT = 'KY';
const PERSON = 'Lis Læser';                                 // of the same municipality
const APPTS = `/projekter/${PROJECT}/udpegninger`;

// Number of the project's appointments the JSON API reports for `token`'s
// user; throws on a status other than 200.
async function apiCount(srv, token) {
    const r = await fetch(`${srv.base}/api/v1/projects/${PROJECT}/appointments`,
                          { headers: { Authorization: `Bearer ${token}` } });
    check(r.status === 200, `API appointments: status ${r.status}`);
    return (await r.json()).appointments.length;
}

// Clicks `button` and waits until the page it submits to has loaded.
async function submit(page, button) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

// Logs in from the home page: follows the header's "Log ind" link, fills
// the labelled fields, clicks the button; checks the header then names the
// user. Throws on any step that does not happen.
async function logIn(page, srv, shots) {
    await page.goto(srv.base + '/');
    await shoot(page, `${shots}/01-home`);
    await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).click();
    await page.waitForURL('**/log-ind');
    await page.getByLabel('E-mail').fill(USER.email);
    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await shoot(page, `${shots}/02-log-in-filled`);
    await submit(page, page.getByRole('main').getByRole('button', { name: 'Log ind' }));
    check(!new URL(page.url()).pathname.startsWith('/log-ind'), `log-in stayed at ${page.url()}`);
    const who = await page.locator('.who-name').textContent();
    check(who && who.includes(USER.name), `after log-in the header shows ${JSON.stringify(who)}`);
    await shoot(page, `${shots}/03-logged-in`);
}

// Opens the appointments page by a link on the current page when there is
// one, else by its URL (and says so on a "#" line). Checks the heading.
async function openAppointments(page, srv, shots) {
    const link = page.locator(`a[href="${APPTS}"]`);
    if (await link.count()) {
        await link.first().click();
        await page.waitForURL('**' + APPTS);
    } else {
        note(`no link leads to ${APPTS} yet; opened by URL`);
        const r = await page.goto(srv.base + APPTS);
        check(r.status() === 200, `${APPTS}: status ${r.status()}`);
    }
    const h1 = await page.locator('h1').textContent();
    check(h1.includes(`Udpegninger i ${PROJECT}`), `heading ${JSON.stringify(h1)}`);
    await shoot(page, `${shots}/04-appointments`);
}

// Table rows (locator) that show both the role and the person.
function rowsOf(page, role) {
    return page.locator('table.list tbody tr').filter({ hasText: role })
        .filter({ hasText: PERSON });
}

// Appoints PERSON to the first role of the form's pick list; checks that
// the page shows the new row. Returns the role's name.
async function appoint(page, shots) {
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Udpeg' }) });
    const role = (await form.getByLabel('Rolle').locator('option').first().textContent()).trim();
    const person = await form.getByLabel('Person').locator('option')
        .filter({ hasText: PERSON }).first().getAttribute('value');
    check(person, `${PERSON} is not in the person list`);
    await form.getByLabel('Rolle').selectOption({ label: role });
    await form.getByLabel('Person').selectOption(person);
    await shoot(page, `${shots}/05-appoint-filled`);
    await submit(page, form.getByRole('button', { name: 'Udpeg' }));
    check(page.url().endsWith(APPTS), `after appointing the browser is at ${page.url()}`);
    const alert = page.locator('.alert, .field-error');
    check(!(await alert.count()), `appointing failed: ${await alert.allTextContents()}`);
    const n = await rowsOf(page, role).count();
    check(n === 1, `${n} rows show ${role} – ${PERSON}, want 1`);
    await shoot(page, `${shots}/06-appointed`);
    return role;
}

// Removes the appointment with the "Fjern" button of its row. With
// JavaScript the page asks first: the question must come and is accepted;
// without it, no question may come. Checks that the row is gone.
async function removeAppointment(page, role, js, shots) {
    const asked = [];
    const onDialog = (d) => {
        asked.push(d.message());
        d.accept();
    };
    page.on('dialog', onDialog);
    await submit(page, rowsOf(page, role).getByRole('button', { name: 'Fjern' }));
    page.off('dialog', onDialog);
    check(page.url().endsWith(APPTS), `after "Fjern" the browser is at ${page.url()}`);
    if (js) {
        check(asked.length === 1 && asked[0] === 'Fjern udpegningen?',
              `confirmation asked: ${JSON.stringify(asked)}`);
    } else {
        check(asked.length === 0, `a dialog came without JavaScript: ${asked}`);
    }
    const h1 = await page.locator('h1').textContent();
    check(h1.includes(`Udpegninger i ${PROJECT}`), `after "Fjern": heading ${JSON.stringify(h1)}`);
    check(await rowsOf(page, role).count() === 0, `the row ${role} – ${PERSON} is still shown`);
    await shoot(page, `${shots}/07-removed`);
}

// Logs out with the header's button; checks that the "Log ind" link is
// back and that /konto no longer shows the account.
async function logOut(page, srv, shots) {
    await submit(page, page.getByRole('banner').getByRole('button', { name: 'Log ud' }));
    await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    check(!(await page.locator('.who-name').count()), 'the header still names a user');
    await shoot(page, `${shots}/08-logged-out`);
    await page.goto(srv.base + '/konto');
    check(!(await page.locator('.who-name').count()), '/konto after log-out shows a user');
}

// The whole journey in a new browser context with JavaScript on or off.
// `token` is an API token of the same user, used to check the database
// state behind the pages. Throws on the first failed step.
export async function appointmentJourney(browser, srv, token, js) {
    const shots = js ? 'journey-js' : 'journey-nojs';
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        const before = await apiCount(srv, token);
        await logIn(page, srv, shots);
        await openAppointments(page, srv, shots);
        const role = await appoint(page, shots);
        check(await apiCount(srv, token) === before + 1, 'the API does not show the appointment');
        await removeAppointment(page, role, js, shots);
        check(await apiCount(srv, token) === before, 'the API still shows the appointment');
        await logOut(page, srv, shots);
    } finally {
        await ctx.close();
    }
}
