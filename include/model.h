/*
 * model: the nouns of klikd and their SQL, one file per noun in
 * src/model/ and one header per noun in include/model/. This header only
 * gathers them for code that uses many nouns; new code includes the
 * header of the noun it uses. See model/common.h for the conventions.
 */
#ifndef KLIKD_MODEL_H
#define KLIKD_MODEL_H

#include "model/appt.h"
#include "model/audit.h"
#include "model/common.h"
#include "model/document.h"
#include "model/master_task.h"
#include "model/org.h"
#include "model/relation.h"
#include "model/reset.h"
#include "model/role.h"
#include "model/session.h"
#include "model/stmts.h"
#include "model/timeline.h"
#include "model/user.h"

#endif
