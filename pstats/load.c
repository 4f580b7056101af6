/* The loader: Stats(FILE, ...) for many dumps at the speed of the disk.
 *
 * Files are read and scanned (dump_scan.c) on up to one thread per CPU,
 * each thread with a scanner of its own, and merged strictly in Python's
 * order -- the first file loaded, then the others added last to first --
 * by whichever thread finishes the file that is next in that order. Every
 * sum is therefore made in the same order as pstats.Stats makes it (float
 * addition is not associative, so no partial results are combined), every
 * key and caller lands at the position Python gives it, and the first file
 * in that order that is wrong is the one reported. Only a window of files
 * is in flight at once: memory follows the distinct functions and edges,
 * not the number or size of the dumps. A dump the scanner does not take
 * goes to the general reader (marshal_read.c) at its turn. */
#define _GNU_SOURCE
#include "dump_scan.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define DROP_MIN ((size_t)64 << 20) /* drop pages behind the scan of bigger dumps */

/* Scanner-local ids -> shared ids, one per scanner (used by the merger). */
typedef struct mapping {
  uint32_t *str;
  size_t cap_str;
  uint32_t *key;
  size_t cap_key;
} mapping;

enum { JOB_FAILED, JOB_SCANNED, JOB_GENERAL };

typedef struct slot {
  int ready;
  int status;
  unsigned worker;
  pst_dump_file file;
  scan_result res;
  pst_error err;
} slot;

typedef struct loader {
  pst_stats *s;
  const char *const *paths;
  size_t n;
  int first_loads; /* Stats(paths...): the first in order is loaded, not added */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  size_t next, merged; /* processing positions */
  int merging, failed;
  size_t window;
  slot *slots;
  unsigned n_workers;
  pst_scanner **scanners;
  mapping *maps;
  /* the merger's: shared key id -> entry position in s */
  uint32_t *pos_of;
  size_t cap_pos, synced;
  pst_error *err;
} loader;

/* Entries the general reader appended: index them. */
static int sync_positions(loader *ld) {
  pst_stats *s = ld->s;
  if (pst_grow_ids(&ld->pos_of, &ld->cap_pos, pst_key_count(s->names), PST_NONE))
    return -1;
  for (; ld->synced < s->n_entries; ld->synced++)
    ld->pos_of[s->entries[ld->synced].key] = (uint32_t)ld->synced;
  return 0;
}

/* The strings and keys a scan met first: intern them in the shared names. */
static int map_new(loader *ld, mapping *m, const scan_result *r) {
  pst_names *names = ld->s->names;
  if (pst_grow_ids(&m->str, &m->cap_str, (size_t)r->first_str + r->n_nstr, PST_NONE) ||
      pst_grow_ids(&m->key, &m->cap_key, (size_t)r->first_key + r->n_nkey, PST_NONE))
    return -1;
  for (size_t i = 0; i < r->n_nstr; i++) {
    pst_str id = pst_intern_str(names, r->nstr[i].p, r->nstr[i].len);
    if (id == PST_NONE)
      return -1;
    m->str[r->first_str + i] = id;
  }
  for (size_t i = 0; i < r->n_nkey; i++) {
    const scan_newkey *k = &r->nkey[i];
    pst_key id = pst_intern_key(names, m->str[k->file], k->line, m->str[k->name]);
    if (id == PST_NONE)
      return -1;
    m->key[r->first_key + i] = id;
  }
  return 0;
}

static pst_num rec_num(uint64_t v, int is_int) {
  if (is_int)
    return pst_num_int((int64_t)v);
  pst_num n = pst_num_float(0);
  memcpy(&n.f, &v, 8);
  return n;
}

/* stored = incoming + stored, as add_func_stats / add_callers. */
static inline int sum_num(pst_num *stored, uint64_t v, int is_int) {
  if (!is_int && !stored->is_int) {
    double x;
    memcpy(&x, &v, 8);
    stored->f = x + stored->f;
    return 0;
  }
  return pst_num_add(rec_num(v, is_int), *stored, stored);
}

