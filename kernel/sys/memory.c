/*
 * sys/memory.c - the private memory of a process: NtAllocateVirtualMemory,
 * NtFreeVirtualMemory, NtProtectVirtualMemory and NtQueryVirtualMemory
 * (VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery).
 *
 * Windows' rules, on top of mmap and mprotect:
 *  - a reservation ("allocation", Windows' VAD) is a PROT_NONE, MAP_NORESERVE
 *    mapping that starts on a 64K boundary; each of its pages is reserved or
 *    committed, each committed page with its own protection;
 *  - committing is mprotect: committed pages read as zero until written;
 *  - decommitting maps fresh PROT_NONE pages over the range, so the contents
 *    are gone and a later commit sees zeroes again;
 *  - releasing unmaps the whole allocation, or a part of it (what is left
 *    stays allocated: Windows splits the VAD the same way);
 *  - memory the process got elsewhere (images, stacks, malloc) is not in the
 *    table: queries and protection changes on it are answered from
 *    /proc/self/maps, as Windows answers them for any memory.
 *
 * The table is an array of allocations sorted by base.  One byte per page,
 * in an array of its own mapped with MAP_NORESERVE (so that a huge
 * reservation costs nothing until its pages are committed), records the
 * page's state: 0 = reserved, otherwise the PAGE_* protection the page is
 * committed with.  MiVadLock guards the table, the page bytes and the
 * mappings of the allocations.
 */
#include "sys.h"
#include "ex/ex.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MI_ALLOCATION_GRANULARITY ((ULONG_PTR)0x10000)
#define MI_MAX_ZERO_BITS 21
#define MI_LOWEST_USER_ADDRESS ((ULONG_PTR)0x10000)
/* The highest address a reservation may use: 64K below the top of the user
 * range, like Windows' MM_HIGHEST_VAD_ADDRESS. */
#define MI_HIGHEST_VAD_ADDRESS (MmUserProbeAddress - MI_ALLOCATION_GRANULARITY - 1)
#define MI_PAGE_DOWN(a) ((ULONG_PTR)(a) & ~(ULONG_PTR)(PAGE_SIZE - 1))
#define MI_PAGE_UP(a) (((ULONG_PTR)(a) + PAGE_SIZE - 1) & ~(ULONG_PTR)(PAGE_SIZE - 1))

#define MI_PROTECTION_MODIFIERS (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE)
#define MI_VALID_ALLOCATION_TYPES                                                          \
    (MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO | MEM_TOP_DOWN | MEM_WRITE_WATCH | \
     MEM_PHYSICAL | MEM_LARGE_PAGES)

typedef struct _MI_ALLOCATION {
    ULONG_PTR Base;            /* first byte, page aligned */
    ULONG_PTR End;             /* first byte after it */
    ULONG AllocationProtect;   /* the protection given when it was reserved */
    PUCHAR Pages;              /* one byte per page: 0 reserved, else PAGE_* committed */
    SIZE_T PagesBytes;         /* size of the mapping behind Pages */
} MI_ALLOCATION, *PMI_ALLOCATION;

static pthread_mutex_t MiVadLock = PTHREAD_MUTEX_INITIALIZER;
static PMI_ALLOCATION *MiAllocations;   /* sorted by Base; guarded by MiVadLock */
static ULONG MiAllocationCount, MiAllocationCapacity;

/* ------------------------------------------------------------ protections */

/* A valid protection: exactly one base protection, and modifiers Windows
 * allows with it. */
static BOOLEAN MiIsValidProtection(ULONG Protect)
{
    ULONG Base = Protect & 0xFF, Modifiers = Protect & ~0xFFu;
    if (Modifiers & ~MI_PROTECTION_MODIFIERS)
        return FALSE;
    if (Base == 0 || (Base & (Base - 1)))
        return FALSE;
    if (Base == PAGE_NOACCESS && Modifiers)
        return FALSE;
    if ((Modifiers & PAGE_NOCACHE) && (Modifiers & (PAGE_GUARD | PAGE_WRITECOMBINE)))
        return FALSE;
    if ((Modifiers & PAGE_WRITECOMBINE) && (Modifiers & PAGE_GUARD))
        return FALSE;
    return TRUE;
}

static int MiPosixProtection(ULONG Protect)
{
    switch (Protect & 0xFF) {
    case PAGE_READONLY:
        return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
        return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
        return PROT_EXEC;
    case PAGE_EXECUTE_READ:
        return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
        return PROT_NONE;
    }
}

