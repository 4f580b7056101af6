/* The cprof extension written after the stats dict by pst_stats_write
 * (docs/dump-extension.md): "cprof" first, then the known sections in the
 * order of ext.h, then the sections kept unchanged. */
#include "ext.h"
#include "marshal_write.h"

#include <string.h>

static void put_name(cprof_marshal_writer *w, const char *s) { cprof_mw_str(w, s, strlen(s)); }

static void put_val(cprof_marshal_writer *w, const pst_val *v) {
  switch (v->type) {
  case PST_M_INT:
    cprof_mw_int(w, v->u.i);
    break;
  case PST_M_FLOAT:
    cprof_mw_float(w, v->u.f);
    break;
  case PST_M_STR:
    cprof_mw_str(w, v->u.s, v->n);
    break;
  case PST_M_TUPLE:
    cprof_mw_tuple(w, v->n);
    for (uint32_t i = 0; i < v->n; i++)
      put_val(w, &v->u.items[i]);
    break;
  default:
    cprof_mw_dict_begin(w);
    for (uint32_t i = 0; i < v->n; i++)
      put_val(w, &v->u.items[i]);
    cprof_mw_dict_end(w);
    break;
  }
}

static int meta_write(cprof_marshal_writer *w, const void *data, const pst_stats *s) {
  (void)s;
  const pst_meta *m = data;
  cprof_mw_dict_begin(w);
  put_name(w, "runs");
  put_val(w, &m->runs);
  cprof_mw_dict_end(w);
  return 0;
}

/* One line per section of ext.h's enum. */
static int (*const writers[PST_EXT_N])(cprof_marshal_writer *, const void *, const pst_stats *) = {
    [PST_EXT_META] = meta_write,
};
static const char *const names[PST_EXT_N] = {[PST_EXT_META] = "meta"};

int pst_ext_write(cprof_marshal_writer *w, const pst_stats *s) {
  const struct pst_ext *x = s->ext;
  if (!x)
    return 0;
  int any = x->n_unknown > 0;
  for (int i = 0; i < PST_EXT_N; i++)
    any |= x->data[i] != NULL;
  if (!any)
    return 0; /* a Python dump stays as Python wrote it */
  w->next_slot = 0; /* a new marshal object: references start again */
  cprof_mw_dict_begin(w);
  put_name(w, "cprof");
  cprof_mw_int(w, PST_EXT_VERSION);
  int rc = 0;
  for (int i = 0; i < PST_EXT_N; i++) {
    if (!x->data[i])
      continue;
    put_name(w, names[i]);
    rc |= writers[i](w, x->data[i], s);
  }
  for (size_t i = 0; i < x->n_unknown; i++) {
    put_name(w, x->unknown[i].name);
    put_val(w, &x->unknown[i].value);
  }
  cprof_mw_dict_end(w);
  return rc;
}
