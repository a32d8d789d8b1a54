/*
 * test_iocomp.c - I/O completion port services as user mode calls them
 * (this test's main thread is an application thread): creation, packets
 * posted and removed one and many at a time in order, timeouts, the depth
 * query, access rights, bad handles, handles of other types, bad
 * pointers, zero counts, and FileCompletionInformation: a file's
 * asynchronous requests with an APC context queue packets with the file's
 * key; synchronous file objects and second associations are refused; the
 * port outlives its handle while a file references it.  The per-thread
 * handle cache behind the port services: a thread that used a handle sees
 * it closed, reused for another port, for an event, or for the same port
 * with less access, exactly as a thread without the cache would.
 * NtSetIoCompletionEx with IoCompletion reserve objects: one queued packet
 * per reserve, reusable once removed, kept by a queued packet after its
 * handle closes, given back when the port is closed with it queued.
 */
#include <ntio/ntsvc.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include "kmtest.h"
#include "io/iocomp.h"
#include "ke/ke.h"

static LARGE_INTEGER Zero = { .QuadPart = 0 };

static NTSTATUS OpenFile(PCWSTR Path, ULONG Options, PHANDLE Handle)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    IO_STATUS_BLOCK Iosb;
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attr, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtCreateFile(Handle, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &Attr, &Iosb, NULL, 0,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OVERWRITE_IF,
                        Options | FILE_NON_DIRECTORY_FILE, NULL, 0);
}

static LONG Depth(HANDLE Port)
{
    IO_COMPLETION_BASIC_INFORMATION Info = { .Depth = -1 };
    ULONG Len = 0;
    CHECK_EQ(NtQueryIoCompletion(Port, IoCompletionBasicInformation, &Info, sizeof Info, &Len),
             STATUS_SUCCESS);
    CHECK_EQ(Len, sizeof Info);
    return Info.Depth;
}

