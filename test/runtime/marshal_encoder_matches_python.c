// The marshal encoder (common/marshal_write.c, shared by the runtime and
// pstats -o): every encoding it emits loads in Python to the intended value:
// ints at the int32/long boundaries and up to INT64_MIN, floats bit for bit,
// short/long ASCII and UTF-8 strings (invalid bytes become U+FFFD), small
// and large tuples, dicts, FLAG_REF slots and back-references; and its
// buffer flushes across many writes.
// RUN: %clang -O2 -I%srcroot/common %s %srcroot/common/marshal_write.c -o %t
// RUN: %t %t.bin
// RUN: %python %S/Inputs/marshal_values.py %t.bin | FileCheck %s
// CHECK: (0, -1, 2147483647, -2147483648, 2147483648, -2147483649, 1099511627776, -1099511627776, 9223372036854775807, -9223372036854775808, 0.009000000000000001, -0.0, inf, 5e-324, '', 'm.py', 'a*300', 'gr\xf6\xdfe_\u8a08\u7b97', 'bad\ufffdbyte\ufffd', 'm.py', ('m.py', 4, 'main'), ('m.py', 4, 'main'), {('m.py', 4, 'main'): (1, 2)})
// CHECK-NEXT: 300 0 299
// CHECK-NEXT: 200000 199999
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "marshal_write.h"

static cprof_marshal_writer w;

int main(int argc, char **argv) {
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return 2;
  cprof_mw_init(&w, fd);
  cprof_mw_tuple(&w, 25);
  static const int64_t ints[] = {0,           -1,           2147483647,          -2147483648LL,
                                 2147483648LL, -2147483649LL, 1LL << 40,           -(1LL << 40),
                                 INT64_MAX,   INT64_MIN};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    cprof_mw_int(&w, ints[i]);
  cprof_mw_float(&w, 9 * 0.001);
  cprof_mw_float(&w, -0.0);
  cprof_mw_float(&w, INFINITY);
  cprof_mw_float(&w, 5e-324);
  cprof_mw_str(&w, "", 0);
  uint32_t file = cprof_mw_str_ref(&w, "m.py", 4); /* slot 0 */
  char longname[300];
  memset(longname, 'a', 300);
  cprof_mw_str(&w, longname, 300); /* 'a' type */
  const char *u = "gr\xc3\xb6\xc3\x9f" "e_\xe8\xa8\x88\xe7\xae\x97";
  cprof_mw_str(&w, u, strlen(u));
  cprof_mw_str(&w, "bad\xff" "byte\xe8\xa8", 9); /* invalid, truncated */
  cprof_mw_ref(&w, file);
  uint32_t key = cprof_mw_tuple_ref(&w, 3); /* slot 1 */
  cprof_mw_ref(&w, file);
  cprof_mw_int(&w, 4);
  cprof_mw_str(&w, "main", 4);
  cprof_mw_ref(&w, key);
  cprof_mw_dict_begin(&w);
  cprof_mw_ref(&w, key);
  cprof_mw_tuple(&w, 2);
  cprof_mw_int(&w, 1);
  cprof_mw_int(&w, 2);
  cprof_mw_dict_end(&w);
  cprof_mw_tuple(&w, 300); /* '(' with an int32 count */
  for (int i = 0; i < 300; i++)
    cprof_mw_int(&w, i);
  cprof_mw_tuple(&w, 200000); /* far more than the buffer */
  for (int i = 0; i < 200000; i++)
    cprof_mw_int(&w, i);
  if (cprof_mw_finish(&w) != 0 || close(fd) != 0)
    return 1;
  return w.next_slot == 2 ? 0 : 3;
}
