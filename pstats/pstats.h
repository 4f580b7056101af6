/*
 * cprof pstats library: the model of Python's pstats.Stats, its dump reader,
 * merger, sorter, report printer and dump writer.
 *
 * The reference is docs/pstats-format.md (sections cited as
 * §N below). Everything here reproduces CPython 3.11's Lib/pstats.py.
 *
 * Layering (so that users link only what they need):
 *   intern.c stats.c sort.c report.c pyrepr.c      model, sort, printing (libc only)
 *   marshal_read.c                                 dump reader (libc only)
 *   dump_write.c                                   -o writer (needs common/marshal_write)
 *   restrict.c                                     -n parsing, regex via pyregex (PCRE2)
 *
 * Typical use (what `pstats` does):
 *
 *   pst_names *names = pst_names_new();
 *   pst_stats *s = pst_stats_new(names);
 *   pst_error err;
 *   if (pst_stats_load(s, "a.prof", &err) != 0) { fprintf(stderr, "%s\n", err.msg); ... }
 *   pst_stats *b = pst_stats_new(names); pst_stats_load(b, "b.prof", &err);
 *   pst_stats_add(s, b); pst_stats_free(b);      // Stats(a, b): add files last to first
 *   pst_sort_by_words(s, words, n, &err);         // sort_stats(*words)
 *   pst_print_stats(s, stdout, amounts, n_amounts, &err);
 *
 * A program that builds statistics itself (the runtime) uses pst_stats_entry()
 * / pst_stats_edge() and pst_stats_compute_totals(), then sorts and prints.
 *
 * Errors: functions that can fail return 0 on success and -1 on failure with a
 * one-line message (no newline) in a pst_error.
 */
#ifndef CPROF_PSTATS_H
#define CPROF_PSTATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ errors */

typedef struct pst_error {
  char msg[1024]; /* one line, no trailing newline */
} pst_error;

/* ------------------------------------------------------------------ numbers */

/* A number as Python holds it in a dump: an int (profile.py times, all
 * counts) or a float. Arithmetic follows Python (int + int stays int, int +
 * float is float). */
typedef struct pst_num {
  int is_int;
  int64_t i; /* valid when is_int */
  double f;  /* valid when !is_int */
} pst_num;

pst_num pst_num_int(int64_t v);
pst_num pst_num_float(double v);
double pst_num_as_double(pst_num n);
/* Python's a + b. Returns -1 on int64 overflow. */
int pst_num_add(pst_num a, pst_num b, pst_num *out);
/* -1, 0, 1 as Python's <, ==, > (exact across int/float); 0 when unordered (NaN). */
int pst_num_cmp(pst_num a, pst_num b);

/* ------------------------------------------------------------------ names */

/* Interned strings and function keys, shared by every pst_stats that is
 * merged together. Not thread-safe. */
typedef struct pst_names pst_names;
typedef uint32_t pst_str; /* interned string id */
typedef uint32_t pst_key; /* interned key id: (filename, lineno, funcname) */

typedef struct pst_keyinfo {
  pst_str file;
  pst_str name;
  int64_t line;
} pst_keyinfo;

pst_names *pst_names_new(void);
void pst_names_free(pst_names *n);
/* Intern UTF-8 text (may contain NUL). Returns (pst_str)-1 on out-of-memory. */
pst_str pst_intern_str(pst_names *n, const char *s, size_t len);
pst_key pst_intern_key(pst_names *n, pst_str file, int64_t line, pst_str name);
const char *pst_str_text(const pst_names *n, pst_str s, size_t *len);
size_t pst_str_codepoints(const pst_names *n, pst_str s);
const pst_keyinfo *pst_key_info(const pst_names *n, pst_key k);
size_t pst_key_count(const pst_names *n);

/* std(key) (§7): writes the printed name into *buf (grown with realloc as
 * needed) and returns its length in bytes; -1 on out-of-memory. */
long pst_std_string(const pst_names *n, pst_key k, char **buf, size_t *cap);
/* Code points of std(key). */
size_t pst_std_width(const pst_names *n, pst_key k);

/* ------------------------------------------------------------------ model */

/* One caller edge (caller -> this entry). cProfile writes 4-tuples
 * (nc, cc, tt, ct); profile.py writes a plain int count (is_tuple == 0: the
 * count is in nc, the other fields are unused). */
typedef struct pst_edge {
  pst_key caller;
  int is_tuple;
  int64_t nc, cc;
  pst_num tt, ct;
} pst_edge;

typedef struct pst_entry {
  pst_key key;
  int64_t cc, nc; /* primitive, total calls */
  pst_num tt, ct; /* tottime, cumtime */
  pst_edge *edges; /* the callers table, in dictionary order */
  uint32_t n_edges, cap_edges;
} pst_entry;

