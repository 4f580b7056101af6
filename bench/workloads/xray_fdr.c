/* Linked into the XRay FDR-mode binaries of the benchmark: LLVM 14's
 * flight-data-recorder mode records nothing until the program initializes it
 * and writes nothing until the program finalizes and flushes it (the basic
 * mode does both by itself). These two hooks do that around main(), as a
 * user of FDR mode has to. Compiled without -fxray-instrument. */
int __xray_log_init_mode(const char *mode, const char *config);
int __xray_log_finalize(void);
int __xray_log_flushLog(void);
int __xray_patch(void);

#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void xray_fdr_start(void) {
  int init = __xray_log_init_mode("xray-fdr", "");
  int patch = __xray_patch();
  if (init != 2 || patch != 1) { /* XRAY_LOG_INITIALIZED, SUCCESS */
    fprintf(stderr, "xray_fdr: init status %d, patch status %d\n", init, patch);
    exit(1);
  }
}

__attribute__((destructor)) static void xray_fdr_stop(void) {
  int fin = __xray_log_finalize();
  int flush = __xray_log_flushLog();
  if (fin != 4 || flush != 2) /* XRAY_LOG_FINALIZED, XRAY_LOG_FLUSHED */
    fprintf(stderr, "xray_fdr: finalize status %d, flush status %d\n", fin, flush);
}
