"""The waves area's part of the isolation sweep (tests/http/test_isolation.py):
projects, waves, publishing and authoring master tasks. Every write is KOMBIT's (publisher): a
municipality is refused (403) before anything is looked up, whatever the
id. A wave is read by KOMBIT and by its member municipalities; another
municipality's wave is not found (404). Aarhus's object is a wave whose
only member is Aarhus, with task 519 published to it (Aarhus's tasks);
København's is the same for København."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

VALUES = {
    "code": "SVEIP",
    "go_live": "2026-10-01",
    "municipalities": ["101"],
    "master_tasks": [1],
    "phases": {"1": "2026-01-01"},
    "phase": "Fase 1",
    "theme": "Sveip-tema",
    "priority": "Prioritet 1",
    "sts": False,
    "duration_days": 5,
    "end_offset_days": -30,
    "start_offset_days": -10,
    "goal": "Sveip-mål",
    "description": "Sveip-beskrivelse",
    "method_steps": ["Sveip-trin"],
    "result": "Sveip-resultat",
    "recommended_performer": "Projektleder",
    "involved_parties": "Projektejer",
    "links": ["https://www.kombit.dk/"],
    "predecessors": [],
    "state": "draft",
    "preview": False,
}

ID_KIND = {"wave": "wave", "master_task_form": "master_task"}

_N = [0]


def _wave(s, code):
    """A wave of KY whose one member is code, with task 519 published."""
    _N[0] += 1
    return s.seed_wave("KY", "Sveip-bølge %s %d" % (code, _N[0]), "2026-10-01", [code],
                       [s.one("SELECT id FROM master_tasks WHERE external_id = 519")])


def wall_setup(s, aa, ids):
    ids["wave"] = [_wave(s, "751")]


def kbh_setup(s, plus, ids):
    ids["wave"] = [_wave(s, "101")]
    ids.setdefault("master_task", [s.one("SELECT min(id) FROM master_tasks")])


WALL_STATUS = {
    ("project.list", "page"): 200,
    ("project.create", "page"): 403, ("project.create", "api"): 403,
    ("wave.list", "page"): 200, ("wave.list", "api"): 200,
    ("wave.create", "page"): 403, ("wave.create", "api"): 403,
    ("wave.show", "page"): 404, ("wave.show", "api"): 404,
    ("wave.update", "page"): 403, ("wave.update", "api"): 403,
    ("wave.publish", "page"): 403, ("wave.publish", "api"): 403,
    ("wave.unpublish", "page"): 403, ("wave.unpublish", "api"): 403,
    ("master_task_form.new", "page"): 403,
    ("master_task.create", "page"): 403, ("master_task.create", "api"): 403,
    ("master_task_form.edit", "page"): 403,
    ("master_task.update", "page"): 403, ("master_task.update", "api"): 403,
}

LAESER_STATUS = {
    ("master_task.create", "page"): 403, ("master_task.create", "api"): 403,
    ("master_task.update", "page"): 403, ("master_task.update", "api"): 403,
    ("project.create", "page"): 403, ("project.create", "api"): 403,
    ("wave.create", "page"): 403, ("wave.create", "api"): 403,
    ("wave.update", "page"): 403, ("wave.update", "api"): 403,
    ("wave.publish", "page"): 403, ("wave.publish", "api"): 403,
    ("wave.unpublish", "page"): 403, ("wave.unpublish", "api"): 403,
}

# Wave 1 is the importer's "Bølge 5" of KY, which the access sweep gives
# København as its member (sweep_tasks.access_setup): everyone reads it.
ACCESS_STATUS = {
    ("project.list", "page"): 200,
    ("wave.list", "page"): 200, ("wave.list", "api"): 200,
    ("wave.show", "page"): 200,
    ("wave.show", "api"): 200,
    ("master_task_form.new", "page"): 200,
    ("master_task_form.edit", "page"): 200,
}