static int sum_count(int64_t *stored, int64_t v) {
  return __builtin_add_overflow(v, *stored, stored);
}

#define AHEAD 16 /* entries prefetched ahead of the merge */

/* A scanned dump into s: Stats(dump) when `load` (s is empty), else
 * Stats.add(dump) (§6.2), exactly as marshal_read.c's walk does it. The
 * merged entries are scattered over a model bigger than the caches: a
 * first pass maps the keys and creates the new entries (in the order the
 * merge itself would), so the second can prefetch the entries and caller
 * tables it is about to sum into. */
static int merge_scanned(loader *ld, const mapping *m, scan_result *r, int load,
                         const char *what, const char *header) {
  pst_stats *s = ld->s;
  pst_error *err = ld->err;
  if (header && !load && pst_stats_add_header(s, header) != 0)
    return pst_fail(err, "%s: out of memory", what);
  pst_stats_forget_order(s);
  if (sync_positions(ld))
    return pst_fail(err, "%s: out of memory", what);
  scan_rec *recs = r->recs;
  size_t n = r->n_recs;
  /* pass 1: shared keys; an entry's record gets its position */
  for (size_t i = 0; i < n; i++) {
    pst_key key = m->key[recs[i].key];
    if (!(recs[i].flags & REC_ENTRY)) {
      recs[i].key = key;
      continue;
    }
    uint32_t pos = ld->pos_of[key];
    if (pos == PST_NONE) {
      long p = pst_stats_entry(s, key);
      if (p < 0)
        return pst_fail(err, "%s: out of memory", what);
      pos = (uint32_t)p;
      ld->pos_of[key] = pos;
      ld->synced = s->n_entries;
    }
    recs[i].key = pos;
  }
  /* pass 2: the sums */
  size_t ahead = 0, ahead2 = 0; /* the records AHEAD and AHEAD/2 entries on */
  for (int k = 0; k < AHEAD && ahead < n; k++)
    while (++ahead < n && !(recs[ahead].flags & REC_ENTRY))
      ;
  for (int k = 0; k < AHEAD / 2 && ahead2 < n; k++)
    while (++ahead2 < n && !(recs[ahead2].flags & REC_ENTRY))
      ;
  for (size_t i = 0; i < n;) {
    if (ahead < n) {
      const pst_entry *pe = &s->entries[recs[ahead].key];
      __builtin_prefetch(pe, 1); /* the (up to 3) lines of the entry */
      __builtin_prefetch((const char *)pe + sizeof *pe / 2, 1);
      __builtin_prefetch((const char *)pe + sizeof *pe - 1, 1);
      while (++ahead < n && !(recs[ahead].flags & REC_ENTRY))
        ;
    }
    if (ahead2 < n) {
      const pst_entry *pe = &s->entries[recs[ahead2].key];
      if (pe->n_edges) {
        __builtin_prefetch(pe->edges, 1);
        __builtin_prefetch((const char *)pe->edges + 64, 1);
      }
      while (++ahead2 < n && !(recs[ahead2].flags & REC_ENTRY))
        ;
    }
    const scan_rec *in = &recs[i++];
    uint32_t pos = in->key;
    pst_entry *e = &s->entries[pos];
    if (load) {
      e->cc = in->a;
      e->nc = in->b;
      e->tt = rec_num(in->tt, in->flags & REC_TT_INT);
      e->ct = rec_num(in->ct, in->flags & REC_CT_INT);
    } else if (sum_count(&e->cc, in->a) || sum_count(&e->nc, in->b)) {
      return pst_fail(err, "%s: call count overflows 64 bits while merging", what);
    } else if (sum_num(&e->tt, in->tt, in->flags & REC_TT_INT) ||
               sum_num(&e->ct, in->ct, in->flags & REC_CT_INT)) {
      return pst_fail(err, "%s: integer time overflows 64 bits while merging", what);
    }
    for (; i < n && !(recs[i].flags & REC_ENTRY); i++) {
      const scan_rec *ed = &recs[i];
      pst_key caller = ed->key;
      int tuple = (ed->flags & REC_TUPLE) != 0;
      long j = load ? -1 : pst_stats_find_edge(s, pos, caller);
      if (j < 0) {
        pst_edge ne;
        ne.caller = caller;
        ne.is_tuple = tuple;
        ne.nc = ed->a;
        ne.cc = ed->b;
        ne.tt = rec_num(ed->tt, ed->flags & REC_TT_INT);
        ne.ct = rec_num(ed->ct, ed->flags & REC_CT_INT);
        if (pst_stats_append_edge(s, pos, &ne) != 0)
          return pst_fail(err, "%s: out of memory", what);
        continue;
      }
      pst_edge *old = &s->entries[pos].edges[j];
      if (old->is_tuple != tuple)
        return pst_fail(err, "%s: cannot merge a profile.py caller count with a "
                             "cProfile caller tuple (Python's pstats fails too)", what);
      if (sum_count(&old->nc, ed->a))
        return pst_fail(err, "%s: call count overflows 64 bits while merging", what);
      if (!tuple) {
        old->cc = old->nc;
      } else if (sum_count(&old->cc, ed->b)) {
        return pst_fail(err, "%s: call count overflows 64 bits while merging", what);
      } else if (sum_num(&old->tt, ed->tt, ed->flags & REC_TT_INT) ||
                 sum_num(&old->ct, ed->ct, ed->flags & REC_CT_INT)) {
        return pst_fail(err, "%s: integer time overflows 64 bits while merging", what);
      }
    }
  }
  s->callees_valid = 0;
  if (load) { /* get_top_level_stats of the file (no top level: no marker) */
    s->total_calls = r->calls;
    s->prim_calls = r->prims;
    s->total_tt = r->tt;
    if (header && pst_stats_add_header(s, header) != 0)
      return pst_fail(err, "%s: out of memory", what);
    return 0;
  }
  s->total_calls += r->calls;
  s->prim_calls += r->prims;
  if (pst_num_add(s->total_tt, r->tt, &s->total_tt) != 0)
    return pst_fail(err, "%s: total integer time overflows 64 bits", what);
  return 0;
}

