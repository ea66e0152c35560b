/*
 * monitor.h - a line-oriented kernel console, until user space exists:
 * "help", "stat" (per cluster and per core statistics), "halt".
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef MONITOR_H
#define MONITOR_H

/* Takes the bytes the console received since the last call and runs every
 * complete line.  Called by the core that takes the console's interrupts,
 * from its idle loop. */
void monitor_poll(void);

#endif
