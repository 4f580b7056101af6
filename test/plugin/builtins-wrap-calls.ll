; Calls into functions not instrumented here (external declarations and
; available_externally bodies) are bracketed by the builtin hooks, with one
; linkonce_odr descriptor per callee. Never wrapped: intrinsics, calls through
; pointers, calls to functions defined here, noreturn and returns_twice
; callees, exception-handling runtime calls, the profiler's own functions.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -cprof-builtins=false -S %s | FileCheck --check-prefix=OFF %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-DAG: $__cprof_builtin.puts = comdat any
; CHECK-DAG: @[[PUTS:__cprof_str[.0-9]*]] = private unnamed_addr constant [23 x i8] c"<built-in method puts>\00"
; CHECK-DAG: @[[TILDE:__cprof_str[.0-9]*]] = private unnamed_addr constant [2 x i8] c"~\00"
; CHECK-DAG: @__cprof_builtin.puts = linkonce_odr hidden global %cprof.func_desc { ptr @[[PUTS]], ptr @[[TILDE]], ptr @puts, i32 0, i32 1, i32 0, i32 3 }, comdat, align 8
; A C++ callee: demangled name, CPROF_DESC_BUILTIN|CPROF_DESC_CXX.
; CHECK-DAG: c"<built-in method ns::area(double)>\00"
; CHECK-DAG: @__cprof_builtin._ZN2ns4areaEd = linkonce_odr hidden global %cprof.func_desc { ptr @{{.*}}, ptr @[[TILDE]], ptr @_ZN2ns4areaEd, i32 0, i32 5, i32 0, i32 3 }, comdat
; CHECK-DAG: @__cprof_builtin.inline_elsewhere = linkonce_odr hidden global
; OFF-NOT: __cprof_builtin

declare i32 @puts(ptr)
declare double @_ZN2ns4areaEd(double)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @exit(i32) noreturn nounwind
declare i32 @setjmp(ptr) returns_twice
declare ptr @__cxa_allocate_exception(i64)
declare void @cprof_disable()
define available_externally i32 @inline_elsewhere(i32 %x) {
  ret i32 %x
}
define internal i32 @local(i32 %x) nounwind {
  ret i32 %x
}

; CHECK-LABEL: define void @calls(ptr %buf, ptr %fp, i32 %n)
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.calls)
; CHECK-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin.puts)
; CHECK-NEXT: %r = call i32 @puts(ptr %buf)
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.puts)
; CHECK-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin._ZN2ns4areaEd)
; CHECK-NEXT: %a = call double @_ZN2ns4areaEd(double 2.0
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin._ZN2ns4areaEd)
; CHECK-NEXT: call void @llvm.memcpy
; CHECK-NEXT: call void %fp()
; CHECK-NEXT: call i32 @local(i32 %n)
; CHECK-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin.inline_elsewhere)
; CHECK-NEXT: call i32 @inline_elsewhere(i32 %n)
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.inline_elsewhere)
; CHECK-NEXT: call i32 @setjmp(ptr %buf)
; CHECK-NEXT: call ptr @__cxa_allocate_exception(i64 8)
; CHECK-NEXT: call void @cprof_disable()
; The second call to puts shares the descriptor.
; CHECK-NEXT: call void @__cprof_builtin_enter(ptr @__cprof_builtin.puts)
; CHECK-NEXT: call i32 @puts(ptr %buf)
; CHECK-NEXT: call void @__cprof_builtin_exit(ptr @__cprof_builtin.puts)
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.calls)
; CHECK-NEXT: ret void
; OFF-LABEL: define void @calls(
; OFF-NEXT: call void @__cprof_enter(ptr @__cprof_desc.calls)
; OFF-NEXT: %r = call i32 @puts(ptr %buf)
define void @calls(ptr %buf, ptr %fp, i32 %n) nounwind {
  %r = call i32 @puts(ptr %buf)
  %a = call double @_ZN2ns4areaEd(double 2.0)
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %buf, i64 0, i1 false)
  call void %fp()
  call i32 @local(i32 %n)
  call i32 @inline_elsewhere(i32 %n)
  call i32 @setjmp(ptr %buf)
  call ptr @__cxa_allocate_exception(i64 8)
  call void @cprof_disable()
  call i32 @puts(ptr %buf)
  ret void
}

; noreturn callee: the frame would never be closed; not wrapped.
; CHECK-LABEL: define void @leaves(
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.leaves)
; CHECK-NEXT: call void @exit(i32 3)
; CHECK-NEXT: unreachable
define void @leaves() nounwind {
  call void @exit(i32 3)
  unreachable
}
