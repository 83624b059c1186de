// Two wheel encoders on gpio-sim lines, turning: drives each wheel's A and B lines through the
// simulator's sysfs "pull" attributes in x4 quadrature (A leads B when turning forward:
// AB 00 -> 10 -> 11 -> 01) at a fixed edge rate per wheel, on an absolute clock so the average
// rate is exact however late a single edge is.
//
//   quadrature-motion SIM_SYSFS_DIR LEFT_A LEFT_B RIGHT_A RIGHT_B LEFT_EDGES_PER_S RIGHT_EDGES_PER_S COUNTS_FILE
//
// COUNTS_FILE always holds "LEFT_EDGES RIGHT_EDGES" made so far: the motion actually emulated,
// which on a busy host falls behind the nominal rates for a while.
// SIM_SYSFS_DIR is the chip's sysfs folder (/sys/devices/platform/gpio-sim.0/gpiochip0), whose
// sim_gpioN/pull sets what the line reads. SIGUSR1 makes each wheel's next step illegal: both
// channels change at once, as when the decoder missed an edge, ten steps in a row.
// An edge that is late (this program was not scheduled: an emulated CPU on a busy host) is still
// made, so the count stays exact, but never closer than MIN_GAP_NS to the wheel's previous edge:
// a catch-up burst of edges microseconds apart is itself an illegal sequence for any decoder.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MIN_GAP_NS 30000000L

typedef struct {
    int pull_a, pull_b; // open sim_gpioN/pull files
    int state;          // AB = A << 1 | B
    long period_ns;     // between edges
    struct timespec next; // scheduled time of the next edge
    struct timespec last; // when the previous edge was made
    int illegal_left;   // steps still to skip two states at once
    long edges;         // made so far (a skipped state counts as the one edge the decoder sees)
} wheel;

static volatile sig_atomic_t illegal_requested;
static void request_illegal(int signal) { (void)signal; illegal_requested = 1; }

static int open_pull(const char *dir, int line) {
    char path[256];
    snprintf(path, sizeof path, "%s/sim_gpio%d/pull", dir, line);
    int fd = open(path, O_WRONLY);
    if (fd < 0) { perror(path); exit(1); }
    return fd;
}

static void set_line(int fd, int level) {
    const char *value = level ? "pull-up" : "pull-down";
    if (pwrite(fd, value, strlen(value), 0) < 0) { perror("pull"); exit(1); }
}

static void add_ns(struct timespec *t, long ns) {
    t->tv_nsec += ns;
    while (t->tv_nsec >= 1000000000L) { t->tv_nsec -= 1000000000L; t->tv_sec++; }
}

static int before(const struct timespec *a, const struct timespec *b) {
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

// Forward order of AB states: 00, 10, 11, 01 (indices into this table give the next state).
static const int forward[4] = { /* 00 -> */ 2, /* 01 -> */ 0, /* 10 -> */ 3, /* 11 -> */ 1 };

static void step(wheel *w) {
    int next = forward[w->state];
    if (w->illegal_left > 0) { next = forward[next]; w->illegal_left--; } // skip one: A and B both change
    if (((next ^ w->state) & 2) != 0) set_line(w->pull_a, next >> 1);
    if (((next ^ w->state) & 1) != 0) set_line(w->pull_b, next & 1);
    w->state = next;
    w->edges++;
    add_ns(&w->next, w->period_ns);
    clock_gettime(CLOCK_MONOTONIC, &w->last);
}

// When the wheel's next edge may be made: on schedule, but at least MIN_GAP_NS after the last one.
static struct timespec due_time(const wheel *w) {
    struct timespec earliest = w->last;
    add_ns(&earliest, MIN_GAP_NS);
    return before(&w->next, &earliest) ? earliest : w->next;
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: %s SIM_SYSFS_DIR LEFT_A LEFT_B RIGHT_A RIGHT_B LEFT_EDGES_PER_S RIGHT_EDGES_PER_S COUNTS_FILE\n", argv[0]);
        return 2;
    }
    wheel wheels[2];
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (int i = 0; i < 2; i++) {
        double rate = atof(argv[6 + i]);
        if (rate <= 0) { fprintf(stderr, "quadrature-motion: edge rates must be positive\n"); return 2; }
        wheels[i] = (wheel){ open_pull(argv[1], atoi(argv[2 + 2 * i])), open_pull(argv[1], atoi(argv[3 + 2 * i])), 0, (long)(1e9 / rate), now, now, 0, 0 };
        set_line(wheels[i].pull_a, 0);
        set_line(wheels[i].pull_b, 0);
    }
    int counts = open(argv[8], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (counts < 0) { perror(argv[8]); return 1; }
    signal(SIGUSR1, request_illegal);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("quadrature-motion: left %s edges/s, right %s edges/s\n", argv[6], argv[7]);

    for (;;) {
        if (illegal_requested) {
            illegal_requested = 0;
            wheels[0].illegal_left = wheels[1].illegal_left = 10;
            printf("quadrature-motion: next 10 steps of each wheel skip a state (illegal)\n");
        }
        struct timespec at[2] = { due_time(&wheels[0]), due_time(&wheels[1]) };
        int first = before(&at[0], &at[1]) ? 0 : 1;
        wheel *due = &wheels[first];
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at[first], NULL) == EINTR) {
            if (illegal_requested) break;
        }
        if (!illegal_requested) {
            step(due);
            char line[64];
            int length = snprintf(line, sizeof line, "%ld %ld\n", wheels[0].edges, wheels[1].edges);
            if (ftruncate(counts, 0) < 0 || pwrite(counts, line, (size_t)length, 0) < 0) { perror("counts"); return 1; }
        }
    }
}
