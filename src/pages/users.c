/*
 * users: the KLIK-administrator's page — the users of their own
 * organisation, creating them, editing name, type, project access and
 * whether they are active, and issuing a one-time password reset link.
 * The router looks the user {id} up in the administrator's own
 * organisation, so another organisation's user is "not found". An
 * administrator cannot lock themselves out.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "model/common.h"
#include "model/org.h"
#include "model/reset.h"
#include "model/user.h"
#include "pages/common.h"
#include "pages/users.h"
#include "util.h"

int page_users_resource(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    int64_t id = req_param_id(req, "id");
    json_t *user = user_get(req->db, &own, id);
    if (!user) {
        return db_failed(req->db) ? -1 : 0;
    }
    req->res.id = id;
    req->res.org_id = req->user->org_id;
    return 1;
}

/* The user's project access as a list [{code, access}], for the pages. */
static void add_access_list(json_t *u)
{
    json_t *list = json_array();
    const char *code;
    json_t *acc;
    json_object_foreach(json_object_get(u, "projects"), code, acc) {
        json_array_append_new(list, json_pack("{s:s,s:O}", "code", code, "access", acc));
    }
    json_object_set_new(u, "access_list", list);
}

/* GET /admin/brugere, /api/v1/users */
int page_users_index(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *users = user_list(req->db, &own);
    if (!users) {
        return req_internal(req, "users");
    }
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u) {
        add_access_list(u);
    }
    json_object_set_new(req_view(req), "users", users);
    req->tpl = "users";
    req->title = "Brugere";
    return 200;
}

/* The project access rows of the form: [{code, name, access}], access
 * from what was typed, else from current (may be NULL). */
static json_t *project_rows(struct req *req, json_t *current)
{
    json_t *projects = project_list(req->db);
    size_t i;
    json_t *p;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        const char *now = json_string_value(json_object_get(current, code));
        const char *key = arena_printf(req->arena, "projects.%s", code);
        json_object_set_new(p, "access", json_string(page_form_value(req, key, now ? now : "")));
    }
    return projects;
}

/* GET /admin/brugere/ny (and the form again after a failed post). */
int page_users_new(struct req *req)
{
    json_t *view = req_view(req);
    json_object_set_new(view, "project_rows", project_rows(req, NULL));
    json_object_set_new(view, "form", json_pack("{s:s}", "type", "member"));
    json_object_set_new(view, "new", json_true());
    req->tpl = "user_form";
    req->title = "Ny bruger";
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/admin/brugere", "Brugere");
    req_crumb(req, NULL, "Ny bruger");
    return 200;
}

/* POST /admin/brugere/ny, /api/v1/users */
int page_users_create(struct req *req)
{
    const char *pw = req_str(req, "password");
    const char *weak = auth_password_weak(pw, req_str(req, "email"));
    if (weak) {
        return req_fail(req, 422, "password", weak);
    }
    if (!req->job_done) {
        struct page_kdf job = {.make = pw};
        return page_kdf_start(req, &job); /* hashed on a worker, before the transaction */
    }
    const char *hash = page_kdf_done(req)->made;
    if (!hash) {
        return req_internal(req, "hash");
    }
    json_t *u = json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:s}", "email", req_str(req, "email"), "name",
                          req_str(req, "name"), "title", req_str(req, "title"), "phone",
                          req_str(req, "phone"), "type", req_str(req, "type"), "password_hash",
                          hash);
    json_t *projects = req_json(req, "projects");
    if (projects) {
        json_object_set(u, "projects", projects);
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = user_create(req->db, &a, req->user->org_id, u);
    if (id == 0) {
        return req_fail(req, 409, "email", "E-mailadressen er allerede i brug");
    }
    if (id == -2) {
        return req_fail(req, 422, "projects", "Projektadgang nævner et ukendt projekt");
    }
    if (id < 0) {
        return req_internal(req, "user create");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    struct owner_filter own = req_write_scope(req);
    req->view = user_get(req->db, &own, id);
    req->location = arena_printf(req->arena, "/admin/brugere/%lld", (long long)id);
    req->api_location = arena_printf(req->arena, "/api/v1/users/%lld", (long long)id);
    return req->view ? 201 : req_internal(req, "user");
}

/* GET /admin/brugere/{id}, /api/v1/users/{id}: the user. */
int page_users_show(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *user = user_get(req->db, &own, req->res.id);
    if (!user) {
        return page_not_found(req, "user", "Brugeren findes ikke");
    }
    req->view = user;
    req->tpl = "user_form";
    req->title = json_string_value(json_object_get(user, "name"));
    return 200;
}

/* The edit form around the user: access rows, typed values, and whether
 * it is the administrator themselves. */
int page_users_extras(struct req *req)
{
    json_t *view = req->view;
    json_object_set_new(view, "project_rows",
                        project_rows(req, json_object_get(view, "projects")));
    json_object_set_new(view, "form", json_deep_copy(view));
    json_object_set_new(view, "self", json_boolean(req->res.id == req->user->id));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/admin/brugere", "Brugere");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* POST /admin/brugere/{id}, PATCH /api/v1/users/{id} */
int page_users_update(struct req *req)
{
    int64_t id = req->res.id;
    if (id == req->user->id) {
        const char *type = req_str(req, "type");
        if ((type && strcmp(type, "admin") != 0) ||
            (req_has(req, "active") && !req_bool(req, "active"))) {
            return req_fail(req, 422, type ? "type" : "active",
                            "Du kan ikke fjerne din egen administratoradgang");
        }
    }
    struct owner_filter own = req_write_scope(req);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = user_update(req->db, &a, &own, id, req->in);
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Brugeren findes ikke");
    }
    if (rc == -2) {
        return req_fail(req, 422, "projects", "Projektadgang nævner et ukendt projekt");
    }
    if (rc < 0) {
        return req_internal(req, "user update");
    }
    int status = req_commit(req, 200);
    if (status != 200) {
        return status;
    }
    req->view = user_get(req->db, &own, id);
    req->location = arena_printf(req->arena, "/admin/brugere/%lld", (long long)id);
    return req->view ? 200 : req_internal(req, "user");
}

/* POST /admin/brugere/{id}/nulstil, /api/v1/users/{id}/password-reset:
 * a one-time link, valid 24 hours, shown this once. */
int page_users_reset(struct req *req)
{
    char token[AUTH_TOKEN_LEN + 1];
    unsigned char hash[AUTH_HASH_LEN];
    auth_random_token(token);
    auth_token_hash(token, hash);
    int64_t expires = now_unix() + 24 * 3600;
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (reset_create(req->db, &a, req->res.id, hash, expires) < 0) {
        return req_internal(req, "reset");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    char at[21];
    unix_to_iso(expires, at);
    req->view = json_pack("{s:I,s:s,s:s}", "user_id", (json_int_t)req->res.id, "url",
                          arena_printf(req->arena, "%s/nulstil/%s", req_origin(req), token),
                          "expires_at", at);
    req->tpl = "reset_created";
    req->title = "Link til ny adgangskode";
    req->no_store = true;
    return 201;
}
