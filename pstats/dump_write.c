/* dump_stats (-o): the dictionary written with the shared marshal encoder
 * (common/marshal_write.h), atomically: a temporary file created O_EXCL next
 * to the target, written, flushed to disk, then renamed over the target. On
 * any failure the temporary file is removed and the target is untouched. A
 * symbolic link or a non-regular file (a FIFO, /dev/null) is written into.
 *
 * Filenames and key tuples that occur more than once are written once with
 * FLAG_REF and referenced afterwards (§4.2); numbers are written inline.
 * The cprof extension follows the dict (ext_write.c). */
#define _GNU_SOURCE
#include "ext.h"
#include "marshal_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct writer {
  cprof_marshal_writer mw;
  const pst_names *names;
  pst_keymap key_slot; /* key id -> slot of its flagged tuple */
  pst_keymap str_slot; /* string id -> slot of its flagged str */
  int oom;
} writer;

static void put_str(writer *w, pst_str s) {
  uint32_t slot = pst_keymap_get(&w->str_slot, s);
  if (slot != PST_NONE) {
    cprof_mw_ref(&w->mw, slot);
    return;
  }
  size_t len;
  const char *t = pst_str_text(w->names, s, &len);
  slot = cprof_mw_str_ref(&w->mw, t, len);
  if (pst_keymap_put(&w->str_slot, s, slot))
    w->oom = 1;
}

static void put_key(writer *w, pst_key k) {
  uint32_t slot = pst_keymap_get(&w->key_slot, k);
  if (slot != PST_NONE) {
    cprof_mw_ref(&w->mw, slot);
    return;
  }
  const pst_keyinfo *ki = pst_key_info(w->names, k);
  slot = cprof_mw_tuple_ref(&w->mw, 3);
  if (pst_keymap_put(&w->key_slot, k, slot))
    w->oom = 1;
  put_str(w, ki->file);
  cprof_mw_int(&w->mw, ki->line);
  size_t len;
  const char *t = pst_str_text(w->names, ki->name, &len);
  cprof_mw_str(&w->mw, t, len); /* names rarely repeat outside their key */
}

static void put_num(writer *w, pst_num n) {
  if (n.is_int)
    cprof_mw_int(&w->mw, n.i);
  else
    cprof_mw_float(&w->mw, n.f);
}

static void write_dict(writer *w, const pst_stats *s) {
  cprof_mw_dict_begin(&w->mw);
  for (size_t i = 0; i < s->n_entries; i++) {
    const pst_entry *e = &s->entries[i];
    put_key(w, e->key);
    cprof_mw_tuple(&w->mw, 5);
    cprof_mw_int(&w->mw, e->cc);
    cprof_mw_int(&w->mw, e->nc);
    put_num(w, e->tt);
    put_num(w, e->ct);
    cprof_mw_dict_begin(&w->mw);
    for (uint32_t j = 0; j < e->n_edges; j++) {
      const pst_edge *ed = &e->edges[j];
      put_key(w, ed->caller);
      if (ed->is_tuple) {
        cprof_mw_tuple(&w->mw, 4);
        cprof_mw_int(&w->mw, ed->nc);
        cprof_mw_int(&w->mw, ed->cc);
        put_num(w, ed->tt);
        put_num(w, ed->ct);
      } else {
        cprof_mw_int(&w->mw, ed->nc);
      }
    }
    cprof_mw_dict_end(&w->mw);
  }
  cprof_mw_dict_end(&w->mw);
}

/* The dump into fd (opened for writing); 0, or pst_fail(err). */
static int write_to_fd(const pst_stats *s, int fd, const char *path, pst_error *err) {
  writer *w = calloc(1, sizeof *w);
  if (!w)
    return pst_fail(err, "%s: out of memory", path);
  int rc = 0;
  w->names = s->names;
  cprof_mw_init(&w->mw, fd);
  write_dict(w, s);
  if (pst_ext_write(&w->mw, s) != 0)
    w->oom = 1;
  int e = cprof_mw_finish(&w->mw);
  if (w->oom)
    rc = pst_fail(err, "%s: out of memory", path);
  else if (e)
    rc = pst_fail(err, "%s: write failed: %s", path, strerror(e));
  else if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    rc = pst_fail(err, "%s: write failed: %s", path, strerror(errno));
  pst_keymap_free(&w->key_slot);
  pst_keymap_free(&w->str_slot);
  free(w);
  return rc;
}

/* A symbolic link (its target gets the dump, the link stays) or an existing
 * file that is not a regular one (a FIFO, /dev/null) is opened and written,
 * as Python's dump_stats does: renaming over it would destroy it (as root,
 * `-o /dev/null` would turn /dev/null into a regular file). */
static int write_in_place(const pst_stats *s, const char *path, pst_error *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0)
    return pst_fail(err, "%s: cannot open it for writing: %s", path, strerror(errno));
  struct stat sb;
  int rc = 0;
  if (fstat(fd, &sb) != 0 || (S_ISREG(sb.st_mode) && ftruncate(fd, 0) != 0))
    rc = pst_fail(err, "%s: write failed: %s", path, strerror(errno));
  if (rc == 0)
    rc = write_to_fd(s, fd, path, err);
  if (close(fd) != 0 && rc == 0)
    rc = pst_fail(err, "%s: write failed: %s", path, strerror(errno));
  return rc;
}

int pst_stats_write(const pst_stats *s, const char *path, pst_error *err) {
  struct stat lst;
  if (lstat(path, &lst) == 0 && (S_ISLNK(lst.st_mode) || !S_ISREG(lst.st_mode)))
    return write_in_place(s, path, err);
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 64);
  if (!tmp)
    return pst_fail(err, "%s: out of memory", path);
  int fd = -1;
  for (unsigned attempt = 0; attempt < 100 && fd < 0; attempt++) {
    snprintf(tmp, pl + 64, "%s.tmp%ld.%u", path, (long)getpid(), attempt);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) {
      int e = errno;
      free(tmp);
      return pst_fail(err, "%s: cannot create a temporary file next to it: %s", path,
                      strerror(e));
    }
  }
  if (fd < 0) {
    free(tmp);
    return pst_fail(err, "%s: cannot create a temporary file next to it", path);
  }
  int rc = write_to_fd(s, fd, path, err);
  if (close(fd) != 0 && rc == 0)
    rc = pst_fail(err, "%s: write failed: %s", path, strerror(errno));
  if (rc == 0 && rename(tmp, path) != 0)
    rc = pst_fail(err, "%s: cannot replace it: %s", path, strerror(errno));
  if (rc != 0)
    unlink(tmp);
  free(tmp);
  return rc;
}
