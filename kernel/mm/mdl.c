/*
 * mm/mdl.c - memory descriptor lists.
 *
 * An MDL describes a virtually contiguous buffer by its pages.  ntio's
 * "page frame numbers" are virtual page numbers of the kernel's own address
 * space (the embedded kernel shares it with the application), which gives
 * every MDL operation a real meaning:
 *  - MmProbeAndLockPages checks that each page is accessible for the
 *    requested operation and raises STATUS_ACCESS_VIOLATION otherwise;
 *  - a KernelMode mapping is the described address itself;
 *  - a UserMode mapping is a second view of the same physical pages at a
 *    new address (a second mmap of ntio's physical memory, mm/shared.c), so
 *    writes through either address are seen through the other.  All of
 *    nonpaged pool is physical memory for this reason (see ex/pool.c).
 */
#include "mm.h"
#include "usercopy.h"
#include "ex/ex.h"
#include "ke/ke.h"
#include "ps/ps.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

#define TAG_MDL TAG('M', 'd', 'l', ' ')
#define MAX_MDL_LENGTH ((ULONGLONG)0xFFFFFFFFULL - PAGE_SIZE + 1) /* 4 GB - PAGE_SIZE (Windows 7+) */
#define PFN_LIST_CORRUPT 0x0000004E
#define NO_MORE_SYSTEM_PTES 0x0000003F
#define DRIVER_UNMAPPING_INVALID_VIEW 0x00000081

/* User views made by MmMapLockedPagesSpecifyCache(UserMode). */
typedef struct _MI_USER_VIEW {
    LIST_ENTRY Link;
    PVOID Base;        /* page-aligned user address */
    SIZE_T Size;
    PMDL Mdl;
} MI_USER_VIEW;

static LIST_ENTRY MiUserViews = { &MiUserViews, &MiUserViews };
static pthread_mutex_t MiUserViewLock = PTHREAD_MUTEX_INITIALIZER;

NTIO_EXPORT SIZE_T MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
    return sizeof(MDL) + sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length);
}

NTIO_EXPORT PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
                               BOOLEAN ChargeQuota, PIRP Irp)
{
    UNREFERENCED_PARAMETER(ChargeQuota);
    if (Length == 0 || (ULONGLONG)Length > MAX_MDL_LENGTH)
        return NULL;
    SIZE_T Size = MmSizeOfMdl(VirtualAddress, Length);
    PMDL Mdl = ExpAllocatePool(NonPagedPool, Size, TAG_MDL, __builtin_return_address(0));
    if (!Mdl)
        return NULL;
    MmInitializeMdl(Mdl, VirtualAddress, Length);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = NULL;
    if (Irp) {
        if (!SecondaryBuffer) {
            Irp->MdlAddress = Mdl;
        } else {
            PMDL *Tail = &Irp->MdlAddress;
            while (*Tail)
                Tail = &(*Tail)->Next;
            *Tail = Mdl;
        }
    }
    return Mdl;
}

NTIO_EXPORT VOID IoFreeMdl(PMDL Mdl)
{
    if (Mdl->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED)
        Mdl->MdlFlags &= ~(MDL_PARTIAL_HAS_BEEN_MAPPED | MDL_MAPPED_TO_SYSTEM_VA);
    ExpFreePool(Mdl, TAG_MDL, TRUE, __builtin_return_address(0));
}

static VOID MiFillPfns(PMDL Mdl)
{
    PPFN_NUMBER Pfn = MmGetMdlPfnArray(Mdl);
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount);
    ULONG_PTR First = (ULONG_PTR)Mdl->StartVa >> PAGE_SHIFT;
    for (ULONG i = 0; i < Pages; i++)
        Pfn[i] = First + i;
}

