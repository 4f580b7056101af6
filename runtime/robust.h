/*
 * The runtime in real programs (fork_exec.c, signals.c, exec_wrap.c): fork,
 * exec, dumps on demand and on crashes. Kept apart from the core (rt.h);
 * everything here runs off the hot path.
 */
#ifndef CPROF_ROBUST_H
#define CPROF_ROBUST_H

#include "rt.h"

/* ---- fork_exec.c ------------------------------------------------------ */

/* A pause of every profiler: no event is recorded until rb_resume. */
typedef struct rb_pause {
  struct cprof_profile *was_active;
  rt_thread *self;
  uintptr_t was_busy;
} rb_pause;
void rb_pause_all(rb_pause *ps);
void rb_resume(rb_pause *ps);

enum {
  RB_KEEP_OPEN = 1,  /* count open frames as returning now, then reopen them */
  RB_NO_REPLACE = 2, /* never replace an existing file (numbered name) */
  RB_AS_AT_EXIT = 4, /* replace like the exit dump does (explicit CPROF_FILE) */
};
/* While paused: write the process profiler's dump(s) as the exit dump
 * would, to the CPROF_FILE path with `suffix` put before a final ".prof".
 * Open frames are closed at this moment (RB_KEEP_OPEN: and restored after,
 * so profiling goes on as if nothing happened). Writes nothing if nothing
 * was recorded. `resume` (or NULL): the pause ended once the statistics are
 * taken, before the files are written. */
void rb_write_process_dumps(const char *suffix, int flags, rb_pause *resume);

/* True in a child made by vfork (shares the parent's memory: hands off). */
int rb_in_vfork_child(void);

/* ---- signals.c -------------------------------------------------------- */

/* CPROF_DUMP_SIGNAL / CPROF_DUMP_ON_CRASH (start-up, then after fork). */
void rb_signals_init(void);
void rb_signals_after_fork(void);

#endif /* CPROF_ROBUST_H */
