/* The profile statistics browser: Python's `python -m pstats` (a cmd.Cmd
 * loop, §8 of the reference), byte for byte on the same input.
 *
 * Differences from Python, on purpose:
 *  - `add` of a corrupt file prints one line ("Failed to load statistics for
 *    FILE: ...") where Python leaves the browser with a traceback;
 *  - `read` of a corrupt file prints "ExceptionName: message" with cprof's
 *    reader message (it names the file and the problem; Python's marshal
 *    texts are terser);
 *  - `callees` after `add` shows the merged callees (Python keeps showing
 *    the callees from before the merge until the next strip);
 *  - with line editing, `read` and `add` complete file names. */
#define _GNU_SOURCE
#include "browser.h"
#include "pstats_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(CPROF_HAVE_READLINE)
#include <readline/history.h>
#include <readline/readline.h>
#elif defined(CPROF_HAVE_EDITLINE)
#include <editline/readline.h>
#endif
#if defined(CPROF_HAVE_READLINE) || defined(CPROF_HAVE_EDITLINE)
#define HAVE_LINE_EDITING 1
#endif

typedef struct browser {
  pst_names *names;
  pst_stats *stats; /* NULL: "No statistics object is loaded." */
  char *prompt;     /* "% " or "FILE% " */
  char *lastcmd;    /* cmd.Cmd's lastcmd ("" = none) */
  FILE *out;
} browser;

/* ------------------------------------------------------------ text helpers */

/* Byte length of the Python str.isspace() character at p (UTF-8), or 0. */
static size_t space_len(const unsigned char *p) {
  if (*p == ' ' || (*p >= '\t' && *p <= '\r') || (*p >= 0x1c && *p <= 0x1f))
    return 1;
  if (p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
    return 2;
  if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) /* U+1680 */
    return 3;
  if (p[0] == 0xe2 && p[1] == 0x80 &&
      ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 ||
       p[2] == 0xaf)) /* U+2000-200A, 2028, 2029, 202F */
    return 3;
  if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) /* U+205F */
    return 3;
  if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
    return 3;
  return 0;
}

/* str.strip() in place; returns the start of the stripped text. */
static char *strip(char *s) {
  size_t n;
  while ((n = space_len((unsigned char *)s)) != 0)
    s += n;
  char *end = s, *p = s;
  while (*p) {
    n = space_len((unsigned char *)p);
    if (n) {
      p += n;
    } else {
      p++;
      while (*p & 0x80 && (*p & 0xc0) == 0x80)
        p++;
      end = p;
    }
  }
  *end = '\0';
  return s;
}

/* str.split(): NUL-terminates the words of s in place, returns their count
 * (words is grown as needed; free it). */
static size_t split(char *s, char ***words) {
  size_t n = 0, cap = 0;
  *words = NULL;
  for (;;) {
    size_t k;
    while ((k = space_len((unsigned char *)s)) != 0)
      s += k;
    if (!*s)
      break;
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      char **nw = realloc(*words, cap * sizeof **words);
      if (!nw)
        break;
      *words = nw;
    }
    (*words)[n++] = s;
    while (*s && !space_len((unsigned char *)s))
      s++;
    if (*s) {
      k = space_len((unsigned char *)s);
      memset(s, 0, k);
      s += k;
    }
  }
  return n;
}

static int is_identchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_';
}

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) {
    fputs("pstats: out of memory\n", stderr);
    exit(1);
  }
  return d;
}

static void set_prompt(browser *b, const char *file) {
  size_t n = strlen(file);
  char *p = malloc(n + 3);
  if (!p) {
    fputs("pstats: out of memory\n", stderr);
    exit(1);
  }
  memcpy(p, file, n);
  memcpy(p + n, "% ", 3);
  free(b->prompt);
  b->prompt = p;
}

/* ------------------------------------------------------------ loading */

/* Python's open(path, 'rb') errors: 0 if the file can be opened for
 * reading, else the errno (a directory is EISDIR, as Python reports). */
static int open_errno(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno;
  struct stat st;
  int e = 0;
  if (fstat(fd, &st) != 0)
    e = errno;
  else if (S_ISDIR(st.st_mode))
    e = EISDIR;
  close(fd);
  return e;
}

/* The Python exception class for a reader failure (marshal raises EOFError
 * on truncated data, Stats raises TypeError on an empty dictionary,
 * anything else is a ValueError from marshal or the unpacking). */
static const char *exception_name(const char *msg) {
  if (strstr(msg, "EOF read") || strstr(msg, "truncated dump"))
    return "EOFError";
  if (strstr(msg, "no profile data"))
    return "TypeError";
  if (strstr(msg, "out of memory"))
    return "MemoryError";
  return "ValueError";
}