static void TestCreateAndPackets(void)
{
    HANDLE Port, Event;
    PVOID Key, Ctx;
    IO_STATUS_BLOCK Iosb;
    PUCHAR NoAccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(NoAccess != MAP_FAILED);

    CHECK_EQ(NtCreateIoCompletion(NULL, IO_COMPLETION_ALL_ACCESS, NULL, 1), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtCreateIoCompletion((PHANDLE)NoAccess, IO_COMPLETION_ALL_ACCESS, NULL, 1),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    /* Concurrency 0: as many threads as processors. */
    PKQUEUE Queue;
    CHECK_EQ(ObReferenceObjectByHandle(Port, 0, IopCompletionObjectType, KernelMode, (PVOID *)&Queue,
                                       NULL),
             STATUS_SUCCESS);
    CHECK_EQ(Queue->MaximumCount, KeQueryActiveProcessorCount(NULL));
    ObfDereferenceObject(Queue);
    CHECK_EQ(Depth(Port), 0);

    /* Empty: a zero timeout returns at once. */
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_TIMEOUT);
    LARGE_INTEGER T20 = { .QuadPart = -20 * 10000 };
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &T20), STATUS_TIMEOUT);

    /* Packets come out first in, first out, as posted. */
    for (ULONG_PTR i = 1; i <= 3; i++)
        CHECK_EQ(NtSetIoCompletion(Port, (PVOID)(0x100 + i), (PVOID)(0x200 + i),
                                   i == 2 ? STATUS_END_OF_FILE : STATUS_SUCCESS, i * 10),
                 STATUS_SUCCESS);
    CHECK_EQ(Depth(Port), 3);
    for (ULONG_PTR i = 1; i <= 3; i++) {
        CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, NULL), STATUS_SUCCESS);
        CHECK_EQ((ULONG_PTR)Key, 0x100 + i);
        CHECK_EQ((ULONG_PTR)Ctx, 0x200 + i);
        CHECK_EQ(Iosb.Status, i == 2 ? STATUS_END_OF_FILE : STATUS_SUCCESS);
        CHECK_EQ(Iosb.Information, i * 10);
    }
    CHECK_EQ(Depth(Port), 0);

    /* Bad pointers: nothing is taken. */
    NtSetIoCompletion(Port, (PVOID)1, (PVOID)2, STATUS_SUCCESS, 3);
    CHECK_EQ(NtRemoveIoCompletion(Port, (PVOID *)NoAccess, &Ctx, &Iosb, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, NULL, &Iosb, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, (PIO_STATUS_BLOCK)NoAccess, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, (PLARGE_INTEGER)NoAccess),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Depth(Port), 1);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 1);

    /* Bad handles and handles of other types. */
    CHECK_EQ(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    CHECK_EQ(NtSetIoCompletion(NULL, NULL, NULL, STATUS_SUCCESS, 0), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetIoCompletion((HANDLE)(ULONG_PTR)0x7FF0, NULL, NULL, STATUS_SUCCESS, 0),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetIoCompletion(Event, NULL, NULL, STATUS_SUCCESS, 0), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtRemoveIoCompletion(Event, &Key, &Ctx, &Iosb, &Zero), STATUS_OBJECT_TYPE_MISMATCH);
    IO_COMPLETION_BASIC_INFORMATION Info;
    CHECK_EQ(NtQueryIoCompletion(Event, IoCompletionBasicInformation, &Info, sizeof Info, NULL),
             STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtQueryIoCompletion(Port, (IO_COMPLETION_INFORMATION_CLASS)1, &Info, sizeof Info, NULL),
             STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryIoCompletion(Port, IoCompletionBasicInformation, &Info, sizeof Info - 1, NULL),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryIoCompletion(Port, IoCompletionBasicInformation, NoAccess, sizeof Info, NULL),
             STATUS_ACCESS_VIOLATION);
    NtClose(Event);

    /* Access: a query-only handle cannot post or remove. */
    HANDLE QueryOnly;
    CHECK_EQ(NtCreateIoCompletion(&QueryOnly, IO_COMPLETION_QUERY_STATE, NULL, 1), STATUS_SUCCESS);
    CHECK_EQ(NtSetIoCompletion(QueryOnly, NULL, NULL, STATUS_SUCCESS, 0), STATUS_ACCESS_DENIED);
    CHECK_EQ(NtRemoveIoCompletion(QueryOnly, &Key, &Ctx, &Iosb, &Zero), STATUS_ACCESS_DENIED);
    CHECK_EQ(Depth(QueryOnly), 0);
    NtClose(QueryOnly);

    /* Packets still queued when the last handle goes are freed. */
    NtSetIoCompletion(Port, NULL, NULL, STATUS_SUCCESS, 0);
    NtSetIoCompletion(Port, NULL, NULL, STATUS_SUCCESS, 0);
    CHECK_EQ(NtClose(Port), STATUS_SUCCESS);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_INVALID_HANDLE);
    munmap(NoAccess, 4096);
}

static int ApcRuns;
static VOID NTAPI UserApc(PVOID Context, PVOID A1, PVOID A2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    ApcRuns++;
}

