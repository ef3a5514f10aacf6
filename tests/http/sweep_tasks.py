"""The tasks area's part of the isolation sweep (tests/http/test_isolation.py):
plausible values of its inputs, the kinds of its {id}s (a task, an
attachment), the statuses its routes must answer, and the objects Aarhus
and København own in it — a task of KLIK task 519 published to both in a
KY wave, a local task of Aarhus, and a file on each municipality's task.
Another municipality's task or attachment is not found (404), whatever the
route; a laeser changes none of them (403)."""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import uuid

# (phase, theme, priority, goal, description, result, recommended_performer
# and involved_parties are sweep_waves.py's, the master-task fields;
# municipality (751) and format (csv) are sweep_contacts.py's; person is
# sweep_register.py's.)
VALUES = {
    "status": "paabegyndt",
    "overdue": False,
    "wave": 1,
    "offset": 0,
    "mine": False,
    "responsible": lambda ctx: ctx.person,
    "performer": lambda ctx: ctx.person,
    "steps_done": [1],
    "ids": [999999],
    "start": "2024-01-01",
    "deadline": "2024-12-31",
    "file": "ikke en fil",
}

ID_KIND = {"task": "task", "attachment": "attachment"}

# København's KLIK-administrator (KY:plus) against Aarhus's tasks and
# files: 404 for every route that names one; the lists answer 200 (only
# København's, as CSV), but the API's list naming Aarhus (municipality=751)
# is 422; on KY a creation or bulk change with Aarhus's person or unknown
# ids is 422; on FBS, which the administrator cannot read, 403.
WALL_STATUS = {
    ("task.list", "api"): 422,
    ("task.mine", "page"): 200,
    ("task.project", "page"): {"KY": 200, "FBS": 403},
    ("task.project", "api"): {"KY": 200, "FBS": 403},
    ("task.bulk", "page"): {"KY": 422, "FBS": 403},
    ("task.bulk", "api"): {"KY": 422, "FBS": 403},
    ("task.new", "page"): {"KY": 200, "FBS": 403},
    ("task.create", "page"): {"KY": 422, "FBS": 403},
    ("task.create", "api"): {"KY": 422, "FBS": 403},
    ("task.show", "page"): 404, ("task.show", "api"): 404,
    ("task.update", "page"): 404, ("task.update", "api"): 404,
    ("task.attachments", "api"): 404,
    ("task.attach", "page"): 404, ("task.attach", "api"): 404,
    ("attachment.download", "page"): 404,
    ("attachment.get", "api"): 404,
    ("attachment.delete", "page"): 404, ("attachment.delete", "api"): 404,
}

# A laeser of KY changes no task, file or local task of København's.
LAESER_STATUS = {
    ("task.bulk", "page"): 403, ("task.bulk", "api"): 403,
    ("task.create", "page"): 403, ("task.create", "api"): 403,
    ("task.update", "page"): 403, ("task.update", "api"): 403,
    ("task.attach", "page"): 403, ("task.attach", "api"): 403,
    ("attachment.delete", "page"): 403, ("attachment.delete", "api"): 403,
}

# Reads with {id} = 1, København's task of KLIK task 519 on KY and the
# file on it (access_setup): 200 for everyone who reads KY; the list naming
# Aarhus: KOMBIT reads it, a municipality may not (422).
ACCESS_STATUS = {
    ("task.list", "api"): {"kombit": 200, "*": 422},
    ("task.mine", "page"): 200,
    ("task.project", "page"): 200, ("task.project", "api"): 200,
    ("task.new", "page"): 200,
    ("task.show", "page"): 200, ("task.show", "api"): 200,
    ("task.attachments", "api"): 200,
    ("attachment.download", "page"): 200,
    ("attachment.get", "api"): 200,
}


def _upload(c, tid):
    """A text file on task tid through c's API; its id."""
    b = "----sveip" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"noter.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\nSveip-noter\r\n--%s--\r\n" % (b, b)).encode()
    r = c.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=body,
                  headers={"Content-Type": "multipart/form-data; boundary=" + b,
                           "X-CSRF-Token": c.csrf or ""})
    eq(r.status, 201, "sweep attachment (%s)" % r.text[:200])
    return r.json()["id"]


def _task(s, code):
    return s.one("SELECT t.id FROM tasks t JOIN organisations o ON o.id = t.organisation_id"
                 " WHERE o.code = ? AND t.master_task_id = 1", code)


def wall_setup(s, aa, ids):
    """Aarhus's task of KLIK task 519, a local task and a file on it."""
    s.seed_wave("KY", "Bølge 5", "2030-06-01", ["101", "751"], [1])
    tid = _task(s, "751")
    r = aa.post_json("/api/v1/projects/KY/tasks", {"title": "Aarhus' egen opgave",
                                                   "deadline": "2030-01-01"})
    eq(r.status, 201, "Aarhus's local task (%s)" % r.text[:200])
    ids["task"] = [tid, r.json()["id"]]
    ids["attachment"] = [_upload(aa, tid)]


def kbh_setup(s, plus, ids):
    """København's task of KLIK task 519 and a file on it."""
    s.seed_wave("KY", "Bølge 5", "2030-06-01", ["101"], [1])
    tid = _task(s, "101")
    ids["task"] = [tid]
    ids["attachment"] = [_upload(plus, tid)]


def access_setup(s, plus):
    """København's task 1 (KLIK task 519 on KY) and file 1 on it."""
    s.seed_wave("KY", "Bølge 5", "2030-06-01", ["101"], [1])
    eq(_task(s, "101"), 1, "København's task is task 1")
    eq(_upload(plus, 1), 1, "the file on it is file 1")


def access_code(s, route, path):
    """KY for the paths that name a task or a file: both are KY's."""
    if route["action"].split(".")[0] in ("task", "attachment") and "{id" in route["pattern"]:
        return "KY"
    return None
