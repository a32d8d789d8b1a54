/*
 * test_mdl.c - memory descriptor lists: IoAllocateMdl's limits and
 * chaining, MmSizeOfMdl, MmBuildMdlForNonPagedPool, MmProbeAndLockPages on
 * good, unmapped and read-only memory, partial MDLs, KernelMode and
 * UserMode mappings (a real second view of the same pages), and the bug
 * checks for mapping unlocked pages and unmapping a wrong address.
 */
#include <sys/mman.h>
#include "kmtest.h"
#include "ex/ex.h"

static void TestAllocate(void)
{
    char Buffer[100];
    CHECK(IoAllocateMdl(Buffer, 0, FALSE, FALSE, NULL) == NULL); /* zero length */
    CHECK(IoAllocateMdl(Buffer, 0xFFFFF001U, FALSE, FALSE, NULL) == NULL); /* over 4 GB - PAGE_SIZE */
    PMDL Mdl = IoAllocateMdl((PVOID)0x10000FF0, 0x20, FALSE, FALSE, NULL);
    CHECK(Mdl != NULL);
    CHECK_EQ(Mdl->ByteOffset, 0xFF0);
    CHECK_EQ(Mdl->ByteCount, 0x20);
    CHECK(Mdl->StartVa == (PVOID)0x10000000);
    CHECK_EQ(Mdl->Size, sizeof(MDL) + 2 * sizeof(PFN_NUMBER)); /* spans two pages */
    CHECK_EQ(MmSizeOfMdl((PVOID)0x10000FF0, 0x20), sizeof(MDL) + 2 * sizeof(PFN_NUMBER));
    CHECK(MmGetMdlVirtualAddress(Mdl) == (PVOID)0x10000FF0);
    IoFreeMdl(Mdl);

    /* Chaining to an IRP: the first replaces MdlAddress, secondaries append. */
    PIRP Irp = IoAllocateIrp(1, FALSE);
    PMDL A = IoAllocateMdl(Buffer, 10, FALSE, FALSE, Irp);
    PMDL B = IoAllocateMdl(Buffer + 10, 10, TRUE, FALSE, Irp);
    PMDL C = IoAllocateMdl(Buffer + 20, 10, TRUE, FALSE, Irp);
    CHECK(Irp->MdlAddress == A && A->Next == B && B->Next == C && C->Next == NULL);
    IoFreeMdl(A);
    IoFreeMdl(B);
    IoFreeMdl(C);
    IoFreeIrp(Irp);
}

static void TestNonPagedPool(void)
{
    PUCHAR Pool = ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, TAG('M', 'd', 'l', 'T'));
    PMDL Mdl = IoAllocateMdl(Pool + 100, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    CHECK(Mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
    CHECK(MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority) == Pool + 100);
    PPFN_NUMBER Pfn = MmGetMdlPfnArray(Mdl);
    CHECK_EQ(Pfn[1], Pfn[0] + 1);

    /* A UserMode mapping is the same physical pages at another address. */
    PUCHAR View = MmMapLockedPagesSpecifyCache(Mdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority);
    CHECK(View != NULL && View != Pool + 100);
    CHECK_EQ(BYTE_OFFSET(View), 100);
    Pool[100] = 0x5A;
    CHECK_EQ(View[0], 0x5A);
    View[PAGE_SIZE] = 0x77; /* the second page too */
    CHECK_EQ(Pool[100 + PAGE_SIZE], 0x77);
    MmUnmapLockedPages(View, Mdl);

    /* A partial MDL of the middle: its own offset and PFNs, mapped via the source. */
    PMDL Part = IoAllocateMdl(Pool + PAGE_SIZE + 8, 64, FALSE, FALSE, NULL);
    IoBuildPartialMdl(Mdl, Part, Pool + PAGE_SIZE + 8, 64);
    CHECK(Part->MdlFlags & MDL_PARTIAL);
    CHECK_EQ(Part->ByteOffset, 8);
    CHECK_EQ(MmGetMdlPfnArray(Part)[0], Pfn[1]);
    CHECK(MmGetSystemAddressForMdlSafe(Part, NormalPagePriority) == Pool + PAGE_SIZE + 8);
    IoFreeMdl(Part);
    IoFreeMdl(Mdl);
    ExFreePool(Pool);
}

