; Every hook call is guarded by the runtime's __cprof_active byte (cprof/abi.h):
; one relaxed load at a function's entry (and, when its bit is set, one of the
; descriptor's flags: the run-time filters' verdict) decides its entry hook and all of its
; exit hooks (returns, before a musttail call, the exception cleanup), and each
; builtin call site loads the byte again and tests its builtins bit for both
; of its hooks. -cprof-guard=false calls the hooks unconditionally.
; -cprof-callee-flag=false: builtin call sites test the byte only (ABI 2).
; RUN: %cprof_opt -passes=cprof-instrument -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument -cprof-callee-flag=false -S %s | FileCheck --check-prefix=NOFLAG %s
; RUN: %cprof_opt -passes=cprof-instrument -S %s | %opt_ptr -passes=verify -disable-output
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck --check-prefix=OFF %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK: @__cprof_active = external global i8
; OFF-NOT: __cprof_active

; CHECK-LABEL: define i32 @two_returns(i32 %x)
; CHECK-NEXT: entry:
; CHECK-NEXT: %slot = alloca i32
; CHECK-NEXT: %[[A:cprof.active[0-9]*]] = load atomic i8, ptr @__cprof_active monotonic, align 1
; CHECK-NEXT: %[[M:[0-9]+]] = and i8 %[[A]], 1
; CHECK-NEXT: %[[ACT:cprof.on[0-9]*]] = icmp ne i8 %[[M]], 0
; CHECK-NEXT: br i1 %[[ACT]], label %[[FLAGS:[0-9]+]], label %[[JOIN:[0-9]+]], !prof [[LIKELY:![0-9]+]]
; Only then the descriptor's run-time filter flag (CPROF_DESC_RT_IGNORED).
; CHECK: [[FLAGS]]:
; CHECK-NEXT: %[[F:cprof.flags[0-9]*]] = load atomic i32, ptr getelementptr inbounds ({{.*}}, ptr @__cprof_desc.two_returns, i32 0, i32 4) monotonic, align 4
; CHECK-NEXT: %[[IG:[0-9]+]] = and i32 %[[F]], 65536
; CHECK-NEXT: %[[KEPT:cprof.kept[0-9]*]] = icmp eq i32 %[[IG]], 0
; CHECK-NEXT: br label %[[JOIN]]
; CHECK: [[JOIN]]:
; CHECK-NEXT: %[[ON:cprof.on[0-9]*]] = phi i1 [ false, %entry ], [ %[[KEPT]], %[[FLAGS]] ]
; CHECK-NEXT: br i1 %[[ON]], label %[[ENTER:[0-9]+]], label %[[BODY:[0-9]+]], !prof [[LIKELY]]
; CHECK: [[ENTER]]:
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.two_returns)
; CHECK-NEXT: br label %[[BODY]]
; CHECK: [[BODY]]:
; CHECK-NEXT: store i32 %x, ptr %slot
; CHECK: neg:
; CHECK-NEXT: %n = sub i32 0, %x
; CHECK-NEXT: br i1 %[[ON]], label %[[X1:[0-9]+]], label %[[R1:[0-9]+]], !prof [[LIKELY]]
; CHECK: [[X1]]:
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.two_returns)
; CHECK-NEXT: br label %[[R1]]
; CHECK: [[R1]]:
; CHECK-NEXT: ret i32 %n
; CHECK: pos:
; CHECK-NEXT: br i1 %[[ON]], label %[[X2:[0-9]+]], label %[[R2:[0-9]+]], !prof [[LIKELY]]
; CHECK: [[X2]]:
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.two_returns)
; CHECK-NEXT: br label %[[R2]]
; CHECK: [[R2]]:
; CHECK-NEXT: ret i32 %x
; CHECK-NOT: __cprof_active
; OFF-LABEL: define i32 @two_returns(i32 %x)
; OFF-NEXT: entry:
; OFF-NEXT: %slot = alloca i32
; OFF-NEXT: call void @__cprof_enter(ptr @__cprof_desc.two_returns)
define i32 @two_returns(i32 %x) nounwind {
entry:
  %slot = alloca i32
  store i32 %x, ptr %slot
  %c = icmp slt i32 %x, 0
  br i1 %c, label %neg, label %pos
neg:
  %n = sub i32 0, %x
  ret i32 %n
pos:
  ret i32 %x
}

; A musttail call keeps its ret right after it: the guarded exit comes first.
; CHECK-LABEL: define i32 @forward(i32 %x)
; CHECK: %[[ON:cprof.on[0-9]*]] = phi i1
; CHECK: call void @__cprof_enter(ptr @__cprof_desc.forward)
; CHECK: br i1 %[[ON]], label %[[X:[0-9]+]], label %[[T:[0-9]+]]
; CHECK: [[X]]:
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.forward)
; CHECK: [[T]]:
; CHECK-NEXT: %r = musttail call i32 @two_returns(i32 %x)
; CHECK-NEXT: ret i32 %r
define i32 @forward(i32 %x) nounwind {
  %r = musttail call i32 @two_returns(i32 %x)
  ret i32 %r
}

