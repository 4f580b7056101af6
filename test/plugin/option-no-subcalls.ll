; -cprof-subcalls=false marks every descriptor CPROF_DESC_NO_SUBCALLS (2);
; builtin descriptors get a distinct name so that a program mixing both
; settings keeps one descriptor per setting.
; RUN: %cprof_opt -passes=cprof-instrument -cprof-subcalls=false -S %s | FileCheck %s
; RUN: %cprof_opt -passes=cprof-instrument -S %s | FileCheck --check-prefix=ON %s

target triple = "x86_64-pc-linux-gnu"

; CHECK-DAG: @__cprof_desc.f = private global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @f, i32 0, i32 2, i32 0, i32 3 }
; CHECK-DAG: @__cprof_builtin.g.nosub = linkonce_odr hidden global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @g, i32 0, i32 3, i32 0, i32 3 }
; CHECK-DAG: @__cprof_desc._Z1hv = private global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @_Z1hv, i32 0, i32 6, i32 0, i32 3 }
; ON-DAG: @__cprof_desc.f = private global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @f, i32 0, i32 0, i32 0, i32 3 }
; ON-DAG: @__cprof_builtin.g = linkonce_odr hidden global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @g, i32 0, i32 1, i32 0, i32 3 }
; ON-DAG: @__cprof_desc._Z1hv = private global %cprof.func_desc { ptr @{{.*}}, ptr @{{.*}}, ptr @_Z1hv, i32 0, i32 4, i32 0, i32 3 }

declare void @g()
define void @f() nounwind {
  call void @g()
  ret void
}
define void @_Z1hv() nounwind {
  ret void
}
