/*
 * sys/hostpath.c - ntio's services for the drive mapping, which kernel32
 * needs where Wine's ntdll offers wine_nt_to_unix_file_name and
 * wine_unix_to_nt_file_name: the current directory (getcwd) and the
 * executable (/proc/self/exe) are Linux paths shown as C:\… or Z:\…, and
 * SetCurrentDirectory turns an opened directory back into a Linux path.
 */
#include "sys.h"
#include "io/builtin.h"
#include "ex/ex.h"
#include "../../drivers/hostfs/hostfs.h"

#define TAG_HOST_PATH TAG('I', 'o', 'H', 'p')

NTIO_EXPORT NTSTATUS NtioQueryHostPathFile(HANDLE FileHandle, PSTR Buffer, ULONG Length,
                                           PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PFILE_OBJECT File;
    SERVICE_ENTER();
    if (Mode == UserMode && (!SvcProbe(Buffer, Length, TRUE) ||
                             (ReturnLength && !SvcProbe(ReturnLength, sizeof(ULONG), TRUE))))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    NTSTATUS Status = ObReferenceObjectByHandle(FileHandle, 0, IopFileObjectType, Mode, (PVOID *)&File, NULL);
    if (!NT_SUCCESS(Status))
        return KiServiceExit(Status);
    char *Path = ExpAllocatePool(PagedPool, HOSTFS_MAX_PATH, TAG_HOST_PATH, NULL);
    if (!Path) {
        ObfDereferenceObject(File);
        return KiServiceExit(STATUS_INSUFFICIENT_RESOURCES);
    }
    Status = IopQueryHostPath(File, Path, HOSTFS_MAX_PATH);
    ObfDereferenceObject(File);
    if (NT_SUCCESS(Status)) {
        ULONG Needed = (ULONG)strlen(Path) + 1;
        if (Needed > Length)
            Status = STATUS_BUFFER_TOO_SMALL;
        else if (!SvcCopyOut(Mode, Buffer, Path, Needed))
            Status = STATUS_ACCESS_VIOLATION;
        if (ReturnLength && Status != STATUS_ACCESS_VIOLATION &&
            !SvcCopyOut(Mode, ReturnLength, &Needed, sizeof Needed))
            Status = STATUS_ACCESS_VIOLATION;
    }
    ExpFreePool(Path, 0, FALSE, NULL);
    return KiServiceExit(Status);
}

NTIO_EXPORT NTSTATUS NtioHostPathToNtPath(PCSTR HostPath, PWSTR Buffer, ULONG Length,
                                          PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    SERVICE_ENTER();
    if (Mode == UserMode && (!SvcProbe(Buffer, Length, TRUE) ||
                             (ReturnLength && !SvcProbe(ReturnLength, sizeof(ULONG), TRUE))))
        return KiServiceExit(STATUS_ACCESS_VIOLATION);
    if (!HostPath)
        return KiServiceExit(STATUS_INVALID_PARAMETER);
    char *Path = ExpAllocatePool(PagedPool, HOSTFS_MAX_PATH, TAG_HOST_PATH, NULL);
    PWCHAR Wide = ExpAllocatePool(PagedPool, (HOSTFS_MAX_PATH + 8) * sizeof(WCHAR), TAG_HOST_PATH, NULL);
    NTSTATUS Status = STATUS_SUCCESS;
    if (!Path || !Wide) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    /* Capture the caller's string a byte at a time up to its NUL (it may
     * end at the end of its mapping). */
    SIZE_T n = 0;
    for (;; n++) {
        if (n == HOSTFS_MAX_PATH) {
            Status = STATUS_NAME_TOO_LONG;
            goto out;
        }
        if (!SvcCopyIn(Mode, &Path[n], &HostPath[n], 1)) {
            Status = STATUS_ACCESS_VIOLATION;
            goto out;
        }
        if (!Path[n])
            break;
    }
    SIZE_T Needed = 0;
    Status = HostfsHostPathToNtPath(Path, Wide, HOSTFS_MAX_PATH + 8, &Needed);
    if (NT_SUCCESS(Status) || Status == STATUS_BUFFER_TOO_SMALL) {
        ULONG Bytes = (ULONG)(Needed * sizeof(WCHAR));
        if (NT_SUCCESS(Status) && Bytes > Length)
            Status = STATUS_BUFFER_TOO_SMALL;
        else if (NT_SUCCESS(Status) && !SvcCopyOut(Mode, Buffer, Wide, Bytes))
            Status = STATUS_ACCESS_VIOLATION;
        if (ReturnLength && Status != STATUS_ACCESS_VIOLATION &&
            !SvcCopyOut(Mode, ReturnLength, &Bytes, sizeof Bytes))
            Status = STATUS_ACCESS_VIOLATION;
    }
out:
    if (Path)
        ExpFreePool(Path, 0, FALSE, NULL);
    if (Wide)
        ExpFreePool(Wide, 0, FALSE, NULL);
    return KiServiceExit(Status);
}