/* "rwxp" of /proc/self/maps to a PAGE_* value. */
static ULONG MiProtectionOfPermissions(const char *Perms)
{
    BOOLEAN R = Perms[0] == 'r', W = Perms[1] == 'w', X = Perms[2] == 'x';
    if (X)
        return W ? PAGE_EXECUTE_READWRITE : R ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    if (W)
        return PAGE_READWRITE;
    return R ? PAGE_READONLY : PAGE_NOACCESS;
}

/* ---------------------------------------------------------------- the table */

/* Index of the allocation containing Address, or -1.  *Above: index of the
 * first allocation that starts above Address. */
static LONG MiFindAllocation(ULONG_PTR Address, ULONG *Above)
{
    ULONG Low = 0, High = MiAllocationCount;
    while (Low < High) {
        ULONG Mid = (Low + High) / 2;
        if (MiAllocations[Mid]->Base <= Address)
            Low = Mid + 1;
        else
            High = Mid;
    }
    if (Above)
        *Above = Low;
    if (Low > 0 && Address < MiAllocations[Low - 1]->End)
        return (LONG)(Low - 1);
    return -1;
}

static BOOLEAN MiReserveTableSlot(VOID)
{
    if (MiAllocationCount < MiAllocationCapacity)
        return TRUE;
    ULONG Capacity = MiAllocationCapacity ? MiAllocationCapacity * 2 : 64;
    PMI_ALLOCATION *Grown = ExpAllocatePool(NonPagedPool, Capacity * sizeof *Grown,
                                            TAG('M', 'm', 'V', 't'), NULL);
    if (!Grown)
        return FALSE;
    if (MiAllocationCount)
        memcpy(Grown, MiAllocations, MiAllocationCount * sizeof *Grown);
    if (MiAllocations)
        ExpFreePool(MiAllocations, 0, FALSE, NULL);
    MiAllocations = Grown;
    MiAllocationCapacity = Capacity;
    return TRUE;
}

/* Insert at its sorted place; a slot must have been reserved. */
static VOID MiInsertAllocation(PMI_ALLOCATION Allocation)
{
    ULONG At;
    MiFindAllocation(Allocation->Base, &At);
    memmove(&MiAllocations[At + 1], &MiAllocations[At],
            (MiAllocationCount - At) * sizeof *MiAllocations);
    MiAllocations[At] = Allocation;
    MiAllocationCount++;
}

static VOID MiRemoveAllocation(ULONG Index)
{
    memmove(&MiAllocations[Index], &MiAllocations[Index + 1],
            (MiAllocationCount - Index - 1) * sizeof *MiAllocations);
    MiAllocationCount--;
}