static void TestRemoveEx(void)
{
    HANDLE Port;
    FILE_IO_COMPLETION_INFORMATION Info[300];
    ULONG Removed = 77;
    PUCHAR NoAccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK_EQ(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL, 2), STATUS_SUCCESS);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 0, &Removed, &Zero, FALSE), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 4, &Removed, &Zero, FALSE), STATUS_TIMEOUT);
    CHECK_EQ(Removed, 0);
    for (ULONG_PTR i = 0; i < 5; i++)
        NtSetIoCompletion(Port, (PVOID)i, (PVOID)(i + 100), STATUS_SUCCESS, i);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, (PFILE_IO_COMPLETION_INFORMATION)NoAccess, 4, &Removed, NULL,
                                    FALSE),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 4, (PULONG)NoAccess, NULL, FALSE),
             STATUS_ACCESS_VIOLATION);
    /* The array must be writable in full. */
    CHECK_EQ(NtRemoveIoCompletionEx(Port, (PFILE_IO_COMPLETION_INFORMATION)(NoAccess - 64), 4,
                                    &Removed, NULL, FALSE),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Depth(Port), 5);
    /* Fewer than queued, then the rest. */
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 3, &Removed, NULL, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Removed, 3);
    for (ULONG i = 0; i < 3; i++) {
        CHECK_EQ((ULONG_PTR)Info[i].KeyContext, i);
        CHECK_EQ((ULONG_PTR)Info[i].ApcContext, i + 100);
        CHECK_EQ(Info[i].IoStatusBlock.Information, i);
    }
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 10, &Removed, NULL, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Removed, 2);
    CHECK_EQ((ULONG_PTR)Info[0].KeyContext, 3);
    CHECK_EQ((ULONG_PTR)Info[1].KeyContext, 4);
    /* Many at once, beyond one batch. */
    for (ULONG_PTR i = 0; i < 200; i++)
        NtSetIoCompletion(Port, (PVOID)i, NULL, STATUS_SUCCESS, 0);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 300, &Removed, &Zero, FALSE), STATUS_SUCCESS);
    CHECK_EQ(Removed, 200);
    CHECK_EQ((ULONG_PTR)Info[199].KeyContext, 199);
    CHECK_EQ(Depth(Port), 0);
    /* Alertable: a user APC queued to the thread ends the wait with
     * STATUS_USER_APC (and runs); without one, the timeout. */
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 1, &Removed, &Zero, TRUE), STATUS_TIMEOUT);
    ApcRuns = 0;
    CHECK(KiInsertUserApc(KeGetCurrentThread(), UserApc, NULL, NULL, NULL));
    Removed = 77;
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 1, &Removed, NULL, TRUE), STATUS_USER_APC);
    CHECK_EQ(Removed, 0);
    CHECK_EQ(ApcRuns, 1);
    /* Not alertable: the APC waits, the timeout ends the wait. */
    CHECK(KiInsertUserApc(KeGetCurrentThread(), UserApc, NULL, NULL, NULL));
    LARGE_INTEGER T20 = { .QuadPart = -20 * 10000 };
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 1, &Removed, &T20, FALSE), STATUS_TIMEOUT);
    CHECK_EQ(NtRemoveIoCompletionEx(Port, Info, 1, &Removed, NULL, TRUE), STATUS_USER_APC);
    CHECK_EQ(ApcRuns, 2);
    NtClose(Port);
    munmap(NoAccess, 4096);
}

