; ABI 3 (cprof/abi.h, docs/cross-file-calls.md): a builtin call site first
; tests CPROF_DESC_RT_CALLEE_INSTRUMENTED (1 << 17) in its descriptor, which
; the runtime sets once it has seen the callee is instrumented elsewhere.
; Set: a plain copy of the call, no hook (one load and one branch more than
; a call within one file). Clear: the wrapped call of ABI 2. Results meet
; in a phi; an invoke's copy shares the unwind destination (its phis get an
; entry) and both normal edges meet before the original destination.
; An available_externally callee keeps the ABI-2 site: a later inliner
; (ThinLTO backend, early placement) could put its uninstrumented body in the
; plain copy. -cprof-callee-flag=false and -cprof-guard=false: one call, no
; flag test.
; RUN: %cprof_opt -passes=cprof-instrument -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument -S %s | %opt_ptr -passes=verify -disable-output
; RUN: %cprof_opt -passes=cprof-instrument -cprof-callee-flag=false -S %s | FileCheck --check-prefix=NOFLAG %s
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck --check-prefix=NOFLAG %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i32 @ext(i32) nounwind
declare i32 @may_throw(i32)
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define i32 @call_result(i32 %x)
; CHECK: %[[F:cprof.bflags[0-9]*]] = load atomic i32, ptr getelementptr inbounds (%cprof.func_desc, ptr @__cprof_builtin.ext, i32 0, i32 4) monotonic, align 4
; CHECK-NEXT: %[[M:[0-9]+]] = and i32 %[[F]], 131072
; CHECK-NEXT: %[[K:cprof.callee.known[0-9]*]] = icmp ne i32 %[[M]], 0
; CHECK-NEXT: br i1 %[[K]], label %[[PLAIN:[0-9]+]], label %[[WRAP:[0-9]+]]
; CHECK: [[PLAIN]]:
; CHECK-NEXT: %[[R1:[0-9]+]] = call i32 @ext(i32 %x)
; CHECK-NOT: __cprof_builtin
; CHECK-NEXT: br label %[[JOIN:[0-9]+]]
; CHECK: [[WRAP]]:
; CHECK: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext)
; CHECK: %[[R2:[0-9]+]] = call i32 @ext(i32 %x)
; CHECK: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext)
; CHECK: [[JOIN]]:
; CHECK-NEXT: %r = phi i32 [ %[[R1]], %[[PLAIN]] ], [ %[[R2]], %{{[0-9]+}} ]
; CHECK-NEXT: %s = add i32 %r, 1
; NOFLAG-LABEL: define i32 @call_result(i32 %x)
; NOFLAG-NOT: cprof.bflags
; NOFLAG: %r = call i32 @ext(i32 %x)
; NOFLAG-NOT: call i32 @ext
; NOFLAG: ret i32
define i32 @call_result(i32 %x) nounwind {
  %r = call i32 @ext(i32 %x)
  %s = add i32 %r, 1
  ret i32 %s
}

; CHECK-LABEL: define i32 @invoke_result(i32 %x)
; CHECK: %[[K:cprof.callee.known[0-9]*]] = icmp ne i32
; CHECK-NEXT: br i1 %[[K]], label %cprof.builtin.plain, label %cprof.builtin.wrapped
; CHECK: cprof.builtin.plain:
; CHECK-NEXT: %[[P:[0-9]+]] = invoke i32 @may_throw(i32 %x)
; CHECK-NEXT: to label %cprof.builtin.join unwind label %[[LPOTHER:lp.cprof.other]]
; CHECK: cprof.builtin.wrapped:
; CHECK: call void @__cprof_builtin_enter(ptr @__cprof_builtin.may_throw)
; CHECK: %[[W:[0-9]+]] = invoke i32 @may_throw(i32 %x)
; CHECK-NEXT: to label %cprof.builtin.ret unwind label %lp.cprof
; CHECK: cprof.builtin.ret:
; CHECK: call void @__cprof_builtin_exit(ptr @__cprof_builtin.may_throw)
; CHECK: cprof.builtin.join:
; CHECK-NEXT: %r = phi i32 [ %[[P]], %cprof.builtin.plain ], [ %[[W]], %{{[0-9]+}} ]
; CHECK-NEXT: br label %ok
; CHECK: ok:
; CHECK-NEXT: %v = phi i32 [ %r, %cprof.builtin.join ], [ 0, %{{[0-9a-z]+}} ]
; CHECK: lp.cprof:
; CHECK: call void @__cprof_builtin_exit(ptr @__cprof_builtin.may_throw)
; The plain copies' unwind edges carry the values of the originals'.
; CHECK: %from.ph.ph = phi i32 [ 2, %cprof.builtin.plain{{[0-9]+}} ], [ 1, %cprof.builtin.plain ]
; CHECK: lp:
; CHECK-NEXT: %from = phi i32 [ 1, %{{[0-9]+}} ], [ %from.ph, %lp.cprof.other ]
; NOFLAG-LABEL: define i32 @invoke_result(i32 %x)
; NOFLAG-NOT: cprof.bflags
; NOFLAG: invoke i32 @may_throw(i32 %x)
; NOFLAG-NOT: invoke i32 @may_throw(i32 %x)
; NOFLAG: ret i32
define i32 @invoke_result(i32 %x) personality ptr @__gxx_personality_v0 {
entry:
  %c = icmp eq i32 %x, 0
  br i1 %c, label %ok, label %call
call:
  %r = invoke i32 @may_throw(i32 %x) to label %ok unwind label %lp
ok:
  %v = phi i32 [ %r, %call ], [ 0, %entry ]
  ret i32 %v
other:
  invoke i32 @may_throw(i32 0) to label %ok2 unwind label %lp
ok2:
  ret i32 0
lp:
  %from = phi i32 [ 1, %call ], [ 2, %other ]
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; CHECK-LABEL: define i32 @call_available_externally(i32 %x)
; CHECK-NOT: cprof.bflags
; CHECK: call void @__cprof_builtin_enter(ptr @__cprof_builtin.inline_elsewhere)
; CHECK-NEXT: br label
; CHECK: %r = call i32 @inline_elsewhere(i32 %x)
; CHECK-NOT: call i32 @inline_elsewhere
; CHECK: ret i32 %r
define available_externally i32 @inline_elsewhere(i32 %x) nounwind {
  ret i32 %x
}
define i32 @call_available_externally(i32 %x) nounwind {
  %r = call i32 @inline_elsewhere(i32 %x)
  ret i32 %r
}
