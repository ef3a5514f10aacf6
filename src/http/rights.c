/*
 * rights: what the caller may do on this request, computed once by the
 * router from the user (authn.c) and what the route's path names
 * (req->res), and the access predicates the route table names. Handlers
 * and templates read req->can (templates as "can"); nothing else decides
 * who may do what. The predicates only read req->can.
 */
#include <string.h>

#include "http.h"

bool rights_reads(const struct req *req, const char *code)
{
    const struct user_ctx *u = req->user;
    return u && (u->central || json_object_get(u->projects, code) != NULL);
}

/* ---- register: who may appoint (udpege) ---------------------------------
 * A municipality's KLIK-administrator appoints to every role (of the
 * projects they have access to: the router refuses a project the caller
 * cannot read); otherwise a system-specific role of a project needs PLUS
 * on that project, and a municipality-wide role (project NULL) PLUS on any
 * project. KOMBIT appoints no one: appointments belong to a municipality. */
bool rights_appoints(const struct req *req, const char *code)
{
    const struct user_ctx *u = req->user;
    if (!u || u->central) {
        return false;
    }
    if (u->admin) {
        return !code || json_object_get(u->projects, code) != NULL;
    }
    const char *key;
    json_t *acc;
    json_object_foreach(u->projects, key, acc) {
        if ((!code || strcmp(key, code) == 0) && json_string_value(acc) &&
            strcmp(json_string_value(acc), "plus") == 0) {
            return true;
        }
    }
    return false;
}
/* ---- end of register ---- */

void rights_compute(struct req *req)
{
    struct can *c = &req->can;
    memset(c, 0, sizeof *c);
    c->projects = json_array();
    const struct user_ctx *u = req->user;
    if (!u) {
        return;
    }
    const struct resource *r = &req->res;
    c->login = true;
    c->publish = u->central;
    c->admin = u->admin;
    c->admin_resource = u->admin && (r->org_id == 0 || r->org_id == u->org_id);
    c->oversee = u->admin || u->central;
    if (r->project) {
        const char *acc = json_string_value(json_object_get(u->projects, r->project));
        c->read_project = rights_reads(req, r->project);
        c->edit = !u->central && acc && strcmp(acc, "plus") == 0;
    }
    c->appoint = rights_appoints(req, r->project);
    c->all_projects = u->central;
    if (!u->central) {
        const char *code;
        json_t *acc;
        json_object_foreach(u->projects, code, acc) {
            json_array_append_new(c->projects, json_string(code));
        }
    }
}

json_t *rights_view(const struct req *req)
{
    const struct can *c = &req->can;
    return json_pack("{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}", "login", c->login, "publish",
                     c->publish, "admin", c->admin, "admin_resource", c->admin_resource,
                     "oversee", c->oversee, "read_project", c->read_project, "edit", c->edit,
                     "appoint", c->appoint);
}

static bool is_login(const struct req *req) { return req->can.login; }
static bool is_publisher(const struct req *req) { return req->can.publish; }
static bool is_admin(const struct req *req) { return req->can.admin_resource; }
static bool is_overseer(const struct req *req) { return req->can.oversee; }
static bool reads_project(const struct req *req) { return req->can.read_project; }
static bool edits_project(const struct req *req) { return req->can.edit; }
static bool contributes(const struct req *req)
{
    return req->can.read_project && (req->can.edit || req->can.publish);
}

const struct access acc_static = {"static", false, NULL, NULL};
const struct access acc_public = {"public", false, NULL, NULL};
const struct access acc_login = {"login", true, is_login, "Log ind først", true};
const struct access acc_publisher = {"publisher", true, is_publisher, "Kun KOMBIT har adgang",
                                     true};
/* Before the look-up admin_resource is "an administrator at all". */
const struct access acc_admin = {"org-admin", true, is_admin,
                                 "Kun KLIK-administratorer har adgang", true};
const struct access acc_overseer = {"overseer", true, is_overseer,
                                    "Kun KLIK-administratorer og KOMBIT har adgang", true};
const struct access acc_project = {"project", true, reads_project,
                                   "Du har ikke adgang til projektet"};
const struct access acc_plus = {"plus", true, edits_project,
                                "Du har ikke redigeringsadgang (PLUS) til projektet"};
const struct access acc_contributor = {
    "contributor", true, contributes,
    "Du skal have redigeringsadgang (PLUS) til projektet for at skrive"};
