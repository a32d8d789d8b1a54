/*
 * ke/irql.c - interrupt request levels.  Each thread carries its own IRQL;
 * raising and lowering are bookkeeping plus the rule checks Windows makes
 * (bug check 0x9 / 0xA when a driver raises down or lowers up).
 */
#include "ke.h"

#define IRQL_NOT_GREATER_OR_EQUAL 0x00000009
#define IRQL_NOT_LESS_OR_EQUAL 0x0000000A

NTIO_EXPORT KIRQL KeGetCurrentIrql(VOID)
{
    return KiGetCurrentThread()->Irql;
}

NTIO_EXPORT VOID KfRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
    PKTHREAD Thread = KiGetCurrentThread();
    KIRQL Current = Thread->Irql;
    if (NewIrql < Current)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, Current, NewIrql, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    Thread->Irql = NewIrql;
    *OldIrql = Current;
}

NTIO_EXPORT VOID KeLowerIrql(KIRQL NewIrql)
{
    PKTHREAD Thread = KiGetCurrentThread();
    if (NewIrql > Thread->Irql)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, Thread->Irql, NewIrql, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    Thread->Irql = NewIrql;
    if (NewIrql < APC_LEVEL)
        KiCheckKernelApcs(Thread); /* APCs held off by the raised IRQL run now */
}

NTIO_EXPORT KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
    KIRQL Old;
    KfRaiseIrql(DISPATCH_LEVEL, &Old);
    return Old;
}
