/*
 * hostfs/volume.c - the driver's entry: the volumes C: and Z:, their
 * drive letters, \SystemRoot, and the drive mapping in the other direction
 * (a Linux path to its NT name).
 */
#include "hostfs.h"
#include "ex/ex.h"
#include "rtl/nls.h"

#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

PDRIVER_OBJECT HostfsDriverObject;
FAST_MUTEX HostfsLock;

static PHOSTFS_VCB HostfsVolumes[2]; /* C:, Z: */

/* The root of a volume, set on first use: C: needs the prefix, which is
 * created (as a Wine prefix is) only when something reaches for it. */
const char *HostfsVolumeRoot(PHOSTFS_VCB Vcb)
{
    LONG State = __atomic_load_n(&Vcb->RootState, __ATOMIC_ACQUIRE);
    if (State == 2)
        return Vcb->Root;
    LONG Expected = 0;
    if (__atomic_compare_exchange_n(&Vcb->RootState, &Expected, 1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        char Path[HOSTFS_MAX_PATH];
        Vcb->Root[0] = 0;
        if (Vcb->Letter == L'C' && ExpPrefixPath(Path, sizeof Path, "drive_c") == 0) {
            /* The real path, so that a Linux path (getcwd, /proc/self/exe)
             * can be recognised as lying on C:. */
            char *Real = realpath(Path, NULL);
            snprintf(Vcb->Root, sizeof Vcb->Root, "%s", Real ? Real : Path);
            free(Real);
        }
        Vcb->RootLength = strlen(Vcb->Root);
        if (Vcb->RootLength == 1) /* a prefix at "/"?  Then C: is the root itself. */
            Vcb->Root[0] = 0, Vcb->RootLength = 0;
        __atomic_store_n(&Vcb->RootState, 2, __ATOMIC_RELEASE);
        return Vcb->Root;
    }
    while (__atomic_load_n(&Vcb->RootState, __ATOMIC_ACQUIRE) != 2)
        sched_yield();
    return Vcb->Root;
}

/* Resolve "." and ".." and repeated '/' of an absolute path, by name. */
static BOOLEAN HostfsNormalizeHostPath(const char *In, char *Out, SIZE_T Size)
{
    SIZE_T Len = 0;
    if (In[0] != '/')
        return FALSE;
    for (const char *p = In; *p;) {
        while (*p == '/')
            p++;
        const char *End = p;
        while (*End && *End != '/')
            End++;
        SIZE_T n = (SIZE_T)(End - p);
        if (n == 0)
            break;
        if (n == 1 && p[0] == '.') {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (Len > 0 && Out[Len - 1] != '/')
                Len--;
            if (Len > 0)
                Len--;
        } else {
            if (Len + 1 + n >= Size)
                return FALSE;
            Out[Len++] = '/';
            memcpy(&Out[Len], p, n);
            Len += n;
        }
        p = End;
    }
    Out[Len] = 0;
    return TRUE;
}

NTSTATUS HostfsHostPathToNtPath(const char *HostPath, PWCHAR Buffer, SIZE_T Chars, SIZE_T *Needed)
{
    char *Path = ExAllocatePoolWithTag(PagedPool, HOSTFS_MAX_PATH, HOSTFS_TAG);
    if (!Path)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!HostfsNormalizeHostPath(HostPath, Path, HOSTFS_MAX_PATH)) {
        ExFreePoolWithTag(Path, HOSTFS_TAG);
        return HostPath[0] == '/' ? STATUS_NAME_TOO_LONG : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    /* C: when the path lies in drive_c (by its real path or as the prefix
     * names it), Z: otherwise. */
    WCHAR Letter = L'Z';
    const char *Rel = Path;
    const char *CRoot = HostfsVolumeRoot(HostfsVolumes[0]);
    char Named[HOSTFS_MAX_PATH];
    const char *Roots[2] = { CRoot, NULL };
    if (ExpPrefixPath(Named, sizeof Named, "drive_c") == 0)
        Roots[1] = Named;
    for (int i = 0; i < 2; i++) {
        SIZE_T n = Roots[i] ? strlen(Roots[i]) : 0;
        if (n > 1 && strncmp(Path, Roots[i], n) == 0 && (Path[n] == '/' || Path[n] == 0)) {
            Letter = L'C';
            Rel = Path + n;
            break;
        }
    }
    WCHAR Head[] = { L'\\', L'?', L'?', L'\\', Letter, L':' };
    SIZE_T RelBytes = strlen(Rel);
    SIZE_T RelChars = RtlpUtf8ToUtf16(NULL, 0, Rel, RelBytes);
    SIZE_T Total = RTL_NUMBER_OF(Head) + (RelChars ? RelChars : 1) + 1;
    *Needed = Total;
    NTSTATUS Status = STATUS_SUCCESS;
    if (Total > Chars) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        memcpy(Buffer, Head, sizeof Head);
        SIZE_T Pos = RTL_NUMBER_OF(Head);
        if (RelChars) {
            RtlpUtf8ToUtf16(&Buffer[Pos], RelChars, Rel, RelBytes);
            for (SIZE_T i = 0; i < RelChars; i++)
                if (Buffer[Pos + i] == L'/')
                    Buffer[Pos + i] = L'\\';
            Pos += RelChars;
        } else {
            Buffer[Pos++] = L'\\';
        }
        Buffer[Pos] = 0;
    }
    ExFreePoolWithTag(Path, HOSTFS_TAG);
    return Status;
}