/* Bytes after the statistics dict: the cprof extension (ext.c), which only
 * the general reader reads; such a dump is merged through it. */
static int has_extension(const scan_result *r, size_t len) { return r->end < len; }

/* One dump, scanned or not, into s at its turn. */
static int merge_dump(loader *ld, slot *sl, int load, const char *what) {
  pst_error *err = ld->err;
  if (sl->status == JOB_FAILED) {
    memcpy(err, &sl->err, sizeof *err);
    return -1;
  }
  mapping *m = &ld->maps[sl->worker];
  if (map_new(ld, m, &sl->res))
    return pst_fail(err, "%s: out of memory", what);
  if (sl->status == JOB_SCANNED)
    return merge_scanned(ld, m, &sl->res, load, what, sl->file.header);
  int rc = load ? pst_general_load(ld->s, &sl->file, what, err)
                : pst_general_add(ld->s, &sl->file, what, err);
  if (rc == 0 && sync_positions(ld))
    rc = pst_fail(err, "%s: out of memory", what);
  return rc;
}

/* Path of processing position k: Stats(a, b, c) takes a, c, b. */
static size_t path_at(const loader *ld, size_t k) {
  if (ld->first_loads)
    return k == 0 ? 0 : ld->n - k;
  return ld->n - 1 - k;
}

static void drop_consumed(void *ctx, size_t offset) {
  pst_dump_file *f = ctx;
  long page = sysconf(_SC_PAGESIZE);
  size_t upto = offset & ~((size_t)(page > 0 ? page : 4096) - 1);
  if (upto)
    madvise(f->buf, upto, MADV_DONTNEED); /* re-read from the file if needed */
}

