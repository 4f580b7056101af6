/*
 * cprof run [-o FILE] [-s SORT] [--timer T] [--hz N] [-n RUNS] [--tree] [--] PROGRAM [ARGS...]
 *
 * What `python -m cProfile [-o FILE] [-s SORT] script [args]` is for Python:
 * runs an instrumented program, then saves its profile to FILE or prints it
 * as Stats(...).strip_dirs().sort_stats(SORT).print_stats() (default sort:
 * cProfile's 2, "cumulative").
 *
 * The program and every process it starts (fork, exec; anything that
 * inherits the environment) write their dumps into a private temporary
 * directory (CPROF_FILE=DIR/%p.prof, overriding the caller's); when the
 * program has exited, all of them are merged (pstats.Stats(a, b, ...)), the
 * directory is removed, and the program's exit status is passed through:
 * its exit code, or, if a signal killed it, the same signal (without a core
 * dump of cprof itself).
 *
 * --timer and --hz set CPROF_TIMER and CPROF_SAMPLE_HZ for the program;
 * -n RUNS runs it RUNS times in a row and merges every run's dumps (what a
 * sampled timer wants when one run gives too few samples), stopping at the
 * first run that fails, whose status is passed through.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cprof_cmd.h"
#include "pstats.h"

static const char usage_text[] =
    "usage: cprof run [-o FILE] [-s SORT] [--timer TIMER] [--hz N] [-n RUNS] [--tree] [--] "
    "PROGRAM [ARGS...]\n";

static void usage(FILE *out) {
  fputs(usage_text, out);
  fputs("\nRuns an instrumented PROGRAM (and the processes it starts), then writes\n"
        "their merged profile to FILE, or prints it sorted by SORT (default:\n"
        "cumulative), like python -m cProfile. The program's exit status is\n"
        "passed through.\n\n"
        "  -o, --outfile FILE  save the statistics to FILE (pstats dump format)\n"
        "  -s, --sort SORT     sort order when printing: calls, cumtime, cumulative,\n"
        "                      filename, line, module, name, ncalls, nfl, pcalls,\n"
        "                      stdname, time, tottime\n"
        "  --timer TIMER       the program's CPROF_TIMER: wall, monotonic, cpu, thread,\n"
        "                      sampled, sampled-wall\n"
        "  --hz N              samples per second of the sampled timers (CPROF_SAMPLE_HZ)\n"
        "  -n, --runs RUNS     run the program RUNS times and merge the profiles\n"
        "      --tree          also keep the calling-context tree (CPROF_TREE=1), for\n"
        "                      pstats --format folded, speedscope and html\n"
        "  -h, --help          show this help\n",
        out);
}

/* -s takes the keys of pstats.Stats.sort_arg_dict_default, spelled out
 * (optparse's choices), as python -m cProfile does. */
static int valid_sort(const char *s) {
  for (size_t i = 0; i < sizeof pst_sort_keys / sizeof pst_sort_keys[0]; i++)
    if (!strcmp(s, pst_sort_keys[i].word))
      return 1;
  return 0;
}

static void bad_sort(const char *s) {
  fputs(usage_text, stderr);
  fprintf(stderr, "\ncprof run: error: option -s: invalid choice: '%s' (choose from", s);
  /* sorted(), as optparse lists them */
  const char *names[16];
  size_t n = sizeof pst_sort_keys / sizeof pst_sort_keys[0];
  for (size_t i = 0; i < n; i++)
    names[i] = pst_sort_keys[i].word;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s '%s'", i ? "," : "", names[i]);
  fprintf(stderr, ")\n");
}

static char *tmpdir_path;

static void remove_tmpdir(void) {
  if (!tmpdir_path)
    return;
  DIR *d = opendir(tmpdir_path);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
      if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
        unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
  }
  rmdir(tmpdir_path);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The dumps the run left, merged as pstats.Stats(first, second, ...). NULL
 * with *none set when there are none; NULL with a message on error. */