static void TestFileCompletion(void)
{
    HANDLE Port, Other, File, Sync, Event;
    IO_STATUS_BLOCK Iosb, Io;
    PVOID Key, Ctx;
    LARGE_INTEGER Offset = { .QuadPart = 0 };
    CHAR Buf[16];

    CHECK_EQ(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL, 1), STATUS_SUCCESS);
    CHECK_EQ(NtCreateIoCompletion(&Other, IO_COMPLETION_ALL_ACCESS, NULL, 1), STATUS_SUCCESS);
    CHECK_EQ(OpenFile(L"\\??\\C:\\iocomp.txt", 0, &File), STATUS_SUCCESS);
    CHECK_EQ(OpenFile(L"\\??\\C:\\iocomp-sync.txt", FILE_SYNCHRONOUS_IO_NONALERT, &Sync),
             STATUS_SUCCESS);
    CHECK_EQ(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);

    FILE_COMPLETION_INFORMATION Fci = { .Port = Port, .Key = (PVOID)0xC0FFEE };
    FILE_COMPLETION_INFORMATION Bad = { .Port = Event, .Key = NULL };
    CHECK_EQ(NtSetInformationFile(File, &Iosb, &Fci, sizeof Fci - 1, FileCompletionInformation),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtSetInformationFile(File, &Iosb, &Bad, sizeof Bad, FileCompletionInformation),
             STATUS_OBJECT_TYPE_MISMATCH);
    Bad.Port = NULL;
    CHECK_EQ(NtSetInformationFile(File, &Iosb, &Bad, sizeof Bad, FileCompletionInformation),
             STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetInformationFile(Sync, &Iosb, &Fci, sizeof Fci, FileCompletionInformation),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtSetInformationFile(File, &Iosb, &Fci, sizeof Fci, FileCompletionInformation),
             STATUS_SUCCESS);
    /* A second association, to any port, is refused. */
    Fci.Port = Other;
    CHECK_EQ(NtSetInformationFile(File, &Iosb, &Fci, sizeof Fci, FileCompletionInformation),
             STATUS_INVALID_PARAMETER);

    /* An asynchronous write with an APC context: one packet, with the key. */
    NTSTATUS Status = NtWriteFile(File, NULL, NULL, (PVOID)0xABC, &Io, "hello", 5, &Offset, NULL);
    CHECK(Status == STATUS_SUCCESS || Status == STATUS_PENDING);
    LARGE_INTEGER Second = { .QuadPart = -1000 * 10000 };
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Second), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 0xC0FFEE);
    CHECK_EQ((ULONG_PTR)Ctx, 0xABC);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 5);
    /* Without an APC context: no packet. */
    Status = NtWriteFile(File, NULL, NULL, NULL, &Io, "x", 1, &Offset, NULL);
    CHECK(Status == STATUS_SUCCESS || Status == STATUS_PENDING);
    if (Status == STATUS_PENDING)
        NtWaitForSingleObject(File, FALSE, NULL);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_TIMEOUT);
    /* A request that fails at once (not pended) queues no packet: the
     * error is the service's return value, as on Windows. */
    LARGE_INTEGER Far = { .QuadPart = 1000 };
    CHECK_EQ(NtReadFile(File, NULL, NULL, (PVOID)0xDEF, &Io, Buf, sizeof Buf, NULL, NULL),
             STATUS_INVALID_PARAMETER); /* an asynchronous file has no position */
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_TIMEOUT);
    /* A read past the end runs asynchronously (hostfs pends every
     * transfer on an asynchronous file) and reports the end in its packet. */
    CHECK_EQ(NtReadFile(File, NULL, NULL, (PVOID)0xDEF, &Io, Buf, sizeof Buf, &Far, NULL),
             STATUS_PENDING);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Second), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Ctx, 0xDEF);
    CHECK_EQ(Iosb.Status, STATUS_END_OF_FILE);
    CHECK_EQ(Iosb.Information, 0);
    /* A successful read: the count and the buffer. */
    CHECK_EQ(NtReadFile(File, NULL, NULL, (PVOID)0xDEF, &Io, Buf, sizeof Buf, &Offset, NULL),
             STATUS_PENDING);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Second), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Ctx, 0xDEF);
    CHECK_EQ(Iosb.Information, 5);
    CHECK(memcmp(Buf, "xello", 5) == 0);
    /* The file keeps the port after its handle is closed: completions
     * still queue (and are freed with the port). */
    CHECK_EQ(NtClose(Port), STATUS_SUCCESS);
    Status = NtWriteFile(File, NULL, NULL, (PVOID)0x1, &Io, "y", 1, &Offset, NULL);
    CHECK(Status == STATUS_SUCCESS || Status == STATUS_PENDING);
    if (Status == STATUS_PENDING)
        NtWaitForSingleObject(File, FALSE, NULL);
    NtClose(File);
    NtClose(Sync);
    NtClose(Other);
    NtClose(Event);
}

/* ---- the per-thread handle cache ---- */

/* A second thread runs one step at a time on the handle value Shared,
 * keeping its cache between steps: main changes what the value stands for
 * in between. */
static HANDLE Shared;
static sem_t StepGo, StepDone;
static volatile int StepKind; /* 0 remove (poll), 1 post, 2 stop */
static volatile NTSTATUS StepStatus;