/* MmProbeAndLockPages raises on a bad buffer: its status, or success. */
static NTSTATUS TryProbeAndLock(PMDL Mdl, KPROCESSOR_MODE Mode, LOCK_OPERATION Operation)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    __try {
        MmProbeAndLockPages(Mdl, Mode, Operation);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

static void TestProbeAndLock(void)
{
    PUCHAR Pages = mmap(NULL, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile NTSTATUS Status;
    PMDL Mdl = IoAllocateMdl(Pages + 10, 2 * PAGE_SIZE, FALSE, FALSE, NULL);

    Status = TryProbeAndLock(Mdl, UserMode, IoWriteAccess);
    CHECK_EQ(Status, STATUS_SUCCESS);
    CHECK(Mdl->MdlFlags & MDL_PAGES_LOCKED);
    CHECK(Mdl->MdlFlags & MDL_WRITE_OPERATION);
    PUCHAR Sys = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
    CHECK(Sys != NULL);
    Sys[0] = 3;
    CHECK_EQ(Pages[10], 3);
    /* Private application memory has no second view. */
    Status = STATUS_SUCCESS;
    __try {
        MmMapLockedPagesSpecifyCache(Mdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    CHECK_EQ(Status, STATUS_INSUFFICIENT_RESOURCES);
    MmUnlockPages(Mdl);
    CHECK(!(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA)));
    IoFreeMdl(Mdl);

    /* Read-only memory: a read lock works, a write lock raises. */
    mprotect(Pages + PAGE_SIZE, PAGE_SIZE, PROT_READ);
    Mdl = IoAllocateMdl(Pages, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    Status = TryProbeAndLock(Mdl, UserMode, IoReadAccess);
    CHECK_EQ(Status, STATUS_SUCCESS);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
    Mdl = IoAllocateMdl(Pages, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    Status = TryProbeAndLock(Mdl, UserMode, IoModifyAccess);
    CHECK_EQ(Status, STATUS_ACCESS_VIOLATION);
    CHECK(!(Mdl->MdlFlags & MDL_PAGES_LOCKED));
    IoFreeMdl(Mdl);

    /* Unmapped memory and kernel-range addresses raise. */
    munmap(Pages + 2 * PAGE_SIZE, PAGE_SIZE);
    Mdl = IoAllocateMdl(Pages + PAGE_SIZE, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    Status = TryProbeAndLock(Mdl, UserMode, IoReadAccess);
    CHECK_EQ(Status, STATUS_ACCESS_VIOLATION);
    IoFreeMdl(Mdl);
    Mdl = IoAllocateMdl((PVOID)0xFFFF800000001000ULL, 16, FALSE, FALSE, NULL);
    Status = TryProbeAndLock(Mdl, UserMode, IoReadAccess);
    CHECK_EQ(Status, STATUS_ACCESS_VIOLATION);
    IoFreeMdl(Mdl);
    munmap(Pages, 2 * PAGE_SIZE);
}

static void MapUnlocked(void)
{
    char Buffer[64];
    PMDL Mdl = IoAllocateMdl(Buffer, sizeof Buffer, FALSE, FALSE, NULL);
    MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, NormalPagePriority);
}

static void UnmapWrongAddress(void)
{
    PUCHAR Pool = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, TAG('M', 'd', 'l', 'T'));
    PMDL Mdl = IoAllocateMdl(Pool, PAGE_SIZE, FALSE, FALSE, NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    PUCHAR View = MmMapLockedPagesSpecifyCache(Mdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority);
    MmUnmapLockedPages(View + PAGE_SIZE, Mdl);
}

static void TestBugChecks(void)
{
    CHECK_DIED_OF(KmRunChild(MapUnlocked), SIGABRT);
    CHECK_HAS(KmReport, "0x0000004E (PFN_LIST_CORRUPT)");
    CHECK_DIED_OF(KmRunChild(UnmapWrongAddress), SIGABRT);
    CHECK_HAS(KmReport, "0x00000081");
}

int main(void)
{
    TestAllocate();
    TestNonPagedPool();
    TestProbeAndLock();
    TestBugChecks();
    return test_summary("test_mdl");
}
