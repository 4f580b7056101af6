/* Flame graph exports: --format folded (flamegraph.pl, inferno) and
 * --format speedscope (speedscope's file format, a "sampled" profile whose
 * samples are the paths, weighted by their own time). docs/views.md.
 *
 * Both come from the calling-context tree when every dump has one. Without
 * it, paths are estimated from the caller->callee edges as edge-based
 * flame graphs do: below the first level a callee's time is split among
 * the paths in proportion to its callers' edges, which misattributes time
 * whenever a function costs differently on different paths. Such output
 * says so: folded stacks start with an "[estimated from caller-callee
 * edges]" frame, the speedscope profile's name says it, and pstats prints
 * one line on stderr. */
#include "export_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ESTIMATED_ROOT "[estimated from caller-callee edges]"
#define MAX_ESTIMATED_FRAMES 2000000

static double num(pst_num v) { return v.is_int ? (double)v.i : v.f; }

void pst_x_frames_free(pst_x_frames *fr) {
  free(fr->f);
  fr->f = NULL;
  fr->n = 0;
}

static int add_frame(pst_x_frames *fr, size_t *cap, const pst_x_frame *f) {
  if (fr->n == *cap) {
    size_t nc = *cap ? *cap * 2 : 1024;
    pst_x_frame *nf = realloc(fr->f, nc * sizeof *nf);
    if (!nf)
      return -1;
    fr->f = nf;
    *cap = nc;
  }
  fr->f[fr->n++] = *f;
  return 0;
}

/* The frame of `entry` on the path to `at`, or PST_NONE. */
static uint32_t on_path(const pst_x_frames *fr, uint32_t at, uint32_t entry) {
  for (; at != PST_TREE_TOP; at = fr->f[at].parent)
    if (fr->f[at].entry == entry)
      return at;
  return PST_NONE;
}

/* Depth first from the functions nobody calls; each frame carries the
 * share of its function's cumulative time it stands for. */
static int estimate(const pst_stats *s, pst_x_frames *fr, size_t *cap) {
  pst_x_calls c;
  if (pst_x_callees(s, &c) != 0)
    return -1;
  double grand = 0;
  for (size_t i = 0; i < s->n_entries; i++)
    if (!s->entries[i].n_edges)
      grand += num(s->entries[i].ct);
  double cutoff = grand * 1e-6;
  typedef struct item {
    uint32_t frame;
    double ratio;
  } item;
  item *stack = NULL;
  size_t ns = 0, scap = 0;
  int rc = 0;
  for (size_t r = 0; r < s->n_entries && rc == 0; r++) {
    const pst_entry *e = &s->entries[r];
    if (e->n_edges)
      continue;
    pst_x_frame f = {PST_TREE_TOP, (uint32_t)r, e->key, e->nc, num(e->tt), 0};
    if (add_frame(fr, cap, &f) != 0) {
      rc = -1;
      break;
    }
    if (ns == scap) {
      scap = scap ? scap * 2 : 256;
      item *nsk = realloc(stack, scap * sizeof *nsk);
      if (!nsk) {
        rc = -1;
        break;
      }
      stack = nsk;
    }
    stack[ns++] = (item){(uint32_t)(fr->n - 1), 1.0};
    while (ns && rc == 0) {
      item it = stack[--ns];
      uint32_t entry = fr->f[it.frame].entry;
      for (size_t k = c.start[entry]; k < c.start[entry + 1]; k++) {
        uint32_t g = c.items[k].callee;
        const pst_edge *ed = &s->entries[g].edges[c.items[k].edge];
        if (!ed->is_tuple)
          continue; /* profile.py's plain counts carry no time */
        double ct = num(ed->ct) * it.ratio;
        uint32_t again = on_path(fr, it.frame, g);
        if (again != PST_NONE) { /* recursion: its own time stays in the outer frame */
          fr->f[again].self += num(ed->tt) * it.ratio;
          continue;
        }
        if (ct < cutoff || (ct <= 0 && num(ed->tt) <= 0))
          continue;
        if (fr->n >= MAX_ESTIMATED_FRAMES)
          break;
        pst_x_frame f2 = {it.frame, g, s->entries[g].key, llround((double)ed->nc * it.ratio),
                          num(ed->tt) * it.ratio, 0};
        double gct = num(s->entries[g].ct);
        if (add_frame(fr, cap, &f2) != 0) {
          rc = -1;
          break;
        }
        if (ns == scap) {
          scap *= 2;
          item *nsk = realloc(stack, scap * sizeof *nsk);
          if (!nsk) {
            rc = -1;
            break;
          }
          stack = nsk;
        }
        stack[ns++] = (item){(uint32_t)(fr->n - 1), gct > 0 ? ct / gct : 0};
      }
    }
  }
  free(stack);
  pst_x_callees_free(&c);
  return rc;
}

