"""HTTP tests of messages, notifications and mail: messages on a task
written through the page's form and the API (Markdown rendered inert),
unread markers, KOMBIT's broadcasts to a wave (on every task of that wave
and no other), imported comments among the messages, who may read and
write, the notifications page and its read markers, the e-mail choice on
/konto, and mail through a real SMTP server on loopback (aiosmtpd): the
daily digest, immediate mail, a relay that is down (nothing lost), and a
restart (nothing sent twice). Tasks come from Server.seed_wave; master
task 1 (KY) has an imported comment."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import datetime  # noqa: E402
import email  # noqa: E402
import email.policy  # noqa: E402
import socket  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402

MT = 1            # master task 1: KY, end offset -171 days, one imported comment
HOSTILE = ("Hej **fed** <script>alert('x')</script> [klik](javascript:alert(1)) "
           "<img src=x onerror=alert(2)> [ok](https://kombit.dk)")


def go_live(days_to_deadline):
    """The go-live date that puts master task 1's deadline that many days
    from today (its end offset is -171 days)."""
    return (datetime.date.today() + datetime.timedelta(days=171 + days_to_deadline)).isoformat()


def task_of(s, code, wave):
    """The task of municipality code in wave."""
    return s.one("SELECT t.id FROM tasks t JOIN organisations o ON o.id = t.organisation_id"
                 " WHERE o.code = ? AND t.wave_id = ?", code, wave)


def person(s, email_):
    return s.one("SELECT person_id FROM users WHERE email = ?", email_)


def logged_in(s, email_):
    c = s.client()
    c.login(email_)
    return c


def messages(c, task):
    r = c.get("/api/v1/tasks/%d/messages" % task)
    eq(r.status, 200, "messages of task %d (%s)" % (task, r.text[:200]))
    return r.json()["messages"]


_world = {}


def world():
    """A shared server with wave 1 (KY Bølge 5: København, Aarhus) and a
    second KY wave (København only), both with master task 1; Per Plus is
    responsible for København's task in wave 1."""
    if not _world:
        s = shared_server()
        w1 = s.seed_wave("KY", "Bølge 5", go_live(60), ["101", "751"], [MT])
        w2 = s.seed_wave("KY", "Bølge 6", go_live(90), ["101"], [MT])
        kbh = task_of(s, "101", w1)
        s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", person(s, "plus@kbh.dk"), kbh)
        _world.update(s=s, w1=w1, w2=w2, kbh=kbh, aarhus=task_of(s, "751", w1),
                      kbh2=task_of(s, "101", w2))
    return _world


# ---------------------------------------------------------------- messages

@test
def a_message_written_in_the_form_renders_inert():
    w = world()
    s, c = w["s"], logged_in(w["s"], "plus@kbh.dk")
    page = c.get("/opgaver/%d/beskeder" % w["kbh"])
    eq(page.status, 200, "messages page")
    r = submit(c, form_of(page, action="/opgaver/%d/beskeder" % w["kbh"]), {"body": HOSTILE})
    eq(r.status, 200, "after sending (%s)" % r.text[:200])
    check(len(r.history) == 1 and r.history[0].status == 303, "a redirect after the post")
    check("Beskeden er sendt." in r.text, "the notice")
    body = main_of(r.text)
    check("<strong>fed</strong>" in body, "Markdown rendered on the page")
    for bad in ("<script", "javascript:", "onerror", "<img"):
        check(bad not in body.lower(), "%r on the page: %s" % (bad, body[:2000]))
    check('href="https://kombit.dk"' in body, "a safe link stays a link")
    stored = s.one("SELECT body_html FROM messages WHERE body = ?", HOSTILE)
    check(stored and "<strong>fed</strong>" in stored, "stored HTML %r" % stored)
    for bad in ("<script", "javascript:", "onerror", "<img"):
        check(bad not in stored.lower(), "%r in the stored HTML %r" % (bad, stored))
    mine = [m for m in messages(c, w["kbh"]) if m["body"] == HOSTILE]
    eq(len(mine), 1, "the message in the API")
    eq(mine[0]["body_html"], stored, "body_html in the API")
    eq(mine[0]["author"], {"name": "Per Plus", "organisation": "København"}, "author")
    eq((mine[0]["kind"], mine[0]["unread"]), ("task", False), "kind, and one's own is read")
    ev = s.sql("SELECT action, entity FROM audit_events WHERE entity = 'message'"
               " AND entity_id = ?", str(mine[0]["id"]))
    eq(ev, [("message.create", "message")], "audit event")


