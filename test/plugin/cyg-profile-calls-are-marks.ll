; Newer clangs (LLVM 19) run EntryExitInstrumenter before the PipelineStart
; callbacks: cprof-cc's -finstrument-functions marks then arrive as
; __cyg_profile_func_enter/exit(F, return address) calls in F. cprof-prepare
; takes them as F's mark and deletes them with the return-address reads; a
; function without them (no_instrument_function) is skipped, and calls of
; those functions that pass another function stay.
; RUN: %cprof_opt -passes=cprof-prepare -S %s | FileCheck --check-prefix=PREP %s
; RUN: %cprof_opt -passes=cprof-prepare,cprof-instrument -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-prepare,cprof-instrument -S %s | %opt_ptr -passes=verify -disable-output

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; PREP-LABEL: define i32 @marked(i32 %x) {
; PREP-NEXT: %y = add i32 %x, 1
; PREP-NEXT: ret i32 %y
define i32 @marked(i32 %x) {
  %ra = call ptr @llvm.returnaddress(i32 0)
  call void @__cyg_profile_func_enter(ptr @marked, ptr %ra)
  %y = add i32 %x, 1
  %ra2 = call ptr @llvm.returnaddress(i32 0)
  call void @__cyg_profile_func_exit(ptr @marked, ptr %ra2)
  ret i32 %y
}

; PREP: define void @not_marked() [[SKIP:#[0-9]+]]
define void @not_marked() {
  ret void
}

; A call that names another function is the program's own: kept.
; PREP-LABEL: define void @calls_it_itself()
; PREP-NEXT: call void @__cyg_profile_func_enter(ptr @not_marked, ptr null)
define void @calls_it_itself() {
  %ra = call ptr @llvm.returnaddress(i32 0)
  call void @__cyg_profile_func_enter(ptr @calls_it_itself, ptr %ra)
  call void @__cyg_profile_func_enter(ptr @not_marked, ptr null)
  %ra2 = call ptr @llvm.returnaddress(i32 0)
  call void @__cyg_profile_func_exit(ptr @calls_it_itself, ptr %ra2)
  ret void
}

; PREP: attributes [[SKIP]] = { "cprof-skip" }

; CHECK-LABEL: define i32 @marked(
; CHECK: call void @__cprof_enter(ptr @__cprof_desc.marked)
; CHECK: call void @__cprof_exit(ptr @__cprof_desc.marked)
; CHECK-LABEL: define void @not_marked(
; CHECK-NOT: __cprof_enter
; CHECK: ret void
; CHECK-LABEL: define void @calls_it_itself(
; CHECK: call void @__cprof_enter(ptr @__cprof_desc.calls_it_itself)

declare ptr @llvm.returnaddress(i32 immarg)
declare void @__cyg_profile_func_enter(ptr, ptr)
declare void @__cyg_profile_func_exit(ptr, ptr)
