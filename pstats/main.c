/* pstats: the command line of §9 of the reference.
 *
 *   pstats [-s KEY]... [-n AMOUNT]... [--strip-dirs] [--reverse]
 *          [--callers|--callees] FILE...
 *   pstats [--strip-dirs] -o OUT FILE...
 *   pstats --diff [--base FILE]... [-s KEY]... [-n AMOUNT]... [--callers|--callees]
 *          [--format json] [--fail-calls PCT] [--fail-time PCT] [--min-share PCT] FILE...
 *
 * = Stats(FILE1, FILE2, ...) -> strip_dirs() -> sort_stats(KEY, ...) ->
 *   reverse_order() -> print_stats / print_callers / print_callees(AMOUNT, ...)
 * and with -o: Stats(FILES)[.strip_dirs()].dump_stats(OUT).
 *
 * Every error is one line on stderr and exit status 1; a --diff whose gate
 * finds a regression exits with 3 (docs/diff.md). */
#define _GNU_SOURCE
#include "browser.h"
#include "pstats.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: pstats [-s KEY]... [-n AMOUNT]... [--strip-dirs] [--reverse]\n"
    "              [--callers|--callees] FILE...\n"
    "       pstats [--strip-dirs] -o OUT FILE...\n"
    "       pstats [--strip-dirs] --format FORMAT [--node-thres PCT]\n"
    "              [--edge-thres PCT] FILE...\n"
    "       pstats -i [FILE...]\n"
    "       pstats --diff [REPORT OPTIONS] [GATE OPTIONS] BASE NEW...\n"
    "       pstats --diff --base BASE [--base BASE]... NEW...\n"
    "\n"
    "Reads pstats dumps (cprof's or Python's cProfile/profile), merges them as\n"
    "pstats.Stats(FILE, ...) does and prints Python's report.\n"
    "\n"
    "  -s, --sort KEY     sort key (repeatable): calls cumulative cumtime file\n"
    "                     filename module ncalls pcalls line name nfl stdname\n"
    "                     time tottime, unique abbreviations, or -1 0 1 2\n"
    "  -n, --amount A     restriction (repeatable, applied in order): an integer\n"
    "                     count, a fraction in [0, 1], or a Python regular\n"
    "                     expression searched in file:line(function)\n"
    "      --strip-dirs   strip directories from file names (strip_dirs())\n"
    "      --reverse      reverse the sort order\n"
    "      --callers      print the callers of each function\n"
    "      --callees      print the callees of each function\n"
    "  -o, --output OUT   write the merged statistics to OUT (dump_stats)\n"
    "      --threads N    read the dumps on N threads (default: one per CPU)\n"
    "  -i, --interactive  the statistics browser of `python -m pstats` (also\n"
    "                     what `pstats` alone on a terminal runs)\n"
    "      --format F     export: json, callgrind, dot, svg (dot through Graphviz),\n"
    "                     folded (flamegraph.pl, inferno), speedscope, html (a\n"
    "                     self-contained report for a browser)\n"
    "      --node-thres P dot/svg: leave out functions under P % of the time (0.5)\n"
    "      --edge-thres P dot/svg: leave out calls under P % of the time (0.1)\n"
    "      --diff         compare BASE with NEW (each side merged): the change per\n"
    "                     function, sorted by its size (-s cumulative by default)\n"
    "      --base FILE    a BASE dump (repeatable); then every FILE is NEW\n"
    "      --fail-calls P exit 3 if a function's call count grows by more than P %\n"
    "      --fail-time P  exit 3 if a function's cumtime grows by more than P %\n"
    "      --min-share P  --fail-time ignores functions under P % of the time (1)\n"
    "  -h, --help         show this help\n"
    "      --version      show the version\n"
    "\n"
    "Exit status: 0, 1 for bad input or usage, 3 when --diff finds a regression.\n";

#define MAX_ITEMS 256
#define EXIT_REGRESSION 3

/* Stats(FILE1, FILE2, ...): load the first, then add the others last to
 * first (§5, §6.2). */
/* Stats(files...): read on `threads` threads, merged in Python's order. */
static int load_merged(pst_stats *s, char *const *files, size_t n, unsigned threads,
                       pst_error *err) {
  return pst_stats_load_files(s, (const char *const *)files, n, threads, err);
}

