; Functions never instrumented: declarations, available_externally bodies,
; naked functions, xray_never_instrument ("function-instrument"="xray-never"),
; ifunc resolvers (they run while the dynamic linker relocates the program),
; the profiler's own __cprof_* functions, and functions already instrumented
; (running the pass twice changes nothing).
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument,cprof-instrument -cprof-guard=false -S %s | FileCheck %s

target triple = "x86_64-pc-linux-gnu"

; CHECK-NOT: @__cprof_desc.avail
; CHECK-NOT: @__cprof_desc.naked
; CHECK-NOT: @__cprof_desc.never
; CHECK-NOT: @__cprof_desc.__cprof_helper
; CHECK-NOT: @__cprof_desc.resolve_impl
; CHECK: @__cprof_desc.plain =
; CHECK-NOT: @__cprof_desc.

define available_externally i32 @avail(i32 %x) {
  ret i32 %x
}
define void @naked() naked nounwind {
  call void asm sideeffect "ret", ""()
  unreachable
}
define i32 @never(i32 %x) nounwind "function-instrument"="xray-never" {
  ret i32 %x
}
define void @__cprof_helper() nounwind {
  ret void
}
@impl = ifunc void (), ptr @resolve_impl
define internal ptr @resolve_impl() nounwind {
  ret ptr @__cprof_helper
}

; CHECK-LABEL: define i32 @plain(i32 %x)
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.plain)
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.plain)
; CHECK-NEXT: ret i32 %x
define i32 @plain(i32 %x) nounwind {
  ret i32 %x
}
; CHECK: attributes #{{[0-9]+}} = { nounwind "cprof-instrumented" }
