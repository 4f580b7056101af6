/* SQLite workload: drives the SQLite amalgamation (fetched by bench/setup.sh)
 * through a fixed mix of inserts, index builds, point and range queries,
 * aggregates, updates and deletes on an in-memory database, and checks every
 * result against values computed here without SQLite.
 *
 *   sqlite_driver N     N rows (the runner sizes N for ~1-3 s unprofiled)
 *
 * Exit status 1 with a one-line message when a result is wrong. */
#include "sqlite3.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NKEYS 1000
#define NNAMES 5000

static sqlite3 *db;

static void die_db(const char *what) {
  fprintf(stderr, "sqlite_driver: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

static void check(int ok, const char *what, long long got, long long want) {
  if (!ok) {
    fprintf(stderr, "sqlite_driver: self-check failed: %s: got %lld, expected %lld\n", what, got,
            want);
    exit(1);
  }
}

static void exec(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

static sqlite3_stmt *prep(const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    die_db(sql);
  return st;
}

static long long key_of(long long i) { return (i * 7919) % NKEYS; }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sqlite_driver N\n");
    return 2;
  }
  char *end;
  long long n = strtoll(argv[1], &end, 10);
  if (*argv[1] == 0 || *end || n < NKEYS || n > 100000000) {
    fprintf(stderr, "sqlite_driver: N must be an integer in %d..100000000, got '%s'\n", NKEYS,
            argv[1]);
    return 2;
  }
  if (sqlite3_open(":memory:", &db) != SQLITE_OK)
    die_db("open");
  exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, name TEXT NOT NULL, v REAL)");

  /* expected per-key row counts and sums of id, computed without SQLite */
  long long *cnt = calloc(NKEYS, sizeof *cnt), *sum = calloc(NKEYS, sizeof *sum);
  if (!cnt || !sum) {
    fprintf(stderr, "sqlite_driver: out of memory\n");
    return 1;
  }

  exec("BEGIN");
  sqlite3_stmt *ins = prep("INSERT INTO t(id, k, name, v) VALUES (?1, ?2, ?3, ?4)");
  char name[32];
  for (long long i = 1; i <= n; i++) {
    long long k = key_of(i);
    snprintf(name, sizeof name, "name%05lld", i % NNAMES);
    sqlite3_bind_int64(ins, 1, i);
    sqlite3_bind_int64(ins, 2, k);
    sqlite3_bind_text(ins, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(ins, 4, (double)i * 0.5);
    if (sqlite3_step(ins) != SQLITE_DONE)
      die_db("insert");
    sqlite3_reset(ins);
    cnt[k]++;
    sum[k] += i;
  }
  sqlite3_finalize(ins);
  exec("COMMIT");
  exec("CREATE INDEX t_k ON t(k)");
  exec("CREATE INDEX t_name ON t(name)");

  /* point aggregates by key through the index */
  sqlite3_stmt *q = prep("SELECT count(*), sum(id), sum(v) FROM t WHERE k = ?1");
  for (int round = 0; round < 3; round++)
    for (long long k = 0; k < NKEYS; k++) {
      sqlite3_bind_int64(q, 1, k);
      if (sqlite3_step(q) != SQLITE_ROW)
        die_db("select by key");
      long long c = sqlite3_column_int64(q, 0), s = sqlite3_column_int64(q, 1);
      double sv = sqlite3_column_double(q, 2);
      check(c == cnt[k], "count by key", c, cnt[k]);
      check(s == sum[k], "sum(id) by key", s, sum[k]);
      check(sv == (double)sum[k] * 0.5, "sum(v) by key", (long long)sv, sum[k] / 2);
      sqlite3_reset(q);
    }
  sqlite3_finalize(q);

  /* grouping and sorting over the whole table */
  q = prep("SELECT name, count(*) FROM t GROUP BY name ORDER BY count(*) DESC, name LIMIT 3");
  long long per_name_hi = (n + NNAMES - 1) / NNAMES;
  int rows = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const char *nm = (const char *)sqlite3_column_text(q, 0);
    long long c = sqlite3_column_int64(q, 1);
    check(c == per_name_hi, "largest group size", c, per_name_hi);
    /* ties are broken by name; the first names with the larger count are
     * name00001, name00002, ... (ids 1..n mod NNAMES, and n >= NNAMES is not
     * required: with n < NNAMES every group has one row) */
    char want[32];
    snprintf(want, sizeof want, "name%05d", (n % NNAMES == 0) ? rows : rows + 1);
    check(strcmp(nm, want) == 0, "group order", rows, rows);
    rows++;
  }
  sqlite3_finalize(q);
  check(rows == 3, "group rows", rows, 3);

  /* range scan on the primary key with a LIKE filter */
  q = prep("SELECT count(*) FROM t WHERE id BETWEEN ?1 AND ?2 AND name LIKE 'name0001%'");
  long long lo = n / 4, hi = n / 2, want = 0;
  for (long long i = lo; i <= hi; i++) {
    long long m = i % NNAMES;
    want += m >= 10 && m <= 19;
  }
  sqlite3_bind_int64(q, 1, lo);
  sqlite3_bind_int64(q, 2, hi);
  if (sqlite3_step(q) != SQLITE_ROW)
    die_db("range scan");
  check(sqlite3_column_int64(q, 0) == want, "range LIKE count", sqlite3_column_int64(q, 0), want);
  sqlite3_finalize(q);

  /* update and delete, then re-check totals */
  exec("UPDATE t SET v = v + 1 WHERE k < 100");
  long long updated = sqlite3_changes(db), want_upd = 0, want_total = 0;
  for (long long k = 0; k < 100; k++)
    want_upd += cnt[k];
  check(updated == want_upd, "rows updated", updated, want_upd);
  exec("DELETE FROM t WHERE id % 3 = 0");
  check(sqlite3_changes(db) == n / 3, "rows deleted", sqlite3_changes(db), n / 3);
  q = prep("SELECT count(*), sum(id) FROM t");
  if (sqlite3_step(q) != SQLITE_ROW)
    die_db("final count");
  want_total = n * (n + 1) / 2 - 3 * (n / 3) * (n / 3 + 1) / 2;
  check(sqlite3_column_int64(q, 0) == n - n / 3, "rows left", sqlite3_column_int64(q, 0),
        n - n / 3);
  check(sqlite3_column_int64(q, 1) == want_total, "sum(id) left", sqlite3_column_int64(q, 1),
        want_total);
  sqlite3_finalize(q);
  sqlite3_close(db);
  free(cnt);
  free(sum);
  printf("sqlite %s: %lld rows ok\n", sqlite3_libversion(), n);
  return 0;
}
