/* cprof: the profiler's own command (`cprof run`, `cprof calibrate`). */
#include <stdio.h>
#include <string.h>

#include "cprof_cmd.h"

struct subcommand {
  const char *name;
  int (*main)(int argc, char **argv);
  const char *summary;
};

static const struct subcommand subcommands[] = {
#ifdef CPROF_HAVE_CMD_RUN
  {"run", cprof_cmd_run, "run an instrumented program and save or print its profile"},
#endif
#ifdef CPROF_HAVE_CMD_CALIBRATE
  {"calibrate", cprof_cmd_calibrate, "measure and print the hooks' own overhead"},
#endif
  {NULL, NULL, NULL},
};

static void usage(FILE *out) {
  fprintf(out, "usage: cprof COMMAND [ARGS...]\n\ncommands:\n");
  for (const struct subcommand *c = subcommands; c->name; c++)
    fprintf(out, "  %-10s %s\n", c->name, c->summary);
  fprintf(out, "\noptions:\n  -h, --help     this help\n  --version      the version\n"
               "\n`cprof COMMAND --help` describes a command.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
    puts("cprof " CPROF_VERSION);
    return 0;
  }
  for (const struct subcommand *c = subcommands; c->name; c++)
    if (!strcmp(argv[1], c->name))
      return c->main(argc - 1, argv + 1);
  fprintf(stderr, "cprof: unknown command '%s' (try 'cprof --help')\n", argv[1]);
  return 2;
}