/* Loads path into a new pst_stats; NULL with *os_errno or err set. */
static pst_stats *load(browser *b, const char *path, int *os_errno, pst_error *err) {
  *os_errno = open_errno(path);
  if (*os_errno)
    return NULL;
  pst_stats *s = pst_stats_new(b->names);
  if (!s) {
    pst_fail(err, "out of memory");
    return NULL;
  }
  if (pst_stats_load(s, path, err) != 0) {
    pst_stats_free(s);
    return NULL;
  }
  return s;
}

/* ------------------------------------------------------------ commands */

static const char no_stats[] = "No statistics object is loaded.\n";

static void do_read(browser *b, const char *arg) {
  if (*arg) {
    int e;
    pst_error err;
    pst_stats *s = load(b, arg, &e, &err);
    if (!s) {
      if (e)
        fprintf(b->out, "%s\n", strerror(e));
      else
        fprintf(b->out, "%s: %s\n", exception_name(err.msg), err.msg);
      return;
    }
    if (b->stats)
      pst_stats_free(b->stats);
    b->stats = s;
    set_prompt(b, arg);
  } else if (strlen(b->prompt) > 2) {
    size_t n = strlen(b->prompt) - 2;
    char *file = xstrdup(b->prompt);
    file[n] = '\0';
    do_read(b, file);
    free(file);
  } else {
    fputs("No statistics object is current -- cannot reload.\n", b->out);
  }
}

static void do_add(browser *b, const char *arg) {
  if (!b->stats) {
    fputs(no_stats, b->out);
    return;
  }
  pst_error err;
  int e = open_errno(arg);
  if (e) {
    pst_buf r = {0};
    pst_repr_str(&r, arg, strlen(arg));
    fprintf(b->out, "Failed to load statistics for %s: [Errno %d] %s: %.*s\n", arg, e,
            strerror(e), (int)r.len, r.p ? r.p : "");
    pst_buf_free(&r);
    return;
  }
  /* the dump is checked completely before anything is merged */
  if (pst_stats_add_file(b->stats, arg, &err) != 0)
    fprintf(b->out, "Failed to load statistics for %s: %s\n", arg, err.msg);
}

typedef int (*print_fn)(pst_stats *, FILE *, const pst_amount *, size_t, pst_error *);

/* ProfileBrowser.generic: ints are counts, floats in [0, 1] fractions
 * (others are reported and dropped), anything else a regular expression. */
static void generic(browser *b, print_fn fn, const char *arg) {
  char *copy = xstrdup(arg);
  char **words;
  size_t n = split(copy, &words);
  pst_amount *amounts = calloc(n ? n : 1, sizeof *amounts);
  size_t na = 0;
  int ok = amounts != NULL;
  for (size_t i = 0; ok && i < n; i++) {
    pst_error err;
    int r = pst_amount_parse(words[i], &amounts[na], &err);
    if (r == 0) {
      na++;
    } else if (r == -2) {
      fprintf(b->out, "%s\n", err.msg);
    } else {
      fprintf(b->out, "*** %s\n", err.msg);
      ok = 0;
    }
  }
  if (ok) {
    if (b->stats) {
      pst_error err;
      if (fn(b->stats, b->out, amounts, na, &err) != 0)
        fprintf(b->out, "*** %s\n", err.msg);
    } else {
      fputs(no_stats, b->out);
    }
  }
  for (size_t i = 0; i < na; i++)
    pst_amount_release(&amounts[i]);
  free(amounts);
  free(words);
  free(copy);
}

static void do_sort(browser *b, const char *arg) {
  if (!b->stats) {
    fputs(no_stats, b->out);
    return;
  }
  char *copy = xstrdup(arg);
  char **words;
  size_t n = split(copy, &words);
  const pst_sort_key **keys = calloc(n ? n : 1, sizeof *keys);
  int valid = n > 0 && keys != NULL;
  for (size_t i = 0; valid && i < n; i++)
    valid = (keys[i] = pst_sort_key_lookup(words[i], NULL)) != NULL;
  if (valid) {
    pst_error err;
    if (pst_sort(b->stats, keys, n, &err) != 0)
      fprintf(b->out, "*** %s\n", err.msg);
  } else {
    fputs("Valid sort keys (unique prefixes are accepted):\n", b->out);
    for (size_t i = 0; i < 13; i++)
      fprintf(b->out, "%s -- %s\n", pst_sort_keys[i].word, pst_sort_keys[i].description);
  }
  free(keys);
  free(words);
  free(copy);
}

