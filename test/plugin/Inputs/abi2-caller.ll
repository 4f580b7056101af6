; Made by the cprof pass of ABI version 2 (plugin/CprofInstrument.cpp of commit
; 1547031, before the callee flag, built for LLVM 14) with clang-14 -O1 -S
; -emit-llvm from abi2-caller.c (its source is in abi2-objects-link-with-abi3.c).
; Typed pointers: LLVM 14 and 19 both read them. Not a test itself.
; ModuleID = 'abi2-caller.c'
source_filename = "abi2-caller.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%cprof.func_desc = type { i8*, i8*, i8*, i32, i32, i32, i32 }

$__cprof_builtin.puts = comdat any

$__cprof_builtin.scale = comdat any

@.str = private unnamed_addr constant [3 x i8] c"ok\00", align 1
@.str.1 = private unnamed_addr constant [4 x i8] c"bad\00", align 1
@__cprof_str = private unnamed_addr constant [5 x i8] c"main\00", align 1
@__cprof_str.2 = private unnamed_addr constant [14 x i8] c"abi2-caller.c\00", align 1
@__cprof_desc.main = private global %cprof.func_desc { i8* getelementptr inbounds ([5 x i8], [5 x i8]* @__cprof_str, i32 0, i32 0), i8* getelementptr inbounds ([14 x i8], [14 x i8]* @__cprof_str.2, i32 0, i32 0), i8* bitcast (i32 ()* @main to i8*), i32 0, i32 0, i32 0, i32 2 }, align 8
@__cprof_active = external global i8
@__cprof_str.3 = private unnamed_addr constant [23 x i8] c"<built-in method puts>\00", align 1
@__cprof_str.4 = private unnamed_addr constant [2 x i8] c"~\00", align 1
@__cprof_builtin.puts = linkonce_odr hidden global %cprof.func_desc { i8* getelementptr inbounds ([23 x i8], [23 x i8]* @__cprof_str.3, i32 0, i32 0), i8* getelementptr inbounds ([2 x i8], [2 x i8]* @__cprof_str.4, i32 0, i32 0), i8* bitcast (i32 (i8*)* @puts to i8*), i32 0, i32 1, i32 0, i32 2 }, comdat, align 8
@__cprof_str.5 = private unnamed_addr constant [24 x i8] c"<built-in method scale>\00", align 1
@__cprof_builtin.scale = linkonce_odr hidden global %cprof.func_desc { i8* getelementptr inbounds ([24 x i8], [24 x i8]* @__cprof_str.5, i32 0, i32 0), i8* getelementptr inbounds ([2 x i8], [2 x i8]* @__cprof_str.4, i32 0, i32 0), i8* bitcast (i32 (i32)* @scale to i8*), i32 0, i32 1, i32 0, i32 2 }, comdat, align 8

; Function Attrs: nounwind uwtable
define dso_local i32 @main() local_unnamed_addr #0 {
  %1 = load atomic i8, i8* @__cprof_active monotonic, align 1
  %2 = and i8 %1, 1
  %3 = icmp ne i8 %2, 0
  br i1 %3, label %4, label %5, !prof !6

4:                                                ; preds = %0
  call void @__cprof_enter(i8* bitcast (%cprof.func_desc* @__cprof_desc.main to i8*))
  br label %5

5:                                                ; preds = %0, %4
  br label %19

6:                                                ; preds = %29
  %7 = icmp eq i32 %30, 1498500
  %8 = select i1 %7, i8* getelementptr inbounds ([3 x i8], [3 x i8]* @.str, i64 0, i64 0), i8* getelementptr inbounds ([4 x i8], [4 x i8]* @.str.1, i64 0, i64 0)
  %9 = load atomic i8, i8* @__cprof_active monotonic, align 1
  %10 = and i8 %9, 2
  %11 = icmp ne i8 %10, 0
  br i1 %11, label %12, label %13, !prof !6

12:                                               ; preds = %6
  call void @__cprof_builtin_enter(i8* bitcast (%cprof.func_desc* @__cprof_builtin.puts to i8*))
  br label %13

13:                                               ; preds = %6, %12
  %14 = call i32 @puts(i8* noundef nonnull dereferenceable(1) %8)
  br i1 %11, label %15, label %16, !prof !6

15:                                               ; preds = %13
  call void @__cprof_builtin_exit(i8* bitcast (%cprof.func_desc* @__cprof_builtin.puts to i8*))
  br label %16

16:                                               ; preds = %13, %15
  br i1 %3, label %17, label %18, !prof !6

17:                                               ; preds = %16
  call void @__cprof_exit(i8* bitcast (%cprof.func_desc* @__cprof_desc.main to i8*))
  br label %18

18:                                               ; preds = %16, %17
  ret i32 0

19:                                               ; preds = %5, %29
  %20 = phi i32 [ 0, %5 ], [ %31, %29 ]
  %21 = phi i32 [ 0, %5 ], [ %30, %29 ]
  %22 = load atomic i8, i8* @__cprof_active monotonic, align 1
  %23 = and i8 %22, 2
  %24 = icmp ne i8 %23, 0
  br i1 %24, label %25, label %26, !prof !6

25:                                               ; preds = %19
  call void @__cprof_builtin_enter(i8* bitcast (%cprof.func_desc* @__cprof_builtin.scale to i8*))
  br label %26

26:                                               ; preds = %19, %25
  %27 = call i32 @scale(i32 noundef %20) #4
  br i1 %24, label %28, label %29, !prof !6

28:                                               ; preds = %26
  call void @__cprof_builtin_exit(i8* bitcast (%cprof.func_desc* @__cprof_builtin.scale to i8*))
  br label %29

29:                                               ; preds = %26, %28
  %30 = add nsw i32 %27, %21
  %31 = add nuw nsw i32 %20, 1
  %32 = icmp eq i32 %31, 1000
  br i1 %32, label %6, label %19, !llvm.loop !7
}

declare i32 @scale(i32 noundef) local_unnamed_addr #1

; Function Attrs: nofree nounwind
declare noundef i32 @puts(i8* nocapture noundef readonly) local_unnamed_addr #2

; Function Attrs: nounwind nonlazybind
declare void @__cprof_enter(i8*) #3

; Function Attrs: nounwind nonlazybind
declare void @__cprof_exit(i8*) #3

; Function Attrs: nounwind nonlazybind
declare void @__cprof_builtin_enter(i8*) #3

; Function Attrs: nounwind nonlazybind
declare void @__cprof_builtin_exit(i8*) #3

attributes #0 = { nounwind uwtable "cprof-instrumented" "frame-pointer"="none" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { "frame-pointer"="none" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { nofree nounwind "frame-pointer"="none" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nounwind nonlazybind }
attributes #4 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3, !4}
!llvm.ident = !{!5}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 7, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 1}
!4 = !{i32 7, !"cprof.prepared", i32 1}
!5 = !{!"Debian clang version 14.0.6"}
!6 = !{!"branch_weights", i32 1000, i32 1}
!7 = distinct !{!7, !8, !9}
!8 = !{!"llvm.loop.mustprogress"}
!9 = !{!"llvm.loop.unroll.disable"}
