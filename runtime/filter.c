/*
 * Run-time filters (docs/filters.md): CPROF_INCLUDE and CPROF_EXCLUDE, lists
 * of globs separated by commas, decide once per function, when its
 * descriptor is registered, whether the hooks ignore it
 * (CPROF_DESC_RT_IGNORED): an ignored function is treated as if it had been
 * inlined into its caller. CPROF_MAX_DEPTH is parsed here too; the hooks
 * apply it (hooks.c).
 *
 * Globs have the syntax of LLVM's GlobPattern, which the compile-time
 * filters use: `*` any string, `?` one character, `[abc]`, `[a-z]`,
 * `[!a-z]` or `[^a-z]` one character of (or not of) a set, `\c` the
 * character c. A comma inside a pattern is written `\,`. A function's name
 * is the one the profile shows (demangled for C++); a builtin's is the
 * callee's, without `<built-in method ...>`.
 *
 * Matching runs inside a hook (possibly in a signal handler): no
 * allocation, no locale, no libc call but memcpy/strlen.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct glob {
  const char *p;
  size_t n;
} glob;

typedef struct glob_list {
  glob *items;
  size_t n;
} glob_list;

static glob_list include_list, exclude_list;

/* One set `[...]` starting at p (just after '['), or NULL if unterminated
 * or a range is reversed; *end gets the position after ']'. */
static int set_matches(const char *p, const char *pe, unsigned char c, const char **end) {
  int negate = 0, hit = 0;
  if (p < pe && (*p == '!' || *p == '^')) {
    negate = 1;
    p++;
  }
  int first = 1;
  while (p < pe && (first || *p != ']')) {
    first = 0;
    unsigned char lo = (unsigned char)*p++;
    if (lo == '\\') {
      if (p == pe)
        return -1;
      lo = (unsigned char)*p++;
    }
    unsigned char hi = lo;
    if (p + 1 < pe && *p == '-' && p[1] != ']') {
      p++;
      hi = (unsigned char)*p++;
      if (hi == '\\') {
        if (p == pe)
          return -1;
        hi = (unsigned char)*p++;
      }
      if (hi < lo)
        return -1;
    }
    if (c >= lo && c <= hi)
      hit = 1;
  }
  if (p == pe)
    return -1; /* no closing ']' */
  *end = p + 1;
  return hit != negate;
}

/* Does the pattern element at *pp match c? Advances *pp past it. */
static int element_matches(const char **pp, const char *pe, unsigned char c) {
  const char *p = *pp;
  switch (*p) {
  case '?':
    *pp = p + 1;
    return 1;
  case '[': {
    const char *end;
    int r = set_matches(p + 1, pe, c, &end);
    if (r < 0)
      return 0;
    *pp = end;
    return r;
  }
  case '\\': /* a trailing '\\' is rejected by glob_check */
    *pp = p + 2;
    return (unsigned char)p[1] == c;
  default:
    *pp = p + 1;
    return (unsigned char)*p == c;
  }
}

static int glob_match(const glob *g, const char *s, size_t n) {
  const char *p = g->p, *pe = g->p + g->n, *se = s + n;
  const char *star_p = NULL, *star_s = NULL;
  while (s < se) {
    if (p < pe && *p == '*') {
      star_p = ++p;
      star_s = s;
      continue;
    }
    const char *q = p;
    if (p < pe && element_matches(&q, pe, (unsigned char)*s)) {
      p = q;
      s++;
      continue;
    }
    if (!star_p)
      return 0;
    p = star_p; /* let the last '*' take one more character */
    s = ++star_s;
  }
  while (p < pe && *p == '*')
    p++;
  return p == pe;
}

/* NULL if the glob is well formed, else what is wrong with it. */
static const char *glob_check(const char *p, size_t n) {
  const char *pe = p + n;
  if (!n)
    return "an empty pattern";
  while (p < pe) {
    if (*p == '\\') {
      if (p + 1 == pe)
        return "a trailing '\\'";
      p += 2;
    } else if (*p == '[') {
      const char *end;
      if (set_matches(p + 1, pe, 0, &end) < 0)
        return "an unterminated '[' or a reversed range";
      p = end;
    } else {
      p++;
    }
  }
  return NULL;
}

/* Split `v` at the commas not preceded by '\\' into a list of globs (copies
 * in one mapping). 0, or -1 after one line on stderr. */
static int parse_list(const char *var, const char *v, glob_list *out) {
  size_t len = strlen(v), count = 1;
  for (size_t i = 0; i < len; i++) {
    if (v[i] == '\\' && i + 1 < len)
      i++;
    else if (v[i] == ',')
      count++;
  }
  size_t size = count * sizeof(glob) + len + 1;
  glob *items = rt_map(size);
  if (!items) {
    rt_warn("%s ignored: out of memory", var);
    return -1;
  }
  char *text = (char *)(items + count);
  memcpy(text, v, len + 1);
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && text[i] == '\\' && i + 1 < len) {
      i++;
      continue;
    }
    if (i < len && text[i] != ',')
      continue;
    const char *why = glob_check(text + start, i - start);
    if (why) {
      rt_warn("%s=%s ignored: pattern %zu (\"%.*s\") is %s", var, v, k + 1, (int)(i - start),
              text + start, why);
      rt_unmap(items, size);
      return -1;
    }
    items[k].p = text + start;
    items[k].n = i - start;
    k++;
    start = i + 1;
  }
  out->items = items;
  out->n = k;
  return 0;
}

static int any_matches(const glob_list *l, const char *s, size_t n) {
  for (size_t i = 0; i < l->n; i++)
    if (glob_match(&l->items[i], s, n))
      return 1;
  return 0;
}

static size_t max_depth_load(void);

void rt_filter_load(void) {
  const char *v = secure_getenv("CPROF_INCLUDE");
  if (v)
    parse_list("CPROF_INCLUDE", v, &include_list);
  v = secure_getenv("CPROF_EXCLUDE");
  if (v)
    parse_list("CPROF_EXCLUDE", v, &exclude_list);
  rt_max_depth = max_depth_load();
}

size_t rt_max_depth = SIZE_MAX;

static size_t max_depth_load(void) {
  const char *v = secure_getenv("CPROF_MAX_DEPTH");
  if (!v)
    return SIZE_MAX;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (*v < '0' || *v > '9' || *end || errno || n == 0 || n > SIZE_MAX) {
    rt_warn("CPROF_MAX_DEPTH=%s is not a positive integer; no depth limit", v);
    return SIZE_MAX;
  }
  return (size_t)n;
}

#define BUILTIN_PREFIX "<built-in method "

int rt_filter_ignores(const struct cprof_func_desc *d) {
  if ((!include_list.n && !exclude_list.n) || rt_is_calibration_desc(d))
    return 0;
  const char *name = d->name ? d->name : "";
  size_t n = strlen(name);
  if (d->flags & CPROF_DESC_BUILTIN) {
    /* a builtin is the callee of whatever calls it: only an exclusion of
     * its own name drops it */
    size_t k = sizeof BUILTIN_PREFIX - 1;
    if (n > k && !memcmp(name, BUILTIN_PREFIX, k) && name[n - 1] == '>') {
      name += k;
      n -= k + 1;
    }
    return any_matches(&exclude_list, name, n);
  }
  if (include_list.n && !any_matches(&include_list, name, n))
    return 1;
  return any_matches(&exclude_list, name, n);
}