/* 64-bit key -> 32-bit value hash map (internal to the library). */
typedef struct pst_keymap_slot {
  uint64_t key;
  uint32_t val; /* (uint32_t)-1 = empty slot */
} pst_keymap_slot;
typedef struct pst_keymap {
  pst_keymap_slot *slots; /* key and value side by side: one cache miss */
  size_t cap, used;
} pst_keymap;

typedef struct pst_stats {
  pst_names *names;
  /* the dictionary, in order */
  pst_entry *entries;
  size_t n_entries, cap_entries;
  pst_keymap index;      /* key -> position in entries (use pst_stats_find) */
  pst_keymap edge_index; /* (position << 32 | caller) -> edge index */
  /* header strings, one per file (§5), in file-list order */
  char **files;
  size_t n_files;
  /* totals (§6.1) */
  /* 128 bits: sums of 64-bit counts cannot overflow (Python ints don't) */
  __int128 total_calls, prim_calls;
  pst_num total_tt;
  /* top-level keys (callers contain ('jprofile', 0, 'profiler')) */
  pst_key *top_level;
  size_t n_top_level;
  /* remembered sort order (fcn_list): entry positions; NULL = none */
  uint32_t *order;
  size_t n_order;
  char *sort_type; /* "cumulative time", ... */
  /* callee index (built on demand by pst_print_callees; forgotten whenever
   * the dictionary changes: add and strip_dirs rebuild it). */
  uint32_t *callee_start; /* n_entries + 1 offsets into callee_items */
  uint32_t *callee_items; /* pairs (callee entry position, edge index) */
  int callees_valid;
  /* The entries hold changes (a diff's delta, pst_diff): numeric sort keys
   * order by the size of the change, largest first, whatever its sign. */
  int holds_changes;
  /* the cprof extension of the dumps read (ext.c); NULL: none read yet */
  struct pst_ext *ext;
} pst_stats;

pst_stats *pst_stats_new(pst_names *names);
void pst_stats_free(pst_stats *s);

/* Stats(paths[0], ..., paths[n-1]): the first loaded, the others added
 * last to first, into the empty s (load.c). Files are read and parsed on up
 * to `threads` threads (0: one per CPU this process may run on) and merged
 * strictly in that order, so the result -- order, every float sum, the
 * error reported (the first wrong file in that order) -- is the one of
 * loading them one by one; a few files are in flight at a time. */
int pst_stats_load_files(pst_stats *s, const char *const *paths, size_t n,
                         unsigned threads, pst_error *err);
/* s.add(paths[0], ..., paths[n-1]) (added last to first) the same way. */
int pst_stats_add_files(pst_stats *s, const char *const *paths, size_t n,
                        unsigned threads, pst_error *err);
/* Stats(path): read and check one dump (pstats or cProfile format, §4),
 * record its header "ctime(mtime)    path". s must be empty. */
int pst_stats_load(pst_stats *s, const char *path, pst_error *err);
/* Stats.add(path) for one file: the same as loading it into a new Stats and
 * pst_stats_add'ing that, without the intermediate copy. For
 * Stats(a, b, c): load a, then add_file(c), then add_file(b). On failure
 * s may be partly merged (as Python's add leaves it). */
int pst_stats_add_file(pst_stats *s, const char *path, pst_error *err);
/* The same from memory; `what` is the header line and names the source. */
int pst_stats_add_buffer(pst_stats *s, const unsigned char *buf, size_t len,
                         const char *what, pst_error *err);
/* Same from memory; `what` names the source in error messages. No header. */
int pst_stats_load_buffer(pst_stats *s, const unsigned char *buf, size_t len,
                          const char *what, pst_error *err);

/* Stats.add(other) for one source (§6.2): headers, totals, top level, then
 * every entry merged with add_func_stats. For Stats(a, b, c) call
 * add(a_stats, c_stats) then add(a_stats, b_stats). Forgets the sort. */
int pst_stats_add(pst_stats *s, const pst_stats *other, pst_error *err);

/* Building a model programmatically. pst_stats_entry returns the position
 * of key's entry, creating (0, 0, 0, 0, {}) at the end if new; -1 on
 * out-of-memory. pst_stats_merge_entry adds counts as add_func_stats. */
long pst_stats_entry(pst_stats *s, pst_key key);
/* Position of key's entry, or -1. */
long pst_stats_find(const pst_stats *s, pst_key key);
/* Empty the statistics (entries, headers, totals, order), keeping the
 * allocations for the next load: merging many files reuses one scratch
 * object. */
void pst_stats_clear(pst_stats *s);
int pst_stats_merge_values(pst_stats *s, size_t pos, int64_t cc, int64_t nc,
                           pst_num tt, pst_num ct, pst_error *err);