static PMI_ALLOCATION MiCreateAllocation(ULONG_PTR Base, ULONG_PTR End, ULONG Protect)
{
    PMI_ALLOCATION Allocation = ExpAllocatePool(NonPagedPool, sizeof *Allocation,
                                                TAG('M', 'm', 'V', 'a'), NULL);
    if (!Allocation)
        return NULL;
    Allocation->Base = Base;
    Allocation->End = End;
    Allocation->AllocationProtect = Protect;
    Allocation->PagesBytes = MI_PAGE_UP((End - Base) >> PAGE_SHIFT);
    Allocation->Pages = mmap(NULL, Allocation->PagesBytes, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (Allocation->Pages == MAP_FAILED) {
        ExpFreePool(Allocation, 0, FALSE, NULL);
        return NULL;
    }
    return Allocation;
}

static VOID MiDeleteAllocation(PMI_ALLOCATION Allocation)
{
    munmap(Allocation->Pages, Allocation->PagesBytes);
    ExpFreePool(Allocation, 0, FALSE, NULL);
}

/* A new allocation describing [Base, End) of Allocation, page states copied. */
static PMI_ALLOCATION MiCloneAllocation(PMI_ALLOCATION Allocation, ULONG_PTR Base, ULONG_PTR End)
{
    PMI_ALLOCATION Part = MiCreateAllocation(Base, End, Allocation->AllocationProtect);
    if (Part)
        memcpy(Part->Pages, Allocation->Pages + ((Base - Allocation->Base) >> PAGE_SHIFT),
               (End - Base) >> PAGE_SHIFT);
    return Part;
}

static PUCHAR MiPageState(PMI_ALLOCATION Allocation, ULONG_PTR Address)
{
    return &Allocation->Pages[(Address - Allocation->Base) >> PAGE_SHIFT];
}

/* ---------------------------------------------------- /proc/self/maps */

typedef struct _MI_MAPPING {
    ULONG_PTR Start, End;
    char Perms[5];
    BOOLEAN FileBacked;          /* a path, not [heap], [stack] or anonymous */
} MI_MAPPING;

/* Visit the process's mappings in address order until Visit returns FALSE.
 * Returns FALSE if the map could not be read. */
static BOOLEAN MiWalkMappings(BOOLEAN (*Visit)(const MI_MAPPING *Mapping, PVOID Context),
                              PVOID Context)
{
    FILE *Maps = fopen("/proc/self/maps", "re");
    char *Line = NULL;
    size_t Capacity = 0;
    if (!Maps)
        return FALSE;
    while (getline(&Line, &Capacity, Maps) > 0) {
        MI_MAPPING Mapping;
        char *Cursor = Line, *Next;
        memset(&Mapping, 0, sizeof Mapping);
        Mapping.Start = strtoull(Cursor, &Next, 16);
        if (*Next != '-')
            continue;
        Mapping.End = strtoull(Next + 1, &Cursor, 16);
        while (*Cursor == ' ')
            Cursor++;
        memcpy(Mapping.Perms, Cursor, 4);
        /* perms, offset, device, inode, then the optional path */
        for (int Field = 0; Field < 4 && *Cursor; Field++) {
            while (*Cursor && *Cursor != ' ')
                Cursor++;
            while (*Cursor == ' ')
                Cursor++;
        }
        Mapping.FileBacked = *Cursor == '/';
        if (!Visit(&Mapping, Context))
            break;
    }
    free(Line);
    fclose(Maps);
    return TRUE;
}

typedef struct _MI_LOOKUP {
    ULONG_PTR Address;
    BOOLEAN Found;            /* a mapping contains Address */
    MI_MAPPING Mapping;
    ULONG_PTR NextStart;      /* else: the first mapping above Address (0: none) */
} MI_LOOKUP;

static BOOLEAN MiLookupVisit(const MI_MAPPING *Mapping, PVOID Context)
{
    MI_LOOKUP *Lookup = Context;
    if (Mapping->End <= Lookup->Address)
        return TRUE;
    if (Mapping->Start <= Lookup->Address) {
        Lookup->Found = TRUE;
        Lookup->Mapping = *Mapping;
    } else {
        Lookup->NextStart = Mapping->Start;
    }
    return FALSE;
}

typedef struct _MI_RANGE_CHECK {
    ULONG_PTR Start, End;       /* the range to change */
    ULONG_PTR Covered;          /* mapped up to here, contiguously from Start */
    ULONG NewProtect;
    ULONG OldProtect;           /* of the first page */
    NTSTATUS Status;
} MI_RANGE_CHECK;

static BOOLEAN MiRangeVisit(const MI_MAPPING *Mapping, PVOID Context)
{
    MI_RANGE_CHECK *Check = Context;
    if (Mapping->End <= Check->Covered)
        return TRUE;
    if (Mapping->Start > Check->Covered)
        return FALSE;  /* a hole: not all of the range is memory */
    if (Check->Covered == Check->Start)
        Check->OldProtect = MiProtectionOfPermissions(Mapping->Perms);
    if (Check->NewProtect & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY)) {
        /* Copy-on-write needs a private file view (an image or a mapped
         * file); private memory refuses it, as on Windows. */
        if (Mapping->Perms[3] != 'p') {
            Check->Status = STATUS_NOT_SUPPORTED;
            return FALSE;
        }
        if (!Mapping->FileBacked) {
            Check->Status = STATUS_INVALID_PARAMETER_4;
            return FALSE;
        }
    }
    Check->Covered = Mapping->End;
    return Check->Covered < Check->End;
}

/* ---------------------------------------------------------- the services */

/* The process whose memory is meant: only the calling process has its
 * memory in this address space. */
