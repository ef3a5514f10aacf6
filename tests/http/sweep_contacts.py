"""The contact lists' part of the isolation sweep (test_isolation.py):
plausible values for the inputs of the contact, leaver, verification and
handover routes, the kind of {id} they name (a person of a municipality),
the objects whose ids the sweeps aim at, and the status each route must
answer.

The wall: København's administrator reads Aarhus's contacts (municipality
751, Region Midtjylland) and sees that the roles are filled but none of
the holders' names or e-mails, since Aarhus's test persons have no
consent; every person route with an Aarhus person is 404; an import that
names Aarhus's kommunekode is 422 (line 2, Kommunekode), and so is a
leaver's successor or a handover's person from Aarhus (ctx.person)."""

CSV = ("Kommunekode;Kommune;Rolle;Projekt;Navn;Titel;E-mail;Telefon;Primær;Bekræftet\r\n"
       "751;Aarhus;Projektleder;KY;Sveip Kontakt;;sveip-kontakt@aarhus.dk;;nej;\r\n")

VALUES = {
    "municipality": "751",
    "region": "Region Midtjylland",
    "format": "csv",
    "csv": CSV,
    "successor": lambda ctx: ctx.person,
    "consent": True,
    "systemejer-it-systemet": lambda ctx: ctx.person,
    "systemansvarlig-it-systemet": lambda ctx: ctx.person,
}

# contact.person, contact.leave, contact.verify_ask name a person
ID_KIND = {"contact": "contact_person"}


def _persons(s, code):
    return [i for (i,) in s.sql("SELECT p.id FROM persons p JOIN organisations o"
                                " ON o.id = p.organisation_id WHERE o.code = ?", code)]


def wall_setup(s, aa, ids):
    ids["contact_person"] = _persons(s, "751")


def kbh_setup(s, plus, ids):
    ids["contact_person"] = _persons(s, "101")


WALL_STATUS = {
    ("contact.list", "page"): 200, ("contact.list", "api"): 200,
    ("contact.import_form", "page"): 200,
    ("contact.import", "page"): 422, ("contact.import", "api"): 422,
    ("contact.persons", "page"): 200,
    ("contact.person", "page"): 404,
    ("contact.leave", "page"): 404, ("contact.leave", "api"): 404,
    ("contact.verify_ask", "page"): 404, ("contact.verify_ask", "api"): 404,
    ("verification.form", "page"): 404,
    ("verification.use", "page"): 404,
    ("handover.show", "page"): {"KY": 200, "FBS": 403},
    ("handover.show", "api"): {"KY": 200, "FBS": 403},
    ("handover.create", "page"): {"KY": 422, "FBS": 403},
    ("handover.create", "api"): {"KY": 422, "FBS": 403},
}

LAESER_STATUS = {
    ("contact.import", "page"): 403, ("contact.import", "api"): 403,
    ("contact.leave", "page"): 403, ("contact.leave", "api"): 403,
    ("contact.verify_ask", "page"): 403, ("contact.verify_ask", "api"): 403,
    ("verification.use", "page"): 404,
    ("handover.create", "page"): 403, ("handover.create", "api"): 403,
}

# person 1 is København's administrator: KOMBIT's administrator is no
# administrator of København (404, as across the wall)
ACCESS_STATUS = {
    ("contact.list", "page"): 200, ("contact.list", "api"): 200,
    ("contact.import_form", "page"): 200,
    ("contact.persons", "page"): 200,
    ("contact.person", "page"): {"kombit": 404, "*": 200},
    ("verification.form", "page"): 404,
    ("handover.show", "page"): 200, ("handover.show", "api"): 200,
}
