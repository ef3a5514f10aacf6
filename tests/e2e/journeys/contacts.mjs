// contacts: contact lists, leavers and handover as people meet them in a
// browser. The KLIK-administrator of København imports a contact list
// (pasted into the import form), opens the contact list, filters it,
// downloads the CSV (checked byte by byte: the byte order mark, ';', CRLF,
// æøå) and asks a holder to confirm their data; the holder opens the
// one-time link without logging in and gives consent; another
// municipality's user then sees that holder's name and e-mail but only
// "Rollen er besat" for the others. In a second journey the administrator
// makes a person leave (Fratræder) with a successor and reads what moved,
// and a PLUS user hands a project over to operation from the proposal.
// Each journey runs with JavaScript on and off; each run uses its own
// people (and the handover its own municipality, one no other journey
// uses), so the second run finds nothing done.
import fs from 'node:fs';
import { klikd, PASSWORD } from '../server.mjs';
import { check, logIn, logOut, noticeText, shoot, submit } from '../util.mjs';

const ADMIN = { email: 'admin@kbh.dk', name: 'Anne Admin' };
const OTHER = { email: 'plus@aarhus.dk', name: 'Ida Plus' };
const HEADER = 'Kommunekode;Kommune;Rolle;Projekt;Navn;Titel;E-mail;Telefon;Primær;Bekræftet';

// The list the administrator imports in run `tag` ("js" or "nojs"): two
// contacts without log-in, one of them to give consent.
function importText(tag) {
    return [HEADER,
            `101;København;It-arkitekt;;Søren Ærø ${tag};Arkitekt;soeren-${tag}@kbh.dk;;ja;`,
            `101;København;Sikkerhedsansvarlig;;Åse Øster ${tag};;aase-${tag}@kbh.dk;;nej;`,
            ''].join('\r\n');
}

// Opens the page at `path` and checks its status.
async function open(page, srv, path, status = 200) {
    const r = await page.goto(srv.base + path);
    check(r.status() === status, `${path}: status ${r.status()}, want ${status}`);
    return r;
}

// The import form: paste, submit, land on the list with the notice.
async function importList(page, srv, tag, shots, look) {
    await open(page, srv, '/kontakter');
    await submit(page, page.getByRole('link', { name: 'Importér kontaktliste' }));
    await page.getByLabel('Kontaktliste (CSV)').fill(importText(tag).replace('ja;', 'måske;'));
    const bad = await submit(page, page.getByRole('button', { name: 'Importér' }));
    check(bad.status() === 422, `a bad list: status ${bad.status()}, want 422`);
    const alert = await page.locator('.alert').textContent();
    check(alert.includes('linje 2: Primær'), `the error names no line and column: ${alert}`);
    await look(page, 'the contact import with an error', `${shots}/01-import-error`);
    await page.getByLabel('Kontaktliste (CSV)').fill(importText(tag));
    await submit(page, page.getByRole('button', { name: 'Importér' }));
    check(new URL(page.url()).pathname === '/kontakter', `the import led to ${page.url()}`);
    const notice = await noticeText(page);
    check(notice === 'Kontaktlisten er importeret.', `the notice says ${notice}`);
    check((await page.getByRole('main').textContent()).includes(`Søren Ærø ${tag}`),
          'the imported contact is not on the list');
}

// Filters by role, then downloads the CSV and checks its bytes.
async function filterAndDownload(page, tag, shots, look) {
    await page.getByLabel('Rolle').selectOption({ label: 'It-arkitekt' });
    await page.getByLabel('Kommune').selectOption({ label: 'København' });
    await submit(page, page.getByRole('button', { name: 'Vis' }));
    const rows = await page.locator('main table tbody tr').allTextContents();
    check(rows.length >= 1 && rows.every((r) => r.includes('It-arkitekt')),
          `the role filter shows ${JSON.stringify(rows)}`);
    await look(page, 'the contact list, filtered', `${shots}/02-filtered`);
    const [dl] = await Promise.all([page.waitForEvent('download'),
                                    page.getByRole('link', { name: 'CSV (regneark)' }).click()]);
    check(dl.suggestedFilename() === 'kontakter.csv', `the file is ${dl.suggestedFilename()}`);
    const bytes = fs.readFileSync(await dl.path());
    check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, 'no byte order mark');
    const text = bytes.subarray(3).toString('utf8');
    check(text.startsWith(HEADER + '\r\n'), `the header is ${JSON.stringify(text.slice(0, 90))}`);
    check(text.includes(`101;København;It-arkitekt;;Søren Ærø ${tag};Arkitekt;`),
          `the download lacks the contact: ${JSON.stringify(text)}`);
    check(!text.includes('Sikkerhedsansvarlig'), 'the download ignores the filter');
}

