/* A real workload: SQLite's amalgamation (bench/.cache/sqlite/sqlite3.c,
 * fetched by bench/setup.sh from npm's better-sqlite3) on an in-memory
 * database: inserts, an index build, point and range queries, aggregates,
 * updates and deletes. SCALE multiplies the row count. */
#include "sqlite3.h"

#include "common.h"

static sqlite3 *db;

static void exec_sql(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_work: %s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

static sqlite3_stmt *prep(const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "sqlite_work: %s: %s\n", sql, sqlite3_errmsg(db));
    exit(1);
  }
  return st;
}

N static void work(long scale) {
  if (sqlite3_open(":memory:", &db) != SQLITE_OK)
    exit(1);
  exec_sql("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, v REAL)");
  long n = 20000 * scale;
  exec_sql("BEGIN");
  sqlite3_stmt *ins = prep("INSERT INTO t(k, name, v) VALUES(?, ?, ?)");
  char name[32];
  for (long i = 0; i < n; i++) {
    snprintf(name, sizeof name, "name-%ld", (i * 7919) % 5000);
    sqlite3_bind_int64(ins, 1, (i * 104729) % 1000);
    sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(ins, 3, (double)i * 0.5);
    if (sqlite3_step(ins) != SQLITE_DONE)
      exit(1);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  exec_sql("COMMIT");
  exec_sql("CREATE INDEX tk ON t(k)");
  exec_sql("CREATE INDEX tn ON t(name)");
  sqlite3_stmt *pt = prep("SELECT count(*), sum(v) FROM t WHERE k = ?");
  long long total = 0;
  for (long q = 0; q < 2000 * scale; q++) {
    sqlite3_bind_int64(pt, 1, q % 1000);
    if (sqlite3_step(pt) == SQLITE_ROW)
      total += sqlite3_column_int64(pt, 0);
    sqlite3_reset(pt);
  }
  sqlite3_finalize(pt);
  sqlite3_stmt *rg = prep("SELECT name, count(*), avg(v) FROM t WHERE k BETWEEN ? AND ? "
                          "GROUP BY name ORDER BY 2 DESC, 1 LIMIT 10");
  for (long q = 0; q < 40 * scale; q++) {
    sqlite3_bind_int64(rg, 1, q * 10 % 900);
    sqlite3_bind_int64(rg, 2, q * 10 % 900 + 100);
    while (sqlite3_step(rg) == SQLITE_ROW)
      total += sqlite3_column_int64(rg, 1);
    sqlite3_reset(rg);
  }
  sqlite3_finalize(rg);
  exec_sql("UPDATE t SET v = v * 2 WHERE k % 7 = 3");
  exec_sql("DELETE FROM t WHERE k % 11 = 5");
  sqlite3_stmt *ag = prep("SELECT k, count(*), max(v) FROM t GROUP BY k ORDER BY k");
  while (sqlite3_step(ag) == SQLITE_ROW)
    total += sqlite3_column_int64(ag, 1);
  sqlite3_finalize(ag);
  sqlite3_close(db);
  sink = (unsigned long long)total;
}