static void release_bytes(pst_dump_file *f) {
  if (f->mapped)
    munmap(f->buf, f->len);
  else
    free(f->buf);
  f->buf = NULL;
  f->len = 0;
  f->mapped = 0;
}

static void run_job(loader *ld, size_t k, slot *sl) {
  const char *path = ld->paths[path_at(ld, k)];
  if (pst_dump_file_read(path, &sl->file, &sl->err) != 0) {
    sl->status = JOB_FAILED;
    return;
  }
  pst_dump_file *f = &sl->file;
  int r = pst_scan(ld->scanners[sl->worker], f->buf, f->len, &sl->res,
                   f->mapped && f->len >= DROP_MIN ? drop_consumed : NULL, f);
  sl->status = r == 0 && !has_extension(&sl->res, f->len) ? JOB_SCANNED : JOB_GENERAL;
  if (sl->status == JOB_SCANNED)
    release_bytes(f); /* the records hold all of it */
}

static void *worker(void *arg);

typedef struct worker_arg {
  loader *ld;
  unsigned id;
} worker_arg;

/* Take files in order while the window allows; merge whatever is next in
 * order and ready (one merger at a time). */
static void work(loader *ld, unsigned id) {
  pthread_mutex_lock(&ld->mu);
  for (;;) {
    while (!ld->failed && ld->next < ld->n && ld->next >= ld->merged + ld->window)
      pthread_cond_wait(&ld->cv, &ld->mu);
    if (ld->failed || ld->next >= ld->n)
      break;
    size_t k = ld->next++;
    slot *sl = &ld->slots[k % ld->window];
    pthread_mutex_unlock(&ld->mu);
    sl->worker = id;
    run_job(ld, k, sl);
    pthread_mutex_lock(&ld->mu);
    sl->ready = 1;
    if (ld->merging)
      continue;
    ld->merging = 1;
    while (!ld->failed && ld->merged < ld->n && ld->slots[ld->merged % ld->window].ready) {
      size_t m = ld->merged;
      slot *ms = &ld->slots[m % ld->window];
      pthread_mutex_unlock(&ld->mu);
      int rc = merge_dump(ld, ms, ld->first_loads && m == 0, ld->paths[path_at(ld, m)]);
      pst_dump_file_release(&ms->file);
      pthread_mutex_lock(&ld->mu);
      ms->ready = 0;
      ld->merged++;
      if (rc != 0)
        ld->failed = 1;
      pthread_cond_broadcast(&ld->cv);
    }
    ld->merging = 0;
  }
  pthread_mutex_unlock(&ld->mu);
}

static void *worker(void *arg) {
  worker_arg *wa = arg;
  work(wa->ld, wa->id);
  return NULL;
}

static unsigned cpus_available(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    return n > 0 ? (unsigned)n : 1;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1;
}