// The administrator asks Søren to confirm; Søren (anonymous) consents.
async function consent(page, srv, tag, shots, look) {
    await open(page, srv, '/personer');
    await submit(page, page.getByRole('main').getByRole('link', { name: `Søren Ærø ${tag}` }));
    await look(page, 'a person page', `${shots}/03-person`);
    const r = await submit(page, page.getByRole('button', { name: 'Bed om bekræftelse' }));
    check(r.status() === 201, `"Bed om bekræftelse": status ${r.status()}`);
    const link = (await page.locator('#verify-link').textContent()).trim();
    check(link.startsWith(`${srv.base}/bekraeft/`), `the link is ${link}`);
    await look(page, 'the confirmation link page', `${shots}/04-link`);
    await logOut(page);
    await page.goto(link);
    await page.getByLabel('Titel').fill('Enterprise-arkitekt');
    await page.getByLabel(/^Samtykke/).check();
    await look(page, 'the holder confirms (anonymous)', `${shots}/05-confirm`);
    await submit(page, page.getByRole('button', { name: 'Bekræft oplysningerne' }));
    const notice = await noticeText(page);
    check(notice === 'Tak. Dine kontaktoplysninger er bekræftet.', `the notice says ${notice}`);
}

// Aarhus's user sees Søren (consent) but not Åse (none).
async function otherMunicipality(page, srv, tag, shots, look) {
    await logIn(page, srv.base, OTHER.email, PASSWORD, OTHER.name);
    await open(page, srv, '/kontakter');
    await page.getByLabel('Kommune').selectOption({ label: 'København' });
    await submit(page, page.getByRole('button', { name: 'Vis' }));
    const main = await page.getByRole('main').textContent();
    check(main.includes(`Søren Ærø ${tag}`) && main.includes(`soeren-${tag}@kbh.dk`),
          'the consented holder is not shown to another municipality');
    check(!main.includes(`Åse Øster ${tag}`) && !main.includes(`aase-${tag}@kbh.dk`),
          'a holder without consent is shown to another municipality');
    check(main.includes('Rollen er besat'), 'no "Rollen er besat" for the hidden holder');
    await look(page, 'the contact list of another municipality', `${shots}/06-other`);
    await logOut(page);
}

// A new context, JavaScript on or off; runs fn(page) and closes it.
async function inContext(browser, js, fn) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 },
                                           acceptDownloads: true });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await fn(page);
    } finally {
        await ctx.close();
    }
}

async function contactsJourney(browser, srv, js, look) {
    const tag = js ? 'js' : 'nojs';
    const shots = `contacts-${tag}`;
    await inContext(browser, js, async (page) => {
        await logIn(page, srv.base, ADMIN.email, PASSWORD, ADMIN.name);
        await importList(page, srv, tag, shots, look);
        await filterAndDownload(page, tag, shots, look);
        await consent(page, srv, tag, shots, look);
        await otherMunicipality(page, srv, tag, shots, look);
    });
}

