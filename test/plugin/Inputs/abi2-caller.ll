; Made by the cprof pass of ABI version 2 (commit 1547031, before the
; callee flag) from caller.c with clang 19 -O1, then trimmed to what
; LLVM 14 parses (no datalayout, attributes, loop metadata or uwtable
; flag; PIC Level as Max).
; Used by abi2-objects-link-with-abi3.c; not a test itself.
source_filename = "abi2-caller.c"
target triple = "x86_64-pc-linux-gnu"

%cprof.func_desc = type { ptr, ptr, ptr, i32, i32, i32, i32 }

$__cprof_builtin.puts = comdat any

$__cprof_builtin.scale = comdat any

@.str = private unnamed_addr constant [3 x i8] c"ok\00", align 1
@.str.1 = private unnamed_addr constant [4 x i8] c"bad\00", align 1
@__cprof_str = private unnamed_addr constant [5 x i8] c"main\00", align 1
@__cprof_str.2 = private unnamed_addr constant [14 x i8] c"abi2-caller.c\00", align 1
@__cprof_desc.main = private global %cprof.func_desc { ptr @__cprof_str, ptr @__cprof_str.2, ptr @main, i32 0, i32 0, i32 0, i32 2 }, align 8
@__cprof_active = external global i8
@__cprof_str.3 = private unnamed_addr constant [23 x i8] c"<built-in method puts>\00", align 1
@__cprof_str.4 = private unnamed_addr constant [2 x i8] c"~\00", align 1
@__cprof_builtin.puts = linkonce_odr hidden global %cprof.func_desc { ptr @__cprof_str.3, ptr @__cprof_str.4, ptr @puts, i32 0, i32 1, i32 0, i32 2 }, comdat, align 8
@__cprof_str.5 = private unnamed_addr constant [24 x i8] c"<built-in method scale>\00", align 1
@__cprof_builtin.scale = linkonce_odr hidden global %cprof.func_desc { ptr @__cprof_str.5, ptr @__cprof_str.4, ptr @scale, i32 0, i32 1, i32 0, i32 2 }, comdat, align 8

define dso_local noundef i32 @main() local_unnamed_addr {
entry:
  %cprof.active = load atomic i8, ptr @__cprof_active monotonic, align 1
  %0 = and i8 %cprof.active, 1
  %cprof.on = icmp ne i8 %0, 0
  br i1 %cprof.on, label %1, label %2, !prof !6

1:                                                ; preds = %entry
  call void @__cprof_enter(ptr @__cprof_desc.main)
  br label %2

2:                                                ; preds = %entry, %1
  br label %for.body

for.cond.cleanup:                                 ; preds = %14
  %cmp1 = icmp eq i32 %add, 1498500
  %cond = select i1 %cmp1, ptr @.str, ptr @.str.1
  %cprof.active8 = load atomic i8, ptr @__cprof_active monotonic, align 1
  %3 = and i8 %cprof.active8, 2
  %cprof.on9 = icmp ne i8 %3, 0
  br i1 %cprof.on9, label %4, label %5, !prof !6

4:                                                ; preds = %for.cond.cleanup
  call void @__cprof_builtin_enter(ptr @__cprof_builtin.puts)
  br label %5

5:                                                ; preds = %for.cond.cleanup, %4
  %call2 = tail call i32 @puts(ptr noundef nonnull dereferenceable(1) %cond)
  br i1 %cprof.on9, label %6, label %7, !prof !6

6:                                                ; preds = %5
  call void @__cprof_builtin_exit(ptr @__cprof_builtin.puts)
  br label %7

7:                                                ; preds = %5, %6
  br i1 %cprof.on, label %8, label %9, !prof !6

8:                                                ; preds = %7
  call void @__cprof_exit(ptr @__cprof_desc.main)
  br label %9

9:                                                ; preds = %7, %8
  ret i32 0

for.body:                                         ; preds = %2, %14
  %i.07 = phi i32 [ 0, %2 ], [ %inc, %14 ]
  %s.06 = phi i32 [ 0, %2 ], [ %add, %14 ]
  %cprof.active10 = load atomic i8, ptr @__cprof_active monotonic, align 1
  %10 = and i8 %cprof.active10, 2
  %cprof.on11 = icmp ne i8 %10, 0
  br i1 %cprof.on11, label %11, label %12, !prof !6

11:                                               ; preds = %for.body
  call void @__cprof_builtin_enter(ptr @__cprof_builtin.scale)
  br label %12

12:                                               ; preds = %for.body, %11
  %call = tail call i32 @scale(i32 noundef %i.07)
  br i1 %cprof.on11, label %13, label %14, !prof !6

13:                                               ; preds = %12
  call void @__cprof_builtin_exit(ptr @__cprof_builtin.scale)
  br label %14

14:                                               ; preds = %12, %13
  %add = add nsw i32 %call, %s.06
  %inc = add nuw nsw i32 %i.07, 1
  %exitcond.not = icmp eq i32 %inc, 1000
  br i1 %exitcond.not, label %for.cond.cleanup, label %for.body
}

declare i32 @scale(i32 noundef) local_unnamed_addr

declare noundef i32 @puts(ptr nocapture noundef readonly) local_unnamed_addr

declare void @__cprof_enter(ptr) nounwind nonlazybind

declare void @__cprof_exit(ptr) nounwind nonlazybind

declare void @__cprof_builtin_enter(ptr) nounwind nonlazybind

declare void @__cprof_builtin_exit(ptr) nounwind nonlazybind

!llvm.module.flags = !{!0, !1, !2, !4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 7, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!4 = !{i32 7, !"cprof.prepared", i32 1}
!6 = !{!"branch_weights", i32 1000, i32 1}