static pst_stats *merge_dumps(const char *dir, pst_names *names, int *none) {
  *none = 0;
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cprof run: cannot read '%s': %s\n", dir, strerror(errno));
    return NULL;
  }
  char **files = NULL;
  size_t n = 0, cap = 0;
  pst_stats *all = NULL;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".prof"))
      continue; /* temporary files of an unfinished dump are dot files */
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **nf = realloc(files, cap * sizeof *nf);
      if (!nf)
        goto oom;
      files = nf;
    }
    if (asprintf(&files[n], "%s/%s", dir, e->d_name) < 0)
      goto oom;
    n++;
  }
  closedir(d);
  d = NULL;
  if (n == 0) {
    free(files);
    *none = 1;
    return NULL;
  }
  qsort(files, n, sizeof *files, cmp_str);
  pst_error err;
  /* Stats(a, b, c) loads a, then adds c and b (last to first) */
  for (size_t k = 0; k < n; k++) {
    size_t i = k == 0 ? 0 : n - k;
    pst_stats *s = pst_stats_new(names);
    if (!s)
      goto oom;
    if (pst_stats_load(s, files[i], &err) != 0) {
      fprintf(stderr, "cprof run: %s\n", err.msg);
      pst_stats_free(s);
      goto fail;
    }
    if (!all) {
      all = s;
      continue;
    }
    int r = pst_stats_add(all, s, &err);
    pst_stats_free(s);
    if (r != 0) {
      fprintf(stderr, "cprof run: %s\n", err.msg);
      goto fail;
    }
  }
  for (size_t i = 0; i < n; i++)
    free(files[i]);
  free(files);
  return all;
oom:
  fprintf(stderr, "cprof run: out of memory\n");
fail:
  if (d)
    closedir(d);
  for (size_t i = 0; i < n; i++)
    free(files[i]);
  free(files);
  if (all)
    pst_stats_free(all);
  return NULL;
}

/* Save or print the merged profile: 0, or 1 after a message. */
static int report(const char *outfile, const char *sort, int quiet_if_none) {
  pst_names *names = pst_names_new();
  if (!names) {
    fprintf(stderr, "cprof run: out of memory\n");
    return 1;
  }
  int none = 0, rc = 1;
  pst_error err;
  pst_stats *s = merge_dumps(tmpdir_path, names, &none);
  if (!s) {
    if (none && !quiet_if_none)
      fprintf(stderr, "cprof run: the program wrote no profile (not built with cprof-cc, "
                      "or it called no instrumented function)\n");
    pst_names_free(names);
    return 1;
  }
  if (outfile) {
    if (pst_stats_write(s, outfile, &err) == 0)
      rc = 0;
    else
      fprintf(stderr, "cprof run: %s\n", err.msg);
  } else {
    /* Stats(profile) of the running profiler: no file header lines */
    for (size_t i = 0; i < s->n_files; i++)
      free(s->files[i]);
    s->n_files = 0;
    const char *word = sort;
    if (pst_stats_strip_dirs(s, &err) == 0 && pst_sort_by_words(s, &word, 1, &err) == 0 &&
        pst_print_stats(s, stdout, NULL, 0, &err) == 0 && fflush(stdout) == 0)
      rc = 0;
    else
      fprintf(stderr, "cprof run: %s\n", err.msg[0] ? err.msg : strerror(errno));
  }
  pst_stats_free(s);
  pst_names_free(names);
  return rc;
}

static const char *const timers[] = {"wall",    "monotonic", "cpu",         "process",
                                      "thread",  "sampled",   "sampled-wall", "sampled-cpu"};

static int valid_timer(const char *t) {
  for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++)
    if (!strcmp(t, timers[i]))
      return 1;
  return 0;
}

/* A whole number from 1 to max, or 0. */
static long count_arg(const char *v, long max) {
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  return *v && !*end && !errno && n >= 1 && n <= max ? n : 0;
}

/* Run prog to its end: its wait status, or -1 after a message. */
static int run_once(char **prog) {
  /* Like a shell waiting for a foreground job: ^C and ^\ go to the program
   * (same process group); cprof outlives it to report what it recorded. */
  struct sigaction ign = {0}, old_int, old_quit;
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGINT, &ign, &old_int);
  sigaction(SIGQUIT, &ign, &old_quit);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "cprof run: fork: %s\n", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    execvp(prog[0], prog);
    int err = errno;
    fprintf(stderr, "cprof run: cannot run '%s': %s\n", prog[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      fprintf(stderr, "cprof run: waitpid: %s\n", strerror(errno));
      status = 2 << 8;
      break;
    }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGQUIT, &old_quit, NULL);
  return status;
}

