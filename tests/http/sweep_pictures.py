"""The pictures' part of tests/http/test_isolation.py's sweep (see areas()
there): the role diagram is a page extra of role.list, which the main
tables cover; this adds the project timeline. Every sweep sends
?for=751 (Aarhus): København's users are refused with 404, as
if Aarhus's timeline did not exist (a municipality sees only its own
tasks), FBS without access is 403, and KOMBIT, who may pick any
municipality, gets Aarhus's timeline. (The input is called "for", not
"municipality": test_isolation.py refuses any input whose name speaks of
an organisation.)"""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

VALUES = {
    "for": "751",
}

WALL_STATUS = {
    ("timeline.show", "page"): {"KY": 404, "FBS": 403},
    ("timeline.show", "api"): {"KY": 404, "FBS": 403},
}

ACCESS_STATUS = {
    ("timeline.show", "page"): {"kombit": 200, "*": 404},
    ("timeline.show", "api"): {"kombit": 200, "*": 404},
}


def wall_setup(s, aa, ids):
    """Aarhus's tasks: KY's master task published to a wave of Aarhus."""
    mt = s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
               " WHERE p.code = 'KY' ORDER BY m.id LIMIT 1")
    s.seed_wave("KY", "Bølge Sveip", "2027-05-01", ["751"], [mt])
    check(s.one("SELECT count(*) FROM tasks WHERE organisation_id = ?", org_id(s, "751")),
          "Aarhus has tasks")
