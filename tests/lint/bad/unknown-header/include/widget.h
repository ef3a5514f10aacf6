/* widget: a bad fixture header that lint's header table does not know. */
#ifndef FIXTURE_WIDGET_H
#define FIXTURE_WIDGET_H
int widget_count(void);
#endif
