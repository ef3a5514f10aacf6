"""HTTP tests of the small user-facing features, driven through the forms
the pages render, as a browser does: the confirmation shown once after
every save, the log-out page, the way back from a role's 404 page, the
audit page in Danish (and the API beside it), the administrator's one-time
password reset links, and failed log-ins shown to the municipality whose
user was tried. Every test checks the page, the status and the database."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import html  # noqa: E402

STRONG = "Et-godt-kodeord-2024"
NEWER = "Endnu-bedre-kodeord-77"
NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>', re.S)


# ---------------------------------------------------------------- helpers

def notices(resp):
    """The confirmations a page shows (unescaped text)."""
    return [html.unescape(n) for n in NOTICE.findall(resp.text)]


def shows_notice_once(client, resp, text, where):
    """resp is the page a form's redirect led to: it shows text as its one
    confirmation, and reloading it shows none."""
    check(resp.history and resp.history[0].status == 303,
          "%s: the post was not answered with a redirect (%r)" % (where, resp))
    eq(resp.status, 200, "%s: status of the page redirected to (%s)" % (where, resp.text[:200]))
    eq(notices(resp), [text], "%s: confirmations on %s" % (where, resp.path))
    eq(notices(client.get(resp.path)), [], "%s: confirmations after reloading %s"
       % (where, resp.path))


def logged_in(s, email, password=PASSWORD):
    """A client logged in through the log-in form."""
    c = s.client()
    r = c.login_form(email, password)
    eq(r.status, 303, "form log-in of %s (%s)" % (email, r.text[:200]))
    return c


def new_user(s, email, name):
    """A 101 member with KY:plus, created on the command line."""
    s.add_user(email, "101", "member", ["KY:plus"], name)
    return s.user_id(email)


# ---------------------------------------------------------------- (a) confirmations

@test
def user_create_and_edit_confirmed():
    """The new-user form, the edit form, unticking Aktiv: each save confirmed once."""
    s = shared_server()
    a = logged_in(s, "admin@kbh.dk")
    page = a.get("/admin/brugere/ny")
    eq(page.status, 200, "GET /admin/brugere/ny")
    form = form_of(page, action="/admin/brugere/ny")
    r = submit(a, form, {"email": "bodil@kbh.dk", "name": "Bodil Bruger", "type": "member",
                         "password": STRONG, "projects.KY": "plus"})
    uid = s.user_id("bodil@kbh.dk")
    check(uid, "the form created no user")
    eq(r.history[0].header("Location"), "/admin/brugere/%d" % uid, "redirect after creation")
    shows_notice_once(a, r, "Brugeren er oprettet.", "user.create")
    eq(s.sql("SELECT pr.code, up.access FROM user_projects up JOIN projects pr"
             " ON pr.id = up.project_id WHERE up.user_id = ?", uid), [("KY", "plus")],
       "the new user's access")
    form = form_of(r, action="/admin/brugere/%d" % uid)
    eq(form.field("name").value, "Bodil Bruger", "the edit form shows the name")
    eq(form.field("projects.KY").selected(), "plus", "the edit form shows KY access")
    check(form.field("active").checked, "the edit form shows the user active")
    r = submit(a, form, {"title": "Projektleder", "projects.FBS": "laeser"})
    shows_notice_once(a, r, "Ændringerne er gemt.", "user.update")
    eq(s.one("SELECT p.title FROM users u JOIN persons p ON p.id = u.person_id WHERE u.id = ?",
             uid), "Projektleder", "title after the edit")
    eq(s.sql("SELECT pr.code, up.access FROM user_projects up JOIN projects pr"
             " ON pr.id = up.project_id WHERE up.user_id = ? ORDER BY pr.code", uid),
       [("FBS", "laeser"), ("KY", "plus")], "access after the edit")
    r = submit(a, form_of(r, action="/admin/brugere/%d" % uid), {"active": False})
    shows_notice_once(a, r, "Ændringerne er gemt.", "user.update (deactivate)")
    eq(s.one("SELECT active FROM users WHERE id = ?", uid), 0, "unticking Aktiv deactivates")


@test
def own_password_change_confirmed():
    """/konto's password form: confirmed once, the other session ended."""
    s = shared_server()
    uid = new_user(s, "kode@kbh.dk", "Karl Kode")
    c = logged_in(s, "kode@kbh.dk")
    other = logged_in(s, "kode@kbh.dk")
    form = form_of(c.get("/konto"), action="/konto/adgangskode")
    r = submit(c, form, {"current_password": PASSWORD, "new_password": NEWER})
    shows_notice_once(c, r, "Din adgangskode er skiftet. Dine andre sessioner er afsluttet.",
                      "account.password")
    eq(other.get("/api/v1/me").status, 401, "the other session after the change")
    eq(c.get("/api/v1/me").status, 200, "the changing session after the change")
    check(s.one("SELECT count(*) FROM audit_events WHERE action = 'user.password'"
                " AND entity_id = ?", str(uid)) == 1, "one user.password event")
    eq(s.client().login_form("kode@kbh.dk", NEWER).status, 303, "log-in with the new password")


