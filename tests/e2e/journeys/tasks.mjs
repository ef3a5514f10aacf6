// tasks: a PLUS user's work on København's tasks in a real browser —
// plus@kbh.dk opens the project page /projekter/KY, filters the list by
// status, opens the task of KLIK task 519, makes the holder of the
// projektleder role responsible with one click, ticks a method step, sets
// the status to fuldført, finds the task on /opgaver, and looks at the
// task page as it prints (save as PDF). Runs with JavaScript on and off.
// The tasks come from a wave written straight to the database (as the
// HTTP tests' seed_wave does) until publishing through the API lands; the
// projektleder appointment and the task's changes are made afresh and
// undone through the API, so each run starts from the same state.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { check, logIn, noticeText, OUT, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const USER = { email: 'plus@kbh.dk', name: 'Per Plus' };
const TITLE = 'PL 12 Planlæg kommunens ØiR implementering (B5)';

// Publishes master task 1 (KLIK task 519) to København and Aarhus in a KY
// wave going live in 200 days, straight into srv's database (sqlite3);
// publishing twice changes nothing. Returns København's task id.
function seedWave(srv) {
    const sql = `
        INSERT OR IGNORE INTO waves (project_id, name, go_live)
            SELECT id, 'Bølge 5', date('now', '+200 days') FROM projects WHERE code = 'KY';
        UPDATE waves SET go_live = date('now', '+200 days')
            WHERE name = 'Bølge 5' AND go_live IS NULL;
        INSERT OR IGNORE INTO wave_members
            SELECT w.id, o.id FROM waves w, organisations o
            WHERE w.name = 'Bølge 5' AND o.code IN ('101', '751');
        INSERT OR IGNORE INTO wave_publications (wave_id, master_task_id, published_at)
            SELECT id, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM waves WHERE name = 'Bølge 5';
        INSERT OR IGNORE INTO tasks (master_task_id, organisation_id, project_id, wave_id,
                                     end_date, start_date, published_at, updated_at)
            SELECT m.id, o.id, m.project_id, w.id,
                   date(w.go_live, m.end_offset_days || ' days'),
                   date(w.go_live, (m.end_offset_days + m.start_offset_days) || ' days'),
                   strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            FROM master_tasks m, organisations o, waves w
            WHERE m.id = 1 AND o.code IN ('101', '751') AND w.name = 'Bølge 5';
        SELECT t.id FROM tasks t JOIN organisations o ON o.id = t.organisation_id
            WHERE o.code = '101' AND t.master_task_id = 1;`;
    const out = execFileSync('sqlite3', [srv.db, sql], { encoding: 'utf8' }).trim();
    const id = Number(out.split('\n').pop());
    check(id > 0, `no task of København's after seeding: ${out}`);
    return id;
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
    const id = seedWave(srv);
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
