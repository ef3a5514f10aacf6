// feeds: the follow-up matrix and the search, as people use them in a
// real browser, with and without JavaScript. KOMBIT opens a wave (of
// three municipalities, with master task 519 published to it through the
// API) and follows its link "Opfølgning" to the matrix: a row per
// municipality whose cells say their status in a word beside the colour,
// totals, a legend and the CSV link. A municipality's user searches /soeg
// for "omsætningstabel", finds the ØiR finans administrator's role with
// the word marked, and opens it. The same user makes a calendar feed on
// /konto (the secret URL shown once answers text/calendar), then turns it
// off there (confirming with JavaScript on), and the URL stops working.
// Nothing else changes but the wave set up once for the runs.
import { check, logIn, logOut, noticeText, submit } from '../util.mjs';
import { PASSWORD } from '../server.mjs';

const KOMBIT = { email: 'kombit@kombit.dk', name: 'Karen KOMBIT' };
const PLUS = { email: 'plus@kbh.dk', name: 'Per Plus' };
const waves = new WeakMap(); // srv → the promise of its wave's id

// Calls the API as KOMBIT (an API token); the JSON answer, or throws.
async function api(srv, token, method, path, body) {
    const r = await fetch(srv.base + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
    });
    check(r.status < 300, `${method} ${path}: status ${r.status}`);
    return r.json();
}

// The wave both runs look at: KY, 101, 147 and 751, with task 519; made
// once per server through the API.
function wave(srv) {
    if (!waves.has(srv)) {
        waves.set(srv, (async () => {
            const token = srv.token(KOMBIT.email);
            const tasks = (await api(srv, token, 'GET', '/api/v1/master-tasks')).master_tasks;
            const t519 = tasks.find((t) => t.external_id === 519);
            check(t519, 'no master task 519');
            const w = await api(srv, token, 'POST', '/api/v1/waves', {
                project: 'KY', name: 'Bølge opfølgning', go_live: '2027-09-01',
                municipalities: ['101', '147', '751'],
            });
            await api(srv, token, 'POST', `/api/v1/waves/${w.id}/publish`,
                      { master_tasks: [t519.id] });
            return w.id;
        })());
    }
    return waves.get(srv);
}

// A new browser context, JavaScript on or off, at desktop size.
async function context(browser, js) {
    return browser.newContext({ javaScriptEnabled: js, locale: 'da-DK',
                                viewport: { width: 1280, height: 800 } });
}

// KOMBIT: wave page → "Opfølgning" → the matrix.
async function matrixJourney(browser, srv, js, look) {
    const id = await wave(srv);
    const shots = js ? 'feeds-js' : 'feeds-nojs';
    const ctx = await context(browser, js);
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, KOMBIT.email, PASSWORD, KOMBIT.name);
        await page.goto(`${srv.base}/boelger/${id}`);
        await submit(page, page.getByRole('main').getByRole('link', { name: 'Opfølgning' }));
        check(new URL(page.url()).pathname === `/boelger/${id}/opfoelgning`,
              `"Opfølgning" led to ${page.url()}`);
        const rows = page.locator('table.matrix tbody tr');
        check(await rows.count() === 3, `${await rows.count()} municipalities, want 3`);
        const kbh = rows.filter({ hasText: '101 København' });
        const cell = kbh.locator('td.c').first();
        check((await cell.getAttribute('class')).includes('c-ikke_paabegyndt'),
              `København's cell is ${await cell.getAttribute('class')}`);
        check((await cell.textContent()).includes('Ikke påbegyndt'), 'the cell has no word');
        check((await kbh.textContent()).includes('0/1'), 'no row total');
        check(await page.locator('ul.legend li').count() === 5, 'no legend');
        const csv = page.getByRole('link', { name: 'Hent som CSV' });
        check(await csv.getAttribute('href') === `/boelger/${id}/opfoelgning?format=csv`,
              'no CSV link');
        await look(page, 'the follow-up matrix', `${shots}/01-matrix`);
        await page.goto(`${srv.base}/opfoelgning`);
        check(await page.locator('progress').count() > 0, '/opfoelgning has no progress bar');
        await logOut(page);
    } finally {
        await ctx.close();
    }
}

