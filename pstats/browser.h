/* The interactive statistics browser (python -m pstats, §8 of the
 * reference) and the exports (--format json|callgrind|dot|svg) of the
 * pstats command. */
#ifndef CPROF_PSTATS_BROWSER_H
#define CPROF_PSTATS_BROWSER_H

#include "pstats.h"

#include <stdio.h>

/* Runs the browser on stdin/stdout: `read files[0]`, `add` each further
 * file in order, "Welcome...", the command loop, "Goodbye.". Line editing
 * and history (readline/libedit, when built with it) when stdin and stdout
 * are terminals. Returns the process exit status (0). */
int pst_browser_main(char **files, int n_files);

#define PST_EXPORT_FORMATS "json, callgrind, dot, svg, folded, speedscope, html"

/* Options of the exports. */
typedef struct pst_export_opts {
  const char *format;   /* "json", "callgrind", "dot", "svg" */
  double node_thres;    /* dot/svg: hide nodes below this % of total time */
  double edge_thres;    /* dot/svg: hide edges below this % of total time */
  const char *dot_prog; /* svg: the Graphviz program ("dot" on PATH) */
} pst_export_opts;

/* Defaults: node 0.5 %, edge 0.1 % (as gprof2dot), dot_prog "dot". */
void pst_export_opts_init(pst_export_opts *o);
/* 1 if name is a known export format. */
int pst_export_format_known(const char *name);
/* Writes s in opts->format to out. Returns 0, or -1 with a one-line message
 * (svg without Graphviz says how to install it). */
int pst_export(pst_stats *s, const pst_export_opts *opts, FILE *out,
               pst_error *err);

/* One format each (export_json.c, export_callgrind.c, export_dot.c). */
int pst_export_json(pst_stats *s, FILE *out, pst_error *err);
int pst_export_callgrind(pst_stats *s, FILE *out, pst_error *err);
int pst_export_dot(pst_stats *s, const pst_export_opts *opts, FILE *out,
                   pst_error *err);
int pst_export_svg(pst_stats *s, const pst_export_opts *opts, FILE *out,
                   pst_error *err);
/* pstats --diff --format json (export_json.c, docs/diff.md): the listed
 * functions of d (delta's sorted, restricted print list) and the gate. */
int pst_export_diff_json(pst_diff *d, const pst_amount *amounts, size_t n_amounts,
                         const pst_gate *gate, const pst_offence *offences, size_t n_offences,
                         FILE *out, pst_error *err);

#endif