// Leo (a user with log-in) holds a role; he leaves with Sara as successor.
async function leaver(page, srv, tag, shots, look) {
    const leo = `Leo Leaver ${tag}`, sara = `Sara Successor ${tag}`;
    klikd(['user', 'add', '--db', srv.db, '--email', `leo-${tag}@kbh.dk`, '--name', leo,
           '--org', '101', '--type', 'member', '--project', 'KY:plus'], PASSWORD + '\n');
    klikd(['user', 'add', '--db', srv.db, '--email', `sara-${tag}@kbh.dk`, '--name', sara,
           '--org', '101', '--type', 'member'], PASSWORD + '\n');
    await logIn(page, srv.base, ADMIN.email, PASSWORD, ADMIN.name);
    await open(page, srv, '/projekter/KY/udpegninger');
    await page.getByLabel('Rolle').selectOption({ label: 'Superbruger' });
    await page.getByLabel('Person').selectOption({ label: leo });
    await submit(page, page.getByRole('button', { name: 'Udpeg' }));
    await open(page, srv, '/personer');
    await submit(page, page.getByRole('main').getByRole('link', { name: leo }));
    await page.getByLabel('Efterfølger').selectOption({ label: sara });
    page.once('dialog', (d) => d.accept());
    const r = await submit(page, page.getByRole('button', { name: 'Meld fratrådt' }));
    check(r.status() === 200, `"Meld fratrådt": status ${r.status()}`);
    const main = await page.getByRole('main').textContent();
    for (const w of [`${leo} er meldt fratrådt`, sara, 'Superbruger', 'flyttet til efterfølgeren',
                     'log-ind er deaktiveret']) {
        check(main.includes(w), `the result page does not say ${JSON.stringify(w)}`);
    }
    await look(page, 'the leaver result page', `${shots}/01-left`);
}

// The handover of KY by a PLUS user of a municipality no other journey
// uses (Odense with JavaScript, Aalborg without: a municipality hands a
// project over once), whose projektleder is proposed as systemansvarlig.
async function handover(page, srv, js, shots, look) {
    const [code, email, name] = js ? ['461', 'plus@odense.dk', 'Otto Odense']
                                   : ['851', 'plus@aalborg.dk', 'Alma Aalborg'];
    klikd(['user', 'add', '--db', srv.db, '--email', email, '--name', name, '--org', code,
           '--type', 'member', '--project', 'KY:plus'], PASSWORD + '\n');
    await logOut(page);
    await logIn(page, srv.base, email, PASSWORD, name);
    await open(page, srv, '/projekter/KY/udpegninger');
    await page.getByLabel('Rolle').selectOption({ label: 'Projektleder' });
    await page.getByLabel('Person').selectOption({ label: name });
    await submit(page, page.getByRole('button', { name: 'Udpeg' }));
    await open(page, srv, '/projekter/KY/overdragelse');
    const chosen = await page.getByLabel(/^Systemansvarlig/).inputValue();
    const options = await page.getByLabel(/^Systemansvarlig/).locator('option:checked')
        .allTextContents();
    check(chosen !== '0' && options.join() === name,
          `the proposal for systemansvarlig is ${JSON.stringify(options)}, not ${name}`);
    await look(page, 'the handover proposal', `${shots}/02-proposal`);
    await submit(page, page.getByRole('button', { name: 'Overdrag til drift' }));
    const notice = await noticeText(page);
    check(notice === 'Projektet er overdraget til drift.', `the notice says ${notice}`);
    const main = await page.getByRole('main').textContent();
    check(main.includes('overdraget til drift og forvaltning'), 'the page does not show the stage');
    check(!(await page.getByRole('button', { name: 'Overdrag til drift' }).count()),
          'the form is still there');
    await shoot(page, `${shots}/03-handed-over`);
}

async function leaverJourney(browser, srv, js, look) {
    const tag = js ? 'js' : 'nojs';
    const shots = `leaver-${tag}`;
    await inContext(browser, js, async (page) => {
        await leaver(page, srv, tag, shots, look);
        await handover(page, srv, js, shots, look);
    });
}

export const journeys = [
    { name: 'contacts journey', run: contactsJourney },
    { name: 'contacts leaver and handover journey', run: leaverJourney },
];

export const pages = [
    ['contacts /kontakter', '/kontakter', 200],
    ['contacts /kontakter/import', '/kontakter/import', 200],
    ['contacts /personer', '/personer', 200],
    ['contacts /personer/<id>', ['/personer', 'main td a[href^="/personer/"]'], 200],
    ['contacts /projekter/KY/overdragelse', '/projekter/KY/overdragelse', 200],
    ['contacts /kontakter (another municipality)', '/kontakter', 200, undefined,
     'plus@aarhus.dk'],
];