NTIO_EXPORT VOID MmBuildMdlForNonPagedPool(PMDL Mdl)
{
    MiFillPfns(Mdl);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = MmGetMdlVirtualAddress(Mdl);
    Mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

NTIO_EXPORT VOID MmProbeAndLockPages(PMDL Mdl, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation)
{
    PVOID Va = MmGetMdlVirtualAddress(Mdl);
    BOOLEAN Write = (Operation != IoReadAccess);
    if (Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL))
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x9A, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    if (AccessMode == UserMode) {
        ULONG_PTR Start = (ULONG_PTR)Va, End = Start + Mdl->ByteCount;
        if (End < Start || End > MmUserProbeAddress)
            ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    }
    /* Touch every page: a page that cannot be read (or written, for a
     * write operation) raises, inside the caller's __try. */
    if (!MiProbeUserRange(Va, Mdl->ByteCount, Write))
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    MiFillPfns(Mdl);
    Mdl->Process = (AccessMode == UserMode) ? PspCurrentProcess() : NULL;
    Mdl->MdlFlags |= MDL_PAGES_LOCKED | (Write ? MDL_WRITE_OPERATION : 0);
}

NTIO_EXPORT VOID MmUnlockPages(PMDL Mdl)
{
    if (!(Mdl->MdlFlags & MDL_PAGES_LOCKED))
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x07, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    if (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        Mdl->MappedSystemVa = NULL;
    Mdl->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA | MDL_WRITE_OPERATION);
}

static PVOID MiMapUserView(PMDL Mdl)
{
    PVOID Va = MmGetMdlVirtualAddress(Mdl);
    SIZE_T Size = (SIZE_T)ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Mdl->ByteCount) << PAGE_SHIFT;
    /* A second view of the same physical pages; memory that is not ntio's
     * physical memory (private application memory) has none. */
    PVOID View = MiMapSharedView(PAGE_ALIGN(Va), Size);
    if (!View)
        return NULL;
    MI_USER_VIEW *Rec = ExpAllocatePool(NonPagedPool, sizeof *Rec, TAG('M', 'm', 'U', 'v'), NULL);
    if (!Rec) {
        MiFreeSharedMemory(View);
        return NULL;
    }
    Rec->Base = View;
    Rec->Size = Size;
    Rec->Mdl = Mdl;
    pthread_mutex_lock(&MiUserViewLock);
    InsertTailList(&MiUserViews, &Rec->Link);
    pthread_mutex_unlock(&MiUserViewLock);
    return (PUCHAR)View + Mdl->ByteOffset;
}

NTIO_EXPORT PVOID MmMapLockedPagesSpecifyCache(PMDL Mdl, KPROCESSOR_MODE AccessMode,
                                               MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress,
                                               ULONG BugCheckOnFailure, ULONG Priority)
{
    UNREFERENCED_PARAMETER(CacheType);
    UNREFERENCED_PARAMETER(Priority);
    if (!(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL)))
        /* Mapping pages nobody locked or built. */
        KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    if (AccessMode == KernelMode) {
        if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
            return Mdl->MappedSystemVa;
        Mdl->MappedSystemVa = MmGetMdlVirtualAddress(Mdl);
        Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
        if (Mdl->MdlFlags & MDL_PARTIAL)
            Mdl->MdlFlags |= MDL_PARTIAL_HAS_BEEN_MAPPED;
        return Mdl->MappedSystemVa;
    }
    if (RequestedAddress)
        /* Placing a view at a caller-chosen address is not supported. */
        ExRaiseStatus(STATUS_INVALID_ADDRESS);
    PVOID View = MiMapUserView(Mdl);
    if (!View) {
        if (BugCheckOnFailure)
            KeBugCheckEx(NO_MORE_SYSTEM_PTES, 0, Mdl->ByteCount, 0, 0);
        /* UserMode mapping failures raise, as documented. */
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    }
    return View;
}

NTIO_EXPORT PVOID MmMapLockedPages(PMDL Mdl, KPROCESSOR_MODE AccessMode)
{
    return MmMapLockedPagesSpecifyCache(Mdl, AccessMode, MmCached, NULL, TRUE, HighPagePriority);
}

