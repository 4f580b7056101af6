; With clang -finstrument-functions, the functions to instrument carry the
; "instrument-function-entry*" markers (no_instrument_function ones do not).
; The plugin instruments exactly the marked functions and removes every
; marker, so clang's EntryExitInstrumenter adds no __cyg_profile_* call.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s
; cprof-prepare alone records the decision for a later cprof-instrument.
; RUN: %cprof_opt -passes=cprof-prepare -S %s | FileCheck --check-prefix=PREP %s
; RUN: %cprof_opt -passes=cprof-prepare,ee-instrument,cprof-instrument -cprof-guard=false -S %s | FileCheck %s
; Without any marked function, -cprof-marked-only (set by cprof-cc) still
; skips the unmarked ones.
; RUN: sed -e '/instrument-function/d' %s | %cprof_opt -passes=cprof-instrument -cprof-marked-only -S | FileCheck --check-prefix=NONE %s

target triple = "x86_64-pc-linux-gnu"

; CHECK-NOT: instrument-function-
; CHECK-NOT: __cyg_profile
; CHECK: @__cprof_desc.marked =
; CHECK-NOT: @__cprof_desc.unmarked
; PREP-NOT: instrument-function-
; PREP: define i32 @marked(i32 %x) #[[M:[0-9]+]]
; PREP: define i32 @unmarked(i32 %x) #[[U:[0-9]+]]
; PREP-NOT: __cprof_enter
; PREP: attributes #[[M]] = { nounwind }
; PREP: attributes #[[U]] = { nounwind "cprof-skip" }
; PREP: !{i32 7, !"cprof.prepared", i32 1}
; NONE-NOT: @__cprof_desc.
; NONE-NOT: call void @__cprof_enter

; CHECK-LABEL: define i32 @marked(
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.marked)
define i32 @marked(i32 %x) #0 {
  ret i32 %x
}
; CHECK-LABEL: define i32 @unmarked(
; CHECK-NEXT: ret i32 %x
define i32 @unmarked(i32 %x) #1 {
  ret i32 %x
}

attributes #0 = { nounwind "instrument-function-entry"="__cyg_profile_func_enter" "instrument-function-exit"="__cyg_profile_func_exit" }
attributes #1 = { nounwind }
