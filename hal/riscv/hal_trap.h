/*
 * hal_trap.h - the register frame trap.S saves on every trap.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_TRAP_H
#define HAL_TRAP_H

#define FRAME_X(n)      ((n) * 8)
#define FRAME_SEPC      (32 * 8)
#define FRAME_SSTATUS   (33 * 8)
#define FRAME_SCAUSE    (34 * 8)
#define FRAME_STVAL     (35 * 8)
#define FRAME_SIZE      (36 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef struct hal_trap_frame_s {
    uint64_t x[32];          /* x[0] unused; x[2] = sp at the trap */
    uint64_t sepc;
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
} hal_trap_frame_t;

_Static_assert(sizeof(hal_trap_frame_t) == FRAME_SIZE, "trap frame layout");

/* Called by trap.S with the saved frame; returns to the trapped code. */
void hal_trap_handler(hal_trap_frame_t *frame);
#endif

#endif