@test
def the_api_takes_markdown_and_answers_html():
    w = world()
    c = logged_in(w["s"], "kombit@kombit.dk")
    r = c.post_json("/api/v1/tasks/%d/messages" % w["kbh"], {"body": "Husk *fristen*"})
    eq(r.status, 201, "KOMBIT writes (%s)" % r.text[:200])
    m = r.json()
    eq(sorted(m), ["author", "body", "body_html", "created_at", "id", "kind", "unread"], "keys")
    eq(m["body_html"], "<p>Husk <em>fristen</em></p>\n", "body_html")
    eq(m["author"], {"name": "Karen KOMBIT", "organisation": "KOMBIT"}, "author")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["created_at"]), "created_at")
    eq(r.header("Location"), "/api/v1/tasks/%d/messages" % w["kbh"], "Location")
    for bad in ({}, {"body": ""}, {"body": "x" * 20001}, {"body": "x", "organisation": "751"}):
        r = c.post_json("/api/v1/tasks/%d/messages" % w["kbh"], bad)
        eq(r.status, 422, "bad body %r" % (list(bad),))
    eq(c.post_json("/api/v1/tasks/%d/messages" % 999999, {"body": "x"}).status, 404, "no task")


def end_visit(s, email_, task):
    """Makes the user's last reading of task's messages 11 minutes old: the
    next reading is a new visit."""
    old = (datetime.datetime.utcnow() - datetime.timedelta(minutes=11)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    check(s.write("UPDATE message_reads SET read_at = ? WHERE user_id = ? AND task_id = ?",
                  old, s.user_id(email_), task) == 1, "a marker for %s" % email_)


@test
def unread_markers_follow_each_reader():
    w = world()
    s = w["s"]
    k = logged_in(s, "kombit@kombit.dk")
    plus, admin = logged_in(s, "plus@kbh.dk"), logged_in(s, "admin@kbh.dk")
    for who, c in (("plus@kbh.dk", plus), ("admin@kbh.dk", admin)):
        messages(c, w["kbh"])
        end_visit(s, who, w["kbh"])
        messages(c, w["kbh"])  # a visit that saw everything so far
        end_visit(s, who, w["kbh"])
    r = k.post_json("/api/v1/tasks/%d/messages" % w["kbh"], {"body": "Ny oplysning"})
    eq(r.status, 201, "KOMBIT writes")
    new = r.json()["id"]
    unread = {m["id"]: m["unread"] for m in messages(plus, w["kbh"]) if m["id"]}
    eq([i for i, u in unread.items() if u], [new], "only the new one is unread for Per")
    again = {m["id"]: m["unread"] for m in messages(plus, w["kbh"]) if m["id"]}
    eq(again, unread, "reading again in the same visit shows the same")
    end_visit(s, "plus@kbh.dk", w["kbh"])
    eq({m["id"]: m["unread"] for m in messages(plus, w["kbh"]) if m["id"]}[new], False,
       "read on Per's next visit")
    page = admin.get("/opgaver/%d/beskeder" % w["kbh"])
    check(re.search(r'class="message unread[^"]*" id="besked-%d"' % new, page.text),
          "the page marks it new for Anne")
    view = admin.get("/opgaver/%d/beskeder" % w["kbh"], headers={"X-Klikd-View": "1"}).json()
    eq(view["messages"], messages(admin, w["kbh"]), "the page's view and the API agree")
    end_visit(s, "admin@kbh.dk", w["kbh"])
    check(not re.search(r'class="message unread', admin.get("/opgaver/%d/beskeder"
                                                              % w["kbh"]).text),
          "and not on her next visit")
    eq(s.one("SELECT last_message_id FROM message_reads WHERE user_id = ? AND task_id = ?",
             s.user_id("plus@kbh.dk"), w["kbh"]), new, "Per's marker")


@test
def a_broadcast_shows_on_every_task_of_its_wave_only():
    w = world()
    s = w["s"]
    k = logged_in(s, "kombit@kombit.dk")
    page = k.get("/boelger/%d/beskeder" % w["w1"])
    eq(page.status, 200, "the wave's message page")
    r = submit(k, form_of(page, action="/boelger/%d/beskeder" % w["w1"]),
               {"body": "Bølge 5: **husk** go-live"})
    eq(r.status, 200, "after the broadcast (%s)" % r.text[:200])
    check("<strong>husk</strong>" in main_of(r.text), "the broadcast on the wave's page")
    bid = s.one("SELECT max(id) FROM messages WHERE wave_id = ?", w["w1"])
    for who, task in (("plus@kbh.dk", w["kbh"]), ("plus@aarhus.dk", w["aarhus"])):
        got = [m for m in messages(logged_in(s, who), task) if m["id"] == bid]
        eq(len(got), 1, "the broadcast on %s's task" % who)
        eq(got[0]["kind"], "wave", "its kind")
    check(bid not in [m["id"] for m in messages(logged_in(s, "plus@kbh.dk"), w["kbh2"])],
          "not on the other wave's task")
    plus = logged_in(s, "plus@kbh.dk")
    eq(plus.post_json("/api/v1/waves/%d/messages" % w["w1"], {"body": "x"}).status, 403,
       "a municipality cannot broadcast")
    eq(k.post_json("/api/v1/waves/%d/messages" % 999999, {"body": "x"}).status, 404, "no wave")
    r = k.post_json("/api/v1/waves/%d/messages" % w["w2"], {"body": "Kun bølge 6"})
    eq((r.status, r.json()["kind"]), (201, "wave"), "broadcast through the API")
    eq(s.sql("SELECT task_id, organisation_id FROM messages WHERE id = ?", r.json()["id"]),
       [(None, None)], "a broadcast belongs to no task and no municipality")


@test
def imported_comments_appear_among_the_messages():
    w = world()
    s = w["s"]
    author, body = s.sql("SELECT author, body FROM master_task_comments"
                         " WHERE master_task_id = ?", MT)[0]
    plus = logged_in(s, "plus@kbh.dk")
    got = [m for m in messages(plus, w["kbh"]) if m["kind"] == "import"]
    eq(len(got), 1, "one imported comment")
    eq((got[0]["author"]["name"], got[0]["body"], got[0]["id"], got[0]["unread"]),
       (author, body, None, False), "the comment as a message")
    page = plus.get("/opgaver/%d/beskeder" % w["kbh"])
    check("Kommentar fra KLIK" in page.text and html_escape(author) in page.text,
          "the comment on the page")


def html_escape(t):
    import html
    return html.escape(t, quote=True)


@test
def who_may_read_and_write_a_tasks_messages():
    w = world()
    s = w["s"]
    kbh = "/api/v1/tasks/%d/messages" % w["kbh"]
    aa = logged_in(s, "plus@aarhus.dk")
    eq(aa.get(kbh).status, 404, "another municipality's task: GET")
    eq(aa.post_json(kbh, {"body": "fra Aarhus"}).status, 404, "another municipality's: POST")
    eq(aa.get("/opgaver/%d/beskeder" % w["kbh"]).status, 404, "and its page")
    laeser = logged_in(s, "laeser@kbh.dk")
    eq(laeser.get(kbh).status, 200, "a laeser reads")
    eq(laeser.post_json(kbh, {"body": "læser"}).status, 403, "a laeser cannot write")
    check('action="/opgaver/%d/beskeder"' % w["kbh"] not in
          laeser.get("/opgaver/%d/beskeder" % w["kbh"]).text, "and sees no form")
    eq(s.one("SELECT count(*) FROM messages WHERE body IN ('fra Aarhus', 'læser')"), 0,
       "nothing written")
    eq(s.client().get(kbh).status, 401, "anonymous")
    r = aa.post_form("/opgaver/%d/beskeder" % w["aarhus"], {"body": "uden nøgle"}, csrf=False)
    eq(r.status, 403, "a form without its CSRF token")
    s.write("UPDATE tasks SET hidden_at = '2024-01-01T00:00:00Z' WHERE id = ?", w["kbh2"])
    try:
        eq(logged_in(s, "plus@kbh.dk").get("/api/v1/tasks/%d/messages" % w["kbh2"]).status,
           404, "an unpublished task")
    finally:
        s.write("UPDATE tasks SET hidden_at = NULL WHERE id = ?", w["kbh2"])


# ---------------------------------------------------------------- notifications

@test
def a_message_notifies_the_tasks_responsible():
    w = world()
    s = w["s"]
    me = s.user_id("plus@kbh.dk")
    before = s.one("SELECT count(*) FROM notifications WHERE user_id = ?", me)
    k = logged_in(s, "kombit@kombit.dk")
    eq(k.post_json("/api/v1/tasks/%d/messages" % w["kbh"], {"body": "Til Per"}).status, 201,
       "KOMBIT writes")
    plus = logged_in(s, "plus@kbh.dk")
    r = plus.get("/api/v1/notifications")
    eq(r.status, 200, "notifications")
    n = r.json()["notifications"][0]
    eq((n["kind"], n["read"], n["task"]["id"], n["message"]["author"]),
       ("message", False, w["kbh"], "Karen KOMBIT"), "the newest notification")
    eq(s.one("SELECT count(*) FROM notifications WHERE user_id = ?", me), before + 1, "one more")
    check(r.json()["unread"] >= 1, "unread count")
    eq(plus.post_json("/api/v1/tasks/%d/messages" % w["kbh"], {"body": "Svar"}).status, 201,
       "Per answers")
    eq(s.one("SELECT count(*) FROM notifications WHERE user_id = ?", me), before + 1,
       "one's own message notifies nobody of it")
    page = plus.get("/notifikationer")
    eq(page.status, 200, "the notifications page")
    check("Karen KOMBIT har skrevet en besked på" in main_of(page.text), "the text")
    r = submit(plus, form_of(page, action="/notifikationer/%d/laest" % n["id"]))
    eq(r.status, 200, "after marking it read")
    check("Notifikationen er markeret som læst." in r.text, "the notice")
    check(s.one("SELECT read_at FROM notifications WHERE id = ?", n["id"]), "read_at set")
    aa = logged_in(s, "plus@aarhus.dk")
    eq(aa.post_json("/api/v1/notifications/%d/read" % n["id"]).status, 404,
       "another user's notification")
    eq([x for x in aa.get("/api/v1/notifications").json()["notifications"]
        if x["id"] == n["id"]], [], "is not in their list")
    eq(k.post_json("/api/v1/waves/%d/messages" % w["w1"], {"body": "Til alle"}).status, 201,
       "a broadcast")
    eq(plus.get("/api/v1/notifications").json()["notifications"][0]["message"]["broadcast"],
       True, "notifies the wave's responsible")
    s.write("UPDATE tasks SET hidden_at = '2024-01-01T00:00:00Z' WHERE id = ?", w["kbh"])
    try:
        r = plus.get("/api/v1/notifications").json()
        eq([n for n in r["notifications"] if n["task"]["id"] == w["kbh"]], [],
           "an unpublished task's notifications are left out")
        eq(r["unread"], 0, "and not counted")
    finally:
        s.write("UPDATE tasks SET hidden_at = NULL WHERE id = ?", w["kbh"])
    r = plus.post_json("/api/v1/notifications/read")
    eq((r.status, r.json()["unread"]), (200, 0), "mark all read")
    eq(s.one("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", me), 0,
       "none unread")


@test
def the_email_choice_is_set_on_the_account_page():
    s = shared_server()
    c = logged_in(s, "admin@kbh.dk")
    me = s.user_id("admin@kbh.dk")
    page = c.get("/konto")
    form = form_of(page, action="/konto/notifikationer")
    eq([f.value for f in form.fields if f.name == "notify" and f.checked], ["digest"],
       "the default")
    r = submit(c, form, {"notify": "immediate"}, force=True)
    eq(r.status, 200, "after saving")
    check("Dit valg af notifikationer på e-mail er gemt." in r.text, "the notice")
    eq(s.one("SELECT mode FROM notify_settings WHERE user_id = ?", me), "immediate", "stored")
    check('value="immediate" checked' in r.text, "shown checked")
    eq(c.patch_json("/api/v1/me", {"notify": "none"}).json(), {"notify": "none"}, "the API")
    eq(c.patch_json("/api/v1/me", {"notify": "sometimes"}).status, 422, "an unknown choice")
    eq(c.patch_json("/api/v1/me", {"notify": "digest"}).status, 200, "back to the default")
    eq(s.sql("SELECT * FROM notify_settings WHERE user_id = ?", me), [], "stored as no row")
    eq([a for (a,) in s.sql("SELECT action FROM audit_events WHERE action = 'account.notify'"
                            " AND user_id = ?", me)], ["account.notify"] * 3, "audited")


# ---------------------------------------------------------------- mail

class Inbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it gets."""

    def __init__(self, port=0):
        self.mails = []
        self.lock = threading.Lock()
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with inbox.lock:
                    inbox.mails.append((envelope.rcpt_tos, email.message_from_bytes(
                        envelope.content, policy=email.policy.default)))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port or free_port())
        self.controller.start()
        self.port = self.controller.port

    def to(self, addr):
        with self.lock:
            return [m for rcpt, m in self.mails if addr in rcpt]

    def wait(self, addr, n=1, timeout=30):
        """The mails to addr once there are n of them (fails after timeout)."""
        end = time.time() + timeout
        while time.time() < end:
            got = self.to(addr)
            if len(got) >= n:
                return got
            time.sleep(0.2)
        raise Failure("%d mail(s) to %s, want %d" % (len(self.to(addr)), addr, n))

    def stop(self):
        self.controller.stop()


def free_port():
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def mail_server(port, extra=()):
    return Server(extra_args=["--smtp", "smtp://127.0.0.1:%d" % port, "--mail-interval", "1",
                              "--mail-from", "noreply@klikd.test", *extra])


def text_of(m):
    return m.get_body(preferencelist=("plain",)).get_content()


@test
def the_daily_digest_reaches_a_real_smtp_server():
    inbox = Inbox()
    s = mail_server(inbox.port)
    try:
        wid = s.seed_wave("KY", "Bølge 5", go_live(3), ["101"], [MT])
        task = task_of(s, "101", wid)
        s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", person(s, "plus@kbh.dk"),
                task)
        k = logged_in(s, "kombit@kombit.dk")
        eq(k.post_json("/api/v1/tasks/%d/messages" % task, {"body": "Digest-besked"}).status,
           201, "KOMBIT writes")
        time.sleep(2.5)
        eq(inbox.to("plus@kbh.dk"), [], "nothing before the digest")
        klikd("mail", "digest", "--db", s.db)
        got = inbox.wait("plus@kbh.dk")
        eq(len(got), 1, "one digest")
        m = got[0]
        check(m["Subject"].startswith("klikd: 2 nye notifikationer"), "subject %r" % m["Subject"])
        eq(m["From"].addresses[0].addr_spec, "noreply@klikd.test", "From")
        body = text_of(m)
        title = s.one("SELECT title FROM master_tasks WHERE id = ?", MT)
        check(body.count(title) == 2, "the task in both lines: %s" % body)
        check("Fristen nærmer sig" in body and "Digest-besked" in body, "due and message")
        check("/opgaver/%d/beskeder" % task in body, "the link")
        eq(s.one("SELECT count(*) FROM notifications WHERE digested_at IS NULL AND user_id = ?",
                 s.user_id("plus@kbh.dk")), 0, "all mailed")
        klikd("mail", "digest", "--db", s.db)
        time.sleep(2.5)
        eq(len(inbox.to("plus@kbh.dk")), 1, "a second run the same day sends nothing again")
        eq(s.one("SELECT count(*) FROM notifications WHERE kind = 'due' AND task_id = ?", task),
           1, "due once per task")
    finally:
        s.close()
        inbox.stop()


@test
def immediate_mode_sends_at_once():
    inbox = Inbox()
    s = mail_server(inbox.port)
    try:
        wid = s.seed_wave("KY", "Bølge 5", go_live(60), ["101"], [MT])
        task = task_of(s, "101", wid)
        s.write("UPDATE tasks SET performer_id = ? WHERE id = ?", person(s, "plus@kbh.dk"), task)
        plus = logged_in(s, "plus@kbh.dk")
        eq(plus.patch_json("/api/v1/me", {"notify": "immediate"}).status, 200, "immediate")
        k = logged_in(s, "kombit@kombit.dk")
        eq(k.post_json("/api/v1/tasks/%d/messages" % task, {"body": "Straks!"}).status, 201,
           "KOMBIT writes")
        m = inbox.wait("plus@kbh.dk")[0]
        check(m["Subject"].startswith("klikd: Ny besked på opgaven"), "subject %r" % m["Subject"])
        check("> Straks!" in text_of(m), "the message quoted")
        eq(s.one("SELECT count(*) FROM mail_queue WHERE sent_at IS NOT NULL"), 1, "marked sent")
    finally:
        s.close()
        inbox.stop()


@test
def a_relay_that_is_down_loses_nothing_and_a_restart_sends_nothing_twice():
    port = free_port()
    s = mail_server(port)
    inbox = None
    try:
        wid = s.seed_wave("KY", "Bølge 5", go_live(60), ["101"], [MT])
        task = task_of(s, "101", wid)
        s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", person(s, "plus@kbh.dk"),
                task)
        plus = logged_in(s, "plus@kbh.dk")
        eq(plus.patch_json("/api/v1/me", {"notify": "immediate"}).status, 200, "immediate")
        k = logged_in(s, "kombit@kombit.dk")
        t0 = time.time()
        eq(k.post_json("/api/v1/tasks/%d/messages" % task, {"body": "Mens relæet er nede"})
           .status, 201, "a page answers while the relay is down")
        check(time.time() - t0 < 5, "and at once")
        end = time.time() + 20
        while time.time() < end and not s.one("SELECT attempts FROM mail_queue"):
            time.sleep(0.2)
        check(s.one("SELECT attempts FROM mail_queue"), "an attempt failed")
        check(s.one("SELECT last_error FROM mail_queue"), "its error is kept")
        eq(s.one("SELECT sent_at FROM mail_queue"), None, "not sent")
        inbox = Inbox(port)
        got = inbox.wait("plus@kbh.dk", timeout=40)
        check("Mens relæet er nede" in text_of(got[0]), "the mail that waited")
        time.sleep(3)
        eq(len(inbox.to("plus@kbh.dk")), 1, "once")
        s.stop()
        s.start(["--smtp", "smtp://127.0.0.1:%d" % port, "--mail-interval", "1"])
        time.sleep(3.5)
        eq(len(inbox.to("plus@kbh.dk")), 1, "nothing sent twice after a restart")
        eq(s.one("SELECT count(*) FROM mail_queue WHERE sent_at IS NULL"), 0, "queue empty")
    finally:
        s.close()
        if inbox:
            inbox.stop()


@test
def a_relay_that_hangs_holds_up_no_shutdown():
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(5)
    hung.settimeout(20)
    s = mail_server(hung.getsockname()[1])
    conn = None
    try:
        wid = s.seed_wave("KY", "Bølge 5", go_live(60), ["101"], [MT])
        task = task_of(s, "101", wid)
        s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", person(s, "plus@kbh.dk"),
                task)
        eq(logged_in(s, "plus@kbh.dk").patch_json("/api/v1/me", {"notify": "immediate"}).status,
           200, "immediate")
        eq(logged_in(s, "kombit@kombit.dk").post_json(
            "/api/v1/tasks/%d/messages" % task, {"body": "Hænger"}).status, 201, "a message")
        conn, _ = hung.accept()  # the sender connected; the relay says nothing
        t0 = time.time()
        s.stop()
        check(time.time() - t0 < 10, "shutdown took %.1f s" % (time.time() - t0))
        eq(s.one("SELECT count(*) FROM mail_queue WHERE sent_at IS NULL"), 1,
           "the mail stays queued for the next start")
    finally:
        if conn:
            conn.close()
        hung.close()
        s.close()


run()
