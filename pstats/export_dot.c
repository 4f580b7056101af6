/* --format dot / svg: a call graph in the style of gprof2dot.
 *
 * Node weight = cumtime / total time, edge weight = the edge's cumtime /
 * total time (total time = the sum of tottimes, as pstats prints it). Nodes
 * below node_thres percent are left out, and so are edges below edge_thres
 * percent or touching a left-out node. Colours go from dark blue (0 %) to
 * red (100 %) through green and yellow (gprof2dot's temperature map), pens
 * get wider with the weight. Node label: function name, file:line, cumtime
 * share, (tottime share), calls; edge label: cumtime share and calls
 * ("total/primitive" when they differ). svg pipes the graph into Graphviz's
 * dot. */
#define _GNU_SOURCE
#include "export_internal.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static double clamp01(double v) { return v > 1 ? 1 : v > 0 ? v : 0; }

static double hue2rgb(double p, double q, double t) {
  if (t < 0)
    t += 1;
  if (t > 1)
    t -= 1;
  if (t < 1.0 / 6)
    return p + (q - p) * 6 * t;
  if (t < 0.5)
    return q;
  if (t < 2.0 / 3)
    return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

/* temperature map: hsl (2/3, .8, .25) at 0 to (0, 1, .5) at 1 */
static void color(double w, char buf[8]) {
  w = clamp01(w);
  double h = 2.0 / 3 * (1 - w), s = 0.8 + 0.2 * w, l = 0.25 + 0.25 * w;
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
  int r = (int)lround(255 * hue2rgb(p, q, h + 1.0 / 3));
  int g = (int)lround(255 * hue2rgb(p, q, h));
  int b = (int)lround(255 * hue2rgb(p, q, h - 1.0 / 3));
  snprintf(buf, 8, "#%02x%02x%02x", r, g, b);
}

/* text inside a double-quoted DOT string */
static void put_escaped(FILE *out, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '"' || p[i] == '\\')
      fputc('\\', out);
    if (p[i] == '\n' || p[i] == '\r' || p[i] == '\0')
      fputc(' ', out);
    else
      fputc(p[i], out);
  }
}

static void put_str(FILE *out, const pst_names *n, pst_str id) {
  size_t len;
  const char *p = pst_str_text(n, id, &len);
  put_escaped(out, p, len);
}

static void put_calls(FILE *out, int64_t nc, int64_t cc) {
  if (nc != cc)
    fprintf(out, "%lld/%lld\xc3\x97", (long long)nc, (long long)cc);
  else
    fprintf(out, "%lld\xc3\x97", (long long)nc);
}

