long work_step(int i);
