; Made by the cprof pass of ABI version 2 (plugin/CprofInstrument.cpp of commit
; 1547031, before the callee flag, built for LLVM 14) with clang-14 -O1 -S
; -emit-llvm from abi2-callee.c (its source is in abi2-objects-link-with-abi3.c).
; Typed pointers: LLVM 14 and 19 both read them. Not a test itself.
; ModuleID = 'abi2-callee.c'
source_filename = "abi2-callee.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%cprof.func_desc = type { i8*, i8*, i8*, i32, i32, i32, i32 }

@__cprof_str = private unnamed_addr constant [6 x i8] c"scale\00", align 1
@__cprof_str.1 = private unnamed_addr constant [14 x i8] c"abi2-callee.c\00", align 1
@__cprof_desc.scale = private global %cprof.func_desc { i8* getelementptr inbounds ([6 x i8], [6 x i8]* @__cprof_str, i32 0, i32 0), i8* getelementptr inbounds ([14 x i8], [14 x i8]* @__cprof_str.1, i32 0, i32 0), i8* bitcast (i32 (i32)* @scale to i8*), i32 0, i32 0, i32 0, i32 2 }, align 8
@__cprof_active = external global i8

; Function Attrs: mustprogress nofree norecurse nosync nounwind readnone uwtable willreturn
define dso_local i32 @scale(i32 noundef %0) local_unnamed_addr #0 {
  %2 = load atomic i8, i8* @__cprof_active monotonic, align 1
  %3 = and i8 %2, 1
  %4 = icmp ne i8 %3, 0
  br i1 %4, label %5, label %6, !prof !6

5:                                                ; preds = %1
  call void @__cprof_enter(i8* bitcast (%cprof.func_desc* @__cprof_desc.scale to i8*))
  br label %6

6:                                                ; preds = %1, %5
  %7 = mul nsw i32 %0, 3
  br i1 %4, label %8, label %9, !prof !6

8:                                                ; preds = %6
  call void @__cprof_exit(i8* bitcast (%cprof.func_desc* @__cprof_desc.scale to i8*))
  br label %9

9:                                                ; preds = %6, %8
  ret i32 %7
}

; Function Attrs: nounwind nonlazybind
declare void @__cprof_enter(i8*) #1

; Function Attrs: nounwind nonlazybind
declare void @__cprof_exit(i8*) #1

attributes #0 = { mustprogress nofree norecurse nosync nounwind readnone uwtable willreturn "cprof-instrumented" "frame-pointer"="none" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nounwind nonlazybind }

!llvm.module.flags = !{!0, !1, !2, !3, !4}
!llvm.ident = !{!5}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 7, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 1}
!4 = !{i32 7, !"cprof.prepared", i32 1}
!5 = !{!"Debian clang version 14.0.6"}
!6 = !{!"branch_weights", i32 1000, i32 1}
