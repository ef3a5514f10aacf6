"""The register's part of the isolation sweep (see areas() in
test_isolation.py): the role catalogue, the register's appointments of
every role (/api/v1/appointments, /rollebesaetning), and the risk list.
Aarhus gets a municipality-wide appointment of a contact without a log-in
(so the wall also guards contacts' names and e-mail addresses); København's
laeser aims at a municipality-wide appointment of its own as well as the
project appointment test_isolation makes."""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

# Plausible values of the register's inputs that test_isolation does not
# know ("consent", "municipality" and "region" come from sweep_contacts.py:
# True, "751", "Region Midtjylland").
VALUES = {
    "person": lambda ctx: ctx.person,
    "primary": False,
    "role_catalogue": [{"role": "projektleder", "stage": "implementation",
                        "requirement": "mandatory", "phase": 1}],
    "entries": {"projektleder.implementation": "mandatory:1"},
}

# København's KLIK-administrator, with {id} = Aarhus's appointments: 404;
# the catalogue is KOMBIT's to change (403) and everyone's to read; an
# appointment of Aarhus's person is 422 (person), as on the project route.
WALL_STATUS = {
    ("catalogue.show", "page"): 200, ("catalogue.show", "api"): 200,
    ("catalogue.replace", "page"): 403, ("catalogue.replace", "api"): 403,
    ("appointment.index", "page"): 200, ("appointment.index", "api"): 200,
    ("appointment.new", "page"): 200,
    ("appointment.appoint", "page"): 422, ("appointment.appoint", "api"): 422,
    ("appointment.show", "page"): 404, ("appointment.show", "api"): 404,
    ("appointment.update", "page"): 404, ("appointment.update", "api"): 404,
    ("appointment.end", "page"): 404, ("appointment.end", "api"): 404,
    ("risk.index", "page"): 200, ("risk.index", "api"): 200,
}

# A laeser (KY:laeser) may appoint no one: 403, also on København's own
# appointments.
LAESER_STATUS = {
    ("catalogue.replace", "page"): 403, ("catalogue.replace", "api"): 403,
    ("appointment.appoint", "page"): 403, ("appointment.appoint", "api"): 403,
    ("appointment.update", "page"): 403, ("appointment.update", "api"): 403,
    ("appointment.end", "page"): 403, ("appointment.end", "api"): 403,
}

# Reads, with {id} = 1: the access sweep's server has no appointment 1.
ACCESS_STATUS = {
    ("catalogue.show", "page"): 200, ("catalogue.show", "api"): 200,
    ("appointment.index", "page"): 200, ("appointment.index", "api"): 200,
    ("appointment.new", "page"): 200,
    ("appointment.show", "page"): 404, ("appointment.show", "api"): 404,
    ("risk.index", "page"): 200, ("risk.index", "api"): 200,
}


def _contact(client, name, email):
    r = client.post_json("/api/v1/appointments", {
        "role": "kombit-programleder", "project": None,
        "person": {"name": name, "title": "Koordinator", "email": email, "phone": "12345678",
                   "consent": False}, "from": "2024-01-01", "primary": True})
    eq(r.status, 201, "a contact's appointment (%s)" % r.text[:200])
    return r.json()["id"]


def wall_setup(s, aa, ids):
    ids["appointment"].append(_contact(aa, "Aase Aarhuskontakt", "aase.kontakt@aarhus.dk"))


def kbh_setup(s, plus, ids):
    ids["appointment"].append(_contact(plus, "Kaj Kbhkontakt", "kaj.kontakt@kbh.dk"))
