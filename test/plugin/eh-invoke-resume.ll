; Exceptions leaving a function run its exit hook: existing resumes get one,
; calls that may throw become invokes of a cleanup landing pad that calls
; the exit hook and resumes. nounwind functions get no landing pad.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -cprof-builtins=false -S %s | FileCheck %s

target triple = "x86_64-pc-linux-gnu"

declare i32 @__gxx_personality_v0(...)
declare void @may_throw()
declare void @no_throw() nounwind

; Already has a personality and a landing pad (e.g. a destructor call).
; CHECK-LABEL: define void @with_pad() {{.*}}personality ptr @__gxx_personality_v0
; CHECK-NEXT: entry:
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.with_pad)
; CHECK-NEXT: invoke void @may_throw()
; CHECK-NEXT: to label %cont unwind label %lpad
; CHECK: cont:
; The second call may throw: it now unwinds to the cleanup pad.
; CHECK-NEXT: invoke void @may_throw()
; CHECK-NEXT: to label %[[SPLIT:.*]] unwind label %cprof.cleanup
; CHECK: [[SPLIT]]:
; CHECK-NEXT: call void @no_throw()
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.with_pad)
; CHECK-NEXT: ret void
; CHECK: lpad:
; CHECK-NEXT: %lp = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.with_pad)
; CHECK-NEXT: resume { ptr, i32 } %lp
; CHECK: cprof.cleanup:
; CHECK-NEXT: %cleanup.lpad = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.with_pad)
; CHECK-NEXT: resume { ptr, i32 } %cleanup.lpad
define void @with_pad() personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw() to label %cont unwind label %lpad
cont:
  call void @may_throw()
  call void @no_throw()
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}

; No personality yet: the module's C++ personality is used.
; CHECK-LABEL: define void @_Z8passthruv() {{.*}}personality ptr @__gxx_personality_v0
; CHECK: invoke void @may_throw()
; CHECK-NEXT: to label %{{.*}} unwind label %cprof.cleanup
; CHECK: call void @__cprof_exit(ptr @__cprof_desc._Z8passthruv)
; CHECK-NEXT: ret void
; CHECK: cprof.cleanup:
; CHECK-NEXT: landingpad
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc._Z8passthruv)
; CHECK-NEXT: resume
define void @_Z8passthruv() {
  call void @may_throw()
  ret void
}

; nounwind: no personality, no landing pad.
; CHECK-LABEL: define void @quiet()
; CHECK-NOT: personality
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.quiet)
; CHECK-NEXT: call void @may_throw()
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.quiet)
; CHECK-NEXT: ret void
; CHECK-NOT: landingpad
define void @quiet() nounwind {
  call void @may_throw()
  ret void
}