int pst_export_dot(pst_stats *s, const pst_export_opts *opts, FILE *out, pst_error *err) {
  const pst_names *n = s->names;
  double total = 0;
  for (size_t i = 0; i < s->n_entries; i++)
    total += pst_num_as_double(s->entries[i].tt);
  if (!(total > 0))
    total = 0;
  double node_min = opts->node_thres / 100.0, edge_min = opts->edge_thres / 100.0;
  char *keep = calloc(s->n_entries + 1, 1);
  if (!keep)
    return pst_fail(err, "out of memory");
  double *weight = calloc(s->n_entries + 1, sizeof *weight);
  if (!weight) {
    free(keep);
    return pst_fail(err, "out of memory");
  }
  for (size_t i = 0; i < s->n_entries; i++) {
    double w = total > 0 ? pst_num_as_double(s->entries[i].ct) / total : 0;
    weight[i] = w;
    keep[i] = w >= node_min;
  }
  fputs("digraph {\n"
        "  graph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
        "  node [fontcolor=white, fontname=Arial, height=0, shape=box, style=filled, "
        "width=0];\n"
        "  edge [fontname=Arial];\n",
        out);
  char col[8];
  char *std = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < s->n_entries; i++) {
    if (!keep[i])
      continue;
    const pst_entry *e = &s->entries[i];
    const pst_keyinfo *ki = pst_key_info(n, e->key);
    double self = total > 0 ? pst_num_as_double(e->tt) / total : 0;
    color(weight[i], col);
    fprintf(out, "  %zu [color=\"%s\", fontcolor=\"#ffffff\", fontsize=\"10.00\", label=\"", i,
            col);
    size_t flen;
    const char *f = pst_str_text(n, ki->file, &flen);
    if (flen == 1 && f[0] == '~' && ki->line == 0) { /* builtin: as pstats prints it */
      long len = pst_std_string(n, e->key, &std, &cap);
      if (len < 0) {
        free(std);
        free(keep);
        free(weight);
        return pst_fail(err, "out of memory");
      }
      put_escaped(out, std, (size_t)len);
      fputs("\\n", out);
    } else {
      put_str(out, n, ki->name);
      fputs("\\n", out);
      put_str(out, n, ki->file);
      fprintf(out, ":%lld\\n", (long long)ki->line);
    }
    fprintf(out, "%.2f%%\\n(%.2f%%)\\n", 100 * weight[i], 100 * self);
    put_calls(out, e->nc, e->cc);
    fputs("\"];\n", out);
  }
  for (size_t i = 0; i < s->n_entries; i++) {
    if (!keep[i])
      continue;
    const pst_entry *e = &s->entries[i];
    for (uint32_t j = 0; j < e->n_edges; j++) {
      const pst_edge *ed = &e->edges[j];
      long p = pst_x_find(s, ed->caller);
      if (p < 0 || !keep[p])
        continue;
      double w;
      if (ed->is_tuple)
        w = total > 0 ? pst_num_as_double(ed->ct) / total : 0;
      else /* profile.py: a plain count; the callee's share for it */
        w = e->nc > 0 ? weight[i] * (double)ed->nc / (double)e->nc : 0;
      if (w < edge_min)
        continue;
      double pen = 0.5 + 3.5 * clamp01(w);
      color(w, col);
      fprintf(out,
              "  %ld -> %zu [arrowsize=\"%.2f\", color=\"%s\", fontcolor=\"%s\", "
              "fontsize=\"10.00\", label=\"%.2f%%\\n",
              p, i, sqrt(pen) * 0.5, col, col, 100 * w);
      put_calls(out, ed->nc, ed->is_tuple ? ed->cc : ed->nc);
      fprintf(out, "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n", pen * 0.5, pen);
    }
  }
  fputs("}\n", out);
  free(std);
  free(keep);
  free(weight);
  return 0;
}

/* The program on PATH (or the path itself if it has a slash), or NULL. */
static char *find_program(const char *prog) {
  if (strchr(prog, '/'))
    return access(prog, X_OK) == 0 ? strdup(prog) : NULL;
  const char *path = getenv("PATH");
  if (!path)
    return NULL;
  size_t pl = strlen(prog);
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t dl = colon ? (size_t)(colon - path) : strlen(path);
    char *cand = malloc(dl + pl + 3);
    if (!cand)
      return NULL;
    if (dl)
      memcpy(cand, path, dl);
    else
      cand[dl++] = '.';
    cand[dl] = '/';
    memcpy(cand + dl + 1, prog, pl + 1);
    struct stat st;
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
      return cand;
    free(cand);
    path += colon ? (size_t)(colon - path) + 1 : strlen(path);
  }
  return NULL;
}

int pst_export_svg(pst_stats *s, const pst_export_opts *opts, FILE *out, pst_error *err) {
  char *dot = find_program(opts->dot_prog);
  if (!dot)
    return pst_fail(err, "--format svg needs Graphviz's '%s' program, which is not on PATH: "
                         "install Graphviz (Debian/Ubuntu: apt-get install graphviz, "
                         "Fedora: dnf install graphviz, macOS: brew install graphviz) "
                         "or use --format dot",
                    opts->dot_prog);
  int fds[2];
  if (pipe(fds) != 0) {
    free(dot);
    return pst_fail(err, "cannot run %s: %s", opts->dot_prog, strerror(errno));
  }
  fflush(out);
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(fds[0]);
    close(fds[1]);
    free(dot);
    return pst_fail(err, "cannot run %s: %s", opts->dot_prog, strerror(e));
  }
  if (pid == 0) {
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    close(fds[1]);
    if (fileno(out) != STDOUT_FILENO)
      dup2(fileno(out), STDOUT_FILENO);
    execl(dot, opts->dot_prog, "-Tsvg", (char *)NULL);
    _exit(127);
  }
  close(fds[0]);
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  FILE *to = fdopen(fds[1], "w");
  int rc = 0;
  if (!to) {
    close(fds[1]);
    rc = pst_fail(err, "out of memory");
  } else {
    rc = pst_export_dot(s, opts, to, err);
    if (fclose(to) != 0 && rc == 0)
      rc = pst_fail(err, "cannot write the graph to %s", dot);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  signal(SIGPIPE, old);
  if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
    rc = pst_fail(err, "%s -Tsvg failed (status %d)", dot,
                  WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  free(dot);
  return rc;
}
