/* extra: a bad fixture noun header of the model that includes http.h. */
#ifndef FIXTURE_MODEL_EXTRA_H
#define FIXTURE_MODEL_EXTRA_H
#include "http.h"
#endif
