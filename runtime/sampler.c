/*
 * The sources of the sampled timers (CPROF_TIMER=sampled, sampled-wall).
 *
 * A sampled timer is a per-thread counter of nanoseconds that only samples
 * advance, and only when they land while no hook of cprof runs on the
 * thread (rt_sample_land: the thread's `busy` word is the in-hook flag,
 * set first and cleared last by every hook; a CPU sample also looks at the
 * interrupted instruction, and one in the hooks' code section, stubs and
 * prologues before the claim included, is dropped as well). The hooks read the counter
 * where they would read the TSC, so cProfile's accounting over it gives
 * tottime, cumtime and edge times as sampled estimates, with the hooks' own
 * time left out exactly: nothing is calibrated.
 *
 * CPU samples: every `period` of the thread's CPU time. The source is a
 * perf_event software task clock of the thread, counting user mode only
 * (perf_event_paranoid 2 allows that for one's own threads), whose
 * overflows send a signal to that thread. A sample is taken only while
 * the thread runs in user mode, so its signal never finds the thread in a
 * system call: no EINTR the program would not see otherwise. Where
 * perf_event is refused, a POSIX CPU-time timer of the thread
 * (CLOCK_THREAD_CPUTIME_ID, SIGEV_THREAD_ID) takes its place; it ticks at
 * the kernel's CONFIG_HZ at most (the missed expirations are counted as
 * overruns and weigh the next sample) and counts system time too.
 * The signal is SIGSTKFLT (unused on Linux; else SIGPWR, else a real-time
 * one), whichever has no handler when sampling starts, so a program's own
 * SIGPROF/ITIMER_PROF work as before. Not a real-time signal by choice: a
 * thread that blocks it keeps at most one pending, where queued real-time
 * signals would pile up to RLIMIT_SIGPENDING and make the program's own
 * sigqueue() fail. signal_wrap.c keeps it out of the program's way (never
 * blocked, never returned by sigwait or signalfd). The handler is
 * async-signal-safe (two stores) and keeps errno.
 *
 * Wall samples: a sampler thread (all signals blocked, never instrumented)
 * wakes every period and gives each live thread the wall time since its
 * last wake-up, unless a hook runs on that thread at that moment. No
 * signal is sent, so a blocked thread is never interrupted: its time lands
 * in the frame it is blocked in (a builtin such as read or poll).
 *
 * Sources start with the first profiler that uses them and run until the
 * process ends; a fork child starts its own (perf_event descriptors of the
 * parent's threads are closed there, timers and threads are not inherited).
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define RT_SAMPLE_HZ_DEFAULT 1000
#define RT_SAMPLE_HZ_MAX 100000

static struct sampler {
  _Atomic int on; /* 0, or 1 once started */
  int hz;
  int64_t period_ns;
  int source; /* RT_SOURCE_* */
} samplers[RT_SAMPLE_MODES];

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static int cpu_signal;

const char *rt_sampler_source_name(int source) {
  switch (source) {
  case RT_SOURCE_PERF:
    return "perf_event task clock (user mode)";
  case RT_SOURCE_POSIX_TIMER:
    return "POSIX thread CPU timer";
  case RT_SOURCE_THREAD:
    return "sampler thread";
  }
  return "none";
}

void rt_sampler_get(enum rt_sample_mode mode, rt_sampler_info *out) {
  const struct sampler *s = &samplers[mode];
  out->hz_requested = s->hz;
  out->period_ns = s->period_ns;
  out->source = atomic_load(&s->on) ? s->source : RT_SOURCE_NONE;
}

/* ---- CPU samples ---------------------------------------------------------- */

/* Did the sample interrupt the hooks' own code? Also before a hook claims
 * the thread (its stub, its prologue) and after it released it. */