static int parse_percent(const char *opt, const char *arg, double *out) {
  char *end;
  double v = strtod(arg, &end);
  if (end == arg || *end || !(v >= 0 && v <= 1e9)) {
    fprintf(stderr, "pstats: %s needs a percentage of 0 or more, not '%s'\n", opt, arg);
    return -1;
  }
  *out = v;
  return 0;
}

/* What the cprof extensions of the dumps had to say: damaged ones always;
 * sections left out of a merge when the merged data is written or
 * exported (docs/dump-extension.md). */
static void print_ext_warnings(const pst_stats *s, int dropped_too) {
  for (int damaged = 1; damaged >= !dropped_too; damaged--) {
    const char *const *lines;
    size_t n = pst_ext_warnings(s, damaged, &lines);
    for (size_t i = 0; i < n; i++)
      fprintf(stderr, "pstats: %s\n", lines[i]);
  }
}

static int die(const char *fmt, const char *a, const char *b) {
  fputs("pstats: ", stderr);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return 1;
}

/* Parse the -n words; on failure the message is printed and the parsed
 * ones released. */
static int parse_amounts(const char *const *args, size_t n, pst_amount *amounts) {
  pst_error err;
  for (size_t i = 0; i < n; i++) {
    if (pst_amount_parse(args[i], &amounts[i], &err) != 0) {
      die("-n %s: %s", args[i], err.msg);
      while (i--)
        pst_amount_release(&amounts[i]);
      return -1;
    }
  }
  return 0;
}

static int finish_stdout(void) {
  if (fflush(stdout) != 0 || ferror(stdout))
    return die("cannot write the report to standard output%s%s", "", "");
  return 0;
}

/* pstats --diff: BASE is the first file, or the --base files; NEW the
 * others. Returns the exit status. */