/* Index of caller's edge in the callers table of the entry at pos, or -1. */
long pst_stats_find_edge(const pst_stats *s, size_t pos, pst_key caller);
/* Add (or sum into) the edge caller -> entry at pos. */
int pst_stats_edge(pst_stats *s, size_t pos, const pst_edge *e, pst_error *err);
/* get_top_level_stats: totals and top level from the dictionary, in order. */
int pst_stats_compute_totals(pst_stats *s, pst_error *err);
/* Append a header line (copied). */
int pst_stats_add_header(pst_stats *s, const char *line);

/* strip_dirs() (§6.4). Forgets the sort. */
int pst_stats_strip_dirs(pst_stats *s, pst_error *err);

/* ------------------------------------------------------------------ sorting */

typedef enum pst_field {
  PST_F_CC = 0, PST_F_NC, PST_F_TT, PST_F_CT, PST_F_FILE, PST_F_LINE,
  PST_F_NAME, PST_F_STD
} pst_field;

typedef struct pst_sort_key {
  const char *word;        /* full key name */
  const char *description; /* "call count", ... */
  unsigned n_fields;
  pst_field fields[3];
  int direction[3];        /* 1 ascending, -1 descending */
} pst_sort_key;

/* The 13 keys in the order Python's sort_arg_dict_default lists them (the
 * order the browser's `sort` prints). */
extern const pst_sort_key pst_sort_keys[13];
/* Resolve a word or unique abbreviation (§6.3). NULL if unknown/ambiguous;
 * *ambiguous tells which. */
const pst_sort_key *pst_sort_key_lookup(const char *word, int *ambiguous);

/* sort_stats(*words): legacy numeric words ("-1", "0", "1", "2") only alone.
 * n == 0 forgets the order (dictionary order). */
int pst_sort_by_words(pst_stats *s, const char *const *words, size_t n,
                      pst_error *err);
int pst_sort(pst_stats *s, const pst_sort_key *const *keys, size_t n,
             pst_error *err);
/* reverse_order() */
void pst_reverse_order(pst_stats *s);

/* ------------------------------------------------------------------ reports */

/* A restriction (print_stats(*amount), §6.5). A regex restriction carries a
 * matcher supplied by the caller (restrict.c builds it with pyregex), so
 * this layer needs no regex engine. */
typedef enum pst_amount_kind {
  PST_AMOUNT_COUNT,   /* Python int: count (may be negative or huge) */
  PST_AMOUNT_FRACTION,/* Python float */
  PST_AMOUNT_REGEX,   /* valid pattern */
  PST_AMOUNT_BADREGEX /* pattern Python rejects: message line, no change */
} pst_amount_kind;

typedef struct pst_amount {
  pst_amount_kind kind;
  int64_t count;      /* COUNT; clamped to INT64 range (big values never cut) */
  double fraction;    /* FRACTION */
  const char *text;   /* the original argument (UTF-8), for repr */
  size_t text_len;
  /* REGEX: returns 1 match, 0 no match, -1 engine error */
  int (*match)(void *ctx, const char *subject, size_t len);
  void *match_ctx;
} pst_amount;

int pst_print_stats(pst_stats *s, FILE *out, const pst_amount *amounts,
                    size_t n_amounts, pst_error *err);
int pst_print_callers(pst_stats *s, FILE *out, const pst_amount *amounts,
                      size_t n_amounts, pst_error *err);
int pst_print_callees(pst_stats *s, FILE *out, const pst_amount *amounts,
                      size_t n_amounts, pst_error *err);

