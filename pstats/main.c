/* pstats: the command line of §9 of the reference.
 *
 *   pstats [-s KEY]... [-n AMOUNT]... [--strip-dirs] [--reverse]
 *          [--callers|--callees] FILE...
 *   pstats [--strip-dirs] -o OUT FILE...
 *
 * = Stats(FILE1, FILE2, ...) -> strip_dirs() -> sort_stats(KEY, ...) ->
 *   reverse_order() -> print_stats / print_callers / print_callees(AMOUNT, ...)
 * and with -o: Stats(FILES)[.strip_dirs()].dump_stats(OUT).
 *
 * Every error is one line on stderr and exit status 1. */
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
    "  -i, --interactive  the statistics browser of `python -m pstats` (also\n"
    "                     what `pstats` alone on a terminal runs)\n"
    "      --format F     export: json, callgrind, dot, svg (dot through Graphviz)\n"
    "      --node-thres P dot/svg: leave out functions under P % of the time (0.5)\n"
    "      --edge-thres P dot/svg: leave out calls under P % of the time (0.1)\n"
    "  -h, --help         show this help\n"
    "      --version      show the version\n";

#define MAX_ITEMS 256

static int die(const char *fmt, const char *a, const char *b) {
  fputs("pstats: ", stderr);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return 1;
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
      {NULL, 0, NULL, 0}};
  const char *keys[MAX_ITEMS];
  const char *amount_args[MAX_ITEMS];
  size_t n_keys = 0, n_amounts = 0;
  const char *output = NULL;
  int strip = 0, reverse = 0, mode = 0; /* mode: 0 stats, 'C' callers, 'E' callees */
  int interactive = 0;
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
        return die("unknown --format '%s' (json, callgrind, dot, svg)%s", optarg, "");
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
  size_t parsed = 0;
  for (; parsed < n_amounts; parsed++) {
    int r = pst_amount_parse(amount_args[parsed], &amounts[parsed], &err);
    if (r != 0) {
      die("-n %s: %s", amount_args[parsed], err.msg);
      goto out_amounts;
    }
  }

  pst_names *names = pst_names_new();
  pst_stats *s = names ? pst_stats_new(names) : NULL;
  if (!s) {
    die("out of memory%s%s", "", "");
    goto out_names;
  }
  /* Stats(a, b, c): load a, then add c, then b (§5, §6.2) */
  char **files = argv + optind;
  int n_files = argc - optind;
  if (pst_stats_load(s, files[0], &err) != 0) {
    die("%s%s", err.msg, "");
    goto out_stats;
  }
  for (int i = n_files - 1; i >= 1; i--) {
    if (pst_stats_add_file(s, files[i], &err) != 0) {
      die("%s%s", err.msg, "");
      goto out_stats;
    }
  }
  if (strip && pst_stats_strip_dirs(s, &err) != 0) {
    die("%s%s", err.msg, "");
    goto out_stats;
  }
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
  if (fflush(stdout) != 0 || ferror(stdout)) {
    die("cannot write the report to standard output%s%s", "", "");
    goto out_stats;
  }
  rc = 0;
out_stats:
  pst_stats_free(s);
out_names:
  pst_names_free(names);
out_amounts:
  for (size_t i = 0; i < parsed; i++)
    pst_amount_release(&amounts[i]);
  return rc;
}