// A municipality's user searches and opens a hit.
async function searchJourney(browser, srv, js, look) {
    const shots = js ? 'feeds-js' : 'feeds-nojs';
    const ctx = await context(browser, js);
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        await logIn(page, srv.base, PLUS.email, PASSWORD, PLUS.name);
        await page.goto(srv.base + '/soeg');
        await page.getByLabel('Søg i opgaver, roller og beskeder').fill('Omsætningstabel');
        await submit(page, page.getByRole('search').getByRole('button', { name: 'Søg' }));
        const hits = page.locator('ol.results li');
        check(await hits.count() > 0, 'no results for "Omsætningstabel"');
        const marks = await page.locator('ol.results mark').allTextContents();
        check(marks.some((m) => m.toLowerCase() === 'omsætningstabel'),
              `the marked words are ${JSON.stringify(marks)}`);
        await look(page, 'search results', `${shots}/02-search`);
        await submit(page, page.getByRole('link', { name: 'ØiR finans administrator' }));
        check(new URL(page.url()).pathname === '/roller/oeir-finans-administrator',
              `the hit led to ${page.url()}`);
        await logOut(page);
    } finally {
        await ctx.close();
    }
}


// A user makes their calendar feed on /konto, reads it, and turns it off.
async function calendarJourney(browser, srv, js, look) {
    const shots = js ? 'feeds-js' : 'feeds-nojs';
    const ctx = await context(browser, js);
    try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(10000);
        const asked = [];
        page.on('dialog', (d) => {
            asked.push(d.message());
            d.accept();
        });
        await logIn(page, srv.base, PLUS.email, PASSWORD, PLUS.name);
        await page.goto(srv.base + '/konto');
        await submit(page, page.getByRole('button', { name: 'Lav en kalenderadresse' }));
        const url = (await page.locator('#calendar-url').textContent()).trim();
        check(url.includes('/kalender/'), `the page shows ${JSON.stringify(url)}`);
        await look(page, 'a new calendar feed', `${shots}/03-calendar`);
        const feed = await fetch(srv.base + new URL(url).pathname);
        check(feed.status === 200 && feed.headers.get('content-type').startsWith('text/calendar'),
              `the feed answers ${feed.status} ${feed.headers.get('content-type')}`);
        check((await feed.text()).startsWith('BEGIN:VCALENDAR\r\n'), 'not a calendar');
        await submit(page, page.getByRole('link', { name: 'Tilbage til min konto' }));
        await submit(page, page.getByRole('button', { name: 'Slå kalenderen fra' }));
        check(asked.length === (js ? 1 : 0), `confirmations asked: ${JSON.stringify(asked)}`);
        const notice = await noticeText(page);
        check(notice === 'Kalenderen er slået fra.', `after "Slå kalenderen fra": ${notice}`);
        const gone = await fetch(srv.base + new URL(url).pathname);
        check(gone.status === 404, `the turned-off feed answers ${gone.status}`);
        await logOut(page);
    } finally {
        await ctx.close();
    }
}

export const journeys = [
    { name: 'feeds: KOMBIT opens the follow-up matrix', run: matrixJourney },
    { name: 'feeds: a user searches', run: searchJourney },
    { name: 'feeds: a user makes and turns off a calendar feed', run: calendarJourney },
];

export const pages = [
    ['feeds: /soeg', '/soeg', 200],
    ['feeds: /soeg?q=omsætningstabel', '/soeg?q=oms%C3%A6tningstabel', 200],
    ['feeds: /opfoelgning', '/opfoelgning', 200, null, 'kombit@kombit.dk'],
];