static void do_reverse(browser *b, const char *arg) {
  (void)arg;
  if (b->stats)
    pst_reverse_order(b->stats);
  else
    fputs(no_stats, b->out);
}

static void do_strip(browser *b, const char *arg) {
  (void)arg;
  pst_error err;
  if (!b->stats)
    fputs(no_stats, b->out);
  else if (pst_stats_strip_dirs(b->stats, &err) != 0)
    fprintf(b->out, "*** %s\n", err.msg);
}

static void do_stats(browser *b, const char *arg) { generic(b, pst_print_stats, arg); }
static void do_callers(browser *b, const char *arg) { generic(b, pst_print_callers, arg); }
static void do_callees(browser *b, const char *arg) { generic(b, pst_print_callees, arg); }

/* paths [PATTERN]: the calling-context paths (the tree of CPROF_TREE=1)
 * that end in a function whose "file:line(function)" PATTERN (a Python
 * regular expression) matches; all paths without one. Most cumulative time
 * first. A cprof command: not in `help`'s list, which stays Python's. */
typedef struct path_row {
  uint32_t node;
  double ct;
} path_row;

static int by_ct_desc(const void *a, const void *b) {
  double x = ((const path_row *)a)->ct, y = ((const path_row *)b)->ct;
  return (x < y) - (x > y);
}

static void do_paths(browser *b, const char *arg) {
  if (!b->stats) {
    fputs(no_stats, b->out);
    return;
  }
  size_t n;
  const pst_tree_node *t = pst_ext_tree(b->stats, &n);
  if (!t) {
    fputs("No calling-context tree in these statistics (profile with CPROF_TREE=1, or\n"
          "cprof run --tree; merged dumps keep it only if every one has it).\n", b->out);
    return;
  }
  pst_amount re = {0};
  pst_error err;
  if (*arg) {
    int r = pst_amount_parse(arg, &re, &err);
    if (r != 0 || re.kind != PST_AMOUNT_REGEX) {
      fprintf(b->out, "*** paths takes a regular expression%s%s\n", r ? ": " : "",
              r ? err.msg : "");
      pst_amount_release(&re);
      return;
    }
  }
  path_row *rows = malloc((n ? n : 1) * sizeof *rows);
  char *std = NULL;
  size_t cap = 0, nr = 0;
  for (size_t i = 0; rows && i < n; i++) {
    long len = pst_std_string(b->names, t[i].key, &std, &cap);
    if (len < 0)
      break;
    if (!*arg || re.match(re.match_ctx, std, (size_t)len) == 1)
      rows[nr++] = (path_row){(uint32_t)i, t[i].ct};
  }
  qsort(rows, nr, sizeof *rows, by_ct_desc);
  fprintf(b->out, "   ncalls  tottime  cumtime  calling-context path\n");
  for (size_t r = 0; r < nr; r++) {
    const pst_tree_node *x = &t[rows[r].node];
    pst_buf calls = {0};
    if (x->nc == x->cc)
      pst_buf_printf(&calls, "%lld", (long long)x->nc);
    else
      pst_buf_printf(&calls, "%lld/%lld", (long long)x->nc, (long long)x->cc);
    fprintf(b->out, "%9s %8.3f %8.3f  ", calls.p ? calls.p : "", x->tt, x->ct);
    uint32_t up[64];
    size_t d = 0, depth = 0;
    for (uint32_t a = rows[r].node; a != PST_TREE_TOP; a = t[a].parent, depth++)
      if (d < 64)
        up[d++] = a;
    if (depth > d)
      fputs("... -> ", b->out);
    while (d--) {
      long len = pst_std_string(b->names, t[up[d]].key, &std, &cap);
      if (len > 0)
        fwrite(std, 1, (size_t)len, b->out);
      fputs(d ? " -> " : "\n", b->out);
    }
    pst_buf_free(&calls);
  }
  free(std);
  free(rows);
  pst_amount_release(&re);
}

static const char arg_help[] =
    "Arguments may be:\n"
    "* An integer maximum number of entries to print.\n"
    "* A decimal fractional number between 0 and 1, controlling\n"
    "  what fraction of selected entries to print.\n"
    "* A regular expression; only entries with function names\n"
    "  that match it are printed.\n";

enum { CMD_CONTINUE = 0, CMD_STOP = 1 };

typedef struct command {
  const char *name;
  void (*fn)(browser *, const char *); /* NULL: EOF, quit, help */
  const char *help;
  int arg_help;
} command;