static int run_loader(pst_stats *s, const char *const *paths, size_t n, int first_loads,
                      unsigned threads, pst_error *err) {
  if (n == 0)
    return 0;
  loader ld;
  memset(&ld, 0, sizeof ld);
  ld.s = s;
  ld.paths = paths;
  ld.n = n;
  ld.first_loads = first_loads;
  ld.err = err;
  unsigned nw = threads ? threads : cpus_available();
  if (nw > MAX_THREADS)
    nw = MAX_THREADS;
  if (nw > n)
    nw = (unsigned)n;
  ld.n_workers = nw;
  ld.window = nw == 1 ? 1 : 2 * (size_t)nw + 2;
  ld.slots = calloc(ld.window, sizeof *ld.slots);
  ld.scanners = calloc(nw, sizeof *ld.scanners);
  ld.maps = calloc(nw, sizeof *ld.maps);
  int rc = 0;
  if (!ld.slots || !ld.scanners || !ld.maps) {
    rc = pst_fail(err, "%s: out of memory", paths[0]);
    goto out;
  }
  for (unsigned i = 0; i < nw; i++)
    if (!(ld.scanners[i] = pst_scanner_new())) {
      rc = pst_fail(err, "%s: out of memory", paths[0]);
      goto out;
    }
  pthread_mutex_init(&ld.mu, NULL);
  pthread_cond_init(&ld.cv, NULL);
  tzset(); /* headers use localtime_r on every thread */
  pthread_t tid[MAX_THREADS];
  worker_arg args[MAX_THREADS];
  unsigned started = 1;
  for (unsigned i = 1; i < nw; i++) {
    args[i].ld = &ld;
    args[i].id = i;
    if (pthread_create(&tid[i], NULL, worker, &args[i]) != 0)
      break; /* fewer threads: the same result, later */
    started++;
  }
  work(&ld, 0);
  for (unsigned i = 1; i < started; i++)
    pthread_join(tid[i], NULL);
  pthread_mutex_destroy(&ld.mu);
  pthread_cond_destroy(&ld.cv);
  rc = ld.failed ? -1 : 0;
out:
  if (ld.slots)
    for (size_t i = 0; i < ld.window; i++) {
      pst_dump_file_release(&ld.slots[i].file);
      pst_scan_result_free(&ld.slots[i].res);
    }
  if (ld.scanners)
    for (unsigned i = 0; i < nw; i++)
      pst_scanner_free(ld.scanners[i]);
  if (ld.maps)
    for (unsigned i = 0; i < nw; i++) {
      free(ld.maps[i].str);
      free(ld.maps[i].key);
    }
  free(ld.slots);
  free(ld.scanners);
  free(ld.maps);
  free(ld.pos_of);
  return rc;
}

int pst_stats_load_files(pst_stats *s, const char *const *paths, size_t n,
                         unsigned threads, pst_error *err) {
  if (n && s->n_entries)
    return pst_fail(err, "%s: statistics object is not empty", paths[0]);
  return run_loader(s, paths, n, 1, threads, err);
}

int pst_stats_add_files(pst_stats *s, const char *const *paths, size_t n,
                        unsigned threads, pst_error *err) {
  return run_loader(s, paths, n, 0, threads, err);
}

int pst_stats_load(pst_stats *s, const char *path, pst_error *err) {
  return pst_stats_load_files(s, &path, 1, 1, err);
}

int pst_stats_add_file(pst_stats *s, const char *path, pst_error *err) {
  return pst_stats_add_files(s, &path, 1, 1, err);
}

/* A dump in memory, through the same scanner and merge. */
static int load_buffer(pst_stats *s, const unsigned char *buf, size_t len,
                       const char *what, const char *header, int load, pst_error *err) {
  loader ld;
  memset(&ld, 0, sizeof ld);
  ld.s = s;
  ld.err = err;
  mapping map = {0};
  ld.maps = &map;
  slot sl;
  memset(&sl, 0, sizeof sl);
  sl.file.buf = (unsigned char *)buf;
  sl.file.len = len;
  sl.file.header = (char *)header;
  int rc;
  pst_scanner *sc = pst_scanner_new();
  if (!sc) {
    rc = pst_fail(err, "%s: out of memory", what);
  } else {
    sl.status = pst_scan(sc, buf, len, &sl.res, NULL, NULL) == 0 && !has_extension(&sl.res, len)
                    ? JOB_SCANNED
                    : JOB_GENERAL;
    rc = merge_dump(&ld, &sl, load, what);
  }
  pst_scan_result_free(&sl.res);
  pst_scanner_free(sc);
  free(map.str);
  free(map.key);
  free(ld.pos_of);
  return rc;
}

int pst_stats_load_buffer(pst_stats *s, const unsigned char *buf, size_t len,
                          const char *what, pst_error *err) {
  if (s->n_entries)
    return pst_fail(err, "%s: statistics object is not empty", what);
  return load_buffer(s, buf, len, what, NULL, 1, err);
}

int pst_stats_add_buffer(pst_stats *s, const unsigned char *buf, size_t len,
                         const char *what, pst_error *err) {
  return load_buffer(s, buf, len, what, what, 0, err);
}
