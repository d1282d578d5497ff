/*
 * peer.h - has the client of a connection gone away?  serve asks this of a
 * suspended connection while its request waits or runs, so that work for
 * nobody stops (lf_db_set_limits' cancel check).  A header of its own so
 * that tests can ask it of sockets they control (tests/test_serve_dos.c).
 */
#ifndef LF_PEER_H
#define LF_PEER_H

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000 /* Linux's; <poll.h> names it with _GNU_SOURCE only */
#endif

/* 1 if the peer of the connected socket fd has closed or reset it, else 0;
 * never blocks, never consumes a byte.
 *
 * Decisions: a reset or an error is gone.  An orderly close (FIN) with
 * nothing left unread is gone, even if the client only shut down its
 * sending side: it can no longer send the rest of a conversation, and
 * nginx takes it so too (a 499).  Unread bytes (a pipelined or keep-alive
 * request) are not a disconnect, even with a FIN behind them: a 0-byte
 * peek cannot see past them, and a client that pipelined a request may
 * still read our answers, so the work goes on. */
static inline int peer_gone(int fd)
{
	struct pollfd p;
	char c;
	ssize_t k;

	if (fd < 0)
		return 0;
	p.fd = fd;
	p.events = POLLIN | POLLRDHUP;
	p.revents = 0;
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
		return 1;
	if (!(p.revents & POLLRDHUP))
		return 0;
	k = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

#endif