BOOLEAN HostfsIsHostFile(PFILE_OBJECT FileObject)
{
    return FileObject && FileObject->DeviceObject &&
           FileObject->DeviceObject->DriverObject == HostfsDriverObject && HostfsDriverObject &&
           FileObject->FsContext2 != NULL;
}

NTSTATUS HostfsQueryHostPath(PFILE_OBJECT FileObject, char *Buffer, SIZE_T Size)
{
    if (!HostfsIsHostFile(FileObject))
        return STATUS_OBJECT_TYPE_MISMATCH;
    PHOSTFS_FCB Fcb = FileObject->FsContext;
    PHOSTFS_VCB Vcb = FileObject->DeviceObject->DeviceExtension;
    NTSTATUS Status = STATUS_SUCCESS;
    ExAcquireFastMutex(&HostfsLock);
    const char *Path = Fcb ? Fcb->Path : HostfsVolumeRoot(Vcb);
    if (!*Path)
        Path = "/";
    SIZE_T n = strlen(Path);
    if (n + 1 > Size)
        Status = STATUS_BUFFER_TOO_SMALL;
    else
        memcpy(Buffer, Path, n + 1);
    ExReleaseFastMutex(&HostfsLock);
    return Status;
}

static NTSTATUS HostfsCreateVolume(PDRIVER_OBJECT Driver, WCHAR Letter, PHOSTFS_VCB *VcbOut)
{
    WCHAR DeviceBuffer[] = L"\\Device\\HostVolume?";
    WCHAR LinkBuffer[] = L"\\GLOBAL??\\?:";
    UNICODE_STRING DeviceName, LinkName;
    PDEVICE_OBJECT Device;
    DeviceBuffer[RTL_NUMBER_OF(DeviceBuffer) - 2] = Letter;
    LinkBuffer[RTL_NUMBER_OF(LinkBuffer) - 3] = Letter;
    RtlInitUnicodeString(&DeviceName, DeviceBuffer);
    RtlInitUnicodeString(&LinkName, LinkBuffer);
    NTSTATUS Status = IoCreateDevice(Driver, sizeof(HOSTFS_VCB), &DeviceName,
                                     FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    PHOSTFS_VCB Vcb = Device->DeviceExtension;
    RtlZeroMemory(Vcb, sizeof *Vcb);
    Vcb->Letter = Letter;
    Vcb->DeviceObject = Device;
    if (Letter == L'Z')
        Vcb->RootState = 2; /* Root "" is the Linux root */
    Status = IoCreateSymbolicLink(&LinkName, &DeviceName);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    *VcbOut = Vcb;
    return STATUS_SUCCESS;
}

NTSTATUS HostfsDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    ExInitializeFastMutex(&HostfsLock);
    HostfsDriverObject = DriverObject;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HostfsCreate;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = HostfsCleanup;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HostfsClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = HostfsRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = HostfsWrite;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = HostfsFlush;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = HostfsQueryInformation;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION] = HostfsSetInformation;

    NTSTATUS Status = HostfsCreateVolume(DriverObject, L'C', &HostfsVolumes[0]);
    if (NT_SUCCESS(Status))
        Status = HostfsCreateVolume(DriverObject, L'Z', &HostfsVolumes[1]);
    if (NT_SUCCESS(Status)) {
        UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\SystemRoot");
        UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\??\\C:\\windows");
        Status = IoCreateSymbolicLink(&Link, &Target);
    }
    return Status;
}
