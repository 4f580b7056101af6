; Made by the cprof pass of ABI version 2 (commit 1547031, before the
; callee flag) from callee.c with clang 19 -O1, then trimmed to what
; LLVM 14 parses (no datalayout, attributes, loop metadata or uwtable
; flag; PIC Level as Max).
; Used by abi2-objects-link-with-abi3.c; not a test itself.
source_filename = "abi2-callee.c"
target triple = "x86_64-pc-linux-gnu"

%cprof.func_desc = type { ptr, ptr, ptr, i32, i32, i32, i32 }

@__cprof_str = private unnamed_addr constant [6 x i8] c"scale\00", align 1
@__cprof_str.1 = private unnamed_addr constant [14 x i8] c"abi2-callee.c\00", align 1
@__cprof_desc.scale = private global %cprof.func_desc { ptr @__cprof_str, ptr @__cprof_str.1, ptr @scale, i32 0, i32 0, i32 0, i32 2 }, align 8
@__cprof_active = external global i8

define dso_local i32 @scale(i32 noundef %0) local_unnamed_addr {
  %2 = load atomic i8, ptr @__cprof_active monotonic, align 1
  %3 = and i8 %2, 1
  %4 = icmp ne i8 %3, 0
  br i1 %4, label %5, label %6, !prof !6

5:                                                ; preds = %1
  call void @__cprof_enter(ptr @__cprof_desc.scale)
  br label %6

6:                                                ; preds = %1, %5
  %7 = mul nsw i32 %0, 3
  br i1 %4, label %8, label %9, !prof !6

8:                                                ; preds = %6
  call void @__cprof_exit(ptr @__cprof_desc.scale)
  br label %9

9:                                                ; preds = %6, %8
  ret i32 %7
}

declare void @__cprof_enter(ptr) nounwind nonlazybind

declare void @__cprof_exit(ptr) nounwind nonlazybind

!llvm.module.flags = !{!0, !1, !2, !4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 7, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!4 = !{i32 7, !"cprof.prepared", i32 1}
!6 = !{!"branch_weights", i32 1000, i32 1}