static int in_hook_code(const void *uc) {
#if defined(__x86_64__) && defined(REG_RIP)
  uintptr_t ip = (uintptr_t)((const ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
  return ip - (uintptr_t)__start_cprof_hooks <
         (uintptr_t)(__stop_cprof_hooks - __start_cprof_hooks);
#else
  (void)uc;
  return 0;
#endif
}

static void on_cpu_sample(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  rt_thread *t = rt_self;
  if (!t)
    return;
  if (in_hook_code(uc)) {
    __atomic_store_n(&t->dropped[RT_SAMPLE_CPU], t->dropped[RT_SAMPLE_CPU] + 1,
                     __ATOMIC_RELAXED);
    return;
  }
  int64_t weight = samplers[RT_SAMPLE_CPU].period_ns;
  /* a POSIX timer's expirations missed between two ticks weigh this one */
  if (si->si_code == SI_TIMER && si->si_overrun > 0)
    weight *= 1 + (int64_t)si->si_overrun;
  rt_sample_land(t, RT_SAMPLE_CPU, weight);
}

static int signal_free(int sig) {
  struct sigaction old;
  return sigaction(sig, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
         old.sa_handler == SIG_DFL;
}

/* A signal with the default action and nobody's handler (see above). */
static int pick_signal(void) {
#ifdef SIGSTKFLT
  if (signal_free(SIGSTKFLT))
    return SIGSTKFLT;
#endif
#ifdef SIGPWR
  if (signal_free(SIGPWR))
    return SIGPWR;
#endif
  for (int sig = SIGRTMAX; sig >= SIGRTMIN + 2; sig--)
    if (signal_free(sig))
      return sig;
  return 0;
}

int rt_sampler_signal(void) {
  return atomic_load(&samplers[RT_SAMPLE_CPU].on) ? cpu_signal : 0;
}

static int perf_open(rt_thread *t) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.type = PERF_TYPE_SOFTWARE;
  a.config = PERF_COUNT_SW_TASK_CLOCK;
  a.sample_period = (uint64_t)samplers[RT_SAMPLE_CPU].period_ns;
  a.disabled = 1;
  a.exclude_kernel = 1; /* never a signal inside a system call */
  a.exclude_hv = 1;
  int fd = (int)syscall(SYS_perf_event_open, &a, t->tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0)
    return -1;
  struct f_owner_ex owner = {F_OWNER_TID, t->tid};
  if (fcntl(fd, F_SETOWN_EX, &owner) != 0 || fcntl(fd, F_SETSIG, cpu_signal) != 0 ||
      fcntl(fd, F_SETFL, O_ASYNC) != 0 || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    close(fd);
    return -1;
  }
  t->cpu_fd = fd;
  return 0;
}

static int posix_timer_open(rt_thread *t) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = cpu_signal;
  ev._sigev_un._tid = t->tid;
  timer_t tm;
  if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &tm) != 0)
    return -1;
  int64_t p = samplers[RT_SAMPLE_CPU].period_ns;
  struct itimerspec it = {{p / 1000000000, p % 1000000000}, {p / 1000000000, p % 1000000000}};
  if (timer_settime(tm, 0, &it, NULL) != 0) {
    timer_delete(tm);
    return -1;
  }
  t->cpu_timer = tm;
  return 0;
}

/* Give thread t its CPU source; the first thread decides which one works. */
static void cpu_source_open(rt_thread *t) {
  struct sampler *s = &samplers[RT_SAMPLE_CPU];
  if (t->cpu_source || __atomic_load_n(&t->ended, __ATOMIC_ACQUIRE))
    return;
  int saved_errno = errno;
  if (s->source == RT_SOURCE_PERF && perf_open(t) == 0)
    t->cpu_source = RT_SOURCE_PERF;
  else if (s->source == RT_SOURCE_POSIX_TIMER && posix_timer_open(t) == 0)
    t->cpu_source = RT_SOURCE_POSIX_TIMER;
  errno = saved_errno;
}

static void cpu_source_close(rt_thread *t) {
  int saved_errno = errno;
  if (t->cpu_source == RT_SOURCE_PERF)
    close(t->cpu_fd);
  else if (t->cpu_source == RT_SOURCE_POSIX_TIMER)
    timer_delete((timer_t)t->cpu_timer);
  t->cpu_source = RT_SOURCE_NONE;
  errno = saved_errno;
}

