// pictures: the role diagram on /roller and a municipality's project
// timeline in a browser, with and without JavaScript. The diagram: every
// role of the gallery is a link in the picture, a click on one opens the
// role's page, and the table beside it names the same relations. The
// timeline: plus@kbh.dk opens /projekter/KY/tidslinje and sees one bar per
// task, the today and go-live lines and the critical path, and the task
// table. The tasks are planted in the database first (publishing is
// another area's journey); nothing else is changed.
import { execFileSync } from 'node:child_process';
import { check, logIn, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const PLUS = { email: 'plus@kbh.dk', name: 'Per Plus' };

// Three chained KY tasks for København in a wave going live in 60 days,
// written once straight to the database (as the HTTP tests' seed_wave).
function plantTasks(srv) {
    const py = `
import sqlite3, sys, datetime
con = sqlite3.connect(sys.argv[1], timeout=10)
if con.execute("SELECT count(*) FROM waves WHERE name = 'Bølge E2E'").fetchone()[0]:
    sys.exit(0)
now = datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')
go = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
pid = con.execute("SELECT id FROM projects WHERE code = 'KY'").fetchone()[0]
con.execute("INSERT INTO waves (project_id, name, go_live) VALUES (?, 'Bølge E2E', ?)", (pid, go))
wid = con.execute("SELECT max(id) FROM waves").fetchone()[0]
org = con.execute("SELECT id FROM organisations WHERE code = '101'").fetchone()[0]
con.execute("INSERT INTO wave_members VALUES (?, ?)", (wid, org))
ids = []
for title, end, start in (('Analyse af arbejdsgange', -90, -30), ('Test af integrationer', -30, -40),
                          ('Klar til go-live', 0, -7)):
    con.execute("INSERT INTO master_tasks (title, project_id, end_offset_days, start_offset_days,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", (title, pid, end, start, now, now))
    m = con.execute("SELECT max(id) FROM master_tasks").fetchone()[0]
    ids.append(m)
    con.execute("INSERT INTO tasks (master_task_id, organisation_id, project_id, wave_id, end_date,"
                " start_date, published_at, updated_at) VALUES (?, ?, ?, ?, date(?, ? || ' days'),"
                " date(?, ? || ' days'), ?, ?)", (m, org, pid, wid, go, end, go, end + start, now, now))
con.execute("INSERT INTO master_task_predecessors VALUES (?, ?)", (ids[1], ids[0]))
con.execute("INSERT INTO master_task_predecessors VALUES (?, ?)", (ids[2], ids[1]))
con.commit()
`;
    execFileSync('/usr/bin/python3', ['-c', py, srv.db]);
}

// The diagram: every role a link in the SVG; a click opens the role.
async function diagram(page, srv, look, shots) {
    await page.goto(srv.base + '/roller');
    const svg = page.locator('svg#role-diagram');
    check(await svg.count() === 1, 'no role diagram on /roller');
    check(await svg.getAttribute('role') === 'group', 'the diagram is not role="group"');
    check(await svg.getAttribute('aria-labelledby') === 'role-diagram-title role-diagram-desc',
          'the diagram is not labelled by its title and description');
    const links = await svg.locator('a').count();
    const roles = await page.locator('#role-groups a[href^="/roller/"]').count();
    check(links === roles && roles === 32, `${links} role links in the diagram, ${roles} roles`);
    const arrows = await svg.locator('path.successor').count();
    check(arrows === 2, `${arrows} successor arrows`);
    check(await svg.locator('path.mention').count() > 40, 'few mention lines');
    await page.locator('details.diagram-table summary').click();
    const row = page.locator('#rel-projektejer');
    check((await row.textContent()).includes('Projektleder'),
          'the table does not say that projektejer names projektleder');
    await look(page, 'the role diagram', `${shots}/01-roller`);
    await submit(page, svg.locator('a[href="/roller/projektejer"]'));
    check(new URL(page.url()).pathname === '/roller/projektejer',
          `the diagram's Projektejer led to ${page.url()}`);
    const h1 = (await page.locator('h1').textContent()).trim();
    check(h1 === 'Projektejer', `the role page says ${h1}`);
}

// The timeline of København's KY tasks.
async function timeline(page, srv, look, shots) {
    await logIn(page, srv.base, PLUS.email, PASSWORD, PLUS.name);
    const r = await page.goto(srv.base + '/projekter/KY/tidslinje');
    check(r.status() === 200, `/projekter/KY/tidslinje answers ${r.status()}`);
    const svg = page.locator('svg#timeline');
    check(await svg.count() === 1, 'no timeline chart');
    const bars = await svg.locator('rect.bar').count();
    check(bars === 3, `${bars} bars, want 3`);
    check(await svg.locator('rect.bar.critical').count() === 3, 'the chain is not the critical path');
    check(await svg.locator('line.today').count() === 1, 'no today line');
    check(await svg.locator('line.go-live').count() === 1, 'no go-live line');
    const rows = await page.locator('table.timeline-table tbody tr').count();
    check(rows === 3, `${rows} rows in the task table`);
    await look(page, 'the project timeline', `${shots}/02-timeline`);
}

export const journeys = [{
    name: 'pictures journey',
    async run(browser, srv, js, look) {
        plantTasks(srv);
        const shots = js ? 'pictures-js' : 'pictures-nojs';
        const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                               viewport: { width: 1280, height: 800 } });
        try {
            const page = await ctx.newPage();
            page.setDefaultTimeout(10000);
            await diagram(page, srv, look, shots);
            await timeline(page, srv, look, shots);
        } finally {
            await ctx.close();
        }
    },
}];

// Pages for axe: the timeline as a municipality's administrator and as
// KOMBIT with a municipality picked (and without: the pick list).
export const pages = [
    ['pictures: /projekter/KY/tidslinje', '/projekter/KY/tidslinje', 200],
    ['pictures: /projekter/KY/tidslinje (KOMBIT)', '/projekter/KY/tidslinje?for=101', 200,
     undefined, 'kombit@kombit.dk'],
    ['pictures: /projekter/KY/tidslinje (KOMBIT, no pick)', '/projekter/KY/tidslinje', 200,
     undefined, 'kombit@kombit.dk'],
];
