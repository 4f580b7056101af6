// Exceptions: a call that may throw out of the function gets a cleanup
// landing pad of its own for the function's exit hook; a builtin call that
// may throw gets one nested inside it, so the builtin frame closes first.
// A catch handler that rethrows resumes through the exit hook too.
// RUN: %gnu_cxx %cprof_gcc_plugin -O0 -fdump-tree-optimized=%t.gimple -c %s -o %t.o
// RUN: FileCheck %s < %t.gimple
// RUN: %gnu_cxx %cprof_gcc_plugin -O2 -fdump-tree-optimized=%t.o2 -c %s -o %t.o
// RUN: FileCheck --check-prefix=O2 %s < %t.o2
void may_throw(int);

// CHECK-LABEL: void calls (int n)
// CHECK: __cprof_enter (&__cprof_desc._Z5callsi);
// CHECK: __cprof_builtin_enter (&__cprof_builtin._Z9may_throwi);
// CHECK: may_throw (n_{{.*}});
// CHECK: __cprof_builtin_exit (&__cprof_builtin._Z9may_throwi);
// CHECK: __cprof_exit (&__cprof_desc._Z5callsi);
// CHECK: return;
// The unwind path: builtin exit, then (the landing pad it resumes to) the
// function's exit, then resume; laid out after the normal path.
// CHECK: __cprof_exit (&__cprof_desc._Z5callsi);
// CHECK-EMPTY:
// CHECK-NEXT: <bb
// CHECK-NEXT: = __builtin_eh_pointer
// CHECK-NEXT: __builtin_unwind_resume
// CHECK: __cprof_builtin_exit (&__cprof_builtin._Z9may_throwi);
// CHECK-EMPTY:
// CHECK-NEXT: <bb
// CHECK-NEXT: __builtin_eh_copy_values
// O2-LABEL: void calls (int n)
// O2: __cprof_builtin_exit (&__cprof_builtin._Z9may_throwi);
// O2: __cprof_exit (&__cprof_desc._Z5callsi);
// O2: __builtin_unwind_resume
void calls(int n) { may_throw(n); }

// The call inside try gets a landing pad nested in the try's, which it
// then enters (builtin exit, then the catch dispatch).
// CHECK-LABEL: void rethrows (int n)
// CHECK: __cxa_begin_catch
// CHECK-NOT: __cprof_builtin_enter (&__cprof_builtin.__cxa
// CHECK: __cxa_end_catch ();
// CHECK: __cprof_exit (&__cprof_desc._Z8rethrowsi);
// CHECK: __builtin_unwind_resume
// CHECK: __cprof_builtin_exit (&__cprof_builtin._Z9may_throwi);
// CHECK-EMPTY:
// CHECK-NEXT: <bb
// CHECK-NEXT: __builtin_eh_copy_values
void rethrows(int n) {
  try {
    may_throw(n);
  } catch (int) {
    throw;
  }
}

// noexcept: nothing unwinds out of it (std::terminate), no cleanup.
// CHECK-LABEL: void never (int n)
// CHECK: __cprof_exit (&__cprof_desc._Z5neveri);
// CHECK-NOT: __builtin_unwind_resume
// CHECK: }
void never(int n) noexcept { may_throw(n); }