int pst_x_frames_build(const pst_stats *s, pst_x_frames *fr, pst_error *err) {
  memset(fr, 0, sizeof *fr);
  size_t n, cap = 0;
  const pst_tree_node *t = pst_ext_tree(s, &n);
  if (t) {
    fr->f = malloc((n ? n : 1) * sizeof *fr->f);
    if (!fr->f)
      return pst_fail(err, "out of memory");
    for (size_t i = 0; i < n; i++) {
      long pos = pst_x_find(s, t[i].key);
      fr->f[i] = (pst_x_frame){t[i].parent, pos < 0 ? PST_NONE : (uint32_t)pos, t[i].key,
                               t[i].nc, t[i].tt, 0};
    }
    fr->n = n;
  } else {
    fr->estimated = 1;
    if (estimate(s, fr, &cap) != 0) {
      pst_x_frames_free(fr);
      return pst_fail(err, "out of memory");
    }
  }
  for (size_t i = 0; i < fr->n; i++)
    fr->f[i].total = fr->f[i].self > 0 ? fr->f[i].self : 0;
  for (size_t i = fr->n; i-- > 0;)
    if (fr->f[i].parent != PST_TREE_TOP)
      fr->f[fr->f[i].parent].total += fr->f[i].total;
  return 0;
}

char *pst_x_frame_label(const pst_names *n, pst_key k) {
  const pst_keyinfo *ki = pst_key_info(n, k);
  size_t fl, nl;
  const char *file = pst_str_text(n, ki->file, &fl);
  const char *name = pst_str_text(n, ki->name, &nl);
  pst_buf b = {0};
  int bad;
  if (fl == 1 && file[0] == '~' && ki->line == 0) {
    char *std = NULL;
    size_t cap = 0;
    long len = pst_std_string(n, k, &std, &cap);
    bad = len < 0 || pst_buf_put(&b, std, (size_t)len);
    free(std);
  } else {
    bad = pst_buf_put(&b, name, nl) || pst_buf_printf(&b, " (") || pst_buf_put(&b, file, fl) ||
          pst_buf_printf(&b, ":%lld)", (long long)ki->line);
  }
  if (bad) {
    pst_buf_free(&b);
    return NULL;
  }
  return b.p;
}

/* Labels by key, made once. */
typedef struct labels {
  char **by_key;
  size_t n;
} labels;

static const char *label(labels *l, const pst_names *n, pst_key k) {
  if (!l->by_key[k]) {
    l->by_key[k] = pst_x_frame_label(n, k);
    if (l->by_key[k]) /* folded stacks: ';' separates frames, one line each */
      for (char *p = l->by_key[k]; *p; p++)
        if (*p == ';' || *p == '\n' || *p == '\r')
          *p = '_';
  }
  return l->by_key[k];
}

static void labels_free(labels *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->by_key[i]);
  free(l->by_key);
}

static void note_estimated(const pst_x_frames *fr, const char *what) {
  if (fr->estimated)
    fprintf(stderr,
            "pstats: no calling-context tree in the dumps: %s estimated from caller-callee "
            "edges (profile with CPROF_TREE=1 for exact paths)\n", what);
}

int pst_export_folded(pst_stats *s, FILE *out, pst_error *err) {
  pst_x_frames fr;
  if (pst_x_frames_build(s, &fr, err) != 0)
    return -1;
  labels l = {calloc(pst_key_count(s->names) + 1, sizeof(char *)), pst_key_count(s->names) + 1};
  uint32_t *path = malloc((fr.n + 1) * sizeof *path);
  int rc = 0;
  if (!l.by_key || !path)
    rc = pst_fail(err, "out of memory");
  note_estimated(&fr, "folded stacks");
  for (size_t i = 0; i < fr.n && rc == 0; i++) {
    long long ns = llround(fr.f[i].self * 1e9);
    if (ns <= 0)
      continue;
    size_t d = 0;
    for (uint32_t a = (uint32_t)i; a != PST_TREE_TOP; a = fr.f[a].parent)
      path[d++] = a;
    if (fr.estimated)
      fputs(ESTIMATED_ROOT ";", out);
    while (d--) {
      const char *t = label(&l, s->names, fr.f[path[d]].key);
      if (!t) {
        rc = pst_fail(err, "out of memory");
        break;
      }
      fputs(t, out);
      fputc(d ? ';' : ' ', out);
    }
    fprintf(out, "%lld\n", ns);
  }
  free(path);
  if (l.by_key)
    labels_free(&l);
  pst_x_frames_free(&fr);
  return rc;
}