@test
def unknown_form_field_is_named_in_the_alert():
    """A field no input declares (a form gone stale, a browser extension's
    hidden field) comes back 422 with the field named in the alert, since
    no field of the form can show it; nothing is changed."""
    s = shared_server()
    new_user(s, "felt@kbh.dk", "Frede Felt")
    c = logged_in(s, "felt@kbh.dk")
    form = form_of(c.get("/konto"), action="/konto/adgangskode")
    form.fields.append(Field("input", {"type": "hidden", "name": "username",
                                       "value": "felt@kbh.dk"}))
    r = submit(c, form, {"current_password": PASSWORD, "new_password": NEWER}, force=True)
    eq(r.status, 422, "an unknown field")
    alert = re.search(r'<p class="alert" role="alert">(.*?)</p>', r.text, re.S)
    check(alert and "username: Ukendt felt" in html.unescape(alert.group(1)),
          "the alert %r" % (alert.group(1) if alert else None))
    eq(s.client().login_form("felt@kbh.dk", NEWER).status, 401, "the password was not changed")


@test
def appointment_create_and_remove_confirmed():
    """The appointment form, then the Fjern button of the row it made."""
    s = shared_server()
    p = logged_in(s, "plus@kbh.dk")
    per = s.one("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'")
    page = p.get("/projekter/KY/udpegninger")
    form = form_of(page, action="/projekter/KY/udpegninger")
    check(str(per) in [o[0] for o in form.field("person_id").options], "Per is not a choice")
    check("projektleder" in [o[0] for o in form.field("role").options], "no projektleder")
    r = submit(p, form, {"role": "projektleder", "person_id": per, "from": "2025-02-01"})
    shows_notice_once(p, r, "Udpegningen er gemt.", "appointment.create")
    rows = s.sql("SELECT a.id, a.from_date FROM appointments a JOIN roles r ON r.id = a.role_id"
                 " WHERE a.person_id = ? AND r.slug = 'projektleder' AND a.from_date ="
                 " '2025-02-01'", per)
    eq(len(rows), 1, "the appointment row")
    aid = rows[0][0]
    removes = [f for f in forms_of(r) if "Fjern" in f.buttons]
    check(removes, "no Fjern button on the page")
    for f in removes:
        check(re.fullmatch(r"/projekter/KY/udpegninger/\d+/slet", f.action),
              "a Fjern form posts to %r" % f.action)
    r = submit(p, form_of(r, action="/projekter/KY/udpegninger/%d/slet" % aid), {})
    shows_notice_once(p, r, "Udpegningen er fjernet.", "appointment.delete")
    # removing ends the appointment: the row stays as history, ended
    eq(s.one("SELECT count(*) FROM appointments WHERE id = ? AND ended_at IS NOT NULL", aid), 1,
       "the removed (ended) row")
    check(not [f for f in forms_of(r) if f.action.endswith("/%d/slet" % aid)],
          "the removed appointment still has a Fjern button")


@test
def token_create_and_revoke_confirmed():
    """A new token is shown at once; revoking it from /konto is confirmed once."""
    s = shared_server()
    c = logged_in(s, "laeser@kbh.dk")
    uid = s.user_id("laeser@kbh.dk")
    r = submit(c, form_of(c.get("/konto"), action="/konto/noegler"), {"name": "Rapport"})
    eq(r.status, 201, "creating a token shows it (%s)" % r.text[:200])
    eq(r.history, [], "the new token is shown at once, not after a redirect")
    check("no-store" in (r.header("Cache-Control") or ""), "the token page may be stored")
    m = re.search(r'<code class="token" id="token">([^<]+)</code>', r.text)
    check(m, "the page does not show the token")
    eq(s.client(token=m.group(1)).get("/api/v1/me").status, 200, "the token shown works")
    tid = s.one("SELECT id FROM api_tokens WHERE user_id = ? AND name = 'Rapport'", uid)
    konto = c.get("/konto")
    check(m.group(1) not in konto.text, "/konto shows the token again")
    form = form_of(konto, action="/konto/noegler/%d/tilbagekald" % tid)
    r = submit(c, form, {})
    shows_notice_once(c, r, "API-nøglen er tilbagekaldt.", "token.revoke")
    check(s.one("SELECT revoked_at FROM api_tokens WHERE id = ?", tid), "revoked_at not set")
    eq(s.client(token=m.group(1)).get("/api/v1/me").status, 401, "the revoked token")


