; Entry hook after the entry block's allocas, exit hook before every return,
; one private descriptor per function with the layout of abi.h: name, file,
; address, first line (from debug info), flags, id 0, ABI version 2.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-guard=false -S %s | FileCheck %s

; CHECK-DAG: %cprof.func_desc = type { ptr, ptr, ptr, i32, i32, i32, i32 }
; CHECK-DAG: @[[NAME:__cprof_str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"abs\00"
; CHECK-DAG: @[[FILE:__cprof_str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"src/a.c\00"
; CHECK-DAG: @__cprof_desc.abs = private global %cprof.func_desc { ptr @[[NAME]], ptr @[[FILE]], ptr @abs, i32 7, i32 0, i32 0, i32 3 }, align 8
; No debug info: the module's source file and line 0.
; CHECK-DAG: @[[MOD:__cprof_str[.0-9]*]] = private unnamed_addr constant [9 x i8] c"module.c\00"
; CHECK-DAG: @__cprof_desc.nodebug = private global %cprof.func_desc { ptr @{{__cprof_str[.0-9]*}}, ptr @[[MOD]], ptr @nodebug, i32 0, i32 0, i32 0, i32 3 }

source_filename = "module.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @abs(i32 %x)
; CHECK-NEXT: entry:
; CHECK-NEXT: %slot = alloca i32
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.abs)
; CHECK-NEXT: store i32 %x, ptr %slot
; CHECK: neg:
; CHECK-NEXT: %n = sub i32 0, %x
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.abs), !dbg [[RET1:![0-9]+]]
; CHECK-NEXT: ret i32 %n, !dbg [[RET1]]
; CHECK: pos:
; CHECK-NEXT: call void @__cprof_exit(ptr @__cprof_desc.abs), !dbg [[RET2:![0-9]+]]
; CHECK-NEXT: ret i32 %x, !dbg [[RET2]]
define i32 @abs(i32 %x) nounwind !dbg !5 {
entry:
  %slot = alloca i32
  store i32 %x, ptr %slot
  %c = icmp slt i32 %x, 0
  br i1 %c, label %neg, label %pos
neg:
  %n = sub i32 0, %x
  ret i32 %n, !dbg !8
pos:
  ret i32 %x, !dbg !9
}

; A function that ends in unreachable has no exit hook.
; CHECK-LABEL: define void @nodebug()
; CHECK-NEXT: call void @__cprof_enter(ptr @__cprof_desc.nodebug)
; CHECK-NEXT: call void @abort()
; CHECK-NEXT: unreachable
define void @nodebug() nounwind {
  call void @abort()
  unreachable
}
declare void @abort() noreturn nounwind

; CHECK: declare void @__cprof_enter(ptr) [[HOOK:#[0-9]+]]
; CHECK: declare void @__cprof_exit(ptr) [[HOOK]]
; CHECK: attributes [[HOOK]] = { {{(nounwind nonlazybind|nonlazybind nounwind)}} }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "clang", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "src/a.c", directory: "/work")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "abs", scope: !1, file: !1, line: 7, type: !6, scopeLine: 8, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{null}
!8 = !DILocation(line: 9, column: 3, scope: !5)
!9 = !DILocation(line: 10, column: 3, scope: !5)
