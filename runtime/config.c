/*
 * The CPROF_* environment, read once at start-up with secure_getenv (so a
 * set-uid program ignores it). Invalid values print one line on stderr and
 * fall back to the default; they never stop the program.
 *
 *   CPROF_FILE      dump path pattern (%p pid, %h host, %t thread, %% '%')
 *   CPROF_SUBCALLS  0/1  caller->callee edges (default 1)
 *   CPROF_BUILTINS  0/1  time calls of uninstrumented functions (default 1)
 *   CPROF_START     0/1  profile from start-up (default 1); 0: only regions
 *                        enabled through the API
 *   CPROF_TIMER     wall (default) | monotonic | cpu | thread | sampled |
 *                   sampled-wall
 *   CPROF_SAMPLE_HZ samples per second of the sampled timers (default 1000)
 *   CPROF_INCLUDE, CPROF_EXCLUDE, CPROF_MAX_DEPTH: filter.c
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void rt_warn(const char *fmt, ...) {
  int saved_errno = errno;
  char buf[1024];
  size_t n = 7;
  memcpy(buf, "cprof: ", n);
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
  va_end(ap);
  if (k < 0)
    k = 0;
  n += (size_t)k < sizeof buf - n - 1 ? (size_t)k : sizeof buf - n - 2;
  /* exactly one line */
  for (size_t i = 7; i < n; i++)
    if (buf[i] == '\n' || buf[i] == '\r')
      buf[i] = ' ';
  buf[n++] = '\n';
  ssize_t r;
  do
    r = write(2, buf, n);
  while (r < 0 && errno == EINTR);
  errno = saved_errno;
}

static int parse_bool(const char *var, int def) {
  const char *v = secure_getenv(var);
  if (!v)
    return def;
  static const char *const yes[] = {"1", "yes", "true", "on"};
  static const char *const no[] = {"0", "no", "false", "off"};
  for (size_t i = 0; i < 4; i++) {
    if (!strcasecmp(v, yes[i]))
      return 1;
    if (!strcasecmp(v, no[i]))
      return 0;
  }
  rt_warn("%s=%s is not 0 or 1; using %d", var, v, def);
  return def;
}

void rt_config_load(rt_config *c) {
  c->subcalls = parse_bool("CPROF_SUBCALLS", 1);
  c->builtins = parse_bool("CPROF_BUILTINS", 1);
  c->start = parse_bool("CPROF_START", 1);
  c->tree = parse_bool("CPROF_TREE", 0);
  c->file_pattern = NULL;
  const char *f = secure_getenv("CPROF_FILE");
  if (f && *f)
    c->file_pattern = f;
  else if (f)
    rt_warn("CPROF_FILE is empty; using the default cprof.%%h.%%p.prof");
  rt_filter_load();
  c->timer = rt_tsc_usable() ? RT_TIMER_TSC : RT_TIMER_MONOTONIC;
  const char *t = secure_getenv("CPROF_TIMER");
  if (t) {
    if (!strcmp(t, "wall"))
      ;
    else if (!strcmp(t, "monotonic"))
      c->timer = RT_TIMER_MONOTONIC;
    else if (!strcmp(t, "cpu") || !strcmp(t, "process"))
      c->timer = RT_TIMER_PROCESS;
    else if (!strcmp(t, "thread"))
      c->timer = RT_TIMER_THREAD;
    else if (!strcmp(t, "sampled") || !strcmp(t, "sampled-cpu")) {
      c->timer = RT_TIMER_SAMPLED;
      c->sample_mode = RT_SAMPLE_CPU;
    } else if (!strcmp(t, "sampled-wall")) {
      c->timer = RT_TIMER_SAMPLED;
      c->sample_mode = RT_SAMPLE_WALL;
    } else
      rt_warn("CPROF_TIMER=%s is not wall, monotonic, cpu, thread, sampled or sampled-wall; "
              "using wall",
              t);
  }
  c->sample_hz = 0;
  const char *hz = secure_getenv("CPROF_SAMPLE_HZ");
  if (hz) {
    char *end;
    errno = 0;
    long v = strtol(hz, &end, 10);
    if (*hz && !*end && !errno && v >= 1 && v <= 100000)
      c->sample_hz = (int)v;
    else
      rt_warn("CPROF_SAMPLE_HZ=%s is not a rate from 1 to 100000; using 1000", hz);
  }
}
