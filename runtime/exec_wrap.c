/*
 * The exec family, wrapped (libcprof.so, and libcprof_exec.a in a
 * dynamically linked executable carrying the runtime): the old image's dump
 * is written (fork_exec.c) before the real function, found with
 * dlsym(RTLD_NEXT) at start-up, replaces it. If exec fails, profiling goes
 * on exactly as before and errno is the real function's.
 *
 * Not wrapped: a child made by vfork (or posix_spawn) shares its parent's
 * memory and is left alone; in a fully static program (-static) exec is not
 * wrapped and the image being replaced writes no dump.
 */
#define _GNU_SOURCE
#include "robust.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execv_fn)(const char *, char *const[]);
typedef int (*fexecve_fn)(int, char *const[], char *const[]);

static execve_fn real_execve, real_execvpe;
static execv_fn real_execv, real_execvp;
static fexecve_fn real_fexecve;

/* Resolved at start-up: dlsym may take a lock that a thread held when a
 * multi-threaded program forked, and the child calls exec. */
__attribute__((constructor(103))) static void resolve(void) {
  real_execve = (execve_fn)dlsym(RTLD_NEXT, "execve");
  real_execvpe = (execve_fn)dlsym(RTLD_NEXT, "execvpe");
  real_execv = (execv_fn)dlsym(RTLD_NEXT, "execv");
  real_execvp = (execv_fn)dlsym(RTLD_NEXT, "execvp");
  real_fexecve = (fexecve_fn)dlsym(RTLD_NEXT, "fexecve");
}

typedef struct exec_state {
  rb_pause ps;
  int dumped;
} exec_state;

static void before(exec_state *s) {
  s->dumped = 0;
  if (rb_in_vfork_child())
    return;
  int saved = errno;
  rb_pause_all(&s->ps);
  rb_write_process_dumps(".exec", RB_KEEP_OPEN | RB_NO_REPLACE, NULL);
  s->dumped = 1;
  errno = saved;
}

static int after(exec_state *s, int r) {
  int saved = errno;
  if (s->dumped)
    rb_resume(&s->ps);
  errno = saved;
  return r;
}

static int missing(void) {
  errno = ENOSYS;
  return -1;
}

EXPORT int execve(const char *path, char *const argv[], char *const envp[]) {
  if (!real_execve)
    return missing();
  exec_state s;
  before(&s);
  return after(&s, real_execve(path, argv, envp));
}

EXPORT int execvpe(const char *file, char *const argv[], char *const envp[]) {
  if (!real_execvpe)
    return missing();
  exec_state s;
  before(&s);
  return after(&s, real_execvpe(file, argv, envp));
}

EXPORT int execv(const char *path, char *const argv[]) {
  if (!real_execv)
    return missing();
  exec_state s;
  before(&s);
  return after(&s, real_execv(path, argv));
}

EXPORT int execvp(const char *file, char *const argv[]) {
  if (!real_execvp)
    return missing();
  exec_state s;
  before(&s);
  return after(&s, real_execvp(file, argv));
}

EXPORT int fexecve(int fd, char *const argv[], char *const envp[]) {
  if (!real_fexecve)
    return missing();
  exec_state s;
  before(&s);
  return after(&s, real_fexecve(fd, argv, envp));
}

/* execl, execlp, execle: the arguments as an array, then the v variant. */
#define COLLECT_ARGS(arg0, last_named, argv_out, envp_out, want_env)                            \
  size_t n_ = 1;                                                                                \
  va_list ap_;                                                                                  \
  va_start(ap_, last_named);                                                                    \
  while (va_arg(ap_, const char *))                                                             \
    n_++;                                                                                       \
  va_end(ap_);                                                                                  \
  const char *argv_out[n_ + 1];                                                                 \
  char *const *envp_out = NULL;                                                                 \
  argv_out[0] = arg0;                                                                           \
  va_start(ap_, last_named);                                                                    \
  for (size_t i_ = 1; i_ <= n_; i_++)                                                           \
    argv_out[i_] = i_ < n_ ? va_arg(ap_, const char *) : (va_arg(ap_, const char *), NULL);     \
  if (want_env)                                                                                 \
    envp_out = va_arg(ap_, char *const *);                                                      \
  va_end(ap_);                                                                                  \
  (void)envp_out

EXPORT int execl(const char *path, const char *arg, ...) {
  COLLECT_ARGS(arg, arg, argv, envp, 0);
  return execv(path, (char *const *)argv);
}

EXPORT int execlp(const char *file, const char *arg, ...) {
  COLLECT_ARGS(arg, arg, argv, envp, 0);
  return execvp(file, (char *const *)argv);
}

EXPORT int execle(const char *path, const char *arg, ...) {
  COLLECT_ARGS(arg, arg, argv, envp, 1);
  return execve(path, (char *const *)argv, envp);
}
