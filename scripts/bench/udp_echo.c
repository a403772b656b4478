/*
 * UDP echo peer for benchmarks, in C: THREADS threads (default 1), each with its own
 * SO_REUSEPORT socket, a blocking recvfrom and a sendto per datagram, which is the least
 * work a datagram echo can be done with without batching. It shows what the machine
 * itself allows rather than what a framework costs.
 *
 *   udp_echo [-H HOST] PORT [THREADS]        (HOST default 127.0.0.1; stops on SIGTERM)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_storage bind_addr;
static socklen_t bind_len;

static int open_socket(void) {
    int fd = socket(bind_addr.ss_family, SOCK_DGRAM, 0), one = 1, rcvbuf = 2 << 20;
    if (fd < 0) { perror("socket"); exit(1); }
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (bind(fd, (struct sockaddr *) &bind_addr, bind_len) < 0) { perror("bind"); exit(1); }
    return fd;
}

static void *serve(void *arg) {
    int fd = (int) (long) arg;
    static __thread char buf[65536];
    for (;;) {
        struct sockaddr_storage from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
        if (n < 0) continue;
        sendto(fd, buf, (size_t) n, 0, (struct sockaddr *) &from, len);
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int arg = 1;
    if (argc > 2 && strcmp(argv[1], "-H") == 0) { host = argv[2]; arg = 3; }
    if (argc <= arg) { fprintf(stderr, "usage: %s [-H HOST] PORT [THREADS]\n", argv[0]); return 2; }
    int port = atoi(argv[arg]), threads = argc > arg + 1 ? atoi(argv[arg + 1]) : 1;
    memset(&bind_addr, 0, sizeof bind_addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *) &bind_addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &bind_addr;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET; v4->sin_port = htons(port); bind_len = sizeof *v4;
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6; v6->sin6_port = htons(port); bind_len = sizeof *v6;
    } else { fprintf(stderr, "bad host %s\n", host); return 2; }
    for (int i = 1; i < threads; i++) {
        pthread_t t;
        pthread_create(&t, NULL, serve, (void *) (long) open_socket());
    }
    printf("udp echo (C, %d thread(s)) on %s:%d\n", threads, host, port);
    fflush(stdout);
    serve((void *) (long) open_socket());
    return 0;
}