# ---------------------------------------------------------------- (b) log-out page

@test
def logout_page_logs_out():
    """GET /log-ud asks; its button logs out and the log-in page confirms it."""
    s = shared_server()
    r = s.client().get("/log-ud")
    eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Flog-ud"), "anonymous /log-ud")
    c = logged_in(s, "plus@kbh.dk")
    tok = c.cookies["klikd_session"]
    page = c.get("/log-ud")
    eq(page.status, 200, "GET /log-ud")
    check("Log ud" in main_of(page.text), "the page has no log-out button")
    mine = [f for f in forms_of(page) if f.action == "/log-ud" and f.method == "post"]
    eq(len(mine), 2, "log-out forms (the header's and the page's)")
    eq(s.one("SELECT count(*) FROM sessions WHERE user_id = ?", s.user_id("plus@kbh.dk")) > 0,
       True, "a session before log-out")
    r = submit(c, mine[-1], {})
    eq(r.history[0].header("Location"), "/log-ind", "log-out redirects to the log-in page")
    shows_notice_once(c, r, "Du er logget ud.", "logout")
    check("klikd_session" not in c.cookies, "the session cookie is left")
    old = s.client()
    old.cookies["klikd_session"] = tok
    eq(old.get("/api/v1/me").status, 401, "the old session after log-out")


# ---------------------------------------------------------------- (c) a role's 404

@test
def unknown_role_links_back_to_the_gallery():
    """A missing role's 404 page links back to /roller; other 404s do not."""
    s = shared_server()
    r = s.client().get("/roller/findes-ikke")
    eq(r.status, 404, "GET /roller/findes-ikke")
    body = main_of(r.text)
    check(re.search(r'<a href="/roller">[^<]*</a>', body),
          "the 404 page's content does not link to /roller: %s" % body[:400])
    other = main_of(s.client().get("/findes/slet/ikke").text)
    check('href="/roller"' not in other, "an unrelated 404 links to the gallery")


# ---------------------------------------------------------------- (d) the audit page

