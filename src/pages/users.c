/*
 * users: the KLIK-administrator's page — the users of their own
 * organisation, creating them, editing name, type, project access and
 * whether they are active. Every query is scoped to the administrator's
 * organisation, so another organisation's user is "not found". An
 * administrator cannot lock themselves out.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "model.h"
#include "pages.h"
#include "util.h"

/* GET /admin/brugere, /api/v1/users */
int page_users_index(struct req *req)
{
    struct owner_filter scope = req_write_scope(req);
    json_t *users = user_list(req->db, &scope);
    if (!users) {
        return req_internal(req, "users");
    }
    if (!req->api) {
        size_t i;
        json_t *u;
        json_array_foreach(users, i, u) {
            json_t *list = json_array();
            const char *code;
            json_t *acc;
            json_object_foreach(json_object_get(u, "projects"), code, acc) {
                json_array_append_new(list, json_pack("{s:s,s:O}", "code", code, "access", acc));
            }
            json_object_set_new(u, "access_list", list);
        }
    }
    json_object_set_new(req_view(req), "users", users);
    req->tpl = "users";
    req->title = "Brugere";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Brugere");
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
    json_object_set_new(view, "projects", project_rows(req, NULL));
    json_object_set_new(view, "form", json_pack("{s:s}", "type", "member"));
    json_object_set_new(view, "new", json_true());
    req->tpl = "user_form";
    req->title = "Ny bruger";
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/admin/brugere", "Brugere");
    req_crumb(req, NULL, "Ny bruger");
    return 200;
}

/* Answers the model's -2 (unknown project) and -1. */
static int save_failed(struct req *req, int64_t rc)
{
    if (rc == -2) {
        return req_fail(req, 422, "projects", "Projektadgang nævner et ukendt projekt");
    }
    return req_internal(req, "user save");
}

/* POST /admin/brugere/ny, /api/v1/users */
int page_users_create(struct req *req)
{
    const char *pw = req_str(req, "password");
    const char *weak = auth_password_weak(pw, req_str(req, "email"));
    if (weak) {
        return req_fail(req, 422, "password", weak);
    }
    char *hash = auth_password_hash(pw);
    if (!hash) {
        return req_internal(req, "hash");
    }
    json_t *u = json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:s}", "email", req_str(req, "email"), "name",
                          req_str(req, "name"), "title", req_str(req, "title"), "phone",
                          req_str(req, "phone"), "type", req_str(req, "type"), "password_hash",
                          hash);
    free(hash);
    json_t *projects = req_json(req, "projects");
    if (projects) {
        json_object_set(u, "projects", projects);
    }
    struct actor a;
    page_actor(req, &a);
    int64_t id = user_create(req->db, &a, req->user->org_id, u);
    if (id == 0) {
        return req_fail(req, 409, "email", "E-mailadressen er allerede i brug");
    }
    if (id < 0) {
        return save_failed(req, id);
    }
    struct owner_filter scope = req_write_scope(req);
    req->view = user_get(req->db, &scope, id);
    req->location = req->api ? arena_printf(req->arena, "/api/v1/users/%lld", (long long)id)
                             : arena_printf(req->arena, "/admin/brugere/%lld", (long long)id);
    return 201;
}

/* GET /admin/brugere/{id}, /api/v1/users/{id} (and the edit form again). */
int page_users_show(struct req *req)
{
    struct owner_filter scope = req_write_scope(req);
    int64_t id = req_param_id(req, "id");
    json_t *user = id ? user_get(req->db, &scope, id) : NULL;
    if (!user) {
        return id && db_failed(req->db) ? req_internal(req, "user")
                                        : req_fail(req, 404, NULL, "Brugeren findes ikke");
    }
    if (req->api) {
        req->view = user;
        return 200;
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "projects", project_rows(req, json_object_get(user, "projects")));
    json_object_set_new(view, "user", json_incref(user));
    json_object_set_new(view, "form", user);
    json_object_set_new(view, "self", json_boolean(id == req->user->id));
    req->tpl = "user_form";
    req->title = json_string_value(json_object_get(user, "name"));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/admin/brugere", "Brugere");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* POST /admin/brugere/{id}, PATCH /api/v1/users/{id} */
int page_users_update(struct req *req)
{
    struct owner_filter scope = req_write_scope(req);
    int64_t id = req_param_id(req, "id");
    if (id == req->user->id) {
        const char *type = req_str(req, "type");
        if ((type && strcmp(type, "admin") != 0) ||
            (req_has(req, "active") && !req_bool(req, "active"))) {
            return req_fail(req, 422, type ? "type" : "active",
                            "Du kan ikke fjerne din egen administratoradgang");
        }
    }
    struct actor a;
    page_actor(req, &a);
    int rc = id ? user_update(req->db, &a, &scope, id, req->in) : 0;
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Brugeren findes ikke");
    }
    if (rc < 0) {
        return save_failed(req, rc);
    }
    req->view = user_get(req->db, &scope, id);
    req->location = arena_printf(req->arena, "/admin/brugere/%lld", (long long)id);
    return 200;
}
