/*
 * Streaming encoder for Python's marshal format (version 4), the encoding of
 * a pstats dump (see docs/pstats-format.md, section 4).
 *
 * Shared by the runtime's dump writer and the pstats tool's `-o`. It never
 * allocates: bytes go through the fixed buffer inside the struct and are
 * flushed with write(2), so the runtime may use it from a signal handler.
 */
#ifndef CPROF_MARSHAL_WRITE_H
#define CPROF_MARSHAL_WRITE_H

#include <stddef.h>
#include <stdint.h>

typedef struct cprof_marshal_writer {
  int fd;
  int error;          /* errno of the first failed write; sticky */
  uint32_t next_slot; /* next FLAG_REF slot a reader will assign */
  size_t len;         /* bytes pending in buf */
  unsigned char buf[16384];
} cprof_marshal_writer;

void cprof_mw_init(cprof_marshal_writer *w, int fd);

/* Containers. A dict is dict_begin, then key/value objects, then dict_end.
 * A tuple is announced with its item count, then its items follow. */
void cprof_mw_dict_begin(cprof_marshal_writer *w);
void cprof_mw_dict_end(cprof_marshal_writer *w);
void cprof_mw_tuple(cprof_marshal_writer *w, unsigned n);

/* Scalars: 'i' when the value fits in int32, 'l' otherwise; 'g' floats. */
void cprof_mw_int(cprof_marshal_writer *w, int64_t v);
void cprof_mw_float(cprof_marshal_writer *w, double v);
/* A str: 'z' (or 'a' when >= 256 bytes) for ASCII, 'u' otherwise. Invalid
 * UTF-8 sequences are written as U+FFFD so Python can always decode it. */
void cprof_mw_str(cprof_marshal_writer *w, const char *s, size_t n);

/* Back-references: the *_ref variants write the object with FLAG_REF and
 * return the slot it takes; cprof_mw_ref writes a reference to a slot. */
uint32_t cprof_mw_tuple_ref(cprof_marshal_writer *w, unsigned n);
uint32_t cprof_mw_str_ref(cprof_marshal_writer *w, const char *s, size_t n);
void cprof_mw_ref(cprof_marshal_writer *w, uint32_t slot);

/* Flush what is pending. Returns 0, or the errno of the first failure. */
int cprof_mw_finish(cprof_marshal_writer *w);

#endif /* CPROF_MARSHAL_WRITE_H */
