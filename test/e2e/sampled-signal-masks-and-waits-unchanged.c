// With CPU samples running, the program's signal masks and waits are its
// own: a worker thread that blocks every signal is still sampled (its work
// gets its time) and still reads back the mask it set, every signal
// included; a thread that waits for every signal with sigwait, sigwaitinfo
// or signalfd receives exactly the signals the program sends, never the
// samples'.
// RUN: %cprof_cc -O1 -g %s -o %t -lpthread
// RUN: env CPROF_TIMER=sampled CPROF_FILE=%t.prof %t | FileCheck %s
// RUN: %t | FileCheck %s
// CHECK: mask as set: yes
// CHECK-NEXT: sigwait: USR1
// CHECK-NEXT: sigwaitinfo: USR2
// CHECK-NEXT: signalfd: USR1
// RUN: %python %srcroot/test/tools/check_times.py %t.prof "ct['blocked_worker'] > 0.1" | FileCheck %s --check-prefix=TIMES
// TIMES: TIMES OK
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "Inputs/burn_cpu.h"

static int mask_ok;


void *blocked_worker(void *arg) {
  (void)arg;
  sigset_t all, now;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  burn_cpu(0.3);
  pthread_sigmask(SIG_BLOCK, NULL, &now);
  mask_ok = 1;
  for (int s = 1; s < NSIG; s++)
    if (s != SIGKILL && s != SIGSTOP && sigismember(&all, s) == 1 && sigismember(&now, s) != 1)
      mask_ok = 0;
  return NULL;
}

static const char *name(int sig) { return sig == SIGUSR1 ? "USR1" : sig == SIGUSR2 ? "USR2" : "other"; }

int main(void) {
  sigset_t all;
  sigfillset(&all);
  /* every thread made from here on blocks everything, as the main one */
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  pthread_t w;
  pthread_create(&w, NULL, blocked_worker, NULL);
  burn_cpu(0.2); /* samples arrive while the main thread blocks them all */
  pthread_join(w, NULL);
  printf("mask as set: %s\n", mask_ok ? "yes" : "no");
  int sig = 0;
  kill(getpid(), SIGUSR1);
  sigwait(&all, &sig);
  printf("sigwait: %s\n", name(sig));
  burn_cpu(0.1);
  kill(getpid(), SIGUSR2);
  siginfo_t si;
  sigwaitinfo(&all, &si);
  printf("sigwaitinfo: %s\n", name(si.si_signo));
  burn_cpu(0.1);
  int fd = signalfd(-1, &all, 0);
  kill(getpid(), SIGUSR1);
  struct signalfd_siginfo fi;
  if (read(fd, &fi, sizeof fi) == (ssize_t)sizeof fi)
    printf("signalfd: %s\n", name((int)fi.ssi_signo));
  return 0;
}
