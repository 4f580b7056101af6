/*
 * cprof_stats -> the bytes of Python's marshal.dump(stats) (pstats-format.md
 * section 4), through common/marshal_write. Each key tuple and each file
 * name is written once, flagged, and referenced afterwards ('r'), which
 * keeps dumps with many edges small. Entries with no calls are left out
 * (as create_stats does) but may still appear as caller keys.
 *
 * The stats dict is followed by the cprof extension (dump_ext.c), a second
 * marshal object: Python's marshal.load starts each object with an empty
 * reference table, so the writer's references start again from 0 there.
 */
#include "rt.h"

#include <string.h>

#include "marshal_write.h"

#define NO_SLOT UINT32_MAX

typedef struct rt_dump_out writer;
struct rt_dump_out {
  cprof_marshal_writer mw;
  const cprof_stats *st;
  uint32_t *key_slot;
  /* file name -> slot, open addressing on content */
  const char **file_str;
  uint32_t *file_slot;
  size_t file_mask;
};

static uint64_t hash_str(const char *s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

static void put_str(writer *w, const char *s) { cprof_mw_str(&w->mw, s, strlen(s)); }

static void put_file(writer *w, const char *file) {
  size_t h = hash_str(file) & w->file_mask;
  for (; w->file_str[h]; h = (h + 1) & w->file_mask)
    if (!strcmp(w->file_str[h], file)) {
      cprof_mw_ref(&w->mw, w->file_slot[h]);
      return;
    }
  w->file_str[h] = file;
  w->file_slot[h] = cprof_mw_str_ref(&w->mw, file, strlen(file));
}

static void put_key(writer *w, size_t k) {
  if (w->key_slot[k] != NO_SLOT) {
    cprof_mw_ref(&w->mw, w->key_slot[k]);
    return;
  }
  const cprof_stat_entry *e = &w->st->entries[k];
  w->key_slot[k] = cprof_mw_tuple_ref(&w->mw, 3);
  put_file(w, e->file);
  cprof_mw_int(&w->mw, e->line);
  put_str(w, e->name);
}

struct cprof_marshal_writer *rt_dump_mw(rt_dump_out *o) { return &o->mw; }

void rt_dump_put_key(rt_dump_out *o, size_t entry) { put_key(o, entry); }

/* A new marshal object: no reference to the previous one's objects. */
static void restart_refs(writer *w) {
  w->mw.next_slot = 0;
  for (size_t i = 0; i < w->st->n; i++)
    w->key_slot[i] = NO_SLOT;
  memset(w->file_str, 0, (w->file_mask + 1) * sizeof *w->file_str);
}

int rt_dump_write_fd(const cprof_stats *st, int fd) {
  rt_arena a = {0};
  writer *w = rt_arena_alloc(&a, sizeof *w);
  size_t n = st->n;
  size_t cap = 16;
  while (cap < 2 * n + 2)
    cap <<= 1;
  if (w) {
    w->key_slot = rt_arena_alloc(&a, (n + 1) * sizeof(uint32_t));
    w->file_str = rt_arena_alloc(&a, cap * sizeof(char *));
    w->file_slot = rt_arena_alloc(&a, cap * sizeof(uint32_t));
  }
  if (!w || !w->key_slot || !w->file_str || !w->file_slot) {
    rt_arena_release(&a);
    return 12; /* ENOMEM */
  }
  w->st = st;
  w->file_mask = cap - 1;
  for (size_t i = 0; i < n; i++)
    w->key_slot[i] = NO_SLOT;
  cprof_mw_init(&w->mw, fd);
  cprof_mw_dict_begin(&w->mw);
  for (size_t k = 0; k < n; k++) {
    const cprof_stat_entry *e = &st->entries[k];
    if (!e->nc)
      continue;
    put_key(w, k);
    cprof_mw_tuple(&w->mw, 5);
    cprof_mw_int(&w->mw, (int64_t)e->cc);
    cprof_mw_int(&w->mw, (int64_t)e->nc);
    cprof_mw_float(&w->mw, e->tt);
    cprof_mw_float(&w->mw, e->ct);
    cprof_mw_dict_begin(&w->mw);
    for (size_t i = 0; i < e->ncallers; i++) {
      const cprof_stat_edge *ed = &e->callers[i];
      put_key(w, ed->caller);
      cprof_mw_tuple(&w->mw, 4);
      cprof_mw_int(&w->mw, (int64_t)ed->nc);
      cprof_mw_int(&w->mw, (int64_t)ed->cc);
      cprof_mw_float(&w->mw, ed->tt);
      cprof_mw_float(&w->mw, ed->ct);
    }
    cprof_mw_dict_end(&w->mw);
  }
  cprof_mw_dict_end(&w->mw);
  restart_refs(w);
  rt_ext_write(w, rt_stats_ext(st));
  int err = cprof_mw_finish(&w->mw);
  rt_arena_release(&a);
  return err;
}