int cprof_cmd_run(int argc, char **argv) {
  enum { OPT_TIMER = 256, OPT_HZ };
  static const struct option longopts[] = {
      {"outfile", required_argument, NULL, 'o'},
      {"sort", required_argument, NULL, 's'},
      {"runs", required_argument, NULL, 'n'},
      {"timer", required_argument, NULL, OPT_TIMER},
      {"hz", required_argument, NULL, OPT_HZ},
      {"tree", no_argument, NULL, 't'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *outfile = NULL;
  const char *sort = "cumulative"; /* cProfile's default: 2 */
  const char *timer = NULL, *hz = NULL;
  long runs = 1;
  int tree = 0;
  int c;
  optind = 1;
  opterr = 0;
  /* '+': options stop at the program, as optparse with
   * allow_interspersed_args = False */
  while ((c = getopt_long(argc, argv, "+o:s:n:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'n':
      runs = count_arg(optarg, 1000000);
      if (!runs) {
        fputs(usage_text, stderr);
        fprintf(stderr, "\ncprof run: error: option -n: '%s' is not a number of runs\n", optarg);
        return 2;
      }
      break;
    case OPT_TIMER:
      if (!valid_timer(optarg)) {
        fputs(usage_text, stderr);
        fprintf(stderr,
                "\ncprof run: error: option --timer: invalid choice: '%s' (choose from "
                "'wall', 'monotonic', 'cpu', 'thread', 'sampled', 'sampled-wall')\n",
                optarg);
        return 2;
      }
      timer = optarg;
      break;
    case OPT_HZ:
      if (!count_arg(optarg, 100000)) {
        fputs(usage_text, stderr);
        fprintf(stderr, "\ncprof run: error: option --hz: '%s' is not a rate from 1 to 100000\n",
                optarg);
        return 2;
      }
      hz = optarg;
      break;
    case 'o':
      outfile = optarg;
      break;
    case 's':
      if (!valid_sort(optarg)) {
        bad_sort(optarg);
        return 2;
      }
      sort = optarg;
      break;
    case 't':
      tree = 1;
      break;
    case 'h':
      usage(stdout);
      return 0;
    default:
      fputs(usage_text, stderr);
      if (optopt && strchr("osn", optopt))
        fprintf(stderr, "\ncprof run: error: -%c option requires an argument\n", optopt);
      else if (optopt == OPT_TIMER || optopt == OPT_HZ)
        fprintf(stderr, "\ncprof run: error: %s option requires an argument\n", argv[optind - 1]);
      else
        fprintf(stderr, "\ncprof run: error: no such option: %s\n", argv[optind - 1]);
      return 2;
    }
  }
  if (optind >= argc) {
    fputs(usage_text, stderr);
    return 2;
  }
  char **prog = argv + optind;

  /* -o is taken from the current directory even if the program changes it */
  char *abs_out = NULL;
  if (outfile) {
    if (outfile[0] == '/') {
      abs_out = strdup(outfile);
    } else {
      char cwd[PATH_MAX];
      if (!getcwd(cwd, sizeof cwd) || asprintf(&abs_out, "%s/%s", cwd, outfile) < 0)
        abs_out = NULL;
    }
    if (!abs_out) {
      fprintf(stderr, "cprof run: cannot resolve '%s': %s\n", outfile, strerror(errno));
      return 2;
    }
  }

  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  if (asprintf(&tmpdir_path, "%s/cprof-run.XXXXXX", tmp) < 0 || !mkdtemp(tmpdir_path)) {
    fprintf(stderr, "cprof run: cannot create a temporary directory in '%s': %s\n", tmp,
            strerror(errno));
    return 2;
  }
  char *pattern;
  if (asprintf(&pattern, "%s/%%p.prof", tmpdir_path) < 0 || setenv("CPROF_FILE", pattern, 1)) {
    fprintf(stderr, "cprof run: out of memory\n");
    remove_tmpdir();
    return 2;
  }
  free(pattern);
  if (tree && setenv("CPROF_TREE", "1", 1)) {
    fprintf(stderr, "cprof run: out of memory\n");
    remove_tmpdir();
    return 2;
  }

  if ((timer && setenv("CPROF_TIMER", timer, 1)) || (hz && setenv("CPROF_SAMPLE_HZ", hz, 1))) {
    fprintf(stderr, "cprof run: out of memory\n");
    remove_tmpdir();
    return 2;
  }
  int status = 0;
  for (long r = 0; r < runs; r++) {
    status = run_once(prog);
    if (status < 0) {
      remove_tmpdir();
      return 2;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      break; /* a failed run ends the series; its status is passed through */
  }

  /* 126, 127: not run (said so above), or the program's own status */
  int not_run = WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127);
  int rc = report(abs_out, sort, not_run);
  remove_tmpdir();
  free(abs_out);

  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    fflush(NULL);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    return 128 + sig; /* a signal that does not kill */
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
  /* The program's status wins; a report that failed makes a success 1. */
  return code ? code : rc;
}