; Builtin call sites: first the descriptor's CPROF_DESC_RT_CALLEE_INSTRUMENTED
; bit (1 << 17: the runtime saw the callee is instrumented) chooses between
; a plain copy of the call and the wrapped one (builtin-site-callee-flag.ll);
; the wrapped call loads the byte again and tests its builtins bit for both
; of its hooks, and for an invoke, the exit on both edges. The function's
; exception cleanup tests the entry's bit.
; CHECK-LABEL: define void @calls(){{.*}} personality ptr @__gxx_personality_v0
; CHECK: %[[FON:cprof.on[0-9]*]] = phi i1
; CHECK: call void @__cprof_enter(ptr @__cprof_desc.calls)
; CHECK: %[[BF:cprof.bflags[0-9]*]] = load atomic i32, ptr getelementptr inbounds (%cprof.func_desc, ptr @__cprof_builtin.ext, i32 0, i32 4) monotonic, align 4
; CHECK-NEXT: %[[BK:[0-9]+]] = and i32 %[[BF]], 131072
; CHECK-NEXT: %[[KNOWN:cprof.callee.known[0-9]*]] = icmp ne i32 %[[BK]], 0
; CHECK-NEXT: br i1 %[[KNOWN]], label %[[PLAIN:[0-9]+]], label %[[WRAP:[0-9]+]]
; CHECK: [[PLAIN]]:
; CHECK-NEXT: call void @ext()
; CHECK: [[WRAP]]:
; CHECK-NEXT: %[[BA:cprof.active[0-9]*]] = load atomic i8, ptr @__cprof_active monotonic, align 1
; CHECK-NEXT: %[[BM:[0-9]+]] = and i8 %[[BA]], 2
; CHECK-NEXT: %[[BON:cprof.on[0-9]*]] = icmp ne i8 %[[BM]], 0
; CHECK-NEXT: br i1 %[[BON]], label %[[BE:[0-9]+]], label %[[BC:[0-9]+]]
; CHECK: [[BE]]:
; CHECK-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext)
; CHECK: [[BC]]:
; CHECK-NEXT: call void @ext()
; CHECK-NEXT: br i1 %[[BON]], label %[[BX:[0-9]+]], label
; CHECK: [[BX]]:
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext)
; CHECK: load atomic i32, ptr getelementptr inbounds (%cprof.func_desc, ptr @__cprof_builtin.may_throw, i32 0, i32 4) monotonic
; CHECK: cprof.builtin.wrapped:
; CHECK-NEXT: %[[IA:cprof.active[0-9]*]] = load atomic i8, ptr @__cprof_active
; CHECK-NEXT: %[[IM:[0-9]+]] = and i8 %[[IA]], 2
; CHECK-NEXT: %[[ION:cprof.on[0-9]*]] = icmp ne i8 %[[IM]], 0
; CHECK: invoke void @may_throw()
; CHECK: br i1 %[[ION]]
; CHECK: call void @__cprof_builtin_exit(ptr @__cprof_builtin.may_throw)
; CHECK: landingpad
; CHECK: br i1 %[[ION]]
; CHECK: call void @__cprof_builtin_exit(ptr @__cprof_builtin.may_throw)
; CHECK: br i1 %[[FON]]
; CHECK: call void @__cprof_exit(ptr @__cprof_desc.calls)
; CHECK: resume
; NOFLAG-LABEL: define void @calls(){{.*}} personality
; NOFLAG-NOT: cprof.bflags
; NOFLAG: call void @__cprof_enter(ptr @__cprof_desc.calls)
; NOFLAG: %[[BA:cprof.active[0-9]*]] = load atomic i8, ptr @__cprof_active monotonic, align 1
; NOFLAG-NEXT: %[[BM:[0-9]+]] = and i8 %[[BA]], 2
; NOFLAG-NEXT: %[[BON:cprof.on[0-9]*]] = icmp ne i8 %[[BM]], 0
; NOFLAG-NEXT: br i1 %[[BON]], label %[[BE:[0-9]+]], label %[[BC:[0-9]+]]
; NOFLAG: [[BE]]:
; NOFLAG-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext)
; NOFLAG-NOT: cprof.bflags
; OFF-LABEL: define void @calls(){{.*}} personality
; OFF-NOT: cprof.bflags
; OFF: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext)
; OFF-NEXT: call void @ext()
; OFF-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext)
define void @calls() personality ptr @__gxx_personality_v0 {
entry:
  call void @ext() nounwind
  invoke void @may_throw() to label %ok unwind label %lp
ok:
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

declare void @ext() nounwind
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)

; CHECK: [[LIKELY]] = !{!"branch_weights", i32 1000, i32 1}
