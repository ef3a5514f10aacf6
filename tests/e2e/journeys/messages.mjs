// messages: a municipality's project leader and KOMBIT talk on a task, in
// a real browser with and without JavaScript. Per Plus (PLUS on KY,
// responsible for København's task of master task 1 in KY's Bølge 5,
// seeded straight into the database as harness.py's seed_wave does) writes
// a message with Markdown and a script tag in the task's message form and
// sees it rendered, the script inert; KOMBIT broadcasts to the wave from
// the wave's message page; Per finds the broadcast among his
// notifications, marks it read, and follows it to the task, where the
// broadcast shows. Pages for axe: the notifications, a task's messages
// (reached from a notification) and KOMBIT's wave page.
import { execFileSync } from 'node:child_process';
import { PASSWORD } from '../server.mjs';
import { check, logIn, logOut, noticeText, submit } from '../util.mjs';

const PER = { email: 'plus@kbh.dk', name: 'Per Plus' };
const KOMBIT = { email: 'kombit@kombit.dk', name: 'Karen KOMBIT' };

// The wave (KY Bølge 5, with København as a member and master task 1
// published to it) and København's task in it, made once in the server's
// database; returns {wave, task}. Idempotent: a second call finds them.
function seedTask(srv) {
    const py = `
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], timeout=10)
now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
pid = con.execute("SELECT id FROM projects WHERE code = 'KY'").fetchone()[0]
con.execute("INSERT OR IGNORE INTO waves (project_id, name) VALUES (?, 'Bølge 5')", (pid,))
wid = con.execute("SELECT id FROM waves WHERE project_id = ? AND name = 'Bølge 5'",
                  (pid,)).fetchone()[0]
con.execute("UPDATE waves SET go_live = '2031-09-01' WHERE id = ?", (wid,))
org = con.execute("SELECT id FROM organisations WHERE code = '101'").fetchone()[0]
con.execute("INSERT OR IGNORE INTO wave_members VALUES (?, ?)", (wid, org))
con.execute("INSERT OR IGNORE INTO wave_publications (wave_id, master_task_id, published_at)"
            " VALUES (?, 1, ?)", (wid, now))
con.execute("INSERT OR IGNORE INTO tasks (master_task_id, organisation_id, project_id, wave_id,"
            " end_date, published_at, updated_at) SELECT id, ?, project_id, ?,"
            " date('2031-09-01', coalesce(end_offset_days, 0) || ' days'), ?, ?"
            " FROM master_tasks WHERE id = 1", (org, wid, now, now))
tid = con.execute("SELECT id FROM tasks WHERE organisation_id = ? AND wave_id = ?",
                  (org, wid)).fetchone()[0]
per = con.execute("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'").fetchone()[0]
con.execute("UPDATE tasks SET responsible_id = ? WHERE id = ?", (per, tid))
con.commit()
print(wid, tid)
`;
    const out = execFileSync('/usr/bin/python3', ['-c', py, srv.db], { encoding: 'utf8' });
    const [wave, task] = out.trim().split(' ').map(Number);
    return { wave, task };
}

// Fills the page's "Besked" field with `text` and clicks `button`; checks
// the notice `notice` on the page the post leads to.
async function write(page, text, button, notice) {
    await page.getByRole('main').getByRole('textbox', { name: 'Besked' }).fill(text);
    await submit(page, page.getByRole('main').getByRole('button', { name: button }));
    const got = await noticeText(page);
    check(got === notice, `after "${button}" the notice says ${JSON.stringify(got)}`);
}

// Per writes on his task; the message is rendered and its script inert.
async function perWrites(page, srv, ids, tag, look, shots) {
    await logIn(page, srv.base, PER.email, PASSWORD, PER.name);
    await page.goto(`${srv.base}/opgaver/${ids.task}/beskeder`);
    const text = `Hej **KOMBIT** (${tag}) <script>window.hacked = 1</script>`;
    await write(page, text, 'Send besked', 'Beskeden er sendt.');
    const mine = page.locator('article.message', { hasText: `(${tag})` }).last();
    check(await mine.locator('strong', { hasText: 'KOMBIT' }).count() === 1,
          'the message is not rendered with its Markdown');
    check(await mine.locator('script').count() === 0, 'the message kept its script tag');
    check(!(await page.evaluate(() => window.hacked)), 'the script ran');
    await look(page, 'a task\'s messages after writing', `${shots}/01-task-messages`);
    await logOut(page);
}

// KOMBIT broadcasts to the wave from the wave's message page.
async function kombitBroadcasts(page, srv, ids, tag, look, shots) {
    await logIn(page, srv.base, KOMBIT.email, PASSWORD, KOMBIT.name);
    await page.goto(`${srv.base}/boelger/${ids.wave}/beskeder`);
    await write(page, `Til hele bølgen: *husk go-live* (${tag})`, 'Send til bølgen',
                'Beskeden er sendt til alle bølgens opgaver.');
    check(await page.locator('article.message em', { hasText: 'husk go-live' }).count() >= 1,
          'the broadcast is not on the wave\'s page');
    await look(page, 'a wave\'s messages (KOMBIT)', `${shots}/02-wave-messages`);
    await logOut(page);
}

// Per sees the notification, marks it read and follows it to the task.
async function perIsNotified(page, srv, ids, tag, look, shots) {
    await logIn(page, srv.base, PER.email, PASSWORD, PER.name);
    await page.goto(`${srv.base}/notifikationer`);
    const item = page.locator('li.notification.unread',
                              { hasText: 'KOMBIT har skrevet til hele bølgen om' }).first();
    check(await item.count() === 1, 'no unread notification of the broadcast');
    await look(page, 'the notifications', `${shots}/03-notifications`);
    await submit(page, item.getByRole('button', { name: 'Markér som læst' }));
    const notice = await noticeText(page);
    check(notice === 'Notifikationen er markeret som læst.', `the notice says ${notice}`);
    await submit(page, page.locator('li.notification').first().getByRole('link').first());
    check(new URL(page.url()).pathname === `/opgaver/${ids.task}/beskeder`,
          `the notification led to ${page.url()}`);
    const cast = page.locator('article.message.kind-wave', { hasText: `(${tag})` });
    check(await cast.count() === 1, 'the broadcast is not on the task');
    check(await cast.locator('.chip', { hasText: 'Til hele bølgen' }).count() === 1,
          'the broadcast is not marked as one');
    await logOut(page);
}

// The journey in a fresh browser context, JavaScript on or off.
async function run(browser, srv, js, look) {
    const ids = seedTask(srv);
    const tag = js ? 'med JavaScript' : 'uden JavaScript';
    const shots = js ? 'messages-js' : 'messages-nojs';
    const ctx = await browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                           viewport: { width: 1280, height: 800 } });
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await perWrites(page, srv, ids, tag, look, shots);
        await kombitBroadcasts(page, srv, ids, tag, look, shots);
        await perIsNotified(page, srv, ids, tag, look, shots);
    } finally {
        await ctx.close();
    }
}

export const journeys = [{ name: 'messages journey', run }];

// Checked by axe after the journeys (which made the task and the
// notifications): [label, how, status, submit, user].
export const pages = [
    ['/notifikationer (messages)', '/notifikationer', 200, undefined, PER.email],
    ['/opgaver/<id>/beskeder (messages)',
     ['/notifikationer', 'main li.notification a[href$="/beskeder"]'], 200, undefined, PER.email],
    ['/boelger/<id>/beskeder (messages)', '/boelger/1/beskeder', 200, undefined, KOMBIT.email],
];