static int cpu_start(struct sampler *s) {
  cpu_signal = pick_signal();
  if (!cpu_signal) {
    rt_warn("CPROF_TIMER=sampled: no free signal for CPU samples");
    return -1;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_cpu_sample;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(cpu_signal, &sa, NULL) != 0) {
    rt_warn("CPROF_TIMER=sampled: cannot handle signal %d: %s", cpu_signal, strerror(errno));
    return -1;
  }
  /* the calling thread may have it blocked (others are unblocked as they
   * come: a blocked signal would hold their samples back) */
  sigset_t ours;
  sigemptyset(&ours);
  sigaddset(&ours, cpu_signal);
  pthread_sigmask(SIG_UNBLOCK, &ours, NULL);
  /* Which source works, tried on the calling thread. */
  rt_thread *self = rt_thread_self_slow();
  if (!self)
    return -1;
  s->source = RT_SOURCE_PERF;
  if (perf_open(self) == 0) {
    self->cpu_source = RT_SOURCE_PERF;
  } else {
    s->source = RT_SOURCE_POSIX_TIMER;
    if (posix_timer_open(self) != 0) {
      rt_warn("CPROF_TIMER=sampled: neither perf_event_open nor timer_create works here (%s)",
              strerror(errno));
      s->source = RT_SOURCE_NONE;
      return -1;
    }
    self->cpu_source = RT_SOURCE_POSIX_TIMER;
  }
  atomic_store(&s->on, 1);
  for (rt_thread *t = rt_thread_list(); t; t = t->next)
    cpu_source_open(t);
  return 0;
}

/* ---- wall samples ---------------------------------------------------------- */

static void *wall_sampler(void *arg) {
  (void)arg;
  struct sampler *s = &samplers[RT_SAMPLE_WALL];
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  int64_t last = rt_clock_ns(CLOCK_MONOTONIC);
  for (;;) {
    next.tv_nsec += s->period_ns;
    while (next.tv_nsec >= 1000000000) {
      next.tv_nsec -= 1000000000;
      next.tv_sec++;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
      ;
    int64_t now = rt_clock_ns(CLOCK_MONOTONIC);
    /* a late wake-up gives the time it really waited, and the schedule
     * starts again from now instead of catching up in a burst */
    int64_t weight = now - last;
    last = now;
    if (weight > 2 * s->period_ns) {
      next.tv_sec = now / 1000000000;
      next.tv_nsec = now % 1000000000;
    }
    for (rt_thread *t = rt_thread_list(); t; t = t->next)
      if (!__atomic_load_n(&t->ended, __ATOMIC_ACQUIRE))
        rt_sample_land(t, RT_SAMPLE_WALL, weight);
  }
  return NULL;
}

static int wall_start(struct sampler *s) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  /* the thread inherits the mask: it never runs one of the program's handlers */
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t th;
  int rc = pthread_create(&th, &attr, wall_sampler, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    rt_warn("CPROF_TIMER=sampled-wall: cannot start the sampler thread: %s", strerror(rc));
    return -1;
  }
  pthread_setname_np(th, "cprof-sampler");
  s->source = RT_SOURCE_THREAD;
  atomic_store(&s->on, 1);
  return 0;
}

/* ---- life cycle --------------------------------------------------------- */

int rt_sampler_start(enum rt_sample_mode mode, int hz) {
  struct sampler *s = &samplers[mode];
  if (atomic_load(&s->on))
    return 0;
  pthread_mutex_lock(&start_lock);
  int rc = 0;
  if (!atomic_load(&s->on)) {
    if (hz <= 0)
      hz = RT_SAMPLE_HZ_DEFAULT;
    if (hz > RT_SAMPLE_HZ_MAX)
      hz = RT_SAMPLE_HZ_MAX;
    s->hz = hz;
    s->period_ns = 1000000000 / hz;
    rc = mode == RT_SAMPLE_CPU ? cpu_start(s) : wall_start(s);
  }
  pthread_mutex_unlock(&start_lock);
  return rc;
}

void rt_sampler_thread_begin(rt_thread *t) {
  if (atomic_load(&samplers[RT_SAMPLE_CPU].on))
    cpu_source_open(t);
}

void rt_sampler_thread_end(rt_thread *t) { cpu_source_close(t); }

/* In a fork child, the calling thread is the only one; descriptors of the
 * parent's perf events are inherited (and would sample the parent). */
void rt_sampler_after_fork(void) {
  rt_thread *self = rt_self;
  for (rt_thread *t = rt_thread_list(); t; t = t->next) {
    if (t->cpu_source == RT_SOURCE_PERF)
      close(t->cpu_fd);
    t->cpu_source = RT_SOURCE_NONE; /* POSIX timers are not inherited */
  }
  if (self && atomic_load(&samplers[RT_SAMPLE_CPU].on))
    cpu_source_open(self);
  struct sampler *w = &samplers[RT_SAMPLE_WALL];
  if (atomic_load(&w->on)) {
    atomic_store(&w->on, 0);
    pthread_mutex_init(&start_lock, NULL);
    if (wall_start(w) != 0)
      atomic_store(&w->on, 0);
  }
}
