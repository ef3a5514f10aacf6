// tasks: a PLUS user's work on København's tasks in a real browser —
// plus@kbh.dk opens the project page /projekter/KY, filters the list by
// status, opens the task of KLIK task 519, makes the holder of the
// projektleder role responsible with one click, ticks a method step, sets
// the status to fuldført, finds the task on /opgaver, and looks at the
// task page as it prints (save as PDF). Runs with JavaScript on and off.
// The task comes from KOMBIT's publishing API; the projektleder
// appointment and the task's changes are made afresh and undone through
// the API, so each run starts from the same state.
import path from 'node:path';
import { check, logIn, noticeText, OUT, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const USER = { email: 'plus@kbh.dk', name: 'Per Plus' };
const TITLE = 'PL 12 Planlæg kommunens ØiR implementering (B5)';

// Publishes master task 1 (KLIK task 519) to København and Aarhus in KY's
// wave "Bølge 5", going live in 200 days, through KOMBIT's wave API (a
// token of kombit@kombit.dk): the wave is created, or updated when it is
// there, then published to; publishing twice changes nothing. Resolves to
// København's task id (from plus@kbh.dk's token).
async function seedWave(srv, token) {
    const kombit = srv.token('kombit@kombit.dk');
    const goLive = new Date(Date.now() + 200 * 86400000).toISOString().slice(0, 10);
    const waves = (await api(srv, kombit, 'GET', '/api/v1/waves?project=KY')).body.waves;
    const found = waves.find((w) => w.name === 'Bølge 5');
    const members = ['101', '751'];
    const r = found
        ? await api(srv, kombit, 'PATCH', `/api/v1/waves/${found.id}`,
                    { go_live: goLive, municipalities: members })
        : await api(srv, kombit, 'POST', '/api/v1/waves',
                    { project: 'KY', name: 'Bølge 5', go_live: goLive, municipalities: members });
    check(r.status === 200 || r.status === 201, `the wave: ${r.status} ${JSON.stringify(r.body)}`);
    const wave = found ? found.id : r.body.id;
    const p = await api(srv, kombit, 'POST', `/api/v1/waves/${wave}/publish`,
                        { master_tasks: [1] });
    check(p.status === 200, `publishing: ${p.status} ${JSON.stringify(p.body)}`);
    const tasks = (await api(srv, token, 'GET', '/api/v1/tasks?project=KY')).body.tasks;
    const mine = tasks.find((t) => t.master_task === 1);
    check(mine, `no task of København's after publishing: ${JSON.stringify(tasks)}`);
    return mine.id;
}

// One JSON API call with srv's token for USER; resolves to {status, body}.
async function api(srv, token, method, p, body) {
    const r = await fetch(srv.base + p, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
}

// Puts the task back as published and appoints USER projektleder of KY;
// returns the appointment's id.
async function prepare(srv, token, id) {
    const people = (await api(srv, token, 'GET', '/api/v1/persons')).body.persons;
    const me = people.find((p) => p.name === USER.name);
    check(me, `${USER.name} is not among the municipality's people`);
    const r = await api(srv, token, 'PATCH', `/api/v1/tasks/${id}`,
                        { status: 'ikke_paabegyndt', responsible: 0, performer: 0,
                          steps_done: [] });
    check(r.status === 200, `resetting the task: ${r.status}`);
    const a = await api(srv, token, 'POST', '/api/v1/projects/KY/appointments',
                        { role: 'projektleder', person_id: me.id });
    check(a.status === 201, `appointing the projektleder: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body.id;
}

// The project page: filter by status through the toolbar, open the task.
async function projectPage(page, srv, shots, look) {
    await page.goto(srv.base + '/projekter/KY');
    check((await page.locator('h1').textContent()).includes('KY'), 'the project page heading');
    await look(page, 'the project page', `${shots}/01-project`);
    const toolbar = page.locator('form.toolbar');
    await toolbar.getByLabel('Udførelsesstatus').selectOption('ikke_paabegyndt');
    await submit(page, toolbar.getByRole('button', { name: 'Filtrér' }));
    check(new URL(page.url()).searchParams.get('status') === 'ikke_paabegyndt',
          `the filter led to ${page.url()}`);
    const link = page.locator('table.tasks').getByRole('link', { name: TITLE });
    check(await link.count() === 1, 'the filtered list does not show task 519');
    await submit(page, link);
    check((await page.locator('h1').textContent()).includes('PL 12'), 'the task page heading');
}

// The task page: one-click responsible, a ticked step, status fuldført.
async function taskPage(page, shots, look) {
    await look(page, 'the task page', `${shots}/02-task`);
    const holders = page.locator('ul.holders li', { hasText: 'Projektleder' });
    await submit(page, holders.getByRole('button', { name: `Gør ansvarlig: ${USER.name}` }).first());
    check(await noticeText(page) === 'Opgaven er opdateret.', 'no notice after the click');
    check(await page.getByLabel('Ansvarlig', { exact: true }).inputValue() !== '0', 'nobody responsible');
    const step = page.getByLabel('Trin 1', { exact: true });
    await step.check();
    await submit(page, page.getByRole('button', { name: 'Gem afkrydsning' }));
    check(await page.getByLabel('Trin 1', { exact: true }).isChecked(), 'step 1 is not ticked after saving');
    await page.getByLabel('Udførelsesstatus', { exact: true }).selectOption('fuldfoert');
    await submit(page, page.getByRole('button', { name: 'Gem status' }));
    const state = await page.locator('.task-state').textContent();
    check(state.includes('Fuldført'), `the task's status shows ${JSON.stringify(state)}`);
    await look(page, 'the task page, done', `${shots}/03-task-done`);
}

// The print view: no header, menu or forms; the checklist stays.
async function printView(page, shots) {
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
        top: getComputedStyle(document.querySelector('header.top')).display,
        edit: getComputedStyle(document.querySelector('.task-edit')).display,
        steps: getComputedStyle(document.querySelector('.checklist')).display,
    }));
    check(shown.top === 'none' && shown.edit === 'none', `printed: ${JSON.stringify(shown)}`);
    check(shown.steps !== 'none', 'the checklist does not print');
    await page.screenshot({ path: path.join(OUT, `${shots}/04-print.png`), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
}

// The whole journey in a new browser context, JavaScript on or off.
async function run(browser, srv, js, look) {
    const shots = js ? 'tasks-js' : 'tasks-nojs';
    const token = srv.token(USER.email);
    const id = await seedWave(srv, token);
    const appt = await prepare(srv, token, id);
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, USER.email, PASSWORD, USER.name);
        await projectPage(page, srv, shots, look);
        await taskPage(page, shots, look);
        await printView(page, shots);
        await page.goto(srv.base + '/opgaver');
        const row = page.locator('table.tasks tr', { hasText: TITLE });
        check(await row.count() === 1, '/opgaver does not list the task');
        check((await row.textContent()).includes('Fuldført'), '/opgaver: not fuldført');
        await look(page, 'my tasks', `${shots}/05-mine`);
        const t = (await api(srv, token, 'GET', `/api/v1/tasks/${id}`)).body;
        check(t.status === 'fuldfoert' && t.responsible && t.responsible.name === USER.name &&
              JSON.stringify(t.steps_done) === '[1]', `the API says ${JSON.stringify(t)}`);
    } finally {
        await ctx.close();
    }
    const d = await api(srv, token, 'DELETE', `/api/v1/projects/KY/appointments/${appt}`);
    check(d.status === 204, `removing the appointment: ${d.status}`);
}

export const journeys = [{ name: 'tasks journey', run }];

// Pages axe checks (after the journeys, so the wave is there), as plus@kbh.dk.
export const pages = [
    ['tasks: /opgaver', '/opgaver', 200, null, 'plus@kbh.dk'],
    ['tasks: /projekter/KY', '/projekter/KY', 200, null, 'plus@kbh.dk'],
    ['tasks: /opgaver/<id>', ['/projekter/KY', 'main table.tasks a[href^="/opgaver/"]'], 200,
     null, 'plus@kbh.dk'],
    ['tasks: /projekter/KY/opgaver/ny', '/projekter/KY/opgaver/ny', 200, null, 'plus@kbh.dk'],
];