NTIO_EXPORT VOID MmUnmapLockedPages(PVOID BaseAddress, PMDL Mdl)
{
    if ((ULONG_PTR)BaseAddress == (ULONG_PTR)Mdl->MappedSystemVa &&
        (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED))) {
        Mdl->MdlFlags &= ~(MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED);
        Mdl->MappedSystemVa = NULL;
        return;
    }
    MI_USER_VIEW *Found = NULL;
    pthread_mutex_lock(&MiUserViewLock);
    for (PLIST_ENTRY E = MiUserViews.Flink; E != &MiUserViews; E = E->Flink) {
        MI_USER_VIEW *V = CONTAINING_RECORD(E, MI_USER_VIEW, Link);
        if (V->Base == PAGE_ALIGN(BaseAddress) && V->Mdl == Mdl) {
            RemoveEntryList(&V->Link);
            Found = V;
            break;
        }
    }
    pthread_mutex_unlock(&MiUserViewLock);
    if (!Found)
        /* Unmapping something this MDL never mapped. */
        KeBugCheckEx(DRIVER_UNMAPPING_INVALID_VIEW, (ULONG_PTR)BaseAddress,
                     (ULONG_PTR)Mdl, Mdl->MdlFlags, 0);
    MiFreeSharedMemory(Found->Base);
    ExpFreePool(Found, 0, FALSE, NULL);
}

ULONG MiUnmapAllUserViews(VOID)
{
    ULONG n = 0;
    pthread_mutex_lock(&MiUserViewLock);
    while (!IsListEmpty(&MiUserViews)) {
        MI_USER_VIEW *V = CONTAINING_RECORD(RemoveHeadList(&MiUserViews), MI_USER_VIEW, Link);
        MiFreeSharedMemory(V->Base);
        ExpFreePool(V, 0, FALSE, NULL);
        n++;
    }
    pthread_mutex_unlock(&MiUserViewLock);
    return n;
}

NTIO_EXPORT VOID IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl, PVOID VirtualAddress, ULONG Length)
{
    PUCHAR SrcVa = MmGetMdlVirtualAddress(SourceMdl);
    ULONG_PTR Offset = (PUCHAR)VirtualAddress - SrcVa;
    if (Length == 0)
        Length = SourceMdl->ByteCount - (ULONG)Offset;
    TargetMdl->Process = SourceMdl->Process;
    TargetMdl->StartVa = PAGE_ALIGN(VirtualAddress);
    TargetMdl->ByteOffset = BYTE_OFFSET(VirtualAddress);
    TargetMdl->ByteCount = Length;
    TargetMdl->MdlFlags &= (MDL_ALLOCATED_FIXED_SIZE | MDL_ALLOCATED_MUST_SUCCEED);
    TargetMdl->MdlFlags |= MDL_PARTIAL | (SourceMdl->MdlFlags & (MDL_IO_PAGE_READ | MDL_WRITE_OPERATION |
                                                                 MDL_IO_SPACE));
    if (SourceMdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) {
        TargetMdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
        TargetMdl->MappedSystemVa = (PUCHAR)SourceMdl->MappedSystemVa + Offset;
    }
    PPFN_NUMBER Src = MmGetMdlPfnArray(SourceMdl) +
                      (((ULONG_PTR)PAGE_ALIGN(VirtualAddress) - (ULONG_PTR)SourceMdl->StartVa) >>
                       PAGE_SHIFT);
    PPFN_NUMBER Dst = MmGetMdlPfnArray(TargetMdl);
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(VirtualAddress, Length);
    for (ULONG i = 0; i < Pages; i++)
        Dst[i] = Src[i];
}

NTIO_EXPORT BOOLEAN MmIsAddressValid(PVOID VirtualAddress)
{
    return MiProbeUserRange(VirtualAddress, 1, FALSE);
}
