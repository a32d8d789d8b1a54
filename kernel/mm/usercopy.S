/*
 * kernel/mm/usercopy.S - copies and probes of user memory that may fault.
 *
 * Every stretch of code here that touches a caller-supplied address has an
 * entry in MiUserCopyExTable: (first instruction, end, fixup).  When an
 * instruction in it faults, the kernel's SIGSEGV/SIGBUS handler
 * (kernel/ke/except.c) finds the entry and resumes at the fixup instead of
 * raising an exception, the way Linux's copy_from_user works.  Ranges rather
 * than single instructions, so that an emulator that reports the fault at
 * a later instruction of the same block (valgrind) still finds the fixup.
 * The entries are PC-relative (no relocations at load time), read by
 * MiLookupUserCopyFixup in probe.c.
 */

#define EXTABLE(start, end, fixup)         \
    .pushsection .rodata.ntio_extable, "a"; \
    .balign 4;                              \
    .long (start) - .;                      \
    .long (end) - .;                        \
    .long (fixup) - .;                      \
    .popsection

/* The table's start; the entries follow in assembly order, the end is below. */
    .section .rodata.ntio_extable, "a"
    .balign 4
    .globl MiUserCopyExTable
    .hidden MiUserCopyExTable
MiUserCopyExTable:

    .text

/*
 * SIZE_T MiCopyUserMemory(void *Dst, const void *Src, SIZE_T Length)
 *   rdi = Dst, rsi = Src, rdx = Length; returns the bytes not copied.
 *
 * Up to 16 bytes are moved with plain loads and stores; longer copies with
 * one `rep movsb`.  A fault during it leaves RSI/RDI past
 * the completed part, but a fast-string copy may stop a little before the
 * inaccessible byte; so the fixup finishes byte by byte, and a fault there
 * gives the exact count.  The count is computed from RDI and the original
 * Dst/Length (kept in R8/R9), not from RCX: emulators (valgrind) do not all
 * leave RCX exact when a `rep movsb` faults.
 */
    .globl MiCopyUserMemory
    .type MiCopyUserMemory, @function
    .p2align 4
MiCopyUserMemory:
    .cfi_startproc
    movq %rdi, %r8
    movq %rdx, %r9
    movq %rsi, %r10
    cmpq $16, %rdx
    ja .Lcopy_big
    cmpq $4, %rdx
    jb .Lcopy_bytes
    /* 4..16 bytes (status blocks, small IOCTL buffers): two overlapping
     * loads, then two stores; `rep movsb` costs more to start than this.
     * All loads come before any store, and a fault restarts the copy
     * byte by byte from the beginning, which gives the exact count. */
.Lsmall_begin:
    cmpq $8, %rdx
    jb .Lsmall4
    movq (%rsi), %rax
    movq -8(%rsi,%rdx), %rcx
    movq %rax, (%rdi)
    movq %rcx, -8(%rdi,%rdx)
    xorl %eax, %eax
    ret
.Lsmall4:
    movl (%rsi), %eax
    movl -4(%rsi,%rdx), %ecx
    movl %eax, (%rdi)
    movl %ecx, -4(%rdi,%rdx)
    xorl %eax, %eax
    ret
.Lsmall_end:
.Lsmall_fixup:
    movq %r8, %rdi
    movq %r10, %rsi
.Lcopy_bytes:
    movq %r9, %rcx
    jmp .Lcopy_loop
.Lcopy_big:
    movq %rdx, %rcx
.Lcopy_movs:
    rep movsb
.Lcopy_movs_end:
    xorl %eax, %eax
    ret
.Lcopy_tail:
    movq %r9, %rcx
    addq %r8, %rcx
    subq %rdi, %rcx            /* left = Length - (rdi - Dst) */
.Lcopy_loop:
    testq %rcx, %rcx
    jz .Lcopy_out
    movb (%rsi), %al
    movb %al, (%rdi)
    incq %rsi
    incq %rdi
    decq %rcx
    jmp .Lcopy_loop
.Lcopy_out:
    movq %r9, %rax
    addq %r8, %rax
    subq %rdi, %rax            /* Length - (rdi - Dst) */
    ret
    .cfi_endproc
    .size MiCopyUserMemory, . - MiCopyUserMemory

    EXTABLE(.Lsmall_begin, .Lsmall_end, .Lsmall_fixup)
    EXTABLE(.Lcopy_movs, .Lcopy_movs_end, .Lcopy_tail)
    EXTABLE(.Lcopy_loop, .Lcopy_out, .Lcopy_out)

/*
 * ULONG_PTR MiProbeUserPages(ULONG_PTR First, ULONG_PTR Last, ULONG Write)
 *   rdi = First, rsi = Last (inclusive), edx = Write.
 *   Touches First and the first byte of each following page up to Last;
 *   returns 0, or the address that faulted.  Writes are `lock orb $0`,
 *   which changes nothing and cannot lose a concurrent store.
 */
    .globl MiProbeUserPages
    .type MiProbeUserPages, @function
    .p2align 4
MiProbeUserPages:
    .cfi_startproc
.Lprobe_start:
    testl %edx, %edx
    jnz .Lprobe_write
.Lprobe_read:
    movb (%rdi), %al
    andq $-4096, %rdi
    addq $4096, %rdi
    cmpq %rsi, %rdi
    jbe .Lprobe_read
    xorl %eax, %eax
    ret
.Lprobe_write:
    lock orb $0, (%rdi)
    andq $-4096, %rdi
    addq $4096, %rdi
    cmpq %rsi, %rdi
    jbe .Lprobe_write
    xorl %eax, %eax
    ret
.Lprobe_fault:
    movq %rdi, %rax
    ret
    .cfi_endproc
    .size MiProbeUserPages, . - MiProbeUserPages

    EXTABLE(.Lprobe_start, .Lprobe_fault, .Lprobe_fault)

/* The table's end. */
    .section .rodata.ntio_extable, "a"
    .balign 4
    .globl MiUserCopyExTableEnd
    .hidden MiUserCopyExTableEnd
MiUserCopyExTableEnd:

    .section .note.GNU-stack, "", @progbits
