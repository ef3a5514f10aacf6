// waves: KOMBIT's journeys through waves and master tasks, as a person
// makes them in a real browser, with and without JavaScript: create a wave
// of three municipalities with a go-live, publish master task 519 to it,
// move go-live (the page says how many tasks moved); then author a draft
// master task with a preview, save it, and publish it through its edit
// form. Each result is checked on the page and through the JSON API. Each
// run makes its own wave and task (named by the run), so the two runs do
// not meet; it deletes nothing.
import { check, logIn, noticeText, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const KOMBIT = { email: 'kombit@kombit.dk', name: 'Karen KOMBIT' };
const THREE = ['101', '751', '461'];

// GET path as `token`'s user through the API; the JSON answer, or throws.
async function api(srv, token, path) {
    const r = await fetch(srv.base + path, { headers: { Authorization: `Bearer ${token}` } });
    check(r.status === 200, `GET ${path}: status ${r.status}`);
    return r.json();
}

// The form on the page that has the button `name`.
function formWith(page, name) {
    return page.locator('form', { has: page.getByRole('button', { name, exact: true }) });
}

// Creates the wave `name` of KY going live on `goLive` through /boelger;
// returns its id. Checks the notice and the members.
async function createWave(page, srv, name, goLive, look, shots) {
    await page.goto(srv.base + '/boelger');
    await look(page, 'the waves page', `${shots}/01-waves`);
    const form = formWith(page, 'Opret bølge');
    await form.getByLabel('Projekt').selectOption('KY');
    await form.getByLabel('Navn').fill(name);
    await form.getByLabel('Go-live').fill(goLive);
    for (const code of THREE) {
        await form.locator(`input[name="municipalities"][value="${code}"]`).check();
    }
    await submit(page, form.getByRole('button', { name: 'Opret bølge' }));
    const m = new URL(page.url()).pathname.match(/^\/boelger\/(\d+)$/);
    check(m, `after "Opret bølge" the browser is at ${page.url()}`);
    check(await noticeText(page) === 'Bølgen er oprettet.', 'no "Bølgen er oprettet."');
    const h1 = await page.locator('h1').textContent();
    check(h1.includes(`KY - ${name}`), `heading ${JSON.stringify(h1)}`);
    return Number(m[1]);
}

// Publishes the master task titled `title` with the wave page's form and
// checks the notice.
async function publish(page, title, look, shots) {
    const form = formWith(page, 'Publicér');
    await form.getByLabel(title).check();
    await submit(page, form.getByRole('button', { name: 'Publicér' }));
    const notice = await noticeText(page);
    check(notice.includes('3 opgaver oprettet'), `after "Publicér": ${notice}`);
    await look(page, 'a wave after publishing', `${shots}/02-published`);
}

// Moves the wave's go-live with its form and checks the notice.
async function moveGoLive(page, goLive) {
    const form = formWith(page, 'Gem go-live');
    await form.getByLabel('Go-live').fill(goLive);
    await submit(page, form.getByRole('button', { name: 'Gem go-live' }));
    const notice = await noticeText(page);
    check(notice === 'Go-live er flyttet: 3 opgaver har fået nye datoer.',
          `after "Gem go-live": ${notice}`);
}

// Authors a draft through /master-opgaver/ny (preview, then save) and
// publishes it through its edit form; returns its id.
async function authorTask(page, srv, title, look, shots) {
    await page.goto(srv.base + '/master-opgaver');
    await submit(page, page.getByRole('main').getByRole('link', { name: 'Ny master-opgave' }));
    const form = formWith(page, 'Gem');
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Projekt').selectOption('KY');
    await form.getByLabel('Mål').fill('Kommunen er **klar** til testen.');
    await form.getByLabel('Slutdato (fra Go-Live)').fill('-30');
    await form.getByLabel('Trin').first().fill('Læs vejledningen');
    await submit(page, form.getByRole('button', { name: 'Forhåndsvis' }));
    const preview = page.locator('section.preview');
    check(await preview.count() === 1, 'no preview after "Forhåndsvis"');
    check(await preview.locator('strong').textContent() === 'klar', 'the goal is not rendered');
    await look(page, 'a master task preview', `${shots}/03-preview`);
    await submit(page, formWith(page, 'Gem').getByRole('button', { name: 'Gem' }));
    const m = new URL(page.url()).pathname.match(/^\/master-opgaver\/(\d+)$/);
    check(m, `after "Gem" the browser is at ${page.url()}`);
    check(await page.getByText('Kladde – kun KOMBIT ser den').count() === 1, 'not a draft');
    await submit(page, page.getByRole('link', { name: 'Rediger master-opgaven' }));
    await look(page, 'the master task edit form', `${shots}/04-edit`);
    const edit = formWith(page, 'Gem');
    await edit.getByLabel('Status').selectOption('published');
    await submit(page, edit.getByRole('button', { name: 'Gem' }));
    check(await noticeText(page) === 'Master-opgaven er gemt.', 'no "Master-opgaven er gemt."');
    check(await page.getByText('Kladde – kun KOMBIT ser den').count() === 0, 'still a draft');
    return Number(m[1]);
}

// The journey in a new browser context, JavaScript on or off.
async function run(browser, srv, js, look) {
    const shots = js ? 'waves-js' : 'waves-nojs';
    const token = srv.token(KOMBIT.email);
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, KOMBIT.email, PASSWORD, KOMBIT.name);
        const name = js ? 'Bølge E2E med JS' : 'Bølge E2E uden JS';
        const id = await createWave(page, srv, name, '2027-03-01', look, shots);
        const t519 = (await api(srv, token, '/api/v1/master-tasks?project=KY')).master_tasks
            .find((t) => t.external_id === 519);
        check(t519, 'task 519 is not listed');
        await publish(page, t519.title, look, shots);
        await moveGoLive(page, '2027-04-01');
        const w = await api(srv, token, `/api/v1/waves/${id}`);
        check(w.go_live === '2027-04-01' && w.task_count === 3,
              `the API shows go-live ${w.go_live}, ${w.task_count} tasks`);
        const title = js ? 'E2E-opgave med JS' : 'E2E-opgave uden JS';
        const mid = await authorTask(page, srv, title, look, shots);
        const t = await api(srv, token, `/api/v1/master-tasks/${mid}`);
        check(t.state === 'published' && t.end_offset_days === -30 && t.project === 'KY' &&
              t.sts === false &&
              t.goal_html.includes('<strong>klar</strong>'),
              `the API shows ${JSON.stringify([t.state, t.end_offset_days, t.goal_html])}`);
    } finally {
        await ctx.close();
    }
}

export const journeys = [{ name: 'waves and master tasks journey', run }];

// Pages for axe: KOMBIT's, and a municipality's view of the projects.
export const pages = [
    ['waves: /projekter', '/projekter', 200, null, KOMBIT.email],
    ['waves: /boelger', '/boelger', 200, null, KOMBIT.email],
    ['waves: /boelger/<id>', ['/boelger', 'main td a[href^="/boelger/"]'], 200, null,
     KOMBIT.email],
    ['waves: /master-opgaver/ny', '/master-opgaver/ny', 200, null, KOMBIT.email],
    ['waves: /master-opgaver/<id>/rediger', '/master-opgaver/1/rediger', 200, null,
     KOMBIT.email],
    ['waves: /projekter as a municipality', '/projekter', 200],
    ['waves: /boelger as a municipality', '/boelger', 200],
];
