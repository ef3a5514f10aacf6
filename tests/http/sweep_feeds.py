"""The feeds area's part of the isolation sweep (tests/http/test_isolation.py):
the follow-up matrix and progress (KOMBIT only: a municipality is refused
with 403 before the wave is looked up, whatever the id), search (every
logged-in user; what it finds is scoped, see test_feeds.py) and the
caller's own calendar feed (made, shown and revoked only for oneself; an
unknown feed URL is not found). The {id} of the matrix is a wave (the
waves area's kind and objects)."""

# "format" (the matrix's json or csv) takes the contacts area's "csv".
VALUES = {
    "q": "omsætningstabel",
}

WALL_STATUS = {
    ("wave.matrix", "page"): 403, ("wave.matrix", "api"): 403,
    ("progress", "page"): 403, ("progress", "api"): 403,
    ("search", "page"): 200, ("search", "api"): 200,
    ("calendar.show", "api"): 200,
    ("calendar.create", "page"): 201, ("calendar.create", "api"): 201,
    # the page revokes the feed the sweep made; the API then finds none
    ("calendar.revoke", "page"): 303, ("calendar.revoke", "api"): 404,
    ("calendar.feed", "page"): 404,
    ("openapi", "api"): 200,
}

LAESER_STATUS = {
    ("calendar.create", "page"): 201, ("calendar.create", "api"): 201,
    ("calendar.revoke", "page"): 303, ("calendar.revoke", "api"): 404,
}

ACCESS_STATUS = {
    ("search", "page"): 200, ("search", "api"): 200,
    ("calendar.show", "api"): 200,
    ("calendar.feed", "page"): 404,
    ("openapi", "api"): 200,
    ("wave.matrix", "page"): {"kombit": 200, "*": 403},
    ("wave.matrix", "api"): {"kombit": 200, "*": 403},
    ("progress", "page"): {"kombit": 200, "*": 403},
    ("progress", "api"): {"kombit": 200, "*": 403},
}