int pst_export_speedscope(pst_stats *s, FILE *out, pst_error *err) {
  pst_x_frames fr;
  if (pst_x_frames_build(s, &fr, err) != 0)
    return -1;
  size_t nkeys = pst_key_count(s->names) + 1;
  uint32_t *frame_of = malloc(nkeys * sizeof *frame_of);
  pst_key *keys = malloc((fr.n + 1) * sizeof *keys);
  uint32_t *path = malloc((fr.n + 1) * sizeof *path);
  int rc = 0;
  if (!frame_of || !keys || !path) {
    rc = pst_fail(err, "out of memory");
    goto out;
  }
  note_estimated(&fr, "the speedscope profile is");
  memset(frame_of, 0xff, nkeys * sizeof *frame_of);
  size_t nf = 0;
  for (size_t i = 0; i < fr.n; i++)
    if (frame_of[fr.f[i].key] == PST_NONE) {
      frame_of[fr.f[i].key] = (uint32_t)nf;
      keys[nf++] = fr.f[i].key;
    }
  const char *src = s->n_files ? s->files[0] : "profile";
  const char *sep = strstr(src, "    ");
  src = sep ? sep + 4 : src; /* the path of "ctime    path" */
  fputs("{\"$schema\": \"https://www.speedscope.app/file-format-schema.json\",\n"
        " \"version\": \"0.6.0\",\n \"name\": ", out);
  pst_x_put_string(out, src, strlen(src));
  fputs(",\n \"activeProfileIndex\": 0,\n \"shared\": {\"frames\": [", out);
  for (size_t i = 0; i < nf && rc == 0; i++) {
    char *t = pst_x_frame_label(s->names, keys[i]);
    if (!t) {
      rc = pst_fail(err, "out of memory");
      break;
    }
    const pst_keyinfo *ki = pst_key_info(s->names, keys[i]);
    size_t fl;
    const char *file = pst_str_text(s->names, ki->file, &fl);
    fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", out);
    pst_x_put_string(out, t, strlen(t));
    fputs(", \"file\": ", out);
    pst_x_put_string(out, file, fl);
    fprintf(out, ", \"line\": %lld}", (long long)ki->line);
    free(t);
  }
  if (rc)
    goto out;
  double total = 0;
  for (size_t i = 0; i < fr.n; i++)
    if (fr.f[i].self > 0)
      total += fr.f[i].self;
  const char *kind = fr.estimated ? " (estimated from caller-callee edges: no calling-context "
                                    "tree in the dumps)"
                                  : " (calling-context tree)";
  fputs("]},\n \"profiles\": [{\"type\": \"sampled\", \"name\": ", out);
  pst_buf name = {0};
  if (pst_buf_printf(&name, "%s%s", src, kind) != 0) {
    rc = pst_fail(err, "out of memory");
    goto out;
  }
  pst_x_put_string(out, name.p, name.len);
  pst_buf_free(&name);
  fputs(", \"unit\": \"seconds\", \"startValue\": 0, \"endValue\": ", out);
  pst_x_put_number(out, pst_num_float(total));
  fputs(",\n  \"samples\": [", out);
  int first = 1;
  for (size_t i = 0; i < fr.n; i++) {
    if (!(fr.f[i].self > 0))
      continue;
    size_t d = 0;
    for (uint32_t a = (uint32_t)i; a != PST_TREE_TOP; a = fr.f[a].parent)
      path[d++] = a;
    fputs(first ? "\n   [" : ",\n   [", out);
    first = 0;
    for (size_t j = d; j-- > 0;)
      fprintf(out, "%u%s", frame_of[fr.f[path[j]].key], j ? ", " : "");
    fputc(']', out);
  }
  fputs("],\n  \"weights\": [", out);
  first = 1;
  for (size_t i = 0; i < fr.n; i++) {
    if (!(fr.f[i].self > 0))
      continue;
    fputs(first ? "" : ", ", out);
    first = 0;
    pst_x_put_number(out, pst_num_float(fr.f[i].self));
  }
  fputs("]}]}\n", out);
out:
  free(frame_of);
  free(keys);
  free(path);
  pst_x_frames_free(&fr);
  return rc;
}
