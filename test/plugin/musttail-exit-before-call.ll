; A musttail call must stay right before its return: the exit hook goes
; before the call, not between the call and the return.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s

target triple = "x86_64-pc-linux-gnu"

define internal i32 @callee(i32 %x) nounwind {
  ret i32 %x
}

; CHECK-LABEL: define i32 @caller(i32 %x)
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.caller)
; CHECK-NEXT: %y = add i32 %x, 1
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.caller)
; CHECK-NEXT: %r = musttail call i32 @callee(i32 %y)
; CHECK-NEXT: ret i32 %r
define i32 @caller(i32 %x) nounwind {
  %y = add i32 %x, 1
  %r = musttail call i32 @callee(i32 %y)
  ret i32 %r
}

; A musttail call to an external function is not wrapped as a builtin
; (nothing may follow it), but the exit hook still precedes it.
; CHECK-LABEL: define i32 @to_extern(i32 %x)
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.to_extern)
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.to_extern)
; CHECK-NEXT: %r = musttail call i32 @ext(i32 %x)
; CHECK-NEXT: ret i32 %r
define i32 @to_extern(i32 %x) nounwind {
  %r = musttail call i32 @ext(i32 %x)
  ret i32 %r
}
declare i32 @ext(i32)
; CHECK-NOT: __cprof_builtin.ext
