/* The one event loop: epoll for file descriptors, a binary min-heap of
 * timers on the monotonic clock, and signalfd for signals. Single-threaded.
 * The loop reads the clocks once per turn; everything called from a turn
 * sees the same `now`, which it passes on to the pure cores. */
#pragma once
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>

struct loop;
struct loop_timer;

typedef void (*loop_fd_cb)(struct loop *l, int fd, uint32_t events, void *ctx);
typedef void (*loop_timer_cb)(struct loop *l, struct loop_timer *t, void *ctx);
typedef void (*loop_signal_cb)(struct loop *l, int signo, void *ctx);

struct loop *loop_new(void);
struct loop *loop_free(struct loop *l);

/* events: EPOLLIN / EPOLLOUT. The fd is not closed by the loop. */
int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *ctx);
int loop_mod_fd(struct loop *l, int fd, uint32_t events);
int loop_del_fd(struct loop *l, int fd);

struct loop_timer *loop_timer_new(struct loop *l, loop_timer_cb cb, void *ctx);
/* Fires once at the given monotonic millisecond (re-arming moves it). */
void loop_timer_arm(struct loop_timer *t, uint64_t deadline_ms);
void loop_timer_disarm(struct loop_timer *t);
bool loop_timer_armed(const struct loop_timer *t);
struct loop_timer *loop_timer_free(struct loop_timer *t);

/* Blocks the signals and delivers them through the loop. */
int loop_add_signal(struct loop *l, int signo, loop_signal_cb cb, void *ctx);

/* Around starting threads (the store's, libmicrohttpd's): they start with
 * every signal blocked, so a signal the loop takes -- also one it is given
 * after they started -- never lands on them. */
void loop_threads_begin(sigset_t *saved);
void loop_threads_end(const sigset_t *saved);

/* Monotonic milliseconds and wall-clock unix seconds, read at the start of
 * the current turn. */
uint64_t loop_now_ms(const struct loop *l);
int64_t loop_wall_time(const struct loop *l);
/* The same wall-clock instant in unix milliseconds (install timelines). */
int64_t loop_wall_ms(const struct loop *l);

/* Runs until loop_stop(); returns 0 or a negative errno. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);