def audit_rows(page):
    """The rows of the audit page's table: (action cell, what cell, changes [(field, text)])."""
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", main_of(page.text), re.S):
        cells = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', tr, re.S)
        if not cells:
            continue
        d = {k: v for k, v in cells}
        text = {k: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", v)).split())
                for k, v in d.items()}
        changes = [(html.unescape(f), " ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split()))
                   for f, t in re.findall(r'<li><span class="label">(.*?):</span>(.*?)</li>',
                                          d.get("Ændring", ""), re.S)]
        rows.append((text["Handling"], text["Hvad"], changes))
    return rows


@test
def audit_page_in_danish():
    """Danish names, every stored type in the filter, changes with before/after."""
    s = shared_server()
    a = logged_in(s, "admin@kbh.dk")
    uid = new_user(s, "revideret@kbh.dk", "Rita Revideret")
    r = submit(a, form_of(a.get("/admin/brugere/%d" % uid), action="/admin/brugere/%d" % uid),
               {"title": "Controller"})
    eq(r.status, 200, "the edit")
    page = a.get("/admin/historik")
    eq(page.status, 200, "GET /admin/historik")
    rows = audit_rows(page)
    api = a.get("/api/v1/audit").json()["audit_events"]
    eq(len(rows), len(api), "events on the page versus the API")
    ours = [e for e in api if e["action"] == "user.update" and e["entity_id"] == str(uid)]
    eq(len(ours), 1, "the user.update event in the API")
    e = ours[0]
    eq((e["action_label"], e["entity_label"]), ("Bruger ændret", "Bruger"), "API labels")
    eq(e["changes"], [{"field": "title", "label": "Titel", "before": "", "after": "Controller"}], "API changes")
    i = api.index(e)
    action, what, changes = rows[i]
    check(action.startswith("Bruger ændret"), "page action cell %r" % action)
    check(what.startswith("Bruger %d" % uid), "page type cell %r" % what)
    eq(changes, [("Titel", "Controller")], "the page's change list (nothing before)")
    for row, ev in zip(rows, api):
        check(row[0].startswith(ev["action_label"]) and ev["action"] in row[0],
              "page row %r for %s" % (row[0], ev["action"]))
        check(ev["action_label"] != ev["action"], "no Danish name for %s" % ev["action"])
        check(ev["entity_label"] != ev["entity"], "no Danish name for type %s" % ev["entity"])
    ty = form_of(page, action="/admin/historik").field("entity")
    values = {o[0]: o[1] for o in ty.options}
    for (entity,) in s.sql("SELECT DISTINCT entity FROM audit_events"):
        check(entity in values, "the type filter lacks %r (has %r)" % (entity, sorted(values)))
        check(values[entity] and values[entity] != entity, "type %r shown as %r"
              % (entity, values[entity]))
    eq(values["user"], "Bruger", "the label of type user")
    r = submit(a, form_of(a.get("/admin/brugere/%d" % uid), action="/admin/brugere/%d" % uid),
               {"title": "Revisor", "projects.FBS": "laeser"})
    eq(r.status, 200, "a second edit")
    newest = a.get("/api/v1/audit?action=user.update&limit=1").json()["audit_events"][0]
    eq(newest["changes"], [{"field": "projects", "label": "Projektadgang", "before": "KY: plus",
                            "after": "FBS: laeser, KY: plus"},
                           {"field": "title", "label": "Titel", "before": "Controller",
                            "after": "Revisor"}],
       "API changes of the second edit")
    eq(audit_rows(a.get("/admin/historik?action=user.update"))[0][2],
       [("Projektadgang", "KY: plus → FBS: laeser, KY: plus"), ("Titel", "Controller → Revisor")],
       "the page's change list of the second edit")
    r = submit(a, form_of(page, action="/admin/historik"), {"entity": "user"})
    eq(r.status, 200, "the filter form")
    got = audit_rows(r)
    want = a.get("/api/v1/audit?entity=user").json()["audit_events"]
    eq(len(got), len(want), "filtered rows versus the API")
    check(all(w.startswith("Bruger") for _, w, _ in got), "filtered rows %r" % got[:3])
    eq(form_of(r, action="/admin/historik").field("entity").selected(), "user",
       "the filter keeps its choice")


# ---------------------------------------------------------------- (e) password reset links

def issue_link(admin, uid):
    """The administrator presses "Nulstil adgangskode": the page showing
    the link, and the link's path."""
    form = form_of(admin.get("/admin/brugere/%d" % uid), action="/admin/brugere/%d/nulstil" % uid)
    eq(form.buttons, ["Nulstil adgangskode"], "the reset form's button")
    r = submit(admin, form, {})
    eq(r.status, 201, "issuing a link (%s)" % r.text[:200])
    m = re.search(r'<code class="token" id="reset-link">([^<]+)</code>', r.text)
    check(m, "the page shows no link")
    url = urllib.parse.urlsplit(html.unescape(m.group(1)))
    check(re.fullmatch(r"/nulstil/[A-Za-z0-9_-]{32,}", url.path), "link %r" % m.group(1))
    return r, url.path


@test
def password_reset_link_once():
    """A link shown once, a weak password refused, then used once."""
    s = shared_server()
    uid = new_user(s, "glemt@kbh.dk", "Gitte Glemt")
    victim = logged_in(s, "glemt@kbh.dk")
    a = logged_in(s, "admin@kbh.dk")
    r, link = issue_link(a, uid)
    check("no-store" in (r.header("Cache-Control") or ""), "the link page may be stored")
    token = link.rsplit("/", 1)[1]
    check(token not in a.get("/admin/brugere/%d" % uid).text, "the user page shows the link")
    check(token not in str(s.sql("SELECT * FROM password_resets")), "the link stored in clear")
    anon = s.client()
    page = anon.get(link)
    eq(page.status, 200, "the link opens a form for anyone")
    check("no-store" in (page.header("Cache-Control") or ""), "the form may be stored")
    form = form_of(page, action=link)
    r = submit(anon, form, {"new_password": "kort"})
    eq(r.status, 422, "a weak password")
    check(re.search(r'<p class="field-error" id="new_password-error">[^<]+</p>', r.text),
          "no error next to the field")
    check(s.one("SELECT used_at FROM password_resets WHERE user_id = ?", uid) is None,
          "a refused password spent the link")
    r = submit(anon, form_of(r, action=link), {"new_password": STRONG})
    eq(r.history[0].header("Location"), "/log-ind", "redirect after the new password")
    shows_notice_once(anon, r, "Din nye adgangskode er gemt. Log ind med den.",
                      "password_reset.use")
    eq(victim.get("/api/v1/me").status, 401, "the user's session after the reset")
    eq(s.client().login_form("glemt@kbh.dk", STRONG).status, 303, "log-in with the new one")
    eq(s.client().login_form("glemt@kbh.dk", PASSWORD).status, 401, "log-in with the old one")
    eq(anon.get(link).status, 404, "the spent link")
    acts = [x for (x,) in s.sql("SELECT action FROM audit_events WHERE entity = 'user' AND"
                                " entity_id = ? AND organisation_id = ? ORDER BY id",
                                str(uid), org_id(s, "101"))]
    check(acts.count("user.password_reset") == 1 and acts.count("user.password") == 1 and
          acts.index("user.password_reset") < acts.index("user.password"),
          "audit trail of the user: %r" % acts)
    s.write("DELETE FROM login_throttle")


@test
def password_reset_link_expires_and_stays_home():
    """An expired link is dead; another municipality's admin cannot issue one."""
    s = shared_server()
    uid = new_user(s, "udloebet@kbh.dk", "Ulla Udløbet")
    a = logged_in(s, "admin@kbh.dk")
    _, link = issue_link(a, uid)
    anon = s.client()
    form = form_of(anon.get(link), action=link)
    eq(s.write("UPDATE password_resets SET expires_at = strftime('%s','now') - 1"
               " WHERE user_id = ?", uid), 1, "the link aged")
    eq(anon.get(link).status, 404, "an expired link")
    eq(submit(anon, form, {"new_password": STRONG}).status, 404, "posting an expired link")
    check(s.one("SELECT used_at FROM password_resets WHERE user_id = ?", uid) is None,
          "the expired link was used")
    resets = s.one("SELECT count(*) FROM password_resets")
    aa = logged_in(s, "admin@aarhus.dk")
    eq(aa.get("/admin/brugere/%d" % uid).status, 404, "Aarhus opens 101's user")
    aa.page_csrf("/konto")
    eq(aa.post_form("/admin/brugere/%d/nulstil" % uid, {}).status, 404,
       "Aarhus's admin issues a link for 101's user (page)")
    aa.login("admin@aarhus.dk")
    eq(aa.post_json("/api/v1/users/%d/password-reset" % uid, {}).status, 404,
       "Aarhus's admin issues a link for 101's user (API)")
    eq(s.one("SELECT count(*) FROM password_resets"), resets, "links after Aarhus's attempts")


# ---------------------------------------------------------------- (f) failed log-ins

@test
def failed_logins_shown_to_the_users_municipality():
    """login.fail belongs to the account's municipality, seen by its admin only."""
    s = shared_server()
    s.write("DELETE FROM login_throttle")
    try:
        uid = s.user_id("laeser@kbh.dk")
        eq(s.client().login_form("laeser@kbh.dk", "forkert-gaet-42").status, 401, "a wrong one")
        eq(s.client().login_form("ingen.her@kbh.dk", "forkert-gaet-43").status, 401, "unknown")
        row = s.sql("SELECT organisation_id, entity_id FROM audit_events"
                    " WHERE action = 'login.fail' ORDER BY id DESC LIMIT 2")
        eq(row[1], (org_id(s, "101"), str(uid)), "the failure against laeser@kbh.dk")
        check(row[0][0] in (None, 0), "the failure against an unknown e-mail has organisation %r"
              % (row[0][0],))
        kbh = logged_in(s, "admin@kbh.dk").get("/api/v1/audit?action=login.fail").json()
        mine = [e for e in kbh["audit_events"] if e["entity_id"] == str(uid)]
        check(mine, "101's admin does not see the failed log-in of its user")
        eq((mine[0]["organisation"], mine[0]["action_label"], mine[0]["after"]["email"]),
           ("101", "Mislykket log ind", "laeser@kbh.dk"), "the event as 101's admin sees it")
        check(all(e["organisation"] == "101" for e in kbh["audit_events"]),
              "101's admin sees other failures: %r" % kbh["audit_events"][:3])
        aar = logged_in(s, "admin@aarhus.dk").get("/api/v1/audit?action=login.fail").json()
        eq([e for e in aar["audit_events"] if e["entity_id"] == str(uid)], [],
           "Aarhus's admin sees 101's failed log-in")
        page = logged_in(s, "admin@kbh.dk").get("/admin/historik?action=login.fail")
        check("Mislykket log ind" in page.text, "the audit page does not show the failure")
        k = logged_in(s, "kombit@kombit.dk").get("/api/v1/audit?action=login.fail").json()
        check(len(k["audit_events"]) >= 2, "KOMBIT sees every failure")
    finally:
        s.write("DELETE FROM login_throttle")


run()