static NTSTATUS MiCheckProcess(HANDLE ProcessHandle, ACCESS_MASK Access, KPROCESSOR_MODE Mode)
{
    PEPROCESS Process;
    NTSTATUS Status = ObReferenceObjectByHandle(ProcessHandle, Access, PspProcessType, Mode,
                                                (PVOID *)&Process, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Process != PspCurrentProcess())
        Status = STATUS_NOT_SUPPORTED;
    ObfDereferenceObject(Process);
    return Status;
}

static NTSTATUS MiCaptureRange(KPROCESSOR_MODE Mode, PVOID *BaseAddress, PSIZE_T RegionSize,
                               ULONG_PTR *Base, SIZE_T *Size)
{
    if (!BaseAddress || !RegionSize)
        return STATUS_ACCESS_VIOLATION;
    if (Mode == UserMode && (!SvcProbe(BaseAddress, sizeof(PVOID), TRUE) ||
                             !SvcProbe(RegionSize, sizeof(SIZE_T), TRUE)))
        return STATUS_ACCESS_VIOLATION;
    if (!SvcCopyIn(Mode, Base, BaseAddress, sizeof *Base) ||
        !SvcCopyIn(Mode, Size, RegionSize, sizeof *Size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

static NTSTATUS MiReturnRange(KPROCESSOR_MODE Mode, PVOID *BaseAddress, PSIZE_T RegionSize,
                              ULONG_PTR Base, SIZE_T Size)
{
    if (!SvcCopyOut(Mode, BaseAddress, &Base, sizeof Base) ||
        !SvcCopyOut(Mode, RegionSize, &Size, sizeof Size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* Reserve (and commit) a new allocation; MiVadLock held. */
static NTSTATUS MiReserve(ULONG_PTR *Base, SIZE_T *Size, ULONG AllocationType, ULONG Protect)
{
    ULONG_PTR Start, End;
    PMI_ALLOCATION Allocation;
    void *Mapped;

    if (Protect & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!MiReserveTableSlot())
        return STATUS_INSUFFICIENT_RESOURCES;
    if (*Base) {
        Start = *Base & ~(MI_ALLOCATION_GRANULARITY - 1);
        End = MI_PAGE_UP(*Base + *Size);
        /* The first 64K are never memory, on Windows as on Linux. */
        if (Start < MI_LOWEST_USER_ADDRESS)
            return STATUS_CONFLICTING_ADDRESSES;
        Mapped = mmap((void *)Start, End - Start, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (Mapped == MAP_FAILED)
            return errno == EEXIST ? STATUS_CONFLICTING_ADDRESSES : STATUS_NO_MEMORY;
        if ((ULONG_PTR)Mapped != Start) {
            /* A kernel that predates MAP_FIXED_NOREPLACE took it as a hint. */
            munmap(Mapped, End - Start);
            return STATUS_CONFLICTING_ADDRESSES;
        }
    } else {
        /* mmap gives page alignment; over-map by 64K and trim to get the
         * allocation granularity. */
        SIZE_T Length = MI_PAGE_UP(*Size);
        if (Length == 0 || Length > MI_HIGHEST_VAD_ADDRESS)
            return STATUS_NO_MEMORY;
        Mapped = mmap(NULL, Length + MI_ALLOCATION_GRANULARITY, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (Mapped == MAP_FAILED)
            return STATUS_NO_MEMORY;
        Start = ((ULONG_PTR)Mapped + MI_ALLOCATION_GRANULARITY - 1) &
                ~(MI_ALLOCATION_GRANULARITY - 1);
        End = Start + Length;
        if (Start > (ULONG_PTR)Mapped)
            munmap(Mapped, Start - (ULONG_PTR)Mapped);
        if ((ULONG_PTR)Mapped + Length + MI_ALLOCATION_GRANULARITY > End)
            munmap((void *)End, (ULONG_PTR)Mapped + Length + MI_ALLOCATION_GRANULARITY - End);
    }
    Allocation = MiCreateAllocation(Start, End, Protect);
    if (!Allocation) {
        munmap((void *)Start, End - Start);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (AllocationType & MEM_COMMIT) {
        if (mprotect((void *)Start, End - Start, MiPosixProtection(Protect)) != 0) {
            munmap((void *)Start, End - Start);
            MiDeleteAllocation(Allocation);
            return STATUS_NO_MEMORY;
        }
        memset(Allocation->Pages, (int)Protect, (End - Start) >> PAGE_SHIFT);
    }
    MiInsertAllocation(Allocation);
    *Base = Start;
    *Size = End - Start;
    return STATUS_SUCCESS;
}

/* Commit pages of an existing allocation; MiVadLock held.  Already
 * committed pages keep their contents and take the new protection. */
static NTSTATUS MiCommit(ULONG_PTR *Base, SIZE_T *Size, ULONG Protect)
{
    ULONG_PTR Start = MI_PAGE_DOWN(*Base), End = MI_PAGE_UP(*Base + *Size);
    LONG Index = MiFindAllocation(Start, NULL);
    PMI_ALLOCATION Allocation;

    if (Index < 0 || End > MiAllocations[Index]->End)
        return STATUS_CONFLICTING_ADDRESSES;
    if (Protect & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY))
        return STATUS_INVALID_PAGE_PROTECTION;
    Allocation = MiAllocations[Index];
    if (mprotect((void *)Start, End - Start, MiPosixProtection(Protect)) != 0)
        return STATUS_NO_MEMORY;
    memset(MiPageState(Allocation, Start), (int)Protect, (End - Start) >> PAGE_SHIFT);
    *Base = Start;
    *Size = End - Start;
    return STATUS_SUCCESS;
}

/* MEM_RESET: the contents of the committed pages are no longer of
 * interest; the kernel may drop them instead of keeping them. */
static NTSTATUS MiReset(ULONG_PTR *Base, SIZE_T *Size)
{
    ULONG_PTR Start = MI_PAGE_DOWN(*Base), End = MI_PAGE_UP(*Base + *Size);
    LONG Index = MiFindAllocation(Start, NULL);

    if (Index < 0 || End > MiAllocations[Index]->End)
        return STATUS_CONFLICTING_ADDRESSES;
    if (madvise((void *)Start, End - Start, MADV_FREE) != 0 &&
        madvise((void *)Start, End - Start, MADV_DONTNEED) != 0)
        return STATUS_CONFLICTING_ADDRESSES;
    *Base = Start;
    *Size = End - Start;
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                             ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                             ULONG AllocationType, ULONG Protect)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    ULONG_PTR Base;
    SIZE_T Size;
    NTSTATUS Status;

    SERVICE_ENTER();
    if (ZeroBits > MI_MAX_ZERO_BITS)
        return KiServiceExit(STATUS_INVALID_PARAMETER_3);
    /* The combinations of allocation types Windows accepts. */
    if ((AllocationType & ~MI_VALID_ALLOCATION_TYPES) ||
        !(AllocationType & (MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO)) ||
        ((AllocationType & MEM_RESET) && AllocationType != MEM_RESET) ||
        ((AllocationType & MEM_RESET_UNDO) && AllocationType != MEM_RESET_UNDO) ||
        ((AllocationType & MEM_LARGE_PAGES) &&
         (!(AllocationType & MEM_COMMIT) || (AllocationType & (MEM_PHYSICAL | MEM_WRITE_WATCH)))) ||
        ((AllocationType & MEM_WRITE_WATCH) && !(AllocationType & MEM_RESERVE)) ||
        ((AllocationType & MEM_PHYSICAL) &&
         (!(AllocationType & MEM_RESERVE) ||
          (AllocationType & ~(MEM_RESERVE | MEM_TOP_DOWN | MEM_PHYSICAL)))))
        return KiServiceExit(STATUS_INVALID_PARAMETER_5);
    if ((AllocationType & MEM_PHYSICAL) && Protect != PAGE_READWRITE)
        return KiServiceExit(STATUS_INVALID_PARAMETER_6);
    if (!MiIsValidProtection(Protect))
        return KiServiceExit(STATUS_INVALID_PAGE_PROTECTION);
    Status = MiCaptureRange(Mode, BaseAddress, RegionSize, &Base, &Size);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (Base > MI_HIGHEST_VAD_ADDRESS)
        return KiServiceExit(STATUS_INVALID_PARAMETER_2);
    if (MI_HIGHEST_VAD_ADDRESS + 1 - Base < Size || Size == 0)
        return KiServiceExit(STATUS_INVALID_PARAMETER_4);
    Status = MiCheckProcess(ProcessHandle, PROCESS_VM_OPERATION, Mode);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    /* Applications do not hold SeLockMemoryPrivilege. */
    if (AllocationType & MEM_LARGE_PAGES)
        return KiServiceExit(STATUS_PRIVILEGE_NOT_HELD);
    /* What this implementation does not do: a placement limit, AWE and
     * write watching, undoing a reset, guard pages and caching attributes. */
    if (ZeroBits || (AllocationType & (MEM_PHYSICAL | MEM_WRITE_WATCH | MEM_RESET_UNDO)) ||
        (Protect & MI_PROTECTION_MODIFIERS))
        return KiServiceExit(STATUS_NOT_SUPPORTED);
    /* MEM_TOP_DOWN needs nothing: Linux already hands out mappings from the
     * top of the address space down. */

    pthread_mutex_lock(&MiVadLock);
    if (AllocationType & MEM_RESET)
        Status = Base ? MiReset(&Base, &Size) : STATUS_INVALID_PARAMETER_2;
    else if (!Base || (AllocationType & MEM_RESERVE))
        Status = MiReserve(&Base, &Size, AllocationType, Protect);
    else
        Status = MiCommit(&Base, &Size, Protect);
    pthread_mutex_unlock(&MiVadLock);
    if (NT_SUCCESS(Status))
        Status = MiReturnRange(Mode, BaseAddress, RegionSize, Base, Size);
    return KiServiceExit(Status);
}

/* Release [Start, End) of allocation Index: all of it, or a part (the rest
 * becomes one or two allocations); MiVadLock held. */
static NTSTATUS MiRelease(ULONG Index, ULONG_PTR Start, ULONG_PTR End)
{
    PMI_ALLOCATION Allocation = MiAllocations[Index], Low = NULL, High = NULL;

    if (Start > Allocation->Base && !(Low = MiCloneAllocation(Allocation, Allocation->Base, Start)))
        return STATUS_INSUFFICIENT_RESOURCES;
    if (End < Allocation->End && !(High = MiCloneAllocation(Allocation, End, Allocation->End))) {
        if (Low)
            MiDeleteAllocation(Low);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Low && High && !MiReserveTableSlot()) {
        MiDeleteAllocation(Low);
        MiDeleteAllocation(High);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    munmap((void *)Start, End - Start);
    MiRemoveAllocation(Index);
    MiDeleteAllocation(Allocation);
    if (Low)
        MiInsertAllocation(Low);
    if (High)
        MiInsertAllocation(High);
    return STATUS_SUCCESS;
}

NTIO_EXPORT NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                         PSIZE_T RegionSize, ULONG FreeType)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    ULONG_PTR Base, Start, End;
    SIZE_T Size;
    NTSTATUS Status;
    LONG Index;

    SERVICE_ENTER();
    if (FreeType != MEM_RELEASE && FreeType != MEM_DECOMMIT)
        return KiServiceExit(STATUS_INVALID_PARAMETER_4);
    Status = MiCaptureRange(Mode, BaseAddress, RegionSize, &Base, &Size);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (Base >= (ULONG_PTR)MmHighestUserAddress)
        return KiServiceExit(STATUS_INVALID_PARAMETER_2);
    if ((ULONG_PTR)MmHighestUserAddress - Base < Size)
        return KiServiceExit(STATUS_INVALID_PARAMETER_3);
    Status = MiCheckProcess(ProcessHandle, PROCESS_VM_OPERATION, Mode);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);

    Start = MI_PAGE_DOWN(Base);
    End = MI_PAGE_UP(Base + Size);
    pthread_mutex_lock(&MiVadLock);
    Index = MiFindAllocation(Start, NULL);
    if (Index < 0) {
        Status = STATUS_MEMORY_NOT_ALLOCATED;
    } else if (End > MiAllocations[Index]->End) {
        Status = STATUS_UNABLE_TO_FREE_VM;
    } else if (Size == 0 && Start != MiAllocations[Index]->Base) {
        /* Without a size, the whole allocation is meant: its base, please. */
        Status = STATUS_FREE_VM_NOT_AT_BASE;
    } else {
        PMI_ALLOCATION Allocation = MiAllocations[Index];
        if (Size == 0)
            End = Allocation->End;
        if (FreeType == MEM_RELEASE) {
            Status = MiRelease((ULONG)Index, Start, End);
        } else if (mmap((void *)Start, End - Start, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
                        0) == MAP_FAILED) {
            Status = STATUS_NO_MEMORY;
        } else {
            memset(MiPageState(Allocation, Start), 0, (End - Start) >> PAGE_SHIFT);
            Status = STATUS_SUCCESS;
        }
    }
    pthread_mutex_unlock(&MiVadLock);
    if (NT_SUCCESS(Status))
        Status = MiReturnRange(Mode, BaseAddress, RegionSize, Start, End - Start);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                            PSIZE_T NumberOfBytesToProtect, ULONG NewProtect,
                                            PULONG OldProtect)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    ULONG_PTR Base, Start, End;
    SIZE_T Size;
    ULONG Old = 0;
    NTSTATUS Status;
    LONG Index;
    ULONG Above;

    SERVICE_ENTER();
    if (!MiIsValidProtection(NewProtect))
        return KiServiceExit(STATUS_INVALID_PAGE_PROTECTION);
    if (!OldProtect || (Mode == UserMode && !SvcProbe(OldProtect, sizeof(ULONG), TRUE)))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    Status = MiCaptureRange(Mode, BaseAddress, NumberOfBytesToProtect, &Base, &Size);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (Base > (ULONG_PTR)MmHighestUserAddress)
        return KiServiceExit(STATUS_INVALID_PARAMETER_2);
    if (MmUserProbeAddress - Base < Size || Size == 0)
        return KiServiceExit(STATUS_INVALID_PARAMETER_3);
    Status = MiCheckProcess(ProcessHandle, PROCESS_VM_OPERATION, Mode);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    if (NewProtect & MI_PROTECTION_MODIFIERS)
        return KiServiceExit(STATUS_NOT_SUPPORTED);

    Start = MI_PAGE_DOWN(Base);
    End = MI_PAGE_UP(Base + Size);
    pthread_mutex_lock(&MiVadLock);
    Index = MiFindAllocation(Start, &Above);
    if (Index >= 0) {
        PMI_ALLOCATION Allocation = MiAllocations[Index];
        if (End > Allocation->End) {
            Status = STATUS_CONFLICTING_ADDRESSES;
        } else if (NewProtect & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY)) {
            Status = STATUS_INVALID_PARAMETER_4;   /* no copy-on-write for private memory */
        } else if (memchr(MiPageState(Allocation, Start), 0, (End - Start) >> PAGE_SHIFT)) {
            Status = STATUS_NOT_COMMITTED;
        } else {
            Old = *MiPageState(Allocation, Start);
            if (mprotect((void *)Start, End - Start, MiPosixProtection(NewProtect)) != 0) {
                Status = STATUS_NO_MEMORY;
            } else {
                memset(MiPageState(Allocation, Start), (int)NewProtect,
                       (End - Start) >> PAGE_SHIFT);
                Status = STATUS_SUCCESS;
            }
        }
    } else if (Above < MiAllocationCount && MiAllocations[Above]->Base < End) {
        /* Starts in memory of its own and runs into an allocation. */
        Status = STATUS_CONFLICTING_ADDRESSES;
    } else {
        /* Memory the process got elsewhere: every page of the range must be
         * mapped. */
        MI_RANGE_CHECK Check = { Start, End, Start, NewProtect, 0, STATUS_SUCCESS };
        if (!MiWalkMappings(MiRangeVisit, &Check))
            Status = STATUS_CONFLICTING_ADDRESSES;
        else if (!NT_SUCCESS(Check.Status))
            Status = Check.Status;
        else if (Check.Covered < End)
            Status = STATUS_CONFLICTING_ADDRESSES;
        else if (mprotect((void *)Start, End - Start, MiPosixProtection(NewProtect)) != 0)
            Status = STATUS_CONFLICTING_ADDRESSES;
        else
            Old = Check.OldProtect;
    }
    pthread_mutex_unlock(&MiVadLock);
    if (NT_SUCCESS(Status)) {
        Status = MiReturnRange(Mode, BaseAddress, NumberOfBytesToProtect, Start, End - Start);
        if (NT_SUCCESS(Status) && !SvcCopyOut(Mode, OldProtect, &Old, sizeof Old))
            Status = STATUS_ACCESS_VIOLATION;
    }
    return KiServiceExit(Status);
}

/* Describe Address in Info; MiVadLock held. */
static VOID MiDescribe(ULONG_PTR Address, PMEMORY_BASIC_INFORMATION Info)
{
    ULONG_PTR Page = MI_PAGE_DOWN(Address), Low = 0, High = MmUserProbeAddress;
    ULONG Above;
    LONG Index = MiFindAllocation(Page, &Above);

    memset(Info, 0, sizeof *Info);
    Info->BaseAddress = (PVOID)Page;
    if (Index >= 0) {
        PMI_ALLOCATION Allocation = MiAllocations[Index];
        UCHAR State = *MiPageState(Allocation, Page);
        ULONG_PTR End = Page;
        while (End < Allocation->End && *MiPageState(Allocation, End) == State)
            End += PAGE_SIZE;
        Info->AllocationBase = (PVOID)Allocation->Base;
        Info->AllocationProtect = Allocation->AllocationProtect;
        Info->RegionSize = End - Page;
        Info->State = State ? MEM_COMMIT : MEM_RESERVE;
        Info->Protect = State;
        Info->Type = MEM_PRIVATE;
        return;
    }
    /* Not an allocation: what the address space has there, clipped to the
     * allocations around it (Linux may merge a reservation with a
     * neighbouring PROT_NONE mapping). */
    if (Above > 0)
        Low = MiAllocations[Above - 1]->End;
    if (Above < MiAllocationCount)
        High = MiAllocations[Above]->Base;
    MI_LOOKUP Lookup = { Page, FALSE, { 0 }, 0 };
    MiWalkMappings(MiLookupVisit, &Lookup);
    if (Lookup.Found && Lookup.Mapping.Start < High && Lookup.Mapping.End > Low) {
        ULONG_PTR Start = Lookup.Mapping.Start > Low ? Lookup.Mapping.Start : Low;
        ULONG_PTR End = Lookup.Mapping.End < High ? Lookup.Mapping.End : High;
        Dl_info Image;
        Info->State = MEM_COMMIT;
        Info->Protect = MiProtectionOfPermissions(Lookup.Mapping.Perms);
        Info->AllocationProtect = Info->Protect;
        Info->AllocationBase = (PVOID)Start;
        Info->RegionSize = End - Page;
        if (dladdr((void *)Page, &Image) && Image.dli_fbase) {
            /* A page of a loaded ELF object: an image, based at its load address. */
            Info->Type = MEM_IMAGE;
            Info->AllocationBase = Image.dli_fbase;
        } else if (Lookup.Mapping.FileBacked || Lookup.Mapping.Perms[3] == 's') {
            Info->Type = MEM_MAPPED;
        } else {
            Info->Type = MEM_PRIVATE;
        }
        return;
    }
    /* Free: up to the next mapping or allocation. */
    if (Lookup.NextStart && Lookup.NextStart < High)
        High = Lookup.NextStart;
    Info->AllocationBase = NULL;
    Info->AllocationProtect = 0;
    Info->RegionSize = High > Page ? High - Page : PAGE_SIZE;
    Info->State = MEM_FREE;
    Info->Protect = PAGE_NOACCESS;
    Info->Type = 0;
}

NTIO_EXPORT NTSTATUS NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                          MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                          PVOID MemoryInformation, SIZE_T MemoryInformationLength,
                                          PSIZE_T ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    MEMORY_BASIC_INFORMATION Info;
    NTSTATUS Status;

    SERVICE_ENTER();
    if ((ULONG_PTR)BaseAddress > (ULONG_PTR)MmHighestUserAddress)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    if (Mode == UserMode && (!SvcProbe(MemoryInformation, MemoryInformationLength, TRUE) ||
                             (ReturnLength && !SvcProbe(ReturnLength, sizeof(SIZE_T), TRUE))))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (MemoryInformationClass != MemoryBasicInformation)
        return KiServiceExit(STATUS_INVALID_INFO_CLASS);
    if (MemoryInformationLength < sizeof Info)
        return KiServiceExit(STATUS_INFO_LENGTH_MISMATCH);
    Status = MiCheckProcess(ProcessHandle, PROCESS_QUERY_INFORMATION, Mode);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    pthread_mutex_lock(&MiVadLock);
    MiDescribe((ULONG_PTR)BaseAddress, &Info);
    pthread_mutex_unlock(&MiVadLock);
    if (!SvcCopyOut(Mode, MemoryInformation, &Info, sizeof Info))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (ReturnLength) {
        SIZE_T Length = sizeof Info;
        if (!SvcCopyOut(Mode, ReturnLength, &Length, sizeof Length))
            return KiServiceExit(STATUS_ACCESS_VIOLATION);
    }
    return KiServiceExit(STATUS_SUCCESS);
}