static void *CacheUser(void *Unused)
{
    (void)Unused;
    for (;;) {
        sem_wait(&StepGo);
        if (StepKind == 2)
            break;
        PVOID Key, Ctx;
        IO_STATUS_BLOCK Iosb;
        StepStatus = StepKind == 0 ? NtRemoveIoCompletion(Shared, &Key, &Ctx, &Iosb, &Zero)
                                   : NtSetIoCompletion(Shared, (PVOID)9, NULL, STATUS_SUCCESS, 3);
        sem_post(&StepDone);
    }
    return NULL;
}

static NTSTATUS Step(int Kind)
{
    StepKind = Kind;
    sem_post(&StepGo);
    sem_wait(&StepDone);
    return StepStatus;
}

static NTSTATUS CreateNamedPort(PHANDLE Port, ACCESS_MASK Access)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attr;
    RtlInitUnicodeString(&Name, L"\\NtioCacheTestPort");
    InitializeObjectAttributes(&Attr, &Name, OBJ_OPENIF, NULL, NULL);
    return NtCreateIoCompletion(Port, Access, &Attr, 0);
}

static void TestHandleCache(void)
{
    HANDLE Keep, Again, Event, Port2;
    PVOID Key, Ctx;
    IO_STATUS_BLOCK Iosb;
    pthread_t T;

    sem_init(&StepGo, 0, 0);
    sem_init(&StepDone, 0, 0);
    CHECK(NT_SUCCESS(CreateNamedPort(&Shared, IO_COMPLETION_ALL_ACCESS)));
    CHECK(NT_SUCCESS(CreateNamedPort(&Keep, IO_COMPLETION_ALL_ACCESS))); /* the same port */
    CHECK(pthread_create(&T, NULL, CacheUser, NULL) == 0);
    CHECK_EQ(Step(0), STATUS_TIMEOUT); /* the thread now has the port cached */
    CHECK_EQ(Step(1), STATUS_SUCCESS);
    CHECK_EQ(Depth(Keep), 1);

    /* Closed: the handle is gone for the other thread too. */
    HANDLE Value = Shared;
    CHECK_EQ(NtClose(Shared), STATUS_SUCCESS);
    CHECK_EQ(Step(1), STATUS_INVALID_HANDLE);
    CHECK_EQ(Step(0), STATUS_INVALID_HANDLE);

    /* The same value again, for the same port with query access only: the
     * object matches what the thread cached, the access does not. */
    CHECK(NT_SUCCESS(CreateNamedPort(&Again, IO_COMPLETION_QUERY_STATE)));
    CHECK(Again == Value);
    CHECK_EQ(Step(1), STATUS_ACCESS_DENIED);
    CHECK_EQ(Step(0), STATUS_ACCESS_DENIED);
    CHECK_EQ(Depth(Keep), 1);
    CHECK_EQ(NtClose(Again), STATUS_SUCCESS);

    /* The value now names an event: not a port. */
    CHECK_EQ(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
             STATUS_SUCCESS);
    CHECK(Event == Value);
    CHECK_EQ(Step(1), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtClose(Event), STATUS_SUCCESS);

    /* And then another port: packets go to it, not to the cached one. */
    CHECK_EQ(NtCreateIoCompletion(&Port2, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    CHECK(Port2 == Value);
    CHECK_EQ(Step(1), STATUS_SUCCESS);
    CHECK_EQ(Depth(Port2), 1);
    CHECK_EQ(Depth(Keep), 1);
    CHECK_EQ(NtRemoveIoCompletion(Port2, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 9);
    CHECK_EQ(NtRemoveIoCompletion(Keep, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 3);

    /* The thread ends with Port2 cached: its reference goes with it, so
     * the port is deleted when its last handle is closed. */
    PVOID Body;
    CHECK_EQ(ObReferenceObjectByHandle(Port2, 0, IopCompletionObjectType, KernelMode, &Body, NULL),
             STATUS_SUCCESS);
    LONG_PTR WithCache = OBJECT_TO_OBJECT_HEADER(Body)->PointerCount;
    StepKind = 2;
    sem_post(&StepGo);
    pthread_join(T, NULL);
    CHECK_EQ(OBJECT_TO_OBJECT_HEADER(Body)->PointerCount, WithCache - 1);
    ObfDereferenceObject(Body);
    NtClose(Port2);
    NtClose(Keep);
    sem_destroy(&StepGo);
    sem_destroy(&StepDone);
}

/* ---- NtSetIoCompletionEx and its reserve objects ---- */

static void TestReservePackets(void)
{
    HANDLE Port, Port2, Reserve, Reserve2;
    PVOID Key, Ctx;
    IO_STATUS_BLOCK Iosb;

    CHECK_EQ(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    CHECK_EQ(NtAllocateReserveObject(NULL, NULL, MemoryReserveIoCompletion),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtAllocateReserveObject(&Reserve, NULL, MemoryReserveTypeMax),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtAllocateReserveObject(&Reserve, NULL, MemoryReserveUserApc), STATUS_NOT_SUPPORTED);
    CHECK_EQ(NtAllocateReserveObject(&Reserve, NULL, MemoryReserveIoCompletion), STATUS_SUCCESS);

    /* One packet at a time: a second post while the first is queued fails. */
    CHECK_EQ(NtSetIoCompletionEx(Port, Reserve, (PVOID)1, (PVOID)2, STATUS_SUCCESS, 5),
             STATUS_SUCCESS);
    CHECK_EQ(NtSetIoCompletionEx(Port, Reserve, (PVOID)3, NULL, STATUS_SUCCESS, 6),
             STATUS_INVALID_PARAMETER_2);
    CHECK_EQ(Depth(Port), 1);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 1);
    CHECK_EQ((ULONG_PTR)Ctx, 2);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 5);
    /* Removed: the packet is the reserve's again. */
    CHECK_EQ(NtSetIoCompletionEx(Port, Reserve, (PVOID)3, NULL, STATUS_UNSUCCESSFUL, 6),
             STATUS_SUCCESS);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 3);
    CHECK_EQ(Iosb.Status, STATUS_UNSUCCESSFUL);

    /* Wrong handles. */
    CHECK_EQ(NtSetIoCompletionEx(Port, NULL, NULL, NULL, 0, 0), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetIoCompletionEx(Port, Port, NULL, NULL, 0, 0), STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtSetIoCompletionEx(Reserve, Reserve, NULL, NULL, 0, 0),
             STATUS_OBJECT_TYPE_MISMATCH);
    CHECK_EQ(NtSetIoCompletionEx(NULL, Reserve, NULL, NULL, 0, 0), STATUS_INVALID_HANDLE);
    CHECK_EQ(Depth(Port), 0);

    /* The queued packet keeps its reserve object after the handle closes. */
    CHECK_EQ(NtSetIoCompletionEx(Port, Reserve, (PVOID)7, NULL, STATUS_SUCCESS, 0),
             STATUS_SUCCESS);
    CHECK_EQ(NtClose(Reserve), STATUS_SUCCESS);
    CHECK_EQ(NtRemoveIoCompletion(Port, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 7);

    /* A port closed with the packet queued gives it back to its reserve. */
    CHECK_EQ(NtAllocateReserveObject(&Reserve2, NULL, MemoryReserveIoCompletion), STATUS_SUCCESS);
    CHECK_EQ(NtSetIoCompletionEx(Port, Reserve2, (PVOID)8, NULL, STATUS_SUCCESS, 0),
             STATUS_SUCCESS);
    CHECK_EQ(NtClose(Port), STATUS_SUCCESS);
    CHECK_EQ(NtCreateIoCompletion(&Port2, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    CHECK_EQ(NtSetIoCompletionEx(Port2, Reserve2, (PVOID)9, NULL, STATUS_SUCCESS, 0),
             STATUS_SUCCESS);
    CHECK_EQ(NtRemoveIoCompletion(Port2, &Key, &Ctx, &Iosb, &Zero), STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Key, 9);
    NtClose(Reserve2);
    NtClose(Port2);
}

int main(void)
{
    TestCreateAndPackets();
    TestRemoveEx();
    TestFileCompletion();
    TestHandleCache();
    TestReservePackets();
    return test_summary("test_iocomp");
}
