/* The cprof extension written after the stats dict by pst_stats_write
 * (docs/dump-extension.md): "cprof" first, then the known sections in the
 * order of ext.h, then the sections kept unchanged. */
#include "ext.h"
#include "marshal_write.h"

#include <stdlib.h>
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

static void put_key(cprof_marshal_writer *w, const pst_names *names, pst_key k) {
  const pst_keyinfo *ki = pst_key_info(names, k);
  size_t len;
  const char *t;
  cprof_mw_tuple(w, 3);
  t = pst_str_text(names, ki->file, &len);
  cprof_mw_str(w, t, len);
  cprof_mw_int(w, ki->line);
  t = pst_str_text(names, ki->name, &len);
  cprof_mw_str(w, t, len);
}

static int tree_write(cprof_marshal_writer *w, const void *data, const pst_stats *s) {
  const pst_tree *t = data;
  pst_keymap index = {0}; /* key -> position in "keys" */
  pst_key *keys = malloc((t->n ? t->n : 1) * sizeof *keys);
  uint32_t *kpos = malloc((t->n ? t->n : 1) * sizeof *kpos);
  size_t nk = 0;
  int rc = keys && kpos ? 0 : -1;
  for (size_t i = 0; i < t->n && rc == 0; i++) {
    uint32_t at = pst_keymap_get(&index, t->nodes[i].key);
    if (at == PST_NONE) {
      at = (uint32_t)nk;
      keys[nk++] = t->nodes[i].key;
      rc = pst_keymap_put(&index, t->nodes[i].key, at);
    }
    kpos[i] = at;
  }
  if (rc == 0) {
    cprof_mw_dict_begin(w);
    put_name(w, "keys");
    cprof_mw_tuple(w, (unsigned)nk);
    for (size_t i = 0; i < nk; i++)
      put_key(w, s->names, keys[i]);
    put_name(w, "nodes");
    cprof_mw_tuple(w, (unsigned)t->n);
    for (size_t i = 0; i < t->n; i++) {
      const pst_tree_node *n = &t->nodes[i];
      cprof_mw_tuple(w, 6);
      cprof_mw_int(w, n->parent == PST_TREE_TOP ? -1 : (int64_t)n->parent);
      cprof_mw_int(w, kpos[i]);
      cprof_mw_int(w, n->nc);
      cprof_mw_int(w, n->cc);
      cprof_mw_float(w, n->tt);
      cprof_mw_float(w, n->ct);
    }
    cprof_mw_dict_end(w);
  }
  free(keys);
  free(kpos);
  pst_keymap_free(&index);
  return rc;
}

/* One line per section of ext.h's enum. */
static int (*const writers[PST_EXT_N])(cprof_marshal_writer *, const void *, const pst_stats *) = {
    [PST_EXT_META] = meta_write,
    [PST_EXT_TREE] = tree_write,
};
static const char *const names[PST_EXT_N] = {[PST_EXT_META] = "meta", [PST_EXT_TREE] = "tree"};

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
