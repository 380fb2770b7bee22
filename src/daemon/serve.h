#pragma once
/* `pxed serve`: the daemon. Returns the process exit code. */
int serve_main(int argc, char **argv);
