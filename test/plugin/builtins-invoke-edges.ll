; An invoked builtin closes its frame on both edges: at the start of the
; normal destination (split off when shared) and in a landing pad of its
; own (split off when several invokes share one), before the function's
; own exit hook on the unwind path.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | %opt_ptr -passes=verify -disable-output

target triple = "x86_64-pc-linux-gnu"

declare i32 @__gxx_personality_v0(...)
declare i32 @ext_a()
declare i32 @ext_b()

; CHECK-LABEL: define i32 @two_invokes(i1 %c)
; CHECK: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext_a)
; CHECK-NEXT: %a = invoke i32 @ext_a()
; CHECK-NEXT: to label %[[ARET:.*]] unwind label %[[ALPAD:.*]]
; CHECK: call void @__cprof_builtin_enter(ptr @__cprof_builtin.ext_b)
; CHECK-NEXT: %b = invoke i32 @ext_b()
; CHECK-NEXT: to label %[[BRET:.*]] unwind label %[[BLPAD:.*]]
; CHECK: [[ARET]]:
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext_a)
; CHECK-NEXT: br label %join
; CHECK: [[BRET]]:
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext_b)
; CHECK-NEXT: br label %join
; CHECK: join:
; CHECK-NEXT: %v = phi i32 [ %a, %[[ARET]] ], [ %b, %[[BRET]] ]
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.two_invokes)
; CHECK-NEXT: ret i32 %v
; CHECK-DAG: [[ALPAD]]:{{.*}}
; CHECK-NEXT: landingpad
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext_a)
; CHECK-DAG: [[BLPAD]]:{{.*}}
; CHECK-NEXT: landingpad
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.ext_b)
; CHECK-DAG: call void @__cprof_exit(ptr @__cprof_desc.two_invokes)
; CHECK-NEXT: resume
define i32 @two_invokes(i1 %c) personality ptr @__gxx_personality_v0 {
entry:
  br i1 %c, label %l, label %r
l:
  %a = invoke i32 @ext_a() to label %join unwind label %lpad
r:
  %b = invoke i32 @ext_b() to label %join unwind label %lpad
join:
  %v = phi i32 [ %a, %l ], [ %b, %r ]
  ret i32 %v
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}