/* In the order of Python's sorted dir(): upper case first. */
static const command commands[] = {
    {"EOF", NULL, "Leave the profile browser.\n", 0},
    {"add", do_add, "Add profile info from given file to current statistics object.\n", 0},
    {"callees", do_callees, "Print callees statistics from the current stat object.\n", 1},
    {"callers", do_callers, "Print callers statistics from the current stat object.\n", 1},
    {"help", NULL, "Show help for a given command.\n", 0},
    {"quit", NULL, "Leave the profile browser.\n", 0},
    {"read", do_read,
     "Read in profile data from a specified file.\n"
     "Without argument, reload the current file.\n", 0},
    {"reverse", do_reverse, "Reverse the sort order of the profiling report.\n", 0},
    {"sort", do_sort,
     "Sort profile data according to specified keys.\n"
     "(Typing `sort' without arguments lists valid keys.)\n", 0},
    {"stats", do_stats, "Print statistics from the current stat object.\n", 1},
    {"strip", do_strip, "Strip leading path information from filenames in the report.\n", 0},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* cprof's own commands: they work and have help, but stay out of help's
 * list so that the browser prints what Python's prints. */
static const command cprof_commands[] = {
    {"paths", do_paths,
     "Print the calling-context paths (CPROF_TREE=1) ending in the functions\n"
     "matching a regular expression (all paths without one), with the calls,\n"
     "own time and cumulative time along each path, most cumulative first.\n", 0},
};

static const command *find_command(const char *name) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  for (size_t i = 0; i < sizeof cprof_commands / sizeof cprof_commands[0]; i++)
    if (strcmp(cprof_commands[i].name, name) == 0)
      return &cprof_commands[i];
  return NULL;
}

/* cmd.Cmd.do_help */
static void do_help(browser *b, const char *arg) {
  if (*arg) {
    const command *c = find_command(arg);
    if (!c) {
      fprintf(b->out, "*** No help on %s\n", arg);
      return;
    }
    fputs(c->help, b->out);
    if (c->arg_help)
      fputs(arg_help, b->out);
    return;
  }
  /* doc_leader, then print_topics(doc_header, commands, 15, 80): all the
   * names fit on one line of columnize(…, 79) */
  fputs("\nDocumented commands (type help <topic>):\n"
        "========================================\n", b->out);
  for (size_t i = 0; i < N_COMMANDS; i++)
    fprintf(b->out, "%s%s", i ? "  " : "", commands[i].name);
  fputs("\n\n", b->out);
}

/* cmd.Cmd.onecmd (with emptyline and default). Returns CMD_STOP to leave. */
static int onecmd(browser *b, const char *input) {
  char *buf = xstrdup(input);
  char *line = strip(buf);
  if (!*line) { /* emptyline(): repeat the last command */
    free(buf);
    if (b->lastcmd && *b->lastcmd) {
      char *last = xstrdup(b->lastcmd);
      int r = onecmd(b, last);
      free(last);
      return r;
    }
    return CMD_CONTINUE;
  }
  char *full = NULL;
  if (line[0] == '?') { /* "?x" is "help x" */
    size_t n = strlen(line + 1);
    full = malloc(n + 6);
    if (!full) {
      free(buf);
      return CMD_CONTINUE;
    }
    memcpy(full, "help ", 5);
    memcpy(full + 5, line + 1, n + 1);
    line = full;
  } else if (line[0] == '!') { /* no do_shell: default(), lastcmd kept */
    fprintf(b->out, "*** Unknown syntax: %s\n", line);
    free(buf);
    return CMD_CONTINUE;
  }
  size_t i = 0;
  while (line[i] && is_identchar(line[i]))
    i++;
  char *cmdname = strndup(line, i);
  char *argcopy = xstrdup(line + i);
  char *arg = strip(argcopy);
  free(b->lastcmd);
  b->lastcmd = xstrdup(strcmp(line, "EOF") == 0 ? "" : line);
  int rc = CMD_CONTINUE;
  const command *c = cmdname && *cmdname ? find_command(cmdname) : NULL;
  if (!c) {
    fprintf(b->out, "*** Unknown syntax: %s\n", line);
  } else if (strcmp(c->name, "EOF") == 0) {
    fputs("\n", b->out);
    rc = CMD_STOP;
  } else if (strcmp(c->name, "quit") == 0) {
    rc = CMD_STOP;
  } else if (strcmp(c->name, "help") == 0) {
    do_help(b, arg);
  } else {
    c->fn(b, arg);
  }
  free(cmdname);
  free(argcopy);
  free(full);
  free(buf);
  return rc;
}

