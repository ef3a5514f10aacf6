/* hook: a bad fixture model that reaches up into the http layer. */
#include "http.h"
#include "model.h"

/* Does nothing with a request. */
void hook_touch(struct req *req)
{
    (void)req;
}
