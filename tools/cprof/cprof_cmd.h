/* Subcommands of the `cprof` command, one file each (cprof_<name>.c). */
#ifndef CPROF_CMD_H
#define CPROF_CMD_H

/* Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit status. */
int cprof_cmd_run(int argc, char **argv);
int cprof_cmd_calibrate(int argc, char **argv);

#endif