/* ------------------------------------------------------------ input */

/* A line as Python's sys.stdin.readline() gives it on POSIX (only "\n" ends
 * a line; a "\r" before it is blank space to strip()), without its "\n".
 * NULL at the end of input. */
static char *read_pipe_line(FILE *in) {
  size_t n = 0, cap = 128;
  char *s = malloc(cap);
  if (!s)
    return NULL;
  int c, any = 0;
  while ((c = getc(in)) != EOF) {
    any = 1;
    if (c == '\n')
      break;
    if (n + 1 >= cap) {
      char *ns = realloc(s, cap *= 2);
      if (!ns) {
        free(s);
        return NULL;
      }
      s = ns;
    }
    s[n++] = (char)c;
  }
  if (!any) {
    free(s);
    return NULL;
  }
  s[n] = '\0';
  return s;
}

#ifdef HAVE_LINE_EDITING
/* Completion as cmd.Cmd does it: command names at the start of the line,
 * sort keys after `sort`, topics after `help`, file names after `read` and
 * `add`, nothing elsewhere. */
static const char *const *complete_words;
static size_t complete_n;

static char *complete_next(const char *text, int state) {
  static size_t idx;
  if (!state)
    idx = 0;
  size_t len = strlen(text);
  while (idx < complete_n) {
    const char *w = complete_words[idx++];
    if (strncmp(w, text, len) == 0)
      return strdup(w);
  }
  return NULL;
}

static char **complete(const char *text, int start, int end) {
  (void)end;
  static const char *names[N_COMMANDS];
  static const char *keys[13];
  for (size_t i = 0; i < N_COMMANDS; i++)
    names[i] = commands[i].name;
  for (size_t i = 0; i < 13; i++)
    keys[i] = pst_sort_keys[i].word;
  const char *line = rl_line_buffer;
  size_t lead = 0;
  while (line[lead] == ' ' || line[lead] == '\t')
    lead++;
  if ((size_t)start <= lead) {
    complete_words = names;
    complete_n = N_COMMANDS;
  } else {
    size_t w = lead;
    while (is_identchar(line[w]))
      w++;
    size_t wl = w - lead;
    if (wl == 4 && strncmp(line + lead, "sort", 4) == 0) {
      complete_words = keys;
      complete_n = 13;
    } else if (wl == 4 && strncmp(line + lead, "help", 4) == 0) {
      complete_words = names;
      complete_n = N_COMMANDS;
    } else if ((wl == 4 && strncmp(line + lead, "read", 4) == 0) ||
               (wl == 3 && strncmp(line + lead, "add", 3) == 0)) {
      return NULL; /* readline's file name completion */
    } else {
      rl_attempted_completion_over = 1;
      return NULL;
    }
  }
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, complete_next);
}

/* input(prompt) with readline: history gets each non-empty line that
 * differs from the previous entry (Python's readline module). */
static char *read_tty_line(const char *prompt) {
  char *line = readline(prompt);
  if (line && *line) {
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (!last || strcmp(last->line, line) != 0)
      add_history(line);
  }
  return line;
}
#endif

/* ------------------------------------------------------------ main loop */

int pst_browser_main(char **files, int n_files) {
  browser b = {0};
  b.out = stdout;
  b.prompt = xstrdup("% ");
  b.names = pst_names_new();
  if (!b.names) {
    fputs("pstats: out of memory\n", stderr);
    return 1;
  }
#ifdef HAVE_LINE_EDITING
  /* as Python's input(): readline only when both ends are terminals */
  int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  if (tty) {
    rl_readline_name = "pstats";
    rl_attempted_completion_function = complete;
  }
#endif
  if (n_files > 0)
    do_read(&b, files[0]);
  for (int i = 1; i < n_files; i++)
    do_add(&b, files[i]);
  fputs("Welcome to the profile statistics browser.\n", b.out);
  for (;;) {
    char *line;
    fflush(b.out);
#ifdef HAVE_LINE_EDITING
    if (tty)
      line = read_tty_line(b.prompt);
    else
#endif
    {
      fputs(b.prompt, b.out);
      fflush(b.out);
      line = read_pipe_line(stdin);
    }
    int rc = onecmd(&b, line ? line : "EOF");
    free(line);
    if (rc == CMD_STOP)
      break;
  }
  fputs("Goodbye.\n", b.out);
  int status = fflush(b.out) == 0 && !ferror(b.out) ? 0 : 1;
  if (b.stats)
    pst_stats_free(b.stats);
  pst_names_free(b.names);
  free(b.prompt);
  free(b.lastcmd);
  return status;
}
