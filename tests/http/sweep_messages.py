"""The messages area's part of the isolation sweep (see test_isolation.py,
areas()): messages on a task, broadcasts to a wave, notifications and the
e-mail choice. A municipality never sees or writes another's messages or
notifications: Aarhus's task and Aarhus's user's notification answer
København 404; a broadcast is KOMBIT's alone (403 before anything is looked
up); a laeser reads a task's messages but cannot write one (403)."""


VALUES = {
    "body": "Sveip-besked med **Markdown**",
    "notify": "digest",  # the default: setting it again changes nothing
}

ID_KIND = {"message": "message_task", "wave_message": "message_wave",
           "notification": "notification"}

WALL_STATUS = {
    ("message.list", "page"): 404, ("message.list", "api"): 404,
    ("message.create", "page"): 404, ("message.create", "api"): 404,
    ("wave_message.list", "page"): 403,
    ("wave_message.create", "page"): 403, ("wave_message.create", "api"): 403,
    ("notification.list", "page"): 200, ("notification.list", "api"): 200,
    ("notification.read_all", "page"): 303, ("notification.read_all", "api"): 200,
    ("notification.read", "page"): 404, ("notification.read", "api"): 404,
    ("account.notify", "page"): 303, ("account.notify", "api"): 200,
}

LAESER_STATUS = {
    ("message.create", "page"): 403, ("message.create", "api"): 403,
    ("wave_message.create", "page"): 403, ("wave_message.create", "api"): 403,
    ("notification.read_all", "page"): 303, ("notification.read_all", "api"): 200,
    ("notification.read", "page"): 404, ("notification.read", "api"): 404,
    ("account.notify", "page"): 303, ("account.notify", "api"): 200,
}

# With {id} = 1: København's task of KLIK task 519 in wave 1, KY's Bølge 5
# (sweep_tasks.access_setup): everyone who reads KY reads its messages.
ACCESS_STATUS = {
    ("message.list", "page"): 200, ("message.list", "api"): 200,
    ("wave_message.list", "page"): 200,
    ("notification.list", "page"): 200, ("notification.list", "api"): 200,
}


def _setup(s, client, code, wave_name, responsible_email, ids):
    """A wave of KY with master task 1 for municipality code, its task with
    responsible_email's person as responsible, and a message on it by
    client (a PLUS user of code), which notifies that person."""
    wid = s.seed_wave("KY", wave_name, "2031-06-01", [code], [1])
    task = s.one("SELECT t.id FROM tasks t JOIN organisations o ON o.id = t.organisation_id"
                 " WHERE o.code = ? AND t.wave_id = ?", code, wid)
    pid = s.one("SELECT person_id FROM users WHERE email = ?", responsible_email)
    s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", pid, task)
    r = client.post_json("/api/v1/tasks/%d/messages" % task, {"body": "Besked fra %s" % code})
    assert r.status == 201, "message on %s's task: %s" % (code, r.text[:200])
    nid = s.one("SELECT max(n.id) FROM notifications n JOIN users u ON u.id = n.user_id"
                " WHERE u.email = ?", responsible_email)
    assert nid, "a notification for %s" % responsible_email
    ids["message_task"] = ids.get("message_task", []) + [task]
    ids["message_wave"] = ids.get("message_wave", []) + [wid]
    ids["notification"] = ids.get("notification", []) + [nid]


def wall_setup(s, aa, ids):
    """Aarhus's task with a message, and Aarhus's administrator's
    notification of it."""
    _setup(s, aa, "751", "Sveip-bølge Aarhus", "admin@aarhus.dk", ids)


def kbh_setup(s, plus, ids):
    """København's task with a message by Per Plus, and Anne Admin's
    notification of it."""
    _setup(s, plus, "101", "Sveip-bølge København", "admin@kbh.dk", ids)


def access_code(s, route, path):
    """KY for the paths that name a task's messages: task 1 is KY's
    (sweep_tasks.access_setup)."""
    if route["action"].split(".")[0] == "message" and "{id" in route["pattern"]:
        return "KY"
    return None
