/*
 * kernel/mm/usercopy.S - copies and probes of user memory that may fault.
 *
 * Every instruction here that touches a caller-supplied address has an
 * entry in MiUserCopyExTable: (faulting instruction, fixup).  When one of
 * them faults, the kernel's SIGSEGV/SIGBUS handler (kernel/ke/except.c)
 * finds the entry and resumes at the fixup instead of raising an exception,
 * the way Linux's copy_from_user works.  The entries are PC-relative (no
 * relocations at load time), read by MiLookupUserCopyFixup in probe.c.
 */

#define EXTABLE(insn, fixup)               \
    .pushsection .rodata.ntio_extable, "a"; \
    .balign 4;                              \
    .long (insn) - .;                       \
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
 * The fast path is one `rep movsb`.  A fault during it leaves RCX/RSI/RDI
 * describing the completed part, but a fast-string copy may stop a little
 * before the inaccessible byte; so the fixup finishes byte by byte, and a
 * fault there gives the exact count.
 */
    .globl MiCopyUserMemory
    .type MiCopyUserMemory, @function
    .p2align 4
MiCopyUserMemory:
    .cfi_startproc
    movq %rdx, %rcx
.Lcopy_movs:
    rep movsb
    movq %rcx, %rax
    ret
.Lcopy_tail:
    testq %rcx, %rcx
    jz .Lcopy_out
.Lcopy_load:
    movb (%rsi), %al
.Lcopy_store:
    movb %al, (%rdi)
    incq %rsi
    incq %rdi
    decq %rcx
    jmp .Lcopy_tail
.Lcopy_out:
    movq %rcx, %rax
    ret
    .cfi_endproc
    .size MiCopyUserMemory, . - MiCopyUserMemory

    EXTABLE(.Lcopy_movs, .Lcopy_tail)
    EXTABLE(.Lcopy_load, .Lcopy_out)
    EXTABLE(.Lcopy_store, .Lcopy_out)

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

    EXTABLE(.Lprobe_read, .Lprobe_fault)
    EXTABLE(.Lprobe_write, .Lprobe_fault)

/* The table's end. */
    .section .rodata.ntio_extable, "a"
    .balign 4
    .globl MiUserCopyExTableEnd
    .hidden MiUserCopyExTableEnd
MiUserCopyExTableEnd:

    .section .note.GNU-stack, "", @progbits