/* Python formatting helpers (pyrepr.c), each appends to a growable buffer. */
typedef struct pst_buf {
  char *p;
  size_t len, cap;
} pst_buf;
int pst_buf_put(pst_buf *b, const char *s, size_t n);
int pst_buf_printf(pst_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pst_buf_free(pst_buf *b);
int pst_repr_str(pst_buf *b, const char *s, size_t n);  /* repr(str) */
int pst_repr_float(pst_buf *b, double v);               /* repr(float) */
int pst_format_f(pst_buf *b, double v, int width);      /* "%{width}.3f" */
size_t pst_utf8_codepoints(const char *s, size_t n);

/* ------------------------------------------------------------------ restrictions */

/* Parse one -n / browser argument as the browser does (§8): an int is a
 * count, a float in [0, 1] a fraction, any other number is an error
 * ("Fraction argument must be in [0, 1]"), anything else a regular
 * expression compiled with pyregex. A pattern Python rejects becomes
 * PST_AMOUNT_BADREGEX; one the engine cannot run is an error.
 * Returns 0; -2 for a number outside [0, 1] (err: "Fraction argument must
 * be in [0, 1]", which the browser prints before dropping the word); -1 for
 * any other error. Free with pst_amount_release. (restrict.c) */
int pst_amount_parse(const char *arg, pst_amount *out, pst_error *err);
void pst_amount_release(pst_amount *a);

/* ------------------------------------------------------------------ diffs */

/* BASE against NEW (diff.c). `delta` is a Stats over the union of both
 * sides' functions (NEW's dictionary order, then the functions only BASE
 * has) whose values and caller edges are NEW - BASE; it holds_changes, so
 * it sorts and restricts with the usual sort_stats words and print_stats
 * restrictions. base_pos/new_pos map its positions to each side (-1: the
 * function is absent there). Both sides must share one pst_names. */
typedef struct pst_diff {
  const pst_stats *base, *new_side;
  pst_stats *delta;
  long *base_pos, *new_pos;
} pst_diff;

int pst_diff_build(pst_diff *d, const pst_stats *base, const pst_stats *new_side,
                   pst_error *err);
void pst_diff_free(pst_diff *d);

/* The change report (report.c): print_stats's layout with NEW's values, the
 * change and the relative change of ncalls, tottime and cumtime; with
 * callers/callees != 0 the same per caller/callee edge. The entries listed
 * are delta's sorted, restricted print list. */
int pst_print_diff(pst_diff *d, FILE *out, const pst_amount *amounts, size_t n_amounts,
                   int edges /* 0, 'C' callers, 'E' callees */, pst_error *err);

/* Regression gate (diff.c). A limit below 0 is off. A function regresses
 * in calls when its ncalls grew by more than fail_calls % of BASE's (any
 * growth from 0, a new function's included); in time when its cumtime grew
 * by more than fail_time % of BASE's and it holds at least min_share % of
 * the total time on either side (smaller functions' times are noise).
 * Offences come in delta's print order (sorted if it is), calls before
 * time for one function; free *out. */
typedef struct pst_gate {
  double fail_calls, fail_time, min_share;
} pst_gate;
typedef struct pst_offence {
  uint32_t pos;        /* position in delta */
  int in_time;         /* 0: ncalls, 1: cumtime */
  double base, now;    /* the value on each side */
  double share;        /* % of the total time, the larger side's */
} pst_offence;
int pst_diff_gate(const pst_diff *d, const pst_gate *g, pst_offence **out, size_t *n,
                  pst_error *err);
/* One line per offence: "regression: LABEL: calls 10 -> 20 (+100.0%, limit +10%)". */
int pst_print_offences(const pst_diff *d, const pst_gate *g, const pst_offence *o,
                       size_t n, const char *prefix, FILE *out, pst_error *err);
/* ------------------------------------------------------------------ cprof extension */

/* cprof's dumps carry cprof-only data after the stats dict (the run's
 * facts, the calling-context tree, ...: docs/dump-extension.md). It is read
 * with the dump, merged by add, stripped by strip_dirs and written by
 * pst_stats_write; Python's pstats never sees it. */

/* Messages for the user, one line each (no newline), in order: extensions
 * that could not be read (`damaged`: always worth showing; the statistics
 * are unaffected), and sections left out of a merge (shown when writing or
 * exporting the merged data). */
size_t pst_ext_warnings(const pst_stats *s, int damaged, const char *const **lines);

/* The runs merged into s (the "meta" section): how many, and one's field as
 * a string or a number (NULL / 0 when absent). */
size_t pst_ext_runs(const pst_stats *s);
const char *pst_ext_run_str(const pst_stats *s, size_t run, const char *field);
int pst_ext_run_num(const pst_stats *s, size_t run, const char *field, double *out);
/* argv of a run as one line, arguments separated by spaces (malloc'd). */
char *pst_ext_run_argv(const pst_stats *s, size_t run);

/* The calling-context tree (the "tree" section, CPROF_TREE=1): a node per
 * distinct call path, recursion folded into the nodes already on the path
 * (docs/views.md). Nodes come in an order where a parent precedes its
 * children; times are seconds. */
typedef struct pst_tree_node {
  uint32_t parent; /* index of the parent node, PST_TREE_TOP at the top */
  pst_key key;
  int64_t nc, cc;  /* calls along this path, primitive ones */
  double tt, ct;   /* own time, cumulative time (outermost activations) */
} pst_tree_node;
#define PST_TREE_TOP ((uint32_t)-1)
/* The tree of all the statistics in s, or NULL (n = 0) when some dump had
 * none (then only the caller->callee edges describe paths). */
const pst_tree_node *pst_ext_tree(const pst_stats *s, size_t *n);

/* ------------------------------------------------------------------ writing */

/* dump_stats(path): write the dictionary atomically (temporary file created
 * O_EXCL next to path, then rename). On failure path is untouched. */
int pst_stats_write(const pst_stats *s, const char *path, pst_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CPROF_PSTATS_H */