static int diff_main(char *const *files, size_t n_files, char *const *bases, size_t n_bases,
                     const char *const *keys, size_t n_keys, const char *const *amount_args,
                     size_t n_amounts, int strip, int reverse, int mode, const char *output,
                     const char *format, const pst_gate *gate, unsigned threads) {
  if (output)
    return die("--diff prints the change; it writes no dump (-o)%s%s", "", "");
  if (format && strcmp(format, "json") != 0)
    return die("--diff exports only --format json, not '%s'%s", format, "");
  if (format && mode)
    return die("--diff --format json has the caller edges already; it takes no "
               "--callers or --callees%s%s", "", "");
  if (!n_bases && n_files < 2)
    return die("--diff needs a BASE and a NEW dump (pstats --diff BASE NEW..., or "
               "--base BASE... NEW...)%s%s", "", "");
  if (n_bases && n_files < 1)
    return die("--diff needs a NEW dump after the --base dumps%s%s", "", "");
  if (!n_bases) {
    bases = files++;
    n_bases = 1;
    n_files--;
  }
  pst_amount amounts[MAX_ITEMS];
  if (parse_amounts(amount_args, n_amounts, amounts) != 0)
    return 1;
  int rc = 1;
  pst_error err;
  pst_diff d = {0};
  pst_offence *offences = NULL;
  size_t n_offences = 0;
  pst_names *names = pst_names_new();
  pst_stats *base = names ? pst_stats_new(names) : NULL;
  pst_stats *now = names ? pst_stats_new(names) : NULL;
  if (!base || !now) {
    die("out of memory%s%s", "", "");
    goto out;
  }
  if (load_merged(base, bases, n_bases, threads, &err) ||
      load_merged(now, files, n_files, threads, &err) ||
      (strip && (pst_stats_strip_dirs(base, &err) || pst_stats_strip_dirs(now, &err))) ||
      pst_diff_build(&d, base, now, &err)) {
    die("%s%s", err.msg, "");
    goto out;
  }
  static const char *const by_cumulative[] = {"cumulative"};
  if (pst_sort_by_words(d.delta, n_keys ? keys : by_cumulative, n_keys ? n_keys : 1, &err)) {
    die("%s%s", err.msg, "");
    goto out;
  }
  if (reverse)
    pst_reverse_order(d.delta);
  if (pst_diff_gate(&d, gate, &offences, &n_offences, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out;
  }
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  int r = format ? pst_export_diff_json(&d, amounts, n_amounts, gate, offences, n_offences,
                                        stdout, &err)
                 : pst_print_diff(&d, stdout, amounts, n_amounts, mode, &err);
  if (r != 0) {
    fflush(stdout);
    die("%s%s", err.msg, "");
    goto out;
  }
  if (finish_stdout() != 0)
    goto out;
  if (pst_print_offences(&d, gate, offences, n_offences, "pstats: ", stderr, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out;
  }
  rc = 0;
  if (n_offences) {
    fprintf(stderr, "pstats: %zu regression%s beyond the limits (exit status %d)\n",
            n_offences, n_offences == 1 ? "" : "s", EXIT_REGRESSION);
    rc = EXIT_REGRESSION;
  }
out:
  free(offences);
  pst_diff_free(&d);
  pst_stats_free(base);
  pst_stats_free(now);
  pst_names_free(names);
  for (size_t i = 0; i < n_amounts; i++)
    pst_amount_release(&amounts[i]);
  return rc;
}

int main(int argc, char **argv) {
  static const struct option longopts[] = {
      {"sort", required_argument, NULL, 's'},
      {"amount", required_argument, NULL, 'n'},
      {"output", required_argument, NULL, 'o'},
      {"strip-dirs", no_argument, NULL, 'S'},
      {"reverse", no_argument, NULL, 'R'},
      {"callers", no_argument, NULL, 'C'},
      {"callees", no_argument, NULL, 'E'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {"interactive", no_argument, NULL, 'i'},
      {"format", required_argument, NULL, 'F'},
      {"node-thres", required_argument, NULL, 'N'},
      {"edge-thres", required_argument, NULL, 'T'},
      {"diff", no_argument, NULL, 'D'},
      {"base", required_argument, NULL, 'B'},
      {"fail-calls", required_argument, NULL, 'L'},
      {"fail-time", required_argument, NULL, 'M'},
      {"min-share", required_argument, NULL, 'P'},
      {"threads", required_argument, NULL, 'j'},
      {NULL, 0, NULL, 0}};
  char *bases[MAX_ITEMS];
  size_t n_bases = 0;
  int diff = 0, gate_opts = 0;
  pst_gate gate = {-1, -1, 1.0};
  const char *keys[MAX_ITEMS];
  const char *amount_args[MAX_ITEMS];
  size_t n_keys = 0, n_amounts = 0;
  const char *output = NULL;
  int strip = 0, reverse = 0, mode = 0; /* mode: 0 stats, 'C' callers, 'E' callees */
  int interactive = 0;
  unsigned threads = 0; /* one per CPU */
  pst_export_opts xopts;
  pst_export_opts_init(&xopts);
  const char *format = NULL;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":s:n:o:hi", longopts, NULL)) != -1) {
    switch (c) {
    case 's':
      if (n_keys == MAX_ITEMS)
        return die("too many -s options%s%s", "", "");
      keys[n_keys++] = optarg;
      break;
    case 'n':
      if (n_amounts == MAX_ITEMS)
        return die("too many -n options%s%s", "", "");
      amount_args[n_amounts++] = optarg;
      break;
    case 'o':
      output = optarg;
      break;
    case 'S':
      strip = 1;
      break;
    case 'R':
      reverse = 1;
      break;
    case 'C':
    case 'E':
      if (mode && mode != c)
        return die("--callers and --callees cannot be combined%s%s", "", "");
      mode = c;
      break;
    case 'h':
      fputs(usage_text, stdout);
      return 0;
    case 'V':
      puts("pstats (cprof) " CPROF_VERSION);
      return 0;
    case 'i':
      interactive = 1;
      break;
    case 'F':
      if (!pst_export_format_known(optarg))
        return die("unknown --format '%s' (" PST_EXPORT_FORMATS ")%s", optarg, "");
      format = xopts.format = optarg;
      break;
    case 'N':
    case 'T': {
      char *end;
      double v = strtod(optarg, &end);
      if (end == optarg || *end || !(v >= 0 && v <= 100))
        return die("%s needs a percentage in [0, 100], not '%s'",
                   c == 'N' ? "--node-thres" : "--edge-thres", optarg);
      *(c == 'N' ? &xopts.node_thres : &xopts.edge_thres) = v;
      break;
    }
    case 'D':
      diff = 1;
      break;
    case 'B':
      if (n_bases == MAX_ITEMS)
        return die("too many --base options%s%s", "", "");
      bases[n_bases++] = optarg;
      break;
    case 'L':
    case 'M':
    case 'P':
      if (parse_percent(c == 'L' ? "--fail-calls" : c == 'M' ? "--fail-time" : "--min-share",
                        optarg,
                        c == 'L' ? &gate.fail_calls : c == 'M' ? &gate.fail_time : &gate.min_share))
        return 1;
      gate_opts = 1;
      break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (end == optarg || *end || v < 1 || v > 64)
        return die("--threads needs a number of threads from 1 to 64, not '%s'%s", optarg, "");
      threads = (unsigned)v;
      break;
    }
    case ':':
      return die("option '%s' needs an argument%s", argv[optind - 1], "");
    default:
      return die("unknown option '%s' (see pstats --help)%s", argv[optind - 1], "");
    }
  }
  if (interactive || (argc == 1 && isatty(STDIN_FILENO))) {
    if (interactive && optind != 2)
      return die("-i takes no other option (the browser has commands for them)%s%s", "", "");
    return pst_browser_main(argv + optind, argc - optind);
  }
  if ((n_bases || gate_opts) && !diff)
    return die("--base, --fail-calls, --fail-time and --min-share go with --diff%s%s", "", "");
  if (diff)
    return diff_main(argv + optind, (size_t)(argc - optind), bases, n_bases, keys, n_keys,
                     amount_args, n_amounts, strip, reverse, mode, output, format, &gate, threads);
  if (optind >= argc)
    return die("no dump file given (usage: pstats [OPTIONS] FILE..., see "
               "pstats --help)%s%s", "", "");
  if (format && (output || n_keys || n_amounts || reverse || mode))
    return die("--format exports all the statistics to standard output; it takes no "
               "report options (-o, -s, -n, --reverse, --callers, --callees)%s%s", "", "");
  if (output && (n_keys || n_amounts || reverse || mode))
    return die("-o writes the merged statistics; it takes no report options "
               "(-s, -n, --reverse, --callers, --callees)%s%s", "", "");

  pst_error err;
  int rc = 1;
  pst_amount amounts[MAX_ITEMS];
  size_t parsed = n_amounts;
  if (parse_amounts(amount_args, n_amounts, amounts) != 0)
    return 1;

  pst_names *names = pst_names_new();
  pst_stats *s = names ? pst_stats_new(names) : NULL;
  if (!s) {
    die("out of memory%s%s", "", "");
    goto out_names;
  }
  /* Stats(a, b, c): load a, then add c, then b (§5, §6.2), files read in parallel */
  if (pst_stats_load_files(s, (const char *const *)argv + optind, (size_t)(argc - optind),
                           threads, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out_stats;
  }
  if (strip && pst_stats_strip_dirs(s, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out_stats;
  }
  print_ext_warnings(s, output || format);
  if (output) {
    /* a file size limit makes write() fail (EFBIG) instead of killing us */
    signal(SIGXFSZ, SIG_IGN);
    if (pst_stats_write(s, output, &err) != 0) {
      die("%s%s", err.msg, "");
      goto out_stats;
    }
    rc = 0;
    goto out_stats;
  }
  if (format) {
    if (pst_export(s, &xopts, stdout, &err) != 0) {
      fflush(stdout);
      die("%s%s", err.msg, "");
      goto out_stats;
    }
    rc = 0;
    goto out_stats;
  }
  if (n_keys && pst_sort_by_words(s, keys, n_keys, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out_stats;
  }
  if (reverse)
    pst_reverse_order(s);
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  int r;
  if (mode == 'C')
    r = pst_print_callers(s, stdout, amounts, n_amounts, &err);
  else if (mode == 'E')
    r = pst_print_callees(s, stdout, amounts, n_amounts, &err);
  else
    r = pst_print_stats(s, stdout, amounts, n_amounts, &err);
  if (r != 0) {
    fflush(stdout);
    die("%s%s", err.msg, "");
    goto out_stats;
  }
  if (finish_stdout() != 0)
    goto out_stats;
  rc = 0;
out_stats:
  pst_stats_free(s);
out_names:
  pst_names_free(names);
  for (size_t i = 0; i < parsed; i++)
    pst_amount_release(&amounts[i]);
  return rc;
}
